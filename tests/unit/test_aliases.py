"""The alias table: folding, reading (comments, kinds, validation), lookups, edits, and atomic saving."""
from __future__ import annotations

import pytest

from storyline.errors import InputError
from storyline.nlp import aliases as alias_module
from storyline.nlp.aliases import (
    DEFAULT_ALIAS_PATH, AliasRow, AliasTable, add_merge, add_split, fold, load_alias_table, read_alias_csv,
    save_alias_table, table_from_records, with_merge, with_split,
)

SMALL = """\
# a comment line, skipped
alias,canonical,label,kind,note
Kim Jong-un,Kim Jong Un,PERSON,merge,
KCNA,Korean Central News Agency,ORG,,blank kind means merge
US,United States,GPE,merge,
Pyongyang,North Korea,GPE,metonym,
Kim Yo Jong,Kim Jong Un,,split,sister
Kim Jong-dae,,,split,a scholar: never merged into anyone
"""


@pytest.fixture()
def table() -> AliasTable:
    """A small table covering every kind of row."""
    return read_alias_csv(SMALL, "small.csv")


@pytest.mark.parametrize("surface, folded", [
    ("Kim Jong-un", "kim jong un"),
    ("KIM  JONG UN", "kim jong un"),
    ("U.S.", "u s"),
    ("N. Korea", "n korea"),
    ("Kim’s", "kim's"),
    ("Vostochny Сosmodrome", "vostochny cosmodrome"),   # a Cyrillic С inside a Latin word
    ("Москва", "москва"),                                  # all-Cyrillic words are left alone
    ("Choe Son‑hui", "choe son hui"),                      # a non-breaking hyphen
])
def test_fold(surface, folded):
    assert fold(surface) == folded


@pytest.mark.parametrize("surface, canonical", [
    ("Kim Jong-un", "Kim Jong Un"),
    ("kim jong un", "Kim Jong Un"),          # the canonical name knows itself, in any case
    ("KCNA", "Korean Central News Agency"),
    ("US", "United States"),
    ("us", None),                             # short acronyms must be written in capitals
    ("Pyongyang", None),                      # a metonym is not a merge
    ("North Korea", "North Korea"),           # the metonym's target is a known name
    ("Kim Yo Jong", None),
    ("Vladimir Putin", None),
])
def test_lookup(table, surface, canonical):
    assert table.lookup(surface) == canonical


def test_metonym_label_and_spelling(table):
    assert table.metonym_of("PYONGYANG") == "North Korea"
    assert table.metonym_of("Moscow") is None
    assert table.label_of("korean central news agency") == "ORG"
    assert table.spelling_of("PYONGYANG") == "Pyongyang"
    assert table.spelling_of("kim jong-un") == "Kim Jong Un"
    assert table.spelling_of("U.S.") is None and table.spelling_of("us") is None and table.spelling_of("US") == "US"


@pytest.mark.parametrize("surface, canonical, blocked", [
    ("Kim Yo Jong", "Kim Jong Un", True),
    ("Kim Yo Jong", "Kim Yo Jong", False),
    ("Kim Jong-dae", "Kim Jong Un", True),   # a blank canonical blocks every merge
    ("Kim Jong-dae", "anything", True),
    ("Kim", "Kim Jong Un", False),
])
def test_split_rows_block_merges(table, surface, canonical, blocked):
    assert table.blocks(surface, canonical) is blocked


@pytest.mark.parametrize("rows, surface, expected", [
    ("", "Kabul", "Afghanistan"),                                   # a national capital the table does not list
    ("", "KABUL", "Afghanistan"),
    ("", "Kandahar", None),                                         # no capital
    ("Kabul,,,split,\n", "Kabul", None),                            # the table's split row wins
    ("Kabul,Kabul Province,GPE,merge,\n", "Kabul", None),            # so does any other row naming it
    ("Kabul,Taliban,ORG,metonym,\n", "Kabul", "Taliban"),
    ("Afghanistan,Islamic Republic of Afghanistan,GPE,merge,\n", "Kabul", "Islamic Republic of Afghanistan"),
])
def test_national_capitals_stand_for_their_country(rows, surface, expected):
    table = read_alias_csv("alias,canonical,label,kind,note\n" + rows)
    assert table.metonym_of(surface) == expected


def test_a_capital_lists_every_name_of_its_country():
    assert AliasTable().countries_of("London") == ("Britain", "United Kingdom", "UK")
    assert AliasTable().countries_of("Lyon") == ()


def test_keeps_own(table):
    assert table.keeps_own("Kim Jong Dae") and not table.keeps_own("Kim Yo Jong")


def test_gazetteer_has_variants_for_text_search(table):
    names = table.gazetteer
    assert names["KCNA"] == "ORG" and names["PYONGYANG"] == "GPE"
    assert "Kim Yo Jong" not in names           # split rows name nothing
    assert table.name_pattern.search("as KCNA’s report said").group() == "KCNA"
    assert AliasTable().name_pattern is None


