"""A small hand-made story store for page and browser tests (no spaCy): six articles on the story from five
outlets, one wire copy, one repeated quote, one French article stored unparsed, one hostile article full of markup,
and one football report the tracker kept out of the story. Two ingests: the Lavrov articles came a day later.

Membership (relevance, on_story, story_reasons) is written by hand, so page tests do not depend on how the engine
scores; a decision made in a test re-scores with the real engine."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa

from storyline import schema
from storyline.ingest.dedup import fingerprint_text
from storyline.records import DatedExpression, Mention, ParsedArticle, Quote, Sentence, make_article
from storyline.rows import build_tables
from storyline.store import Store, utc_now

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
    relevance: float = 0.9                 # on the story from 0.5
    reasons: str = "mentions Vladimir Putin, Kim Jong Un, as the story does; much of the story's wording (0.40); " \
                   "published the same day as the story article “Putin and Kim meet at Vostochny” (13 Sep 2023)"
    shared: tuple[str, ...] = ("Vladimir Putin", "Kim Jong Un")
    days: int | None = 0                   # days from the closest story article
    ingest: int = 0                        # 0: the first ingest, 1: the one a day later


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


FOOTBALL_TITLE = "Seoul wins the cup final"
FOOTBALL_QUOTE = "We played for the fans in the rain,"

SUMMIT = ["VLADIVOSTOK – Vladimir Putin met Kim Jong Un at the Vostochny Cosmodrome on Wednesday. "
          "“We will always be with Russia,” Kim Jong Un said.",
          "Putin said Russia would help North Korea build satellites. The talks lasted five hours."]
LAVROV_QUOTE = "Our cooperation is not directed against anyone"
LAVROV_VARIANT = "OUR COOPERATION IS NOT DIRECTED AGAINST ANY COUNTRY"  # the same words, one changed, in capitals


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
              [("Thursday", "2023-10-19")], relevance=0.62, shared=("Kim Jong Un",), days=35, ingest=1,
              reasons="mentions Kim Jong Un, as the story does; some of the story's wording (0.20); published 35 days "
                      "after the story article “Putin and Kim meet at Vostochny” (13 Sep 2023)"),
        Draft("Russia's Lavrov in North Korea", "Reuters", date(2023, 10, 19),
              [f"In Pyongyang, Sergei Lavrov told reporters: “{LAVROV_VARIANT}.” Choe Son Hui agreed."],
              lavrov_names[:3], [(LAVROV_VARIANT + ".", "Sergei Lavrov", "told")], relevance=0.55,
              shared=("Russia",), days=1, ingest=1,
              reasons="mentions Russia, as the story does; some of the story's wording (0.15); published 1 day after "
                      "the story article “Lavrov arrives in Pyongyang” (18 Oct 2023)"),
        Draft(HOSTILE_TITLE, HOSTILE_OUTLET, date(2023, 9, 15),
              [f"Vladimir Putin spoke. {HOSTILE_TAG} “<script>alert(2)</script> is fine,” Vladimir Putin said.",
               "A [link](javascript:alert(3)) and $x$ maths."],
              [("Vladimir Putin", "PERSON", "Vladimir Putin")],
              [("<script>alert(2)</script> is fine,", "Vladimir Putin", "said")], url="javascript:alert(4)"),
        Draft("Poutine et Kim", "Le Figaro", date(2023, 9, 14), ["Vladimir Poutine a rencontré Kim Jong Un."],
              language="fr"),
        Draft(FOOTBALL_TITLE, "Sports Desk", date(2023, 9, 16),
              [f"Seoul beat Ulsan 2-1 on Saturday. “{FOOTBALL_QUOTE}” Ki Sung-yueng said."],
              [("Seoul", "GPE", "Seoul"), ("Ki Sung-yueng", "PERSON", "Ki Sung-yueng")],
              [(FOOTBALL_QUOTE, "Ki Sung-yueng", "said")], [("Saturday", "2023-09-16")], relevance=0.02,
              shared=(), days=3, reasons="mentions none of the story's names; little of the story's wording (0.03); "
                                         "published 3 days after the story article “Putin and Kim meet at "
                                         "Vostochny” (13 Sep 2023)"),
    ]


def story_reasons(draft: Draft) -> str:
    """The story_reasons value the tracker would store for a draft."""
    return json.dumps({"summary": draft.reasons, "decision": "scored", "shared_entities": list(draft.shared),
                       "days_from_story": draft.days})


def with_membership(articles: pa.Table, batch: list[Draft]) -> pa.Table:
    """The articles table with the drafts' hand-written membership."""
    values = {"relevance": [d.relevance for d in batch], "on_story": [d.relevance >= 0.5 for d in batch],
              "story_reasons": [story_reasons(d) for d in batch]}
    for name, column in values.items():
        articles = articles.set_column(articles.schema.get_field_index(name), name,
                                       pa.array(column, schema.ARTICLES_SCHEMA.field(name).type))
    return articles


def build_story_store(root: Path) -> dict[str, str]:
    """Write the test story into a store folder in two ingests a day apart; returns title -> article id."""
    every = drafts()
    parsed = {d.title: parse_draft(d) for d in every}
    link = {"article_id": parsed[every[1].title].article.article_id,
            "copy_of": parsed[every[0].title].article.article_id, "kind": "exact", "containment": 1.0}
    now = utc_now()
    for ingest, moment in ((0, now - timedelta(days=1)), (1, now)):
        batch = [d for d in every if d.ingest == ingest]
        items = [parsed[d.title] for d in batch]
        tables = build_tables(items, [fingerprint_text(p.article.text) for p in items], [], moment)
        tables[schema.ARTICLES] = with_membership(tables[schema.ARTICLES], batch)
        if ingest == 0:
            tables[schema.WIRE_LINKS] = pa.Table.from_pylist([link], schema=schema.WIRE_LINKS_SCHEMA)
        Store(root).commit(tables)
    return {title: p.article.article_id for title, p in parsed.items()}
