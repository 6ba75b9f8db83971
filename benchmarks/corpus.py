"""A seeded synthetic news corpus: articles with the records parsing would extract from them, as text files or a store.

Every article is generated together with its entity mentions, quotes, dates and sentence spans (exact offsets into
its text), so a store of 50,000 articles can be built without spaCy, and the same articles can be written as text
files for the real ingest. Outlets and entities follow Zipf laws; some stories are wire copies carried by several
outlets, exactly or truncated. Titles start with "[synthetic]" and every text ends with a note saying it is synthetic.
"""
from __future__ import annotations

import bisect
import itertools
import math
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa

from benchmarks import vocabulary as words
from storyline import schema
from storyline.ingest.dedup import WireLink, fingerprint_text
from storyline.records import (Article, DatedExpression, Mention, ParsedArticle, Quote, Sentence,
                               make_article)
from storyline.rows import build_tables
from storyline.store import Store

SYNTHETIC_TITLE = "[synthetic]"
SYNTHETIC_NOTE = "Synthetic text generated for benchmarks; it is not news and describes no real event."
START_DAY = date(2023, 9, 1)
DAYS = 366


@dataclass(frozen=True)
class CorpusSpec:
    """What to generate: how many articles over how many outlets, from which seed."""

    articles: int
    outlets: int = 60
    seed: int = 7
    start: date = START_DAY
    days: int = DAYS
    wire_share: float = 0.12     # share of articles that are copies of another outlet's story
    min_words: int = 200
    max_words: int = 1200
    median_words: int = 450
    # Shares of sentence kinds, tuned to the dev corpus's ~32 mentions, ~4 quotes and ~1 date per article.
    quote_rate: float = 0.10
    date_rate: float = 0.01
    entity_rate: float = 0.27


@dataclass(frozen=True)
class Entity:
    """A named thing the corpus mentions: canonical name, label, the form used after the first mention."""

    name: str
    label: str
    short: str
    determiner: str = ""  # "the" goes before the name in a sentence but is not part of the mention

    def surface(self, first: bool) -> str:
        """The words that name the entity: in full the first time, shortened afterwards."""
        return self.name if first else self.short


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article with its records; `copy_of` names the original when it is a wire copy."""

    parsed: ParsedArticle
    copy_of: str | None = None
    copy_kind: str | None = None


class ZipfPool:
    """Items drawn with probability proportional to 1 / rank**exponent."""

    def __init__(self, items: Sequence, exponent: float) -> None:
        self.items = list(items)
        weights = [1.0 / (rank ** exponent) for rank in range(1, len(self.items) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random):
        """One item."""
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_left(self.cumulative, point)]

    def draw_distinct(self, rng: random.Random, count: int) -> list:
        """Up to `count` different items (fewer when the pool is small)."""
        picked: list = []
        for _ in range(count * 6):
            item = self.draw(rng)
            if item not in picked:
                picked.append(item)
            if len(picked) == count:
                break
        return picked


@dataclass
class Universe:
    """The corpus's outlets and entities, each a Zipf pool, built from the seed."""

    outlets: ZipfPool
    persons: ZipfPool
    orgs: ZipfPool
    countries: ZipfPool
    cities: ZipfPool
    nationalities: ZipfPool
    others: ZipfPool
    conduits: list[Entity]
    stock_quotes: list[str]


def with_determiner(name: str, label: str) -> Entity:
    """An entity from a name that may start with "the"."""
    if name.startswith("the "):
        bare = name[4:]
        return Entity(bare, label, bare, "the")
    return Entity(name, label, name)


