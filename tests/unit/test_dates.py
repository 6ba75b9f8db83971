"""Dated expressions: tables of the calendar rules, and of sentences with a publication date and the values found."""
from __future__ import annotations

from datetime import date

import pytest

from storyline.nlp import temporal
from storyline.nlp.dates import extract_dates
from storyline.nlp.model import load_pipeline
from storyline.nlp.temporal import Resolved

THU = date(2023, 9, 14)  # the founding article's publication day, a Thursday
FRI = date(2024, 10, 18)


@pytest.fixture(scope="module")
def nlp():
    """The English pipeline (loaded once per process)."""
    return load_pipeline("en")


def found(nlp, sentence: str, published: date | None) -> list[tuple[str, str, str]]:
    """(text, value, granularity) of every date expression in a sentence."""
    return [(d.text, d.value, d.granularity) for d in extract_dates(nlp(sentence), published)]


@pytest.mark.parametrize("weekday, published, tense, expected", [
    (3, THU, "past", date(2023, 9, 14)),    # the publication weekday is the publication day
    (3, THU, "future", date(2023, 9, 14)),
    (2, THU, "past", date(2023, 9, 13)),
    (2, THU, "future", date(2023, 9, 20)),
    (4, THU, "past", date(2023, 9, 8)),
    (4, THU, "future", date(2023, 9, 15)),
    (4, THU, "none", date(2023, 9, 8)),     # news is mostly about what happened
    (4, THU, "tentative", date(2023, 9, 15)),  # "could meet on Friday": a weekday still to come
    (6, date(2024, 11, 10), "past", date(2024, 11, 10)),
    (0, date.max, "future", None),           # past the end of the calendar: nothing, no crash
])
def test_weekday_by_tense(weekday, published, tense, expected):
    assert temporal.weekday_by_tense(weekday, published, tense) == expected


@pytest.mark.parametrize("weekday, relation, expected", [
    (3, "last", date(2023, 9, 7)),
    (3, "next", date(2023, 9, 21)),
    (4, "last", date(2023, 9, 8)),
    (2, "next", date(2023, 9, 20)),
    (4, "this", date(2023, 9, 15)),
    (0, "this", date(2023, 9, 11)),
])
def test_weekday_relative(weekday, relation, expected):
    assert temporal.weekday_relative(weekday, THU, relation) == expected


@pytest.mark.parametrize("weekday, weeks, expected", [
    (1, -1, date(2024, 10, 8)),   # "Tuesday of last week", published on Friday 18 October 2024
    (6, -1, date(2024, 10, 13)),
    (4, 1, date(2024, 10, 25)),
    (0, 0, date(2024, 10, 14)),
])
def test_weekday_in_week(weekday, weeks, expected):
    assert temporal.weekday_in_week(weekday, FRI, weeks) == expected


@pytest.mark.parametrize("month, published, tense, expected", [
    (7, THU, "past", (2023, 7)),
    (10, THU, "past", (2022, 10)),
    (7, THU, "future", (2024, 7)),
    (10, THU, "future", (2023, 10)),
    (9, THU, "past", (2023, 9)),
    (9, THU, "future", (2023, 9)),
    (3, THU, "none", (2023, 3)),              # six months either way: the past wins
    (2, THU, "none", (2024, 2)),
    (12, date(2024, 1, 5), "none", (2023, 12)),
    (10, date(2025, 4, 28), "past", (2024, 10)),
    (12, date(9999, 6, 1), "future", (9999, 12)),
    (1, date(9999, 6, 1), "future", None),
])
def test_month_by_tense(month, published, tense, expected):
    assert temporal.month_by_tense(month, published, tense) == expected


@pytest.mark.parametrize("month, published, relation, expected", [
    (6, date(2024, 6, 19), "last", (2023, 6)),
    (6, date(2024, 9, 1), "last", (2024, 6)),
    (6, date(2024, 6, 19), "next", (2025, 6)),
    (3, THU, "next", (2024, 3)),
    (3, THU, "this", (2023, 3)),
])
def test_month_relative(month, published, relation, expected):
    assert temporal.month_relative(month, published, relation) == expected


