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
    fresh = rows[rows[schema.ARTICLE_ID].isin(new_ids) & rows[key].notna()]
    if fresh.empty:  # nothing new since the moment: the old values (a million mentions) need not be gathered
        return fresh
    old_values = set(rows.loc[rows[schema.ARTICLE_ID].isin(old_ids), key].dropna())
    return fresh[~fresh[key].isin(old_values)]


def with_articles(rows: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Rows with their article's outlet and day, earliest first (undated last, ties in row order)."""
    placed, taken = place_rows(rows, new)
    return placed.assign(**{column: pd.Series(new[column].array.take(taken, allow_fill=True), index=placed.index)
                            for column in ("outlet", "published", "ingested_at")})  # position -1: missing


def place_rows(rows: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows earliest first by their article's publication day, then ingest time (undated last, ties in row order),
    and each row's article position in `new` (-1 when not there)."""
    position = pd.Index(new[schema.ARTICLE_ID]).get_indexer(rows[schema.ARTICLE_ID])
    # Articles are ranked once (equal moments, equal rank); a million mentions then sort on one small integer.
    order = np.argsort(moment_rank(new["published"], new["ingested_at"])[position], kind="stable")
    return rows.iloc[order], position[order]


def moment_rank(published: pd.Series, ingested_at: pd.Series) -> np.ndarray:
    """Per article, a dense rank by publication then ingest (missing last), with one more slot (last too, tied with
    articles missing both) answering position -1."""
    day, ingest = moment_order(published), moment_order(ingested_at)
    order = np.lexsort((ingest, day))
    changes = (np.diff(day[order]) != 0) | (np.diff(ingest[order]) != 0)
    rank = np.empty(len(order), np.int64)
    rank[order] = np.concatenate([[0], np.cumsum(changes)])
    return rank


def moment_order(values: pd.Series) -> np.ndarray:
    """Moments as sortable integers, missing ones last, with one more slot (last too) answering position -1."""
    stamps = pd.to_datetime(values, utc=isinstance(values.dtype, pd.DatetimeTZDtype))
    numbers = stamps.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    return np.append(np.where(stamps.isna().to_numpy(), np.iinfo(np.int64).max, numbers), np.iinfo(np.int64).max)


def first_rows(codes: np.ndarray, count: int, valid: np.ndarray | None = None) -> np.ndarray:
    """Per code 0..count-1, the position of its first row (among `valid` rows), -1 when it has none."""
    rows = np.flatnonzero((codes >= 0) if valid is None else (codes >= 0) & valid)[::-1]
    first = np.full(count, -1)
    first[codes[rows]] = rows  # written last to first: the earliest row stays
    return first


def summarise_first(rows: pd.DataFrame, key: str, count_name: str, new: pd.DataFrame,
                    position: np.ndarray) -> pd.DataFrame:
    """Per `key`: how many rows and articles, the outlets, and the first article (rows sorted earliest first, each
    with its article's `position` in `new`)."""
    codes = pd.factorize(rows[key])[0]
    count = int(codes.max(initial=-1)) + 1
    article_codes = pd.factorize(rows[schema.ARTICLE_ID])[0]
    # The first row of each key in each article stands for the rest: an article has one outlet and one day.
    pair = pd.Series(codes.astype(np.int64) * (int(article_codes.max(initial=0)) + 1) + article_codes)
    firsts = np.flatnonzero(~pair.duplicated().to_numpy() & (codes >= 0))
    keys, places = codes[firsts], position[firsts]
    outlet_codes, outlet_names = pd.factorize(new["outlet"])
    outlets = np.where(places >= 0, outlet_codes[places], -1)
    dated = np.where(places >= 0, new["published"].notna().to_numpy()[places], False)
    names = np.asarray(outlet_names, dtype=object)
    first = firsts[first_rows(keys, count)]
    return pd.DataFrame({
        key: rows[key].array.take(first),
        count_name: np.bincount(codes[codes >= 0], minlength=count),
        "articles": np.bincount(keys, minlength=count),
        "outlets": pd.Series([names[found].tolist() for found in code_lists(keys, outlets, count)], dtype=object),
        "first_article_id": rows[schema.ARTICLE_ID].array.take(first),
        "first_outlet": article_values(new["outlet"], places, first_rows(keys, count, outlets >= 0)),
        "first_published": article_values(new["published"], places, first_rows(keys, count, dated)),
    }).sort_values([count_name, key], ascending=[False, True], ignore_index=True)


def article_values(column: pd.Series, places: np.ndarray, rows: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A column of the new articles at the articles of some rows (`places`: each row's article position; `rows`:
    -1 or the article position -1 gives a missing value)."""
    return column.array.take(np.where(rows >= 0, places[rows], -1), allow_fill=True)


def code_lists(key_codes: np.ndarray, value_codes: np.ndarray, count: int) -> list[list[int]]:
    """Per key code 0..count-1, the distinct value codes (-1: missing, left out) in row order."""
    pair = key_codes.astype(np.int64) * (int(value_codes.max(initial=0)) + 2) + value_codes
    first = ~pd.Series(pair).duplicated().to_numpy() & (key_codes >= 0) & (value_codes >= 0)
    placed = key_codes[first]
    order = np.argsort(placed, kind="stable")  # grouped by key, row order kept within each
    values = value_codes[first][order].tolist()
    bounds = np.searchsorted(placed[order], np.arange(count + 1)).tolist()
    return [values[start:end] for start, end in zip(bounds[:-1], bounds[1:])]


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
        # No new article, no new quote: the story's quotes need not be grouped.
        carried = quotes[schema.ARTICLE_ID].isin(story[schema.ARTICLE_ID]) if len(new) else np.zeros(len(quotes), bool)
        lineage = compute_quote_lineage(quotes[carried], story)
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
    # Rows keep their article's position, not its outlet's name: a million mentions at 50,000 articles.
    speakers, speaker_articles = place_rows(first_time(quotes[[schema.ARTICLE_ID, "speaker"]], old_ids, new_ids,
                                                       "speaker"), new)
    entities, entity_articles = place_rows(first_time(mentions[[schema.ARTICLE_ID, "canonical", "label"]], old_ids,
                                                      new_ids, "canonical"), new)
    entity_summary = summarise_first(entities, "canonical", "mentions", new, entity_articles)
    labels = most_frequent(entities, "canonical", "label")
    return ChangeDigest(
        since=since,
        articles=new.sort_values(["published", "ingested_at"], na_position="last", ignore_index=True)
        [[c for c in ARTICLE_COLUMNS if c in new]],
        outlets=new_outlets(old, new),
        speakers=summarise_first(speakers, "speaker", "quotes", new, speaker_articles),
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
