"""FilterState: URL round trips, reading hand-edited URLs, the describing sentence, and what it keeps."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from storyline.analysis.filters import (ALL_ARTICLES, OFF_STORY, ON_STORY, FilterState, Story, articles_mentioning,
                                        describe_range, join_words, on_story_mask, parse_query_params)

STATES = [
    FilterState(),
    FilterState(entities=("Sergei Lavrov",)),
    FilterState(entities=("Kim Jong Un", "Vladimir Putin"), all_entities=True),
    FilterState(outlets=("Yonhap", "TASS"), start=date(2023, 10, 18), end=date(2023, 10, 20)),
    FilterState(types=("PERSON", "GPE"), search='treaty "Kursk region"', wire_once=False),
    FilterState(entities=("Choe Son Hui & co = ?",), outlets=("A/B #1",), start=date(2023, 9, 1)),
    FilterState(end=date(2024, 6, 19)),
    FilterState(story=ALL_ARTICLES),
    FilterState(entities=("Kim Jong Un",), story=OFF_STORY, wire_once=False),
]


@pytest.mark.parametrize("state", STATES)
def test_query_params_round_trip(state):
    assert FilterState.from_query_params(state.to_query_params()) == state


@pytest.mark.parametrize("state, expected", [
    (FilterState(), {}),
    (FilterState(entities=("Sergei Lavrov",), wire_once=False), {"entity": ["Sergei Lavrov"], "copies": "all"}),
    (FilterState(start=date(2023, 10, 18), end=date(2023, 10, 20), all_entities=True, search="x"),
     {"from": "2023-10-18", "to": "2023-10-20", "match": "all", "q": "x"}),
    (FilterState(story=ON_STORY), {}),
    (FilterState(story=OFF_STORY), {"story": "off"}),
    (FilterState(story=ALL_ARTICLES, outlets=("TASS",)), {"outlet": ["TASS"], "story": "all"}),
])
def test_query_params_leave_defaults_out(state, expected):
    assert state.to_query_params() == expected


@pytest.mark.parametrize("params, expected, problems", [
    ({"entity": "Sergei Lavrov"}, FilterState(entities=("Sergei Lavrov",)), 0),
    ({"entity": ["A", "B", "A", " "]}, FilterState(entities=("A", "B")), 0),
    ({"from": "2023-10-20", "to": "2023-10-18"}, FilterState(start=date(2023, 10, 18), end=date(2023, 10, 20)), 0),
    ({"from": "2023-13-40"}, FilterState(), 1),
    ({"copies": "all", "match": "all"}, FilterState(wire_once=False, all_entities=True), 0),
    ({"copies": "some"}, FilterState(), 1),
    ({"q": ["  treaty  "], "unrelated": "x"}, FilterState(search="treaty"), 0),
    ({"story": "all"}, FilterState(story=ALL_ARTICLES), 0),
    ({"story": ["off", "all"]}, FilterState(story=OFF_STORY), 0),
    ({"story": "on"}, FilterState(), 0),
    ({"story": "maybe"}, FilterState(), 1),
])
def test_reading_hand_edited_urls(params, expected, problems):
    state, found = parse_query_params(params)
    assert state == expected
    assert len(found) == problems


@pytest.mark.parametrize("state, count, hidden, expected", [
    (FilterState(), 1, 0, "1 article on the story"),
    (FilterState(entities=("Sergei Lavrov",), outlets=("Yonhap",), start=date(2023, 10, 18), end=date(2023, 10, 20)),
     42, 0, "42 articles on the story mentioning Sergei Lavrov from Yonhap, 18–20 Oct 2023"),
    (FilterState(entities=("A", "B", "C")), 5, 0, "5 articles on the story mentioning A, B or C"),
    (FilterState(entities=("A", "B"), all_entities=True), 5, 0, "5 articles on the story mentioning A and B"),
    (FilterState(search="treaty", start=date(2023, 9, 30)), 2, 3,
     "2 articles on the story containing “treaty”, since 30 Sep 2023 (3 wire copies counted once)"),
    (FilterState(types=("PERSON",), wire_once=False), 1200, 0,
     "1,200 articles on the story (entities limited to people; every wire copy counted)"),
    (FilterState(story=OFF_STORY), 3, 0, "3 articles kept out of the story"),
    (FilterState(story=ALL_ARTICLES), 7, 1, "7 articles (on the story or not; 1 wire copy counted once)"),
])
def test_describe(state, count, hidden, expected):
    assert state.describe(count, hidden) == expected


@pytest.mark.parametrize("start, end, expected", [
    (date(2023, 10, 18), date(2023, 10, 18), "18 Oct 2023"),
    (date(2023, 9, 30), date(2023, 10, 2), "30 Sep – 2 Oct 2023"),
    (date(2023, 12, 30), date(2024, 1, 2), "30 Dec 2023 – 2 Jan 2024"),
    (None, date(2024, 6, 19), "until 19 Jun 2024"),
    (None, None, "all dates"),
])
def test_describe_range(start, end, expected):
    assert describe_range(start, end) == expected


@pytest.mark.parametrize("items, expected", [([], ""), (["A"], "A"), (["A", "B"], "A or B"),
                                             (["A", "B", "C"], "A, B or C")])
def test_join_words(items, expected):
    assert join_words(items, "or") == expected


def small_story() -> Story:
    """Five articles: a1 and its wire copy a2, a3 from TASS, a4 undated and never scored, a5 kept out of the story."""
    articles = pd.DataFrame({
        "article_id": ["a1", "a2", "a3", "a4", "a5"],
        "outlet": ["Yonhap", "Korea Herald", "TASS", "TASS", "Reuters"],
        "published": pd.to_datetime(["2023-09-13", "2023-09-14", "2023-10-18", None, "2023-10-18"]),
        "wire_earliest": [True, False, True, True, True],
        "on_story": pd.array([True, True, True, None, False], dtype="boolean"),
    })
    mentions = pd.DataFrame({"article_id": ["a1", "a1", "a2", "a2", "a3", "a3", "a4"],
                             "canonical": ["Kim", "Putin", "Kim", "Putin", "Lavrov", "Kim", "Lavrov"],
                             "label": ["PERSON", "PERSON", "PERSON", "PERSON", "PERSON", "PERSON", "PERSON"]})
    quotes = pd.DataFrame({"article_id": ["a1", "a3"], "text": ["q1", "q3"]})
    dates = pd.DataFrame({"article_id": ["a2"], "date": pd.to_datetime(["2023-09-13"])})
    return Story(articles, mentions, quotes, dates)


@pytest.mark.parametrize("state, search_ids, expected", [
    (FilterState(), None, ["a1", "a3", "a4"]),
    (FilterState(wire_once=False), None, ["a1", "a2", "a3", "a4"]),
    (FilterState(outlets=("TASS",)), None, ["a3", "a4"]),
    (FilterState(start=date(2023, 9, 14), wire_once=False), None, ["a2", "a3"]),
    (FilterState(end=date(2023, 9, 13), wire_once=False), None, ["a1"]),
    (FilterState(entities=("Lavrov", "Putin")), None, ["a1", "a3", "a4"]),
    (FilterState(entities=("Lavrov", "Kim"), all_entities=True), None, ["a3"]),
    (FilterState(entities=("Nobody",)), None, []),
    (FilterState(search="summit"), ["a2", "a4"], ["a4"]),
    (FilterState(story=OFF_STORY), None, ["a5"]),
    (FilterState(story=ALL_ARTICLES, wire_once=False), None, ["a1", "a2", "a3", "a4", "a5"]),
    (FilterState(story=ALL_ARTICLES, start=date(2023, 10, 18)), None, ["a3", "a5"]),
])
def test_select_articles(state, search_ids, expected):
    story = small_story()
    assert state.select_articles(story.articles, story.mentions, search_ids)["article_id"].tolist() == expected


@pytest.mark.parametrize("state, hidden", [
    (FilterState(), 1), (FilterState(wire_once=False), 0), (FilterState(outlets=("TASS",)), 0),
    (FilterState(entities=("Putin",)), 1), (FilterState(story=OFF_STORY), 0),
])
def test_count_hidden_copies(state, hidden):
    story = small_story()
    assert state.count_hidden_copies(story.articles, story.mentions) == hidden


def test_apply_with_shared_categorical_ids_matches_apply_with_strings():
    story = small_story()
    ids = pd.CategoricalDtype(story.articles["article_id"])
    coded = Story(*(table.astype({"article_id": ids}) for table in (story.articles, story.mentions, story.quotes,
                                                                     story.dates)))
    state = FilterState(entities=("Kim",), wire_once=False)
    plain, fast = state.apply(story), state.apply(coded)
    for name in ("articles", "mentions", "quotes", "dates"):
        assert getattr(fast, name).astype({"article_id": str}).equals(getattr(plain, name))


def test_apply_restricts_every_table_and_entity_types():
    story = small_story()
    mentions = story.mentions.assign(label=["PERSON", "GPE", "PERSON", "GPE", "PERSON", "PERSON", "PERSON"])
    filtered = FilterState(outlets=("Yonhap",), types=("GPE",)).apply(Story(story.articles, mentions, story.quotes,
                                                                             story.dates))
    assert filtered.articles["article_id"].tolist() == ["a1"]
    assert filtered.mentions["canonical"].tolist() == ["Putin"]
    assert filtered.quotes["text"].tolist() == ["q1"]
    assert filtered.dates.empty


def test_search_without_matching_ids_is_a_programming_error():
    story = small_story()
    with pytest.raises(ValueError, match="search"):
        FilterState(search="x").apply(story)


@pytest.mark.parametrize("entities, require_all, expected", [
    (["Kim"], False, {"a1", "a2", "a3"}), (["Kim", "Putin"], True, {"a1", "a2"}), (["Kim", "Kim"], True,
                                                                                  {"a1", "a2", "a3"}),
])
def test_articles_mentioning(entities, require_all, expected):
    assert set(articles_mentioning(small_story().mentions, entities, require_all)) == expected


@pytest.mark.parametrize("on_story, expected", [
    ([True, False, None], [True, False, True]),
    ([None, None], [True, True]),
    ([], []),
])
def test_on_story_mask_counts_unscored_articles_as_on(on_story, expected):
    articles = pd.DataFrame({"on_story": pd.array(on_story, dtype="boolean")})
    assert on_story_mask(articles).tolist() == expected


@pytest.mark.parametrize("state, change, expected", [
    (FilterState(), lambda s: s.with_story(OFF_STORY), FilterState(story=OFF_STORY)),
    (FilterState(story=OFF_STORY), lambda s: s.with_story(ON_STORY), FilterState()),
    (FilterState(), lambda s: s.with_entity("Kim"), FilterState(entities=("Kim",))),
    (FilterState(entities=("Kim",)), lambda s: s.with_entity("Kim"), FilterState(entities=("Kim",))),
    (FilterState(), lambda s: s.with_dates(date(2023, 10, 2), date(2023, 9, 30)),
     FilterState(start=date(2023, 9, 30), end=date(2023, 10, 2))),
])
def test_changes(state, change, expected):
    assert change(state) == expected


def test_with_story_refuses_an_unknown_side():
    with pytest.raises(ValueError, match="story"):
        FilterState().with_story("maybe")
