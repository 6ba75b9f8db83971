"""Story membership on real articles: the dev corpus against the default story, and unrelated feed items.

Each article is judged alone against the default story (data/seed parsed), as `parse` does with an empty store.
Run as a module for the figures: `python -m tests.golden.test_membership_golden`.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.sources import read_input, with_language
from storyline.nlp.parse import parse_articles
from storyline.records import IngestOptions, make_article
from storyline.story.tracking import default_profile, score_parsed

MIN_ACCURACY = 0.95       # the target on corpus/dev
MIN_OFF_TOPIC_REJECTED = 0.95
FOLLOW_UP_PHASES = ("lavrov_pyongyang", "pyongyang_visit_treaty", "treaty_ratification", "nk_troops_russia")
OTHER_NEWS = "rss_items_other_news_2023-09-12_to_10-20.jsonl"
NORTH_KOREA_NEWS = "rss_items_north_korea_2023-09_to_10.jsonl"


def read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def judge_dev(corpus: Path) -> dict[str, tuple[dict, float, bool]]:
    """Index row, relevance and on_story of every dev article, by id."""
    rows = read_jsonl(corpus / "dev" / "index.jsonl")
    articles = [with_language(next(iter(read_input(str(corpus / "dev" / f"{row['id']}.txt"), IngestOptions(
        outlet=row.get("outlet"), published=date.fromisoformat(row["published"])))))) for row in rows]
    story = default_profile()
    return {row["id"]: (row, *score_parsed(parsed, story)) for row, parsed in zip(rows, parse_articles(articles))}


def judge_feed(path: Path) -> list[tuple[dict, bool]]:
    """Each feed item (read by the export reader: headline and summary) with its on_story.

    An item without a summary, which the reader refuses, is judged on its headline alone."""
    rows = read_jsonl(path)
    items = list(read_input(str(path), IngestOptions()))
    assert len(items) == len(rows), f"{path}: the export reader skipped rows"
    articles = [with_language(item) if not isinstance(item, InputError) else
                make_article(title=row["title"], paragraphs=[row["title"]], url=row.get("link"),
                             outlet=row.get("outlet"), published=date.fromisoformat(row["day"]), language="en")
                for row, item in zip(rows, items)]
    story = default_profile()
    return [(row, score_parsed(parsed, story)[1]) for row, parsed in zip(rows, parse_articles(articles))]


@pytest.fixture(scope="module")
def dev(shared_corpus: Path) -> dict[str, tuple[dict, float, bool]]:
    """The dev corpus judged against the default story."""
    return judge_dev(shared_corpus)


def test_dev_accuracy_meets_the_target(dev):
    wrong = [aid for aid, (row, _, on_story) in dev.items() if on_story != row["on_topic"]]
    assert 1 - len(wrong) / len(dev) >= MIN_ACCURACY, f"judged wrong: {wrong}"


def test_every_hard_negative_is_rejected(dev):
    hard = {aid: on_story for aid, (row, _, on_story) in dev.items() if row.get("hard_negative")}
    assert len(hard) >= 3 and not any(hard.values()), hard


def test_follow_ups_months_later_are_on_the_story(dev):
    follow_ups = {aid: on_story for aid, (row, _, on_story) in dev.items() if row.get("phase") in FOLLOW_UP_PHASES}
    assert len(follow_ups) >= 8 and all(follow_ups.values()), follow_ups


def test_unrelated_news_of_the_same_days_is_rejected(dev):
    unrelated = {aid: on_story for aid, (row, _, on_story) in dev.items()
                 if str(row.get("phase", "")).startswith("offtopic")}
    assert unrelated and not any(unrelated.values()), unrelated


def test_relevance_is_a_share(dev):
    assert all(0.0 <= relevance <= 1.0 for _, relevance, _ in dev.values())


def test_unrelated_feed_items_are_rejected(shared_corpus: Path):
    judged = judge_feed(shared_corpus / "feeds" / OTHER_NEWS)
    accepted = [row["title"] for row, on_story in judged if on_story]
    assert 1 - len(accepted) / len(judged) >= MIN_OFF_TOPIC_REJECTED, accepted


if __name__ == "__main__":
    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
    judged_dev = judge_dev(corpus)
    wrong = [aid for aid, (row, _, on_story) in judged_dev.items() if on_story != row["on_topic"]]
    print(f"dev: accuracy {1 - len(wrong) / len(judged_dev):.3f} ({len(judged_dev)} articles); "
          f"wrong: {', '.join(wrong) or 'none'}")
    other = judge_feed(corpus / "feeds" / OTHER_NEWS)
    print(f"feeds, other news: {sum(not on for _, on in other)}/{len(other)} rejected")
    north = judge_feed(corpus / "feeds" / NORTH_KOREA_NEWS)
    for guess in (True, False):
        items = [on for row, on in north if row.get("heuristic_on_topic") is guess]
        print(f"feeds, North Korea news with heuristic_on_topic={guess}: {sum(items)}/{len(items)} on the story")
    sys.exit(0)
