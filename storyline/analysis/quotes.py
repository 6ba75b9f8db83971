"""Quotes: one table of every quote with its article, and speakers' reach. (The same quote across outlets is the
engine's quote lineage, storyline.story.lineage, grouped once per store version.)"""
from __future__ import annotations

import numpy as np
import pandas as pd

from storyline import schema
from storyline.analysis.codes import codes_of, count_distinct, positions_in

QUOTE_COLUMNS = ["published", "outlet", "speaker", "text", "verb", "conduit", "title", "url", schema.ARTICLE_ID,
                 "quote_index", "start", "end"]


def compute_quote_table(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every quote with its article's outlet, day, title and link; newest first. The dashboard computes it once
    per store version and narrows it to a view with `rows_of_articles` (the order needs no new sort)."""
    position = positions_in(quotes[schema.ARTICLE_ID], articles[schema.ARTICLE_ID])
    info = articles[["outlet", "published", "title", "url", "ingested_at"]].take(position[position >= 0])
    table = pd.concat([quotes[position >= 0].reset_index(drop=True), info.reset_index(drop=True)], axis=1)
    table = table.sort_values(["published", "ingested_at", schema.ARTICLE_ID, "quote_index"],
                              ascending=[False, False, True, True], na_position="last", ignore_index=True)
    return table[QUOTE_COLUMNS]


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
