"""A build of notices of any government conforms to the SHACL shapes (issue 12): a document
printed without a 文号, and an excerpt whose document prints neither a title nor a number."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import invoke

NOTICE = (
    "甲市人民政府关于促进居民收入增长的实施意见\n"
    "各县（市）、区人民政府，市政府有关部门：\n"
    "为深入贯彻有关精神，认真落实省政府《关于促进居民收入增长的意见》，特制定本实施意见。\n"
    "一、主要任务\n1.完善政策体系扶持就业。（市人社局牵头，市发改委、财政局负责）\n"
)
EXCERPT = "2.落实行政首长负责制。全力保障粮食生产供应。（市农委、粮食局负责）\n"


def test_build_of_unnumbered_and_untitled_documents_conforms(tmp_path: Path) -> None:
    (tmp_path / "notice.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "excerpt.txt").write_text(EXCERPT, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = invoke(
        "-q", "build", str(tmp_path / "notice.txt"), str(tmp_path / "excerpt.txt"), "-o", str(out), "--no-viz"
    )
    assert code == 0, err
    report = json.loads(next(out.rglob("report.json")).read_text(encoding="utf-8"))
    assert report["validation"] == "conforms"
    assert report["counts"]["documents"] == 1  # the excerpt names no document of its own
    assert report["counts"]["responsibilities"] == 2
    nt = next(out.rglob("graph.nt")).read_text(encoding="utf-8")
    assert "甲市人民政府关于促进居民收入增长的实施意见" in nt
    assert "excerpt.txt（未具名文件）" in nt
