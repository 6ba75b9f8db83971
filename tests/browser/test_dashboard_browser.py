"""End to end in chromium: every page renders without errors, the filter lives in the URL, hostile text stays text."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from storyline.analysis.filters import describe_range
from components.tables import ROW_PIXELS
from tests.browser.conftest import MAIN, caption, settle
from tests.pages.stories import HOSTILE_TAG, HOSTILE_TITLE

pytestmark = pytest.mark.browser

ON_STORY = "Showing 5 articles on the story"
# page path -> (plotly charts, tables, how the caption starts) on the test story
PAGES = {"": (0, 2, ON_STORY), "Timeline": (3, 1, ON_STORY), "Quotes": (0, 1, ON_STORY),
         "Entities": (1, 1, ON_STORY), "Outlets": (4, 1, ON_STORY), "Articles": (0, 1, ON_STORY),
         "Story_review": (0, 1, "Showing 6 articles (on the story or not"), "Add_articles": (0, 1, ON_STORY)}


def wait_for_count(page, selector: str, count: int) -> int:
    """Wait until at least `count` elements match (charts load their library lazily); the number found."""
    if count:
        page.wait_for_function(f"document.querySelectorAll({selector!r}).length >= {count}", timeout=60_000)
    return page.locator(selector).count()


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_charts_and_tables_without_errors(dashboard, browser, path):
    page = browser.page
    page.goto(f"{dashboard.url}/{path}")
    settle(page)
    charts, tables, shown = PAGES[path]
    assert caption(page).startswith(shown)
    assert wait_for_count(page, ".js-plotly-plot", charts) >= charts
    assert wait_for_count(page, '[data-testid="stDataFrame"]', tables) >= tables
    assert page.locator('[data-testid="stException"]').count() == 0
    assert browser.errors == [] and browser.dialogs == []


def test_an_entity_picked_in_the_sidebar_is_in_a_url_that_reproduces_the_view(dashboard, browser):
    page = browser.page
    page.goto(dashboard.url)
    settle(page)
    entities = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    entities.click()
    page.keyboard.type("Sergei Lavrov")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("window.location.search.includes('entity=')", timeout=60_000)
    settle(page)
    assert caption(page).startswith("Showing 2 articles on the story mentioning Sergei Lavrov")
    query = urlparse(page.url).query
    assert parse_qs(query)["entity"] == ["Sergei Lavrov"]
    page.goto(f"{dashboard.url}/Entities?{query}")  # the copied link, opened on another page in a new session
    settle(page)
    assert caption(page).startswith("Showing 2 articles on the story mentioning Sergei Lavrov")
    page.locator('[data-testid="stSidebar"] a', has_text="Timeline").click()
    page.wait_for_url("**/Timeline?**", timeout=60_000)
    settle(page)
    assert caption(page).startswith("Showing 2 articles on the story mentioning Sergei Lavrov")
    assert browser.errors == []


def test_box_select_on_the_timeline_sets_the_date_filter(dashboard, browser):
    page = browser.page
    page.goto(f"{dashboard.url}/Timeline")
    settle(page)
    wait_for_count(page, ".js-plotly-plot", 3)
    area = page.locator(".js-plotly-plot").first.locator(".nsewdrag").first.bounding_box()
    y = area["y"] + area["height"] / 2
    page.mouse.move(area["x"] + 0.02 * area["width"], y)
    page.mouse.down()
    page.mouse.move(area["x"] + 0.5 * area["width"], y, steps=12)
    page.mouse.up()
    page.wait_for_function("window.location.search.includes('from=')", timeout=60_000)
    settle(page)
    params = parse_qs(urlparse(page.url).query)
    assert params["from"][0] <= params["to"][0] < "2023-10-18"
    assert describe_range(date.fromisoformat(params["from"][0]), date.fromisoformat(params["to"][0])) in caption(page)
    assert browser.errors == []


def test_hostile_article_text_shows_as_text(dashboard, browser):
    page = browser.page
    page.goto(f"{dashboard.url}/Articles?article={dashboard.ids[HOSTILE_TITLE]}")
    settle(page)
    page.wait_for_selector(".sl-reader", timeout=60_000)
    reader = page.locator(".sl-reader").inner_text()
    assert HOSTILE_TAG in reader and "<script>alert(2)</script> is fine" in reader
    assert page.get_by_text(HOSTILE_TITLE).count() >= 1
    assert page.locator(".sl-reader img, .sl-reader script").count() == 0
    page.goto(f"{dashboard.url}/Quotes")
    settle(page)
    assert browser.dialogs == [] and browser.errors == []


def test_clicking_a_network_node_adds_its_entity_to_the_filter(dashboard, browser):
    page = browser.page
    page.goto(f"{dashboard.url}/Entities")
    settle(page)
    wait_for_count(page, ".js-plotly-plot", 1)
    node = page.locator(".js-plotly-plot .scatterlayer .trace").last.locator("path.point").first
    node.click(force=True)
    page.wait_for_function("window.location.search.includes('entity=')", timeout=60_000)
    settle(page)
    picked = parse_qs(urlparse(page.url).query)["entity"]
    assert len(picked) == 1 and f"mentioning {picked[0]}" in caption(page)
    assert browser.errors == []


def test_the_open_tab_is_part_of_the_url(dashboard, browser):
    page = browser.page
    page.goto(f"{dashboard.url}/Quotes?view=By+speaker")
    settle(page)
    assert page.locator('[data-testid="stDataFrame"]').count() == 1
    assert page.get_by_role("tab", name="By speaker").get_attribute("aria-selected") == "true"


def pick_row(page, row: int, table: int = 0) -> None:
    """Tick a row of a selectable table (the grid is drawn on a canvas: click where its checkbox is)."""
    grid = page.locator(f"{MAIN} [data-testid='stDataFrame']").nth(table)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + ROW_PIXELS * (row + 1) + ROW_PIXELS / 2)
    settle(page)


def test_a_quote_shows_its_lineage_and_wordings(dashboard, browser):
    page = browser.page
    page.goto(f"{dashboard.url}/Quotes?view=Same+quote+across+outlets")
    settle(page)
    pick_row(page, 1)  # the Lavrov quote, carried by TASS and then Reuters
    page.wait_for_selector(".sl-variant", timeout=60_000)
    assert page.get_by_text("Carried by 2 outlets in 2 articles; first on 18 Oct 2023 by TASS").count() == 1
    assert page.locator("mark.sl-changed").inner_text() == "anyone"
    assert page.locator(f"{MAIN} [data-testid='stDataFrame']").count() == 2  # the groups, the appearances
    assert browser.errors == [] and browser.dialogs == []
