"""govgraph.query and ``govgraph query``: the same rows from rdflib and from the on-disk store,
named queries with pre-bound parameters, one-line errors, table/csv/json output."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from clirun import invoke

from govgraph.errors import QueryError
from govgraph.query import (
    QueryResult,
    bind_values,
    format_csv,
    format_json,
    format_table,
    iri,
    literal,
    named_queries,
    resolve_engine,
    run_query,
    select,
)

NAMED = sorted(named_queries())
PEOPLE = """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?person ?name WHERE { ?person a foaf:Person ; foaf:name ?name }"""


@pytest.fixture(scope="module")
def jxj(demo_out: Path) -> str:
    """The IRI of 温州市经济和信息化局 (市经信局), looked up by its label."""
    rows = select(
        demo_out,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?key ?agency WHERE { ?agency skos:prefLabel ?key }",
        bindings={"key": literal("温州市经济和信息化局", lang="zh")},
    ).records()
    assert len(rows) == 1
    return str(rows[0]["agency"])


@pytest.fixture(scope="module")
def graph_only(demo_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built output without its store: only graph.nt."""
    out = tmp_path_factory.mktemp("graph-only")
    shutil.copy(demo_out / "graph.nt", out / "graph.nt")
    return out


# ---------------------------------------------------------------------------------------------
# rdflib and the store agree


@pytest.mark.parametrize("name", NAMED)
def test_named_query_gives_identical_rows_on_rdflib_and_store(demo_out: Path, name: str) -> None:
    in_memory = select(demo_out, name, engine="rdflib")
    on_disk = select(demo_out, name, engine="store")
    assert in_memory.engine == "rdflib" and on_disk.engine == "store"
    assert in_memory.columns == on_disk.columns
    assert len(on_disk) > 0
    assert in_memory.rows == on_disk.rows
    assert in_memory.iris == on_disk.iris


@pytest.mark.parametrize(
    ("name", "variable", "column"),
    [("agency_tasks", "agency", "agency"), ("responsibility_chain", "unit", "unit")],
)
def test_bound_parameter_selects_the_same_rows_as_the_unbound_query(
    demo_out: Path, jxj: str, name: str, variable: str, column: str
) -> None:
    everything = select(demo_out, name, engine="store").records()
    expected = [r for r in everything if r[column] == jxj]
    assert expected
    for engine in ("rdflib", "store"):
        bound = select(demo_out, name, engine=engine, bindings={variable: jxj}).records()
        assert bound == expected, engine


def test_named_query_parameters_are_documented_and_projected(demo_out: Path) -> None:
    for name, query in named_queries().items():
        assert query.summary and query.parameters, name
        columns = select(demo_out, name).columns
        assert set(query.parameters) <= set(columns), name  # a bound variable must be projected


def test_select_star_has_the_same_column_order_on_both_engines(demo_out: Path) -> None:
    text = "SELECT * WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?o ; a ?t }"
    a, b = select(demo_out, text, engine="rdflib"), select(demo_out, text, engine="store")
    assert a.columns == b.columns == ("s", "o", "t")
    assert a.rows == b.rows  # no ORDER BY: sorted by every column


def test_ask_and_construct_agree_between_engines(demo_out: Path) -> None:
    ask = "ASK { ?p <http://xmlns.com/foaf/0.1/name> ?n }"
    construct = (
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/> CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n }"
    )
    for text in (ask, construct):
        a, b = select(demo_out, text, engine="rdflib"), select(demo_out, text, engine="store")
        assert a.columns == b.columns and a.rows == b.rows
    assert select(demo_out, ask).rows == (("true",),)


def test_cells_are_iri_strings_and_lexical_forms(demo_out: Path) -> None:
    result = select(
        demo_out,
        "PREFIX gg: <https://w3id.org/govgraph/ontology#> "
        "SELECT ?duty ?line ?from WHERE { ?duty gg:sourceLine ?line ; gg:validFrom ?from }",
    )
    duty, line, valid_from = result.rows[0]
    assert duty.startswith("https://w3id.org/govgraph/id/duty/") and (0, 0) in result.iris
    assert line is not None and line.isdigit() and valid_from == "2024-02-18"


