"""The story's alias table: a plain CSV the analyst edits, read into lookups the entity rules consult.

Columns (the file's `#` lines say the same for whoever opens it):
  alias      a name as written in articles ("KCNA", "Kim Jong-un", "Pyongyang")
  canonical  the one name the story uses for that entity ("Korean Central News Agency")
  label      entity type of the canonical name (PERSON, ORG, GPE, NORP, FAC, LOC, EVENT); may be blank
  kind       merge    - the alias always names the canonical entity (the default when blank)
             metonym  - the alias names the canonical entity only when used as an actor
                        ("Pyongyang said" -> North Korea; "arrived in Pyongyang" stays the city)
             split    - never merge the alias into the canonical (blank canonical: into anything)
  note       free text for the analyst (why a row exists)
"""
from __future__ import annotations

import csv
import functools
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from storyline.errors import InputError

DEFAULT_ALIAS_PATH = Path(__file__).resolve().parents[2] / "data" / "aliases.csv"
ALIAS_COLUMNS = ("alias", "canonical", "label", "kind", "note")
KINDS = ("merge", "metonym", "split")
LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT")
HEADER_COMMENT = """\
# The story's alias table. One row per name as written in articles; edit freely, keep the header row.
# alias: a name as written | canonical: the one name the story uses | label: PERSON, ORG, GPE, NORP, FAC, LOC, EVENT
# kind: merge (alias always names canonical; the default) | metonym (only when used as an actor, e.g. a capital
#       for its country: "Pyongyang said") | split (never merge alias into canonical; blank canonical: into anything)
# note: free text. Lines starting with # are comments.
"""

# National capitals that stand for their country when used as actors ("Kabul refused", "talks with Damascus"), for
# the capitals the story's table does not list; each with the names articles give the country, most common first.
# Capitals that are also common personal names (Victoria, Kingston) are left out.
NATIONAL_CAPITALS: dict[str, tuple[str, ...]] = {
    "Kabul": ("Afghanistan",), "Tirana": ("Albania",), "Algiers": ("Algeria",), "Luanda": ("Angola",),
    "Buenos Aires": ("Argentina",), "Yerevan": ("Armenia",), "Canberra": ("Australia",), "Vienna": ("Austria",),
    "Baku": ("Azerbaijan",), "Manama": ("Bahrain",), "Dhaka": ("Bangladesh",), "Minsk": ("Belarus",),
    "Brussels": ("Belgium",), "La Paz": ("Bolivia",), "Sarajevo": ("Bosnia and Herzegovina", "Bosnia"),
    "Brasilia": ("Brazil",), "Brasília": ("Brazil",), "Sofia": ("Bulgaria",), "Phnom Penh": ("Cambodia",),
    "Ottawa": ("Canada",), "Bogota": ("Colombia",), "Bogotá": ("Colombia",), "Zagreb": ("Croatia",),
    "Havana": ("Cuba",), "Nicosia": ("Cyprus",), "Prague": ("Czech Republic", "Czechia"),
    "Copenhagen": ("Denmark",), "Quito": ("Ecuador",), "Cairo": ("Egypt",), "Tallinn": ("Estonia",),
    "Addis Ababa": ("Ethiopia",), "Helsinki": ("Finland",), "Paris": ("France",), "Tbilisi": ("Georgia",),
    "Berlin": ("Germany",), "Accra": ("Ghana",), "Athens": ("Greece",), "Budapest": ("Hungary",),
    "Reykjavik": ("Iceland",), "New Delhi": ("India",), "Jakarta": ("Indonesia",), "Tehran": ("Iran",),
    "Baghdad": ("Iraq",), "Dublin": ("Ireland",), "Rome": ("Italy",), "Amman": ("Jordan",),
    "Astana": ("Kazakhstan",), "Nairobi": ("Kenya",), "Kuwait City": ("Kuwait",), "Bishkek": ("Kyrgyzstan",),
    "Vientiane": ("Laos",), "Riga": ("Latvia",), "Beirut": ("Lebanon",), "Tripoli": ("Libya",),
    "Vilnius": ("Lithuania",), "Kuala Lumpur": ("Malaysia",), "Mexico City": ("Mexico",),
    "Chisinau": ("Moldova",), "Ulaanbaatar": ("Mongolia",), "Podgorica": ("Montenegro",), "Rabat": ("Morocco",),
    "Naypyidaw": ("Myanmar",), "Kathmandu": ("Nepal",), "The Hague": ("Netherlands",),
    "Wellington": ("New Zealand",), "Managua": ("Nicaragua",), "Abuja": ("Nigeria",), "Skopje": ("North Macedonia",),
    "Oslo": ("Norway",), "Muscat": ("Oman",), "Islamabad": ("Pakistan",), "Panama City": ("Panama",),
    "Asuncion": ("Paraguay",), "Manila": ("Philippines", "the Philippines"), "Warsaw": ("Poland",),
    "Lisbon": ("Portugal",), "Doha": ("Qatar",), "Bucharest": ("Romania",), "Kigali": ("Rwanda",),
    "Riyadh": ("Saudi Arabia",), "Dakar": ("Senegal",), "Belgrade": ("Serbia",), "Singapore": ("Singapore",),
    "Bratislava": ("Slovakia",), "Ljubljana": ("Slovenia",), "Mogadishu": ("Somalia",),
    "Pretoria": ("South Africa",), "Juba": ("South Sudan",), "Madrid": ("Spain",), "Colombo": ("Sri Lanka",),
    "Khartoum": ("Sudan",), "Stockholm": ("Sweden",), "Bern": ("Switzerland",), "Damascus": ("Syria",),
    "Taipei": ("Taiwan",), "Dushanbe": ("Tajikistan",), "Bangkok": ("Thailand",), "Tunis": ("Tunisia",),
    "Ankara": ("Turkey", "Türkiye"), "Ashgabat": ("Turkmenistan",), "Kampala": ("Uganda",),
    "Abu Dhabi": ("United Arab Emirates", "UAE"), "London": ("Britain", "United Kingdom", "UK"),
    "Montevideo": ("Uruguay",), "Tashkent": ("Uzbekistan",), "Caracas": ("Venezuela",), "Hanoi": ("Vietnam",),
    "Sanaa": ("Yemen",), "Lusaka": ("Zambia",), "Harare": ("Zimbabwe",)
}
# Cyrillic letters that look like Latin ones: scraped text sometimes mixes them into Latin words.
HOMOGLYPHS = str.maketrans("АВСЕНКМОРТХасеорхуі", "ABCEHKMOPTXaceopxyi")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


