"""The global filter of the dashboard: one immutable value, its URL form, its description, and how it applies."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from storyline import schema
from storyline.analysis.codes import codes_of, count_distinct, is_among, is_in, positions_in, rows_of_articles

# URL parameter names (short, readable, stable: shared links depend on them).
P_ENTITY, P_OUTLET, P_FROM, P_TO, P_TYPE, P_SEARCH, P_COPIES, P_MATCH, P_STORY = (
    "entity", "outlet", "from", "to", "type", "q", "copies", "match", "story")
FILTER_PARAMS = (P_ENTITY, P_OUTLET, P_FROM, P_TO, P_TYPE, P_SEARCH, P_COPIES, P_MATCH, P_STORY)

# Story membership: the articles on the story (the default), every article, or those kept out of it.
ON_STORY, ALL_ARTICLES, OFF_STORY = "on", "all", "off"
STORY_SCOPES = (ON_STORY, ALL_ARTICLES, OFF_STORY)

# Entity types in words, for captions.
TYPE_WORDS = {"PERSON": "people", "ORG": "organisations", "GPE": "countries and cities", "NORP": "nationalities",
              "LOC": "places", "FAC": "facilities", "EVENT": "events"}


@dataclass(frozen=True)
class Story:
    """The tables a page works on: articles (no text) and what parsing extracted from them."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    quotes: pd.DataFrame
    dates: pd.DataFrame


