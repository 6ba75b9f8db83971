"""Entity mentions with one canonical name per real-world entity: spaCy NER cleaned by rules, plus the alias table.

`extract_mentions` needs the parsed doc: it cleans NER spans (line breaks, articles, possessives, titles, words
that are no names, title-case headline fragments), adds the alias table's names the model missed or split, and
decides whether a capital is an actor ("Pyongyang said") or a place ("arrived in Pyongyang") from the dependency
parse. Naming is left to `canonicalize_mentions`, a pure function over one article's mentions, so an edited alias
table can be re-applied to stored mentions without spaCy; `canonicalize_story` does the same across articles.

Names merge by rules only (DESIGN.md: string similarity cannot tell Kim Jong Un from Kim Jong-dae): the alias table,
case/hyphen/spacing/middle-initial variants, a short form that is the first or last words of one longer person name
(a "Jr." aside; a surname the model took for a place only after the person was introduced), the last words of one
longer organisation name, a region's name without its unit word ("Helmand" of "Helmand province"), an acronym
whose letters are the initials of exactly one longer name in the article ("MaT" too), a country's formal or
governmental name ("State of Israel", "Government of Syria") and a party's members ("Democrats", "Conservatives")
named after the country or party the article names. A national capital the table does not list stands for its
country when used as an actor (aliases.NATIONAL_CAPITALS), under the name the article gives that country.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

import pandas as pd
from spacy.tokens import Doc, Span, Token

from storyline.nlp.aliases import AliasTable, fold
from storyline.records import Mention

KEPT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT"}
# Words that precede a name without being part of it ("Defence Minister Sergei Shoigu", "Col Hamish ...").
TITLE_WORDS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "comrade", "president", "vice", "premier",
    "chancellor", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "ambassador", "governor",
    "mayor", "senator", "sen", "rep", "gen", "general", "col", "colonel", "lt", "lieutenant", "maj", "major",
    "capt", "captain", "adm", "admiral", "sgt", "marshal", "chairman", "chairwoman", "chair", "leader", "king",
    "queen", "prince", "princess", "deputy", "prime", "chief", "commander", "director", "envoy", "aide", "speaker",
    "ceo", "head", "judge", "justice", "foreign", "defence", "defense", "supreme", "analyst", "researcher",
}
# Titles strong enough to split a mislabelled span ("Federation Council Speaker Valentina Matviyenko").
PERSON_TITLES = {"speaker", "spokesperson", "spokesman", "spokeswoman", "minister", "president", "ambassador",
                 "governor", "mayor", "chairman", "secretary", "leader", "chief", "director", "envoy", "aide", "ceo"}
# Heads that make a capital a place: "Moscow's streets", "the outskirts of Kyiv".
PLACE_NOUNS = {
    "capital", "city", "outskirt", "outskirts", "suburb", "suburbs", "centre", "center", "downtown", "district",
    "street", "streets", "square", "airport", "station", "mayor", "resident", "residents", "citizen", "people",
    "population", "skyline", "river", "region", "area", "metro", "subway", "hotel", "university", "park",
    "building", "neighbourhood", "neighborhood", "sky", "time",
}
# Heads that make a capital before them its country's government: 'the Kabul government', 'the Moscow regime'.
GOVERNMENT_NOUNS = {"government", "regime", "administration", "authorities", "authority", "leadership", "cabinet"}
# Words that take a capital as a destination or location: "visit to Pyongyang", "left Moscow", "attack on Kyiv".
PLACE_GOVERNORS = {
    "visit", "trip", "travel", "tour", "journey", "flight", "fly", "arrive", "arrival", "return", "come", "go",
    "head", "leave", "depart", "departure", "reach", "enter", "move", "drive", "ride", "route", "road", "railway",
    "rail", "train", "border", "distance", "kilometre", "kilometer", "km", "mile", "hour",
    "embassy", "consulate", "attack", "strike", "shell", "bomb", "hit", "capture", "march", "advance",
    "deploy", "relocate", "evacuate", "flee", "close", "near", "live", "stay", "spend", "invite", "invitation",
    "welcome", "bring", "take", "land", "station", "base",
}
# Last words of names that are places or bodies named after people, which the model calls persons.
NAMED_AFTER_PEOPLE = {
    **dict.fromkeys(("stadium", "airport", "square", "street", "avenue", "bridge", "tower", "station", "hospital",
                     "hall", "palace", "mausoleum", "cosmodrome", "spaceport", "residence"), "FAC"),
    **dict.fromkeys(("university", "institute", "foundation", "school", "college", "academy", "center", "centre",
                     "group", "museum", "library"), "ORG"),
}
NAME_PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "ter", "la", "le", "du", "dos", "das",
                  "bin", "ibn", "al", "el", "ben", "y", "zu"}
# Prepositions whose object acts unless a place word governs them: "ties with Moscow", "arms from Pyongyang".
ACTOR_PREPOSITIONS = {"with", "against", "between", "on", "for", "toward", "towards", "over", "upon", "by", "to",
                      "from"}
ACRONYM_SKIP = {"of", "and", "the", "for", "on", "in", "de", "&", "to"}
# Words after a surname that are no part of it: "Martin L. Hale Jr." is "Hale" on second reference.
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Words after a place name that make it the region of that name: "Helmand province" is "Helmand".
REGION_UNITS = {"province", "region", "oblast", "krai", "county", "district", "prefecture", "governorate"}
# Labels the model gives surnames it does not know ("Drozdov" as a place): such a short form may still be a person.
SURNAME_MISLABELS = {"GPE", "LOC", "NORP", "FAC"}
DATELINE_TAIL = re.compile(r"\s*:|\s+[–—-]|\s*\(|,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d|\d)")
POSSESSIVE = ("’s", "'s", "’", "'")
# Words joining an office to what it serves: 'Secretary of State', 'High Commissioner for Human Rights'.
OFFICE_LINKS = ("of", "for")
# A country's formal or governmental name, folded: "state of israel", "the government of syria".
STATE_NAME = re.compile(r"(?:the )?(?:state|government|republic|kingdom|commonwealth|federation) of (?:the )?(.+)")


# --- extraction (needs the parsed doc) -------------------------------------------------------------------------

def extract_mentions(doc: Doc, aliases: AliasTable) -> list[Mention]:
    """Named-entity mentions of a parsed body text, each with a canonical name."""
    text = doc.text  # built from the tokens on every access: read it once
    headlines = headline_ranges(text)
    spans = [piece for ent in doc.ents if ent.label_ in KEPT_LABELS for piece in clean_entity(ent, aliases)]
    spans = drop_headline_persons(spans, headlines, aliases)
    spans = sorted(with_table_names(doc, text, aliases, spans, headlines), key=lambda s: s.start)
    person_words = {w for s in spans if s.label_ == "PERSON" for w in fold(s.text).split()}
    places = [s for s in spans if may_stand_for_country(s, aliases, person_words)]
    actors = {s.start for s, actor in zip(places, actor_readings(places, aliases, text)) if actor}
    place_starts = {s.start for s in places}
    sentence_starts = [s.start for s in doc.sents]
    mentions = []
    for span in spans:
        label = "GPE" if span.start in place_starts else span.label_
        sentence = max(bisect.bisect_right(sentence_starts, span.start) - 1, 0)
        mentions.append(Mention(span.start_char, span.end_char, span.text, label, span.text, sentence,
                                span.start in actors))
    return canonicalize_mentions(mentions, aliases)


def may_stand_for_country(span: Span, aliases: AliasTable, person_words: set[str]) -> bool:
    """Whether a span is a place that may act for its country: a metonym row of the table, or a national capital
    that is neither taken for a person by the model nor a word of a person's name in the article ('Sofia' of
    'Sofia Marsh')."""
    if aliases.metonym_of(span.text) is None:
        return False
    return aliases.lists(span.text) or (span.label_ != "PERSON" and fold(span.text) not in person_words)


def clean_entity(ent: Span, aliases: AliasTable) -> list[Span]:
    """The name(s) inside an NER span: split at line breaks, trimmed, titles and trailing countries split off."""
    pieces = []
    for run in _runs_without_breaks(ent):
        run = _trim(_extend_person(run) if run.label_ == "PERSON" else run, aliases)
        pieces += _split_titled(run) if run is not None else []
    pieces = [_named_after_person(p) for part in pieces for p in _split_trailing_place(part, aliases)]
    return [p for p in pieces if _looks_like_name(p)]


def _runs_without_breaks(ent: Span) -> list[Span]:
    """Parts of a span between line breaks ('Radio\\n\\nTOKYO' is two spans, not one)."""
    runs, start = [], ent.start
    for token in ent:
        if "\n" in token.text:
            runs.append(ent.doc[start:token.i])
            start = token.i + 1
    runs.append(ent.doc[start:ent.end])
    return [Span(ent.doc, r.start, r.end, label=ent.label_) for r in runs if len(r)]


def _extend_person(span: Span) -> Span:
    """A person span grown over proper nouns the model left out ('Gen Oleksandr' + 'Syrskyi')."""
    doc, end = span.doc, span.end
    while (end < len(doc) and doc[end].tag_ == "NNP" and doc[end].is_title and not doc[end].ent_type_
           and doc[end - 1].whitespace_ == " "):
        end += 1
    return Span(doc, span.start, end, label=span.label_)


def _trim(span: Span, aliases: AliasTable) -> Span | None:
    """A span without leading punctuation, article ('the Kremlin'), or trailing possessive and punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and not doc[start].text[:1].isalnum():
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct
                           or end - start > 1 and doc[end - 1].is_lower and doc[end - 1].is_stop):
        end -= 1  # also a function word the model ran into: "the Associated Press that …"
    if start < end and doc[start].lower_ == "the" and not aliases.lookup(doc[start:end].text):
        start += 1
    if start > 0 and doc[start - 1].lower_ == "the" and aliases.lookup(doc[start - 1:end].text):
        start -= 1  # "the North" is a name in this story's table, "North" alone is not
    if start >= end:
        return None
    if span.label_ == "PERSON":
        start = _after_titles(doc, start, end)
        end = _before_common_words(doc, start, end)
    return Span(doc, start, end, label=span.label_) if start < end else None


