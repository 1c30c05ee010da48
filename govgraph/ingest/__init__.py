"""Ingestion: any input file → a :class:`Gazette` (clean text, an offset map back to the
original, provenance and sections), the one contract every extractor reads.

- :mod:`govgraph.ingest.decode`  which files are inputs, their bytes and encoding, and any
  format read as text (:func:`read_source`; formats told by :mod:`govgraph.ingest.detect`,
  read by :mod:`~govgraph.ingest.pdf`, :mod:`~govgraph.ingest.html`, :mod:`~govgraph.ingest.docx`);
- :mod:`govgraph.ingest.layout`  the printed layout undone (furniture, columns, joins) and the
  text cut into documents and sections.
"""

from __future__ import annotations

from govgraph.ingest.decode import (
    MAX_BYTES,
    PageMap,
    SourceText,
    decode_gazette,
    gazette_files,
    read_gazette_text,
    read_source,
)
from govgraph.ingest.layout import Gazette, Paragraph, Section, load_gazette, parse_gazette

__all__ = [
    "MAX_BYTES",
    "Gazette",
    "PageMap",
    "Paragraph",
    "Section",
    "SourceText",
    "decode_gazette",
    "gazette_files",
    "load_gazette",
    "parse_gazette",
    "read_gazette_text",
    "read_source",
]
