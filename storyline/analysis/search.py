"""Free-text search: terms of a query, matched case-insensitively; every term must occur."""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from storyline.analysis.codes import codes_of

SEARCH_TERM = re.compile(r'"([^"]+)"|(\S+)')


def search_terms(search: str) -> list[str]:
    """Terms of a search: words, or "quoted phrases" kept whole."""
    return [term for phrase, word in SEARCH_TERM.findall(search or "") if (term := (phrase or word).strip())]


def like_pattern(term: str) -> str:
    """A SQL ILIKE pattern matching the term anywhere (its own % and _ taken literally, escaped with \\)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def match_rows(table: pd.DataFrame, columns: Sequence[str], search: str) -> pd.Series:
    """True for the rows where every term occurs in at least one of the columns (case-insensitive). Each distinct
    value of a column is matched once (speakers, outlets and titles repeat across a story's quotes)."""
    keep = np.ones(len(table), dtype=bool)
    terms = search_terms(search)
    coded = [codes_of(table[column]) for column in columns] if terms else []
    for term in terms:
        found = np.zeros(len(table), dtype=bool)
        for codes, distinct in coded:
            matched = pc.match_substring(pa.array(distinct.astype(str), type=pa.large_string()), term,
                                         ignore_case=True)
            found |= np.append(matched.to_numpy(zero_copy_only=False), False)[codes]
        keep &= found
    return pd.Series(keep, index=table.index)
