"""Who said a quote: reporting cues found with spaCy's dependency parse, and speakers resolved to canonical names.

A cue is a reporting verb ("said", "told", "praised"), "according to X" / "per X" / "selon X", or a possessed
speech noun ("Nvidia's estimates of …"). Its grammatical subject is the speaker; names are resolved through
the article's mentions and the alias table, pronouns and role nouns ("the Russian leader") by rules.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, LEMMA, LOWER, POS
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Token

from storyline.nlp.aliases import AliasTable
from storyline.nlp.entities import resolve_name
from storyline.nlp.quote_marks import QuoteSpan
from storyline.records import Mention

CUE_LEMMAS = {
    "en": frozenset("""say tell add write state note report announce claim insist warn stress emphasize
        emphasise praise hail call describe vow pledge express urge thank assure confirm deny declare explain
        reply answer ask comment quote cite remark argue suggest predict promise acknowledge admit accuse
        criticize criticise condemn welcome point dub term label brand estimate propose reiterate recall
        congratulate reaffirm affirm maintain contend conclude observe speak read tweet post joke boast complain
        mention reveal indicate underline underscore highlight voice laud slam blast decry denounce dismiss
        caution threaten demand characterize characterise assert allege testify proclaim swear toast applaud
        commend lament regret concede recount believe wish hope reject""".split()),
    "fr": frozenset("""dire déclarer affirmer ajouter assurer appuyer souligner indiquer estimer expliquer lancer
        préciser annoncer écrire répondre confier insister rappeler poursuivre marteler promettre avertir
        prévenir juger dénoncer saluer qualifier raconter témoigner résumer conclure noter observer admettre
        reconnaître regretter déplorer exclamer lâcher ironiser commenter réagir espérer""".split()),
}
# Verbs that report speech only with a speech noun as object: "sent a message", "issued a statement".
CARRIER_LEMMAS = frozenset("send issue deliver release publish give leave envoyer publier".split())
SPEECH_NOUNS = frozenset("""statement remark remarks comment comments word words message letter speech address
    report dispatch communique declaration interview post tweet note estimate estimates description claim promise
    pledge warning appeal greeting greetings congratulation congratulations transcript announcement editorial
    commentary article book entry inscription video clip footage broadcast
    déclaration message lettre discours communiqué""".split())
# Prepositions that name a source: "according to KCNA", "per KCNA", "selon l'AFP".
SOURCE_WORDS = frozenset({"according", "per", "selon"})
# Passive verbs whose subject is the speaker ("Putin was quoted as saying"); elsewhere it is what was described.
PASSIVE_SPEAKER_LEMMAS = frozenset({"quote", "cite", "hear", "record", "citer"})
MEDIA_WORDS = frozenset("""media agency news radio television tv newspaper outlet broadcaster channel daily wire
    network press programme program report reports journal gazette""".split())
PERSON_PRONOUNS = {"en": frozenset({"he", "she"}), "fr": frozenset({"il", "elle"})}
THING_PRONOUNS = {"en": frozenset({"it"}), "fr": frozenset()}
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "qui"})
ROLE_SYNONYMS = {
    "president": "leader", "head": "leader", "chief": "leader", "premier": "leader", "ruler": "leader",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "gen": "general", "col": "colonel",
    "lt": "lieutenant", "maj": "major", "adm": "admiral", "sgt": "sergeant", "capt": "captain",
    "président": "leader", "dirigeant": "leader", "chef": "leader", "porte-parole": "spokesperson",
}
# Words before a name that are titles, not part of it ("State Department spokesperson Matthew Miller").
TITLE_WORDS = frozenset("""president gen general col colonel lt lieutenant maj major adm admiral sgt sergeant
    capt captain spokesperson spokesman spokeswoman minister leader supreme comrade mr mrs ms dr prof sir
    chairman chairwoman secretary ambassador governor mayor ceo chief premier prime deputy foreign defence
    defense senator rep king queen prince pope envoy commander director head vice speaker
    aide adviser advisor analyst expert researcher professor official officer""".split())
# Role nouns that stand for a person when nothing names them ("the Supreme Leader said").
PERSON_ROLES = frozenset("""leader spokesperson minister ambassador general colonel lieutenant major admiral
    sergeant captain commander governor mayor secretary envoy diplomat official officer aide adviser advisor
    chairman senator premier""".split())
# Bodies of a state that speak for themselves: "Russia's foreign ministry said" is the ministry, not Russia.
STATE_BODIES = frozenset("""ministry military army navy government office department embassy agency police
    forces court parliament cabinet administration authorities""".split())
MODIFIER_STOPWORDS = frozenset("the a an 's ’s former top new current then le la les un une".split())
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PER", "LOC"})
PERSON_LABELS = frozenset({"PERSON", "PER"})
PRONOUN_LOOKBACK_SENTENCES = 4


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: how the text names it, its canonical name, and whether it is a person."""

    surface: str
    canonical: str
    person: bool


