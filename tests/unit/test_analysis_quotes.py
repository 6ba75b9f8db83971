"""Quotes: the joined table, grouping one quote across outlets, and speakers' reach."""
from __future__ import annotations

import pandas as pd
import pytest

from storyline.analysis.quotes import (assign_quote_groups, compute_quote_table, count_quotes_by_speaker,
                                       summarise_quote_groups)

LONG = "Our cooperation with Pyongyang is not directed against any third country at all"


@pytest.mark.parametrize("texts, same_group", [
    ([LONG, LONG.upper() + "!"], True),                                  # equal after normalising
    ([LONG, "Our cooperation with Pyongyang is not directed against any third country"], True),   # trimmed
    ([LONG, "Our cooperation with Seoul is entirely directed at the talks and nothing else"], False),
    (["possibilities", "possibilities"], True),                          # short: equal text only
    (["great victory", "great victories"], False),
    ([LONG, "We will always be with Russia"], False),
])
def test_assign_quote_groups(texts, same_group):
    groups = assign_quote_groups(pd.DataFrame({"text": texts}))
    assert bool(groups.iloc[0] == groups.iloc[1]) == same_group


def test_stock_phrases_do_not_join_quotes(monkeypatch):
    monkeypatch.setattr("storyline.analysis.quotes.MAX_TRIGRAM_SHARE", 2)
    texts = ["the united states said a", "the united states said b", "the united states said c"]
    groups = assign_quote_groups(pd.DataFrame({"text": texts}))
    assert groups.nunique() == 3


def test_assign_quote_groups_of_nothing():
    assert assign_quote_groups(pd.DataFrame({"text": pd.Series(dtype="str")})).empty


def quote_rows() -> pd.DataFrame:
    """Three appearances of one quote (two outlets) and one other quote."""
    return pd.DataFrame({
        "published": pd.to_datetime(["2023-10-19", "2023-10-18", "2023-10-20", "2023-10-18"]),
        "outlet": ["Reuters", "TASS", "TASS", "Yonhap"],
        "speaker": [None, "Sergei Lavrov", "Sergei Lavrov", "Kim Jong Un"],
        "text": [LONG, LONG.lower(), LONG, "We will always be with Russia"],
        "article_id": ["r1", "t1", "t2", "y1"],
    })


def test_summarise_quote_groups_puts_the_earliest_appearance_first():
    rows = quote_rows()
    summary = summarise_quote_groups(rows.assign(group=assign_quote_groups(rows)))
    first = summary.iloc[0]
    assert (first["first_outlet"], first["outlets"], first["articles"]) == ("TASS", 2, 3)
    assert first["first_published"] == pd.Timestamp("2023-10-18")
    assert first["outlet_names"] == "TASS, Reuters"
    assert first["speaker"] == "Sergei Lavrov"
    assert summary.iloc[1]["outlet_names"] == "Yonhap"


def test_count_quotes_by_speaker():
    speakers = count_quotes_by_speaker(quote_rows())
    assert speakers[["speaker", "quotes", "outlets", "articles"]].values.tolist() == [
        ["Sergei Lavrov", 2, 1, 2], ["Kim Jong Un", 1, 1, 1]]


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
