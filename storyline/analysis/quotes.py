"""Quotes: one table of every quote with its article, and speakers' reach. (The same quote across outlets is the
engine's quote lineage, storyline.story.lineage, grouped once per store version.)"""
from __future__ import annotations

import numpy as np
import pandas as pd

from storyline import schema
from storyline.analysis.codes import codes_of, count_distinct, positions_in

QUOTE_COLUMNS = ["published", "outlet", "speaker", "text", "verb", "conduit", "title", "url", schema.ARTICLE_ID,
                 "quote_index", "start", "end"]
ARTICLE_INFO = ("published", "outlet", "title", "url")  # the columns a quote takes from its article


def compute_quote_table(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every quote with its article's outlet, day, title and link; newest first. The dashboard computes it once
    per store version and narrows it to a view with `rows_of_articles` (the order needs no new sort)."""
    position = positions_in(quotes[schema.ARTICLE_ID], articles[schema.ARTICLE_ID])
    rows = np.flatnonzero(position >= 0)
    # Ordered by keys first, so each column is taken once, in its final order (187,000 quotes at 50,000 articles).
    order = np.lexsort((quotes["quote_index"].to_numpy()[rows], sort_codes(quotes[schema.ARTICLE_ID])[rows],
                        newest_first(articles["ingested_at"])[position[rows]],
                        newest_first(articles["published"])[position[rows]]))
    rows = rows[order]
    columns = {name: (articles[name].take(position[rows]) if name in ARTICLE_INFO else quotes[name].take(rows))
               for name in QUOTE_COLUMNS}
    return pd.DataFrame({name: column.reset_index(drop=True) for name, column in columns.items()})


def sort_codes(values: pd.Series) -> np.ndarray:
    """Integers that sort as pandas sorts the column: a categorical by its categories' order, text by itself."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return codes_of(values)[0]
    return pd.factorize(values, sort=True)[0]


def newest_first(moments: pd.Series) -> np.ndarray:
    """A sort key putting the latest moment first and missing ones last."""
    values = pd.DatetimeIndex(moments).asi8
    key = np.full(len(values), np.iinfo(np.int64).max, dtype=np.int64)
    known = ~pd.isna(moments).to_numpy()
    key[known] = -values[known]
    return key


def speaker_rows(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """What count_quotes_by_speaker reads (speaker, outlet, article, day) straight from a story's quotes and
    articles: outlets travel as codes, so no text is copied per quote and no quote table is built or sorted."""
    position = positions_in(quotes[schema.ARTICLE_ID], articles[schema.ARTICLE_ID])
    known = np.flatnonzero(position >= 0)
    outlet, outlets = codes_of(articles["outlet"])
    return pd.DataFrame({"speaker": quotes["speaker"].take(known).reset_index(drop=True),
                         "outlet": pd.Categorical.from_codes(outlet[position[known]], categories=outlets),
                         schema.ARTICLE_ID: quotes[schema.ARTICLE_ID].take(known).reset_index(drop=True),
                         "published": articles["published"].take(position[known]).reset_index(drop=True)})


def count_quotes_by_speaker(table: pd.DataFrame) -> pd.DataFrame:
    """Per speaker: quotes, outlets and articles quoting them, first and last day; most quoted first."""
    speaker, speakers = codes_of(table["speaker"])
    named = np.append(speakers != "", False)[speaker]
    speaker = speaker[named]
    days = table["published"][named]
    size = len(speakers)
    counts = pd.DataFrame({"speaker": pd.Series(speakers, dtype="str"),
                           "quotes": np.bincount(speaker, minlength=size),
                           "outlets": count_distinct(speaker, codes_of(table["outlet"])[0][named], size),
                           "articles": count_distinct(speaker, codes_of(table[schema.ARTICLE_ID])[0][named], size),
                           "first": days.groupby(speaker).min().reindex(range(size)).to_numpy(),
                           "last": days.groupby(speaker).max().reindex(range(size)).to_numpy()})
    counts = counts[counts["quotes"] > 0]
    return counts.sort_values(["quotes", "outlets", "speaker"], ascending=[False, False, True], ignore_index=True)
