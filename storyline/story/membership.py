"""Story membership: how relevant an article is to the story, whether it belongs, and why.

The story is its member articles (see `tracking`): the founding and accepted articles, and the articles
relevant enough to adapt the centroid (with `adapted_weight`, so it cannot drift far from the vetted ones).
An article's relevance is

    relevance = content(similarity) × time_factor,  similarity = term_share·wording + (1 − term_share)·entities

where `content` is a logistic curve (one half at `midpoint`) and the time factor comes from
`signals.time_evidence`. An article in another language than the story is judged on entities alone, since
wording cannot be compared across languages. It belongs when relevance ≥ `threshold`, unless the analyst
decided otherwise. Everything here works on stored text and mentions: no model runs.
"""
from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from scipy import sparse

from storyline import schema
from storyline.records import ParsedArticle
from storyline.story.decisions import StoryDecisions
from storyline.story.signals import (TERM_FEATURES, TimeRules, day_numbers, entity_centroid, entity_counts,
                                     entity_keys, entity_similarity, entity_weights, is_among, names_in_text,
                                     shared_entities, term_centroid, term_vectors, time_evidence)

FOUNDING, ACCEPTED, REJECTED, ADAPTED, SCORED = "founding", "accepted", "rejected", "adapted", "scored"
MEMBERSHIP_COLUMNS = ["relevance", "on_story", "story_reasons"]
TEXT_COLUMNS = [schema.ARTICLE_ID, "title", "text", "published", "language", "parsed"]
MENTION_COLUMNS = [schema.ARTICLE_ID, "text", "label", "canonical"]
SHOWN_ENTITIES = 4
TITLE_CHARS = 60  # a story article's title named in a reason is cut to this
LOOKED_UP_ENTITIES = 100  # the story's most central entities, looked up by name in headlines and unparsed text


@dataclass(frozen=True)
class MembershipOptions:
    """Weights and thresholds of the membership decision (one object passed down)."""

    threshold: float = 0.5       # relevance at which an article belongs
    term_share: float = 0.5      # weight of shared wording against shared entities
    midpoint: float = 0.25       # similarity scored one half: unrelated news stays below ~0.1, the story above ~0.4
    spread: float = 0.04         # width of the logistic step around the midpoint
    adapt_at: float = 0.9        # stored articles at least this relevant join the centroid
    adapted_weight: float = 0.5  # the adapted articles' share of the centroid, against 1 for the vetted ones
    time: TimeRules = field(default_factory=TimeRules)


@dataclass(frozen=True)
class StoryProfile:
    """The story's centroid and dates, built from its member articles."""

    terms: np.ndarray                 # L2-normalised centroid in the hashed word space
    entities: pd.Series               # entity key -> centroid weight, most central first
    names: dict[str, str]             # entity key -> the canonical name shown for it
    surfaces: dict[str, str]          # surface form -> entity key, to find names in unparsed text
    start: date | None                # earliest publication day of a founding or accepted article
    member_days: np.ndarray           # publication days (day numbers) of every member
    language: str                     # the language most members are written in
    roles: dict[str, str]             # member article id -> founding / accepted / adapted
    # publication day number -> (article id, title, day) of up to two members that day, vetted first: the story
    # article a reason names as the closest in time (two, so that a member is never named as its own neighbour)
    members_by_day: dict[float, tuple[tuple[str, str, date], ...]] = field(default_factory=dict)


# ----- evidence and profile ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ArticleEvidence:
    """What scoring reads about a set of articles, computed once: word vectors and entity mentions."""

    articles: pd.DataFrame        # TEXT_COLUMNS, one row per article, index 0..n-1
    terms: sparse.csr_matrix      # the articles' word vectors, row for row
    counts: pd.DataFrame          # article_id, key, count of the extracted mentions
    mentions: pd.DataFrame        # MENTION_COLUMNS plus the entity key, for names and surfaces


