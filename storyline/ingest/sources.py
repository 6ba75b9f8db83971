"""Turn what the user names (files, folders, URLs, feeds, exports) into articles, one error per bad input."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from storyline.errors import FetchError, InputError
from storyline.language import detect_language
from storyline.records import Article, IngestOptions

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
EXPORT_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | EXPORT_SUFFIXES


def is_url(value: str) -> bool:
    """True for an absolute http(s) URL (other schemes are refused by the fetcher, not read as files)."""
    return bool(re.match(r"(?i)^[a-z][a-z0-9+.-]*://", value))


def file_suffix(path: Path) -> str:
    """The suffix that decides the reader (".html" for "page.html.gz")."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def expand_paths(inputs: list[str]) -> Iterator[str]:
    """Inputs with folders replaced by the readable files under them (sorted, recursively)."""
    for item in inputs:
        path = Path(item)
        if not is_url(item) and path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and file_suffix(p) in KNOWN_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            yield from (str(p) for p in files)
        else:
            yield item


def read_url(url: str, options: IngestOptions) -> Iterator[Article | InputError]:
    """Articles from a URL: one from an HTML page, one per entry from a feed; FetchError for anything else."""
    from storyline.ingest import web
    fetched = web.fetch(url, options)
    if options.force_feed or web.is_feed(fetched):
        from storyline.ingest.feeds import read_feed_bytes
        yield from read_feed_bytes(fetched.body, url, options, url=fetched.url)
    elif web.is_html(fetched):
        from storyline.ingest.html import parse_html
        yield parse_html(fetched.body, url, options, url=fetched.url, charset=fetched.charset)
    else:
        raise FetchError(url, f"content type {fetched.content_type or 'missing'} is neither HTML nor a feed")


def read_input(item: str, options: IngestOptions) -> Iterator[Article | InputError]:
    """Articles from one input (several for feeds and exports, with an InputError per bad entry or row);
    raises InputError for the input as a whole."""
    if is_url(item):
        yield from read_url(item, options)
        return
    path = Path(item)
    if not path.exists():
        raise InputError(item, "no such file or folder")
    suffix = file_suffix(path)
    if options.force_feed or suffix in FEED_SUFFIXES:
        from storyline.ingest.feeds import read_feed_file
        yield from read_feed_file(path, options)
    elif suffix in HTML_SUFFIXES:
        from storyline.ingest.html import read_html_file
        yield read_html_file(path, options)
    elif suffix in EXPORT_SUFFIXES:
        from storyline.ingest.exports import read_export_file
        yield from read_export_file(path, options)
    else:
        from storyline.ingest.text import read_text_file
        yield read_text_file(path, options)


def with_language(article: Article) -> Article:
    """The article with its language detected when the reader did not set one."""
    if article.language:
        return article
    return dataclasses.replace(article, language=detect_language(article.text))


def published_warning(published: date | None, today: date) -> str | None:
    """Why a publication date deserves a second look (in the future, or before 1900), else None."""
    if published is None:
        return None
    if published > today + timedelta(days=1):  # a day of slack for time zones
        return f"published date {published.isoformat()} is in the future: check it"
    if published.year < 1900:
        return f"published date {published.isoformat()} is before 1900: check it"
    return None


def with_checks(article: Article, today: date | None = None) -> Article:
    """The article with its language set and a note when its publication date looks wrong (kept as given)."""
    article = with_language(article)
    warning = published_warning(article.published, today or date.today())
    if warning is None:
        return article
    return dataclasses.replace(article, note="; ".join(filter(None, [article.note, warning])))


def read_inputs(inputs: list[str], options: IngestOptions | None = None, *, checked: bool = True
                ) -> Iterator[Article | InputError]:
    """Every article the inputs hold, in order; a bad input yields one InputError and reading goes on.
    `checked` False: as read, without detecting the language or checking dates (enough to learn ids)."""
    options = options or IngestOptions()
    for item in expand_paths(inputs):
        try:
            for article in read_input(item, options):
                yield article if isinstance(article, InputError) or not checked else with_checks(article)
        except InputError as exc:
            yield exc
