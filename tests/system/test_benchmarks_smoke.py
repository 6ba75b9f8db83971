"""Benchmarks smoke test: the synthetic corpus is deterministic and faithful, and a tiny benchmark run works end to end.

No timing is asserted: speed targets are reported in BENCHMARKS.md, never checked by tests.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from benchmarks.client import require_loopback
from benchmarks.corpus import SYNTHETIC_NOTE, SYNTHETIC_TITLE, CorpusSpec, build_store, generate, write_text_files
from benchmarks.timing import percentile
from storyline import schema
from storyline.ingest.sources import read_inputs
from storyline.store import Store
from tests.conftest import ROOT

SMALL = CorpusSpec(articles=60, outlets=12)


@pytest.fixture(scope="module")
def corpus():
    """The small corpus, generated once."""
    return list(generate(SMALL))


def test_same_spec_gives_the_same_corpus(corpus):
    assert list(generate(SMALL)) == corpus


def test_another_seed_gives_another_corpus(corpus):
    other = list(generate(CorpusSpec(articles=60, outlets=12, seed=SMALL.seed + 1)))
    assert [a.parsed.article.text for a in other] != [a.parsed.article.text for a in corpus]


def test_every_article_is_marked_synthetic(corpus):
    assert all(a.parsed.article.title.startswith(SYNTHETIC_TITLE) for a in corpus)
    assert all(a.parsed.article.text.endswith(SYNTHETIC_NOTE) for a in corpus)


def test_records_point_at_their_words(corpus):
    for item in corpus:
        text = item.parsed.article.text
        assert all(text[m.start:m.end] == m.text for m in item.parsed.mentions)
        assert all(text[q.start:q.end] == q.text and text[q.start - 1] == "“" and text[q.end] == "”"
                   for q in item.parsed.quotes)
        assert all(text[d.start:d.end] == d.text for d in item.parsed.dates)
        assert all(text[s.start:s.end].strip() == text[s.start:s.end] != "" for s in item.parsed.sentences)


def test_densities_are_those_of_the_dev_corpus():
    sample = list(generate(CorpusSpec(articles=400)))
    mentions = sum(len(a.parsed.mentions) for a in sample) / len(sample)
    quotes = sum(len(a.parsed.quotes) for a in sample) / len(sample)
    assert 25 <= mentions <= 40 and 3 <= quotes <= 5


def test_wire_copies_repeat_their_original(corpus):
    by_id = {a.parsed.article.article_id: a.parsed.article for a in corpus}
    copies = [a for a in corpus if a.copy_of]
    assert copies and {a.copy_kind for a in copies} <= {"exact", "near"}
    for copy in copies:
        original = by_id[copy.copy_of]
        assert copy.parsed.article.outlet != original.outlet
        if copy.copy_kind == "exact":
            assert copy.parsed.article.text == original.text
        else:
            assert original.text.startswith(copy.parsed.article.paragraphs[0])


def test_text_files_read_back_as_generated(corpus, tmp_path):
    write_text_files(SMALL, tmp_path)
    read = list(read_inputs([str(tmp_path)]))
    assert [(a.article_id, a.title, a.outlet, a.published, a.text) for a in read] == [
        (g.parsed.article.article_id, g.parsed.article.title, g.parsed.article.outlet, g.parsed.article.published,
         g.parsed.article.text) for g in corpus]


def test_store_holds_the_generated_records(corpus, tmp_path):
    summary = build_store(SMALL, tmp_path / "store", batch=25)
    store = Store(tmp_path / "store")
    articles = store.read_articles()
    assert summary.articles == len(articles) == len(corpus)
    assert summary.mentions == len(store.read_mentions()) == sum(len(a.parsed.mentions) for a in corpus)
    copies = articles[~articles[schema.WIRE_EARLIEST]]
    assert len(copies) == sum(1 for a in corpus if a.copy_of)


@pytest.mark.parametrize("values, q, expected", [
    ([], 50, 0.0),
    ([3.0], 95, 3.0),
    ([1.0, 2.0, 3.0], 50, 2.0),
    ([4.0, 1.0, 3.0, 2.0], 50, 2.5),
    ([1.0, 2.0, 3.0, 4.0, 5.0], 95, 4.8),
])
def test_percentile(values, q, expected):
    assert percentile(values, q) == pytest.approx(expected)


@pytest.mark.parametrize("url, allowed", [
    ("http://127.0.0.1:8501", True), ("http://localhost:8501", True), ("http://[::1]:8501", True),
    ("http://127.5.0.1:80", True), ("http://10.0.0.5:8501", False), ("http://192.168.1.2", False),
])
def test_load_tests_only_talk_to_loopback(url, allowed):
    if allowed:
        require_loopback(url)
    else:
        with pytest.raises(ValueError, match="loopback"):
            require_loopback(url)


@pytest.mark.slow
def test_a_tiny_benchmark_run_writes_a_report(tmp_path):
    report = tmp_path / "BENCHMARKS.md"
    command = [sys.executable, "-m", "benchmarks.run", "--sizes", "150", "--ingest-sample", "4", "--tour-sizes",
               "150", "--load-size", "150", "--sessions", "2", "--steps", "2", "--time-limit", "240", "--budget",
               "0.05", "--repeats", "1", "--no-cli", "--shared", str(tmp_path / "no-shared"),
               "--workdir", str(tmp_path / "work"), "--output", str(report)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    for heading in ("## Targets", "## Ingest throughput", "### 150 articles", "## Through the real server",
                    "## Load test"):
        assert heading in text
    assert "None: no session saw an exception" in text, text[text.index("## Load test"):]
