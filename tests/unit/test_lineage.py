"""Quote lineage: which quotes are the same words, and how one travelled from outlet to outlet.

Run as a module to time grouping on a synthetic frame: `python -m tests.unit.test_lineage 200000`.
"""
from __future__ import annotations

import sys
import time
from datetime import date, datetime, timezone

import numpy as np
import pandas as pd
import pytest

from storyline import schema
from storyline.story.lineage import (assign_lineage_groups, compute_quote_lineage, lineage_of, normalise_quotes,
                                     quote_variants)

GLORY = "The glory of Russia that produced the first conquerors of space will be immortal."


def groups_of(quotes: list[tuple[str, str | None]]) -> list[int]:
    """Group numbers of (text, speaker) quotes, renumbered in order of first appearance."""
    frame = pd.DataFrame(quotes, columns=["text", "speaker"])
    found = assign_lineage_groups(frame).tolist()
    order = {g: i for i, g in enumerate(dict.fromkeys(found))}
    return [order[g] for g in found]


@pytest.mark.parametrize("quotes, expected", [
    ([(GLORY, "Kim"), ("the first conquerors of space will be immortal", "Kim Jong Un")], [0, 0]),       # truncated
    ([("We will always be with Russia.", "Kim"), ("We will always be in Russia", None)], [0, 0]),         # one word
    ([("Putin accepted the invitation with pleasure.", None),
      ("PUTIN ACCEPTED THE INVITATION — WITH PLEASURE", "KCNA")], [0, 0]),                              # case, marks
    ([("great victory", "Kim Jong Un"), ("great victory", "Volodymyr Zelensky")], [0, 1]),                # short, 2 people
    ([("great victory", "Kim Jong Un"), ("Great victory!", "Kim Jong Un")], [0, 0]),                      # short, same
    ([("sacred fight", "Kim Jong Un"), ("sacred struggle", "Kim Jong Un")], [0, 1]),                      # short, differ
    ([("the summit signals a seismic change in northeast asian geopolitics", None),
      ("arms talks between russia and north korea are actively advancing", None)], [0, 1]),              # unrelated
    ([("we will fight together against imperialism until the final victory of our peoples comes", "Kim"),
      ("will fight together against imperialism", "Kim"),
      ("the west will fight together against imperialism said the minister in moscow today", "Lavrov")],
     [0, 0, 1]),                                                                                         # no bridging
])
def test_grouping(quotes, expected):
    assert groups_of(quotes) == expected


@pytest.mark.parametrize("text, words", [
    ("Kim “courteously invited” Putin…", "kim courteously invited putin"),
    ("L’armée russe remportera une «grande victoire»", "l armée russe remportera une grande victoire"),
    (None, ""),
])
def test_normalise_quotes(text, words):
    assert normalise_quotes(pd.Series([text])).iloc[0] == words


# ----- lineage tables --------------------------------------------------------------------------------------------

# One statement travelling: KCNA first, then AFP, The Japan Times (trimmed), an aggregator (one word changed).
TRAVEL = [
    ("kcna", "KCNA", date(2023, 9, 13), GLORY, "Kim Jong Un", None),
    ("afp", "AFP", date(2023, 9, 13), GLORY, "Kim Jong Un", "Korean Central News Agency"),
    ("jt", "The Japan Times", date(2023, 9, 14), "Russia that produced the first conquerors of space will be "
                                                 "immortal", "Kim", "Korean Central News Agency"),
    ("agg", "Aggregator", date(2023, 9, 15), "the glory of Russia that produced the first conquerors of space shall "
                                             "be immortal", None, None),
    ("other", "Other Daily", date(2023, 9, 14), "We will always be with Russia", "Kim Jong Un", None),
]


@pytest.fixture()
def lineage():
    """The lineage of TRAVEL (the aggregator ingested first, to show that publication day decides)."""
    quotes = pd.DataFrame([{schema.ARTICLE_ID: aid, "quote_index": 0, "text": text, "speaker": speaker,
                            "conduit": conduit} for aid, _, _, text, speaker, conduit in TRAVEL])
    articles = pd.DataFrame([{schema.ARTICLE_ID: aid, "outlet": outlet, "published": day, "title": aid, "url": None,
                              "ingested_at": datetime(2024, 1, 9 if aid == "agg" else 10 + i, tzinfo=timezone.utc)}
                             for i, (aid, outlet, day, *_) in enumerate(TRAVEL)])
    return compute_quote_lineage(quotes, articles)


