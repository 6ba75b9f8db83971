"""Story membership on hand-written articles: follow-ups, same actors in another story, unrelated news.

Mentions come from a small gazetteer instead of spaCy, so these tests run without the model.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date

import numpy as np
import pandas as pd
import pytest

from storyline import schema
from storyline.cli import main
from storyline.errors import InputError, StoreError
from storyline.records import Mention, ParsedArticle, Sentence, make_article
from storyline.store import Store
from storyline.story import membership, tracking
from storyline.story.decisions import (ACCEPT, REJECT, Decision, StoryDecisions, decisions_path, read_decisions,
                                       record_decision)
from storyline.story.membership import (ACCEPTED, FOUNDING, REJECTED, SCORED, MembershipOptions, apply_decisions,
                                        build_profile, gather_evidence, parsed_frames, score_articles)
from storyline.story.review import (compute_membership_view, decide, filter_on_story, list_rejected,
                                    read_membership, rescore_store)
from storyline.story.signals import (TimeRules, day_numbers, entity_key, names_in_text, nearest_offset,
                                     time_evidence)
from storyline.story.tracking import StoryTracker
from tests.conftest import ROOT
from tests.factories import tables_for

# surface -> (canonical, label): what the entity extractor would find in the articles below.
GAZETTEER = {
    "Vladimir Putin": ("Vladimir Putin", "PERSON"), "Putin": ("Vladimir Putin", "PERSON"),
    "Kim Jong Un": ("Kim Jong Un", "PERSON"), "Kim": ("Kim Jong Un", "PERSON"),
    "Sergei Lavrov": ("Sergei Lavrov", "PERSON"), "Lavrov": ("Sergei Lavrov", "PERSON"),
    "Sergei Shoigu": ("Sergei Shoigu", "PERSON"), "Donald Trump": ("Donald Trump", "PERSON"),
    "Tim Cook": ("Tim Cook", "PERSON"), "Mohammed VI": ("Mohammed VI", "PERSON"),
    "North Korea": ("North Korea", "GPE"), "Russia": ("Russia", "GPE"), "Pyongyang": ("Pyongyang", "GPE"),
    "Moscow": ("Moscow", "GPE"), "Ukraine": ("Ukraine", "GPE"), "Washington": ("Washington", "GPE"),
    "Vladivostok": ("Vladivostok", "GPE"), "Kursk": ("Kursk", "GPE"), "Hanoi": ("Hanoi", "GPE"),
    "South Korea": ("South Korea", "GPE"), "Tokyo": ("Tokyo", "GPE"), "Derna": ("Derna", "GPE"),
    "Egypt": ("Egypt", "GPE"), "Turkey": ("Turkey", "GPE"), "Morocco": ("Morocco", "GPE"),
    "Marrakech": ("Marrakech", "GPE"), "Cupertino": ("Cupertino", "GPE"),
    "North Korean": ("North Korean", "NORP"), "Russian": ("Russian", "NORP"), "Libyan": ("Libyan", "NORP"),
    "United Nations": ("United Nations", "ORG"), "Korean Central News Agency": ("Korean Central News Agency", "ORG"),
    "Eastern Economic Forum": ("Eastern Economic Forum", "ORG"), "Red Crescent": ("Red Crescent", "ORG"),
    "Apple": ("Apple", "ORG"), "Vostochny Cosmodrome": ("Vostochny Cosmodrome", "FAC"),
    "High Atlas": ("High Atlas", "LOC"), "Storm Daniel": ("Storm Daniel", "EVENT"),
}
SURFACES = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in sorted(GAZETTEER, key=len, reverse=True))
                      + r")(?!\w)")

FOUNDING_TEXT = (
    "Russian President Vladimir Putin accepted an invitation from North Korean leader Kim Jong Un to visit "
    "Pyongyang, state media said, after the two leaders met at the Vostochny Cosmodrome in the Far East of Russia. "
    "Kim promised Russia full support in its war in Ukraine, while Putin said Moscow could help North Korea build "
    "satellites. Washington warned that any arms deal between Russia and North Korea would break United Nations "
    "sanctions. Defence Minister Sergei Shoigu joined the talks, the Korean Central News Agency reported.")

# key: (day, text, language, expected on_story)
ARTICLES = {
    "founding": (date(2023, 9, 14), FOUNDING_TEXT, "en", True),
    "lead_up": (date(2023, 9, 5), (
        "Kim Jong Un plans to travel to Russia this month to meet Vladimir Putin and discuss supplying weapons for "
        "the war in Ukraine, officials in Washington said. The talks between North Korea and Russia could take place "
        "in Vladivostok."), "en", True),
    "lavrov_month_later": (date(2023, 10, 19), (
        "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang for talks with Kim Jong Un, a month after the "
        "summit at the Vostochny Cosmodrome. Lavrov said the visit would carry out the agreements reached by "
        "Vladimir Putin and Kim. North Korea and Russia pledged deeper cooperation as the war in Ukraine goes on, "
        "and Washington accused Moscow of receiving North Korean weapons."), "en", True),
    "treaty_nine_months_later": (date(2024, 6, 19), (
        "Vladimir Putin and Kim Jong Un signed a strategic partnership treaty in Pyongyang, pledging mutual "
        "assistance if either Russia or North Korea is attacked. Putin thanked Kim for supporting the war of Russia "
        "in Ukraine. Washington and the United Nations raised concerns about military cooperation between Moscow "
        "and North Korea."), "en", True),
    "troops_a_year_later": (date(2024, 11, 5), (
        "North Korean troops have been deployed to the Kursk region of Russia, Ukraine said, in the clearest sign "
        "yet of military cooperation between Moscow and Pyongyang under the treaty signed by Vladimir Putin and "
        "Kim Jong Un. Washington warned that the soldiers of North Korea would be legitimate targets."), "en", True),
    "french_same_week": (date(2023, 9, 13), (
        "Kim Jong Un a assuré à Vladimir Poutine que la Russie remporterait une grande victoire, lors de leur "
        "rencontre dans l'Extrême-Orient russe."), "fr", True),
    "invitation_2018": (date(2018, 9, 12), (
        "Vladimir Putin said North Korean leader Kim Jong Un was welcome to visit Russia at any convenient time, "
        "speaking at the Eastern Economic Forum in Vladivostok. Russia and North Korea discussed economic projects, "
        "and Pyongyang confirmed the readiness of Kim to visit Moscow."), "en", False),
    "summit_2019": (date(2019, 4, 25), (
        "Kim Jong Un met Vladimir Putin for the first time in Vladivostok, weeks after his summit with Donald Trump "
        "in Hanoi collapsed. North Korea seeks the support of Russia against sanctions, state media in Pyongyang "
        "said."), "en", False),
    "greeting_months_before": (date(2023, 5, 9), (
        "Kim Jong Un sent a message to Vladimir Putin congratulating Russia on Victory Day, the Korean Central News "
        "Agency said, wishing the Russian army victory in its fight in Ukraine. North Korea has backed Moscow since "
        "the war began."), "en", False),
    "flood_same_days": (date(2023, 9, 12), (
        "Floods after Storm Daniel killed thousands of people in the Libyan city of Derna, where two dams burst. "
        "Rescue teams from Egypt and Turkey searched the ruins as the Red Crescent warned of disease."), "en", False),
    "earthquake_same_days": (date(2023, 9, 9), (
        "A powerful earthquake struck the High Atlas mountains of Morocco, killing more than two thousand people "
        "near Marrakech. King Mohammed VI declared three days of mourning as rescuers dug through collapsed "
        "villages."), "en", False),
    "phone_launch_same_days": (date(2023, 9, 12), (
        "Apple unveiled its new phones at its headquarters in Cupertino, with a titanium frame and a new charging "
        "port. Tim Cook said the phones go on sale next week."), "en", False),
}


def mentions_in(text: str) -> tuple[Mention, ...]:
    """The gazetteer's names found in a text, as the entity extractor would report them."""
    return tuple(Mention(m.start(), m.end(), m.group(0), GAZETTEER[m.group(0)][1], GAZETTEER[m.group(0)][0])
                 for m in SURFACES.finditer(text))


