"""Quotation-mark pairing: find the spans of text between valid open/close marks, language-independent.

Marks are paired by typography and context only: an apostrophe inside or after a word is never a quote mark, a
closing mark with nothing open is ignored (breadcrumbs such as "Home » World"), an unclosed mark runs at most to
the end of its paragraph, except when the quote visibly goes on over the next paragraphs and closes there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE, SINGLE = "double", "single"
OPEN, CLOSE, EITHER = "open", "close", "either"
# A quote that never closes may still go on over this many more paragraphs before its closing mark.
MAX_CONTINUED_PARAGRAPHS = 4
MAX_NESTING = 3
# Doubled single marks stand for a double one: ASCII ('' ``) and typographic (‘‘ ’’, as some wires print them).
MARK_PATTERN = re.compile(r"''|``|‘‘|’’|[\"'“”„‟«»‘’‚‹›]")
OPENING_NEIGHBOURS = set("([{—–-/:") | set("“„«‘‚\"'‹")
TERMINAL_PUNCTUATION = set(",.;:!?…)]}—–-")


@dataclass(frozen=True)
class QuoteSpan:
    """The text between a pair of quotation marks; `start`/`end` exclude the marks and surrounding spaces."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset just past the closing mark (the paragraph end when the quote never closed)
    depth: int = 0  # 0 for an outer quote, 1 for a quote nested inside another
    closed: bool = True


@dataclass(frozen=True)
class Mark:
    """One quotation-mark character (or a doubled apostrophe) with the roles its context allows."""

    pos: int
    length: int
    family: str
    role: str
    weak: bool = False  # a closing apostrophe that may be a plural possessive ("the leaders’ summit")


def _left_open(text: str, i: int) -> bool:
    """Whether the character before offset i lets a mark open a quote (start, space, bracket, dash, colon)."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in OPENING_NEIGHBOURS


def _right_open(text: str, end: int) -> bool:
    """Whether the character after a mark ending at `end` lets it close a quote (end, space, punctuation)."""
    return end >= len(text) or text[end].isspace() or text[end] in TERMINAL_PUNCTUATION or text[end] in "”’»\"'"


def classify_mark(text: str, pos: int, length: int) -> Mark | None:
    """The role of the mark at `pos` by its glyph and neighbours, or None when it is an apostrophe or stray."""
    glyph = text[pos:pos + length]
    left_open, right_open = _left_open(text, pos), _right_open(text, pos + length)
    before = text[pos - 1] if pos else " "
    after = text[pos + length] if pos + length < len(text) else " "
    if glyph in ("“", "„", "«", "``", "‟", "‘‘"):
        return Mark(pos, length, DOUBLE, CLOSE if glyph == "“" and not left_open and right_open else OPEN)
    if glyph in ("”", "»", "’’"):
        return Mark(pos, length, DOUBLE, EITHER if glyph == "”" and left_open and not right_open else CLOSE)
    if glyph in ('"', "''"):
        if left_open and not right_open:
            return Mark(pos, length, DOUBLE, OPEN)
        if right_open and not left_open:
            return Mark(pos, length, DOUBLE, CLOSE)
        return None if left_open else Mark(pos, length, DOUBLE, EITHER)
    if glyph in ("‘", "‚", "‹"):
        return None if before.isalnum() else Mark(pos, length, SINGLE, OPEN)
    if glyph == "›":
        return Mark(pos, length, SINGLE, CLOSE)
    # ’ and ': an apostrophe inside a word (Kim’s, don't) or before a number (’90s) is not a quote mark.
    if before.isalnum() and after.isalnum():
        return None
    if glyph == "'" and left_open and after.isalnum():
        return Mark(pos, length, SINGLE, OPEN)
    if not left_open and not after.isalnum():
        weak = before.lower() == "s" and after == " " and text[pos + 2:pos + 3].islower()
        return Mark(pos, length, SINGLE, CLOSE, weak=weak)
    return None


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of the text: paragraphs are joined by newlines."""
    bounds, start = [], 0
    for match in re.finditer(r"\n", text + "\n"):
        if text[start:match.start()].strip():
            bounds.append((start, match.start()))
        start = match.end()
    return bounds


