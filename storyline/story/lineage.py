"""Quote lineage: the same words as carried by several outlets, each quoting them slightly differently.

Two quotes are the same words when, once normalised (case, punctuation, accents folded), most of the shorter
one's distinct words are in the longer one (`MIN_CONTAINMENT`): a word changed, or the quote trimmed. Short
quotes ("great victory") carry too little evidence for that: they group only with the same normalised words
from the same speaker. A quote of fewer than `MIN_CONTAINED_TOKENS` distinct words found inside a longer one
must also keep its word order there (`MIN_CONTAINMENT` of its word pairs), since a few common words ("we will
always be in Russia") turn up scattered in many long statements; a trimmed copy keeps its pairs. To stay fast
at hundreds of thousands of quotes, candidate pairs come from blocking: each quote is compared only with the
quotes that hold at least two of its rarest words. A quote less than half as long as another is a fragment of
it: it joins its best container, and never bridges two groups.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from storyline import schema

MIN_TOKENS = 4          # quotes shorter than this (in distinct words) group only when equal, by the same speaker
MIN_CONTAINMENT = 0.8   # share of the shorter quote's distinct words found in the longer one
MIN_CONTAINED_TOKENS = 8  # a shorter quote under this (distinct words) needs its word pairs in a longer one too
FRAGMENT_RATIO = 0.5    # a quote under this share of another's length is a fragment of it
BLOCK_TOKENS = 4        # rarest words of a quote that select its candidates
MAX_BLOCK_SHARE = 200   # words in more distinct quotes than this are too common to select candidates

ARTICLE_INFO = [schema.ARTICLE_ID, "outlet", "published", "ingested_at", "title", "url"]


@dataclass(frozen=True)
class QuoteLineage:
    """Quote groups (one row per group) and their appearances (one row per quote, with its article)."""

    groups: pd.DataFrame
    appearances: pd.DataFrame


# ----- grouping ---------------------------------------------------------------------------------------------

def normalise_quotes(texts: pd.Series) -> pd.Series:
    """Quotes folded for comparison (NFKC, lower case, words only), vectorised through Arrow. Each distinct text
    is folded once (wire copies repeat quotes word for word): the regex is most of the cost."""
    values = pa.array(texts.fillna(""), pa.string())
    encoded = pc.dictionary_encode(values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values)
    folded = pc.utf8_lower(pc.utf8_normalize(encoded.dictionary, "NFKC"))
    words = pc.utf8_trim_whitespace(pc.replace_substring_regex(folded, pattern=r"[^\p{L}\p{N}]+", replacement=" "))
    return pd.Series(np.asarray(words.to_pylist(), dtype=object)[encoded.indices.to_numpy()], index=texts.index,
                     dtype=object)


def token_incidence(keys: np.ndarray) -> sparse.csr_matrix:
    """Binary matrix: distinct normalised quote × distinct word."""
    split = pc.split_pattern(pa.array(keys, pa.string()), " ")
    tokens, rows = pc.list_flatten(split), pc.list_parent_indices(split).to_numpy()
    present = pc.not_equal(tokens, "").to_numpy(zero_copy_only=False)
    codes = pc.dictionary_encode(tokens.filter(pa.array(present))).indices.to_numpy()
    matrix = sparse.csr_matrix((np.ones(len(codes), np.float32), (rows[present], codes)),
                               shape=(len(keys), int(codes.max()) + 1 if len(codes) else 0))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def blocking_keys(incidence: sparse.csr_matrix, eligible: np.ndarray) -> sparse.csr_matrix:
    """Per eligible quote, its BLOCK_TOKENS rarest words among those shared by 2..MAX_BLOCK_SHARE quotes."""
    share = np.asarray(incidence.sum(axis=0)).ravel().astype(np.int64)
    coo = incidence.tocoo()
    keep = eligible[coo.row] & (share[coo.col] >= 2) & (share[coo.col] <= MAX_BLOCK_SHARE)
    row, col = coo.row[keep].astype(np.int64), coo.col[keep].astype(np.int64)
    # One sort on (row, share, word) packed into an integer: rarest words first within each quote.
    order = np.argsort((row * (MAX_BLOCK_SHARE + 1) + share[col]) * incidence.shape[1] + col, kind="stable")
    row, col = row[order], col[order]
    starts = np.searchsorted(row, row, side="left")
    rank = np.arange(len(row)) - starts
    take = rank < BLOCK_TOKENS
    return sparse.csr_matrix((np.ones(take.sum(), np.float32), (row[take], col[take])), shape=incidence.shape)


def candidate_pairs(incidence: sparse.csr_matrix, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (shorter, longer) of distinct quotes sharing two of the shorter's rarest words (one if it has one)."""
    keys = blocking_keys(incidence, lengths >= MIN_TOKENS)
    hits = (keys @ incidence.T).tocsr()
    needed = np.minimum(2, np.asarray(keys.sum(axis=1)).ravel()).astype(np.float32)
    # Drop weak hits inside the sparse matrix first: most of its entries share a single word.
    hits.data[hits.data < np.repeat(needed, np.diff(hits.indptr))] = 0
    hits.eliminate_zeros()
    hits = hits.tocoo()
    shorter, longer = hits.row, hits.col
    keep = ((shorter != longer) & (lengths[longer] >= MIN_TOKENS)
            & ((lengths[shorter] < lengths[longer]) | ((lengths[shorter] == lengths[longer]) & (shorter < longer))))
    return shorter[keep], longer[keep]


