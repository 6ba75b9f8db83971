"""Entities that appear together (in one sentence or one article), as a matrix, ranked pairs and a network."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from storyline import schema
from storyline.analysis.codes import codes_of, count_distinct, distinct_pairs, first_of_max, positions_in

UNITS = ("sentence", "article")


@dataclass(frozen=True)
class Cooccurrence:
    """Co-occurrence among the top entities: names, their mention counts, a symmetric count matrix, ranked pairs."""

    entities: list[str]
    mentions: np.ndarray
    matrix: np.ndarray
    pairs: pd.DataFrame


def count_entities(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per entity: its most frequent type, mentions and mentioning articles; most mentioned first."""
    return tabulate_entities(*entity_codes(mentions))


def entity_codes(mentions: pd.DataFrame) -> tuple[np.ndarray, pd.Index, np.ndarray, np.ndarray, pd.Index]:
    """Per mention the codes count_entities works on: entity, entity names, article, type, type names."""
    entity, names = codes_of(mentions["canonical"])
    label, labels = codes_of(mentions["label"])
    return entity, names, codes_of(mentions[schema.ARTICLE_ID])[0], label, labels


def tabulate_entities(entity: np.ndarray, names: pd.Index, article: np.ndarray, label: np.ndarray,
                      labels: pd.Index) -> pd.DataFrame:
    """count_entities over mentions given as codes (one row per mention in each array)."""
    named = entity >= 0
    counted = np.bincount(entity[named], minlength=len(names))
    typed = named & (label >= 0)
    by_label = np.bincount(entity[typed] * len(labels) + label[typed], minlength=len(names) * len(labels))
    table = pd.DataFrame({"entity": pd.Series(names, dtype="str"),
                          "type": pd.Series(first_of_max(by_label.reshape(len(names), len(labels)), labels),
                                            dtype="str"),
                          "mentions": counted.astype("int64"),
                          "articles": count_distinct(entity, article, len(names)).astype("int64")})
    table = table[table["mentions"] > 0]
    return table.sort_values(["mentions", "articles", "entity"], ascending=[False, False, True], ignore_index=True)


