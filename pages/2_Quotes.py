"""Quotes: every quote with speaker, verb, conduit and outlet; each in its paragraph; the same quote across outlets."""
import streamlit as st

from components.page import counted, start_page
from components.quotes import (load_matching_quotes, load_repeated_quotes, render_quote_browser, render_repeated,
                               render_speakers)
from components.state import keep_in_url

context = start_page("Quotes", "💬", note="Pick a row to read a quote in its paragraph")
state = context.state

with st.container(horizontal=True, vertical_alignment="bottom"):
    if "quotes_search" not in st.session_state:
        st.session_state["quotes_search"] = st.query_params.get("quote", "")
    search = st.text_input("Search quotes", key="quotes_search", placeholder="words in the quote, speaker, outlet "
                           "or title", width=420)
    by_filtered = bool(state.entities) and st.toggle("Only quotes spoken by the filtered entities",
                                                     key="spoken", bind="query-params")
keep_in_url("quote", search.strip() or None)
speakers = state.entities if by_filtered else ()
table = load_matching_quotes(context.path, context.version, state, search, speakers)

if table.empty:
    st.info("No quote matches. The filtered articles hold "
            f"{len(context.story.quotes):,} quotes; clear the search or loosen the filter.")
    st.stop()

st.caption(f"{counted(len(table), 'quote')} from {counted(table['outlet'].nunique(), 'outlet')}, by "
           f"{counted(table['speaker'].nunique(), 'named speaker')} ({int(table['speaker'].isna().sum()):,} "
           "unattributed).")
# Only the open tab runs (grouping repeated quotes is the costly one); the URL names the open tab.
every, by_speaker, repeated = st.tabs(["All quotes", "By speaker", "Carried by several outlets"], key="view",
                                      bind="query-params")
if every.open:
    with every:
        render_quote_browser(context, table, key="quotes_all")
if by_speaker.open:
    with by_speaker:
        render_speakers(context, table)
if repeated.open:
    with repeated:
        groups, rows = load_repeated_quotes(context.path, context.version, state, search, speakers)
        several = int((groups["outlets"] > 1).sum())
        st.caption(f"{len(groups):,} distinct quotes; {several:,} carried by more than one outlet (same words after "
                   "normalising, or most of one quote's word triples inside another).")
        render_repeated(context, groups, rows)
