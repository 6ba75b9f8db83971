"""Quotes: one table of every quote with its article, speakers' reach, and the same quote across outlets.

Repeated quotes are grouped in two steps, both vectorised: quotes whose normalised text is equal share a key;
distinct keys whose word trigrams overlap strongly (one contains most of the other's trigrams, as when an
outlet trims a quote) are joined through a sparse trigram matrix and its connected components.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from storyline import schema
from storyline.records import normalise_text

MIN_OVERLAP = 0.8          # shared trigrams over the smaller quote's trigrams
MIN_TRIGRAMS = 4           # shorter quotes are grouped only when their text is equal
MAX_TRIGRAM_SHARE = 200    # trigrams in more distinct quotes than this are stock phrases, not evidence

QUOTE_COLUMNS = ["published", "outlet", "speaker", "text", "verb", "conduit", "title", "url", schema.ARTICLE_ID,
                 "quote_index", "start", "end"]


def compute_quote_table(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every quote with its article's outlet, day, title and link; newest first."""
    info = articles[[schema.ARTICLE_ID, "outlet", "published", "title", "url", "ingested_at"]]
    table = quotes.merge(info, on=schema.ARTICLE_ID, how="inner")
    table = table.sort_values(["published", "ingested_at", schema.ARTICLE_ID, "quote_index"],
                              ascending=[False, False, True, True], na_position="last", ignore_index=True)
    return table[QUOTE_COLUMNS]


def assign_quote_groups(table: pd.DataFrame) -> pd.Series:
    """A group number per quote row: equal for the same quote carried by several articles."""
    keys = table["text"].fillna("").map(normalise_text)
    codes, distinct = pd.factorize(keys)
    if len(distinct) == 0:
        return pd.Series(np.zeros(0, dtype="int64"), index=table.index)
    trigram_rows, trigram_ids = trigram_incidence(pd.Series(distinct))
    n = len(distinct)
    incidence = sparse.csr_matrix((np.ones(len(trigram_rows)), (trigram_rows, trigram_ids)),
                                  shape=(n, int(trigram_ids.max()) + 1 if len(trigram_ids) else 0))
    sizes = np.asarray(incidence.sum(axis=1)).ravel()
    shared = (incidence @ incidence.T).tocoo()
    smaller = np.minimum(sizes[shared.row], sizes[shared.col])
    strong = (shared.row != shared.col) & (smaller >= MIN_TRIGRAMS) & (shared.data >= MIN_OVERLAP * smaller)
    graph = sparse.coo_matrix((np.ones(strong.sum()), (shared.row[strong], shared.col[strong])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    return pd.Series(component[codes], index=table.index)


def trigram_incidence(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row, trigram id) pairs of the word trigrams of each normalised text, stock phrases left out."""
    words = texts.reset_index(drop=True).str.split().explode().dropna()
    rows = words.index.to_numpy()
    same_row = np.zeros(len(words), dtype=bool)
    same_row[:-2] = rows[:-2] == rows[2:]
    values = words.to_numpy(dtype=object)
    trigrams = pd.DataFrame({"row": rows[same_row],
                             "trigram": values[:-2][same_row[:-2]] + " " + values[1:-1][same_row[:-2]] + " "
                             + values[2:][same_row[:-2]]}).drop_duplicates()
    if trigrams.empty:
        return np.zeros(0, dtype="int64"), np.zeros(0, dtype="int64")
    ids, _ = pd.factorize(trigrams["trigram"])
    keep = np.bincount(ids)[ids] <= MAX_TRIGRAM_SHARE
    return trigrams["row"].to_numpy()[keep], ids[keep]


def summarise_quote_groups(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per quote group (rows carry a `group` column): earliest wording, speaker, first outlet and day,
    how many outlets and articles carried it; the most widely carried first."""
    if rows.empty:
        return pd.DataFrame(columns=["group", "first_published", "first_outlet", "speaker", "text", "outlets",
                                     "articles", "outlet_names"])
    ordered = rows.sort_values(["published", "outlet", schema.ARTICLE_ID], na_position="last", kind="stable")
    grouped = ordered.groupby("group", sort=False)
    first = grouped.first()
    summary = pd.DataFrame({
        "first_published": first["published"], "first_outlet": first["outlet"],
        "speaker": first["speaker"], "text": first["text"], "outlets": grouped["outlet"].nunique(),
        "articles": grouped[schema.ARTICLE_ID].nunique()})
    summary["outlet_names"] = list_outlets(ordered, summary)
    summary = summary.reset_index()
    return summary.sort_values(["outlets", "articles", "first_published"], ascending=[False, False, True],
                               ignore_index=True)


def list_outlets(ordered: pd.DataFrame, summary: pd.DataFrame) -> pd.Series:
    """Outlets carrying each group, in order of first appearance (joined only where there are several)."""
    names = summary["first_outlet"].astype(object)
    several = summary.index[summary["outlets"] > 1]
    carried = ordered[ordered["group"].isin(several)].drop_duplicates(["group", "outlet"]).dropna(subset=["outlet"])
    joined = carried.groupby("group", sort=False)["outlet"].agg(", ".join)
    names.loc[joined.index] = joined
    return names


def count_quotes_by_speaker(table: pd.DataFrame) -> pd.DataFrame:
    """Per speaker: quotes, outlets and articles quoting them, first and last day; most quoted first."""
    named = table[table["speaker"].notna() & (table["speaker"] != "")]
    grouped = named.groupby("speaker")
    counts = pd.DataFrame({"quotes": grouped.size(), "outlets": grouped["outlet"].nunique(),
                           "articles": grouped[schema.ARTICLE_ID].nunique(),
                           "first": grouped["published"].min(), "last": grouped["published"].max()})
    return counts.reset_index().sort_values(["quotes", "outlets", "speaker"], ascending=[False, False, True],
                                            ignore_index=True)
