"""A batch of hostile inputs through the real CLI: one clear error per bad input, the rest stored, nothing lost."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from storyline.ingest.sources import published_warning
from storyline.store import Store
from tests.conftest import ROOT, SEED_FILE

GOOD = "Talks\n\nRussian Foreign Minister Sergei Lavrov met Kim Jong Un in Pyongyang on Thursday, KCNA said.\n"


def ingest(store, *inputs: str) -> subprocess.CompletedProcess:
    """Run the ingest command on inputs."""
    return subprocess.run([sys.executable, "-m", "storyline", "--store", str(store), "ingest", *inputs], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, env={**os.environ})


def snapshot(store: Store) -> dict:
    """What is stored, as comparable values."""
    articles = store.read_articles(include_text=True).sort_values("article_id")
    return {"articles": articles[["article_id", "title", "outlet", "text"]].to_dict("records"),
            "quotes": len(store.read_quotes()), "mentions": len(store.read_mentions())}


def test_bad_inputs_are_named_and_nothing_stored_is_lost(tmp_path, store_dir):
    assert ingest(store_dir, str(SEED_FILE)).returncode == 0
    before = snapshot(Store(store_dir))
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 100)
    (folder / "broken.jsonl").write_text('{"title": "Row one", "text": "Fine text here."}\n{"title": oops}\n')
    (folder / "nocols.csv").write_text("headline,body\nA,B\n")
    (folder / "quotes.txt").write_text("Odd marks\n\n“Unbalanced, said nobody. ‘Nested “inside” here’ and « open.\n")
    (folder / "good.txt").write_text(GOOD)
    done = ingest(store_dir, str(folder))
    assert done.returncode == 1
    assert done.stdout.strip() == "added 3, updated 0, duplicates 0, failed 4"
    errors = done.stderr.strip().splitlines()
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary"), ("broken.jsonl", "line 2"),
                         ("nocols.csv", "column")]:
        assert any(name in line and reason in line for line in errors), (name, errors)
    after = snapshot(Store(store_dir))
    assert [a for a in after["articles"] if a["article_id"] in {b["article_id"] for b in before["articles"]}] \
        == before["articles"]


def test_a_50000_word_article_is_stored_and_parsed(tmp_path, store_dir):
    paragraph = ("Officials in Pyongyang said on Monday that the delegation led by Sergei Lavrov would stay. "
                 "“We will continue the talks,” Lavrov told reporters in Moscow. ") * 6
    words = len(paragraph.split())
    long_file = tmp_path / "long.txt"
    paragraphs = [f"Part {i}. {paragraph}" for i in range(50_000 // words + 1)]  # repeats would be dropped as clutter
    long_file.write_text("A very long report\n\n" + "\n\n".join(paragraphs))
    done = ingest(store_dir, str(long_file), "--published", "2023-10-19")
    assert done.returncode == 0, done.stderr
    store = Store(store_dir)
    article = store.read_articles().iloc[0]
    assert article["word_count"] >= 50_000 and bool(article["parsed"])
    assert len(store.read_quotes()) > 100


@pytest.mark.parametrize("published, expected", [
    (date(2023, 9, 14), None),
    (date(2026, 11, 29), None),  # tomorrow: time zones
    (date(2099, 1, 1), "published date 2099-01-01 is in the future: check it"),
    (date(1850, 5, 5), "published date 1850-05-05 is before 1900: check it"),
    (None, None),
])
def test_published_warning(published, expected):
    assert published_warning(published, date(2026, 11, 28)) == expected


def test_odd_dates_are_kept_with_a_note(tmp_path, store_dir):
    for name, day in (("future.txt", "2099-01-01"), ("old.txt", "1850-05-05")):
        (tmp_path / name).write_text(f"---\npublished: {day}\n---\n{name}\n\nThe {name} minister said on Monday "
                                     "it was over.\n")
    done = ingest(store_dir, str(tmp_path / "future.txt"), str(tmp_path / "old.txt"))
    assert done.returncode == 0, done.stderr
    articles = Store(store_dir).read_articles()
    notes = dict(zip(articles["title"], articles["note"]))
    assert "in the future" in notes["future.txt"] and "before 1900" in notes["old.txt"]
    exported = subprocess.run([sys.executable, "-m", "storyline", "--store", str(store_dir), "export", "dates",
                               "--format", "jsonl"], cwd=ROOT, capture_output=True, text=True, timeout=120).stdout
    values = sorted(json.loads(line)["value"] for line in exported.splitlines())
    assert values == ["1850-04-29", "2098-12-29"]  # the Monday before each publication date


def test_size_limit_is_configurable_and_refuses_without_reading(tmp_path, store_dir):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(200_000_000)  # a sparse 200 MB file: refusing it must not read it
    small = tmp_path / "small.txt"
    small.write_text(GOOD)
    done = ingest(store_dir, str(big), str(small), "--max-mb", "1")
    assert done.returncode == 1
    assert done.stdout.strip() == "added 1, updated 0, duplicates 0, failed 1"
    assert f"{big}: file is 200,000,000 bytes, above the 1,000,000-byte limit" in done.stderr
