"""What changed in the story since a moment: new articles, outlets, speakers, entities, dated events, quotes.

"Since" is about the store, not the news: an article is new when it entered the store (`ingested_at`) at or
after the moment, whatever its publication date. Only articles on the story count, on both sides of the
moment (an entity first seen in unrelated news is still new to the story).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pandas as pd

from storyline import schema
from storyline.errors import InputError
from storyline.store import Store
from storyline.story.lineage import QuoteLineage, compute_quote_lineage
from storyline.story.review import filter_on_story, read_membership

LAST_INGEST = "last-ingest"
INGEST_GAP = timedelta(minutes=10)  # commits closer than this belong to the same ingest run
SHOWN = 5                            # items named per section in the text digest
SECTIONS = ("outlets", "speakers", "entities", "events", "quotes")
ARTICLE_COLUMNS = [schema.ARTICLE_ID, "published", "outlet", "title", "url", "ingested_at", "relevance", "reasons"]


@dataclass(frozen=True)
class ChangeDigest:
    """The changes since a moment, one DataFrame per kind."""

    since: datetime
    articles: pd.DataFrame   # new on-story articles
    outlets: pd.DataFrame    # outlets whose first on-story article is new
    speakers: pd.DataFrame   # speakers quoted for the first time
    entities: pd.DataFrame   # canonical names mentioned for the first time
    events: pd.DataFrame     # dated events ("happened" dates) no earlier article gave
    quotes: pd.DataFrame     # quote groups no earlier article carried

    def counts(self) -> dict[str, int]:
        """How many items each section holds."""
        return {"articles": len(self.articles), **{name: len(getattr(self, name)) for name in SECTIONS}}

    def to_dict(self) -> dict:
        """The digest as JSON-ready data."""
        return {"since": self.since.isoformat(), "counts": self.counts(), "articles": records(self.articles),
                **{name: records(getattr(self, name)) for name in SECTIONS}}

    def describe(self) -> str:
        """The digest as a few lines of text."""
        lines = [f"Since {self.since:%Y-%m-%d %H:%M} UTC: {len(self.articles)} new articles on the story"
                 f" from {self.articles['outlet'].nunique()} outlets."]
        lines.append(describe_section("New outlets", self.outlets, lambda r: f"{r['outlet']} ({r['articles']})"))
        lines.append(describe_section("New speakers", self.speakers, lambda r: f"{r['speaker']} ({r['quotes']})"))
        lines.append(describe_section("First-time entities", self.entities,
                                      lambda r: f"{r['canonical']} ({r['mentions']})"))
        lines.append(describe_section("New dated events", self.events,
                                      lambda r: f"{r['value']} \u201c{r['text']}\u201d ({r['first_outlet']})"))
        lines.append(describe_section("Quotes first carried", self.quotes,
                                      lambda r: f"\u201c{shorten(r['words'])}\u201d ({r['first_outlet']})"))
        return "\n".join(lines)


def describe_section(title: str, frame: pd.DataFrame, item) -> str:
    """One line: a title, a count and the first few items."""
    if frame.empty:
        return f"{title}: none"
    named = "; ".join(item(row) for row in frame.head(SHOWN).to_dict("records"))
    more = f"; and {len(frame) - SHOWN} more" if len(frame) > SHOWN else ""
    return f"{title} ({len(frame)}): {named}{more}"


def shorten(text: str, limit: int = 80) -> str:
    """Text cut at a word boundary with an ellipsis when longer than `limit`."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "\u2026"


def json_value(value):
    """A cell as a JSON value: dates as ISO text, missing as null, arrays as lists, numpy scalars as Python."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [json_value(v) for v in value]
    if pd.isna(value):
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value.item() if isinstance(value, np.generic) else value


def records(frame: pd.DataFrame) -> list[dict]:
    """A frame as a list of JSON-ready dicts."""
    return [{k: json_value(v) for k, v in row.items()} for row in frame.to_dict("records")]


# ----- the moment ---------------------------------------------------------------------------------------------

def last_ingest_start(ingested_at: pd.Series) -> datetime | None:
    """When the most recent ingest run began: the latest commits closer than INGEST_GAP to each other."""
    moments = pd.to_datetime(ingested_at, utc=True).dropna().drop_duplicates().sort_values(ignore_index=True)
    if moments.empty:
        return None
    breaks = moments.diff() > INGEST_GAP
    start = moments[breaks].iloc[-1] if breaks.any() else moments.iloc[0]
    return start.to_pydatetime()


def resolve_since(value: str | date | datetime, ingested_at: pd.Series) -> datetime:
    """A moment in UTC from a date (midnight UTC), a date-time, or "last-ingest"."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=timezone.utc)
    if value == LAST_INGEST:
        start = last_ingest_start(ingested_at)
        if start is None:
            raise InputError(value, "the store holds no article yet, so there was no ingest")
        return start
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(value, f"not a date (YYYY-MM-DD), a date-time or {LAST_INGEST!r}") from None
    return resolve_since(parsed if "T" in value or " " in value.strip() else parsed.date(), ingested_at)


