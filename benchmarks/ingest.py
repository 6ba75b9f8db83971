"""Ingest throughput: Storyline's whole ingest of text files next to spaCy's own nlp.pipe on the same texts.

Single process: nlp.pipe(batch_size=25) against parse_articles (pipe + extractors) and against the Ingestor
(read files, detect language, parse, fingerprint, find wire copies, commit), taking turns chunk by chunk so that
the load other work puts on the machine hits each pass alike. Two cores: nlp.pipe(n_process=2, batch_size=25)
against the Ingestor with the --workers 2 process pool, one whole pass each. The model is loaded before timing
starts (pool workers are warmed with one article each), so the figures compare steady-state throughput.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import CorpusSpec, write_text_files
from storyline.errors import InputError
from storyline.ingest.dedup import fingerprint_text
from storyline.ingest.pipeline import Ingestor
from storyline.ingest.sources import read_inputs
from storyline.nlp.aliases import load_alias_table
from storyline.nlp.model import load_pipeline
from storyline.nlp.parse import BATCH_SIZE, parse_articles, parse_doc
from storyline.records import Article
from storyline.scale import articles_frame, make_runner
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 50  # articles per turn when single-process passes take turns (the Ingestor's commit size)


@dataclass(frozen=True)
class Throughput:
    """One timed pass over the sample."""

    label: str
    articles: int
    words: int
    seconds: float

    @property
    def articles_per_second(self) -> float:
        """Articles per second."""
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        """Words per second."""
        return self.words / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class IngestFigures:
    """Every pass of the ingest benchmark, and the sample it ran on."""

    sample: int
    words: int
    passes: dict[str, Throughput]
    read_seconds: float
    extractor_seconds: float
    fingerprint_seconds: float

    def ratio(self, storyline: str, spacy: str) -> float:
        """Storyline's throughput over spaCy's for two passes."""
        return self.passes[storyline].articles_per_second / self.passes[spacy].articles_per_second

    @property
    def extractor_share(self) -> float:
        """What parse_articles adds to nlp.pipe's time, as a share of nlp.pipe's time."""
        pipe, parse = self.passes["spacy_pipe_1"].seconds, self.passes["parse_articles_1"].seconds
        return (parse - pipe) / pipe

    @property
    def extractor_only_share(self) -> float:
        """The extractors alone (run over ready docs) as a share of nlp.pipe's time."""
        return self.extractor_seconds / self.passes["spacy_pipe_1"].seconds


def read_sample(folder: Path) -> list[Article]:
    """The articles as Storyline reads them from the text files."""
    return [a for a in read_inputs([str(folder)]) if not isinstance(a, InputError)]


def timed(label: str, articles: list[Article], work) -> Throughput:
    """Time one pass over the sample."""
    words = sum(len(a.text.split()) for a in articles)
    started = time.perf_counter()
    work()
    return Throughput(label, len(articles), words, time.perf_counter() - started)


def run_ingest(folder: Path, store_root: Path, workers: int, warm: list[Article]) -> float:
    """Seconds for Ingestor.ingest of a folder with `workers` processes; pool workers load the model untimed."""
    shutil.rmtree(store_root, ignore_errors=True)
    store = Store(store_root)
    runner = make_runner(workers=workers, staging=store.root / "staging")
    if workers > 1:
        futures = [runner.submit(articles_frame([article])) for article in warm[:workers]]
        for future in futures:
            future.result()
    ingestor = Ingestor(store, runner=runner)
    try:
        started = time.perf_counter()
        report = ingestor.ingest([str(folder)])
        seconds = time.perf_counter() - started
    finally:
        ingestor.close()
    if report.failed or report.added == 0:
        raise RuntimeError(f"ingest benchmark: {report.summary_line()}")
    return seconds


