"""Reading input bytes safely: size caps, binary detection, encoding detection."""
from __future__ import annotations

import codecs
from pathlib import Path

from storyline.errors import InputError
from storyline.records import IngestOptions


def read_capped(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, refusing files above `max_bytes` without reading them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise InputError(str(path), f"file is {size:,} bytes, above the {max_bytes:,}-byte limit")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def decode_text(data: bytes, source: str) -> str:
    """Text from bytes: BOM-marked UTF-8/16/32, else UTF-8, else Windows-1252; binary data refused."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"invalid {encoding} text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise InputError(source, "binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if sum(1 for ch in text[:8192] if ch < " " and ch not in "\t\n\r\f") > 0.02 * min(len(text), 8192):
        raise InputError(source, "binary data, not text")
    return text


def read_text_bytes(path: Path, options: IngestOptions | None = None) -> str:
    """A text file's content, decoded, within the size limit."""
    options = options or IngestOptions()
    text = decode_text(read_capped(path, options.max_bytes), str(path))
    if not text.strip():
        raise InputError(str(path), "empty file")
    return text
