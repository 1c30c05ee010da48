"""The streaming build's parallel merge: ranges of subjects, put back together byte for byte."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from govgraph.bulk import _concatenate_tables, _concatenate_turtle, _table_part, range_bounds
from govgraph.graph import TABLE_NAMES

ID = "https://w3id.org/govgraph/id/"


def _run(path: Path, lines: list[str]) -> Path:
    path.write_bytes("".join(sorted(lines)).encode("utf-8"))
    return path


def test_range_bounds_never_split_a_subject(tmp_path: Path) -> None:
    # Subjects whose IRIs are prefixes of one another sort differently as IRIs and as lines.
    subjects = [f"{ID}task/a{i}" for i in range(30)] + [f"{ID}task/a", f"{ID}task/a1/b"]
    lines = [f'<{s}> <{ID}p{k}> "{k}" .\n' for s in subjects for k in range(7)]
    runs = [_run(tmp_path / "r0.run", lines[0::2]), _run(tmp_path / "r1.run", lines[1::2])]
    for ranges in (2, 3, 5):
        bounds = range_bounds(runs, ranges)
        assert 0 < len(bounds) < ranges and bounds == sorted(set(bounds))
        for s in subjects:
            own = [ln.encode() for ln in lines if ln.startswith(f"<{s}> ")]
            sides = {sum(ln >= b for b in bounds) for ln in own}
            assert len(sides) == 1, (s, sides)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_table_parts_out_of_iri_order_are_merged(tmp_path: Path) -> None:
    # <…/a1> sorts before <…/a> as a line, so a1 lands in the first range and a in the second.
    a, a1, b = f"{ID}agency/a", f"{ID}agency/a1", f"{ID}agency/b"
    rows = {a1: [a1, "x", 'quoted "name"\nover two lines'], a: [a, "y", ""], b: [b, "z", "plain"]}
    parts = [tmp_path / "part-00.nt", tmp_path / "part-01.nt"]
    spans: list[dict[str, tuple[str, str] | None]] = [dict.fromkeys(TABLE_NAMES) for _ in parts]
    for part in parts:
        for name in TABLE_NAMES:
            _table_part(part, name).write_bytes(b"")
    _table_part(parts[0], "agencies").write_bytes(_csv([rows[a1]]))
    _table_part(parts[1], "agencies").write_bytes(_csv([rows[a], rows[b]]))
    spans[0]["agencies"], spans[1]["agencies"] = (a1, a1), (a, b)
    _concatenate_tables(parts, spans, tmp_path)
    header, body = (tmp_path / "tables" / "agencies.csv").read_bytes().split(b"\n", 1)
    assert header.startswith(b"iri,")
    assert body == _csv([rows[a], rows[a1], rows[b]])
    assert (tmp_path / "tables" / "persons.csv").read_bytes().count(b"\n") == 1  # the header only


def test_turtle_parts_keep_one_prefix_header(tmp_path: Path) -> None:
    header = b"@prefix gg: <https://w3id.org/govgraph/ontology#> .\n"
    header += b"@prefix org: <http://www.w3.org/ns/org#> .\n"
    bodies = [b"<a> a org:Organization .\n", b"", b"<b> gg:p <c> ;\n\tgg:q <d> .\n"]
    parts = []
    for i, body in enumerate(bodies):
        parts.append(tmp_path / f"part-{i}.ttl")
        parts[-1].write_bytes(header + body)
    _concatenate_turtle(parts, tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == header + b"".join(bodies)
