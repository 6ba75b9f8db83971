"""Reads for the analysis layer: the story's tables without article text, free-text search through DuckDB, and
sentence texts cut from article texts held in memory.

Searches scan every text once per query in DuckDB; the sentences a view shows (a timeline's dated statements, a
pair's shared sentences) are cut from texts read once per store version, so a look-up costs no I/O.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from storyline import schema
from storyline.analysis.articles import web_urls
from storyline.analysis.filters import Story
from storyline.analysis.search import like_pattern, search_terms
from storyline.store import Store

MENTION_COLUMNS = ["article_id", "start", "end", "label", "canonical", "sentence"]


def read_story(store: Store) -> Story:
    """Every stored article (without text, `published` as datetime64) and its mentions, quotes and dates.

    Article ids share one categorical type across the tables (its codes are the articles' row positions), and
    entity names and types are categorical with sorted categories, so filters and group-bys over a million
    mentions compare small integers instead of strings. The repetitive columns are read as Arrow dictionaries,
    never as a string per row."""
    articles = store.read_articles()
    articles["published"] = pd.to_datetime(articles["published"])
    articles["url"] = web_urls(articles["url"])
    ids = pd.CategoricalDtype(articles[schema.ARTICLE_ID])
    articles[schema.ARTICLE_ID] = pd.Categorical.from_codes(np.arange(len(articles)), dtype=ids)
    mentions = read_coded(store, schema.MENTIONS, ids, MENTION_COLUMNS, sorted_names=("canonical", "label"))
    dates = read_coded(store, schema.DATES, ids)
    dates["date"] = pd.to_datetime(dates["date"])
    return Story(articles, mentions, read_coded(store, schema.QUOTES, ids), dates)


def read_coded(store: Store, table: str, ids: pd.CategoricalDtype, columns: list[str] | None = None,
               sorted_names: tuple[str, ...] = ()) -> pd.DataFrame:
    """One stored table with its article ids coded by `ids` and the `sorted_names` columns categorical with sorted
    categories (so ties broken by category order are broken by name)."""
    encoded = store.read_encoded(table, columns, dictionary=(schema.ARTICLE_ID, *sorted_names))
    article = encoded.column(schema.ARTICLE_ID).combine_chunks()
    frame = encoded.drop_columns([schema.ARTICLE_ID]).combine_chunks().to_pandas()  # one chunk: faster takes
    # Each distinct id is looked up once; the rows' codes follow by an array look-up (-1: unknown or missing).
    known = pa.array(ids.categories.astype("str").array)  # Arrow finds each distinct id once, in one hash table
    slot = np.append(pc.fill_null(pc.index_in(article.dictionary, value_set=known), -1).to_numpy(), -1)
    codes = slot[article.indices.fill_null(len(slot) - 1).to_numpy()]
    frame.insert(0, schema.ARTICLE_ID, pd.Categorical.from_codes(codes, dtype=ids))
    for name in sorted_names:
        frame[name] = frame[name].cat.reorder_categories(frame[name].cat.categories.sort_values())
    return frame


def search_article_ids(store: Store, search: str) -> list[str]:
    """Ids of the articles whose title or text holds every term of the search (case-insensitive)."""
    terms = search_terms(search)
    if not terms:
        return []
    condition = " AND ".join(["(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')"] * len(terms))
    params = [p for term in terms for p in (like_pattern(term),) * 2]
    return store.query(f"SELECT article_id FROM articles WHERE {condition}", params)["article_id"].tolist()


@dataclass(frozen=True)
class SentenceTexts:
    """Every article's text and sentence spans at one store version, so a view's sentences are cut in memory:
    reading the texts once (about 0.3 s at 50,000 articles) beats a DuckDB scan of them for every look-up."""

    article_ids: pa.ChunkedArray  # the articles' ids, in the order of `texts`
    texts: pa.ChunkedArray
    keys: np.ndarray              # per sentence, sorted: article position * SENTENCE_SLOTS + sentence number
    starts: np.ndarray            # character offsets of each sentence (in the order of `keys`)
    ends: np.ndarray


SENTENCE_SLOTS = 1 << 20  # more sentences than any article holds


def read_sentence_texts(store: Store) -> SentenceTexts:
    """The texts and sentence spans of every stored article."""
    articles = store.read_encoded(schema.ARTICLES, [schema.ARTICLE_ID, "text"])
    spans = store.read_encoded(schema.SENTENCES, dictionary=(schema.ARTICLE_ID,))
    article = spans.column(schema.ARTICLE_ID).combine_chunks()
    slot = np.append(positions_of(article.dictionary, articles.column(schema.ARTICLE_ID)), -1)
    position = slot[article.indices.fill_null(len(slot) - 1).to_numpy()]
    known = position >= 0
    keys = position[known] * SENTENCE_SLOTS + spans.column("sentence").to_numpy()[known]
    order = np.argsort(keys)
    return SentenceTexts(articles.column(schema.ARTICLE_ID), articles.column("text"), keys[order],
                         spans.column("start").to_numpy()[known][order], spans.column("end").to_numpy()[known][order])


def positions_of(values: pa.Array | pa.ChunkedArray, ids: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """For each value, its position among `ids`, -1 when absent (one Arrow hash look-up each)."""
    return pc.index_in(values, value_set=ids).fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def find_sentence_texts(index: SentenceTexts, article_ids: Sequence[str], sentences: Sequence[int]) -> pd.DataFrame:
    """Text of the given (article, sentence) pairs, each pair once, in the order asked: columns article_id,
    sentence, sentence_text (pairs the store does not hold are left out)."""
    wanted = pd.DataFrame({"article_id": pd.Series(list(article_ids), dtype="str"),
                           "sentence": pd.Series(list(sentences), dtype="int32")}).drop_duplicates(ignore_index=True)
    position = positions_of(pa.array(wanted["article_id"], type=pa.string()), index.article_ids)
    keys = position * SENTENCE_SLOTS + wanted["sentence"].to_numpy(dtype=np.int64)
    at = np.searchsorted(index.keys, keys)
    found = (position >= 0) & (at < len(index.keys))
    found[found] = index.keys[at[found]] == keys[found]
    # One scalar per sentence: a take() over the chunked texts would first concatenate all of them.
    cut = [index.texts[int(article)].as_py()[start:end].strip()
           for article, start, end in zip(position[found], index.starts[at[found]], index.ends[at[found]])]
    return wanted[found].assign(sentence_text=pd.Series(cut, dtype="str", index=wanted.index[found]))
