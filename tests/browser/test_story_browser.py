"""The story review end to end in chromium: accepting a kept-out article puts it on the story on every page."""
from __future__ import annotations

import pytest

from storyline.store import Store
from storyline.story.decisions import ACCEPT, record_decision
from tests.browser.conftest import MAIN, caption, settle
from tests.browser.test_dashboard_browser import pick_row
from tests.pages.stories import FOOTBALL_TITLE

pytestmark = pytest.mark.browser
OUTSIDE = "This article is outside the current filter."


def test_accepting_a_kept_out_article_in_the_review_shows_it_everywhere(dashboard, browser):
    # A story needs a vetted article before a decision re-scores it without spaCy.
    record_decision(Store(dashboard.store), dashboard.ids["Putin and Kim meet at Vostochny"], ACCEPT)
    page = browser.page
    football = f"{dashboard.url}/Articles?article={dashboard.ids[FOOTBALL_TITLE]}"
    page.goto(football)
    settle(page)
    assert page.get_by_text(OUTSIDE).count() == 1
    page.goto(f"{dashboard.url}/Story_review")
    settle(page)
    assert caption(page).startswith("Showing 6 articles (on the story or not")
    pick_row(page, 0)
    page.get_by_role("button", name="Accept into the story").click()
    # The page also warns that this store lacks the founding article: wait for the decision's own message.
    page.locator(f"{MAIN} [data-testid='stAlert']", has_text="accepted into the story").wait_for(timeout=60_000)
    settle(page)
    page.goto(football)
    settle(page)
    assert page.get_by_text(OUTSIDE).count() == 0
    assert page.get_by_text("On the story · relevance", exact=False).count() == 1
    assert browser.errors == [] and browser.dialogs == []
