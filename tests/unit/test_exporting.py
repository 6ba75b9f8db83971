"""Exports: CSV cells a spreadsheet would execute are neutralised; JSON lines keep types readable."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from storyline.exporting import neutralise_cell, to_csv_text, to_jsonl_text


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"),
    ("+7 killed", "'+7 killed"),
    ("-3 degrees", "'-3 degrees"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTAB", "'\tTAB"),
    ("Kim said", "Kim said"),
    ("", ""),
    (3, 3),
    (None, None),
])
def test_neutralise_cell(cell, expected):
    assert neutralise_cell(cell) == expected


def test_csv_text_neutralises_every_text_column():
    table = pd.DataFrame({"title": ["=HYPERLINK(\"x\")", "Plain"], "n": [1, 2]})
    assert to_csv_text(table).splitlines() == ["title,n", "\"'=HYPERLINK(\"\"x\"\")\",1", "Plain,2"]


def test_jsonl_text_has_iso_dates_and_nulls():
    table = pd.DataFrame({"published": [date(2023, 9, 14), None], "outlet": ["A", None]})
    lines = [json.loads(line) for line in to_jsonl_text(table).splitlines()]
    assert lines == [{"published": "2023-09-14", "outlet": "A"}, {"published": None, "outlet": None}]