def test_auto_engine_is_the_store_when_present_else_rdflib(demo_out: Path, graph_only: Path) -> None:
    assert resolve_engine(demo_out) == "store"
    assert resolve_engine(graph_only) == "rdflib"
    assert select(graph_only, PEOPLE).rows == select(demo_out, PEOPLE).rows
    with pytest.raises(QueryError, match="no SPARQL store"):
        select(graph_only, PEOPLE, engine="store")


def test_run_query_returns_a_frame_with_none_for_unbound(demo_out: Path) -> None:
    frame = run_query(demo_out, "responsibility_chain")
    assert list(frame.columns) == list(select(demo_out, "responsibility_chain").columns)
    assert frame["leader_name"].isna().any() and frame["leader_name"].notna().any()


@pytest.mark.parametrize("engine", ["rdflib", "store"])
def test_run_query_types_numbers_dates_and_booleans(demo_out: Path, engine: str) -> None:
    frame = run_query(
        demo_out,
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> "
        "SELECT ?doc ?date (COUNT(?x) AS ?n) (COUNT(?x) > 0 AS ?some) (1.5 AS ?half) WHERE {"
        " ?doc eli:date_document ?date . OPTIONAL { ?x gg:inDocument ?doc } } GROUP BY ?doc ?date",
        engine=engine,
    )
    assert len(frame) >= 10
    assert str(frame["n"].dtype) == "Int64" and frame["n"].sum() > 100
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["date"].min().year >= 2000
    assert str(frame["some"].dtype) == "boolean"
    assert str(frame["half"].dtype) == "float64" and frame["half"].iloc[0] == 1.5
    assert frame["doc"].map(type).eq(str).all()  # IRIs stay strings


def test_query_from_a_file_and_default_prefixes(demo_out: Path, tmp_path: Path) -> None:
    path = tmp_path / "people.rq"
    path.write_text("SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name }\n", encoding="utf-8")
    names = {row[0] for row in select(demo_out, path).rows}
    assert names == {row[0] for row in select(demo_out, str(path), engine="rdflib").rows}
    assert "王振勇" in names


# ---------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize("engine", ["rdflib", "store"])
def test_bad_sparql_is_a_one_line_query_error(demo_out: Path, engine: str) -> None:
    with pytest.raises(QueryError, match="SPARQL syntax error") as info:
        select(demo_out, "SELEC ?x WHERE { ?x ?p ?o }", engine=engine)
    assert "\n" not in str(info.value)


def test_binding_works_for_unprojected_variables_and_refuses_unknown_ones(demo_out: Path) -> None:
    by_leader = (
        "PREFIX gg: <https://w3id.org/govgraph/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "# a comment with WHERE { in it\n"
        "SELECT ?unit_name WHERE { ?duty gg:leader ?leader ; gg:unit/skos:prefLabel ?unit_name . "
        'FILTER(?unit_name != "WHERE {") }'
    )
    leader = iri("https://w3id.org/govgraph/id/person/%E7%8E%8B%E6%8C%AF%E5%8B%87")  # 王振勇
    a = select(demo_out, by_leader, engine="rdflib", bindings={"leader": leader})
    b = select(demo_out, by_leader, engine="store", bindings={"leader": leader})
    assert a.rows == b.rows and ("温州市经济和信息化局",) in a.rows
    for engine in ("rdflib", "store"):
        with pytest.raises(QueryError, match=r"cannot bind \?nobody: no such variable"):
            select(demo_out, by_leader, engine=engine, bindings={"nobody": leader})


def test_bind_values_opens_the_where_pattern() -> None:
    text = 'SELECT * WHERE { ?s ?p "}{" } # WHERE {'
    bound = bind_values(text, {"s": iri("http://example.org/a"), "p": literal('say "hi"', lang="en")})
    values = '{ VALUES (?s ?p) { (<http://example.org/a> "say \\"hi\\""@en) } '
    assert bound == "SELECT * WHERE " + values + '?s ?p "}{" } # WHERE {'

    construct = "CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }"
    assert bind_values(construct, {"s": iri("http://example.org/a")}).endswith(
        "{ VALUES (?s) { (<http://example.org/a>) } ?s ?p ?o }"
    )
    with pytest.raises(QueryError, match="not an IRI"):
        bind_values(construct, {"s": iri("http://example.org/a> } DROP ALL #")})


