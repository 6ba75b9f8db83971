"""Co-occurrence: counts per sentence or article, ranked pairs, the sentences behind a pair, the layout."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storyline.analysis.cooccurrence import (compute_cooccurrence, compute_network_layout, count_entities,
                                             count_shared_units, find_shared_units, rank_top_entities)


def mentions() -> pd.DataFrame:
    """Article a: Kim+Putin in sentence 0 (Kim twice), Lavrov alone in 1. Article b: Kim in 0, Putin in 1."""
    rows = [("a", 0, "Kim", "PERSON"), ("a", 0, "Kim", "PERSON"), ("a", 0, "Putin", "PERSON"),
            ("a", 1, "Lavrov", "PERSON"), ("b", 0, "Kim", "PERSON"), ("b", 1, "Putin", "PERSON"),
            ("b", 1, "Russia", "GPE"), ("c", 0, "Russia", "ORG")]
    return pd.DataFrame(rows, columns=["article_id", "sentence", "canonical", "label"])


def test_count_entities_ranks_and_picks_the_usual_type():
    table = count_entities(mentions())
    assert table.values.tolist() == [["Kim", "PERSON", 3, 2], ["Putin", "PERSON", 2, 2], ["Russia", "GPE", 2, 2],
                                     ["Lavrov", "PERSON", 1, 1]]


@pytest.mark.parametrize("top, expected", [
    (1, ["Kim"]),
    (2, ["Kim", "Putin"]),         # Putin and Russia tie on mentions and articles: the name decides
    (3, ["Kim", "Putin", "Russia"]),
    (10, ["Kim", "Putin", "Russia", "Lavrov"]),
    (0, []),
])
def test_rank_top_entities_is_the_head_of_count_entities(top, expected):
    ranked = rank_top_entities(mentions(), top)
    assert ranked["entity"].tolist() == expected
    pd.testing.assert_frame_equal(ranked, count_entities(mentions()).head(top))


def test_rank_top_entities_without_mentions():
    assert rank_top_entities(mentions().iloc[:0], 5).empty


@pytest.mark.parametrize("unit, expected", [
    ("sentence", [("Kim", "Putin", 1), ("Putin", "Russia", 1)]),
    ("article", [("Kim", "Putin", 2), ("Kim", "Lavrov", 1), ("Kim", "Russia", 1), ("Putin", "Lavrov", 1),
                 ("Putin", "Russia", 1)]),
])  # in a pair, a is the more mentioned entity
def test_pairs_by_unit(unit, expected):
    cooc = compute_cooccurrence(mentions(), unit, top=10)
    assert [tuple(row) for row in cooc.pairs.itertuples(index=False)] == expected
    assert (cooc.matrix == cooc.matrix.T).all() and np.trace(cooc.matrix) == 0


def test_top_limits_the_entities():
    cooc = compute_cooccurrence(mentions(), "article", top=2)
    assert cooc.entities == ["Kim", "Putin"]
    assert cooc.matrix.tolist() == [[0, 2], [2, 0]]
    assert cooc.mentions.tolist() == [3, 2]


def test_no_mentions():
    cooc = compute_cooccurrence(mentions().iloc[0:0], "sentence")
    assert cooc.entities == [] and cooc.pairs.empty


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="unit"):
        compute_cooccurrence(mentions(), "paragraph")


@pytest.mark.parametrize("unit, expected", [
    ("sentence", [("a", 0, "Kim + Putin")]),
    ("article", [("a", 0, "Kim + Putin"), ("b", 0, "Kim"), ("b", 1, "Putin")]),
])
def test_find_shared_units(unit, expected):
    found = find_shared_units(mentions(), "Kim", "Putin", unit)
    assert [tuple(r) for r in found.itertuples(index=False)] == expected


@pytest.mark.parametrize("a, b", [("Kim", "Kim"), ("Kim", "Nobody")])
def test_no_shared_units_without_two_names(a, b):
    assert find_shared_units(mentions(), a, b).empty


def test_categorical_mentions_count_as_plain_ones():
    coded = mentions().astype({"article_id": "category", "canonical": "category", "label": "category"})
    assert count_entities(coded).equals(count_entities(mentions()))
    assert compute_cooccurrence(coded, "sentence").pairs.equals(compute_cooccurrence(mentions(), "sentence").pairs)
    assert (find_shared_units(coded, "Kim", "Putin", "article").astype({"article_id": str})
            .equals(find_shared_units(mentions(), "Kim", "Putin", "article")))


def test_layout_is_deterministic_bounded_and_parks_isolated_nodes():
    weights = np.array([[0, 5, 1, 0], [5, 0, 2, 0], [1, 2, 0, 0], [0, 0, 0, 0]])
    first, second = compute_network_layout(weights), compute_network_layout(weights)
    assert np.array_equal(first, second)
    assert np.abs(first).max() <= 1.0 + 1e-9
    assert first[3, 1] == -1.0 and first[:3, 1].min() > -1.0
    distance = np.linalg.norm(first[:, None] - first[None, :], axis=2)
    assert distance[0, 1] < distance[0, 2]  # the heavy edge pulls harder


@pytest.mark.parametrize("n", [0, 1, 2])
def test_layout_of_tiny_graphs(n):
    assert compute_network_layout(np.zeros((n, n))).shape == (n, 2)


def test_layout_keeps_a_small_separate_group_together_in_the_bottom_row():
    weights = np.zeros((6, 6))
    for a, b in [(0, 1), (1, 2), (0, 2), (2, 3), (4, 5)]:
        weights[a, b] = weights[b, a] = 1
    positions = compute_network_layout(weights)
    assert positions[4, 1] == positions[5, 1] == -1.0
    assert positions[:4, 1].min() > -1.0
    assert abs(positions[4, 0] - positions[5, 0]) == pytest.approx(2 / 3)  # neighbours in a row of two


@pytest.mark.parametrize("units, columns, size, expected", [
    ([0, 0, 0, 1, 1, 2], [0, 1, 1, 1, 2, 0], 3, [[0, 1, 0], [1, 0, 1], [0, 1, 0]]),  # a repeat counts once
    ([5, 5, 5], [2, 0, 1], 3, [[0, 1, 1], [1, 0, 1], [1, 1, 0]]),                      # every pair of a unit
    ([1, 0, 1, 0], [0, 1, 1, 0], 2, [[0, 2], [2, 0]]),                                  # units in any order
    ([0, 1, 2], [0, 1, 0], 2, [[0, 0], [0, 0]]),                                        # nobody shares a unit
    ([], [], 2, [[0, 0], [0, 0]]),
])
def test_count_shared_units(units, columns, size, expected):
    matrix = count_shared_units(np.array(units, dtype=np.int64), np.array(columns, dtype=np.int64), size)
    assert matrix.tolist() == expected
