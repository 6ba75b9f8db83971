"""Reviewing membership in a store: the on-story filter, the rejected articles, decisions and re-scoring.

Re-scoring reads stored columns and mentions only (no spaCy: it runs on a click in the dashboard); the word
vectors of the texts are kept by the process (`STORED_VECTORS`), so a click vectorises only the articles ingested
since the last one. It runs in two passes, as an adaptive tracker: score every article against the vetted members
(founding and accepted), let the very relevant ones join the centroid, score again. A store without a vetted article is scored against the articles
it already holds as very relevant; one without those either has no story to score against (`NoStoryError`, and a
decision that led there is undone). Articles whose stored membership changed are written back with all their rows
(`Store.commit` replaces an article as a whole), keeping their `ingested_at`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from scipy import sparse

from storyline import schema
from storyline.errors import StorylineError
from storyline.store import Store
from storyline.story.decisions import (ACCEPT, REJECT, StoryDecisions, clear_decision, read_decisions,
                                       record_decision, write_decisions)
from storyline.story.membership import (ACCEPTED, ADAPTED, FOUNDING, MEMBERSHIP_COLUMNS, MENTION_COLUMNS,
                                        REJECTED, SCORED, TEXT_COLUMNS, MembershipOptions, TermVectorCache,
                                        build_profile, decide_articles, gather_evidence, judge_articles,
                                        member_roles, read_evidence, summary_from)
from storyline.story.tracking import founding_ids, with_membership

VIEW_COLUMNS = [schema.ARTICLE_ID, "published", "outlet", "title", "url", "ingested_at", *MEMBERSHIP_COLUMNS]
# What a re-score reads of every article: no text, which only unparsed articles and uncached vectors need.
STORY_COLUMNS = [c for c in TEXT_COLUMNS if c != "text"] + ["ingested_at", *MEMBERSHIP_COLUMNS]
# The word vectors of the stored articles, kept by the process: a click re-vectorises only what was ingested since.
STORED_VECTORS = TermVectorCache()


@dataclass(frozen=True)
class RescoreReport:
    """What a re-scoring found and wrote."""

    scored: int = 0
    on_story: int = 0
    adapted: int = 0
    rewritten: int = 0

    def summary_line(self) -> str:
        """The one line the CLI prints."""
        return (f"scored {self.scored}, on the story {self.on_story}, joined the centroid {self.adapted}, "
                f"rewritten {self.rewritten}")


class NoStoryError(StorylineError):
    """The store holds no article of the story to score the others against."""


def stored_story(articles: pd.DataFrame, decisions: StoryDecisions, adapt_at: float) -> dict[str, str]:
    """Roles of the articles stored as very relevant to the story (not rejected): the story when none is vetted.

    An article scored while it was itself founding or accepted is left out: its relevance measured itself."""
    was_vetted = articles["story_reasons"].map(lambda r: read_evidence(r).get("decision")).isin([FOUNDING, ACCEPTED])
    relevant = articles["on_story"].astype("boolean").fillna(False) & articles["relevance"].ge(adapt_at)
    chosen = relevant.astype(bool) & ~was_vetted
    return member_roles([], articles.loc[chosen, schema.ARTICLE_ID], decisions, frozenset())


def story_frames(store: Store, options: MembershipOptions | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Every stored article (STORY_COLUMNS, and `text` of the unparsed ones only, where names are looked up) and
    mention, with the story members' roles: the founding and accepted articles, else those stored as very
    relevant. Only stored articles count, so no model is ever loaded."""
    options = options or MembershipOptions()
    decisions = read_decisions(store.root)
    articles = store.read_table(schema.ARTICLES, STORY_COLUMNS)
    unparsed = articles.loc[articles["parsed"].eq(False), schema.ARTICLE_ID]
    articles["text"] = articles[schema.ARTICLE_ID].map(stored_texts(store, unparsed.tolist()))
    roles = (member_roles(articles[schema.ARTICLE_ID], [], decisions, founding_ids())
             or stored_story(articles, decisions, options.adapt_at))
    if not roles:
        raise NoStoryError(f"{store.root}: no article of the story to score against; add the founding article "
                           "(python -m storyline seed, or the Story review page) or accept an article")
    return articles, store.read_table(schema.MENTIONS, MENTION_COLUMNS), roles


