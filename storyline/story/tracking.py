"""The story in a store: its founding articles, its members, and the judging of batches as they are ingested.

The founding articles are those of data/seed/ (read, not parsed, to learn their ids). The members are read
from the store: the founding and accepted articles, and those stored as relevant at least `adapt_at`. Only
when the store holds no founding or accepted article is data/seed/ parsed (spaCy) to stand in for the story.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa

from storyline import schema
from storyline.records import ParsedArticle
from storyline.store import Store
from storyline.story.decisions import StoryDecisions, read_decisions
from storyline.story.membership import (ADAPTED, FOUNDING, MEMBERSHIP_COLUMNS, MENTION_COLUMNS, TEXT_COLUMNS,
                                        MembershipOptions, StoryProfile, build_profile, gather_evidence,
                                        judge_articles, member_roles, parsed_frames, score_articles)

SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "seed"


@functools.lru_cache(maxsize=4)
def founding_ids(seed_dir: Path = SEED_DIR) -> frozenset[str]:
    """Ids of the founding articles: those in data/seed/, read (not parsed) to learn their ids. An id is made of
    the link and the text, so nothing else is checked (detecting the language alone took 0.7 s)."""
    from storyline.ingest.sources import read_inputs  # readers only: no model is loaded
    return frozenset(a.article_id for a in read_inputs([str(seed_dir)], checked=False)
                     if not isinstance(a, Exception))


@functools.lru_cache(maxsize=2)
def default_story(seed_dir: Path = SEED_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and mentions of data/seed/ parsed with spaCy: the story when the store holds none of it."""
    from storyline.ingest.sources import read_inputs
    from storyline.nlp.parse import parse_articles  # the one place membership needs the model
    articles = [a for a in read_inputs([str(seed_dir)]) if not isinstance(a, Exception)]
    return parsed_frames(list(parse_articles(articles)))


def default_profile(options: MembershipOptions | None = None) -> StoryProfile:
    """The profile of the default story: the founding articles of data/seed/."""
    articles, mentions = default_story()
    return build_profile(gather_evidence(articles, mentions),
                         {aid: FOUNDING for aid in articles[schema.ARTICLE_ID]}, options or MembershipOptions())


def read_member_frames(store: Store, ids: Sequence[str], adapt_at: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stored articles that are listed in `ids` or were scored at least `adapt_at`, and their mentions."""
    where = "article_id = ANY(?) OR (on_story AND relevance >= ?)"
    articles = store.read_table(schema.ARTICLES, TEXT_COLUMNS + ["relevance"], where, [list(ids), adapt_at])
    mentions = store.read_table(schema.MENTIONS, MENTION_COLUMNS, "article_id = ANY(?)",
                                [articles[schema.ARTICLE_ID].tolist()])
    return articles, mentions


def profile_from_frames(articles: pd.DataFrame, mentions: pd.DataFrame, decisions: StoryDecisions,
                        options: MembershipOptions) -> StoryProfile:
    """The story among these articles (founding, accepted, stored as very relevant), else the default story."""
    adapted = articles.loc[articles["relevance"].ge(options.adapt_at), schema.ARTICLE_ID] \
        if "relevance" in articles else []
    roles = member_roles(articles[schema.ARTICLE_ID], adapted, decisions, founding_ids())
    if not any(role != ADAPTED for role in roles.values()):
        return default_profile(options)
    return build_profile(gather_evidence(articles, mentions), roles, options)


def load_profile(store: Store, options: MembershipOptions | None = None) -> StoryProfile:
    """The story as the store holds it; the default story when it holds no founding or accepted article."""
    options = options or MembershipOptions()
    decisions = read_decisions(store.root)
    articles, mentions = read_member_frames(store, sorted(founding_ids() | decisions.accepted), options.adapt_at)
    return profile_from_frames(articles, mentions, decisions, options)


def parse_profile(store: Store) -> StoryProfile:
    """The story `parse` judges against: the store's, or the default story when the store is empty."""
    return default_profile() if store.is_empty() else load_profile(store)


def score_parsed(parsed: ParsedArticle, profile: StoryProfile,
                 options: MembershipOptions | None = None) -> tuple[float, bool]:
    """Relevance and on_story of one parsed article (not stored) against a story profile."""
    scored = score_articles(gather_evidence(*parsed_frames([parsed])), profile, options or MembershipOptions())
    return float(scored["relevance"].iloc[0]), bool(scored["on_story"].iloc[0])


def with_membership(articles: pa.Table, judged: pd.DataFrame) -> pa.Table:
    """The articles table with its membership columns replaced by the judged values (matched by id)."""
    # One vectorised lookup per column: a re-score rewrites up to every stored article.
    ids = articles.column(schema.ARTICLE_ID).to_pandas()
    by_id = judged.set_index(schema.ARTICLE_ID)[MEMBERSHIP_COLUMNS].reindex(ids)
    for name in MEMBERSHIP_COLUMNS:
        values = pa.array(by_id[name], schema.ARTICLES_SCHEMA.field(name).type, from_pandas=True)
        articles = articles.set_column(articles.schema.get_field_index(name), name, values)
    return articles


class StoryTracker:
    """Judges the batches of one ingest session; reads the story's members from the store once."""

    def __init__(self, store: Store, options: MembershipOptions | None = None) -> None:
        self.store = store
        self.options = options or MembershipOptions()
        self._members: tuple[pd.DataFrame, pd.DataFrame] | None = None
        self._profile: StoryProfile | None = None

    def judge(self, articles: pa.Table, mentions: pa.Table) -> pa.Table:
        """A batch's articles table with relevance, on_story and story_reasons set."""
        frame = articles.select(TEXT_COLUMNS).to_pandas()
        mention_frame = mentions.select(MENTION_COLUMNS).to_pandas()
        decisions = read_decisions(self.store.root)
        self._take_vetted(frame, mention_frame, decisions)
        if self._profile is None:
            self._profile = profile_from_frames(*self._members, decisions, self.options)
        judged = judge_articles(gather_evidence(frame, mention_frame), self._profile, decisions, self.options)
        return with_membership(articles, judged)

    def _take_vetted(self, frame: pd.DataFrame, mentions: pd.DataFrame, decisions: StoryDecisions) -> None:
        """Load the stored members once; add the batch's founding and accepted articles to them."""
        vetted = founding_ids() | decisions.accepted
        if self._members is None:
            self._members = read_member_frames(self.store, sorted(vetted), self.options.adapt_at)
        joining = frame[schema.ARTICLE_ID].isin(list(vetted))
        if joining.any():
            articles, member_mentions = self._members
            ids = frame.loc[joining, schema.ARTICLE_ID]
            self._members = (pd.concat([articles[~articles[schema.ARTICLE_ID].isin(ids)], frame[joining]]),
                             pd.concat([member_mentions[~member_mentions[schema.ARTICLE_ID].isin(ids)],
                                        mentions[mentions[schema.ARTICLE_ID].isin(ids)]]))
            self._profile = None
