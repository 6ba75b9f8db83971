"""The `story` and `changes` commands of the CLI (registered by storyline.cli; the engine loads on use)."""
from __future__ import annotations

import argparse
import sys

import pandas as pd

from storyline.store import Store
from storyline.story.decisions import ACCEPT, CLEAR, REJECT

RESCORE = "rescore"


def add_story_commands(commands: argparse._SubParsersAction) -> None:
    """Register `story accept|reject|clear|list|rescore` and `changes`."""
    story = commands.add_parser("story", help="the story's membership: accept or reject articles, list them")
    verbs = story.add_subparsers(dest="story_command", required=True)
    for verb, text in ((ACCEPT, "put an article in the story (it joins the centroid), then re-score the store"),
                       (REJECT, "keep an article out of the story for good, then re-score the store")):
        verbs.add_parser(verb, help=text).add_argument("article_id", metavar="ARTICLE_ID")
    verbs.add_parser(CLEAR, help="forget your accept or reject on an article (the tracker scores it again), then "
                                 "re-score the store").add_argument("article_id", metavar="ARTICLE_ID")
    listing = verbs.add_parser("list", help="the articles on the story, newest first")
    listing.add_argument("--rejected", action="store_true",
                         help="list the articles kept out of the story instead, closest calls first, with reasons")
    verbs.add_parser(RESCORE, help="score every stored article against the story as it now stands")

    changes = commands.add_parser("changes", help="what the story gained since a moment")
    changes.add_argument("--since", required=True, metavar="DATE|last-ingest",
                         help="YYYY-MM-DD (midnight UTC), an ISO date-time, or last-ingest (the last ingest run)")
    changes.add_argument("--json", action="store_true", help="print the digest as JSON")


def run_story(args: argparse.Namespace, store: Store) -> int:
    """The story command."""
    from storyline.story import review
    if args.story_command in (ACCEPT, REJECT):
        report = review.decide(store, args.article_id, args.story_command)
        print(f"{args.story_command}ed {args.article_id}; {report.summary_line()}")
        return 0
    if args.story_command == CLEAR:
        report = review.clear(store, args.article_id)
        print(f"cleared the decision on {args.article_id}; {report.summary_line()}")
        return 0
    if args.story_command == RESCORE:
        print(review.rescore_store(store).summary_line())
        return 0
    view = review.read_membership(store)
    chosen = review.list_rejected(view) if args.rejected else review.list_on_story(view)
    for row in chosen.to_dict("records"):
        print(listing_line(row))
        if args.rejected:
            print(f"    {row['reasons'] or 'not scored yet'}")
    kept_out = len(review.list_rejected(view))
    print(f"{len(view) - kept_out} articles on the story, {kept_out} kept out", file=sys.stderr)
    return 0


def listing_line(row: dict) -> str:
    """One article in a listing: id, day, relevance, role, outlet and title."""
    day = row["published"].isoformat() if hasattr(row["published"], "isoformat") else "----------"
    relevance = f"{row['relevance']:.2f}" if pd.notna(row["relevance"]) else "  - "
    role = row["role"] if isinstance(row["role"], str) else ""
    return f"{row['article_id']}  {day}  {relevance}  {role:<9} {row['outlet'] or '?'}: {row['title']}"


def run_changes(args: argparse.Namespace, store: Store) -> int:
    """The changes command: a text digest, or JSON with --json."""
    from storyline.story.changes import digest_json, read_changes
    digest = read_changes(store, args.since)
    print(digest_json(digest) if args.json else digest.describe())
    return 0
