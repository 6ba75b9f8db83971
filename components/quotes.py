"""The Quotes page's views: every quote with its context, speakers' reach, one quote across outlets."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import load_article, load_quote_table
from components.page import PageContext, escape_markdown
from components.tables import render_table
from components.widgets import render_filter_button, render_reader_link
from storyline import schema
from storyline.analysis.filters import FilterState
from storyline.analysis.highlight import Span, mark_text, paragraph_bounds
from storyline.analysis.quotes import assign_quote_groups, count_quotes_by_speaker, summarise_quote_groups
from storyline.analysis.search import match_rows

SEARCHED = ["text", "speaker", "outlet", "title"]
QUOTE_CONFIG = {"url": st.column_config.LinkColumn("link", display_text="open ↗"),
                "published": st.column_config.DateColumn("published"),
                "outlet": st.column_config.TextColumn("outlet", width="medium"),
                "speaker": st.column_config.TextColumn("speaker", width="medium"),
                "text": st.column_config.TextColumn("quote", width="large"),
                "verb": st.column_config.TextColumn("verb", width="small"),
                "conduit": st.column_config.TextColumn("conduit", width="small")}
SHOWN = ["published", "outlet", "speaker", "text", "verb", "conduit", "title", "url"]


@st.cache_data(max_entries=8, show_spinner=False)
def load_matching_quotes(path: str, version: int, state: FilterState, search: str, speakers: tuple[str, ...]
                         ) -> pd.DataFrame:
    """The quotes under the filter, matching a search, optionally only those by some speakers."""
    table = load_quote_table(path, version, state)
    if speakers:
        table = table[table["speaker"].isin(speakers)]
    return table[match_rows(table, SEARCHED, search)].reset_index(drop=True)


@st.cache_data(max_entries=8, show_spinner="Grouping repeated quotes…")
def load_repeated_quotes(path: str, version: int, state: FilterState, search: str, speakers: tuple[str, ...]
                         ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Distinct quotes (most outlets first) and every quote row with its group number."""
    table = load_matching_quotes(path, version, state, search, speakers)
    rows = table.assign(group=assign_quote_groups(table))
    return summarise_quote_groups(rows), rows


def render_quote_context(context: PageContext, quote: pd.Series) -> None:
    """The paragraph around a quote, the quote highlighted, every piece of text escaped."""
    article = load_article(context.path, context.version, quote[schema.ARTICLE_ID])
    if article is None:
        st.warning("This article is no longer in the store.")
        return
    text = article["text"]
    start, end = paragraph_bounds(text, article["paragraph_starts"], int(quote["start"]))
    who = quote["speaker"] if pd.notna(quote["speaker"]) else "speaker unknown"
    focus = Span(int(quote["start"]), int(quote["end"]), "focus", "", f"Quote — {who}")
    st.html(f'<div class="sl-reader"><p>{mark_text(text[start:end], [focus], start)}</p></div>')
    verb = f", {quote['verb']}" if pd.notna(quote["verb"]) else ""
    via = f", via {quote['conduit']}" if pd.notna(quote["conduit"]) else ""
    outlet = quote["outlet"] if pd.notna(quote["outlet"]) else "unknown outlet"
    st.caption(escape_markdown(f"{who}{verb}{via} — {outlet}"))
    render_reader_link(context, quote[schema.ARTICLE_ID], f"Open “{quote['title']}” in the reader")


def render_quote_browser(context: PageContext, table: pd.DataFrame, *, key: str) -> None:
    """The quote table; picking a row shows the quote in its paragraph."""
    picked = render_table(table[SHOWN], "quotes", key=key, select=True, height=420, column_config=QUOTE_CONFIG)
    if picked is None:
        st.caption("Pick a row to read the quote in its paragraph.")
        return
    with st.container(border=True):
        render_quote_context(context, table.iloc[picked])


def render_speakers(context: PageContext, table: pd.DataFrame) -> None:
    """Quotes per speaker and in how many outlets; picking a speaker lists their quotes."""
    speakers = count_quotes_by_speaker(table)
    picked = render_table(speakers, "speakers", key="quotes_speakers", select=True, height=320,
                          column_config={"first": st.column_config.DateColumn("first"),
                                         "last": st.column_config.DateColumn("last")})
    if picked is None:
        st.caption("Pick a speaker to list their quotes.")
        return
    name = str(speakers.iloc[picked]["speaker"])
    render_filter_button(context.state, [name], key="quotes_speaker_add")
    render_quote_browser(context, table[table["speaker"] == name].reset_index(drop=True), key="quotes_by_speaker")


def render_repeated(context: PageContext, groups: pd.DataFrame, rows: pd.DataFrame) -> None:
    """Distinct quotes, those carried by the most outlets first; picking one lists its appearances, earliest first."""
    picked = render_table(groups.drop(columns="group"), "repeated-quotes", key="quotes_repeated", select=True,
                          height=320, column_config={"first_published": st.column_config.DateColumn("first seen"),
                                                     "text": st.column_config.TextColumn("quote", width="large")})
    if picked is None:
        st.caption("Pick a quote to see every outlet that carried it, earliest first.")
        return
    appearances = rows[rows["group"] == groups.iloc[picked]["group"]]
    appearances = appearances.sort_values(["published", "outlet"], na_position="last", ignore_index=True)
    render_quote_browser(context, appearances, key="quotes_appearances")
