"""Free-text search: terms of a query, matched case-insensitively; every term must occur."""
from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

SEARCH_TERM = re.compile(r'"([^"]+)"|(\S+)')


def search_terms(search: str) -> list[str]:
    """Terms of a search: words, or "quoted phrases" kept whole."""
    return [term for phrase, word in SEARCH_TERM.findall(search or "") if (term := (phrase or word).strip())]


def like_pattern(term: str) -> str:
    """A SQL ILIKE pattern matching the term anywhere (its own % and _ taken literally, escaped with \\)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def match_rows(table: pd.DataFrame, columns: Sequence[str], search: str) -> pd.Series:
    """True for the rows where every term occurs in at least one of the columns (case-insensitive)."""
    keep = pd.Series(True, index=table.index)
    for term in search_terms(search):
        found = pd.Series(False, index=table.index)
        for column in columns:
            found |= table[column].fillna("").astype(str).str.contains(term, case=False, regex=False)
        keep &= found
    return keep
