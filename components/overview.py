"""The Overview's blocks: the KPI row and the story cards (the change digest is in components.changes)."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from components.page import PageContext
from components.tables import render_downloads, render_table
from components.widgets import render_article_links, render_filter_button
from storyline.analysis.filters import describe_range
from storyline.analysis.overview import Headline, latest_articles


def render_kpis(headline: Headline, committed_at: str | None) -> None:
    """One row of metrics: articles, outlets, quotes, speakers, entities, date span, last ingest."""
    span = (f"{headline.first_day:%b %Y} – {headline.last_day:%b %Y}" if headline.first_day else "no dates")
    if headline.first_day and (headline.first_day.year, headline.first_day.month) == (headline.last_day.year,
                                                                                       headline.last_day.month):
        span = describe_range(headline.first_day, headline.last_day)
    last = datetime.fromisoformat(committed_at).strftime("%d %b %H:%M") if committed_at else "never"
    values = (("Articles", f"{headline.articles:,}", None), ("Outlets", f"{headline.outlets:,}", None),
              ("Quotes", f"{headline.quotes:,}", None), ("Speakers", f"{headline.speakers:,}", None),
              ("Entities", f"{headline.entities:,}", None),
              ("Published", span, describe_range(headline.first_day, headline.last_day) if headline.first_day
               else None),
              ("Last ingest", last, f"{committed_at} (UTC)" if committed_at else None))
    for column, (label, value, detail) in zip(st.columns([1, 1, 1, 1, 1, 2.2, 1.6]), values):
        column.metric(label, value, border=True, help=detail)


def render_ranked_card(context: PageContext, title: str, table: pd.DataFrame, *, key: str, name_column: str,
                       help_text: str) -> None:
    """A bordered card with a ranked table; picking a row offers to add that name to the filter."""
    with st.container(border=True):
        st.subheader(title)
        st.caption(help_text)
        narrow = {name: st.column_config.NumberColumn(name, width="small")
                  for name in table.select_dtypes("number").columns}  # counts stay narrow: the names get the room
        picked = render_table(table, key.removeprefix("overview_"), key=key, select=True, column_config=narrow)
        if picked is not None:
            render_filter_button(context.state, [str(table.iloc[picked][name_column])], key=f"{key}_add")


def render_latest_card(context: PageContext) -> None:
    """The most recently published articles, each a link to the reader."""
    with st.container(border=True):
        st.subheader("Latest articles")
        st.caption("Newest by publication day; open one in the reader.")
        latest = latest_articles(context.story.articles)
        render_article_links(context, latest)
        render_downloads(latest, "latest-articles", key="overview_latest")

