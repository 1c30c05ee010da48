"""Reading input files: which files are gazettes, their bytes and their encoding."""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from pathlib import Path

from govgraph.errors import InputError

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # a real issue is 0.1–0.3 MB; 20 MB is not a gazette


def decode_gazette(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (BOM) or GB18030, detected.

    Raises :class:`InputError` naming the file and the reason for empty, binary,
    truncated or undecodable input.
    """
    if not data.strip():
        raise InputError(name, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, f"binary file (NUL byte at offset {nul}), not a text gazette")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3 and err.reason == "unexpected end of data":
            raise InputError(
                name, f"truncated file (incomplete UTF-8 character at byte {err.start})"
            ) from None
        utf8_error = err
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            name, f"unknown encoding (not UTF-8: {utf8_error.reason} at byte {utf8_error.start}; not GB18030)"
        ) from None
    if _cjk_share(text) < 0.2:
        raise InputError(name, "unknown encoding (decodes as GB18030 but is not Chinese text)")
    return text, "gb18030"


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(name, f"invalid {encoding} ({err.reason} at byte {err.start})") from None


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    visible = [c for c in sample if not c.isspace()]
    if not visible:
        return 0.0
    return sum(1 for c in visible if "\u4e00" <= c <= "\u9fff") / len(visible)


GAZETTE_SUFFIXES = (".txt", ".md")


def gazette_files(inputs: Iterator[Path] | list[Path] | tuple[Path, ...]) -> list[Path]:
    """Files as given; directories searched recursively for ``.txt``/``.md`` gazettes, sorted.

    Inside a directory, README files and hidden paths are documentation or tooling, never
    gazettes (``data/`` holds the vocabulary's README beside the demo corpus); a file named
    explicitly is always taken.
    """
    out: list[Path] = []
    for p in inputs:
        p = Path(p)
        if not p.is_dir():
            out.append(p)
            continue
        for q in sorted(p.rglob("*")):
            rel = q.relative_to(p).parts
            if (
                q.suffix.lower() in GAZETTE_SUFFIXES
                and not q.name.upper().startswith("README")
                and not any(part.startswith(".") for part in rel)
                and q.is_file()
            ):
                out.append(q)
    return out


def read_gazette_text(path: Path, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a gazette file")
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError(str(path), f"cannot read ({err.strerror})") from None
    if size > max_bytes:
        raise InputError(
            str(path), f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit for one issue)"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read ({err.strerror})") from None
    text, enc = decode_gazette(data, str(path))
    if _cjk_share(text) < 0.05:
        raise InputError(str(path), "no Chinese text: not a gazette")
    return text, enc
