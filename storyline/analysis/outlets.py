"""Outlets compared: one colour each, whom they quote, which entities they stress, how much is wire copy."""
from __future__ import annotations

import pandas as pd

from storyline import schema

# Colour-blind-safe-first qualitative palette (Okabe-Ito, then Tableau 10 without its near-duplicates).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
           "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#9C755F", "#EDC948", "#76B7B2", "#FF9DA7",
           "#7F3C8D", "#11A579", "#3969AC", "#F2B701", "#E73F74", "#80BA5A", "#E68310", "#008695")
OTHER_COLOUR = "#B0B0B0"


def assign_outlet_colours(articles: pd.DataFrame) -> dict[str, str]:
    """Outlet -> colour, in order of each outlet's first ingest, so a new outlet never recolours the others."""
    known = articles[articles["outlet"].notna()]
    first_seen = known.groupby("outlet")["ingested_at"].min().reset_index()
    order = first_seen.sort_values(["ingested_at", "outlet"], kind="stable")["outlet"]
    return {outlet: PALETTE[i % len(PALETTE)] for i, outlet in enumerate(order)}


def count_speakers_by_outlet(quote_table: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Quotes per outlet for the `top` most quoted speakers: outlet, speaker, quotes."""
    named = quote_table[quote_table["speaker"].notna() & quote_table["outlet"].notna()]
    speakers = named["speaker"].value_counts().head(top).index
    counts = named[named["speaker"].isin(speakers)].groupby(["outlet", "speaker"]).size().rename("quotes")
    return counts.reset_index().sort_values(["outlet", "quotes", "speaker"], ascending=[True, False, True],
                                            ignore_index=True)


def compute_outlet_emphasis(mentions: pd.DataFrame, articles: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """For the `top` entities: each outlet's share of its mentions going to the entity, the share across all
    outlets, and their ratio (above 1: the outlet stresses the entity more than the story does on average).
    Columns outlet, entity, mentions, share, story_share, ratio."""
    located = mentions[[schema.ARTICLE_ID, "canonical"]].merge(
        articles.loc[articles["outlet"].notna(), [schema.ARTICLE_ID, "outlet"]], on=schema.ARTICLE_ID)
    entities = located["canonical"].value_counts().head(top).index
    per_outlet = located.groupby("outlet").size()
    story_share = located["canonical"].value_counts() / max(len(located), 1)
    counts = located[located["canonical"].isin(entities)].groupby(["outlet", "canonical"]).size()
    table = counts.rename("mentions").reset_index().rename(columns={"canonical": "entity"})
    table["share"] = table["mentions"] / table["outlet"].map(per_outlet)
    table["story_share"] = table["entity"].map(story_share)
    table["ratio"] = table["share"] / table["story_share"]
    return table.sort_values(["outlet", "ratio", "entity"], ascending=[True, False, True], ignore_index=True)


def compute_wire_share(articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: articles, how many are copies of an earlier wire story, and that share; most articles first."""
    known = articles[articles["outlet"].notna()]
    copies = (known[schema.WIRE_SIZE] > 1) & ~known[schema.WIRE_EARLIEST].astype(bool)
    grouped = known.assign(copy=copies, original=(known[schema.WIRE_SIZE] > 1) & ~copies).groupby("outlet")
    table = pd.DataFrame({"articles": grouped.size(), "wire_copies": grouped["copy"].sum(),
                          "copied_by_others": grouped["original"].sum()})
    table["copy_share"] = table["wire_copies"] / table["articles"]
    return table.reset_index().sort_values(["articles", "outlet"], ascending=[False, True], ignore_index=True)
