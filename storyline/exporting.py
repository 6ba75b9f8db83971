"""Write tables as CSV or JSON lines; CSV cells that a spreadsheet would run as formulas are neutralised."""
from __future__ import annotations

import json
from typing import TextIO

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """A cell safe to open in a spreadsheet: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_for_csv(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of the table with every text cell neutralised."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    return out


def to_csv_text(table: pd.DataFrame) -> str:
    """The table as safe CSV text."""
    return safe_for_csv(table).to_csv(index=False)


def jsonable(value: object) -> object:
    """A cell as a JSON value: dates and timestamps as ISO strings, arrays as lists, missing as null."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def to_jsonl_text(table: pd.DataFrame) -> str:
    """The table as JSON lines (dates as ISO strings, missing values as null)."""
    clean = table.astype(object).where(table.notna(), None)
    return "".join(json.dumps(r, ensure_ascii=False, default=jsonable) + "\n"
                   for r in clean.to_dict("records"))


def write_table(table: pd.DataFrame, handle: TextIO, fmt: str) -> None:
    """Write a table to an open text handle as csv or jsonl."""
    handle.write(to_csv_text(table) if fmt == "csv" else to_jsonl_text(table))