@dataclass(frozen=True)
class Cue:
    """A reporting cue: the words as written, its anchor token and the token naming the speaker."""

    verb: str | None
    anchor: Token
    subject: Token | None
    conduit_token: Token | None = None


class DocContext:
    """Per-document lookups built once: token, sentence, paragraph and mention positions, quote membership."""

    def __init__(self, doc: Doc, text: str, mentions: list[Mention], aliases: AliasTable, spans: list[QuoteSpan]):
        self.doc = doc
        self.text = text
        self.lang = doc.lang_ if doc.lang_ in CUE_LEMMAS else "en"
        self.cues = CUE_LEMMAS[self.lang]
        self.mentions = sorted((m for m in mentions if m.label in NAME_LABELS), key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.aliases = aliases
        self.spans = spans
        # token attributes as arrays: iterating a Doc in Python costs as much as the lookups themselves
        self.columns = doc.to_array([IDX, POS, LEMMA, LOWER])
        self.token_starts = self.columns[:, 0].tolist()
        self.paragraph_starts = [m.end() for m in re.finditer(r"\n+", self.text)]
        self.sent_starts = [s.start for s in doc.sents]
        self.innermost = self._innermost_quotes()
        self._roles: dict[str, list[int]] = {}

    def _innermost_quotes(self) -> list[int]:
        """For each token, the index of the innermost quote span holding it, or -1."""
        owner = [-1] * len(self.doc)
        for index, span in sorted(enumerate(self.spans), key=lambda item: item[1].depth):
            for i in range(self.token_index(span.start), len(self.doc)):
                if self.token_starts[i] >= span.end:
                    break
                owner[i] = index
        return owner

    def paragraph_of(self, token: Token) -> int:
        """Index of the paragraph (newline-separated block) holding a token."""
        return bisect.bisect_right(self.paragraph_starts, token.idx)

    def same_paragraph(self, a: Token, b: Token) -> bool:
        """Whether two tokens lie in one paragraph (the parser sometimes runs a sentence across a break)."""
        return self.paragraph_of(a) == self.paragraph_of(b)

    def token_index(self, char: int) -> int:
        """Index of the token at or after a character offset."""
        return bisect.bisect_left(self.token_starts, char)

    def sentence_of(self, token: Token) -> int:
        """Index of the sentence holding a token."""
        return bisect.bisect_right(self.sent_starts, token.i) - 1

    def sentence_tokens(self, index: int) -> range:
        """Token indices of sentence `index`."""
        end = self.sent_starts[index + 1] if index + 1 < len(self.sent_starts) else len(self.doc)
        return range(self.sent_starts[index], end)

    def in_span(self, token: Token, span: QuoteSpan) -> bool:
        """Whether a token lies inside a quote span."""
        return span.start <= token.idx < span.end

    def visible(self, token: Token, viewer: Token) -> bool:
        """Whether `token` is narrative text from where `viewer` stands (not inside a quote that excludes it)."""
        owner = self.innermost[token.i]
        return owner < 0 or self.in_span(viewer, self.spans[owner])

    def mention_at(self, token: Token) -> Mention | None:
        """The named-entity mention covering a token, if any."""
        i = bisect.bisect_right(self.mention_starts, token.idx) - 1
        if i >= 0 and self.mentions[i].start <= token.idx < max(self.mentions[i].end, self.mentions[i].start + 1):
            return self.mentions[i]
        return None

    def nouns_among(self, words: set[str], column: int) -> list[int]:
        """Indices of nouns whose lemma (column 2) or lower-case form (column 3) is one of `words`, any case."""
        forms = {v for w in words for v in (w, w.capitalize(), w.upper(), w + ".", w.capitalize() + ".")}
        hashes = [self.doc.vocab.strings[form] for form in forms]
        mask = np.isin(self.columns[:, column], hashes) & np.isin(self.columns[:, 1], [NOUN, PROPN])
        return np.flatnonzero(mask).tolist()

    def role_tokens(self, key: str) -> list[int]:
        """Indices of nouns whose role key (lemma folded by synonyms) is `key`, found once per key."""
        if key not in self._roles:
            words = {key} | {word for word, folded in ROLE_SYNONYMS.items() if folded == key}
            self._roles[key] = self.nouns_among(words, 2)
        return self._roles[key]

    def is_cue_verb(self, token: Token) -> bool:
        """Whether a token is a reporting verb (or a carrier verb with a speech noun as object)."""
        if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.lower_ == "quote"):
            return False
        lemma = token.lemma_.lower()
        if lemma in self.cues:
            return True
        return lemma in CARRIER_LEMMAS and any(
            c.dep_ in ("dobj", "obj") and c.lemma_.lower() in SPEECH_NOUNS for c in token.children)


