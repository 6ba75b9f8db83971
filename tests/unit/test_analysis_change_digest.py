"""The change digest's vectorised summaries, and the digest made from a lineage the dashboard already holds."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storyline import schema
from storyline.story.changes import (code_lists, compute_changes, first_rows, moment_rank, most_frequent, place_rows,
                                     summarise_first)
from storyline.story.lineage import compute_quote_lineage
from storyline.story.review import filter_on_story
from tests.unit.test_changes import SINCE, digest  # noqa: F401  (the hand-made digest and its tables)


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


@pytest.mark.parametrize("codes, count, valid, expected", [
    ([1, 0, 1, -1, 0], 3, None, [1, 0, -1]),                            # a code with no row: -1
    ([1, 0, 1, 0], 2, [False, False, True, True], [3, 2]),              # only valid rows count
])
def test_first_rows(codes, count, valid, expected):
    found = first_rows(np.array(codes), count, None if valid is None else np.array(valid))
    assert found.tolist() == expected


@pytest.mark.parametrize("keys, values, count, expected", [
    ([0, 1, 0, 0, 1], [5, -1, 4, 5, 4], 3, [[5, 4], [4], []]),          # row order, once each, missing left out
    ([], [], 1, [[]]),
])
def test_code_lists(keys, values, count, expected):
    assert code_lists(np.array(keys, dtype=np.int64), np.array(values, dtype=np.int64), count) == expected


@pytest.mark.parametrize("published, ingested, expected", [
    # equal moments share a rank; missing publication last; the extra slot (position -1) ties with missing both
    (["2023-09-13", "2023-09-12", "2023-09-13"], ["2026-11-28 10:00"] * 3, [1, 0, 1, 2]),
    (["2023-09-12", None, None], ["2026-11-28 10:00", "2026-11-28 09:00", None], [0, 1, 2, 2]),
])
def test_moment_rank(published, ingested, expected):
    found = moment_rank(pd.Series(pd.to_datetime(published)), pd.Series(pd.to_datetime(ingested, utc=True)))
    assert found.tolist() == expected


def test_place_rows_orders_by_article_and_keeps_row_order_in_ties():
    new = pd.DataFrame({schema.ARTICLE_ID: ["a", "b", "c"],
                        "published": pd.to_datetime(["2023-09-13", None, "2023-09-12"]),
                        "ingested_at": pd.to_datetime(["2026-11-28"] * 3, utc=True)})
    rows = pd.DataFrame({schema.ARTICLE_ID: ["b", "a", "c", "a", "z"], "n": [0, 1, 2, 3, 4]})
    placed, position = place_rows(rows, new)
    assert placed["n"].tolist() == [2, 1, 3, 0, 4] and position.tolist() == [2, 0, 0, 1, -1]


def test_summarise_first_takes_the_first_non_missing_outlet_and_day():
    new = pd.DataFrame({schema.ARTICLE_ID: ["a", "b"], "outlet": pd.Series([None, "KCNA"], dtype="str"),
                        "published": pd.to_datetime([None, "2023-09-13"])})
    rows = pd.DataFrame({schema.ARTICLE_ID: ["a", "b", "b", "a"], "speaker": ["Kim", "Kim", "Putin", "Kim"]})
    summary = summarise_first(rows, "speaker", "quotes", new, np.array([0, 1, 1, 0]))
    assert summary.to_dict("list") == {
        "speaker": ["Kim", "Putin"], "quotes": [3, 1], "articles": [2, 1], "outlets": [["KCNA"], ["KCNA"]],
        "first_article_id": ["a", "b"], "first_outlet": ["KCNA", "KCNA"],
        "first_published": [pd.Timestamp("2023-09-13")] * 2}


def test_summarise_first_leaves_a_missing_outlet_missing():
    new = pd.DataFrame({schema.ARTICLE_ID: ["a", "b"], "outlet": pd.Series([None, "KCNA"], dtype="str"),
                        "published": pd.to_datetime([None, "2023-09-13"])})
    rows = pd.DataFrame({schema.ARTICLE_ID: ["a", "b"], "speaker": ["Kim", "Putin"]})
    summary = summarise_first(rows, "speaker", "quotes", new, np.array([0, 1])).set_index("speaker")
    assert pd.isna(summary.loc["Kim", "first_outlet"]) and pd.isna(summary.loc["Kim", "first_published"])
    assert summary.loc["Kim", "outlets"] == [] and summary.loc["Putin", "first_outlet"] == "KCNA"
