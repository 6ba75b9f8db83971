"""The store: commit, read, update, remove, compaction and its manifest, on hand-made tables."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from storyline import schema
from storyline.errors import StoreError
from storyline.store import COMPACT_ABOVE_SEGMENTS, Store, store_path
from tests.factories import parsed_article, tables_for


def commit(store: Store, *items) -> None:
    """Commit parsed articles."""
    store.commit(tables_for(list(items)))


def test_empty_store_reads_empty_tables(store_dir):
    store = Store(store_dir)
    assert store.is_empty() and store.version() == 0
    for table in (store.read_articles(), store.read_mentions(), store.read_quotes(), store.read_dates()):
        assert isinstance(table, pd.DataFrame) and table.empty
    assert set(schema.QUOTES_SCHEMA.names) <= set(store.read_quotes().columns)


def test_commit_then_read_every_table(store_dir):
    store = Store(store_dir)
    commit(store, parsed_article("One", "Alpha beta gamma delta.", n_mentions=3),
           parsed_article("Two", "Epsilon zeta eta theta.", n_mentions=2))
    articles = store.read_articles()
    assert sorted(articles["title"]) == ["One", "Two"]
    assert "text" not in articles.columns
    assert len(store.read_mentions()) == 5 and len(store.read_quotes()) == 2
    assert store.read_articles(include_text=True)["text"].str.len().min() > 0
    assert store.version() == 1


def test_read_article_returns_text(store_dir):
    store = Store(store_dir)
    item = parsed_article("One", "Alpha beta gamma delta.")
    commit(store, item)
    row = store.read_article(item.article.article_id)
    assert row["text"] == "Alpha beta gamma delta." and row["published"] == date(2023, 9, 13)
    assert store.read_article("nope") is None


def test_recommit_replaces_the_article_and_its_rows(store_dir):
    store = Store(store_dir)
    commit(store, parsed_article("One", "Alpha beta gamma delta.", outlet="A", n_mentions=3))
    commit(store, parsed_article("One", "Alpha beta gamma delta.", outlet="B", n_mentions=1))
    articles = store.read_articles()
    assert list(articles["outlet"]) == ["B"]
    assert len(store.read_mentions()) == 1


def test_remove_article_and_outlet(store_dir):
    store = Store(store_dir)
    a, b, c = (parsed_article(t, f"{t} text here.", outlet=o) for t, o in (("A", "X"), ("B", "X"), ("C", "Y")))
    commit(store, a, b, c)
    assert store.remove({a.article.article_id, "unknown"}) == 1
    assert sorted(store.read_articles()["title"]) == ["B", "C"]
    assert store.remove_outlet("X") == 1
    assert list(store.read_articles()["title"]) == ["C"]
    assert store.remove({"unknown"}) == 0
    assert len(store.read_quotes()) == 1


def test_compaction_keeps_every_row(store_dir):
    store = Store(store_dir)
    for i in range(COMPACT_ABOVE_SEGMENTS + 3):
        commit(store, parsed_article(f"T{i}", f"Text number {i} here.", n_mentions=2))
    manifest = store.manifest()
    assert len(manifest.segments) <= COMPACT_ABOVE_SEGMENTS
    assert len(store.read_articles()) == COMPACT_ABOVE_SEGMENTS + 3
    assert len(store.read_mentions()) == 2 * (COMPACT_ABOVE_SEGMENTS + 3)


def test_query_joins_tables(store_dir):
    store = Store(store_dir)
    commit(store, parsed_article("One", "Alpha beta.", outlet="X", n_mentions=2))
    result = store.query("SELECT a.outlet, count(*) AS n FROM mentions m JOIN articles a USING (article_id) "
                         "GROUP BY a.outlet")
    assert result.to_dict("records") == [{"outlet": "X", "n": 2}]


def test_query_on_empty_store(store_dir):
    assert Store(store_dir).query("SELECT count(*) AS n FROM quotes")["n"].tolist() == [0]


def test_unknown_table_is_a_clear_error(store_dir):
    with pytest.raises(StoreError, match="unknown table 'nope'"):
        Store(store_dir).read_table("nope")


def test_corrupt_manifest_is_a_clear_error(store_dir):
    store_dir.mkdir(parents=True)
    (store_dir / "manifest.json").write_text("{not json")
    with pytest.raises(StoreError, match="unreadable manifest"):
        Store(store_dir).manifest()


def test_leftovers_of_a_killed_writer_are_ignored_and_cleaned(store_dir):
    store = Store(store_dir)
    commit(store, parsed_article("One", "Alpha beta."))
    leftover = store.segments_dir / ".tmp-123-dead"
    leftover.mkdir()
    (leftover / "articles.parquet").write_bytes(b"half a file")
    (store_dir / ".manifest.json.dead.tmp").write_text("{")
    assert len(store.read_articles()) == 1
    commit(store, parsed_article("Two", "Gamma delta."))
    assert not leftover.exists() and not (store_dir / ".manifest.json.dead.tmp").exists()
    assert len(store.read_articles()) == 2


def test_manifest_is_plain_json(store_dir):
    store = Store(store_dir)
    commit(store, parsed_article("One", "Alpha beta."))
    data = json.loads((store_dir / "manifest.json").read_text())
    assert data["version"] == 1 and len(data["segments"]) == 1


@pytest.mark.parametrize("given, env, expected", [
    ("/x/given", "/x/env", "/x/given"),
    (None, "/x/env", "/x/env"),
])
def test_store_location(given, env, expected, monkeypatch):
    monkeypatch.setenv("STORYLINE_STORE", env)
    assert str(store_path(given)) == expected


def test_store_location_default(monkeypatch):
    monkeypatch.delenv("STORYLINE_STORE", raising=False)
    assert store_path().parts[-2:] == ("data", "store")


def test_writer_lock_is_reentrant_within_a_thread(store_dir):
    store = Store(store_dir)
    with store.writer():
        commit(store, parsed_article("One", "Alpha beta."))  # commit takes the lock again: must not deadlock
    assert len(store.read_articles()) == 1
