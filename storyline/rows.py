"""Arrow tables of the stored schema built from parsed articles."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pyarrow as pa

from storyline import schema
from storyline.ingest.dedup import Fingerprint, WireLink
from storyline.records import ParsedArticle


def paragraph_starts(paragraphs: Sequence[str]) -> list[int]:
    """Character offset of each paragraph in the text (paragraphs joined by blank lines)."""
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + 2
    return starts


def article_row(parsed: ParsedArticle, fingerprint: Fingerprint, ingested_at: datetime) -> dict:
    """One articles-table row."""
    a = parsed.article
    return {"article_id": a.article_id, "url": a.url, "outlet": a.outlet, "title": a.title, "author": a.author,
            "published": a.published, "published_source": a.published_source, "language": a.language,
            "text": a.text, "paragraph_starts": paragraph_starts(a.paragraphs), "source": a.source,
            "note": a.note, "parsed": parsed.parsed, "word_count": len(a.text.split()),
            "content_hash": fingerprint.digest, "minhash": fingerprint.stored_values(), "ingested_at": ingested_at,
            "relevance": None, "on_story": None, "story_reasons": None}


def build_tables(parsed: Sequence[ParsedArticle], fingerprints: Sequence[Fingerprint],
                 links: Sequence[WireLink], ingested_at: datetime) -> dict[str, pa.Table]:
    """All stored tables for a batch of parsed articles."""
    rows: dict[str, list[dict]] = {name: [] for name in schema.SCHEMAS}
    for item, fingerprint in zip(parsed, fingerprints):
        aid = item.article.article_id
        rows[schema.ARTICLES].append(article_row(item, fingerprint, ingested_at))
        rows[schema.MENTIONS] += [{"article_id": aid, "start": m.start, "end": m.end, "text": m.text,
                                   "label": m.label, "canonical": m.canonical, "sentence": m.sentence,
                                   "metonymic": m.metonymic} for m in item.mentions]
        rows[schema.QUOTES] += [{"article_id": aid, "quote_index": i, "start": q.start, "end": q.end,
                                 "text": q.text, "speaker": q.speaker, "conduit": q.conduit, "verb": q.verb,
                                 "speaker_surface": q.speaker_surface, "sentence": q.sentence}
                                for i, q in enumerate(item.quotes)]
        rows[schema.DATES] += [{"article_id": aid, "start": d.start, "end": d.end, "text": d.text,
                                "value": d.value, "granularity": d.granularity, "date": first_day(d.value),
                                "sentence": d.sentence, "role": d.role} for d in item.dates]
        rows[schema.SENTENCES] += [{"article_id": aid, "sentence": s.index, "start": s.start, "end": s.end}
                                   for s in item.sentences]
    rows[schema.WIRE_LINKS] = [{"article_id": l.article_id, "copy_of": l.copy_of, "kind": l.kind,
                                "containment": l.containment} for l in links]
    return {name: pa.Table.from_pylist(rows[name], schema=schema.SCHEMAS[name]) for name in schema.SCHEMAS}


def first_day(value: str) -> date | None:
    """The first day of a resolved date value (YYYY-MM-DD, YYYY-MM or YYYY), for placing it on a timeline."""
    parts = (value or "").split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None