def role_key(token: Token) -> str:
    """A noun's lemma folded by role synonyms (president, chief, head → leader)."""
    lemma = token.lemma_.lower().rstrip(".")
    return ROLE_SYNONYMS.get(lemma, lemma)


def words_match(a: str, b: str) -> bool:
    """Whether two modifier words agree, allowing adjective/country forms (Russian ~ Russia, Korean ~ Korea)."""
    return a == b or (min(len(a), len(b)) >= 5 and a[:5] == b[:5])


def fold_word(token: Token) -> str:
    """A token's lower-case text without a possessive ending."""
    return token.lower_.removesuffix("'s").removesuffix("’s")


def source_object(token: Token) -> Token | None:
    """The source named by "according to X", "per X", "citing X" or "selon X"."""
    word = token.lower_
    if word == "according":
        for child in token.children:
            if child.lower_ == "to":
                return next((c for c in child.children if c.dep_ in ("pobj", "obj")), None)
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            return next((c for c in nxt.children if c.dep_ == "pobj"), None)
        return None
    if word in ("per", "citing", "selon"):
        child = next((c for c in token.children if c.dep_ in ("pobj", "dobj", "obj")), None)
        if child is not None:
            return child
        if token.dep_ == "case" and token.head.i > token.i:
            return token.head
    return None


def direct_subject(verb: Token, ctx: DocContext) -> Token | None:
    """The subject (or passive agent) that a verb itself governs, in its own paragraph; of two (a misparse of
    "Greenpeace editor Jane Doe said"), the one nearest the verb."""
    found: list[Token] = []
    for child in verb.children:
        if not ctx.same_paragraph(child, verb) or child.lower_ == "-t":
            continue
        if child.dep_ in ("nsubj", "csubj") or (child.dep_ == "expl:subj" and child.lower_ in ("-il", "-elle")) \
                or (child.dep_ in ("nsubjpass", "nsubj:pass")
                                                and verb.lemma_.lower() in PASSIVE_SPEAKER_LEMMAS):
            found.append(child)
        elif child.dep_ in ("agent", "obl:agent") and child.lower_ == "by":
            found += [c for c in child.children if c.dep_ == "pobj"][:1]
    return min(found, key=lambda t: abs(t.i - verb.i), default=None)


def name_before(verb: Token, ctx: DocContext) -> Token | None:
    """A proper name just before a verb the parser left without a subject ("and Rutte pointed to …")."""
    i = verb.i - 1
    while i >= 0 and verb.i - i <= 4 and verb.doc[i].pos_ in ("AUX", "ADV", "PART"):
        i -= 1
    bare_participle = verb.tag_ in ("VBG", "VBN") and not any(c.dep_ == "aux" for c in verb.children)
    if bare_participle or i < 0 or verb.doc[i].pos_ != "PROPN":
        return None  # a participle's subject is the clause's, found by climbing
    start, _ = name_span(verb.doc[i])
    if verb.doc[start].text[:1].isupper() and ctx.same_paragraph(verb.doc[i], verb):
        return verb.doc[i]
    return None


