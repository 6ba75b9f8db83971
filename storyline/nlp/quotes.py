"""Direct quotes with speakers: quote marks paired by typography, cues found in the dependency parse.

Each quoted span gets the first cue found, in this order: a cue right after its closing mark (“Q,” X said);
a dash cue ending its paragraph (Q - X said); a reporting verb up its dependency chain (X said he saw “Q”);
a colon lead-in (X said: “Q”); another cue in its sentence (according to X). Words a sentence gives to someone
before the quote and a source after it ("he said, “Q,” prosecutors said") are his, relayed by the source.
A quote without a speaker of its own takes the speaker of the same words quoted elsewhere (a subheading repeating
the body), else continues a neighbouring quote: the previous (or next) quote of its paragraph, else the last quote
of the paragraph before, else whoever the paragraph before reports (a paragraph that is only a quote goes on with
the previous speaker); a subheading goes on with nobody. Quotes that read as names, titles or terms (“Kinzhal”, a
poem called “Winter Solstice”, the term “three amigos”, the “one country, two systems” formula) are dropped unless
a cue attributes them as words.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from storyline.nlp.aliases import AliasTable, alias_path, load_alias_table
from storyline.nlp.quote_marks import QuoteSpan, find_quote_spans, paragraph_bounds
from storyline.nlp.speakers import (MEDIA_WORDS, RELATIVE_PRONOUNS, SOURCE_WORDS, SPEECH_NOUNS, Cue, DocContext,
                                    Speaker, SpeakerResolver, subject_of)
from storyline.records import Mention, Quote

CLAUSE_END = set(",.;:!?…—–-")
CLOSING_MARKS = "’'\"”»›"
DASHES = {"-", "–", "—"}
# Name-like words that may stay lower case inside a title ("Ministry of Defence", "Day of the Dead").
TITLE_SMALL_WORDS = frozenset("of the and for in on at to a an de la le du des el".split())
MAX_TITLE_WORDS = 8
# Cues that attribute even a name-like quote: the words were said ("“Thank You!” he said", "according to RIA").
ATTRIBUTING_CUES = ("trailing", "dash", "lead_in")
# Words before a quote that make it a term being named, not words being reported: the term “three amigos”.
TERM_WORDS = frozenset("term terms word phrase expression slogan nickname moniker label hashtag so-called".split())
# Nouns a short quote before them names a kind of ("the “one country, two systems” formula", a "phase one" deal):
# the quote is the label of a policy, a position or an arrangement, as after TERM_WORDS.
LABELLED_NOUNS = TERM_WORDS | frozenset(
    "formula doctrine policy principle strategy stance position zone framework concept narrative deal".split())
MAX_LABEL_WORDS = 4
FINAL_CUE_FORMS = frozenset({"reports", "says", "writes", "notes", "adds", "claims", "states"})
SHORT_CUE_TOKENS = 8  # a cue sentence after a quote that ended its own sentence: "Kim said."
TRAILING_WINDOW = 16  # tokens after a closing mark searched for "said X" / "X told reporters"
MAX_CHAIN = 12  # dependency steps from a quote up to its reporting verb
SKIPPABLE_VERB_DEPS = ("amod", "compound", "acl", "nmod", "appos")
FINITE_TAGS = ("VBD", "VBZ", "VBP")  # "he said, “Q,”" relays; "Asked about it, “Q,” he said" does not


@functools.lru_cache(maxsize=4)
def _alias_table(path: str, modified: float) -> AliasTable:
    """The alias table at `path` as of its modification time (an edited table is read again, once)."""
    return load_alias_table(Path(path))


def cached_alias_table() -> AliasTable:
    """The story's alias table, read from disk once per version of the file."""
    path = alias_path()
    return _alias_table(str(path), path.stat().st_mtime if path.exists() else 0.0)


