"""The sidebar of every page: navigation that carries the filter, the filter widgets, and the store's status."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import streamlit as st

from components.data import get_store, load_entity_counts, load_story
from components.state import set_filter
from storyline.analysis.filters import ALL_ARTICLES, OFF_STORY, ON_STORY, STORY_SCOPES, TYPE_WORDS, FilterState, \
    on_story_mask

PAGES = (("dashboard.py", "Overview", "🗞️"), ("pages/1_Timeline.py", "Timeline", "📈"),
         ("pages/2_Quotes.py", "Quotes", "💬"), ("pages/3_Entities.py", "Entities", "🕸️"),
         ("pages/4_Outlets.py", "Outlets", "📰"), ("pages/5_Articles.py", "Articles", "📄"),
         ("pages/7_Story_review.py", "Story review", "🧭"), ("pages/6_Add_articles.py", "Add articles", "➕"))
ENTITY_OPTIONS = 1500  # the sidebar lists the most mentioned entities; a selected one is always listed
REFRESH_SECONDS = 5

K_ENTITIES, K_ALL, K_OUTLETS, K_DATES, K_TYPES, K_SEARCH, K_WIRE, K_STORY = (
    "sb_entities", "sb_match_all", "sb_outlets", "sb_dates", "sb_types", "sb_search", "sb_wire", "sb_story")
STORY_WORDS = {ON_STORY: "On the story", ALL_ARTICLES: "All, on the story or not", OFF_STORY: "Kept out of the story"}


@dataclass(frozen=True)
class FilterOptions:
    """What the filter widgets offer: entities and outlets with counts, entity types, the publication span, and
    how many articles are on either side of the story line."""

    entity_counts: dict[str, int]
    outlet_counts: dict[str, int]
    labels: tuple[str, ...]
    span: tuple[date, date] | None
    story_counts: dict[str, int]


@st.cache_data(max_entries=2, show_spinner=False)
def load_filter_options(path: str, version: int) -> FilterOptions:
    """The filter's options at a store version (the most mentioned entities only)."""
    story = load_story(path, version)
    entities = load_entity_counts(path, version)
    published = story.articles["published"].dropna()
    span = (published.min().date(), published.max().date()) if len(published) else None
    on_story = int(on_story_mask(story.articles).sum())
    story_counts = {ON_STORY: on_story, ALL_ARTICLES: len(story.articles), OFF_STORY: len(story.articles) - on_story}
    return FilterOptions(dict(zip(entities["entity"].head(ENTITY_OPTIONS), entities["mentions"])),
                         story.articles["outlet"].value_counts().to_dict(),
                         tuple(sorted(story.mentions["label"].dropna().unique())), span, story_counts)


def render_navigation(state: FilterState) -> None:
    """Links to every page; each carries the filter in its URL so a page change keeps the view."""
    params = state.to_query_params()
    for path, label, icon in PAGES:
        st.page_link(path, label=label, icon=icon, query_params=params)


def seed_widgets(state: FilterState, bounds: tuple[date, date] | None) -> None:
    """Set the filter widgets to the state (before they render), so every page shows the same filter."""
    st.session_state[K_ENTITIES] = list(state.entities)
    st.session_state[K_ALL] = state.all_entities
    st.session_state[K_OUTLETS] = list(state.outlets)
    st.session_state[K_TYPES] = list(state.types)
    st.session_state[K_SEARCH] = state.search
    st.session_state[K_WIRE] = state.wire_once
    st.session_state[K_STORY] = state.story
    if bounds:
        st.session_state[K_DATES] = (state.start or bounds[0], state.end or bounds[1])


