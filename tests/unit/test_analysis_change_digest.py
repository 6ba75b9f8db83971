"""The change digest's vectorised summaries, and the digest made from a lineage the dashboard already holds."""
from __future__ import annotations

import pandas as pd
import pytest

from storyline import schema
from storyline.story.changes import compute_changes, distinct_lists, most_frequent
from storyline.story.lineage import compute_quote_lineage
from storyline.story.review import filter_on_story
from tests.unit.test_changes import SINCE, digest  # noqa: F401  (the hand-made digest and its tables)


@pytest.mark.parametrize("rows, expected", [
    ([("x", "KCNA"), ("y", None), ("x", "TASS"), ("x", "KCNA"), ("y", "Yonhap")],
     {"x": ["KCNA", "TASS"], "y": ["Yonhap"]}),                               # first appearance order, once each
    ([("x", None), (None, "KCNA")], {"x": []}),                                # no value: an empty list
    ([], {}),
])
def test_distinct_lists(rows, expected):
    frame = pd.DataFrame(rows, columns=["key", "outlet"], dtype="str")
    assert distinct_lists(frame, "key", "outlet").to_dict() == expected


@pytest.mark.parametrize("rows, categories, expected", [
    ([("x", "ORG"), ("x", "PERSON"), ("x", "PERSON"), ("y", "GPE")], None, {"x": "PERSON", "y": "GPE"}),
    ([("x", "PERSON"), ("x", "ORG")], None, {"x": "PERSON"}),                 # a tie: the first seen
    ([("x", "PERSON"), ("x", "ORG")], ["ORG", "PERSON"], {"x": "ORG"}),       # a tie: the first category
])
def test_most_frequent(rows, categories, expected):
    frame = pd.DataFrame(rows, columns=["canonical", "label"])
    if categories:
        frame["label"] = pd.Categorical(frame["label"], categories=categories)
    assert most_frequent(frame, "canonical", "label").to_dict() == expected


def test_digest_from_a_given_lineage_is_the_same(digest):  # noqa: F811
    from tests.unit import test_changes as tables
    articles = pd.DataFrame([{schema.ARTICLE_ID: aid, "ingested_at": ingested, "outlet": outlet, "published": day,
                              "title": f"title {aid}", "url": None, "relevance": 0.5, "reasons": "",
                              "on_story": pd.NA if on is None else on}
                             for aid, (ingested, on, outlet, day) in tables.ARTICLES.items()])
    articles["on_story"] = articles["on_story"].astype("boolean")
    quotes = pd.DataFrame([{schema.ARTICLE_ID: aid, "quote_index": i, "text": text, "speaker": speaker,
                            "conduit": None} for i, (aid, text, speaker) in enumerate(tables.QUOTES)])
    mentions = pd.DataFrame([{schema.ARTICLE_ID: aid, "canonical": name, "label": "PERSON"}
                             for aid, name in tables.MENTIONS])
    dates = pd.DataFrame(columns=[schema.ARTICLE_ID, "value", "granularity", "date", "text", "role"])
    on_story = filter_on_story(articles)
    lineage = compute_quote_lineage(quotes[quotes[schema.ARTICLE_ID].isin(on_story[schema.ARTICLE_ID])], on_story)
    given = compute_changes(articles, mentions, quotes, dates, SINCE, lineage)
    made = compute_changes(articles, mentions, quotes, dates, SINCE)
    pd.testing.assert_frame_equal(given.quotes, made.quotes)
    assert given.quotes["first_outlet"].tolist() == digest.quotes["first_outlet"].tolist()
