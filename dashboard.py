"""Storyline dashboard: entrypoint and Overview page (what changed, KPIs and the story at a glance)."""
import streamlit as st

from components.changes import render_changes_card
from components.data import load_filtered_entities
from components.overview import render_kpis, render_latest_card, render_ranked_card
from components.page import start_page
from components.review import render_kept_out_card
from components.visits import previous_visit
from storyline.analysis.overview import count_headline
from storyline.analysis.quotes import count_quotes_by_speaker, speaker_rows

context = start_page("Overview", "🗞️")
last_visit = previous_visit(context.store)  # read (and this visit recorded) before anything slow runs
changes = st.container()  # filled last: the digest is the slowest block, the rest shows while it is computed
render_kpis(count_headline(context.story), context.store.manifest().committed_at)

left, right = st.columns(2)
with left:
    render_latest_card(context)
with right:
    speakers = count_quotes_by_speaker(speaker_rows(context.story.quotes, context.story.articles))
    render_ranked_card(context, "Most quoted speakers", speakers[["speaker", "quotes", "outlets", "articles"]],
                       key="overview_speakers", name_column="speaker",
                       help_text="Quotes attributed to each speaker, and how many outlets carried them.")

left, right = st.columns(2)
with left:
    entities = load_filtered_entities(context.path, context.version, context.state)
    render_ranked_card(context, "Most mentioned entities", entities, key="overview_entities", name_column="entity",
                       help_text="Mentions under each canonical name, and in how many articles.")
with right:
    render_kept_out_card(context)

with changes:
    render_changes_card(context, last_visit)
