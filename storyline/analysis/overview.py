"""The Overview's figures: headline counts and the latest articles."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from storyline import schema
from storyline.analysis.filters import Story


@dataclass(frozen=True)
class Headline:
    """Headline counts of a (filtered) story."""

    articles: int
    outlets: int
    quotes: int
    speakers: int
    entities: int
    first_day: date | None
    last_day: date | None


def count_headline(story: Story) -> Headline:
    """Articles, outlets, quotes, named speakers, distinct entities and the publication span."""
    published = story.articles["published"].dropna()
    speakers = story.quotes["speaker"].dropna()
    return Headline(articles=len(story.articles), outlets=int(story.articles["outlet"].nunique()),
                    quotes=len(story.quotes), speakers=int(speakers[speakers != ""].nunique()),
                    entities=int(story.mentions["canonical"].nunique()),
                    first_day=published.min().date() if len(published) else None,
                    last_day=published.max().date() if len(published) else None)


def latest_articles(articles: pd.DataFrame, limit: int = 8) -> pd.DataFrame:
    """The most recently published articles (ingest time breaks ties): published, outlet, title, article_id."""
    ordered = articles.sort_values(["published", "ingested_at"], ascending=False, na_position="last")
    return ordered.head(limit)[["published", "outlet", "title", schema.ARTICLE_ID]].reset_index(drop=True)

