"""The dashboard's data work timed outside Streamlit: the loaders every page calls and the queries each page makes.

Each query is the analysis call a page makes, run on the story as the page gets it (after the filter). A view is a
filter an analyst would set; a view change costs the filter (the cached loader misses) plus the page's queries.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

import numpy as np
import pandas as pd

from benchmarks.timing import Timing, measure
from storyline import schema
from storyline.analysis.articles import compute_article_list
from storyline.analysis.codes import rows_of_articles
from storyline.analysis.cooccurrence import compute_cooccurrence, compute_network_layout, count_entities, find_shared_units
from storyline.analysis.filters import OFF_STORY, FilterState, Story
from storyline.analysis.outlets import compute_outlet_emphasis, compute_wire_share, count_speakers_by_outlet
from storyline.analysis.overview import count_headline, latest_articles
from storyline.analysis.queries import (SentenceTexts, find_sentence_texts, read_sentence_texts, read_story,
                                        search_article_ids)
from storyline.analysis.quotes import compute_quote_table, count_quotes_by_speaker, speaker_rows
from storyline.analysis.search import match_rows
from storyline.analysis.timelines import (compute_event_table, count_articles_per_period, count_entity_trend,
                                          top_outlets)
from storyline.memory import keep_freed_arrays
from storyline.store import Store
from storyline.story.review import list_rejected
from storyline.story.changes import ChangeDigest, compute_changes, last_ingest_start
from storyline.story.lineage import QuoteLineage, compute_quote_lineage
from storyline.story.prepared import prepare_digest

QUOTE_SEARCH = "sovereignty"
TEXT_SEARCH = "treaty"
QUOTE_SEARCH_COLUMNS = ["text", "speaker", "outlet", "title"]
MAX_EVENTS = 1500      # the Timeline draws the dated statements of the newest articles, at most this many
MAX_PAIR_SENTENCES = 300
TOP_COOCCURRENCE = 50  # the brief's figure; the Entities page lets the analyst chart 5–40


@dataclass(frozen=True)
class ViewData:
    """What a page works on: the store, the whole story, the filter and the filtered story, and what the loaders
    build once per store version (asked for only by the queries that need it, as a page does)."""

    store: Store
    full: Story
    state: FilterState
    story: Story
    all_quotes: Callable[[], pd.DataFrame]        # the store's quote table (load_all_quotes)
    sentence_index: Callable[[], SentenceTexts]   # the texts behind sentence look-ups (load_sentence_index)
    lineage: Callable[[], QuoteLineage]           # every quote grouped across outlets (load_quote_lineage)
    changes: Callable[[], ChangeDigest]           # the Overview's digest since the last ingest (load_changes)
    search_ids: list[str] | None = None  # the articles matching the filter's text search (cached by the page)
    top_pair: tuple[str, str] | None = None  # the pair the analyst picks in the ranked table (cached by the page)

    def quote_table(self) -> pd.DataFrame:
        """The view's quotes with their articles' details, as load_quote_table narrows the store's table."""
        return rows_of_articles(self.all_quotes(), self.story.articles).reset_index(drop=True)


@dataclass(frozen=True)
class Query:
    """One piece of data work a page does: on every run, or (first_load False) once the analyst picks something."""

    page: str
    name: str
    run: Callable[[ViewData], object]
    first_load: bool = True
    drawn_last: bool = False  # the page fills its block after the others (they show while it is computed)


def trend_entities(view: ViewData) -> list[str]:
    """The entities the trend draws: the filter's, else the five most mentioned."""
    return list(view.state.entities) or count_entities(view.story.mentions)["entity"].head(5).tolist()


def event_sentences(view: ViewData) -> pd.DataFrame:
    """Dated statements of the newest articles with the sentence behind each (as the Timeline draws them)."""
    events = compute_event_table(view.story.dates, view.story.articles)
    recent = events.sort_values(["published", "date"], ascending=[False, True], kind="stable").head(MAX_EVENTS)
    return find_sentence_texts(view.sentence_index(), tuple(recent[schema.ARTICLE_ID]),
                               tuple(int(s) for s in recent["sentence"]))


def pair_sentences(view: ViewData) -> pd.DataFrame | None:
    """The sentences behind the most frequent pair of the co-occurrence table (the pair the analyst picked)."""
    if view.top_pair is None:
        return None
    units = find_shared_units(view.story.mentions, *view.top_pair).head(MAX_PAIR_SENTENCES)
    return find_sentence_texts(view.sentence_index(), tuple(units[schema.ARTICLE_ID]),
                               tuple(int(s) for s in units["sentence"]))


