"""The plain-text reader: title, front matter, page clutter, on hand-made texts and on the real dev corpus."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.text import drop_headline_echoes, is_breadcrumb, is_furniture, parse_text, read_text_file
from storyline.records import IngestOptions
from tests.conftest import SEED_FILE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEAD_CHECK = 4  # paragraphs at the top where a repeated headline would show


@pytest.mark.parametrize("raw, title, paragraphs, outlet", [
    ("Title\n\nFirst paragraph.\n\nSecond.", "Title", ("First paragraph.", "Second."), None),
    ("Home » World » Title\n\nTitle\n\nBody text.", "Title", ("Body text.",), None),
    ("Title\nBody.\n\nSource : The Japan Times", "Title", ("Body.",), "The Japan Times"),
    ("Title\r\nBody one.\r\n\r\nBody two.", "Title", ("Body one.", "Body two."), None),
    ("  Spaced   title \n\n  body   with   spaces ", "Spaced title", ("body with spaces",), None),
    ("Title\nSection name\nTitle\nBody.", "Title", ("Section name", "Body."), None),
    ("Title\nBody.\nADVERTISEMENT\nMore body.\nPlease enter your comment!", "Title", ("Body.", "More body."), None),
    ("Title\nA caption of the photo at the summit in Amur.\nBody.\n"
     "A caption of the photo at the summit in Amur. | KCNA / VIA AFP-JIJI\nEnd.", "Title", ("Body.", "End."), None),
])
def test_parse_text_reads_title_body_and_outlet(raw: str, title: str, paragraphs: tuple, outlet: str | None) -> None:
    article = parse_text(raw, "test.txt")
    assert (article.title, article.paragraphs, article.outlet) == (title, paragraphs, outlet)


@pytest.mark.parametrize("raw, expected", [
    ("---\ntitle: Given\noutlet: Wire\npublished: 2023-09-14\nurl: https://a.example/x\n---\nGiven\nBody.",
     {"title": "Given", "outlet": "Wire", "published": date(2023, 9, 14), "published_source": "user",
      "url": "https://a.example/x", "paragraphs": ("Body.",)}),
    ("---\ntitle: 'Quoted title'\n---\nFirst line kept\nBody.",
     {"title": "Quoted title", "paragraphs": ("First line kept", "Body.")}),
    ("---\nunknown: ignored\n---\nTitle\nBody.", {"title": "Title", "published_source": "unknown"}),
])
def test_front_matter_overrides_guesses(raw: str, expected: dict) -> None:
    article = parse_text(raw, "test.txt")
    assert {key: getattr(article, key) for key in expected} == expected


def test_options_override_front_matter() -> None:
    raw = "---\noutlet: Wire\npublished: 2023-09-14\n---\nTitle\nBody."
    article = parse_text(raw, "t.txt", IngestOptions(outlet="Mine", published=date(2024, 1, 2)))
    assert (article.outlet, article.published, article.published_source) == ("Mine", date(2024, 1, 2), "user")


@pytest.mark.parametrize("raw, reason", [
    ("", "no text"),
    ("Home » World » News", "no text"),
    ("Only a title", "no article text after the title"),
    ("---\npublished: someday\n---\nTitle\nBody.", "is not a date"),
])
def test_parse_text_refuses_clearly(raw: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        parse_text(raw, "bad.txt")
    assert caught.value.source == "bad.txt"


@pytest.mark.parametrize("line, expected", [
    ("Home » World", True), ("Accueil › Monde", True), ("A » B » C", True), ("News | Asia", True),
    ("Kim » said", False), ("Homeland security officials met", False),
])
def test_is_breadcrumb(line: str, expected: bool) -> None:
    assert is_breadcrumb(line) is expected


@pytest.mark.parametrize("line, expected", [
    ("ADVERTISEMENT", True), ("12 comments", True), ("___", True), ("Go to Contents", True),
    ("Share this article", True), ("Comments are closed after the summit", False), ("Advertising revenue fell", False),
])
def test_is_furniture(line: str, expected: bool) -> None:
    assert is_furniture(line) is expected


def test_headline_echo_dropped_only_near_the_top() -> None:
    lines = ["Section", "The Title", "Body"] + ["More"] * 5 + ["The title"]
    assert drop_headline_echoes(lines, "The title") == ["Section", "Body"] + ["More"] * 5 + ["The title"]


def test_seed_article() -> None:
    article = read_text_file(SEED_FILE)
    assert article.title == "After Russia Meeting, Putin Accepts Kim’s Invite to North Korea"
    assert (article.outlet, article.published, article.published_source) == (
        "The Japan Times", date(2023, 9, 14), "user")
    assert article.paragraphs[0].startswith("SEOUL – Russian President Vladimir Putin has accepted")
    assert not any("»" in p or p.startswith("Source") for p in article.paragraphs)
    assert sum("leave a welcome banquet" in p for p in article.paragraphs) == 0  # both caption copies dropped
    assert article.paragraphs[-1].startswith("“There have been many summit meetings")


def test_french_fixture_is_read_and_marked_french() -> None:
    from storyline.ingest.sources import read_inputs
    [article] = list(read_inputs([str(FIXTURES / "french.txt")]))
    assert article.language == "fr"
    assert article.title == "Kim assure à Poutine le soutien de la Corée du Nord"


def test_every_dev_article_title_matches_the_index(shared_corpus: Path) -> None:
    rows = [json.loads(line) for line in (shared_corpus / "dev" / "index.jsonl").read_text().splitlines()]
    found = {row["id"]: read_text_file(shared_corpus / "dev" / f"{row['id']}.txt").title for row in rows}
    assert found == {row["id"]: row["title"] for row in rows}


def test_dev_articles_keep_their_text_and_drop_headline_echoes(shared_corpus: Path) -> None:
    for path in sorted((shared_corpus / "dev").glob("*.txt")):
        article = read_text_file(path)
        assert len(article.text.split()) >= 50, path.name
        assert article.title not in article.paragraphs[:HEAD_CHECK], path.name


def test_dev_seed_copy_reads_outlet_from_source_line(shared_corpus: Path) -> None:
    article = read_text_file(shared_corpus / "dev" / "00_seed_japantimes_putin_accepts_invite.txt")
    assert article.outlet == "The Japan Times"
    assert article.published is None and article.published_source == "unknown"
