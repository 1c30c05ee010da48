"""govgraph.viz pages opened in headless Chromium (offline, DevTools protocol over a pipe).

These tests need Debian's ``chromium`` and ``fonts-noto-cjk``; without them they FAIL
(CI installs both): a view that was never drawn is not a tested view.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from PIL import Image, ImageStat
from test_viz import EVIL_ALIAS, EVIL_LABEL, evil_graph, schema_graph

from govgraph.browser import BrowserError, PageResult, find_chromium, open_page
from govgraph.viz import NODE_STYLES, render_html

log = logging.getLogger(__name__)

RENDER_BUDGET_MS = 3000.0  # the full demo graph must be drawn within 3 s of opening


@pytest.fixture(scope="module", autouse=True)
def chromium() -> str:
    try:
        binary = find_chromium()
    except BrowserError as err:
        pytest.fail(f"browser tests need Chromium: {err}", pytrace=False)
    fc_list = shutil.which("fc-list")
    families = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                              check=False).stdout if fc_list else ""
    if "Noto Sans CJK" not in families:
        pytest.fail("no CJK font: Chinese labels would render as empty boxes; "
                    "apt-get install -y fonts-noto-cjk", pytrace=False)
    return binary


def network_pixels(result: PageResult) -> Image.Image:
    """The network canvas part of the screenshot (right of the side bar, below the header)."""
    assert result.screenshot is not None
    image = Image.open(io.BytesIO(result.screenshot)).convert("RGB")
    assert image.size == (1400, 900)
    return image.crop((270, 60, 1400, 900))


def colour_count(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 12) -> int:
    return sum(
        count
        for count, pixel in image.getcolors(maxcolors=1 << 20) or []
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, rgb, strict=True))
    )


def assert_clean(result: PageResult) -> None:
    assert result.problems() == [], "\n".join(result.problems())


def test_viz_browser_renders_graph(tmp_path: Path) -> None:
    G = schema_graph(300)
    out = tmp_path / "g.html"
    render_html(G, out, title="温州市政府公报 测试")
    result = open_page(out, screenshot=True)
    assert_clean(result)
    assert result.rendered_nodes == G.number_of_nodes()
    canvas = network_pixels(result)
    stat = ImageStat.Stat(canvas.convert("L"))
    assert stat.stddev[0] > 8, f"network area looks blank (stddev {stat.stddev[0]:.1f})"
    # nodes of every kind were drawn in their colours: agencies blue, tasks purple, documents green
    assert colour_count(canvas, (0x1F, 0x77, 0xB4)) > 200
    assert colour_count(canvas, (0x94, 0x67, 0xBD)) > 200
    assert colour_count(canvas, (0x2C, 0xA0, 0x2C)) > 100


def test_viz_browser_blank_page_is_detected(tmp_path: Path) -> None:
    """The pixel check above would catch a page whose network failed to draw."""
    out = tmp_path / "blank.html"
    render_html(nx.MultiDiGraph(), out)
    result = open_page(out, screenshot=True)
    assert result.rendered_nodes == 0
    assert ImageStat.Stat(network_pixels(result).convert("L")).stddev[0] < 2


def test_viz_browser_no_script_injection(tmp_path: Path) -> None:
    out = tmp_path / "evil.html"
    render_html(evil_graph(), out, title=EVIL_ALIAS)
    G = evil_graph()
    # the tooltips (where escaped markup is parsed) must stay inert too: build them all
    result = open_page(out, script="Array.from(document.querySelectorAll('img')).length")
    assert_clean(result)
    assert result.dialogs == []
    assert result.script_value == 0
    assert result.rendered_nodes == G.number_of_nodes()
    title = open_page(out, script="document.title").script_value
    assert title == EVIL_ALIAS  # shown as text, not parsed
    label = open_page(out, script="govgraphNetwork.body.data.nodes.get()"
                      ".filter(n => n.search.indexOf('<script>') === 0)[0].title.textContent").script_value
    assert EVIL_LABEL in label and EVIL_ALIAS in label


def test_viz_browser_harness_catches_bad_pages(tmp_path: Path) -> None:
    """Alerts, console errors, exceptions and network requests are all reported."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><body data-viz-state='rendered'>"
        "<script>alert('xss'); console.error('boom'); undefinedFunction();</script>"
        "<img src='https://example.com/x.png'></body></html>",
        encoding="utf-8",
    )
    result = open_page(bad)
    assert result.dialogs and "xss" in result.dialogs[0]
    assert any("boom" in line for line in result.console)
    assert any("undefinedFunction" in line for line in result.exceptions)
    assert any(url.startswith("https://example.com") for url in result.external_requests)


