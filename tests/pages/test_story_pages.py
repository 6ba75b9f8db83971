"""Timeline, Quotes, Entities, Outlets and Articles pages on the test story: charts, tables, drill-downs, escaping."""
from __future__ import annotations

from tests.pages.stories import HOSTILE_OUTLET, HOSTILE_TAG, HOSTILE_TITLE, LAVROV_QUOTE


def select_row(app, key: str, row: int) -> None:
    """Pick a table row the way a click does, then rerun."""
    app.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    app.run()


def table_with(app, column: str):
    """The first table holding a column (display-only tables have no key to find them by)."""
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def html_bodies(app) -> str:
    """Every st.html body on the page, joined."""
    return "\n".join(element.proto.body for element in app.get("html"))


def test_timeline_draws_three_charts_and_lists_dated_statements(open_page):
    app = open_page("pages/1_Timeline.py")
    assert len(app.get("plotly_chart")) == 3
    events = table_with(app, "expression")
    assert ("VLADIVOSTOK – Vladimir Putin met Kim Jong Un at the Vostochny Cosmodrome on Wednesday."
            in events["sentence"].tolist())
    assert set(events["expression"]) == {"Wednesday", "Thursday"}
    app.button_group(key="timeline_freq").set_value("week").run()
    assert app.query_params["per"] == "week"


def test_timeline_entity_trend_follows_the_filter(open_page):
    app = open_page("pages/1_Timeline.py", entity="Sergei Lavrov")
    assert not any("five most mentioned" in c.value for c in app.caption)


def test_quotes_table_context_escapes_the_quote(open_page):
    app = open_page("pages/2_Quotes.py")
    table = app.dataframe(key="quotes_all").value
    assert len(table) == 4
    select_row(app, "quotes_all", int(table.index[table["outlet"] == HOSTILE_OUTLET][0]))
    bodies = html_bodies(app)
    assert "&lt;script&gt;alert(2)&lt;/script&gt; is fine," in bodies
    assert HOSTILE_TAG.replace("<", "&lt;").replace(">", "&gt;") in bodies
    assert "<script>" not in bodies and "<img" not in bodies


def test_quote_search_speakers_and_the_same_quote_across_outlets(open_page):
    app = open_page("pages/2_Quotes.py")
    app.text_input(key="quotes_search").set_value("cooperation").run()
    assert len(app.dataframe(key="quotes_all").value) == 2
    assert app.query_params["quote"] == "cooperation"
    assert [frame.key for frame in app.dataframe] == ["quotes_all"]  # only the open tab runs
    app.session_state["view"] = "By speaker"
    app.run()
    speakers = app.dataframe(key="quotes_speakers").value
    assert speakers.iloc[0][["speaker", "quotes", "outlets"]].tolist() == ["Sergei Lavrov", 2, 2]
    app.session_state["view"] = "Same quote across outlets"
    app.run()
    groups = app.dataframe(key="quotes_groups").value  # only the groups of the quotes the search finds
    assert len(groups) == 1 and groups.iloc[0]["outlets"] == 2 and groups.iloc[0]["first_outlet"] == "TASS"
    assert list(groups.iloc[0]["carried_by"]) == ["TASS", "Reuters"]
    assert groups.iloc[0]["words"].casefold().startswith(LAVROV_QUOTE.casefold()[:40])
    select_row(app, "quotes_groups", 0)
    assert app.dataframe(key="quotes_lineage").value["outlet"].tolist() == ["TASS", "Reuters"]


def test_entities_pairs_lead_to_their_sentences_and_into_the_filter(open_page):
    app = open_page("pages/3_Entities.py")
    assert len(app.get("plotly_chart")) == 1  # the network; the heatmap tab runs only when opened
    app.session_state["chart"] = "Heatmap"
    app.run()
    assert len(app.get("plotly_chart")) == 1 and not app.exception
    pairs = app.dataframe(key="entities_pairs_sentence").value
    row = int(pairs.index[(pairs["a"] == "Sergei Lavrov") & (pairs["b"] == "Choe Son Hui")][0])
    select_row(app, "entities_pairs_sentence", row)
    sentences = app.dataframe(key="entities_pair_sentences").value
    assert "Sergei Lavrov met Choe Son Hui in Pyongyang on Thursday." in sentences["sentence_text"].tolist()
    app.button(key="entities_pair_add").click().run()
    assert app.session_state["storyline_filter"].entities == ("Sergei Lavrov", "Choe Son Hui")
    assert app.query_params["entity"] == ["Sergei Lavrov", "Choe Son Hui"]


def test_entities_by_article(open_page):
    app = open_page("pages/3_Entities.py", unit="article", top="5")
    assert "entities_pairs_article" in [d.key for d in app.dataframe]
    assert app.slider(key="entities_top").value == 5


def test_outlets_page_compares_outlets_and_counts_wire_copies(open_page):
    app = open_page("pages/4_Outlets.py")
    assert len(app.get("plotly_chart")) == 4
    wire = table_with(app, "copy_share").set_index("outlet")
    assert wire.loc["Korea Herald", "copy_share"] == 1.0
    assert wire.loc["Yonhap", "copied_by_others"] == 1


def test_reader_escapes_hostile_text_and_tells_where_things_came_from(open_page, story_ids):
    app = open_page("pages/5_Articles.py", article=story_ids[HOSTILE_TITLE])
    bodies = html_bodies(app)
    assert "&lt;img src=x onerror=alert(1)&gt;" in bodies and "<img" not in bodies
    assert "&lt;script&gt;" in bodies and "<script>" not in bodies
    assert "Evil &lt;i&gt;Outlet&lt;/i&gt;" in bodies
    assert "given when it was added" in bodies
    assert not app.get("link_button")  # its javascript: URL is never offered as a link
    assert "\\<script\\>" in app.subheader[0].value


def test_reader_shows_the_wire_group_and_an_unparsed_language(open_page, story_ids):
    app = open_page("pages/5_Articles.py", article=story_ids["Putin and Kim meet at Vostochny"])
    assert len(table_with(app, "wire_earliest")) == 2
    assert 'class="sl-quote"' in html_bodies(app)
    french = open_page("pages/5_Articles.py", article=story_ids["Poutine et Kim"])
    assert "not parsed" in french.info[0].value


def test_picking_an_article_puts_it_in_the_url(open_page, story_ids):
    app = open_page("pages/5_Articles.py")
    listing = app.dataframe(key="articles_list").value
    row = int(listing.index[listing["title"] == "Lavrov arrives in Pyongyang"][0])
    select_row(app, "articles_list", row)
    assert app.query_params["article"] == story_ids["Lavrov arrives in Pyongyang"]
    assert app.subheader[0].value == "Lavrov arrives in Pyongyang"
