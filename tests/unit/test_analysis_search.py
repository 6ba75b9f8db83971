"""Free-text search: terms, SQL patterns, and matching rows."""
from __future__ import annotations

import pandas as pd
import pytest

from storyline.analysis.search import like_pattern, match_rows, search_terms


@pytest.mark.parametrize("search, expected", [
    ("", []), ("  treaty ", ["treaty"]), ('treaty "Kursk region" troops', ["treaty", "Kursk region", "troops"]),
    ('"unclosed phrase', ['"unclosed', "phrase"]), ('""', ['""']),
])
def test_search_terms(search, expected):
    assert search_terms(search) == expected


@pytest.mark.parametrize("term, expected", [("Kim", "%Kim%"), ("100%", "%100\\%%"), ("a_b", "%a\\_b%"),
                                            ("c:\\x", "%c:\\\\x%")])
def test_like_pattern(term, expected):
    assert like_pattern(term) == expected


@pytest.mark.parametrize("search, expected", [
    ("", [True, True, True]), ("lavrov", [True, False, True]), ("lavrov tass", [False, False, True]),
    ('"Kim Jong"', [False, True, False]), ("(", [False, False, False]),
])
def test_match_rows(search, expected):
    table = pd.DataFrame({"text": ["Lavrov said", "Kim Jong Un", None], "outlet": ["Yonhap", "TASS", "TASS Lavrov"]})
    assert match_rows(table, ["text", "outlet"], search).tolist() == expected


@pytest.mark.parametrize("search, expected", [
    ("tass", [True, True, False, True]), ("TASS 2023", [True, False, False, True]), ("ß", [False] * 4),
    ("ÉTÉ", [False, False, True, False]),
])
def test_match_rows_matches_each_distinct_value_once_for_every_row(search, expected):
    table = pd.DataFrame({"outlet": pd.Series(["TASS", "TASS", "Le Monde", "TASS"], dtype="category"),
                          "title": ["Summit 2023", "Talks", "Un été", "Summit 2023"], "n": [1, 2, 3, 4]})
    assert match_rows(table, ["outlet", "title", "n"], search).tolist() == expected
