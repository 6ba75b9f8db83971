"""The entity filter over article ids of the story's categorical type (as read_story gives them) and as strings."""
from __future__ import annotations

import pandas as pd
import pytest

from storyline import schema
from storyline.analysis.filters import FilterState, Story, articles_mentioning

IDS = pd.CategoricalDtype(["a1", "a2", "a3", "a4"])
MENTIONS = [("a1", "Kim"), ("a1", "Putin"), ("a2", "Kim"), ("a3", "Putin"), ("a3", "Putin"), ("a4", "Lavrov")]


def mentions(coded: bool) -> pd.DataFrame:
    """The mentions above, article ids categorical (coded) or plain strings."""
    ids = [aid for aid, _ in MENTIONS]
    return pd.DataFrame({schema.ARTICLE_ID: pd.Series(ids, dtype=IDS if coded else "str"),
                         "canonical": pd.Series([name for _, name in MENTIONS], dtype="category"),
                         "label": "PERSON", "sentence": 0})


@pytest.mark.parametrize("coded", [True, False])
@pytest.mark.parametrize("entities, require_all, expected", [
    (["Kim"], False, ["a1", "a2"]),
    (["Kim", "Putin"], False, ["a1", "a2", "a3"]),
    (["Kim", "Putin"], True, ["a1"]),
    (["Putin", "Putin"], True, ["a1", "a3"]),   # a name given twice is wanted once
    (["Nobody"], False, []),
])
def test_articles_mentioning(coded, entities, require_all, expected):
    found = articles_mentioning(mentions(coded), entities, require_all)
    assert sorted(found.astype(str)) == expected


@pytest.mark.parametrize("entities, expected", [(("Putin",), ["a1", "a3"]), (("Lavrov", "Kim"), ["a1", "a2", "a4"])])
def test_entity_filter_keeps_the_articles_and_their_rows(entities, expected):
    articles = pd.DataFrame({schema.ARTICLE_ID: pd.Series(IDS.categories, dtype=IDS), "on_story": True,
                             schema.WIRE_EARLIEST: True, "outlet": "KCNA",
                             "published": pd.to_datetime(["2023-09-13"] * 4)})
    quotes = pd.DataFrame({schema.ARTICLE_ID: pd.Series(["a3", "a2"], dtype=IDS), "quote_index": [0, 0]})
    dates = pd.DataFrame({schema.ARTICLE_ID: pd.Series([], dtype=IDS)})
    story = FilterState(entities=entities).apply(Story(articles, mentions(True), quotes, dates))
    assert story.articles[schema.ARTICLE_ID].astype(str).tolist() == expected
    assert set(story.mentions[schema.ARTICLE_ID].astype(str)) == set(expected)
    assert story.quotes[schema.ARTICLE_ID].astype(str).tolist() == [q for q in ["a3", "a2"] if q in expected]
