"""The dashboard's pure helpers: box selections, Markdown escaping, and the checks before an ingest runs."""
from __future__ import annotations

import sys
from datetime import date

import pandas as pd
import pytest

from components.charts import selected_days
from components.ingest_runner import check_uploads, check_urls, ingest_command, parse_event, safe_file_name
from components.page import escape_markdown
from components.tables import drop_empty_links


@pytest.mark.parametrize("selection, expected", [
    ({"box": [{"x": ["2023-09-20 05:33:20.0", "2023-09-12 11:00"], "y": [0, 5]}], "points": []},
     (date(2023, 9, 12), date(2023, 9, 20))),
    ({"box": [], "points": [{"x": "2023-10-19"}, {"x": "2023-10-18"}]}, (date(2023, 10, 18), date(2023, 10, 19))),
    ({"box": [], "points": []}, None),
    ({"box": [{"x": ["not a date", "either"]}]}, None),
])
def test_selected_days(selection, expected):
    assert selected_days(selection) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kim Jong Un", "Kim Jong Un"),
    ("$100 *bold* [x](javascript:y) <b>", "\\$100 \\*bold\\* \\[x\\](javascript\\:y) \\<b\\>"),
    (":red[x] a_b `c` ~d~ e|f \\", "\\:red\\[x\\] a\\_b \\`c\\` \\~d\\~ e\\|f \\\\"),
])
def test_escape_markdown(text, expected):
    assert escape_markdown(text) == expected


def test_check_urls_splits_good_and_bad_lines():
    good, bad = check_urls("https://a.example/x\n  \n# a comment\nftp://b.example\nnot a url\nhttps://a.example/x\n")
    assert good == ["https://a.example/x"]
    assert bad == [("ftp://b.example", "not an http(s) URL"), ("not a url", "not an http(s) URL")]


def test_check_uploads_refuses_archives_big_files_and_too_many(monkeypatch):
    monkeypatch.setattr("components.ingest_runner.MAX_FILES", 2)
    keep, refused = check_uploads([("a.txt", 10), ("b.ZIP", 10), ("c.csv", 11 * 1024 * 1024), ("d.html", 5),
                                   ("e.jsonl", 5), ("noext", 1)])
    assert keep == [0, 3]
    assert [name for name, _ in refused] == ["b.ZIP", "c.csv", "e.jsonl", "noext"]
    assert "archives are not unpacked" in refused[0][1] and "MB limit" in refused[1][1]


@pytest.mark.parametrize("name, expected", [("story.txt", "story.txt"), ("../../etc/passwd", "passwd"),
                                            ("C:\\x\\my file (1).html", "my_file_1_.html"), ("...", "upload")])
def test_safe_file_name(name, expected):
    assert safe_file_name(name) == expected


@pytest.mark.parametrize("line, expected", [
    ('{"event": "progress", "done": 1, "total": 3}\n', {"event": "progress", "done": 1, "total": 3}),
    ("added 1, updated 0\n", {}), ("[1, 2]", {}),
])
def test_parse_event(line, expected):
    assert parse_event(line) == expected


def test_ingest_command_puts_inputs_after_a_separator(tmp_path):
    command = ingest_command(["-odd-name.txt"], store=tmp_path, outlet=" TASS ", published=date(2023, 9, 13),
                             feed=True)
    assert command[:3] == [sys.executable, "-m", "storyline"]
    assert command[3:] == ["--store", str(tmp_path), "ingest", "--json", "--outlet", "TASS", "--published",
                           "2023-09-13", "--feed", "--", "-odd-name.txt"]


@pytest.mark.parametrize("columns, expected", [
    ({"title": ["a", "b"], "url": [None, None]}, ["title"]),
    ({"title": ["a", "b"], "url": [None, "https://a.example/x"]}, ["title", "url"]),
    ({"title": [], "url": []}, ["title"]),
    ({"title": ["a"]}, ["title"]),
])
def test_drop_empty_links(columns, expected):
    assert list(drop_empty_links(pd.DataFrame(columns)).columns) == expected