def _after_titles(doc: Doc, start: int, end: int) -> int:
    """First token of a person span after its leading titles ('Defence Minister Sergei Shoigu' -> 'Sergei')."""
    cut = start
    for i in range(start, end - 1):
        if doc[i].lower_.rstrip(".") in TITLE_WORDS:
            cut = i + 1
    return cut


def _before_common_words(doc: Doc, start: int, end: int) -> int:
    """End of a person span before its first lower-case word that is no name particle ('Abu Bakar ra dan')."""
    for i in range(start + 1, end):
        token = doc[i]
        attached = doc[i - 1].whitespace_ == ""  # 'Jong-un' is one name word in three tokens
        if token.is_alpha and token.text[0].islower() and token.lower_ not in NAME_PARTICLES and not attached:
            return i
    return end


def _split_titled(span: Span) -> list[Span]:
    """An organisation span hiding a person after a title, split into both parts."""
    if span.label_ == "PERSON":
        return [span]
    doc = span.doc
    for i in range(span.start, span.end - 2):
        tail = doc[i + 1:span.end]
        if doc[i].lower_ in PERSON_TITLES and all(t.tag_ == "NNP" and t.is_title for t in tail):
            head = [Span(doc, span.start, i, label=span.label_)] if i > span.start else []
            return head + [Span(doc, i + 1, span.end, label="PERSON")]
    return [span]


