"""Wire copies: exact duplicates by normalised text, near duplicates by MinHash candidates + containment.

A truncated copy keeps containment (shared shingles over the smaller set) near 1.0 while its Jaccard
similarity falls to 0.14-0.53, so Jaccard only proposes candidates (from the whole text and from its lead,
which truncation keeps) and containment confirms them. Every copy is kept; groups are computed at read time
from the stored links, so an earlier copy ingested later simply becomes the group's earliest member.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from storyline import schema
from storyline.records import normalise_text

SHINGLE_WORDS = 5
NUM_PERM = 64
LEAD_WORDS = 25
MIN_CONTAINMENT = 0.8
MIN_SHINGLES = 8  # shorter texts (a headline, a one-line summary) are never called copies
SCHEME = "affine32"  # stored signatures must be read back with the scheme that made them
# Building a MinHash derives its permutations from the seed (about 1 ms); every signature shares one set.
PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME).permutations


def content_hash(text: str) -> str:
    """Hash of the normalised text: equal for exact duplicates whatever their spacing or case."""
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams of the normalised text."""
    words = normalise_text(text).split()
    return {" ".join(words[i:i + size]) for i in range(max(len(words) - size + 1, 0))}


def minhash_of(items: Iterable[str]) -> MinHash:
    """MinHash signature of a set of strings."""
    signature = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME, permutations=PERMUTATIONS)
    signature.update_batch([s.encode("utf-8") for s in items])
    return signature


def lead_text(text: str) -> str:
    """The first LEAD_WORDS words: what a truncated copy keeps."""
    return " ".join(text.split()[:LEAD_WORDS])


def containment(a: set[str], b: set[str]) -> float:
    """Shared shingles over the smaller set's size."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass(frozen=True)
class Fingerprint:
    """What wire-copy detection keeps of an article: its text hash and two MinHash signatures."""

    digest: str
    signature: np.ndarray       # MinHash of the whole text's shingles
    lead_signature: np.ndarray  # MinHash of the lead's shingles (what a truncated copy keeps)
    shingle_count: int

    def stored_values(self) -> list[int]:
        """Both signatures as one list, the form kept in the articles table."""
        return [int(v) for v in np.concatenate([self.signature, self.lead_signature])]


def fingerprint_text(text: str) -> Fingerprint:
    """The fingerprint of an article text (engine-free: runs on a worker next to the parser)."""
    own = shingles(text)
    return Fingerprint(content_hash(text), minhash_of(own).hashvalues,
                       minhash_of(shingles(lead_text(text))).hashvalues, len(own))


def fingerprint_from_stored(digest: str, values, word_count: int) -> Fingerprint | None:
    """A fingerprint rebuilt from a stored row (None for rows without signatures)."""
    values = np.asarray(values if values is not None else [], dtype=np.uint32)
    if len(values) != 2 * NUM_PERM:
        return None
    return Fingerprint(digest, values[:NUM_PERM], values[NUM_PERM:], max(word_count - SHINGLE_WORDS + 1, 0))


@dataclass
class WireIndex:
    """Candidate index over the articles seen so far (stored and new), kept for one ingest session."""

    full: MinHashLSH = field(default_factory=lambda: MinHashLSH(threshold=0.3, num_perm=NUM_PERM))
    lead: MinHashLSH = field(default_factory=lambda: MinHashLSH(threshold=0.5, num_perm=NUM_PERM))
    by_hash: dict[str, str] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)

    def add(self, article_id: str, fingerprint: Fingerprint) -> None:
        """Index one article."""
        if article_id in self.known:
            return
        self.known.add(article_id)
        self.by_hash.setdefault(fingerprint.digest, article_id)
        self.full.insert(article_id, minhash_from_values(fingerprint.signature))
        self.lead.insert(article_id, minhash_from_values(fingerprint.lead_signature))

    def candidates(self, fingerprint: Fingerprint) -> set[str]:
        """Ids whose whole text or lead is similar enough to be worth a containment check."""
        return (set(self.full.query(minhash_from_values(fingerprint.signature)))
                | set(self.lead.query(minhash_from_values(fingerprint.lead_signature))))


def minhash_from_values(values: np.ndarray) -> MinHash:
    """A MinHash rebuilt from stored hash values."""
    return MinHash(num_perm=NUM_PERM, seed=7, hashvalues=np.asarray(values, dtype=np.uint32), scheme=SCHEME,
                   permutations=PERMUTATIONS)


@dataclass(frozen=True)
class WireLink:
    """`article_id` is a copy of `copy_of`."""

    article_id: str
    copy_of: str
    kind: str
    containment: float


def find_copies(article_id: str, text: str, fingerprint: Fingerprint, index: WireIndex,
                text_of: Callable[[str], str]) -> list[WireLink]:
    """Links from a new article to the indexed articles it copies (or that copy it)."""
    if fingerprint.shingle_count < MIN_SHINGLES:
        return []
    exact = index.by_hash.get(fingerprint.digest)
    if exact and exact != article_id:
        return [WireLink(article_id, exact, "exact", 1.0)]
    others = sorted(index.candidates(fingerprint) - {article_id})
    own = shingles(text) if others else set()
    links = []
    for other in others:
        score = containment(own, shingles(text_of(other)))
        if score >= MIN_CONTAINMENT:
            links.append(WireLink(article_id, other, "near", round(score, 3)))
    return links


def assign_wire_groups(articles: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Articles with their wire group (id of the earliest member), whether they are it, and the group size."""
    articles = articles.copy()
    ids = pd.Index(articles[schema.ARTICLE_ID])
    left = ids.get_indexer(pd.Index(links.get("article_id", pd.Series(dtype=str))))
    right = ids.get_indexer(pd.Index(links.get("copy_of", pd.Series(dtype=str))))
    known = (left >= 0) & (right >= 0)  # links to removed articles are ignored
    graph = coo_matrix((np.ones(int(known.sum())), (left[known], right[known])), shape=(len(ids), len(ids)))
    _, component = connected_components(graph, directed=False)
    size = np.bincount(component)[component]
    ids = articles[schema.ARTICLE_ID].to_numpy(dtype=object)
    first = np.arange(len(articles))  # per article, the row of its group's earliest member
    copied = np.flatnonzero(size > 1)  # only the members of a group need ordering (most articles stand alone)
    if len(copied):
        order = copied[np.lexsort((ids[copied].astype(str),
                                   pd.to_datetime(articles["ingested_at"]).to_numpy(dtype="datetime64[ns]")[copied],
                                   _sortable_days(articles["published"])[copied], component[copied]))]
        leads = order[np.flatnonzero(np.diff(component[order], prepend=-1))]
        earliest_of = np.empty(component.max() + 1, dtype=np.int64)
        earliest_of[component[leads]] = leads
        first[copied] = earliest_of[component[copied]]
    articles[schema.WIRE_GROUP] = np.where(size > 1, ids[first], None)
    articles[schema.WIRE_EARLIEST] = first == np.arange(len(articles))
    articles[schema.WIRE_SIZE] = size.astype("int64")
    return articles


def _sortable_days(published: pd.Series) -> np.ndarray:
    """Publication days as datetime64, missing dates last."""
    days = pd.to_datetime(published).to_numpy(dtype="datetime64[ns]")
    return np.where(np.isnat(days), np.datetime64("2262-01-01"), days)
