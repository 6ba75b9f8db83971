"""Re-scoring from cached word vectors gives exactly what re-vectorising every text gives; the cache knows when
an article changed (its ingested_at), the vectorised helpers agree with the plain pandas they replace, and the
story article a reason names does not depend on the order the store holds the articles in.

Articles come from test_membership's gazetteer (no spaCy).
"""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from storyline import schema
from storyline.store import Store
from storyline.story import review
from storyline.story.decisions import ACCEPT, REJECT, read_decisions, record_decision
from storyline.story.membership import (ADAPTED, FOUNDING, MEMBERSHIP_COLUMNS, TEXT_COLUMNS, MembershipOptions,
                                        TermVectorCache, gather_evidence, index_members_by_day, row_dicts)
from storyline.story.signals import is_among, shared_entities, term_vectors
from tests.unit.test_membership import ARTICLES, commit_articles

ALL_KEYS = list(ARTICLES)  # french_same_week is stored unparsed: its names are looked up in its text


def same_vectors(left, right) -> bool:
    """Whether two sparse matrices hold the same values in the same places, bit for bit."""
    return left.shape == right.shape and (left != right).nnz == 0


def recording_reader(store: Store, asked: list[str]):
    """A text reader for TermVectorCache that notes which ids it was asked for."""
    def read(ids: list[str]) -> pd.Series:
        asked.extend(ids)
        return review.stored_texts(store, ids)
    return read


@pytest.mark.parametrize("decisions", [
    [("founding", ACCEPT)],
    [("founding", ACCEPT), ("lavrov_month_later", REJECT)],
    [("founding", ACCEPT), ("summit_2019", ACCEPT), ("flood_same_days", REJECT)],
    [("summit_2019", ACCEPT)],
    [("french_same_week", ACCEPT), ("treaty_nine_months_later", ACCEPT)],
])
def test_cached_vectors_judge_exactly_as_vectorising_every_text(store_dir, decisions):
    store = Store(store_dir)
    ids = commit_articles(store, ALL_KEYS)
    for key, decision in decisions:
        record_decision(store, ids[key], decision)
    options, decided = MembershipOptions(), read_decisions(store.root)
    articles, mentions, vetted = review.story_frames(store, options)
    full = store.read_table(schema.ARTICLES, TEXT_COLUMNS + MEMBERSHIP_COLUMNS)  # every text, as before the cache
    every_text = gather_evidence(full[TEXT_COLUMNS], mentions).terms  # the path without cached vectors
    uncached = review.rescore_articles(full, mentions, vetted, decided, options, every_text)
    cache, asked = TermVectorCache(), []
    cache.vectors(articles, recording_reader(store, asked))  # the first click fills the cache…
    terms = cache.vectors(articles, recording_reader(store, asked))  # …the second reads no text at all
    cached = review.rescore_articles(articles, mentions, vetted, decided, options, terms)
    assert sorted(asked) == sorted(ids.values())
    assert same_vectors(terms, every_text)
    pd.testing.assert_frame_equal(cached.sort_values(schema.ARTICLE_ID, ignore_index=True),
                                  uncached.sort_values(schema.ARTICLE_ID, ignore_index=True))


@pytest.mark.parametrize("change, read_again", [
    ("nothing", []),
    ("ingested_at of one", ["lavrov_month_later"]),  # an ingest replaced it: its text may have changed
    ("one more article", ["summit_2019"]),
    ("one without ingested_at", ["flood_same_days"]),  # never cached, so always read
])
def test_the_cache_reads_again_only_the_articles_it_has_not_seen(store_dir, change, read_again):
    store = Store(store_dir)
    ids = commit_articles(store, ["founding", "lavrov_month_later", "flood_same_days", "summit_2019"])
    articles = store.read_table(schema.ARTICLES, review.STORY_COLUMNS).sort_values(schema.ARTICLE_ID)
    seen = articles[articles[schema.ARTICLE_ID] != ids["summit_2019"]]
    if change == "one without ingested_at":
        seen = seen.assign(ingested_at=seen["ingested_at"].where(seen[schema.ARTICLE_ID] != ids["flood_same_days"]))
    cache = TermVectorCache()
    cache.vectors(seen, recording_reader(store, []))
    now = {"nothing": seen, "one more article": articles, "one without ingested_at": seen,
           "ingested_at of one": seen.assign(ingested_at=seen["ingested_at"].where(
               seen[schema.ARTICLE_ID] != ids["lavrov_month_later"], seen["ingested_at"] + timedelta(seconds=1)))
           }[change]
    asked: list[str] = []
    terms = cache.vectors(now, recording_reader(store, asked))
    assert asked == [ids[key] for key in read_again]
    texts = review.stored_texts(store, now[schema.ARTICLE_ID].tolist())
    assert same_vectors(terms, term_vectors((now["title"] + "\n" + now[schema.ARTICLE_ID].map(texts)).tolist()))


