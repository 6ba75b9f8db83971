"""Ingest: read inputs, skip what is already stored, parse the rest once, find wire copies, commit in batches."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from storyline import schema
from storyline.errors import InputError
from storyline.ingest.dedup import NUM_PERM, WireIndex, content_hash, find_copies, minhash_from_values
from storyline.ingest.sources import expand_paths, read_inputs
from storyline.nlp.aliases import AliasTable, load_alias_table
from storyline.nlp.parse import parse_articles
from storyline.records import Article, IngestOptions, ParsedArticle
from storyline.rows import build_tables
from storyline.store import Store, utc_now

COMMIT_EVERY = 50  # articles per commit: what a kill -9 can lose at most is one uncommitted batch
METADATA_FIELDS = ("url", "outlet", "title", "author", "published", "published_source", "language", "note")

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


def fingerprint(article: Article) -> tuple:
    """What decides whether a stored article must be updated: its text and its metadata."""
    return (content_hash(article.text), *(getattr(article, f) for f in METADATA_FIELDS))


def stored_fingerprint(row: dict) -> tuple:
    """The fingerprint of a stored articles row (dates come back from Arrow as datetime.date)."""
    return (row["content_hash"], *(None if _missing(row[f]) else row[f] for f in METADATA_FIELDS))


def _missing(value) -> bool:
    """True for None and pandas' missing markers."""
    return value is None or value != value  # NaN/NaT compare unequal to themselves


class Ingestor:
    """Ingest into one store; keeps the wire-copy index for the session."""

    def __init__(self, store: Store, *, aliases: AliasTable | None = None, n_process: int = 1,
                 commit_every: int = COMMIT_EVERY) -> None:
        self.store = store
        self.aliases = aliases if aliases is not None else load_alias_table()
        self.n_process = n_process
        self.commit_every = commit_every
        self._index: WireIndex | None = None
        self._session_texts: dict[str, str] = {}
        self._stored: dict[str, tuple] = {}

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
        batch: list[Article] = []
        seen = 0
        for item in items:
            seen += 1
            if isinstance(item, InputError):
                report.failed.append(item)
            elif self._classify(item, batch, report):
                batch.append(item)
            if len(batch) >= self.commit_every:
                self._commit(batch, report)
                batch = []
            if on_progress:
                on_progress(seen, total)
        if batch:
            self._commit(batch, report)
        return report

    def _load_stored(self) -> None:
        """Fingerprints of what is stored, to tell new, updated and duplicate articles apart."""
        columns = ["article_id", "content_hash", *METADATA_FIELDS]
        stored = self.store.read_table(schema.ARTICLES, columns)
        self._stored = {row["article_id"]: stored_fingerprint(row) for row in stored.to_dict("records")}

    def _classify(self, article: Article, batch: list[Article], report: IngestReport) -> bool:
        """Count the article as a duplicate (False) or keep it for parsing (True)."""
        known = self._stored.get(article.article_id)
        in_batch = any(a.article_id == article.article_id for a in batch)
        if in_batch or (known is not None and known == fingerprint(article)):
            report.duplicates += 1
            return False
        return True

    def _wire_index(self) -> WireIndex:
        """The candidate index, built from the store on first use."""
        if self._index is None:
            self._index = WireIndex()
            stored = self.store.read_table(schema.ARTICLES, ["article_id", "content_hash", "minhash"])
            for aid, digest, values in zip(stored["article_id"], stored["content_hash"], stored["minhash"]):
                values = np.asarray(values, dtype=np.uint32)
                if len(values) == 2 * NUM_PERM:
                    self._index.add(aid, digest, values[:NUM_PERM], minhash_from_values(values[NUM_PERM:]))
        return self._index

    def _text_of(self, article_id: str) -> str:
        """Text of an article seen in this session or stored."""
        if article_id not in self._session_texts:
            row = self.store.read_table(schema.ARTICLES, ["text"], "article_id = ?", [article_id])
            self._session_texts[article_id] = row["text"].iloc[0] if len(row) else ""
        return self._session_texts[article_id]

    def _commit(self, batch: list[Article], report: IngestReport) -> None:
        """Parse a batch, link its wire copies and publish it."""
        parsed: list[ParsedArticle] = list(parse_articles(batch, aliases=self.aliases, n_process=self.n_process))
        index = self._wire_index()
        signatures, digests, links = [], [], []
        for item in parsed:
            article = item.article
            found, signature, lead = find_copies(article.article_id, article.text, index, self._text_of)
            links += found
            digest = content_hash(article.text)
            index.add(article.article_id, digest, signature, lead)
            self._session_texts[article.article_id] = article.text
            signatures.append(np.concatenate([signature, lead.hashvalues]))
            digests.append(digest)
        tables = build_tables(parsed, signatures, digests, links, utc_now())
        self.store.commit(tables)
        for item in parsed:
            aid = item.article.article_id
            if aid in self._stored:
                report.updated += 1
            else:
                report.added += 1
            self._stored[aid] = fingerprint(item.article)
            report.article_ids.append(aid)