def subject_of(verb: Token, ctx: DocContext) -> tuple[Token | None, Token | None]:
    """(speaker token, conduit token) of a cue: its subject, or the subject of the clause it hangs on."""
    if verb.lower_ in SOURCE_WORDS:
        return source_object(verb), None
    if verb.lemma_.lower() == "quote":
        quoted = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
        if quoted is not None:
            return quoted, direct_subject(verb, ctx)
    reported = verb.head
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and reported.dep_ == "ccomp" and ctx.is_cue_verb(reported.head) \
            and direct_subject(verb, ctx) is None:
        # "X said that Y did Z, saying/calling …": the parser hangs the participle on the reported clause
        return subject_of(reported.head, ctx)
    current = verb
    for _ in range(4):
        subject = direct_subject(current, ctx)
        if subject is not None:
            return subject, None
        if current.dep_ in ("ROOT", "ccomp", "parataxis") or current.head.i == current.i:
            break
        if (before := name_before(current, ctx)) is not None:
            return before, None
        current = current.head
        while current.pos_ in ("ADP", "SCONJ", "NOUN", "PROPN", "ADJ") and current.head.i != current.i:
            current = current.head
        if not ctx.same_paragraph(current, verb):
            break
    return name_before(verb, ctx), None


def name_span(head: Token) -> tuple[int, int]:
    """Token range (start, end) of the proper name headed by `head`, title words before it dropped."""
    start, end = head.i, head.i + 1
    doc = head.doc
    while start > 0 and doc[start - 1].head.i in range(start - 1, end + 3) and (
            doc[start - 1].pos_ == "PROPN" or (doc[start - 1].text == "-" and start > 1
                                               and doc[start - 2].pos_ == "PROPN")):
        start -= 1
    while end < len(doc) and doc[end].dep_ in ("flat", "flat:name", "compound") and doc[end].pos_ == "PROPN" \
            and doc[end].head.i in range(start, end):
        end += 1
    end = _office_end(head, end)
    while start < head.i and doc[start].lower_.rstrip(".") in TITLE_WORDS:
        start += 1
    return start, end


def _office_end(head: Token, end: int) -> int:
    """The end of an office's name that goes on with 'of' or 'for' and a proper name ('High Commissioner for Human
    Rights', 'Secretary of State'); a person or place named after it is no part of it ('Kim of North Korea')."""
    doc = head.doc
    if head.ent_type_ in ("PERSON", "GPE") or end + 1 >= len(doc) or doc[end].lower_ not in ("of", "for") \
            or doc[end].head.i != head.i:
        return end
    stop = end + 1
    while stop < len(doc) and doc[stop].pos_ == "PROPN" and doc[stop].ent_type_ not in ("PERSON", "GPE"):
        stop += 1
    named = stop > end + 1 and any(t.dep_ == "pobj" and t.head.i == end for t in doc[end + 1:stop])
    return stop if named else end