def story_article(key: str, *, outlet: str = "Test Wire") -> ParsedArticle:
    """One of ARTICLES, parsed by the gazetteer (unparsed, like a language without extractors, when not English)."""
    day, text, language, _ = ARTICLES[key]
    article = make_article(title=key.replace("_", " "), paragraphs=[text], outlet=outlet, published=day,
                           published_source="user", language=language, url=f"https://news.test/{key}")
    if language != "en":
        return ParsedArticle(article, parsed=False)
    return ParsedArticle(article, mentions_in(text), (), (), (Sentence(0, 0, len(article.text)),))


def commit_articles(store: Store, keys: list[str]) -> dict[str, str]:
    """Commit some of ARTICLES to a store (without scoring); returns their ids by key."""
    parsed = [story_article(k) for k in keys]
    store.commit(tables_for(parsed))
    return {k: p.article.article_id for k, p in zip(keys, parsed)}


@pytest.fixture(scope="module")
def scored() -> pd.DataFrame:
    """Every article of ARTICLES scored against the founding article alone, indexed by key."""
    parsed = {key: story_article(key) for key in ARTICLES}
    evidence = gather_evidence(*parsed_frames(list(parsed.values())))
    options = MembershipOptions()
    profile = build_profile(evidence, {parsed["founding"].article.article_id: FOUNDING}, options)
    result = score_articles(evidence, profile, options)
    return result.set_index(pd.Index(list(parsed), name="key"))


