"""JSONL and CSV exports: one article per line or row.

Fields (other columns are ignored):
- required: `title` and `text` (plain text, paragraphs separated by newlines);
- optional: `url`, `outlet`, `published` (ISO 8601, RFC 2822 or a full written date), `author`.
Feed-item exports such as ../shared/corpus/feeds/*.jsonl (`title`, `link`, `description`, `date_published`,
`outlet`) are read too: `link` stands for `url`, `date_published` for `published`, and when a row has no
`text`, its `description` (HTML stripped) becomes the text and the note says "summary only: …".
A row that lacks a required field, or holds an unreadable date, yields an InputError naming the file and the
line (JSONL) or row and line (CSV); the other rows are still read. Exports never trigger any fetching.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.files import read_text_bytes
from storyline.ingest.html import markup_to_paragraphs
from storyline.ingest.metadata import date_from_url, parse_published
from storyline.records import Article, IngestOptions, make_article, split_paragraphs

FIELD_ALIASES = {"url": ("url", "link"), "published": ("published", "date_published"), "outlet": ("outlet",),
                 "author": ("author",), "title": ("title",), "text": ("text",), "summary": ("description",)}
SUMMARY_NOTE = "summary only: the export holds a description, not the article text"
CSV_DELIMITERS = ",;\t|"


def field(row: dict, name: str, where: str) -> str:
    """A row's value for a field (under its name or an alias), as a stripped string ("" when absent)."""
    for key in FIELD_ALIASES[name]:
        value = row.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, (dict, list)):
            raise InputError(where, f"'{key}' holds a {type(value).__name__}, not text")
        return str(value).strip()
    return ""


def row_article(row: dict, where: str, source: str, options: IngestOptions) -> Article:
    """One export row as an article; InputError naming the row when a required field is missing."""
    title = " ".join(field(row, "title", where).split())
    paragraphs, note = list(split_paragraphs(field(row, "text", where))), None
    if not paragraphs and (summary := markup_to_paragraphs(field(row, "summary", where))):
        paragraphs, note = summary, SUMMARY_NOTE
    missing = [name for name, value in (("title", title), ("text", paragraphs)) if not value]
    if missing:
        raise InputError(where, "missing required " + " and ".join(f"'{name}'" for name in missing))
    url = field(row, "url", where) or None
    published_text = field(row, "published", where)
    published = parse_published(published_text)
    if published_text and published is None:
        raise InputError(where, f"'published' value {published_text!r} is not a date")
    if options.published:
        published, published_source = options.published, "user"
    elif published:
        published_source = "metadata"
    else:
        published = date_from_url(url)
        published_source = "url"
    return make_article(title=title, paragraphs=paragraphs, url=url,
                        outlet=options.outlet or field(row, "outlet", where) or None,
                        author=field(row, "author", where) or None, published=published,
                        published_source=published_source, language="", source=source, note=note)


def read_jsonl(path: Path, options: IngestOptions) -> Iterator[Article | InputError]:
    """Articles from a JSON Lines file, one InputError per unreadable line."""
    source = str(path)
    for number, line in enumerate(read_text_bytes(path, options).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}, line {number}"
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise InputError(where, f"a JSON {type(row).__name__}, not an object")
            yield row_article(row, where, source, options)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
        except InputError as exc:
            yield exc


def csv_dialect_delimiter(header_line: str) -> str:
    """The delimiter of a CSV file: whichever of , ; tab | its header line holds most."""
    return max(CSV_DELIMITERS, key=header_line.count)


def read_csv(path: Path, options: IngestOptions) -> Iterator[Article | InputError]:
    """Articles from a CSV file with a header row (quoted cells may hold newlines)."""
    source = str(path)
    text = read_text_bytes(path, options)
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes))  # article texts exceed the 128 KB default
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_dialect_delimiter(text.split("\n", 1)[0]))
    try:
        header = [name.strip().lower() for name in next(reader)]
        absent = [name for name, keys in (("title", ("title",)), ("text", ("text", "description")))
                  if not set(keys) & set(header)]
        if absent:
            raise InputError(source, f"no {' or '.join(repr(a) for a in absent)} column "
                                     f"(columns: {', '.join(header) or 'none'})")
        rows = 0
        while True:
            start_line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if not any(cell.strip() for cell in cells):
                continue
            rows += 1
            where = f"{source}, row {rows} (line {start_line})"
            try:
                yield row_article(dict(zip(header, cells)), where, source, options)
            except InputError as exc:
                yield exc
        if not rows:
            raise InputError(source, "no rows after the header")
    except csv.Error as exc:
        raise InputError(f"{source}, line {reader.line_num}", f"malformed CSV ({exc})") from exc


def read_export_file(path: Path, options: IngestOptions | None = None) -> Iterator[Article | InputError]:
    """Read a .jsonl/.ndjson or .csv export."""
    options = options or IngestOptions()
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if suffixes and suffixes[-1] == ".csv":
        yield from read_csv(path, options)
    else:
        yield from read_jsonl(path, options)
