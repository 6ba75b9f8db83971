"""The Quotes page's views: every quote with its context and lineage, speakers' reach, one quote across outlets."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import load_article, load_quote_table
from components.lineage import GROUP_CONFIG, group_of, groups_in_view, load_quote_lineage, render_lineage
from components.page import PageContext, counted, escape_markdown
from components.tables import LINK_COLUMN, render_table
from components.widgets import render_filter_button, render_reader_link
from storyline import schema
from storyline.analysis.filters import FilterState
from storyline.analysis.highlight import Span, mark_text, paragraph_bounds
from storyline.analysis.quotes import count_quotes_by_speaker
from storyline.analysis.search import match_rows

SEARCHED = ["text", "speaker", "outlet", "title"]
# The quote gets most of the width and the link sits right after it, on screen; the title is in the context pane.
QUOTE_CONFIG = {"published": st.column_config.DateColumn("published", width="small"),
                "outlet": st.column_config.TextColumn("outlet", width=150),
                "speaker": st.column_config.TextColumn("speaker", width=150),
                "text": st.column_config.TextColumn("quote", width=560),
                "url": LINK_COLUMN,
                "verb": st.column_config.TextColumn("verb", width="small"),
                "conduit": st.column_config.TextColumn("via", width="small"),
                "title": st.column_config.TextColumn("title", width="large")}
SHOWN = ["published", "outlet", "speaker", "text", "url", "verb", "conduit", "title"]


@st.cache_data(max_entries=8, show_spinner=False)
def load_matching_quotes(path: str, version: int, state: FilterState, search: str, speakers: tuple[str, ...]
                         ) -> pd.DataFrame:
    """The quotes under the filter, matching a search, optionally only those by some speakers."""
    table = load_quote_table(path, version, state)
    if speakers:
        table = table[table["speaker"].isin(speakers)]
    return table[match_rows(table, SEARCHED, search)].reset_index(drop=True)


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
    """The quote table; picking a row shows the quote in its paragraph and its lineage across outlets."""
    picked = render_table(table[SHOWN], "quotes", key=key, select=True, height=560, column_config=QUOTE_CONFIG)
    if picked is None:
        st.caption("Pick a row to read the quote in its paragraph and see which outlets carried it.")
        return
    quote = table.iloc[picked]
    with st.container(border=True):
        st.subheader("In its paragraph")
        render_quote_context(context, quote)
    with st.container(border=True):
        st.subheader("Across outlets")
        lineage = load_quote_lineage(context.path, context.version, context.state.story)
        group = group_of(lineage, str(quote[schema.ARTICLE_ID]), int(quote["quote_index"]))
        if group is None:
            st.caption("This quote is not in the lineage (its article is outside this side of the story line).")
            return
        render_appearance(context, render_lineage(context, lineage, group, key=f"{key}_lineage"))


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


def render_appearance(context: PageContext, appearance: pd.Series | None) -> None:
    """The paragraph of the appearance picked in a lineage table."""
    if appearance is not None:
        with st.container(border=True):
            render_quote_context(context, appearance)


def render_same_quotes(context: PageContext, table: pd.DataFrame) -> None:
    """The quotes of this view grouped as the same words, the most widely carried first; picking one shows its
    lineage."""
    lineage = load_quote_lineage(context.path, context.version, context.state.story)
    groups = groups_in_view(lineage, table)
    several = int((groups["outlets"] > 1).sum())
    st.caption(f"{counted(len(groups), 'distinct quote')}; {several:,} carried by more than one outlet.")
    picked = render_table(groups, "same-quotes", key="quotes_groups", select=True, height=320,
                          column_config=GROUP_CONFIG)
    if picked is None:
        st.caption("Pick a quote to see every outlet that carried it, earliest first, and its wordings.")
        return
    with st.container(border=True):
        render_appearance(context, render_lineage(context, lineage, int(groups.iloc[picked]["group"]),
                                                  key="quotes_lineage"))