def network(mentions: pd.DataFrame) -> np.ndarray:
    """The Entities page's default network: the top 20 by sentence, laid out with nodes sized by mentions."""
    cooccurrence = compute_cooccurrence(mentions, "sentence", 20)
    return compute_network_layout(cooccurrence.matrix, cooccurrence.mentions)


def top_pair(story: Story) -> tuple[str, str] | None:
    """The most frequent pair among the top 20 entities."""
    pairs = compute_cooccurrence(story.mentions, "sentence", 20).pairs
    return None if pairs.empty else (pairs["a"].iloc[0], pairs["b"].iloc[0])


def repeated_quotes(view: ViewData) -> pd.DataFrame:
    """The view's quotes grouped as the same words across outlets (the lineage is built once per version)."""
    return lineage_components().groups_in_view(view.lineage(), view.quote_table())


def quote_search(view: ViewData) -> pd.DataFrame:
    """Quotes holding a word (the Quotes page's search box)."""
    table = view.quote_table()
    return table[match_rows(table, QUOTE_SEARCH_COLUMNS, QUOTE_SEARCH)]


def outlet_coverage(view: ViewData) -> pd.DataFrame:
    """Articles per week for the 20 biggest outlets."""
    articles = view.story.articles[view.story.articles["outlet"].isin(top_outlets(view.story.articles, 20))]
    return count_articles_per_period(articles, "week", limit=20)


def wire_share(view: ViewData) -> pd.DataFrame:
    """Wire-copy share per outlet, every copy counted (the Outlets page refilters without counting copies once)."""
    every_copy = replace(view.state, wire_once=False).select_articles(view.full.articles, view.full.mentions,
                                                                      view.search_ids)
    return compute_wire_share(every_copy)


def kept_out(view: ViewData) -> pd.DataFrame:
    """The Overview's kept-out card: the view's articles on the other side of the story line, closest calls first."""
    other = view.state.with_story(OFF_STORY).apply(view.full, view.search_ids)
    return list_rejected(other.articles)


def open_article(view: ViewData) -> dict | None:
    """One article with its text, read from the store (the reader)."""
    return view.store.read_article(view.story.articles[schema.ARTICLE_ID].iloc[0]) if len(view.story.articles) else None


PAGE_QUERIES: tuple[Query, ...] = (
    Query("Overview", "headline counts", lambda v: count_headline(v.story)),
    # The digest covers the whole story whatever the filter: a view change reuses it (a cache hit); its cost is
    # the first load's, and the loaders table times it cold.
    Query("Overview", "what changed since the last ingest (digest, once per version)", lambda v: v.changes(),
          drawn_last=True),
    Query("Overview", "latest articles", lambda v: latest_articles(v.story.articles)),
    Query("Overview", "most quoted speakers",
          lambda v: count_quotes_by_speaker(speaker_rows(v.story.quotes, v.story.articles))),
    Query("Overview", "kept out of the story (closest calls)", kept_out),
    Query("Overview", "most mentioned entities", lambda v: count_entities(v.story.mentions)),
    Query("Timeline", "articles per day by outlet", lambda v: count_articles_per_period(v.story.articles, "day")),
    Query("Timeline", "entity trend (5 entities, per day)",
          lambda v: count_entity_trend(v.story.mentions, v.story.articles, trend_entities(v), "day")),
    Query("Timeline", "dated statements with sentences", event_sentences),
    Query("Quotes", "quote table", lambda v: v.quote_table()),
    Query("Quotes", f"quote search “{QUOTE_SEARCH}”", quote_search, first_load=False),
    Query("Quotes", "same quote across outlets (lineage groups in view)", repeated_quotes, first_load=False),
    Query("Entities", f"co-occurrence top {TOP_COOCCURRENCE}, sentence",
          lambda v: compute_cooccurrence(v.story.mentions, "sentence", TOP_COOCCURRENCE), first_load=False),
    Query("Entities", f"co-occurrence top {TOP_COOCCURRENCE}, article",
          lambda v: compute_cooccurrence(v.story.mentions, "article", TOP_COOCCURRENCE), first_load=False),
    Query("Entities", "co-occurrence top 20 + network layout (the page's default)",
          lambda v: network(v.story.mentions)),
    Query("Entities", "sentences behind the top pair", pair_sentences, first_load=False),
    Query("Outlets", "coverage per week (20 outlets)", outlet_coverage),
    Query("Outlets", "whom each outlet quotes", lambda v: count_speakers_by_outlet(v.quote_table())),
    Query("Outlets", "entity emphasis by outlet", lambda v: compute_outlet_emphasis(v.story.mentions, v.story.articles)),
    Query("Outlets", "wire share by outlet", wire_share),
    Query("Articles", "article list", lambda v: compute_article_list(v.story.articles, v.story.quotes, v.story.mentions)),
    Query("Articles", "open one article", open_article, first_load=False),
)
PAGES = tuple(dict.fromkeys(q.page for q in PAGE_QUERIES))


