"""Counts over time: articles per period by outlet, entity mentions per period, dated statements."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from storyline import schema
from storyline.analysis.codes import codes_of, distinct_pairs, positions_in

FREQUENCIES = {"day": "D", "week": "W-SUN", "month": "M"}  # weeks run Monday to Sunday, labelled by their Monday
PERIOD_STARTS = {"day": "D", "week": "W-MON", "month": "MS"}
OTHER = "Other outlets"


def period_start(days: pd.Series, freq: str) -> pd.Series:
    """The first day of the day, week or month each timestamp falls in."""
    if freq == "day":
        return days.dt.floor("D")
    return days.dt.to_period(FREQUENCIES[freq]).dt.start_time


def default_frequency(published: pd.Series) -> str:
    """Days for a story of two months or less, weeks up to a year and a half, months beyond."""
    days = published.dropna()
    span = (days.max() - days.min()).days if len(days) else 0
    return "day" if span <= 62 else "week" if span <= 550 else "month"


def fill_periods(counts: pd.DataFrame, series: str, freq: str) -> pd.DataFrame:
    """Counts with a zero row for every period between the first and last where a series has none (for lines)."""
    if counts.empty:
        return counts
    periods = pd.date_range(counts["period"].min(), counts["period"].max(), freq=PERIOD_STARTS[freq])
    grid = pd.MultiIndex.from_product([periods, counts[series].unique()], names=["period", series])
    indexed = counts.set_index(["period", series])
    filled = indexed.reindex(grid.union(indexed.index), fill_value=0).reset_index()
    return filled.sort_values(["period", series], ignore_index=True)


def lump_outlets(outlets: pd.Series, keep: Sequence[str]) -> pd.Series:
    """Outlet names with every outlet not in `keep` replaced by one 'Other outlets' bucket."""
    return outlets.where(outlets.isin(list(keep)), OTHER)


def top_outlets(articles: pd.DataFrame, limit: int) -> list[str]:
    """The `limit` outlets with the most articles (ties by name)."""
    counts = articles["outlet"].fillna("").value_counts()
    counts = counts[counts.index != ""]
    order = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [name for name, _ in order[:limit]]


def count_articles_per_period(articles: pd.DataFrame, freq: str = "day", limit: int = 12) -> pd.DataFrame:
    """Articles per period and outlet (the smaller outlets lumped together): period, outlet, articles."""
    dated = articles[articles["published"].notna()]
    if dated.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[s]"), "outlet": pd.Series(dtype="str"),
                             "articles": pd.Series(dtype="int64")})
    outlets = lump_outlets(dated["outlet"].fillna("(unknown outlet)"), top_outlets(dated, limit))
    table = pd.DataFrame({"period": period_start(dated["published"], freq), "outlet": outlets})
    counts = table.groupby(["period", "outlet"]).size().rename("articles").reset_index()
    return counts.sort_values(["period", "articles", "outlet"], ascending=[True, False, True], ignore_index=True)


def count_entity_trend(mentions: pd.DataFrame, articles: pd.DataFrame, entities: Sequence[str],
                       freq: str = "day") -> pd.DataFrame:
    """Mentions and mentioning articles per period for each entity: period, entity, mentions, articles."""
    wanted = pd.Index(list(dict.fromkeys(entities)), dtype="str")
    picked = mentions[mentions["canonical"].isin(wanted)]
    entity = positions_in(picked["canonical"], wanted)
    article = positions_in(picked[schema.ARTICLE_ID], articles[schema.ARTICLE_ID])
    period_of, periods = codes_of(period_start(articles["published"], freq))  # per article: -1 when undated
    period = np.append(period_of, -1)[article]
    dated = (period >= 0) & (entity >= 0)
    cells = len(periods) * len(wanted)
    counted = np.bincount(period[dated] * len(wanted) + entity[dated], minlength=cells)
    pair_article, pair_entity = distinct_pairs(article[dated], entity[dated])
    mentioning = np.bincount(period_of[pair_article] * len(wanted) + pair_entity, minlength=cells)
    found = np.flatnonzero(counted)
    trend = pd.DataFrame({"period": periods[found // len(wanted)] if cells else pd.Series(dtype="datetime64[s]"),
                          "entity": wanted[found % len(wanted)] if cells else pd.Series(dtype="str"),
                          "mentions": counted[found].astype("int64"), "articles": mentioning[found].astype("int64")})
    return trend.sort_values(["period", "entity"], ignore_index=True)


def compute_event_table(dates: pd.DataFrame, articles: pd.DataFrame, roles: Sequence[str] = ("happened",)
                        ) -> pd.DataFrame:
    """Dated statements with their article's outlet, title and publication day, earliest event first."""
    events = dates[dates["date"].notna() & dates["role"].isin(list(roles))]
    columns = [schema.ARTICLE_ID, "outlet", "title", "published", "url"]
    events = events.merge(articles[columns], on=schema.ARTICLE_ID, how="inner")
    events = events.rename(columns={"text": "expression"})
    order = ["date", "granularity", "value", "expression", "role", "outlet", "published", "title", "url",
             schema.ARTICLE_ID, "sentence", "start", "end"]
    return events[order].sort_values(["date", "published", "outlet", "start"], ignore_index=True)
