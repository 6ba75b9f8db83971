"""Quotes on real articles: the founding article's quotes and speakers, and the targets on the dev corpus."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.evaluation import write_dev_predictions
from storyline.ingest.sources import with_language
from storyline.ingest.text import read_text_file
from storyline.nlp.parse import parse_article
from storyline.records import Quote
from tests.conftest import SEED_FILE

TARGETS = {"quote_precision": 0.95, "quote_recall": 0.95, "speaker_accuracy": 0.93, "end_to_end": 0.88}


def folded(name: str | None) -> str:
    """A name compared as the reference scorer does: case and hyphens ignored."""
    return " ".join((name or "").lower().replace("-", " ").split())


@pytest.fixture(scope="module")
def seed_quotes() -> list[Quote]:
    """Quotes of the founding article, parsed by the real pipeline."""
    return list(parse_article(with_language(read_text_file(SEED_FILE))).quotes)


def quote_starting(quotes: list[Quote], prefix: str) -> Quote:
    """The one quote whose text starts with `prefix`."""
    found = [q for q in quotes if q.text.startswith(prefix)]
    assert len(found) == 1, (prefix, [q.text for q in quotes])
    return found[0]


@pytest.mark.parametrize("prefix, speaker", [
    ("historic meeting and talks", "Korean Central News Agency"),      # KCNA's own narrative words
    ("possibilities", "Vladimir Putin"),                               # a one-word partial quote
    ("courteously invited Putin", "Korean Central News Agency"),
    ("Putin accepted the invitation", "Korean Central News Agency"),   # a paragraph that is only the quote
    ("great victory", "Kim Jong Un"),
    ("We will always be in Russia.", "Kim Jong Un"),                   # "He also said:"
    ("There took place a tete-a-tete", "Korean Central News Agency"),  # "…,” according to KCNA"
    ("The glory of Russia", "Kim Jong Un"),                            # a message … which read:
    ("demonstrate the capabilities", "Vladimir Putin"),
    ("The summit signals", "Kim Jong-dae"),                            # never merged with Kim Jong Un
    ("I think Russia has already tested", "Kim Jong-dae"),             # "he said" after Kim Jong-dae's quote
    ("strengthening of cooperation", "Vladimir Putin"),
    ("quite troubling", "Matthew Miller"),                             # "State Department spokesperson Matthew Miller"
    ("With Kim Jong Un’s latest visit", "Cheong Seong-chang"),
    ("There have been many summit meetings", "Cheong Seong-chang"),
])
def test_seed_quote_speakers(seed_quotes, prefix, speaker):
    assert folded(quote_starting(seed_quotes, prefix).speaker) == folded(speaker)


def test_seed_has_only_real_quotes(seed_quotes):
    texts = [q.text for q in seed_quotes]
    assert len(texts) == 16, texts   # the breadcrumb » and apostrophes (leaders’, Kim’s) are not quote marks
    assert "destablizing force in the region," in texts


def test_seed_relay_and_verbs(seed_quotes):
    message = quote_starting(seed_quotes, "The glory of Russia")
    assert (message.verb, message.speaker_surface) == ("read", "Kim")
    assert quote_starting(seed_quotes, "There took place").verb == "according to"


def test_dev_corpus_meets_quote_targets(shared_corpus: Path, tmp_path: Path):
    shared = shared_corpus.parent
    write_dev_predictions(shared, tmp_path)
    scored = subprocess.run([sys.executable, str(shared / "eval" / "score.py"),
                             str(shared_corpus / "dev" / "gold.jsonl"), str(tmp_path), "--json"],
                            check=True, capture_output=True, text=True).stdout
    report = json.loads(scored)
    summary, details = report["summary"], report["details"]
    for metric, target in TARGETS.items():
        assert summary[metric] >= target, (metric, summary[metric], details["missed"], details["spurious"],
                                           details["speaker_errors"])
