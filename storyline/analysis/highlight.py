"""Article text as HTML with entities and quotes marked; every piece of text is escaped, markup is ours."""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

KINDS = ("focus", "quote", "entity")  # outermost first when spans nest (focus: the quote being looked at)


@dataclass(frozen=True)
class Span:
    """A marked stretch of text: offsets into the text, a kind (quote/entity/focus), a CSS tag and a tooltip."""

    start: int
    end: int
    kind: str
    tag: str = ""
    note: str = ""


def css_class(span: Span) -> str:
    """CSS classes of a span; the tag (an entity type, say) is reduced to letters so it cannot break out."""
    tag = re.sub(r"[^A-Za-z]", "", span.tag)
    return f"sl-{span.kind}" + (f" sl-{span.kind}-{tag}" if tag else "")


def mark_text(text: str, spans: Sequence[Span], offset: int = 0) -> str:
    """`text` (which starts at `offset` of the article) escaped, with each span wrapped in a <mark>."""
    inside = [s for s in spans if s.end > offset and s.start < offset + len(text) and s.end > s.start]
    cuts = sorted({0, len(text)} | {min(max(p - offset, 0), len(text)) for s in inside for p in (s.start, s.end)})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        piece = html.escape(text[left:right])
        covering = [s for s in inside if s.start - offset <= left and s.end - offset >= right]
        for span in sorted(covering, key=lambda s: KINDS.index(s.kind) if s.kind in KINDS else 0, reverse=True):
            title = f' title="{html.escape(span.note, quote=True)}"' if span.note else ""
            piece = f'<mark class="{css_class(span)}"{title}>{piece}</mark>'
        pieces.append(piece)
    return "".join(pieces)


def paragraph_bounds(text: str, paragraph_starts: Sequence[int], position: int) -> tuple[int, int]:
    """Start and end offsets of the paragraph holding `position` (paragraphs are joined by blank lines)."""
    starts = sorted(int(s) for s in paragraph_starts) or [0]
    start = max((s for s in starts if s <= position), default=0)
    later = [s for s in starts if s > start]
    end = later[0] - 2 if later else len(text)
    return start, max(end, start)


def mark_paragraphs(text: str, paragraph_starts: Sequence[int], spans: Sequence[Span]) -> str:
    """The whole article as <p> paragraphs with spans marked."""
    starts = sorted(int(s) for s in paragraph_starts) or [0]
    ends = [s - 2 for s in starts[1:]] + [len(text)]
    return "\n".join(f"<p>{mark_text(text[start:end], spans, start)}</p>" for start, end in zip(starts, ends))