class SpeakerResolver:
    """Turns cue subjects into speakers, keeping what earlier quotes of the document resolved to."""

    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.last: Speaker | None = None
        self.last_person: Speaker | None = None
        self.last_thing: Speaker | None = None
        self._titles: dict[str, list[tuple[str, set[str]]]] | None = None

    def remember(self, speaker: Speaker | None) -> None:
        """Record the speaker of the quote just attributed (pronouns and "the statement" refer back to it)."""
        if speaker is None:
            return
        self.last = speaker
        if speaker.person:
            self.last_person = speaker
        else:
            self.last_thing = speaker

    def canonical(self, surface: str) -> str:
        """Canonical name of a free-text name through the article's mentions and the alias table."""
        return resolve_name(surface, self.ctx.mentions, self.ctx.aliases)

    # --- names -------------------------------------------------------------------------------------------
    def from_mention(self, mention: Mention) -> Speaker:
        """A speaker from a named-entity mention, title words at its start dropped."""
        words = mention.text.split()
        person = mention.label in PERSON_LABELS
        if person:
            while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS:
                words = words[1:]
        surface = " ".join(words)
        canonical = mention.canonical if surface == mention.text else self.canonical(surface)
        return Speaker(surface, canonical, person)

    def named(self, token: Token) -> Speaker | None:
        """The speaker a proper-noun token names (its mention, or its compound name), or None."""
        mention = self.ctx.mention_at(token)
        if mention is not None and not all(w.lower().rstrip(".") in TITLE_WORDS for w in mention.text.split()) \
                and mention.end >= token.idx + len(token.text.removesuffix("’s").removesuffix("'s")):
            return self.from_mention(mention)
        if token.pos_ != "PROPN":
            return None
        start, end = name_span(token)
        if start >= end or not token.doc[start].text[:1].isupper() or \
                all(t.lower_.rstrip(".") in TITLE_WORDS for t in token.doc[start:end]):
            return None
        surface = token.doc[start:end].text.removesuffix("'s").removesuffix("’s")
        # a person only when the model saw one in the name ("Gen Oleksandr" for "Gen Oleksandr Syrskyi")
        label = next((m.label for i in range(start, end) if (m := self.ctx.mention_at(token.doc[i]))), None) \
            or next((t.ent_type_ for t in token.doc[start:end] if t.ent_type_), None)
        canonical = self.canonical(surface)
        person = label in PERSON_LABELS or any(  # a surname the model missed once: "Doe faces …"
            m.canonical == canonical and m.label in PERSON_LABELS for m in self.ctx.mentions)
        return Speaker(surface, canonical, person)

    def resolve(self, token: Token | None, depth: int = 0) -> Speaker | None:
        """The speaker named by a subject token: a name, a pronoun, a role noun, a speech noun or a phrase."""
        if token is None or depth > 3:
            return None
        word = token.lower_.lstrip("-")
        if word in PERSON_PRONOUNS[self.ctx.lang] or word in THING_PRONOUNS[self.ctx.lang]:
            return self.pronoun(token, person=word in PERSON_PRONOUNS[self.ctx.lang])
        if word in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl:relcl"):
            return self.antecedent(token.head.head, depth)
        if token.pos_ == "PRON":
            return None
        if (speaker := self.named(token)) is not None or (speaker := self.appositive(token)) is not None:
            return speaker
        if token.lemma_.lower() in SPEECH_NOUNS:
            return self.owner(token, depth) or self.issuer(token, depth) or self.last
        return self.described(token) or self.organisation(token) or self.phrase(token)

    def appositive(self, token: Token) -> Speaker | None:
        """The name in apposition to a noun ("Russia’s ambassador, Alexander Matsegora")."""
        for child in token.children:
            if child.dep_ == "appos" and (speaker := self.named(child)) is not None:
                return speaker
        return None

    def owner(self, noun: Token, depth: int = 0) -> Speaker | None:
        """Who a speech noun belongs to: "Nvidia's estimates", "the KCNA report", "Word of … Kim Jong-un"."""
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "nmod") and (speaker := self.named(child)) is not None:
                return speaker
            if child.dep_ == "prep" and child.lower_ in ("of", "from", "by"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and (speaker := self.resolve(obj, depth + 1)) is not None:
                    return speaker
        return None

    def issuer(self, noun: Token, depth: int) -> Speaker | None:
        """Who put out the text "the statement" refers back to: "X said in a statement …" / "X issued a statement"
        earlier in the article."""
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
            return None
        lemma = noun.lemma_.lower()
        for earlier in reversed(self.ctx.doc[:noun.i]):
            if earlier.lemma_.lower() != lemma or earlier.pos_ != "NOUN":
                continue
            verb = earlier.head.head if earlier.dep_ == "pobj" else earlier.head
            if verb.i != earlier.i and self.ctx.is_cue_verb(verb):
                subject, _ = subject_of(verb, self.ctx)
                if subject is not None and subject.lemma_.lower() != lemma:
                    return self.resolve(subject, depth + 1)
        return None

    def antecedent(self, noun: Token, depth: int) -> Speaker | None:
        """What a relative pronoun stands for; for a written thing ("a message … which read"), its author."""
        if noun.lemma_.lower() not in SPEECH_NOUNS:
            return self.resolve(noun, depth=depth + 1)
        if (speaker := self.owner(noun, depth)) is not None:
            return speaker
        current = noun
        for _ in range(4):
            current = current.head
            if current.pos_ in ("VERB", "AUX"):
                subject, _ = subject_of(current, self.ctx)
                return self.resolve(subject, depth=depth + 1)
            if current.head.i == current.i:
                break
        return None

    def organisation(self, noun: Token) -> Speaker | None:
        """An organisation named inside a noun phrase: "Analysts at Citi", "the Voice of Korea radio"."""
        for child in noun.children:
            if child.dep_ in ("compound", "poss", "nmod") and (speaker := self.named(child)) is not None \
                    and not speaker.person:
                # "Russia's foreign ministry", "the US military" speak as a body of the state, not as the state
                return None if noun.lemma_.lower() in STATE_BODIES and self.is_place(child) else speaker
            if child.dep_ == "prep" and child.lower_ in ("at", "of", "from", "for", "with"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and (speaker := self.named(obj)) is not None:
                        return speaker
        return None

    def is_place(self, token: Token) -> bool:
        """Whether a token names a country or place (its mention is a GPE or LOC)."""
        mention = self.ctx.mention_at(token)
        return mention is not None and mention.label in ("GPE", "LOC")

    def phrase(self, noun: Token) -> Speaker | None:
        """A common-noun source as written ("state media", "Russia's defence ministry"), determiner dropped."""
        if noun.pos_ not in ("NOUN", "PROPN"):
            return None
        tokens = [t for t in noun.subtree if noun.i - 5 <= t.i <= noun.i and t.dep_ not in ("det", "punct")]
        if not tokens:
            return None
        surface = noun.doc[tokens[0].i:noun.i + 1].text
        return Speaker(surface, self.canonical(surface), False)

    # --- role nouns ("the Russian leader") ---------------------------------------------------------------
    def modifiers(self, noun: Token) -> set[str]:
        """Content words modifying a role noun ("the Russian leader" → {"russian"})."""
        words = set()
        for child in noun.lefts:
            if child.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod"):
                words.update(fold_word(t) for t in child.subtree if t.is_alpha)
        return {w for w in words if w not in MODIFIER_STOPWORDS and ROLE_SYNONYMS.get(w, w) != role_key(noun)}

    def holder(self, role: Token) -> Speaker | None:
        """The named entity a role word is attached to ("President" in "Russian President Vladimir Putin")."""
        if role.dep_ in ("compound", "flat", "flat:name", "appos") and role.head.pos_ == "PROPN":
            return self.named(role.head)
        for child in role.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return self.named(child)
        if role.pos_ == "PROPN" and role.i + 1 < len(role.doc) and role.nbor(1).pos_ == "PROPN":
            return self.named(role.nbor(1))
        return None

    def role_words(self, role: Token) -> set[str]:
        """The words introducing a role: its own phrase and the name phrase it belongs to."""
        context = role.head if role.dep_ in ("compound", "flat", "flat:name") else role
        words = {fold_word(t) for t in role.doc[context.left_edge.i:context.i + 1] if t.is_alpha}
        return words | {fold_word(t) for t in role.subtree if t.is_alpha}

    def titles(self) -> dict[str, list[tuple[str, set[str]]]]:
        """Role keys and words each named person was introduced with, built once per document."""
        if self._titles is None:
            self._titles = defaultdict(list)
            for i in self.ctx.nouns_among(set(TITLE_WORDS), 3):
                token = self.ctx.doc[i]
                holder = self.holder(token)
                if holder is not None and holder.person:
                    self._titles[holder.canonical].append((role_key(token), self.role_words(token)))
        return self._titles

    def fits(self, speaker: Speaker, key: str, wanted: set[str]) -> bool:
        """Whether a person may be the one a role noun describes: no title of theirs contradicts it."""
        known = self.titles().get(speaker.canonical)
        if not known:
            return True
        return any(k == key and all(any(words_match(w, h) for h in have) for w in wanted) for k, have in known)

    def described(self, noun: Token) -> Speaker | None:
        """Resolve a role noun ("the Russian leader", "the general") to the entity it was introduced with."""
        key, wanted = role_key(noun), self.modifiers(noun)
        candidates = self.ctx.role_tokens(key)
        here = bisect.bisect_left(candidates, noun.i)
        for i in candidates[:here][::-1] + candidates[here + 1:]:
            role = self.ctx.doc[i]
            if not self.ctx.visible(role, noun):
                continue
            if not all(any(words_match(w, h) for h in self.role_words(role)) for w in wanted):
                continue
            if (holder := self.holder(role)) is not None:
                return holder
            if i < noun.i and (org := self.organisation(role)) is not None:
                return org
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "un", "une") for c in noun.children)
        if indefinite:  # "a White House spokesperson said …" is often named in the next paragraphs
            for i in candidates[here + 1:]:
                if (holder := self.holder(self.ctx.doc[i])) is not None:
                    return holder
        if key in PERSON_ROLES:  # "a spokesperson for the Foreign Office": the body, not the last person named
            return self.organisation(noun) or self.person_before(noun, lambda s: self.fits(s, key, wanted))
        return None

    # --- pronouns ----------------------------------------------------------------------------------------
    def sentence_subjects(self, index: int, viewer: Token, before: int | None = None) -> list[Token]:
        """Singular, non-pronoun subjects in sentence `index` outside quotes that exclude the viewer."""
        tokens = [self.ctx.doc[i] for i in self.ctx.sentence_tokens(index) if before is None or i < before]
        return [t for t in tokens if t.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") and self.ctx.visible(t, viewer)
                and t.pos_ != "PRON" and t.tag_ not in ("NNS", "NNPS") and "Number=Plur" not in t.morph]

    def pronoun(self, token: Token, person: bool) -> Speaker | None:
        """Resolve he/she (or it) to the nearest compatible subject before it, else the previous speaker."""
        found = self.person_before(token, lambda s: True) if person else self.thing_before(token)
        if found is not None:
            return found
        return self.last_person if person else self.last_thing

    def person_before(self, token: Token, accept) -> Speaker | None:
        """The nearest person before a token that is the subject of a sentence, else the nearest person named."""
        sentence = self.ctx.sentence_of(token)
        for back in range(PRONOUN_LOOKBACK_SENTENCES):
            if sentence - back < 0:
                break
            subjects = self.sentence_subjects(sentence - back, token, before=token.i if back == 0 else None)
            for subject in (subjects[::-1] if back == 0 else subjects):
                if subject.lemma_.lower() in SPEECH_NOUNS or subject.i == token.i:
                    continue
                speaker = self.resolve_role(subject)
                if speaker is not None and speaker.person and accept(speaker):
                    return speaker
        if self.last_person is not None and accept(self.last_person):
            return self.last_person
        return self.nearest_mention(token, lambda m: m.label in PERSON_LABELS, accept)

    def thing_before(self, token: Token) -> Speaker | None:
        """The organisation "it" stands for: the previous organisation speaker, else the nearest one named."""
        if self.last_thing is not None:
            return self.last_thing
        return self.nearest_mention(token, lambda m: m.label == "ORG", lambda s: True)

    def resolve_role(self, subject: Token) -> Speaker | None:
        """A subject that is a name or a role noun with a named antecedent (no pronoun fallback)."""
        if (speaker := self.named(subject)) is not None or (speaker := self.appositive(subject)) is not None:
            return speaker
        if subject.pos_ != "NOUN":
            return None
        key, wanted = role_key(subject), self.modifiers(subject)
        for i in reversed(self.ctx.role_tokens(key)):
            role = self.ctx.doc[i]
            if i < subject.i and (holder := self.holder(role)) is not None and \
                    all(any(words_match(w, h) for h in self.role_words(role)) for w in wanted):
                return holder
        return None

    def nearest_mention(self, token: Token, kind, accept) -> Speaker | None:
        """The closest named entity of the right kind before a token, within a few sentences."""
        floor = self.ctx.doc[self.ctx.sent_starts[max(0, self.ctx.sentence_of(token) - PRONOUN_LOOKBACK_SENTENCES)]]
        i = bisect.bisect_left(self.ctx.mention_starts, token.idx) - 1
        while i >= 0 and self.ctx.mentions[i].start >= floor.idx:
            mention = self.ctx.mentions[i]
            where = self.ctx.doc[min(self.ctx.token_index(mention.start), len(self.ctx.doc) - 1)]
            if kind(mention) and self.ctx.visible(where, token) and accept(speaker := self.from_mention(mention)):
                return speaker
            i -= 1
        return None
