"""The command line as a user runs it: exit codes, messages, the parse contract, export and remove."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from storyline.store import Store
from storyline.story import prepared
from tests.conftest import ROOT, SEED_FILE


def cli(*args: str, store=None, check_code: int | None = None) -> subprocess.CompletedProcess:
    """Run `python -m storyline ARGS` against a store folder."""
    env = {**os.environ, **({"STORYLINE_STORE": str(store)} if store else {})}
    done = subprocess.run([sys.executable, "-m", "storyline", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    if check_code is not None:
        assert done.returncode == check_code, done.stderr
    return done


@pytest.fixture()
def article_files(tmp_path):
    """Two small articles and a formula-looking title."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Putin meets Kim\n\nRussian President Vladimir Putin met Kim Jong Un on "
                                  "Wednesday. “We will always be in Russia,” Kim said.\n\nSource : Test Wire\n")
    (folder / "sub" / "b.txt").write_text("=HYPERLINK(\"http://evil\")\n\nLavrov arrived in Pyongyang on "
                                          "Wednesday for talks with Choe Son Hui.\n")
    return folder


def test_ingest_folder_then_again(article_files, store_dir):
    first = cli("ingest", str(article_files), "--published", "2023-09-14", store=store_dir, check_code=0)
    assert first.stdout.strip() == "added 2, updated 0, duplicates 0, failed 0"
    again = cli("ingest", str(article_files), "--published", "2023-09-14", store=store_dir, check_code=0)
    assert again.stdout.strip() == "added 0, updated 0, duplicates 2, failed 0"
    corrected = cli("ingest", str(article_files / "a.txt"), "--published", "2023-09-13", store=store_dir,
                    check_code=0)
    assert corrected.stdout.strip() == "added 0, updated 1, duplicates 0, failed 0"
    store = Store(store_dir)  # each ingest that stored something kept the Overview's digest of its version
    assert [p.name for p in (store_dir / prepared.FOLDER).iterdir()] == [prepared.digest_folder(store,
                                                                                                store.version()).name]


def test_failed_inputs_are_named_and_the_rest_is_stored(article_files, tmp_path, store_dir):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    done = cli("ingest", str(article_files / "a.txt"), str(tmp_path / "missing.txt"), str(empty), store=store_dir,
               check_code=1)
    assert done.stdout.strip() == "added 1, updated 0, duplicates 0, failed 2"
    lines = done.stderr.strip().splitlines()
    assert any(str(tmp_path / "missing.txt") in l and "no such file" in l for l in lines)
    assert any(str(empty) in l and "empty" in l for l in lines)


@pytest.mark.parametrize("args", [
    ("ingest",),
    ("ingest", "x.txt", "--published", "14/09/2023"),
    ("export", "nope"),
    ("frobnicate",),
])
def test_usage_errors_exit_2(args, store_dir):
    assert cli(*args, store=store_dir).returncode == 2


def test_parse_prints_the_contract_on_the_founding_article():
    done = cli("parse", str(SEED_FILE), check_code=0)
    result = json.loads(done.stdout)
    assert {"title", "outlet", "published", "text", "entities", "quotes", "dates"} <= set(result)
    assert result["outlet"] == "The Japan Times" and result["published"] == "2023-09-14"
    assert result["title"].startswith("After Russia Meeting, Putin Accepts Kim")
    text = result["text"]
    for entity in result["entities"]:
        assert text[entity["start"]:entity["end"]] == entity["text"]
        assert {"text", "label", "canonical", "start", "end"} <= set(entity)
    for quote in result["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        assert {"text", "speaker", "conduit", "verb", "start", "end"} <= set(quote)
    for day in result["dates"]:
        assert text[day["start"]:day["end"]] == day["text"]
        assert {"text", "value", "granularity", "start", "end"} <= set(day)
    quotes = {q["text"]: q for q in result["quotes"]}
    assert "possibilities" in quotes and "We will always be in Russia." in quotes
    assert quotes["possibilities"]["speaker"] == "Vladimir Putin"


def test_parse_overrides_and_errors(tmp_path):
    done = cli("parse", str(SEED_FILE), "--published", "2023-09-15", "--outlet", "X", check_code=0)
    result = json.loads(done.stdout)
    assert (result["published"], result["outlet"]) == ("2023-09-15", "X")
    missing = cli("parse", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "nope.txt" in missing.stderr and "no such file" in missing.stderr


def test_export_and_remove(article_files, store_dir):
    cli("ingest", str(article_files), "--published", "2023-09-14", store=store_dir, check_code=0)
    rows = list(csv.DictReader(io.StringIO(cli("export", "articles", "--format", "csv", store=store_dir,
                                               check_code=0).stdout)))
    assert len(rows) == 2
    assert {r["title"] for r in rows} == {"Putin meets Kim", "'=HYPERLINK(\"http://evil\")"}
    lines = cli("export", "mentions", "--format", "jsonl", store=store_dir, check_code=0).stdout.splitlines()
    assert lines and all("canonical" in json.loads(l) for l in lines)
    outlet = cli("remove", "--outlet", "Test Wire", store=store_dir, check_code=0)
    assert outlet.stdout.strip() == "removed 1"
    remaining = [r["article_id"] for r in csv.DictReader(io.StringIO(
        cli("export", "articles", store=store_dir).stdout))]
    assert len(remaining) == 1
    assert cli("remove", "--id", remaining[0], store=store_dir, check_code=0).stdout.strip() == "removed 1"
    assert cli("remove", store=store_dir).returncode == 2


def test_seed_ingests_only_into_an_empty_store(store_dir):
    assert cli("seed", store=store_dir, check_code=0).stdout.strip() == "added 1, updated 0, duplicates 0, failed 0"
    assert "already holds" in cli("seed", store=store_dir, check_code=0).stdout
