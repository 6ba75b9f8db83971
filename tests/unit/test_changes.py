"""What changed since a moment: the digest on hand-made tables, the moment itself, and the CLI."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest

from storyline import schema
from storyline.cli import main
from storyline.errors import InputError
from storyline.story.changes import compute_changes, last_ingest_start, resolve_since
from tests.unit.test_membership import story_store  # noqa: F401  (a fixture: a small scored store)

BEFORE, AFTER = datetime(2024, 1, 1, tzinfo=timezone.utc), datetime(2024, 2, 1, tzinfo=timezone.utc)
SINCE = datetime(2024, 1, 15, tzinfo=timezone.utc)

# id: (ingested, on_story, outlet, published)
ARTICLES = {
    "a1": (BEFORE, True, "KCNA", date(2023, 9, 13)),
    "a2": (BEFORE, False, "Sports Daily", date(2023, 9, 13)),
    "a3": (AFTER, True, "KCNA", date(2023, 10, 19)),
    "a4": (AFTER, True, "Yonhap", date(2023, 10, 19)),
    "a5": (AFTER, False, "Sports Weekly", date(2023, 10, 19)),
    "a6": (AFTER, None, "TASS", date(2023, 10, 20)),  # never scored: kept, not hidden
}
MENTIONS = [("a1", "Kim Jong Un"), ("a1", "Vladimir Putin"), ("a2", "Lionel Messi"), ("a3", "Kim Jong Un"),
            ("a3", "Sergei Lavrov"), ("a4", "Sergei Lavrov"), ("a4", "Choe Son Hui"), ("a5", "Roger Federer"),
            ("a6", "Lionel Messi")]
QUOTES = [("a1", "We will always be with Russia", "Kim Jong Un"),
          ("a3", "We will always be in Russia", "Kim Jong Un"),
          ("a3", "The visit will bring substantial results for the summit agreement", "Sergei Lavrov"),
          ("a4", "the visit will bring substantial results for the summit agreement", "Sergei Lavrov"),
          ("a5", "A night to remember for the club", "Roger Federer"),
          ("a6", "great victory", "Kim Jong Un")]
DATES = [("a1", "2023-09-13", "happened"), ("a3", "2023-09-13", "happened"), ("a3", "2023-10-18", "happened"),
         ("a4", "2023-10-18", "happened"), ("a4", "2023-10-19", "reported")]


@pytest.fixture(scope="module")
def digest():
    """The digest of the tables above since SINCE."""
    return digest_since(SINCE)


def digest_since(since: datetime):
    """The digest of the tables above since a moment."""
    articles = pd.DataFrame([{schema.ARTICLE_ID: aid, "ingested_at": ingested, "outlet": outlet, "published": day,
                              "title": f"title {aid}", "url": None, "relevance": 0.5, "reasons": "",
                              "on_story": pd.NA if on is None else on}
                             for aid, (ingested, on, outlet, day) in ARTICLES.items()])
    articles["on_story"] = articles["on_story"].astype("boolean")
    mentions = pd.DataFrame([{schema.ARTICLE_ID: aid, "canonical": name, "label": "PERSON"} for aid, name in MENTIONS])
    quotes = pd.DataFrame([{schema.ARTICLE_ID: aid, "quote_index": i, "text": text, "speaker": speaker,
                            "conduit": None} for i, (aid, text, speaker) in enumerate(QUOTES)])
    dates = pd.DataFrame([{schema.ARTICLE_ID: aid, "value": value, "granularity": "day",
                           "date": date.fromisoformat(value), "text": value, "role": role}
                          for aid, value, role in DATES])
    return compute_changes(articles, mentions, quotes, dates, since)


@pytest.mark.parametrize("since, counts", [
    (AFTER + timedelta(days=1), dict.fromkeys(["articles", "outlets", "speakers", "entities", "events", "quotes"], 0)),
    (BEFORE, {"articles": 4, "outlets": 3, "speakers": 2, "entities": 5, "events": 2, "quotes": 3}),
])
def test_digest_counts_at_the_edges(since, counts):  # nothing ingested since; everything on the story is new
    assert digest_since(since).counts() == counts


@pytest.mark.parametrize("section, column, expected", [
    ("articles", schema.ARTICLE_ID, ["a3", "a4", "a6"]),
    ("outlets", "outlet", ["TASS", "Yonhap"]),
    ("speakers", "speaker", ["Sergei Lavrov"]),
    ("entities", "canonical", ["Sergei Lavrov", "Choe Son Hui", "Lionel Messi"]),
    ("events", "value", ["2023-10-18"]),
])
def test_digest_sections(digest, section, column, expected):
    assert getattr(digest, section)[column].tolist() == expected


@pytest.mark.parametrize("section, column, expected", [
    ("speakers", "quotes", [2]),
    ("entities", "mentions", [2, 1, 1]),
    ("events", "mentions", [2]),
    ("outlets", "articles", [1, 1]),
])
def test_digest_counts(digest, section, column, expected):
    assert getattr(digest, section)[column].tolist() == expected


def test_quotes_first_carried_are_new_words_only(digest):
    found = digest.quotes.sort_values("articles", ascending=False)
    assert found["speakers"].tolist() == [["Sergei Lavrov"], ["Kim Jong Un"]]
    assert found["articles"].tolist() == [2, 1] and found["first_outlet"].tolist() == ["KCNA", "TASS"]


def test_digest_as_json_and_text(digest):
    data = json.loads(json.dumps(digest.to_dict()))
    assert data["counts"] == {"articles": 3, "outlets": 2, "speakers": 1, "entities": 3, "events": 1, "quotes": 2}
    assert data["since"] == "2024-01-15T00:00:00+00:00" and data["articles"][0]["published"] == "2023-10-19"
    text = digest.describe()
    assert text.splitlines()[0] == "Since 2024-01-15 00:00 UTC: 3 new articles on the story from 3 outlets."
    assert "New speakers (1): Sergei Lavrov (2)" in text


# ----- the moment ---------------------------------------------------------------------------------------------------

RUN_1 = [datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc) + timedelta(minutes=m) for m in (0, 2, 5)]
RUN_2 = [datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc) + timedelta(minutes=m) for m in (0, 9, 15)]


@pytest.mark.parametrize("moments, start", [
    (RUN_1 + RUN_2, RUN_2[0]),
    (RUN_1, RUN_1[0]),
    ([], None),
])
def test_last_ingest_start(moments, start):
    assert last_ingest_start(pd.Series(moments, dtype="datetime64[us, UTC]")) == start


@pytest.mark.parametrize("value, moment", [
    ("2024-03-01", datetime(2024, 3, 1, tzinfo=timezone.utc)),
    ("2024-03-01T10:30", datetime(2024, 3, 1, 10, 30, tzinfo=timezone.utc)),
    ("2024-03-01T10:30+02:00", datetime(2024, 3, 1, 8, 30, tzinfo=timezone.utc)),
    (date(2024, 3, 1), datetime(2024, 3, 1, tzinfo=timezone.utc)),
    ("last-ingest", RUN_2[0]),
])
def test_resolve_since(value, moment):
    assert resolve_since(value, pd.Series(RUN_1 + RUN_2)) == moment


@pytest.mark.parametrize("value, moments, message", [
    ("yesterday", RUN_1, "not a date"),
    ("last-ingest", [], "no article yet"),
])
def test_resolve_since_errors(value, moments, message):
    with pytest.raises(InputError, match=message):
        resolve_since(value, pd.Series(moments, dtype="datetime64[us, UTC]"))


# ----- the CLI ------------------------------------------------------------------------------------------------------

def test_cli_changes_text_and_json(story_store, capsys):  # noqa: F811
    store, ids = story_store
    assert main(["--store", str(store.root), "changes", "--since", "last-ingest"]) == 0
    assert "3 new articles on the story" in capsys.readouterr().out
    assert main(["--store", str(store.root), "changes", "--since", "2999-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["articles"] == 0
    assert main(["--store", str(store.root), "changes", "--since", "soon"]) == 1
    assert "soon: not a date" in capsys.readouterr().err