def test_group_row_tells_the_story_of_the_words(lineage):
    glory = lineage.groups.iloc[0]
    assert glory["outlets"] == ["KCNA", "AFP", "The Japan Times", "Aggregator"]
    assert (glory["articles"], glory["variants"], glory["first_outlet"]) == (4, 3, "KCNA")
    assert glory["first_published"] == date(2023, 9, 13) and glory["last_published"] == date(2023, 9, 15)
    assert glory["speakers"] == ["Kim Jong Un", "Kim"] and glory["conduits"] == ["Korean Central News Agency"]
    assert glory["words"] == GLORY  # the wording carried most often
    assert len(lineage.groups) == 2


def test_lineage_of_a_selected_quote_is_earliest_first(lineage):
    rows = lineage_of(lineage, "jt", 0)
    assert rows[schema.ARTICLE_ID].tolist() == ["kcna", "afp", "jt", "agg"]
    assert rows["variant"].tolist() == [1, 1, 2, 3] and rows["first"].tolist() == [True, False, False, False]
    assert lineage_of(lineage, "nope", 0).empty


def test_variants_of_a_group(lineage):
    variants = quote_variants(lineage, int(lineage.groups.iloc[0]["group"]))
    assert variants["carried_by"].tolist() == [2, 1, 1]
    assert variants["outlets"].tolist() == [["KCNA", "AFP"], ["The Japan Times"], ["Aggregator"]]


def test_empty_quotes_give_empty_lineage():
    articles = pd.DataFrame(columns=[schema.ARTICLE_ID, "outlet", "published", "ingested_at", "title", "url"])
    quotes = pd.DataFrame(columns=[schema.ARTICLE_ID, "quote_index", "text", "speaker", "conduit"])
    found = compute_quote_lineage(quotes, articles)
    assert found.groups.empty and found.appearances.empty


# ----- synthetic frames (scale) ----------------------------------------------------------------------------------

def synthetic_quotes(count: int, seed: int = 7) -> pd.DataFrame:
    """Quotes from Zipf-distributed words: each base statement carried 1–n times, trimmed or with a word changed."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array([f"w{i}" for i in range(30_000)])
    weights = 1 / np.arange(1, len(vocabulary) + 1)
    weights /= weights.sum()
    rows: list[tuple[str, str, int]] = []
    base = 0
    while len(rows) < count:
        words = list(rng.choice(vocabulary, size=int(rng.integers(4, 40)), p=weights))
        speaker = f"speaker {rng.integers(0, 2000)}"
        for _ in range(int(rng.geometric(0.3))):
            carried, change = list(words), rng.random()
            if change < 0.3 and len(carried) > 8:
                start = int(rng.integers(0, len(carried) // 5 + 1))
                carried = carried[start:start + max(int(len(carried) * 0.7), 6)]
            elif change < 0.5:
                carried[int(rng.integers(0, len(carried)))] = str(rng.choice(vocabulary))
            rows.append((" ".join(carried).capitalize() + ".", speaker, base))
        base += 1
    frame = pd.DataFrame(rows[:count], columns=["text", "speaker", "base"])
    frame[schema.ARTICLE_ID] = [f"a{i // 8}" for i in range(len(frame))]
    frame["quote_index"] = np.arange(len(frame)) % 8
    frame["conduit"] = None
    return frame


def agreement(found: pd.Series, truth: pd.Series) -> tuple[float, float]:
    """Purity (groups hold one statement) and completeness (a statement stays in one group) of a grouping."""
    pairs = pd.DataFrame({"found": found.to_numpy(), "truth": truth.to_numpy()}).value_counts()
    purity = pairs.groupby(level="found").max().sum() / pairs.sum()
    completeness = pairs.groupby(level="truth").max().sum() / pairs.sum()
    return purity, completeness


def test_synthetic_statements_are_grouped_faithfully():
    quotes = synthetic_quotes(3_000)
    purity, completeness = agreement(assign_lineage_groups(quotes), quotes["base"])
    assert purity >= 0.98 and completeness >= 0.93


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    frame = synthetic_quotes(size)
    started = time.perf_counter()
    groups = assign_lineage_groups(frame)
    grouped = time.perf_counter() - started
    articles = pd.DataFrame({schema.ARTICLE_ID: frame[schema.ARTICLE_ID].unique()})
    articles["outlet"] = "outlet " + (articles.index % 40).astype(str)
    articles["published"] = pd.Timestamp("2023-09-01") + pd.to_timedelta(articles.index % 400, unit="D")
    articles["ingested_at"], articles["title"], articles["url"] = pd.Timestamp("2024-01-01", tz="UTC"), "t", None
    started = time.perf_counter()
    tables = compute_quote_lineage(frame.drop(columns="base"), articles)
    tabled = time.perf_counter() - started
    purity, completeness = agreement(groups, frame["base"])
    print(f"{size} quotes: grouping {grouped:.1f} s; lineage tables (grouping included) {tabled:.1f} s; "
          f"{len(tables.groups)} groups for {frame['base'].nunique()} statements; "
          f"purity {purity:.3f}, completeness {completeness:.3f}")
