"""The embedded store: immutable Parquet segments published by an atomically replaced manifest.

Layout of a store folder:
    manifest.json              the committed state: which segments are live (replaced with os.replace)
    segments/<id>/<table>.parquet
    writer.lock                one writer at a time (fcntl); readers never lock

A writer writes a new segment into a temporary folder, renames it into place, then publishes a manifest
naming it. A reader reads the manifest, then the files it names, through an in-process DuckDB. Nothing a
reader can see is ever half-written, and a writer killed at any point leaves the last manifest intact.
Updates and removals rewrite the few segments that hold the affected articles; retired segments are kept
for a grace period so a reader holding the previous manifest can finish.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from storyline import schema
from storyline.errors import StoreError

DEFAULT_STORE = Path(__file__).resolve().parents[1] / "data" / "store"
MANIFEST = "manifest.json"
RETIRED_GRACE_SECONDS = 300.0
COMPACT_ABOVE_SEGMENTS = 24
SMALL_SEGMENT_ROWS = 5_000


def store_path(path: str | os.PathLike | None = None) -> Path:
    """Store location: the given path, else $STORYLINE_STORE, else data/store."""
    return Path(path or os.environ.get("STORYLINE_STORE") or DEFAULT_STORE)


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Manifest:
    """The committed state of the store."""

    version: int
    segments: tuple[str, ...]
    committed_at: str | None
    retired: tuple[tuple[str, float], ...] = ()

    def to_json(self) -> str:
        """The manifest as JSON text."""
        return json.dumps({"format": 1, "version": self.version, "segments": list(self.segments),
                           "committed_at": self.committed_at,
                           "retired": [list(r) for r in self.retired]}, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse manifest JSON text."""
        data = json.loads(text)
        return cls(int(data["version"]), tuple(data["segments"]), data.get("committed_at"),
                   tuple((r[0], float(r[1])) for r in data.get("retired", [])))


EMPTY_MANIFEST = Manifest(0, (), None)