def alias_path() -> Path:
    """Where the alias table lives: $STORYLINE_ALIASES, else data/aliases.csv."""
    return Path(os.environ.get("STORYLINE_ALIASES") or DEFAULT_ALIAS_PATH)


@functools.lru_cache(maxsize=1 << 16)
def fold(surface: str) -> str:
    """A surface folded for lookup: case, hyphens, dots, curly apostrophes, homoglyphs and spacing ignored."""
    text = unicodedata.normalize("NFKC", surface).replace("’", "'").replace("‘", "'")
    words = [w.translate(HOMOGLYPHS) if CYRILLIC.search(w) and LATIN.search(w) else w for w in text.split()]
    text = re.sub(r"[-‐‑–—]", " ", " ".join(words)).replace(".", " ")
    return " ".join(text.lower().split())


@functools.cache
def capital_countries() -> dict[str, tuple[str, ...]]:
    """NATIONAL_CAPITALS keyed by folded capital name."""
    return {fold(capital): names for capital, names in NATIONAL_CAPITALS.items()}


def is_short_acronym(name: str) -> bool:
    """True for acronyms of up to three capitals, dots aside ('US', 'U.N.', 'AFP')."""
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 3


@dataclass(frozen=True)
class AliasRow:
    """One row of the table."""

    alias: str
    canonical: str = ""
    label: str = ""
    kind: str = "merge"
    note: str = ""


