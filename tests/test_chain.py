"""govgraph.chain and ``govgraph chain``: task → unit → the leader who supervised it then → title,
checked against the gazette text the chain cites, by any printed form of the name."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import invoke
from repo import DATA_DIR

from govgraph.errors import QueryError
from govgraph.ingest import read_gazette_text
from govgraph.query.chain import ChainResult, chain, find_subjects
from govgraph.resolve import Resolver, find_agency_mentions

GAZETTES = DATA_DIR / "gazettes"
DIVISION_OF_WORK = "温政发〔2024〕5号"  # the 2024-02 issue's 市政府领导分工 notice
# A leader's paragraph in a division-of-work notice opens with the name (two-character names are
# letter-spaced: 王  军), the title in brackets and a space before the duties.
LEADER_HEAD_RE = re.compile(
    r"^\s*(?P<name>[\u4e00-\u9fff](?:[ \u3000]*[\u4e00-\u9fff]){1,3})"
    r"（(?P<title>[\u4e00-\u9fff]{2,8})）(?:[ \u3000]|$)"
)


def gazette_lines(source: str) -> list[str]:
    text, _ = read_gazette_text(GAZETTES / source)
    return text.split("\n")


def names_in(text: str) -> set[str]:
    resolver = Resolver.default()
    where = resolver.jurisdiction("温州市")  # the demo gazettes are 温州市's
    return {resolver.resolve_agency(text[s:e], where).name for s, e, _ in find_agency_mentions(text)}


def clause_units(lines: list[str], line: int) -> set[str]:
    """Agencies of the bracketed clause the cited line belongs to: （责任单位：…） or （由…牵头实施）.

    The cited line is the line of the clause's 责 / 牵 (the extractor's anchor), which may be a
    line or two below the opening bracket when the clause wraps."""
    before = "".join(t.strip() for t in lines[max(0, line - 4) : line])
    after = "".join(t.strip() for t in lines[line : line + 8])
    opening = before.rfind("（")
    assert opening >= 0, f"no clause at line {line}"
    text = before[opening:] + after
    return names_in(text[: text.index("）") + 1])


def sentence_units(lines: list[str], line: int) -> set[str]:
    """Agencies of the sentence that starts on ``line`` (1-based), up to its 。"""
    text = "".join(t.strip() for t in lines[line - 1 : line + 12])
    return names_in(text[: text.find("。") + 1 or len(text)])


def leader_heading(lines: list[str], line: int) -> tuple[str, str]:
    """(name, title) of the leader's paragraph that contains ``line`` (the nearest heading above)."""
    for text in reversed(lines[:line]):
        m = LEADER_HEAD_RE.match(text)
        if m:
            return re.sub(r"[ \u3000]", "", m["name"]), m["title"]
    raise AssertionError(f"no leader heading above line {line}")


@pytest.fixture(scope="module")
def jxj(demo_out: Path) -> ChainResult:
    return chain("市经信局", demo_out)


# ---------------------------------------------------------------------------------------------
# The acceptance chain: 2024-02 tasks, lead agency, the vice-mayor of that division of work


def test_2024_tasks_have_lead_unit_and_the_supervising_leader_the_gazette_names(demo_out: Path) -> None:
    result = chain("温政办[2024]11号", demo_out)  # half-width brackets, as often printed
    assert result.kind == "document" and [s.label for s in result.subjects] == ["温政办〔2024〕11号"]
    rows = result.rows
    assert len({r["task"] for r in rows}) > 20
    lines = gazette_lines("wenzhou-gazette-2024-02.txt")
    led = [r for r in rows if r["role"] == "牵头"]
    assert led and all(r["date"] == "2024-02-23" for r in rows)
    for r in led:
        # the clause the chain cites names the unit (牵头: first listed, or 由…牵头)
        assert r["unit_name"] in clause_units(lines, int(r["task_line"] or 0)), r["task_label"]
    supervised = [r for r in led if r["leader"]]
    # a lead unit has no leader only when the division of work assigns it to nobody (party
    # departments; units a leader merely liaises with, 联系)
    portfolio = chain(DIVISION_OF_WORK, demo_out).duties
    assert portfolio is not None
    supervised_units = {r["agency_name"] for r in portfolio.records() if r["relation"] == "分管"}
    assert supervised and {r["unit_name"] for r in led if not r["leader"]}.isdisjoint(supervised_units)
    for r in supervised:
        assert r["notice_label"] == DIVISION_OF_WORK and r["duty_gazette"] == "wenzhou-gazette-2024-02.txt"
        duty_line = int(r["duty_line"] or 0)
        # the cited line is in the leader's own paragraph, under their printed title …
        assert leader_heading(lines, duty_line) == (r["leader_name"], r["title"])
        # … and is the 分管 sentence that names this unit
        assert "分管" in lines[duty_line - 1]
        assert r["unit_name"] in sentence_units(lines, duty_line)


