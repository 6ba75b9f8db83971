"""The dispatcher: which reader reads what, and a bad input never stops the batch."""
from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from storyline.errors import FetchError, InputError
from storyline.ingest.sources import expand_paths, file_suffix, is_url, read_inputs
from storyline.records import Article, IngestOptions
from storyline.story.tracking import founding_ids
from tests.conftest import SEED_FILE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OFFLINE = IngestOptions(fetch_feed_pages=False)


@pytest.mark.parametrize("name, suffix", [
    ("a.txt", ".txt"), ("page.html.gz", ".html"), ("Feed.RSS", ".rss"), ("notes", ""), ("x.tar.gz", ".tar"),
    ("Dr. Kim.txt", ".txt"),
])
def test_file_suffix(name: str, suffix: str) -> None:
    assert file_suffix(Path(name)) == suffix


@pytest.mark.parametrize("value, expected", [
    ("https://a.example/x", True), ("HTTP://A.EXAMPLE", True), ("ftp://a/b", True), ("file:///etc/hosts", True),
    ("/home/user/a.txt", False), ("C:\\news\\a.txt", False), ("a.example/x", False),
])
def test_is_url(value: str, expected: bool) -> None:
    assert is_url(value) is expected


def test_folder_expansion_keeps_known_files_and_skips_hidden(tmp_path: Path) -> None:
    for name in ("b.txt", "a.html.gz", "sub/c.jsonl", ".hidden/d.txt", "e.pdf", ".f.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([str(tmp_path)])]
    assert found == ["a.html.gz", "b.txt", "sub/c.jsonl"]


def test_bad_inputs_yield_errors_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    inputs = [str(tmp_path / "absent.txt"), str(tmp_path / "empty.txt"), str(FIXTURES / "french.txt"),
              "ftp://files.example/a", str(tmp_path / "photo.txt"), str(FIXTURES / "article.html")]
    items = list(read_inputs(inputs, OFFLINE))
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["InputError", "InputError", "Article", "FetchError", "InputError", "Article"]
    assert [item.reason for item in items if isinstance(item, InputError)] == [
        "no such file or folder", "empty file", "only http and https URLs are fetched, not ftp",
        "binary data, not text"]


def test_whole_fixture_folder() -> None:
    items = list(read_inputs([str(FIXTURES)], OFFLINE))
    articles = [item for item in items if isinstance(item, Article)]
    errors = [item for item in items if isinstance(item, InputError)]
    assert len(articles) == 10 and len(errors) == 7
    assert {a.language for a in articles} == {"en", "fr"}
    assert all(a.source.startswith(str(FIXTURES)) for a in articles)


def test_gzipped_text_and_export_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress((FIXTURES / "french.txt").read_bytes()))
    shutil.copy(FIXTURES / "export.csv", tmp_path / "b.csv")
    (tmp_path / "c.csv.gz").write_bytes(gzip.compress((FIXTURES / "export.csv").read_bytes()))
    items = [i for i in read_inputs([str(tmp_path)], OFFLINE) if isinstance(i, Article)]
    assert [a.title for a in items] == ["Kim assure à Poutine le soutien de la Corée du Nord",
                                        "Kim and Putin meet", "Treaty signed", "Kim and Putin meet", "Treaty signed"]


def test_force_feed_reads_any_file_as_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.txt"
    shutil.copy(FIXTURES / "feed.atom", path)
    items = list(read_inputs([str(path)], IngestOptions(force_feed=True, fetch_feed_pages=False)))
    assert [a.title for a in items] == ["Putin arrives in Pyongyang", "Treaty text published"]


def test_refused_url_names_the_url() -> None:
    [error] = list(read_inputs(["http://169.254.169.254/latest/meta-data/"]))
    assert isinstance(error, FetchError)
    assert str(error) == ("http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is a cloud "
                          "metadata address")


@pytest.mark.parametrize("checked, language", [(True, "en"), (False, "")])  # "": not detected
def test_unchecked_reading_keeps_the_ids_and_skips_the_checks(checked, language):
    articles = list(read_inputs([str(SEED_FILE.parent)], checked=checked))
    assert [a.language for a in articles] == [language]
    assert {a.article_id for a in articles} == founding_ids(SEED_FILE.parent)  # the ids do not depend on checks
