"""Extractors: a cleaned :class:`~govgraph.ingest.Gazette` → typed records.

Each extractor is a pure function ``extract_<kind>(gazette) -> list[record]``; this module
runs them all on one gazette and collects an :class:`~govgraph.records.Extraction`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govgraph.extract.documents import extract_documents
from govgraph.ingest import Gazette, load_gazette
from govgraph.records import Extraction

log = logging.getLogger(__name__)

Extractor = Callable[[Gazette, Extraction], None]


def _documents(gz: Gazette, ex: Extraction) -> None:
    ex.documents = extract_documents(gz)


def _optional(module: str, attr: str, target: str) -> Extractor | None:
    """Extractors written by other modules of the package, wired in when present."""
    import importlib

    try:
        mod = importlib.import_module(f"govgraph.extract.{module}")
    except ModuleNotFoundError as err:
        if err.name != f"govgraph.extract.{module}":
            raise
        return None
    fn = getattr(mod, attr)

    def run(gz: Gazette, ex: Extraction) -> None:
        result = fn(gz, ex)
        if result is not None:
            setattr(ex, target, result)

    run.__name__ = module
    return run


def extractors() -> list[tuple[str, Extractor]]:
    out: list[tuple[str, Extractor]] = [("documents", _documents)]
    for module, attr, target in (
        ("responsibilities", "extract_responsibilities", "responsibilities"),
        ("duties", "extract_leader_duties", "leader_duties"),
        ("appointments", "extract_appointments", "appointments"),
        ("references", "extract_references", "references"),
        ("officials", "extract_officials", "officials"),
        ("places", "extract_place_cues", "place_cues"),
    ):
        fn = _optional(module, attr, target)
        if fn is not None:
            out.append((module, fn))
    return out


def extract_gazette(gz: Gazette, timings: dict[str, float] | None = None) -> Extraction:
    """Run every extractor on one gazette (documents first: later extractors use them).

    An unexpected exception in one extractor is contained: it is logged with its traceback, the
    gazette's :attr:`~govgraph.records.Extraction.errors` name the file and the extractor, that
    extractor's records are left empty, and the other extractors still run.
    """
    assert gz.issue is not None
    ex = Extraction(source=gz.name, issue=gz.issue, warnings=list(gz.warnings))
    for name, fn in extractors():
        t0 = time.perf_counter()
        try:
            fn(gz, ex)
        except Exception as err:  # a bug in one extractor must not cost the other records
            failure = f"{type(err).__name__}: {err}"
            message = f"{gz.name}: extractor {name} failed ({failure}); its records are missing"
            log.error("%s", message, exc_info=True)
            ex.errors.append(message)
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
    return gz.as_printed(ex)  # (a traditional-character repost was read in simplified characters)


def extract_file(path: str | Path, **kwargs: Any) -> Extraction:
    return extract_gazette(load_gazette(path, **kwargs))
