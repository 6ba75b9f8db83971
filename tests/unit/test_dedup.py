"""Wire copies: exact and near duplicates (truncated, prefixed), groups and their earliest member."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pandas as pd
import pytest

from storyline.ingest.dedup import (WireIndex, assign_wire_groups, containment, find_copies, fingerprint_from_stored,
                                    fingerprint_text, shingles)

WIRE = ("Russian President Vladimir Putin has accepted an invitation to visit North Korea, state media said "
        "Thursday, as Kim Jong Un wrapped up a rare trip to meet with his ally. The isolated leader, who seldom "
        "leaves his country, held talks with Putin on Wednesday at a spaceport in the far east. Among the results "
        "of the summit were Russian promises of help with the space program, according to news agencies, while "
        "Putin told reporters he saw possibilities for military cooperation. Western countries have repeatedly "
        "raised concerns of a possible arms agreement between the two countries as the war grinds on. Analysts "
        "said the meeting signals a seismic change in regional geopolitics and could reshape alliances for years.")
OTHER = ("A powerful earthquake struck central Morocco late on Friday, killing hundreds of people and damaging "
         "buildings from villages in the Atlas Mountains to the historic city of Marrakech. Rescue teams searched "
         "the rubble through the night while residents slept outdoors fearing aftershocks. The government "
         "declared three days of mourning and the army deployed to help reach remote areas cut off by rockfalls.")


def words(text: str, n: int) -> str:
    """The first n words of a text."""
    return " ".join(text.split()[:n])


@pytest.mark.parametrize("copy, expected_kind", [
    (WIRE, "exact"),
    (WIRE.upper().replace(",", " ,"), "exact"),                       # spacing and case do not matter
    (words(WIRE, 40), "near"),                                         # truncated: Jaccard ~0.3
    (words(WIRE, 20), "near"),                                         # truncated hard: Jaccard ~0.14
    ("By Staff Reporter. SEOUL (Wire) — " + WIRE, "near"),             # prefixed byline and dateline
    (WIRE + " Copyright 2023 The Wire. All rights reserved.", "near"),  # appended footer
    (OTHER, None),
    (words(WIRE, 6), None),                                            # too short to call a copy
])
def test_find_copies(copy, expected_kind):
    index = WireIndex()
    index.add("original", fingerprint_text(WIRE))
    links = find_copies("copy", copy, fingerprint_text(copy), index, lambda aid: WIRE)
    assert [link.kind for link in links] == ([expected_kind] if expected_kind else [])
    assert all(link.copy_of == "original" for link in links)


@pytest.mark.parametrize("a, b, expected", [
    ({"x", "y"}, {"x", "y", "z", "w"}, 1.0),
    ({"x", "y"}, {"x", "z"}, 0.5),
    (set(), {"x"}, 0.0),
])
def test_containment(a, b, expected):
    assert containment(a, b) == expected


def test_shingles_are_word_five_grams():
    assert shingles("One two three four five six") == {"one two three four five", "two three four five six"}


def frame(rows):
    """Articles frame with the columns assign_wire_groups needs."""
    return pd.DataFrame(rows, columns=["article_id", "published", "ingested_at"])


T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("links, expected_groups, expected_earliest", [
    ([], [None, None, None], [True, True, True]),
    ([("b", "a")], ["a", "a", None], [True, False, True]),
    ([("a", "b")], ["a", "a", None], [True, False, True]),              # direction does not matter
    ([("b", "a"), ("c", "b")], ["a", "a", "a"], [True, False, False]),  # transitive
    ([("b", "zz")], [None, None, None], [True, True, True]),            # a link to a removed article
])
def test_assign_wire_groups(links, expected_groups, expected_earliest):
    articles = frame([("a", date(2023, 9, 13), T0), ("b", date(2023, 9, 14), T0), ("c", date(2023, 9, 15), T0)])
    linked = pd.DataFrame(links, columns=["article_id", "copy_of"])
    result = assign_wire_groups(articles, linked)
    assert [None if pd.isna(g) else g for g in result["wire_group"]] == expected_groups
    assert list(result["wire_earliest"]) == expected_earliest


def test_earliest_member_is_by_publication_date_not_ingest_order():
    articles = frame([("late", date(2023, 9, 20), T0), ("early", date(2023, 9, 1), T0.replace(year=2025))])
    result = assign_wire_groups(articles, pd.DataFrame([("early", "late")], columns=["article_id", "copy_of"]))
    assert list(result["wire_group"]) == ["early", "early"]
    assert list(result["wire_size"]) == [2, 2]


def test_fingerprint_survives_the_store_round_trip():
    original = fingerprint_text(WIRE)
    restored = fingerprint_from_stored(original.digest, original.stored_values(), len(WIRE.split()))
    index = WireIndex()
    index.add("original", restored)
    assert find_copies("copy", WIRE[:300], fingerprint_text(WIRE[:300]), index, lambda aid: WIRE)[0].kind == "near"
    assert fingerprint_from_stored("x", [], 10) is None
