"""Ingestion: any input file → a :class:`Gazette` (clean text, an offset map back to the
original, provenance and sections), the one contract every extractor reads.

- :mod:`govgraph.ingest.decode`  which files are inputs, their bytes and encoding;
- :mod:`govgraph.ingest.layout`  the printed layout undone (furniture, columns, joins) and the
  text cut into documents and sections.
"""

from __future__ import annotations

from govgraph.ingest.decode import MAX_BYTES, decode_gazette, gazette_files, read_gazette_text
from govgraph.ingest.layout import Gazette, Paragraph, Section, load_gazette, parse_gazette

__all__ = [
    "MAX_BYTES",
    "Gazette",
    "Paragraph",
    "Section",
    "decode_gazette",
    "gazette_files",
    "load_gazette",
    "parse_gazette",
    "read_gazette_text",
]