@pytest.mark.parametrize("key", list(ARTICLES))
def test_on_story_decision(scored, key):
    assert bool(scored.at[key, "on_story"]) is ARTICLES[key][3]


@pytest.mark.parametrize("key", list(ARTICLES))
def test_relevance_is_a_share(scored, key):
    assert 0.0 <= scored.at[key, "relevance"] <= 1.0


@pytest.mark.parametrize("key, shares", [
    ("treaty_nine_months_later", {"Vladimir Putin", "Kim Jong Un", "Pyongyang", "North Korea", "Russia"}),
    ("flood_same_days", set()),
    ("french_same_week", {"Kim Jong Un"}),  # found by name lookup: no extractor runs on French here
])
def test_shared_entities_are_the_reasons(scored, key, shares):
    assert shares <= set(scored.at[key, "shared"]) and (shares or not scored.at[key, "shared"])


@pytest.mark.parametrize("key, wording_counts", [("french_same_week", False), ("lavrov_month_later", True)])
def test_another_language_is_judged_on_entities_only(scored, key, wording_counts):
    assert bool(scored.at[key, "same_language"]) is wording_counts


# ----- time ------------------------------------------------------------------------------------------------------

START = date(2023, 9, 14)


@pytest.mark.parametrize("published, offset, factor", [
    (date(2023, 9, 14), 0, 1.0),
    (date(2023, 9, 5), -9, 0.7 + 0.3 * 0.5 ** (9 / 180)),      # inside the lead-up: no before-penalty
    (date(2023, 8, 1), -44, 0.5 ** ((44 - 14) / 7)),           # well before the start: an earlier story
    (date(2024, 9, 13), 365, 0.7 + 0.3 * 0.5 ** (365 / 180)),  # a year later: faded, never below the floor
    (date(2030, 1, 1), 2301, 0.7 + 0.3 * 0.5 ** (2301 / 180)),
    (None, np.nan, 1.0),                                       # no date, no evidence either way
])
def test_time_evidence(published, offset, factor):
    days = day_numbers(pd.Series([START]))
    found = time_evidence(pd.Series([published]), START, days, TimeRules()).iloc[0]
    assert found["offset_days"] == pytest.approx(offset, nan_ok=True)
    assert found["time_factor"] == pytest.approx(factor, rel=1e-6)


@pytest.mark.parametrize("days, members, own, offset", [
    ([10.0], [10.0], [1], np.nan),         # a lone member has no other article near it
    ([10.0], [10.0, 10.0], [1], 0.0),      # another member the same day
    ([15.0], [10.0, 30.0], [0], 5.0),      # nearer the earlier one: after it
    ([25.0], [10.0, 30.0], [0], -5.0),     # nearer the later one: before it
])
def test_nearest_offset_skips_the_article_itself(days, members, own, offset):
    found = nearest_offset(np.array(days), np.array(members), np.array(own))
    assert found[0] == pytest.approx(offset, nan_ok=True)


