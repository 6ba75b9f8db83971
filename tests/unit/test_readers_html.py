"""The HTML reader: body and metadata of a hand-written page, encodings, and a sample of the real benchmark pages."""
from __future__ import annotations

import gzip
import json
import re
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.html import (
    declared_charset, declared_url, markup_to_paragraphs, outlet_name, parse_html, read_html_file,
)
from storyline.records import IngestOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = (FIXTURES / "article.html").read_text(encoding="utf-8")
BENCHMARK_SAMPLE = 12  # pages read from ../shared/corpus/html, spread over the sorted list
MIN_MEAN_RECALL = 0.9  # trafilatura alone reaches 0.97 over the 181 pages


def test_fixture_page_body_and_metadata() -> None:
    article = read_html_file(FIXTURES / "article.html")
    assert article.title == "Kim and Putin meet at Russian spaceport"
    assert (article.author, article.outlet) == ("Mara Ellison", "The Harbour Ledger")
    assert article.url == "https://ledger.example/world/kim-putin-spaceport"
    assert (article.published, article.published_source) == (date(2023, 9, 13), "metadata")
    assert article.paragraphs[0].startswith("North Korean leader Kim Jong Un met Russian President")
    assert article.paragraphs[-1].startswith("Analysts in Seoul said")
    assert len(article.paragraphs) == 6
    for clutter in ("Privacy policy", "Markets close higher", "Business", "Related stories", "All rights reserved"):
        assert clutter not in article.text


def test_options_and_given_url_take_precedence() -> None:
    options = IngestOptions(outlet="Mine", published=date(2024, 1, 2))
    article = parse_html(ARTICLE, "page", options, url="https://mirror.example/copy")
    assert (article.outlet, article.published, article.published_source) == ("Mine", date(2024, 1, 2), "user")
    assert article.url == "https://mirror.example/copy"


def test_copyright_year_is_not_taken_for_a_day() -> None:
    undated = re.sub(r'<meta property="article:published_time"[^>]*>|<time[^>]*>[^<]*</time>', "", ARTICLE)
    assert "© 2023" in undated
    assert parse_html(undated, "page").published is None


def test_day_from_the_url_when_the_page_states_none() -> None:
    undated = re.sub(r'<meta property="article:published_time"[^>]*>|<time[^>]*>[^<]*</time>', "", ARTICLE)
    article = parse_html(undated, "page", url="https://ledger.example/2023/09/14/kim-putin")
    assert (article.published, article.published_source) == (date(2023, 9, 14), "url")
    assert parse_html(undated, "page").published_source == "unknown"


def test_gzipped_page_is_read(tmp_path: Path) -> None:
    path = tmp_path / "article.html.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    assert read_html_file(path).title == "Kim and Putin meet at Russian spaceport"


@pytest.mark.parametrize("encoding, meta", [
    ("cp1251", '<meta charset="windows-1251">'),
    ("cp1252", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
    ("utf-16", ""),
    ("utf-8", ""),
])
def test_page_encodings(encoding: str, meta: str) -> None:
    words = "Путин и Ким" if encoding == "cp1251" else "café “crème”"
    page = (ARTICLE.replace('<meta charset="utf-8">', meta)
            .replace("the first meeting between", f"the first meeting ({words}) between"))
    article = parse_html(page.encode(encoding), "page")
    assert f"({words})" in article.paragraphs[0]


@pytest.mark.parametrize("raw, charset", [
    (b'<html><head><meta charset="utf-8">', "utf-8"), (b"<meta charset=windows-1251 />", "windows-1251"),
    (b'<meta http-equiv="content-type" content="text/html; charset=ISO-8859-1">', "ISO-8859-1"),
    (b"<html><body>no charset</body></html>", None),
])
def test_declared_charset(raw: bytes, charset: str | None) -> None:
    assert declared_charset(raw) == charset


@pytest.mark.parametrize("fragment, paragraphs", [
    ("<p>One <b>bold</b> line.</p><p>Two &amp; three.</p>", ["One bold line.", "Two & three."]),
    ("Line one<br>Line two<br/>", ["Line one", "Line two"]),
    ("<ul><li>First</li><li>Second</li></ul><!-- hidden -->", ["First", "Second"]),
    ("plain text &eacute;t&eacute;", ["plain text été"]),
    ("3 < 5 and 7 > 2", ["3 < 5 and 7 > 2"]),
    ("Text then <b unclosed", ["Text then"]),
    ("", []),
])
def test_markup_to_paragraphs(fragment: str, paragraphs: list[str]) -> None:
    assert markup_to_paragraphs(fragment) == paragraphs


@pytest.mark.parametrize("url, expected", [
    ("https://a.example/world/story", "https://a.example/world/story"), ("https://a.example/", None),
    ("https://a.example", None), ("urn:uuid:123", None), (None, None), ("http://[broken/x", None),
])
def test_declared_url(url: str | None, expected: str | None) -> None:
    assert declared_url(url) == expected


@pytest.mark.parametrize("site, expected", [
    ("Autoracing | F1 | Indy", "Autoracing"), ("CNBC", "CNBC"), ("", None), (None, None), (" | Wire", "Wire"),
])
def test_outlet_name(site: str | None, expected: str | None) -> None:
    assert outlet_name(site) == expected


def shingles(text: str) -> set[tuple[str, ...]]:
    """Word 4-grams, as the benchmark scorer counts them."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 4]) for i in range(max(len(words) - 3, 1))}


def test_benchmark_sample_bodies_match_ground_truth(shared_corpus: Path) -> None:
    truth = json.loads((shared_corpus / "html" / "ground-truth.json").read_text())
    pages = sorted((shared_corpus / "html" / "html").glob("*.html.gz"))
    step = len(pages) // BENCHMARK_SAMPLE
    recalls = {}
    for page in pages[::step][:BENCHMARK_SAMPLE]:
        key = page.name.removesuffix(".html.gz")
        article = parse_html(gzip.decompress(page.read_bytes()), str(page), IngestOptions())
        gold = shingles(truth[key]["articleBody"])
        recalls[key] = len(gold & shingles(article.text)) / len(gold)
        assert article.title and article.paragraphs, key
    assert sum(recalls.values()) / len(recalls) >= MIN_MEAN_RECALL, recalls


def test_benchmark_pages_with_a_url_date_get_a_day(shared_corpus: Path) -> None:
    truth = json.loads((shared_corpus / "html" / "ground-truth.json").read_text())
    key = next(k for k, v in sorted(truth.items()) if "/2019/11/20/" in (v.get("url") or ""))
    raw = gzip.decompress((shared_corpus / "html" / "html" / f"{key}.html.gz").read_bytes())
    article = parse_html(raw, key, url=truth[key]["url"])
    assert article.published == date(2019, 11, 20)
    assert article.published_source in ("metadata", "url")


@pytest.mark.parametrize("raw, reason", [
    ("", "empty page"),
    ("<html><head><title>Menu</title></head><body><nav>Home</nav></body></html>", "no article text"),
    ("<html><body>" + "".join(f'<a href="/p{i}">link number {i}</a> ' for i in range(2000)) + "</body></html>",
     "list of links"),
])
def test_pages_without_an_article_refused(raw: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        parse_html(raw, "page")


def test_page_bytes_above_the_limit_refused() -> None:
    with pytest.raises(InputError, match="above the 100-byte limit"):
        parse_html(ARTICLE.encode(), "page", IngestOptions(max_bytes=100))
