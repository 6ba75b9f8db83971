"""Where the global filter lives between reruns and pages: session state under permanent keys, mirrored to the URL.

Widget keys are page-scoped and Streamlit clears query parameters on a page change, so the FilterState is kept
under FILTER_KEY (never a widget key) and written back to the URL on every run. A URL wins over the session
only when it names a different view than the one last mirrored: a shared link opened in this tab.
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from storyline.analysis.filters import FILTER_PARAMS, FilterState, parse_query_params

FILTER_KEY = "storyline_filter"
MIRRORED_KEY = "storyline_filter_mirrored"
PROBLEMS_KEY = "storyline_filter_problems"


def filter_params_in_url() -> dict[str, list[str]]:
    """The filter's parameters as the URL has them (each as a list of values)."""
    return {name: st.query_params.get_all(name) for name in FILTER_PARAMS if name in st.query_params}


def as_lists(params: dict[str, str | list[str]]) -> dict[str, list[str]]:
    """Query parameters with every value as a list, for comparison with the URL."""
    return {name: [value] if isinstance(value, str) else list(value) for name, value in params.items()}


def current_filter() -> FilterState:
    """The filter of this run: a newly opened URL's, else the one kept in the session, else the default."""
    in_url = filter_params_in_url()
    if FILTER_KEY not in st.session_state or (in_url and in_url != st.session_state.get(MIRRORED_KEY)):
        state, problems = parse_query_params(in_url)
        st.session_state[FILTER_KEY] = state
        st.session_state[PROBLEMS_KEY] = problems
    return st.session_state[FILTER_KEY]


def set_filter(state: FilterState) -> None:
    """Replace the global filter (call from widget callbacks so the run that follows sees it)."""
    st.session_state[FILTER_KEY] = state


def mirror_filter_to_url(state: FilterState) -> None:
    """Write the filter into the URL, leaving page parameters alone."""
    params = state.to_query_params()
    for name in FILTER_PARAMS:
        if name in params:
            if st.query_params.get_all(name) != as_lists({name: params[name]})[name]:
                st.query_params[name] = params[name]
        elif name in st.query_params:
            del st.query_params[name]
    st.session_state[MIRRORED_KEY] = as_lists(params)


def url_problems() -> list[str]:
    """What could not be read from the URL this session (shown once as a warning)."""
    return st.session_state.pop(PROBLEMS_KEY, [])


def url_choice(key: str, name: str, options: Sequence[str], default: str) -> None:
    """Seed a page widget's value from the URL parameter `name` the first time the page renders it."""
    if key not in st.session_state:
        value = st.query_params.get(name, default)
        st.session_state[key] = value if value in options else default


def keep_in_url(name: str, value: str | None, default: str | None = None) -> None:
    """Mirror a page option to the URL (left out when it has its default value)."""
    if value is None or value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def url_number(key: str, name: str, default: int, low: int, high: int) -> None:
    """Seed a page widget's whole-number value from the URL parameter `name` (clamped to low..high)."""
    if key not in st.session_state:
        raw = str(st.query_params.get(name, ""))
        st.session_state[key] = min(max(int(raw), low), high) if raw.isdigit() else default
