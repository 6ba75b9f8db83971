"""Quote lineage: a short quote joins a longer one only when its words keep their order there (a trimmed copy),
not when they are scattered through a different statement."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storyline.story.lineage import MIN_CONTAINED_TOKENS, assign_lineage_groups, pair_containment, word_pairs

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


@pytest.mark.parametrize("words, pairs", [
    ("we will always", {("we", "will"), ("will", "always")}),
    ("russia", set()),
    ("", set()),
])
def test_word_pairs(words, pairs):
    assert word_pairs(words) == pairs


@pytest.mark.parametrize("shorter, longer, share", [
    ("a b c d", "x a b c d y", 1.0),
    ("a b c d", "d c b a", 0.0),
    ("a b c d", "a b x c d", 2 / 3),
    ("a", "a b", 0.0),   # no pair to find: nothing shows the order
])
def test_pair_containment(shorter, longer, share):
    keys = np.array([shorter, longer], dtype=object)
    assert pair_containment(keys, np.array([0]), np.array([1]))[0] == pytest.approx(share)
