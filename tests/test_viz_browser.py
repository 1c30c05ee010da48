"""govgraph pages opened in a real browser: Debian's Chromium driven by Playwright, offline.

These tests need ``/usr/bin/chromium`` and ``fonts-noto-cjk``; without them they FAIL (CI installs
both): a view that was never drawn is not a tested view.  One browser serves the whole module.
They wait on what the page states, never on a delay, and assert no speed: how fast a page draws
is measured by ``benchmarks/page.py``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import Page, chromium_problem, launch, open_page
from PIL import Image, ImageStat
from test_viz import EVIL_ALIAS, EVIL_LABEL, SOURCE, evil_graph, schema_graph, small_graph

from govgraph.viz import NODE_STYLES, render_html


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    problem = chromium_problem()
    if problem:
        pytest.fail(f"browser tests need Chromium and a CJK font: {problem}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def opened(browser: Any, path: Path) -> Page:
    return open_page(browser, path.resolve().as_uri())


def assert_clean(page: Page) -> None:
    assert page.problems() == [], "\n".join(page.problems())


def network_pixels(page: Page) -> Image.Image:
    """The network canvas part of a screenshot (right of the side bar, below the header)."""
    image = Image.open(io.BytesIO(page.page.screenshot())).convert("RGB")
    assert image.size == (1400, 900)
    return image.crop((270, 60, 1400, 900))


def colour_count(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 12) -> int:
    return sum(
        count
        for count, pixel in image.getcolors(maxcolors=1 << 20) or []
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, rgb, strict=True))
    )


def rendered_nodes(page: Page) -> int:
    return int(page.eval("document.body.dataset.renderedNodes"))


def label_overlaps(page: Page) -> tuple[int, int]:
    """(labels drawn, pairs of drawn labels whose boxes overlap), boxes as measured by the canvas."""
    boxes = page.eval("govgraphLabels()")
    overlaps = sum(
        1
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )
    return len(boxes), overlaps


def click_node(page: Page, name: str) -> None:
    """A real mouse click on the node drawn for ``name`` (its label or an alias)."""
    point = page.eval(
        """(name) => {
          var net = govgraphNetwork;
          var node = net.body.data.nodes.get()
            .filter(n => n.name === name || (n.aliases || []).indexOf(name) >= 0)[0];
          net.focus(node.id, {scale: 1.5, animation: false});
          var p = net.canvasToDOM(net.getPositions([node.id])[node.id]);
          var r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
          return {x: r.left + p.x, y: r.top + p.y};
        }""",
        name,
    )
    page.page.mouse.click(point["x"], point["y"])
    page.page.wait_for_selector("#gg-inspect:not([hidden])")


# ---------------------------------------------------------------------------------------------
# Drawing


def test_browser_draws_every_kind(browser: Any, tmp_path: Path) -> None:
    G = schema_graph(300)
    out = tmp_path / "g.html"
    render_html(G, out, title="温州市政府公报 测试")
    page = opened(browser, out)
    assert_clean(page)
    assert rendered_nodes(page) == G.number_of_nodes()
    canvas = network_pixels(page)
    assert ImageStat.Stat(canvas.convert("L")).stddev[0] > 8, "network area looks blank"
    assert colour_count(canvas, (0x1F, 0x77, 0xB4)) > 200  # agencies
    assert colour_count(canvas, (0x94, 0x67, 0xBD)) > 200  # tasks
    assert colour_count(canvas, (0x2C, 0xA0, 0x2C)) > 100  # documents


def test_browser_harness_catches_bad_pages(browser: Any, tmp_path: Path) -> None:
    """Alerts, console errors, exceptions and network requests are all reported."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><body data-viz-state='rendered'>"
        "<script>alert('xss'); console.error('boom'); undefinedFunction();</script>"
        "<img src='https://example.com/x.png'></body></html>",
        encoding="utf-8",
    )
    page = opened(browser, bad)
    page.wait_until(
        lambda: bool(page.dialogs and page.console_errors and page.exceptions and page.requests),
        "the alert, the console error, the exception and the request to be reported",
    )
    assert "xss" in page.dialogs[0]
    assert any("boom" in line for line in page.console_errors)
    assert any("undefinedFunction" in line for line in page.exceptions)
    assert any(url.startswith("https://example.com") for url in page.requests)


