"""JSONL and CSV exports: good rows read, each bad row reported with its file and line, the rest still read."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.exports import csv_dialect_delimiter, read_export_file
from storyline.records import Article, IngestOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def outcomes(path: Path, options: IngestOptions | None = None) -> list[str]:
    """Each item read, as "article: <title>" or "error: <message without the folder>" (raised errors last)."""
    folder = str(path.parent) + "/"
    found = []
    try:
        for item in read_export_file(path, options):
            found.append(f"article: {item.title}" if isinstance(item, Article) else f"error: {item}")
    except InputError as exc:
        found.append(f"error: {exc}")
    return [line.replace(folder, "") for line in found]


def test_jsonl_fixture_rows_and_errors() -> None:
    assert outcomes(FIXTURES / "export.jsonl") == [
        "article: Kim and Putin meet at Russian spaceport",
        "error: export.jsonl, line 2: missing required 'text'",
        "error: export.jsonl, line 3: not valid JSON (Unterminated string starting at at column 33)",
        "error: export.jsonl, line 4: missing required 'title'",
        "error: export.jsonl, line 5: a JSON list, not an object",
        "article: Lavrov in Pyongyang",
        "error: export.jsonl, line 8: 'published' value 'next Thursday' is not a date",
    ]


def test_jsonl_fields() -> None:
    first, *_ = read_export_file(FIXTURES / "export.jsonl")
    assert first.paragraphs == ("Kim Jong Un met Vladimir Putin on Wednesday.", "The talks lasted several hours.")
    assert (first.url, first.outlet, first.published, first.published_source, first.note) == (
        "https://ledger.example/world/kim-putin-spaceport", "The Harbour Ledger", date(2023, 9, 13), "metadata", None)


def test_feed_item_rows_map_link_description_and_date() -> None:
    lavrov = [a for a in read_export_file(FIXTURES / "export.jsonl") if isinstance(a, Article)][1]
    assert lavrov.paragraphs == ("Russia's foreign minister arrived for a two-day visit.",)
    assert (lavrov.url, lavrov.outlet, lavrov.published) == (
        "https://ledger.example/2023/10/18/lavrov", "Pacific Desk", date(2023, 10, 18))
    assert lavrov.note.startswith("summary only:")


def test_csv_fixture_with_embedded_newlines_and_doubled_quotes() -> None:
    items = list(read_export_file(FIXTURES / "export.csv"))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    first, error, third = items
    assert first.paragraphs == ("Kim Jong Un met Vladimir Putin.", 'They talked for hours, saying "progress" was made.')
    assert str(error).endswith("export.csv, row 2 (line 5): missing required 'text'")
    assert (third.published, third.published_source) == (date(2024, 6, 19), "url")


@pytest.mark.parametrize("content, expected", [
    ("title;text;outlet\nT;Body;Wire\n", ["article: T"]),
    ("title\ttext\nT\tBody\n", ["article: T"]),
    ("Title,TEXT\nT,Body\n\n,\n", ["article: T"]),
    ("title,text\nT,Body,extra,cells\nU\n", ["article: T", "error: e.csv, row 2 (line 3): missing required 'text'"]),
    ("title,body\nT,Body\n", ["error: e.csv: no 'text' column (columns: title, body)"]),
    ("url,outlet\nhttp://a,b\n", ["error: e.csv: no 'title' or 'text' column (columns: url, outlet)"]),
    ("title,text\n", ["error: e.csv: no rows after the header"]),
    ("title,description\nT,<p>Summary</p>\n", ["article: T"]),
    ("title,text,published\nT,Body,13 September 2023\nU,Body,13/13/2023\n",
     ["article: T", "error: e.csv, row 2 (line 3): 'published' value '13/13/2023' is not a date"]),
])
def test_csv_tables(tmp_path: Path, content: str, expected: list[str]) -> None:
    path = tmp_path / "e.csv"
    path.write_text(content, encoding="utf-8")
    assert outcomes(path) == expected


@pytest.mark.parametrize("lines, expected", [
    (['{"title": "T", "text": "Body"}'], ["article: T"]),
    (['{"title": "T", "text": ["a", "list"]}'], ["error: e.jsonl, line 1: 'text' holds a list, not text"]),
    (['{"title": 42, "text": "Numbers are text"}'], ["article: 42"]),
    (['{"title": "T", "text": "   "}'], ["error: e.jsonl, line 1: missing required 'text'"]),
    (["{}"], ["error: e.jsonl, line 1: missing required 'title' and 'text'"]),
    (['"a string"', "", '{"title": "U", "text": "x"}'],
     ["error: e.jsonl, line 1: a JSON str, not an object", "article: U"]),
])
def test_jsonl_tables(tmp_path: Path, lines: list[str], expected: list[str]) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert outcomes(path) == expected


def test_long_csv_cells_are_read(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text('title,text\nT,"' + "word " * 60_000 + '"\n', encoding="utf-8")
    [article] = read_export_file(path)
    assert len(article.text.split()) == 60_000


def test_user_options_override_rows(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps({"title": "T", "text": "B", "outlet": "Row", "published": "2020-01-02"}) + "\n")
    [article] = read_export_file(path, IngestOptions(outlet="Mine", published=date(2024, 5, 6)))
    assert (article.outlet, article.published, article.published_source) == ("Mine", date(2024, 5, 6), "user")


@pytest.mark.parametrize("header, delimiter", [
    ("title,text", ","), ("title;text;url", ";"), ("title\ttext", "\t"), ("title|text", "|"), ("title", ","),
])
def test_csv_delimiter(header: str, delimiter: str) -> None:
    assert csv_dialect_delimiter(header) == delimiter


def test_shared_feed_items_are_read_as_summaries(shared_corpus: Path) -> None:
    path = shared_corpus / "feeds" / "rss_items_north_korea_2023-09_to_10.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = list(read_export_file(path))
    articles = [item for item in items if isinstance(item, Article)]
    assert len(items) == len(rows)
    assert len(articles) >= 0.95 * len(rows), [str(i) for i in items if not isinstance(i, Article)][:5]
    assert all(a.published_source == "metadata" and a.note.startswith("summary only") for a in articles)
    first = articles[0]
    assert (first.outlet, first.url, first.published) == (rows[0]["outlet"], rows[0]["link"], date(2023, 9, 4))
