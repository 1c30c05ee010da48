"""The persistent SPARQL store of a built output (``OUT/store``, pyoxigraph on RocksDB).

rdflib answers SPARQL comfortably up to a few hundred thousand triples; past that the
on-disk pyoxigraph store is both faster and bounded in memory (see MEASURED.md), and it is
what ``govgraph serve`` exposes through Oxigraph's own server.  The store is built next to
the output in a temporary directory and renamed into place, so a crash never leaves a
half-loaded store where ``query`` would find it.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from govgraph.errors import GovGraphError

log = logging.getLogger(__name__)

STORE_DIRNAME = "store"
ROCKSDB_MARKER = "CURRENT"


def store_path(out_dir: str | Path) -> Path:
    """The store of ``out_dir``'s current build (:func:`govgraph.build.outputs.current`)."""
    from govgraph.build.outputs import current

    return current(out_dir) / STORE_DIRNAME


def build_store(
    nt_path: str | Path | Iterable[str | Path], target: str | Path, *, parsed: bool = False
) -> Path:
    """Bulk-load the N-Triples file ``nt_path`` (or several) into a new on-disk store at ``target``.

    Several files are loaded as the iterable yields them (the streaming build hands over its runs
    while it is still writing more).  An existing store at ``target`` is replaced only once the
    new one is complete.  ``parsed``: every file has already been parsed strictly by Oxigraph (the
    build's partitions, turned into Turtle by it), so they are loaded without checking the syntax
    of every IRI and literal again (14% of the load's CPU on ×300's 35 partitions: 8.75 against
    10.19 CPU-s).
    """
    import pyoxigraph as ox

    sources: Iterable[str | Path] = [nt_path] if isinstance(nt_path, str | Path) else nt_path
    if isinstance(sources, Sequence):
        for source in sources:
            if not Path(source).exists():
                raise GovGraphError(f"{source}: no such file")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    loaded = []
    try:
        store = ox.Store(str(tmp))
        for source in map(Path, sources):
            if not source.exists():
                raise GovGraphError(f"{source}: no such file")
            loaded.append(source)
            # By path: pyoxigraph then reads the file itself, twice as fast as through Python.
            store.bulk_load(path=str(source), format=ox.RdfFormat.N_TRIPLES, lenient=parsed)
        store.optimize()
        store.flush()
        del store  # releases the RocksDB lock before the rename
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old.{os.getpid()}")
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("store %s loaded from %s", target, ", ".join(map(str, loaded)))
    return target


def open_store(out_dir_or_store: str | Path, *, read_only: bool = True) -> Any:
    """Open the store of a built output (``OUT`` or ``OUT/store``)."""
    import pyoxigraph as ox

    path = Path(out_dir_or_store)
    if store_path(path).is_dir():
        path = store_path(path)
    # RocksDB writes CURRENT last when it creates a database: without it there is no store here,
    # and RocksDB's own message ("While opening a file for sequentially reading …") says nothing useful.
    if not (path / ROCKSDB_MARKER).is_file():
        raise GovGraphError(f"{out_dir_or_store}: no SPARQL store; run 'govgraph build' first")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as err:
        raise GovGraphError(f"{path}: cannot open the store ({err})") from err
