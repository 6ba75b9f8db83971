"""The story views' pure helpers: the review table and its buttons, the digest's moment, lineage markup."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pandas as pd
import pytest

from components.changes import DAY, INGEST, VISIT, default_moment, parse_since, resolve_moment
from components.lineage import describe_group, groups_in_view, mark_changed_words, outlet_dots
from components.review import compute_review_columns, describe_membership, offered_decisions, review_table
from storyline.story.lineage import compute_quote_lineage

UTC = timezone.utc


def membership_row(on_story, decision=None, role="scored", relevance=0.42, days=3, shared=("Kim Jong Un",)):
    """One row of a membership view (see storyline.story.review.compute_membership_view)."""
    reasons = json.dumps({"summary": "shares Kim Jong Un", "shared_entities": list(shared), "days_from_story": days})
    return {"article_id": "a1", "published": date(2023, 10, 18), "outlet": "TASS", "title": "Lavrov in Pyongyang",
            "relevance": relevance, "on_story": on_story, "story_reasons": reasons, "decision": decision,
            "reasons": "shares Kim Jong Un", "shared_entities": list(shared), "role": role, "decided_at": pd.NaT}


@pytest.mark.parametrize("row, expected", [
    (membership_row(True), ["reject", "accept"]),           # on the story: move it out, or confirm it
    (membership_row(False), ["accept", "reject"]),
    (membership_row(None, role=None), ["reject", "accept"]),  # never scored counts as on the story
    (membership_row(True, decision="accept", role="accepted"), ["reject", "clear"]),  # or forget the decision
    (membership_row(False, decision="reject", role="rejected"), ["accept", "clear"]),
    (membership_row(True, role="founding"), ["reject"]),
])
def test_offered_decisions(row, expected):
    assert offered_decisions(pd.Series(row)) == expected


@pytest.mark.parametrize("row, expected", [
    (membership_row(False), "TASS · 18 Oct 2023 · relevance 0.42 · kept out"),
    (membership_row(True, decision="accept"), "TASS · 18 Oct 2023 · relevance 0.42 · on the story (you accepted it)"),
    ({**membership_row(None), "relevance": None, "published": None, "outlet": None},
     "unknown outlet · no date · not scored yet · on the story"),
])
def test_describe_membership(row, expected):
    assert describe_membership(pd.Series(row)) == expected


def test_review_columns_say_who_judged_how_far_in_time_and_when_decided():
    view = pd.DataFrame([membership_row(False), membership_row(True, decision="accept", days=None),
                         membership_row(True, role="founding", days=-2, shared=())]).drop(columns="decided_at")
    view["article_id"] = ["a1", "a2", "a3"]
    table = compute_review_columns(view, {"a2": "2024-01-01T10:00:00+00:00"})
    assert table["judged_by"].tolist() == ["tracker", "you", "founding"]
    assert table["days_from_story"].tolist() == [3, pd.NA, -2]
    assert table["decided_at"].tolist()[1] == pd.Timestamp("2024-01-01 10:00", tz="UTC")
    assert "decided_at" in review_table(table) and "decided_at" not in review_table(table.iloc[[0, 2]])


@pytest.mark.parametrize("raw, expected", [
    ("visit", (VISIT, None)), ("ingest", (INGEST, None)), ("2023-09-13", (DAY, date(2023, 9, 13))),
    ("yesterday", (None, None)), ("", (None, None)),
])
def test_parse_since(raw, expected):
    assert parse_since(raw) == expected


INGESTS = pd.Series(pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-03 09:00"], utc=True))


@pytest.mark.parametrize("choice, day, visit, expected", [
    (INGEST, None, None, datetime(2024, 1, 3, 9, tzinfo=UTC)),       # the last ingest run
    (VISIT, None, datetime(2024, 1, 2, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC)),
    (VISIT, None, None, None),                                         # no visit recorded
    (DAY, date(2024, 1, 1), None, datetime(2024, 1, 1, tzinfo=UTC)),   # midnight UTC
])
def test_resolve_moment(choice, day, visit, expected):
    assert resolve_moment(choice, day, visit, INGESTS) == expected


@pytest.mark.parametrize("visit, expected", [
    (None, INGEST), (datetime(2024, 1, 2, tzinfo=UTC), VISIT), (datetime(2024, 1, 4, tzinfo=UTC), INGEST),
])
def test_default_moment_is_the_last_visit_only_when_something_came_after_it(visit, expected):
    assert default_moment(visit, INGESTS) == expected


@pytest.mark.parametrize("main, text, expected", [
    ("we will win", "We will win!", "We will win!"),
    ("we will win", "we shall win", 'we <mark class="sl-changed">shall</mark> win'),
    ("a c", "<b> c", '<mark class="sl-changed">&lt;b&gt;</mark> c'),           # escaped, marked
    ("win", "— win", "— win"),  # punctuation alone is not a word
])
def test_mark_changed_words(main, text, expected):
    assert mark_changed_words(main, text) == expected


def test_outlet_dots_escape_names_and_use_only_hex_colours():
    markup = outlet_dots(["<i>Evil</i>", "TASS"], {"<i>Evil</i>": "red;background:url(x)", "TASS": "#0072B2"})
    assert markup == ('<span class="sl-dot"></span>&lt;i&gt;Evil&lt;/i&gt; &nbsp; '
                      '<span class="sl-dot" style="background:#0072B2"></span>TASS')


def small_lineage():
    """The same words from two outlets (one wording trimmed), and one quote of its own."""
    quotes = pd.DataFrame({"article_id": ["a1", "a2", "a2"], "quote_index": [0, 0, 1],
                           "text": ["our cooperation is not directed against anyone at all",
                                    "Our cooperation is not directed against anyone", "Something else entirely here"],
                           "speaker": ["Sergei Lavrov", "Lavrov", None], "conduit": [None, "TASS", None]})
    articles = pd.DataFrame({"article_id": ["a1", "a2"], "outlet": ["TASS", "Reuters"],
                             "published": pd.to_datetime(["2023-10-18", "2023-10-19"]),
                             "ingested_at": pd.to_datetime(["2024-01-01"] * 2, utc=True),
                             "title": ["T1", "T2"], "url": [None, None]})
    return compute_quote_lineage(quotes, articles)


def test_groups_in_view_keeps_the_groups_a_view_shows_most_carried_first():
    lineage = small_lineage()
    every = groups_in_view(lineage, pd.DataFrame({"article_id": ["a2", "a2"], "quote_index": [0, 1]}))
    assert every["outlets"].tolist() == [2, 1]
    assert list(every.iloc[0]["carried_by"]) == ["TASS", "Reuters"]
    one = groups_in_view(lineage, pd.DataFrame({"article_id": ["a2"], "quote_index": [1]}))
    assert one["words"].tolist() == ["Something else entirely here"] and one["speaker"].isna().all()


def test_describe_group_names_speakers_conduits_and_the_first_outlet():
    group = small_lineage().groups.iloc[0]
    assert describe_group(group) == ("Sergei Lavrov (also attributed to Lavrov), via TASS. Carried by 2 outlets in "
                                     "2 articles; first on 18 Oct 2023 by TASS.")