@pytest.mark.parametrize("month, day, published, tense, expected", [
    (9, 13, date(2023, 10, 19), "past", date(2023, 9, 13)),
    (6, 19, date(2024, 6, 18), "future", date(2024, 6, 19)),
    (12, 28, date(2024, 1, 3), "past", date(2023, 12, 28)),
    (12, 28, date(2024, 1, 3), "none", date(2023, 12, 28)),
    (1, 5, date(2023, 12, 20), "none", date(2024, 1, 5)),
    (9, 15, THU, "past", date(2023, 9, 15)),       # a day after publication: time zones
    (8, 31, THU, "tentative", date(2023, 8, 31)),  # "vowed it would end on Aug. 31": the nearest one
    (10, 2, THU, "tentative", date(2023, 10, 2)),
    (9, 30, THU, "past", date(2022, 9, 30)),
    (9, 11, date(2018, 9, 12), "future", date(2018, 9, 11)),
    (2, 29, date(2023, 3, 1), "past", None),  # no 29 February within a year either way
    (9, 13, date(9999, 12, 31), "future", None),
    (9, 13, date(1, 1, 1), "past", None),
])
def test_month_day_by_tense(month, day, published, tense, expected):
    assert temporal.month_day_by_tense(month, day, published, tense) == expected


@pytest.mark.parametrize("unit, relation, published, expected", [
    ("year", "last", THU, Resolved("2022", "year")),
    ("year", "this", THU, Resolved("2023", "year")),
    ("month", "next", date(2023, 12, 5), Resolved("2024-01", "month")),
    ("month", "last", date(2024, 1, 5), Resolved("2023-12", "month")),
    ("year", "next", date(9999, 6, 1), None),
    ("year", "last", date(1, 6, 1), None),
])
def test_relative_period(unit, relation, published, expected):
    assert temporal.relative_period(unit, relation, published) == expected


@pytest.mark.parametrize("count, unit, published, expected", [
    (3, "day", THU, Resolved("2023-09-11", "day")),
    (2, "month", date(2024, 1, 31), Resolved("2023-11", "month")),
    (1, "year", THU, Resolved("2022", "year")),
    (5, "day", date(1, 1, 2), None),
])
def test_ago(count, unit, published, expected):
    assert temporal.ago(count, unit, published) == expected


@pytest.mark.parametrize("first, second, published, day_first, expected", [
    (15, 9, None, True, date(2023, 9, 15)),
    (9, 13, None, False, date(2023, 9, 13)),
    (3, 4, date(2023, 4, 2), None, date(2023, 4, 3)),   # either order exists: the one nearest publication
    (3, 4, date(2023, 3, 2), None, date(2023, 3, 4)),
    (31, 2, None, True, None),
])
def test_numeric_day(first, second, published, day_first, expected):
    assert temporal.numeric_day(first, second, 2023, published, day_first=day_first) == expected


