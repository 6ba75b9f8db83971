"""Marked-up article text: every piece of text escaped, spans nested in a fixed order, paragraphs found."""
from __future__ import annotations

import pytest

from storyline.analysis.highlight import Span, mark_paragraphs, mark_text, paragraph_bounds


@pytest.mark.parametrize("text, spans, expected", [
    ("plain", [], "plain"),
    ("<script>alert(1)</script>", [], "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('<img src=x onerror="alert(1)">', [Span(0, 4, "entity", "PERSON")],
     '<mark class="sl-entity sl-entity-PERSON">&lt;img</mark> src=x onerror=&quot;alert(1)&quot;&gt;'),
    ("Kim said", [Span(0, 3, "entity", "PERSON", 'Kim "<b>"')],
     '<mark class="sl-entity sl-entity-PERSON" title="Kim &quot;&lt;b&gt;&quot;">Kim</mark> said'),
    ("ab", [Span(0, 2, "entity", 'X" onclick="alert(1)')], '<mark class="sl-entity sl-entity-Xonclickalert">ab</mark>'),
    ("We met Kim", [Span(0, 10, "quote"), Span(7, 10, "entity", "PERSON")],
     '<mark class="sl-quote">We met </mark><mark class="sl-quote"><mark class="sl-entity sl-entity-PERSON">Kim'
     '</mark></mark>'),
    ("abc", [Span(1, 2, "focus"), Span(0, 3, "quote")],
     '<mark class="sl-quote">a</mark><mark class="sl-focus"><mark class="sl-quote">b</mark></mark>'
     '<mark class="sl-quote">c</mark>'),
    ("abc", [Span(5, 9, "quote"), Span(2, 2, "entity")], "abc"),
])
def test_mark_text(text, spans, expected):
    assert mark_text(text, spans) == expected


def test_mark_text_with_an_offset_clips_spans_to_the_piece():
    assert mark_text("cd", [Span(1, 3, "quote")], offset=2) == '<mark class="sl-quote">c</mark>d'


TEXT = "First para.\n\nSecond <para>.\n\nThird."
STARTS = [0, 13, 29]


@pytest.mark.parametrize("position, expected", [(0, (0, 11)), (15, (13, 27)), (30, (29, 35)), (12, (0, 11))])
def test_paragraph_bounds(position, expected):
    assert paragraph_bounds(TEXT, STARTS, position) == expected


def test_mark_paragraphs():
    html = mark_paragraphs(TEXT, STARTS, [Span(20, 26, "entity", "ORG")])
    assert html == ('<p>First para.</p>\n<p>Second <mark class="sl-entity sl-entity-ORG">&lt;para&gt;</mark>.</p>\n'
                    '<p>Third.</p>')