@dataclass(frozen=True)
class Attribution:
    """What the extractor concluded for one quote."""

    speaker: Speaker | None
    verb: str | None
    surface: str | None
    conduit: str | None
    cue_kind: str  # which finder found the quote's own cue ("trailing", "chain", …), "" when it has none


def looks_like_name(text: str) -> bool:
    """Whether quoted text reads as a name or title (every content word capitalised) rather than speech."""
    words = re.findall(r"[^\W\d_][\w’'-]*", text)
    if len(words) == 1 == len(text.split()) and re.search(r"[a-z][A-Z]", text):
        return True  # one camel-case word is a handle or brand ("iPhone", "newsDesk"), not speech
    if not words or len(words) > MAX_TITLE_WORDS:
        return False
    content = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    return bool(content) and all(w[0].isupper() for w in content)


def quote_words(text: str) -> list[str]:
    """The lower-case words of a quote, punctuation and marks dropped."""
    return re.findall(r"[^\W_]+", text.lower().replace("’", "'").replace("'", ""))


def contains_run(words: list[str], part: list[str]) -> bool:
    """Whether `part` occurs in `words` as a run of consecutive words, or `words` in `part`."""
    longer, shorter = (words, part) if len(words) >= len(part) else (part, words)
    n = len(shorter)
    return n > 0 and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def surface_of(subject: Token, speaker: Speaker) -> str:
    """How the text names the speaker where the cue is: the pronoun, the name, or the role phrase as written."""
    if subject.lower_ in RELATIVE_PRONOUNS or subject.pos_ == "PROPN":
        return speaker.surface  # "a message … which read" names its writer elsewhere
    if subject.pos_ == "PRON":
        return subject.text.lstrip("-")
    start = subject.left_edge.i
    while start < subject.i and (subject.doc[start].is_punct or subject.doc[start].is_space):
        start += 1
    return subject.doc[start:subject.i + 1].text