def test_browser_draws_1000_nodes_with_hub_labels(browser: Any, tmp_path: Path) -> None:
    G = schema_graph(1000)
    out = tmp_path / "g.html"
    render_html(G, out)
    page = opened(browser, out)
    assert_clean(page)
    assert rendered_nodes(page) == 1000
    drawn, overlaps = label_overlaps(page)
    assert drawn >= 8 and overlaps == 0


def test_browser_large_graph_degrades_with_a_banner(browser: Any, tmp_path: Path) -> None:
    G = schema_graph(3000)
    out = tmp_path / "g.html"
    report = render_html(G, out, max_nodes=1500)
    page = opened(browser, out)
    assert_clean(page)
    assert report.reduced and rendered_nodes(page) == 1500
    assert page.eval("document.getElementById('gg-banner').getBoundingClientRect().height") > 10


# ---------------------------------------------------------------------------------------------
# Labels: readable at every opening view


def test_demo_opening_view_names_hubs_without_overlap(browser: Any, demo_out: Path) -> None:
    """`govgraph build` writes graph.html: it opens offline, draws every node, and names the
    hubs with no two labels on top of each other."""
    from govgraph.build import current
    from govgraph.pipeline import load_networkx

    page = opened(browser, current(demo_out) / "graph.html")
    assert_clean(page)
    G = load_networkx(demo_out)
    assert rendered_nodes(page) == G.number_of_nodes()
    drawn, overlaps = label_overlaps(page)
    assert overlaps == 0
    assert drawn >= 10
    kinds = page.eval("govgraphLabels().map(b => govgraphNetwork.body.data.nodes.get(b.id).kind)")
    assert {"agency", "person", "document"} <= set(kinds)  # hubs of every main kind are named
    # zoomed in on one place, more labels are drawn (every kind in reach), still none overlapping
    page.eval("govgraphNetwork.moveTo({scale: 2.5}); govgraphNetwork.redraw()")
    zoomed = page.eval("govgraphLabels()")
    assert {"task", "post"} & {
        page.eval(f"govgraphNetwork.body.data.nodes.get({b['id']}).kind") for b in zoomed
    }
    assert label_overlaps(page)[1] == 0


@pytest.mark.parametrize(
    "view",
    [{"focus": "市经信局", "depth": 2}, {"document": "温政办〔2022〕74号"}, {"leader": "王振勇"}],
    ids=["agency", "document", "leader"],
)
def test_demo_focus_views_without_label_overlap(
    browser: Any, demo_out: Path, tmp_path: Path, view: dict[str, Any]
) -> None:
    from govgraph.pipeline import render_focus

    path, report = render_focus(demo_out, tmp_path / "view.html", **view)
    page = opened(browser, path)
    assert_clean(page)
    assert rendered_nodes(page) == report.nodes > 3
    drawn, overlaps = label_overlaps(page)
    assert overlaps == 0 and drawn >= min(report.nodes, 8)
    if "focus" in view:
        assert "焦点 focus: 温州市经济和信息化局" in page.eval(
            "document.getElementById('gg-stats').textContent"
        )
        assert page.eval("govgraphLabels()")[0]["text"] == "温州市经济和信息化局"  # the focus is named first