@pytest.mark.parametrize("sentence, published, expected", [
    # explicit dates in many formats
    ("The summit was held on Sept. 13.", THU, [("Sept. 13", "2023-09-13", "day")]),
    ("The summit was held on 13 September 2023.", THU, [("13 September 2023", "2023-09-13", "day")]),
    ("The summit was held on September 13, 2023.", THU, [("September 13, 2023", "2023-09-13", "day")]),
    ("Prices were recorded on 2023-09-13.", THU, [("2023-09-13", "2023-09-13", "day")]),
    ("The treaty was signed in June 2024.", THU, [("June 2024", "2024-06", "month")]),
    ("Putin and Kim first met in 2019.", THU, [("2019", "2019", "year")]),
    ("The forum took place on Sept 13-14.", THU,
     [("Sept 13-14", "2023-09-13", "day"), ("Sept 13-14", "2023-09-14", "day")]),
    ("The forum runs from Sept. 30 to Oct. 2.", date(2023, 9, 25),
     [("Sept. 30 to Oct. 2", "2023-09-30", "day"), ("Sept. 30 to Oct. 2", "2023-10-02", "day")]),
    ("VOSTOCHNY, September 13. /TASS/. Putin met Kim.", date(2023, 9, 13),
     [("September 13", "2023-09-13", "day")]),
    ("Sunday, 10 Nov 2024", date(2024, 11, 10), [("Sunday, 10 Nov 2024", "2024-11-10", "day")]),
    ("He spoke in Seoul on Sept.16, 2022.", THU, [("Sept.16, 2022", "2022-09-16", "day")]),
    ("Photos, 15.09.2023, Sputnik International", THU, [("15.09.2023", "2023-09-15", "day")]),
    ("The phone goes on sale from September 22nd.", date(2023, 9, 12), [("September 22nd", "2023-09-22", "day")]),
    ("The war (1950-1953) ended in a truce.", THU, [("1950-1953", "1950", "year"), ("1950-1953", "1953", "year")]),
    ("It replaces the documents signed in 1961, 2000 and 2001.", THU,
     [("1961", "1961", "year"), ("2000", "2000", "year"), ("2001", "2001", "year")]),
    ("Analysts expect demand to outstrip supply into fiscal 2026.", THU, [("fiscal 2026", "2026", "year")]),
    ("Investment projects of EEF-2018 were presented.", date(2018, 9, 12), [("2018", "2018", "year")]),
    ("The last time the fleet came was in 1990.Russia's aircraft fly often.", FRI, [("1990", "1990", "year")]),
    ("Kim visited Vladivostok in mid-September.", date(2023, 10, 10), [("mid-September", "2023-09", "month")]),
    ("The treaty was signed on July 14, 1789.", THU, [("July 14, 1789", "1789-07-14", "day")]),
    ("The probe is due to arrive on March 3, 2999.", THU, [("March 3, 2999", "2999-03-03", "day")]),
    ("The colony is planned for 2150.", THU, [("2150", "2150", "year")]),
    # months named alone take their year from the tense
    ("Shoigu visited North Korea in July.", THU, [("July", "2023-07", "month")]),
    ("Kyiv's troops captured parts of Kursk in August.", date(2024, 10, 28), [("August", "2024-08", "month")]),
    ("Reports of the deployment first emerged in October.", date(2025, 4, 28), [("October", "2024-10", "month")]),
    ("The two leaders held a summit in September.", date(2024, 6, 19), [("September", "2023-09", "month")]),
    ("Putin will visit Pyongyang in June.", THU, [("June", "2024-06", "month")]),
    ("The talks will resume in September.", THU, [("September", "2023-09", "month")]),
    ("Putin visited Pyongyang last June and will return next March.", THU,
     [("last June", "2023-06", "month"), ("next March", "2024-03", "month")]),
    ("She said in April and May that it would happen.", THU, [("April", "2023-04", "month"), ("May", "2023-05", "month")]),
    ("The troops arrived in June last year.", THU, [("June last year", "2022-06", "month")]),
    # weekdays, with the tense of their clause
    ("North Korea's state media said Thursday that Putin accepted.", THU, [("Thursday", "2023-09-14", "day")]),
    ("Kim held talks with Putin on Wednesday.", THU, [("Wednesday", "2023-09-13", "day")]),
    ("Kim arrived in Vladivostok on Friday.", THU, [("Friday", "2023-09-08", "day")]),
    ("Kim will meet Putin on Friday.", THU, [("Friday", "2023-09-15", "day")]),
    ("The two leaders are expected to meet on Monday.", THU, [("Monday", "2023-09-18", "day")]),
    ("The two should meet on Thursday in Vladivostok.", date(2019, 4, 24), [("Thursday", "2019-04-25", "day")]),
    ("Kim to visit Russia on Friday", THU, [("Friday", "2023-09-15", "day")]),
    ("The next meeting is due on Friday.", THU, [("Friday", "2023-09-15", "day")]),
    ("Kim said on Wednesday he would visit Moscow on Friday.", THU,
     [("Wednesday", "2023-09-13", "day"), ("Friday", "2023-09-15", "day")]),
    ("The minister could not attend on Monday because of the storm.", THU, [("Monday", "2023-09-11", "day")]),
    # a past-form modal: the occurrence nearest publication, not the next one
    ("He broke his vow that Britain would leave the bloc on Aug. 31.", THU, [("Aug. 31", "2023-08-31", "day")]),
    # a year that is no round number before a plural noun names a year
    ("He said raising 2016 elections was not wise.", THU, [("2016", "2016", "year")]),
    ("Troops were moved between Tuesday and Sunday of last week.", FRI,
     [("Tuesday", "2024-10-08", "day"), ("Sunday", "2024-10-13", "day")]),
    ("The deal was signed last Thursday.", THU, [("last Thursday", "2023-09-07", "day")]),
    ("Talks will resume next Wednesday.", THU, [("next Wednesday", "2023-09-20", "day")]),
    ("Kim met Putin on Tuesday, Sept. 12, at the border.", THU, [("Tuesday, Sept. 12", "2023-09-12", "day")]),
    ("Lavrov spoke at a reception Wednesday evening.", date(2023, 10, 19), [("Wednesday", "2023-10-18", "day")]),
    # relative expressions keep their granularity
    ("Russia became a pariah after invading Ukraine last year.", THU, [("last year", "2022", "year")]),
    ("Pyongyang dispatched troops to Kursk last year.", date(2025, 4, 28), [("last year", "2024", "year")]),
    ("The lower house endorsed it last month.", date(2024, 11, 10), [("last month", "2024-10", "month")]),
    ("The chips, launched earlier this year, sold well.", date(2024, 11, 23), [("earlier this year", "2024", "year")]),
    ("Prices rose earlier this month.", THU, [("earlier this month", "2023-09", "month")]),
    ("Lavrov will visit Pyongyang next month.", THU, [("next month", "2023-10", "month")]),
    ("Revenue rose 94% compared to the same period last year.", THU, [("last year", "2022", "year")]),
    ("Kim left Pyongyang yesterday.", THU, [("yesterday", "2023-09-13", "day")]),
    ("Today a new document has been prepared.", THU, [("Today", "2023-09-14", "day")]),
    ("The results will be announced tomorrow.", THU, [("tomorrow", "2023-09-15", "day")]),
    ("The border closed two years ago and reopened three days ago.", THU,
     [("two years ago", "2021", "year"), ("three days ago", "2023-09-11", "day")]),
    ("While the Victory Day parade is being held in Moscow, Kim sent a message.", date(2023, 5, 9),
     [("Victory Day", "2023-05-09", "day")]),
    # a year counted from the one the narrative last named, not from publication
    ("The two were kidnapped in May 2015. The following year, a ransom was demanded.", FRI,
     [("May 2015", "2015-05", "month"), ("The following year", "2016", "year")]),
    ("The mine opened in 1998 and closed a year later.", FRI,
     [("1998", "1998", "year"), ("a year later", "1999", "year")]),
    ("The next year was calmer.", FRI, []),   # no year to count from
    # an act named as a gerund after a past clause was done, so its month is past
    ("A farmer pleaded guilty Monday to threatening to burn the mayor's barn in March.", date(2019, 11, 19),
     [("Monday", "2019-11-18", "day"), ("March", "2019-03", "month")]),
    # "today" inside a quote is the day of the news the article names, up to two days before publication
    ("The panel met Tuesday.\n\n“Today we heard nothing new,” the chairman said.", date(2019, 11, 20),
     [("Tuesday", "2019-11-19", "day"), ("Today", "2019-11-19", "day")]),
    ("The panel met Wednesday.\n\n“Today we heard nothing new,” the chairman said.", date(2019, 11, 20),
     [("Wednesday", "2019-11-20", "day"), ("Today", "2019-11-20", "day")]),
    ("“Today we heard nothing new,” the chairman said.", date(2019, 11, 20), [("Today", "2019-11-20", "day")]),
    ("The panel met Tuesday. Today the chairman resigned.", date(2019, 11, 20),
     [("Tuesday", "2019-11-19", "day"), ("Today", "2019-11-20", "day")]),   # outside quotes: publication day
])
def test_extract_dates(nlp, sentence, published, expected):
    assert found(nlp, sentence, published) == expected


