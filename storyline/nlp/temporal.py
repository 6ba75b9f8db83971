"""Calendar rules that resolve a date expression against the publication date (pure: no spaCy, no parsing)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

# "past": the clause is about something that happened; "future": something to come; "tentative": a past-form modal
# ("would end on Aug. 31", "could meet on Friday"), to come as seen from a moment that may itself be past;
# "none": tense unknown.
Tense = Literal["past", "future", "tentative", "none"]

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
# Holidays on a fixed day of the Gregorian calendar (movable feasts would need their own rules).
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "New Year's Day": (1, 1), "Valentine's Day": (2, 14), "May Day": (5, 1), "Victory Day": (5, 9),
    "Bastille Day": (7, 14), "Halloween": (10, 31), "Armistice Day": (11, 11), "Veterans Day": (11, 11),
    "Christmas Eve": (12, 24), "Christmas Day": (12, 25), "Christmas": (12, 25), "Boxing Day": (12, 26),
    "New Year's Eve": (12, 31),
}
# "last", "this" and "next" as steps from the publication's week, month or year.
RELATION_STEPS: dict[str, int] = {"last": -1, "this": 0, "next": 1}
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# A past-tense clause may name a day a little after the publication date (time zones, a late-set date).
SLACK_DAYS = 3


@dataclass(frozen=True)
class Resolved:
    """A resolved value with its granularity: "2023-09-13"/day, "2023-09"/month or "2023"/year."""

    value: str
    granularity: str


def as_day(day: date) -> Resolved:
    """A day value."""
    return Resolved(day.isoformat(), "day")


def as_month(year: int, month: int) -> Resolved:
    """A month value."""
    return Resolved(f"{year:04d}-{month:02d}", "month")


def as_year(year: int) -> Resolved:
    """A year value."""
    return Resolved(f"{year:04d}", "year")


def make_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (30 February, year 0, year 10000)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_days(day: date, days: int) -> date | None:
    """`day` moved by `days`, or None past the ends of the calendar."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def add_months(year: int, month: int, months: int) -> tuple[int, int] | None:
    """(year, month) moved by `months`, or None outside years 1..9999."""
    index = year * 12 + (month - 1) + months
    moved = (index // 12, index % 12 + 1)
    return moved if 1 <= moved[0] <= 9999 else None


def valid_year(year: int) -> bool:
    """A year Python dates can hold."""
    return 1 <= year <= 9999


def weekday_by_tense(weekday: int, published: date, tense: Tense) -> date | None:
    """The publication day when it falls on `weekday`; else the next one for the future (a weekday "would" or
    "could" happen on is most often still to come), the last one before otherwise."""
    gap = (weekday - published.weekday()) % 7
    if gap == 0:
        return published
    return add_days(published, gap) if tense in ("future", "tentative") else add_days(published, gap - 7)


def weekday_relative(weekday: int, published: date, relation: str) -> date | None:
    """"last Friday" (the one before the publication day), "next Friday" (the one after), "this Friday"."""
    if relation == "last":
        return add_days(published, (weekday - published.weekday()) % 7 - 7)
    if relation == "next":
        return add_days(published, (weekday - published.weekday()) % 7 or 7)
    return weekday_in_week(weekday, published, 0)


def weekday_in_week(weekday: int, published: date, weeks: int) -> date | None:
    """`weekday` of the Monday-to-Sunday week `weeks` away from the publication week ("Tuesday of last week")."""
    return add_days(published, weekday - published.weekday() + 7 * weeks)


def month_by_tense(month: int, published: date, tense: Tense) -> tuple[int, int] | None:
    """The year of a month named alone: last such month for the past, next for the future, else (a tentative or
    unknown tense) the nearest."""
    year = published.year
    if tense == "past":
        year = year if month <= published.month else year - 1
    elif tense == "future":
        year = year if month >= published.month else year + 1
    elif month - published.month >= 6:  # the nearest one, a tie going to the past
        year -= 1
    elif published.month - month > 6:
        year += 1
    return (year, month) if valid_year(year) else None


def relative_year(relation: str, published: date) -> int | None:
    """The year "last year", "this year" or "next year" names, or None outside the calendar."""
    year = published.year + RELATION_STEPS[relation]
    return year if valid_year(year) else None


def month_relative(month: int, published: date, relation: str) -> tuple[int, int] | None:
    """"last June" (the June before this month), "next June" (the one after), "this June" (this year)."""
    year = published.year
    if relation == "last":
        year = year if month < published.month else year - 1
    elif relation == "next":
        year = year if month > published.month else year + 1
    return (year, month) if valid_year(year) else None


def month_day_by_tense(month: int, day: int, published: date, tense: Tense) -> date | None:
    """The year of a day named without one ("Sept. 13"), from the tense, else (a tentative or unknown tense: "his vow
    that the talks would end on Aug. 31") the occurrence nearest publication."""
    options = [d for d in (make_date(published.year + shift, month, day) for shift in (-1, 0, 1)) if d]
    if not options:
        return None
    if tense == "past":
        before = [d for d in options if (d - published).days <= SLACK_DAYS]
        return max(before) if before else None
    if tense == "future":
        after = [d for d in options if (published - d).days <= SLACK_DAYS]
        return min(after) if after else None
    return min(options, key=lambda d: (abs((d - published).days), d > published))


def relative_day(word: str, published: date) -> date | None:
    """"yesterday", "today", "tomorrow" and the days either side of them."""
    offsets = {"day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1, "day after tomorrow": 2}
    return add_days(published, offsets[word])


def relative_period(unit: str, relation: str, published: date) -> Resolved | None:
    """"last/this/next month" as a month value and "last/this/next year" as a year value."""
    step = RELATION_STEPS[relation]
    if unit == "year":
        year = published.year + step
        return as_year(year) if valid_year(year) else None
    moved = add_months(published.year, published.month, step)
    return as_month(*moved) if moved else None


def ago(count: int, unit: str, published: date) -> Resolved | None:
    """"three days ago", "two months ago", "a year ago" at the granularity of their unit."""
    if unit == "day":
        day = add_days(published, -count)
        return as_day(day) if day else None
    if unit == "month":
        moved = add_months(published.year, published.month, -count)
        return as_month(*moved) if moved else None
    year = published.year - count
    return as_year(year) if valid_year(year) else None


def numeric_day(first: int, second: int, year: int, published: date | None, *, day_first: bool | None) -> date | None:
    """A numeric date such as 15.09.2023 or 09/13/2023; when either order is possible, the one nearest publication."""
    if day_first is not None:
        return make_date(year, second, first) if day_first else make_date(year, first, second)
    options = [d for d in (make_date(year, first, second), make_date(year, second, first)) if d]
    if len(options) < 2 or published is None:
        return options[0] if options else None
    return min(options, key=lambda d: abs((d - published).days))
