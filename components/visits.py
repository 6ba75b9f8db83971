"""When the analyst last opened the dashboard on a store: a small JSON file in the store folder.

The file holds one timestamp per store (the dashboard is one analyst's tool); a session reads it once when it
starts (that is "your last visit" for the whole session) and records its own start, written atomically.
"""
from __future__ import annotations

import json
import os
import uuid
from datetime import datetime
from pathlib import Path

import streamlit as st

from storyline.store import Store, utc_now

VISITS_FILE = "dashboard_visit.json"
SINCE_KEY = "storyline_since"


def read_visit(path: Path) -> datetime | None:
    """The recorded visit time, or None when there is none (or it cannot be read)."""
    try:
        return datetime.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["last_visit"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_visit(path: Path, moment: datetime) -> None:
    """Record a visit time (temporary file, then an atomic rename)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(json.dumps({"last_visit": moment.isoformat(timespec="seconds")}), encoding="utf-8")
    os.replace(tmp, path)


def previous_visit(store: Store) -> datetime | None:
    """The visit before this session (read once per session; this session's start is recorded for the next)."""
    if SINCE_KEY not in st.session_state:
        path = store.root / VISITS_FILE
        st.session_state[SINCE_KEY] = read_visit(path)
        if store.root.is_dir():
            try:
                write_visit(path, utc_now())
            except OSError:
                pass  # a read-only store folder: "since last visit" falls back to the latest additions
    return st.session_state[SINCE_KEY]