def read_widgets(state: FilterState, bounds: tuple[date, date] | None, span: tuple[date, date] | None
                 ) -> FilterState:
    """The state the widgets now show (a widget that is not on screen keeps the state's value). A date range
    reaching past the store's first or last publication day leaves that end open."""
    get = st.session_state.get
    updated = replace(state, entities=tuple(get(K_ENTITIES, state.entities)),
                      outlets=tuple(get(K_OUTLETS, state.outlets)), types=tuple(get(K_TYPES, state.types)),
                      search=" ".join(str(get(K_SEARCH, state.search)).split()),
                      wire_once=bool(get(K_WIRE, state.wire_once)), all_entities=bool(get(K_ALL, state.all_entities)),
                      story=get(K_STORY) or state.story)
    picked = tuple(get(K_DATES) or ()) if bounds and span else ()
    if not picked or picked == (state.start or bounds[0], state.end or bounds[1]):
        return updated  # the dates were not touched
    start, end = picked[0], picked[-1]  # one day picked so far: that day alone
    return updated.with_dates(None if start <= span[0] else start, None if end >= span[1] else end)


def date_bounds(span: tuple[date, date] | None, state: FilterState) -> tuple[date, date] | None:
    """First and last publication day in the store, widened to the filter's range."""
    if span is None:
        return None
    days = [*span, *(d for d in (state.start, state.end) if d)]
    return min(days), max(days)


def render_filter(state: FilterState, options: FilterOptions, *, story_fixed: bool = False) -> None:
    """The filter widgets; any change replaces the global filter through a callback. With `story_fixed` the page
    shows both sides of the story line whatever the filter says, and the story choice is shown disabled."""
    bounds = date_bounds(options.span, state)
    seed_widgets(state, bounds)
    on_change = lambda: set_filter(read_widgets(state, bounds, options.span))  # noqa: E731 - this run's state
    story_counts = options.story_counts
    st.selectbox("Articles", STORY_SCOPES, key=K_STORY, on_change=on_change, disabled=story_fixed,
                 format_func=lambda side: f"{STORY_WORDS[side]} · {story_counts.get(side, 0):,}",
                 help="This page lists both sides of the story line." if story_fixed else
                 "On the story: the articles the tracker judged relevant, or that you accepted. Kept out: the "
                 "others. Review them, with the reasons, on the Story review page.")
    counts = options.entity_counts
    st.multiselect("Entities", list(dict.fromkeys([*counts, *state.entities])), key=K_ENTITIES,
                   on_change=on_change, placeholder="Any entity",
                   format_func=lambda name: f"{name} · {counts.get(name, 0):,}",
                   help="Articles mentioning these entities (canonical names; mention counts in the whole store).")
    if len(state.entities) > 1:
        st.checkbox("Articles must mention all of them", key=K_ALL, on_change=on_change)
    outlet_counts = options.outlet_counts
    st.multiselect("Outlets", list(dict.fromkeys([*outlet_counts, *state.outlets])), key=K_OUTLETS,
                   on_change=on_change, placeholder="Any outlet",
                   format_func=lambda name: f"{name} · {outlet_counts.get(name, 0):,}")
    if bounds:
        st.date_input("Published between", key=K_DATES, min_value=bounds[0], max_value=bounds[1],
                      on_change=on_change, format="YYYY-MM-DD")
    st.multiselect("Entity types", sorted({*options.labels, *state.types}), key=K_TYPES, on_change=on_change,
                   placeholder="All types", help="Which kinds of entity the entity views count.",
                   format_func=lambda label: f"{label} ({TYPE_WORDS.get(label, label.lower())})")
    st.text_input("Search article text", key=K_SEARCH, on_change=on_change,
                  placeholder='e.g. treaty "Kursk region"', help='Every word must occur; "quotes" keep a phrase.')
    st.toggle("Count wire copies once", key=K_WIRE, on_change=on_change,
              help="Copies of one wire story in several outlets count as one article (its earliest copy).")
    st.button("Reset filter", on_click=set_filter, args=(FilterState(),), disabled=state.is_default(),
              width="stretch")


@st.fragment(run_every=REFRESH_SECONDS)
def render_store_status(path: str, shown_version: int) -> None:
    """The store's version and last ingest; reruns the page as soon as another process commits."""
    manifest = get_store(path).manifest()
    if manifest.version != shown_version:
        st.rerun(scope="app")
    when = (manifest.committed_at or "never").replace("T", " ").replace("+00:00", " UTC")
    st.caption(f"Store version {manifest.version} · last ingest {when}")
