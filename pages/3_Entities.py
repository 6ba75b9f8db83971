"""Entities: who and what appear together (same sentence or same article), and the sentences that show it."""
import streamlit as st

from components.charts import render_chart, render_network_chart
from components.entities import entity_table, load_cooccurrence, render_pair_sentences, render_pairs
from components.figures import build_heatmap_figure, build_network_figure
from components.page import start_page
from components.state import keep_in_url, url_number
from components.tables import render_downloads
from components.widgets import render_choice

context = start_page("Entities", "🕸️", note="Click a node in the network to add that entity to the filter; pick a "
                                          "pair in the ranked table to read the sentences behind it")

with st.container(horizontal=True, gap="large", vertical_alignment="bottom"):
    unit = render_choice("Together in the same", ["sentence", "article"], key="entities_unit", param="unit",
                         default="sentence")
    url_number("entities_top", "top", 20, 5, 40)
    top = st.slider("Entities charted", 5, 40, key="entities_top", width=300)
keep_in_url("top", str(top), "20")

cooc, positions = load_cooccurrence(context.path, context.version, context.state, unit, top)
if not cooc.entities:
    st.info("No entity is mentioned in these articles.")
    st.stop()

charts, pairs_column = st.columns([3, 2], gap="medium")
with charts, st.container(border=True):
    network, heatmap = st.tabs(["Network", "Heatmap"], key="chart", bind="query-params")
    if network.open:
        with network:
            st.caption(f"Top {len(cooc.entities)} entities. Node size: mentions; edge width: shared {unit}s; "
                       "fixed layout (same data, same picture).")
            render_network_chart(build_network_figure(cooc, positions, unit, context.state.entities),
                                 key="entities_net")
            render_downloads(entity_table(cooc), "entities-charted", key="entities_nodes")
    if heatmap.open:
        with heatmap:
            st.caption(f"Shared {unit}s between the top {len(cooc.entities)} entities; hover a cell for the count "
                       "(the ranked pairs hold the same numbers).")
            render_chart(build_heatmap_figure(cooc, unit), key=f"entities_heatmap_{unit}")
with pairs_column, st.container(border=True):
    st.subheader("Ranked pairs")
    pair = render_pairs(context, cooc, unit)

with st.container(border=True):
    st.subheader("Sentences behind the pair")
    if pair is None:
        st.caption("Pick a pair in the ranked table.")
    else:
        render_pair_sentences(context, pair, unit)