def pick_views(full: Story) -> dict[str, FilterState]:
    """Filters an analyst would set on this store: the default, an entity, an outlet, a month, a combination, a
    text search. The entity is the most mentioned person and the outlet the biggest (the largest such views)."""
    entities = count_entities(full.mentions)
    person = entities.loc[entities["type"] == "PERSON", "entity"].iloc[0]
    outlet = full.articles["outlet"].value_counts().index[0]
    middle = full.articles["published"].dropna().sort_values().iloc[len(full.articles) // 2].date()
    month = (middle, middle + timedelta(days=30))
    return {"all articles": FilterState(), f"entity: {person}": FilterState(entities=(person,)),
            f"outlet: {outlet}": FilterState(outlets=(outlet,)),
            f"month: {month[0]:%d %b %Y} + 30 days": FilterState(start=month[0], end=month[1]),
            "entity + outlet + month": FilterState(entities=(person,), outlets=(outlet,), start=month[0], end=month[1]),
            f"text search “{TEXT_SEARCH}”": FilterState(search=TEXT_SEARCH)}


@dataclass
class QueryFigures:
    """Timings of one store size."""

    articles: int
    mentions: int
    quotes: int
    read_story: Timing
    text_search: Timing
    view_sizes: dict[str, int]
    apply: dict[str, Timing]
    queries: dict[tuple[str, str, str], Timing]   # (page, query, view) -> timing
    loaders: dict[str, Timing]
    first_load: dict[str, Timing]


def time_queries(store: Store, *, budget: float = 3.0, repeats: int = 15) -> QueryFigures:
    """Time every page query under every view, the filter itself, and reading the store."""
    keep_freed_arrays()  # as the dashboard's process does (components.data)
    read = measure(lambda: read_story(store), repeats=5, budget=budget)
    full = read_story(store)
    all_quotes, sentence_index = compute_quote_table(full.quotes, full.articles), read_sentence_texts(store)
    every_copy = FilterState(wire_once=False).apply(full)
    lineage = compute_quote_lineage(every_copy.quotes, every_copy.articles)  # on the story: the digest's too
    since = last_ingest_start(full.articles["ingested_at"])
    digest = compute_changes(full.articles, full.mentions, full.quotes, full.dates, since, lineage)
    states = pick_views(full)
    text_search = measure(lambda: search_article_ids(store, TEXT_SEARCH), repeats=5, budget=budget)
    apply, queries, sizes = {}, {}, {}
    for name, state in states.items():
        ids = search_article_ids(store, state.search) if state.search else None
        apply[name] = measure(lambda: state.apply(full, ids), repeats=repeats, budget=budget)
        story = state.apply(full, ids)
        view = ViewData(store, full, state, story, lambda: all_quotes, lambda: sentence_index, lambda: lineage,
                        lambda: digest, ids, top_pair(story))
        sizes[name] = len(view.story.articles)
        for query in PAGE_QUERIES:
            queries[(query.page, query.name, name)] = measure(lambda: query.run(view), repeats=repeats, budget=budget)
    loaders = time_loaders(store, budget=budget)
    first = time_first_loads(store, full)
    return QueryFigures(len(full.articles), len(full.mentions), len(full.quotes), read, text_search, sizes, apply,
                        queries, loaders, first)


def streamlit_loaders():
    """The dashboard's cached loaders (imported late: they bring in Streamlit, in bare mode here)."""
    import logging
    from components import data
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):  # "no runtime" warnings: bare mode is intended here
            logging.getLogger(name).setLevel(logging.ERROR)
    return data


def lineage_components():
    """The Quotes page's lineage helpers (imported late, as the loaders are)."""
    streamlit_loaders()
    from components import lineage
    return lineage


def changes_components():
    """The Overview's change digest loader (imported late, as the loaders are)."""
    streamlit_loaders()
    from components import changes
    return changes


def digest_moment(whole: Story):
    """The moment the Overview's digest starts from on a first visit: the start of the last ingest."""
    return last_ingest_start(whole.articles["ingested_at"])


def clear_caches() -> None:
    """Empty Streamlit's data and resource caches (what a freshly started server has)."""
    import streamlit as st
    st.cache_data.clear()
    st.cache_resource.clear()


