"""Entities: tables of mentions and the canonical names the rules give them (pure, no spaCy), of sentences and what
extraction finds in them (spaCy), and of free-text speaker names."""
from __future__ import annotations

import pandas as pd
import pytest

from storyline import schema
from storyline.nlp.aliases import DEFAULT_ALIAS_PATH, AliasTable, load_alias_table, read_alias_csv
from storyline.nlp.entities import (
    canonicalize_mentions, canonicalize_story, clean_entity, extract_mentions, headline_ranges, initials, name_form,
    resolve_name,
)
from storyline.nlp.model import load_pipeline
from storyline.records import Mention

RULES_ONLY = AliasTable()   # the rules alone, without the story's table
STORY = load_alias_table(DEFAULT_ALIAS_PATH)


def mentions(*specs: tuple) -> list[Mention]:
    """Mentions in reading order from (text, label) or (text, label, metonymic) tuples."""
    found, offset = [], 0
    for text, label, *rest in specs:
        found.append(Mention(offset, offset + len(text), text, label, text, 0, bool(rest and rest[0])))
        offset += len(text) + 20
    return found


def canonicals(specs: tuple, table: AliasTable = RULES_ONLY) -> list[str]:
    """The canonical name of each mention given as a spec."""
    return [m.canonical for m in canonicalize_mentions(mentions(*specs), table)]


# --- canonical names by rules (pure) --------------------------------------------------------------------------------

@pytest.mark.parametrize("specs, expected", [
    # spelling variants of one name
    ((("Kim Jong-un", "PERSON"), ("Kim Jong Un", "PERSON")), ["Kim Jong Un", "Kim Jong Un"]),
    ((("Choe Son-hui", "PERSON"),), ["Choe Son Hui"]),
    ((("Hamish de Bretton-Gordon", "PERSON"),), ["Hamish de Bretton-Gordon"]),   # capital after the hyphen: kept
    ((("KIM JONG UN", "PERSON"), ("Kim Jong Un", "PERSON")), ["Kim Jong Un", "Kim Jong Un"]),
    # a surname before or after the full name, in either name order
    ((("Putin", "PERSON"), ("Vladimir Putin", "PERSON"), ("Putin", "PERSON")),
     ["Vladimir Putin"] * 3),
    ((("Kim Jong Un", "PERSON"), ("Kim", "PERSON")), ["Kim Jong Un", "Kim Jong Un"]),
    ((("Denis Manturov", "PERSON"), ("Manturov", "ORG")), ["Denis Manturov", "Denis Manturov"]),   # mislabelled
    ((("Kim Jong Un", "PERSON"), ("Kim", "PERSON"), ("Kim", "GPE"), ("Kim", "PERSON")), ["Kim Jong Un"] * 4),
    # middle initials
    ((("Vladimir V. Putin", "PERSON"), ("Vladimir Putin", "PERSON")), ["Vladimir V. Putin"] * 2),
    # a short name with no long form stays as written
    ((("Kim", "PERSON"), ("Putin", "PERSON")), ["Kim", "Putin"]),
    # a generational suffix is no part of the surname
    ((("Martin L. Hale Jr.", "PERSON"), ("Hale", "PERSON")), ["Martin L. Hale Jr."] * 2),
    ((("Lowell Harmon Sr.", "PERSON"), ("Harmon", "ORG")), ["Lowell Harmon Sr."] * 2),
    # a surname the model took for a place, after the person was introduced
    ((("Pavel Drozdov", "PERSON"), ("Drozdov", "GPE"), ("Drozdov", "PERSON"), ("Drozdov", "GPE")),
     ["Pavel Drozdov"] * 4),
    # an organisation's last words stand for it, and a region's name without its unit word
    ((("Senate Armed Services Committee", "ORG"), ("Armed Services Committee", "ORG")),
     ["Senate Armed Services Committee"] * 2),
    ((("Helmand province", "GPE"), ("Helmand", "GPE"), ("Helmand", "ORG")), ["Helmand province"] * 3),
    ((("Kherson", "GPE"), ("Kherson region", "LOC")), ["Kherson region"] * 2),
    # a country's formal or governmental name is the country the article names
    ((("Norway", "GPE"), ("Kingdom of Norway", "GPE")), ["Norway"] * 2),
    ((("the Government of Chile", "ORG"), ("Chile", "GPE")), ["Chile"] * 2),
    ((("State of Palau", "GPE"),), ["State of Palau"]),                  # no country named: kept as written
    # a party's members in the plural are the party
    ((("Labour Party", "ORG"), ("Liberal Party", "ORG"), ("Liberals", "NORP")),
     ["Labour Party", "Liberal Party", "Liberal Party"]),
    ((("Republican Party", "ORG"), ("Democrats", "NORP"), ("Republicans", "NORP")),
     ["Republican Party", "Democrats", "Republican Party"]),
    ((("Democratic Party", "ORG"), ("Democrats", "NORP")), ["Democratic Party"] * 2),
    # a capital read as an actor takes the name the article gives its country
    ((("Britain", "GPE"), ("London", "GPE", True)), ["Britain"] * 2),
    ((("United Kingdom", "GPE"), ("London", "GPE", True)), ["United Kingdom"] * 2),
    ((("Peru", "GPE"), ("Kabul", "GPE", True), ("Kabul", "GPE")), ["Peru", "Afghanistan", "Kabul"]),
])
def test_one_name_per_person(specs, expected):
    assert canonicals(specs) == expected


