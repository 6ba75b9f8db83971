"""Articles: the list with per-article counts, where each piece of metadata came from, and reader spans."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from storyline import schema
from storyline.analysis.codes import codes_of, count_distinct, positions_in
from storyline.analysis.highlight import Span

PUBLISHED_FROM = {"metadata": "from the page’s HTML metadata", "url": "from the date in its URL",
                  "feed": "from the feed item", "text": "from the article text",
                  "user": "given when it was added", "unknown": "unknown"}

# An http(s) address without whitespace, in RE2 syntax (Arrow's regex engine, vectorised over a column). RE2's \s is
# ASCII only: \pZ and the listed characters complete the set Python calls whitespace; RE2's $ is the very end.
WEB_URL = r"(?i)^https?://[^\s\pZ\x{0b}\x{1c}-\x{1f}\x{85}]+$"

LIST_COLUMNS = ["published", "title", "outlet", "quotes", "entities", "wire_size", "language", "parsed",
                schema.ARTICLE_ID]


def compute_article_list(articles: pd.DataFrame, quotes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Articles newest first with their quote count and distinct entity count."""
    quoted = positions_in(quotes[schema.ARTICLE_ID], articles[schema.ARTICLE_ID])
    mentioned = positions_in(mentions[schema.ARTICLE_ID], articles[schema.ARTICLE_ID])
    table = articles.assign(quotes=np.bincount(quoted[quoted >= 0], minlength=len(articles)).astype("int64"),
                            entities=count_distinct(mentioned, codes_of(mentions["canonical"])[0],
                                                    len(articles)).astype("int64"))
    table = table.sort_values(["published", "ingested_at"], ascending=False, na_position="last")
    return table[LIST_COLUMNS].reset_index(drop=True)


def tidy_article(record: dict) -> dict:
    """A stored article row with missing values as None and a link only when it is a web address."""
    tidy = {key: None if is_missing(value) else value for key, value in record.items()}
    tidy["url"] = web_url(tidy.get("url"))
    return tidy


def is_missing(value: object) -> bool:
    """True for None, NaN and NaT (lists and arrays are never missing)."""
    return value is None or (not hasattr(value, "__len__") and bool(pd.isna(value)))


def web_url(value: object) -> str | None:
    """The value when it is an http(s) address (a link the dashboard may show), else None."""
    return value if isinstance(value, str) and pc.match_substring_regex(value, WEB_URL).as_py() else None


def web_urls(urls: pd.Series) -> pd.Series:
    """Only http(s) addresses kept (others, e.g. javascript: links, become missing)."""
    found = pc.match_substring_regex(pa.array(urls, type=pa.string(), from_pandas=True), WEB_URL)
    return urls.where(found.fill_null(False).to_numpy(zero_copy_only=False), None)


def describe_provenance(article: dict) -> list[tuple[str, str]]:
    """(field, where it came from) lines for the reader: publication day, outlet, language, source, note."""
    published = article.get("published")
    day = published.isoformat() if hasattr(published, "isoformat") and not is_missing(published) else "no date"
    source = article.get("published_source") or "unknown"
    lines = [("Published", f"{day}, {PUBLISHED_FROM.get(source, source)}"),
             ("Outlet", article.get("outlet") or "unknown"),
             ("Language", describe_language(article)),
             ("Read from", article.get("source") or article.get("url") or "unknown")]
    if article.get("note"):
        lines.append(("Note", str(article["note"])))
    return lines


def describe_language(article: dict) -> str:
    """The language, and whether entities, quotes and dates were extracted."""
    language = article.get("language") or "unknown"
    if article.get("parsed", True):
        return f"{language} (parsed: entities, quotes and dates extracted)"
    return f"{language}: stored but not parsed (no extractors for this language), so no entities or quotes"


def reader_spans(mentions: pd.DataFrame, quotes: pd.DataFrame) -> list[Span]:
    """Spans to mark in one article: its quotes (with speaker) and entity mentions (with canonical name)."""
    speakers = quotes["speaker"].astype(object).where(quotes["speaker"].notna(), "speaker unknown")
    quote_spans = [Span(int(s), int(e), "quote", "", f"Quote — {who}")
                   for s, e, who in zip(quotes["start"], quotes["end"], speakers)]
    entity_spans = [Span(int(s), int(e), "entity", label, f"{name} ({label})")
                    for s, e, label, name in zip(mentions["start"], mentions["end"], mentions["label"],
                                                 mentions["canonical"])]
    return quote_spans + entity_spans