@dataclass(frozen=True)
class AliasTable:
    """The story's rows, with the lookups the entity rules use (built once per table)."""

    rows: tuple[AliasRow, ...] = ()

    @functools.cached_property
    def _merges(self) -> dict[str, str]:
        """Folded alias (and canonical) -> canonical, from merge rows."""
        found: dict[str, str] = {}
        for row in self.rows:
            if row.kind == "merge":
                found[fold(row.alias)] = row.canonical
        for row in self.rows:
            if row.kind in ("merge", "metonym"):
                found.setdefault(fold(row.canonical), row.canonical)
        return found

    @functools.cached_property
    def _metonyms(self) -> dict[str, str]:
        """Folded alias -> canonical, from metonym rows."""
        return {fold(r.alias): r.canonical for r in self.rows if r.kind == "metonym"}

    @functools.cached_property
    def _splits(self) -> set[tuple[str, str]]:
        """(folded alias, folded canonical) pairs that must not merge; canonical '' blocks every merge."""
        return {(fold(r.alias), fold(r.canonical)) for r in self.rows if r.kind == "split"}

    @functools.cached_property
    def _labels(self) -> dict[str, str]:
        """Folded canonical -> label, from rows that give one."""
        return {fold(r.canonical): r.label for r in self.rows if r.label and r.kind != "split"}

    @functools.cached_property
    def _spellings(self) -> dict[str, str]:
        """Folded name -> how the table spells it (first spelling with lower-case letters wins)."""
        found: dict[str, str] = {}
        for row in self.rows:
            for name in (row.canonical, row.alias):
                if name and (fold(name) not in found or found[fold(name)].isupper()):
                    found[fold(name)] = name
        return found

    @functools.cached_property
    def _capitals_only(self) -> set[str]:
        """Folded short acronyms ('US', 'EU', 'AP') that must be written in capitals to match ('us' is a pronoun)."""
        return {fold(r.alias) for r in self.rows if r.kind == "merge" and is_short_acronym(r.alias)}

    def lookup(self, surface: str) -> str | None:
        """The canonical name a merge row gives a surface, or None when the table does not know it."""
        key = fold(surface)
        if key in self._capitals_only and not surface.replace(".", "").isupper():
            return None
        return self._merges.get(key)

    @functools.cached_property
    def _listed(self) -> set[str]:
        """Folded aliases that have a row of any kind (the table's word beats the built-in capitals)."""
        return {fold(r.alias) for r in self.rows}

    def metonym_of(self, surface: str) -> str | None:
        """The entity a place name stands for when used as an actor (a table row, else a national capital's country
        as the table names it), or None."""
        key = fold(surface)
        if self.lists(surface):
            return self._metonyms.get(key)
        countries = capital_countries().get(key)
        return (self.lookup(countries[0]) or countries[0]) if countries else None

    def lists(self, surface: str) -> bool:
        """True when the table has a row of any kind for this name."""
        return fold(surface) in self._listed

    def countries_of(self, surface: str) -> tuple[str, ...]:
        """All the names (as the table spells them) of the country a built-in national capital stands for."""
        return tuple(self.lookup(c) or c for c in capital_countries().get(fold(surface), ()))

    def label_of(self, canonical: str) -> str | None:
        """The entity type the table gives a canonical name, or None."""
        return self._labels.get(fold(canonical))

    def spelling_of(self, surface: str) -> str | None:
        """How the table spells a name it knows in any case ("SEOUL" -> "Seoul"), or None; short acronyms only
        for surfaces in capitals ('us' is not 'US')."""
        spelling = self._spellings.get(fold(surface))
        if spelling and is_short_acronym(spelling) and not surface.replace(".", "").isupper():
            return None
        return spelling

    def blocks(self, surface: str, canonical: str) -> bool:
        """True when a split row forbids merging this surface into this canonical name."""
        key = fold(surface)
        return (key, "") in self._splits or (key, fold(canonical)) in self._splits

    def keeps_own(self, surface: str) -> bool:
        """True when a split row with a blank canonical says this surface is always its own entity."""
        return (fold(surface), "") in self._splits

    @functools.cached_property
    def gazetteer(self) -> dict[str, str]:
        """Names to look for in text as written -> their label: merge and metonym aliases and canonical names,
        also capitalised ('The North' opening a sentence) and in capitals ('MOSCOW/SEOUL -' datelines)."""
        found: dict[str, str] = {}
        for row in self.rows:
            if row.kind != "split":
                for name in (row.alias, row.canonical):
                    found.setdefault(name, row.label or self.label_of(row.canonical) or "")
        found.update({n[0].upper() + n[1:]: label for n, label in found.items() if n[:1].islower()})
        found.update({n.upper(): label for n, label in found.items() if len(n) > 3 and n.upper() not in found})
        return found

    @functools.cached_property
    def name_pattern(self) -> re.Pattern | None:
        """One regex matching every gazetteer name as whole words, longest first (None for an empty table)."""
        names = sorted(self.gazetteer, key=len, reverse=True)
        return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, names)) + r")(?!\w)") if names else None


