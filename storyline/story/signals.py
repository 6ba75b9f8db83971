"""The evidence a membership decision weighs: shared wording, shared entities and distance in time.

Both similarities are cosines to a story centroid, as in the adaptive trackers of the TDT evaluations:
- wording: sublinear word counts (English stop words out) hashed into a fixed space, so an article can be
  scored alone, with no fitted vocabulary and no background corpus (a one-article story has none);
- entities: sublinear counts of the canonical names of the stored mentions.
Time is asymmetric: a story begins at its founding articles, so coverage well before them belongs to an
earlier story with the same actors, while follow-ups months later keep most of their weight.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from storyline import schema

TERM_FEATURES = 2 ** 18
# Named-entity labels that identify who and where; numbers, dates and quantities say nothing about a story.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART",
                           "PER", "MISC"})
WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"

_HASHER = HashingVectorizer(n_features=TERM_FEATURES, alternate_sign=False, norm=None, stop_words="english",
                            token_pattern=WORD_PATTERN, dtype=np.float32)


@dataclass(frozen=True)
class TimeRules:
    """How distance in time weighs: a short lead-up before the story starts, a slow fade after its articles."""

    lead_days: int = 14             # announcements and build-up just before the founding articles still count
    before_half_life: float = 7.0   # beyond the lead-up, weight halves every week: an earlier story
    after_half_life: float = 180.0  # after the start, weight fades slowly with the gap to the nearest article…
    after_floor: float = 0.7        # …but never below this: follow-ups a year later belong to the story


def term_vectors(texts: Sequence[str]) -> sparse.csr_matrix:
    """Sublinear, L2-normalised word counts of each text in the fixed hashed space."""
    if not len(texts):  # the hasher cannot transform nothing
        return sparse.csr_matrix((0, TERM_FEATURES), dtype=np.float32)
    counts = _HASHER.transform(list(texts)).tocsr()
    counts.data = 1.0 + np.log(counts.data)
    return normalize(counts)


def term_centroid(vectors: sparse.csr_matrix, weights: np.ndarray) -> np.ndarray:
    """The L2-normalised weighted mean of term vectors (a dense vector of TERM_FEATURES)."""
    total = np.asarray(vectors.T @ weights.astype(np.float32)).ravel()
    norm = float(np.linalg.norm(total))
    return total / norm if norm else total


def is_among(values: pd.Series, wanted: Iterable[str]) -> np.ndarray:
    """Which values (strings, None for missing) are in `wanted`, as a boolean array.

    Through pyarrow's set lookup: pandas' `isin` on Arrow strings builds a scalar per wanted string, which costs
    more than the lookup itself when thousands of story members are wanted."""
    found = pc.is_in(pa.array(values, type=pa.string(), from_pandas=True),
                     value_set=pa.array(list(wanted), type=pa.string()))
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def entity_key(canonical: str) -> str:
    """A canonical name folded for matching: case, a leading "the", hyphens and curly apostrophes ignored."""
    folded = unicodedata.normalize("NFKC", canonical).replace("’", "'").replace("-", " ").lower()
    folded = " ".join(folded.split())
    return folded[4:] if folded.startswith("the ") else folded


def entity_keys(canonicals: pd.Series) -> pd.Series:
    """entity_key of each canonical name (computed once per distinct name)."""
    codes, distinct = pd.factorize(canonicals.fillna(""))
    keys = np.array([entity_key(name) for name in distinct], dtype=object)
    return pd.Series(keys[codes] if len(codes) else [], index=canonicals.index, dtype=object)


def entity_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per article and entity key: how many named-entity mentions."""
    named = mentions[mentions["label"].isin(ENTITY_LABELS) & mentions["canonical"].notna()]
    keyed = pd.DataFrame({schema.ARTICLE_ID: named[schema.ARTICLE_ID].to_numpy(),
                          "key": entity_keys(named["canonical"]).to_numpy()})
    counts = keyed[keyed["key"] != ""].groupby([schema.ARTICLE_ID, "key"], sort=False).size()
    return counts.rename("count").reset_index()


def entity_weights(counts: pd.DataFrame) -> pd.DataFrame:
    """Per article and entity key: sublinear count, L2-normalised within the article (counts are summed first)."""
    weights = counts.groupby([schema.ARTICLE_ID, "key"], sort=False)["count"].sum().rename("weight").reset_index()
    weights["weight"] = 1.0 + np.log(weights["weight"].astype(float))
    norms = np.sqrt((weights["weight"] ** 2).groupby(weights[schema.ARTICLE_ID]).transform("sum"))
    weights["weight"] = weights["weight"] / norms
    return weights


def entity_centroid(weights: pd.DataFrame, article_weight: Mapping[str, float]) -> pd.Series:
    """Entity key -> weight of the L2-normalised weighted mean of the given articles' entity vectors."""
    rows = weights[is_among(weights[schema.ARTICLE_ID], article_weight)]
    scaled = rows["weight"] * rows[schema.ARTICLE_ID].map(article_weight).astype(float)
    total = scaled.groupby(rows["key"]).sum()
    norm = float(np.sqrt((total ** 2).sum()))
    return (total / norm if norm else total).sort_values(ascending=False)