def test_updates_unknown_names_and_missing_outputs_are_query_errors(demo_out: Path, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="read-only"):
        select(demo_out, "PREFIX a: <http://a/> INSERT DATA { a:b a:b a:b }")
    with pytest.raises(QueryError, match=r"no named query 'nosuch'.*responsibility_chain"):
        select(demo_out, "nosuch")
    with pytest.raises(QueryError, match="no such query file"):
        select(demo_out, tmp_path / "missing.rq")
    with pytest.raises(QueryError, match="no such output directory"):
        select(tmp_path / "nowhere", PEOPLE)
    with pytest.raises(QueryError, match="unknown engine"):
        select(demo_out, PEOPLE, engine="fuseki")


# ---------------------------------------------------------------------------------------------
# Output formats


def test_csv_and_json_round_trip_the_rows(demo_out: Path) -> None:
    result = select(demo_out, "responsibility_chain")
    rows = list(csv.reader(io.StringIO(format_csv(result))))
    assert tuple(rows[0]) == result.columns
    assert rows[1:] == [["" if v is None else v for v in row] for row in result.rows]
    records = json.loads(format_json(result))
    assert records == result.records()


def test_table_aligns_chinese_and_shortens_iris() -> None:
    result = QueryResult(
        ("unit", "name"),
        (
            ("https://w3id.org/govgraph/id/agency/%E5%B8%82%E8%B4%A2%E6%94%BF%E5%B1%80", "市财政局"),
            ("https://w3id.org/govgraph/id/agency/x", None),
        ),
        "store",
        frozenset({(0, 0), (1, 0)}),
    )
    lines = format_table(result).splitlines()
    assert lines[2].startswith("id:agency/市财政局  市财政局")
    assert lines[3].rstrip() == "id:agency/x"
    # the second column starts at the same display column (a CJK character is two columns wide)
    prefix = lines[2][: lines[2].rindex("市财政局")]
    assert lines[0].index("name") == sum(2 if "\u4e00" <= ch <= "\u9fff" else 1 for ch in prefix)
    assert lines[-1] == "(2 rows)"


# ---------------------------------------------------------------------------------------------
# CLI


def test_cli_query_named_with_bind_by_name_prints_each_format(demo_out: Path) -> None:
    code, out, _ = invoke("query", str(demo_out), "agency_tasks", "--bind", "agency=市经信局", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["agency_name"] for r in rows} == {"温州市经济和信息化局"}
    code, out, _ = invoke(
        "query", str(demo_out), "agency_tasks", "-b", "agency=温州市经济和信息化局", "-f", "json"
    )
    assert code == 0 and [r["task"] for r in json.loads(out)] == [r["task"] for r in rows]
    code, out, _ = invoke("query", str(demo_out), PEOPLE)
    assert code == 0 and "王振勇" in out and out.rstrip().endswith("rows)")


def test_cli_query_lists_named_queries(demo_out: Path) -> None:
    code, out, _ = invoke("query", str(demo_out), "--list")
    assert code == 0
    assert {line.split(":")[0] for line in out.splitlines()} == set(NAMED)


def test_cli_query_writes_output_file(demo_out: Path, tmp_path: Path) -> None:
    target = tmp_path / "refs.csv"
    code, _, _ = invoke("query", str(demo_out), "document_references", "-f", "csv", "-o", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8") == format_csv(select(demo_out, "document_references"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELEC ?x"], "SPARQL syntax error"),
        (["nosuch"], "no named query"),
        (["agency_tasks", "--bind", "agency=不存在的局"], "no agency, leader or document"),
    ],
)
def test_cli_query_errors_exit_1_with_one_line(demo_out: Path, args: list[str], message: str) -> None:
    code, out, err = invoke("query", str(demo_out), *args)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_cli_query_usage_errors_exit_2(demo_out: Path) -> None:
    assert invoke("query", str(demo_out), PEOPLE, "-f", "xml")[0] == 2
    assert invoke("query", str(demo_out), PEOPLE, "--bind", "novalue")[0] == 2
    assert invoke("query", str(demo_out))[0] == 2


def test_cli_query_help_has_examples() -> None:
    code, out, _ = invoke("query", "--help")
    assert code == 0 and "govgraph query out/ responsibility_chain --bind" in out