@pytest.mark.parametrize("csv_text, problem", [
    ("alias,canonical,label,kind\n,North Korea,GPE,merge\n", "alias column is empty"),
    ("alias,canonical,label,kind\nDPRK,North Korea,GPE,merger\n", "kind 'merger'"),
    ("alias,canonical,label,kind\nDPRK,,GPE,merge\n", "needs a canonical name"),
    ("alias,canonical,label,kind\nDPRK,North Korea,COUNTRY,merge\n", "label 'COUNTRY'"),
    ("name,target\nDPRK,North Korea\n", "lacks the column"),
])
def test_bad_tables_name_the_file_and_row(csv_text, problem):
    with pytest.raises(InputError, match=problem) as error:
        read_alias_csv(csv_text, "bad.csv")
    assert "bad.csv" in str(error.value)


def test_missing_file_is_an_empty_table(tmp_path):
    assert load_alias_table(tmp_path / "none.csv") == AliasTable()


def test_save_then_load_round_trip_keeps_comments_and_rows(table, tmp_path):
    path = save_alias_table(table, tmp_path / "aliases.csv")
    text = path.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if not line.startswith("#")][0]
    assert text.startswith("# The story's alias table") and header == "alias,canonical,label,kind,note"
    assert load_alias_table(path) == table
    assert [p.name for p in tmp_path.iterdir()] == ["aliases.csv"]   # no temporary file left behind


def test_failed_save_leaves_the_old_file_whole(table, tmp_path, monkeypatch):
    path = tmp_path / "aliases.csv"
    path.write_text(SMALL, encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(alias_module.os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_alias_table(with_merge(table, "DPRK", "North Korea"), path)
    assert path.read_text(encoding="utf-8") == SMALL
    assert [p.name for p in tmp_path.iterdir()] == ["aliases.csv"]


def test_with_merge_replaces_what_said_otherwise(table):
    changed = with_merge(table, "Kim Jong-dae", "Kim Jong Dae", "PERSON")
    assert changed.lookup("Kim Jong-dae") == "Kim Jong Dae" and not changed.keeps_own("Kim Jong-dae")
    assert table.keeps_own("Kim Jong-dae")    # tables are values: the original is unchanged


def test_with_merge_keeps_splits_from_other_people(table):
    changed = with_merge(table, "Kim Yo Jong", "Kim Yo Jong", "PERSON")
    assert changed.lookup("Kim Yo Jong") == "Kim Yo Jong" and changed.blocks("Kim Yo Jong", "Kim Jong Un")


def test_with_split_undoes_the_merge(table):
    changed = with_split(table, "Kim Jong-un", "Kim Jong Un", note="checked")
    assert changed.lookup("Kim Jong-un") is None and changed.blocks("Kim Jong-un", "Kim Jong Un")
    assert changed.rows[-1] == AliasRow("Kim Jong-un", "Kim Jong Un", "", "split", "checked")


def test_add_merge_and_split_write_the_file(tmp_path):
    path = tmp_path / "aliases.csv"
    add_merge("DPRK", "North Korea", "GPE", path=path)
    add_split("Kim Jong-dae", path=path)
    table = load_alias_table(path)
    assert table.lookup("Dprk") == "North Korea"   # from four letters on, acronyms match in any case ('Nato')
    assert table.keeps_own("Kim Jong-dae")


def test_records_from_an_editor_are_validated():
    table = table_from_records([{"alias": " KCNA ", "canonical": "Korean Central News Agency", "label": "org"}])
    assert table.rows == (AliasRow("KCNA", "Korean Central News Agency", "ORG", "merge", ""),)
    with pytest.raises(InputError, match="editor, row 1"):
        table_from_records([{"alias": "X", "kind": "merge"}], "editor")


def test_env_variable_chooses_the_table(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_ALIASES", str(tmp_path / "story.csv"))
    assert alias_module.alias_path() == tmp_path / "story.csv"
    monkeypatch.delenv("STORYLINE_ALIASES")
    assert alias_module.alias_path() == DEFAULT_ALIAS_PATH


# The story's shipped table uses the annotation guidelines' canonical names.
@pytest.mark.parametrize("surface, canonical", [
    ("KCNA", "Korean Central News Agency"),
    ("DPRK", "North Korea"),
    ("Democratic People's Republic of Korea", "North Korea"),
    ("the North", "North Korea"),
    ("Republic of Korea", "South Korea"),
    ("Kim Jong-un", "Kim Jong Un"),
    ("Sergey Lavrov", "Sergei Lavrov"),
    ("Volodymyr Zelenskyy", "Volodymyr Zelensky"),
    ("U.N. Security Council", "UN Security Council"),
    ("NIS", "National Intelligence Service"),
    ("State Department", "US State Department"),
])
def test_shipped_table(surface, canonical):
    assert load_alias_table(DEFAULT_ALIAS_PATH).lookup(surface) == canonical


def test_shipped_table_metonyms_and_splits():
    table = load_alias_table(DEFAULT_ALIAS_PATH)
    assert {table.metonym_of(c) for c in ("Pyongyang", "Moscow", "Seoul", "Washington", "Kyiv")} == {
        "North Korea", "Russia", "South Korea", "United States", "Ukraine"}
    assert table.blocks("South Korea", "North Korea") and table.blocks("Kim Yo Jong", "Kim Jong Un")
