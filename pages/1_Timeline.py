"""Timeline: articles per day or week by outlet, entity trends, and what the articles say happened when."""
import streamlit as st

from components.charts import render_time_chart
from components.data import load_filtered_entities
from components.figures import build_articles_figure, build_trend_figure
from components.page import counted, start_page
from components.tables import render_downloads
from components.timeline import load_entity_trend, render_event_timeline
from components.widgets import render_choice
from storyline.analysis.timelines import FREQUENCIES, count_articles_per_period, default_frequency, fill_periods

context = start_page("Timeline", "📈", note="Drag across the time axis of the first two charts to set the date "
                                           "filter")
story = context.story

with st.container(horizontal=True, gap="large"):
    freq = render_choice("Count per", list(FREQUENCIES), key="timeline_freq", param="per",
                         default=default_frequency(story.articles["published"]))
    style = render_choice("Draw as", ["bars", "lines"], key="timeline_style", param="as", default="bars")
    metric = render_choice("Entity trend counts", ["mentions", "articles"], key="timeline_metric", param="count",
                           default="mentions")

with st.container(border=True):
    st.subheader("Articles by outlet")
    counts = count_articles_per_period(story.articles, freq)
    if style == "lines":
        counts = fill_periods(counts, "outlet", freq)
    undated = int(story.articles["published"].isna().sum())
    if undated:
        st.caption(f"{counted(undated, 'article')} without a publication day not drawn.")
    render_time_chart(build_articles_figure(counts, context.colours, style=style, freq=freq), key="timeline_articles")
    render_downloads(counts, f"articles-per-{freq}", key="timeline_articles_data")

with st.container(border=True):
    st.subheader("Entity mentions over time")
    entities = context.state.entities
    if not entities:
        entities = tuple(load_filtered_entities(context.path, context.version, context.state)["entity"].head(5))
        st.caption("No entity in the filter: the five most mentioned are drawn.")
    trend = load_entity_trend(context.path, context.version, context.state, entities, freq)
    render_time_chart(build_trend_figure(trend, metric), key="timeline_trend")
    render_downloads(trend, f"entity-{metric}-per-{freq}", key="timeline_trend_data")

with st.container(border=True):
    st.subheader("What the articles say happened when")
    st.caption("Each point is a dated expression in an article, placed on the day it refers to; hover for the "
               "sentence and its outlet. Drag to zoom in; double-click to see every date again.")
    include_reported = st.toggle("Include dates of reporting (“said on Thursday”)", key="reported",
                                 bind="query-params")
    render_event_timeline(context, include_reported)