def article_texts(articles: pd.DataFrame) -> list[str]:
    """Headline and text of each article, the words its wording is judged on."""
    titles = articles["title"].fillna("") if "title" in articles else pd.Series("", index=articles.index)
    return (titles + "\n" + articles["text"].fillna("")).tolist()


def gather_evidence(articles: pd.DataFrame, mentions: pd.DataFrame,
                    terms: sparse.csr_matrix | None = None) -> ArticleEvidence:
    """The evidence of articles (TEXT_COLUMNS) and their mentions (MENTION_COLUMNS). With `terms` (the articles'
    word vectors, row for row, as `TermVectorCache` keeps them) only unparsed articles need their text."""
    frame = articles.reset_index(drop=True)
    keyed = mentions[MENTION_COLUMNS].assign(key=entity_keys(mentions["canonical"]))
    vectors = term_vectors(article_texts(frame)) if terms is None else terms
    return ArticleEvidence(frame, vectors, entity_counts(mentions), keyed)


class TermVectorCache:
    """Word vectors of stored articles by (article_id, ingested_at), kept between calls of one process.

    Vectorising every text is most of a re-score, and a stored article's text changes only when an ingest
    replaces it with a new `ingested_at`; so the dashboard, one long-lived process, vectorises an article once.
    The cache holds the articles of its last call only: replaced and removed articles drop out, and memory stays
    one store's worth. A row is the vector `term_vectors` gives, bit for bit.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the dashboard serves each session on its own thread
        self._rows: dict[tuple[str, int], int] = {}
        self._vectors = sparse.csr_matrix((0, TERM_FEATURES), dtype=np.float32)

    def vectors(self, articles: pd.DataFrame, read_texts: Callable[[list[str]], pd.Series]) -> sparse.csr_matrix:
        """Word vectors of `articles` (article_id, ingested_at, title), row for row; `read_texts(ids)` gives
        article id -> text of those not cached (an article without `ingested_at` is never cached)."""
        keys = cache_keys(articles)
        with self._lock:
            positions = np.array([self._rows.get(key, -1) if key else -1 for key in keys], dtype=np.int64)
            missing = np.flatnonzero(positions < 0)
            fresh = articles.iloc[missing]
            texts = read_texts(fresh[schema.ARTICLE_ID].tolist()) if len(missing) else pd.Series(dtype=object)
            fresh_vectors = term_vectors(article_texts(fresh.assign(text=fresh[schema.ARTICLE_ID].map(texts))))
            positions[missing] = self._vectors.shape[0] + np.arange(len(missing))
            vectors = sparse.vstack([self._vectors, fresh_vectors], format="csr")[positions]
            self._vectors = vectors
            self._rows = {key: row for row, key in enumerate(keys) if key}
        return vectors


def cache_keys(articles: pd.DataFrame) -> list[tuple[str, int] | None]:
    """(article id, ingested_at in µs) of each article; None where it has no ingested_at."""
    stamps = pd.to_datetime(articles["ingested_at"], utc=True)
    micros = (stamps - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(microseconds=1)
    return [None if pd.isna(us) else (aid, int(us)) for aid, us in zip(articles[schema.ARTICLE_ID], micros)]


def story_surfaces(mentions: pd.DataFrame, central: pd.Index) -> dict[str, str]:
    """Capitalised surface forms and canonical names of the story's central entities, each mapped to its key."""
    named = mentions[is_among(mentions["key"], central)]
    forms = pd.concat([named[["canonical", "key"]].set_axis(["form", "key"], axis=1),
                       named[["text", "key"]].set_axis(["form", "key"], axis=1)]).dropna().drop_duplicates("form")
    forms = forms[(forms["form"].str.len() >= 3) & forms["form"].str[0].str.isupper()]
    return dict(zip(forms["form"], forms["key"]))


def display_names(mentions: pd.DataFrame) -> dict[str, str]:
    """Entity key -> its most frequent canonical spelling."""
    counts = mentions.dropna(subset=["canonical"]).groupby(["key", "canonical"]).size()
    best = counts.sort_values(ascending=False, kind="stable").reset_index().drop_duplicates("key")
    return dict(zip(best["key"], best["canonical"]))


