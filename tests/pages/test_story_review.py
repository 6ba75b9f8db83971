"""The Story review page on a store without the founding article: it says so and offers to add it, a decision
re-scores against the stored articles without loading spaCy, and a decision can be cleared."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyline.store import Store
from storyline.story.decisions import read_decisions
from storyline.story.review import holds_founding, read_membership
from tests.pages.stories import FOOTBALL_TITLE
from tests.pages.test_story_pages import select_row
from tests.unit.test_story_review import no_model  # noqa: F401 (a fixture: loading spaCy fails)

REVIEW = "pages/7_Story_review.py"
FOUNDING_BUTTON = "review_add_founding"


@pytest.fixture()
def bare_store(open_page, story_path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the test story (decisions change it): no founding article, no decision yet."""
    root = tmp_path / "bare"
    shutil.copytree(story_path[0], root, ignore=shutil.ignore_patterns("dashboard_visit.json"))
    monkeypatch.setenv("STORYLINE_STORE", str(root))
    return root


def test_the_review_says_when_the_founding_article_is_missing_and_offers_to_add_it(open_page):
    app = open_page(REVIEW)
    assert "does not hold the founding article" in app.warning[0].value
    assert app.button(key=FOUNDING_BUTTON).label == "Add the founding article (data/seed)"


@pytest.mark.parametrize("tab, table, outlet, decision, done", [
    ("Kept out", "review_out", "Sports Desk", "accept", "accepted into the story"),
    ("On the story", "review_on", "Reuters", "reject", "kept out of the story"),
])
def test_a_decision_without_the_founding_article_loads_no_model(open_page, bare_store, no_model, tab, table, outlet,
                                                                decision, done):
    app = open_page(REVIEW, review=tab)
    rows = app.dataframe(key=table).value
    select_row(app, table, int(rows.index[rows["outlet"] == outlet][0]))
    app.button(key=f"{table}_{decision}").click().run()
    assert not app.exception and not app.error
    assert done in app.success[0].value
    membership = read_membership(Store(bare_store)).set_index("outlet")
    assert bool(membership.loc[outlet, "on_story"]) is (decision == "accept")


def test_a_decided_article_can_be_cleared_from_the_page(open_page, bare_store, no_model):
    app = open_page(REVIEW, review="On the story")
    rows = app.dataframe(key="review_on").value
    select_row(app, "review_on", int(rows.index[rows["outlet"] == "Reuters"][0]))
    app.button(key="review_on_reject").click().run()
    app.session_state["review"] = app.query_params["review"] = "Your decisions"
    app.run()
    select_row(app, "review_decided", 0)
    assert [b.label for b in app.button if b.key and b.key.startswith("review_decided_")] == [
        "Accept into the story", "Clear my decision"]
    app.button(key="review_decided_clear").click().run()
    assert "is back in the tracker's hands" in app.success[0].value
    assert not read_decisions(Store(bare_store).root).by_article
    assert "You have not accepted or rejected any article yet." in app.info[0].value
    membership = read_membership(Store(bare_store)).set_index("outlet")
    assert membership.loc["Reuters", "role"] != "rejected" and membership.loc["Reuters", "decision"] is None


def test_a_clear_that_would_leave_no_story_is_refused_and_said(open_page, bare_store, no_model):
    app = open_page(REVIEW)
    select_row(app, "review_out", 0)
    app.button(key="review_out_accept").click().run()  # the football report becomes the whole story
    app.session_state["review"] = app.query_params["review"] = "Your decisions"
    app.run()
    select_row(app, "review_decided", 0)
    app.button(key="review_decided_clear").click().run()
    assert "no article of the story to score against" in app.error[0].value
    assert read_decisions(Store(bare_store).root).accepted  # the decision stays


def test_adding_the_founding_article_parses_it_elsewhere_and_rescores(open_page, bare_store):
    app = open_page(REVIEW)
    app.button(key=FOUNDING_BUTTON).click().run()
    assert not app.exception and not app.error
    assert "The founding article is in the store. Re-scored 8 articles" in app.success[0].value
    assert not app.warning and holds_founding(Store(bare_store))
