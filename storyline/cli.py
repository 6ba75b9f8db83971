"""Command line: python -m storyline ingest | parse | export | remove | status | seed | story | changes."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from storyline import schema
from storyline.errors import InputError, StorylineError
from storyline.exporting import write_table
from storyline.records import IngestOptions
from storyline.store import Store, store_path
from storyline.story.commands import add_story_commands, run_changes, run_story

SEED_DIR = Path(__file__).resolve().parents[1] / "data" / "seed"


def iso_day(value: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(prog="python -m storyline", description="Track one news story across outlets.")
    parser.add_argument("--store", help="store folder (default: $STORYLINE_STORE, else data/store)")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="read files, folders, URLs and feeds into the store")
    ingest.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    ingest.add_argument("--outlet", help="outlet name for every input (overrides what is found)")
    ingest.add_argument("--published", type=iso_day, help="publication date YYYY-MM-DD for every input")
    ingest.add_argument("--feed", action="store_true", help="read every input as an RSS/Atom feed")
    ingest.add_argument("--allow-private", action="store_true",
                        help="allow fetching private, loopback and link-local addresses (tests, intranets)")
    ingest.add_argument("--no-fetch", action="store_true", help="for feeds: keep title and summary, fetch no page")
    ingest.add_argument("--max-mb", type=float, default=IngestOptions.max_bytes / 1_000_000, metavar="MB",
                        help="refuse files and pages larger than this (default %(default)g MB), unread")
    ingest.add_argument("--timeout", type=float, default=IngestOptions.timeout, metavar="SECONDS",
                        help="connect and read time-out of each fetch (default %(default)g s)")
    ingest.add_argument("--workers", type=int, default=1, help="parse on a local pool of N processes (default 1)")
    ingest.add_argument("--dask", metavar="SCHEDULER_ADDRESS",
                        help="parse on a Dask cluster (tcp://host:8786), or 'local' to start a local one")
    ingest.add_argument("--batch", type=int, default=50, metavar="N",
                        help="articles per commit (default 50): a crash loses at most the batch in progress")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.add_argument("--json", action="store_true",
                        help="machine-readable output: one JSON object per line (progress, failures, summary)")

    parse = commands.add_parser("parse", help="parse one file without storing it; print JSON")
    parse.add_argument("file")
    parse.add_argument("--outlet")
    parse.add_argument("--published", type=iso_day)

    export = commands.add_parser("export", help="write a stored table as CSV or JSON lines")
    export.add_argument("table", choices=[schema.ARTICLES, schema.MENTIONS, schema.QUOTES, schema.DATES])
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")

    remove = commands.add_parser("remove", help="remove articles by id or a whole outlet")
    remove.add_argument("--id", dest="ids", action="append", default=[], metavar="ARTICLE_ID")
    remove.add_argument("--outlet")

    reapply = commands.add_parser("reapply-aliases", help="apply the edited alias table to stored articles (no re-parse)")
    reapply.add_argument("--json", action="store_true", help="print the result as one JSON object")

    commands.add_parser("status", help="what the store holds")
    commands.add_parser("compact", help="merge small store segments")
    commands.add_parser("seed", help="ingest the default story (data/seed) when the store is empty")
    add_story_commands(commands)
    return parser


def run_ingest(args: argparse.Namespace, store: Store) -> int:
    """The ingest command: one summary line, one stderr line per failed input."""
    from storyline.ingest.pipeline import Ingestor
    from storyline.scale import make_runner
    options = IngestOptions(outlet=args.outlet, published=args.published, force_feed=args.feed,
                            allow_private=args.allow_private, fetch_feed_pages=not args.no_fetch,
                            max_bytes=int(args.max_mb * 1_000_000), timeout=args.timeout)
    progress, bar = None, None
    if args.json:
        def progress(done: int, total: int | None) -> None:
            print(json.dumps({"event": "progress", "done": done, "total": total}), flush=True)
    elif not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(unit="input", file=sys.stderr)

        def progress(done: int, total: int | None) -> None:
            bar.total = total
            bar.update(done - bar.n)
    runner = make_runner(workers=args.workers, dask=args.dask, staging=store.root / "staging")
    ingestor = Ingestor(store, runner=runner, commit_every=max(1, args.batch))
    try:
        report = ingestor.ingest(args.inputs, options, on_progress=progress)
    finally:
        ingestor.close()
    if bar is not None:
        bar.close()
    for failure in report.failed:
        if args.json:
            print(json.dumps({"event": "failed", "input": failure.source, "reason": failure.reason}), flush=True)
        print(f"failed: {failure}", file=sys.stderr)
    if args.json:
        print(json.dumps({"event": "summary", "added": report.added, "updated": report.updated,
                          "duplicates": report.duplicates, "failed": len(report.failed),
                          "article_ids": report.article_ids}))
    else:
        print(report.summary_line())
    return 1 if report.failed else 0


def run_parse(args: argparse.Namespace, store: Store) -> int:
    """The parse command: read one file, parse it, judge it against the story, print the contract JSON."""
    from storyline.ingest.sources import read_input, with_language
    from storyline.nlp.parse import parse_article, to_contract
    from storyline.story.tracking import parse_profile, score_parsed
    options = IngestOptions(outlet=args.outlet, published=args.published)
    articles = [a for a in read_input(args.file, options) if not isinstance(a, InputError)]
    if not articles:
        raise InputError(args.file, "holds no article")
    parsed = parse_article(with_language(articles[0]))
    print(json.dumps(to_contract(parsed, score_parsed(parsed, parse_profile(store))), ensure_ascii=False))
    return 0


def run_export(args: argparse.Namespace, store: Store) -> int:
    """The export command."""
    table = store.read_articles(include_text=True) if args.table == schema.ARTICLES else store.read_table(args.table)
    table = table.drop(columns=[c for c in ("minhash", "paragraph_starts") if c in table.columns])
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            write_table(table, handle, args.format)
    else:
        write_table(table, sys.stdout, args.format)
    return 0


def run_remove(args: argparse.Namespace, store: Store) -> int:
    """The remove command."""
    if not args.ids and not args.outlet:
        print("remove: name --id ARTICLE_ID or --outlet NAME", file=sys.stderr)
        return 2
    removed = store.remove(set(args.ids)) if args.ids else 0
    if args.outlet:
        removed += store.remove_outlet(args.outlet)
    print(f"removed {removed}")
    return 0


def run_reapply(args: argparse.Namespace, store: Store) -> int:
    """The reapply-aliases command."""
    from storyline.nlp.reapply import reapply_aliases
    report = reapply_aliases(store)
    if args.json:
        print(json.dumps({"event": "summary", "mentions_changed": report.mentions_changed,
                          "quotes_changed": report.quotes_changed}))
    else:
        print(f"renamed {report.mentions_changed} mentions and {report.quotes_changed} quote speakers or conduits")
    return 0


def run_status(store: Store) -> int:
    """The status command."""
    manifest = store.manifest()
    articles = store.read_articles()
    print(f"store {store.root}: version {manifest.version}, {len(articles)} articles, "
          f"{articles['outlet'].nunique()} outlets, last commit {manifest.committed_at or 'never'}")
    return 0


def run_seed(store: Store) -> int:
    """Ingest the founding article(s) when the store is empty."""
    if not store.is_empty():
        print(f"store {store.root} already holds articles; nothing to do")
        return 0
    from storyline.ingest.pipeline import Ingestor
    report = Ingestor(store).ingest([str(SEED_DIR)])
    print(report.summary_line())
    return 1 if report.failed else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (0 ok, 1 some inputs failed, 2 usage error)."""
    args = build_parser().parse_args(argv)
    store = Store(store_path(args.store))
    try:
        if args.command == "ingest":
            return run_ingest(args, store)
        if args.command == "parse":
            return run_parse(args, store)
        if args.command == "export":
            return run_export(args, store)
        if args.command == "remove":
            return run_remove(args, store)
        if args.command == "reapply-aliases":
            return run_reapply(args, store)
        if args.command == "status":
            return run_status(store)
        if args.command == "compact":
            store.compact()
            return 0
        if args.command == "story":
            return run_story(args, store)
        if args.command == "changes":
            return run_changes(args, store)
        return run_seed(store)
    except StorylineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
