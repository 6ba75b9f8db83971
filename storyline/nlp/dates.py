"""Dated expressions: explicit dates, weekdays, months, years and relative expressions found by patterns,
checked against spaCy's parse and DATE entities, and resolved against the publication date with the tense
of their clause (storyline.nlp.temporal holds the calendar rules)."""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from storyline.nlp.quote_marks import find_quote_spans
from storyline.nlp.temporal import (FIXED_HOLIDAYS, MONTHS, NUMBER_WORDS, RELATION_STEPS, WEEKDAYS, Resolved,
                                    Tense, ago, as_day, as_month, as_year, make_date, month_by_tense,
                                    month_day_by_tense, month_relative, numeric_day, relative_day, relative_period,
                                    relative_year, weekday_by_tense, weekday_in_week, weekday_relative)
from storyline.records import DatedExpression


def _names(words: list[str]) -> str:
    """A regex alternation of names in Title and UPPER case, longest first so "Sept" beats "Sep"."""
    forms = {form for word in words for form in (word.title(), word.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


FULL_MONTH = rf"(?:{_names([m for m in MONTHS if len(m) > 4 or m in ('may', 'june', 'july')])})\b"
# A full name, or an abbreviation with its optional full stop ("Sept. 13", "Sept.16", "Nov 23").
MONTH = rf"(?:{FULL_MONTH}|(?:{_names([m for m in MONTHS if len(m) <= 4 and m not in ('may', 'june', 'july')])})\b\.?)"
MONTH_GAP = r"(?:\s+|(?<=\.)\s*)"
WEEKDAY = rf"(?:{_names(list(WEEKDAYS))})\b"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])(?!\.\d)"
YEAR = r"[12]\d{3}(?![\d%])(?![.,]\d)"
RELATIVE_YEAR = r"\s+(?:of\s+)?(?P<relyear>last|this|next)\s+year\b"
RANGE = r"\s*(?:-|–|—|to|through|and)\s*"
HOLIDAY = "|".join(re.escape(h).replace("'", "['’]") for h in sorted(FIXED_HOLIDAYS, key=len, reverse=True))
HOLIDAY_DAYS = {name.lower(): month_day for name, month_day in FIXED_HOLIDAYS.items()}

MONTH_DAY = re.compile(rf"\b(?:(?P<weekday>{WEEKDAY})\.?,?\s+)?(?P<month>{MONTH}){MONTH_GAP}(?:the\s+)?(?P<day>{DAY})"
                       rf"(?:{RANGE}(?:(?P<month2>{MONTH}){MONTH_GAP})?(?P<day2>{DAY}))?"
                       rf"(?:,?\s+(?P<year>{YEAR})|{RELATIVE_YEAR})?")
DAY_MONTH = re.compile(rf"\b(?:(?P<weekday>{WEEKDAY})\.?,?\s+)?(?<![\w.\-/])(?:the\s+)?(?P<day>{DAY})"
                       rf"(?:{RANGE}(?P<day2>{DAY}))?\s+(?:of\s+)?(?P<month>{MONTH})"
                       rf"(?:,?\s+(?P<year>{YEAR})|{RELATIVE_YEAR})?")
MONTH_YEAR = re.compile(rf"\b(?:(?:[Ee]arly|[Mm]id|[Ll]ate)[-\s]+)?(?P<month>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR})")
MONTH_ALONE = re.compile(rf"\b(?:(?P<relation>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[-\s]+)?"
                         rf"(?P<month>{FULL_MONTH})(?!\s*\d)(?:{RELATIVE_YEAR})?")
WEEKDAY_ALONE = re.compile(rf"\b(?:(?P<relation>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<weekday>{WEEKDAY})")
WEEK_AFTER = re.compile(rf"(?:\s*(?:,|and|or|to|through|until|-|–)\s*{WEEKDAY})*\s*,?\s*(?:of\s+)?"
                        rf"(?P<relation>last|next|this)\s+week\b")
ISO_DATE = re.compile(r"(?<![\w/.-])(?P<year>[12]\d{3})(?P<sep>[-/.])(?P<month>1[0-2]|0?[1-9])(?P=sep)"
                      r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)(?![-/.]\d)")
