"""Publication metadata: dates from strings and URLs, language of a text."""
from __future__ import annotations

import re
from datetime import date, datetime

URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?:/|-|$)")


def parse_day(value: str | date | datetime | None) -> date | None:
    """A calendar day from an ISO-like string (YYYY-MM-DD, with or without a time), else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", str(value))
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def date_from_url(url: str | None) -> date | None:
    """The day encoded in a URL path such as /2023/09/14/, else None."""
    match = URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("en" when too short to tell)."""
    sample = text[:3000]
    if len(sample.split()) < 8:
        return "en"
    from langdetect import DetectorFactory, LangDetectException, detect
    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        return detect(sample)
    except LangDetectException:
        return "en"
