"""Reads for the analysis layer: the story's tables without article text, and text pieces fetched by DuckDB.

Article texts stay in the store: searches and sentence texts are answered by DuckDB over the Parquet files,
so only the sentences a view shows are ever loaded into Python.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from storyline import schema
from storyline.analysis.articles import web_urls
from storyline.analysis.filters import Story
from storyline.analysis.search import like_pattern, search_terms
from storyline.store import Store

MENTION_COLUMNS = ["article_id", "start", "end", "label", "canonical", "sentence"]


def read_story(store: Store) -> Story:
    """Every stored article (without text, `published` as datetime64) and its mentions, quotes and dates.

    Article ids share one categorical type across the tables, and entity names and types are categorical, so
    filters and group-bys over a million mentions compare small integers instead of strings."""
    articles = store.read_articles()
    articles["published"] = pd.to_datetime(articles["published"])
    articles["url"] = web_urls(articles["url"])
    mentions = store.read_table(schema.MENTIONS, MENTION_COLUMNS)
    mentions[["canonical", "label"]] = mentions[["canonical", "label"]].astype("category")
    dates = store.read_dates()
    dates["date"] = pd.to_datetime(dates["date"])
    tables = (articles, mentions, store.read_quotes(), dates)
    ids = pd.CategoricalDtype(articles[schema.ARTICLE_ID].unique())
    for table in tables:
        table[schema.ARTICLE_ID] = table[schema.ARTICLE_ID].astype(ids)
    return Story(*tables)


def search_article_ids(store: Store, search: str) -> list[str]:
    """Ids of the articles whose title or text holds every term of the search (case-insensitive)."""
    terms = search_terms(search)
    if not terms:
        return []
    condition = " AND ".join(["(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')"] * len(terms))
    params = [p for term in terms for p in (like_pattern(term),) * 2]
    return store.query(f"SELECT article_id FROM articles WHERE {condition}", params)["article_id"].tolist()


def read_sentence_texts(store: Store, article_ids: Sequence[str], sentences: Sequence[int]) -> pd.DataFrame:
    """Text of the given (article, sentence) pairs: columns article_id, sentence, sentence_text."""
    if len(article_ids) == 0:
        return pd.DataFrame({"article_id": pd.Series(dtype="str"), "sentence": pd.Series(dtype="int32"),
                             "sentence_text": pd.Series(dtype="str")})
    sql = ("WITH wanted AS (SELECT unnest(?::VARCHAR[]) AS article_id, unnest(?::INTEGER[]) AS sentence) "
           "SELECT s.article_id, s.sentence, substr(a.text, s.start + 1, s.\"end\" - s.start) AS sentence_text "
           "FROM sentences s JOIN wanted USING (article_id, sentence) JOIN articles a USING (article_id)")
    found = store.query(sql, [list(article_ids), [int(s) for s in sentences]])
    found["sentence_text"] = found["sentence_text"].str.strip()
    return found

