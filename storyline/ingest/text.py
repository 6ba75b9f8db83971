"""Plain-text articles: title on the first line, optional front matter, page clutter dropped."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.metadata import parse_day
from storyline.records import Article, IngestOptions, make_article, normalise_text

FRONT_MATTER_KEYS = ("title", "outlet", "published", "url", "author", "language")
BREADCRUMB = re.compile(r"^\s*(home|accueil|inicio|startseite|news)\s*[»›>|/]", re.IGNORECASE)
SOURCE_LINE = re.compile(r"^\s*source\s*:\s*(?P<outlet>.{2,80}?)\s*$", re.IGNORECASE)
# "… Amur region. | KCNA / VIA AFP-JIJI": a caption followed by a photo credit.
CREDIT_TAIL = re.compile(r"\s\|\s*[A-Z0-9][A-Z0-9 /.&,'-]{2,60}$")
# Lines that are page furniture wherever they appear: ad slots, share prompts, comment forms, rules.
FURNITURE_LINE = re.compile(
    r"^(advertisement|advertising|sponsored( content)?|\d*\s*comments?|share( this( article| story)?)?"
    r"|read more|related( articles| stories)?|don'?t miss|more:|tell us what you think\W*|go to contents"
    r"|leave a (reply|comment)|please enter your (comment|name|email)( here)?!?|[\W_]+)$",
    re.IGNORECASE)
HEADLINE_ECHO_LINES = 5  # pages print the headline again below breadcrumbs or section names


def split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Front matter fields (between `---` lines at the top) and the text after them."""
    match = re.match(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", raw, re.DOTALL)
    if not match:
        return {}, raw
    fields = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in FRONT_MATTER_KEYS:
            fields[key.strip().lower()] = value.strip().strip('"').strip("'")
    return fields, raw[match.end():]


def is_breadcrumb(line: str) -> bool:
    """A navigation trail such as "Home » World » …"."""
    return bool(BREADCRUMB.match(line)) or line.count("»") >= 2 or line.count(" › ") >= 2


def is_furniture(line: str) -> bool:
    """A line that is page furniture, not article text."""
    return bool(FURNITURE_LINE.match(line))


def drop_headline_echoes(lines: list[str], title: str) -> list[str]:
    """The lines without copies of the title among the first few (the headline printed again)."""
    key = normalise_text(title)
    head = [line for line in lines[:HEADLINE_ECHO_LINES] if normalise_text(line) != key]
    return head + lines[HEADLINE_ECHO_LINES:]


def caption_key(line: str) -> str:
    """A line folded for caption matching: credit tail removed, apostrophes and case ignored."""
    return normalise_text(CREDIT_TAIL.sub("", line))


def drop_repeated_captions(lines: list[str]) -> list[str]:
    """Drop photo captions (a line repeated with a credit tail: both copies) and repeated paragraphs."""
    keys = [caption_key(line) for line in lines]
    credited = {key for line, key in zip(lines, keys) if CREDIT_TAIL.search(line)}
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    captions = {key for key in credited if counts[key] > 1}
    kept, seen = [], set()
    for line, key in zip(lines, keys):
        if key in captions or (key in seen and len(key.split()) >= 6):
            continue
        seen.add(key)
        kept.append(line)
    return kept


def parse_text(raw: str, source: str, options: IngestOptions | None = None) -> Article:
    """An article from plain text (title first, then paragraphs); front matter overrides guesses."""
    options = options or IngestOptions()
    fields, body = split_front_matter(raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [" ".join(line.split()) for line in body.split("\n")]
    lines = [line for line in lines if line and not is_breadcrumb(line) and not is_furniture(line)]
    outlet = None
    if lines and (match := SOURCE_LINE.match(lines[-1])):
        outlet = match.group("outlet")
        lines.pop()
    if not lines:
        raise InputError(source, "no text: the file is empty or holds only page clutter")
    title = fields.get("title") or lines[0]
    if not fields.get("title") or normalise_text(lines[0]) == normalise_text(title):
        lines = lines[1:]
    paragraphs = drop_repeated_captions(drop_headline_echoes(lines, title))
    if not paragraphs:
        raise InputError(source, "no article text after the title")
    published, published_source = _published(fields, options, source)
    return make_article(title=title, paragraphs=paragraphs, url=fields.get("url"),
                        outlet=options.outlet or fields.get("outlet") or outlet,
                        author=fields.get("author"), published=published, published_source=published_source,
                        language=fields.get("language") or "", source=source)


def _published(fields: dict[str, str], options: IngestOptions, source: str) -> tuple[date | None, str]:
    """The publication date given by the user (option or front matter), with where it came from."""
    if options.published:
        return options.published, "user"
    if fields.get("published"):
        day = parse_day(fields["published"])
        if day is None:
            raise InputError(source, f"front matter 'published: {fields['published']}' is not a date")
        return day, "user"
    return None, "unknown"


def read_text_file(path: Path, options: IngestOptions | None = None) -> Article:
    """Read a plain-text article file."""
    from storyline.ingest.files import read_text_bytes
    return parse_text(read_text_bytes(path, options), str(path), options)
