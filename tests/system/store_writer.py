"""A separate writer process for the store tests: commits numbered articles batch by batch.

python -m tests.system.store_writer STORE TOTAL BATCH [--churn]
Article i has i % 5 + 1 mentions and one quote, so a reader can tell a complete article from a partial one.
Already stored articles are skipped, so a re-run after a kill completes the set. --churn also updates and
removes earlier articles, which makes the store rewrite and compact segments while readers read.
"""
from __future__ import annotations

import sys

from storyline.store import Store
from tests.factories import parsed_article, tables_for


def article(i: int):
    """The i-th numbered article."""
    return parsed_article(f"Article {i}", f"Number{i} is the subject of article {i}. " * 5,
                          outlet=f"Outlet {i % 3}", n_mentions=i % 5 + 1)


def main(root: str, total: int, batch: int, churn: bool) -> None:
    """Commit articles 0..total-1 that are not stored yet, `batch` at a time."""
    store = Store(root)
    stored = set(store.read_table("articles", ["article_id"])["article_id"])
    pending = [article(i) for i in range(total)]
    pending = [p for p in pending if p.article.article_id not in stored]
    for start in range(0, len(pending), batch):
        store.commit(tables_for(pending[start:start + batch]))
        if churn and start:
            store.commit(tables_for([pending[start - 1]]))  # re-commit: rewrites the segment holding it
        print(f"committed {start + batch}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), "--churn" in sys.argv)
