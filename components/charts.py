"""Plotly charts on the page: box-select on a time axis sets the date filter; a node click adds an entity."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.state import current_filter, set_filter

CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "toImage"]}


def selected_days(selection: Mapping) -> tuple[date, date] | None:
    """The days a box (or, failing that, the selected points) covers on a date axis."""
    boxes = [b for b in selection.get("box", []) if b.get("x")]
    values = list(boxes[0]["x"]) if boxes else [p.get("x") for p in selection.get("points", []) if p.get("x")]
    days = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce", format="mixed").dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()


def apply_box_selection(key: str) -> None:
    """Callback: the days under the analyst's box become the global date filter."""
    picked = selected_days(st.session_state[key].selection)
    if picked:
        set_filter(current_filter().with_dates(*picked))


def render_time_chart(figure: go.Figure, *, key: str) -> None:
    """A chart over publication days whose box selection sets the date filter (a new filter resets the box)."""
    state = current_filter()
    chart_key = f"{key}_{state.start}_{state.end}"
    st.plotly_chart(figure, key=chart_key, on_select=lambda: apply_box_selection(chart_key), selection_mode="box",
                    config=CONFIG)


def picked_node(key: str) -> str | None:
    """The entity name of the clicked network node, if any."""
    points = st.session_state[key].selection.get("points", [])
    names = [p.get("customdata") for p in points if isinstance(p.get("customdata"), str)]
    return names[0] if names else None


def add_picked_node(key: str) -> None:
    """Callback: a clicked node's entity joins the global filter."""
    name = picked_node(key)
    if name:
        set_filter(current_filter().with_entity(name))


def render_network_chart(figure: go.Figure, *, key: str) -> None:
    """The entity network; clicking a node adds it to the filter."""
    chart_key = f"{key}_{len(current_filter().entities)}"
    st.plotly_chart(figure, key=chart_key, on_select=lambda: add_picked_node(chart_key),
                    selection_mode="points", config=CONFIG)


def render_chart(figure: go.Figure, *, key: str) -> None:
    """A chart without selection (hover only)."""
    st.plotly_chart(figure, key=key, config=CONFIG)
