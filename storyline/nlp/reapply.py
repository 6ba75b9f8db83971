"""Re-apply the alias table to a whole store without spaCy: mentions get new canonical names, speakers follow."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from storyline import schema
from storyline.nlp.aliases import AliasTable, load_alias_table
from storyline.nlp.entities import canonicalize_story
from storyline.store import Store

MENTION_KEY = ["article_id", "start", "end"]


@dataclass(frozen=True)
class ReapplyReport:
    """How many mentions and quote speakers/conduits changed their canonical name."""

    mentions_changed: int
    quotes_changed: int


def renamed_names(before: pd.DataFrame, after: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(article, old canonical) -> new canonical, where every mention of that name in the article moved together."""
    pairs = pd.DataFrame({"article_id": before["article_id"], "old": before["canonical"], "new": after["canonical"]})
    pairs = pairs[pairs["old"] != pairs["new"]].drop_duplicates()
    unique = pairs.groupby(["article_id", "old"])["new"].transform("nunique") == 1
    return {(a, o): n for a, o, n in pairs[unique][["article_id", "old", "new"]].itertuples(index=False)}


def rename_column(table: pa.Table, column: str, renamed: dict[tuple[str, str], str], aliases: AliasTable) -> pa.Table:
    """A quotes table with one name column mapped through the renames and the alias table."""
    frame = table.select(["article_id", column]).to_pandas()
    values = []
    for article_id, name in zip(frame["article_id"], frame[column]):
        if name is None or name != name:
            values.append(None)
        else:
            values.append(renamed.get((article_id, name)) or aliases.lookup(name) or name)
    index = table.schema.get_field_index(column)
    return table.set_column(index, column, pa.array(values, pa.string()))


def reapply_aliases(store: Store, aliases: AliasTable | None = None) -> ReapplyReport:
    """Rewrite the store's mentions and quotes with the alias table applied (story-wide); returns what changed."""
    aliases = aliases if aliases is not None else load_alias_table()
    counts = {"mentions": 0, "quotes": 0}

    def make_transform() -> Callable[[str, pa.Table], pa.Table]:
        before = store.read_mentions().sort_values(MENTION_KEY).reset_index(drop=True)
        after = canonicalize_story(before, aliases)
        counts["mentions"] = int((before["canonical"] != after["canonical"]).sum())
        renamed = renamed_names(before, after)
        canon = after.set_index(MENTION_KEY)[["canonical", "label"]]

        def transform(name: str, table: pa.Table) -> pa.Table:
            if name == schema.MENTIONS and table.num_rows:
                frame = table.to_pandas()
                updated = canon.reindex(pd.MultiIndex.from_frame(frame[MENTION_KEY]))
                frame["canonical"] = updated["canonical"].to_numpy()
                frame["label"] = updated["label"].to_numpy()
                return pa.Table.from_pandas(frame, schema=schema.MENTIONS_SCHEMA, preserve_index=False)
            if name == schema.QUOTES and table.num_rows:
                old = table.column("speaker").to_pylist() + table.column("conduit").to_pylist()
                table = rename_column(rename_column(table, "speaker", renamed, aliases), "conduit", renamed, aliases)
                new = table.column("speaker").to_pylist() + table.column("conduit").to_pylist()
                counts["quotes"] += sum(o != n for o, n in zip(old, new))
            return table
        return transform

    store.rewrite(make_transform)
    return ReapplyReport(counts["mentions"], counts["quotes"])