def build_profile(evidence: ArticleEvidence, roles: Mapping[str, str], options: MembershipOptions) -> StoryProfile:
    """The profile of the story whose members are `roles` (ids absent from the evidence are ignored)."""
    articles = evidence.articles
    is_member = is_among(articles[schema.ARTICLE_ID], roles)
    members = articles[is_member]
    member_roles = {aid: roles[aid] for aid in members[schema.ARTICLE_ID]}
    weight = {aid: (options.adapted_weight if role == ADAPTED else 1.0) for aid, role in member_roles.items()}
    terms = term_centroid(evidence.terms[np.flatnonzero(is_member)],
                          members[schema.ARTICLE_ID].map(weight).to_numpy(dtype=np.float32))
    counts = evidence.counts[is_among(evidence.counts[schema.ARTICLE_ID], member_roles)]
    entities = entity_centroid(entity_weights(counts), weight)
    member_mentions = evidence.mentions[is_among(evidence.mentions[schema.ARTICLE_ID], member_roles)]
    vetted = members[members[schema.ARTICLE_ID].map(member_roles) != ADAPTED]
    days = pd.to_datetime(vetted["published"], errors="coerce").dropna()
    languages = vetted["language"].dropna()
    return StoryProfile(terms=terms, entities=entities, names=display_names(member_mentions),
                        surfaces=story_surfaces(member_mentions, entities.index[:LOOKED_UP_ENTITIES]),
                        start=days.min().date() if len(days) else None,
                        member_days=day_numbers(members["published"]),
                        language=languages.mode().iloc[0] if len(languages) else "en", roles=member_roles,
                        members_by_day=index_members_by_day(members, member_roles))


def index_members_by_day(members: pd.DataFrame, roles: Mapping[str, str]) -> dict[float, tuple]:
    """Publication day number -> up to two members published that day (id, title, day), vetted before adapted,
    then by id: the same ones whatever order the store holds them in, so a re-score rewrites no reason for that."""
    dated = members.assign(day=day_numbers(members["published"]),
                           adapted=members[schema.ARTICLE_ID].map(roles).eq(ADAPTED)).dropna(subset=["day"])
    dated = dated.sort_values(["day", "adapted", schema.ARTICLE_ID], kind="stable").groupby("day", sort=False).head(2)
    found: dict[float, tuple] = {}
    for row in dated.itertuples(index=False):
        found[row.day] = found.get(row.day, ()) + ((getattr(row, schema.ARTICLE_ID), row.title,
                                                    pd.Timestamp(row.published).date()),)
    return found


# ----- scoring ----------------------------------------------------------------------------------------------

def looked_up_names(articles: pd.DataFrame, profile: StoryProfile) -> pd.DataFrame:
    """The story's names found by lookup in headlines (the model mislabels title case) and unparsed texts."""
    by_id = articles.set_index(schema.ARTICLE_ID)
    unparsed = by_id[by_id["parsed"].eq(False)] if "parsed" in by_id else by_id.iloc[:0]
    return pd.concat([names_in_text(by_id["title"].fillna(""), profile.surfaces),
                      names_in_text(unparsed["text"], profile.surfaces)], ignore_index=True)


