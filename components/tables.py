"""Tables with downloads of exactly what they show, and row selection that survives reruns."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from storyline.exporting import to_csv_text, to_jsonl_text

MAX_ROWS = 2_000  # rows sent to the browser; the downloads hold the whole table
ROW_PIXELS = 35   # a table row (and the header) as Streamlit draws it
LINK_COLUMN = st.column_config.LinkColumn("link", display_text="open ↗", width="small")  # an article's own page


def render_downloads(table: pd.DataFrame, name: str, *, key: str) -> None:
    """CSV (formulas neutralised) and JSON-lines downloads of a table, built only when clicked."""
    with st.container(horizontal=True, gap="small"):
        st.download_button("⬇ CSV", data=lambda: to_csv_text(table), file_name=f"{name}.csv", mime="text/csv",
                           key=f"{key}_csv", on_click="ignore", type="tertiary")
        st.download_button("⬇ JSON", data=lambda: to_jsonl_text(table), file_name=f"{name}.jsonl",
                           mime="application/x-ndjson", key=f"{key}_json", on_click="ignore", type="tertiary")


def drop_empty_links(table: pd.DataFrame) -> pd.DataFrame:
    """The table without its link column when no row has a link (articles read from files): a column of "None"
    tells the analyst nothing."""
    return table.drop(columns="url") if "url" in table and table["url"].isna().all() else table


def render_table(table: pd.DataFrame, name: str, *, key: str, select: bool = False, height: int | str = "auto",
                 column_config: dict | None = None, max_rows: int = MAX_ROWS) -> int | None:
    """A table with its downloads; with `select`, the position of the row the analyst picked (or None). A height in
    pixels is the most the table takes: fewer rows take less, with no empty rows below them."""
    table = drop_empty_links(table)
    if isinstance(height, int):
        height = min(height, ROW_PIXELS * (min(len(table), max_rows) + 1) + 3)
    if len(table) > max_rows:
        st.caption(f"The first {max_rows:,} of {len(table):,} rows are shown; the downloads hold all {len(table):,}.")
    event = st.dataframe(table.head(max_rows), key=key, hide_index=True, height=height, column_config=column_config,
                         on_select="rerun" if select else "ignore", selection_mode="single-row")
    render_downloads(table, name, key=key)
    if not select:
        return None
    rows = event.selection.rows
    return rows[0] if rows and rows[0] < len(table) else None

