"""Which format a file is, told from its bytes (magic numbers, markup), not from its name.

A government site serves a PDF as ``.htm`` or a Word file as ``.wps``, and a user renames
files: the content decides.  The extension only settles what the bytes cannot (a page that
starts with a fragment of markup but no ``<html>``).  Formats govgraph cannot read are named,
with what to do instead, so a build says so in one line and goes on with the other files.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Literal

Format = Literal["text", "pdf", "html", "docx"]

#: How far into a file a PDF header may start (the PDF spec allows junk before ``%PDF-``).
_PDF_SEARCH = 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .doc, .wps, .xls, .et
_ZIP = b"PK\x03\x04"
# The start of an HTML page (after a BOM, white space and comments).
_HTML_START_RE = re.compile(
    rb"^(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|meta|title|body)\b", re.I | re.S
)
_HTML_TAG_RE = re.compile(rb"<(?:html|body|div|p|table|meta|title)\b", re.I)
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"GIF8", "GIF image"),
)


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A format govgraph does not read: why, and what the user can do."""

    reason: str


def sniff(data: bytes, name: str = "") -> Format | Unsupported:
    """The format of a file's bytes; ``name`` (its file name) breaks ties only."""
    head = data[:4096]
    if b"%PDF-" in data[:_PDF_SEARCH]:
        return "pdf"
    if head.startswith(_OLE2):
        return Unsupported(
            "legacy binary Word/WPS document (.doc/.wps), not supported: save it as .docx or PDF"
        )
    if head.startswith(_ZIP):
        return _sniff_zip(data)
    if head.startswith(b"{\\rtf"):
        return Unsupported("RTF document, not supported: save it as .docx or PDF")
    for magic, what in _IMAGES:
        if head.startswith(magic):
            return Unsupported(
                f"binary file ({what}), not a document: put scanned pages in a PDF (OCR reads scanned PDFs)"
            )
    body = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START_RE.match(body):
        return "html"
    if name.lower().endswith((".html", ".htm", ".shtml", ".xhtml")) and _HTML_TAG_RE.search(body):
        return "html"
    return "text"


def _sniff_zip(data: bytes) -> Format | Unsupported:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        return Unsupported(f"damaged ZIP container ({err}), not a readable document")
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(n.lower().endswith("/ofd.xml") for n in names):
        return Unsupported("OFD document (GB/T 33190), not supported: export it to PDF")
    if "content.xml" in names:
        return Unsupported("OpenDocument file (.odt/.wps), not supported: save it as .docx or PDF")
    if "xl/workbook.xml" in names:
        return Unsupported("Excel workbook (.xlsx), not a document: save it as PDF")
    if "ppt/presentation.xml" in names:
        return Unsupported("PowerPoint file (.pptx), not supported: save it as PDF")
    return Unsupported("ZIP archive, not a document: unpack it and build its files")