def score_articles(evidence: ArticleEvidence, profile: StoryProfile, options: MembershipOptions) -> pd.DataFrame:
    """Per article: relevance, on_story (before decisions) and the evidence behind them."""
    articles = evidence.articles
    ids = articles[schema.ARTICLE_ID]
    wording = np.asarray(evidence.terms @ profile.terms, dtype=float).ravel()
    weights = entity_weights(pd.concat([evidence.counts, looked_up_names(articles, profile)], ignore_index=True))
    entities = ids.map(entity_similarity(weights, profile.entities)).fillna(0.0).to_numpy()
    same_language = articles["language"].fillna(profile.language).eq(profile.language).to_numpy()
    similarity = np.where(same_language, options.term_share * wording + (1 - options.term_share) * entities,
                          entities)
    content = 1.0 / (1.0 + np.exp(-(similarity - options.midpoint) / options.spread))
    time = time_evidence(articles["published"], profile.start, profile.member_days, options.time,
                         is_member=is_among(ids, profile.roles))
    relevance = np.round(content * time["time_factor"].to_numpy(), 3)
    shared = ids.map(shared_entities(weights, profile.entities, profile.names))
    return pd.DataFrame({
        schema.ARTICLE_ID: ids, "relevance": relevance, "on_story": relevance >= options.threshold,
        "wording": np.round(wording, 3), "entities": np.round(entities, 3), "same_language": same_language,
        "time_factor": np.round(time["time_factor"].to_numpy(), 3), "dated": articles["published"].notna().to_numpy(),
        "day": day_numbers(articles["published"]),
        "days_before_start": time["days_before_start"].to_numpy(), "offset_days": time["offset_days"].to_numpy(),
        "shared": [names if isinstance(names, list) else [] for names in shared],
    })


def apply_decisions(scores: pd.DataFrame, roles: Mapping[str, str], decisions: StoryDecisions) -> pd.DataFrame:
    """Scores with the analyst's decisions and the founding articles overriding on_story."""
    rejected = decisions.rejected  # a property that builds its set: once, not per article
    decided = scores[schema.ARTICLE_ID].map(lambda aid: REJECTED if aid in rejected else roles.get(aid, SCORED))
    on_story = scores["on_story"].where(decided.isin([SCORED, ADAPTED]), decided.isin([FOUNDING, ACCEPTED]))
    return scores.assign(decision=decided, on_story=on_story.astype(bool))


def describe_evidence(row: Mapping, profile: StoryProfile, options: MembershipOptions) -> str:
    """The reasons behind one decision, as short clauses joined by "; ": who decided, the story's names it mentions,
    how much of the story's wording it uses, and where it sits in time."""
    parts = {FOUNDING: ["founding article of the story"], ACCEPTED: ["accepted by the analyst"],
             REJECTED: ["rejected by the analyst"],
             ADAPTED: ["close enough to the story to shape it"]}.get(row["decision"], [])
    shared = list(row["shared"])
    if len(shared) > SHOWN_ENTITIES:
        parts.append(f"mentions {', '.join(shared[:SHOWN_ENTITIES])} and {len(shared) - SHOWN_ENTITIES} more of the "
                     "story's names")
    elif shared:
        parts.append(f"mentions {', '.join(shared)}, as the story does")
    else:
        parts.append("mentions none of the story's names")
    if row["same_language"]:
        amount = "much" if row["wording"] >= 0.25 else "some" if row["wording"] >= 0.12 else "little"
        parts.append(f"{amount} of the story's wording ({row['wording']:.2f})")
    else:
        parts.append("written in another language: judged on names only")
    parts.append(describe_time(row, profile, options.time))
    return "; ".join(parts)


def describe_time(row: Mapping, profile: StoryProfile, rules: TimeRules) -> str:
    """Where the article sits in time relative to the story, naming the closest story article."""
    before, offset = row["days_before_start"], row["offset_days"]
    if not row["dated"]:
        return "no publication date"
    if before > rules.lead_days:
        return f"published {plural(int(before), 'day')} before the story began ({day_text(profile.start)})"
    if pd.isna(offset):
        return "the story's only dated article"
    named = closest_member(row, profile)
    if offset == 0:
        return f"published the same day as {named}" if named else "published the same day as a story article"
    side = "after" if offset > 0 else "before"
    return f"published {plural(int(abs(offset)), 'day')} {side} {named or 'the closest story article'}"


def closest_member(row: Mapping, profile: StoryProfile) -> str | None:
    """'the story article “Putin and Kim meet at Vostochny” (13 Sep 2023)': the one `offset_days` away, not the
    article itself (None when the profile does not know it)."""
    candidates = profile.members_by_day.get(row.get("day", np.nan) - row["offset_days"], ())
    for article_id, title, day in candidates:
        if article_id != row.get(schema.ARTICLE_ID):
            return f"the story article “{clip(title or 'untitled', TITLE_CHARS)}” ({day_text(day)})"
    return None