@pytest.mark.parametrize("specs, expected", [
    # the short form is read as the person already introduced where it is first used
    ((("Kim Jong Un", "PERSON"), ("Kim", "PERSON"), ("Kim Jong-dae", "PERSON"), ("Kim", "PERSON")),
     ["Kim Jong Un", "Kim Jong Un", "Kim Jong Dae", "Kim Jong Un"]),
    # before anyone is introduced: the first one introduced
    ((("Kim", "PERSON"), ("Kim Jong Un", "PERSON"), ("Kim Yo Jong", "PERSON")),
     ["Kim Jong Un", "Kim Jong Un", "Kim Yo Jong"]),
    # two already introduced at its first use: it stays apart
    ((("Kim Jong Un", "PERSON"), ("Kim Yo Jong", "PERSON"), ("Kim", "PERSON")),
     ["Kim Jong Un", "Kim Yo Jong", "Kim"]),
    # a father and son told apart by their initials stay apart
    ((("George W. Bush", "PERSON"), ("George H. W. Bush", "PERSON")), ["George W. Bush", "George H. W. Bush"]),
    # an organisation is not the first word of a product the model called a person
    ((("Apple Watches", "PERSON"), ("Apple", "ORG")), ["Apple Watches", "Apple"]),
    # an acronym is not the last syllable of a Korean name
    ((("Kim Jong Un", "PERSON"), ("UN", "ORG")), ["Kim Jong Un", "UN"]),
    # countries that differ by one word never merge
    ((("North Korea", "GPE"), ("South Korea", "GPE"), ("Korea", "GPE")), ["North Korea", "South Korea", "Korea"]),
    # a place named before the person who shares its name stays a place
    ((("Drozdov", "GPE"), ("Pavel Drozdov", "PERSON")), ["Drozdov", "Pavel Drozdov"]),
    # a surname that is not the last word of the person's name
    ((("Pavel Drozdov", "PERSON"), ("Pavel", "GPE")), ["Pavel Drozdov", "Pavel"]),
    # an organisation's last words shared by two organisations: no guess
    ((("Russian Foreign Ministry", "ORG"), ("Chinese Foreign Ministry", "ORG"), ("Foreign Ministry", "ORG")),
     ["Russian Foreign Ministry", "Chinese Foreign Ministry", "Foreign Ministry"]),
])
def test_different_people_stay_apart(specs, expected):
    assert canonicals(specs) == expected