# ----- small pieces ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("canonical, key", [
    ("Kim Jong-un", "kim jong un"), ("the Kremlin", "kremlin"), ("Russia’s", "russia's"), ("  U.S.  ", "u.s."),
])
def test_entity_key(canonical, key):
    assert entity_key(canonical) == key


@pytest.mark.parametrize("text, found", [
    ("Kim Jong Un a rencontré Vladimir Poutine", ["kim jong un"]),
    ("Kimberley and Kimchi", []),                           # whole words only
    ("Kim met Kim Jong Un", ["kim jong un", "kim jong un"]),
])
def test_names_in_text(text, found):
    surfaces = {"Kim Jong Un": "kim jong un", "Kim": "kim jong un", "Vladimir Putin": "vladimir putin"}
    rows = names_in_text(pd.Series([text], index=["a"]), surfaces)
    assert rows["key"].tolist() == found


@pytest.mark.parametrize("role, decided, scored_on, on_story, decision", [
    (None, None, True, True, SCORED),
    (None, None, False, False, SCORED),
    (FOUNDING, None, False, True, FOUNDING),
    (ACCEPTED, ACCEPT, False, True, ACCEPTED),
    (None, REJECT, True, False, REJECTED),
    (FOUNDING, REJECT, True, False, REJECTED),   # the analyst has the last word
])
def test_apply_decisions(role, decided, scored_on, on_story, decision):
    decisions = StoryDecisions()
    if decided:
        decisions = decisions.with_decision(Decision("a", decided, "2024-01-01T00:00:00+00:00"))
    scores = pd.DataFrame({schema.ARTICLE_ID: ["a"], "on_story": [scored_on]})
    applied = apply_decisions(scores, {"a": role} if role else {}, decisions).iloc[0]
    assert (bool(applied["on_story"]), applied["decision"]) == (on_story, decision)


SUMMIT_DAY = float(day_numbers(pd.Series([START]))[0])
NAMED_MEMBERS = {SUMMIT_DAY: (("m1", "Putin and Kim meet at Vostochny", START),
                              ("m2", "Kim Jong Un promises Russia full support in its war in Ukraine, state media say",
                               START))}


@pytest.mark.parametrize("row, sentence", [
    ({"dated": True, "days_before_start": 128.0, "offset_days": -128.0},
     "published 128 days before the story began (14 Sep 2023)"),
    ({"dated": True, "days_before_start": -1.0, "offset_days": 1.0, "day": SUMMIT_DAY + 1},
     "published 1 day after the story article “Putin and Kim meet at Vostochny” (14 Sep 2023)"),
    ({"dated": True, "days_before_start": 9.0, "offset_days": -9.0, "day": SUMMIT_DAY - 9},
     "published 9 days before the story article “Putin and Kim meet at Vostochny” (14 Sep 2023)"),
    ({"dated": True, "days_before_start": 0.0, "offset_days": 0.0, "day": SUMMIT_DAY, "article_id": "m1"},
     "published the same day as the story article “Kim Jong Un promises Russia full support in its war in…” "
     "(14 Sep 2023)"),
    ({"dated": True, "days_before_start": -3.0, "offset_days": 3.0, "day": SUMMIT_DAY + 30},  # no member that day
     "published 3 days after the closest story article"),
    ({"dated": False, "days_before_start": np.nan, "offset_days": np.nan}, "no publication date"),
])
def test_describe_time(row, sentence):
    profile = membership.StoryProfile(np.zeros(1), pd.Series(dtype=float), {}, {}, START, np.zeros(1), "en", {},
                                      NAMED_MEMBERS)
    assert membership.describe_time(row, profile, TimeRules()) == sentence


# ----- decisions file -------------------------------------------------------------------------------------------

