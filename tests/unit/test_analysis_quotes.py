"""Quotes: the joined table and speakers' reach."""
from __future__ import annotations

import pandas as pd
import pytest

from storyline.analysis.quotes import compute_quote_table, count_quotes_by_speaker, speaker_rows

LONG = "Our cooperation with Pyongyang is not directed against any third country at all"


def quote_rows() -> pd.DataFrame:
    """Three appearances of one quote (two outlets) and one other quote."""
    return pd.DataFrame({
        "published": pd.to_datetime(["2023-10-19", "2023-10-18", "2023-10-20", "2023-10-18"]),
        "outlet": ["Reuters", "TASS", "TASS", "Yonhap"],
        "speaker": [None, "Sergei Lavrov", "Sergei Lavrov", "Kim Jong Un"],
        "text": [LONG, LONG.lower(), LONG, "We will always be with Russia"],
        "article_id": ["r1", "t1", "t2", "y1"],
    })


def test_count_quotes_by_speaker():
    speakers = count_quotes_by_speaker(quote_rows())
    assert speakers[["speaker", "quotes", "outlets", "articles"]].values.tolist() == [
        ["Sergei Lavrov", 2, 1, 2], ["Kim Jong Un", 1, 1, 1]]


@pytest.mark.parametrize("speakers, expected", [
    (["A", "", None, "A"], [["A", 2, 2, 2, pd.Timestamp("2023-10-18"), pd.Timestamp("2023-10-19")]]),
    ([None, None, "", None], []),
])
def test_count_quotes_by_speaker_leaves_out_unnamed_speakers(speakers, expected):
    assert count_quotes_by_speaker(quote_rows().assign(speaker=speakers)).values.tolist() == expected


def test_compute_quote_table_joins_articles_newest_first():
    quotes = pd.DataFrame({"article_id": ["a", "b"], "quote_index": [0, 0], "start": [0, 5], "end": [4, 9],
                           "text": ["old", "new"], "speaker": ["X", None], "conduit": [None, None],
                           "verb": ["said", None]})
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["TASS", "Yonhap", "RTHK"],
                             "published": pd.to_datetime(["2023-09-13", "2023-09-14", "2023-09-15"]),
                             "title": ["A", "B", "C"], "url": [None, "https://x.y/b", None],
                             "ingested_at": pd.to_datetime(["2024-01-01"] * 3, utc=True)})
    table = compute_quote_table(quotes, articles)
    assert table["text"].tolist() == ["new", "old"]
    assert table.loc[0, "outlet"] == "Yonhap" and table.loc[0, "url"] == "https://x.y/b"


def story_quotes() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quotes of four articles, one of them not among the articles (left out), one unattributed."""
    quotes = pd.DataFrame({"article_id": ["a", "b", "b", "c", "gone"], "quote_index": [0, 0, 1, 0, 0],
                           "start": [0] * 5, "end": [3] * 5, "text": ["one", "two", "three", "four", "five"],
                           "speaker": ["Lavrov", "Lavrov", None, "Kim", "Kim"], "conduit": [None] * 5,
                           "verb": ["said"] * 5})
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["TASS", "Yonhap", "TASS"],
                             "published": pd.to_datetime(["2023-09-13", "2023-09-14", None]),
                             "title": ["A", "B", "C"], "url": [None] * 3,
                             "ingested_at": pd.to_datetime(["2024-01-01"] * 3, utc=True)})
    return quotes, articles


@pytest.mark.parametrize("categorical_ids", [False, True])
def test_speaker_rows_count_as_the_quote_table_does(categorical_ids):
    quotes, articles = story_quotes()
    if categorical_ids:  # as read_story codes them: one type for every table
        ids = pd.CategoricalDtype(["a", "b", "c"])
        quotes["article_id"], articles["article_id"] = quotes["article_id"].astype(ids), articles["article_id"].astype(ids)
    counted = count_quotes_by_speaker(speaker_rows(quotes, articles))
    pd.testing.assert_frame_equal(counted, count_quotes_by_speaker(compute_quote_table(quotes, articles)))
    assert counted[["speaker", "quotes", "outlets", "articles"]].values.tolist() == [["Lavrov", 2, 2, 2],
                                                                                   ["Kim", 1, 1, 1]]
