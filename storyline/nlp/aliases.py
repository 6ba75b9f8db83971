"""The story's alias table: a plain CSV the analyst edits (surface form -> canonical name)."""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ALIAS_PATH = Path(__file__).resolve().parents[2] / "data" / "aliases.csv"


def alias_path() -> Path:
    """Where the alias table lives: $STORYLINE_ALIASES, else data/aliases.csv."""
    return Path(os.environ.get("STORYLINE_ALIASES") or DEFAULT_ALIAS_PATH)


def fold(surface: str) -> str:
    """A surface folded for lookup: case, hyphens, curly apostrophes and spacing ignored."""
    return " ".join(surface.replace("’", "'").replace("-", " ").lower().split())


@dataclass(frozen=True)
class AliasTable:
    """Surface -> canonical name (and entity type) for the story."""

    canonical_by_surface: dict[str, str] = field(default_factory=dict)
    label_by_canonical: dict[str, str] = field(default_factory=dict)

    def lookup(self, surface: str) -> str | None:
        """The canonical name for a surface, or None when the table does not know it."""
        return self.canonical_by_surface.get(fold(surface))


def load_alias_table(path: Path | None = None) -> AliasTable:
    """Read the alias CSV (columns alias, canonical, label); a missing file is an empty table."""
    path = path or alias_path()
    if not path.exists():
        return AliasTable()
    by_surface: dict[str, str] = {}
    labels: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            alias, canonical = (row.get("alias") or "").strip(), (row.get("canonical") or "").strip()
            if not alias or not canonical:
                continue
            by_surface[fold(alias)] = canonical
            by_surface.setdefault(fold(canonical), canonical)
            if (row.get("label") or "").strip():
                labels[canonical] = row["label"].strip()
    return AliasTable(by_surface, labels)