def containment(incidence: sparse.csr_matrix, shorter: np.ndarray, longer: np.ndarray,
                lengths: np.ndarray) -> np.ndarray:
    """Share of each shorter quote's distinct words found in its longer partner."""
    if len(shorter) == 0:
        return np.zeros(0)
    shared = np.asarray(incidence[shorter].multiply(incidence[longer]).sum(axis=1)).ravel()
    return shared / lengths[shorter]


def word_pairs(words: str) -> set[tuple[str, str]]:
    """The adjacent word pairs of a normalised quote."""
    tokens = words.split()
    return set(zip(tokens, tokens[1:]))


def pair_containment(keys: np.ndarray, shorter: np.ndarray, longer: np.ndarray) -> np.ndarray:
    """Share of each shorter quote's adjacent word pairs found in its longer partner (word order kept)."""
    pairs = {i: word_pairs(keys[i]) for i in np.unique(np.concatenate([shorter, longer]))}
    return np.array([len(pairs[a] & pairs[b]) / max(len(pairs[a]), 1) for a, b in zip(shorter, longer)], dtype=float)


def link_distinct_quotes(incidence: sparse.csr_matrix, keys: np.ndarray) -> np.ndarray:
    """A component number per row of a quote × word matrix (`keys`: the normalised quotes, row for row): equal for
    the same words."""
    lengths = np.asarray(incidence.sum(axis=1)).ravel()
    shorter, longer = candidate_pairs(incidence, lengths)
    share = containment(incidence, shorter, longer, lengths)
    match = share >= MIN_CONTAINMENT
    # Only a short quote inside a longer one needs its word order checked: equal lengths are a word changed.
    ordered = match & (lengths[shorter] < MIN_CONTAINED_TOKENS) & (lengths[longer] > lengths[shorter])
    if ordered.any():
        match[ordered] = pair_containment(keys, shorter[ordered], longer[ordered]) >= MIN_CONTAINMENT
    shorter, longer, share = shorter[match], longer[match], share[match]
    mutual = lengths[shorter] >= FRAGMENT_RATIO * lengths[longer]
    n = incidence.shape[0]
    _, parts = connected_components(sparse.coo_matrix((np.ones(mutual.sum()), (shorter[mutual], longer[mutual])),
                                                      shape=(n, n)), directed=False)
    parent = best_containers(parts[shorter[~mutual]], parts[longer[~mutual]], share[~mutual],
                             lengths[longer[~mutual]])
    linked = sparse.coo_matrix((np.ones(len(parent)), (parent.index.to_numpy(), parent.to_numpy())),
                               shape=(parts.max() + 1, parts.max() + 1))
    _, merged = connected_components(linked, directed=False)
    return merged[parts]