@pytest.mark.parametrize("specs, expected", [
    ((("Korean Central News Agency", "ORG"), ("KCNA", "ORG")), ["Korean Central News Agency"] * 2),
    ((("NIS", "ORG"), ("National Intelligence Service", "ORG")), ["National Intelligence Service"] * 2),
    ((("UN Security Council", "ORG"), ("UNSC", "ORG")), ["UN Security Council"] * 2),
    ((("Democratic People's Republic of Korea", "GPE"), ("DPRK", "GPE")),
     ["Democratic People's Republic of Korea"] * 2),
    # capitals round one small word's letter
    ((("Jaysh al Nasr", "ORG"), ("JaN", "ORG")), ["Jaysh al Nasr"] * 2),
    ((("Jaysh al Nasr", "ORG"), ("Jan", "PERSON")), ["Jaysh al Nasr", "Jan"]),    # a name, not an acronym
    # two long names with those initials: no guess
    ((("Centers for Disease Control", "ORG"), ("Central Disease Committee", "ORG"), ("CDC", "ORG")),
     ["Centers for Disease Control", "Central Disease Committee", "CDC"]),
])
def test_acronyms_defined_in_the_article(specs, expected):
    assert canonicals(specs) == expected


@pytest.mark.parametrize("specs, expected", [
    ((("SEOUL", "GPE"),), ["Seoul"]),                                   # a dateline
    ((("MOSCOW", "GPE"), ("Moscow", "GPE")), ["Moscow", "Moscow"]),
    ((("VOSTOCHNY COSMODROME", "FAC"),), ["Vostochny Cosmodrome"]),
    ((("NATO", "ORG"), ("UNESCO", "ORG")), ["NATO", "UNESCO"]),         # organisations keep their capitals
    ((("Vostochny Сosmodrome", "FAC"), ("Vostochny Cosmodrome", "FAC")), ["Vostochny Сosmodrome"] * 2),
])
def test_case_and_lookalike_variants(specs, expected):
    assert canonicals(specs) == expected


@pytest.mark.parametrize("specs, expected", [
    ((("Kim Jong-un", "PERSON"), ("Kim", "ORG")), ["Kim Jong Un", "Kim Jong Un"]),
    ((("Sergey Lavrov", "PERSON"), ("Lavrov", "ORG")), ["Sergei Lavrov", "Sergei Lavrov"]),
    ((("Sergey V. Lavrov", "PERSON"),), ["Sergei Lavrov"]),
    ((("KCNA", "ORG"), ("the North", "GPE"), ("DPRK", "ORG")),
     ["Korean Central News Agency", "North Korea", "North Korea"]),
    ((("SEOUL", "GPE"), ("Pyongyang", "GPE", True), ("Pyongyang", "GPE", False)),
     ["Seoul", "North Korea", "Pyongyang"]),
    ((("Moscow", "GPE", True), ("Washington", "GPE", True), ("Kyiv", "PERSON", True)),
     ["Russia", "United States", "Ukraine"]),
    ((("us", "GPE"), ("US", "GPE")), ["us", "United States"]),
    ((("Putin", "PERSON"),), ["Vladimir Putin"]),
    # a capital the table knows is no surname, even after a person of that name, nor the region around it
    ((("George Washington", "PERSON"), ("Washington", "GPE")), ["George Washington", "Washington"]),
    ((("Moscow region", "GPE"), ("Moscow", "GPE")), ["Moscow region", "Moscow"]),
    ((("Britain", "GPE"), ("U.K.", "GPE"), ("ISIS", "ORG")), ["United Kingdom", "United Kingdom", "Islamic State"]),
])
def test_story_table(specs, expected):
    assert canonicals(specs, STORY) == expected


@pytest.mark.parametrize("rows, specs, expected", [
    # a split row keeps a short form away from one person
    ("Kim,Kim Jong Un,,split", (("Kim Jong Un", "PERSON"), ("Kim", "PERSON")), ["Kim Jong Un", "Kim"]),
    # a split row with no canonical keeps a name on its own, whatever the rules would do
    ("Putin,,,split", (("Vladimir Putin", "PERSON"), ("Putin", "PERSON")), ["Vladimir Putin", "Putin"]),
    ("KCNA,,,split", (("Korean Central News Agency", "ORG"), ("KCNA", "ORG")),
     ["Korean Central News Agency", "KCNA"]),
    # a split row undoes a metonym for one capital
    ("Pyongyang,North Korea,,split\nPyongyang,North Korea,GPE,metonym", (("Pyongyang", "GPE", True),), ["Pyongyang"]),
    # a merge row joins what no rule would
    ("Lavros,Sergei Lavrov,PERSON,merge", (("Sergei Lavrov", "PERSON"), ("Lavros", "ORG")),
     ["Sergei Lavrov", "Sergei Lavrov"]),
])
def test_analyst_rows(rows, specs, expected):
    table = read_alias_csv("alias,canonical,label,kind\n" + rows + "\n")
    assert canonicals(specs, table) == expected


