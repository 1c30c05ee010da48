"""The one build path: every format, partitions sorted by Dask equal to one partition, append,
input identity (issue 18 item 2), one line for every failure (item 7), extractor isolation."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from clirun import invoke as run
from rdflib import Graph
from rdflib.compare import isomorphic
from repo import GAZETTES

from govgraph.build.outputs import current
from govgraph.build.pipeline import build
from govgraph.graph import TABLE_NAMES

ALL = sorted(GAZETTES.glob("*.txt"))


def _outputs(out: Path) -> dict[str, bytes]:
    gen = current(out)
    names = ["graph.nt", "graph.ttl", *(f"tables/{t}.csv" for t in TABLE_NAMES)]
    return {name: (gen / name).read_bytes() for name in names}


def test_every_format_holds_the_same_triples(demo_out: Path) -> None:
    nt = Graph().parse(demo_out / "graph.nt", format="nt")
    assert len(nt) > 10_000
    assert isomorphic(nt, Graph().parse(demo_out / "graph.ttl", format="turtle"))
    assert isomorphic(nt, Graph().parse(demo_out / "graph.jsonld", format="json-ld"))
    lines = (demo_out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines))


def test_tables_are_csv_and_parquet_with_the_same_rows(demo_out: Path) -> None:
    import csv

    for name in TABLE_NAMES:
        with (demo_out / "tables" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        table = pq.read_table(demo_out / "tables" / f"{name}.parquet")
        assert table.column_names == list(rows[0]) if rows else True
        assert table.num_rows == len(rows)
        if rows:
            assert [str(v) for v in table.column("iri").to_pylist()] == [r["iri"] for r in rows]
    agencies = pq.read_table(demo_out / "tables" / "agencies.parquet")
    assert str(agencies.schema.field("in_registry").type) == "bool"


def test_several_partitions_sorted_by_dask_give_the_bytes_of_one(tmp_path: Path, demo_out: Path) -> None:
    report = build([GAZETTES], tmp_path / "parts", viz=False, partition_bytes=1)
    assert report.partitions > 1  # three emission partitions: dask.dataframe sorted them
    assert report.validation == "conforms"  # validated partition by partition
    assert _outputs(tmp_path / "parts") == _outputs(demo_out)
    for name in TABLE_NAMES:
        a = pq.read_table(current(tmp_path / "parts") / "tables" / f"{name}.parquet")
        assert a.equals(pq.read_table(current(demo_out) / "tables" / f"{name}.parquet")), name


def test_report_lists_counts_warnings_and_validation(demo_build) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((demo_build.out_dir / "report.json").read_text(encoding="utf-8"))
    assert data["gazettes"] == [p.name for p in ALL]
    assert data["validation"] == "conforms" and data["failing_shapes"] == []
    assert data["counts"]["responsibilities"] > 100 and data["errors"] == [] and data["not_written"] == {}
    assert data["triples"] == (demo_build.out_dir / "graph.nt").read_text(encoding="utf-8").count("\n")


def test_append_rebuilds_the_whole_output_and_reports_all_of_it(tmp_path: Path, demo_out: Path) -> None:
    out = tmp_path / "out"
    options = ["--no-viz", "--no-validate"]
    assert run("-q", "build", str(ALL[0]), "-o", str(out), *options)[0] == 0
    assert run("-q", "build", str(ALL[1]), str(ALL[2]), "-o", str(out), "--append", *options)[0] == 0
    assert _outputs(out)["graph.nt"] == _outputs(demo_out)["graph.nt"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    demo = json.loads((demo_out / "report.json").read_text(encoding="utf-8"))
    assert report["gazettes"] == demo["gazettes"] and report["counts"] == demo["counts"]
    # The same gazette again, and under another name: nothing doubles; the copy is reported.
    copy = tmp_path / "renamed.txt"
    shutil.copy(ALL[0], copy)
    code, _, _ = run("-q", "build", str(ALL[0]), str(copy), "-o", str(out), "--append", *options)
    assert code == 0
    assert _outputs(out)["graph.nt"] == _outputs(demo_out)["graph.nt"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["duplicates"] == [f"renamed.txt: the same text as {ALL[0].name}; built once"]


def test_equal_names_in_two_folders_are_two_gazettes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for year, source in (("2021", ALL[0]), ("2022", ALL[1])):
        (corpus / year).mkdir(parents=True)
        shutil.copy(source, corpus / year / "issue.txt")
    out = tmp_path / "out"
    assert run("-q", "build", str(corpus), "-o", str(out), "--no-viz", "--no-validate")[0] == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["gazettes"] == ["2021/issue.txt", "2022/issue.txt"]
    one = build([ALL[0]], tmp_path / "one", viz=False, validate=False, store=False)
    two = build([ALL[1]], tmp_path / "two", viz=False, validate=False, store=False)
    assert report["counts"] == {k: one.counts[k] + two.counts[k] for k in one.counts}
    # Named one by one, they are told apart by their folders too; so are the records of extract -o.
    a, b = corpus / "2021" / "issue.txt", corpus / "2022" / "issue.txt"
    code, _, _ = run(
        "-q", "build", str(a), str(b), "-o", str(tmp_path / "loose"), "--no-viz", "--no-validate"
    )
    assert code == 0
    assert (
        json.loads((tmp_path / "loose" / "report.json").read_text("utf-8"))["gazettes"] == report["gazettes"]
    )
    code, _, _ = run("-q", "extract", str(corpus), "-o", str(tmp_path / "records"))
    assert code == 0
    written = sorted(
        p.relative_to(tmp_path / "records").as_posix() for p in (tmp_path / "records").rglob("*.json")
    )
    assert written == ["2021/issue.json", "2022/issue.json"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_missing_special_and_unreadable_inputs_are_one_line_each(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    missing = tmp_path / "missing.txt"
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    shutil.copy(ALL[0], corpus / "good.txt")
    out = tmp_path / "out"
    args = [str(missing), str(fifo), "/dev/zero", str(corpus), "-o", str(out), "--no-viz", "--no-validate"]
    code, stdout, err = run("build", *args)
    assert code == 1
    assert err.splitlines() == [
        f"error: {missing}: no such file or folder",
        f"error: {fifo}: a FIFO (named pipe), not a gazette file; not read",
        "error: /dev/zero: a device, not a gazette file; not read",
    ]
    assert "built " in stdout and "1 gazette(s)" in stdout and "3 input(s) failed" in stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["gazettes"] == ["good.txt"] and len(report["failures"]) == 3


def test_output_errors_are_one_line_and_keep_the_old_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("-q", "build", str(ALL[0]), "-o", str(out), "--no-viz", "--no-validate")[0] == 0
    before = _outputs(out)
    stored = next((current(out) / "extractions").glob("*.json"))
    os.unlink(stored)  # generations share stored files: break a private copy, not the shared one
    stored.write_text("{not json", encoding="utf-8")
    code, _, err = run("-q", "build", str(ALL[1]), "-o", str(out), "--append", "--no-viz", "--no-validate")
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith(f"error: {stored}: not a readable govgraph extraction")
    assert _outputs(out) == before
    assert not [p for p in (out / "generations").iterdir() if p.name.startswith(".")]


def test_a_failing_extractor_costs_its_records_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import govgraph.extract.appointments as appointments

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(appointments, "extract_appointments", broken)
    report = build(ALL[:2], tmp_path / "out", viz=False, validate=False, store=False)
    assert report.gazettes == [p.name for p in ALL[:2]]
    assert report.counts["appointments"] == 0 and report.counts["responsibilities"] > 0
    assert report.errors == [
        f"{p.name}: extractor appointments failed (ZeroDivisionError: a bug); its records are missing"
        for p in ALL[:2]
    ]
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["errors"] == report.errors