def best_containers(fragment: np.ndarray, container: np.ndarray, share: np.ndarray,
                    container_length: np.ndarray) -> pd.Series:
    """Fragment component -> the one container component it joins (highest containment, then longest)."""
    edges = pd.DataFrame({"fragment": fragment, "container": container, "share": share, "length": container_length})
    edges = edges[edges["fragment"] != edges["container"]]
    best = edges.sort_values(["fragment", "share", "length"], ascending=[True, False, False], kind="stable")
    best = best.drop_duplicates("fragment")
    return pd.Series(best["container"].to_numpy(), index=best["fragment"].to_numpy())


def assign_lineage_groups(quotes: pd.DataFrame, words: pd.Series | None = None) -> pd.Series:
    """A group number per quote row (aligned with `quotes.index`): equal for the same words.

    `words` are the quotes already normalised by `normalise_quotes`, when the caller has them."""
    codes, distinct = pd.factorize(normalise_quotes(quotes["text"]) if words is None else words)
    if len(distinct) == 0:
        return pd.Series(np.zeros(len(quotes), dtype="int64"), index=quotes.index)
    incidence = token_incidence(np.asarray(distinct, dtype=object))
    is_long = np.asarray(incidence.sum(axis=1)).ravel() >= MIN_TOKENS
    component = np.full(len(distinct), -1)
    if is_long.any():
        component[is_long] = link_distinct_quotes(incidence[is_long], np.asarray(distinct, dtype=object)[is_long])
    # Short quotes carry too little evidence: only the same words from the same speaker group.
    speakers = quotes["speaker"].fillna("").str.lower().to_numpy()
    short_key = pd.DataFrame({"words": codes, "speaker": speakers}).groupby(["words", "speaker"], sort=False).ngroup()
    row_component = np.where(is_long[codes], component[codes], component.max() + 1 + short_key.to_numpy())
    group, _ = pd.factorize(row_component)
    return pd.Series(group, index=quotes.index)


# ----- lineage tables -----------------------------------------------------------------------------------------

def compute_quote_lineage(quotes: pd.DataFrame, articles: pd.DataFrame) -> QuoteLineage:
    """Every quote with its group and article, and one row per group: words, speakers, conduits, outlets."""
    info = articles[[c for c in ARTICLE_INFO if c in articles]]
    rows = quotes.merge(info, on=schema.ARTICLE_ID, how="inner")
    rows["wording"] = normalise_quotes(rows["text"])
    rows["group"] = assign_lineage_groups(rows, rows["wording"])
    rows = rows.iloc[earliest_first(rows)].reset_index(drop=True)
    rows["variant"] = number_variants(rows["group"].to_numpy(), rows["wording"])
    rows["first"] = ~rows.duplicated("group")
    return QuoteLineage(groups=summarise_groups(rows), appearances=rows.drop(columns="wording"))


def number_variants(groups: np.ndarray, wording: pd.Series) -> np.ndarray:
    """Per row (sorted by group, earliest first): 1 for the group's first wording, 2 for the next new one…"""
    codes = pd.factorize(wording)[0].astype(np.int64)
    key = groups.astype(np.int64) * (codes.max() + 1 if len(codes) else 1) + codes
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    is_new = np.zeros(len(key), np.int64)
    is_new[first] = 1
    running = np.cumsum(is_new)
    group_start = np.searchsorted(groups, groups, side="left")
    numbered = running - np.concatenate([[0], running])[group_start]
    return numbered[first][inverse]


def earliest_first(rows: pd.DataFrame) -> np.ndarray:
    """Row order by group, then publication day (undated last), ingest time, article and position."""
    published = pd.to_datetime(rows["published"], errors="coerce")
    day = np.where(published.isna(), np.iinfo(np.int64).max, published.to_numpy("datetime64[ns]").astype(np.int64))
    ingested = pd.to_datetime(rows["ingested_at"], errors="coerce", utc=True) if "ingested_at" in rows \
        else pd.Series(pd.NaT, index=rows.index)
    ingest = np.where(ingested.isna(), np.iinfo(np.int64).max, ingested.to_numpy("datetime64[ns]").astype(np.int64))
    article = pd.factorize(rows[schema.ARTICLE_ID], sort=True)[0]
    return np.lexsort((rows["quote_index"].to_numpy(), article, ingest, day, rows["group"].to_numpy()))


