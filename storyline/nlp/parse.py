"""Parse articles once: run the spaCy pipeline in batches and the three extractors over each doc."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc

from storyline.language import detect_language
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
    """Run the extractors over one parsed doc; an extractor bug leaves the article stored but unparsed."""
    try:
        mentions = extract_mentions(doc, aliases)
        quotes = extract_quotes(doc, mentions, aliases)
        dates = extract_dates(doc, article.published)
    except Exception as exc:  # one odd article must not stop an ingest of thousands; the note says why
        note = f"not parsed: the extractors failed on this text ({type(exc).__name__}: {exc})"[:500]
        return ParsedArticle(article=replace(article, note=note), parsed=False)
    return ParsedArticle(article=article, mentions=tuple(mentions), quotes=tuple(quotes),
                         dates=tuple(dates), sentences=extract_sentences(doc))


def parse_articles(articles: Iterable[Article], *, aliases: AliasTable | None = None,
                   batch_size: int = BATCH_SIZE, n_process: int = 1) -> Iterator[ParsedArticle]:
    """Parse articles in order; articles in a language without extractors come back unparsed."""
    aliases = aliases if aliases is not None else load_alias_table()
    pending: list[Article] = []  # articles of one language, parsed together

    def flush() -> Iterator[ParsedArticle]:
        if not pending:
            return
        nlp = load_pipeline(pending[0].language)
        docs = nlp.pipe((a.text for a in pending), batch_size=batch_size, n_process=n_process)
        for doc, article in zip(docs, pending):
            yield parse_doc(doc, article, aliases)
        pending.clear()

    for article in articles:
        if not article.language:
            article = replace(article, language=detect_language(article.text))
        if article.language not in supported_languages():
            yield from flush()
            yield ParsedArticle(article=article, parsed=False)
        else:
            if pending and pending[0].language != article.language:
                yield from flush()
            pending.append(article)
            if len(pending) >= batch_size * max(n_process, 1) * 4:
                yield from flush()
    yield from flush()


def parse_article(article: Article, aliases: AliasTable | None = None) -> ParsedArticle:
    """Parse a single article."""
    return next(parse_articles([article], aliases=aliases))


def to_contract(parsed: ParsedArticle, membership: tuple[float, bool] | None = None) -> dict:
    """The stable JSON object printed by `storyline parse` (other tools read it: keep its fields).

    `membership` is (relevance, on_story) against the story (storyline.story.membership.score_parsed)."""
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
        "relevance": membership[0] if membership else None,
        "on_story": membership[1] if membership else None,
    }