def entity_similarity(weights: pd.DataFrame, centroid: pd.Series) -> pd.Series:
    """Article id -> cosine of its entity vector with the centroid (articles without entities are absent)."""
    shared = weights["weight"] * weights["key"].map(centroid).fillna(0.0)
    return shared.groupby(weights[schema.ARTICLE_ID]).sum()


def shared_entities(weights: pd.DataFrame, centroid: pd.Series, names: Mapping[str, str] | None = None) -> pd.Series:
    """Article id -> the story's entities it mentions, most central to the story first (as `names` names them,
    a key it lacks as itself)."""
    shared = weights[is_among(weights["key"], centroid.index)]
    ranked = shared.assign(rank=shared["key"].map(centroid)).sort_values("rank", ascending=False, kind="stable")
    # Lists split off one sorted array rather than a Python call per article (the groups of a 10k-article store).
    codes, articles = pd.factorize(ranked[schema.ARTICLE_ID])
    order = np.argsort(codes, kind="stable")  # by article, the ranking kept within each
    key_codes, distinct = pd.factorize(ranked["key"])
    shown = np.array([(names or {}).get(key, key) for key in distinct], dtype=object)
    keys = shown[key_codes][order] if len(key_codes) else np.array([], dtype=object)
    starts = np.flatnonzero(np.diff(codes[order])) + 1
    lists = [part.tolist() for part in np.split(keys, starts)] if len(keys) else []
    return pd.Series(lists, index=pd.Index(articles, name=schema.ARTICLE_ID), dtype=object)


def names_in_text(texts: pd.Series, surfaces: Mapping[str, str]) -> pd.DataFrame:
    """Counts of the story's names found by lookup in texts (indexed by article id), as `entity_counts` gives.

    `surfaces` maps a surface form to its entity key. Case-sensitive whole words, so "Kim Jong Un" is found
    in a French or Spanish text no extractor parsed, and in a title-case headline the model mislabels.
    """
    columns = [schema.ARTICLE_ID, "key", "count"]
    if texts.empty or not surfaces:
        return pd.DataFrame(columns=columns)
    ordered = sorted(surfaces, key=len, reverse=True)  # longest first: "Kim Jong Un" before "Kim"
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in ordered) + r")(?!\w)")
    ids, values = texts.index.to_numpy(dtype=object), texts.to_numpy(dtype=object)  # plain str: no Arrow per row
    rows = [(aid, surfaces[m.group(0)], 1) for aid, text in zip(ids, values)
            for m in pattern.finditer(text if isinstance(text, str) else "")]
    return pd.DataFrame(rows, columns=columns)


def day_numbers(days: pd.Series) -> np.ndarray:
    """Dates as day numbers since 1970 (float, NaN when missing)."""
    stamps = pd.to_datetime(days, errors="coerce")
    numbers = (stamps - pd.Timestamp("1970-01-01")).dt.days
    return numbers.to_numpy(dtype=float, na_value=np.nan)


def time_evidence(published: pd.Series, start: date | None, member_days: np.ndarray, rules: TimeRules,
                  is_member: np.ndarray | None = None) -> pd.DataFrame:
    """Per article: days before the story's start, signed offset and gap to the nearest other story article,
    and the time factor. A member is not its own nearest article (`is_member` marks the members)."""
    days = day_numbers(published)
    members = np.sort(member_days[~np.isnan(member_days)])
    own = np.zeros(len(days), int) if is_member is None else np.asarray(is_member, int)
    result = pd.DataFrame({"offset_days": nearest_offset(days, members, own)}, index=published.index)
    start_day = day_numbers(pd.Series([start])).item() if start else np.nan
    result["days_before_start"] = start_day - days
    result["gap_days"] = result["offset_days"].abs()
    before = result["days_before_start"] - rules.lead_days
    fading = rules.after_floor + (1 - rules.after_floor) * 0.5 ** (result["gap_days"] / rules.after_half_life)
    factor = np.where(before > 0, 0.5 ** (before / rules.before_half_life), fading)
    result["time_factor"] = np.where(np.isnan(days) | np.isnan(factor), 1.0, factor)
    return result


def nearest_offset(days: np.ndarray, members: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Signed days from each day to the nearest member day, not counting `own` (1 for a member itself)."""
    if len(members) == 0:
        return np.full(len(days), np.nan)
    lower = np.searchsorted(members, days, side="left")
    upper = np.searchsorted(members, days, side="right")
    same_day = (upper - lower) - own > 0
    padded = np.concatenate([[-np.inf], members, [np.inf]])
    before = days - padded[lower]          # to the latest member strictly earlier
    after = padded[upper + 1] - days       # to the earliest member strictly later
    offset = np.where(before <= after, before, -after)
    offset = np.where(same_day, 0.0, offset)
    return np.where(np.isnan(days) | np.isinf(offset), np.nan, offset)
