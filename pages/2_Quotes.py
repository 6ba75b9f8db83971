"""Quotes: every quote with speaker, verb, conduit and outlet; each in its paragraph; its lineage across outlets."""
import streamlit as st

from components.page import counted, start_page
from components.lineage import GROUPING_NOTE
from components.quotes import load_matching_quotes, render_quote_browser, render_same_quotes, render_speakers
from components.state import keep_in_url

context = start_page("Quotes", "💬", note="Pick a row to read a quote in its paragraph and trace it across outlets")
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
# Only the open tab runs (tracing quotes across outlets is the costly one); the URL names the open tab.
every, by_speaker, same = st.tabs(["All quotes", "By speaker", "Same quote across outlets"], key="view",
                                  bind="query-params")
if every.open:
    with every:
        render_quote_browser(context, table, key="quotes_all")
if by_speaker.open:
    with by_speaker:
        render_speakers(context, table)
if same.open:
    with same:
        with st.expander("How quotes are grouped as the same words"):
            st.caption(GROUPING_NOTE)
        render_same_quotes(context, table)
