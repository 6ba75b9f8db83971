"""Reads through DuckDB: the story without text, searches, and sentence texts cut from the stored articles."""
from __future__ import annotations

import pandas as pd
import pytest

from storyline.analysis.queries import read_sentence_texts, read_story, search_article_ids
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
    assert len(story.articles) == 6 and set(story.quotes["article_id"]) <= set(ids.values())


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


def test_read_sentence_texts_cuts_by_character_offsets(story_store):
    store, ids = story_store
    lavrov = ids["Lavrov arrives in Pyongyang"]
    texts = read_sentence_texts(store, [lavrov, lavrov, "missing"], [1, 0, 0])
    by_sentence = dict(zip(texts["sentence"], texts["sentence_text"]))
    assert by_sentence == {0: "Sergei Lavrov met Choe Son Hui in Pyongyang on Thursday.",
                           1: f"“{LAVROV_QUOTE},” Sergei Lavrov said."}
    assert read_sentence_texts(store, [], []).empty
