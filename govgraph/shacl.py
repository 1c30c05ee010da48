"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pySHACL).

pySHACL is the slowest step of a demo build (≈ 2 s for 18k triples: parsing the N-Triples
into rdflib, then one Python call per shape, focus node and value), so ``build`` does not wait
for it: :class:`BackgroundValidation` starts ``python -m govgraph.shacl`` when the build
starts, which imports pySHACL and reads the shapes while the gazettes are extracted, is
handed ``graph.nt`` as soon as it is written, and validates while the build writes the store
and the HTML.  The result is the same as :func:`validate_ntriples` in the build's process.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAX_TRIPLES = 300_000
"""Above this, validation is not run (pySHACL needs the graph in rdflib: ≈ 1.4 KB a triple)."""


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def load_shapes() -> Any:
    from rdflib import Graph

    from govgraph.resources import ontology_dir

    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def _read_ntriples(path: Path) -> Any:
    """An rdflib Graph of an N-Triples file, parsed by pyoxigraph (faster than rdflib's parser)."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    iris: dict[str, URIRef] = {}

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            iri = iris.get(t.value)
            if iri is None:
                iri = iris[t.value] = URIRef(t.value)
            return iri
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        if t.datatype.value == xsd_string:
            return Literal(t.value)  # as rdflib reads a simple literal
        return Literal(t.value, datatype=term(t.datatype))

    graph = Graph()
    add = graph.add
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
        add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return graph


def validate_ntriples(nt_path: str | Path, max_triples: int = MAX_TRIPLES, shapes: Any = None) -> str:
    """"conforms", "DOES NOT CONFORM: <first messages>", or "not run (<why>)"."""
    from pyshacl import validate

    nt_path = Path(nt_path)
    lines = _count_lines(nt_path)
    if lines > max_triples:
        return f"not run ({lines} triples > {max_triples}; run pyshacl on graph.nt by hand)"
    data = _read_ntriples(nt_path)
    shapes = shapes if shapes is not None else load_shapes()
    # inplace: the data graph is ours and thrown away, no need for pySHACL to copy it; the
    # shapes use SHACL Core only, so no SHACL-AF ("advanced") machinery.
    conforms, _graph, text = validate(data, shacl_graph=shapes, inference="none", inplace=True)
    if conforms:
        return "conforms"
    first = [ln for ln in str(text).splitlines() if ln.strip().startswith("Message")][:3]
    return "DOES NOT CONFORM: " + " | ".join(s.strip() for s in first)


class BackgroundValidation:
    """A validator process started now, handed ``graph.nt`` later; :meth:`result` waits for it."""

    def __init__(self, max_triples: int = MAX_TRIPLES) -> None:
        package_root = str(Path(__file__).resolve().parents[1])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "govgraph.shacl", "--max-triples", str(max_triples)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self._submitted = False
        self._finished = False

    def submit(self, nt_path: Path) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.write(str(Path(nt_path).resolve()).encode("utf-8") + b"\n")
        self._proc.stdin.flush()
        self._submitted = True

    def result(self) -> str:
        if not self._submitted:
            self.cancel()
            return "not run"
        out, err = self._proc.communicate()
        self._finished = True
        if self._proc.returncode != 0:
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            return f"failed (exit {self._proc.returncode}: {last[0]})"
        return str(json.loads(out.decode("utf-8"))["validation"])

    def cancel(self) -> None:
        """Stop the validator unless it has finished (a build that ends early or fails)."""
        if self._finished:
            return
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.communicate()  # reaps it and closes the pipes
        self._finished = True


def main(argv: list[str] | None = None) -> int:
    """``python -m govgraph.shacl [--max-triples N] [GRAPH.nt]``: validate (the path from stdin
    when not given) and print ``{"validation": …}``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m govgraph.shacl", description=main.__doc__)
    parser.add_argument("graph", nargs="?", type=Path)
    parser.add_argument("--max-triples", type=int, default=MAX_TRIPLES)
    args = parser.parse_args(argv)
    # Everything that does not depend on the graph first, while the build is still running.
    import pyshacl  # noqa: F401

    shapes = load_shapes()
    path = args.graph
    if path is None:
        line = sys.stdin.readline().strip()
        if not line:
            return 0  # the build stopped before writing a graph
        path = Path(line)
    print(json.dumps({"validation": validate_ntriples(path, args.max_triples, shapes)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