def build_universe(spec: CorpusSpec) -> Universe:
    """Outlets, people, organisations and places for a spec (deterministic)."""
    rng = random.Random(spec.seed)
    outlet_names = sorted({pattern.format(place=place) for pattern in words.OUTLET_PATTERNS
                           for place in words.OUTLET_PLACES})
    rng.shuffle(outlet_names)
    people = [f"{given} {surname}" for given in words.GIVEN_NAMES for surname in words.SURNAMES]
    rng.shuffle(people)
    persons = [Entity(name, "PERSON", name.split()[-1]) for name in people[:2500]]
    generated_orgs = [f"{place} {stem}" for place in words.OUTLET_PLACES for stem in words.ORG_STEMS]
    rng.shuffle(generated_orgs)
    orgs = [with_determiner(n, "ORG") for n in (*words.FIXED_ORGS, *generated_orgs[:400])]
    others = ([with_determiner(n, "LOC") for n in words.PLACES_NOT_COUNTRIES]
              + [with_determiner(n, "FAC") for n in words.FACILITIES]
              + [with_determiner(n, "EVENT") for n in words.EVENTS])
    conduits = [with_determiner(n, "ORG") for n in words.CONDUITS]
    quote_rng = random.Random(spec.seed + 1)
    stock = [quote_sentence(quote_rng) for _ in range(3000)]
    return Universe(outlets=ZipfPool(outlet_names[:spec.outlets], 1.0), persons=ZipfPool(persons, 1.1),
                    orgs=ZipfPool(orgs, 1.0), countries=ZipfPool([with_determiner(n, "GPE") for n in words.COUNTRIES], 1.2),
                    cities=ZipfPool([with_determiner(n, "GPE") for n in words.CITIES], 1.1),
                    nationalities=ZipfPool([Entity(n, "NORP", n) for n in words.NATIONALITIES], 1.2),
                    others=ZipfPool(others, 0.8), conduits=conduits, stock_quotes=stock)


def quote_sentence(rng: random.Random) -> str:
    """The words of a quoted sentence (no marks, no final punctuation)."""
    tail = rng.choice(words.QUOTE_TAILS)
    return " ".join(p for p in (rng.choice(words.QUOTE_SUBJECTS), rng.choice(words.QUOTE_PREDICATES), tail) if p)


class TextWriter:
    """Builds an article's text sentence by sentence, recording every mention, quote, date and sentence span."""

    def __init__(self, published: date) -> None:
        self.published = published
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.offset = 0          # length of the text written so far (paragraphs joined by blank lines)
        self.sentence_start = 0
        self.mentions: list[Mention] = []
        self.quotes: list[Quote] = []
        self.dates: list[DatedExpression] = []
        self.sentences: list[Sentence] = []
        self.seen: set[str] = set()
        self.words = 0

    def _append(self, piece: str) -> int:
        """Add text to the open paragraph; returns where it starts in the article text."""
        if not self.current:
            self.offset += 2 if self.paragraphs else 0
        start = self.offset
        self.current.append(piece)
        self.offset += len(piece)
        return start

    def plain(self, piece: str) -> None:
        """Words without records."""
        self._append(piece)

    def entity(self, item: Entity) -> str:
        """Mention an entity (in full the first time); returns the surface written."""
        surface = item.surface(item.name not in self.seen)
        self.seen.add(item.name)
        start = self._append(surface)
        self.mentions.append(Mention(start, start + len(surface), surface, item.label, item.name,
                                     len(self.sentences)))
        return surface

    def quote(self, text: str, speaker: Entity | None, verb: str | None, surface: str | None,
              conduit: Entity | None = None) -> None:
        """Quoted words between curly marks."""
        start = self._append("“" + text + "”") + 1
        self.quotes.append(Quote(start, start + len(text), text, speaker.name if speaker else None,
                                 conduit.name if conduit else None, verb, surface, len(self.sentences)))

    def date(self, text: str, value: str, granularity: str, role: str = "happened") -> None:
        """A dated expression resolved against the publication day."""
        start = self._append(text)
        self.dates.append(DatedExpression(start, start + len(text), text, value, granularity,
                                          len(self.sentences), role))

    def end_sentence(self) -> None:
        """Close the sentence being written (its pieces are already in the paragraph)."""
        self.sentences.append(Sentence(len(self.sentences), self.sentence_start, self.offset))
        self._append(" ")
        self.sentence_start = self.offset

    def open_paragraph(self) -> str:
        """The paragraph being written, as it would be closed."""
        return "".join(self.current).rstrip()

    def end_paragraph(self) -> None:
        """Close the paragraph (dropping the space after its last sentence)."""
        if self.current:
            self.current.pop()
            self.offset -= 1
            paragraph = "".join(self.current)
            self.paragraphs.append(paragraph)
            self.words += len(paragraph.split())
            self.current = []
            self.sentence_start = self.offset + 2