class QuoteAttributor:
    """Finds the cue and speaker of each quote of one document, in text order."""

    def __init__(self, doc: Doc, text: str, mentions: list[Mention], aliases: AliasTable, spans: list[QuoteSpan]):
        self.doc = doc
        self.spans = spans
        self.ctx = DocContext(doc, text, mentions, aliases, spans)
        self.resolver = SpeakerResolver(self.ctx)
        self.text = self.ctx.text
        self.paragraphs = paragraph_bounds(self.text)
        self.paragraph_starts = [start for start, _ in self.paragraphs]
        self.words = [quote_words(self.text[span.start:span.end]) for span in spans]

    # --- where things are -------------------------------------------------------------------------------
    def paragraph_of(self, char: int) -> int:
        """Index of the paragraph holding a character offset."""
        return max(0, bisect.bisect_right(self.paragraph_starts, char) - 1)

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens starting in [start, end)."""
        first = self.ctx.token_index(start)
        return [self.doc[i] for i in range(first, self.ctx.token_index(end))]

    def outside(self, token: Token, span: QuoteSpan) -> bool:
        """Whether a token is narrative text for this quote (not inside it, nor inside another quote)."""
        inside = self.doc[self.ctx.token_index(span.start)]
        return not self.ctx.in_span(token, span) and self.ctx.visible(token, inside) \
            and token.text not in ("“", "”", '"', "‘", "’", "'", "«", "»", "„")

    # --- cue finders, strongest first -------------------------------------------------------------------
    def trailing_cue(self, span: QuoteSpan) -> Cue | None:
        """A cue right after the closing mark: “Q,” X said / “Q,” said X / “Q.” X said."""
        text = self.text
        quote_end = text[span.start:span.end].rstrip().rstrip(CLOSING_MARKS)[-1:]  # “… ‘Q?’” ends in “?”
        after = text[span.close_mark:span.close_mark + 2].lstrip()[:1]
        if not span.closed or not (quote_end in CLAUSE_END or after in CLAUSE_END):
            return None
        first = self.ctx.token_index(span.close_mark)
        if first >= len(self.doc):
            return None
        sentence = self.ctx.sentence_of(self.doc[first])
        window = [self.doc[i] for i in self.ctx.sentence_tokens(sentence) if i >= first][:TRAILING_WINDOW]
        starts_sentence = first == self.ctx.sent_starts[sentence]
        if starts_sentence and after != "," and (quote_end not in ".!?…" or len(window) > SHORT_CUE_TOKENS):
            return None
        if self.paragraph_of(self.doc[first].idx) != self.paragraph_of(span.start) and span.closed:
            return None
        for token in window:
            if token.is_quote or self.ctx.innermost[token.i] >= 0 and not self.ctx.in_span(token, span):
                return None
            if token.lower_ in SOURCE_WORDS or not self.ctx.same_paragraph(token, self.doc[first]):
                return None  # "“Q,” according to X" names a source; the chain may still find the speaker
            if token.dep_ == "cc" and token.head.pos_ in ("VERB", "AUX") and token.head.i < first:
                return None  # "… as “Q,” and analysts told …": a new clause, not the quote's cue
            if self.ctx.is_cue_verb(token):
                subject, conduit = subject_of(token, self.ctx)
                return Cue(token.text, token, subject or self.adjacent_name(token, window), conduit)
            if token.pos_ == "VERB" and token.dep_ not in SKIPPABLE_VERB_DEPS:
                return None
        return None

    def adjacent_name(self, verb: Token, window: list[Token]) -> Token | None:
        """A proper noun right beside a cue verb the parser left without a subject ("…,” said Kim)."""
        for token in window:
            if token.pos_ == "PROPN" and abs(token.i - verb.i) <= 3:
                return token
        return None

    def dash_cue(self, span: QuoteSpan) -> Cue | None:
        """A paragraph that ends "… - Kim said.": the dash attribution covers the quotes of the paragraph."""
        para_start, para_end = self.paragraphs[self.paragraph_of(span.start)]
        tail = self.tokens_between(max(para_start, para_end - 80), para_end)
        for position, token in enumerate(tail):
            if token.text in DASHES and position >= 0 and len(tail) - position <= SHORT_CUE_TOKENS:
                rest = tail[position + 1:]
                if any(t.is_quote for t in rest):
                    return None
                for candidate in rest:
                    if self.ctx.is_cue_verb(candidate):
                        subject, conduit = subject_of(candidate, self.ctx)
                        return Cue(candidate.text, candidate, subject or self.adjacent_name(candidate, rest),
                                   conduit)
        return None

    def chain_cue(self, span: QuoteSpan, max_steps: int = MAX_CHAIN) -> Cue | None:
        """The nearest reporting verb (or possessed speech noun) up the dependency chain from the quote."""
        best: tuple[int, Cue] | None = None
        for token in self.tokens_between(span.start, span.end):
            if self.ctx.in_span(token.head, span) or token.head.i == token.i or token.is_punct:
                continue  # a quote's final stop hangs on the sentence root, whatever the quote depends on
            came_from, current, steps = token, token.head, 1
            while steps <= max_steps and self.ctx.same_paragraph(current, token):
                cue = self.cue_at(current, span)
                # an adverbial clause is not what a verb reports ("Kim thanked Putin, wrapping up his “…” visit")
                if cue is not None and not (came_from.dep_ == "advcl" and came_from.i != cue.anchor.i):
                    if best is None or steps < best[0]:
                        best = (steps, cue)
                    break
                if current.head.i == current.i:
                    break
                came_from, current, steps = current, current.head, steps + 1
        return best[1] if best else None

    def cue_at(self, token: Token, span: QuoteSpan) -> Cue | None:
        """A cue anchored on this token, if it is one."""
        if self.ctx.in_span(token, span):
            return None
        if token.lower_ in SOURCE_WORDS:
            return Cue("according to" if token.lower_ == "according" else token.text, token,
                       subject_of(token, self.ctx)[0])
        if self.ctx.is_cue_verb(token):
            subject, conduit = subject_of(token, self.ctx)
            return Cue(token.text, token, subject, conduit)
        if token.pos_ == "NOUN" and token.lemma_.lower() in SPEECH_NOUNS:
            # "Nvidia's estimates", and a named compound: "with Minister Jane Doe warning of “Q”"
            owner = next((c for c in token.children if c.pos_ == "PROPN" and (
                c.dep_ in ("poss", "nmod") or c.dep_ == "compound" and self.ctx.mention_at(c) is not None)), None)
            if owner is not None:
                return Cue(token.text, token, owner)
        return None

    def lead_in_cue(self, span: QuoteSpan) -> Cue | None:
        """A lead-in before the quote ("X said: “Q”", "Quote from Kirby: “Q”", "Selon X, « Q »"), also ending
        the paragraph before one that is only the quote."""
        text = self.text
        para = self.paragraph_of(span.open_mark)
        para_start, end = self.paragraphs[para][0], span.open_mark
        before = text[para_start:end].rstrip()
        if not before and para > 0:
            para_start, end = self.paragraphs[para - 1]
            before = text[para_start:end].rstrip()
        if not before.endswith((":", ",")):
            return None
        tokens = [t for t in self.tokens_between(para_start, end) if self.outside(t, span)]
        clause_start = max((t.i + 1 for t in tokens[:-1] if t.text in (".", "!", "?", ":")), default=-1)
        lead = [t for t in tokens[:-1] if t.i >= clause_start]
        for token in reversed(lead):
            if token.lower_ in SOURCE_WORDS or self.ctx.is_cue_verb(token):
                subject, conduit = subject_of(token, self.ctx)
                if subject is not None:
                    verb = "according to" if token.lower_ == "according" else token.text
                    return Cue(verb, token, subject, conduit)
        if before.endswith(":"):  # a noun lead-in names the speaker: "Quote from Kirby:", "Statement by NATO:"
            for token in reversed(lead):
                if token.pos_ == "PROPN" and self.resolver.named(token) is not None:
                    words = self.doc[lead[0].i:token.left_edge.i].text.strip() or None
                    return Cue(words, lead[0], token)
        return None

    def sentence_cue(self, span: QuoteSpan) -> Cue | None:
        """Another cue in the quote's sentences ("…,” and Kim left …, according to KCNA"), nearest first."""
        first = self.ctx.sentence_of(self.doc[self.ctx.token_index(span.start)])
        last = self.ctx.sentence_of(self.doc[max(self.ctx.token_index(span.end) - 1, 0)])
        governing = {a.i for t in self.tokens_between(span.start, span.end) for a in t.ancestors}
        found: list[tuple[int, Cue]] = []
        for sentence in range(first, last + 1):
            for i in self.ctx.sentence_tokens(sentence):
                token = self.doc[i]
                if not self.outside(token, span) or not self.ctx.same_paragraph(token, self.doc[
                        self.ctx.token_index(span.start)]) or (i in governing and token.lower_ not in SOURCE_WORDS):
                    continue  # a verb the quote hangs on was weighed (and passed over) by the chain
                cue = self.cue_at(token, span) or self.final_cue(token)
                if cue is not None and cue.subject is not None:
                    distance = min(abs(token.idx - span.open_mark), abs(token.idx - span.close_mark))
                    found.append((distance, cue))
        return min(found, key=lambda item: item[0])[1] if found else None

    def final_cue(self, token: Token) -> Cue | None:
        """A sentence-final cue the tagger took for a noun: "…, the Voice of Korea radio reports."."""
        if token.lower_ not in FINAL_CUE_FORMS or token.pos_ != "NOUN" or token.i + 1 >= len(self.doc) \
                or not self.doc[token.i + 1].is_sent_end and self.doc[token.i + 1].text != ".":
            return None
        i = token.i - 1
        while i >= 0 and self.doc[i].text not in (",", ";") and token.i - i <= 8:
            if self.resolver.named(self.doc[i]) is not None:
                return Cue(token.text, token, self.doc[i])
            i -= 1
        return None

    def own_cue(self, span: QuoteSpan) -> tuple[str, Cue | None]:
        """The quote's own cue and the finder that found it, by the strategies in order of strength."""
        for kind, finder in (("trailing", self.trailing_cue), ("dash", self.dash_cue), ("chain", self.chain_cue),
                             ("lead_in", self.lead_in_cue), ("sentence", self.sentence_cue)):
            cue = finder(span)
            if cue is not None:
                return kind, (self.relayed(span, cue) if kind == "trailing" else None) or cue
        return "", None

    def relayed(self, span: QuoteSpan, trailing: Cue) -> Cue | None:
        """For "he said, “Q,” prosecutors said": the words are his, relayed by the cue after the quote."""
        lead = self.chain_cue(span, max_steps=1)
        if lead is None or lead.anchor.i == trailing.anchor.i:
            lead = self.lead_in_cue(span)
        if lead is None or lead.subject is None or lead.anchor.i == trailing.anchor.i \
                or lead.anchor.tag_ not in FINITE_TAGS or lead.anchor.idx > span.open_mark \
                or self.ctx.sentence_of(lead.anchor) != self.ctx.sentence_of(trailing.anchor):
            return None
        return Cue(lead.verb, lead.anchor, lead.subject, trailing.subject)

    # --- conduits --------------------------------------------------------------------------------------
    def conduit(self, span: QuoteSpan, cue: Cue, speaker: Speaker | None) -> str | None:
        """The medium that relayed the words, when the sentence names one besides the speaker."""
        candidates: list[Token] = []
        if cue.conduit_token is not None:
            candidates.append(cue.conduit_token)
        sentence = self.ctx.sentence_of(cue.anchor)
        for i in self.ctx.sentence_tokens(sentence):
            token = self.doc[i]
            if token.i == cue.anchor.i or not self.outside(token, span):
                continue
            if token.lower_ in SOURCE_WORDS:
                source = subject_of(token, self.ctx)[0]
                if source is not None and self.is_medium(source):
                    candidates.append(source)
            elif self.ctx.is_cue_verb(token):
                subject = subject_of(token, self.ctx)[0]
                if subject is not None and self.is_medium(subject):
                    candidates.append(subject)
        if cue.anchor.lemma_ == "tell":
            candidates += [c for c in cue.anchor.children if c.dep_ in ("dobj", "dative") and self.is_medium(c)]
        for token in candidates:
            found = self.resolver.resolve(token)
            if found is not None and (speaker is None or found.canonical != speaker.canonical):
                return found.canonical
        return None

    def is_medium(self, token: Token) -> bool:
        """Whether a subject names an organisation or a news medium (a possible conduit)."""
        mention = self.ctx.mention_at(token)
        if mention is not None:
            return mention.label == "ORG"
        return any(t.lower_ in MEDIA_WORDS for t in token.subtree)

    # --- the document --------------------------------------------------------------------------------
    def attribute(self, span: QuoteSpan) -> Attribution:
        """Speaker, verb and conduit of one quote from its own cue, or None fields when it has none."""
        kind, cue = self.own_cue(span)
        if cue is None:
            return Attribution(None, None, None, None, "")
        speaker = self.resolver.resolve(cue.subject) if cue.subject is not None else None
        surface = surface_of(cue.subject, speaker) if cue.subject is not None and speaker is not None else None
        return Attribution(speaker, cue.verb, surface, self.conduit(span, cue, speaker), kind)

    def run(self) -> list[tuple[QuoteSpan, Attribution]]:
        """Every quote worth keeping with its attribution, in text order."""
        results: list[tuple[QuoteSpan, Attribution]] = []
        own: dict[int, Attribution] = {}
        for index, span in enumerate(self.spans):
            found = own.pop(index, None) or self.attribute(span)
            if found.speaker is None:
                found = self.continued(index, span, found, results, own)
            if (looks_like_name(self.text[span.start:span.end]) or self.used_as_term(span)) \
                    and not self.attributes_name(found):
                continue  # a title, a name or a term ("Kinzhal", the term “three amigos”), not someone's words
            enclosing = self.enclosing(span, results)
            if enclosing is not None and found.speaker is not None and found.conduit is None \
                    and enclosing.speaker is not None and enclosing.speaker.canonical != found.speaker.canonical:
                found = Attribution(found.speaker, found.verb, found.surface, enclosing.speaker.canonical,
                                    found.cue_kind)
            self.resolver.remember(found.speaker)
            results.append((span, found))
        return results

    def used_as_term(self, span: QuoteSpan) -> bool:
        """A quote that names a term rather than reporting words: the term “three amigos”, the so-called “X”,
        the “X” formula."""
        before = re.findall(r"[\w-]+", self.text[max(0, span.open_mark - 30):span.open_mark].lower())
        return bool(before) and before[-1] in TERM_WORDS or self.labels_noun(span)

    def labels_noun(self, span: QuoteSpan) -> bool:
        """A short quote, without final punctuation, qualifying a following noun phrase headed by a LABELLED_NOUNS
        word: the “one country, two systems” formula, a "phase one" trade deal (outside other quotes: a speaker's
        own marks are part of the words)."""
        quote = self.text[span.start:span.end]
        after = self.ctx.token_index(span.close_mark)
        if span.depth or not span.closed or len(quote.split()) > MAX_LABEL_WORDS or quote[-1:] in CLAUSE_END \
                or after >= len(self.doc) or self.doc[after].pos_ != "NOUN" or not self.doc[after].is_lower:
            return False
        head = self.doc[after]
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head  # 'trade' -> 'deal'
        return head.lemma_.lower() in LABELLED_NOUNS

    @staticmethod
    def attributes_name(found: Attribution) -> bool:
        """Whether a cue attributes a name-like quote as words (“Q,” X said; according to X), not as a name."""
        return found.cue_kind in ATTRIBUTING_CUES or (found.verb or "").lower() in ("according to", "per", "selon")

    def enclosing(self, span: QuoteSpan, results: list[tuple[QuoteSpan, Attribution]]) -> Attribution | None:
        """The attribution of the quote this one is nested in, if any."""
        for outer, found in reversed(results):
            if outer.depth < span.depth and outer.start <= span.start and span.end <= outer.end:
                return found
        return None

    def continued(self, index: int, span: QuoteSpan, found: Attribution,
                  results: list[tuple[QuoteSpan, Attribution]], own: dict[int, Attribution]) -> Attribution:
        """A quote with no speaker of its own takes the speaker of the same words quoted elsewhere (a subheading
        repeats a quote of the body), else a neighbour's: same paragraph first, then the one before, then whoever
        the paragraph before reports ("X said it was late.\n\n“Q.”")."""
        if (source := self.repeated(index, span, results, own)) is not None:
            return self.inherit(found, source)
        if self.is_subheading(span):
            return found  # a subheading opens a section: it does not go on with the speaker before it
        paragraph = self.paragraph_of(span.open_mark)
        for other, attribution in reversed(results):
            if self.paragraph_of(other.open_mark) == paragraph and attribution.speaker is not None \
                    and other.depth == span.depth:
                return self.inherit(found, attribution)
            if self.paragraph_of(other.open_mark) < paragraph:
                break
        for later in range(index + 1, len(self.spans)):
            other = self.spans[later]
            if self.paragraph_of(other.open_mark) != paragraph:
                break
            if other.depth != span.depth:
                continue
            if later not in own:
                own[later] = self.attribute(other)
            attribution = own[later]
            if attribution.speaker is not None:
                return self.inherit(found, attribution)
        if results:  # most often the words of whoever spoke last (always so when the paragraph is only the quote)
            other, attribution = results[-1]
            if self.paragraph_of(other.open_mark) >= paragraph - 1 and attribution.speaker is not None:
                return self.inherit(found, attribution)
        return self.reported_before(span, found)

    def repeated(self, index: int, span: QuoteSpan, results: list[tuple[QuoteSpan, Attribution]],
                 own: dict[int, Attribution]) -> Attribution | None:
        """The attribution of the nearest other quote, with a cue of its own, that holds these words or is held in
        them (two words at least)."""
        words = self.words[index]
        if len(words) < 2:
            return None
        done = {other.open_mark: attribution for other, attribution in results}
        candidates = sorted((i for i in range(len(self.spans)) if i != index), key=lambda i: abs(i - index))
        for i in candidates:
            other = self.spans[i]
            if other.depth > span.depth or not contains_run(self.words[i], words):
                continue
            attribution = done.get(other.open_mark)
            if attribution is None:
                attribution = own[i] = own.get(i) or self.attribute(other)
            if attribution.speaker is not None and attribution.cue_kind:
                return attribution
        return None

    def alone_in_paragraph(self, span: QuoteSpan) -> bool:
        """Whether the quote is all its paragraph holds (besides a final stop)."""
        start, end = self.paragraphs[self.paragraph_of(span.open_mark)]
        return not self.text[start:span.open_mark].strip() and not self.text[span.close_mark:end].strip(" .,")

    def is_subheading(self, span: QuoteSpan) -> bool:
        """A short quote standing alone as a line without final punctuation: a subheading of the article."""
        quote = self.text[span.start:span.end].rstrip(CLOSING_MARKS)
        return span.closed and self.alone_in_paragraph(span) and quote[-1:] not in CLAUSE_END \
            and len(quote.split()) <= MAX_TITLE_WORDS + 4

    def reported_before(self, span: QuoteSpan, found: Attribution) -> Attribution:
        """For a paragraph that is only this quote, the speaker of a reporting verb ending the paragraph before."""
        paragraph = self.paragraph_of(span.open_mark)
        if paragraph == 0 or not self.alone_in_paragraph(span):
            return found
        before = self.tokens_between(*self.paragraphs[paragraph - 1])
        for token in reversed(before):  # the main verb: "Doe said it forced them to give up claims"
            if token.dep_ == "ROOT" and self.ctx.innermost[token.i] < 0 and self.ctx.is_cue_verb(token):
                subject, _ = subject_of(token, self.ctx)
                speaker = self.resolver.resolve(subject) if subject is not None else None
                if speaker is not None:
                    return Attribution(speaker, found.verb, surface_of(subject, speaker), found.conduit,
                                       found.cue_kind)
        return found

    @staticmethod
    def inherit(found: Attribution, source: Attribution) -> Attribution:
        """An attribution that continues another quote's speaker (keeping this quote's own verb, if any)."""
        return Attribution(source.speaker, found.verb, source.surface, found.conduit or source.conduit,
                           found.cue_kind)



def extract_quotes(doc: Doc, mentions: list[Mention], aliases: AliasTable | None = None) -> list[Quote]:
    """Direct quotes of a parsed doc with their speakers, conduits and reporting verbs."""
    text = doc.text  # built from the tokens on every access: read it once
    spans = find_quote_spans(text)
    if not spans:
        return []
    attributor = QuoteAttributor(doc, text, mentions, aliases if aliases is not None else cached_alias_table(), spans)
    quotes = []
    for span, found in attributor.run():
        sentence = attributor.ctx.sentence_of(doc[min(attributor.ctx.token_index(span.start), len(doc) - 1)])
        speaker = found.speaker
        quotes.append(Quote(span.start, span.end, text[span.start:span.end],
                            speaker.canonical if speaker else None, found.conduit, found.verb,
                            found.surface, sentence))
    return quotes
