"""The small error hierarchy of govgraph; messages name the file and the reason."""

from __future__ import annotations


class GovGraphError(Exception):
    """Base class of govgraph's own errors."""


class InputError(GovGraphError):
    """A gazette file cannot be read: empty, binary, unknown encoding, truncated, too large."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ExtractionError(GovGraphError):
    """An extractor failed on a document."""


class ExportError(GovGraphError):
    """An output could not be written."""


class QueryError(GovGraphError):
    """A SPARQL query or a named query failed."""
