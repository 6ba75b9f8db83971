"""The digest an ingest keeps for the Overview: read back exactly as computed, and only for its own version,
moment and format."""
from __future__ import annotations

import json
import os
import time
from datetime import timedelta

import pandas as pd
import pytest

from storyline.analysis.filters import ON_STORY
from storyline.analysis.queries import read_story
from storyline.store import Store
from storyline.story import prepared
from storyline.story.changes import compute_changes, last_ingest_start
from storyline.story.lineage import side_lineage
from tests.factories import parsed_article, tables_for
from tests.pages.stories import build_story_store


@pytest.fixture()
def store(tmp_path) -> Store:
    """The page tests' story: two ingests a day apart, with membership, quotes, entities and dates."""
    build_story_store(tmp_path / "store")
    return Store(tmp_path / "store")


def computed(store: Store):
    """The digest since the last ingest as the dashboard computes it."""
    story = read_story(store)
    since = last_ingest_start(story.articles["ingested_at"])
    return story, compute_changes(story.articles, story.mentions, story.quotes, story.dates, since,
                                  side_lineage(story, ON_STORY))


def test_a_kept_digest_reads_back_as_computed(store):
    kept = prepared.prepare_digest(store)
    story, expected = computed(store)
    read = prepared.read_digest(store, store.version(), expected.since, story)
    assert read is not None and kept is not None and read.since == expected.since
    assert expected.counts() == read.counts() and sum(expected.counts().values()) > 0
    for name in prepared.FRAMES:
        pd.testing.assert_frame_equal(getattr(read, name), getattr(expected, name), check_exact=True, obj=name)
    assert read.articles["article_id"].dtype == story.articles["article_id"].dtype  # coded like the story


@pytest.mark.parametrize("change, reason", [
    ("moment", "another moment"),
    ("version", "a later commit"),
    ("format", "another format"),
    ("corrupt", "an unreadable description"),
    ("frame gone", "a frame file missing"),
    ("missing", "nothing kept"),
])
def test_a_kept_digest_is_only_read_for_its_own_version_moment_and_format(store, monkeypatch, change, reason):
    if change != "missing":
        prepared.prepare_digest(store)
    story, expected = computed(store)
    since = expected.since
    if change == "moment":
        since = since - timedelta(days=1)
    elif change == "version":
        store.commit(tables_for([parsed_article("Later", "Later news came in.")]))
        story = read_story(store)
    elif change == "format":
        monkeypatch.setattr(prepared, "FORMAT", prepared.FORMAT + 1)
    elif change == "corrupt":
        (prepared.digest_folder(store, store.version()) / "digest.json").write_text("{", encoding="utf-8")
    elif change == "frame gone":
        (prepared.digest_folder(store, store.version()) / "speakers.parquet").unlink()
    assert prepared.read_digest(store, store.version(), since, story) is None, reason


def test_keeping_a_new_version_removes_the_older_ones(store):
    prepared.prepare_digest(store)
    first = prepared.digest_folder(store, store.version())
    store.commit(tables_for([parsed_article("Later", "Later news came in.")]))
    prepared.prepare_digest(store)
    assert not first.exists()
    assert [p.name for p in (store.root / prepared.FOLDER).iterdir()] == [prepared.digest_folder(
        store, store.version()).name]
    meta = json.loads((prepared.digest_folder(store, store.version()) / "digest.json").read_text(encoding="utf-8"))
    assert pd.Timestamp(meta["since"]) == pd.Timestamp(computed(store)[1].since)


def test_an_empty_store_keeps_nothing(tmp_path):
    assert prepared.prepare_digest(Store(tmp_path / "empty")) is None
    assert not (tmp_path / "empty" / prepared.FOLDER).exists()


def test_only_older_digests_and_abandoned_temporary_folders_are_removed(store):
    prepared.prepare_digest(store)
    parent, version = store.root / prepared.FOLDER, store.version()
    newer, older = parent / f"digest-v{version + 1}-f1", parent / f"digest-v{version - 1}-f1"
    abandoned, writing = parent / ".tmp-digest-v1-f1-dead", parent / ".tmp-digest-v9-f1-live"
    for folder in (newer, older, abandoned, writing):
        folder.mkdir()
    os.utime(abandoned, (time.time() - 2 * prepared.STALE_TMP_SECONDS,) * 2)
    prepared.remove_outdated(parent, version)
    assert sorted(p.name for p in parent.iterdir()) == sorted([prepared.digest_folder(store, version).name,
                                                               newer.name, writing.name])
