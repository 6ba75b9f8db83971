"""Benchmark figures as plain JSON-ready dicts (so separate runs of separate sections can be merged into one report)."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.corpus import StoreSummary
from benchmarks.ingest import IngestFigures
from benchmarks.load import LoadFigures, TourFigures
from benchmarks.queries import QueryFigures
from benchmarks.timing import Timing, load_average


def stamp() -> dict:
    """When a section was measured and how busy the machine was then."""
    return {"measured": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "load_average": [round(v, 2) for v in load_average()]}


def timing_dict(timing: Timing) -> dict:
    """Median, 95th percentile and run count, in milliseconds."""
    return {"median_ms": round(timing.median * 1000, 1), "p95_ms": round(timing.p95 * 1000, 1),
            "runs": len(timing.runs)}


def store_dict(summary: StoreSummary, path: Path) -> dict:
    """A synthetic store's contents."""
    return {**asdict(summary), "path": str(path)}


def ingest_dict(figures: IngestFigures) -> dict:
    """The ingest passes, ratios and extractor shares."""
    passes = {key: {"label": p.label, "articles": p.articles, "words": p.words, "seconds": round(p.seconds, 2),
                    "articles_per_s": round(p.articles_per_second, 2), "words_per_s": round(p.words_per_second)}
              for key, p in figures.passes.items()}
    return {**stamp(), "sample": figures.sample, "words": figures.words, "passes": passes,
            "read_seconds": round(figures.read_seconds, 2), "extractor_seconds": round(figures.extractor_seconds, 2),
            "fingerprint_seconds": round(figures.fingerprint_seconds, 2),
            "ratio_1": round(figures.ratio("storyline_1", "spacy_pipe_1"), 3),
            "ratio_2": round(figures.ratio("storyline_2", "spacy_pipe_2"), 3),
            "extractor_share": round(figures.extractor_share, 3),
            "extractor_only_share": round(figures.extractor_only_share, 3)}


def queries_dict(figures: QueryFigures) -> dict:
    """Query timings of one store size."""
    return {**stamp(), "articles": figures.articles, "mentions": figures.mentions, "quotes": figures.quotes,
            "read_story": timing_dict(figures.read_story), "text_search": timing_dict(figures.text_search),
            "view_sizes": figures.view_sizes, "apply": {k: timing_dict(v) for k, v in figures.apply.items()},
            "queries": [{"page": page, "query": query, "view": view, **timing_dict(t)}
                        for (page, query, view), t in figures.queries.items()],
            "loaders": {k: timing_dict(v) for k, v in figures.loaders.items()},
            "first_load": {k: timing_dict(v) for k, v in figures.first_load.items()}}


def run_dict(result) -> dict:
    """One script run as the client saw it."""
    return {"seconds": round(result.seconds, 3), "errors": result.errors, "elements": result.elements,
            "bytes": result.received_bytes, "status": result.status}


def tour_dict(figures: TourFigures) -> dict:
    """Page loads through the real server and its memory."""
    return {**stamp(), "first": {k: run_dict(v) for k, v in figures.first.items()},
            "cold": {k: run_dict(v) for k, v in figures.cold.items()},
            "warm": {k: run_dict(v) for k, v in figures.warm.items()},
            "filtered": {k: run_dict(v) for k, v in figures.filtered.items()},
            "memory_kib": figures.memory_kib, "idle_memory_kib": figures.idle_memory_kib}


def load_dict(figures: LoadFigures) -> dict:
    """Load-test latencies per action kind and page, and every error seen."""
    kinds = sorted({a.kind for a in figures.actions})
    pages = sorted({a.page for a in figures.actions if a.kind in ("open", "page", "filter")})
    return {**stamp(), "sessions": figures.sessions, "planned_actions": figures.planned_actions,
            "done_actions": sum(1 for a in figures.actions if a.kind != "fragment"),
            "seconds": round(figures.seconds, 1), "stopped_early": figures.stopped_early,
            "by_kind": {k: {**timing_dict(figures.timing(k)), "max_ms": round(max(figures.timing(k).runs) * 1000, 1)}
                        for k in kinds},
            "by_page": {p or "Overview": timing_dict(Timing(tuple(a.result.seconds for a in figures.actions
                                                                  if a.page == p and a.kind != "fragment")))
                        for p in pages},
            "errors": figures.errors(), "memory_kib": figures.memory_kib}
