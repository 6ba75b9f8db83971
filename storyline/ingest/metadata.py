"""Publication metadata: dates from strings and URLs, language of a text."""
from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

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


def parse_published(value: str | date | datetime | None) -> date | None:
    """The day a publication date names, as written (no time-zone shift): ISO 8601, RFC 2822, or with a year."""
    if day := parse_day(value):
        return day
    text = str(value or "").strip()
    if not text or not re.search(r"\b(?:19|20)\d\d\b", text):
        return None  # without a year, dateutil would invent one (and a month) from today
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    from dateutil import parser as date_parser
    try:
        # Parsed against two different defaults: if the results differ, the text lacked a day or month.
        first, second = (date_parser.parse(text, default=datetime(2000 + i, 1 + i, 1 + i)).date() for i in (0, 1))
    except (ValueError, OverflowError):
        return None
    return first if first == second else None


def date_from_url(url: str | None) -> date | None:
    """The day encoded in a URL path such as /2023/09/14/, else None."""
    match = URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