NUMERIC_DATE = re.compile(r"(?<![\w/.-])(?P<first>\d{1,2})(?P<sep>[./-])(?P<second>\d{1,2})(?P=sep)"
                          r"(?P<year>[12]\d{3})(?!\d)(?![-/.]\d)")
BARE_YEAR = re.compile(r"\b(?P<fiscal>(?:[Ff]iscal(?:\s+[Yy]ear)?|FY)\s*)?(?<![\d.,$€£¥#/:])(?<!\d-)(?P<year>[12]\d{3})"
                       r"(?:\s*(?:-|–|—|to|through|until)\s*(?P<year2>[12]\d{3}|\d{2}))?(?![\d%])(?![.,]\d)(?![-/]\d)"
                       r"(?![A-Za-z])")
RELATIVE_PERIOD = re.compile(r"(?i)\b(?:(?P<edge>earlier|later|early|late|mid)[-\s]+)?(?P<relation>last|this|next)\s+"
                             r"(?P<unit>year|month)\b")
# A year counted from the one the narrative last named: "in August 2016 … The next year" is 2017.
NARRATIVE_YEAR = re.compile(r"\b(?:[Tt]he\s+(?P<relation>next|following|previous|preceding)\s+year"
                            r"|[Aa]\s+year\s+(?P<shift>later|earlier|before))\b")
NARRATIVE_STEPS = {"next": 1, "following": 1, "later": 1, "previous": -1, "preceding": -1, "earlier": -1,
                   "before": -1}
NEWS_DAY_REACH = 2  # days before publication a named day may be the day of the news (late editions, time zones)
NARRATIVE_REACH = 600  # characters back to the year a narrative counts from
# Lower or title case only: "TODAY" is a television programme.
RELATIVE_DAY = re.compile(r"\b(?:[Tt]he\s+)?(?P<word>day\s+before\s+yesterday|day\s+after\s+tomorrow|[Yy]esterday"
                          r"|[Tt]oday|[Tt]omorrow)\b")
AGO = re.compile(rf"(?i)\b(?P<count>\d{{1,3}}|{'|'.join(NUMBER_WORDS)})\s+(?P<unit>day|month|year)s?\s+ago\b")
MONTH_LIST_BEFORE = re.compile(rf"{FULL_MONTH}\s*(?:,|and|or|to|through|until|-|–)\s*$")
LIST_BEFORE = re.compile(r"[12]\d{3}\s*(?:,\s*(?:and|or)?|and|or)\s*$")
HOLIDAY_DAY = re.compile(rf"\b(?P<holiday>{HOLIDAY})(?:,?\s+(?P<year>{YEAR}))?")

# Words before a month named alone or a bare number that make it a date ("in June", "since 2019").
DATE_CONTEXT = frozenset({"in", "since", "by", "until", "till", "through", "throughout", "from", "before", "after",
                          "during", "of", "between", "around", "circa", "early", "mid", "late", "end", "beginning",
                          "start", "middle", "last", "next", "this", "for", "year"})
LOOSE_MONTH_CONTEXT = DATE_CONTEXT | {"the", "and", "or", "to", "on", "that"}
STRICT_MONTHS = frozenset({5, 3, 8})  # May, March, August are also a verb, a noun, an adjective and names
# Words before a number that make it a label, not a year ("Resolution 2397", "flight 1900", "at 2000 metres").
NUMBER_LABELS = frozenset({"resolution", "resolutions", "no", "number", "article", "articles", "section", "chapter",
                           "page", "pages", "room", "flight", "route", "highway", "unit", "model", "code", "item",
                           "paragraph", "rule", "at", "about", "some", "nearly", "over", "almost", "approximately"})
NUMBER_UNITS = frozenset({"percent", "per", "km", "kg", "m", "mm", "cm", "hours", "hrs", "gmt", "utc", "bc", "bce",
                          "metres", "meters", "feet", "ft", "miles", "tons", "tonnes", "mph", "kph"})