def _split_trailing_place(span: Span, aliases: AliasTable) -> list[Span]:
    """A person span ending in a country name split in two ('Kim Russia' -> 'Kim', 'Russia')."""
    if span.label_ != "PERSON" or len(span) < 2 or aliases.label_of(aliases.lookup(span[-1].text) or "") != "GPE":
        return [span]
    return [Span(span.doc, span.start, span.end - 1, label="PERSON"),
            Span(span.doc, span.end - 1, span.end, label="GPE")]


def _named_after_person(span: Span) -> Span:
    """A 'person' ending in a word for a place or body relabelled ('Narendra Modi Stadium' is a FAC)."""
    label = NAMED_AFTER_PEOPLE.get(span[-1].lower_) if span.label_ == "PERSON" and len(span) > 1 else None
    return Span(span.doc, span.start, span.end, label=label) if label else span


def _looks_like_name(span: Span) -> bool:
    """False for spans that cannot be names: lower-case starts, titles alone, and single-word 'persons' in capitals
    ('STORY') or opening a sentence without being a proper noun ('Historic allies', 'Background:')."""
    if not span.text[:1].isupper() and not span.text[:1].isdigit() and span[0].lower_ != "the":
        return False
    if all(t.lower_.rstrip(".") in TITLE_WORDS for t in span):
        return False  # 'Defence' of 'Defence Minister Sergei Shoigu'
    if span.label_ == "PERSON" and len(span) == 1:
        return not span.text.isupper() and (span[0].tag_ in ("NNP", "NNPS") or not span[0].is_sent_start)
    return True


def headline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of title-case lines without final punctuation (headlines and subheads inside the body)."""
    ranges, offset = [], 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) >= 4]
        ends_open = line.rstrip()[-1:] not in tuple(".!?\"”’:…)")
        if ends_open and len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            ranges.append((offset, offset + len(line)))
        offset += len(line) + 1
    return ranges


def _in_ranges(span: Span, ranges: Sequence[tuple[int, int]]) -> bool:
    """True when a span starts inside one of the (sorted) character ranges."""
    i = bisect.bisect_right(ranges, (span.start_char, math.inf)) - 1
    return i >= 0 and ranges[i][0] <= span.start_char < ranges[i][1]


def drop_headline_persons(spans: list[Span], headlines: Sequence[tuple[int, int]],
                          aliases: AliasTable) -> list[Span]:
    """Spans without the model's title-case 'persons' of headlines ('Putin Accepts Kim’s Invite'), unless the name
    is in the alias table or named the same way in the article's sentences."""
    if not headlines:
        return spans
    in_text = {fold(s.text) for s in spans if s.label_ == "PERSON" and not _in_ranges(s, headlines)}

    def doubtful(span: Span) -> bool:
        """A multi-word person found only in a headline."""
        return (span.label_ == "PERSON" and len(span) > 1 and _in_ranges(span, headlines)
                and fold(span.text) not in in_text and not aliases.lookup(span.text))

    return [s for s in spans if not doubtful(s)]


def with_table_names(doc: Doc, text: str, aliases: AliasTable, spans: list[Span],
                     headlines: Sequence[tuple[int, int]] = ()) -> list[Span]:
    """Spans plus the alias table's names found in the text: where the model found nothing ('KCNA', 'the North'),
    or only pieces of a longer table name ('Yury' + 'Ushakov'); outside headlines, not when a capitalised word
    touches the name ('South America'). `text` is the doc's text."""
    if aliases.name_pattern is None:
        return spans
    kept = list(spans)
    for match in aliases.name_pattern.finditer(text):
        span = doc.char_span(match.start(), match.end())
        if span is None or (_inside_longer_name(span) and not _in_ranges(span, headlines)):
            continue
        overlapping = [s for s in kept if s.start < span.end and span.start < s.end]
        pieces = all(span.start <= s.start and s.end <= span.end and len(s) < len(span) for s in overlapping)
        if not overlapping or pieces:
            kept = [s for s in kept if s not in overlapping]
            kept.append(Span(doc, span.start, span.end, label=aliases.gazetteer[match.group()] or "ORG"))
    return kept


