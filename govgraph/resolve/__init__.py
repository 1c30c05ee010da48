"""Resolution: every mention → one entity, inside the jurisdiction of its document.

* :mod:`govgraph.resolve.registry`     — the registry as data (one loader per file);
* :mod:`govgraph.resolve.jurisdiction` — which government a document is of, and why;
* :mod:`govgraph.resolve.resolver`     — mentions → entities (:class:`Resolver`);
* :mod:`govgraph.resolve.recognize`    — agency and collective mentions in running text;
* :mod:`govgraph.resolve.score`        — the resolution score of ``govgraph eval --resolution``.
"""

from __future__ import annotations

from govgraph.resolve.jurisdiction import Jurisdiction, JurisdictionDetector
from govgraph.resolve.recognize import MentionLabel, Recognizer, find_agency_mentions
from govgraph.resolve.registry import (
    AgencyRecord,
    CollectiveRecord,
    Registry,
    Template,
    load_agencies,
    load_collectives,
    load_templates,
    normalize_name,
    registry,
)
from govgraph.resolve.resolver import (
    REGISTRY,
    RULE,
    TEMPLATE,
    UNKNOWN,
    UNRESOLVED,
    DocumentPlaces,
    Entity,
    Resolver,
)

__all__ = [
    "REGISTRY",
    "RULE",
    "TEMPLATE",
    "UNKNOWN",
    "UNRESOLVED",
    "AgencyRecord",
    "CollectiveRecord",
    "DocumentPlaces",
    "Entity",
    "Jurisdiction",
    "JurisdictionDetector",
    "MentionLabel",
    "Recognizer",
    "Registry",
    "Resolver",
    "Template",
    "find_agency_mentions",
    "load_agencies",
    "load_collectives",
    "load_templates",
    "normalize_name",
    "registry",
]