@dataclass
class Cast:
    """Who and where one article is about."""

    persons: list[Entity]
    orgs: list[Entity]
    places: list[Entity]
    nationalities: list[Entity]
    extras: list[Entity] = field(default_factory=list)

    def everyone(self) -> list[Entity]:
        """Every entity of the cast."""
        return [*self.persons, *self.orgs, *self.places, *self.nationalities, *self.extras]


def pick_cast(rng: random.Random, universe: Universe) -> Cast:
    """2–4 people, 1–3 organisations, 3–5 places, 1–2 nationalities, sometimes a facility or event."""
    places = universe.countries.draw_distinct(rng, rng.randint(2, 3)) + universe.cities.draw_distinct(rng, rng.randint(1, 2))
    extras = universe.others.draw_distinct(rng, 1) if rng.random() < 0.3 else []
    return Cast(universe.persons.draw_distinct(rng, rng.randint(2, 4)), universe.orgs.draw_distinct(rng, rng.randint(1, 3)),
                places, universe.nationalities.draw_distinct(rng, rng.randint(1, 2)), extras)


def name_in_sentence(w: TextWriter, item: Entity, capital: bool = False) -> str:
    """Write an entity with its determiner ("the United Nations"); returns the surface of the name."""
    if item.determiner:
        w.plain(("The " if capital else "the "))
    return w.entity(item)


def write_entity_sentence(w: TextWriter, rng: random.Random, cast: Cast) -> None:
    """A statement naming two or three entities."""
    person, other = rng.choice(cast.persons), rng.choice(cast.persons + cast.orgs)
    place = rng.choice(cast.places)
    form = rng.randrange(5)
    if form == 0:
        name_in_sentence(w, person, True)
        w.plain(f" {rng.choice(words.VERBS_PAST)} {rng.choice(words.TOPICS)} with ")
        name_in_sentence(w, other)
        w.plain(" in ")
        name_in_sentence(w, place)
        w.plain(f", {rng.choice(words.FILLER_TAILS)}.")
    elif form == 1:
        w.plain("Officials in ")
        name_in_sentence(w, place)
        w.plain(f" said {rng.choice(words.TOPICS)} would be high on the agenda when ")
        name_in_sentence(w, person)
        w.plain(" meets ")
        name_in_sentence(w, other)
        w.plain(".")
    elif form == 2:
        nationality = rng.choice(cast.nationalities)
        w.entity(nationality)
        w.plain(f" officials have {rng.choice(words.VERBS_PAST)} {rng.choice(words.TOPICS)}, and ")
        name_in_sentence(w, person)
        w.plain(" is expected to raise it with ")
        name_in_sentence(w, rng.choice(cast.places))
        w.plain(f" {rng.choice(words.FILLER_TAILS)}.")
    elif form == 3:
        w.plain(f"The {rng.choice(words.PERSON_ROLES)} of ")
        name_in_sentence(w, place)
        w.plain(", ")
        name_in_sentence(w, person)
        w.plain(f", {rng.choice(words.VERBS_PAST)} the plan on {rng.choice(words.TOPICS)} during a visit to ")
        name_in_sentence(w, rng.choice(cast.places))
        w.plain(".")
    else:
        extra = rng.choice(cast.extras or cast.orgs)
        w.plain("According to ")
        name_in_sentence(w, other)
        w.plain(f", the talks on {rng.choice(words.TOPICS)} near ")
        name_in_sentence(w, extra)
        w.plain(f" were {rng.choice(('productive', 'tense', 'brief', 'long', 'difficult'))}.")
    w.end_sentence()


