"""HTML articles: trafilatura for the body and metadata, htmldate for the day, a light cleanup of the lines."""
from __future__ import annotations

import html as html_entities
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from storyline.errors import InputError
from storyline.ingest.files import decode_text, read_capped
from storyline.ingest.metadata import date_from_url, parse_day
from storyline.ingest.text import drop_headline_echoes, drop_repeated_captions, is_furniture
from storyline.records import Article, IngestOptions, make_article

META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE)
CHARSET_SNIFF_BYTES = 4096
# An unclosed tag or comment runs to the end of the text: a pattern that must find ">" would rescan the
# rest of the text from every "<" (quadratic on hostile input).
BLOCK_END = re.compile(r"<\s*(?:br|hr)\b[^>]{0,200}>|<\s*/\s*(?:p|div|li|h[1-6]|blockquote|tr|ul|ol)\s*>",
                       re.IGNORECASE)
MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|<[A-Za-z/!?][^>]*(?:>|\Z)", re.DOTALL)  # "3 < 5" is text, not a tag
TITLE_WORDS = 15
MIN_BODY_WORDS = 5  # below this trafilatura has picked up navigation ("Home"), not an article
MAX_LINK_SHARE = 0.8  # link-heavy articles (deal round-ups) reach 0.66 on the benchmark; link farms ~1.0


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its top, if any."""
    match = META_CHARSET.search(raw[:CHARSET_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def decode_html(raw: bytes | str, source: str, charset: str | None = None) -> str:
    """Markup as text: byte-order mark, then the HTTP or <meta> charset, then UTF-8 (Windows-1252 fallback)."""
    if isinstance(raw, str):
        return raw
    return decode_text(raw, source, charset or declared_charset(raw))


def markup_to_paragraphs(fragment: str) -> list[str]:
    """Paragraphs of an HTML fragment (a feed summary, an export cell): tags dropped, entities decoded."""
    text = html_entities.unescape(MARKUP.sub(" ", BLOCK_END.sub("\n", fragment or "")))
    return [line for line in (" ".join(part.split()) for part in text.split("\n")) if line]


def declared_url(url: str | None) -> str | None:
    """The page's own http(s) URL as it declares it, unless that names a whole site (some pages declare
    their home page as canonical, which would give every article of the site one id)."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    try:
        return url if urlsplit(url).path.strip("/") else None
    except ValueError:
        return None


def outlet_name(site: str | None) -> str | None:
    """A site name without the sections some pages append ("Autoracing | F1 | Indy" gives "Autoracing")."""
    parts = [part.strip() for part in (site or "").split(" | ")]
    return next((part for part in parts if part), None)


def fallback_title(paragraphs: list[str]) -> str:
    """A title for a page without one: the start of its first paragraph."""
    words = paragraphs[0].split()
    return " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")


def clean_lines(lines: list[str], title: str | None) -> list[str]:
    """Body lines without page furniture and without the headline repeated as the first line."""
    kept = [line for line in (" ".join(line.split()) for line in lines) if line and not is_furniture(line)]
    return drop_repeated_captions(drop_headline_echoes(kept, title) if title else kept)


def link_share(body) -> float:
    """Share of the extracted text that is link text (trafilatura keeps links as <ref> elements)."""
    total = len("".join(body.itertext()))
    linked = sum(len("".join(ref.itertext())) for ref in body.iter("ref"))
    return linked / total if total else 0.0


def extract_document(markup: str, source: str, url: str | None):
    """trafilatura's document for the page (body text and metadata), or None when it finds no article."""
    import trafilatura
    from lxml import etree
    from trafilatura.xml import xmltotxt
    date_params = {"extensive_search": True, "original_date": True, "deferred_url_extractor": True,
                   "max_date": date.today().isoformat()}
    try:
        document = trafilatura.bare_extraction(markup, url=url, favor_precision=True, include_comments=False,
                                               include_links=True, with_metadata=True,
                                               date_extraction_params=date_params)
        if document is None or document.body is None:
            return None
        share = link_share(document.body)
        if share > MAX_LINK_SHARE:
            raise InputError(source, f"the page is a list of links ({share:.0%} of its text), not an article")
        etree.strip_tags(document.body, "ref")
        document.text = xmltotxt(document.body, False)
        return document
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura fail in many ways on hostile markup
        raise InputError(source, f"the HTML could not be parsed ({type(exc).__name__}: {exc})") from exc


def htmldate_day(markup: str, extensive: bool) -> date | None:
    """htmldate's publication day for the page, looking at the page alone (the URL hidden)."""
    from htmldate import find_date
    try:
        return parse_day(find_date(markup, extensive_search=extensive, original_date=True, url=""))
    except Exception:  # noqa: BLE001 - a date search that fails on odd markup just finds nothing
        return None


def page_date(markup: str, found: str | None, url: str | None) -> tuple[date | None, str]:
    """The page's publication day and where it came from ("metadata", or "url" when only the URL holds it)."""
    day, url_day = parse_day(found), date_from_url(url)
    if day is not None and day.day == 1 and day != url_day and htmldate_day(markup, extensive=False) != day:
        # htmldate's extensive search stands a copyright year in as 1 January and a month as its 1st:
        # a 1st that the page's structured data does not state is a guess of the wrong granularity.
        day = None
    if day is None:
        return (url_day, "url") if url_day else (None, "unknown")
    if day != url_day:
        return day, "metadata"
    # The day equals the URL's: whether the page states it too decides the label.
    return day, "metadata" if htmldate_day(markup, extensive=True) == day else "url"


def parse_html(raw: bytes | str, source: str, options: IngestOptions | None = None,
               url: str | None = None, charset: str | None = None) -> Article:
    """An article from an HTML page: body, title, author, site name, URL and publication day."""
    options = options or IngestOptions()
    if isinstance(raw, bytes) and len(raw) > options.max_bytes:
        raise InputError(source, f"page is {len(raw):,} bytes, above the {options.max_bytes:,}-byte limit")
    markup = decode_html(raw, source, charset)
    if not markup.strip():
        raise InputError(source, "empty page")
    document = extract_document(markup, source, url)
    if document is None or not (document.text or "").strip():
        raise InputError(source, "no article text found in the page")
    paragraphs = clean_lines(document.text.split("\n"), document.title)
    words = sum(len(p.split()) for p in paragraphs)
    if words < MIN_BODY_WORDS:
        raise InputError(source, f"no article text found in the page (only {words} words)")
    page_url = url or declared_url(document.url)
    if options.published:
        published, published_source = options.published, "user"
    else:
        published, published_source = page_date(markup, document.date, page_url)
    return make_article(title=document.title or fallback_title(paragraphs), paragraphs=paragraphs, url=page_url,
                        outlet=options.outlet or outlet_name(document.sitename) or site_name(page_url),
                        author=document.author, published=published, published_source=published_source,
                        language="", source=source)


def site_name(url: str | None) -> str | None:
    """The host of a URL without "www.", as an outlet name of last resort."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def read_html_file(path: Path, options: IngestOptions | None = None) -> Article:
    """Read an .html/.htm file (or the same gzipped)."""
    options = options or IngestOptions()
    raw = read_capped(path, options.max_bytes)
    if not raw.strip():
        raise InputError(str(path), "empty file")
    return parse_html(raw, str(path), options)
