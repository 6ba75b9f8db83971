"""Direct quotes with speakers (first version: curly double quotes, nearest PERSON/ORG in the sentence)."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from storyline.records import Mention, Quote

QUOTE_PATTERN = re.compile(r"“([^“”]+)”")
REPORTING_VERBS = {"say", "tell", "add", "write", "read", "state", "announce", "praise", "according"}


def extract_quotes(doc: Doc, mentions: list[Mention]) -> list[Quote]:
    """Direct quotes of a doc with the nearest named speaker in the same sentence."""
    quotes = []
    for match in QUOTE_PATTERN.finditer(doc.text):
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        sent = span.sent if span is not None else None
        speaker, verb = None, None
        if sent is not None:
            for token in sent:
                if token.lemma_ in REPORTING_VERBS and not (match.start() <= token.idx < match.end()):
                    verb = token.text
                    break
            candidates = [m for m in mentions if m.label in ("PERSON", "ORG")
                          and sent.start_char <= m.start < sent.end_char
                          and not (match.start() <= m.start < match.end())]
            if candidates and verb:
                speaker = min(candidates, key=lambda m: abs(m.start - match.start())).canonical
        quotes.append(Quote(match.start(1), match.end(1), match.group(1), speaker, None, verb))
    return quotes