def test_labels_follow_the_table_then_the_long_person_name():
    found = canonicalize_mentions(mentions(("Denis Manturov", "PERSON"), ("Manturov", "ORG"), ("Kyiv", "PERSON", True),
                                           ("Yonhap", "NORP"), ("Yonhap", "PERSON")), STORY)
    assert [m.label for m in found] == ["PERSON", "PERSON", "GPE", "ORG", "ORG"]


def article_mentions() -> list[Mention]:
    """A made-up article's mentions exercising most rules."""
    return mentions(("SEOUL", "GPE"), ("Kim Jong-un", "PERSON"), ("Putin", "PERSON"), ("Pyongyang", "GPE", True),
                    ("Kim", "ORG"), ("Vladimir Putin", "PERSON"), ("Kim Jong-dae", "PERSON"), ("Kim", "PERSON"),
                    ("Korean Central News Agency", "ORG"), ("KCNA", "ORG"), ("Pyongyang", "GPE"))


def test_canonicalizing_twice_changes_nothing():
    once = canonicalize_mentions(article_mentions(), STORY)
    assert canonicalize_mentions(once, STORY) == once


def frame(rows: dict[str, list[Mention]]) -> pd.DataFrame:
    """A mentions DataFrame with the stored columns, from mentions by article id."""
    records = [{"article_id": aid, "start": m.start, "end": m.end, "text": m.text, "label": m.label,
                "canonical": m.canonical, "sentence": m.sentence, "metonymic": m.metonymic}
               for aid, items in rows.items() for m in items]
    return pd.DataFrame(records, columns=schema.MENTIONS_SCHEMA.names)


def test_a_dataframe_gets_the_same_names_as_a_list_per_article():
    first, second = article_mentions(), mentions(("Kim Yo Jong", "PERSON"), ("Kim", "PERSON"))
    table = frame({"a1": first, "a2": second})
    out = canonicalize_mentions(table, STORY)
    expected = [m.canonical for m in canonicalize_mentions(first, STORY) + canonicalize_mentions(second, STORY)]
    assert list(out["canonical"]) == expected
    assert out.loc[out["text"] == "Kim", "canonical"].tolist() == ["Kim Jong Un", "Kim Jong Un", "Kim Yo Jong"]
    assert list(table["canonical"]) == [m.text for m in first + second]    # the input is left as it was


def test_a_dataframe_with_missing_values_is_read_safely():
    table = frame({"a1": mentions(("Kim Jong-un", "PERSON"), ("Kim", "ORG"))})
    table["metonymic"] = [None, None]
    table["sentence"] = [None, 2]
    assert list(canonicalize_mentions(table, STORY)["canonical"]) == ["Kim Jong Un", "Kim Jong Un"]


@pytest.mark.parametrize("articles, expected", [
    # a surname left alone in one article takes the story's one long name ...
    ({"a1": [("Lavrov", "PERSON")], "a2": [("Sergei Lavrov", "PERSON")]}, ["Sergei Lavrov", "Sergei Lavrov"]),
    ({"a1": [("Rutte", "PERSON")], "a2": [("Mark Rutte", "PERSON"), ("Rutte", "PERSON")]}, ["Mark Rutte"] * 3),
    # ... but not when the story has two people it could be
    ({"a1": [("Kim", "PERSON")], "a2": [("Kim Jong Un", "PERSON")], "a3": [("Kim Yo Jong", "PERSON")]},
     ["Kim", "Kim Jong Un", "Kim Yo Jong"]),
    # organisations are not surnames across articles
    ({"a1": [("Apple", "ORG")], "a2": [("Fiona Apple", "PERSON")]}, ["Apple", "Fiona Apple"]),
])
def test_story_level_short_forms(articles, expected):
    table = frame({aid: mentions(*specs) for aid, specs in articles.items()})
    assert list(canonicalize_story(table, RULES_ONLY)["canonical"]) == expected


