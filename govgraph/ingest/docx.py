"""Word (``.docx``) files as text: the body's paragraphs and tables in document order.

A Word attachment carries no page layout to undo: each paragraph becomes one line, each table
row one line of tab-separated cells (a merged cell once; a cell's paragraphs joined by a
space), which is what layout parsing reads from any format.  Page headers and footers live in
their own parts of the package and are never read; neither are comments, footnotes or text
boxes.  Read with python-docx (the maintained reader of the format).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from govgraph.errors import InputError
from govgraph.ingest.decode import SourceText

log = logging.getLogger(__name__)

_SPACE_RE = re.compile(r"[ \t\u00a0]+")


def read_docx(data: bytes, name: str) -> SourceText:
    """The text of a Word file; raises :class:`InputError` for a damaged or encrypted one."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, XMLSyntaxError) as err:
        raise InputError(name, f"damaged Word file ({type(err).__name__}: {err})") from None
    lines = list(_body_lines(document.element.body))
    if not lines:
        raise InputError(name, "Word file without text")
    return SourceText("\n".join(lines) + "\n", "docx", whole_paragraphs=True)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _body_lines(body: Any) -> Iterator[str]:
    p, tbl, sdt = _qn("w:p"), _qn("w:tbl"), _qn("w:sdt")
    content = _qn("w:sdtContent")
    for child in body.iterchildren():
        if child.tag == p:
            for line in _paragraph_text(child).split("\n"):
                line = line.strip()
                if line:
                    yield line
        elif child.tag == tbl:
            yield from _table_rows(child)
        elif child.tag == sdt:  # a content control wraps paragraphs and tables
            for inner in child.iterchildren(content):
                yield from _body_lines(inner)


def _paragraph_text(p: Any) -> str:
    """A paragraph's visible text: runs, hyperlinks and inserted text; a line break as ``\\n``;
    a tab (used to align, never a cell) as a space."""
    t, tab, br, cr = _qn("w:t"), _qn("w:tab"), _qn("w:br"), _qn("w:cr")
    deleted = _qn("w:del")
    out: list[str] = []
    for el in p.iter(t, tab, br, cr):
        if any(a.tag == deleted for a in el.iterancestors(deleted)):
            continue
        if el.tag == t:
            out.append(el.text or "")
        elif el.tag == tab:
            out.append(" ")
        else:
            out.append("\n")
    return _SPACE_RE.sub(" ", "".join(out))


def _table_rows(tbl: Any) -> Iterator[str]:
    tr, tc, p = _qn("w:tr"), _qn("w:tc"), _qn("w:p")
    for row in tbl.iterchildren(tr):
        cells = []
        for cell in row.iterchildren(tc):
            # Paragraphs of the cell and of any table nested in it, in order.
            parts = [_paragraph_text(q).replace("\n", " ").strip() for q in cell.iter(p)]
            cells.append(" ".join(x for x in parts if x))
        if any(cells):
            yield "\t".join(cells)