def stored_texts(store: Store, ids: list[str]) -> pd.Series:
    """Article id -> stored text of the articles `ids`."""
    if not ids:
        return pd.Series(dtype=object)
    found = store.read_table(schema.ARTICLES, [schema.ARTICLE_ID, "text"], "article_id = ANY(?)", [ids])
    return found.set_index(schema.ARTICLE_ID)["text"]


def stored_vectors(store: Store, articles: pd.DataFrame) -> sparse.csr_matrix:
    """Word vectors of stored articles (STORY_COLUMNS), row for row: cached, the texts of new ones read."""
    return STORED_VECTORS.vectors(articles, lambda ids: stored_texts(store, ids))


def holds_founding(store: Store) -> bool:
    """Whether the store holds one of the founding articles of data/seed/ (read, not parsed)."""
    found = store.read_table(schema.ARTICLES, [schema.ARTICLE_ID], "article_id = ANY(?)", [sorted(founding_ids())])
    return not found.empty


def rescore_articles(articles: pd.DataFrame, mentions: pd.DataFrame, vetted: dict[str, str],
                     decisions: StoryDecisions, options: MembershipOptions, terms: sparse.csr_matrix) -> pd.DataFrame:
    """Membership of every article: against the vetted members, then against them plus the very relevant.
    `terms` are the articles' word vectors, row for row (`stored_vectors`): `articles` need no text."""
    evidence = gather_evidence(articles[TEXT_COLUMNS], mentions, terms)
    first = decide_articles(evidence, build_profile(evidence, vetted, options), decisions, options)
    joins = first.loc[first["relevance"].ge(options.adapt_at) & first["decision"].eq(SCORED), schema.ARTICLE_ID]
    roles = {**{aid: ADAPTED for aid in joins}, **vetted}
    return judge_articles(evidence, build_profile(evidence, roles, options), decisions, options)


def changed_membership(stored: pd.DataFrame, judged: pd.DataFrame) -> pd.Series:
    """Ids whose stored relevance, on_story or reasons differ from the judged ones."""
    both = stored[[schema.ARTICLE_ID, *MEMBERSHIP_COLUMNS]].merge(judged[[schema.ARTICLE_ID, *MEMBERSHIP_COLUMNS]],
                                                                   on=schema.ARTICLE_ID, suffixes=("_old", ""))
    differs = (both["relevance_old"].astype(float).round(3).ne(both["relevance"])
               | both["on_story_old"].astype("boolean").ne(both["on_story"]).fillna(True)
               | both["story_reasons_old"].ne(both["story_reasons"]))
    return both.loc[differs, schema.ARTICLE_ID]


def rewrite_membership(store: Store, judged: pd.DataFrame, ids: pd.Series) -> int:
    """Write the judged membership of `ids` back to the store; returns how many articles were rewritten."""
    if ids.empty:
        return 0
    where, params = "article_id = ANY(?)", [ids.tolist()]
    tables = {name: store.read_arrow(name, where=where, params=params) for name in schema.SCHEMAS}
    tables[schema.ARTICLES] = with_membership(tables[schema.ARTICLES], judged)
    store.commit(tables)
    return tables[schema.ARTICLES].num_rows


def rescore_store(store: Store, options: MembershipOptions | None = None) -> RescoreReport:
    """Score every stored article against the story as it now stands and store what changed."""
    options = options or MembershipOptions()
    with store.writer():  # an ingest must not update an article between this read and the rewrite below
        articles, mentions, vetted = story_frames(store, options)
        decisions = read_decisions(store.root)
        judged = rescore_articles(articles, mentions, vetted, decisions, options, stored_vectors(store, articles))
        stored_ids = store.read_table(schema.ARTICLES, [schema.ARTICLE_ID])[schema.ARTICLE_ID]
        judged = judged[judged[schema.ARTICLE_ID].isin(stored_ids)]
        changed = changed_membership(articles, judged)
        rewritten = rewrite_membership(store, judged, changed)
    return RescoreReport(scored=len(judged), on_story=int(judged["on_story"].sum()),
                         adapted=int(judged["decision"].eq(ADAPTED).sum()), rewritten=rewritten)


