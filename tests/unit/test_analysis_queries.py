"""Reads: the story without text, searches through DuckDB, and sentence texts cut from the stored articles."""
from __future__ import annotations

import pandas as pd
import pytest

from storyline.analysis.queries import find_sentence_texts, read_sentence_texts, read_story, search_article_ids
from storyline.store import Store
from tests.pages.stories import HOSTILE_TITLE, LAVROV_QUOTE, build_story_store


@pytest.fixture(scope="module")
def story_store(tmp_path_factory) -> tuple[Store, dict[str, str]]:
    """The hand-made test story in a store."""
    root = tmp_path_factory.mktemp("queries") / "store"
    ids = build_story_store(root)
    return Store(root), ids


def test_read_story_loads_no_text_and_keeps_only_web_links(story_store):
    store, ids = story_store
    story = read_story(store)
    assert "text" not in story.articles.columns
    assert str(story.articles["published"].dtype).startswith("datetime64")
    hostile = story.articles.set_index("article_id").loc[ids[HOSTILE_TITLE]]
    assert pd.isna(hostile["url"])  # its javascript: link is never shown
    assert len(story.articles) == 7 and set(story.quotes["article_id"]) <= set(ids.values())


def test_read_story_codes_article_ids_by_row_and_sorts_entity_names(story_store):
    store, _ = story_store
    story = read_story(store)
    ids = story.articles["article_id"]
    assert ids.cat.codes.tolist() == list(range(len(ids)))
    for table in (story.mentions, story.quotes, story.dates):
        assert table["article_id"].dtype == ids.dtype and table["article_id"].notna().all()
    names = story.mentions["canonical"].cat.categories
    assert list(names) == sorted(names) and set(names) == set(store.read_mentions()["canonical"])
    assert len(story.mentions) == len(store.read_mentions())


@pytest.mark.parametrize("search, titles", [
    ("lavrov", {"Lavrov arrives in Pyongyang", "Russia's Lavrov in North Korea"}),
    ('"not directed against" TASS', set()),
    ('"NOT DIRECTED AGAINST"', {"Lavrov arrives in Pyongyang", "Russia's Lavrov in North Korea"}),
    ("<script>", {HOSTILE_TITLE}),
    ("100%", set()),
    ("rencontré", {"Poutine et Kim"}),
    ("", set()),
])
def test_search_article_ids(story_store, search, titles):
    store, ids = story_store
    found = set(search_article_ids(store, search))
    assert found == {ids[t] for t in titles}


def test_find_sentence_texts_cuts_by_character_offsets(story_store):
    store, ids = story_store
    lavrov = ids["Lavrov arrives in Pyongyang"]
    texts = find_sentence_texts(read_sentence_texts(store), [lavrov, lavrov, "missing", lavrov, lavrov],
                                [1, 0, 0, 1, 99])
    assert texts["sentence"].tolist() == [1, 0]  # each pair once, in the order asked; unknown pairs left out
    assert texts["sentence_text"].tolist() == [f"“{LAVROV_QUOTE},” Sergei Lavrov said.",
                                               "Sergei Lavrov met Choe Son Hui in Pyongyang on Thursday."]
    assert find_sentence_texts(read_sentence_texts(store), [], []).empty


def test_sentence_texts_of_an_empty_store(tmp_path):
    assert find_sentence_texts(read_sentence_texts(Store(tmp_path / "empty")), ["a"], [0]).empty