DETERMINERS = frozenset({"the", "its", "their", "his", "her", "this", "that", "last", "next"})
# Nouns after a day that make the day the name of an event ("the September 11 attacks", "the July 7 bombings").
EVENT_NOUNS = frozenset("""attack attacks bombing bombings massacre massacres riot riots uprising revolution coup
    incident disaster tragedy""".split())
NAMED_DAY_PREFIXES = frozenset({"black", "cyber", "good", "super", "bloody", "ash", "palm", "holy", "maundy"})
NAME_ENTITY_TYPES = frozenset({"PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT", "GPE", "NORP", "EVENT", "LAW"})
TIME_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "noon", "midnight"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo", "would", "should", "may", "might", "could", "can", "ca"})
# Past forms of modals: the event is to come as seen from a moment that may be past ("vowed Britain would leave").
TENTATIVE_MODALS = frozenset({"would", "could", "might", "should", "'d"})
# Verbs whose infinitive complement is still to come ("is expected to meet on Friday", "plans to visit in June").
INTENT_LEMMAS = frozenset({"expect", "schedule", "set", "plan", "due", "slate", "intend", "hope", "aim", "prepare",
                           "go", "want", "seek", "propose", "invite", "promise", "vow", "pledge", "threaten"})
REPORTING_LEMMAS = frozenset({
    "say", "tell", "report", "announce", "state", "add", "claim", "confirm", "write", "note", "warn", "deny",
    "insist", "stress", "declare", "reveal", "disclose", "comment", "remark", "explain", "acknowledge", "admit",
    "assert", "allege", "urge", "tweet", "quote", "speak", "statement", "announcement", "interview", "briefing",
    "speech", "communique", "readout"})
# Verbs that report only when what they put out is a text: "a statement released on Friday", not a prisoner.
PUBLISHING_LEMMAS = frozenset({"release", "publish", "issue", "post", "carry"})
PUBLISHED_THINGS = frozenset({"statement", "report", "document", "decree", "analysis", "study", "transcript",
                              "readout", "communique", "video", "dispatch", "article", "interview", "message"})
