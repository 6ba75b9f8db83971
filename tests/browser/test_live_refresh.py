"""An ingest by another process shows up on an open page within seconds, without a reload or a restart."""
from __future__ import annotations

import pytest

from storyline.store import Store
from tests.browser.conftest import MAIN, settle
from tests.factories import parsed_article, tables_for

pytestmark = pytest.mark.browser


def test_a_commit_from_another_process_appears_on_the_open_page(dashboard, browser):
    page = browser.page
    page.goto(dashboard.url)
    settle(page)
    store = Store(dashboard.store)
    store.commit(tables_for([parsed_article("Kim Jong Un visits Moscow", "North Korean leader Kim Jong Un arrived "
                                            "in Moscow on Tuesday, state media said.", outlet="Test Wire")]))
    page.wait_for_function(
        f"document.querySelector({MAIN + ' [data-testid=stCaptionContainer]'!r}).innerText.startsWith("
        "'Showing 6 articles')", timeout=30_000)
    settle(page)
    articles = page.locator(f"{MAIN} [data-testid='stMetric']").filter(has=page.get_by_text("Articles", exact=True))
    assert articles.locator("[data-testid='stMetricValue']").inner_text() == "6"
    assert browser.errors == []