@dataclass(frozen=True)
class CommitResult:
    """What a commit did: ids added, updated (metadata or text changed), and left as they were."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    version: int = 0


class Store:
    """Read and write one store folder."""

    def __init__(self, root: str | os.PathLike | None = None) -> None:
        self.root = store_path(root)
        self._local = threading.local()

    # ----- paths and manifest -------------------------------------------------------------------------
    @property
    def segments_dir(self) -> Path:
        """Folder that holds the segment folders."""
        return self.root / "segments"

    def segment_file(self, segment: str, table: str) -> Path:
        """Path of one table's Parquet file inside a segment."""
        return self.segments_dir / segment / f"{table}.parquet"

    def manifest(self) -> Manifest:
        """The last committed manifest (an empty one for a new store)."""
        try:
            return Manifest.from_json((self.root / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return EMPTY_MANIFEST
        except (ValueError, KeyError) as exc:
            raise StoreError(f"{self.root / MANIFEST}: unreadable manifest ({exc})") from exc

    def version(self) -> int:
        """Version number of the committed state; changes on every commit (a cache key for readers)."""
        return self.manifest().version

    def is_empty(self) -> bool:
        """True when no article is stored."""
        return not self.manifest().segments

    # ----- reading ------------------------------------------------------------------------------------
    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB cursor for this thread (a new connection costs ~40 ms, a cursor well under 1 ms)."""
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = duckdb.connect()
        return con.cursor()

    def _files(self, manifest: Manifest, table: str) -> list[str]:
        """Parquet files of `table` in the manifest's segments."""
        return [str(self.segment_file(s, table)) for s in manifest.segments
                if self.segment_file(s, table).exists()]

    def read_arrow(self, table: str, columns: list[str] | None = None, where: str | None = None,
                   params: list | None = None) -> pa.Table:
        """Rows of one stored table as Arrow, optionally filtered by a SQL condition."""
        if table not in schema.SCHEMAS:
            raise StoreError(f"unknown table {table!r}; tables are {', '.join(schema.SCHEMAS)}")
        cols = columns or schema.SCHEMAS[table].names
        for attempt in range(3):
            files = self._files(self.manifest(), table)
            if not files:
                return schema.SCHEMAS[table].empty_table().select(cols)
            sql = f"SELECT {', '.join(_quote(c) for c in cols)} FROM read_parquet(?, union_by_name=true)"
            if where:
                sql += f" WHERE {where}"
            try:
                return self._cursor().sql(sql, params=[files, *(params or [])]).to_arrow_table()
            except duckdb.IOException:
                # A compaction retired a segment between reading the manifest and the files: read again.
                if attempt == 2:
                    raise
                time.sleep(0.05)
        raise StoreError("unreachable")

    def read_table(self, table: str, columns: list[str] | None = None, where: str | None = None,
                   params: list | None = None) -> pd.DataFrame:
        """Rows of one stored table as a pandas DataFrame (through Arrow), each column in one piece: DuckDB hands
        over batches, and a take across a hundred of them is twice as slow as across one."""
        return self.read_arrow(table, columns, where, params).combine_chunks().to_pandas()

    def read_encoded(self, table: str, columns: list[str] | None = None,
                     dictionary: Collection[str] = ()) -> pa.Table:
        """Every row of one stored table read by pyarrow straight from the segment files, the `dictionary` columns
        as Arrow dictionaries: each distinct string is decoded once and rows hold integer codes, several times
        faster than DuckDB's string per row for repetitive columns (1.6M entity names in 50 ms instead of 300 ms).
        A column a segment predates reads as nulls."""
        if table not in schema.SCHEMAS:
            raise StoreError(f"unknown table {table!r}; tables are {', '.join(schema.SCHEMAS)}")
        stored = schema.SCHEMAS[table]
        wanted = pa.schema([pa.field(c, pa.dictionary(pa.int32(), stored.field(c).type) if c in dictionary
                                     else stored.field(c).type) for c in columns or stored.names])
        read_options = ds.ParquetReadOptions(dictionary_columns=set(dictionary))
        for attempt in range(3):
            files = self._files(self.manifest(), table)
            if not files:
                return wanted.empty_table()
            try:
                segments = ds.dataset(files, schema=wanted, format=ds.ParquetFileFormat(read_options=read_options))
                return segments.to_table().unify_dictionaries()
            except FileNotFoundError:
                # A compaction retired a segment between reading the manifest and the files: read again.
                if attempt == 2:
                    raise
                time.sleep(0.05)
        raise StoreError("unreachable")

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run SQL over the stored tables, each available as a view of its name."""
        manifest = self.manifest()
        cursor = self._cursor()
        for table, table_schema in schema.SCHEMAS.items():
            files = self._files(manifest, table)
            if files:
                listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
                cursor.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS "
                               f"SELECT * FROM read_parquet([{listing}], union_by_name=true)")
            else:
                cursor.register(f"{table}", table_schema.empty_table())
        return cursor.sql(sql, params=params or None).df()

    def read_articles(self, include_text: bool = False) -> pd.DataFrame:
        """Stored articles (without their text unless asked), with their wire-copy group."""
        hidden = set() if include_text else {"text", "minhash", "paragraph_starts"}
        cols = [c for c in schema.ARTICLES_SCHEMA.names if c not in hidden]
        articles = self.read_table(schema.ARTICLES, cols)
        links = self.read_table(schema.WIRE_LINKS)
        from storyline.ingest.dedup import assign_wire_groups  # engine-internal, avoids an import cycle
        return assign_wire_groups(articles, links)

    def read_article(self, article_id: str) -> dict | None:
        """One stored article with its text, or None."""
        rows = self.read_table(schema.ARTICLES, where="article_id = ?", params=[article_id])
        return None if rows.empty else rows.iloc[0].to_dict()

    def read_mentions(self) -> pd.DataFrame:
        """Entity mentions of every stored article."""
        return self.read_table(schema.MENTIONS)

    def read_quotes(self) -> pd.DataFrame:
        """Quotes of every stored article."""
        return self.read_table(schema.QUOTES)

    def read_dates(self) -> pd.DataFrame:
        """Dated expressions of every stored article."""
        return self.read_table(schema.DATES)

    def read_sentences(self) -> pd.DataFrame:
        """Sentence spans of every stored article."""
        return self.read_table(schema.SENTENCES)

    # ----- writing ------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self) -> Iterator[None]:
        """Hold the single-writer lock for the duration of a write (re-entrant within a thread)."""
        if getattr(self._local, "lock_depth", 0):
            self._local.lock_depth += 1
            try:
                yield
            finally:
                self._local.lock_depth -= 1
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "writer.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            self._local.lock_depth = 1
            try:
                yield
            finally:
                self._local.lock_depth = 0
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _write_segment(self, tables: dict[str, pa.Table]) -> str:
        """Write tables into a new segment folder, renamed into place only when complete."""
        self.segments_dir.mkdir(parents=True, exist_ok=True)
        segment = f"{int(time.time() * 1000):013d}-{uuid.uuid4().hex[:8]}"
        tmp = self.segments_dir / f".tmp-{segment}"
        tmp.mkdir()
        for name, table in tables.items():
            pq.write_table(table.cast(schema.SCHEMAS[name]), tmp / f"{name}.parquet", compression="zstd")
        _fsync_dir_files(tmp)
        os.rename(tmp, self.segments_dir / segment)
        return segment

    def _publish(self, old: Manifest, segments: list[str], retired: list[str]) -> Manifest:
        """Atomically replace the manifest with one naming `segments`."""
        now = time.time()
        kept = [r for r in old.retired if now - r[1] < RETIRED_GRACE_SECONDS]
        new = Manifest(old.version + 1, tuple(segments), utc_now().isoformat(timespec="seconds"),
                       tuple(kept + [(s, now) for s in retired]))
        tmp = self.root / f".{MANIFEST}.{uuid.uuid4().hex[:8]}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(new.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.root / MANIFEST)
        self._collect_garbage(new)
        return new

    def _collect_garbage(self, manifest: Manifest) -> None:
        """Delete retired segments past their grace period and leftovers of killed writers."""
        live = set(manifest.segments) | {r[0] for r in manifest.retired}
        for path in self.segments_dir.iterdir() if self.segments_dir.exists() else ():
            if path.name not in live:
                shutil.rmtree(path, ignore_errors=True)
        for path in self.root.glob(f".{MANIFEST}.*.tmp"):
            path.unlink(missing_ok=True)

    def _segment_ids(self, manifest: Manifest) -> dict[str, set[str]]:
        """Article ids held by each live segment."""
        held: dict[str, set[str]] = {}
        for segment in manifest.segments:
            ids = pq.read_table(self.segment_file(segment, schema.ARTICLES), columns=["article_id"])
            held[segment] = set(ids.column(0).to_pylist())
        return held

    def _without(self, segment: str, article_ids: set[str]) -> str | None:
        """Rewrite a segment without some articles; None when nothing would be left."""
        tables = {}
        for name in schema.SCHEMAS:
            path = self.segment_file(segment, name)
            table = pq.read_table(path) if path.exists() else schema.SCHEMAS[name].empty_table()
            keep = pa.compute.invert(pa.compute.is_in(table.column("article_id"),
                                                      value_set=pa.array(sorted(article_ids), pa.string())))
            tables[name] = table.filter(keep)
        if tables[schema.ARTICLES].num_rows == 0:
            return None
        return self._write_segment(tables)

    def commit(self, tables: dict[str, pa.Table]) -> Manifest:
        """Publish new rows; articles already stored under the same id are replaced by them."""
        incoming = set(tables[schema.ARTICLES].column("article_id").to_pylist())
        with self.writer():
            old = self.manifest()
            segments, retired = self._replace_articles(old, incoming)
            if tables[schema.ARTICLES].num_rows:
                segments.append(self._write_segment(
                    {n: tables.get(n, schema.SCHEMAS[n].empty_table()) for n in schema.SCHEMAS}))
            manifest = self._publish(old, segments, retired)
            if len(manifest.segments) > COMPACT_ABOVE_SEGMENTS:
                manifest = self._compact(manifest)
            return manifest

    def _replace_articles(self, old: Manifest, article_ids: set[str]) -> tuple[list[str], list[str]]:
        """Live segments after taking `article_ids` out of them, and the segments that retires."""
        if not article_ids:
            return list(old.segments), []
        segments, retired = [], []
        for segment, held in self._segment_ids(old).items():
            if held & article_ids:
                retired.append(segment)
                rewritten = self._without(segment, held & article_ids)
                if rewritten:
                    segments.append(rewritten)
            else:
                segments.append(segment)
        return segments, retired

    def remove(self, article_ids: set[str]) -> int:
        """Remove articles (and everything parsed from them); returns how many were stored."""
        with self.writer():
            old = self.manifest()
            present = set().union(*self._segment_ids(old).values()) & set(article_ids) if old.segments else set()
            if not present:
                return 0
            segments, retired = self._replace_articles(old, present)
            self._publish(old, segments, retired)
            return len(present)

    def remove_outlet(self, outlet: str) -> int:
        """Remove every article of one outlet; returns how many there were."""
        ids = self.read_table(schema.ARTICLES, ["article_id"], "outlet = ?", [outlet])["article_id"]
        return self.remove(set(ids))

    def rewrite(self, make_transform: Callable[[], Callable[[str, pa.Table], pa.Table]]) -> Manifest:
        """Pass every segment's tables through a transform built under the writer lock (so it sees a fixed store)."""
        with self.writer():
            old = self.manifest()
            transform = make_transform()
            segments = []
            for segment in old.segments:
                tables = {}
                for name in schema.SCHEMAS:
                    path = self.segment_file(segment, name)
                    table = pq.read_table(path) if path.exists() else schema.SCHEMAS[name].empty_table()
                    tables[name] = transform(name, table.cast(schema.SCHEMAS[name]))
                segments.append(self._write_segment(tables))
            return self._publish(old, segments, list(old.segments))

    def compact(self) -> Manifest:
        """Merge small segments into one (fewer files make reads faster)."""
        with self.writer():
            return self._compact(self.manifest())

    def _compact(self, manifest: Manifest) -> Manifest:
        """Merge the segments that hold fewer than SMALL_SEGMENT_ROWS articles (writer lock held)."""
        small = [s for s in manifest.segments
                 if pq.ParquetFile(self.segment_file(s, schema.ARTICLES)).metadata.num_rows < SMALL_SEGMENT_ROWS]
        if len(small) < 2:
            return manifest
        merged = {name: pa.concat_tables([pq.read_table(self.segment_file(s, name)).cast(schema.SCHEMAS[name])
                                          for s in small]) for name in schema.SCHEMAS}
        segment = self._write_segment(merged)
        kept = [s for s in manifest.segments if s not in small]
        return self._publish(manifest, kept + [segment], small)


def _quote(identifier: str) -> str:
    """A SQL identifier in double quotes."""
    return '"' + identifier.replace('"', '""') + '"'


def _fsync_dir_files(folder: Path) -> None:
    """Flush every file of a folder to disk, so a rename never publishes unwritten data."""
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