@pytest.mark.parametrize("sentence", [
    "Putin and Kim held talks that lasted more than five hours.",   # durations
    "It was Putin's first visit to North Korea in 24 years.",
    "Kim stayed in Russia for three days.",
    "The 39-year-old leader arrived at 7:09 a.m. Moscow time.",      # ages and times of day
    "Kim is 39 years old and left early this morning.",
    "Kim recently visited a factory and will travel soon.",          # vague
    "Talks may follow in the coming days.",
    "Plans for next week were not announced.",                       # a week names no day, month or year
    "Earlier this week, Kim met Putin.",
    "Prices rose over the past year and over the last year.",
    "Tensions were high in the 1950s.",
    "The missile flies 1,500 to 2,000 km and 1500 troops were sent.",  # numbers that are not dates
    "Troops went in after the September 11 attacks.",                # an event named after a day of another year
    "UN Security Council Resolution 2397 bans the trade.",
    "Revenue jumped 112% year-over-year to $30.8 billion.",
    "Russia showed him the Su-35, the Tu-160 and the MiG-31I.",
    "The accessory costs $2024 and weighs 1950 kg.",
    "Details at https://example.com/2023/09/13/kim-putin for readers.",
    "She praised Theresa May in an interview with The Sunday Times.",  # names, not dates
    "The Good Friday Agreement was mentioned.",
    "NBC's Richard Engel reports for TODAY.",
])
def test_extract_dates_skips(nlp, sentence):
    assert found(nlp, sentence, THU) == []


