"""Entities on real articles: the founding article's names, and the dev corpus scored by the reference scorer."""
from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from storyline import schema
from storyline.ingest.sources import read_input, with_language
from storyline.nlp.aliases import load_alias_table
from storyline.nlp.entities import canonicalize_mentions, canonicalize_story, extract_mentions
from storyline.nlp.model import load_pipeline
from storyline.records import IngestOptions, Mention
from tests.conftest import SEED_FILE

MIN_PURITY = 0.98        # targets set for the entity extractor (the first version: purity 1.0, completeness 0.108)
MIN_COMPLETENESS = 0.92


@pytest.fixture(scope="module")
def aliases():
    """The story's shipped alias table."""
    return load_alias_table()


@pytest.fixture(scope="module")
def seed(aliases) -> tuple[str, list[Mention]]:
    """The founding article's body text and its mentions."""
    article = next(iter(read_input(str(SEED_FILE), IngestOptions())))
    return article.text, extract_mentions(load_pipeline("en")(article.text), aliases)


def mentions_after(text: str, found: list[Mention], context: str, surface: str) -> Mention:
    """The first mention of `surface` inside the first occurrence of `context` in the text."""
    start = text.index(context)
    return next(m for m in found if m.text == surface and start <= m.start < start + len(context))


@pytest.mark.parametrize("context, surface, canonical, metonymic", [
    ("SEOUL – Russian President", "SEOUL", "Seoul", False),
    ("Russian President Vladimir Putin has accepted", "Vladimir Putin", "Vladimir Putin", False),
    ("Pyongyang’s state media said", "Pyongyang", "North Korea", True),
    ("The isolated Kim, who seldom", "Kim", "Kim Jong Un", False),
    ("the Korean Central News Agency said", "Korean Central News Agency", "Korean Central News Agency", False),
    ("Russia and the North are both", "the North", "North Korea", False),
    ("Moscow for its Ukraine conflict", "Moscow", "Russia", True),
    ("He also said Moscow could help Pyongyang build", "Moscow", "Russia", True),
    ("said Kim Jong-dae, a former MP", "Kim Jong-dae", "Kim Jong Dae", False),
    ("In Washington, State Department spokesperson", "Washington", "Washington", False),
    ("In Washington, State Department spokesperson", "State Department", "US State Department", False),
    ("Kim, who traveled overland to Russia", "Kim", "Kim Jong Un", False),
    ("including Defence Minister Sergei Shoigu", "Sergei Shoigu", "Sergei Shoigu", False),
])
def test_founding_article_names(seed, context, surface, canonical, metonymic):
    text, found = seed
    mention = mentions_after(text, found, context, surface)
    assert (mention.canonical, mention.metonymic) == (canonical, metonymic)


def test_founding_article_people(seed):
    _, found = seed
    people = {m.canonical for m in found if m.label == "PERSON"}
    assert people == {"Kim Jong Un", "Vladimir Putin", "Kim Jong Dae", "Matthew Miller", "Sergei Shoigu",
                      "Cheong Seong Chang"}
    assert {m.canonical for m in found if m.text == "Kim"} == {"Kim Jong Un"}


# --- the dev corpus, scored by ../shared/eval/score.py -------------------------------------------------------------

def read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def scorer(shared_corpus: Path):
    """The reference scorer module from ../shared/eval."""
    spec = importlib.util.spec_from_file_location("reference_score", shared_corpus.parent / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev(shared_corpus: Path, aliases) -> list[tuple[dict, list[Mention]]]:
    """Gold row and extracted mentions of every dev article, read as the evaluation reads them."""
    folder = shared_corpus / "dev"
    index = {row["id"]: row for row in read_jsonl(folder / "index.jsonl")}
    gold = read_jsonl(folder / "gold.jsonl")
    texts = []
    for row in gold:
        meta = index[row["id"]]
        options = IngestOptions(outlet=meta.get("outlet"), published=date.fromisoformat(meta["published"]))
        texts.append(with_language(next(iter(read_input(str(folder / f"{row['id']}.txt"), options)))).text)
    docs = load_pipeline("en").pipe(texts, batch_size=25)
    return [(row, extract_mentions(doc, aliases)) for row, doc in zip(gold, docs)]


def entity_scores(scorer, articles: list[tuple[dict, list[dict]]]) -> dict:
    """Purity, completeness and the detail lists of the reference scorer, for (gold row, entity dicts) pairs."""
    totals = defaultdict(int, false_merges=[], split_entities=[])
    for gold, entities in articles:
        scorer.score_entities(gold, {"entities": entities}, totals)
    return {"purity": totals["pure_clusters"] / totals["canon_clusters"],
            "completeness": totals["complete_gold"] / totals["multi_surface_gold"],
            "false_merges": totals["false_merges"], "split": totals["split_entities"]}


def as_dicts(found: list[Mention]) -> list[dict]:
    """Mentions as the `parse` contract writes them."""
    return [{"text": m.text, "label": m.label, "canonical": m.canonical} for m in found]


def test_dev_entity_targets(scorer, dev):
    scores = entity_scores(scorer, [(gold, as_dicts(found)) for gold, found in dev])
    assert scores["false_merges"] == []
    assert scores["purity"] >= MIN_PURITY, scores
    assert scores["completeness"] >= MIN_COMPLETENESS, scores["split"]


def mentions_frame(dev: list[tuple[dict, list[Mention]]]) -> pd.DataFrame:
    """All dev mentions as the stored mentions table, canonical names reset to the surface."""
    rows = [{"article_id": gold["id"], "start": m.start, "end": m.end, "text": m.text, "label": m.label,
             "canonical": m.text, "sentence": m.sentence, "metonymic": m.metonymic}
            for gold, found in dev for m in found]
    return pd.DataFrame(rows, columns=schema.MENTIONS_SCHEMA.names)


def test_stored_mentions_get_the_same_names_without_spacy(dev, aliases):
    out = canonicalize_mentions(mentions_frame(dev), aliases)
    assert list(out["canonical"]) == [m.canonical for _, found in dev for m in found]


def test_story_level_names_keep_the_targets(scorer, dev, aliases):
    story = canonicalize_story(mentions_frame(dev), aliases)
    by_article = {aid: group.to_dict("records") for aid, group in story.groupby("article_id")}
    scores = entity_scores(scorer, [(gold, by_article.get(gold["id"], [])) for gold, _ in dev])
    assert scores["false_merges"] == []
    assert scores["purity"] >= MIN_PURITY and scores["completeness"] >= MIN_COMPLETENESS, scores
    persons = story.loc[story["label"] == "PERSON", "canonical"]
    assert not persons.isin(["Putin", "Lavrov", "Manturov", "Shoigu"]).any()