STAMP_LABEL = re.compile(r"(?i)\b(?:published|posted|updated|date)\s*(?:on)?\s*:?\s*$")
DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]*[A-Z.](?:\s*/[^/\n]{1,40}/)?(?:,\s*[A-Z][\w.'’ -]{0,40})?,\s*$")
STAMP_CLUTTER = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b[A-Z]{2,}\b(?:[+-]\d+)?|\bat\b|[^\w]+")


@dataclass(frozen=True)
class DocContext:
    """What the resolvers need from a parsed doc: its text, sentence starts and DATE entity spans."""

    doc: Doc
    text: str  # doc.text joins every token on each call: keep it once
    published: date | None
    sentence_starts: tuple[int, ...]
    date_entities: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, doc: Doc, published: date | None) -> DocContext:
        """The context of one doc."""
        starts = tuple(sent.start_char for sent in doc.sents)
        entities = tuple((e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE")
        return cls(doc, doc.text, published, starts, entities)

    def sentence(self, start: int) -> int:
        """Index of the sentence holding character `start`."""
        return max(bisect.bisect_right(self.sentence_starts, start) - 1, 0)

    def span(self, start: int, end: int) -> Span | None:
        """The tokens covering [start, end)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span if span is not None and len(span) else None

    def root(self, start: int, end: int) -> Token | None:
        """The syntactic root of the tokens covering [start, end)."""
        span = self.span(start, end)
        return span.root if span is not None else None

    def in_name(self, start: int, end: int) -> bool:
        """Whether [start, end) is part of a name ("The Sunday Times", "the October Revolution", "USA Today")."""
        root = self.root(start, end)
        return root is not None and root.ent_type_ in NAME_ENTITY_TYPES

    def in_date_entity(self, start: int, end: int) -> bool:
        """Whether spaCy's DATE entities cover [start, end)."""
        return any(s <= start and end <= e for s, e in self.date_entities)

    def word_before(self, start: int) -> str:
        """The word just before character `start`, lower-cased ("mid" for "mid-2024")."""
        words = re.findall(r"[\w'’]+", self.text[max(0, start - 40):start])
        return words[-1].lower() if words else ""

    def word_after(self, end: int) -> str:
        """The word just after character `end`, lower-cased."""
        match = re.match(r"\W{0,3}?([\w'’]+)", self.text[end:end + 40])
        return match.group(1).lower() if match else ""


Resolver = Callable[[re.Match, DocContext], list[Resolved]]


def resolve_month_day(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"Sept. 13", "September 13, 2023", "13 September", "Sept 13-14", "Sunday, 10 Nov 2024"; not the name of an
    event of some other year ("the September 11 attacks")."""
    if not match["year"] and ctx.word_after(match.end()) in EVENT_NOUNS:
        return []
    month = MONTHS[match["month"].rstrip(".").lower()]
    month2 = MONTHS[match["month2"].rstrip(".").lower()] if match.groupdict().get("month2") else month
    days = [(month, _day_number(match["day"]))]
    if match["day2"]:
        days.append((month2, _day_number(match["day2"])))
        if (month2, days[1][1]) <= days[0]:
            return []  # not a range: "June 19 to 5 people"
    found = []
    for m, d in days:
        day = _day_with_year(m, d, match, ctx)
        if day is None:
            return []
        found.append(as_day(day))
    return found


def _day_number(text: str) -> int:
    """The day of month in "13", "13th", "01"."""
    return int(re.match(r"\d+", text).group())


def _day_with_year(month: int, day: int, match: re.Match, ctx: DocContext) -> date | None:
    """The day with its written year, its relative year ("last year") or the year the tense gives."""
    if match["year"]:
        return make_date(int(match["year"]), month, day)
    if ctx.published is None:
        return None
    if match["relyear"]:
        year = relative_year(match["relyear"].lower(), ctx.published)
        return make_date(year, month, day) if year else None
    return month_day_by_tense(month, day, ctx.published, _tense_at(match, ctx))


def resolve_month_year(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"June 2024", "February 2022", "July of 2000"."""
    return [as_month(int(match["year"]), MONTHS[match["month"].rstrip(".").lower()])]


def resolve_month_alone(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"in June", "last June", "early October", "June last year": the year from the tense or the modifier."""
    month = MONTHS[match["month"].lower()]
    if ctx.published is None or not _month_in_context(match, month, ctx):
        return []
    if match["relyear"]:
        year = relative_year(match["relyear"].lower(), ctx.published)
        return [as_month(year, month)] if year else []
    if match["relation"]:
        found = month_relative(month, ctx.published, match["relation"].lower())
    else:
        found = month_by_tense(month, ctx.published, _tense_at(match, ctx))
    return [as_month(*found)] if found else []


def _month_in_context(match: re.Match, month: int, ctx: DocContext) -> bool:
    """Whether a month name alone is used as a date, not as a name, verb or adjective."""
    start, end = match.span("month")
    if match["relation"] or match["part"] or match["relyear"]:
        return True
    if ctx.in_name(start, end):
        return False
    if MONTH_LIST_BEFORE.search(ctx.text[max(0, start - 30):start]):
        return True
    if month in STRICT_MONTHS:  # spaCy takes "said May" for a date too: only a date word will do
        return ctx.word_before(start) in DATE_CONTEXT
    return (ctx.in_date_entity(start, end) or ctx.word_before(start) in LOOSE_MONTH_CONTEXT
            or ctx.text.startswith(("'s", "’s"), end))


def resolve_weekday(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """A weekday: "last/next/this Friday", "Tuesday of last week", else by the tense of its clause."""
    start, end = match.span("weekday")
    if ctx.published is None or ctx.word_before(start) in NAMED_DAY_PREFIXES or ctx.in_name(start, end):
        return []
    weekday = WEEKDAYS[match["weekday"].lower()]
    week = WEEK_AFTER.match(ctx.text, match.end())
    if match["relation"]:
        day = weekday_relative(weekday, ctx.published, match["relation"].lower())
    elif week:
        day = weekday_in_week(weekday, ctx.published, RELATION_STEPS[week["relation"].lower()])
    else:
        day = weekday_by_tense(weekday, ctx.published, _tense_at(match, ctx))
    return [as_day(day)] if day else []


def resolve_iso_date(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"2023-09-13", "2023/09/13"."""
    day = make_date(int(match["year"]), int(match["month"]), int(match["day"]))
    return [as_day(day)] if day else []


def resolve_numeric_date(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"15.09.2023" (day first), "09/13/2023" (whichever order exists, else the one nearest publication)."""
    first, second = int(match["first"]), int(match["second"])
    day_first = True if match["sep"] in ".-" or first > 12 else (False if second > 12 else None)
    day = numeric_day(first, second, int(match["year"]), ctx.published, day_first=day_first)
    return [as_day(day)] if day else []


def resolve_bare_year(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"in 2019", "fiscal 2026", "1950-1953", "EEF-2018", unless the number is a count, label or amount."""
    year = int(match["year"])
    if not match["fiscal"] and not match["year2"] and not _number_is_year(match, ctx):
        return []
    found = [as_year(year)]
    if match["year2"]:
        end = int(match["year2"]) if len(match["year2"]) == 4 else year - year % 100 + int(match["year2"])
        if end <= year:
            return []
        found.append(as_year(end))
    return found


def _number_is_year(match: re.Match, ctx: DocContext) -> bool:
    """Whether a bare four-digit number names a year, judged from its neighbours and spaCy's reading."""
    start, end = match.span("year")
    before, after = ctx.word_before(start), ctx.word_after(end)
    if before in NUMBER_LABELS or after in NUMBER_UNITS or (int(match["year"]) % 10 == 0 and after in ("s", "'s")):
        return False
    window = max(0, start - 20)
    listed = LIST_BEFORE.search(ctx.text[window:start])
    if listed:  # "in 1961, 2000 and 2001": a list item is a year when the one before it is
        previous = BARE_YEAR.match(ctx.text, window + listed.start())
        return previous is not None and _number_is_year(previous, ctx)
    if before in DATE_CONTEXT:
        return True
    root = ctx.root(start, end)
    following = root.doc[root.i + 1] if root is not None and root.i + 1 < len(root.doc) else None
    if following is not None and following.tag_ in ("NNS", "NNPS") and before not in DETERMINERS \
            and (int(match["year"]) % 50 == 0 or not ctx.in_date_entity(start, end)):
        return False  # "2000 troops" counts things (spaCy's DATE entities take some of these for years), while
        # a year that is no round number and that spaCy reads as a date names one: "the 2016 elections"
    if ctx.in_date_entity(start, end):
        return True
    if not 1900 <= int(match["year"]) <= 2100:
        return False
    return root is None or root.ent_type_ not in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT")


def resolve_relative_period(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"last year" (a year), "earlier this month" (a month), "next month"; not "over the last year"."""
    if ctx.published is None or (not match["edge"] and ctx.word_before(match.start()) == "the"):
        return []
    found = relative_period(match["unit"].lower(), match["relation"].lower(), ctx.published)
    return [found] if found else []


def resolve_narrative_year(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"the next year", "a year earlier": a year from the last year written shortly before, else nothing (the
    publication year is no anchor for these)."""
    before = ctx.text[max(0, match.start() - NARRATIVE_REACH):match.start()]
    years = re.findall(rf"(?<![\d.,$€£¥#/:-])({YEAR})", before)
    if not years:
        return []
    year = int(years[-1]) + NARRATIVE_STEPS[match["relation"] or match["shift"]]
    return [as_year(year)] if 1 <= year <= 9999 else []


def resolve_relative_day(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"yesterday", "today", "tomorrow"."""
    if ctx.published is None or ctx.in_name(*match.span("word")):
        return []
    day = relative_day(" ".join(match["word"].lower().split()), ctx.published)
    return [as_day(day)] if day else []


def resolve_ago(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"three days ago", "two years ago"."""
    if ctx.published is None:
        return []
    count = match["count"].lower()
    found = ago(int(count) if count.isdigit() else NUMBER_WORDS[count], match["unit"].lower(), ctx.published)
    return [found] if found else []


def resolve_holiday(match: re.Match, ctx: DocContext) -> list[Resolved]:
    """"Victory Day", "Christmas 2023": a fixed-date holiday, its year written or given by the tense."""
    month, day = HOLIDAY_DAYS[match["holiday"].lower().replace("’", "'")]
    if match["year"]:
        found = make_date(int(match["year"]), month, day)
    elif ctx.published is None:
        return []
    else:
        found = month_day_by_tense(month, day, ctx.published, _tense_at(match, ctx))
    return [as_day(found)] if found else []


# Longer matches win over shorter ones they overlap; on equal length the earlier pattern here wins.
PATTERNS: tuple[tuple[re.Pattern, Resolver], ...] = (
    (ISO_DATE, resolve_iso_date),
    (NUMERIC_DATE, resolve_numeric_date),
    (MONTH_DAY, resolve_month_day),
    (DAY_MONTH, resolve_month_day),
    (MONTH_YEAR, resolve_month_year),
    (HOLIDAY_DAY, resolve_holiday),
    (NARRATIVE_YEAR, resolve_narrative_year),
    (RELATIVE_PERIOD, resolve_relative_period),
    (RELATIVE_DAY, resolve_relative_day),
    (AGO, resolve_ago),
    (MONTH_ALONE, resolve_month_alone),
    (WEEKDAY_ALONE, resolve_weekday),
    (BARE_YEAR, resolve_bare_year),
)


def extract_dates(doc: Doc, published: date | None) -> list[DatedExpression]:
    """Date expressions of a parsed doc resolved against its publication date (relative ones need it)."""
    ctx = DocContext.of(doc, published)
    candidates = [(match, resolver, rank) for rank, (pattern, resolver) in enumerate(PATTERNS)
                  for match in pattern.finditer(ctx.text) if not _inside_url(ctx.text, match.start())]
    candidates.sort(key=lambda c: (c[0].start() - c[0].end(), c[2], c[0].start()))
    taken: list[tuple[int, int]] = []
    found = []
    for match, resolver, _ in candidates:
        start, end = match.start(), match.end()
        if any(start < e and s < end for s, e in taken):
            continue
        values = resolver(match, ctx)
        if values:
            taken.append((start, end))
            role = _role(start, end, ctx)
            found += [DatedExpression(start, end, ctx.text[start:end], v.value, v.granularity,
                                      ctx.sentence(start), role) for v in values]
    if ctx.published is not None:
        found = _quoted_today_on_news_day(found, ctx.text, ctx.published)
    return sorted(found, key=lambda d: (d.start, d.value))


def _quoted_today_on_news_day(found: list[DatedExpression], text: str, published: date) -> list[DatedExpression]:
    """"today" inside a quote is the day the words were said: the latest day the article names in the days up to
    its publication ("testified Tuesday" in a paper dated Wednesday), else the publication day."""
    recent = [d.value for d in found if d.granularity == "day" and not RELATIVE_DAY.fullmatch(d.text)
              and 0 <= (published - date.fromisoformat(d.value)).days <= NEWS_DAY_REACH]
    if not recent:
        return found
    news_day = max(recent)
    quotes = [(q.start, q.end) for q in find_quote_spans(text)]
    return [replace(d, value=news_day) if d.text.lower() == "today" and any(s <= d.start < e for s, e in quotes)
            else d for d in found]


def _inside_url(text: str, start: int) -> bool:
    """Whether character `start` is inside a URL (its dated path is not a statement about a date)."""
    token_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    token = text[token_start:start]
    return "://" in token or token.startswith("www.")


def _tense_at(match: re.Match, ctx: DocContext) -> Tense:
    """The tense of the clause a matched expression belongs to."""
    span = ctx.span(match.start(), match.end())
    if span is None:
        return "none"
    reporting = _reporting_verb_before(span)
    return clause_tense(reporting if reporting is not None else span.root)


def _reporting_verb_before(span: Span) -> Token | None:
    """A reporting verb right before a date ("said on Wednesday he would …"): the parser often hangs such a
    date on the reported clause instead."""
    index = span.start - 1
    if index > 0 and span.doc[index].lower_ == "on":
        index -= 1
    before = span.doc[index] if index >= 0 else None
    if before is not None and before.pos_ == "VERB" and before.lemma_ in REPORTING_LEMMAS:
        return before
    return None


def governing_verb(token: Token) -> Token | None:
    """The nearest verb at or above `token` in the dependency tree."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def clause_tense(token: Token) -> Tense:
    """Past, future or unknown, from the verbs that govern `token` (the nearest one that tells)."""
    verb = governing_verb(token)
    for _ in range(6):
        if verb is None:
            return "none"
        tense = verb_tense(verb)
        if tense is not None:
            return tense
        verb = governing_verb(verb.head) if verb.head.i != verb.i else None
    return "none"


def modal_tense(modal: Token, verb: Token) -> Tense:
    """The tense a modal gives its verb: "will" the future, "would"/"could" a tentative one, and a negated "could"
    the past ("could not attend on Monday" is an inability that happened)."""
    word = modal.lower_
    if word not in TENTATIVE_MODALS:
        return "future"
    negated = any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ == "neg" for c in modal.children)
    return "past" if word == "could" and negated else "tentative"


def verb_tense(verb: Token) -> Tense | None:
    """The tense one verb gives its clause, or None when it leaves that to the verb above it."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    modals = [a for a in auxes if a.tag_ == "MD" or a.lower_ in FUTURE_MODALS]
    if modals:
        return modal_tense(modals[0], verb)
    if any(a.tag_ == "TO" for a in auxes):
        governor = governing_verb(verb.head) if verb.head.i != verb.i else None
        if governor is None:
            return "future"  # a headline's "Kim to visit Russia on Friday"
        if governor.lemma_ in INTENT_LEMMAS:
            if clause_tense(governor) == "past":
                # an act named as a gerund after a preposition was done: "pleaded guilty to threatening to kill
                # her in March"; "planned to go in March" leaves open whether it happened
                return "past" if governor.tag_ == "VBG" and governor.dep_ == "pcomp" else "none"
            return "future"
        return None
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes):
        return "past"
    if verb.tag_ == "VBN":
        if verb.lemma_ in INTENT_LEMMAS:
            return "future" if auxes else "none"  # "is scheduled for Friday"; a headline's "Kim expected to …"
        return "none" if auxes else "past"  # a participle modifier: "the accord, signed in June"
    if verb.tag_ == "VBG" and auxes:
        return "future"  # "is meeting on Friday" (a past progressive was caught above)
    if verb.tag_ in ("VBZ", "VBP"):
        planned = verb.lemma_ in INTENT_LEMMAS or any(
            c.dep_ == "acomp" and c.lemma_ in INTENT_LEMMAS for c in verb.children)
        return "future" if planned else "none"  # "the meeting is due on Friday"
    return None


def _role(start: int, end: int, ctx: DocContext) -> str:
    """"reported" for a dateline, a publication stamp or a date on a reporting verb; else "happened"."""
    if _is_stamp(start, end, ctx.text):
        return "reported"
    span = ctx.span(start, end)
    if span is None:
        return "happened"
    head = _reporting_verb_before(span) or _attachment(span.root)
    return "reported" if head is not None and _reports(head) else "happened"


def _reports(word: Token) -> bool:
    """Whether a word a date hangs on is the saying or publishing of something."""
    if word.lemma_.lower() in REPORTING_LEMMAS:
        return True
    return word.lemma_ in PUBLISHING_LEMMAS and any(
        w.lemma_.lower() in PUBLISHED_THINGS for w in (word.head, *word.children))


def _attachment(token: Token) -> Token | None:
    """The word a date modifies, looking through its preposition and a following time of day."""
    current = token
    for _ in range(5):
        head = current.head
        if head.i == current.i:
            return None
        if head.pos_ == "ADP" or current.dep_ in ("compound", "nummod", "amod") or head.lower_ in TIME_OF_DAY:
            current = head
            continue
        return head
    return None


def _is_stamp(start: int, end: int, text: str) -> bool:
    """A dateline ("SEOUL, Oct. 19 (Yonhap)") or a publication stamp ("Published: June 19, 2024 20:43")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start]
    if STAMP_LABEL.search(before) or DATELINE.match(before):
        return True
    rest = before + " " + text[end:len(text) if line_end < 0 else line_end]
    return not STAMP_CLUTTER.sub("", rest)
