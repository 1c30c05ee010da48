"""The gazettes' text pages (``OUT/sources``) every fact links to: line n of a page is line n of
every provenance, gazette text stays text, the pages follow ``--append``, and no identity writes
outside the folder."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from repo import GAZETTES

from govgraph.build import current
from govgraph.pipeline import build
from govgraph.viz.sources import SOURCES_DIR, page_name, source_base, source_page

ALL = sorted(GAZETTES.glob("*.txt"))
LINE_RE = re.compile(r'<li id="L(\d+)">(.*?)</li>', re.S)


def page_lines(page: str) -> list[str]:
    rows = [(int(n), html.unescape(text)) for n, text in LINE_RE.findall(page)]
    assert [n for n, _ in rows] == list(range(1, len(rows) + 1))
    return [text for _, text in rows]


def test_a_page_is_the_text_line_for_line_and_markup_stays_text() -> None:
    text = "第一行\n<script>alert(1)</script>\n\n责任单位：市经信局&市财政局"
    page = source_page(text, "<b>x</b>.txt")
    assert page_lines(page) == text.split("\n")
    assert "<script>" not in page and "<b>" not in page
    assert "default-src 'none'" in page  # the page may load nothing, even opened from a file


def test_page_names_mirror_identities_and_never_leave_the_folder() -> None:
    assert page_name("2021/issue.txt") == "2021/issue.txt.html"
    for identity in ("../../etc/passwd", "/etc/passwd", "a/../../b", ""):
        name = page_name(identity)
        assert "/" not in name and name.endswith(".html"), identity


def test_links_are_relative_to_the_page(tmp_path: Path) -> None:
    (tmp_path / "out" / "sources").mkdir(parents=True)
    assert source_base(tmp_path / "out" / "graph.html", tmp_path / "out" / "sources") == "sources/"
    assert source_base(tmp_path / "elsewhere" / "g.html", tmp_path / "out" / "sources") == "../out/sources/"
    assert source_base(tmp_path / "g.html", tmp_path / "missing") is None


def test_the_demo_build_writes_each_gazette_as_read(demo_out: Path) -> None:
    folder = demo_out / SOURCES_DIR
    assert sorted(p.name for p in folder.iterdir()) == [f"{p.name}.html" for p in ALL]
    for gazette in ALL:
        lines = page_lines((folder / f"{gazette.name}.html").read_text(encoding="utf-8"))
        assert lines == gazette.read_text(encoding="utf-8").split("\n")
    # a fact's line in the graph is the line of its page that holds its sentence
    rows = (current(demo_out) / "tables" / "assignments.csv").read_text(encoding="utf-8")
    assert "两大万亿产业集群培育政策" in rows
    page = (folder / "wenzhou-gazette-2024-02.txt.html").read_text(encoding="utf-8")
    assert "牵头实施" in page_lines(page)[2024 - 1]  # the clause (由市经信局牵头实施) ends there


def test_pages_follow_append_and_a_duplicate_gets_none(tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = {"viz": False, "validate": False, "store": False}
    assert not build([ALL[0]], out, **options).failures
    copy = tmp_path / "copy" / "renamed.txt"
    copy.parent.mkdir()
    shutil.copy(ALL[0], copy)
    report = build([ALL[1], copy], out, append=True, **options)
    assert report.duplicates
    pages = sorted(p.name for p in (out / SOURCES_DIR).iterdir())
    assert pages == [f"{ALL[0].name}.html", f"{ALL[1].name}.html"]
    assert "sources/" in report.files