def test_a_changed_ingested_at_gives_the_vector_of_the_new_text(store_dir):
    store = Store(store_dir)
    commit_articles(store, ["founding", "flood_same_days"])
    articles = store.read_table(schema.ARTICLES, review.STORY_COLUMNS)
    cache = TermVectorCache()
    cache.vectors(articles, lambda ids: pd.Series("Kim Jong Un met Vladimir Putin", index=ids))
    replaced = articles.assign(ingested_at=articles["ingested_at"] + timedelta(minutes=5))
    terms = cache.vectors(replaced, lambda ids: pd.Series("Floods in Derna", index=ids))
    expected = term_vectors((replaced["title"] + "\nFloods in Derna").tolist())
    assert same_vectors(terms, expected)


@pytest.mark.parametrize("values, wanted, expected", [
    (["a", "b", None, "c"], ["b", "c"], [False, True, False, True]),
    (["a", "b"], [], [False, False]),
    ([], ["a"], []),
    ([None, None], ["a"], [False, False]),
])
def test_is_among(values, wanted, expected):
    for dtype in (object, "str"):
        assert is_among(pd.Series(values, dtype=dtype), wanted).tolist() == expected


@pytest.mark.parametrize("rows, names, expected", [
    ([("a1", "kim", 0.6), ("a1", "putin", 0.8), ("a2", "flood", 1.0), ("a2", "putin", 0.5)],
     {"kim": "Kim Jong Un"}, {"a1": ["putin", "Kim Jong Un"], "a2": ["putin"]}),
    ([("a1", "flood", 1.0)], {}, {}),
    ([], {}, {}),
])
def test_shared_entities_lists_the_story_names_most_central_first(rows, names, expected):
    weights = pd.DataFrame(rows, columns=[schema.ARTICLE_ID, "key", "weight"]).astype({"weight": float})
    centroid = pd.Series({"putin": 0.9, "kim": 0.4, "pyongyang": 0.1})
    assert shared_entities(weights, centroid, names).to_dict() == expected


def test_row_dicts_are_the_records_pandas_gives():
    frame = pd.DataFrame({"id": pd.Series(["a", "b", None], dtype="str"), "x": [0.1, np.nan, 3.0],
                          "flag": [True, False, True], "names": [["Kim"], [], ["Putin", "Kim"]]})
    # compared as shown: NaN never equals itself, and a numpy scalar shows unlike the plain float pandas gives
    assert repr(row_dicts(frame)) == repr(frame.to_dict("records"))


def test_vectorising_nothing_gives_an_empty_matrix():
    assert term_vectors([]).shape == (0, term_vectors(["Kim"]).shape[1])


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]])
def test_the_story_articles_named_per_day_do_not_depend_on_stored_order(order):
    members = pd.DataFrame({schema.ARTICLE_ID: ["d", "b", "c", "a"], "title": ["D", "B", "C", "A"],
                            "published": pd.to_datetime(["2023-09-13"] * 4)}).iloc[order]
    roles = {"d": FOUNDING, "b": ADAPTED, "c": ADAPTED, "a": ADAPTED}
    named = index_members_by_day(members, roles)
    assert [[aid for aid, _, _ in found] for found in named.values()] == [["d", "a"]]
