"""Scanned PDF pages (no text layer) read by OCR: Tesseract's simplified-Chinese model.

An optional extra: ``pip install 'govgraph[ocr]'`` (pytesseract, Pillow) and the Tesseract
engine with its ``chi_sim`` model (Debian: ``apt-get install tesseract-ocr
tesseract-ocr-chi-sim``).  Without them a scanned PDF gets one line saying so.

Each scanned page is rendered by PDFium at :data:`DPI` and recognised with word boxes; the
words become printed lines with their positions, which the PDF reader then treats exactly as
a text layer (columns by position, furniture, paragraphs), so a scan and a born-digital PDF
of the same gazette go through the same reading order.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING, Any

from govgraph.errors import InputError

if TYPE_CHECKING:
    from govgraph.ingest.pdf import _Page

log = logging.getLogger(__name__)

LANGUAGE = "chi_sim"
#: Rendering resolution: Tesseract reads 10.5 pt Chinese reliably from 300 dpi.
DPI = 300
HOW_TO_ENABLE = (
    "to read scans install the OCR extra: pip install 'govgraph[ocr]' and "
    "apt-get install tesseract-ocr tesseract-ocr-chi-sim"
)


@cache
def available() -> bool:
    """pytesseract is installed and Tesseract has the simplified-Chinese model."""
    try:
        import pytesseract
    except ImportError:
        return False
    try:
        return LANGUAGE in pytesseract.get_languages(config="")
    except (OSError, RuntimeError, pytesseract.TesseractNotFoundError):
        return False


def recognise_pages(data: bytes, name: str, numbers: list[int]) -> list[_Page]:
    """The given pages (1-based) of a PDF, rendered and recognised, as printed lines."""
    if not available():
        raise InputError(
            name, f"PDF has no text layer (a scan, or fonts without a Unicode map): {HOW_TO_ENABLE}"
        )
    import pypdfium2 as pdfium

    # A document of its own, opened with the system's fonts (a scan may carry some text).
    document = pdfium.PdfDocument(data)
    pages = []
    try:
        for number in numbers:
            page = document[number - 1]
            try:
                pages.append(_recognise(page, number))
            finally:
                page.close()
    finally:
        document.close()
    log.info("%s: %d page(s) read by OCR", name, len(pages))
    return pages


def _recognise(page: Any, number: int) -> _Page:
    import pytesseract

    from govgraph.ingest.pdf import _Line, _Page

    scale = DPI / 72
    height = page.get_height()
    image = page.render(scale=scale, grayscale=True).to_pil()
    words = pytesseract.image_to_data(
        image, lang=LANGUAGE, config="--psm 3", output_type=pytesseract.Output.DICT
    )
    # Words of a line, each with its box; Tesseract boxes words, not characters.
    found: dict[tuple[int, int, int], list[tuple[float, float, float, float, str]]] = {}
    for k, text in enumerate(words["text"]):
        text = "".join(text.split())
        if not text or float(words["conf"][k]) < 0:
            continue
        key = (words["block_num"][k], words["par_num"][k], words["line_num"][k])
        box = tuple(words[f][k] / scale for f in ("left", "top", "width", "height"))
        found.setdefault(key, []).append((*box, text))
    out = []
    for line_words in found.values():
        line_words.sort()
        bottoms = sorted(top + h for _, top, _, h, _ in line_words)
        ln = _Line(height - bottoms[len(bottoms) // 2], 0.0, [], [], estimated=True)
        for left, _, width, _, text in line_words:
            step = width / len(text)
            ln.chars.extend(text)
            ln.xs.extend(left + i * step for i in range(len(text)))
        out.append(ln)
    # One size for the page's lines: the median character pitch of its words (a word's box
    # gives it only roughly, and paragraphs are told by equal sizes).
    pitches = sorted(w / len(t) for words_ in found.values() for _, _, w, _, t in words_ if w > 0)
    size = pitches[len(pitches) // 2] if pitches else 10.0
    for ln in out:
        ln.size = size
    visible = sum(len(ln.chars) for ln in out)
    return _Page(number, height, out, [], visible)
