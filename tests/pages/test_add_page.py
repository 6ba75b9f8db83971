"""Add articles: refused inputs explained without running anything, a real ingest in a subprocess, alias edits."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from storyline.nlp.aliases import load_alias_table
from tests.conftest import ROOT
from tests.pages.conftest import TIMEOUT
from tests.pages.stories import build_story_store

ADD_PAGE = "pages/6_Add_articles.py"


def open_add_page(store: Path) -> AppTest:
    """The Add articles page on a store."""
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    app.switch_page(ADD_PAGE).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def submit(app: AppTest, label: str) -> None:
    """Press a form's submit button."""
    next(b for b in app.button if b.label == label).click().run(timeout=300)


@pytest.fixture()
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the test story that this test may change, and its own alias table."""
    root = tmp_path / "store"
    build_story_store(root)
    monkeypatch.setenv("STORYLINE_STORE", str(root))
    monkeypatch.setenv("STORYLINE_ALIASES", str(tmp_path / "aliases.csv"))
    return root


def results(app: AppTest):
    """The per-input results table of the last run."""
    return next(frame.value for frame in app.dataframe if "result" in frame.value.columns)


def test_refused_inputs_are_explained_and_nothing_runs(own_store):
    app = open_add_page(own_store)
    app.text_area(key="add_urls").set_value("not a url\nftp://example.com/x")
    submit(app, "Add to the store")
    rows = results(app)
    assert rows.values.tolist() == [["not a url", "refused", "not an http(s) URL"],
                                    ["ftp://example.com/x", "refused", "not an http(s) URL"]]
    assert {m.label: m.value for m in app.metric}["Added"] == "0"
    assert {m.label: m.value for m in app.metric}["Refused"] == "2"


def test_nothing_to_add_is_said(own_store):
    app = open_add_page(own_store)
    submit(app, "Add to the store")
    assert "Nothing to add" in app.warning[0].value


def test_an_uploaded_file_is_ingested_by_a_subprocess_and_shows_up(own_store):
    app = open_add_page(own_store)
    text = ("Kim Jong Un visits Moscow\n\nNorth Korean leader Kim Jong Un arrived in Moscow on Tuesday, "
            "state media said. “This is a new era,” Kim Jong Un told reporters.")
    app.file_uploader(key="add_files").set_value([("../kim moscow.txt", text.encode(), "text/plain")])
    app.text_input(key="add_outlet").set_value("Test Wire")
    submit(app, "Add to the store")
    assert not app.exception, [e.message for e in app.exception]
    assert results(app)[["input", "result"]].values.tolist() == [["../kim moscow.txt", "read"]]
    assert {m.label: m.value for m in app.metric}["Added"] == "1"
    assert list((own_store / "uploads").glob("*/kim_moscow.txt"))
    app.switch_page("dashboard.py").run()
    assert {m.label: m.value for m in app.metric}["Articles"] == "6"


def test_merging_names_writes_the_alias_table(own_store, tmp_path):
    app = open_add_page(own_store)
    app.multiselect(key="alias_merge_names").set_value(["Choe Son Hui"])
    app.text_input(key="alias_merge_target").set_value("Choe Son-hui")
    submit(app, "Merge")
    table = load_alias_table(tmp_path / "aliases.csv")
    assert [(r.alias, r.canonical, r.kind) for r in table.rows] == [("Choe Son Hui", "Choe Son-hui", "merge")]
    assert "Saved" in app.success[0].value


def test_a_merge_without_a_target_is_refused_with_a_reason(own_store, tmp_path):
    app = open_add_page(own_store)
    app.multiselect(key="alias_merge_names").set_value(["Choe Son Hui"])
    submit(app, "Merge")
    assert "Not saved" in app.error[0].value
    assert not (tmp_path / "aliases.csv").exists()
