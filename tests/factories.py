"""Hand-made parsed articles and tables for tests that must not depend on spaCy."""
from __future__ import annotations

from datetime import date

from storyline.ingest.dedup import fingerprint_text
from storyline.records import Mention, ParsedArticle, Quote, Sentence, make_article
from storyline.rows import build_tables
from storyline.store import utc_now


def parsed_article(title: str, text: str, *, outlet: str = "Test Wire", published: date | None = date(2023, 9, 13),
                   url: str | None = None, n_mentions: int = 0) -> ParsedArticle:
    """A parsed article whose mentions are `n_mentions` copies of the first word (enough to check completeness)."""
    article = make_article(title=title, paragraphs=text.split("\n\n"), outlet=outlet, published=published,
                           published_source="user" if published else "unknown", url=url, source="test")
    word = article.text.split()[0]
    mentions = tuple(Mention(0, len(word), word, "PERSON", word, 0) for _ in range(n_mentions))
    quotes = (Quote(0, len(word), word, "Someone", None, "said", "Someone", 0),)
    sentences = (Sentence(0, 0, len(article.text)),)
    return ParsedArticle(article, mentions, quotes, (), sentences)


def tables_for(parsed: list[ParsedArticle]):
    """Stored tables for parsed articles, with real signatures and no wire links."""
    return build_tables(parsed, [fingerprint_text(p.article.text) for p in parsed], [], utc_now())
