"""Where govgraph finds its versioned data: files inside the package, read when first needed.

Everything govgraph knows about the genre is data shipped in ``govgraph/data/`` and reached
through :mod:`importlib.resources`, so an installed wheel works as well as a checkout:

- ``vocab/``     genre word lists (``word<TAB>kind``), see :mod:`govgraph.vocab`;
- ``registry/``  the registry of bodies, collectives and titles, see :mod:`govgraph.resolve`;
- ``ontology/``  the OWL ontology and the SHACL shapes (``ontology/*.ttl`` at the top of the
  repository are links to these, so the published ontology and the package never differ);
- ``queries/``   the named SPARQL queries.

A user's own registry directory overrides the packaged one: set ``GOVGRAPH_REGISTRY`` or pass
the directory to :meth:`govgraph.resolve.Resolver.from_dir`.  Nothing here reads a file: the
functions return paths, and each data file has one reader that loads it lazily.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.resources import files
from pathlib import Path

REGISTRY_ENV = "GOVGRAPH_REGISTRY"


@cache
def package_data() -> Path:
    """``govgraph/data`` of the installed package (a real directory: govgraph is not zip-safe)."""
    return Path(str(files("govgraph").joinpath("data")))


def data_path(*parts: str) -> Path:
    """A file or folder under the package's ``data/``."""
    return package_data().joinpath(*parts)


def vocab_dir() -> Path:
    return data_path("vocab")


def ontology_dir() -> Path:
    return data_path("ontology")


def queries_dir() -> Path:
    return data_path("queries")


def registry_dir() -> Path:
    """The registry in use: ``$GOVGRAPH_REGISTRY`` when set, else the packaged one."""
    own = os.environ.get(REGISTRY_ENV)
    return Path(own) if own else data_path("registry")