def test_decisions_round_trip_and_latest_wins():
    first = StoryDecisions().with_decision(Decision("a", ACCEPT, "t1", "A"))
    both = first.with_decision(Decision("b", REJECT, "t2")).with_decision(Decision("a", REJECT, "t3", "A"))
    again = StoryDecisions.from_json(both.to_json())
    assert again == both and again.rejected == {"a", "b"} and again.accepted == frozenset()


def test_unreadable_decisions_file_names_it(store_dir):
    store_dir.mkdir(parents=True)
    decisions_path(store_dir).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="story.json"):
        read_decisions(store_dir)


@pytest.mark.parametrize("article_id, decision, message", [
    ("nope", ACCEPT, "no article with this id"),
    (None, "maybe", "not a decision"),
])
def test_bad_decisions_are_input_errors(store_dir, article_id, decision, message):
    store = Store(store_dir)
    ids = commit_articles(store, ["founding"])
    with pytest.raises(InputError, match=message):
        record_decision(store, article_id or ids["founding"], decision)


def test_decision_file_is_replaced_atomically(store_dir):
    store = Store(store_dir)
    ids = commit_articles(store, ["founding", "flood_same_days"])
    record_decision(store, ids["founding"], ACCEPT)
    record_decision(store, ids["flood_same_days"], REJECT)
    assert sorted(p.name for p in store_dir.iterdir() if "story" in p.name) == ["story.json"]
    assert read_decisions(store_dir).accepted == {ids["founding"]}


# ----- the store: re-scoring, decisions, removal -----------------------------------------------------------------

KEYS = ["founding", "lavrov_month_later", "troops_a_year_later", "summit_2019", "flood_same_days",
        "greeting_months_before"]


@pytest.fixture()
def story_store(store_dir) -> tuple[Store, dict[str, str]]:
    """A store with six of ARTICLES and the founding one accepted (so no spaCy is needed)."""
    store = Store(store_dir)
    ids = commit_articles(store, KEYS)
    record_decision(store, ids["founding"], ACCEPT)
    rescore_store(store)
    return store, ids


def on_story_keys(store: Store, ids: dict[str, str]) -> set[str]:
    """Keys of the articles on the story as the membership view reports them."""
    view = read_membership(store).set_index(schema.ARTICLE_ID)
    return {key for key, aid in ids.items() if aid in view.index and view.at[aid, "on_story"]}


def test_rescore_stores_membership_with_reasons(story_store):
    store, ids = story_store
    assert on_story_keys(store, ids) == {"founding", "lavrov_month_later", "troops_a_year_later"}
    stored = store.read_table(schema.ARTICLES, [schema.ARTICLE_ID, "relevance", "story_reasons"])
    assert stored["relevance"].between(0, 1).all()
    reasons = [json.loads(r) for r in stored["story_reasons"]]
    assert all(r["summary"] for r in reasons) and {r["decision"] for r in reasons} >= {ACCEPTED, SCORED}


def test_rescore_keeps_ingested_at_and_rewrites_nothing_when_unchanged(story_store):
    store, _ = story_store
    before = store.read_table(schema.ARTICLES, [schema.ARTICLE_ID, "ingested_at"]).sort_values(schema.ARTICLE_ID)
    assert rescore_store(store).rewritten == 0
    after = store.read_table(schema.ARTICLES, [schema.ARTICLE_ID, "ingested_at"]).sort_values(schema.ARTICLE_ID)
    assert before.reset_index(drop=True).equals(after.reset_index(drop=True))
    assert len(store.read_mentions()) == sum(len(story_article(k).mentions) for k in KEYS)


def test_accepting_an_earlier_story_moves_the_start_back(story_store):
    store, ids = story_store
    decide(store, ids["summit_2019"], ACCEPT)
    assert {"summit_2019", "greeting_months_before"} <= on_story_keys(store, ids)
    assert "flood_same_days" not in on_story_keys(store, ids)


def test_rejected_articles_stay_out_and_list_first_by_relevance(story_store):
    store, ids = story_store
    decide(store, ids["troops_a_year_later"], REJECT)
    rejected = list_rejected(read_membership(store))
    assert rejected[schema.ARTICLE_ID].iloc[0] == ids["troops_a_year_later"]
    assert rejected["reasons"].iloc[0].startswith("rejected by the analyst")
    assert rejected["role"].iloc[0] == REJECTED


