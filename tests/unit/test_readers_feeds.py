"""The feed reader on hand-written RSS and Atom files (no fetching: pages are tested in tests/system/test_fetch.py)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.feeds import read_feed_bytes, read_feed_file
from storyline.records import Article, IngestOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OFFLINE = IngestOptions(fetch_feed_pages=False)


def read(name: str, options: IngestOptions = OFFLINE) -> list[Article | InputError]:
    """Everything a fixture feed yields."""
    return list(read_feed_file(FIXTURES / name, options))


def test_rss_entries_become_articles_from_their_summaries() -> None:
    first, second, third = read("feed.rss")
    assert first.title == "Kim and Putin meet at Russian spaceport"
    assert first.paragraphs == ("North Korean leader Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome.",
                                "The talks lasted several hours.")
    assert (first.url, first.outlet, first.author) == (
        "https://ledger.example/world/kim-putin-spaceport", "Harbour Ledger – World", "Mara Ellison")
    assert (first.published, first.published_source) == (date(2023, 9, 12), "feed")  # as written, not UTC
    assert first.note == "summary only: page fetching is off"
    assert (second.title, second.url, second.published, second.published_source) == (
        "Lavrov lands in Pyongyang", None, None, "unknown")
    assert isinstance(third, InputError)
    assert str(third).endswith("feed.rss, entry 3: the entry has no text (page fetching is off)")


def test_atom_entries_use_content_and_ignore_urn_links() -> None:
    first, second = read("feed.atom")
    assert first.paragraphs == ("Russian President Vladimir Putin arrived in Pyongyang early on Wednesday.",
                                "Kim Jong Un greeted him at the airport.")
    assert (first.author, first.published, first.outlet) == ("Jun Park", date(2024, 6, 19), "Pacific Desk")
    assert first.url == "https://pacific.example/2024/06/19/putin-pyongyang"
    assert (second.url, second.published) == (None, None)


def test_user_outlet_and_date_override_the_feed() -> None:
    options = IngestOptions(fetch_feed_pages=False, outlet="Mine", published=date(2025, 1, 1))
    first = read("feed.atom", options)[0]
    assert (first.outlet, first.published, first.published_source) == ("Mine", date(2025, 1, 1), "user")


def test_link_without_network_reason_is_noted() -> None:
    feed = (b'<rss version="2.0"><channel><title>T</title><item><title>A</title>'
            b'<link>ftp://files.example/a</link><description>Body text.</description></item></channel></rss>')
    [article] = list(read_feed_bytes(feed, "f.rss", IngestOptions()))
    assert article.note == "summary only: the entry has no web link"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty feed"),
    (b"   \n ", "empty feed"),
    (b"<html><body><p>Just a page</p></body></html>", "not an RSS or Atom feed"),
    (b"this is not xml at all", "not an RSS or Atom feed"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>', "has no entries"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>No entries</title></feed>', "has no entries"),
    (b'<rss version="2.0"><channel><title>Cut', "no entries"),
    (bytes(range(256)) * 8, "not an RSS or Atom feed"),
])
def test_malformed_and_empty_feeds_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        list(read_feed_bytes(data, "bad.xml", OFFLINE))
    assert caught.value.source == "bad.xml"


def test_malformed_feed_keeps_the_entries_it_recovers() -> None:
    feed = (b'<rss version="2.0"><channel><title>Broken &nbsp; wire</title><item><title>Kept</title>'
            b"<description>Recovered text &amp; more.</description></item><item><title>Cut off")
    items = list(read_feed_bytes(feed, "broken.rss", OFFLINE))
    assert [a.title for a in items if isinstance(a, Article)][:1] == ["Kept"]


def test_entry_with_no_title_takes_the_start_of_its_text() -> None:
    feed = (b'<rss version="2.0"><channel><title>T</title><item><description>'
            b"One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
            b"</description></item></channel></rss>")
    [article] = list(read_feed_bytes(feed, "f.rss", OFFLINE))
    assert article.title == "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen …"


def test_feed_bytes_are_never_taken_for_a_file_name(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><title>S</title><item><title>Leak</title>'
                      "<description>Secret.</description></item></channel></rss>")
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        list(read_feed_bytes(str(secret).encode(), "name.xml", OFFLINE))