def test_agency_chain_shows_2024_tasks_and_the_vice_mayor_then(jxj: ChainResult) -> None:
    assert jxj.kind == "agency" and [s.label for s in jxj.subjects] == ["温州市经济和信息化局"]
    rows_2024 = [r for r in jxj.rows if (r["date"] or "").startswith("2024")]
    assert {r["role"] for r in rows_2024} == {"牵头", "配合"}
    assert all((r["leader_name"], r["title"]) == ("王振勇", "副市长") for r in rows_2024)
    assert {r["notice_label"] for r in rows_2024} == {DIVISION_OF_WORK}
    lines = gazette_lines("wenzhou-gazette-2024-02.txt")
    duty_line = int(rows_2024[0]["duty_line"] or 0)
    assert leader_heading(lines, duty_line) == ("王振勇", "副市长")
    assert "市经信局" in lines[duty_line - 1] and "分管" in lines[duty_line - 1]
    # 2022 documents predate the only division-of-work notice of the corpus: no leader
    rows_2022 = [r for r in jxj.rows if (r["date"] or "").startswith("2022")]
    assert rows_2022 and not any(r["leader"] for r in rows_2022)


def test_agency_chain_render_names_every_step_with_its_source(jxj: ChainResult) -> None:
    text = jxj.render()
    assert text.startswith("温州市经济和信息化局 (agency)")
    duty = next(r for r in jxj.rows if r["leader"])
    source = f"[{duty['duty_gazette']}:{duty['duty_line']}]"
    assert f"分管 by 王振勇 (副市长), from 2024-02-18, per {DIVISION_OF_WORK} {source}" in text
    assert f"supervised then by 王振勇 (副市长), per {DIVISION_OF_WORK} {source}" in text
    section_2024 = text[text.index("温政办〔2024〕11号 · 2024-02-23") :]
    for r in jxj.rows:
        if r["document_label"] == "温政办〔2024〕11号":
            step = f"{r['role']} {r['task_path']} {r['task_label']}  [{r['task_gazette']}:{r['task_line']}]"
            assert step in section_2024
    assert "温政办〔2022〕74号 · 2022-10-13" in text
    assert "(no leader in the graph supervised this unit on that date)" in text


@pytest.mark.parametrize(
    "alias",
    [
        "温州市经济和信息化局",
        "经信局",
        "市民营经济健康发展促进局",
        " 市 经信局 ",
        "市经信局（民营经济健康发展促进局）",
    ],
)
def test_chain_by_any_alias_is_the_same_chain(demo_out: Path, jxj: ChainResult, alias: str) -> None:
    other = chain(alias, demo_out)
    assert other.subjects == jxj.subjects and other.rows == jxj.rows
    assert other.render() == jxj.render()


def test_chain_by_document_number_in_any_printed_form(demo_out: Path) -> None:
    canonical = chain("温政办〔2024〕11号", demo_out)
    for printed in ("温政办[2024]11号", "温政办（2024）11号", "温政办 〔2024〕 11 号", "温政办［2024］11号"):
        assert chain(printed, demo_out).rows == canonical.rows, printed


def test_leader_chain_lists_the_portfolio_and_its_tasks(demo_out: Path) -> None:
    result = chain("王振勇", demo_out)
    assert result.kind == "leader"
    supervised = {r["agency_name"] for r in result.rows if r["relation"] == "分管"}
    assert {"温州市经济和信息化局", "温州市科学技术局", "温州市投资促进局"} <= supervised
    jxj_tasks = {r["task_label"] for r in result.rows if r["agency_name"] == "温州市经济和信息化局"}
    assert "推动工业设计产业提升发展" in jxj_tasks
    assert all((r["date"] or "9999") >= (r["valid_from"] or "") for r in result.rows if r["task"])
    text = result.render()
    assert "分管 温州市经济和信息化局 as 副市长, from 2024-02-18" in text


