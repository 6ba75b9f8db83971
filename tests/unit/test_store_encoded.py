"""Store.read_encoded: every row of a table read straight from the segment files, repetitive columns as dictionaries."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from storyline import schema
from storyline.errors import StoreError
from storyline.store import Store
from tests.factories import parsed_article, tables_for


@pytest.fixture
def store(store_dir) -> Store:
    """Two segments of two articles each."""
    store = Store(store_dir)
    store.commit(tables_for([parsed_article("One", "Alpha beta gamma delta.", n_mentions=3),
                             parsed_article("Two", "Epsilon zeta eta theta.", n_mentions=2)]))
    store.commit(tables_for([parsed_article("Three", "Iota kappa lambda mu.", n_mentions=1)]))
    return store


def test_the_same_rows_as_duckdb_reads_with_dictionary_columns(store):
    encoded = store.read_encoded(schema.MENTIONS, ["article_id", "canonical", "start"], dictionary=("canonical",))
    assert pa.types.is_dictionary(encoded.schema.field("canonical").type)
    assert not pa.types.is_dictionary(encoded.schema.field("article_id").type)
    plain = store.read_table(schema.MENTIONS, ["article_id", "canonical", "start"])
    key = ["article_id", "start"]
    assert (encoded.to_pandas().astype({"canonical": str}).sort_values(key, ignore_index=True).values.tolist()
            == plain.sort_values(key, ignore_index=True).values.tolist())
    assert len(encoded.column("canonical").unique()) == plain["canonical"].nunique()  # one dictionary for all


def test_a_column_a_segment_predates_reads_as_nulls(store):
    first = store.manifest().segments[0]
    path = store.segment_file(first, schema.MENTIONS)
    pq.write_table(pq.read_table(path).drop_columns(["metonymic"]), path)
    encoded = store.read_encoded(schema.MENTIONS, ["canonical", "metonymic"], dictionary=("canonical",))
    assert encoded.num_rows == 6 and encoded.column("metonymic").null_count == 5


def test_a_segment_retired_while_reading_is_read_again(store, monkeypatch):
    real = Store._files
    calls = []

    def first_a_vanished_file(self, manifest, table):
        calls.append(table)
        files = real(self, manifest, table)
        return files + [files[0] + ".retired"] if len(calls) == 1 else files

    monkeypatch.setattr(Store, "_files", first_a_vanished_file)
    assert store.read_encoded(schema.ARTICLES, ["title"]).num_rows == 3 and len(calls) == 2


def test_an_empty_store_gives_an_empty_table_of_the_asked_types(store_dir):
    encoded = Store(store_dir).read_encoded(schema.QUOTES, ["article_id", "text"], dictionary=("article_id",))
    assert encoded.num_rows == 0 and pa.types.is_dictionary(encoded.schema.field("article_id").type)


def test_unknown_table_is_a_clear_error(store):
    with pytest.raises(StoreError, match="unknown table"):
        store.read_encoded("nothing")
