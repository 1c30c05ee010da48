"""SHACL validation of a build (govgraph.build.validate): the demo graph conforms, and on graphs
broken in the ways a bug would break them it finds the focus nodes and paths pySHACL finds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from govgraph.build.validate import (
    TypeIndex,
    Validation,
    count_violations,
    validate_lines,
    validate_ntriples,
    violations,
)
from govgraph.errors import ExportError
from govgraph.resources import ontology_dir

GG = "https://w3id.org/govgraph/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


@pytest.fixture(scope="module")
def demo_lines(demo_out: Path) -> list[str]:
    return (demo_out / "graph.nt").read_text(encoding="utf-8").splitlines(keepends=True)


def _pyshacl(lines: list[str]) -> set[tuple[str, str]]:
    data = Graph().parse(data="".join(lines), format="nt")
    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    conforms, report, _ = pyshacl_validate(data, shacl_graph=shapes)
    found = set()
    for result in report.subjects(predicate=SH.focusNode):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        found.add((str(focus), str(path) if path is not None else ""))
    assert conforms == (not found)
    return found


def _ours(lines: list[str]) -> set[tuple[str, str]]:
    from govgraph.namespace import PREFIXES

    def expand(path: str) -> str:
        if not path:
            return ""
        prefix, _, rest = path.partition(":")
        return str(PREFIXES[prefix]) + rest

    return {(focus, expand(path)) for focus, _, path, _ in violations(lines)}


def _subjects_with(lines: list[str], predicate: str) -> list[str]:
    return sorted({ln.split(" ", 1)[0] for ln in lines if f" <{predicate}> " in ln})


def _break(lines: list[str]) -> list[str]:
    """The demo graph with one of every kind of fault a bug could make."""
    out = list(lines)
    assignment = _subjects_with(out, GG + "task")[0]
    task = _subjects_with(out, GG + "taskPath")[3]
    document = _subjects_with(out, "http://data.europa.eu/eli/ontology#id_local")[0]
    agency = _subjects_with(out, GG + "inRegistry")[0]
    duty = _subjects_with(out, GG + "dutyRelation")[0]
    holding = next(ln.split(" ", 1)[0] for ln in out if ln.endswith("<http://www.w3.org/ns/org#holds> .\n"))
    gazette = next(ln.split(" ", 1)[0] for ln in out if ln.endswith("<http://www.w3.org/ns/prov#Entity> .\n"))

    def drop(subject: str, predicate: str) -> None:
        out[:] = [ln for ln in out if not (ln.startswith(subject + " ") and f" <{predicate}> " in ln)]

    drop(assignment, GG + "sourceLine")  # minCount
    out.append(f'{assignment} <{GG}charStart> "-1"^^<{XSD}integer> .\n')  # minInclusive
    out.append(f"{assignment} <{GG}task> {task} .\n")  # maxCount
    out.append(f"{assignment} <{GG}role> <{GG}Chair> .\n")  # sh:in
    drop(document, "http://data.europa.eu/eli/ontology#id_local")
    out.append(f'{document} <http://data.europa.eu/eli/ontology#id_local> "no number" .\n')  # pattern
    drop(agency, GG + "inRegistry")
    out.append(f'{agency} <{GG}inRegistry> "yes"^^<{XSD}boolean> .\n')  # ill-formed datatype
    drop(agency, "http://www.w3.org/2004/02/skos/core#prefLabel")
    out.append(f'{agency} <http://www.w3.org/2004/02/skos/core#prefLabel> ""@zh .\n')  # minLength
    out.append(f'{duty} <{GG}validFrom> "2024-05-01"^^<{XSD}date> .\n')  # lessThan
    out.append(f'{duty} <{GG}validUntil> "2023-01-01"^^<{XSD}date> .\n')
    drop(holding, "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
    out.append(f"{holding} <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> {document} .\n")  # xone
    out.append(f"{task} <{GG}unit> {gazette} .\n")  # not a shape's path: allowed
    out = [ln for ln in out if ln != f"{gazette} {RDF_TYPE} <http://www.w3.org/ns/prov#Entity> .\n"]  # class
    return sorted(set(out))


def test_the_demo_graph_conforms(demo_out: Path) -> None:
    result = validate_ntriples(demo_out / "graph.nt")
    assert result.conforms and result.summary() == "conforms" and result.failing_shapes == []


def test_a_broken_graph_fails_where_pyshacl_says(demo_lines: list[str]) -> None:
    broken = _break(demo_lines)
    ours = _ours(broken)
    assert ours == _pyshacl(broken)
    paths = {path for _, path in ours}
    for local in ("sourceLine", "charStart", "task", "role", "inRegistry", "validFrom"):
        assert GG + local in paths
    result = validate_lines(broken)
    assert not result.conforms and result.violations >= len(ours)
    assert result.summary().startswith("DOES NOT CONFORM")
    assert any("ggsh:ResponsibilityAssignmentShape on gg:sourceLine" in s for s in result.failing_shapes)


def test_each_fault_alone_is_found(demo_lines: list[str]) -> None:
    assignment = _subjects_with(demo_lines, GG + "task")[0]
    missing = [ln for ln in demo_lines if not (ln.startswith(assignment + " ") and f"<{GG}evidence>" in ln)]
    assert _ours(missing) == {(assignment[1:-1], GG + "evidence")}


def test_unsupported_shapes_are_refused_in_one_line(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:closed true .\n",
        encoding="utf-8",
    )
    with pytest.raises(ExportError, match="sh:closed is not supported"):
        validate_lines([f"<urn:x> {RDF_TYPE} <urn:C> .\n"], shapes)


def test_a_malformed_line_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="line 2: not an N-Triples line"):
        validate_lines([f"<urn:x> {RDF_TYPE} <urn:C> .\n", "<urn:x> broken\n"])


def _partitions(lines: list[str], n: int) -> list[list[str]]:
    """Sorted lines cut into ``n`` parts at subject boundaries, as the build's sort cuts them."""
    parts: list[list[str]] = [[]]
    size = -(-len(lines) // n)
    for line in lines:
        subject = line.split(" ", 1)[0]
        if len(parts[-1]) >= size and not parts[-1][-1].startswith(subject + " "):
            parts.append([])
        parts[-1].append(line)
    return parts


def test_partitions_validated_apart_find_what_the_whole_graph_has(demo_lines: list[str]) -> None:
    # The build validates each sorted partition with the types of the whole graph: the counts must
    # add up to the whole graph's, sh:class included (the gazette whose type is gone is linked to
    # from partitions that do not hold it), and nothing may be found that is not there.
    broken = _break(demo_lines)
    whole = count_violations(broken)
    assert any("prov:wasDerivedFrom" in what for what in whole)  # the gazette's type is gone
    known = TypeIndex()
    known.note_lines(broken)
    parts = _partitions(broken, 7)
    assert len(parts) == 7
    apart = sum((count_violations(part, known=known) for part in parts), Counter())
    assert apart == whole
    assert Validation.of_counts(apart).failing_shapes == validate_lines(broken).failing_shapes
    # Without the types of the nodes they link to, partitions would report false violations.
    blind = sum((count_violations(part, known=TypeIndex()) for part in parts), Counter())
    assert blind != whole and sum(blind.values()) > sum(whole.values())
    # An index gathered partition by partition and merged is the same index.
    merged = TypeIndex()
    for part in parts:
        piece = TypeIndex()
        piece.note_lines(part)
        merged.update(piece)
    assert merged.types == known.types
    assert known.wanted and all(classes <= known.wanted for classes in known.types.values())


def test_lines_are_read_whatever_their_spacing() -> None:
    # N-Triples allows tabs and runs of blanks, comments and a last line without its newline:
    # the same graph however it is spaced, and an empty object is one error line.
    typed = f"<urn:x> {RDF_TYPE} <http://www.w3.org/ns/org#Organization> .\n"
    odd = f"<urn:x>  <{GG}inRegistry>   <urn:y>   .\r\n"
    spaced = ["# a comment\n", "\n", typed.replace(" ", "\t", 1), odd]
    plain = [typed, f"<urn:x> <{GG}inRegistry> <urn:y> .\n"]
    assert count_violations(spaced) == count_violations(plain) and count_violations(plain)
    assert count_violations([*plain[:1], plain[1].rstrip("\n")]) == count_violations(plain)
    with pytest.raises(ExportError, match="line 1: not an N-Triples line"):
        validate_lines([f"<urn:x> <{GG}inRegistry>  .\n"])


def test_a_sorted_file_is_validated_in_runs_and_an_unsorted_one_whole(
    tmp_path: Path, demo_lines: list[str]
) -> None:
    # graph.nt of a large build is validated a run of subjects at a time (bounded memory): the same
    # answer as the whole graph, and a file whose subjects are not consecutive is read whole.
    broken = _break(demo_lines)
    whole = validate_lines(broken)
    assert not whole.conforms
    sorted_file = tmp_path / "sorted.nt"
    sorted_file.write_text("".join(broken), encoding="utf-8")
    assert validate_ntriples(sorted_file, run_lines=500) == whole
    shuffled = tmp_path / "shuffled.nt"
    shuffled.write_text("".join(broken[1::2] + broken[::2]), encoding="utf-8")
    assert validate_ntriples(shuffled, run_lines=500) == whole
    # A malformed line is named by its number in the file, not in its run (put between two
    # subjects, so that the file is still read in runs).
    at = next(i for i in range(1200, len(broken)) if broken[i].split()[0] != broken[i - 1].split()[0])
    bad = [*broken[:at], "<urn:x> broken\n", *broken[at:]]
    sorted_file.write_text("".join(bad), encoding="utf-8")
    with pytest.raises(ExportError, match=f"line {at + 1}: not an N-Triples line"):
        validate_ntriples(sorted_file, run_lines=500)


def test_a_file_spaced_otherwise_gives_the_same_answer_in_runs(tmp_path: Path, demo_lines: list[str]) -> None:
    # Tabs between the terms are N-Triples too: the types of the nodes a run links to must still
    # be found, or every sh:class would fail.
    for lines in (demo_lines, _break(demo_lines)):
        tabbed = [line.replace(" ", "\t", 2) for line in lines]
        path = tmp_path / "tabbed.nt"
        path.write_text("".join(tabbed), encoding="utf-8")
        assert validate_ntriples(path, run_lines=500) == validate_lines(lines)
