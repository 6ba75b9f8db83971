"""RSS and Atom feeds: one article per entry, from the entry's page when it can be read, else from the feed.

An entry's text comes from its web page (fetched when `fetch_feed_pages` is on and the link is http(s));
otherwise from the entry's own content or summary with the markup stripped, and the article's note says
"summary only: <why the page was not read>". The publication day comes from the entry ("feed"), the outlet
from the feed's title unless the user names one. Entries without a link or a date are still read; an entry
with no text at all is reported as an InputError naming the feed and the entry.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import feedparser

from storyline.errors import InputError
from storyline.ingest.files import read_capped
from storyline.ingest.html import fallback_title, markup_to_paragraphs
from storyline.ingest.metadata import parse_published
from storyline.records import Article, IngestOptions, make_article

DATE_FIELDS = ("published", "updated", "created")
FETCH_THREADS = 4  # entry pages fetched at once: enough to overlap slow servers, few enough to be polite
FETCH_BATCH = 4 * FETCH_THREADS  # entries whose pages are fetched before any of them is handed on
RSS_AUTHOR = re.compile(r"^[^\s()]+@[^\s()]+\s*\((?P<name>[^()]+)\)$")


def parse_feed(data: bytes, source: str, url: str | None = None):
    """feedparser's result for feed bytes; InputError when they are not a feed or hold no entries."""
    if not data.strip():
        raise InputError(source, "empty feed")
    headers = {"content-location": url} if url else None  # relative entry links resolve against the feed URL
    try:
        # A stream, never bytes or str: feedparser would fetch a str URL and try bytes as a file name.
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # noqa: BLE001 - feedparser's SAX and sgml fallbacks fail in many ways on junk
        raise InputError(source, f"not a readable feed ({type(exc).__name__}: {exc})") from exc
    if not parsed.get("version") and not parsed.entries:
        problem = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        raise InputError(source, f"not an RSS or Atom feed{problem}")
    if not parsed.entries:
        raise InputError(source, "the feed has no entries")
    return parsed


def entry_day(entry) -> date | None:
    """The entry's publication day as written in the feed (no shift to UTC), else from feedparser's parse."""
    for name in DATE_FIELDS:
        if day := parse_published(entry.get(name)):
            return day
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            return date(*parsed[:3])
    return None


def entry_summary(entry) -> list[str]:
    """Paragraphs of the entry's own text: its content when longer than its summary."""
    texts = [part.get("value", "") for part in entry.get("content", []) or []] + [entry.get("summary", "")]
    return markup_to_paragraphs(max(texts, key=len))


def entry_link(entry) -> str | None:
    """The entry's web link (feedparser falls back to the entry id, which may be a urn:)."""
    link = (entry.get("link") or "").strip()
    return link if link.lower().startswith(("http://", "https://")) else None


def entry_author(entry) -> str | None:
    """The entry author's name ("desk@example.com (Name)" in RSS gives "Name")."""
    # feedparser's own split cuts e-mail domains longer than four letters ("ple (Name" from "x@a.example (Name)")
    author = " ".join((entry.get("author") or "").split())
    match = RSS_AUTHOR.match(author)
    return match.group("name").strip() if match else author or None


def read_entry_page(link: str | None, options: IngestOptions) -> tuple[Article | None, str]:
    """The article on the entry's page, or None with the reason it was not read."""
    if not options.fetch_feed_pages:
        return None, "page fetching is off"
    if not link:
        return None, "the entry has no web link"
    from storyline.ingest.web import read_page
    try:
        return read_page(link, options), ""
    except InputError as exc:
        return None, exc.reason


def read_entry_pages(entries: list, options: IngestOptions) -> Iterator[tuple[Article | None, str]]:
    """Each entry's page (see read_entry_page), in the entries' order, fetched a few at a time: reading a feed's
    pages one after another mostly waits on their servers."""
    def read(entry) -> tuple[Article | None, str]:
        return read_entry_page(entry_link(entry), options)

    if not options.fetch_feed_pages:
        yield from map(read, entries)  # nothing to wait on
        return
    for start in range(0, len(entries), FETCH_BATCH):
        # The pool ends before anything is yielded: a generator abandoned while it held one would shut the pool
        # down from the garbage collector, which can deadlock CPython's thread bookkeeping (a test run hung so).
        with ThreadPoolExecutor(max_workers=FETCH_THREADS) as pool:
            pages = list(pool.map(read, entries[start:start + FETCH_BATCH]))
        yield from pages


def entry_article(entry, page: Article | None, why_not: str, feed_title: str | None, source: str, where: str,
                  options: IngestOptions) -> Article:
    """One feed entry as an article, given its page or why there is none (see the module docstring for where each
    field comes from)."""
    title = " ".join(markup_to_paragraphs(entry.get("title", "")))
    link = entry_link(entry)
    paragraphs = list(page.paragraphs) if page else entry_summary(entry)
    if not paragraphs:
        raise InputError(where, f"the entry has no text ({why_not})" if why_not else "the entry has no text")
    published, published_source = (options.published, "user") if options.published else (entry_day(entry), "feed")
    if published is None and page is not None:
        published, published_source = page.published, page.published_source
    return make_article(title=title or (page.title if page else "") or fallback_title(paragraphs),
                        paragraphs=paragraphs, url=(page.url if page else None) or link,
                        outlet=options.outlet or feed_title or (page.outlet if page else None),
                        author=entry_author(entry) or (page.author if page else None), published=published,
                        published_source=published_source, language="", source=source,
                        note=None if page else f"summary only: {why_not}")


def read_feed_bytes(data: bytes, source: str, options: IngestOptions | None = None,
                    url: str | None = None) -> Iterator[Article | InputError]:
    """Every entry of a feed as an article; an entry that cannot be read yields an InputError instead."""
    options = options or IngestOptions()
    parsed = parse_feed(data, source, url)
    feed_title = " ".join(markup_to_paragraphs(parsed.feed.get("title", ""))) or None
    pages = read_entry_pages(parsed.entries, options)
    for number, (entry, (page, why_not)) in enumerate(zip(parsed.entries, pages), start=1):
        try:
            yield entry_article(entry, page, why_not, feed_title, source, f"{source}, entry {number}", options)
        except InputError as exc:
            yield exc


def read_feed_file(path: Path, options: IngestOptions | None = None) -> Iterator[Article | InputError]:
    """Read an .rss/.atom/.xml feed file (entries' pages are fetched when `fetch_feed_pages` is on)."""
    options = options or IngestOptions()
    yield from read_feed_bytes(read_capped(path, options.max_bytes), str(path), options)
