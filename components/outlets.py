"""The Outlets page's tables, cached per store version and filter."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from components.data import load_filtered_story, load_quote_table
from storyline.analysis.filters import FilterState
from storyline.analysis.outlets import compute_outlet_emphasis, compute_wire_share, count_speakers_by_outlet
from storyline.analysis.timelines import top_outlets


@st.cache_data(max_entries=8, show_spinner=False)
def load_outlet_comparison(path: str, version: int, state: FilterState, limit: int
                           ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """For the `limit` outlets with most articles: speakers quoted per outlet, entity emphasis, and wire-copy
    shares (these over every copy, whatever the filter's wire setting)."""
    story = load_filtered_story(path, version, state)[0]
    outlets = top_outlets(story.articles, limit)
    quotes = load_quote_table(path, version, state)
    speakers = count_speakers_by_outlet(quotes[quotes["outlet"].isin(outlets)])
    emphasis = compute_outlet_emphasis(story.mentions, story.articles[story.articles["outlet"].isin(outlets)])
    copies = load_filtered_story(path, version, replace(state, wire_once=False))[0].articles
    wire = compute_wire_share(copies[copies["outlet"].isin(top_outlets(copies, limit))])
    return speakers, emphasis, wire