def decide(store: Store, article_id: str, decision: str, options: MembershipOptions | None = None) -> RescoreReport:
    """Keep an analyst's accept/reject decision and re-score the store against the story it changes."""
    return change_and_rescore(store, lambda: record_decision(store, article_id, decision), options)


def clear(store: Store, article_id: str, options: MembershipOptions | None = None) -> RescoreReport:
    """Forget the analyst's decision on an article (it goes back to being scored) and re-score the store."""
    return change_and_rescore(store, lambda: clear_decision(store, article_id), options)


def change_and_rescore(store: Store, change: Callable[[], StoryDecisions],
                       options: MembershipOptions | None) -> RescoreReport:
    """Change the decisions and re-score; when no story is left to score against, the change is undone."""
    with store.writer():
        before = read_decisions(store.root)
        change()
        try:
            return rescore_store(store, options)
        except NoStoryError:
            write_decisions(store.root, before)
            raise


def accept(store: Store, article_id: str) -> RescoreReport:
    """Accept an article into the story (it joins the centroid) and re-score."""
    return decide(store, article_id, ACCEPT)


def reject(store: Store, article_id: str) -> RescoreReport:
    """Reject an article from the story (it never joins the centroid) and re-score."""
    return decide(store, article_id, REJECT)


# ----- views for the CLI and the dashboard ----------------------------------------------------------------

def compute_membership_view(articles: pd.DataFrame, decisions: StoryDecisions) -> pd.DataFrame:
    """Articles with `decision` (accept/reject/None), `reasons` (a sentence) and `shared_entities`.

    Decisions override the stored on_story, so a decision shows at once even before re-scoring.
    """
    view = articles.copy()
    ids = view[schema.ARTICLE_ID]
    view["decision"] = ids.map(lambda aid: ACCEPT if aid in decisions.accepted
                               else REJECT if aid in decisions.rejected else None)
    on_story = view["on_story"].astype("boolean")
    view["on_story"] = on_story.mask(view["decision"].eq(ACCEPT), True).mask(view["decision"].eq(REJECT), False)
    evidence = view["story_reasons"].map(read_evidence)
    view["reasons"] = pd.Series(map(summary_from, evidence, view["story_reasons"]), index=view.index, dtype="str")
    view["shared_entities"] = evidence.map(lambda e: list(e.get("shared_entities", [])))
    # The role the last scoring gave (founding, accepted, rejected, adapted, scored); a newer decision wins.
    view["role"] = evidence.map(lambda e: e.get("decision")).mask(view["decision"].eq(ACCEPT), ACCEPTED) \
        .mask(view["decision"].eq(REJECT), REJECTED)
    return view


def read_membership(store: Store) -> pd.DataFrame:
    """Stored articles (no text) with their membership, decisions and reasons (see compute_membership_view)."""
    articles = store.read_table(schema.ARTICLES, VIEW_COLUMNS)
    return compute_membership_view(articles, read_decisions(store.root))


def filter_on_story(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles on the story; articles never scored (on_story missing) are kept rather than hidden."""
    return articles[articles["on_story"].astype("boolean").fillna(True).astype(bool)]


def list_on_story(view: pd.DataFrame) -> pd.DataFrame:
    """On-story articles, newest first."""
    return filter_on_story(view).sort_values(["published", "relevance"], ascending=False, na_position="last")


def list_rejected(view: pd.DataFrame) -> pd.DataFrame:
    """Articles kept out of the story with the reasons, the closest calls first (for a review pane)."""
    rejected = view[view["on_story"].astype("boolean").eq(False).fillna(False).astype(bool)]
    return rejected.sort_values("relevance", ascending=False, na_position="last")