def write_quote_sentence(w: TextWriter, rng: random.Random, cast: Cast, universe: Universe) -> None:
    """A direct quote with a speech cue, now and then relayed by an agency or unattributed."""
    text = rng.choice(universe.stock_quotes) if rng.random() < 0.25 else quote_sentence(rng)
    speaker = rng.choice(cast.persons if rng.random() < 0.85 else cast.orgs)
    form = rng.randrange(6)
    if form == 0:
        w.quote(text + ",", speaker, "said", None)
        w.plain(" ")
        surface = w.entity(speaker)
        w.plain(" said.")
        w.quotes[-1] = replace(w.quotes[-1], speaker_surface=surface)
    elif form == 1:
        surface = name_in_sentence(w, speaker, True)
        verb = rng.choice(words.SPEECH_VERBS)
        w.plain(f" {verb}: ")
        w.quote(text + ".", speaker, verb.split()[0], surface)
    elif form == 2:
        place = rng.choice(cast.places)
        w.quote(text + ",", speaker, "said", None)
        w.plain(" said ")
        surface = w.entity(speaker)
        w.quotes[-1] = replace(w.quotes[-1], speaker_surface=surface)
        w.plain(", speaking in ")
        name_in_sentence(w, place)
        w.plain(".")
    elif form == 3:
        conduit = rng.choice(universe.conduits)
        w.quote(text + ",", speaker, "said", None, conduit)
        w.plain(" ")
        surface = w.entity(speaker)
        w.plain(" said, according to ")
        name_in_sentence(w, conduit)
        w.plain(".")
        w.quotes[-1] = replace(w.quotes[-1], speaker_surface=surface)
    elif form == 4:
        surface = name_in_sentence(w, speaker, True)
        weekday = rng.randrange(7)
        w.plain(" said ")
        w.date(f"on {words.WEEKDAYS[weekday]}", *previous_weekday(w.published, weekday), role="reported")
        w.plain(" that the proposal was ")
        w.quote(" ".join(text.split()[-3:]), speaker, "said", surface)
        w.plain(".")
    else:
        w.plain("One official described the outcome as ")
        w.quote(" ".join(text.split()[-4:]), None, None, None)
        w.plain(".")
    w.end_sentence()


def previous_weekday(published: date, weekday: int) -> tuple[str, str]:
    """The last day with that weekday on or before the publication day, as (value, granularity)."""
    back = (published.weekday() - weekday) % 7
    return (published - timedelta(days=back)).isoformat(), "day"


def write_date_sentence(w: TextWriter, rng: random.Random, cast: Cast) -> None:
    """A sentence placing an event in time (a weekday, last month, or a named month)."""
    name_in_sentence(w, rng.choice(cast.persons + cast.orgs), True)
    w.plain(f" {rng.choice(words.VERBS_PAST)} {rng.choice(words.TOPICS)} ")
    form = rng.randrange(3)
    if form == 0:
        weekday = rng.randrange(7)
        w.date(f"on {words.WEEKDAYS[weekday]}", *previous_weekday(w.published, weekday))
    elif form == 1:
        last = w.published.replace(day=1) - timedelta(days=1)
        w.date("last month", f"{last:%Y-%m}", "month")
    else:
        month = w.published.replace(day=1) - timedelta(days=rng.randint(1, 300))
        w.date(f"in {words.MONTHS[month.month - 1]} {month.year}", f"{month:%Y-%m}", "month")
    w.plain(".")
    w.end_sentence()


def write_filler_sentence(w: TextWriter, rng: random.Random) -> None:
    """A sentence without names."""
    w.plain(f"{rng.choice(words.FILLER_OPENERS)}, {rng.choice(words.FILLER_TAILS)}.")
    w.end_sentence()


def write_body(rng: random.Random, universe: Universe, spec: CorpusSpec, published: date, target_words: int
               ) -> TextWriter:
    """Paragraphs of 1–4 sentences until the target length, then the synthetic note."""
    w = TextWriter(published)
    cast = pick_cast(rng, universe)
    while w.words < target_words:
        for _ in range(rng.randint(1, 4)):
            roll = rng.random()
            if roll < spec.quote_rate:
                write_quote_sentence(w, rng, cast, universe)
            elif roll < spec.quote_rate + spec.date_rate:
                write_date_sentence(w, rng, cast)
            elif roll < spec.quote_rate + spec.date_rate + spec.entity_rate:
                write_entity_sentence(w, rng, cast)
            else:
                write_filler_sentence(w, rng)
        while w.open_paragraph() in w.paragraphs:  # readers drop a repeated paragraph as page clutter
            write_filler_sentence(w, rng)
        w.end_paragraph()
    w.plain(SYNTHETIC_NOTE)
    w.end_sentence()
    w.end_paragraph()
    return w


