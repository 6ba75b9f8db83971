"""The parse step: language routing, and an extractor failure that leaves the article stored but unparsed."""
from __future__ import annotations

import pytest

from storyline.nlp import parse
from storyline.records import make_article

ENGLISH = "Russian President Vladimir Putin met Kim Jong Un on Wednesday, state media said on Thursday."
SPANISH = "El presidente ruso Vladimir Putin se reunió con Kim Jong Un el miércoles en el cosmódromo de Vostochny."


@pytest.mark.parametrize("text, language, parsed", [
    (ENGLISH, "en", True),
    (ENGLISH, "", True),      # unknown language: detected
    (SPANISH, "", False),     # detected as Spanish: stored, not parsed
    (SPANISH, "es", False),
])
def test_language_routing(text, language, parsed):
    article = make_article(title="t", paragraphs=[text], language=language, source="test")
    result = parse.parse_article(article)
    assert result.parsed is parsed
    assert bool(result.mentions) is parsed


def test_extractor_failure_keeps_the_article(monkeypatch):
    def broken(*args, **kwargs):
        raise IndexError("[E040] boom")
    monkeypatch.setattr(parse, "extract_quotes", broken)
    article = make_article(title="t", paragraphs=[ENGLISH], language="en", source="test")
    result = parse.parse_article(article)
    assert result.parsed is False and result.quotes == ()
    assert result.article.note.startswith("not parsed: the extractors failed on this text (IndexError")
