"""Page tests: a hand-made story store (no spaCy) and an AppTest opened on any page of the dashboard."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.pages.stories import build_story_store

TIMEOUT = 60  # seconds per script run: the first run imports pandas, plotly, scipy and reads the store


@pytest.fixture(scope="session")
def story_path(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A store holding the test story, built once; with title -> article id."""
    root = tmp_path_factory.mktemp("story") / "store"
    return root, build_story_store(root)


@pytest.fixture()
def story_ids(story_path) -> dict[str, str]:
    """Title -> article id of the test story."""
    return story_path[1]


@pytest.fixture()
def open_page(story_path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Open a page (file path relative to the repository) on the test story, optionally with URL parameters."""
    monkeypatch.setenv("STORYLINE_STORE", str(story_path[0]))
    monkeypatch.setenv("STORYLINE_ALIASES", str(tmp_path / "aliases.csv"))

    def opener(page: str = "dashboard.py", **params: str | list[str]) -> AppTest:
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
        app.query_params.update(params)
        app.run()
        if page != "dashboard.py":
            app.switch_page(page)
            app.query_params.update(params)
            app.run()
        assert not app.exception, [e.message for e in app.exception]
        return app

    return opener
