"""Storyline dashboard: entrypoint and Overview page (KPIs and the story at a glance)."""
import streamlit as st

from components.data import load_filtered_entities, load_quote_table
from components.overview import render_kpis, render_latest_card, render_new_card, render_ranked_card
from components.page import start_page
from components.visits import previous_visit
from storyline.analysis.overview import count_headline
from storyline.analysis.quotes import count_quotes_by_speaker

context = start_page("Overview", "🗞️")
story = context.story
render_kpis(count_headline(story), context.store.manifest().committed_at)

left, right = st.columns(2)
with left:
    render_latest_card(context)
with right:
    render_new_card(context, previous_visit(context.store))

left, right = st.columns(2)
with left:
    speakers = count_quotes_by_speaker(load_quote_table(context.path, context.version, context.state))
    render_ranked_card(context, "Most quoted speakers", speakers[["speaker", "quotes", "outlets", "articles"]],
                       key="overview_speakers", name_column="speaker",
                       help_text="Quotes attributed to each speaker, and how many outlets carried them.")
with right:
    entities = load_filtered_entities(context.path, context.version, context.state)
    render_ranked_card(context, "Most mentioned entities", entities, key="overview_entities", name_column="entity",
                       help_text="Mentions under each canonical name, and in how many articles.")
