"""Counts over time: periods, outlet lumping, zero-filled lines, entity trends, dated statements."""
from __future__ import annotations

import pandas as pd
import pytest

from storyline.analysis.timelines import (OTHER, compute_event_table, count_articles_per_period, count_entity_trend,
                                          default_frequency, fill_periods, period_start)


def articles(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    """Articles from (id, outlet, published day)."""
    ids, outlets, days = zip(*rows)
    return pd.DataFrame({"article_id": ids, "outlet": outlets, "published": pd.to_datetime(list(days)),
                         "title": [f"title {i}" for i in ids], "url": [None] * len(ids)})


@pytest.mark.parametrize("day, freq, expected", [
    ("2023-09-13 15:00", "day", "2023-09-13"),
    ("2023-09-13", "week", "2023-09-11"),   # a Wednesday belongs to the week starting Monday 11th
    ("2023-09-17", "week", "2023-09-11"),   # Sunday closes that week
    ("2023-09-18", "week", "2023-09-18"),
    ("2023-09-30", "month", "2023-09-01"),
])
def test_period_start(day, freq, expected):
    assert period_start(pd.Series(pd.to_datetime([day])), freq).iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize("freq, expected", [
    ("day", [("2023-09-13", "TASS", 2), ("2023-09-13", OTHER, 1), ("2023-09-14", "Reuters", 1)]),
    ("week", [("2023-09-11", "TASS", 2), ("2023-09-11", OTHER, 1), ("2023-09-11", "Reuters", 1)]),
])
def test_count_articles_per_period_lumps_small_outlets(freq, expected):
    # Ranked on dated articles, ties by name: TASS 2, then Reuters before Yonhap; Yonhap is lumped.
    table = articles([("a", "TASS", "2023-09-13"), ("b", "TASS", "2023-09-13"), ("c", "Yonhap", "2023-09-13"),
                      ("d", "Reuters", "2023-09-14"), ("e", "Reuters", None)])
    counts = count_articles_per_period(table, freq, limit=2)
    got = [(p.strftime("%Y-%m-%d"), o, n) for p, o, n in counts.itertuples(index=False)]
    assert got == expected


def test_count_articles_per_period_of_nothing_is_an_empty_table():
    assert list(count_articles_per_period(articles([("a", "TASS", None)]))) == ["period", "outlet", "articles"]


def test_fill_periods_adds_zero_rows_between_first_and_last():
    counts = pd.DataFrame({"period": pd.to_datetime(["2023-09-11", "2023-09-25"]), "outlet": ["TASS", "TASS"],
                           "articles": [2, 1]})
    filled = fill_periods(counts, "outlet", "week")
    assert filled["articles"].tolist() == [2, 0, 1]
    assert filled["period"].dt.strftime("%m-%d").tolist() == ["09-11", "09-18", "09-25"]


@pytest.mark.parametrize("days, expected", [
    (["2023-09-13", "2023-10-20"], "day"), (["2023-09-13", "2024-06-19"], "week"),
    (["2018-09-12", "2025-04-28"], "month"), ([None], "day"),
])
def test_default_frequency(days, expected):
    assert default_frequency(pd.Series(pd.to_datetime(days))) == expected


def test_count_entity_trend_counts_mentions_and_articles():
    table = articles([("a", "TASS", "2023-09-13"), ("b", "Yonhap", "2023-09-13"), ("c", "TASS", "2023-09-14")])
    mentions = pd.DataFrame({"article_id": ["a", "a", "b", "c", "c"],
                             "canonical": ["Kim", "Kim", "Kim", "Putin", "Kim"]})
    trend = count_entity_trend(mentions, table, ["Kim"], "day")
    assert [(p.day, e, m, a) for p, e, m, a in trend.itertuples(index=False)] == [(13, "Kim", 3, 2), (14, "Kim", 1, 1)]


@pytest.mark.parametrize("ids", [str, "category"])
def test_entity_trend_leaves_out_undated_articles_and_unknown_entities(ids):
    table = articles([("a", "TASS", "2023-09-13"), ("b", "Yonhap", None), ("c", "TASS", "2023-09-20")])
    mentions = pd.DataFrame({"article_id": ["a", "b", "c", "c", "x"], "canonical": ["Kim", "Kim", "Kim", "Kim", "Kim"]})
    if ids == "category":
        kinds = pd.CategoricalDtype(["a", "b", "c", "x"])
        table, mentions = table.astype({"article_id": kinds}), mentions.astype({"article_id": kinds})
    trend = count_entity_trend(mentions, table, ["Nobody", "Kim"], "week")
    assert [(p.day, e, m, a) for p, e, m, a in trend.itertuples(index=False)] == [(11, "Kim", 1, 1),
                                                                                 (18, "Kim", 2, 1)]
    assert count_entity_trend(mentions, table, [], "day").empty


def test_compute_event_table_keeps_roles_and_orders_by_event_day():
    table = articles([("a", "TASS", "2023-09-14"), ("b", "Yonhap", "2023-09-13")])
    dates = pd.DataFrame({"article_id": ["a", "b", "b", "a"], "start": [5, 9, 1, 0], "end": [9, 12, 4, 3],
                          "text": ["Wednesday", "today", "June", "bad"], "value": ["2023-09-13", "2023-09-13",
                                                                                 "2024-06", "x"],
                          "granularity": ["day", "day", "month", "day"],
                          "date": pd.to_datetime(["2023-09-13", "2023-09-13", "2024-06-01", None]),
                          "sentence": [0, 1, 0, 0], "role": ["happened", "reported", "happened", "happened"]})
    events = compute_event_table(dates, table)
    assert events["expression"].tolist() == ["Wednesday", "June"]
    assert events["outlet"].tolist() == ["TASS", "Yonhap"]
    both = compute_event_table(dates, table, ("happened", "reported"))
    assert both["expression"].tolist() == ["today", "Wednesday", "June"]
