"""Parsing at scale: one engine-free batch function, run in-process, on a local process pool, or on Dask.

`parse_batch` takes a DataFrame of articles and returns the stored tables for them (without wire links, which
need the whole store and are found by the single committer). Each worker loads the spaCy model once (the model
loader is cached per process). Pool and Dask workers write their batch as Parquet files into a staging folder
and return its path; the committer in the ingest process reads the batch and publishes it to the store.
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import multiprocessing
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from storyline import schema
from storyline.ingest.dedup import fingerprint_text
from storyline.nlp.aliases import alias_path, load_alias_table
from storyline.nlp.parse import parse_articles
from storyline.records import Article
from storyline.rows import build_tables
from storyline.store import utc_now

ARTICLE_FIELDS = [f.name for f in dataclasses.fields(Article)]


def articles_frame(articles: Iterable[Article]) -> pd.DataFrame:
    """Articles as a DataFrame (one column per Article field)."""
    return pd.DataFrame([dataclasses.asdict(a) for a in articles], columns=ARTICLE_FIELDS)


def frame_articles(frame: pd.DataFrame) -> list[Article]:
    """Articles back from a DataFrame made by `articles_frame`."""
    articles = []
    for row in frame.to_dict("records"):
        values = {k: (None if _missing(v) else v) for k, v in row.items() if k in ARTICLE_FIELDS}
        values["paragraphs"] = tuple(values.get("paragraphs") or ())
        if isinstance(values.get("published"), pd.Timestamp):
            values["published"] = values["published"].date()
        articles.append(Article(**values))
    return articles


def _missing(value: object) -> bool:
    """True for None and pandas' scalar missing markers (never for lists)."""
    return value is None or (isinstance(value, float) and value != value) or value is pd.NaT


def parse_batch(frame: pd.DataFrame, alias_file: str | None = None) -> dict[str, pa.Table]:
    """Engine-free: articles in, stored-schema tables out (model loaded once per worker process)."""
    articles = frame_articles(frame)
    aliases = load_alias_table(Path(alias_file)) if alias_file else load_alias_table()
    parsed = list(parse_articles(articles, aliases=aliases))
    fingerprints = [fingerprint_text(a.text) for a in articles]
    return build_tables(parsed, fingerprints, [], utc_now())


def stage_batch(frame: pd.DataFrame, staging: str, alias_file: str | None = None) -> str:
    """Worker side: parse a batch and write its tables as Parquet into a new staging folder; returns it."""
    tables = parse_batch(frame, alias_file)
    folder = Path(staging) / f"batch-{uuid.uuid4().hex}"
    tmp = folder.with_name("." + folder.name)
    tmp.mkdir(parents=True)
    for name, table in tables.items():
        pq.write_table(table, tmp / f"{name}.parquet")
    tmp.rename(folder)
    return str(folder)


def read_staged(folder: str) -> dict[str, pa.Table]:
    """Committer side: the tables of a staged batch (the folder is removed once read)."""
    path = Path(folder)
    tables = {name: pq.read_table(path / f"{name}.parquet").cast(schema.SCHEMAS[name]) for name in schema.SCHEMAS}
    shutil.rmtree(path, ignore_errors=True)
    return tables


class BatchRunner(Protocol):
    """Something that parses batches: submit returns a future whose result is the batch's tables."""

    def submit(self, frame: pd.DataFrame) -> concurrent.futures.Future: ...

    def close(self) -> None: ...


class InlineRunner:
    """Parse in the ingest process itself (the default)."""

    def __init__(self, alias_file: str | None = None) -> None:
        self.alias_file = alias_file

    def submit(self, frame: pd.DataFrame) -> concurrent.futures.Future:
        """Parse now; return a finished future."""
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_result(parse_batch(frame, self.alias_file))
        return future

    def close(self) -> None:
        """Nothing to release."""


class _StagedFuture(concurrent.futures.Future):
    """A future that turns a worker's staging folder into tables when its result is asked for."""

    def __init__(self, inner) -> None:
        super().__init__()
        self.inner = inner

    def result(self, timeout: float | None = None) -> dict[str, pa.Table]:
        """The staged batch's tables."""
        return read_staged(self.inner.result(timeout))


class PoolRunner:
    """Parse on a local pool of N worker processes."""

    def __init__(self, workers: int, staging: Path, alias_file: str | None = None) -> None:
        self.staging, self.alias_file = staging, alias_file
        self.pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers,
                                                           mp_context=multiprocessing.get_context("spawn"))

    def submit(self, frame: pd.DataFrame) -> concurrent.futures.Future:
        """Send a batch to the pool."""
        return _StagedFuture(self.pool.submit(stage_batch, frame, str(self.staging), self.alias_file))

    def close(self) -> None:
        """Stop the workers."""
        self.pool.shutdown(cancel_futures=True)


class DaskRunner:
    """Parse on a Dask cluster: a scheduler address, or "local" for a local cluster of two workers."""

    def __init__(self, address: str, staging: Path, alias_file: str | None = None, local_workers: int = 2) -> None:
        from distributed import Client, LocalCluster
        self.staging, self.alias_file = staging, alias_file
        self.cluster = None
        if address == "local":
            self.cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, host="127.0.0.1")
            self.client = Client(self.cluster)
        else:
            self.client = Client(address)

    def submit(self, frame: pd.DataFrame) -> concurrent.futures.Future:
        """Send a batch to the cluster (workers must see the staging folder: a shared path)."""
        return _StagedFuture(self.client.submit(stage_batch, frame, str(self.staging), self.alias_file, pure=False))

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this runner started it."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_runner(*, workers: int = 1, dask: str | None = None, staging: Path | None = None) -> BatchRunner:
    """The runner for the CLI's --workers / --dask options."""
    alias_file = str(alias_path())
    if dask:
        return DaskRunner(dask, staging or Path("staging"), alias_file)
    if workers > 1:
        return PoolRunner(workers, staging or Path("staging"), alias_file)
    return InlineRunner(alias_file)
