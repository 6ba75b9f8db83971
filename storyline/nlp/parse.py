"""Parse articles once: run the spaCy pipeline in batches and the three extractors over each doc."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict

from spacy.tokens import Doc

from storyline.nlp.aliases import AliasTable, load_alias_table
from storyline.nlp.dates import extract_dates
from storyline.nlp.entities import extract_mentions
from storyline.nlp.model import load_pipeline, supported_languages
from storyline.nlp.quotes import extract_quotes
from storyline.records import Article, ParsedArticle, Sentence

BATCH_SIZE = 25  # small batches keep both workers busy with n_process=2 (DESIGN.md)


def extract_sentences(doc: Doc) -> tuple[Sentence, ...]:
    """Sentence spans of a parsed doc."""
    return tuple(Sentence(i, s.start_char, s.end_char) for i, s in enumerate(doc.sents))


def parse_doc(doc: Doc, article: Article, aliases: AliasTable) -> ParsedArticle:
    """Run the extractors over one parsed doc."""
    mentions = extract_mentions(doc, aliases)
    quotes = extract_quotes(doc, mentions)
    dates = extract_dates(doc, article.published)
    return ParsedArticle(article=article, mentions=tuple(mentions), quotes=tuple(quotes),
                         dates=tuple(dates), sentences=extract_sentences(doc))


def parse_articles(articles: Iterable[Article], *, aliases: AliasTable | None = None,
                   batch_size: int = BATCH_SIZE, n_process: int = 1) -> Iterator[ParsedArticle]:
    """Parse articles in order; articles in a language without extractors come back unparsed."""
    aliases = aliases if aliases is not None else load_alias_table()
    nlp = load_pipeline("en")
    pending: list[Article] = []

    def flush() -> Iterator[ParsedArticle]:
        docs = nlp.pipe((a.text for a in pending), batch_size=batch_size, n_process=n_process)
        for doc, article in zip(docs, pending):
            yield parse_doc(doc, article, aliases)
        pending.clear()

    for article in articles:
        if article.language not in supported_languages():
            yield from flush()
            yield ParsedArticle(article=article, parsed=False)
        else:
            pending.append(article)
            if len(pending) >= batch_size * max(n_process, 1) * 4:
                yield from flush()
    yield from flush()


def parse_article(article: Article, aliases: AliasTable | None = None) -> ParsedArticle:
    """Parse a single article."""
    return next(parse_articles([article], aliases=aliases))


def to_contract(parsed: ParsedArticle) -> dict:
    """The stable JSON object printed by `storyline parse` (other tools read it: keep its fields)."""
    article = parsed.article
    return {
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "text": article.text,
        "entities": [{"text": m.text, "label": m.label, "canonical": m.canonical, "start": m.start,
                      "end": m.end, "metonymic": m.metonymic} for m in parsed.mentions],
        "quotes": [{"text": q.text, "speaker": q.speaker, "conduit": q.conduit, "verb": q.verb,
                    "start": q.start, "end": q.end} for q in parsed.quotes],
        "dates": [{"text": d.text, "value": d.value, "granularity": d.granularity, "start": d.start,
                   "end": d.end, "role": d.role} for d in parsed.dates],
    }


def as_dicts(items: Iterable) -> list[dict]:
    """Dataclass instances as plain dicts."""
    return [asdict(i) for i in items]