def test_clusters_carry_label_and_count(browser: Any, tmp_path: Path) -> None:
    G = schema_graph(300)
    out = tmp_path / "g.html"
    render_html(G, out)
    page = opened(browser, out)
    documents_with_tasks = {d for _, d, r in G.edges(data="relation") if r == "in_document"}
    before = page.eval("JSON.stringify(govgraphNetwork.getPositions())")
    assert page.eval("govgraphCluster('document')") == len(documents_with_tasks)
    page.eval("govgraphNetwork.redraw()")
    labels = page.eval("govgraphLabels()")
    clustered = [b for b in labels if str(b["id"]).startswith("cluster:")]
    assert clustered and all(" (+" in b["text"] for b in clustered)
    assert label_overlaps(page)[1] == 0
    assert page.eval("govgraphCluster('agency')") > 0
    page.eval("govgraphCluster('')")
    assert page.eval("govgraphNetwork.body.nodeIndices.length") == G.number_of_nodes()
    assert page.eval("JSON.stringify(govgraphNetwork.getPositions())") == before
    assert_clean(page)


# ---------------------------------------------------------------------------------------------
# Inspect, search, filter


def test_click_to_inspect_shows_the_evidence_of_a_fact(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    render_html(small_graph(), out)
    page = opened(browser, out)
    click_node(page, "温州市经济和信息化局")
    panel = page.page.locator("#gg-inspect")
    text = panel.inner_text()
    assert text.splitlines()[1] == "温州市经济和信息化局"
    assert "又称 aliases: 市经信局、温州市经信局" in text
    assert "温州市经济和信息化局 —牵头→ 推进数字化改革" in text
    assert f"{SOURCE} · 第12行 line 12" in text
    assert "张振丰 —分管→ 温州市经济和信息化局" in text
    # the sentence, with the entity's printed name marked
    lead = panel.locator(".gg-fact", has_text="推进数字化改革")
    assert lead.locator(".gg-ev").inner_text() == "（牵头单位：市经信局）"
    assert lead.locator(".gg-ev mark").inner_text() == "市经信局"
    assert_clean(page)


def test_a_duty_shows_its_validity_and_ends_when_the_next_division_of_work_starts(
    browser: Any, tmp_path: Path
) -> None:
    from test_viz import add_edge, add_node

    G = small_graph()
    add_node(G, "p2", "person", "李四")
    # 张振丰 supervised 市经信局 from 2021 until the 2022 division of work gave it to 李四
    for u, v, key, attrs in list(G.edges(keys=True, data=True)):
        if attrs["relation"] == "supervises":
            G.edges[u, v, key].update(date="2021-03-01", valid_until="2022-06-01")
    add_edge(G, "p2", "a1", "supervises", date="2022-06-01", evidence="李四 分管市经信局", line=9)
    G.nodes["t1"]["date"] = "2022-10-13"
    out = tmp_path / "g.html"
    render_html(G, out)
    page = opened(browser, out)
    panel = page.eval("govgraphInspect('温州市经济和信息化局')")
    assert "张振丰 —分管→ 温州市经济和信息化局 · 2021-03-01 – 2022-06-01" in panel
    # the task's chain on its document's date goes to the leader of then
    assert "推进数字化改革 → 温州市经济和信息化局 → 李四" in page.eval("govgraphInspect('推进数字化改革')")
    page.page.fill("#gg-asof", "2022-07-01")
    page.page.dispatch_event("#gg-asof", "change")
    panel = page.eval("govgraphInspect('温州市经济和信息化局')")
    assert "李四 —分管→" in panel and "张振丰 —分管→" not in panel
    page.page.fill("#gg-asof", "2021-07-01")
    page.page.dispatch_event("#gg-asof", "change")
    panel = page.eval("govgraphInspect('温州市经济和信息化局')")
    assert "张振丰 —分管→" in panel and "李四 —分管→" not in panel
    assert_clean(page)


def test_inspecting_a_task_draws_its_chain(browser: Any, demo_out: Path) -> None:
    from govgraph.build import current

    page = opened(browser, current(demo_out) / "graph.html")
    text = page.eval("govgraphInspect('推动工业设计产业提升发展')")
    assert "推动工业设计产业提升发展 → 温州市经济和信息化局 → 王振勇" in text
    selected = page.eval(
        "govgraphNetwork.getSelectedNodes().map(id => govgraphNetwork.body.data.nodes.get(id).name)"
    )
    assert {"推动工业设计产业提升发展", "温州市经济和信息化局", "王振勇"} <= set(selected)
    assert_clean(page)


def test_demo_facts_link_to_their_line_from_the_output_folder_alone(
    browser: Any, demo_out: Path, tmp_path: Path
) -> None:
    import shutil

    shared = tmp_path / "shared"  # the output folder as sent to someone else: no input beside it
    shutil.copytree(demo_out, shared, symlinks=True)
    page = opened(browser, shared / "graph.html")
    page.eval("govgraphInspect('温州市经济和信息化局')")
    panel = page.page.locator("#gg-inspect")
    assert "辖区 jurisdiction: 温州市" in panel.inner_text()
    link = panel.locator(".gg-fact", has_text="两大万亿产业集群培育政策").locator(".gg-src a")
    assert link.get_attribute("href") == "sources/wenzhou-gazette-2024-02.txt.html#L2024"
    with page.page.context.expect_page() as new_page:
        link.click()
    source = new_page.value
    source.wait_for_selector("li:target")
    assert source.url.startswith(shared.resolve().as_uri())
    assert source.url.endswith("/sources/wenzhou-gazette-2024-02.txt.html#L2024")
    # the clause (由市经信局牵头实施) ends on the cited line, which the page marks
    assert "牵头实施" in source.locator("#L2024").inner_text()
    assert source.evaluate("document.querySelector(':target').id") == "L2024"
    document = page.eval("govgraphInspect('温政办〔2022〕74号')")
    assert "标题 title: 温州市人民政府办公室关于印发温州市老旧工业区改造提升三年行动方案的通知" in document
    assert_clean(page)


def test_search_by_alias_suggests_near_misses_and_says_when_nothing_matches(
    browser: Any, tmp_path: Path
) -> None:
    G = schema_graph(200)
    out = tmp_path / "g.html"
    render_html(G, out)
    page = opened(browser, out)
    page.eval("document.getElementById('gg-neighbours').checked = false")
    assert page.eval("govgraphFilter('市3局')") == 1  # the alias, exactly one agency
    agencies = sum(1 for _, k in G.nodes(data="kind") if k == "agency")
    assert page.eval("govgraphFilter('', ['agency'])") == agencies
    every_kind = sorted(NODE_STYLES)
    assert page.eval(f"govgraphFilter('', {json.dumps(every_kind)})") == G.number_of_nodes()
    # a near miss: no node has it, the page says so and proposes the closest names
    page.search("温州市第三局")
    assert page.page.inner_text("#gg-search-message").startswith("没有找到“温州市第三局” · nothing matches")
    assert "did you mean" in page.page.inner_text("#gg-search-message")
    assert page.page.locator("#gg-suggestions button").count() >= 1
    page.search("完全不存在")
    assert page.eval("document.body.dataset.visibleNodes") == "0"
    assert page.page.inner_text("#gg-search-message") == "没有找到“完全不存在” · nothing matches"
    assert page.page.locator("#gg-suggestions button").count() == 0
    assert_clean(page)


def test_demo_suggestions_for_short_and_wrong_agency_names(browser: Any, demo_out: Path) -> None:
    from govgraph.build import current

    page = opened(browser, current(demo_out) / "graph.html")
    for typed in ("市经信", "市经济信息局"):
        page.search(typed)
        buttons = page.page.locator("#gg-suggestions button").all_inner_texts()
        assert any(b.startswith("温州市经济和信息化局") for b in buttons), (typed, buttons)
    page.page.locator("#gg-suggestions button", has_text="温州市经济和信息化局").first.click()
    assert "温州市经济和信息化局" in page.page.inner_text("#gg-inspect")
    assert_clean(page)


def test_as_of_date_hides_duties_not_valid_then(browser: Any, demo_out: Path) -> None:
    from govgraph.build import current

    page = opened(browser, current(demo_out) / "graph.html")
    visible_duties = (
        "govgraphNetwork.body.data.edges.get()"
        ".filter(e => !e.hidden && e.relations.indexOf('supervises') >= 0).length"
    )
    before = page.eval(visible_duties)
    assert before > 0
    page.eval("govgraphInspect('温州市经济和信息化局')")
    assert "王振勇 —分管→ 温州市经济和信息化局" in page.page.inner_text("#gg-inspect")
    page.page.fill("#gg-asof", "2023-01-01")  # before the 2024 division of work
    page.page.dispatch_event("#gg-asof", "change")
    assert page.eval(visible_duties) < before
    # the panel shows what the filters keep, and says how much they hide
    panel = page.page.inner_text("#gg-inspect")
    assert "王振勇 —分管→" not in panel and "1 facts hidden by the filters" in panel
    page.page.fill("#gg-asof", "")
    page.page.dispatch_event("#gg-asof", "change")
    assert page.eval(visible_duties) == before
    assert_clean(page)


# ---------------------------------------------------------------------------------------------
# Gazette text never becomes markup


def test_markup_in_labels_stays_text(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "evil.html"
    render_html(evil_graph(), out, title=EVIL_ALIAS)
    page = opened(browser, out)
    assert_clean(page)
    assert page.eval("document.title") == EVIL_ALIAS
    text = page.eval(f"govgraphInspect({json.dumps(EVIL_LABEL)})")
    assert EVIL_LABEL in text and EVIL_ALIAS in text
    assert page.eval("document.querySelectorAll('img').length") == 0
    assert page.dialogs == []


def test_gazette_markup_stays_text(browser: Any, tmp_path: Path) -> None:
    """Markup printed in a gazette goes through extraction, the graph and the page as text:
    nothing runs, nothing loads, and the reader sees the characters."""
    from repo import DATA_DIR

    from govgraph.build import current
    from govgraph.pipeline import build, load_networkx

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
    G = load_networkx(tmp_path / "out")
    assert len([k for k, a in G.nodes(data=True) if evil in f"{a.get('label')} {a.get('evidence')}"]) > 10
    page = opened(browser, current(tmp_path / "out") / "graph.html")
    assert_clean(page)
    assert rendered_nodes(page) == G.number_of_nodes()
    shown = page.eval(f"govgraphInspect({json.dumps('支持企业高质量发展' + evil)})")
    assert evil in shown  # shown as characters in the panel
    assert page.eval("document.querySelectorAll('img, script').length") == 2  # our two scripts only
    assert page.dialogs == []


def test_tooltip_shows_evidence_on_hover(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    render_html(small_graph(), out)
    page = opened(browser, out)
    point = page.eval(
        """() => {
          var net = govgraphNetwork;
          var node = net.body.data.nodes.get().filter(n => n.name === '张振丰')[0];
          var p = net.canvasToDOM(net.getPositions([node.id])[node.id]);
          var r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
          return {x: r.left + p.x, y: r.top + p.y};
        }"""
    )
    page.page.mouse.move(point["x"], point["y"])
    page.page.wait_for_selector("div.vis-tooltip", state="visible")
    assert page.page.inner_text("div.vis-tooltip").startswith("张振丰")
    assert_clean(page)


def test_an_empty_graph_is_a_blank_page_without_errors(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "blank.html"
    render_html(nx.MultiDiGraph(), out)
    page = opened(browser, out)
    assert_clean(page)
    assert rendered_nodes(page) == 0
    assert ImageStat.Stat(network_pixels(page).convert("L")).stddev[0] < 2