@functools.lru_cache(maxsize=4096)  # a reason per article names one of few story days: format each once
def day_text(day: date) -> str:
    """A day as an analyst writes it: 13 Sep 2023."""
    return f"{day.day} {day:%b %Y}"


def clip(text: str, limit: int) -> str:
    """Text cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def plural(count: int, noun: str) -> str:
    """A count with its noun: "1 day", "3 days"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def reasons_json(row: Mapping, profile: StoryProfile, options: MembershipOptions) -> str:
    """The story_reasons value stored with an article: a summary sentence and the evidence as numbers."""
    evidence = {"summary": describe_evidence(row, profile, options), "decision": row["decision"],
                "shared_entities": list(row["shared"]), "wording": float(row["wording"]),
                "entities": float(row["entities"]), "time_factor": float(row["time_factor"]),
                "days_from_story": None if pd.isna(row["offset_days"]) else int(row["offset_days"])}
    return json.dumps(evidence, ensure_ascii=False)


def decide_articles(evidence: ArticleEvidence, profile: StoryProfile, decisions: StoryDecisions,
                    options: MembershipOptions) -> pd.DataFrame:
    """relevance, on_story and their evidence per article, decisions applied (no reasons written yet)."""
    return apply_decisions(score_articles(evidence, profile, options), profile.roles, decisions)


def judge_articles(evidence: ArticleEvidence, profile: StoryProfile, decisions: StoryDecisions,
                   options: MembershipOptions) -> pd.DataFrame:
    """relevance, on_story and story_reasons per article, decisions applied."""
    scored = decide_articles(evidence, profile, decisions, options)
    scored["story_reasons"] = [reasons_json(row, profile, options) for row in row_dicts(scored)]
    return scored


def row_dicts(frame: pd.DataFrame) -> list[dict]:
    """The rows of a frame as dicts, as `to_dict("records")` gives them but column by column (several times faster)."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[name].tolist() for name in columns))]


def read_evidence(story_reasons: str | None) -> dict:
    """The evidence recorded in a story_reasons value (empty when the article was never scored)."""
    try:
        found = json.loads(story_reasons)
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def reasons_summary(story_reasons: str | None) -> str:
    """The human sentence of a story_reasons value (a plain-text value is its own sentence)."""
    return summary_from(read_evidence(story_reasons), story_reasons)


def summary_from(evidence: dict, story_reasons: str | None) -> str:
    """reasons_summary for a value whose evidence is already read (each value is parsed once)."""
    if evidence:
        return str(evidence.get("summary", ""))
    return story_reasons if isinstance(story_reasons, str) else ""


def parsed_frames(parsed: Sequence[ParsedArticle]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and mentions frames (the columns scoring reads) of parsed articles."""
    articles = pd.DataFrame([{schema.ARTICLE_ID: p.article.article_id, "title": p.article.title,
                              "text": p.article.text, "published": p.article.published,
                              "language": p.article.language, "parsed": p.parsed} for p in parsed],
                            columns=TEXT_COLUMNS)
    mentions = pd.DataFrame([{schema.ARTICLE_ID: p.article.article_id, "text": m.text, "label": m.label,
                              "canonical": m.canonical} for p in parsed for m in p.mentions],
                            columns=MENTION_COLUMNS)
    return articles, mentions


def member_roles(present: Iterable[str], adapted: Iterable[str], decisions: StoryDecisions,
                 founding: frozenset[str]) -> dict[str, str]:
    """Role of each member among `present` ids: founding, accepted or adapted (rejected ones are never members)."""
    roles: dict[str, str] = {aid: ADAPTED for aid in adapted}
    for aid in present:
        if aid in founding:
            roles[aid] = FOUNDING
        elif aid in decisions.accepted:
            roles[aid] = ACCEPTED
    return {aid: role for aid, role in roles.items() if aid not in decisions.rejected}
