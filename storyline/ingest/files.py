"""Reading input bytes safely: size caps (also after gzip), binary detection, encoding detection."""
from __future__ import annotations

import codecs
import gzip
import stat
import zlib
from pathlib import Path

from storyline.errors import InputError
from storyline.records import IngestOptions

SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.02  # text has next to no control characters; random bytes decode to ~10% of them
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
UTF8_NAMES = {"utf-8", "utf8", "utf_8", "ascii", "us-ascii"}


def _windows_1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode one byte that is not UTF-8 as Windows-1252 (Latin-1 for its five unassigned bytes)."""
    byte = error.object[error.start:error.start + 1]
    try:
        return byte.decode("cp1252"), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


# Mixed files (UTF-8 with stray Latin-1 bytes pasted in) keep their UTF-8 parts intact this way.
codecs.register_error("storyline-cp1252", _windows_1252_fallback)


def is_gzip_path(path: Path) -> bool:
    """True for a name ending in .gz."""
    return path.suffix.lower() == ".gz"


def read_capped(path: Path, max_bytes: int) -> bytes:
    """A file's bytes (decompressed for .gz), refusing more than `max_bytes` without reading it all."""
    source = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputError(source, "not a regular file")
    if info.st_size > max_bytes:
        raise InputError(source, f"file is {info.st_size:,} bytes, above the {max_bytes:,}-byte limit")
    try:
        opener = gzip.open if is_gzip_path(path) else open
        with opener(path, "rb") as handle:
            data = handle.read(max_bytes + 1)  # never more than the limit, whatever the file claims
    except (OSError, EOFError, zlib.error) as exc:
        kind = "gzip file" if is_gzip_path(path) else "file"
        raise InputError(source, f"cannot read the {kind}: {exc}") from exc
    if len(data) > max_bytes:
        raise InputError(source, f"decompresses to more than the {max_bytes:,}-byte limit")
    return data


def utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the sample looks like ASCII-range UTF-16 without a byte-order mark."""
    if len(sample) < 8:
        return None
    evens, odds = sample[0::2], sample[1::2]
    if odds.count(0) > 0.9 * len(odds) and evens.count(0) < 0.1 * len(evens):
        return "utf-16-le"
    if evens.count(0) > 0.9 * len(evens) and odds.count(0) < 0.1 * len(odds):
        return "utf-16-be"
    return None


def known_codec(name: str | None) -> str | None:
    """The codec's canonical name when Python knows it, else None."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def looks_binary(text: str) -> bool:
    """True when the decoded sample holds too many control characters to be text."""
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f") or "\x7f" <= ch <= "\x9f")
    return controls > max(MAX_CONTROL_SHARE * len(sample), 2)  # a stray byte does not make a short file binary


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """Text from bytes: byte-order mark, else the declared charset, else UTF-8 with a Windows-1252 fallback."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode_strict(data, encoding, source)
    if (utf16 := utf16_without_bom(data[:SNIFF_BYTES])) is not None:
        return _decode_strict(data, utf16, source)
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError(source, "binary data, not text")
    codec = known_codec(declared)
    if codec == "iso8859-1":
        # Pages that declare Latin-1 are Windows-1252 in practice (curly quotes in 0x91-0x94), as browsers assume.
        text = data.decode("cp1252", errors="storyline-cp1252")
    elif codec and codec not in UTF8_NAMES and not codec.startswith(("utf-16", "utf-32")):
        text = data.decode(codec, errors="replace")
    else:
        text = data.decode("utf-8", errors="storyline-cp1252")
    if looks_binary(text):
        raise InputError(source, "binary data, not text")
    return text


def _decode_strict(data: bytes, encoding: str, source: str) -> str:
    """Decode with an encoding the data announced itself; refuse when it does not hold."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(source, f"invalid {encoding} text ({exc.reason})") from exc
    if looks_binary(text):
        raise InputError(source, "binary data, not text")
    return text.lstrip("\ufeff")


def read_text_bytes(path: Path, options: IngestOptions | None = None) -> str:
    """A text file's content, decoded, within the size limit; empty files refused."""
    options = options or IngestOptions()
    text = decode_text(read_capped(path, options.max_bytes), str(path))
    if not text.strip():
        raise InputError(str(path), "empty file" if not text else "the file holds only whitespace")
    return text