def test_story_level_respects_split_rows():
    table = frame({"a1": mentions(("Lavrov", "PERSON")), "a2": mentions(("Sergei Lavrov", "PERSON"))})
    split = read_alias_csv("alias,canonical,label,kind\nLavrov,Sergei Lavrov,,split\n")
    assert list(canonicalize_story(table, split)["canonical"]) == ["Lavrov", "Sergei Lavrov"]
    assert canonicalize_story(table.iloc[0:0], split).empty


@pytest.mark.parametrize("name, expected", [
    ("Korean Central News Agency", "KCNA"),
    ("UN Security Council", "UNSC"),
    ("Democratic People's Republic of Korea", "DPRK"),
    ("National Intelligence Service", "NIS"),
    ("Ministry of Foreign Affairs", "MFA"),
])
def test_initials(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize("text, label, expected", [
    ("Kim Jong-un", "PERSON", "Kim Jong Un"),
    ("Jeon Ha-kyu", "PERSON", "Jeon Ha Kyu"),
    ("Jean-Pierre  Raffarin", "PERSON", "Jean-Pierre Raffarin"),
    ("KIM Jong-un", "PERSON", "Kim Jong Un"),
    ("BRUSSELS", "GPE", "Brussels"),
    ("USA", "GPE", "USA"),
    ("Democratic People’s Republic of Korea", "GPE", "Democratic People's Republic of Korea"),
])
def test_name_form(text, label, expected):
    assert name_form(text, label) == expected


@pytest.mark.parametrize("text, headlines", [
    ("After Russia Meeting, Putin Accepts Kim’s Invite to North Korea\nKim met Putin on Wednesday.", [0]),
    ("Russian FM meets N. Korea's Kim during Pyongyang trip\nLavrov arrived.", []),   # sentence case
    ("Kim Jong Un Met Putin.\nNew Page in Their Relations", [1]),                      # final stop: a sentence
])
def test_headline_lines(text, headlines):
    lines = text.split("\n")
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in headlines]
    assert [start for start, _ in headline_ranges(text)] == starts


# --- free-text names (quote speakers) --------------------------------------------------------------------------------

SPEAKER_ARTICLE = canonicalize_mentions(mentions(
    ("Kim Jong Un", "PERSON"), ("Kim", "PERSON"), ("Matthew Miller", "PERSON"), ("Kremlin", "ORG"), ("Refugees", "ORG"),
    ("Sergei Lavrov", "PERSON"), ("Jeon Ha-kyu", "PERSON"), ("Martin L. Hale Jr.", "PERSON")), STORY)


@pytest.mark.parametrize("surface, expected", [
    ("State Department spokesperson Matthew Miller", "Matthew Miller"),
    ("Kim", "Kim Jong Un"),
    ("Hale", "Martin L. Hale Jr."),   # a surname before the "Jr." of the full name
    ("Kim’s", "Kim Jong Un"),
    ("North Korean leader Kim Jong Un", "Kim Jong Un"),
    ("the Kremlin", "Kremlin"),
    ("The Kremlin", "Kremlin"),
    ("KCNA", "Korean Central News Agency"),
    ("Pyongyang", "North Korea"),                           # a capital that speaks is its government
    ("Moscow", "Russia"),
    ("Pyongyang's state media", "North Korea's state media"),
    ("Russian Foreign Minister Sergey Lavrov", "Sergei Lavrov"),
    ("Lavrov", "Sergei Lavrov"),
    ("spokesperson Jeon Ha-kyu", "Jeon Ha Kyu"),
    ("South Korean defence ministry spokesman Lee Sung-jun", "Lee Sung Jun"),   # not in the article: cleaned
    ("Putin's spokesman Dmitry Peskov", "Dmitry Peskov"),
    ("the Kremlin's spokesman Ivan Petrov", "Ivan Petrov"),
    ("he", "he"),
    ("the spokesperson", "spokesperson"),
    ("  ", ""),
    # what an office serves is no name of its holder
    ("The Federal High Commissioner for Refugees", "Federal High Commissioner for Refugees"),
    ("Secretary of State Matthew Miller", "Matthew Miller"),
    ("spokesperson for the Kremlin", "Kremlin"),          # a role's organisation is still its speaker
])
def test_resolve_name(surface, expected):
    assert resolve_name(surface, SPEAKER_ARTICLE, STORY) == expected


