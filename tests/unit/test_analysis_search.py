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
