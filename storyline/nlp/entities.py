"""Entity mentions with canonical names (first version: spaCy NER + alias table + in-article surnames)."""
from __future__ import annotations

from spacy.tokens import Doc

from storyline.nlp.aliases import AliasTable
from storyline.records import Mention

KEPT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT"}


def strip_possessive(text: str) -> str:
    """A name without a trailing possessive ('Kim’s' -> 'Kim')."""
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def extract_mentions(doc: Doc, aliases: AliasTable) -> list[Mention]:
    """Named-entity mentions of a doc, each with a canonical name."""
    sentence_of = {s.start: i for i, s in enumerate(doc.sents)}
    starts = sorted(sentence_of)
    full_names: dict[str, str] = {}
    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        surface = strip_possessive(ent.text)
        canonical = aliases.lookup(surface)
        if canonical is None and ent.label_ == "PERSON":
            if " " in surface:
                full_names.setdefault(surface.split()[-1], surface)
                canonical = surface
            else:
                canonical = full_names.get(surface, surface)
        sentence = max((i for i, s in enumerate(starts) if s <= ent.start), default=0)
        mentions.append(Mention(ent.start_char, ent.start_char + len(surface), surface, ent.label_,
                                canonical or surface, sentence))
    return mentions


def resolve_name(surface: str, mentions: list[Mention], aliases: AliasTable) -> str:
    """Canonical name for a free-text name (a speaker, say) using the article's mentions and the alias table."""
    name = strip_possessive(surface.strip())
    known = aliases.lookup(name)
    if known:
        return known
    for mention in mentions:
        if mention.text == name or mention.canonical == name:
            return mention.canonical
    last = name.split()[-1] if name.split() else name
    for mention in mentions:
        if mention.label == "PERSON" and mention.canonical.split()[-1:] == [last]:
            return mention.canonical
    return name
