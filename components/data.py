"""Cached loaders: read the store once per committed version (another process's ingest shows up on rerun)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from storyline.store import Store, store_path


@st.cache_resource
def get_store(path: str) -> Store:
    """One Store object per store path."""
    return Store(path)


def current_store() -> Store:
    """The store the dashboard shows ($STORYLINE_STORE, else data/store)."""
    return get_store(str(store_path()))


@st.cache_data(max_entries=4, show_spinner=False)
def load_articles(path: str, version: int) -> pd.DataFrame:
    """Stored articles at a store version (the version is the cache key)."""
    return get_store(path).read_articles()