# ----- the digest ----------------------------------------------------------------------------------------------

def split_by_moment(articles: pd.DataFrame, since: datetime) -> tuple[pd.DataFrame, pd.DataFrame]:
    """On-story articles ingested before the moment, and at or after it."""
    story = filter_on_story(articles)
    new = pd.to_datetime(story["ingested_at"], utc=True) >= pd.Timestamp(since)
    return story[~new], story[new]


def first_time(rows: pd.DataFrame, old_ids: pd.Series, new_ids: pd.Series, key: str) -> pd.DataFrame:
    """Rows of new articles whose `key` value no old article has."""
    old_values = set(rows.loc[rows[schema.ARTICLE_ID].isin(old_ids), key].dropna())
    fresh = rows[rows[schema.ARTICLE_ID].isin(new_ids) & rows[key].notna()]
    return fresh[~fresh[key].isin(old_values)]


def with_articles(rows: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Rows with their article's outlet and day, earliest first (undated last, ties in row order)."""
    info = new[[schema.ARTICLE_ID, "outlet", "published", "ingested_at"]].reset_index(drop=True)
    # The rows are ordered through their article's position: no merge, and the outlet names (strings) are moved
    # once, not merged and then sorted (a million mentions at 50,000 articles).
    position = pd.Index(info[schema.ARTICLE_ID]).get_indexer(rows[schema.ARTICLE_ID])
    order = np.lexsort((moment_order(info["ingested_at"])[position], moment_order(info["published"])[position]))
    placed, taken = rows.iloc[order], position[order]
    return placed.assign(**{column: pd.Series(info[column].array.take(taken, allow_fill=True), index=placed.index)
                            for column in ("outlet", "published", "ingested_at")})  # position -1: missing


def moment_order(values: pd.Series) -> np.ndarray:
    """Moments as sortable integers, missing ones last, with one more slot (last too) answering position -1."""
    stamps = pd.to_datetime(values, utc=isinstance(values.dtype, pd.DatetimeTZDtype))
    numbers = stamps.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    return np.append(np.where(stamps.isna().to_numpy(), np.iinfo(np.int64).max, numbers), np.iinfo(np.int64).max)


def summarise_first(rows: pd.DataFrame, key: str, count_name: str) -> pd.DataFrame:
    """Per `key`: how many rows and articles, the outlets, and the first article (rows sorted earliest first)."""
    grouped = rows.groupby(key, sort=False)
    summary = pd.DataFrame({count_name: grouped.size(), "articles": grouped[schema.ARTICLE_ID].nunique(),
                            "outlets": distinct_lists(rows, key, "outlet").reindex(grouped.size().index),
                            "first_article_id": grouped[schema.ARTICLE_ID].first(),
                            "first_outlet": grouped["outlet"].first(),
                            "first_published": grouped["published"].first()})
    return summary.reset_index().sort_values([count_name, key], ascending=[False, True], ignore_index=True)


def distinct_lists(rows: pd.DataFrame, key: str, column: str) -> pd.Series:
    """Per `key` value, the distinct non-missing values of `column` in row order (an empty list when none)."""
    key_codes, keys = pd.factorize(rows[key])  # keys in order of first appearance, missing left out (-1)
    value_codes, distinct = pd.factorize(rows[column])
    pair = key_codes.astype(np.int64) * (len(distinct) + 1) + value_codes
    first = ~pd.Series(pair).duplicated().to_numpy() & (key_codes >= 0) & (value_codes >= 0)
    placed = key_codes[first]
    order = np.argsort(placed, kind="stable")  # grouped by key, row order kept within each
    values = np.asarray(distinct, dtype=object)[value_codes[first][order]].tolist()
    bounds = np.searchsorted(placed[order], np.arange(len(keys) + 1))
    return pd.Series([values[start:end] for start, end in zip(bounds[:-1], bounds[1:])], index=keys, dtype=object)


def most_frequent(rows: pd.DataFrame, key: str, column: str) -> pd.Series:
    """Per `key` value, its most frequent `column` value; ties go to the value first in the column's categories,
    or (other columns) first in row order, as `value_counts` orders them."""
    pairs = rows.groupby([key, column], sort=False, observed=True).size().rename("n").reset_index()
    tie = pairs[column].cat.codes.to_numpy() if isinstance(pairs[column].dtype, pd.CategoricalDtype) \
        else np.arange(len(pairs))
    best = pairs.iloc[np.lexsort((tie, -pairs["n"].to_numpy()))].drop_duplicates(key)
    return pd.Series(best[column].to_numpy(), index=best[key].to_numpy())


def new_outlets(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Outlets of new articles that had no earlier article on the story."""
    joined = new[new["outlet"].notna() & ~new["outlet"].isin(set(old["outlet"].dropna()))]
    joined = joined.sort_values(["published", "ingested_at"], na_position="last", kind="stable")
    grouped = joined.groupby("outlet", sort=False)
    return pd.DataFrame({"articles": grouped.size(), "first_published": grouped["published"].first(),
                         "first_title": grouped["title"].first(),
                         "first_article_id": grouped[schema.ARTICLE_ID].first()}) \
        .reset_index().sort_values(["articles", "outlet"], ascending=[False, True], ignore_index=True)


def new_events(dates: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Dated events (the "happened" dates) that new articles give and no earlier article gave."""
    happened = dates[dates["role"].eq("happened")] if "role" in dates else dates
    fresh = with_articles(first_time(happened, old[schema.ARTICLE_ID], new[schema.ARTICLE_ID], "value"), new)
    grouped = fresh.groupby("value", sort=False)
    events = pd.DataFrame({"granularity": grouped["granularity"].first(), "date": grouped["date"].first(),
                           "text": grouped["text"].first(), "mentions": grouped.size(),
                           "articles": grouped[schema.ARTICLE_ID].nunique(),
                           "first_outlet": grouped["outlet"].first(),
                           "first_article_id": grouped[schema.ARTICLE_ID].first()})
    return events.reset_index().sort_values(["date", "value"], na_position="last", ignore_index=True)


def new_quotes(quotes: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame,
               lineage: QuoteLineage | None = None) -> pd.DataFrame:
    """Quote groups carried only by new articles: words no earlier article on the story quoted. `lineage`, when
    given, is the one compute_quote_lineage makes of every on-story article's quotes (the dashboard keeps it)."""
    if lineage is None:
        story = pd.concat([old, new])
        lineage = compute_quote_lineage(quotes[quotes[schema.ARTICLE_ID].isin(story[schema.ARTICLE_ID])], story)
    carried_before = set(lineage.appearances.loc[lineage.appearances[schema.ARTICLE_ID].isin(old[schema.ARTICLE_ID]),
                                                 "group"])
    fresh = lineage.groups[~lineage.groups["group"].isin(carried_before)]
    columns = ["group", "words", "speakers", "conduits", "outlets", "articles", "variants", "first_published",
               "first_outlet", "first_article_id"]
    return fresh[columns].reset_index(drop=True)


def compute_changes(articles: pd.DataFrame, mentions: pd.DataFrame, quotes: pd.DataFrame, dates: pd.DataFrame,
                    since: datetime, lineage: QuoteLineage | None = None) -> ChangeDigest:
    """The digest of what the story gained at or after `since` (articles need `on_story` and `ingested_at`);
    `lineage`: the on-story quote lineage when the caller already has it (see new_quotes)."""
    old, new = split_by_moment(articles, since)
    old_ids, new_ids = old[schema.ARTICLE_ID], new[schema.ARTICLE_ID]
    # Only the columns the summaries read are carried and ordered (a million mentions at 50,000 articles).
    speakers = with_articles(first_time(quotes[[schema.ARTICLE_ID, "speaker"]], old_ids, new_ids, "speaker"), new)
    entities = with_articles(first_time(mentions[[schema.ARTICLE_ID, "canonical", "label"]], old_ids, new_ids,
                                        "canonical"), new)
    entity_summary = summarise_first(entities, "canonical", "mentions")
    labels = most_frequent(entities, "canonical", "label")
    return ChangeDigest(
        since=since,
        articles=new.sort_values(["published", "ingested_at"], na_position="last", ignore_index=True)
        [[c for c in ARTICLE_COLUMNS if c in new]],
        outlets=new_outlets(old, new),
        speakers=summarise_first(speakers, "speaker", "quotes"),
        entities=entity_summary.assign(label=entity_summary["canonical"].map(labels)),
        events=new_events(dates, old, new),
        quotes=new_quotes(quotes, old, new, lineage),
    )


def read_changes(store: Store, since: str | date | datetime) -> ChangeDigest:
    """The digest of a store's story since a moment (a date, a date-time or "last-ingest")."""
    articles = read_membership(store)
    moment = resolve_since(since, articles["ingested_at"])
    return compute_changes(articles, store.read_mentions(), store.read_quotes(), store.read_dates(), moment)


def digest_json(digest: ChangeDigest) -> str:
    """The digest as JSON text."""
    return json.dumps(digest.to_dict(), ensure_ascii=False, indent=1)
