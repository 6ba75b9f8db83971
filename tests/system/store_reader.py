"""A separate reader process (the dashboard's side) for the store tests.

python -m tests.system.store_reader STORE SECONDS
Reads articles, mentions and quotes over and over; prints one JSON line: reads, failures, inconsistencies
(an article whose mentions or quote are missing, i.e. half-written), and the article counts seen.
"""
from __future__ import annotations

import json
import sys
import time

from storyline.store import Store


def check_once(store: Store) -> tuple[int, int]:
    """(articles, incomplete articles) in one consistent-looking read."""
    articles = store.read_table("articles", ["article_id", "title"])
    mentions = store.read_table("mentions", ["article_id"]).value_counts("article_id")
    quotes = set(store.read_table("quotes", ["article_id"])["article_id"])
    incomplete = 0
    for aid, title in zip(articles["article_id"], articles["title"]):
        expected = int(title.split()[-1]) % 5 + 1
        if mentions.get(aid, 0) != expected or aid not in quotes:
            incomplete += 1
    return len(articles), incomplete


def main(root: str, seconds: float) -> None:
    """Read until the time is up."""
    store = Store(root)
    reads = failures = incomplete = 0
    counts = []
    errors = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            n, bad = check_once(store)
            reads += 1
            incomplete += bad
            counts.append(n)
        except Exception as exc:  # any failure to read is what this process exists to count
            failures += 1
            errors.append(repr(exc)[:200])
    print(json.dumps({"reads": reads, "failures": failures, "incomplete": incomplete,
                      "max_articles": max(counts, default=0), "errors": errors[:3]}))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
