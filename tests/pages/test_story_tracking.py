"""Story tracking on the pages: the story filter in the URL, the review pane's decisions (which every page follows
and which outlive the session), quote lineage on the Quotes page, and the change digest on the Overview."""
from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import streamlit as st

from storyline.store import Store
from storyline.story import prepared
from storyline.story.decisions import ACCEPT, read_decisions, record_decision
from storyline.story.review import read_membership
from tests.factories import parsed_article, tables_for
from tests.pages.stories import FOOTBALL_QUOTE, FOOTBALL_TITLE, LAVROV_QUOTE, LAVROV_VARIANT
from tests.pages.test_story_pages import html_bodies, select_row

SUMMIT = "Putin and Kim meet at Vostochny"


def shown(app) -> str:
    """The page's first caption as the analyst reads it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", app.caption[0].value)


def st_caches_cleared() -> None:
    """Forget every cached loader, as a dashboard process started afresh would."""
    st.cache_data.clear()
    st.cache_resource.clear()


def metrics(app) -> dict[str, str]:
    """KPI label -> value."""
    return {m.label: m.value for m in app.metric}


def titles_in(app, key: str) -> list[str]:
    """Titles of the table with this key, or none when the page shows no such table."""
    return [title for frame in app.dataframe if frame.key == key for title in frame.value["title"]]


@pytest.fixture()
def fresh_store(open_page, story_path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the test story for open_page (decisions change it), never visited, with the summit article
    accepted (a story needs a vetted article before a decision re-scores it without spaCy)."""
    root = tmp_path / "fresh"
    shutil.copytree(story_path[0], root, ignore=shutil.ignore_patterns("dashboard_visit.json"))
    record_decision(Store(root), story_path[1][SUMMIT], ACCEPT)
    monkeypatch.setenv("STORYLINE_STORE", str(root))
    return root


# ----- the story filter -----------------------------------------------------------------------------------------

def test_the_story_side_is_in_the_sidebar_the_caption_and_the_url(open_page):
    app = open_page("pages/5_Articles.py")
    assert shown(app).startswith("Showing 5 articles on the story")
    assert FOOTBALL_TITLE not in app.dataframe(key="articles_list").value["title"].tolist()
    app.selectbox(key="sb_story").set_value("off").run()
    assert shown(app).startswith("Showing 1 article kept out of the story")
    assert app.query_params["story"] == "off"
    assert app.dataframe(key="articles_list").value["title"].tolist() == [FOOTBALL_TITLE]
    copied = open_page("pages/1_Timeline.py", **app.query_params)
    assert shown(copied).startswith("Showing 1 article kept out of the story")
    assert copied.selectbox(key="sb_story").value == "off"
    copied.sidebar.button[0].click().run()  # reset the filter
    assert shown(copied).startswith("Showing 5 articles on the story") and "story" not in copied.query_params


@pytest.mark.parametrize("params, caption", [
    ({"story": "all"}, "Showing 6 articles (on the story or not; 1 wire copy counted once)."),
    ({"story": "all", "copies": "all"}, "Showing 7 articles (on the story or not; every wire copy counted)."),
    ({"story": "off", "entity": "Ki Sung-yueng"}, "Showing 1 article kept out of the story mentioning Ki Sung-yueng."),
    ({"entity": "Ki Sung-yueng"}, "Showing 0 articles on the story mentioning Ki Sung-yueng."),
])
def test_a_story_link_reproduces_the_view(open_page, params, caption):
    assert shown(open_page(**params)) == caption


def test_an_unknown_story_side_in_a_link_is_reported_and_ignored(open_page):
    app = open_page(story="maybe")
    assert "story='maybe' is not understood" in app.warning[0].value
    assert shown(app).startswith("Showing 5 articles on the story")


# ----- the review pane ------------------------------------------------------------------------------------------

def test_the_review_lists_kept_out_articles_with_their_reasons(open_page):
    app = open_page("pages/7_Story_review.py")
    assert shown(app).startswith("Showing 6 articles (on the story or not")
    kept_out = app.dataframe(key="review_out").value
    row = kept_out.iloc[0]
    assert (row["title"], row["relevance"], list(row["shared_entities"]), row["days_from_story"],
            row["judged_by"]) == (FOOTBALL_TITLE, pytest.approx(0.02), [], 3, "tracker")
    select_row(app, "review_out", 0)
    assert "<li>mentions none of the story&#x27;s names</li>" in html_bodies(app)
    assert ("<li>published 3 days after the story article “Putin and Kim meet at Vostochny” (13 Sep 2023)</li>"
            in html_bodies(app))
    assert [b.label for b in app.button if b.key and b.key.startswith("review_out_")] == [
        "Accept into the story", "Reject: keep it out"]
    app.session_state["review"] = "On the story"
    app.run()
    on_story = app.dataframe(key="review_on").value
    assert len(on_story) == 5 and on_story["relevance"].is_monotonic_increasing  # the weakest first


