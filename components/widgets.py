"""Small widgets shared by pages: filter shortcuts, links to the reader, page options kept in the URL."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from components.page import PageContext, escape_markdown
from components.state import keep_in_url, set_filter, url_choice
from storyline.analysis.filters import FilterState

READER_PAGE = "pages/5_Articles.py"


def add_entities(state: FilterState, names: Sequence[str]) -> None:
    """Callback: the filter with more entities."""
    for name in names:
        state = state.with_entity(name)
    set_filter(state)


def render_filter_button(state: FilterState, names: Sequence[str], *, key: str) -> None:
    """A button adding entities to the global filter (hidden when they are all in it already)."""
    missing = [n for n in names if n not in state.entities]
    if missing:
        label = "Filter by " + " and ".join(escape_markdown(name) for name in missing)
        st.button(label, key=key, on_click=add_entities, args=(state, missing), icon="➕")


def render_reader_link(context: PageContext, article_id: str, label: str) -> None:
    """A link opening one article in the reader, keeping the filter."""
    params = {**context.state.to_query_params(), "article": article_id}
    st.page_link(READER_PAGE, label=escape_markdown(label), query_params=params, icon="📄")


def render_article_links(context: PageContext, articles: pd.DataFrame) -> None:
    """One reader link per article: day, outlet, title."""
    for row in articles.itertuples(index=False):
        day = row.published.strftime("%d %b %Y") if pd.notna(row.published) else "no date"
        outlet = row.outlet if pd.notna(row.outlet) else "unknown outlet"
        render_reader_link(context, row.article_id, f"{day} · {outlet} — {row.title}")


def render_choice(label: str, options: Sequence[str], *, key: str, param: str, default: str) -> str:
    """A horizontal choice kept in the URL under `param` (so the view can be shared)."""
    url_choice(key, param, options, default)
    value = st.segmented_control(label, list(options), key=key, selection_mode="single", required=True) or default
    keep_in_url(param, value, default)
    return value
