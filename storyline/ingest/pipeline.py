"""Ingest: read inputs, skip what is already stored, parse the rest once, find wire copies, commit in batches."""
from __future__ import annotations

import concurrent.futures
import dataclasses
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyarrow as pa

from storyline import schema
from storyline.errors import InputError
from storyline.ingest.dedup import WireIndex, content_hash, find_copies, fingerprint_from_stored
from storyline.ingest.sources import expand_paths, read_inputs
from storyline.records import Article, IngestOptions
from storyline.scale import ARTICLE_FIELDS, BatchRunner, InlineRunner, articles_frame, frame_articles
from storyline.store import Store, utc_now
from storyline.story.prepared import prepare_digest
from storyline.story.tracking import StoryTracker

COMMIT_EVERY = 50  # articles per commit: what a kill -9 can lose at most is one uncommitted batch
MAX_IN_FLIGHT = 4  # parsed batches waiting for the committer: bounds memory when workers outpace it
METADATA_FIELDS = ("url", "outlet", "title", "author", "published", "published_source", "language", "note")
# Article fields as stored columns (paragraphs are stored as their start offsets, rebuilt on read).
ARTICLE_COLUMNS = [f for f in ARTICLE_FIELDS if f != "paragraphs"]

ProgressCallback = Callable[[int, int | None], None]


@dataclass
class IngestReport:
    """What one ingest did."""

    added: int = 0
    updated: int = 0
    duplicates: int = 0
    failed: list[InputError] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    def summary_line(self) -> str:
        """The one line the CLI prints."""
        return (f"added {self.added}, updated {self.updated}, duplicates {self.duplicates}, "
                f"failed {len(self.failed)}")


def identity_key(article: Article) -> tuple:
    """What decides whether a stored article must be updated: its text and its metadata."""
    return (content_hash(article.text), *(getattr(article, f) for f in METADATA_FIELDS))


def stored_identity_key(row: dict) -> tuple:
    """The fingerprint of a stored articles row (dates come back from Arrow as datetime.date)."""
    return (row["content_hash"], *(None if _missing(row[f]) else row[f] for f in METADATA_FIELDS))


def _missing(value) -> bool:
    """True for None and pandas' missing markers."""
    return value is None or value != value  # NaN/NaT compare unequal to themselves


class Ingestor:
    """Ingest into one store; keeps the wire-copy index for the session. The runner parses, this commits."""

    def __init__(self, store: Store, *, runner: BatchRunner | None = None,
                 commit_every: int = COMMIT_EVERY) -> None:
        self.store = store
        self.runner = runner or InlineRunner()
        self.commit_every = commit_every
        self._index: WireIndex | None = None
        self._session_texts: dict[str, str] = {}
        self._stored: dict[str, tuple] = {}
        self._queued: set[str] = set()
        self._story = StoryTracker(store)

    def ingest(self, inputs: list[str], options: IngestOptions | None = None,
               on_progress: ProgressCallback | None = None) -> IngestReport:
        """Ingest files, folders, URLs and feeds."""
        expanded = list(expand_paths(inputs))
        return self.ingest_articles(read_inputs(expanded, options), total=len(expanded), on_progress=on_progress)

    def ingest_articles(self, items: Iterable[Article | InputError], total: int | None = None,
                        on_progress: ProgressCallback | None = None) -> IngestReport:
        """Ingest already-read articles (errors among them are reported, not raised)."""
        report = IngestReport()
        self._load_stored()
        in_flight: deque[concurrent.futures.Future] = deque()
        batch: list[Article] = []
        seen = 0
        for item in items:
            seen += 1
            if isinstance(item, InputError):
                report.failed.append(item)
            elif self._classify(item, report):
                batch.append(item)
            if len(batch) >= self.commit_every:
                in_flight.append(self.runner.submit(articles_frame(batch)))
                batch = []
            while in_flight and (in_flight[0].done() or len(in_flight) > MAX_IN_FLIGHT):
                self._publish(in_flight.popleft().result(), report)
            if on_progress:
                on_progress(seen, total)
        if batch:
            in_flight.append(self.runner.submit(articles_frame(batch)))
        while in_flight:
            self._publish(in_flight.popleft().result(), report)
        if report.added or report.updated:  # the Overview's first visitor reads it (storyline.story.prepared)
            prepare_digest(self.store)
        return report

    def close(self) -> None:
        """Release the runner's workers."""
        self.runner.close()

    def _load_stored(self) -> None:
        """Fingerprints of what is stored, to tell new, updated and duplicate articles apart."""
        columns = ["article_id", "content_hash", *METADATA_FIELDS]
        stored = self.store.read_table(schema.ARTICLES, columns)
        self._stored = {row["article_id"]: stored_identity_key(row) for row in stored.to_dict("records")}

    def _classify(self, article: Article, report: IngestReport) -> bool:
        """Count the article as a duplicate (False) or keep it for parsing (True)."""
        known = self._stored.get(article.article_id)
        if article.article_id in self._queued or (known is not None and known == identity_key(article)):
            report.duplicates += 1
            return False
        self._queued.add(article.article_id)
        return True

    def _wire_index(self) -> WireIndex:
        """The candidate index, built from the store on first use."""
        if self._index is None:
            self._index = WireIndex()
            stored = self.store.read_table(schema.ARTICLES, ["article_id", "content_hash", "minhash", "word_count"])
            for row in stored.itertuples(index=False):
                found = fingerprint_from_stored(row.content_hash, row.minhash, int(row.word_count))
                if found is not None:
                    self._index.add(row.article_id, found)
        return self._index

    def _text_of(self, article_id: str) -> str:
        """Text of an article seen in this session or stored."""
        if article_id not in self._session_texts:
            row = self.store.read_table(schema.ARTICLES, ["text"], "article_id = ?", [article_id])
            self._session_texts[article_id] = row["text"].iloc[0] if len(row) else ""
        return self._session_texts[article_id]

    def _link_copies(self, articles: pa.Table) -> pa.Table:
        """Wire links of a parsed batch against everything seen so far (the batch included)."""
        index = self._wire_index()
        links = []
        for row in articles.select(["article_id", "text", "content_hash", "minhash", "word_count"]).to_pylist():
            found = fingerprint_from_stored(row["content_hash"], row["minhash"], row["word_count"])
            if found is None:
                continue
            links += find_copies(row["article_id"], row["text"], found, index, self._text_of)
            index.add(row["article_id"], found)
            self._session_texts[row["article_id"]] = row["text"]
        return pa.Table.from_pylist([dataclasses.asdict(l) for l in links], schema=schema.WIRE_LINKS_SCHEMA)

    def _publish(self, tables: dict[str, pa.Table], report: IngestReport) -> None:
        """Commit a parsed batch with its wire links; count what it added and updated."""
        articles = tables[schema.ARTICLES]
        committed_at = pa.array([utc_now()] * articles.num_rows, schema.ARTICLES_SCHEMA.field("ingested_at").type)
        articles = articles.set_column(articles.schema.get_field_index("ingested_at"), "ingested_at", committed_at)
        articles = self._story.judge(articles, tables[schema.MENTIONS])  # relevance to the story, from stored columns
        tables = {**tables, schema.ARTICLES: articles, schema.WIRE_LINKS: self._link_copies(articles)}
        self.store.commit(tables)
        for article in frame_articles(articles.select(ARTICLE_COLUMNS).to_pandas()):
            if article.article_id in self._stored:
                report.updated += 1
            else:
                report.added += 1
            self._stored[article.article_id] = identity_key(article)
            report.article_ids.append(article.article_id)