def paragraph_marks(text: str, start: int, end: int) -> list[Mark]:
    """The quotation marks of one paragraph, classified, with weak apostrophes dropped when a later closer exists."""
    marks = [mark for match in MARK_PATTERN.finditer(text, start, end)
             if (mark := classify_mark(text, match.start(), len(match.group()))) is not None]
    later_single_close = False
    kept: list[Mark] = []
    for mark in reversed(marks):
        if mark.family == SINGLE and mark.role == CLOSE:
            if mark.weak and later_single_close:
                continue
            later_single_close = True
        kept.append(mark)
    return kept[::-1]


def _span(text: str, open_mark: Mark, close_at: int, close_end: int, depth: int, closed: bool) -> QuoteSpan | None:
    """The quote between an opening mark and a closing offset, trimmed of spaces, or None when empty."""
    start, end = open_mark.pos + open_mark.length, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    return QuoteSpan(start, end, open_mark.pos, close_end, depth, closed)


def _closes_later(marks_by_paragraph: list[list[Mark]], index: int) -> bool:
    """Whether a double quote left open at the end of paragraph `index` closes in one of the next few paragraphs."""
    for marks in marks_by_paragraph[index + 1:index + 1 + MAX_CONTINUED_PARAGRAPHS]:
        for mark in marks:
            if mark.family == DOUBLE:
                return mark.role == CLOSE
    return False


def _opens_paragraph(text: str, marks: list[Mark], bounds: tuple[int, int]) -> bool:
    """Whether a paragraph starts with a double opening mark (the convention for a quote that goes on)."""
    return bool(marks) and marks[0].family == DOUBLE and marks[0].role != CLOSE and \
        not text[bounds[0]:marks[0].pos].strip()


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted span of the text in order of its opening mark, nested ones included."""
    bounds = paragraph_bounds(text)
    marks_by_paragraph = [paragraph_marks(text, start, end) for start, end in bounds]
    spans: list[QuoteSpan] = []
    stack: list[Mark] = []
    for index, ((_, para_end), marks) in enumerate(zip(bounds, marks_by_paragraph)):
        stack = [mark for mark in stack if mark.family == DOUBLE]  # a single quote never crosses paragraphs
        doubles = len(stack)
        last_unused_single: Mark | None = None
        for mark in marks:
            doubles_open = doubles > 0
            role = mark.role
            if role == EITHER:
                role = CLOSE if (mark.family == DOUBLE and doubles_open) else OPEN
            if role == OPEN:
                if len(stack) < MAX_NESTING:  # deeper marks in a run of openers are noise, not quotes
                    stack.append(mark)
                    doubles += mark.family == DOUBLE
            elif mark.family == DOUBLE and doubles_open:
                while stack[-1].family != DOUBLE:
                    stack.pop()
                opener = stack.pop()
                doubles -= 1
                if span := _span(text, opener, mark.pos, mark.pos + mark.length, len(stack), True):
                    spans.append(span)
            elif mark.family == SINGLE and stack and stack[-1].family == SINGLE:
                opener = stack.pop()
                if span := _span(text, opener, mark.pos, mark.pos + mark.length, len(stack), True):
                    spans.append(span)
            elif mark.family == SINGLE:
                last_unused_single = mark
        stack = [mark for mark in stack if mark.family == DOUBLE]
        if not stack:
            continue
        tail_closer = last_unused_single is not None and last_unused_single.pos > stack[-1].pos and \
            not text[last_unused_single.pos + 1:para_end].strip(" .")
        if tail_closer:  # mismatched marks: “… ’ at the end of the paragraph
            opener = stack.pop()
            if span := _span(text, opener, last_unused_single.pos, last_unused_single.pos + 1, len(stack), True):
                spans.append(span)
        next_opens = index + 1 < len(bounds) and _opens_paragraph(text, marks_by_paragraph[index + 1],
                                                                   bounds[index + 1])
        if stack and (next_opens or not _closes_later(marks_by_paragraph, index)):
            # only the outermost runs on to the paragraph end: marks opened inside it are not quotes of their own
            if span := _span(text, stack[0], para_end, para_end, 0, False):
                spans.append(span)
            stack = []
    return sorted(spans, key=lambda s: (s.open_mark, s.depth))
