"""`make bench`: build synthetic stores, time ingest, dashboard queries, page loads and a load test; write BENCHMARKS.md.

    python -m benchmarks.run                 the full run (1k/10k/50k stores, 400-article ingest, 20-session load test)
    python -m benchmarks.run --quick         a reduced pass (1k/10k stores, 120-article ingest, 5 steps per session)
    python -m benchmarks.run --only queries  one section; the others are kept from the previous run's results
    python -m benchmarks.run --report-only   write BENCHMARKS.md again from the previous run's results

Stores and text files are generated into a work folder outside the repository (default $TMPDIR/storyline-bench)
and reused while the generator and its spec are unchanged.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import shutil
import statistics
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from benchmarks import corpus, results as as_json
from benchmarks.corpus import CorpusSpec, build_store
from benchmarks.report import render
from benchmarks.timing import machine_facts
from storyline.store import Store
from storyline.story.prepared import digest_folder, prepare_digest

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("corpus", "ingest", "queries", "tour", "load")
FULL = {"sizes": "1000,10000,50000", "ingest_sample": 400, "tour_sizes": "10000,50000", "load_size": 10000,
        "sessions": 20, "steps": 15, "time_limit": 900.0, "cli": True}
QUICK = {"sizes": "1000,10000", "ingest_sample": 120, "tour_sizes": "10000", "load_size": 10000,
         "sessions": 20, "steps": 5, "time_limit": 400.0, "cli": False}
FULL_COMMAND = "make bench   (= .venv/bin/python -m benchmarks.run)"


def build_parser() -> argparse.ArgumentParser:
    """Command-line options (defaults: the full run)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes (see the module docstring)")
    parser.add_argument("--only", help=f"comma-separated sections to run: {', '.join(SECTIONS)}")
    parser.add_argument("--report-only", action="store_true", help="only write the report from saved results")
    parser.add_argument("--sizes", help="store sizes for the query benchmark, e.g. 1000,10000,50000")
    parser.add_argument("--ingest-sample", type=int, help="articles in the ingest benchmark")
    parser.add_argument("--tour-sizes", help="store sizes toured through the real server (memory, page loads)")
    parser.add_argument("--load-size", type=int, help="store size for the load test")
    parser.add_argument("--sessions", type=int, help="concurrent sessions in the load test")
    parser.add_argument("--steps", type=int, help="page/filter changes per session")
    parser.add_argument("--time-limit", type=float, help="hard limit of the load test, seconds")
    parser.add_argument("--cli", action=argparse.BooleanOptionalAction, default=None,
                        help="also time the CLI end to end (start-up included)")
    parser.add_argument("--budget", type=float, default=3.0, help="seconds spent at most on repeats of one query")
    parser.add_argument("--repeats", type=int, default=15, help="repeats of one query at most")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="shared folder (dev corpus statistics)")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "storyline-bench"),
                        help="where stores, text files and results.json are kept (outside the repository)")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"), help="report to write")
    return parser


def settings(args: argparse.Namespace) -> dict:
    """The run's sizes: --quick or full defaults, overridden by explicit options."""
    chosen = dict(QUICK if args.quick else FULL)
    for key in chosen:
        value = getattr(args, key)
        if value is not None:
            chosen[key] = value
    chosen["sizes"] = [int(s) for s in str(chosen["sizes"]).split(",") if s]
    chosen["tour_sizes"] = [int(s) for s in str(chosen["tour_sizes"]).split(",") if s]
    return chosen


def generator_version() -> str:
    """A hash of the generator's source: stores built by another version are rebuilt."""
    sources = [Path(corpus.__file__), Path(corpus.__file__).with_name("vocabulary.py")]
    return hashlib.sha1(b"".join(p.read_bytes() for p in sources)).hexdigest()[:10]


def synthetic_store(spec: CorpusSpec, workdir: Path, results: dict) -> Path:
    """A store for the spec, built unless the same generator already built it in the work folder."""
    root = workdir / "stores" / f"{spec.articles}-seed{spec.seed}-{generator_version()}"
    done = root / "summary.json"
    if not done.exists():
        shutil.rmtree(root, ignore_errors=True)
        print(f"building a {spec.articles:,}-article synthetic store in {root} …", flush=True)
        summary = build_store(spec, root / "store")
        done.write_text(json.dumps(as_json.store_dict(summary, root / "store")))
    store = Store(root / "store")
    if not digest_folder(store, store.version()).exists():  # as an ingest's last step (built before it kept one)
        prepare_digest(store)
    results.setdefault("corpus", {}).setdefault("stores", {})[str(spec.articles)] = json.loads(done.read_text())
    return root / "store"


def dev_corpus_stats(shared: Path) -> dict | None:
    """Per-article averages of the dev corpus as Storyline parses it (None without ../shared)."""
    dev = shared / "corpus" / "dev"
    if not dev.exists():
        return None
    from storyline.errors import InputError
    from storyline.ingest.sources import read_inputs
    from storyline.nlp.parse import parse_articles
    articles = [a for a in read_inputs(sorted(str(p) for p in dev.glob("*.txt")))
                if not isinstance(a, InputError) and a.language == "en"]
    parsed = list(parse_articles(articles))
    mean = lambda values: statistics.mean(values) if values else 0.0  # noqa: E731
    return {"articles": len(parsed), "words": mean([len(p.article.text.split()) for p in parsed]),
            "mentions": mean([len(p.mentions) for p in parsed]), "quotes": mean([len(p.quotes) for p in parsed]),
            "dates": mean([len(p.dates) for p in parsed]),
            "distinct": mean([len({m.canonical for m in p.mentions}) for p in parsed])}


