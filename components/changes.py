"""The Overview's "What changed" card: the engine's change digest since a moment the analyst picks (their last
visit, the last ingest, or a day), with counts and expandable lists."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from components.data import get_store, load_story
from components.lineage import load_quote_lineage
from components.page import PageContext, counted
from components.state import keep_in_url
from components.tables import LINK_COLUMN, render_table
from components.widgets import render_article_links, render_filter_button
from storyline.analysis.filters import ON_STORY
from storyline.story.changes import ChangeDigest, compute_changes, last_ingest_start, resolve_since
from storyline.story.prepared import read_digest, save_digest

VISIT, INGEST, DAY = "visit", "ingest", "day"
MOMENT_WORDS = {VISIT: "Your last visit", INGEST: "The last ingest", DAY: "A day"}
K_MOMENT, K_DAY, P_SINCE = "changes_since", "changes_day", "since"
LINKED_ARTICLES = 8
DIGEST_ROWS = 200  # rows of each digest list sent to the browser, collapsed or not; the downloads hold all


@dataclass(frozen=True)
class Section:
    """One list of the digest: its title, the digest field, the columns shown and how they are labelled."""

    title: str
    field: str
    columns: tuple[str, ...]
    name_column: str | None = None  # a column of names the analyst can add to the filter


SECTIONS = (
    Section("Outlets that joined the story", "outlets", ("outlet", "articles", "first_published", "first_title")),
    Section("New speakers", "speakers", ("speaker", "quotes", "articles", "outlets", "first_outlet",
                                         "first_published"), "speaker"),
    Section("First-time entities", "entities", ("canonical", "label", "mentions", "articles", "first_outlet",
                                                "first_published"), "canonical"),
    Section("New dated events", "events", ("date", "granularity", "text", "mentions", "articles", "first_outlet")),
    Section("Quotes that appear for the first time", "quotes", ("words", "speakers", "outlets", "articles",
                                                                "first_outlet", "first_published")),
)
METRIC_LABELS = {"articles": "New articles", "outlets": "Outlets joined", "speakers": "New speakers",
                 "entities": "First-time entities", "events": "New dated events", "quotes": "First-time quotes"}
COLUMN_CONFIG = {
    "first_published": st.column_config.DateColumn("first published", width="small"),
    "published": st.column_config.DateColumn("published", width="small"),
    "date": st.column_config.DateColumn("about day", width="small"),
    "canonical": st.column_config.TextColumn("entity", width="medium"),
    "label": st.column_config.TextColumn("type", width="small"),
    "text": st.column_config.TextColumn("expression", width="medium"),
    "words": st.column_config.TextColumn("quote", width="large"),
    "speakers": st.column_config.ListColumn("speakers", width="medium"),
    "outlets": st.column_config.ListColumn("outlets", width="medium"),
    "first_title": st.column_config.TextColumn("first article", width="large"),
    "title": st.column_config.TextColumn("title", width="large"),
    "url": LINK_COLUMN,
    "relevance": st.column_config.NumberColumn("relevance", format="%.2f", width="small"),
}


def parse_since(raw: str) -> tuple[str | None, date | None]:
    """The moment a URL names: 'visit', 'ingest' or a day (YYYY-MM-DD); (None, None) when it names none."""
    if raw in (VISIT, INGEST):
        return raw, None
    try:
        return DAY, date.fromisoformat(raw)
    except ValueError:
        return None, None


def resolve_moment(choice: str, day: date | None, last_visit: datetime | None, ingested_at: pd.Series
                   ) -> datetime | None:
    """The moment in UTC the digest starts from (None when there is none: no visit, or nothing ingested yet)."""
    if choice == VISIT:
        return resolve_since(last_visit, ingested_at) if last_visit else None
    if choice == DAY and day:
        return resolve_since(day, ingested_at)
    return last_ingest_start(ingested_at)


@st.cache_resource(max_entries=4, show_spinner="Comparing the story with what it was…")
def load_changes(path: str, version: int, since: datetime) -> ChangeDigest:
    """What the whole story gained since a moment (on-story articles only, whatever the filter); shared and
    read-only: since the first ingest it holds every article. Computed once per version and moment; the quote
    groups come from the Quotes page's lineage of the on-story articles, grouped once per version for both."""
    story = load_story(path, version)
    store = get_store(path)
    prepared = read_digest(store, version, since, story)
    if prepared is not None:  # the ingest that made this version kept its digest
        return prepared
    digest = compute_changes(story.articles, story.mentions, story.quotes, story.dates, since,
                             load_quote_lineage(path, version, ON_STORY))
    if since == last_ingest_start(story.articles["ingested_at"]):  # kept for the next process on this version
        save_digest(store, version, digest)
    return digest


