"""Overview: headline counts and latest articles."""
from __future__ import annotations

from datetime import date

import pandas as pd

from storyline.analysis.filters import Story
from storyline.analysis.overview import count_headline, latest_articles


def story() -> Story:
    """Three articles, two quotes (one unattributed), three entities."""
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["TASS", "TASS", "Yonhap"],
                             "title": ["A", "B", "C"],
                             "published": pd.to_datetime(["2023-09-13", None, "2023-10-19"]),
                             "ingested_at": pd.to_datetime(["2024-01-01 10:00", "2024-01-02 10:00",
                                                            "2024-01-01 11:00"], utc=True)})
    quotes = pd.DataFrame({"article_id": ["a", "c"], "speaker": ["Kim", None]})
    mentions = pd.DataFrame({"article_id": ["a", "a", "c"], "canonical": ["Kim", "Putin", "Lavrov"]})
    return Story(articles, mentions, quotes, pd.DataFrame())


def test_count_headline():
    headline = count_headline(story())
    assert (headline.articles, headline.outlets, headline.quotes, headline.speakers, headline.entities) == (3, 2, 2,
                                                                                                          1, 3)
    assert (headline.first_day, headline.last_day) == (date(2023, 9, 13), date(2023, 10, 19))


def test_latest_articles_newest_first_undated_last():
    assert latest_articles(story().articles)["article_id"].tolist() == ["c", "a", "b"]

