"""Outlets: coverage over time, whom each outlet quotes, which entities it stresses, how much is wire copy."""
import streamlit as st

from components.charts import render_chart
from components.figures import build_coverage_figure, build_matrix_figure, build_wire_share_figure
from components.outlets import load_outlet_comparison
from components.page import start_page
from components.tables import render_downloads, render_table
from components.widgets import render_choice
from storyline.analysis.timelines import FREQUENCIES, count_articles_per_period, default_frequency, top_outlets

MAX_OUTLETS = 20
context = start_page("Outlets", "📰", note=f"Charts compare the {MAX_OUTLETS} outlets with the most articles at most")
story = context.story
outlets = top_outlets(story.articles, MAX_OUTLETS)
articles = story.articles[story.articles["outlet"].isin(outlets)]

with st.container(border=True):
    st.subheader("Coverage over time")
    freq = render_choice("Count per", list(FREQUENCIES), key="outlets_freq", param="per",
                         default=default_frequency(articles["published"]))
    counts = count_articles_per_period(articles, freq, limit=MAX_OUTLETS)
    render_chart(build_coverage_figure(counts, context.colours, freq), key="outlets_cover")
    render_downloads(counts, f"coverage-per-{freq}", key="outlets_cover_data")

by_outlet, emphasis, wire = load_outlet_comparison(context.path, context.version, context.state, MAX_OUTLETS)
with st.container(border=True):
    st.subheader("Whom each outlet quotes")
    st.caption("Quotes per outlet for the 15 most quoted speakers.")
    if by_outlet.empty:
        st.info("No attributed quote in these articles.")
    else:
        render_chart(build_matrix_figure(by_outlet, rows="outlet", columns="speaker", values="quotes",
                                         title="quotes"), key="outlets_speakers")
        render_downloads(by_outlet, "speakers-by-outlet", key="outlets_speakers_data")
with st.container(border=True):
    st.subheader("What each outlet stresses")
    st.caption("Share of an outlet's entity mentions going to an entity, over that entity's share in all these "
               "articles: red above 1 (stressed), blue below.")
    if emphasis.empty:
        st.info("No entity mention in these articles.")
    else:
        render_chart(build_matrix_figure(emphasis, rows="outlet", columns="entity", values="ratio",
                                         title="× story share", diverging=True), key="outlets_emphasis")
        render_downloads(emphasis, "entity-emphasis-by-outlet", key="outlets_emphasis_data")

with st.container(border=True):
    st.subheader("Wire copies")
    st.caption("Share of each outlet's articles that copy a wire story another outlet published first (every copy "
               "counted here, whatever the wire setting).")
    chart, table = st.columns([3, 2])
    with chart:
        if wire["wire_copies"].sum():
            render_chart(build_wire_share_figure(wire, context.colours), key="outlets_wire")
        else:
            st.info("None of these articles is a copy of another outlet's wire story.")
    with table:
        render_table(wire, "wire-share-by-outlet", key="outlets_wire_table",
                     column_config={"outlet": st.column_config.TextColumn("outlet", width=170),
                                    "articles": st.column_config.NumberColumn("articles", width="small"),
                                    "wire_copies": st.column_config.NumberColumn("copies", width="small"),
                                    "copied_by_others": st.column_config.NumberColumn("copied", width="small",
                                                                                      help="Copied by other outlets"),
                                    "copy_share": st.column_config.NumberColumn("copy share", format="percent",
                                                                                width="small")})
