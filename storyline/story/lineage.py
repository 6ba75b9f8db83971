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
from storyline.analysis.codes import rows_of_articles
from storyline.analysis.filters import FilterState, Story

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

def fold_quotes(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Quotes folded for comparison (NFKC, lower case, words only) as codes into the distinct folded quotes, in
    order of first appearance (what `pd.factorize(normalise_quotes(texts))` gives). Vectorised through Arrow, and
    each distinct text is folded once (wire copies repeat quotes word for word): the regex is most of the cost."""
    values = pa.array(texts.fillna(""), pa.string())
    encoded = pc.dictionary_encode(values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values)
    folded = pc.utf8_lower(pc.utf8_normalize(encoded.dictionary, "NFKC"))
    words = pc.utf8_trim_whitespace(pc.replace_substring_regex(folded, pattern=r"[^\p{L}\p{N}]+", replacement=" "))
    # Texts are encoded in order of first appearance, so their folded words are too once factorised in that order.
    word_codes, distinct = pd.factorize(np.asarray(words.to_pylist(), dtype=object))
    return word_codes[encoded.indices.to_numpy()], np.asarray(distinct, dtype=object)


def normalise_quotes(texts: pd.Series) -> pd.Series:
    """Quotes folded for comparison (NFKC, lower case, words only), row for row."""
    codes, distinct = fold_quotes(texts)
    return pd.Series(distinct[codes], index=texts.index, dtype=object)


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


def pair_incidence(keys: np.ndarray) -> sparse.csr_matrix:
    """Binary matrix: normalised quote × distinct adjacent word pair (its words in order)."""
    split = pc.split_pattern(pa.array(keys, pa.string()), " ")
    tokens, rows = pc.list_flatten(split), pc.list_parent_indices(split).to_numpy()
    adjacent = np.flatnonzero(rows[:-1] == rows[1:])  # a word and the next one of the same quote
    pairs = pc.binary_join_element_wise(tokens.take(adjacent), tokens.take(adjacent + 1), " ")
    codes = pc.dictionary_encode(pairs).indices.to_numpy()
    matrix = sparse.csr_matrix((np.ones(len(codes), np.float32), (rows[adjacent], codes)),
                               shape=(len(keys), int(codes.max()) + 1 if len(codes) else 0))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def pair_containment(keys: np.ndarray, shorter: np.ndarray, longer: np.ndarray) -> np.ndarray:
    """Share of each shorter quote's adjacent word pairs found in its longer partner (word order kept)."""
    involved = np.unique(np.concatenate([shorter, longer]))
    pairs = pair_incidence(keys[involved])
    a, b = np.searchsorted(involved, shorter), np.searchsorted(involved, longer)
    shared = np.asarray(pairs[a].multiply(pairs[b]).sum(axis=1), dtype=float).ravel()
    return shared / np.maximum(np.asarray(pairs[a].sum(axis=1), dtype=float).ravel(), 1)


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


def assign_lineage_groups(quotes: pd.DataFrame) -> pd.Series:
    """A group number per quote row (aligned with `quotes.index`): equal for the same words."""
    codes, distinct = fold_quotes(quotes["text"])
    return pd.Series(group_folded_quotes(codes, distinct, speaker_codes(quotes["speaker"])), index=quotes.index)


def speaker_codes(speakers: pd.Series) -> np.ndarray:
    """A code per row, equal for the same speaker name in any case (missing names share one code)."""
    return pd.factorize(speakers.fillna("").str.lower())[0]


def group_folded_quotes(codes: np.ndarray, distinct: np.ndarray, speakers: np.ndarray) -> np.ndarray:
    """A group number per row, numbered in order of first appearance, from its folded quote (`codes` into
    `distinct`, first appearance order) and its speaker code."""
    if len(distinct) == 0:
        return np.zeros(len(codes), dtype="int64")
    incidence = token_incidence(distinct)
    is_long = np.asarray(incidence.sum(axis=1)).ravel() >= MIN_TOKENS
    component = np.full(len(distinct), -1)
    if is_long.any():
        component[is_long] = link_distinct_quotes(incidence[is_long], distinct[is_long])
    # Short quotes carry too little evidence: only the same words from the same speaker group.
    short_key = pd.factorize(codes.astype(np.int64) * (int(speakers.max(initial=0)) + 1) + speakers)[0]
    row_component = np.where(is_long[codes], component[codes], component.max() + 1 + short_key)
    return pd.factorize(row_component)[0].astype("int64")


# ----- lineage tables -----------------------------------------------------------------------------------------

def compute_quote_lineage(quotes: pd.DataFrame, articles: pd.DataFrame) -> QuoteLineage:
    """Every quote with its group and article, and one row per group: words, speakers, conduits, outlets."""
    info = articles[[c for c in ARTICLE_INFO if c in articles]].reset_index(drop=True)
    found = pd.Index(info[schema.ARTICLE_ID]).get_indexer(quotes[schema.ARTICLE_ID])
    kept = np.flatnonzero(found >= 0)  # quotes of articles not given are left out
    position = found[kept]
    # Grouping and ordering work on codes; the wide columns (texts, titles, urls) are moved once, in final order.
    text_codes, distinct = fold_quotes(quotes["text"])
    codes, first_seen = pd.factorize(text_codes[kept])
    group = group_folded_quotes(codes, distinct[first_seen], speaker_codes(quotes["speaker"])[kept])
    article = pd.factorize(quotes[schema.ARTICLE_ID], sort=True)[0][kept]
    ingest = moment_order(info["ingested_at"], utc=True)[position] if "ingested_at" in info else np.zeros(len(kept))
    # By group, then publication day (undated last), ingest time, article and position.
    order = np.lexsort((quotes["quote_index"].to_numpy()[kept], article, ingest,
                        moment_order(info["published"])[position], group))
    rows = quotes.iloc[kept[order]].reset_index(drop=True)
    for column in info.columns.drop(schema.ARTICLE_ID):
        rows[column] = info[column].array.take(position[order])
    rows["group"] = group[order]
    rows["variant"] = number_variants(rows["group"].to_numpy(), codes[order])
    rows["first"] = np.diff(rows["group"].to_numpy(), prepend=-1) != 0
    return QuoteLineage(groups=summarise_groups(rows), appearances=rows)


def moment_order(values: pd.Series, utc: bool = False) -> np.ndarray:
    """Moments as sortable integers, missing or unreadable ones last (`utc`: read as times in UTC)."""
    moments = pd.to_datetime(values, errors="coerce", utc=utc)
    numbers = moments.to_numpy("datetime64[ns]").astype(np.int64)
    return np.where(moments.isna().to_numpy(), np.iinfo(np.int64).max, numbers)


def number_variants(groups: np.ndarray, wording: np.ndarray) -> np.ndarray:
    """Per row (sorted by group, earliest first): 1 for the group's first wording (a code per distinct wording),
    2 for the next new one…"""
    key = groups.astype(np.int64) * (int(wording.max(initial=0)) + 1) + wording
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    is_new = np.zeros(len(key), np.int64)
    is_new[first] = 1
    running = np.cumsum(is_new)
    group_start = np.searchsorted(groups, groups, side="left")
    numbered = running - np.concatenate([[0], running])[group_start]
    return numbered[first][inverse]


def group_bounds(groups: np.ndarray, count: int) -> np.ndarray:
    """Where each group 0..count-1 starts in sorted `groups`, and where the last ends."""
    return np.searchsorted(groups, np.arange(count + 1))


def lists_by_group(groups: np.ndarray, values: np.ndarray, count: int) -> list[list]:
    """Values split into one list per group 0..count-1 (`groups` sorted; an empty list for a group not there)."""
    bounds, items = group_bounds(groups, count).tolist(), values.tolist()
    return [items[start:end] for start, end in zip(bounds[:-1], bounds[1:])]


def first_in_pairs(groups: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Positions of the first row of each (group, code) pair, in row order, left out where the code is -1
    (missing)."""
    key = groups.astype(np.int64) * (int(codes.max(initial=0)) + 2) + codes
    firsts = np.flatnonzero(~pd.Series(key).duplicated().to_numpy())
    return firsts[codes[firsts] >= 0]


def ranked_values(groups: np.ndarray, values: pd.Series, count: int) -> list[list]:
    """Per group (sorted `groups`, 0..count-1), the distinct non-missing values, most frequent first (ties: the
    first seen)."""
    codes, distinct = pd.factorize(values)
    present = codes >= 0
    pairs, firsts = pd.factorize(groups[present].astype(np.int64) * (len(distinct) + 1) + codes[present])
    counts = np.bincount(pairs, minlength=len(firsts))
    pair_group, pair_code = firsts // (len(distinct) + 1), firsts % (len(distinct) + 1)
    order = np.lexsort((-counts, pair_group))  # stable: ties keep the order of first appearance
    return lists_by_group(pair_group[order], np.asarray(distinct, dtype=object)[pair_code[order]], count)


def carried_words(rows: pd.DataFrame, count: int) -> pd.Series:
    """Per group, the text of its most carried wording (ties: the longer, then the earlier variant)."""
    groups, variants = rows["group"].to_numpy(), rows["variant"].to_numpy()
    key = groups.astype(np.int64) * (int(variants.max(initial=0)) + 1) + variants
    pairs, sizes = np.unique(key, return_counts=True)
    texted = np.flatnonzero(rows["text"].notna().to_numpy())
    texted_pairs, first_texted = np.unique(key[texted], return_index=True)
    source = np.full(len(pairs), -1)  # the first row holding a text, -1 when no row of the wording has one
    source[np.searchsorted(pairs, texted_pairs)] = texted[first_texted]
    texts = pd.Series(rows["text"].array.take(source, allow_fill=True))
    length = texts.str.len().fillna(-1).to_numpy()
    pair_group = pairs // (int(variants.max(initial=0)) + 1)
    best = np.lexsort((-length, -sizes, pair_group))
    best = best[np.diff(pair_group[best], prepend=-1) != 0]
    return texts.iloc[best].set_axis(pair_group[best]).reindex(range(count))


def summarise_groups(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per group from its appearances (sorted by group, earliest first within each)."""
    groups = rows["group"].to_numpy()
    count = int(groups.max()) + 1 if len(groups) else 0
    starts = group_bounds(groups, count)[:-1]
    article_codes = pd.factorize(rows[schema.ARTICLE_ID])[0]
    outlet_rows = first_in_pairs(groups, pd.factorize(rows["outlet"])[0])
    return pd.DataFrame({
        "group": np.arange(count),
        "words": carried_words(rows, count).to_numpy(),
        "speakers": ranked_values(groups, rows["speaker"], count),
        "conduits": ranked_values(groups, rows["conduit"], count),
        "outlets": lists_by_group(groups[outlet_rows], rows["outlet"].to_numpy()[outlet_rows], count),
        "articles": np.bincount(groups[first_in_pairs(groups, article_codes)], minlength=count),
        "variants": np.maximum.reduceat(rows["variant"].to_numpy(), starts) if count else np.zeros(0, np.int64),
        "first_published": rows["published"].to_numpy()[starts],
        "first_outlet": rows["outlet"].to_numpy()[starts],
        "first_article_id": rows[schema.ARTICLE_ID].to_numpy()[starts],
        "last_published": rows.groupby("group", sort=True)["published"].max().to_numpy(),
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


def side_lineage(story: Story, side: str) -> QuoteLineage:
    """Quote groups over every article on one side of the story line (every wire copy counted): only the articles
    and their quotes are narrowed, not the million mentions a filtered story would copy."""
    articles = FilterState(story=side, wire_once=False).select_articles(story.articles, story.mentions)
    return compute_quote_lineage(rows_of_articles(story.quotes, articles), articles)