def test_the_overview_points_to_the_closest_calls_kept_out(open_page):
    app = open_page()
    assert "<li>0.02 · Sports Desk — Seoul wins the cup final</li>" in html_bodies(app)
    assert any(link.label == "Review them, with the reasons" for link in app.get("page_link"))
    lavrov = open_page(entity="Sergei Lavrov")
    assert any("No article under this filter is kept out" in c.value for c in lavrov.caption)


def test_accepting_an_article_shows_it_on_every_page_and_outlives_the_session(open_page, fresh_store, story_ids):
    app = open_page("pages/7_Story_review.py")
    select_row(app, "review_out", 0)
    app.button(key="review_out_accept").click().run()
    assert not app.exception
    assert "accepted into the story" in app.success[0].value
    assert FOOTBALL_TITLE not in titles_in(app, "review_out")
    app.switch_page("pages/5_Articles.py").run()
    assert FOOTBALL_TITLE in app.dataframe(key="articles_list").value["title"].tolist()
    app.switch_page("pages/2_Quotes.py").run()
    assert FOOTBALL_QUOTE in app.dataframe(key="quotes_all").value["text"].tolist()

    again = open_page("pages/7_Story_review.py", review="Your decisions")  # a new session
    decided = again.dataframe(key="review_decided").value.set_index("title")
    assert decided.loc[FOOTBALL_TITLE, "judged_by"] == "you"
    store = Store(fresh_store)
    assert story_ids[FOOTBALL_TITLE] in read_decisions(store.root).accepted
    membership = read_membership(store).set_index("title")
    assert bool(membership.loc[FOOTBALL_TITLE, "on_story"]) and "accepted by the analyst" in \
        membership.loc[FOOTBALL_TITLE, "reasons"]


def test_rejecting_an_article_on_the_story_takes_it_off_every_page(open_page, fresh_store):
    app = open_page("pages/7_Story_review.py", review="On the story")
    on_story = app.dataframe(key="review_on").value
    select_row(app, "review_on", int(on_story.index[on_story["outlet"] == "Reuters"][0]))
    assert [b.label for b in app.button if b.key and b.key.startswith("review_on_")][0] == "Reject: keep it out"
    app.button(key="review_on_reject").click().run()
    assert "kept out of the story" in app.success[0].value
    app.session_state["review"] = app.query_params["review"] = "Kept out"  # a click on the tab sets both
    app.run()
    kept_out = app.dataframe(key="review_out").value.set_index("outlet")
    assert kept_out.loc["Reuters", "judged_by"] == "you"
    app.switch_page("pages/5_Articles.py").run()
    assert "Reuters" not in app.dataframe(key="articles_list").value["outlet"].tolist()


# ----- quote lineage ----------------------------------------------------------------------------------------------

def test_a_picked_quote_shows_its_lineage_earliest_first_with_its_wordings(open_page):
    app = open_page("pages/2_Quotes.py")
    table = app.dataframe(key="quotes_all").value
    assert list(table.columns[:5]) == ["published", "outlet", "speaker", "text", "url"]  # the link on screen
    select_row(app, "quotes_all", int(table.index[table["outlet"] == "Reuters"][0]))
    lineage = app.dataframe(key="quotes_all_lineage").value
    assert lineage["outlet"].tolist() == ["TASS", "Reuters"]
    assert lineage["text"].tolist() == [LAVROV_QUOTE, LAVROV_VARIANT + "."]
    assert lineage["variant"].tolist() == [1, 2]
    bodies = html_bodies(app)
    assert "“Our cooperation is not directed against <mark class=\"sl-changed\">anyone</mark>”" in bodies
    assert any("Sergei Lavrov, no conduit named. Carried by 2 outlets in 2 articles; first on 18 Oct 2023 by TASS"
               in c.value for c in app.caption)


