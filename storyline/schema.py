"""Column names and Arrow schemas of the stored tables: the one place where they are spelled."""
from __future__ import annotations

import pyarrow as pa

ARTICLE_ID = "article_id"

ARTICLES = "articles"
MENTIONS = "mentions"
QUOTES = "quotes"
DATES = "dates"
SENTENCES = "sentences"
WIRE_LINKS = "wire_links"

ARTICLES_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("url", pa.string()),
    ("outlet", pa.string()),
    ("title", pa.string()),
    ("author", pa.string()),
    ("published", pa.date32()),
    ("published_source", pa.string()),
    ("language", pa.string()),
    ("text", pa.string()),
    ("paragraph_starts", pa.list_(pa.int32())),
    ("source", pa.string()),
    ("note", pa.string()),
    ("parsed", pa.bool_()),
    ("word_count", pa.int32()),
    ("content_hash", pa.string()),
    ("minhash", pa.list_(pa.uint32())),
    ("ingested_at", pa.timestamp("us", tz="UTC")),
    ("relevance", pa.float32()),
    ("on_story", pa.bool_()),
    ("story_reasons", pa.string()),
])

MENTIONS_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("start", pa.int32()),
    ("end", pa.int32()),
    ("text", pa.string()),
    ("label", pa.string()),
    ("canonical", pa.string()),
    ("sentence", pa.int32()),
    ("metonymic", pa.bool_()),
])

QUOTES_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("quote_index", pa.int32()),
    ("start", pa.int32()),
    ("end", pa.int32()),
    ("text", pa.string()),
    ("speaker", pa.string()),
    ("conduit", pa.string()),
    ("verb", pa.string()),
    ("speaker_surface", pa.string()),
    ("sentence", pa.int32()),
])

DATES_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("start", pa.int32()),
    ("end", pa.int32()),
    ("text", pa.string()),
    ("value", pa.string()),
    ("granularity", pa.string()),
    ("date", pa.date32()),
    ("sentence", pa.int32()),
    ("role", pa.string()),
])

SENTENCES_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("sentence", pa.int32()),
    ("start", pa.int32()),
    ("end", pa.int32()),
])

# A wire-copy link: `article_id` is a copy of `copy_of` (exact or near), with the containment that confirmed it.
WIRE_LINKS_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("copy_of", pa.string()),
    ("kind", pa.string()),
    ("containment", pa.float32()),
])

SCHEMAS: dict[str, pa.Schema] = {
    ARTICLES: ARTICLES_SCHEMA,
    MENTIONS: MENTIONS_SCHEMA,
    QUOTES: QUOTES_SCHEMA,
    DATES: DATES_SCHEMA,
    SENTENCES: SENTENCES_SCHEMA,
    WIRE_LINKS: WIRE_LINKS_SCHEMA,
}

# Columns the read API adds to articles (computed at read time from wire links and the story).
WIRE_GROUP = "wire_group"
WIRE_EARLIEST = "wire_earliest"
WIRE_SIZE = "wire_size"