def make_row(record: Mapping[str, object], where: str) -> AliasRow:
    """A validated row from a mapping of column -> value; `where` names it in errors."""
    value = {c: " ".join(str(record.get(c) or "").split()) for c in ALIAS_COLUMNS}
    kind = value["kind"].lower() or "merge"
    label = value["label"].upper()
    if not value["alias"]:
        raise InputError(where, "the alias column is empty")
    if kind not in KINDS:
        raise InputError(where, f"kind {value['kind']!r} is not one of {', '.join(KINDS)}")
    if kind != "split" and not value["canonical"]:
        raise InputError(where, f"a {kind} row needs a canonical name")
    if label and label not in LABELS:
        raise InputError(where, f"label {value['label']!r} is not one of {', '.join(LABELS)}")
    return AliasRow(value["alias"], value["canonical"], label, kind, value["note"])


def table_from_records(records: Iterable[Mapping[str, object]], source: str = "alias table") -> AliasTable:
    """An alias table from rows given as mappings (CSV rows, a dashboard editor's records)."""
    return AliasTable(tuple(make_row(r, f"{source}, row {i}") for i, r in enumerate(records, start=1)))


def read_alias_csv(text: str, source: str = "alias table") -> AliasTable:
    """An alias table from CSV text (comment lines starting with # are skipped)."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    missing = [c for c in ("alias", "canonical") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(source, f"the header row lacks the column(s) {', '.join(missing)}")
    return table_from_records(reader, source)


def load_alias_table(path: Path | None = None) -> AliasTable:
    """Read the alias CSV; a missing file is an empty table."""
    path = path or alias_path()
    if not path.exists():
        return AliasTable()
    return read_alias_csv(path.read_text(encoding="utf-8-sig"), str(path))


def alias_csv_text(table: AliasTable) -> str:
    """The table as CSV text with its explanatory header comment."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ALIAS_COLUMNS)
    for row in table.rows:
        writer.writerow([row.alias, row.canonical, row.label, row.kind, row.note])
    return HEADER_COMMENT + buffer.getvalue()


def save_alias_table(table: AliasTable, path: Path | None = None) -> Path:
    """Write the table atomically (temporary file in the same folder, then os.replace); returns the path."""
    path = path or alias_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(alias_csv_text(table))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def with_merge(table: AliasTable, alias: str, canonical: str, label: str = "", note: str = "") -> AliasTable:
    """The table with `alias` merged into `canonical`, replacing its other merge and the splits that forbade this
    one (a split from someone else stays)."""
    row = make_row({"alias": alias, "canonical": canonical, "label": label, "kind": "merge", "note": note},
                   f"merge {alias!r} -> {canonical!r}")

    def undone(r: AliasRow) -> bool:
        """A row the merge replaces."""
        forbade = r.kind == "split" and fold(r.canonical) in ("", fold(canonical))
        return fold(r.alias) == fold(alias) and (r.kind == "merge" or forbade)

    return replace(table, rows=(*[r for r in table.rows if not undone(r)], row))


def with_split(table: AliasTable, alias: str, canonical: str = "", note: str = "") -> AliasTable:
    """The table with `alias` kept apart from `canonical` (from everything when blank); drops the merge it undoes."""
    row = make_row({"alias": alias, "canonical": canonical, "kind": "split", "note": note},
                   f"split {alias!r} from {canonical!r}")

    def undone(r: AliasRow) -> bool:
        """A row the split contradicts (or repeats)."""
        same_target = not canonical or fold(r.canonical) == fold(canonical)
        return fold(r.alias) == fold(alias) and same_target and r.kind in ("merge", "metonym", "split")

    return replace(table, rows=(*[r for r in table.rows if not undone(r)], row))


def add_merge(alias: str, canonical: str, label: str = "", note: str = "", path: Path | None = None) -> AliasTable:
    """Record a merge in the table file (read, change, atomic write); returns the new table."""
    table = with_merge(load_alias_table(path), alias, canonical, label, note)
    save_alias_table(table, path)
    return table


def add_split(alias: str, canonical: str = "", note: str = "", path: Path | None = None) -> AliasTable:
    """Record a split in the table file (read, change, atomic write); returns the new table."""
    table = with_split(load_alias_table(path), alias, canonical, note)
    save_alias_table(table, path)
    return table
