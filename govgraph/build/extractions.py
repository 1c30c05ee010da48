"""Stored extractions: the records of each gazette as JSON, the source of every other output.

``OUT/generations/<id>/extractions/<source>.json`` holds every field of an
:class:`~govgraph.records.Extraction` (provenance included) and the SHA-256 of the gazette's
bytes, so ``build --append`` rebuilds the whole graph from the stored records without re-reading
any text, and knows a gazette it has already seen under another name.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from govgraph import records
from govgraph.atomic import atomic_write_text
from govgraph.errors import ExportError
from govgraph.records import Extraction, IssueMeta

EXTRACTIONS_DIR = "extractions"
EXTRACTION_FORMAT = "govgraph-extraction/1"

_RECORD_LISTS: dict[str, type] = {
    "documents": records.DocumentRecord,
    "responsibilities": records.ResponsibilityClause,
    "tasks": records.Task,
    "appointments": records.Appointment,
    "leader_duties": records.LeaderDuty,
    "portfolios": records.LeaderPortfolio,
    "references": records.Reference,
    "officials": records.Official,
    "place_cues": records.PlaceCue,
}
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for JSON without its deep copy (records hold only str, int, bool
    and None leaves)."""
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(cls):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if cls is list or cls is tuple:
        return [_plain(v) for v in value]
    if cls is dict:
        return {k: _plain(v) for k, v in value.items()}
    return value


def extraction_to_dict(extraction: Extraction, content_sha256: str | None = None) -> dict[str, Any]:
    data = _plain(extraction)
    data["format"] = EXTRACTION_FORMAT
    if content_sha256:
        data["content_sha256"] = content_sha256
    return data


def _record_from_dict(cls: type, data: dict[str, Any]) -> Any:
    kwargs = {}
    for f in dataclasses.fields(cls):
        value = data.get(f.name)
        if f.name == "prov":
            value = records.Provenance(**value)
        elif value is not None and str(f.type).startswith("tuple"):  # JSON has lists only
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def extraction_from_dict(data: dict[str, Any]) -> Extraction:
    if data.get("format") != EXTRACTION_FORMAT:
        raise ValueError(
            f"not a govgraph extraction (format {data.get('format')!r}, want {EXTRACTION_FORMAT!r})"
        )
    ex = Extraction(
        source=data["source"],
        issue=IssueMeta(**data["issue"]),
        warnings=list(data.get("warnings", [])),
        errors=list(data.get("errors", [])),
    )
    for name, cls in _RECORD_LISTS.items():
        setattr(ex, name, [_record_from_dict(cls, item) for item in data.get(name, [])])
    return ex


def extraction_path(out_dir: Path, source: str) -> Path:
    """One file per gazette identity (``2021/issue.txt`` and ``2022/issue.txt`` are two)."""
    return out_dir / EXTRACTIONS_DIR / f"{quote(source, safe='')}.json"


def save_extraction(out_dir: str | Path, extraction: Extraction, content_sha256: str | None = None) -> Path:
    path = extraction_path(Path(out_dir), extraction.source)
    data = extraction_to_dict(extraction, content_sha256)
    # No indentation: json writes compact text with its C encoder, indented text in Python
    # (three times the CPU; ×1000: 3 CPU-s).
    text = json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"
    try:
        atomic_write_text(path, text)
    except OSError as err:
        raise ExportError(f"{path}: cannot write the extraction ({err.strerror or err})") from None
    return path


def read_extraction(path: Path) -> tuple[Extraction, str | None]:
    """A stored extraction and the content hash of its gazette; a bad file is one line."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return extraction_from_dict(data), data.get("content_sha256")
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ExportError(f"{path}: not a readable govgraph extraction ({err})") from None


def load_extractions(out_dir: str | Path) -> list[Extraction]:
    """Every stored extraction of a built output (its current generation), by identity."""
    from govgraph.build.outputs import current

    folder = current(out_dir) / EXTRACTIONS_DIR
    return sorted((read_extraction(p)[0] for p in folder.glob("*.json")), key=lambda ex: ex.source)
