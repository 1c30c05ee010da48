"""Reading input files: which files are gazettes, their format, bytes and encoding.

:func:`read_source` turns any input file (plain text, PDF, web page, Word file: told by
content, see :mod:`govgraph.ingest.detect`) into a :class:`SourceText`: the text in reading
order, one paragraph or printed line per line and table rows as tab-separated cells, which
layout parsing (:func:`govgraph.ingest.layout.parse_gazette`) reads whatever the format; and,
for a paged source, the page and printed line each piece of text came from.
"""

from __future__ import annotations

import bisect
import codecs
import logging
import os
import re
import stat
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from govgraph.errors import InputError
from govgraph.text import count_han

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # a real issue is 0.1–0.3 MB; 20 MB is not a gazette
#: A PDF or Word issue carries its photos and fonts: its bytes may be this many times the text limit.
BINARY_FACTOR = 10


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
    visible = len(sample) - _SPACE_RE.subn("", sample)[1]  # (\s is str.isspace)
    if not visible:
        return 0.0
    return count_han(sample) / visible


_SPACE_RE = re.compile(r"\s")


#: Files a directory search takes: the formats govgraph reads, and document formats it does not
#: read (a ``.doc`` among the PDFs gets its one line saying so rather than passing unnoticed).
#: Not Markdown: in a folder it is documentation (a README, annotators' notes, the gold's
#: FORMAT.md beside the demo corpus in ``data/``); a ``.md`` named on the command line is read.
GAZETTE_SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".docx")
UNSUPPORTED_SUFFIXES = (".doc", ".wps", ".ofd", ".rtf", ".odt")


def gazette_files(
    inputs: Iterator[Path] | list[Path] | tuple[Path, ...], on_error: Callable[[str], None] | None = None
) -> list[Path]:
    """Files as given; directories searched recursively for gazettes, sorted.

    A directory search takes text (``.txt``), PDF, web pages (``.html``/``.htm``) and Word
    (``.docx``) files, and the document formats that are not supported (``.doc``, ``.wps``,
    ``.ofd``…: each is reported as such).  Inside a directory, Markdown and README files and
    hidden paths are documentation or tooling, never gazettes (``data/`` holds the gold
    annotations and their notes beside the demo corpus); a file named explicitly is always
    taken, and its content, not its name, decides how it is read.  A subfolder that cannot be
    read is reported to ``on_error`` (default: logged), one line, and the rest is searched.
    """
    report = on_error or log.error
    out: list[Path] = []
    for p in inputs:
        p = Path(p)
        if not p.is_dir():
            out.append(p)
            continue
        found = []

        def unreadable(err: OSError) -> None:
            report(f"{err.filename}: cannot read the folder ({err.strerror}); its files are not built")

        for dirpath, dirnames, filenames in os.walk(p, onerror=unreadable):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                q = Path(dirpath) / name
                if searched_as_gazette(name) and q.is_file():
                    found.append(q)
        out.extend(sorted(found))
    return out


def searched_as_gazette(name: str) -> bool:
    """Whether a folder search takes the file called ``name``: a gazette format or one reported as
    unsupported, and neither a README nor a hidden file (see :func:`gazette_files`)."""
    return (
        PurePosixPath(name).suffix.lower() in GAZETTE_SUFFIXES + UNSUPPORTED_SUFFIXES
        and not name.upper().startswith("README")
        and not name.startswith(".")
    )