def lists_by_group(groups: np.ndarray, values: np.ndarray) -> list[list]:
    """Values split into one list per run of equal `groups` (sorted)."""
    bounds = np.concatenate([[0], np.flatnonzero(np.diff(groups)) + 1, [len(groups)]])
    items = values.tolist()
    return [items[start:end] for start, end in zip(bounds[:-1], bounds[1:])]


def ranked_values(rows: pd.DataFrame, column: str, groups: int) -> list[list]:
    """Per group, the distinct non-missing values of a column, most frequent first (ties: earliest)."""
    present = rows[rows[column].notna()]
    counts = present.groupby(["group", column], sort=False).size().rename("n").reset_index()
    counts = counts.sort_values(["group", "n"], ascending=[True, False], kind="stable")
    found = dict(zip(np.unique(counts["group"]), lists_by_group(counts["group"].to_numpy(),
                                                                counts[column].to_numpy())))
    return [found.get(g, []) for g in range(groups)]


def summarise_groups(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per group from its appearances (sorted by group, earliest first within each)."""
    by_group = rows.groupby("group", sort=True)
    first = rows[rows["first"]].set_index("group")
    groups = len(first)
    carried = rows.groupby(["group", "variant"]).agg(n=("text", "size"), text=("text", "first")).reset_index()
    carried["length"] = carried["text"].str.len()
    words = carried.sort_values(["group", "n", "length"], ascending=[True, False, False]).drop_duplicates("group")
    outlets = rows[rows["outlet"].notna()].drop_duplicates(["group", "outlet"])
    outlet_lists = dict(zip(np.unique(outlets["group"]), lists_by_group(outlets["group"].to_numpy(),
                                                                        outlets["outlet"].to_numpy())))
    return pd.DataFrame({
        "group": np.arange(groups),
        "words": words.set_index("group")["text"].reindex(range(groups)).to_numpy(),
        "speakers": ranked_values(rows, "speaker", groups),
        "conduits": ranked_values(rows, "conduit", groups),
        "outlets": [outlet_lists.get(g, []) for g in range(groups)],
        "articles": by_group[schema.ARTICLE_ID].nunique().to_numpy(),
        "variants": by_group["variant"].max().to_numpy(),
        "first_published": first["published"].to_numpy(),
        "first_outlet": first["outlet"].to_numpy(),
        "first_article_id": first[schema.ARTICLE_ID].to_numpy(),
        "last_published": by_group["published"].max().to_numpy(),
    }).sort_values(["articles", "first_published"], ascending=[False, True], ignore_index=True)


def lineage_of(lineage: QuoteLineage, article_id: str, quote_index: int) -> pd.DataFrame:
    """Every appearance of the words of one quote, earliest first (empty when the quote is unknown)."""
    rows = lineage.appearances
    match = rows[(rows[schema.ARTICLE_ID] == article_id) & (rows["quote_index"] == quote_index)]
    if match.empty:
        return rows.iloc[:0]
    return rows[rows["group"] == match["group"].iloc[0]].reset_index(drop=True)


def quote_variants(lineage: QuoteLineage, group: int) -> pd.DataFrame:
    """The wordings of one group: variant number, text as first carried, how many carried it, by whom, when."""
    rows = lineage.appearances[lineage.appearances["group"] == group]
    outlets = rows[rows["outlet"].notna()].drop_duplicates(["variant", "outlet"]).groupby("variant")["outlet"]
    return rows.groupby("variant").agg(text=("text", "first"), carried_by=(schema.ARTICLE_ID, "nunique"),
                                       first_published=("published", "min")) \
        .join(outlets.agg(list).rename("outlets")).reset_index()
