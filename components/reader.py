"""The article reader: text with entities and quotes marked (escaped), where each piece came from, wire copies."""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from components.data import load_article
from components.page import PageContext, escape_markdown
from components.review import REVIEW_PAGE
from components.tables import render_table
from storyline import schema
from storyline.analysis.articles import describe_provenance, reader_spans
from storyline.analysis.highlight import Span, mark_paragraphs, mark_text
from storyline.story.membership import reasons_summary

LEGEND = (("quote (hover: speaker)", "quote", ""), ("person", "entity", "PERSON"), ("organisation", "entity", "ORG"),
          ("place", "entity", "GPE"), ("group or event", "entity", "NORP"))


def render_metadata(article: dict) -> None:
    """Where each piece of metadata came from, one line each."""
    rows = "".join(f"<tr><th>{html.escape(field)}</th><td>{html.escape(str(value))}</td></tr>"
                   for field, value in describe_provenance(article))
    st.html(f'<table class="sl-meta">{rows}</table>')


def render_wire_group(context: PageContext, article: dict) -> None:
    """The other copies of the same wire story, earliest first."""
    row = context.full.articles[context.full.articles[schema.ARTICLE_ID] == article[schema.ARTICLE_ID]]
    group = row[schema.WIRE_GROUP].iloc[0] if len(row) else None
    if group is None or pd.isna(group):
        st.caption("Not a wire copy: no other stored article carries this text.")
        return
    members = context.full.articles[context.full.articles[schema.WIRE_GROUP] == group]
    members = members.sort_values(["published", "ingested_at"], na_position="last")
    members = members[["published", "outlet", "title", schema.WIRE_EARLIEST, schema.ARTICLE_ID]]
    st.caption(f"One of {len(members)} copies of a wire story; the earliest counts when wire copies count once.")
    render_table(members, "wire-group", key="reader_wire", height=240,
                 column_config={"published": st.column_config.DateColumn("published"),
                                schema.WIRE_EARLIEST: st.column_config.CheckboxColumn("earliest")})


def render_membership(context: PageContext, article_id: str) -> None:
    """Whether the article is on the story, how relevant, why, and where to change that."""
    row = context.full.articles[context.full.articles[schema.ARTICLE_ID] == article_id]
    if row.empty:
        return
    on_story, relevance = row["on_story"].iloc[0], row["relevance"].iloc[0]
    side = "Not scored yet (counts as on the story)" if pd.isna(on_story) else \
        "On the story" if on_story else "Kept out of the story"
    score = f" · relevance {relevance:.2f}" if pd.notna(relevance) else ""
    reasons = reasons_summary(row["story_reasons"].iloc[0])
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(escape_markdown(f"{side}{score}" + (f": {reasons}" if reasons else "")))
        st.page_link(REVIEW_PAGE, label="Review", icon="🧭", query_params=context.state.to_query_params())


def render_reader(context: PageContext, article_id: str) -> None:
    """One article: title, metadata, wire group, and its text with quotes and entities marked."""
    article = load_article(context.path, context.version, article_id)
    if article is None:
        st.warning("This article is not in the store (it may have been removed).")
        return
    st.subheader(escape_markdown(article["title"] or "(untitled)"))
    if article.get("url"):
        st.link_button("Open the original ↗", article["url"])
    render_metadata(article)
    render_membership(context, article_id)
    if not article.get("parsed", True):
        st.info(f"This article is in “{escape_markdown(str(article.get('language')))}”: it is stored and "
                "searchable but was not parsed, so it has no entities, quotes or dates.")
    render_wire_group(context, article)
    story = context.full
    mentions = story.mentions[story.mentions[schema.ARTICLE_ID] == article_id]
    quotes = story.quotes[story.quotes[schema.ARTICLE_ID] == article_id]
    legend = " ".join(mark_text(word, [Span(0, len(word), kind, tag)]) for word, kind, tag in LEGEND)
    st.html(f'<div class="sl-legend sl-meta">Marked: {legend}</div>')
    body = mark_paragraphs(article["text"], article["paragraph_starts"], reader_spans(mentions, quotes))
    st.html(f'<div class="sl-reader">{body}</div>')
    with st.expander(f"{len(quotes)} quotes and {len(mentions)} entity mentions as tables"):
        render_table(quotes.drop(columns=[schema.ARTICLE_ID]), f"quotes-{article_id}", key="reader_quotes")
        render_table(mentions.drop(columns=[schema.ARTICLE_ID]), f"mentions-{article_id}", key="reader_mentions")
