"""A small hand-made story store for page and browser tests (no spaCy): six articles from five outlets, one wire
copy, one repeated quote, one French article stored unparsed, and one hostile article full of markup."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa

from storyline import schema
from storyline.records import DatedExpression, Mention, ParsedArticle, Quote, Sentence, make_article
from storyline.store import Store
from tests.factories import tables_for

HOSTILE_TITLE = "<script>alert('title')</script> Summit <b>news</b>"
HOSTILE_OUTLET = "Evil <i>Outlet</i>"
HOSTILE_TAG = "<img src=x onerror=alert(1)>"


@dataclass
class Draft:
    """An article as the test writes it: paragraphs, and the names, quotes and dates to find in them."""

    title: str
    outlet: str
    published: date
    paragraphs: list[str]
    names: list[tuple[str, str, str]] = field(default_factory=list)  # surface, label, canonical
    quotes: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # quote text, speaker, verb
    dates: list[tuple[str, str]] = field(default_factory=list)  # expression, resolved day
    language: str = "en"
    url: str | None = None


def sentence_spans(text: str) -> tuple[Sentence, ...]:
    """Sentences split after . ! ? (and a closing quote right after them) followed by white space."""
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]”?\s+", text)]
    ends = [s for s in starts[1:]] + [len(text)]
    return tuple(Sentence(i, a, b) for i, (a, b) in enumerate(zip(starts, ends)))


def sentence_of(sentences: tuple[Sentence, ...], offset: int) -> int:
    """Index of the sentence holding a character offset."""
    return next(s.index for s in sentences if s.start <= offset < s.end)


def parse_draft(draft: Draft) -> ParsedArticle:
    """The ParsedArticle a perfect parser would produce for a draft."""
    article = make_article(title=draft.title, paragraphs=draft.paragraphs, outlet=draft.outlet,
                           published=draft.published, published_source="user", language=draft.language,
                           url=draft.url, source="tests/pages/stories.py")
    text = article.text
    if draft.language != "en":
        return ParsedArticle(article, parsed=False)
    sentences = sentence_spans(text)
    mentions = tuple(Mention(m.start(), m.end(), surface, label, canonical, sentence_of(sentences, m.start()))
                     for surface, label, canonical in draft.names
                     for m in re.finditer(re.escape(surface), text))
    quotes = []
    for quoted, speaker, verb in draft.quotes:
        start = text.index(quoted)
        quotes.append(Quote(start, start + len(quoted), quoted, speaker, None, verb, speaker,
                            sentence_of(sentences, start)))
    dates = tuple(DatedExpression(text.index(expr), text.index(expr) + len(expr), expr, value, "day",
                                  sentence_of(sentences, text.index(expr))) for expr, value in draft.dates)
    return ParsedArticle(article, mentions, tuple(quotes), dates, sentences)


SUMMIT = ["VLADIVOSTOK – Vladimir Putin met Kim Jong Un at the Vostochny Cosmodrome on Wednesday. "
          "“We will always be with Russia,” Kim Jong Un said.",
          "Putin said Russia would help North Korea build satellites. The talks lasted five hours."]
LAVROV_QUOTE = "Our cooperation is not directed against anyone"


def drafts() -> list[Draft]:
    """The six articles of the test story."""
    summit_names = [("Vladimir Putin", "PERSON", "Vladimir Putin"), ("Kim Jong Un", "PERSON", "Kim Jong Un"),
                    ("Russia", "GPE", "Russia"), ("North Korea", "GPE", "North Korea"),
                    ("Vostochny Cosmodrome", "FAC", "Vostochny Cosmodrome")]
    summit_quotes = [("We will always be with Russia,", "Kim Jong Un", "said")]
    lavrov_names = [("Sergei Lavrov", "PERSON", "Sergei Lavrov"), ("Choe Son Hui", "PERSON", "Choe Son Hui"),
                    ("Pyongyang", "GPE", "Pyongyang"), ("Kim Jong Un", "PERSON", "Kim Jong Un")]
    return [
        Draft("Putin and Kim meet at Vostochny", "Yonhap", date(2023, 9, 13), SUMMIT, summit_names, summit_quotes,
              [("Wednesday", "2023-09-13")], url="https://example.com/yonhap/summit"),
        Draft("Putin and Kim meet at Vostochny (copy)", "Korea Herald", date(2023, 9, 14), SUMMIT, summit_names,
              summit_quotes, [("Wednesday", "2023-09-13")]),
        Draft("Lavrov arrives in Pyongyang", "TASS", date(2023, 10, 18),
              [f"Sergei Lavrov met Choe Son Hui in Pyongyang on Thursday. “{LAVROV_QUOTE},” Sergei Lavrov said.",
               "Kim Jong Un did not attend."], lavrov_names, [(LAVROV_QUOTE, "Sergei Lavrov", "said")],
              [("Thursday", "2023-10-19")]),
        Draft("Russia's Lavrov in North Korea", "Reuters", date(2023, 10, 19),
              [f"In Pyongyang, Sergei Lavrov told reporters: “{LAVROV_QUOTE.upper()}.” Choe Son Hui agreed."],
              lavrov_names[:3], [(LAVROV_QUOTE.upper() + ".", "Sergei Lavrov", "told")]),
        Draft(HOSTILE_TITLE, HOSTILE_OUTLET, date(2023, 9, 15),
              [f"Vladimir Putin spoke. {HOSTILE_TAG} “<script>alert(2)</script> is fine,” Vladimir Putin said.",
               "A [link](javascript:alert(3)) and $x$ maths."],
              [("Vladimir Putin", "PERSON", "Vladimir Putin")],
              [("<script>alert(2)</script> is fine,", "Vladimir Putin", "said")], url="javascript:alert(4)"),
        Draft("Poutine et Kim", "Le Figaro", date(2023, 9, 14), ["Vladimir Poutine a rencontré Kim Jong Un."],
              language="fr"),
    ]


def build_story_store(root: Path) -> dict[str, str]:
    """Write the test story into a store folder; returns title -> article id."""
    parsed = [parse_draft(d) for d in drafts()]
    tables = tables_for(parsed)
    link = {"article_id": parsed[1].article.article_id, "copy_of": parsed[0].article.article_id, "kind": "exact",
            "containment": 1.0}
    tables[schema.WIRE_LINKS] = pa.Table.from_pylist([link], schema=schema.WIRE_LINKS_SCHEMA)
    Store(root).commit(tables)
    return {p.article.title: p.article.article_id for p in parsed}
