"""Story review in a store: decisions never load the model, and a decision can be cleared.

Articles come from test_membership's gazetteer (no spaCy); the model loader is made to fail where it must not run.
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from storyline import schema
from storyline.cli import main
from storyline.errors import InputError
from storyline.nlp import model
from storyline.store import Store
from storyline.story import review, tracking
from storyline.story.decisions import ACCEPT, REJECT, Decision, StoryDecisions, read_decisions, record_decision
from storyline.story.membership import ACCEPTED, ADAPTED, REJECTED, SCORED
from storyline.story.review import NoStoryError, clear, decide, holds_founding, read_membership, rescore_store
from tests.unit.test_membership import KEYS, commit_articles, story_store  # noqa: F401 (a fixture)


@pytest.fixture()
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make loading the spaCy model (and the default story parsed with it) fail loudly."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("the spaCy model was loaded")
    tracking.default_story.cache_clear()
    monkeypatch.setattr(model, "load_pipeline", refuse)
    monkeypatch.setattr("storyline.nlp.parse.load_pipeline", refuse)


def roles_by_key(store: Store, ids: dict[str, str]) -> dict[str, str]:
    """Key -> the role the last scoring stored (founding, accepted, rejected, adapted, scored)."""
    view = read_membership(store).set_index(schema.ARTICLE_ID)
    return {key: view.at[aid, "role"] for key, aid in ids.items() if aid in view.index}


@pytest.fixture()
def unfounded_store(story_store) -> tuple[Store, dict[str, str]]:
    """The scored story store with its only vetted article's decision forgotten: it holds no founding or accepted
    article, only articles stored as very relevant."""
    store, ids = story_store
    clear(store, ids["founding"])
    return store, ids


# ----- no model on a decision ------------------------------------------------------------------------------------

@pytest.mark.parametrize("key, decision, role", [
    ("flood_same_days", REJECT, REJECTED),
    ("troops_a_year_later", REJECT, REJECTED),
    ("summit_2019", ACCEPT, ACCEPTED),
])
def test_a_decision_without_a_founding_article_scores_against_stored_articles(unfounded_store, no_model, key,
                                                                              decision, role):
    store, ids = unfounded_store
    report = decide(store, ids[key], decision)
    assert report.scored == len(KEYS)
    assert roles_by_key(store, ids)[key] == role


def test_without_a_vetted_article_the_very_relevant_stored_ones_are_the_story(unfounded_store, no_model):
    store, ids = unfounded_store
    _, _, roles = review.story_frames(store)
    assert set(roles.values()) == {ADAPTED} and ids["founding"] in roles and ids["flood_same_days"] not in roles


def test_a_store_with_no_story_at_all_says_how_to_give_it_one(store_dir, no_model):
    store = Store(store_dir)
    ids = commit_articles(store, ["founding", "flood_same_days"])  # never scored: nothing is stored as relevant
    with pytest.raises(NoStoryError, match="add the founding article"):
        decide(store, ids["flood_same_days"], REJECT)
    assert not read_decisions(store.root).by_article  # the decision that found no story is undone
    assert decide(store, ids["founding"], ACCEPT).on_story >= 1  # an accepted article is a story


def test_parse_still_judges_an_empty_store_against_the_default_story(store_dir, monkeypatch):
    sentinel = object()
    monkeypatch.setattr(tracking, "default_profile", lambda options=None: sentinel)
    assert tracking.parse_profile(Store(store_dir)) is sentinel


@pytest.mark.parametrize("stored, holds", [(["founding"], True), (["flood_same_days"], False), ([], False)])
def test_holds_founding(store_dir, monkeypatch, stored, holds):
    store = Store(store_dir)
    ids = commit_articles(store, stored + ["lavrov_month_later"])
    founding = frozenset({ids["founding"]} if "founding" in ids else {"0" * 16})
    monkeypatch.setattr(review, "founding_ids", lambda: founding)
    assert holds_founding(store) is holds


# ----- clearing a decision ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("decisions, cleared, left", [
    ([("a", ACCEPT)], "a", ()),
    ([("a", ACCEPT), ("b", REJECT)], "a", (("b", REJECT),)),
    ([("a", REJECT), ("b", REJECT)], "b", (("a", REJECT),)),
    ([("a", ACCEPT)], "c", (("a", ACCEPT),)),
])
def test_decisions_without(decisions, cleared, left):
    found = StoryDecisions()
    for aid, decision in decisions:
        found = found.with_decision(Decision(aid, decision, "t"))
    assert tuple((aid, d.decision) for aid, d in found.without(cleared).by_article) == left


@pytest.mark.parametrize("key, decision, role_after", [
    ("flood_same_days", ACCEPT, SCORED),          # out of the story again once the analyst lets go
    ("lavrov_month_later", REJECT, ADAPTED),      # back on the story, relevant enough to shape it
    ("summit_2019", REJECT, SCORED),
])
def test_clearing_a_decision_hands_the_article_back_to_the_tracker(story_store, no_model, key, decision, role_after):
    store, ids = story_store
    decide(store, ids[key], decision)
    report = clear(store, ids[key])
    assert ids[key] not in {aid for aid, _ in read_decisions(store.root).by_article}
    assert report.scored == len(KEYS) and roles_by_key(store, ids)[key] == role_after


def test_clearing_restores_the_membership_before_the_decision(story_store):
    store, ids = story_store
    before = read_membership(store)[[schema.ARTICLE_ID, "relevance", "on_story", "story_reasons"]]
    decide(store, ids["troops_a_year_later"], REJECT)
    clear(store, ids["troops_a_year_later"])
    after = read_membership(store)[[schema.ARTICLE_ID, "relevance", "on_story", "story_reasons"]]
    assert before.sort_values(schema.ARTICLE_ID).reset_index(drop=True).equals(
        after.sort_values(schema.ARTICLE_ID).reset_index(drop=True))


def test_a_removed_article_s_decision_can_be_cleared(story_store):
    store, ids = story_store
    decide(store, ids["flood_same_days"], ACCEPT)
    store.remove({ids["flood_same_days"]})
    clear(store, ids["flood_same_days"])
    assert ids["flood_same_days"] not in read_decisions(store.root).accepted


def test_clearing_an_undecided_article_is_an_input_error(story_store):
    store, ids = story_store
    with pytest.raises(InputError, match="no accept or reject decision on this article"):
        clear(store, ids["flood_same_days"])


@pytest.mark.parametrize("decided, code, printed", [
    (True, 0, "cleared the decision on {id}; scored 6"),
    (False, 1, "{id}: no accept or reject decision on this article to clear"),
])
def test_cli_story_clear(story_store, capsys, decided, code, printed):
    store, ids = story_store
    if decided:
        record_decision(store, ids["summit_2019"], REJECT)
    assert main(["--store", str(store.root), "story", "clear", ids["summit_2019"]]) == code
    captured = capsys.readouterr()
    assert printed.format(id=ids["summit_2019"]) in (captured.out + captured.err)
    assert ids["summit_2019"] not in read_decisions(store.root).rejected


def test_rescoring_again_after_a_clear_rewrites_nothing(story_store):
    store, ids = story_store
    decide(store, ids["summit_2019"], ACCEPT)
    clear(store, ids["summit_2019"])
    assert rescore_store(store).rewritten == 0


# ----- writing membership back -----------------------------------------------------------------------------------

@pytest.mark.parametrize("stored, judged, expected", [
    (["a", "b"], {"b": (0.5, True, "x"), "a": (0.25, False, "y")}, [(0.25, False, "y"), (0.5, True, "x")]),
    (["a", "c"], {"a": (1.0, True, "z")}, [(1.0, True, "z"), (None, None, None)]),   # not judged: left empty
    ([], {"a": (1.0, True, "z")}, []),
])
def test_with_membership_matches_by_id(stored, judged, expected):
    columns = ["relevance", "on_story", "story_reasons"]
    table = pa.table({schema.ARTICLE_ID: pa.array(stored, pa.string()),
                      **{name: pa.nulls(len(stored), schema.ARTICLES_SCHEMA.field(name).type) for name in columns}})
    frame = pd.DataFrame([(aid, *values) for aid, values in judged.items()], columns=[schema.ARTICLE_ID, *columns])
    written = tracking.with_membership(table, frame).select(columns).to_pylist()
    assert [tuple(row.values()) for row in written] == expected
