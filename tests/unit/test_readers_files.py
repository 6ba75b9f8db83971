"""Reading bytes: encodings decoded sensibly, binary data and oversized files refused clearly."""
from __future__ import annotations

import codecs
import gzip
import os
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.files import decode_text, read_capped, read_text_bytes, utf16_without_bom

CAFE = "Le café « Poutine » – “quoted”"


@pytest.mark.parametrize("data, declared, expected", [
    (CAFE.encode("utf-8"), None, CAFE),
    (codecs.BOM_UTF8 + CAFE.encode("utf-8"), None, CAFE),
    (CAFE.encode("utf-16"), None, CAFE),  # Python writes a BOM
    (codecs.BOM_UTF16_BE + CAFE.encode("utf-16-be"), None, CAFE),
    ("Plain ASCII in UTF-16".encode("utf-16-le"), None, "Plain ASCII in UTF-16"),
    ("café crème".encode("latin-1"), None, "café crème"),
    ("“curly” – dash".encode("cp1252"), None, "“curly” – dash"),
    ("Kim’s visit ".encode("utf-8") + "à Moscou".encode("latin-1"), None, "Kim’s visit à Moscou"),
    ("Путин и Ким".encode("cp1251"), "windows-1251", "Путин и Ким"),
    ("“curly” in Latin-1 page".encode("cp1252"), "iso-8859-1", "“curly” in Latin-1 page"),
    (CAFE.encode("utf-8"), "no-such-charset", CAFE),
    (b"caf\x81 unassigned", None, "caf\x81 unassigned"),
])
def test_decode_text(data: bytes, declared: str | None, expected: str) -> None:
    assert decode_text(data, "in.txt", declared) == expected


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary data"),
    (bytes(range(256)) * 4, "binary data"),
    (bytes((i * 73 + 11) % 256 for i in range(4096) if (i * 73 + 11) % 256), "binary data"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "invalid utf-16"),
])
def test_decode_text_refuses_binary(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        decode_text(data, "blob.txt")
    assert caught.value.source == "blob.txt"


@pytest.mark.parametrize("sample, expected", [
    ("hello world".encode("utf-16-le"), "utf-16-le"), ("hello world".encode("utf-16-be"), "utf-16-be"),
    (b"hello world!", None), (b"\x00\x00\x00\x00\x00\x00\x00\x00", None), (b"ab", None),
])
def test_utf16_without_bom(sample: bytes, expected: str | None) -> None:
    assert utf16_without_bom(sample) == expected


def test_huge_sparse_file_refused_from_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024**3)  # 50 GB sparse: reading it would take minutes
    opened = []
    monkeypatch.setattr("builtins.open", lambda *args, **kwargs: opened.append(args) or pytest.fail("opened"))
    with pytest.raises(InputError, match="above the 1,000-byte limit"):
        read_capped(path, 1000)
    assert opened == []


def test_gzip_bomb_refused_while_decompressing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000))
    assert path.stat().st_size < 20_000
    with pytest.raises(InputError, match="decompresses to more than the 1,000,000-byte limit"):
        read_capped(path, 1_000_000)


def test_gzip_file_read_and_broken_gzip_refused(tmp_path: Path) -> None:
    good, bad = tmp_path / "a.txt.gz", tmp_path / "b.txt.gz"
    good.write_bytes(gzip.compress(b"Title\nBody"))
    bad.write_bytes(b"not gzip at all")
    assert read_capped(good, 100) == b"Title\nBody"
    with pytest.raises(InputError, match="cannot read the gzip file"):
        read_capped(bad, 100)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_named_pipe_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(InputError, match="not a regular file"):
        read_capped(path, 100)


@pytest.mark.parametrize("content, reason", [(b"", "empty file"), (b" \n\t\r\n  ", "only whitespace")])
def test_empty_files_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        read_text_bytes(path)


def test_missing_file_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_capped(tmp_path / "absent.txt", 100)