def _inside_longer_name(span: Span) -> bool:
    """True when a capitalised word of the same sentence touches the match ('South America', 'North Korean')."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 and not span[0].is_sent_start else None
    after = doc[span.end] if span.end < len(doc) and not doc[span.end].is_sent_start else None
    return any(t is not None and t.is_alpha and t.text[0].isupper() and not t.is_sent_start for t in (before, after))


# --- metonymy (a capital as an actor), from the dependency parse -------------------------------------------------

def actor_reading(span: Span, aliases: AliasTable, text: str) -> bool | None:
    """True when a place name acts ('Pyongyang said', "Seoul's warning"), False when it is a place ('arrived in
    Pyongyang', 'Moscow time', a dateline), None when its syntax does not say; `text` is the doc's text."""
    if is_dateline(span, text):
        return False
    hyphened = _hyphen_reading(span)
    if hyphened is not None:
        return hyphened
    token = span.root
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head  # "Moscow and Pyongyang signed": the first conjunct decides
        if aliases.label_of(aliases.lookup(_entity_text(token)) or "") == "GPE":
            return None  # paired with a country ("Russia and Pyongyang"): a capital beside a country acts
    dep, head = token.dep_, token.head
    if dep in ("nsubj", "nsubjpass", "csubj"):
        return not _is_place_predicate(head)
    if dep == "poss":
        return head.lemma_.lower() not in PLACE_NOUNS
    if dep == "dobj":
        return head.lemma_.lower() not in PLACE_GOVERNORS
    if dep == "pobj":
        return _actor_object(head)
    if dep == "compound":
        return head.lemma_.lower() in GOVERNMENT_NOUNS  # 'the Kabul government' acts, 'Moscow time' is a place
    if dep == "appos" and head.lemma_.lower() in PLACE_NOUNS:
        return False
    return None


def _hyphen_reading(span: Span) -> bool | None:
    """The reading of a capital hyphened to another word: an actor beside another name or a participle
    ('Moscow-Pyongyang ties', 'Moscow-backed'), a place before 'based'; None without a hyphen."""
    doc = span.doc
    head = span.root.head
    while head.dep_ == "compound" and head.pos_ == "PROPN" and head.head.i != head.i:
        head = head.head  # 'Moscow' -> 'Pyongyang' -> 'alliance'
    along_a_route = head.lemma_.lower() in PLACE_GOVERNORS   # 'the Pyongyang-Moscow route'
    if span.end + 1 < len(doc) and not span[-1].whitespace_ and doc[span.end].text in "-–":
        follower = doc[span.end + 1]
        if follower.text[:1].isupper():
            return not along_a_route
        return follower.tag_ == "VBN" and follower.lower_ != "based"
    if span.start > 1 and doc[span.start - 1].text in "-–" and not doc[span.start - 2].whitespace_:
        return not along_a_route if doc[span.start - 2].text[:1].isupper() else None
    return None


def _entity_text(token: Token) -> str:
    """The text of the entity a token belongs to (the token itself outside entities)."""
    doc, start, end = token.doc, token.i, token.i + 1
    if token.ent_iob_ not in ("B", "I"):
        return token.text
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def actor_readings(spans: Sequence[Span], aliases: AliasTable, text: str) -> list[bool]:
    """Actor readings of place names; one whose syntax does not say reads as the article's other uses of that name
    do (one sense per discourse), else as an actor: place uses are the ones syntax marks."""
    readings = [actor_reading(span, aliases, text) for span in spans]
    decided: dict[str, Counter] = {}
    for span, reading in zip(spans, readings):
        if reading is not None:
            decided.setdefault(fold(span.text), Counter())[reading] += 1
    majority = {name: counts[True] >= counts[False] for name, counts in decided.items()}
    return [r if r is not None else majority.get(fold(s.text), True) for s, r in zip(spans, readings)]


def _is_place_predicate(verb: Token) -> bool:
    """True for 'X is the capital / a city': a copula whose attribute is a place noun."""
    return verb.lemma_ == "be" and any(c.dep_ == "attr" and c.lemma_.lower() in PLACE_NOUNS for c in verb.children)


def _actor_object(preposition: Token) -> bool:
    """Whether the object of this preposition acts: 'ties with Moscow' yes, 'arrived in Moscow' no."""
    word, governor = preposition.lower_, preposition.head.lemma_.lower()
    if word == "over" and preposition.head.pos_ in ("VERB", "AUX"):
        return False  # flown or shot down over a city; 'tension over Moscow's stance' hangs on a noun
    if word in ACTOR_PREPOSITIONS:
        return governor not in PLACE_GOVERNORS
    if word == "of":
        return governor not in PLACE_NOUNS
    return False


def is_dateline(span: Span, text: str) -> bool:
    """True for a place opening a paragraph of `text` (the doc's) as a dateline ('SEOUL, Oct. 19 (Yonhap) --')."""
    prefix = text[text.rfind("\n", 0, span.start_char) + 1:span.start_char]
    if not re.fullmatch(r"(?:[A-Z]{2,}[A-Z ]*/\s*)*", prefix):  # nothing, or datelines ("MOSCOW/")
        return False
    return span.text.isupper() or bool(DATELINE_TAIL.match(text, span.end_char))


# --- canonical names (pure: no spaCy) -----------------------------------------------------------------------------

def canonicalize_mentions(mentions: Iterable[Mention] | pd.DataFrame,
                          aliases: AliasTable) -> list[Mention] | pd.DataFrame:
    """One article's mentions with canonical names and labels set (a DataFrame may hold several articles)."""
    if isinstance(mentions, pd.DataFrame):
        return _canonicalize_frame(mentions, aliases)
    items = list(mentions)
    names = resolve_canonicals(items, aliases)
    return [replace(m, canonical=c, label=label) for m, (c, label) in zip(items, names)]


def canonicalize_story(mentions: pd.DataFrame, aliases: AliasTable) -> pd.DataFrame:
    """Mentions of many articles canonicalized per article, then short forms left alone mapped across the story."""
    frame = _canonicalize_frame(mentions, aliases)
    if frame.empty:
        return frame
    persons = frame.loc[frame["label"] == "PERSON", "canonical"].dropna().unique()
    longs = _maximal({c: name_forms(fold(c).split()) for c in persons if len(fold(c).split()) > 1})
    mapping = {}
    for canonical in persons:
        fits = {c for c, forms in longs.items() if _fits_any(fold(canonical).split(), forms)
                and not aliases.blocks(canonical, c)}
        if len(fits) == 1 and not aliases.keeps_own(canonical) and not aliases.lookup(canonical):
            mapping[canonical] = fits.pop()
    moved = frame["canonical"].isin(list(mapping))
    frame.loc[moved, "canonical"] = frame.loc[moved, "canonical"].map(mapping)
    frame.loc[moved, "label"] = "PERSON"
    return frame


def _canonicalize_frame(frame: pd.DataFrame, aliases: AliasTable) -> pd.DataFrame:
    """A mentions DataFrame (columns of schema.MENTIONS_SCHEMA) with canonical and label recomputed per article."""
    out = frame.copy()
    if out.empty:
        return out
    groups = out.groupby("article_id", sort=False).indices if "article_id" in out else {None: range(len(out))}
    canonicals, labels = list(out["canonical"]), list(out["label"])
    rows = list(zip(*(out[c].fillna(v).tolist() for c, v in (("start", 0), ("end", 0), ("text", ""),
                                                                ("label", ""), ("sentence", 0),
                                                                ("metonymic", False)))))
    for positions in groups.values():
        items = [Mention(int(rows[i][0]), int(rows[i][1]), str(rows[i][2]), str(rows[i][3]), str(rows[i][2]),
                         int(rows[i][4]), bool(rows[i][5])) for i in positions]
        for i, (canonical, label) in zip(positions, resolve_canonicals(items, aliases)):
            canonicals[i], labels[i] = canonical, label
    out["canonical"], out["label"] = canonicals, labels
    return out


def resolve_canonicals(mentions: Sequence[Mention], aliases: AliasTable) -> list[tuple[str, str]]:
    """(canonical name, label) for each mention of one article, by the rules in the module docstring."""
    keys = _keys(mentions)
    names: list[str | None] = [_from_table(m, k, aliases) for m, k in zip(mentions, keys)]
    spelled = _spellings(mentions, keys, aliases)
    _resolve_short_forms(mentions, keys, names, spelled, aliases)
    _resolve_body_short_forms(mentions, keys, names, spelled, aliases)
    _resolve_acronyms(mentions, names, aliases)
    _resolve_state_names(mentions, keys, names, spelled, aliases)
    _resolve_party_members(mentions, keys, names, spelled, aliases)
    final = [n if n is not None else spelled[k] for n, k in zip(names, keys)]
    _country_as_written(mentions, final, aliases)
    return list(zip(final, _labels(mentions, final, aliases)))


def _resolve_state_names(mentions: Sequence[Mention], keys: Sequence[str], names: list[str | None],
                         spelled: dict[str, str], aliases: AliasTable) -> None:
    """Name a country's formal or governmental name after the country the article names ('State of Israel',
    'the Government of Syria' -> 'Syria'), in place, unless the table knows the long name."""
    places = {fold(names[i] or spelled[k]): names[i] or spelled[k] for i, (m, k) in enumerate(zip(mentions, keys))
              if m.label == "GPE"}
    for i, (m, key) in enumerate(zip(mentions, keys)):
        found = STATE_NAME.fullmatch(key)
        if names[i] is None and found and not aliases.keeps_own(m.text):
            country = places.get(found.group(1))
            if country and not aliases.blocks(m.text, country):
                names[i] = country


def _resolve_party_members(mentions: Sequence[Mention], keys: Sequence[str], names: list[str | None],
                           spelled: dict[str, str], aliases: AliasTable) -> None:
    """Name a party's members in the plural after the party the article names ('Democrats' of 'Democratic Party',
    'Conservatives' of 'Conservative Party'), in place."""
    parties = {}
    for m, key, name in zip(mentions, keys, names):
        words = key.split()
        if m.label == "ORG" and len(words) == 2 and words[1] == "party":
            parties[words[0]] = name or spelled[key]
    for i, (m, key) in enumerate(zip(mentions, keys)):
        if names[i] is not None or m.label not in ("NORP", "ORG") or " " in key or not key.endswith("s"):
            continue
        member = key[:-1]
        party = parties.get(member) or parties.get(member + "ic")  # 'democrat' of 'democratic'
        if party and not aliases.keeps_own(m.text) and not aliases.blocks(m.text, party):
            names[i] = party


def _country_as_written(mentions: Sequence[Mention], final: list[str], aliases: AliasTable) -> None:
    """A capital read as its country takes the name the article gives that country ('London' -> 'Britain' or
    'United Kingdom', whichever the text uses), in place."""
    used = Counter(n for m, n in zip(mentions, final) if not m.metonymic)
    for i, m in enumerate(mentions):
        variants = aliases.countries_of(m.text) if m.metonymic else ()
        if final[i] in variants:
            final[i] = max(variants, key=lambda v: (used[v], v == final[i]))


def _keys(mentions: Sequence[Mention]) -> list[str]:
    """Folded surfaces; person names without middle initials ('Vladimir V. Putin' is 'vladimir putin') unless the
    article has two initials for one name ('George W. Bush' and 'George H. W. Bush' stay apart)."""
    keys = [fold(m.text) for m in mentions]
    initials_of: dict[str, set[tuple[str, ...]]] = {}
    for m, key in zip(mentions, keys):
        if m.label == "PERSON":
            bare, middle = _without_initials(key)
            initials_of.setdefault(bare, set()).add(middle)
    for i, m in enumerate(mentions):
        bare, _ = _without_initials(keys[i])
        if m.label == "PERSON" and len(initials_of.get(bare, set()) - {()}) <= 1:
            keys[i] = bare
    return keys


def _without_initials(key: str) -> tuple[str, tuple[str, ...]]:
    """A folded name without its one-letter middle words, and those words."""
    words = key.split()
    if len(words) < 3:
        return key, ()
    middle = tuple(w for w in words[1:-1] if len(w) == 1)
    return " ".join([words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]), middle


def _from_table(mention: Mention, key: str, aliases: AliasTable) -> str | None:
    """The canonical name the alias table gives a mention (metonym rows only for actors), unless a split forbids it."""
    if aliases.keeps_own(mention.text):
        return None
    target = aliases.metonym_of(mention.text) if mention.metonymic else None
    target = target or aliases.lookup(mention.text) or (aliases.lookup(key) if key != fold(mention.text) else None)
    return target if target and not aliases.blocks(mention.text, target) else None


def _spellings(mentions: Sequence[Mention], keys: Sequence[str], aliases: AliasTable) -> dict[str, str]:
    """For each folded surface, the form used as its name: the table's, else the article's best spelling."""
    by_key: dict[str, list[Mention]] = {}
    for key, m in zip(keys, mentions):
        by_key.setdefault(key, []).append(m)
    spelled = {}
    for key, group in by_key.items():
        counts = Counter(m.text for m in group)
        best = max(counts, key=lambda t: (not t.isupper(), counts[t]))
        table = aliases.spelling_of(best) or (aliases.spelling_of(key) if key != fold(best) else None)
        spelled[key] = table or name_form(best, group[0].label)
    return spelled


def name_form(text: str, label: str) -> str:
    """A name as the story writes it: spacing folded; persons without Korean-style hyphens or all capitals."""
    name = " ".join(text.replace("’", "'").split())
    if label == "PERSON":
        name = re.sub(r"(?<=[a-z])-([a-z])", lambda m: " " + m.group(1).upper(), name)
        name = " ".join(w.capitalize() if w.isupper() and len(w) > 2 else w for w in name.split())
    elif name.isupper() and label in ("GPE", "LOC", "FAC") and len(re.sub(r"\W", "", name)) >= 5:
        name = name.title()  # datelines and captions: 'BRUSSELS' is Brussels
    return name


def _fits(short: Sequence[str], long: Sequence[str]) -> bool:
    """True when the short name is the first or the last words of the long one ('Putin', 'Kim' of 'Kim Jong Un')."""
    n = len(short)
    return 0 < n < len(long) and (tuple(long[:n]) == tuple(short) or tuple(long[-n:]) == tuple(short))


def name_forms(words: Sequence[str]) -> set[tuple[str, ...]]:
    """A long name's word tuple, and the same without a generational suffix ('martin l hale jr')."""
    forms = {tuple(words)}
    if len(words) > 2 and words[-1].rstrip(".") in NAME_SUFFIXES:
        forms.add(tuple(words[:-1]))
    return forms


def _fits_any(short: Sequence[str], forms: Iterable[tuple[str, ...]]) -> bool:
    """True when the short name fits any written form of a long name."""
    return any(_fits(short, form) for form in forms)


def _fits_as_surname(short: Sequence[str], forms: Iterable[tuple[str, ...]]) -> bool:
    """True when a name mislabelled as an organisation is a person's surname: the last words of a long name, or the
    first words of a three-word one ('Manturov' of 'Denis Manturov', 'Kim' of 'Kim Jong Un'; not 'Apple' of a
    product the model called a person, 'Apple Watches')."""
    n = len(short)
    return any(_fits(short, f) and (tuple(f[-n:]) == tuple(short) or len(f) >= 3) for f in forms)


def _maximal(longs: dict[str, set[tuple[str, ...]]]) -> dict[str, set[tuple[str, ...]]]:
    """Long names that are not themselves the start or end of exactly one longer name."""
    inner = {c for c, forms in longs.items()
             if sum(any(_fits_any(f, other) for f in forms) for d, other in longs.items() if d != c) == 1}
    return {c: forms for c, forms in longs.items() if c not in inner}


def _resolve_short_forms(mentions: Sequence[Mention], keys: Sequence[str], names: list[str | None],
                         spelled: dict[str, str], aliases: AliasTable) -> None:
    """Name person short forms after the one long person name they fit (in place).

    When several long names fit ('Kim' in an article naming Kim Jong Un and Kim Jong-dae), the short form is bound
    to the one already introduced where it is first used (the convention reporters follow: a second person of the
    same surname keeps the full name); before any of them, to the first one introduced; when several were already
    introduced at its first use, it stays apart. All mentions of one short form get one name, whatever label the
    model gave each ('Kim' as PERSON five times and as GPE once).
    """
    longs, first_seen = _long_person_names(mentions, keys, names, spelled, aliases)
    maximal = _maximal(longs)
    groups: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        if names[i] is None and not m.text.isupper() and not aliases.keeps_own(m.text):  # 'UN' is no 'Un'
            groups.setdefault(keys[i], []).append(i)
    for key, members in groups.items():
        role = _short_form_role(Counter(mentions[i].label for i in members))
        surface = mentions[members[0]].text
        first_use = min(mentions[i].start for i in members)
        if role is None:
            if not _mislabelled_surname(members, mentions, aliases):
                continue
            role = "SURNAME"
        fits = [c for c, forms in maximal.items() if _fits_any(key.split(), forms)
                and (role == "PERSON" or _fits_as_surname(key.split(), forms)) and not aliases.blocks(surface, c)]
        if role == "SURNAME":  # only the surname of a person already introduced ("Pavel Drozdov" … "Drozdov")
            fits = [c for c in fits if first_seen[c] < first_use
                    and any(f[-len(key.split()):] == tuple(key.split()) for f in maximal[c])]
        if len(fits) > 1:
            introduced = [c for c in fits if first_seen[c] < first_use]
            fits = introduced or [min(fits, key=first_seen.__getitem__)]
        if len(fits) == 1:
            for i in members:
                names[i] = fits[0]


def _long_person_names(mentions: Sequence[Mention], keys: Sequence[str], names: Sequence[str | None],
                       spelled: dict[str, str], aliases: AliasTable) -> tuple[dict, dict]:
    """Person names of two words or more: name -> written forms (as word tuples), and name -> first offset."""
    longs: dict[str, set[tuple[str, ...]]] = {}
    first_seen: dict[str, int] = {}
    for i, m in enumerate(mentions):
        name = names[i] or spelled[keys[i]]
        if (m.label == "PERSON" and len(keys[i].split()) > 1 and not any(c.isdigit() for c in name)
                and (names[i] is None or _is_person(name, m, aliases))):
            longs.setdefault(name, set()).update(name_forms(keys[i].split()) | name_forms(fold(name).split()))
            first_seen[name] = min(first_seen.get(name, m.start), m.start)
    return longs, first_seen


def _mislabelled_surname(members: Sequence[int], mentions: Sequence[Mention], aliases: AliasTable) -> bool:
    """Whether a one-word group the model read as a place at least once, and no name the table knows, may be a
    surname: the model labels many surnames it has not seen as places ('Drozdov')."""
    surface = mentions[members[0]].text
    return (len(surface.split()) == 1 and any(mentions[i].label in SURNAME_MISLABELS for i in members)
            and not aliases.lookup(surface) and not aliases.metonym_of(surface))


def _short_form_role(labels: Counter) -> str | None:
    """How a group of same-text mentions may be read as a person's short form: 'PERSON' when the model called it a
    person at least once and mostly a person or organisation, 'ORG' (surnames only) when mostly an organisation."""
    named = labels["PERSON"] + labels["ORG"]
    others = sum(labels.values()) - named
    if labels["PERSON"] and named >= others:
        return "PERSON"
    return "ORG" if labels["ORG"] > others else None


def _is_person(name: str, mention: Mention, aliases: AliasTable) -> bool:
    """True when a table-resolved name is a person (by the table's label, else the mention's)."""
    return (aliases.label_of(name) or mention.label) == "PERSON"


def _resolve_body_short_forms(mentions: Sequence[Mention], keys: Sequence[str], names: list[str | None],
                              spelled: dict[str, str], aliases: AliasTable) -> None:
    """Name a short form after the one longer name of its kind it stands for, in place: an organisation's last two
    words or more ('Armed Services Committee' of 'Senate Armed Services Committee'), a region without its unit word
    ('Helmand' of 'Helmand province'), unless the table knows the short name."""
    longs: dict[str, set[tuple[str, ...]]] = {}
    for m, key, name in zip(mentions, keys, names):
        if m.label in ("ORG", "GPE", "LOC") and len(key.split()) > 1:
            longs.setdefault(name or spelled[key], set()).add((m.label, *key.split()))
    for i, m in enumerate(mentions):
        words = tuple(keys[i].split())
        if names[i] is not None or aliases.keeps_own(m.text) or aliases.lookup(m.text) or aliases.metonym_of(m.text):
            continue
        fits = {c for c, forms in longs.items() if any(_stands_for(m.label, words, f[0], f[1:]) for f in forms)
                and not aliases.blocks(m.text, c)}
        if len(fits) == 1:
            names[i] = fits.pop()


def _stands_for(label: str, words: tuple[str, ...], long_label: str, long: tuple[str, ...]) -> bool:
    """Whether a short name stands for a long one: the last words of an organisation, a place without its unit."""
    if label == "ORG" == long_label:
        return len(long) > 2 and 2 <= len(words) < len(long) and long[-len(words):] == words
    # the model labels a bare region name any of these ways
    return label in ("GPE", "LOC", "ORG") and long_label in ("GPE", "LOC") and long[:-1] == words \
        and long[-1] in REGION_UNITS


@functools.lru_cache(maxsize=1 << 14)
def initials(name: str) -> str:
    """The acronym a name would have ('Korean Central News Agency' -> 'KCNA', 'UN Security Council' -> 'UNSC')."""
    letters = []
    for word in re.findall(r"[A-Za-z][\w']*", name):
        if word.lower() in ACRONYM_SKIP:
            continue
        letters.append(word if word.isupper() else word[0].upper())
    return "".join(letters)


def is_acronym(letters: str) -> bool:
    """Whether a word (dots removed) is an acronym: 2-6 letters in capitals, or opening and closing with capitals
    round one lower-case letter for a small word of the name ('MaT' of 'Maghawir al Thawra')."""
    if not letters.isalpha() or not 2 <= len(letters) <= 6:
        return False
    return letters.isupper() or bool(re.fullmatch(r"[A-Z]+[a-z][A-Z]+", letters))


def _resolve_acronyms(mentions: Sequence[Mention], names: list[str | None], aliases: AliasTable) -> None:
    """Name an unresolved acronym after the one longer name in the article with those initials (in place)."""
    by_initials: dict[str, set[str]] = {}
    for m, name in zip(mentions, names):
        for form in {m.text, name or m.text}:
            if len(form.split()) > 1:
                by_initials.setdefault(initials(form), set()).add(name or name_form(m.text, m.label))
    for i, m in enumerate(mentions):
        letters = m.text.replace(".", "")
        if names[i] is None and is_acronym(letters) and not aliases.keeps_own(m.text):
            targets = {t for t in by_initials.get(letters.upper(), set()) if not aliases.blocks(m.text, t)}
            if len(targets) == 1:
                names[i] = targets.pop()


def _labels(mentions: Sequence[Mention], names: Sequence[str], aliases: AliasTable) -> list[str]:
    """One label per canonical name: the table's, else PERSON when a long person name is among them, else the most
    common label of its mentions."""
    by_name: dict[str, Counter] = {}
    person_names = {n for m, n in zip(mentions, names) if m.label == "PERSON" and len(n.split()) > 1}
    for m, name in zip(mentions, names):
        by_name.setdefault(name, Counter())[m.label] += 1
    chosen = {}
    for name, counts in by_name.items():
        chosen[name] = aliases.label_of(name) or ("PERSON" if name in person_names else counts.most_common(1)[0][0])
    return [chosen[n] for n in names]


# --- free-text names (speakers) ------------------------------------------------------------------------------------

def strip_possessive(text: str) -> str:
    """A name without a trailing possessive ('Kim’s' -> 'Kim')."""
    for suffix in POSSESSIVE:
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def resolve_name(surface: str, mentions: Sequence[Mention], aliases: AliasTable) -> str:
    """Canonical name for a free-text name (a speaker, say) using the article's mentions and the alias table.

    'State Department spokesperson Matthew Miller' -> 'Matthew Miller', 'Kim' -> 'Kim Jong Un' when the article
    names him, 'the Kremlin' -> 'Kremlin', 'KCNA' -> 'Korean Central News Agency', "Pyongyang's state media" ->
    "North Korea's state media" (or what the table says that is).
    """
    name = _bare_name(surface)
    if not name:
        return " ".join(surface.split())
    words = name.split()
    for k in range(len(words)):
        tail = " ".join(words[k:])  # the whole name first, then without its leading words
        if k > 1 and words[k - 1] in OFFICE_LINKS and words[k - 2][:1].isupper():
            continue  # 'Human Rights' of 'High Commissioner for Human Rights' is what the office is for
        if tail[0].isupper() and (known := _known_name(tail, mentions, aliases)):
            return known
    if described := _name_after_descriptor(words):
        return described
    owner = re.match(r"^(.+?)['’]s\s+(.+)$", name)
    if owner:
        phrase = f"{_known_name(_bare_name(owner.group(1)), mentions, aliases) or owner.group(1)}'s {owner.group(2)}"
        return aliases.lookup(phrase) or phrase
    return name


def _bare_name(surface: str) -> str:
    """A free-text name without surrounding spaces, a leading article or a trailing possessive."""
    name = strip_possessive(" ".join(surface.split()).strip(" ,.;:"))
    return re.sub(r"^(?:the|The)\s+", "", name)


def _known_name(name: str, mentions: Sequence[Mention], aliases: AliasTable) -> str | None:
    """The canonical name the table or the article's mentions give this exact name, or its one long person form."""
    if (actor := aliases.metonym_of(name)) and not aliases.blocks(name, actor):
        return actor  # a place that speaks is its government
    key = fold(name)
    for mention in mentions:
        if fold(mention.text) == key or fold(mention.canonical) == key:
            return mention.canonical
    if (listed := aliases.lookup(name)) and not aliases.blocks(name, listed):
        return listed
    persons = {m.canonical for m in mentions if m.label == "PERSON" and len(m.canonical.split()) > 1}
    fits = [c for c in persons if _fits_any(key.split(), name_forms(fold(c).split())) and not aliases.blocks(name, c)]
    return fits[0] if len(fits) == 1 else None


def _name_after_descriptor(words: Sequence[str]) -> str | None:
    """The capitalised name after a descriptor ('spokesperson Jeon Ha-kyu' -> 'Jeon Ha Kyu'), if two words or more."""
    cut = 0
    for i, word in enumerate(words[:-1]):
        if not word[:1].isupper() or word.lower().rstrip(".") in TITLE_WORDS:
            cut = i + 1
    tail = words[cut:]
    serves = cut > 1 and words[cut - 1] in OFFICE_LINKS and words[cut - 2][:1].isupper()  # 'Commissioner for …'
    if 0 < cut and len(tail) >= 2 and not serves and all(w[:1].isupper() for w in tail):
        return name_form(" ".join(tail), "PERSON")
    return None
