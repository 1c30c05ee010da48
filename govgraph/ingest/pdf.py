"""PDF gazettes as text, in reading order, by the positions of the printed characters.

A gazette PDF sets its text in two (sometimes three) columns with a running head and a page
number on every page, and a paragraph runs on across columns and pages.  The library's own
text order follows the content stream, which may interleave the columns line by line; so
this reader places every character itself:

1. **Characters** come from PDFium (pypdfium2): the text, and each character's origin and
   font size.  A CJK font that the PDF does not embed (the common ``STSong-Light``) makes
   PDFium load glyph outlines from a system font for every character (5 µs each, most of the
   cost of reading); positions need only the advance widths stored in the PDF and a box per
   character, so the reader substitutes a font of boxes while it reads
   (:func:`_text_only_fonts`).
2. **Columns**: the gutter is found on each page from the characters' x-positions: a
   vertical strip, away from the text's edges, that no line crosses (a title or a table
   across the columns may), with text on both sides.  Nothing assumes a number of columns or
   a ratio; a strip found in one column is searched again for a third column.
3. **Reading order**: lines across the gutter (a headline, a wide table) cut the page into
   bands; a band is read column after column, top to bottom.
4. **Furniture**: the top- and bottom-most lines of a page that recur on other pages (digits
   aside: running heads, odd and even) or look like page numbers (``— 7 —``, ``第7页``) are
   dropped.
5. **Paragraphs**: a line that reaches its column's right edge goes on in the next line when
   that one is not indented, in the same column, the next column or the next page; any other
   line ends its paragraph.
6. **Tables** ruled with lines are read as rows of cells (the rules give the cells), one row
   per line with tab-separated cells, like every other format.

A page without any text is a scanned page: it is recognised by OCR when the ``ocr`` extra is
installed (:mod:`govgraph.ingest.ocr`), else the file gets one line saying so.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import math
import re
import threading
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from govgraph.errors import InputError
from govgraph.ingest.decode import PageMap, SourceText

log = logging.getLogger(__name__)

# A page with fewer visible characters than this has no (usable) text layer: a scan, or fonts
# whose characters do not map to Unicode.
_MIN_PAGE_CHARS = 10
_PAGE_NUMBER_RE = re.compile(
    r"^[\s\-—–－·•.。()（）]*(?:第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?"
    r"|[ivxlcIVXLC]{1,6})[\s\-—–－·•.。()（）]*$"
)
_CJK_RE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_NUMBERED_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十百]+[章条节]|附件\s*\d*\s*$)"
)


# ---------------------------------------------------------------------------------------------
# PDFium with box glyphs for the CJK fonts a PDF does not embed

_FONT_LOCK = threading.RLock()
#: The ctypes structure and callbacks handed to PDFium (kept alive for the process).
_BOX_FONTS: list[Any] = []
#: Character sets of CJK fonts (GB2312, Big5, Shift-JIS, Hangul): the box font stands in.
_CJK_CHARSETS = frozenset((128, 129, 134, 136))


def _box_font_info() -> Any:
    """An ``FPDF_SYSFONTINFO`` mapping any CJK font request to ``data/fonts/box.ttf``."""
    if _BOX_FONTS:
        return _BOX_FONTS[0]
    import pypdfium2.raw as pdfium_c

    from govgraph.resources import data_path

    font = data_path("fonts", "box.ttf").read_bytes()
    name = b"GovgraphBox\0"
    types = dict(pdfium_c.FPDF_SYSFONTINFO._fields_)

    def map_font(this: Any, weight: int, italic: int, charset: int, pitch: int, face: Any, exact: Any) -> int:
        return 1 if charset in _CJK_CHARSETS else 0

    def get_font(this: Any, face: Any) -> int:
        return 0

    def get_font_data(this: Any, handle: Any, table: int, buffer: Any, size: int) -> int:
        if table != 0:
            return 0
        if buffer and size >= len(font):
            ctypes.memmove(buffer, font, len(font))
        return len(font)

    def get_face_name(this: Any, handle: Any, buffer: Any, size: int) -> int:
        if buffer and size >= len(name):
            ctypes.memmove(buffer, name, len(name))
        return len(name)

    def get_charset(this: Any, handle: Any) -> int:
        return 134

    def delete_font(this: Any, handle: Any) -> None:
        return None

    info = pdfium_c.FPDF_SYSFONTINFO()
    info.version = 1  # Release stays NULL: PDFium never frees this structure
    callbacks = {
        "MapFont": map_font,
        "GetFont": get_font,
        "GetFontData": get_font_data,
        "GetFaceName": get_face_name,
        "GetFontCharset": get_charset,
        "DeleteFont": delete_font,
    }
    keep = []
    for field_name, fn in callbacks.items():
        c_fn = types[field_name](fn)
        keep.append(c_fn)
        setattr(info, field_name, c_fn)
    _BOX_FONTS.extend([info, keep])
    return info


@contextmanager
def _text_only_fonts() -> Iterator[None]:
    """PDFium with box glyphs for non-embedded CJK fonts while a PDF is read; the platform's
    fonts are restored after.

    Reading text needs each character's position and box, never its outline; but for a CJK
    font the PDF does not embed, PDFium substitutes a system font (Noto CJK) and loads the
    outline of every character to compute its box: 10 ms of a 13 ms page.  The box font
    (``data/fonts/box.ttf``) answers at once.  Fonts are cached per document: a document
    opened here keeps the boxes (never render it).
    """
    import pypdfium2.raw as pdfium_c

    with _FONT_LOCK:
        pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(_box_font_info()))
        try:
            yield
        finally:
            # A new default each time: PDFium releases the one it is given when replaced.
            pdfium_c.FPDF_SetSystemFontInfo(pdfium_c.FPDF_GetDefaultSystemFontInfo())


# ---------------------------------------------------------------------------------------------
# Page content


@dataclass(slots=True)
class _Line:
    """Characters printed on one baseline of one column (or across the columns)."""

    y: float  # baseline
    size: float
    xs: list[float]
    chars: list[str]
    column: int = 0  # 0-based column; -1 across the gutter
    #: Positions estimated from word boxes (OCR): a gap between Chinese characters is no space.
    estimated: bool = False

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1] + _advance(self.chars[-1], self.size)

    @property
    def text(self) -> str:
        return _join_chars(self.chars, self.xs, self.size, self.estimated)


@dataclass(slots=True)
class _Table:
    top: float
    bottom: float
    left: float
    right: float
    rows: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Page:
    number: int  # 1-based
    height: float
    lines: list[_Line]
    tables: list[_Table]
    chars: int


def _advance(ch: str, size: float) -> float:
    """The advance of a character, estimated: full width for wide characters, half for others
    (only a line's last character needs it: the others are placed by the next one)."""
    return size * _width_factor(ch)


@cache
def _width_factor(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5


def _letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _join_chars(chars: list[str], xs: list[float], size: float, estimated: bool = False) -> str:
    """The characters as text: a gap wider than two characters inside a line is a tab (cells
    of an unruled table, a name and a post set apart), a smaller one a space.  With estimated
    positions (OCR word boxes) only Latin words are set apart by a space, and a tab needs a
    wider gap."""
    out: list[str] = []
    prev_end = None
    prev = ""
    tab = 5.0 * size if estimated else 2.0 * size
    for ch, x in zip(chars, xs, strict=True):
        if prev_end is not None:
            gap = x - prev_end
            if gap > tab:
                out.append("\t")
            elif (
                gap > 0.6 * size
                and out
                and out[-1] != " "
                and ch != " "
                and not (estimated and not (_letter(prev) and _letter(ch)))
            ):
                out.append(" ")
        out.append(ch)
        prev = ch
        prev_end = x + _advance(ch, size)
    return "".join(out).strip(" ")


def _read_page(page: Any, number: int, objects: _Objects) -> _Page:
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range(0, n) if n else ""
        raw_tp = textpage.raw
        if len(text) != n:  # (surrogate pairs) read character by character
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw_tp, i)) for i in range(n))
        x = ctypes.c_double()
        y = ctypes.c_double()
        origin = pdfium_c.FPDFText_GetCharOrigin
        font_size = pdfium_c.FPDFText_GetFontSize
        lines: list[_Line] = []
        cur: _Line | None = None
        visible = 0
        for i, ch in enumerate(text):
            if ch in "\r\n\x02\ufffe" or ch == "\x00":
                cur = None
                continue
            origin(raw_tp, i, x, y)
            cx, cy = x.value, y.value
            if ch.isspace():
                if cur is not None and ch == " ":
                    cur.chars.append(" ")
                    cur.xs.append(cur.xs[-1] + _advance(cur.chars[-2], cur.size))
                continue
            visible += 1
            if cur is None or abs(cy - cur.y) > 0.4 * cur.size or cx < cur.xs[-1] - 0.5 * cur.size:
                cur = _Line(cy, font_size(raw_tp, i) or 10.0, [cx], [ch])
                lines.append(cur)
            else:
                cur.xs.append(cx)
                cur.chars.append(ch)
        for ln in lines:  # trailing spaces
            while ln.chars and ln.chars[-1] == " ":
                ln.chars.pop()
                ln.xs.pop()
        lines = [ln for ln in lines if ln.chars]
    finally:
        textpage.close()
    tables = _tables(objects, lines) if lines else []
    # Fonts without a Unicode map give private-use or replacement characters: no usable text.
    unmapped = sum(1 for ch in text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    if visible and unmapped > visible / 2:
        visible = 0
    return _Page(number, height, lines, tables, visible)


# -- ruled tables ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Objects:
    """What the page's objects tell: ruled lines, and whether PDFium's text omits characters."""

    horizontal: list[tuple[float, float, float]] = field(default_factory=list)  # (y, x0, x1)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)  # (x, y0, y1)
    empty_text: bool = False


def _scan_objects(page: Any) -> _Objects:
    """Rules drawn on the page (horizontal and vertical strokes, cell rectangles), and whether
    a text object has no width.

    A character whose glyph has an empty box (a font the box font does not stand in for) makes
    a one-character text object without width, which PDFium's text leaves out: such a page is
    read again with the system fonts (:func:`read_pdf`).
    """
    import pypdfium2.raw as pdfium_c

    found = _Objects()
    path, text = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_TEXT
    for obj in page.get_objects(filter=(path, text), max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if obj.type == text:
            if w < 0.01:
                found.empty_text = True
            continue
        if h <= 3 and w > 6:
            found.horizontal.append(((top + bottom) / 2, left, right))
        elif w <= 3 and h > 6:
            found.vertical.append(((left + right) / 2, bottom, top))
        elif w > 6 and h > 6 and pdfium_c.FPDFPath_CountSegments(obj.raw) <= 6:
            # A cell drawn as a rectangle: its four edges.
            found.horizontal += [(bottom, left, right), (top, left, right)]
            found.vertical += [(left, bottom, top), (right, bottom, top)]
    return found


def _tables(objects: _Objects, lines: list[_Line]) -> list[_Table]:
    """Tables ruled on the page, their cells read from the rules; the lines inside a table are
    taken out of ``lines``."""
    horizontal, vertical = objects.horizontal, objects.vertical
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    tables: list[_Table] = []
    # A table: vertical rules that overlap in height, with the horizontal rules between them.
    vertical.sort(key=lambda v: (-v[2], v[0]))
    groups: list[list[tuple[float, float, float]]] = []
    for v in vertical:
        for g in groups:
            top = max(t for _, _, t in g)
            bottom = min(b for _, b, _ in g)
            if v[1] <= top + 2 and v[2] >= bottom - 2:
                g.append(v)
                break
        else:
            groups.append([v])
    for g in groups:
        xs = sorted({round(x, 1) for x, _, _ in g})
        if len(xs) < 2:
            continue
        top = max(t for _, _, t in g)
        bottom = min(b for _, b, _ in g)
        left, right = xs[0], xs[-1]
        across = {
            round(y, 1)
            for y, x0, x1 in horizontal
            if bottom - 2 <= y <= top + 2 and x0 <= left + 3 and x1 >= right - 3
        }
        ys = sorted(across, reverse=True)
        ys = [y for k, y in enumerate(ys) if k == 0 or ys[k - 1] - y > 2]
        if len(ys) < 2:
            continue
        table = _Table(ys[0], ys[-1], left, right)
        inside = [ln for ln in lines if ys[-1] - 1 <= ln.y <= ys[0] + 1 and left - 2 <= ln.x0 <= right]
        for band_top, band_bottom in itertools.pairwise(ys):
            mid = (band_top + band_bottom) / 2
            edges = sorted({round(x, 1) for x, b, t in g if b - 1 <= mid <= t + 1})
            if len(edges) < 2:
                continue
            cells: list[list[tuple[float, float, str, float]]] = [[] for _ in range(len(edges) - 1)]
            for ln in inside:
                if not band_bottom <= ln.y <= band_top:
                    continue
                # Split the line at the cell edges (text of adjacent cells may share a line).
                for ch, cx in zip(ln.chars, ln.xs, strict=True):
                    k = _cell_index(edges, cx + _advance(ch, ln.size) / 2)
                    if k is not None:
                        cells[k].append((-ln.y, cx, ch, ln.size))
            row = [_cell_text(c, edges[k + 1]) for k, c in enumerate(cells)]
            if any(row):
                table.rows.append("\t".join(row))
        for ln in inside:
            lines.remove(ln)
        tables.append(table)
    return tables


def _cell_index(edges: list[float], x: float) -> int | None:
    for k in range(len(edges) - 1):
        if edges[k] <= x < edges[k + 1]:
            return k
    return None


def _cell_text(chars: list[tuple[float, float, str, float]], right: float) -> str:
    """A cell's characters line by line.  A line that fills the cell goes on in the next one
    without a space; one that stops short ended where the text had a space or a break."""
    chars.sort()
    lines: list[list[tuple[float, float, str, float]]] = []
    for c in chars:
        if lines and abs(c[0] - lines[-1][0][0]) <= 2:
            lines[-1].append(c)
        else:
            lines.append([c])
    out = ""
    for k, line in enumerate(lines):
        text = "".join(ch for _, _, ch, _ in line).strip()
        if out and text:
            _, x, ch, size = lines[k - 1][-1]
            short = right - (x + _advance(ch, size)) > 2.5 * size
            out += " " if short or (_latin(out[-1]) and _latin(text[0])) else ""
        out += text
    return out.strip()


# -- columns -----------------------------------------------------------------------------------


_Run = tuple[float, float]  # x-extent of characters printed close together on one baseline


def _runs(lines: list[_Line]) -> list[_Run]:
    """The lines cut where characters are more than two characters apart: the pieces of one
    baseline in different columns, the cells of an unruled table."""
    runs: list[_Run] = []
    for ln in lines:
        a = ln.xs[0]
        prev_end = a
        for ch, cx in zip(ln.chars, ln.xs, strict=True):
            if cx - prev_end > 2 * ln.size:
                runs.append((a, prev_end))
                a = cx
            prev_end = cx + _advance(ch, ln.size)
        runs.append((a, prev_end))
    return runs


def _gutters(runs: list[_Run], lo: float, hi: float, size: float, depth: int = 0) -> list[float]:
    """x-positions of the gutters between columns within [lo, hi]: the widest strip in the
    middle of the text that at most a few runs of characters cross, with runs on both sides;
    each side is searched again (three columns)."""
    if depth > 2 or len(runs) < 4 or hi - lo < 8 * size:
        return []
    step = max(size / 8, 0.5)
    nbins = int((hi - lo) / step) + 1
    crossing = [0] * nbins
    for a, b in runs:
        _cover(crossing, a, b, lo, step)
    allowed = 1 + len(runs) // 20
    first, last = int(nbins * 0.2), int(nbins * 0.8)
    best: tuple[int, int] | None = None
    run_start = None
    for b in range(first, last + 1):
        free = b < nbins and crossing[b] <= allowed
        if free and run_start is None:
            run_start = b
        if (not free or b == last) and run_start is not None:
            end = b if not free else b + 1
            if best is None or end - run_start > best[1] - best[0]:
                best = (run_start, end)
            run_start = None
    if best is None or (best[1] - best[0]) * step < 0.6 * size:
        return []
    # The strip is bounded by the right column's aligned starts and the left column's line
    # ends (ragged when the left column holds short lines): the gutter lies between the
    # longest left run and the first right one.
    free_lo, free_hi = lo + best[0] * step, lo + best[1] * step
    left = [r for r in runs if r[1] <= free_hi and r[0] < free_lo]
    right = [r for r in runs if r[0] >= free_lo and r[1] > free_hi]
    if len(left) < 2 or len(right) < 2:
        return []
    gutter = (max(b for _, b in left) + min(a for a, _ in right)) / 2
    gutter = min(max(gutter, free_lo), free_hi)
    return [
        *_gutters(left, lo, gutter, size, depth + 1),
        gutter,
        *_gutters(right, gutter, hi, size, depth + 1),
    ]


def _cover(crossing: list[int], a: float, b: float, lo: float, step: float) -> None:
    """Count a line in the bins whose centre lies in [a, b)."""
    i0 = max(math.ceil((a - lo) / step - 0.5), 0)
    i1 = min(math.floor((b - lo) / step - 0.5), len(crossing) - 1)
    for i in range(i0, i1 + 1):
        crossing[i] += 1


def _split_at(ln: _Line, gutters: list[float]) -> list[_Line]:
    """A line as printed in each column: the characters left and right of each gutter; a line
    whose characters run across a gutter without a gap stays whole (column -1)."""
    parts: list[_Line] = []
    cur: _Line | None = None
    for ch, cx in zip(ln.chars, ln.xs, strict=True):
        col = sum(1 for g in gutters if cx >= g)
        if cur is None or col != cur.column:
            if cur is not None and cx - cur.x1 < 0.3 * ln.size:
                # No gap at the gutter: one line printed across the columns.
                return [_Line(ln.y, ln.size, ln.xs, ln.chars, -1, estimated=ln.estimated)]
            cur = _Line(ln.y, ln.size, [], [], col, estimated=ln.estimated)
            parts.append(cur)
        cur.xs.append(cx)
        cur.chars.append(ch)
    for p in parts:
        while p.chars and p.chars[0] == " ":
            p.chars.pop(0)
            p.xs.pop(0)
    parts = [p for p in parts if p.chars]
    for p in parts:
        if any(p.x0 < g < p.x1 for g in gutters):
            p.column = -1
    return parts


def _reading_order(page: _Page) -> list[_Line | _Table]:
    """Lines and tables of a page in reading order: bands cut by what spans the gutter, each
    band read column by column, top to bottom."""
    lines = page.lines
    if not lines:
        return list(page.tables)
    size = Counter(round(ln.size, 1) for ln in lines).most_common(1)[0][0]
    lo = min(ln.x0 for ln in lines)
    hi = max(ln.x1 for ln in lines)
    gutters = _gutters(_runs(lines), lo, hi, size)
    placed: list[_Line] = []
    for ln in lines:
        placed.extend(_split_at(ln, gutters) if gutters else [ln])
    items: list[_Line | _Table] = [*placed, *page.tables]

    def top(item: _Line | _Table) -> float:
        return item.top if isinstance(item, _Table) else item.y

    def spans(item: _Line | _Table) -> bool:
        if isinstance(item, _Table):
            return any(item.left < g < item.right for g in gutters)
        return item.column < 0

    items.sort(key=lambda it: -top(it))
    out: list[_Line | _Table] = []
    band: list[_Line | _Table] = []

    def flush() -> None:
        band.sort(key=lambda it: (_column_of(it, gutters), -top(it), _left(it)))
        out.extend(band)
        band.clear()

    for it in items:
        if spans(it):
            flush()
            out.append(it)
        else:
            band.append(it)
    flush()
    return out


def _left(item: _Line | _Table) -> float:
    return item.left if isinstance(item, _Table) else item.x0


def _column_of(item: _Line | _Table, gutters: list[float]) -> int:
    if isinstance(item, _Table):
        return sum(1 for g in gutters if item.left >= g)
    return item.column


# -- furniture ---------------------------------------------------------------------------------


def _furniture(pages: list[_Page]) -> set[tuple[int, int]]:
    """(page, id(line)) of running heads and page numbers.

    Candidates are the lines above the page's text or below it: the top- and bottom-most
    baselines (two at most at each end), set apart from the text by more than a line's space.
    A candidate is furniture when it looks like a page number or when its text (digits aside)
    is a candidate on another page too (running heads alternate between odd and even pages).
    """
    candidates: list[tuple[_Page, _Line]] = []
    for page in pages:
        baselines = sorted({round(ln.y, 1) for ln in page.lines}, reverse=True)
        if not baselines:
            continue
        if len(baselines) < 6:
            # Too few lines to tell a line's space: the top- and bottom-most lines.
            ends = {baselines[0], baselines[-1]}
            candidates += [(page, ln) for ln in page.lines if round(ln.y, 1) in ends and len(ln.chars) <= 60]
            continue
        gaps = [a - b for a, b in itertools.pairwise(baselines)]
        pitch = sorted(gaps)[len(gaps) // 2]
        apart: set[float] = set()
        for k in (0, 1):  # from the top
            if k < len(gaps) and gaps[k] > 1.4 * pitch and all(gaps[j] > 1.4 * pitch for j in range(k)):
                apart.update(baselines[: k + 1])
        for k in (1, 2):  # from the bottom
            if k <= len(gaps) and gaps[-k] > 1.4 * pitch and all(gaps[-j] > 1.4 * pitch for j in range(1, k)):
                apart.update(baselines[-k:])
        candidates += [(page, ln) for ln in page.lines if round(ln.y, 1) in apart and len(ln.chars) <= 60]
    key_pages: dict[str, set[int]] = {}
    for page, ln in candidates:
        key_pages.setdefault(_furniture_key(ln.text), set()).add(page.number)
    body_size = {page.number: _body_size(page.lines) for page in pages if page.lines}
    alone = len(body_size) == 1  # one page of text: nothing can recur
    out: set[tuple[int, int]] = set()
    for page, ln in candidates:
        text = ln.text
        if (
            _PAGE_NUMBER_RE.match(text)
            or len(key_pages[_furniture_key(text)]) >= 2
            # A head or foot set smaller than the text (on the one page of text of a PDF).
            or (alone and ln.size < 0.95 * body_size[page.number])
        ):
            out.add((page.number, id(ln)))
    return out


def _body_size(lines: list[_Line]) -> float:
    """The font size most characters of the page are set in."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size, 1)] += len(ln.chars)
    return sizes.most_common(1)[0][0]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


# ---------------------------------------------------------------------------------------------
# Paragraphs


@dataclass(slots=True)
class _Printed:
    """A printed line in reading order, with what decides whether its paragraph goes on."""

    text: str
    page: int
    line: int  # on the page, 1-based, reading order
    x0: float
    x1: float
    size: float
    left: float  # its column's left and right edges on that page
    right: float
    y: float
    column: int
    table: bool = False


def _column_edges(items: list[_Line | _Table]) -> dict[int, tuple[float, float]]:
    """Left and right edge of each column of a page: where its lines start (the leftmost), and
    the right end of its full lines (the 90th percentile: a hanging mark does not count)."""
    edges: dict[int, tuple[float, float]] = {}
    by_col: dict[int, list[_Line]] = {}
    for it in items:
        if isinstance(it, _Line):
            by_col.setdefault(it.column, []).append(it)
    for col, lines in by_col.items():
        ends = sorted(ln.x1 for ln in lines)
        right = ends[int(len(ends) * 0.9)] if len(ends) >= 3 else ends[-1]
        edges[col] = (min(ln.x0 for ln in lines), right)
    return edges


def _printed_lines(pages: list[_Page]) -> Iterator[_Printed]:
    furniture = _furniture(pages)
    for page in pages:
        page.lines = [ln for ln in page.lines if (page.number, id(ln)) not in furniture]
        items = _reading_order(page)
        edges = _column_edges(items)
        number = 0
        for it in items:
            if isinstance(it, _Table):
                for row in it.rows:
                    number += 1
                    edges = (it.left, it.right, 0, it.left, it.right, it.top, 0)
                    yield _Printed(row, page.number, number, *edges, table=True)
                continue
            number += 1
            left, right = edges.get(it.column, (it.x0, it.x1))
            yield _Printed(it.text, page.number, number, it.x0, it.x1, it.size, left, right, it.y, it.column)


def _continues(a: _Printed, b: _Printed, pitch: float) -> bool:
    """Whether the paragraph of printed line ``a`` goes on in ``b``, the next in reading order."""
    if a.table or b.table or "\t" in a.text or "\t" in b.text:
        return False
    size = a.size or 10.0
    if abs(b.size - a.size) > 0.15 * size:
        return False  # a headline, a caption
    if a.x1 < a.right - 1.2 * size:
        return False  # the line stops short of its column's edge: the paragraph ends
    if b.x0 > b.left + 0.8 * size:
        return False  # the next line is indented (a first line) or centred
    if _NUMBERED_RE.match(b.text):
        return False
    same_column = a.page == b.page and a.column == b.column and b.y < a.y
    # A blank line's worth of space between two lines of a column separates paragraphs.
    return not (same_column and a.y - b.y > 1.7 * pitch)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _paragraphs(printed: list[_Printed]) -> tuple[list[str], list[list[_Printed]]]:
    pitches = Counter(
        round(a.y - b.y)
        for a, b in itertools.pairwise(printed)
        if a.page == b.page and a.column == b.column and 0 < a.y - b.y < 4 * (a.size or 10)
    )
    pitch = float(pitches.most_common(1)[0][0]) if pitches else 18.0
    texts: list[str] = []
    groups: list[list[_Printed]] = []
    for p in printed:
        if groups and _continues(groups[-1][-1], p, pitch):
            prev = texts[-1]
            sep = " " if _latin(prev[-1:]) and _latin(p.text[:1]) else ""
            texts[-1] = prev + sep + p.text
            groups[-1].append(p)
        else:
            texts.append(p.text)
            groups.append([p])
    return texts, groups


# ---------------------------------------------------------------------------------------------
# Reading a PDF


def read_pdf(data: bytes, name: str) -> SourceText:
    """The text of a PDF in reading order, with the page and line of every printed line."""
    pages: dict[int, _Page] = {}
    again: list[int] = []
    with _text_only_fonts():
        document = _open(data, name)
        try:
            for i in range(len(document)):
                page = document[i]
                try:
                    objects = _scan_objects(page)
                    if objects.empty_text:
                        again.append(i)
                    else:
                        pages[i] = _read_page(page, i + 1, objects)
                finally:
                    page.close()
        finally:
            document.close()
    if again:
        # Pages where PDFium dropped characters of empty glyph boxes: read with system fonts.
        document = _open(data, name)
        try:
            for i in again:
                page = document[i]
                try:
                    pages[i] = _read_page(page, i + 1, _scan_objects(page))
                finally:
                    page.close()
        finally:
            document.close()
    pages = [pages[i] for i in sorted(pages)]
    if not pages:
        raise InputError(name, "PDF without pages")
    scanned = [p.number for p in pages if p.chars < _MIN_PAGE_CHARS]
    warnings: list[str] = []
    encoding = "pdf"
    if scanned:
        from govgraph.ingest import ocr

        if len(scanned) == len(pages) or ocr.available():
            recognised = ocr.recognise_pages(data, name, scanned)  # raises when OCR is missing
            by_number = {p.number: p for p in recognised}
            pages = [by_number.get(p.number, p) for p in pages]
            encoding = "pdf+ocr"
        else:
            warnings.append(
                f"{name}: {len(scanned)} page(s) without a text layer skipped ({ocr.HOW_TO_ENABLE})"
            )
    return _source(pages, encoding, warnings)


def _open(data: bytes, name: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise InputError(name, _open_error(err)) from None


def _open_error(err: Exception) -> str:
    import pypdfium2.raw as pdfium_c

    code = getattr(err, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "encrypted PDF (a password is needed to open it): save an unprotected copy"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "PDF with an unsupported security handler"
    return f"damaged PDF, cannot be opened ({err})"


def _source(pages: list[_Page], encoding: str, warnings: list[str]) -> SourceText:
    printed = list(_printed_lines(pages))
    texts, groups = _paragraphs(printed)
    starts = array("q")
    page_numbers = array("i")
    page_lines = array("i")
    out: list[str] = []
    offset = 0
    for text, group in zip(texts, groups, strict=True):
        # Where each printed line of the paragraph starts in its text.
        pos = 0
        for p in group:
            k = text.find(p.text, pos) if p.text else -1
            at = k if k >= 0 else pos
            starts.append(offset + at)
            page_numbers.append(p.page)
            page_lines.append(p.line)
            pos = at + len(p.text)
        out.append(text)
        offset += len(text) + 1
    return SourceText(
        "\n".join(out) + "\n",
        encoding,
        pages=PageMap(starts, page_numbers, page_lines),
        warnings=warnings,
        whole_paragraphs=True,
    )