def time_loaders(store: Store, *, budget: float) -> dict[str, Timing]:
    """What the loaders every page calls cost: on a cold cache (a new store version), and on a hit (every rerun)."""
    data, sidebar = streamlit_loaders(), sidebar_loaders()
    path, version = str(store.root), store.version()
    default = FilterState()
    figures = {
        "load_story, cold (cache empty)": measure(lambda: data.load_story(path, version), repeats=3, budget=budget,
                                                  before=clear_caches)}
    data.load_story(path, version)
    figures["load_filter_options (the sidebar's), cold story cached"] = measure(
        lambda: sidebar.load_filter_options(path, version), repeats=3, budget=budget,
        before=lambda: (data.load_entity_counts.clear(), sidebar.load_filter_options.clear()))
    figures["load_filtered_story, default filter, cold story cached"] = measure(
        lambda: data.load_filtered_story(path, version, default), repeats=3, budget=budget,
        before=data.load_filtered_story.clear)
    figures["load_all_quotes (the store's quote table), cold story cached"] = measure(
        lambda: data.load_all_quotes(path, version), repeats=3, budget=budget, before=data.load_all_quotes.clear)
    lineage = lineage_components()
    figures["load_quote_lineage (same quote across outlets), cold story cached"] = measure(
        lambda: lineage.load_quote_lineage(path, version, default.story), repeats=3, budget=budget,
        before=lineage.load_quote_lineage.clear)
    changes, since = changes_components(), digest_moment(data.load_story(path, version))
    figures["prepare_digest, an ingest's last step (story, lineage, digest, written to the store)"] = measure(
        lambda: prepare_digest(store), repeats=3, budget=budget)
    figures["load_changes since the last ingest, cold: the digest the ingest kept, read back"] = measure(
        lambda: changes.load_changes(path, version, since), repeats=3, budget=budget,
        before=changes.load_changes.clear)
    visit = since - timedelta(days=1)  # a moment no ingest kept a digest for: the analyst's last visit
    lineage.load_quote_lineage(path, version, default.story)
    figures["load_changes since another moment, cold, lineage cached (computed)"] = measure(
        lambda: changes.load_changes(path, version, visit), repeats=3, budget=budget,
        before=changes.load_changes.clear)
    figures["load_changes since another moment, cold, lineage too (computed)"] = measure(
        lambda: changes.load_changes(path, version, visit), repeats=3, budget=budget,
        before=lambda: (changes.load_changes.clear(), lineage.load_quote_lineage.clear()))
    figures["load_sentence_index (texts for sentence look-ups), cold"] = measure(
        lambda: data.load_sentence_index(path, version), repeats=3, budget=budget,
        before=data.load_sentence_index.clear)
    load_every_page_needs(data, sidebar, path, version)
    figures["every loader of start_page, cache hits (every rerun)"] = measure(
        lambda: load_every_page_needs(data, sidebar, path, version), budget=budget)
    return figures


def sidebar_loaders():
    """The sidebar's cached loaders."""
    from components import sidebar
    return sidebar


def load_every_page_needs(data, sidebar, path: str, version: int) -> Story:
    """What start_page loads before a page draws anything: the story, the filter's options, the default view."""
    whole = data.load_story(path, version)
    sidebar.load_filter_options(path, version)
    data.load_outlet_colours(path, version)
    data.load_filtered_story(path, version, FilterState())
    return whole


def time_first_loads(store: Store, full: Story, runs: int = 3) -> dict[str, Timing]:
    """Each page's first load on a cold cache: the loaders every page calls, then the queries the page makes
    before the analyst picks anything; for a page with a block drawn last, also the wait until its other blocks
    show."""
    data, sidebar = streamlit_loaders(), sidebar_loaders()
    path, version = str(store.root), store.version()
    default = FilterState()

    def load_page(page: str, main_only: bool = False) -> None:
        """start_page's loaders, then the page's queries (`main_only`: those of the blocks not drawn last)."""
        whole = load_every_page_needs(data, sidebar, path, version)
        story, _ = data.load_filtered_story(path, version, default)
        view = ViewData(store, whole, default, story, lambda: data.load_all_quotes(path, version),
                        lambda: data.load_sentence_index(path, version),
                        lambda: lineage_components().load_quote_lineage(path, version, default.story),
                        lambda: changes_components().load_changes(path, version, digest_moment(whole)))
        for query in PAGE_QUERIES:
            if query.page == page and query.first_load and not (main_only and query.drawn_last):
                query.run(view)

    figures = {page: measure(lambda: load_page(page), repeats=runs, min_runs=runs, before=clear_caches)
               for page in PAGES}
    for page in dict.fromkeys(q.page for q in PAGE_QUERIES if q.drawn_last and q.first_load):
        figures[f"{page}, until its main blocks show (the rest is drawn last)"] = measure(
            lambda: load_page(page, main_only=True), repeats=runs, min_runs=runs, before=clear_caches)
    return figures