def test_resolve_name_follows_a_state_media_row():
    table = read_alias_csv("alias,canonical,label,kind\nNorth Korea's state media,Korean Central News Agency,ORG,\n"
                           "Pyongyang,North Korea,GPE,metonym\n")
    assert resolve_name("Pyongyang’s state media", [], table) == "Korean Central News Agency"


# --- extraction from sentences (spaCy) --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    """The English pipeline (loaded once per process)."""
    return load_pipeline("en")


def extracted(nlp, text: str) -> list[tuple[str, str, bool]]:
    """(text, canonical, metonymic) of every mention extraction finds in a text, checking their offsets."""
    doc = nlp(text)
    found = extract_mentions(doc, STORY)
    assert all(text[m.start:m.end] == m.text for m in found)
    return [(m.text, m.canonical, m.metonymic) for m in found]


@pytest.mark.parametrize("text, expected", [
    ("Pyongyang said on Tuesday it would send more workers.", ("Pyongyang", "North Korea", True)),
    ("Putin arrived in Pyongyang on Tuesday for a two-day visit.", ("Pyongyang", "Pyongyang", False)),
    ("Seoul's warning came a day after the launch.", ("Seoul", "South Korea", True)),
    ("Moscow might consider sending more troops, the minister said.", ("Moscow", "Russia", True)),
    ("The talks in Moscow lasted five hours.", ("Moscow", "Moscow", False)),
    ("SEOUL, Sept. 13 (Yonhap) -- North Korea fired two missiles.", ("SEOUL", "Seoul", False)),
    ("Washington and its allies believe the deal is a threat.", ("Washington", "United States", True)),
    ("Sanctions against Pyongyang were tightened.", ("Pyongyang", "North Korea", True)),
    ("Kyiv's forces pushed back.", ("Kyiv", "Ukraine", True)),
    ("The US embassy in Kyiv closed.", ("Kyiv", "Kyiv", False)),
    ("Moscow, which backs Pyongyang, said nothing.", ("Moscow", "Russia", True)),
    # hyphened: a pair of governments, a participle, or a place
    ("Analysts say penalties will not halt the Moscow-Pyongyang alliance.", ("Pyongyang", "North Korea", True)),
    ("A Moscow-backed governor said the attack failed.", ("Moscow", "Russia", True)),
    ("The Seoul-based group said it had evidence.", ("Seoul", "Seoul", False)),
    ("He took the Pyongyang-Moscow train.", ("Pyongyang", "Pyongyang", False)),
    # datelines
    ("MOSCOW/SEOUL - North Korean leader Kim Jong Un met Putin.", ("SEOUL", "Seoul", False)),
    ("Seoul (Reuters) - North Korea fired two missiles.", ("Seoul", "Seoul", False)),
    # national capitals the story's table does not list
    ("Nairobi refused to extradite the two men.", ("Nairobi", "Kenya", True)),
    ("Rebels have long refused to negotiate with the Nairobi government.", ("Nairobi", "Kenya", True)),
    ("The pilot was shot down over Hanoi in 1967.", ("Hanoi", "Hanoi", False)),
    ("He later served as the special envoy to Kyiv.", ("Kyiv", "Ukraine", True)),
])
def test_capitals_as_actors_and_as_places(nlp, text, expected):
    assert expected in extracted(nlp, text)