def unit_codes(mentions: pd.DataFrame, unit: str, rows: np.ndarray | None = None) -> np.ndarray:
    """A number per mention (or per mention of `rows`, positions) naming its co-occurrence unit: its article, or
    its article and sentence."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    article = codes_of(mentions[schema.ARTICLE_ID])[0]
    article = article if rows is None else article[rows]
    if unit == "article":
        return article
    sentence = mentions["sentence"].to_numpy(dtype=np.int64)
    sentence = sentence if rows is None else sentence[rows]
    keys = article * (int(sentence.max()) + 1 if len(sentence) else 1) + sentence
    if np.all(keys[1:] >= keys[:-1]):  # the story's mentions come in text order: number the runs, no hashing
        return np.concatenate([[0], np.cumsum(keys[1:] != keys[:-1])]) if len(keys) else keys
    return pd.factorize(keys)[0]


def rank_top_entities(mentions: pd.DataFrame, top: int) -> pd.DataFrame:
    """The first `top` rows of count_entities, counting articles and types only for the entities mentioned at least
    as often as the `top`-th: no other can rank above them (the ranking is by mentions first)."""
    entity, names, article, label, labels = entity_codes(mentions)
    counted = np.bincount(entity[entity >= 0], minlength=len(names))
    if top <= 0 or not counted.any():
        return count_entities(mentions.iloc[:0])
    cut = max(np.partition(counted, len(counted) - min(top, len(counted)))[len(counted) - min(top, len(counted))], 1)
    contenders = np.flatnonzero(np.append(counted >= cut, False)[entity])  # the extra slot answers code -1
    return tabulate_entities(entity[contenders], names, article[contenders], label[contenders], labels).head(top)


def compute_cooccurrence(mentions: pd.DataFrame, unit: str = "sentence", top: int = 20) -> Cooccurrence:
    """How often each pair of the `top` most mentioned entities shares a unit (sentence or article)."""
    ranked = rank_top_entities(mentions, top)
    entities = ranked["entity"].tolist()
    entity, names = codes_of(mentions["canonical"])
    column_of = np.full(len(names) + 1, -1, dtype=np.int64)  # the extra slot answers code -1
    column_of[names.get_indexer(entities)] = np.arange(len(entities))
    columns = column_of[entity]
    picked = np.flatnonzero(columns >= 0)
    matrix = count_shared_units(unit_codes(mentions, unit, picked), columns[picked], len(entities))
    return Cooccurrence(entities, ranked["mentions"].to_numpy(), matrix, rank_pairs(entities, matrix))


def count_shared_units(units: np.ndarray, columns: np.ndarray, size: int) -> np.ndarray:
    """A symmetric size × size matrix: how many units hold both of two columns (each row one column in one unit;
    several rows of a column in a unit count once), zero on the diagonal."""
    unit, column = distinct_pairs(units, columns)  # by unit, then column: a pair's first column is the smaller
    if not len(unit):
        return np.zeros((size, size), dtype=np.int64)
    starts = np.flatnonzero(np.diff(unit, prepend=-1))
    unit_end = np.repeat(np.append(starts[1:], len(unit)), np.diff(np.append(starts, len(unit))))
    upper = np.zeros(size * size, dtype=np.int64)
    rows, step = np.arange(len(unit)), 1
    # Pair each row with the row `step` further on in its unit: work in proportion to the pairs, not units × size.
    while len(rows := rows[rows + step < unit_end[rows]]):
        upper += np.bincount(column[rows] * size + column[rows + step], minlength=size * size)
        step += 1
    upper = upper.reshape(size, size)
    return upper + upper.T


def rank_pairs(entities: Sequence[str], matrix: np.ndarray) -> pd.DataFrame:
    """Pairs with a non-zero count from the upper triangle, most frequent first: a, b, together."""
    upper_a, upper_b = np.triu_indices(len(entities), k=1)
    counts = matrix[upper_a, upper_b]
    names = np.asarray(entities, dtype=object)
    pairs = pd.DataFrame({"a": names[upper_a], "b": names[upper_b], "together": counts})
    pairs = pairs[pairs["together"] > 0]
    return pairs.sort_values(["together", "a", "b"], ascending=[False, True, True], ignore_index=True)


def find_shared_units(mentions: pd.DataFrame, a: str, b: str, unit: str = "sentence") -> pd.DataFrame:
    """Sentences that show a and b together: in one sentence, or (article unit) the sentences naming either
    in articles naming both. Columns article_id, sentence, entities (which of the two the sentence names)."""
    pair = pd.Index(list(dict.fromkeys([a, b])), dtype="str")
    which = positions_in(mentions["canonical"], pair)  # 0 for a, 1 for b, -1 for any other entity
    both = mentions[which >= 0]
    which = which[which >= 0]
    shared = names_per_unit(unit_codes(both, unit), which) == 2
    rows, which = both[shared], which[shared]
    sentence = unit_codes(rows, "sentence")
    names = names_per_unit(sentence, which)
    first = np.unique(sentence, return_index=True)[1]
    found = rows.iloc[first][[schema.ARTICLE_ID, "sentence"]].assign(
        entities=np.where(names[first] == 2, f"{a} + {b}", pair[which[first]]))
    return found.sort_values([schema.ARTICLE_ID, "sentence"], ignore_index=True)


def names_per_unit(units: np.ndarray, which: np.ndarray) -> np.ndarray:
    """For each row, how many of the two names (which: 0 or 1) its unit holds."""
    named = np.zeros((int(units.max()) + 1 if len(units) else 0, 2), dtype=bool)
    named[units, which] = True
    return named.sum(axis=1)[units]


def compute_network_layout(weights: np.ndarray, sizes: np.ndarray | None = None, iterations: int = 300,
                           seed: int = 7) -> np.ndarray:
    """Node positions (n x 2, within [-1, 1]) from a force-directed layout with a fixed seed: same input, same
    picture. The largest connected group starts on a circle (jittered by the seed), edges pull their ends
    together by their weight and every pair pushes apart, big nodes (by `sizes`, e.g. mentions) harder; every
    other node (unlinked, or in a small separate group, kept side by side) waits in a row along the bottom."""
    n = len(weights)
    _, group = connected_components(sparse.csr_matrix(weights > 0), directed=False)
    members = np.bincount(group) if n else np.zeros(0, dtype=int)
    main = group == np.argmax(members) if n and members.max() > 1 else np.zeros(n, dtype=bool)
    rest = np.flatnonzero(~main)
    rest = rest[np.argsort(group[rest], kind="stable")]  # members of one small group stay neighbours
    positions = np.zeros((n, 2))
    positions[rest] = np.column_stack([np.linspace(-1, 1, len(rest) + 2)[1:-1], np.full(len(rest), -1.0)])
    if main.any():
        bulk = np.ones(n) if sizes is None else 0.5 + np.sqrt(np.asarray(sizes, float) / max(np.max(sizes), 1))
        inner = spring_layout(weights[np.ix_(main, main)].astype(float), bulk[main], iterations, seed)
        positions[main] = inner * (0.8 if len(rest) else 1.0) + (0.2 if len(rest) else 0.0) * np.array([0, 1])
    return positions


def ring(n: int, radius: float) -> np.ndarray:
    """n points evenly spaced on a circle, the first at the top."""
    angles = np.pi / 2 - np.linspace(0, 2 * np.pi, n, endpoint=False)
    return radius * np.column_stack([np.cos(angles), np.sin(angles)])


def spring_layout(weights: np.ndarray, bulk: np.ndarray, iterations: int, seed: int) -> np.ndarray:
    """Fruchterman-Reingold positions scaled into [-1, 1] for a connected set of nodes; a pair of nodes repels
    in proportion to the product of their bulk, so big nodes keep room around them."""
    n = len(weights)
    start = ring(n, 1.0) + np.random.default_rng(seed).normal(0, 0.01, (n, 2))
    points = start[:, 0] + 1j * start[:, 1]  # complex points: a 2-D step is a few whole-array operations
    spacing = np.sqrt(4.0 / n)  # ideal distance when n nodes share the square [-1, 1]^2
    repel = spacing ** 2 * np.outer(bulk, bulk)
    attract = 0.25 * np.sqrt(weights / weights.max()) / spacing  # weak enough that a dense core does not collapse
    for step in range(iterations):
        delta = points[:, None] - points[None, :]
        distance = np.maximum(np.abs(delta), 1e-3)
        pull = (repel / distance - attract * distance ** 2) / distance
        np.fill_diagonal(pull, 0.0)
        move = (pull * delta).sum(axis=1) - 0.1 * points
        length = np.maximum(np.abs(move), 1e-9)
        points += move / length * np.minimum(length, 0.2 * (1 - step / iterations) + 0.002)
    positions = np.column_stack([points.real, points.imag])
    positions -= positions.mean(axis=0)
    return positions / max(np.abs(positions).max(), 1e-9)
