"""Re-applying an edited alias table to a stored story: mentions renamed, speakers follow, no spaCy needed."""
from __future__ import annotations

import subprocess
import sys

from storyline.nlp.aliases import AliasTable, table_from_records
from storyline.nlp.reapply import reapply_aliases
from storyline.records import Mention, ParsedArticle, Quote, Sentence, make_article
from storyline.store import Store
from tests.conftest import ROOT
from tests.factories import tables_for


def article(title: str, text: str, names: list[tuple[str, str]], speaker: str | None) -> ParsedArticle:
    """An article whose mentions are the given (surface, label) pairs found in its text."""
    item = make_article(title=title, paragraphs=[text], outlet="Wire", source="test")
    mentions = tuple(Mention(item.text.index(s), item.text.index(s) + len(s), s, label, s, 0) for s, label in names)
    quote = (Quote(0, 5, item.text[:5], speaker, None, "said", speaker, 0),)
    return ParsedArticle(item, mentions, quote, (), (Sentence(0, 0, len(item.text)),))


def stored_names(store: Store) -> tuple[dict[str, str], list]:
    """Mention surface -> canonical, and the quote speakers, as stored."""
    mentions = store.read_mentions()
    return dict(zip(mentions["text"], mentions["canonical"])), sorted(store.read_quotes()["speaker"].dropna())


def test_story_level_short_forms_and_speakers_follow(store_dir):
    store = Store(store_dir)
    store.commit(tables_for([
        article("A", "Lavrov said talks went well.", [("Lavrov", "PERSON")], "Lavrov"),
        article("B", "Sergei Lavrov met Choe Son Hui.", [("Sergei Lavrov", "PERSON"), ("Choe Son Hui", "PERSON")],
                "Sergei Lavrov"),
    ]))
    report = reapply_aliases(store, AliasTable())
    names, speakers = stored_names(store)
    assert names["Lavrov"] == "Sergei Lavrov"
    assert speakers == ["Sergei Lavrov", "Sergei Lavrov"]
    assert (report.mentions_changed, report.quotes_changed) == (1, 1)


def test_a_merge_row_renames_and_a_split_row_undoes_it(store_dir):
    store = Store(store_dir)
    store.commit(tables_for([article("A", "The Kremlin said so.", [("Kremlin", "ORG")], "Kremlin")]))
    merged = table_from_records([{"alias": "Kremlin", "canonical": "Russian presidency", "label": "ORG"}])
    reapply_aliases(store, merged)
    assert stored_names(store) == ({"Kremlin": "Russian presidency"}, ["Russian presidency"])
    reapply_aliases(store, table_from_records([{"alias": "Kremlin", "canonical": "", "kind": "split"}]))
    assert stored_names(store)[0] == {"Kremlin": "Kremlin"}


def test_reapply_keeps_every_row_and_bumps_the_version(store_dir):
    store = Store(store_dir)
    store.commit(tables_for([article(f"T{i}", f"Putin spoke {i}.", [("Putin", "PERSON")], "Putin")
                             for i in range(5)]))
    before = (len(store.read_articles()), len(store.read_mentions()), len(store.read_quotes()), store.version())
    reapply_aliases(store, AliasTable())
    after = (len(store.read_articles()), len(store.read_mentions()), len(store.read_quotes()), store.version())
    assert after[:3] == before[:3] and after[3] == before[3] + 1


def test_cli_reapply_on_an_empty_store(store_dir):
    done = subprocess.run([sys.executable, "-m", "storyline", "--store", str(store_dir), "reapply-aliases"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "renamed 0 mentions and 0 quote speakers or conduits"