@pytest.mark.parametrize("text, expected", [
    ("The Kremlin said the visit went well.", [("Kremlin", "Kremlin", False)]),
    ("The Korean Central News Agency (KCNA) said the talks were historic.",
     [("Korean Central News Agency", "Korean Central News Agency", False),
      ("KCNA", "Korean Central News Agency", False)]),
    ("President Putin met Mr Kim. North Korean leader Kim Jong Un thanked him.",
     [("Putin", "Vladimir Putin", False), ("Kim", "Kim Jong Un", False), ("Kim Jong Un", "Kim Jong Un", False)]),
    ("Kim’s train left on Tuesday. Putin's aide Yury Ushakov said Kim Jong-un would stay.",
     [("Kim", "Kim Jong Un", False), ("Putin", "Vladimir Putin", False), ("Yury Ushakov", "Yury Ushakov", False),
      ("Kim Jong-un", "Kim Jong Un", False)]),
    ("Russia and the North are both under sanctions.",
     [("Russia", "Russia", False), ("the North", "North Korea", False)]),
    ("Defence Minister Sergei Shoigu showed the bombers. Shoigu later flew home.",
     [("Sergei Shoigu", "Sergei Shoigu", False), ("Shoigu", "Sergei Shoigu", False)]),
])
def test_names_in_sentences(nlp, text, expected):
    assert [m for m in extracted(nlp, text) if m[1] not in ("North Korean", "Russian")] == expected


@pytest.mark.parametrize("text, span, label, expected", [
    ("He wrote to the Associated Press that it was over.", "Associated Press that", "ORG", ["Associated Press"]),
    ("The Bank of America said so.", "Bank of America", "ORG", ["Bank of America"]),   # inner small words stay
    ("She met Kim Jong Un and Putin.", "Kim Jong Un and", "PERSON", ["Kim Jong Un"]),
])
def test_function_words_the_model_ran_into_are_trimmed(nlp, text, span, label, expected):
    start = text.index(span)
    entity = nlp(text).char_span(start, start + len(span), label=label)
    assert [piece.text for piece in clean_entity(entity, STORY)] == expected


def test_places_named_after_people_are_not_people(nlp):
    doc = nlp("Crowds filled Kim Il Sung Square as Kim Jong Un watched. Kim waved.")
    found = {(m.text, m.label, m.canonical) for m in extract_mentions(doc, STORY)}
    assert {("Kim Il Sung Square", "FAC", "Kim Il Sung Square"), ("Kim", "PERSON", "Kim Jong Un")} <= found


def test_headline_fragments_are_not_people(nlp):
    found = extracted(nlp, "Putin Accepts Kim’s Invite to North Korea\n\n"
                           "Kim Jong Un invited Vladimir Putin. Kim said he was pleased.")
    assert {canonical for _, canonical, _ in found} == {"Vladimir Putin", "North Korea", "Kim Jong Un"}


def test_same_surname_in_sentences_stays_apart(nlp):
    found = extracted(nlp, "Kim Jong Un met Putin on Wednesday. Kim Yo Jong, his sister, also attended. "
                           "Kim said the talks were a success.")
    assert ("Kim Yo Jong", "Kim Yo Jong", False) in found and ("Kim", "Kim", False) in found


def test_extraction_reapplies_to_stored_mentions(nlp):
    doc = nlp("Kim Jong-un met Putin. Pyongyang said Kim would return. Vladimir Putin agreed.")
    found = extract_mentions(doc, STORY)
    stored = [Mention(m.start, m.end, m.text, m.label, m.text, m.sentence, m.metonymic) for m in found]
    assert canonicalize_mentions(stored, STORY) == found


@pytest.mark.parametrize("text, expected", [
    ("Talks between Athens and Sofia stalled after Sofia refused to sign the accord.", ("Sofia", "Sofia", False)),
    ("Sofia Marsh told the court she was innocent, and Sofia later left the building.", ("Sofia", "Sofia", False)),
    ("Talks between Athens and Sofia stalled.", ("Sofia", "Bulgaria", True)),
])
def test_a_capital_read_as_a_person_is_no_country(nlp, text, expected):
    assert expected in extracted(nlp, text)
