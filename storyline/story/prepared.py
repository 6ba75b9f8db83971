"""The Overview's digest of the last ingest, prepared when the ingest ends and kept beside the segments.

The first visitor after an ingest asks for what the ingest brought (the digest since the last ingest). Computing it
needs the whole story's quote lineage: 1.5 s at 50,000 articles, every time a dashboard process starts on a new
store version. An ingest already runs for minutes, so it computes the digest once as its last step and writes it
under `prepared/`, keyed by the store version it describes; the dashboard reads it back in tens of milliseconds.
A digest kept for another version, moment or FORMAT is never read (the dashboard computes it as before).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from dataclasses import fields
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from storyline import schema
from storyline.analysis.filters import ON_STORY, Story
from storyline.analysis.queries import read_story
from storyline.store import Store
from storyline.story.changes import ChangeDigest, compute_changes, last_ingest_start
from storyline.story.lineage import side_lineage

FOLDER = "prepared"
FORMAT = 1  # bump when a digest's content or columns change: digests written in another format are ignored
FRAMES = tuple(f.name for f in fields(ChangeDigest) if f.name != "since")
ARTICLE_ID_COLUMNS = (schema.ARTICLE_ID, "first_article_id")  # coded with the story's article ids when read
KEPT_NAME = re.compile(r"digest-v(?P<version>\d+)-f\d+")
STALE_TMP_SECONDS = 3600  # a temporary folder this old belongs to a writer that was killed


def digest_folder(store: Store, version: int) -> Path:
    """Where the digest of one store version is kept."""
    return store.root / FOLDER / f"digest-v{version}-f{FORMAT}"


def prepare_digest(store: Store) -> ChangeDigest | None:
    """Compute the digest since the last ingest for the store as it stands and keep it (None: nothing stored)."""
    version = store.version()
    story = read_story(store)
    since = last_ingest_start(story.articles["ingested_at"])
    if since is None:
        return None
    digest = compute_changes(story.articles, story.mentions, story.quotes, story.dates, since,
                             side_lineage(story, ON_STORY))
    save_digest(store, version, digest)
    return digest


def save_digest(store: Store, version: int, digest: ChangeDigest) -> None:
    """Keep a digest for a version, as a help, never a duty: a store that cannot be written to goes without."""
    try:
        write_digest(store, version, digest)
    except OSError:
        pass


def write_digest(store: Store, version: int, digest: ChangeDigest) -> None:
    """Write a digest for a version: into a temporary folder renamed into place, older versions' digests removed."""
    folder = digest_folder(store, version)
    if folder.exists():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / f".tmp-{folder.name}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    dtypes = {}
    for name in FRAMES:
        frame = getattr(digest, name)
        dtypes[name] = {column: str(dtype) for column, dtype in frame.dtypes.items()}
        pq.write_table(pa.Table.from_pandas(plain_columns(frame), preserve_index=False), tmp / f"{name}.parquet")
    (tmp / "digest.json").write_text(json.dumps({"since": digest.since.isoformat(), "dtypes": dtypes}),
                                     encoding="utf-8")
    try:
        os.rename(tmp, folder)
    except OSError:  # another process kept the same digest first
        shutil.rmtree(tmp, ignore_errors=True)
    remove_outdated(folder.parent, version)


def remove_outdated(parent: Path, version: int) -> None:
    """Remove digests of older versions (a newer one another process kept stays) and what killed writers left."""
    for other in parent.iterdir():
        kept = KEPT_NAME.fullmatch(other.name)
        stale_tmp = other.name.startswith(".tmp-") and time.time() - other.stat().st_mtime > STALE_TMP_SECONDS
        if (kept and int(kept["version"]) < version) or stale_tmp:
            shutil.rmtree(other, ignore_errors=True)


def read_digest(store: Store, version: int, since: datetime, story: Story) -> ChangeDigest | None:
    """The digest kept for a version if it starts at `since`, its ids coded like `story`'s; None otherwise."""
    folder = digest_folder(store, version)
    categories = {column: story.articles[schema.ARTICLE_ID].dtype for column in ARTICLE_ID_COLUMNS}
    categories["canonical"] = story.mentions["canonical"].dtype
    try:
        meta = json.loads((folder / "digest.json").read_text(encoding="utf-8"))
        if pd.Timestamp(meta["since"]) != pd.Timestamp(since):
            return None
        restored = {name: restore_columns(pq.read_table(folder / f"{name}.parquet"), meta["dtypes"][name],
                                          categories) for name in FRAMES}
    except (OSError, ValueError, KeyError, TypeError):  # damaged or partly removed: computed again instead
        return None
    return ChangeDigest(since=since, **restored)


def plain_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as text: their categories (every stored article id) would be written with each file."""
    return frame.assign(**{column: frame[column].astype("str") for column in frame.columns
                           if isinstance(frame[column].dtype, pd.CategoricalDtype)})


def restore_columns(table: pa.Table, dtypes: dict[str, str], categories: dict[str, pd.CategoricalDtype]
                    ) -> pd.DataFrame:
    """A table read back as the frame it was written from: categoricals of the story's categories, lists as
    lists, times at their unit (Arrow builds the lists: a tenth of pandas' time)."""
    restored = {}
    for column, dtype in dtypes.items():
        values = table.column(column)
        if dtype == "category" and column in categories:
            # The story's categories keep their hash table: each look-up only probes it (no table built per call).
            codes = categories[column].categories.get_indexer(values.to_pandas())
            restored[column] = pd.Categorical.from_codes(codes, dtype=categories[column])
        elif pa.types.is_list(values.type):
            restored[column] = pd.Series(values.to_pylist(), dtype=object)
        else:
            restored[column] = values.to_pandas().astype(dtype)
    return pd.DataFrame(restored)
