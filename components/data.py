"""Cached loaders: every read is keyed by the store's committed version, so another process's ingest shows up on
the next rerun and nothing is read twice for one version.

The story tables (up to 1.6M mentions) are cached as shared resources, not copied on every rerun as st.cache_data
would (80 MB unpickled per run at 50,000 articles): they are read-only by convention, and pandas' copy-on-write
keeps derived frames from touching them. So are the whole store's quote table and the article texts behind
sentence look-ups, each built once per version: a view narrows them by its articles (an array look-up through
the shared article codes) instead of joining, sorting or reading again. Smaller derived tables use st.cache_data."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from storyline.analysis.articles import compute_article_list, tidy_article
from storyline.analysis.codes import rows_of_articles
from storyline.analysis.cooccurrence import count_entities
from storyline.analysis.filters import FilterState, Story
from storyline.analysis.outlets import assign_outlet_colours
from storyline.analysis.queries import (SentenceTexts, find_sentence_texts, read_sentence_texts, read_story,
                                        search_article_ids)
from storyline.analysis.quotes import compute_quote_table
from storyline.memory import keep_freed_arrays
from storyline.store import Store, store_path

keep_freed_arrays()  # this module runs in the dashboard's process: reuse freed arrays (see storyline.memory)


@st.cache_resource
def get_store(path: str) -> Store:
    """One Store object per store path."""
    return Store(path)


def current_store() -> Store:
    """The store the dashboard shows ($STORYLINE_STORE, else data/store)."""
    return get_store(str(store_path()))


@st.cache_resource(max_entries=2, show_spinner="Reading the store…")
def load_story(path: str, version: int) -> Story:
    """Every article (no text) with its mentions, quotes and dates, at a store version."""
    return read_story(get_store(path))


@st.cache_data(max_entries=32, show_spinner=False)
def load_search_ids(path: str, version: int, search: str) -> list[str]:
    """Ids of the articles matching a free-text search."""
    return search_article_ids(get_store(path), search)


@st.cache_resource(max_entries=4, show_spinner=False)
def load_filtered_story(path: str, version: int, state: FilterState) -> tuple[Story, int]:
    """The story under a filter, and how many wire copies the filter counted once (left out)."""
    story = load_story(path, version)
    search_ids = load_search_ids(path, version, state.search) if state.search else None
    return state.apply(story, search_ids), state.count_hidden_copies(story.articles, story.mentions, search_ids)


@st.cache_data(max_entries=4, show_spinner=False)
def load_outlet_colours(path: str, version: int) -> dict[str, str]:
    """The one colour of each outlet, used by every chart."""
    return assign_outlet_colours(load_story(path, version).articles)


@st.cache_resource(max_entries=1, show_spinner="Reading the article texts…")
def load_sentence_index(path: str, version: int) -> SentenceTexts:
    """Every article's text and sentence spans (about 0.2 GB at 50,000 articles: one version is kept)."""
    return read_sentence_texts(get_store(path))


def load_sentence_texts(path: str, version: int, article_ids: tuple[str, ...], sentences: tuple[int, ...]
                        ) -> pd.DataFrame:
    """Texts of some (article, sentence) pairs, each pair once."""
    return find_sentence_texts(load_sentence_index(path, version), article_ids, sentences)


@st.cache_data(max_entries=32, show_spinner=False)
def load_article(path: str, version: int, article_id: str) -> dict | None:
    """One article with its text (missing values as None, links only when they are web addresses)."""
    record = get_store(path).read_article(article_id)
    return None if record is None else tidy_article(record)


@st.cache_data(max_entries=2, show_spinner=False)
def load_entity_counts(path: str, version: int) -> pd.DataFrame:
    """Mentions and articles per entity over the whole store (the sidebar's options)."""
    return count_entities(load_story(path, version).mentions)


@st.cache_data(max_entries=8, show_spinner=False)
def load_filtered_entities(path: str, version: int, state: FilterState) -> pd.DataFrame:
    """Mentions and articles per entity under a filter."""
    return count_entities(load_filtered_story(path, version, state)[0].mentions)


@st.cache_resource(max_entries=2, show_spinner=False)
def load_all_quotes(path: str, version: int) -> pd.DataFrame:
    """Every stored quote with its article's outlet, day, title and link, newest first."""
    story = load_story(path, version)
    return compute_quote_table(story.quotes, story.articles)


def load_quote_table(path: str, version: int, state: FilterState) -> pd.DataFrame:
    """Every quote under a filter with its article's outlet, day, title and link, newest first."""
    articles = load_filtered_story(path, version, state)[0].articles
    return rows_of_articles(load_all_quotes(path, version), articles).reset_index(drop=True)


@st.cache_data(max_entries=8, show_spinner=False)
def load_article_list(path: str, version: int, state: FilterState) -> pd.DataFrame:
    """The articles under a filter with their quote and entity counts."""
    story = load_filtered_story(path, version, state)[0]
    return compute_article_list(story.articles, story.quotes, story.mentions)