def read_gazette_text(path: Path, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """The decoded text of a plain-text gazette and its encoding."""
    data = _read_bytes(path, max_bytes)
    text, enc = decode_gazette(data, str(path))
    if _cjk_share(text) < 0.05:
        raise InputError(str(path), "no Chinese text: not a gazette")
    return text, enc


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a gazette file")
    try:
        st = path.stat()
    except OSError as err:
        raise InputError(str(path), f"cannot read ({err.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        # A FIFO or /dev/zero would be read for ever.
        raise InputError(str(path), "not a regular file (a FIFO, device or socket); not read")
    size = st.st_size
    if size > max_bytes:
        raise _too_large(path, size, max_bytes)
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read ({err.strerror})") from None


def _read_head(path: Path, size: int = 4096) -> bytes:
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a gazette file")
    try:
        mode = path.stat().st_mode
    except OSError as err:
        raise InputError(str(path), f"cannot read ({err.strerror})") from None
    if not stat.S_ISREG(mode):
        # Opening a FIFO waits for a writer; /dev/zero never ends.
        raise InputError(str(path), "not a regular file (a FIFO, device or socket); not read")
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError as err:
        raise InputError(str(path), f"cannot read ({err.strerror})") from None


def _too_large(path: Path, size: int, limit: int) -> InputError:
    return InputError(
        str(path), f"file too large ({size / 1e6:.1f} MB > {limit / 1e6:.0f} MB limit for one issue)"
    )


# ---------------------------------------------------------------------------------------------
# Any format → text


@dataclass(frozen=True, slots=True)
class PageMap:
    """Where the printed lines of a paged source (PDF) begin in the text handed to layout.

    ``starts`` are text offsets, ascending; ``pages`` and ``lines`` the 1-based page and the
    1-based line on that page (in reading order, running heads and page numbers not counted).
    """

    starts: array
    pages: array
    lines: array

    def locate(self, offset: int) -> tuple[int, int] | None:
        """(page, line on the page) of the text character at ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        return self.pages[i], self.lines[i]


@dataclass(slots=True)
class SourceText:
    """An input file as text: what layout parsing reads, whatever the format.

    ``text`` holds one paragraph (or printed line) per line and table rows as tab-separated
    cells; ``encoding`` is the text encoding for a text file, else the format it was read
    from (``pdf``, ``pdf+ocr``, ``html``, ``docx``); ``pages`` maps text offsets to printed
    pages and lines (paged formats only); ``whole_paragraphs``: the reader knew where each
    paragraph ends (markup, or the positions of printed lines), so each line is one.
    """

    text: str
    encoding: str
    pages: PageMap | None = None
    whole_paragraphs: bool = False
    warnings: list[str] = field(default_factory=list)


def read_source(path: str | Path, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read any supported input file as text, its format told by its content.

    Raises :class:`InputError` naming the file and the reason for unreadable, unsupported or
    empty input (a scanned PDF without the OCR extra, an encrypted PDF, a ``.doc``, a web page
    without main text…).
    """
    from govgraph.ingest.detect import Unsupported, sniff

    path = Path(path)
    name = str(path)
    # Text is refused above max_bytes before it is read; a PDF or Word file may be larger.
    head = _read_head(path)
    if not head.startswith((b"PK", b"%PDF")) and b"%PDF-" not in head[:1024]:
        data = _read_bytes(path, max_bytes)
    else:
        data = _read_bytes(path, max_bytes * BINARY_FACTOR)
    kind = sniff(data, path.name)
    if isinstance(kind, Unsupported):
        raise InputError(name, kind.reason)
    if kind == "text":
        text, enc = decode_gazette(data, name)
        source = SourceText(text, enc)
    else:
        source = _read_document(kind, data, name)
    if _cjk_share(source.text) < 0.05:
        raise InputError(name, f"no Chinese text ({kind}): not a gazette")
    return source


def _read_document(kind: str, data: bytes, name: str) -> SourceText:
    """A PDF, web page or Word file as text; whatever its reader library raises on a damaged
    file becomes one line naming the file, so the other inputs are still built."""
    try:
        if kind == "pdf":
            from govgraph.ingest.pdf import read_pdf

            return read_pdf(data, name)
        if kind == "html":
            from govgraph.ingest.html import read_html

            return read_html(data, name)
        from govgraph.ingest.docx import read_docx

        return read_docx(data, name)
    except InputError:
        raise
    except ImportError as err:
        missing = f"{err.name} is not installed (pip install govgraph)"
        raise InputError(name, f"cannot read {kind}: {missing}") from None
    except Exception as err:  # a damaged file may break the reader anywhere
        log.debug("%s: %s reader failed", name, kind, exc_info=True)
        raise InputError(name, f"damaged {kind} file ({type(err).__name__}: {err})") from None