def test_viz_browser_search_and_kind_filter(tmp_path: Path) -> None:
    G = schema_graph(200)
    out = tmp_path / "g.html"
    render_html(G, out)
    # by alias, without neighbours: exactly the agency whose alias is 市3局
    every_kind = json.dumps(sorted(NODE_STYLES))
    script = (
        "document.getElementById('gg-neighbours').checked = false;"
        "[govgraphFilter('市3局'), govgraphFilter('', ['agency']), govgraphFilter('温政办', ['document']),"
        f" govgraphFilter('', {every_kind}), govgraphNetwork.body.nodeIndices.length]"
    )
    result = open_page(out, script=script)
    assert_clean(result)
    agencies = sum(1 for _, k in G.nodes(data="kind") if k == "agency")
    documents = sum(1 for _, k in G.nodes(data="kind") if k == "document")
    assert result.script_value == [1, agencies, documents, G.number_of_nodes(), G.number_of_nodes()]
    # with neighbours: the agency and everything linked to it
    with_neighbours = open_page(out, script="govgraphFilter('市3局')").script_value
    agency = next(n for n, label in G.nodes(data="label") if label == "温州市第3局")
    assert with_neighbours == 1 + len(set(G.successors(agency)) | set(G.predecessors(agency)))


def test_viz_browser_1000_nodes_within_budget(tmp_path: Path) -> None:
    G = schema_graph(1000)
    out = tmp_path / "g.html"
    render_html(G, out)
    result = open_page(out, screenshot=True)
    assert_clean(result)
    assert result.rendered_nodes == 1000
    log.warning("1000 nodes / %d edges drawn %.0f ms after navigation start (%.0f ms wall)",
                G.number_of_edges(), result.render_ms, result.wall_ms)
    assert 0 < result.render_ms < RENDER_BUDGET_MS
    assert ImageStat.Stat(network_pixels(result).convert("L")).stddev[0] > 8


def test_viz_browser_large_graph_degrades(tmp_path: Path) -> None:
    G = schema_graph(3000)
    out = tmp_path / "g.html"
    report = render_html(G, out, max_nodes=1500)
    result = open_page(out, script="document.getElementById('gg-banner').getBoundingClientRect().height")
    assert_clean(result)
    assert report.reduced and result.rendered_nodes == 1500
    assert result.script_value and result.script_value > 10  # the warning banner is visible
    assert 0 < result.render_ms < RENDER_BUDGET_MS


def test_viz_screenshot_command(tmp_path: Path) -> None:
    from govgraph.viz import main

    page = tmp_path / "g.html"
    render_html(schema_graph(80), page)
    png = tmp_path / "shot.png"
    assert main(["--screenshot", str(png), str(page)]) == 0
    assert Image.open(png).size == (1400, 900)
    assert main(["--screenshot", str(png), str(tmp_path / "missing.html")]) == 1


def test_viz_browser_clusters_and_reopens(tmp_path: Path) -> None:
    G = schema_graph(300)
    out = tmp_path / "g.html"
    render_html(G, out)
    documents_with_tasks = {d for t, d, r in G.edges(data="relation") if r == "in_document"}
    script = (
        "(function () {"
        " var before = JSON.stringify(govgraphNetwork.getPositions());"
        " var byDocument = govgraphCluster('document');"
        " var drawn = govgraphNetwork.body.nodeIndices.length;"
        " var byAgency = govgraphCluster('agency');"
        " var filtered = govgraphFilter('温政办');"  # documents only, neighbours shown
        " govgraphFilter(''); govgraphCluster('');"
        " return [byDocument, drawn, byAgency > 0, filtered > 0,"
        "  govgraphNetwork.body.nodeIndices.length,"
        "  JSON.stringify(govgraphNetwork.getPositions()) === before];"
        "})()"
    )
    result = open_page(out, script=script)
    assert_clean(result)
    tasks = sum(1 for _, k in G.nodes(data="kind") if k in ("task", "clause"))
    by_document, drawn, by_agency, filtered, reopened, same_positions = result.script_value
    assert by_document == len(documents_with_tasks)
    assert drawn == G.number_of_nodes() - tasks  # every task folded into its document
    assert by_agency and filtered
    assert reopened == G.number_of_nodes()
    assert same_positions  # opened clusters put their nodes back where the layout had them


def test_viz_browser_opens_clustered(tmp_path: Path) -> None:
    G = schema_graph(200)
    out = tmp_path / "g.html"
    render_html(G, out, cluster="document")
    result = open_page(out, script="Number(document.body.dataset.clusters)")
    assert_clean(result)
    assert result.script_value > 0
    assert result.rendered_nodes == G.number_of_nodes()  # nodes inside clusters are counted


