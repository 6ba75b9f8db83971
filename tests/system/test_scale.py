"""Scale-out: the same articles parsed in-process, on a process pool and on a real local Dask cluster."""
from __future__ import annotations

import pandas as pd
import pytest

from storyline import schema
from storyline.ingest.pipeline import Ingestor
from storyline.records import make_article
from storyline.scale import DaskRunner, PoolRunner, articles_frame, frame_articles
from storyline.store import Store
from tests.conftest import SEED_FILE

IGNORED = {"ingested_at"}  # commit time differs between runs by design


def sample_articles():
    """The founding article plus small articles with entities, quotes and dates."""
    from storyline.ingest.text import read_text_file
    articles = [read_text_file(SEED_FILE)]
    for i in range(7):
        articles.append(make_article(
            title=f"Report {i}", outlet=f"Outlet {i % 3}", published=pd.Timestamp("2023-10-19").date(),
            published_source="user", language="en", source=f"test-{i}",
            paragraphs=[f"Russian Foreign Minister Sergei Lavrov met Kim Jong Un in Pyongyang on Thursday, "
                        f"report number {i} said.",
                        f"“We discussed substantial results,” Lavrov told reporters after talks {i}."]))
    return articles


def stored(store: Store) -> dict[str, pd.DataFrame]:
    """Every stored table, sorted, without the columns that legitimately differ."""
    out = {}
    for name, table_schema in schema.SCHEMAS.items():
        frame = store.read_table(name)
        frame = frame.drop(columns=[c for c in IGNORED if c in frame.columns])
        keys = [c for c in ("article_id", "start", "sentence", "quote_index", "copy_of") if c in frame.columns]
        out[name] = frame.sort_values(keys).reset_index(drop=True)
    return out


def ingest_with(runner, root) -> dict[str, pd.DataFrame]:
    """Ingest the sample with a runner into a new store and read it back."""
    store = Store(root)
    ingestor = Ingestor(store, runner=runner, commit_every=3)
    try:
        report = ingestor.ingest_articles(sample_articles())
    finally:
        ingestor.close()
    assert (report.added, report.failed) == (8, [])
    return stored(store)


def assert_same_tables(left, right):
    """Two stores hold equal tables."""
    for name in schema.SCHEMAS:
        pd.testing.assert_frame_equal(left[name], right[name], check_like=True)


@pytest.fixture(scope="module")
def inline_result(tmp_path_factory):
    """The in-process result, the reference."""
    return ingest_with(None, tmp_path_factory.mktemp("inline"))


def test_article_frame_round_trip():
    articles = sample_articles()
    assert frame_articles(articles_frame(articles)) == articles


def test_process_pool_equals_in_process(tmp_path, inline_result):
    result = ingest_with(PoolRunner(2, tmp_path / "staging"), tmp_path / "store")
    assert_same_tables(result, inline_result)
    assert not list((tmp_path / "staging").glob("batch-*"))  # the committer consumed every staged batch


def test_local_dask_cluster_equals_in_process(tmp_path, inline_result):
    runner = DaskRunner("local", tmp_path / "staging", local_workers=2)
    assert len(runner.client.scheduler_info()["workers"]) == 2
    result = ingest_with(runner, tmp_path / "store")
    assert_same_tables(result, inline_result)
    assert len(result[schema.MENTIONS]) > 20 and len(result[schema.QUOTES]) >= 7