def test_a_removed_article_keeps_its_decision(story_store):
    store, ids = story_store
    decide(store, ids["flood_same_days"], ACCEPT)
    store.remove({ids["flood_same_days"]})
    report = rescore_store(store)
    assert report.scored == len(KEYS) - 1 and ids["flood_same_days"] in read_decisions(store.root).accepted
    commit_articles(store, ["flood_same_days"])  # back again: the decision applies again
    rescore_store(store)
    assert "flood_same_days" in on_story_keys(store, ids)


@pytest.mark.parametrize("on_story, kept", [(True, True), (False, False), (None, True)])
def test_filter_on_story_keeps_unscored_articles(on_story, kept):
    frame = pd.DataFrame({schema.ARTICLE_ID: ["a"], "on_story": pd.array([on_story], dtype="boolean")})
    assert (len(filter_on_story(frame)) == 1) is kept


def test_view_applies_a_decision_not_yet_rescored():
    articles = pd.DataFrame({schema.ARTICLE_ID: ["a", "b"], "on_story": [True, False], "relevance": [0.9, 0.1],
                             "story_reasons": [None, json.dumps({"summary": "s", "shared_entities": ["X"]})]})
    decisions = StoryDecisions().with_decision(Decision("a", REJECT, "t")).with_decision(Decision("b", ACCEPT, "t"))
    view = compute_membership_view(articles, decisions).set_index(schema.ARTICLE_ID)
    assert view["on_story"].tolist() == [False, True] and view.at["b", "shared_entities"] == ["X"]
    assert view["role"].tolist() == [REJECTED, ACCEPTED] and view.at["a", "reasons"] == ""


# ----- ingest: the tracker ---------------------------------------------------------------------------------------

def test_tracker_judges_batches_against_the_story_in_the_store(store_dir, monkeypatch):
    store = Store(store_dir)
    founding = story_article("founding").article.article_id
    monkeypatch.setattr(tracking, "founding_ids", lambda: frozenset({founding}))
    first = tables_for([story_article(k) for k in ("founding", "lavrov_month_later", "flood_same_days")])
    judged = StoryTracker(store).judge(first[schema.ARTICLES], first[schema.MENTIONS])
    assert judged.column("on_story").to_pylist() == [True, True, False]
    assert json.loads(judged.column("story_reasons")[0].as_py())["decision"] == FOUNDING
    store.commit({**first, schema.ARTICLES: judged})
    second = tables_for([story_article(k) for k in ("treaty_nine_months_later", "summit_2019")])
    judged = StoryTracker(store).judge(second[schema.ARTICLES], second[schema.MENTIONS])
    assert judged.column("on_story").to_pylist() == [True, False]


def test_rescoring_needs_no_spacy(story_store):
    store, _ = story_store
    code = ("import sys; from storyline.store import Store; from storyline.story.review import rescore_store; "
            f"rescore_store(Store({str(store.root)!r})); print('spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


# ----- the CLI ---------------------------------------------------------------------------------------------------

def test_cli_story_accept_list_and_reject(story_store, capsys):
    store, ids = story_store
    assert main(["--store", str(store.root), "story", "accept", ids["flood_same_days"]]) == 0
    assert capsys.readouterr().out.startswith(f"accepted {ids['flood_same_days']}; scored 6")
    assert main(["--store", str(store.root), "story", "list"]) == 0
    listed = capsys.readouterr()
    assert ids["flood_same_days"] in listed.out and "4 articles on the story, 2 kept out" in listed.err
    assert main(["--store", str(store.root), "story", "reject", ids["lavrov_month_later"]]) == 0
    capsys.readouterr()
    assert main(["--store", str(store.root), "story", "list", "--rejected"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(ids["lavrov_month_later"]) and "rejected by the analyst" in lines[1]


def test_cli_story_accept_unknown_id_is_an_error(story_store, capsys):
    store, _ = story_store
    assert main(["--store", str(store.root), "story", "accept", "0000"]) == 1
    assert "0000: no article with this id in the store" in capsys.readouterr().err
