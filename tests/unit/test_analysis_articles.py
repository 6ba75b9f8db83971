"""Articles: the list with counts, provenance in words, safe links, and the reader's spans."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from storyline.analysis.articles import (compute_article_list, describe_provenance, reader_spans, tidy_article,
                                         web_url, web_urls)


def test_compute_article_list_counts_quotes_and_distinct_entities():
    articles = pd.DataFrame({"article_id": ["a", "b"], "title": ["A", "B"], "outlet": ["TASS", "RTHK"],
                             "published": pd.to_datetime(["2023-09-13", "2023-09-14"]),
                             "ingested_at": pd.to_datetime(["2024-01-01"] * 2, utc=True),
                             "wire_size": [1, 1], "language": ["en", "fr"], "parsed": [True, False]})
    quotes = pd.DataFrame({"article_id": ["a", "a"]})
    mentions = pd.DataFrame({"article_id": ["a", "a", "a"], "canonical": ["Kim", "Kim", "Putin"]})
    table = compute_article_list(articles, quotes, mentions)
    assert table[["article_id", "quotes", "entities"]].values.tolist() == [["b", 0, 0], ["a", 2, 2]]


@pytest.mark.parametrize("record, expected", [
    ({"published": date(2023, 9, 14), "published_source": "metadata", "outlet": "TASS", "language": "en",
      "parsed": True, "source": "page.html", "note": None},
     [("Published", "2023-09-14, from the page’s HTML metadata"), ("Outlet", "TASS"),
      ("Language", "en (parsed: entities, quotes and dates extracted)"), ("Read from", "page.html")]),
    ({"published": None, "published_source": "unknown", "outlet": None, "language": "fr", "parsed": False,
      "source": "", "url": "https://x.fr/a", "note": "title from the feed"},
     [("Published", "no date, unknown"), ("Outlet", "unknown"),
      ("Language", "fr: stored but not parsed (no extractors for this language), so no entities or quotes"),
      ("Read from", "https://x.fr/a"), ("Note", "title from the feed")]),
])
def test_describe_provenance(record, expected):
    assert describe_provenance(record) == expected


@pytest.mark.parametrize("value, expected", [
    ("https://example.com/a?b=1", "https://example.com/a?b=1"), ("HTTP://X.Y", "HTTP://X.Y"),
    ("javascript:alert(1)", None), ("data:text/html,<script>", None), ("//evil.com", None), (None, None),
    (float("nan"), None), ("https://a b", None), ("https://a.b\n", None), ("https://a\u00a0b", None),
    ("https://a\u2028b", None), ("ftp://a.b", None), (" https://a.b", None),
])
def test_web_url(value, expected):
    assert web_url(value) == expected
    kept = web_urls(pd.Series([value], dtype=object)).iloc[0]
    assert pd.isna(kept) if expected is None else kept == expected


def test_no_whitespace_python_knows_slips_into_a_link():
    spaces = [chr(c) for c in range(0x3000 + 1) if chr(c).isspace()]
    assert web_urls(pd.Series([f"https://a{c}b" for c in spaces])).isna().all()
    assert web_urls(pd.Series(["https://a\u200bb"])).notna().all()  # a zero-width space is no whitespace to Python


def test_web_urls_keeps_only_web_addresses():
    kept = web_urls(pd.Series(["https://a.b", "javascript:x", None]))
    assert kept.iloc[0] == "https://a.b" and kept.iloc[1:].isna().all()


def test_tidy_article_turns_missing_values_into_none_and_keeps_arrays():
    tidy = tidy_article({"url": float("nan"), "published": pd.NaT, "paragraph_starts": np.array([0, 5]),
                         "title": "T"})
    assert tidy["url"] is None and tidy["published"] is None and tidy["title"] == "T"
    assert tidy["paragraph_starts"].tolist() == [0, 5]


def test_reader_spans():
    quotes = pd.DataFrame({"start": [10], "end": [20], "speaker": [None]})
    mentions = pd.DataFrame({"start": [0], "end": [3], "label": ["PERSON"], "canonical": ["Kim Jong Un"]})
    spans = reader_spans(mentions, quotes)
    assert [(s.start, s.kind, s.tag, s.note) for s in spans] == [
        (10, "quote", "", "Quote — speaker unknown"), (0, "entity", "PERSON", "Kim Jong Un (PERSON)")]