def test_viz_browser_demo_build(demo_out: Path) -> None:
    """`govgraph build data/` writes OUT/graph.html: it opens offline, draws every node of
    the built graph within the budget, shows names, and logs nothing."""
    from govgraph.pipeline import load_networkx

    page = demo_out / "graph.html"
    assert page.is_file()
    G = load_networkx(demo_out)
    report = json.loads((demo_out / "report.json").read_text(encoding="utf-8"))
    result = open_page(page, screenshot=True)
    assert_clean(result)
    assert result.rendered_nodes == G.number_of_nodes() == report["nodes"]
    log.warning("demo graph: %d nodes / %d edges drawn %.0f ms after navigation start (%.0f ms wall)",
                result.rendered_nodes, G.number_of_edges(), result.render_ms, result.wall_ms)
    assert 0 < result.render_ms < RENDER_BUDGET_MS
    canvas = network_pixels(result)
    assert ImageStat.Stat(canvas.convert("L")).stddev[0] > 8
    for kind in ("agency", "task", "document", "person"):
        rgb = tuple(int(NODE_STYLES[kind].color[i:i + 2], 16) for i in (1, 3, 5))
        assert colour_count(canvas, rgb) > 50, kind
    # names are drawn at the opening zoom (dark label text on the network), not only dots
    assert colour_count(canvas, (0x34, 0x34, 0x34), tolerance=30) > 500


def test_viz_browser_demo_focus_views(demo_out: Path, tmp_path: Path) -> None:
    from govgraph.pipeline import render_focus

    views = {
        "agency": {"focus": "市经信局", "depth": 2},
        "document": {"document": "温政办〔2022〕74号"},
        "leader": {"leader": "王振勇"},
    }
    for name, options in views.items():
        path, report = render_focus(demo_out, tmp_path / f"{name}.html", **options)
        result = open_page(path, script="document.getElementById('gg-stats').textContent")
        assert_clean(result)
        assert result.rendered_nodes == report.nodes > 3, name
        assert 0 < result.render_ms < RENDER_BUDGET_MS
        if name == "agency":
            assert "焦点 focus: 温州市经济和信息化局" in result.script_value


def test_viz_browser_tooltip_shows_evidence_and_source(tmp_path: Path) -> None:
    """Pointing at an edge opens its tooltip: the relation, the gazette and line, the text."""
    from test_viz import SOURCE, small_graph

    from govgraph.viz import hover_script

    out = tmp_path / "g.html"
    render_html(small_graph(), out)
    read_tip = (
        "(function () { var tip = document.querySelector('div.vis-tooltip');"
        " return tip && tip.style.visibility !== 'hidden' ? tip.textContent : null; })()"
    )
    shown = {}
    for target in ("市经信局 -> 推进数字化改革", "张振丰"):
        result = open_page(out, script=f"{hover_script(target)}, new Promise(r => setTimeout(r, 600))"
                           f".then(() => {read_tip})")
        assert_clean(result)
        shown[target] = result.script_value
    edge_tip = shown["市经信局 -> 推进数字化改革"]
    assert edge_tip is not None, "no tooltip opened"
    assert "温州市经济和信息化局 → 推进数字化改革" in edge_tip
    assert f"{SOURCE}, line 12" in edge_tip and "（牵头单位：市经信局）" in edge_tip
    assert shown["张振丰"] is not None and shown["张振丰"].startswith("张振丰人员 · person")


def test_viz_browser_gazette_markup_stays_text(tmp_path: Path) -> None:
    """Markup printed in a gazette goes through extraction, the graph and the page as text:
    nothing runs, nothing loads, and the reader sees the characters."""
    from repo import DATA_DIR

    from govgraph.pipeline import build
    from govgraph.viz import hover_script

    evil = "<script>alert(1)</script><img/src=x/onerror=alert(2)>"  # no spaces: ingestion drops them
    source = DATA_DIR / "gazettes" / "wenzhou-gazette-2024-02.txt"
    text = source.read_text(encoding="utf-8")
    assert "支持企业高质量发展" in text and "。（责任单位：" in text
    gazettes = tmp_path / "gazettes"
    gazettes.mkdir()
    text = text.replace("支持企业高质量发展", "支持企业高质量发展" + evil)
    text = text.replace("。（责任单位：", "。" + evil + "（责任单位：")
    (gazettes / source.name).write_text(text, encoding="utf-8")
    report = build([gazettes], tmp_path / "out", validate=False, store=False)
    assert not report.failures
    from govgraph.pipeline import load_networkx

    G = load_networkx(tmp_path / "out")
    carriers = [k for k, a in G.nodes(data=True) if evil in f"{a.get('label')} {a.get('evidence')}"]
    assert len(carriers) > 10  # the markup did reach labels and evidence
    page = tmp_path / "out" / "graph.html"
    read_tip = (
        "new Promise(r => setTimeout(r, 600)).then(() => "
        "document.querySelector('div.vis-tooltip').textContent)"
    )
    result = open_page(page, script=f"{hover_script('支持企业高质量发展' + evil)}, {read_tip}")
    assert_clean(result)
    assert result.dialogs == []
    assert result.rendered_nodes == G.number_of_nodes()
    assert evil in result.script_value  # shown as characters in the tooltip
    count = open_page(page, script="document.querySelectorAll('img, script').length").script_value
    assert count == 2  # our two script elements; no element came from the gazette