@pytest.mark.parametrize("sentence, published, text, role", [
    ("North Korea's state media said Thursday that Putin had accepted.", THU, "Thursday", "reported"),
    ("Kim held talks with Putin on Wednesday, KCNA said.", THU, "Wednesday", "happened"),
    ("NATO chief Mark Rutte said Monday that troops are in Kursk.", date(2024, 10, 28), "Monday", "reported"),
    ("In a statement released on Friday, the spy agency said troops moved.", FRI, "Friday", "reported"),
    ("A State Department spokesperson on Monday also warned against any deal.", THU, "Monday", "reported"),
    ("Kim said on Wednesday he would visit Moscow on Friday.", THU, "Wednesday", "reported"),
    ("Kim said on Wednesday he would visit Moscow on Friday.", THU, "Friday", "happened"),
    ("SEOUL, Oct. 19 (Yonhap) -- Lavrov met Kim in Pyongyang.", date(2023, 10, 19), "Oct. 19", "reported"),
    ("Published: June 19, 2024 20:43:57", date(2024, 6, 19), "June 19, 2024", "reported"),
    ("18:09 October 19, 2023", date(2023, 10, 19), "October 19, 2023", "reported"),
    ("The prisoner was released on Tuesday.", THU, "Tuesday", "happened"),
    ("Putin signed the treaty on Wednesday in Pyongyang.", THU, "Wednesday", "happened"),
])
def test_role(nlp, sentence, published, text, role):
    roles = {d.text: d.role for d in extract_dates(nlp(sentence), published)}
    assert roles[text] == role


@pytest.mark.parametrize("sentence, expected", [
    ("Kim met Putin on Wednesday, September 13, 2023, and again on Thursday.",
     [("Wednesday, September 13, 2023", "2023-09-13", "day")]),
    ("Russia invaded Ukraine last year, in February 2022.", [("February 2022", "2022-02", "month")]),
    ("The summit was held on Sept. 13 in 2023 in Russia.", [("2023", "2023", "year")]),
    ("Kim left yesterday; next month he returns, in July, on Sept. 13.", []),
    ("Numbers 15.09.2023 and 2023-09-13 stay absolute.", [("15.09.2023", "2023-09-15", "day"),
                                                           ("2023-09-13", "2023-09-13", "day")]),
])
def test_without_publication_date_only_absolute_dates(nlp, sentence, expected):
    assert found(nlp, sentence, None) == expected


@pytest.mark.parametrize("published", [date.min, date.max, date(1, 1, 2), date(9999, 12, 30)])
def test_calendar_ends_do_not_crash(nlp, published):
    sentence = ("Yesterday, today and tomorrow; last year, next year, last month and next month; "
                "on Friday and next Monday, in June, on Sept. 13, on Christmas, three days ago; July 14, 1789.")
    values = found(nlp, sentence, published)
    assert ("July 14, 1789", "1789-07-14", "day") in values
    assert all(len(value) in (4, 7, 10) for _, value, _ in values)


def test_offsets_and_sentences(nlp):
    doc = nlp("Kim arrived in Russia on Tuesday. Putin met him on Wednesday in the Amur region.")
    dates = extract_dates(doc, THU)
    assert [(d.text, d.sentence) for d in dates] == [("Tuesday", 0), ("Wednesday", 1)]
    assert all(doc.text[d.start:d.end] == d.text for d in dates)