def run_cli(folder: Path, store_root: Path, workers: int) -> float:
    """Wall-clock seconds of `python -m storyline ingest FOLDER --workers N` (start-up and model load included)."""
    shutil.rmtree(store_root, ignore_errors=True)
    command = [sys.executable, "-m", "storyline", "--store", str(store_root), "ingest", str(folder), "--workers",
               str(workers), "--quiet"]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def interleaved_single_process(folder: Path, articles: list[Article], store_root: Path,
                               chunk: int = CHUNK) -> dict[str, float]:
    """Seconds of nlp.pipe, the extractors over its docs, parse_articles and the real ingest on one process, run
    chunk by chunk in turn, so a change in the machine's load hits every pass alike."""
    nlp, aliases = load_pipeline("en"), load_alias_table()
    list(parse_articles(articles[:5], aliases=aliases))  # warm-up: lazy model parts, rule tables
    paths = sorted(str(p) for p in folder.glob("*.txt"))
    shutil.rmtree(store_root, ignore_errors=True)
    ingestor = Ingestor(Store(store_root), runner=make_runner(workers=1))
    spent = dict.fromkeys(("pipe", "extractors", "parse_articles", "ingest"), 0.0)

    def pipe_then_extract(part: list[Article]) -> None:
        """nlp.pipe over the part, then the extractors over its docs (timed apart)."""
        started = time.perf_counter()
        docs = list(nlp.pipe([a.text for a in part], batch_size=BATCH_SIZE))
        spent["pipe"] += time.perf_counter() - started
        started = time.perf_counter()
        for doc, article in zip(docs, part):
            parse_doc(doc, article, aliases)
        spent["extractors"] += time.perf_counter() - started

    def parse(part: list[Article]) -> None:
        """parse_articles over the part."""
        started = time.perf_counter()
        list(parse_articles(part, aliases=aliases))
        spent["parse_articles"] += time.perf_counter() - started

    for turn, first in enumerate(range(0, len(articles), chunk)):
        part = articles[first:first + chunk]
        for step in (pipe_then_extract, parse) if turn % 2 == 0 else (parse, pipe_then_extract):  # ABBA order
            step(part)
        started = time.perf_counter()
        report = ingestor.ingest(paths[first:first + chunk])
        spent["ingest"] += time.perf_counter() - started
        if report.failed or report.added != len(part):
            raise RuntimeError(f"ingest benchmark: {report.summary_line()}")
    return spent


def measure_ingest(sample: int, workdir: Path, *, seed: int = 11, cli: bool = False) -> IngestFigures:
    """All passes over one generated sample of `sample` articles."""
    folder = workdir / f"ingest-texts-{sample}-{seed}"
    if not folder.exists():
        write_text_files(CorpusSpec(articles=sample, seed=seed), folder)
    read_seconds, articles = timed_read(folder)
    texts = [a.text for a in articles]
    single = interleaved_single_process(folder, articles, workdir / "ingest-store-1")
    passes = {"spacy_pipe_1": timed_value("spaCy nlp.pipe, 1 process", articles, single["pipe"]),
              "parse_articles_1": timed_value("parse_articles (pipe + extractors), 1 process", articles,
                                              single["parse_articles"]),
              "storyline_1": timed_value("Storyline ingest, 1 process", articles, single["ingest"])}
    nlp = load_pipeline("en")
    passes["spacy_pipe_2"] = timed("spaCy nlp.pipe, n_process=2", articles,
                                   lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=2)))
    passes["storyline_2"] = timed_value("Storyline ingest, --workers 2", articles,
                                        run_ingest(folder, workdir / "ingest-store-2", 2, articles))
    if cli:
        passes["storyline_cli_2"] = timed_value("CLI `ingest --workers 2` (start-up and model load included)",
                                                articles, run_cli(folder, workdir / "ingest-store-cli", 2))
    fingerprint_seconds = timed("fingerprints", articles, lambda: [fingerprint_text(t) for t in texts]).seconds
    return IngestFigures(len(articles), sum(len(t.split()) for t in texts), passes, read_seconds,
                         single["extractors"], fingerprint_seconds)


def timed_read(folder: Path) -> tuple[float, list[Article]]:
    """Seconds to read and language-detect the sample's files, and the articles."""
    started = time.perf_counter()
    articles = read_sample(folder)
    return time.perf_counter() - started, articles


def timed_value(label: str, articles: list[Article], seconds: float) -> Throughput:
    """A pass timed elsewhere."""
    return Throughput(label, len(articles), sum(len(a.text.split()) for a in articles), seconds)