def test_division_of_work_notice_chain_shows_who_supervises_what(demo_out: Path) -> None:
    text = chain(DIVISION_OF_WORK, demo_out).render()
    assert text.startswith(f"{DIVISION_OF_WORK} (division-of-work notice, valid from 2024-02-18)")
    block = text[text.index("  王振勇 → 副市长") :]
    assert re.search(r"分管 [^\n]*温州市经济和信息化局", block)


def test_chain_rows_as_a_frame(jxj: ChainResult) -> None:
    frame = jxj.to_frame()
    assert list(frame.columns) == list(jxj.columns) and len(frame) == len(jxj.rows)


def test_unknown_names_are_one_line_errors(demo_out: Path) -> None:
    for name, message in (
        ("不存在的局", "no agency, leader or document named"),
        ("温政办〔2099〕1号", "no document 温政办〔2099〕1号"),
        ("  ", "empty name"),
    ):
        with pytest.raises(QueryError, match=message) as info:
            find_subjects(name, demo_out)
        assert "\n" not in str(info.value)


def test_chain_engines_agree(demo_out: Path) -> None:
    for name in ("市经信局", "王振勇", "温政办〔2024〕11号"):
        assert chain(name, demo_out, engine="rdflib").rows == chain(name, demo_out, engine="store").rows


# ---------------------------------------------------------------------------------------------
# CLI


def test_cli_chain_prints_the_chain(demo_out: Path, jxj: ChainResult) -> None:
    code, out, err = invoke("chain", "市经信局", "--graph", str(demo_out))
    assert code == 0 and err == ""
    assert out == jxj.render()
    code, out, _ = invoke("chain", "市经信局", "-g", str(demo_out), "-f", "csv")
    assert code == 0 and out.splitlines()[0] == ",".join(jxj.columns)


def test_cli_chain_errors_exit_1_with_one_line(demo_out: Path, tmp_path: Path) -> None:
    code, out, err = invoke("chain", "不存在的局", "--graph", str(demo_out))
    assert code == 1 and out == "" and err.startswith("error: ") and err.count("\n") == 1
    code, _, err = invoke("chain", "市经信局", "--graph", str(tmp_path / "nowhere"))
    assert code == 1 and "no such output directory" in err
    assert invoke("chain", "市经信局", "--graph", str(demo_out), "-f", "xml")[0] == 2


def test_cli_chain_help_has_examples() -> None:
    code, out, _ = invoke("chain", "--help")
    assert code == 0 and "govgraph chain 市经信局 --graph out/" in out


def test_chain_command_loads_neither_spacy_nor_pyvis_nor_rdflib(demo_out: Path) -> None:
    """Cold start: the chain needs the store and the registry, nothing heavier."""
    script = (
        "import sys\n"
        "from govgraph.cli import app\n"
        "try:\n"
        f"    app(['chain', '市经信局', '--graph', {str(demo_out)!r}])\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        "print(sorted(m for m in ('spacy', 'pyvis', 'rdflib', 'pandas') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "王振勇" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


# ---------------------------------------------------------------------------------------------
# The chain index written by the build


def test_build_writes_a_chain_index_that_answers_like_sparql(demo_out: Path) -> None:
    from govgraph.build import current
    from govgraph.query.chain_index import INDEX_FILE

    assert (current(demo_out) / INDEX_FILE).is_file()
    for name in ("市经信局", "温州市经信局", "王振勇", "温政办[2024]11号", DIVISION_OF_WORK, "张文杰"):
        indexed, sparql = chain(name, demo_out), chain(name, demo_out, engine="store")
        assert indexed.result.engine == "index" and sparql.result.engine == "store"
        assert indexed.subjects == sparql.subjects, name
        assert indexed.rows == sparql.rows, name
        assert indexed.result.iris == sparql.result.iris, name
        assert indexed.render() == sparql.render(), name


def test_an_index_of_another_version_is_not_used(demo_out: Path, tmp_path: Path) -> None:
    import shutil
    import sqlite3

    from govgraph.build import current
    from govgraph.query.chain_index import INDEX_FILE

    copy = tmp_path / "out"
    shutil.copytree(current(demo_out), copy)
    with sqlite3.connect(copy / INDEX_FILE) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    db.close()
    assert chain("市经信局", copy).result.engine == "store"