def article_length(rng: random.Random, spec: CorpusSpec) -> int:
    """A log-normal length in words, clipped to the spec's range."""
    words_wanted = int(rng.lognormvariate(math.log(spec.median_words), 0.45))
    return max(spec.min_words, min(spec.max_words, words_wanted))


def publication_day(rng: random.Random, spec: CorpusSpec, bursts: list[int]) -> date:
    """A day of the year: a third of articles cluster in the days after a few news bursts."""
    if rng.random() < 0.35:
        day = rng.choice(bursts) + int(rng.expovariate(0.4))
    else:
        day = rng.randrange(spec.days)
    return spec.start + timedelta(days=min(day, spec.days - 1))


def slug(text: str) -> str:
    """Lower-case words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:60]


def make_title(rng: random.Random, writer: TextWriter) -> str:
    """A headline from the article's first two people and a topic."""
    people = [m.canonical for m in writer.mentions if m.label == "PERSON"]
    first = people[0].split()[-1] if people else "Officials"
    second = next((p.split()[-1] for p in people if p.split()[-1] != first), "partners")
    return f"{SYNTHETIC_TITLE} {first} {rng.choice(words.TITLE_VERBS)} {second} over {rng.choice(words.TOPICS)}"


def original_article(index: int, spec: CorpusSpec, universe: Universe, bursts: list[int]) -> ParsedArticle:
    """Article number `index`, generated from its own seeded random stream."""
    rng = random.Random(spec.seed * 1_000_003 + index)
    published = publication_day(rng, spec, bursts)
    outlet = universe.outlets.draw(rng)
    writer = write_body(rng, universe, spec, published, article_length(rng, spec))
    title = make_title(rng, writer)
    return assemble(writer, title, outlet, published, index)


def assemble(writer: TextWriter, title: str, outlet: str, published: date, index: int) -> ParsedArticle:
    """The ParsedArticle for written text (the URL, and so the id, comes from the outlet and the index)."""
    url = f"https://{slug(outlet)}.example/{published:%Y/%m/%d}/{slug(title)}-{index}"
    article = make_article(title=title, paragraphs=writer.paragraphs, url=url, outlet=outlet, published=published,
                           published_source="user", language="en", source=f"synthetic:{index}",
                           note="synthetic (benchmarks)")
    return ParsedArticle(article, tuple(writer.mentions), tuple(writer.quotes), tuple(writer.dates),
                         tuple(writer.sentences))


def truncate(parsed: ParsedArticle, keep_paragraphs: int) -> tuple[list[str], tuple, tuple, tuple, tuple]:
    """The first paragraphs of an article (plus its note) and the records that fall inside them."""
    paragraphs = list(parsed.article.paragraphs)
    kept = paragraphs[:keep_paragraphs]
    cut = sum(len(p) + 2 for p in kept)
    inside = lambda items: tuple(i for i in items if i.end <= cut)  # noqa: E731
    sentences = inside(parsed.sentences)
    note_start = cut
    note = Sentence(len(sentences), note_start, note_start + len(paragraphs[-1]))
    return kept + [paragraphs[-1]], inside(parsed.mentions), inside(parsed.quotes), inside(parsed.dates), (*sentences, note)