@dataclass(frozen=True)
class FilterState:
    """What the analyst is looking at: entities, outlets, a date range, entity types, a search, wire handling,
    and which side of the story line (on the story, kept out, or both)."""

    entities: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    types: tuple[str, ...] = ()
    search: str = ""
    wire_once: bool = True
    all_entities: bool = False  # True: articles must mention every selected entity; False: any of them
    story: str = ON_STORY       # one of STORY_SCOPES

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The URL query parameters of this state (defaults left out, so the plain URL is the default view)."""
        params: dict[str, str | list[str]] = {}
        for name, values in ((P_ENTITY, self.entities), (P_OUTLET, self.outlets), (P_TYPE, self.types)):
            if values:
                params[name] = list(values)
        if self.start:
            params[P_FROM] = self.start.isoformat()
        if self.end:
            params[P_TO] = self.end.isoformat()
        if self.search:
            params[P_SEARCH] = self.search
        if not self.wire_once:
            params[P_COPIES] = "all"
        if self.all_entities:
            params[P_MATCH] = "all"
        if self.story != ON_STORY:
            params[P_STORY] = self.story
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | list[str]]) -> FilterState:
        """The state a URL describes; values that cannot be read are left out (see `query_param_problems`)."""
        return parse_query_params(params)[0]

    def is_default(self) -> bool:
        """True when nothing is filtered."""
        return self == FilterState()

    def with_entity(self, name: str) -> FilterState:
        """This state with one more entity selected."""
        return self if name in self.entities else replace(self, entities=(*self.entities, name))

    def with_dates(self, start: date | None, end: date | None) -> FilterState:
        """This state with another date range (ends swapped when given backwards)."""
        if start and end and start > end:
            start, end = end, start
        return replace(self, start=start, end=end)

    def with_story(self, story: str) -> FilterState:
        """This state showing another side of the story line (one of STORY_SCOPES)."""
        if story not in STORY_SCOPES:
            raise ValueError(f"story must be one of {STORY_SCOPES}, not {story!r}")
        return replace(self, story=story)

    def describe(self, article_count: int, hidden_copies: int = 0) -> str:
        """A sentence saying what is shown, e.g. '42 articles mentioning Sergei Lavrov from Yonhap, 18–20 Oct 2023'."""
        text = f"{article_count:,} article{'' if article_count == 1 else 's'}"
        text += {ON_STORY: " on the story", OFF_STORY: " kept out of the story"}.get(self.story, "")
        if self.entities:
            text += " mentioning " + join_words(self.entities, "and" if self.all_entities else "or")
        if self.outlets:
            text += " from " + join_words(self.outlets, "or")
        if self.search:
            text += f" containing “{self.search}”"
        if self.start or self.end:
            text += ", " + describe_range(self.start, self.end)
        notes = ["on the story or not"] if self.story == ALL_ARTICLES else []
        if self.types:
            notes.append("entities limited to " + join_words([TYPE_WORDS.get(t, t) for t in self.types], "and"))
        if self.wire_once and hidden_copies:
            notes.append(f"{hidden_copies:,} wire cop{'y' if hidden_copies == 1 else 'ies'} counted once")
        elif not self.wire_once:
            notes.append("every wire copy counted")
        return text + (f" ({'; '.join(notes)})" if notes else "")

    def apply(self, story: Story, search_ids: Iterable[str] | None = None) -> Story:
        """The story restricted to this state; `search_ids` are the articles matching `search` (needed when set)."""
        articles = self.select_articles(story.articles, story.mentions, search_ids)
        typed = story.mentions["label"].isin(self.types).to_numpy() if self.types else None
        return Story(articles, rows_of_articles(story.mentions, articles, typed),
                     rows_of_articles(story.quotes, articles), rows_of_articles(story.dates, articles))

    def select_articles(self, articles: pd.DataFrame, mentions: pd.DataFrame,
                        search_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """The articles this state keeps (published must be datetime64; on_story as stored)."""
        return articles[self.keep_articles(articles, mentions, search_ids)]

    def keep_articles(self, articles: pd.DataFrame, mentions: pd.DataFrame,
                      search_ids: Iterable[str] | None = None) -> np.ndarray:
        """True for each article (row) this state keeps."""
        keep = np.ones(len(articles), dtype=bool)
        if self.story != ALL_ARTICLES:
            on_story = on_story_mask(articles).to_numpy()
            keep &= on_story if self.story == ON_STORY else ~on_story
        if self.wire_once:
            keep &= articles[schema.WIRE_EARLIEST].to_numpy(dtype=bool)
        if self.outlets:
            keep &= articles["outlet"].isin(self.outlets).to_numpy()
        if self.start:
            keep &= (articles["published"] >= pd.Timestamp(self.start)).to_numpy()
        if self.end:
            keep &= (articles["published"] < pd.Timestamp(self.end) + pd.Timedelta(days=1)).to_numpy()
        if self.entities:
            found = articles_mentioning(mentions, self.entities, self.all_entities)
            keep &= is_in(articles[schema.ARTICLE_ID], found)
        if self.search:
            if search_ids is None:
                raise ValueError("a search is set: pass the ids of the articles that match it")
            keep &= is_among(articles[schema.ARTICLE_ID], search_ids)
        return keep

    def count_hidden_copies(self, articles: pd.DataFrame, mentions: pd.DataFrame,
                            search_ids: Iterable[str] | None = None) -> int:
        """How many wire copies this state leaves out by counting each wire story once (0 when it counts all)."""
        if not self.wire_once:
            return 0
        every_copy = replace(self, wire_once=False).keep_articles(articles, mentions, search_ids)
        return int((every_copy & ~articles[schema.WIRE_EARLIEST].to_numpy(dtype=bool)).sum())


def on_story_mask(articles: pd.DataFrame) -> pd.Series:
    """True for articles on the story; an article never scored (on_story missing) counts as on it, as in
    storyline.story.review.filter_on_story, so a store without membership shows everything."""
    return articles["on_story"].astype("boolean").fillna(True).astype(bool)


def articles_mentioning(mentions: pd.DataFrame, entities: Iterable[str], require_all: bool) -> pd.Index:
    """Ids of the articles that mention any (or every) one of the entities."""
    wanted = pd.Index(list(dict.fromkeys(entities)), dtype="str")
    entity = positions_in(mentions["canonical"], wanted)
    named = np.flatnonzero(entity >= 0)  # only these rows' articles are coded (a few of a million mentions)
    article, ids = codes_of(mentions[schema.ARTICLE_ID].iloc[named])
    hit = article >= 0
    if require_all:
        found = np.flatnonzero(count_distinct(article[hit], entity[named][hit], len(ids)) == len(wanted))
    else:
        found = np.flatnonzero(np.bincount(article[hit], minlength=len(ids)))
    if isinstance(mentions[schema.ARTICLE_ID].dtype, pd.CategoricalDtype):
        # Ids of the mentions' own type: the caller's look-up among the articles needs no hashing.
        return pd.CategoricalIndex(pd.Categorical.from_codes(found, dtype=mentions[schema.ARTICLE_ID].dtype))
    return pd.Index(ids[found])


def parse_query_params(params: Mapping[str, str | list[str]]) -> tuple[FilterState, list[str]]:
    """The state a URL describes, and a sentence for each value that could not be read."""
    problems: list[str] = []

    def values(name: str) -> tuple[str, ...]:
        raw = params.get(name, ())
        items = [raw] if isinstance(raw, str) else list(raw)
        return tuple(dict.fromkeys(v.strip() for v in items if v and v.strip()))

    def day(name: str) -> date | None:
        found = values(name)
        if not found:
            return None
        try:
            return date.fromisoformat(found[0])
        except ValueError:
            problems.append(f"{name}={found[0]!r} is not a date in the form YYYY-MM-DD; ignored")
            return None

    def switch(name: str, on_word: str) -> bool:
        found = values(name)
        if found and found[0] != on_word:
            problems.append(f"{name}={found[0]!r} is not understood (only {name}={on_word}); ignored")
        return bool(found) and found[0] == on_word

    def story() -> str:
        found = values(P_STORY)
        if found and found[0] not in STORY_SCOPES:
            problems.append(f"{P_STORY}={found[0]!r} is not understood (only {P_STORY}={ALL_ARTICLES} or "
                            f"{P_STORY}={OFF_STORY}); ignored")
        return found[0] if found and found[0] in STORY_SCOPES else ON_STORY

    search = " ".join(values(P_SEARCH))
    state = FilterState(entities=values(P_ENTITY), outlets=values(P_OUTLET), types=values(P_TYPE),
                        search=search, wire_once=not switch(P_COPIES, "all"), all_entities=switch(P_MATCH, "all"),
                        story=story())
    return state.with_dates(day(P_FROM), day(P_TO)), problems


def join_words(items: Iterable[str], last: str) -> str:
    """'A', 'A or B', 'A, B or C'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def describe_range(start: date | None, end: date | None) -> str:
    """A date range in words: '18–20 Oct 2023', '30 Sep – 2 Oct 2023', 'since 18 Oct 2023'."""
    if start and end:
        if start == end:
            return day_text(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{day_text(end)}"
        if start.year == end.year:
            return f"{start.day} {start:%b} – {day_text(end)}"
        return f"{day_text(start)} – {day_text(end)}"
    if start:
        return f"since {day_text(start)}"
    return f"until {day_text(end)}" if end else "all dates"


def day_text(day: date) -> str:
    """'8 Oct 2023' (no leading zero)."""
    return f"{day.day} {day:%b %Y}"

