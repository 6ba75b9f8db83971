"""Integer codes for the story's group-bys and joins: a million mentions are counted with numpy, not by strings.

`read_story` gives every table's article_id one categorical type (and entity names and types their own), so a
column's codes are ready-made; any other column is factorised on the way (small tables, tests).
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from storyline import schema


def codes_of(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a column (-1 where missing) and the distinct values they number."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array.codes.astype(np.int64), values.cat.categories  # .array: no Series built around them
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def positions_in(values: pd.Series, names: pd.Series | pd.Index) -> np.ndarray:
    """For each value, its position among `names` (unique), -1 when absent. Each distinct value is looked up once;
    values sharing the categorical type of `names` (article ids from read_story) need no look-up at all."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories
        slot = np.full(len(categories) + 1, -1, dtype=np.int64)  # the extra slot answers code -1
        # Names of the same type bring their codes; other names are looked up among the categories, whose hash
        # table pandas keeps with them (built once per story), never the other way round (every category).
        name_codes = (codes_of(pd.Series(names))[0] if values.dtype == names.dtype
                      else categories.get_indexer(pd.Index(names).astype(categories.dtype)) if len(names)
                      else np.zeros(0, dtype=np.int64))
        slot[name_codes[name_codes >= 0]] = np.flatnonzero(name_codes >= 0)
        return slot[values.array.codes]
    codes, distinct = codes_of(values)
    return np.append(pd.Index(names).get_indexer(distinct), -1)[codes]


def rows_of_articles(table: pd.DataFrame, articles: pd.DataFrame, also: np.ndarray | None = None) -> pd.DataFrame:
    """The rows of `table` whose article is in `articles` (and, when given, where `also` is True), order kept."""
    keep = is_in(table[schema.ARTICLE_ID], articles[schema.ARTICLE_ID])
    return table[keep if also is None else keep & also]


def is_in(values: pd.Series, names: pd.Series) -> np.ndarray:
    """True for each value among `names`; values sharing the categorical type of `names` are answered by a table
    of booleans per category (a million article ids in a few milliseconds)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and values.dtype == names.dtype:
        found = np.zeros(len(values.cat.categories) + 1, dtype=bool)  # the extra slot answers code -1
        name_codes = names.array.codes
        found[name_codes[name_codes >= 0]] = True
        return found[values.array.codes]
    return positions_in(values, names) >= 0


def is_among(values: pd.Series, names: Iterable[str]) -> np.ndarray:
    """True for each value (text) among `names`: a categorical column looks each category up once, in Arrow's
    hash table of the names (18,000 searched ids among 50,000 articles in a few milliseconds)."""
    wanted = pa.array(list(names), pa.string())
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = pa.array(values.cat.categories.astype("str").array)
        found = pc.is_in(categories, value_set=wanted).to_numpy(zero_copy_only=False)
        return np.append(found, False)[values.array.codes]  # the extra slot answers code -1
    found = pc.is_in(pa.array(values.array), value_set=wanted)
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def distinct_pairs(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (left, right) pairs of two arrays of non-negative integer codes, sorted."""
    if len(left) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    width = int(right.max()) + 1
    # Half-width keys sort twice as fast; they fit whenever left's codes times the width stay under 2**31.
    key_type = np.int32 if (int(left.max()) + 1) * width < np.iinfo(np.int32).max else np.int64
    keys = left.astype(key_type) * key_type(width)
    keys += right.astype(key_type, copy=False)
    keys.sort()
    first = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    return np.divmod(keys[first].astype(np.int64), width)


def count_distinct(groups: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """For each group code 0..size-1, how many distinct value codes it holds (rows with a code -1 left out)."""
    if len(groups) and min(groups.min(), values.min()) < 0:
        known = (groups >= 0) & (values >= 0)
        groups, values = groups[known], values[known]
    return np.bincount(distinct_pairs(groups, values)[0], minlength=size)


def first_of_max(counts: np.ndarray, names: pd.Index) -> np.ndarray:
    """Per row of a (groups × names) count matrix, the name counted most; ties go to the name first in sorted
    order; None where a row counts nothing."""
    order = np.argsort(names.astype(str), kind="stable")
    best = order[np.argmax(counts[:, order], axis=1)] if len(names) else np.zeros(len(counts), dtype=np.int64)
    picked = np.asarray(names, dtype=object)[best] if len(names) else np.full(len(counts), None, dtype=object)
    return np.where(counts.sum(axis=1) > 0, picked, None)


def top_codes(counts: np.ndarray, names: pd.Index, top: int) -> np.ndarray:
    """Codes of the `top` most counted names (ties by name), most counted first; names never counted left out."""
    order = np.lexsort((np.asarray(names, dtype=str), -counts)) if len(names) else np.zeros(0, dtype=np.int64)
    return order[counts[order] > 0][:top]


def rank_of(codes: np.ndarray, size: int) -> np.ndarray:
    """A look-up from code (0..size-1, or -1) to its place in `codes`, -1 for codes not there."""
    rank = np.full(size + 1, -1, dtype=np.int64)  # the extra slot answers code -1
    rank[codes] = np.arange(len(codes))
    return rank


def cross_counts(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row code, column code and count of every (row, column) pair that occurs (codes -1 left out), by row."""
    known = (rows >= 0) & (columns >= 0)
    counts = np.bincount(rows[known] * n_columns + columns[known], minlength=n_rows * n_columns)
    found = np.flatnonzero(counts)
    return found // max(n_columns, 1), found % max(n_columns, 1), counts[found].astype(np.int64)


def shared_codes(left: pd.Series, right: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of two columns in one numbering (-1 where missing): categoricals of one type keep theirs."""
    if isinstance(left.dtype, pd.CategoricalDtype) and left.dtype == right.dtype:
        return codes_of(left)[0], codes_of(right)[0]
    codes = pd.factorize(pd.concat([left.astype(object), right.astype(object)], ignore_index=True))[0]
    return codes[:len(left)].astype(np.int64), codes[len(left):].astype(np.int64)


def rows_in(table: pd.DataFrame, other: pd.DataFrame, number: str) -> np.ndarray:
    """True for the rows of `table` whose (article_id, `number`) pair is also a row of `other`: the same quote is
    its article and quote_index in every table that holds it."""
    left, right = shared_codes(table[schema.ARTICLE_ID], other[schema.ARTICLE_ID])
    if len(left) == 0 or len(right) == 0:
        return np.zeros(len(left), dtype=bool)
    numbers = table[number].to_numpy(dtype=np.int64), other[number].to_numpy(dtype=np.int64)
    width = int(max(numbers[0].max(), numbers[1].max())) + 1
    return np.isin(left * width + numbers[0], right * width + numbers[1]) & (left >= 0)