def describe_corpus(spec: CorpusSpec) -> str:
    """The corpus in words, for the report."""
    return (f"Seeded generator (`benchmarks/corpus.py`, seed {spec.seed}): {spec.outlets} invented outlets with "
            f"Zipf-distributed output, a year of publication days from {spec.start:%d %b %Y} (a third of articles "
            f"clustered after ten news bursts), lengths log-normal around {spec.median_words} words clipped to "
            f"{spec.min_words}–{spec.max_words}, Zipf-distributed people, organisations and places (real country "
            f"and city names, invented people and organisations), direct quotes with “X said” cues (some relayed "
            f"by an agency, some unattributed, a quarter drawn from a pool of stock quotes so the same words recur "
            f"across outlets), dated expressions, and wire copies: {spec.wire_share:.0%} of articles copy another "
            f"outlet's story, exactly or cut after some paragraphs. Titles start with “[synthetic]” and every text "
            f"ends with a note saying it is synthetic. The stores for the dashboard figures are built from the "
            f"generated records directly (ParsedArticle → build_tables → Store.commit in batches of 5,000, no "
            f"spaCy); the ingest figures parse the same kind of articles written as text files.\n")


def run_corpus(args, chosen: dict, workdir: Path, results: dict) -> None:
    """Build the stores and describe the corpus."""
    for size in sorted(set(chosen["sizes"]) | set(chosen["tour_sizes"]) | {chosen["load_size"]}):
        synthetic_store(CorpusSpec(articles=size, seed=args.seed), workdir, results)
    results["corpus"]["description"] = describe_corpus(CorpusSpec(articles=0, seed=args.seed))
    results["corpus"]["spec"] = {k: str(v) for k, v in asdict(CorpusSpec(articles=0, seed=args.seed)).items()}
    results["corpus"]["dev"] = dev_corpus_stats(Path(args.shared))


def run_ingest(args, chosen: dict, workdir: Path, results: dict) -> None:
    """Ingest throughput."""
    from benchmarks.ingest import measure_ingest
    print(f"ingest benchmark on {chosen['ingest_sample']} articles …", flush=True)
    results["ingest"] = as_json.ingest_dict(measure_ingest(chosen["ingest_sample"], workdir, cli=chosen["cli"]))


def run_queries(args, chosen: dict, workdir: Path, results: dict) -> None:
    """Dashboard query timings at each size."""
    from benchmarks.queries import time_queries
    for size in chosen["sizes"]:
        print(f"dashboard queries at {size:,} articles …", flush=True)
        store = Store(synthetic_store(CorpusSpec(articles=size, seed=args.seed), workdir, results))
        figures = time_queries(store, budget=args.budget, repeats=args.repeats)
        results.setdefault("queries", {})[str(size)] = as_json.queries_dict(figures)


def run_tour(args, chosen: dict, workdir: Path, results: dict) -> None:
    """Page loads and memory through the real server."""
    from benchmarks.load import page_tour
    from benchmarks.server import running_dashboard
    for size in chosen["tour_sizes"]:
        print(f"page tour through the server at {size:,} articles …", flush=True)
        store = synthetic_store(CorpusSpec(articles=size, seed=args.seed), workdir, results)
        with running_dashboard(store, workdir / f"server-tour-{size}.log") as server:
            results.setdefault("tour", {})[str(size)] = as_json.tour_dict(page_tour(server, store))


def run_load(args, chosen: dict, workdir: Path, results: dict) -> None:
    """The load test."""
    from benchmarks.load import load_test
    from benchmarks.server import running_dashboard
    size = chosen["load_size"]
    print(f"load test: {chosen['sessions']} sessions × {chosen['steps']} changes at {size:,} articles …", flush=True)
    store = synthetic_store(CorpusSpec(articles=size, seed=args.seed), workdir, results)
    with running_dashboard(store, workdir / "server-load.log") as server:
        figures = load_test(server, store, sessions=chosen["sessions"], steps=chosen["steps"],
                            time_limit=chosen["time_limit"], seed=args.seed)
    results["load"] = {**as_json.load_dict(figures), "store_articles": size, "steps": chosen["steps"],
                       "time_limit": chosen["time_limit"]}


RUNNERS = {"corpus": run_corpus, "ingest": run_ingest, "queries": run_queries, "tour": run_tour, "load": run_load}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections, merge with earlier results, write the report."""
    args = build_parser().parse_args(argv)
    only = [s.strip() for s in args.only.split(",")] if args.only else list(SECTIONS)
    unknown = [s for s in only if s not in SECTIONS]
    if unknown:
        print(f"unknown section(s) {', '.join(unknown)}; sections are {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    chosen = settings(args)
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    saved = workdir / "results.json"
    if args.report_only:
        Path(args.output).write_text(render(json.loads(saved.read_text())), encoding="utf-8")
        print(f"wrote {args.output} from {saved}")
        return 0
    results = json.loads(saved.read_text()) if saved.exists() and args.only else {}
    results["machine"] = machine_facts()
    command = "python -m benchmarks.run " + shlex.join(argv if argv is not None else sys.argv[1:])
    results["full_command"] = FULL_COMMAND
    for section in only:
        RUNNERS[section](args, chosen, workdir, results)
        results.setdefault("commands", {})[section] = command
        saved.write_text(json.dumps(results, indent=1, default=str))
    Path(args.output).write_text(render(results), encoding="utf-8")
    print(f"wrote {args.output} (raw figures: {saved})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
