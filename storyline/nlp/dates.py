"""Dated expressions resolved against the publication date (first version: explicit dates only)."""
from __future__ import annotations

from datetime import date

import dateparser
from spacy.tokens import Doc

from storyline.records import DatedExpression


def extract_dates(doc: Doc, published: date | None) -> list[DatedExpression]:
    """DATE entities that dateparser can resolve, as day values."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        settings = {"RELATIVE_BASE": _as_datetime(published)} if published else {}
        parsed = dateparser.parse(ent.text, settings=settings)
        if parsed is None:
            continue
        found.append(DatedExpression(ent.start_char, ent.end_char, ent.text, parsed.date().isoformat(), "day"))
    return found


def _as_datetime(day: date):
    """A date as a datetime at midnight."""
    from datetime import datetime
    return datetime(day.year, day.month, day.day)