def wire_copy(original: ParsedArticle, index: int, rng: random.Random, universe: Universe, spec: CorpusSpec
              ) -> tuple[ParsedArticle, str]:
    """A copy of an original in another outlet, a day or two later: exact, or cut after some paragraphs."""
    source = original.article
    outlet = source.outlet
    while outlet == source.outlet and spec.outlets > 1:
        outlet = universe.outlets.draw(rng)
    published = min(source.published + timedelta(days=rng.choice((0, 0, 1, 2))), spec.start + timedelta(days=spec.days - 1))
    paragraphs, mentions, quotes, dates = list(source.paragraphs), original.mentions, original.quotes, original.dates
    sentences, kind = original.sentences, "exact"
    body = len(paragraphs) - 1  # the last paragraph is the synthetic note
    if rng.random() < 0.4 and body >= 3:
        paragraphs, mentions, quotes, dates, sentences = truncate(original, rng.randint(max(2, body // 3), body - 1))
        kind = "near"
    url = f"https://{slug(outlet)}.example/{published:%Y/%m/%d}/{slug(source.title)}-{index}"
    article = make_article(title=source.title, paragraphs=paragraphs, url=url, outlet=outlet, published=published,
                           published_source="user", language="en", source=f"synthetic:{index}",
                           note="synthetic (benchmarks)")
    return ParsedArticle(article, mentions, quotes, dates, sentences), kind


def generate(spec: CorpusSpec) -> Iterator[SyntheticArticle]:
    """The corpus, article by article, in a fixed order (same spec, same articles)."""
    universe = build_universe(spec)
    plan = random.Random(spec.seed + 2)
    bursts = sorted(plan.randrange(spec.days) for _ in range(10))
    index = 0
    while index < spec.articles:
        original = original_article(index, spec, universe, bursts)
        yield SyntheticArticle(original)
        index += 1
        if plan.random() < spec.wire_share / (1 - spec.wire_share) / 2.5:
            copies = min(1 + int(plan.expovariate(0.7)), 8, spec.articles - index)  # mean ~2.4 copies a story
            for _ in range(copies):
                copy, kind = wire_copy(original, index, random.Random(spec.seed * 7_000_003 + index), universe, spec)
                yield SyntheticArticle(copy, original.article.article_id, kind)
                index += 1


def text_file(article: Article) -> str:
    """An article as a text file: front matter (title, outlet, day, URL), the title line, then paragraphs."""
    front = (f"---\ntitle: {article.title}\noutlet: {article.outlet}\npublished: {article.published.isoformat()}\n"
             f"url: {article.url}\n---\n")
    return front + article.title + "\n\n" + "\n\n".join(article.paragraphs) + "\n"


def write_text_files(spec: CorpusSpec, folder: Path) -> list[Path]:
    """Write the corpus as numbered text files into `folder`; returns their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, item in enumerate(generate(spec)):
        path = folder / f"{number:06d}_{slug(item.parsed.article.outlet)}.txt"
        path.write_text(text_file(item.parsed.article), encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(frozen=True)
class StoreSummary:
    """What a synthetic store holds."""

    articles: int
    mentions: int
    quotes: int
    dates: int
    wire_copies: int
    words: int
    seconds: float


def batch_tables(items: Sequence[SyntheticArticle], ingested_at: datetime) -> dict[str, pa.Table]:
    """Stored tables for a batch of generated articles, with the wire links the generator knows."""
    fingerprints, known = [], {}
    for item in items:
        text = item.parsed.article.text
        known[text] = known.get(text) or fingerprint_text(text)  # exact copies share a fingerprint
        fingerprints.append(known[text])
    links = [WireLink(i.parsed.article.article_id, i.copy_of, i.copy_kind, 1.0) for i in items if i.copy_of]
    return build_tables([i.parsed for i in items], fingerprints, links, ingested_at)


def build_store(spec: CorpusSpec, root: Path, batch: int = 5000) -> StoreSummary:
    """Write the corpus straight into a new store in big commits (no spaCy)."""
    import time
    started = time.perf_counter()
    store = Store(root)
    totals = dict(articles=0, mentions=0, quotes=0, dates=0, wire_copies=0, words=0)
    stream = generate(spec)
    moment = datetime(2024, 9, 2, 8, 0, tzinfo=timezone.utc)
    while chunk := list(itertools.islice(stream, batch)):
        tables = batch_tables(chunk, moment)
        store.commit(tables)
        moment += timedelta(minutes=10)
        totals["articles"] += len(chunk)
        totals["mentions"] += tables[schema.MENTIONS].num_rows
        totals["quotes"] += tables[schema.QUOTES].num_rows
        totals["dates"] += tables[schema.DATES].num_rows
        totals["wire_copies"] += sum(1 for i in chunk if i.copy_of)
        totals["words"] += sum(len(i.parsed.article.text.split()) for i in chunk)
    return StoreSummary(**totals, seconds=time.perf_counter() - started)