def default_moment(last_visit: datetime | None, ingested_at: pd.Series) -> str:
    """The last visit when something was ingested after it; otherwise the last ingest (an empty digest helps no
    one)."""
    if last_visit and (pd.to_datetime(ingested_at, utc=True) > pd.Timestamp(last_visit)).any():
        return VISIT
    return INGEST


def render_moment_picker(last_visit: datetime | None, ingested_at: pd.Series) -> tuple[str, date | None]:
    """'Since: your last visit | the last ingest | a day [date]', kept in the URL as since=visit|ingest|YYYY-MM-DD."""
    options = [VISIT, INGEST, DAY] if last_visit else [INGEST, DAY]
    default = default_moment(last_visit, ingested_at)
    last_day = ingested_at.max().date() if len(ingested_at) else date.today()
    if K_MOMENT not in st.session_state:
        choice, day = parse_since(str(st.query_params.get(P_SINCE, "")))
        st.session_state[K_MOMENT] = choice if choice in options else default
        st.session_state[K_DAY] = day or last_day - timedelta(days=7)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        choice = st.segmented_control("Since", options, key=K_MOMENT, required=True,
                                      format_func=MOMENT_WORDS.get) or default
        day = st.date_input("Day", key=K_DAY, format="YYYY-MM-DD", width=160) if choice == DAY else None
    keep_in_url(P_SINCE, day.isoformat() if choice == DAY and day else choice, default)
    return choice, day


def render_counts(digest: ChangeDigest) -> None:
    """One metric per section of the digest."""
    for column, (name, count) in zip(st.columns(len(METRIC_LABELS)), digest.counts().items()):
        column.metric(METRIC_LABELS[name], f"{count:,}", border=True)


def render_section(context: PageContext, section: Section, frame: pd.DataFrame) -> None:
    """One expandable list; picking a name offers to add it to the filter."""
    with st.expander(f"{section.title} ({len(frame):,})"):
        key = f"changes_{section.field}"
        picked = render_table(frame[list(section.columns)], f"new-{section.field}", key=key,
                              select=section.name_column is not None, height=360,
                              column_config=COLUMN_CONFIG, max_rows=DIGEST_ROWS)
        if picked is not None:
            render_filter_button(context.state, [str(frame.iloc[picked][section.name_column])], key=f"{key}_add")


def render_new_articles(context: PageContext, articles: pd.DataFrame) -> None:
    """The new on-story articles: the latest as reader links, all of them in a table."""
    with st.expander(f"New articles on the story ({len(articles):,})"):
        latest = articles.sort_values(["published", "ingested_at"], ascending=False, na_position="last")
        render_article_links(context, latest.head(LINKED_ARTICLES))
        render_table(latest[["published", "outlet", "title", "relevance", "url"]], "new-articles",
                     key="changes_articles", height=360, column_config=COLUMN_CONFIG, max_rows=DIGEST_ROWS)


def describe_moment(since: datetime, choice: str) -> str:
    """'Since your last visit (28 Nov 2026 15:36 UTC)'."""
    return f"Since {MOMENT_WORDS[choice].lower()} ({since:%d %b %Y %H:%M} UTC)"


def render_changes_card(context: PageContext, last_visit: datetime | None) -> None:
    """The digest of what the story gained since the moment the analyst picks."""
    articles = context.full.articles
    with st.container(border=True):
        st.subheader("What changed")
        choice, day = render_moment_picker(last_visit, articles["ingested_at"])
        since = resolve_moment(choice, day, last_visit, articles["ingested_at"])
        if since is None:
            st.caption("Nothing has been ingested yet.")
            return
        digest = load_changes(context.path, context.version, since)
        new = digest.articles
        st.caption(f"{describe_moment(since, choice)}: {counted(len(new), 'new article')} on the story from "
                   f"{counted(new['outlet'].nunique(), 'outlet')}. The whole story is compared, whatever the "
                   "filter: an item is new when no article on the story had it before.")
        if choice == INGEST and last_visit and default_moment(last_visit, articles["ingested_at"]) == INGEST:
            st.caption(f"Nothing was added since your last visit ({last_visit:%d %b %Y %H:%M} UTC).")
        render_counts(digest)
        if new.empty:
            return
        render_new_articles(context, new)
        for section in SECTIONS:
            frame = getattr(digest, section.field)
            if len(frame):
                render_section(context, section, frame)
        empty = [section.title.lower() for section in SECTIONS if getattr(digest, section.field).empty]
        if empty:
            st.caption("Nothing in: " + ", ".join(empty) + ".")
