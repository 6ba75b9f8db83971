"""Value objects that flow through the pipeline: an article as read, and what parsing found in it."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Where an article's publication date came from (shown to the analyst next to the date).
PUBLISHED_SOURCES = ("metadata", "url", "feed", "text", "user", "unknown")


@dataclass(frozen=True)
class Article:
    """One article as read from its input, before parsing; `text` is its paragraphs joined by blank lines."""

    article_id: str
    title: str
    text: str
    paragraphs: tuple[str, ...]
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    published_source: str = "unknown"
    language: str = "en"
    source: str = ""
    note: str | None = None


@dataclass(frozen=True)
class Mention:
    """A named-entity mention with its canonical name; offsets index into the article text."""

    start: int
    end: int
    text: str
    label: str
    canonical: str
    sentence: int = 0
    metonymic: bool = False


@dataclass(frozen=True)
class Quote:
    """A direct quote (text without its marks) with who said it and who relayed it."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    conduit: str | None = None
    verb: str | None = None
    speaker_surface: str | None = None
    sentence: int = 0


@dataclass(frozen=True)
class DatedExpression:
    """A temporal expression resolved against the publication date, keeping its granularity."""

    start: int
    end: int
    text: str
    value: str
    granularity: str
    sentence: int = 0
    role: str = "happened"  # "happened": the date a statement is about; "reported": when it was said


@dataclass(frozen=True)
class Sentence:
    """A sentence span of the article text, for same-sentence co-occurrence and context."""

    index: int
    start: int
    end: int


@dataclass(frozen=True)
class ParsedArticle:
    """An article together with everything parsing extracted from it."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    dates: tuple[DatedExpression, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    parsed: bool = True  # False when the language has no extractors (the article is stored, not parsed)


def normalise_text(text: str) -> str:
    """Text folded for identity and exact-duplicate checks: NFKC, lower case, words only."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"\w+", folded))


def normalise_url(url: str) -> str:
    """A URL folded for identity: no fragment, no trailing slash, lower-case scheme and host."""
    url = url.strip().split("#", 1)[0]
    match = re.match(r"(?i)^(https?)://([^/?]+)(.*)$", url)
    if not match:
        return url
    scheme, host, rest = match.groups()
    rest = rest.rstrip("/") if rest not in ("", "/") else ""
    return f"{scheme.lower()}://{host.lower()}{rest}"


def make_article_id(url: str | None, text: str) -> str:
    """Stable id: from the normalised URL when there is one, else from the normalised text."""
    key = "url:" + normalise_url(url) if url else "text:" + normalise_text(text)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of a text: blocks separated by blank lines (or single newlines), whitespace folded."""
    blocks = re.split(r"\n\s*\n|\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return tuple(p for p in (" ".join(b.split()) for b in blocks) if p)


def make_article(*, title: str, paragraphs: list[str] | tuple[str, ...], url: str | None = None,
                 outlet: str | None = None, author: str | None = None, published: date | None = None,
                 published_source: str = "unknown", language: str = "en", source: str = "",
                 note: str | None = None) -> Article:
    """Build an Article, joining paragraphs into `text` and deriving its id."""
    paras = tuple(p for p in (" ".join(str(p).split()) for p in paragraphs) if p)
    text = "\n\n".join(paras)
    if published is None:
        published_source = "unknown"
    return Article(article_id=make_article_id(url, text), title=" ".join((title or "").split()), text=text,
                   paragraphs=paras, url=url or None, outlet=(outlet or None), author=author or None,
                   published=published, published_source=published_source, language=language,
                   source=source, note=note)


@dataclass(frozen=True)
class IngestOptions:
    """Options passed down the ingest pipeline (one object, as trafilatura does)."""

    outlet: str | None = None
    published: date | None = None
    force_feed: bool = False
    allow_private: bool = False
    timeout: float = 15.0
    max_bytes: int = 20_000_000
    fetch_feed_pages: bool = True
