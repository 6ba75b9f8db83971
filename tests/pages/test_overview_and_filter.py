"""The Overview and the global filter: KPIs, captions, the URL as the state of the view, empty states."""
from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.pages.conftest import TIMEOUT


def shown(app: AppTest) -> str:
    """The page's first caption as the analyst reads it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", app.caption[0].value)


def metrics(app: AppTest) -> dict[str, str]:
    """KPI label -> value."""
    return {m.label: m.value for m in app.metric}


def test_overview_counts_the_story_with_wire_copies_once(open_page):
    app = open_page()
    assert shown(app) == "Showing 5 articles on the story (1 wire copy counted once)."
    assert {k: v for k, v in metrics(app).items() if k in ("Articles", "Outlets", "Quotes")} == {
        "Articles": "5", "Outlets": "5", "Quotes": "4"}
    assert [link.label for link in app.sidebar.get("page_link")][:2] == ["Overview", "Timeline"]


def test_sidebar_entity_goes_into_the_url_and_a_copied_url_reproduces_the_view(open_page):
    app = open_page()
    app.multiselect(key="sb_entities").set_value(["Sergei Lavrov"]).run()
    assert shown(app) == "Showing 2 articles on the story mentioning Sergei Lavrov."
    assert app.query_params == {"entity": "Sergei Lavrov"}
    copied = open_page("pages/2_Quotes.py", **app.query_params)
    assert shown(copied).startswith("Showing 2 articles on the story mentioning Sergei Lavrov.")
    assert copied.multiselect(key="sb_entities").value == ["Sergei Lavrov"]


def test_every_filter_widget_round_trips_through_the_url(open_page):
    app = open_page()
    app.multiselect(key="sb_outlets").set_value(["TASS", "Reuters"])
    app.text_input(key="sb_search").set_value("  cooperation ")
    app.toggle(key="sb_wire").set_value(False)
    app.multiselect(key="sb_types").set_value(["PERSON"])
    app.run()
    expected = "Showing 2 articles on the story from TASS or Reuters containing “cooperation” (entities limited to " \
               "people; every wire copy counted)."
    assert shown(app) == expected
    assert app.query_params == {"outlet": ["TASS", "Reuters"], "q": "cooperation", "copies": "all", "type": "PERSON"}
    assert shown(open_page("pages/1_Timeline.py", **app.query_params)).startswith(expected[:-1])


def test_the_filter_survives_a_page_change_that_clears_the_url(open_page):
    app = open_page(entity="Kim Jong Un", **{"from": "2023-09-13", "to": "2023-09-14"})
    assert shown(app) == "Showing 1 article on the story mentioning Kim Jong Un, 13–14 Sep 2023 (1 wire copy counted " \
                         "once)."
    app.switch_page("pages/3_Entities.py")
    app.query_params.clear()
    app.run()
    assert shown(app).startswith("Showing 1 article on the story mentioning Kim Jong Un, 13–14 Sep 2023")
    assert app.query_params["entity"] == "Kim Jong Un" and app.query_params["from"] == "2023-09-13"
    assert app.date_input(key="sb_dates").value == (date(2023, 9, 13), date(2023, 9, 14))


def test_a_bad_url_value_is_reported_and_ignored(open_page):
    app = open_page(**{"from": "2023-13-45"})
    assert "not a date" in app.warning[0].value
    assert shown(app).startswith("Showing 5 articles")


def test_a_filter_that_matches_nothing_says_so_and_can_be_reset(open_page):
    app = open_page(entity="Nobody At All")
    assert shown(app) == "Showing 0 articles on the story mentioning Nobody At All."
    assert "No article matches" in app.warning[0].value
    app.button(key="empty_reset").click().run()
    assert shown(app).startswith("Showing 5 articles")
    assert app.query_params == {}


def test_picking_an_entity_in_the_ranked_table_adds_it_to_the_filter(open_page):
    app = open_page()
    entities = app.dataframe(key="overview_entities").value
    row = entities.index[entities["entity"] == "Choe Son Hui"][0]
    app.session_state["overview_entities"] = {"selection": {"rows": [int(row)], "columns": [], "cells": []}}
    app.run()
    app.button(key="overview_entities_add").click().run()
    assert shown(app).startswith("Showing 2 articles on the story mentioning Choe Son Hui")


PAGES = ["dashboard.py", "pages/1_Timeline.py", "pages/2_Quotes.py", "pages/3_Entities.py", "pages/4_Outlets.py",
         "pages/5_Articles.py", "pages/7_Story_review.py"]


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_store_explains_what_to_do_on_every_page(tmp_path, monkeypatch, page):
    monkeypatch.setenv("STORYLINE_STORE", str(tmp_path / "empty"))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    assert "holds no articles" in app.info[0].value
    assert not app.metric and not app.dataframe


def test_the_add_page_works_on_an_empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_STORE", str(tmp_path / "empty"))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    app.switch_page("pages/6_Add_articles.py").run()
    assert not app.exception and app.get("file_uploader")


def test_dates_from_the_sidebar_and_a_url_range_kept_while_other_widgets_change(open_page):
    app = open_page(**{"from": "2023-01-01"})  # earlier than any article: kept as the link says
    app.toggle(key="sb_wire").set_value(False).run()
    assert app.query_params == {"from": "2023-01-01", "copies": "all"}
    app.date_input(key="sb_dates").set_value((date(2023, 9, 14), date(2023, 9, 15))).run()
    assert (app.query_params["from"], app.query_params["to"]) == ("2023-09-14", "2023-09-15")
    assert shown(app).startswith("Showing 3 articles on the story, 14–15 Sep 2023")
    app.date_input(key="sb_dates").set_value((date(2023, 9, 13), date(2023, 10, 19))).run()
    assert "from" not in app.query_params and "to" not in app.query_params  # the whole span: no date filter
