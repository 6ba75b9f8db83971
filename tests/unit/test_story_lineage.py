"""Quote lineage: a short quote joins a longer one only when its words keep their order there (a trimmed copy),
not when they are scattered through a different statement."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storyline.story.lineage import (MIN_CONTAINED_TOKENS, assign_lineage_groups, carried_words, first_in_pairs,
                                     fold_quotes, group_folded_quotes, lists_by_group, moment_order, pair_containment,
                                     pair_incidence, ranked_values, speaker_codes)

SHORT = "We will always be in Russia."  # 6 distinct words, all of them common
# A different statement holding every word of SHORT, scattered.
SCATTERED = ("We will be in close contact with Russia, and the Workers' Party will always stand with its friends "
             "whatever the imperialists say.")
LONG = ("Russia and the DPRK will always be together in the sacred struggle, and we will never forget who stood "
        "with us when it mattered most.")


def grouped(first: str, second: str) -> bool:
    """Whether two quotes of different speakers fall in one lineage group."""
    frame = pd.DataFrame({"text": [first, second], "speaker": ["Kim Jong Un", None]})
    found = assign_lineage_groups(frame)
    return bool(found.iloc[0] == found.iloc[1])


@pytest.mark.parametrize("first, second, same", [
    (SHORT, SCATTERED, False),                                           # the false positive: scattered words
    ("We will always be in Russia", "we will always be in russia and nowhere else, whatever the west says", True),
    ("will always be together in the sacred", LONG, True),               # a trimmed copy of a long quote (7 words)
    ("the DPRK will always be together", LONG, True),                    # trimmed to 6 words, still in order
    ("always together the DPRK will be", LONG, False),                   # the same words, shuffled
    ("We will always be with Russia.", "We will always be in Russia", True),         # one word changed, same length
    ("Our cooperation is not directed against anyone",
     "OUR COOPERATION IS NOT DIRECTED AGAINST ANY COUNTRY", True),       # one word changed, one added
    ("we will never forget who stood with us when it mattered", LONG, True),         # long enough: words suffice
])
def test_short_quotes_join_longer_ones_only_in_order(first, second, same):
    assert grouped(first, second) is same


def test_the_false_positive_quote_is_short_enough_to_need_its_order():
    assert len(set(SHORT.lower().strip(".").split())) < MIN_CONTAINED_TOKENS


@pytest.mark.parametrize("keys, shared", [
    (["we will always", "always we will"], [[2, 1], [1, 2]]),          # "we will" in both, in order
    (["we will we will", "russia", ""], [[2, 0, 0], [0, 0, 0], [0, 0, 0]]),  # pairs once each; one word: none
])
def test_pair_incidence(keys, shared):
    matrix = pair_incidence(np.array(keys, dtype=object))
    assert (matrix @ matrix.T).toarray().tolist() == shared


@pytest.mark.parametrize("shorter, longer, share", [
    ("a b c d", "x a b c d y", 1.0),
    ("a b c d", "d c b a", 0.0),
    ("a b c d", "a b x c d", 2 / 3),
    ("a", "a b", 0.0),   # no pair to find: nothing shows the order
])
def test_pair_containment(shorter, longer, share):
    keys = np.array([shorter, longer], dtype=object)
    assert pair_containment(keys, np.array([0]), np.array([1]))[0] == pytest.approx(share)


# ----- the vectorised helpers behind compute_quote_lineage ------------------------------------------------------

@pytest.mark.parametrize("texts, codes, distinct", [
    (["Hello, World!", "hello world", None, "Other words"], [0, 0, 1, 2], ["hello world", "", "other words"]),
    (["b b", "A", "a", "B  B"], [0, 1, 1, 0], ["b b", "a"]),            # first appearance order, folded once
    ([], [], []),
])
def test_fold_quotes(texts, codes, distinct):
    found_codes, found_distinct = fold_quotes(pd.Series(texts, dtype="str"))
    assert found_codes.tolist() == codes and found_distinct.tolist() == distinct


@pytest.mark.parametrize("speakers, expected", [
    (["Kim", "KIM", None, "Putin", None], [0, 0, 1, 2, 1]),             # case set aside; missing names share a code
    ([], []),
])
def test_speaker_codes(speakers, expected):
    assert speaker_codes(pd.Series(speakers, dtype="str")).tolist() == expected


@pytest.mark.parametrize("groups, values, count, expected", [
    ([0, 0, 2], ["a", "b", "c"], 3, [["a", "b"], [], ["c"]]),           # a group with no row: an empty list
    ([], [], 2, [[], []]),
])
def test_lists_by_group(groups, values, count, expected):
    assert lists_by_group(np.array(groups, dtype=np.int64), np.array(values, dtype=object), count) == expected


@pytest.mark.parametrize("groups, codes, expected", [
    ([0, 0, 0, 1, 1], [3, -1, 3, 3, 2], [0, 3, 4]),                     # once per (group, code), missing left out
    ([0, 1], [-1, -1], []),
])
def test_first_in_pairs(groups, codes, expected):
    assert first_in_pairs(np.array(groups), np.array(codes)).tolist() == expected


@pytest.mark.parametrize("groups, values, count, expected", [
    ([0, 0, 0, 1], ["Kim", "Putin", "Putin", None], 2, [["Putin", "Kim"], []]),   # most frequent first
    ([0, 0, 1, 1], ["Kim", "Putin", "Lavrov", "Lavrov"], 3, [["Kim", "Putin"], ["Lavrov"], []]),  # ties: first seen
])
def test_ranked_values(groups, values, count, expected):
    assert ranked_values(np.array(groups), pd.Series(values, dtype="str"), count) == expected


@pytest.mark.parametrize("rows, expected", [
    # group, variant, text: the most carried wording wins, then the longer one, then the earlier variant
    ([(0, 1, "short"), (0, 2, "longer one"), (0, 2, "longer one"), (1, 1, "x")], ["longer one", "x"]),
    ([(0, 1, "ab"), (0, 2, "abc")], ["abc"]),                           # a tie in carriers: the longer
    ([(0, 1, "ab"), (0, 2, "cd")], ["ab"]),                             # a full tie: the earlier variant
    ([(0, 1, None), (0, 1, "kept")], ["kept"]),                         # a missing text is passed over
])
def test_carried_words(rows, expected):
    frame = pd.DataFrame(rows, columns=["group", "variant", "text"]).astype({"text": "str"})
    assert carried_words(frame, len(expected)).tolist() == expected


@pytest.mark.parametrize("values, expected", [
    (["2023-09-13", None, "2023-09-12"], [1, 2, 0]),
    (["not a date", "2023-09-12"], [1, 0]),                             # unreadable: last
])
def test_moment_order_sorts_missing_last(values, expected):
    assert np.argsort(moment_order(pd.Series(values, dtype=object)), kind="stable").argsort().tolist() == expected


@pytest.mark.parametrize("texts, speakers, expected", [
    (["Great victory", "great victory!", "Great victory"], ["Kim", "Putin", "kim"], [0, 1, 0]),  # short: by speaker
    (["We will always be in Russia", "Short", "we will always be in russia today"], ["A", "B", "C"], [0, 1, 0]),
])
def test_group_folded_quotes(texts, speakers, expected):
    codes, distinct = fold_quotes(pd.Series(texts, dtype="str"))
    found = group_folded_quotes(codes, distinct, speaker_codes(pd.Series(speakers, dtype="str")))
    assert found.tolist() == expected
