"""Direct quotes: quotation-mark pairing (pure text) and cues/speakers on sentences parsed by the real pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from storyline.nlp.aliases import AliasTable, load_alias_table
from storyline.nlp.entities import extract_mentions
from storyline.nlp.model import load_pipeline
from storyline.nlp.quote_marks import find_quote_spans
from storyline.nlp.quotes import extract_quotes, looks_like_name
from storyline.nlp.speakers import DocContext, direct_subject
from storyline.records import Quote

ALIAS_CSV = """alias,canonical,label
KCNA,Korean Central News Agency,ORG
Korean Central News Agency,Korean Central News Agency,ORG
Putin,Vladimir Putin,PERSON
Kim Jong Un,Kim Jong Un,PERSON
"""


def quoted(text: str) -> list[str]:
    """The texts of the quoted spans found in `text`."""
    return [text[s.start:s.end] for s in find_quote_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("He said “we will win” today.", ["we will win"]),                       # curly double
    ('He said "we will win" today.', ["we will win"]),                       # straight double
    ("He called it ‘a disaster’ again.", ["a disaster"]),                     # curly single
    ("He called it 'a disaster' again.", ["a disaster"]),                     # straight single
    ("Il a parlé d’une « grande victoire » hier.", ["grande victoire"]),      # guillemets, inner spaces trimmed
    ("Er sprach von „Freundschaft“ mit Moskau.", ["Freundschaft"]),           # German low-high pair
    ('He said:"Yes, we will."', ["Yes, we will."]),                           # straight opening after a colon
    ("The leaders’ summit and Kim’s visit, don't worry.", []),                # apostrophes are not marks
    ("‘The leaders’ summit was historic,’ he said.", ["The leaders’ summit was historic,"]),
    ("In the ’90s 'tis said rock'n'roll ruled.", []),
    ("Home » World » Asia", []),                                             # a breadcrumb
    ("A » stray closing mark", []),                                          # nothing open to close
    ("He began: “Last year, we made prog", ["Last year, we made prog"]),       # text cut off inside a quote
    ("“He told me ‘never again’ today,” she said.", ["He told me ‘never again’ today,", "never again"]),
    ("Kim vowed support for Russia’s “just fight\" on the front.", ["just fight"]),   # mixed “ … "
    ("He hailed a \"very frank exchange.'' Then he left.", ["very frank exchange."]),  # closed by ''
    ("It will have a “Dynamic Island that replaces the notch.’", ["Dynamic Island that replaces the notch."]),
    ("“We will win, he said.\n\nThe next paragraph is narrative.", ["We will win, he said."]),  # never closed
    ("“First part of the statement.\n\n“Second part.”", ["First part of the statement.", "Second part."]),
    ("Reports: “Kim arrived.\n\nOfficials said ‘he came by train.’\n\nHe left.”",
     ["Kim arrived.\n\nOfficials said ‘he came by train.’\n\nHe left.", "he came by train."]),
    ("“Prices will rise,’’ the analyst warned.", ["Prices will rise,"]),       # closed by a doubled ’’
    ("She wrote ‘‘no comment’’ twice.", ["no comment"]),                     # a doubled ‘‘ … ’’ pair
    ("“” and \"\" hold nothing", []),
    ("“", []),
])
def test_quote_marks_pair_only_valid_open_close(text, expected):
    assert quoted(text) == expected


def test_unclosed_quote_stops_at_its_paragraph():
    text = "“Never closed here.\n\n" + "Plain narrative paragraph.\n\n" * 50 + "Last “words” here."
    assert quoted(text) == ["Never closed here.", "words"]


@pytest.mark.parametrize("text", [
    "“" * 5000 + " words " + "”" * 5000,
    "“open " * 3000 + "\n\n" + "’s ' \" « » „" * 2000,
    "\"" * 7 + "\n" + "'" * 9,
])
def test_hostile_marks_stay_bounded(text):
    spans = find_quote_spans(text)
    assert all(s.depth < 3 for s in spans) and sum(s.end - s.start for s in spans) <= 3 * len(text)


def test_hostile_marks_through_the_extractor(aliases):
    text = "“Deep " * 400 + "end" + "”" * 400 + "\n\n“Fine,” he said."
    assert "Fine," in quotes_of(text, aliases)


@pytest.mark.parametrize("text, expected", [
    ("Kinzhal", True), ("Wonderlust", True), ("Comprehensive Strategic Partnership Treaty", True),
    ("Ministry of Defence", True), ("Winter Solstice, Camelot Station,", True), ("evil", False),
    ("aggression", False), ("just fight", False), ("We will win.", False), ("great Russia,", False),
    ("newsDeskUK", True), ("iPad", True), ("quid-pro-quo", False), ("the truth UK", False),   # camel-case handles
])
def test_looks_like_name(text, expected):
    assert looks_like_name(text) is expected


@pytest.fixture(scope="module")
def aliases(tmp_path_factory) -> AliasTable:
    """A small alias table written as the analyst would."""
    path: Path = tmp_path_factory.mktemp("aliases") / "aliases.csv"
    path.write_text(ALIAS_CSV, encoding="utf-8")
    return load_alias_table(path)


def quotes_of(text: str, aliases: AliasTable, lang: str = "en") -> dict[str, Quote]:
    """Quotes of a text parsed by the real pipeline, by quote text."""
    doc = load_pipeline(lang)(text)
    return {q.text: q for q in extract_quotes(doc, extract_mentions(doc, aliases), aliases)}


@pytest.mark.parametrize("text, quote, speaker, verb", [
    # “Q,” X said / “Q,” said X / X said: “Q”
    ("“We will win this war,” Kim Jong Un said on Tuesday.", "We will win this war,", "Kim Jong Un", "said"),
    ("“We will win this war,” said Kim Jong Un.", "We will win this war,", "Kim Jong Un", "said"),
    ("Kim Jong Un said: “We will always be with Russia.”", "We will always be with Russia.", "Kim Jong Un", "said"),
    # X told Y “Q”: the teller, not the listener
    ("Kim Jong Un told Vladimir Putin that Russia would win a “great victory” over its enemies.",
     "great victory", "Kim Jong Un", "told"),
    # partial quote inside a clause, the reporting verb further up
    ("Vladimir Putin met the press. Putin told reporters he saw “possibilities” for military cooperation.",
     "possibilities", "Vladimir Putin", "told"),
    # according to X: the source is the speaker when nobody else is
    ("“There took place a tete-a-tete between the leaders,” according to KCNA.",
     "There took place a tete-a-tete between the leaders,", "Korean Central News Agency", "according to"),
    # written words: the writer of the message
    ("Kim Jong Un toured the site. He left a message in a visitor’s book which read: “The glory of Russia will "
     "be immortal.”", "The glory of Russia will be immortal.", "Kim Jong Un", "read"),
    # a title before the name yields the name
    ("In Washington, State Department spokesperson Matthew Miller said any deal would be “quite troubling.”",
     "quite troubling.", "Matthew Miller", "said"),
    # an appositive name after a role noun
    ("Russia’s ambassador to North Korea, Alexander Matsegora, told reporters the programme was “very intense.”",
     "very intense.", "Alexander Matsegora", "told"),
    # organisations as speakers
    ("The Kremlin said the talks were “constructive and useful.”", "constructive and useful.", "Kremlin", "said"),
    ("The North’s official Korean Central News Agency said Kim “courteously invited Putin to visit.”",
     "courteously invited Putin to visit.", "Korean Central News Agency", "said"),
    ("Analysts at Citi called the results \"better than expected,\" projecting strong demand.",
     "better than expected,", "Citi", "called"),
    # a possessed speech noun
    ("Sales have already surpassed Nvidia's earlier estimates of \"several billion\" dollars.",
     "several billion", "Nvidia", "estimates"),
    # passive "quoted as saying"
    ("Putin was quoted as saying, \"We very much appreciate your support.\"",
     "We very much appreciate your support.", "Vladimir Putin", "saying"),
    # a dash attribution at the end of the paragraph
    ("Relations between our countries have reached a \"new level of alliance\" - Kim Jong Un said.",
     "new level of alliance", "Kim Jong Un", "said"),
    # he/she: the nearest person who is the subject of a sentence
    ("Matthew Miller spoke to reporters in Washington on Monday.\n\n“We are watching closely,” he said.",
     "We are watching closely,", "Matthew Miller", "said"),
    ("Kremlin spokesman Dmitry Peskov said no plans had been made. “No, not planned yet,” he told reporters.",
     "No, not planned yet,", "Dmitry Peskov", "told"),
    ("Montasir Itri said most houses were damaged.\n\nFurther west, teacher Hamid Afkar said he had fled.\n\n"
     "“The earth shook for 20 seconds,” he said.", "The earth shook for 20 seconds,", "Hamid Afkar", "said"),
    # a role noun resolved to the person introduced with it
    ("Russian President Vladimir Putin hosted North Korean leader Kim Jong Un.\n\n“We invite him to come at any "
     "time,” the Russian leader said.", "We invite him to come at any time,", "Vladimir Putin", "said"),
    # a quote split around its cue, and a paragraph that only continues the quote
    ("“We will win,” Vladimir Putin said. “Russia is strong and united.”", "Russia is strong and united.",
     "Vladimir Putin", None),
    ("“We will not accept this,” Matthew Miller said.\n\n“It is quite troubling and we will respond.”",
     "It is quite troubling and we will respond.", "Matthew Miller", None),
    # a quote ending in a nested quote still takes the cue after its closing mark
    ("“I heard the minister ask, ‘Is the deal done?’” Matthew Miller said.",
     "I heard the minister ask, ‘Is the deal done?’", "Matthew Miller", "said"),
    # a new clause after the quote is not its cue
    ("The Kremlin rejected the claims as “pure fiction,” and two analysts told reporters they agreed.",
     "pure fiction,", "Kremlin", "rejected"),
    # a speech noun with its speaker's name before it
    ("Egypt and Qatar criticised the plan, with Defence Minister Sergei Shoigu warning of “grave consequences.”",
     "grave consequences.", "Sergei Shoigu", "warning"),
    # an unnamed spokesperson speaks for the body named with them, not for the last person named
    ("Matthew Miller spoke first.\nA spokesperson for the European Commission said the rules “remain unchanged.”",
     "remain unchanged.", "European Commission", "said"),
    # "the statement" is the one issued earlier
    ("The Kremlin said in a statement on Monday that talks would continue.\n\n“Both sides agreed to meet again,” "
     "the statement said.", "Both sides agreed to meet again,", "Kremlin", "said"),
    # a ministry of a state speaks as the ministry
    ("Russia's foreign ministry said the move was “a provocation.”", "a provocation.", "Russia's foreign ministry",
     "said"),
    # a subheading repeating a quote of the body is that speaker's
    ("“Russia is strong”\n\nVladimir Putin addressed the crowd. “Russia is strong and united,” he said.",
     "Russia is strong", "Vladimir Putin", None),
    # a paragraph that is only a quote goes on with whoever the paragraph before reports
    ("Matthew Miller said the decision was a mistake.\n\n“We will respond in due course.”",
     "We will respond in due course.", "Matthew Miller", None),
    # a surname the model did not tag is still the person it names
    ("Daniel R. Brankovic Jr. admitted the charge in a federal court.\n\nIlhan Omar is a lawmaker from Minnesota."
     "\n\nBrankovic faces a maximum of 10 years in prison.\n\n“I will not stop,” he said.", "I will not stop,",
     "Daniel R. Brankovic Jr.", "said"),
    # an office named with what it serves is the speaker, not what it serves
    ("The United Nations High Commissioner for Refugees said the new rules did “not change the law”.",
     "not change the law", "United Nations High Commissioner for Refugees", "said"),
    # the quote's own verb, not the sentence's root its final stop hangs on
    ("Miller said his deputy, Anna Berg, had described the dispute as “the Berlin problem.”", "the Berlin problem.",
     "Anna Berg", "described"),
    # a participle after a reported clause belongs to the reporter
    ("Kim Jong Un added that Russia “fully supports” the plan, calling the deal “a historic step.”",
     "a historic step.", "Kim Jong Un", "calling"),
])
def test_speaker_and_verb(aliases, text, quote, speaker, verb):
    found = quotes_of(text, aliases)
    assert quote in found, list(found)
    assert (found[quote].speaker, found[quote].verb) == (speaker, verb)


@pytest.mark.parametrize("words, heads, deps, expected", [
    # of two subjects a misparse gives one verb, the one beside it
    (["Greenpeace", "editor", "Jane", "Doe", "said", "so"], [4, 3, 3, 4, 4, 4],
     ["nsubj", "compound", "compound", "nsubj", "ROOT", "advmod"], "Doe"),
    (["Doe", "said", "so"], [1, 1, 1], ["nsubj", "ROOT", "advmod"], "Doe"),
    (["It", "was", "said", "by", "Doe"], [2, 2, 2, 2, 3], ["nsubjpass", "auxpass", "ROOT", "agent", "pobj"], "Doe"),
    (["Doe", "left"], [1, 1], ["nsubj", "ROOT"], "Doe"),
])
def test_direct_subject_of_a_parsed_verb(words, heads, deps, expected):
    doc = Doc(load_pipeline("en").vocab, words=words, heads=heads, deps=deps)
    verb = next(t for t in doc if t.dep_ == "ROOT")
    subject = direct_subject(verb, DocContext(doc, doc.text, [], AliasTable(), []))
    assert (subject.text if subject is not None else None) == expected


def test_relayed_words_keep_speaker_and_conduit_apart(aliases):
    found = quotes_of("Kim Jong Un told Putin “we will always be together,” according to KCNA.", aliases)
    quote = found["we will always be together,"]
    assert (quote.speaker, quote.conduit, quote.verb) == ("Kim Jong Un", "Korean Central News Agency", "told")


@pytest.mark.parametrize("text, quote, speaker, conduit", [
    # the words of whoever the sentence says said them, relayed by the cue after the quote
    ("Matthew Miller shrugged and said, “the plan is dead,” officials at the State Department said.",
     "the plan is dead,", "Matthew Miller", "State Department"),
    # a participle lead-in is no speaker of its own
    ("Asked about the plan, “It is dead,” Matthew Miller said.", "It is dead,", "Matthew Miller", None),
])
def test_relayed_quotes(aliases, text, quote, speaker, conduit):
    found = quotes_of(text, aliases)
    assert (found[quote].speaker, found[quote].conduit) == (speaker, conduit)


def test_offsets_index_the_text_without_marks(aliases):
    text = "Officials met. “We will win,” Kim Jong Un said. She called it ‘a disaster’."
    doc = load_pipeline("en")(text)
    quotes = extract_quotes(doc, extract_mentions(doc, aliases), aliases)
    assert [(text[q.start:q.end], q.sentence) for q in quotes] == [("We will win,", 1), ("a disaster", 2)]


@pytest.mark.parametrize("text", [
    "Defence Minister Sergei Shoigu showed him jets armed with “Kinzhal” missiles.",   # a name in quotes
    "Apple will unveil the phone at an event tagged ‘Wonderlust’ on Tuesday.",          # an event's name
    "Home » World » Asia\n\nKim’s visit and the leaders’ summit ended.",                # no quote at all
    "One of his cards, a poem called “Winter Solstice, Camelot Station,” won an award.",  # a title of a work
    "Matthew Miller said he never used the term “forever war” in his briefings.",      # a term being named
    "Critics mocked the so-called ‘peace dividend’ again on Monday.",
    # a short quote before the noun it labels: a policy, a position, an arrangement
    "Beijing said it remained committed to the “one state, many voices” formula.",
    "Negotiators hoped to close a \"stage two\" trade deal by spring.",
    "The senator kept up his “hard on crime” stance during the debate.",
])
def test_names_and_clutter_are_not_quotes(aliases, text):
    assert quotes_of(text, aliases) == {}


@pytest.mark.parametrize("text, quote", [
    ("The minister praised the “historic” visit on Friday.", "historic"),             # no label noun after it
    ("“We reject their ‘peace first’ policy,” the envoy said.", "peace first"),      # the speaker's own marks
    ("The ministry said the “stage two” talks were a step towards a deal.", "stage two"),
])
def test_quoted_words_before_other_nouns_stay_quotes(aliases, text, quote):
    assert quote in quotes_of(text, aliases)


def test_unattributed_phrase_is_kept_without_speaker(aliases):
    found = quotes_of("A stronger alliance could become a “destabilizing force in the region.”", aliases)
    assert found["destabilizing force in the region."].speaker is None


def test_subheading_does_not_go_on_with_the_speaker_before(aliases):
    found = quotes_of("“We will win,” Putin said.\n\n“A new chapter”\n\nThe talks lasted five hours.", aliases)
    assert found["A new chapter"].speaker is None


def test_pronoun_without_antecedent_stays_unknown(aliases):
    found = quotes_of("“Our neighbours are under the rubble,” he said.", aliases)
    assert (found["Our neighbours are under the rubble,"].speaker, found["Our neighbours are under the rubble,"]
            .speaker_surface) == (None, None)


@pytest.mark.parametrize("text, quote, speaker, verb", [
    ("\"Nous sommes convaincus que la Russie gagnera\", a déclaré Kim Jong Un devant son homologue.",
     "Nous sommes convaincus que la Russie gagnera", "Kim Jong Un", "déclaré"),
    ("Kim Jong Un est arrivé mardi. \"Notre visite intervient à un moment important\", a-t-il ajouté.",
     "Notre visite intervient à un moment important", "Kim Jong Un", "ajouté"),
    ("Selon Kim Jong Un, « la Russie remportera une grande victoire ».", "la Russie remportera une grande victoire",
     "Kim Jong Un", "Selon"),
])
def test_french_cues(aliases, text, quote, speaker, verb):
    found = quotes_of(text, aliases, lang="fr")
    assert (found[quote].speaker, found[quote].verb) == (speaker, verb)


def test_no_marks_no_work(aliases):
    assert quotes_of("Kim Jong Un met Vladimir Putin on Wednesday.", aliases) == {}
