"""The analyst's decisions on story membership, kept in `story.json` beside the store's manifest.

A decision names an article id, so it outlives the article: removing an article leaves its decision in the
file (ignored while the article is absent, applied again if it comes back). The file is small and replaced
atomically (temporary file, fsync, os.replace) under the store's writer lock, so a reader never sees half
of it and two deciders never lose each other's decision.
"""
from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from storyline import schema
from storyline.errors import InputError, StoreError
from storyline.store import Store

DECISIONS_FILE = "story.json"
ACCEPT, REJECT = "accept", "reject"
DECISIONS = (ACCEPT, REJECT)
CLEAR = "clear"  # not a decision: the verb that forgets one


@dataclass(frozen=True)
class Decision:
    """One analyst decision: accept or reject an article, when, and the title it had (for listings)."""

    article_id: str
    decision: str
    decided_at: str
    title: str | None = None


@dataclass(frozen=True)
class StoryDecisions:
    """Every decision, at most one per article (the latest wins)."""

    by_article: tuple[tuple[str, Decision], ...] = ()

    @property
    def accepted(self) -> frozenset[str]:
        """Ids of accepted articles."""
        return frozenset(aid for aid, d in self.by_article if d.decision == ACCEPT)

    @property
    def rejected(self) -> frozenset[str]:
        """Ids of rejected articles."""
        return frozenset(aid for aid, d in self.by_article if d.decision == REJECT)

    def get(self, article_id: str) -> Decision | None:
        """The decision on one article, or None."""
        return dict(self.by_article).get(article_id)

    def with_decision(self, decision: Decision) -> StoryDecisions:
        """These decisions with one added or replaced."""
        kept = [(aid, d) for aid, d in self.by_article if aid != decision.article_id]
        return StoryDecisions(tuple(kept + [(decision.article_id, decision)]))

    def without(self, article_id: str) -> StoryDecisions:
        """These decisions with the one on `article_id` removed (the article goes back to being scored)."""
        return StoryDecisions(tuple((aid, d) for aid, d in self.by_article if aid != article_id))

    def to_json(self) -> str:
        """The decisions file's text."""
        rows = [{"article_id": d.article_id, "decision": d.decision, "decided_at": d.decided_at, "title": d.title}
                for _, d in self.by_article]
        return json.dumps({"format": 1, "decisions": rows}, indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> StoryDecisions:
        """Decisions from the file's text."""
        data = json.loads(text)
        found = [Decision(r["article_id"], r["decision"], r["decided_at"], r.get("title"))
                 for r in data.get("decisions", [])]
        return cls(tuple((d.article_id, d) for d in found if d.decision in DECISIONS))


def decisions_path(root: Path) -> Path:
    """Where a store keeps its decisions."""
    return Path(root) / DECISIONS_FILE


def read_decisions(root: Path) -> StoryDecisions:
    """The decisions kept beside a store (none when the file does not exist)."""
    path = decisions_path(root)
    try:
        return StoryDecisions.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return StoryDecisions()
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{path}: unreadable story decisions ({exc})") from exc


def write_decisions(root: Path, decisions: StoryDecisions) -> None:
    """Replace the decisions file atomically."""
    path = decisions_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{DECISIONS_FILE}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(decisions.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def record_decision(store: Store, article_id: str, decision: str) -> StoryDecisions:
    """Keep the analyst's decision on a stored article; returns every decision after it."""
    if decision not in DECISIONS:
        raise InputError(decision, f"not a decision; use one of {', '.join(DECISIONS)}")
    found = store.read_table(schema.ARTICLES, [schema.ARTICLE_ID, "title"], "article_id = ?", [article_id])
    if found.empty:
        raise InputError(article_id, "no article with this id in the store")
    made = Decision(article_id, decision, datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    found["title"].iloc[0])
    with store.writer():
        decisions = read_decisions(store.root).with_decision(made)
        write_decisions(store.root, decisions)
    return decisions


def clear_decision(store: Store, article_id: str) -> StoryDecisions:
    """Forget the analyst's decision on an article (stored or since removed); returns the decisions left."""
    with store.writer():
        decisions = read_decisions(store.root)
        if decisions.get(article_id) is None:
            raise InputError(article_id, "no accept or reject decision on this article to clear")
        decisions = decisions.without(article_id)
        write_decisions(store.root, decisions)
    return decisions
