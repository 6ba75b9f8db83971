"""The Timeline's event view: what the articles say happened on which day, with the sentence behind each point."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import render_chart
from components.data import load_filtered_story, load_sentence_texts
from components.figures import build_event_figure
from components.page import PageContext
from components.tables import render_table
from storyline import schema
from storyline.analysis.filters import FilterState
from storyline.analysis.timelines import compute_event_table, count_entity_trend, fill_periods

MAX_EVENTS = 1500  # points on the chart; the table below lists the same rows
EVENT_COLUMNS = ["date", "granularity", "expression", "sentence_text", "outlet", "published", "title", "url",
                 "role", schema.ARTICLE_ID]


@st.cache_data(max_entries=16, show_spinner=False)
def load_entity_trend(path: str, version: int, state: FilterState, entities: tuple[str, ...], freq: str
                      ) -> pd.DataFrame:
    """Mentions and mentioning articles per period for some entities under a filter (zero-filled for lines)."""
    story = load_filtered_story(path, version, state)[0]
    return fill_periods(count_entity_trend(story.mentions, story.articles, entities, freq), "entity", freq)


def pick_events(events: pd.DataFrame, limit: int = MAX_EVENTS) -> pd.DataFrame:
    """At most `limit` statements, from the most recently published articles, in event order."""
    recent = events.sort_values(["published", "date"], ascending=[False, True], kind="stable").head(limit)
    return recent.sort_values(["date", "published"], kind="stable", ignore_index=True)


@st.cache_data(max_entries=8, show_spinner=False)
def load_events(path: str, version: int, state: FilterState, roles: tuple[str, ...]) -> tuple[pd.DataFrame, int]:
    """The dated statements to draw (at most MAX_EVENTS) with their sentence texts, and how many there are."""
    story = load_filtered_story(path, version, state)[0]
    events = compute_event_table(story.dates, story.articles, roles)
    shown = pick_events(events)
    texts = load_sentence_texts(path, version, tuple(shown[schema.ARTICLE_ID]),
                                tuple(int(s) for s in shown["sentence"]))
    return shown.merge(texts, on=[schema.ARTICLE_ID, "sentence"], how="left"), len(events)


def render_event_timeline(context: PageContext, include_reported: bool) -> None:
    """The dated-statement chart (hover: sentence and outlet) and its table."""
    roles = ("happened", "reported") if include_reported else ("happened",)
    shown, total = load_events(context.path, context.version, context.state, roles)
    if shown.empty:
        st.info("No dated statement in these articles.")
        return
    if total > len(shown):
        st.caption(f"Showing the {len(shown):,} statements of the most recently published articles "
                   f"(of {total:,}); narrow the filter to see the rest.")
    render_chart(build_event_figure(shown, context.colours), key="timeline_events")
    table = shown[EVENT_COLUMNS].rename(columns={"sentence_text": "sentence"})
    render_table(table, "dated-statements", key="timeline_events_table", height=320,
                 column_config={"url": st.column_config.LinkColumn("link"),
                                "date": st.column_config.DateColumn("about day"),
                                "published": st.column_config.DateColumn("published")})
