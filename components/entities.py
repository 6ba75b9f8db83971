"""The Entities page's views: co-occurrence heatmap and network, ranked pairs, and the sentences behind a pair."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components.data import load_filtered_story, load_sentence_texts
from components.page import PageContext, counted, escape_markdown
from components.tables import render_table
from components.widgets import render_filter_button, render_reader_link
from storyline import schema
from storyline.analysis.cooccurrence import (Cooccurrence, compute_cooccurrence, compute_network_layout,
                                             find_shared_units)
from storyline.analysis.filters import FilterState

MAX_SENTENCES = 300


@st.cache_data(max_entries=8, show_spinner="Counting co-occurrences…")
def load_cooccurrence(path: str, version: int, state: FilterState, unit: str, top: int
                      ) -> tuple[Cooccurrence, np.ndarray]:
    """Co-occurrence of the top entities under the filter, and the network layout of them."""
    story, _ = load_filtered_story(path, version, state)
    cooc = compute_cooccurrence(story.mentions, unit, top)
    return cooc, compute_network_layout(cooc.matrix, cooc.mentions)


def render_pairs(context: PageContext, cooc: Cooccurrence, unit: str) -> tuple[str, str] | None:
    """The ranked pairs table; returns the pair the analyst picked."""
    pairs = cooc.pairs.rename(columns={"together": f"shared {unit}s"})[[f"shared {unit}s", "a", "b"]]
    picked = render_table(pairs, f"entity-pairs-by-{unit}", key=f"entities_pairs_{unit}", select=True, height=520,
                          column_config={f"shared {unit}s": st.column_config.NumberColumn(
                                             "together", width=80, help=f"shared {unit}s"),
                                         "a": st.column_config.TextColumn("a", width=150),
                                         "b": st.column_config.TextColumn("b", width=150)})
    if picked is None:
        return None
    return str(pairs.iloc[picked]["a"]), str(pairs.iloc[picked]["b"])


def render_pair_sentences(context: PageContext, pair: tuple[str, str], unit: str) -> None:
    """The sentences where both entities of a pair appear (same sentence, or same article)."""
    a, b = pair
    st.markdown(f"**{escape_markdown(a)}** and **{escape_markdown(b)}** together")
    render_filter_button(context.state, [a, b], key="entities_pair_add")
    units = find_shared_units(context.story.mentions, a, b, unit).head(MAX_SENTENCES)
    texts = load_sentence_texts(context.path, context.version, tuple(units[schema.ARTICLE_ID]),
                                tuple(int(s) for s in units["sentence"]))
    info = context.story.articles[[schema.ARTICLE_ID, "published", "outlet", "title"]]
    table = units.merge(texts, on=[schema.ARTICLE_ID, "sentence"]).merge(info, on=schema.ARTICLE_ID)
    table = table.sort_values(["published", schema.ARTICLE_ID, "sentence"], ignore_index=True)
    table = table[["published", "outlet", "sentence_text", "entities", "title", schema.ARTICLE_ID, "sentence"]]
    st.caption(counted(len(table), "sentence")
               + (f" (the first {MAX_SENTENCES})" if len(table) >= MAX_SENTENCES else "") + ".")
    picked = render_table(table, "pair-sentences", key="entities_pair_sentences", select=True, height=360,
                          column_config={"published": st.column_config.DateColumn("published"),
                                         "sentence_text": st.column_config.TextColumn("sentence", width="large")})
    if picked is not None:
        row = table.iloc[picked]
        render_reader_link(context, row[schema.ARTICLE_ID], f"Open “{row['title']}” in the reader")


def entity_table(cooc: Cooccurrence) -> pd.DataFrame:
    """The charted entities with their mention counts (the network's data)."""
    return pd.DataFrame({"entity": cooc.entities, "mentions": cooc.mentions})
