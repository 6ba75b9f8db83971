"""What every page does first: configure, read the store, restore the filter, draw the sidebar, say what is shown."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from components.data import current_store, load_filtered_story, load_outlet_colours, load_story
from components.sidebar import load_filter_options, render_filter, render_navigation, render_store_status
from components.state import current_filter, mirror_filter_to_url, set_filter, url_problems
from storyline.analysis.filters import FilterState, Story
from storyline.store import Store

STYLE = Path(__file__).with_name("style.css")
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]$<>~:|])")  # what makes inline Markdown format, link or run maths


@dataclass(frozen=True)
class PageContext:
    """What a page works with: the store at one version, the filter, the whole and the filtered story. `scope` is
    the filter the page shows: the global filter, or a page's variant of it (see start_page's story_scope)."""

    store: Store
    version: int
    state: FilterState
    full: Story
    story: Story
    hidden_copies: int
    colours: dict[str, str]
    scope: FilterState

    @property
    def path(self) -> str:
        """The store folder as a cache key."""
        return str(self.store.root)


def counted(number: int, word: str) -> str:
    """'1 quote', '16 quotes', '1,200 outlets' (regular plurals only)."""
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def escape_markdown(text: str) -> str:
    """Text shown literally by st.markdown / st.caption (no formatting, links, maths or HTML)."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", text)


def start_page(title: str, icon: str, *, note: str = "", needs_articles: bool = True,
               story_scope: str | None = None) -> PageContext:
    """Set up a page: config, sidebar, filter and the caption saying what is shown (with `note` after it);
    stops with a clear message when there is nothing to show. A page that always shows one side of the story
    line (or both) names it in `story_scope`; the global filter keeps its own for the other pages."""
    st.set_page_config(page_title=f"{title} · Storyline", page_icon=icon, layout="wide")
    st.html(STYLE)
    store = current_store()
    version = store.version()
    path = str(store.root)
    full = load_story(path, version)
    state = current_filter()
    with st.sidebar:
        render_navigation(state)
        st.divider()
        render_filter(state, load_filter_options(path, version), story_fixed=story_scope is not None)
        render_store_status(path, version)
    mirror_filter_to_url(state)
    scope = state if story_scope is None else state.with_story(story_scope)
    story, hidden = load_filtered_story(path, version, scope)
    context = PageContext(store, version, state, full, story, hidden, load_outlet_colours(path, version), scope)
    st.title(f"{icon} {title}")
    for problem in url_problems():
        st.warning(f"From the link: {escape_markdown(problem)}")
    render_caption(context, note)
    if needs_articles:
        render_empty_states(context)
    return context


def render_caption(context: PageContext, extra: str = "") -> None:
    """One sentence saying what the page shows."""
    sentence = context.scope.describe(len(context.story.articles), context.hidden_copies)
    tail = f". {extra.rstrip('.')}." if extra else "."
    st.caption("Showing " + escape_markdown(sentence + tail))


def render_empty_states(context: PageContext) -> None:
    """Stop the page with a clear message when the store is empty or the filter matches nothing."""
    if context.full.articles.empty:
        st.info("The store holds no articles yet. Add some on the Add articles page, or run "
                "`python -m storyline seed` to load the founding article.")
        st.page_link("pages/6_Add_articles.py", label="Add articles", icon="➕")
        st.stop()
    if context.story.articles.empty:
        st.warning("No article matches this filter. Loosen it in the sidebar, or reset it.")
        st.button("Reset filter", key="empty_reset", on_click=set_filter, args=(FilterState(),))
        st.stop()