def test_the_same_quote_across_outlets_counts_every_wire_copy(open_page):
    app = open_page("pages/2_Quotes.py", view="Same quote across outlets")
    assert "80%" in app.expander[0].caption[0].value  # how grouping works, in words
    groups = app.dataframe(key="quotes_groups").value
    assert groups[["speaker", "outlets"]].values.tolist() == [["Kim Jong Un", 2], ["Sergei Lavrov", 2],
                                                              ["Vladimir Putin", 1]]
    assert list(groups.iloc[0]["carried_by"]) == ["Yonhap", "Korea Herald"]  # the wire copy counts here
    select_row(app, "quotes_groups", 1)
    assert app.dataframe(key="quotes_lineage").value["outlet"].tolist() == ["TASS", "Reuters"]
    assert "In Pyongyang, Sergei Lavrov told reporters" not in html_bodies(app)
    select_row(app, "quotes_lineage", 1)  # an appearance, read in its paragraph
    assert "In Pyongyang, Sergei Lavrov told reporters" in html_bodies(app)


# ----- what changed -----------------------------------------------------------------------------------------------

def test_a_first_visit_shows_what_the_last_ingest_brought(open_page, fresh_store):
    app = open_page()
    assert app.button_group(key="changes_since").value == "ingest"
    assert metrics(app)["New articles"] == "2" and metrics(app)["Outlets joined"] == "2"
    assert (metrics(app)["New speakers"], metrics(app)["First-time entities"], metrics(app)["New dated events"],
            metrics(app)["First-time quotes"]) == ("1", "3", "1", "1")
    speakers = app.dataframe(key="changes_speakers").value
    assert speakers["speaker"].tolist() == ["Sergei Lavrov"]
    entities = app.dataframe(key="changes_entities").value
    assert set(entities["canonical"]) == {"Sergei Lavrov", "Choe Son Hui", "Pyongyang"}
    assert [e.label for e in app.expander][:2] == ["New articles on the story (2)", "Outlets that joined the story (2)"]


def test_the_overview_reads_the_digest_the_ingest_kept_and_keeps_one_it_computed(open_page, fresh_store):
    store = Store(fresh_store)
    shutil.rmtree(fresh_store / prepared.FOLDER, ignore_errors=True)  # the copied story may hold one already
    open_page()  # computed on this first visit, then kept for the next process on this version
    folder = prepared.digest_folder(store, store.version())
    assert (folder / "digest.json").exists()
    speakers = pq.read_table(folder / "speakers.parquet")  # mark the kept copy: the page must show the mark
    pq.write_table(speakers.set_column(speakers.schema.get_field_index("speaker"), "speaker",
                                       pa.array(["Kept Speaker"] * speakers.num_rows)), folder / "speakers.parquet")
    st_caches_cleared()
    assert open_page().dataframe(key="changes_speakers").value["speaker"].tolist() == ["Kept Speaker"]


def test_long_digest_lists_send_their_first_rows_and_say_so(open_page, fresh_store, monkeypatch):
    monkeypatch.setattr("components.changes.DIGEST_ROWS", 2)
    app = open_page()
    assert len(app.dataframe(key="changes_entities").value) == 2  # of 3 first-time entities
    assert any("The first 2 of 3 rows are shown; the downloads hold all 3." in c.value for c in app.caption)


def test_the_next_visit_offers_the_last_one_and_the_moment_is_in_the_url(open_page, fresh_store):
    open_page()
    app = open_page()  # nothing was ingested since the first visit: the last ingest is shown, and said so
    assert app.button_group(key="changes_since").value == "ingest" and "since" not in app.query_params
    assert any("Nothing was added since your last visit" in c.value for c in app.caption)
    assert metrics(app)["New articles"] == "2"
    app.button_group(key="changes_since").set_value("visit").run()
    assert metrics(app)["New articles"] == "0" and app.query_params["since"] == "visit"
    Store(fresh_store).commit(tables_for([parsed_article("Kim Jong Un visits Moscow", "Kim Jong Un arrived in "
                                                         "Moscow on Tuesday.", outlet="Test Wire")]))
    later = open_page()  # a new article since the last visit: the visit is the moment
    assert later.button_group(key="changes_since").value == "visit"
    assert metrics(later)["New articles"] == "1" and metrics(later)["Outlets joined"] == "1"


def test_a_day_in_the_link_compares_with_the_story_before_it_and_follows_decisions(open_page, fresh_store):
    app = open_page(since="2023-01-01")
    assert app.date_input(key="changes_day").value == date(2023, 1, 1)
    assert metrics(app)["New articles"] == "6"  # every article on the story, wire copy included
    assert "Ki Sung-yueng" not in app.dataframe(key="changes_speakers").value["speaker"].tolist()
    review = open_page("pages/7_Story_review.py")
    select_row(review, "review_out", 0)
    review.button(key="review_out_accept").click().run()
    app = open_page(since="2023-01-01")
    assert "Ki Sung-yueng" in app.dataframe(key="changes_speakers").value["speaker"].tolist()
