"""Integer codes: look-ups through shared categorical codes or by value, distinct pairs, ranked codes, counts."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storyline.analysis.codes import (codes_of, count_distinct, cross_counts, distinct_pairs, first_of_max, is_among,
                                      is_in, positions_in, rank_of, rows_in, rows_of_articles, shared_codes, top_codes)

IDS = pd.CategoricalDtype(["a", "b", "c", "d"])


def categorical(values: list[str | None]) -> pd.Series:
    """Article ids of the shared type, as read_story gives them."""
    return pd.Series(values, dtype=IDS)


@pytest.mark.parametrize("values, codes, distinct", [
    (pd.Series(["x", None, "y", "x"]), [0, -1, 1, 0], ["x", "y"]),
    (categorical(["c", None, "a"]), [2, -1, 0], ["a", "b", "c", "d"]),
    (pd.Series([], dtype="str"), [], []),
])
def test_codes_of(values, codes, distinct):
    found, names = codes_of(values)
    assert found.tolist() == codes and list(names) == distinct and found.dtype == np.int64


@pytest.mark.parametrize("values, names, expected", [
    (categorical(["b", "d", None, "a"]), categorical(["d", "b"]), [1, 0, -1, -1]),   # shared codes, no look-up
    (categorical(["b", "d", None]), pd.Series(["d", "b"]), [1, 0, -1]),              # strings: looked up by value
    (pd.Series(["b", "zz", None]), pd.Index(["b", "c"]), [0, -1, -1]),
    (pd.Series(["b"]), pd.Index([], dtype="str"), [-1]),
])
def test_positions_in(values, names, expected):
    assert positions_in(values, names).tolist() == expected


@pytest.mark.parametrize("ids, also, expected", [
    (categorical(["a", "b", "c", "b"]), None, [1, 2, 3]),
    (categorical(["a", "b", "c", "b"]), np.array([True, True, False, False]), [1]),
    (pd.Series(["a", "b", "c", "b"]), None, [1, 2, 3]),
])
def test_rows_of_articles_keeps_order(ids, also, expected):
    table = pd.DataFrame({"article_id": ids, "n": [0, 1, 2, 3]})
    articles = pd.DataFrame({"article_id": categorical(["c", "b"]) if isinstance(ids.dtype, pd.CategoricalDtype)
                             else ["c", "b"]})
    assert rows_of_articles(table, articles, also)["n"].tolist() == expected


@pytest.mark.parametrize("left, right, pairs", [
    ([2, 0, 2, 0, 1], [5, 1, 5, 2, 1], [(0, 1), (0, 2), (1, 1), (2, 5)]),
    ([], [], []),
    # keys past 2**31 (70,001 × 40,001 codes) take the wide path: nothing wraps round
    ([70_000, 0, 70_000, 3], [40_000, 1, 40_000, 39_999], [(0, 1), (3, 39_999), (70_000, 40_000)]),
])
def test_distinct_pairs(left, right, pairs):
    first, second = distinct_pairs(np.array(left, dtype=np.int64), np.array(right, dtype=np.int64))
    assert list(zip(first.tolist(), second.tolist())) == pairs


@pytest.mark.parametrize("groups, values, size, expected", [
    ([0, 0, 0, 2, 2], [7, 7, 8, 7, 7], 3, [2, 0, 1]),
    ([0, -1, 1, 1], [3, 3, -1, 4], 2, [1, 1]),          # rows with a missing code are left out
    ([], [], 2, [0, 0]),
])
def test_count_distinct(groups, values, size, expected):
    counted = count_distinct(np.array(groups, dtype=np.int64), np.array(values, dtype=np.int64), size)
    assert counted.tolist() == expected


@pytest.mark.parametrize("counts, names, expected", [
    ([[1, 3, 0], [2, 0, 2], [0, 0, 0]], ["ORG", "PERSON", "GPE"], ["PERSON", "GPE", None]),  # ties: first by name
    ([[0, 5]], ["b", "a"], ["a"]),
])
def test_first_of_max(counts, names, expected):
    assert first_of_max(np.array(counts), pd.Index(names)).tolist() == expected


@pytest.mark.parametrize("counts, names, top, expected", [
    ([3, 5, 3, 0, 1], ["c", "e", "a", "z", "b"], 3, [1, 2, 0]),   # ties by name; never counted left out
    ([0, 0], ["a", "b"], 5, []),
    ([2, 1], ["a", "b"], 10, [0, 1]),
])
def test_top_codes(counts, names, top, expected):
    assert top_codes(np.array(counts), pd.Index(names), top).tolist() == expected


def test_rank_of_answers_missing_codes_with_minus_one():
    rank = rank_of(np.array([3, 1]), 4)
    assert rank[np.array([0, 1, 2, 3, -1])].tolist() == [-1, 1, -1, 0, -1]


def test_cross_counts_counts_each_pair_by_row():
    rows, columns, counts = cross_counts(np.array([1, 0, 1, 1, -1]), np.array([0, 1, 0, 1, 0]), 2, 2)
    assert list(zip(rows.tolist(), columns.tolist(), counts.tolist())) == [(0, 1, 1), (1, 0, 2), (1, 1, 1)]


@pytest.mark.parametrize("left, right", [
    (categorical(["a", "c"]), categorical(["c", None])),
    (pd.Series(["a", "c"]), pd.Series(["c", None])),
    (categorical(["a", "c"]), pd.Series(["c", None])),
])
def test_shared_codes_number_both_columns_alike(left, right):
    first, second = shared_codes(left, right)
    assert first[1] == second[0] != first[0] and second[1] == -1


@pytest.mark.parametrize("ids, other_ids", [(categorical, categorical), (pd.Series, pd.Series)])
def test_rows_in_matches_article_and_number_together(ids, other_ids):
    table = pd.DataFrame({"article_id": ids(["a", "a", "b", "c"]), "quote_index": [0, 1, 0, 0]})
    other = pd.DataFrame({"article_id": other_ids(["a", "b", "d"]), "quote_index": [1, 1, 0]})
    assert rows_in(table, other, "quote_index").tolist() == [False, True, False, False]
    assert rows_in(table, other.iloc[:0], "quote_index").tolist() == [False] * 4


@pytest.mark.parametrize("values, names, expected", [
    (categorical(["b", "d", None, "a"]), categorical(["d", "b"]), [True, True, False, False]),  # a table per code
    (categorical(["b", "d"]), categorical([]), [False, False]),
    (categorical(["b", None]), pd.Series(["b"]), [True, False]),                               # looked up by value
    (pd.Series(["b", "zz", None]), pd.Series(["b", "c"]), [True, False, False]),
])
def test_is_in(values, names, expected):
    assert is_in(values, names).tolist() == expected


@pytest.mark.parametrize("values, names, expected", [
    (categorical(["b", "d", None, "a", "b"]), ["d", "b", "b"], [True, True, False, False, True]),
    (categorical(["b", "d"]), [], [False, False]),
    (categorical(["b"]), ["zz"], [False]),                                  # a name no value has
    (pd.Series(["b", "zz", None]), ["b", "c"], [True, False, False]),      # plain text, missing values
    (pd.Series(["b", "a"], dtype=object).astype("category"), ["a"], [False, True]),  # object categories
])
def test_is_among(values, names, expected):
    assert is_among(values, names).tolist() == expected
