"""Tests of govgraph.viz against networkx graphs built by hand per the CONTRACTS.md schema."""

from __future__ import annotations

import random
import re
from pathlib import Path

import networkx as nx
import pytest

EDGE_LABELS = {
    "leads": "牵头", "participates": "配合", "assigned": "责任", "supervises": "分管", "assists": "协助分管",
    "liaises": "联系", "directs": "主持", "holds": "任职", "post_in": "隶属", "appointed": "任",
    "removed": "免", "repeals": "废止", "based_on": "依据", "amends": "修改", "issues": "印发",
    "cites": "引用", "in_document": "属于", "subtask_of": "下级任务", "sub_organization_of": "隶属",
}
SOURCE = "2022-05.txt"


def add_node(G: nx.MultiDiGraph, key: str, kind: str, label: str, **attrs: object) -> str:
    values: dict[str, object] = {
        "kind": kind, "label": label, "aliases": "", "in_registry": kind == "agency", "source": SOURCE,
        "line": 0, "evidence": "", "doc": "", "date": "",
    }
    values.update(attrs)
    G.add_node(key, **values)
    return key


def add_edge(G: nx.MultiDiGraph, u: str, v: str, relation: str, **attrs: object) -> None:
    values: dict[str, object] = {"relation": relation, "label": EDGE_LABELS[relation], "source": SOURCE,
                                 "line": 0, "evidence": "", "date": ""}
    values.update(attrs)
    G.add_edge(u, v, **values)


def schema_graph(n_nodes: int = 120, seed: int = 7) -> nx.MultiDiGraph:
    """A gazette-shaped graph of about ``n_nodes`` nodes: documents with tasks led by agencies,
    leaders supervising agencies, posts, appointments and cross-references."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    base = "https://govgraph.example/id/"
    n_agencies = max(3, n_nodes // 8)
    n_people = max(2, n_nodes // 25)
    n_docs = max(2, n_nodes // 20)
    agencies = [add_node(G, f"{base}agency/{i}", "agency", f"温州市第{i}局", aliases=f"市{i}局",
                         line=i + 1, evidence=f"温州市第{i}局（简称市{i}局）") for i in range(n_agencies)]
    for i, agency in enumerate(agencies[1:], start=1):
        if i % 7 == 0:
            add_edge(G, agency, agencies[0], "sub_organization_of")
    collective = add_node(G, f"{base}collective/各县（市、区）政府", "collective", "各县（市、区）政府")
    people = []
    for i in range(n_people):
        person = add_node(G, f"{base}person/{i}", "person", f"张{i}")
        post = add_node(G, f"{base}post/{i}", "post", f"副市长{i}")
        add_edge(G, person, post, "holds", line=10 + i, evidence=f"张{i}任副市长")
        add_edge(G, post, agencies[0], "post_in")
        for agency in rng.sample(agencies, min(4, len(agencies))):
            add_edge(G, person, agency, rng.choice(["supervises", "assists", "liaises"]), line=20 + i,
                     evidence=f"张{i}分管{G.nodes[agency]['label']}")
        people.append(person)
    docs = []
    for i in range(n_docs):
        label = f"温政办〔2022〕{i + 1}号"
        doc = add_node(G, f"{base}document/{i}", "document", label, date="2022-05-01", line=100 + i)
        add_edge(G, rng.choice(agencies), doc, "issues")
        if docs:
            add_edge(G, doc, rng.choice(docs), rng.choice(["repeals", "based_on", "cites"]), line=100 + i)
        docs.append(doc)
    i = 0
    while G.number_of_nodes() < n_nodes:
        doc = docs[i % n_docs]
        kind = "clause" if i % 9 == 8 else "task"
        task = add_node(G, f"{base}{kind}/{i}", kind, f"任务{i}：推进重点工作第{i}项",
                        doc=G.nodes[doc]["label"], line=200 + i,
                        evidence=f"（责任单位：温州市第{i % n_agencies}局）")
        add_edge(G, task, doc, "in_document")
        add_edge(G, rng.choice(agencies), task, "leads", line=200 + i, evidence=f"牵头单位 {i}")
        for agency in rng.sample(agencies, 2):
            add_edge(G, agency, task, "participates", line=200 + i)
        if i % 13 == 0:
            add_edge(G, collective, task, "assigned")
        i += 1
    return G


EVIL_LABEL = "<script>alert(1)</script>"
EVIL_ALIAS = "</script><img src=x onerror=alert(1)>"
RESOURCE_URL = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
NODES_JSON = re.compile(r"var rawNodes = (\[.*?\]);\n")
EDGES_JSON = re.compile(r"var rawEdges = (\[.*?\]);\n")


def evil_graph() -> nx.MultiDiGraph:
    G = schema_graph(40)
    agency = add_node(G, "x:evil-agency", "agency", EVIL_LABEL, aliases=EVIL_ALIAS,
                      evidence=EVIL_ALIAS + " & <!-- ", line=3)
    task = add_node(G, "x:evil-task", "task", EVIL_ALIAS, doc=EVIL_LABEL)
    add_edge(G, agency, task, "leads", evidence="<img src=x onerror=alert(2)>", label="</script><b>牵头</b>")
    return G


def page_nodes(page: str) -> list[dict[str, object]]:
    import json

    match = NODES_JSON.search(page)
    assert match, "node data not found in the page"
    return json.loads(match.group(1))


def page_edges(page: str) -> list[dict[str, object]]:
    import json

    match = EDGES_JSON.search(page)
    assert match, "edge data not found in the page"
    return json.loads(match.group(1))


def small_graph() -> nx.MultiDiGraph:
    """doc <-in_document- task -> (led by) agency <-supervises- person -holds-> post -post_in-> agency0."""
    G = nx.MultiDiGraph()
    add_node(G, "d1", "document", "温政办〔2022〕74号")
    add_node(G, "d0", "document", "温政办〔2018〕96号")
    add_node(G, "t1", "task", "推进数字化改革", doc="温政办〔2022〕74号")
    add_node(G, "t2", "task", "完善平台建设", doc="温政办〔2022〕74号")
    add_node(G, "t9", "task", "别的任务", doc="温政办〔2018〕96号")
    add_node(G, "a1", "agency", "温州市经济和信息化局", aliases="市经信局|温州市经信局")
    add_node(G, "a2", "agency", "温州市自然资源和规划局", aliases="市自然资源和规划局")
    add_node(G, "a3", "agency", "温州市公安局")
    add_node(G, "p1", "person", "张振丰")
    add_node(G, "post1", "post", "市长")
    add_node(G, "gov", "agency", "温州市人民政府", aliases="市政府")
    add_edge(G, "t1", "d1", "in_document")
    add_edge(G, "t2", "t1", "subtask_of")
    add_edge(G, "t9", "d0", "in_document")
    add_edge(G, "a1", "t1", "leads", evidence="（牵头单位：市经信局）", line=12)
    add_edge(G, "a2", "t2", "participates")
    add_edge(G, "a3", "t9", "leads")
    add_edge(G, "d1", "d0", "repeals", evidence="温政办〔2018〕96号同时废止", line=40)
    add_edge(G, "p1", "a1", "supervises", evidence="张振丰 分管市经信局", line=7)
    add_edge(G, "p1", "post1", "holds")
    add_edge(G, "post1", "gov", "post_in")
    return G


def test_viz_page_is_offline(tmp_path: Path) -> None:
    from govgraph.viz import render_html

    out = tmp_path / "graph.html"
    render_html(schema_graph(200), out)
    page = out.read_text(encoding="utf-8")
    assert RESOURCE_URL.search(page) is None
    assert "<link" not in page
    assert re.search(r"<script[^>]*\ssrc\s*=", page) is None
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert "vis.Network" in page  # vis-network itself is inlined, not fetched


def test_viz_escapes_gazette_text(tmp_path: Path) -> None:
    from govgraph.viz import render_html

    out = tmp_path / "evil.html"
    render_html(evil_graph(), out, title=EVIL_ALIAS)
    page = out.read_text(encoding="utf-8")
    assert EVIL_LABEL not in page
    assert EVIL_ALIAS not in page
    assert "<img" not in page and "<b>牵头" not in page
    # only our own two script elements (inlined vis-network, then our code) are ever closed
    assert page.count("</script") == 2
    # visible text is HTML-escaped, tooltip markup is escaped inside the JSON
    assert "<title>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</title>" in page
    nodes = {n["label"]: n for n in page_nodes(page)}
    evil = next(n for n in nodes.values() if str(n["search"]).startswith("<script>"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(evil["title"])
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in str(evil["title"])
    assert "<script" not in str(evil["title"]) and "<img" not in str(evil["title"])


def test_viz_legend_lists_kinds_and_relations(tmp_path: Path) -> None:
    from govgraph.viz import NODE_STYLES, render_html

    G = schema_graph(150)
    out = tmp_path / "g.html"
    render_html(G, out)
    page = out.read_text(encoding="utf-8")
    legend = page[page.index('id="gg-kinds"'):page.index('id="gg-network"')]
    for kind, style in NODE_STYLES.items():
        count = sum(1 for _, k in G.nodes(data="kind") if k == kind)
        assert re.search(rf'value="{kind}" checked>.*?{style.name_zh} {kind}<span class="gg-count">{count}<',
                         legend, re.S), kind
    relations = {(rel, label) for _, _, rel in G.edges(data="relation") for label in [EDGE_LABELS[rel]]}
    for rel, label in relations:
        count = sum(1 for _, _, r in G.edges(data="relation") if r == rel)
        assert re.search(rf'{label} <small>{rel}</small><span class="gg-count">{count}<', legend), rel
    assert 'id="gg-search"' in page


def test_viz_node_and_edge_counts(tmp_path: Path) -> None:
    from govgraph.viz import render_html

    G = schema_graph(300)
    out = tmp_path / "g.html"
    report = render_html(G, out)
    page = out.read_text(encoding="utf-8")
    nodes = page_nodes(page)
    assert report.path == out
    assert report.nodes == len(nodes) == G.number_of_nodes() == 300
    assert report.edges == report.total_edges == G.number_of_edges()
    assert not report.reduced
    assert f'data-graph-nodes="{G.number_of_nodes()}"' in page
    assert sorted(n["kind"] for n in nodes) == sorted(k for _, k in G.nodes(data="kind"))
    # every node has a laid-out position, and the browser does not run physics
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)
    assert re.search(r'"physics":\s*\{\s*"enabled":\s*false\s*\}', page)


def test_viz_tooltips_carry_evidence_and_source(tmp_path: Path) -> None:
    from govgraph.viz import render_html

    out = tmp_path / "g.html"
    render_html(small_graph(), out)
    page = out.read_text(encoding="utf-8")
    nodes = {n["label"]: n for n in page_nodes(page)}
    edges = page_edges(page)
    lead = next(e for e in edges if e["label"] == "牵头" and e["to"] == nodes["推进数字化改革"]["id"])
    assert "（牵头单位：市经信局）" in lead["title"]
    assert f"{SOURCE}, line 12" in lead["title"]
    assert "市经信局、温州市经信局" in str(nodes["温州市经济和信息化局"]["title"])
    assert "市经信局" in str(nodes["温州市经济和信息化局"]["search"])
    assert {e["label"] for e in edges} >= {"牵头", "配合", "分管", "废止", "任职", "隶属", "属于", "下级任务"}


def test_viz_parallel_edges_share_one_line(tmp_path: Path) -> None:
    from govgraph.viz import render_html

    G = small_graph()
    add_edge(G, "a1", "t1", "participates", line=13)
    out = tmp_path / "g.html"
    report = render_html(G, out)
    edges = page_edges(out.read_text(encoding="utf-8"))
    assert len(edges) == G.number_of_edges() - 1
    assert report.edges == G.number_of_edges()
    assert any(e["label"] == "牵头/配合" for e in edges)


def test_viz_focus_depth() -> None:
    from govgraph.viz import neighbourhood, render_page, resolve_focus

    G = small_graph()
    assert neighbourhood(G, "t1", 0) == {"t1"}
    assert neighbourhood(G, "t1", 1) == {"t1", "d1", "t2", "a1"}  # edges in either direction
    assert neighbourhood(G, "t1", 2) == {"t1", "d1", "t2", "a1", "d0", "a2", "p1"}
    assert resolve_focus(G, "市经信局") == "a1"  # alias
    assert resolve_focus(G, "温州市经济和信息化局") == "a1"  # label
    assert resolve_focus(G, "a1") == "a1"  # key
    page, report = render_page(G, focus="市经信局", depth=1)
    assert report.focus == "a1"
    assert report.nodes == 3 == len(page_nodes(page))  # a1, t1, p1
    assert {n["label"] for n in page_nodes(page)} == {"温州市经济和信息化局", "推进数字化改革", "张振丰"}
    assert "焦点 focus: 温州市经济和信息化局" in page


def test_viz_focus_unknown_name_is_an_error(tmp_path: Path) -> None:
    from govgraph.errors import QueryError
    from govgraph.viz import render_html

    out = tmp_path / "g.html"
    with pytest.raises(QueryError, match="不存在的局"):
        render_html(small_graph(), out, focus="不存在的局")
    assert not out.exists()


def test_viz_focus_document_and_leader() -> None:
    from govgraph.viz import focus_document, focus_leader

    G = small_graph()
    assert focus_document(G, "温政办〔2022〕74号") == {"d1", "t1", "t2", "a1", "a2", "d0"}
    assert focus_document(G, "d0") == {"d0", "t9", "a3", "d1"}
    assert focus_leader(G, "张振丰") == {"p1", "post1", "gov", "a1", "t1"}


def test_viz_is_deterministic(tmp_path: Path) -> None:
    from govgraph.viz import render_html

    G = schema_graph(400)
    render_html(G, tmp_path / "a.html")
    render_html(G, tmp_path / "b.html")
    # the same graph built in another order gives the same page
    shuffled = nx.MultiDiGraph()
    rng = random.Random(3)
    nodes = list(G.nodes(data=True))
    edges = list(G.edges(data=True))
    rng.shuffle(nodes)
    rng.shuffle(edges)
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(edges)
    render_html(shuffled, tmp_path / "c.html")
    a = (tmp_path / "a.html").read_bytes()
    assert a == (tmp_path / "b.html").read_bytes() == (tmp_path / "c.html").read_bytes()


def test_viz_large_graph_is_reduced_with_a_banner(tmp_path: Path) -> None:
    from govgraph.viz import render_html

    G = schema_graph(600)
    out = tmp_path / "g.html"
    report = render_html(G, out, max_nodes=100)
    page = out.read_text(encoding="utf-8")
    assert report.reduced and report.nodes == 100 and report.total_nodes == 600
    assert 'id="gg-banner"' in page and "100 best-connected of 600 nodes" in page
    drawn = {n["label"] for n in page_nodes(page)}
    best = sorted(G.nodes, key=lambda n: (-G.degree(n), n))[:100]
    assert drawn == {G.nodes[n]["label"] for n in best}
    # a focused node is kept even if it is poorly connected
    leaf = min(G.nodes, key=lambda n: (G.degree(n), n))
    report = render_html(G, out, focus=leaf, depth=10, max_nodes=50)
    assert report.reduced and report.nodes == 50 and report.focus == leaf
    assert G.nodes[leaf]["label"][:5] in out.read_text(encoding="utf-8")


def test_viz_small_graphs_are_not_reduced(tmp_path: Path) -> None:
    from govgraph.viz import render_html

    out = tmp_path / "g.html"
    report = render_html(schema_graph(100), out, max_nodes=100)
    assert not report.reduced and 'id="gg-banner"' not in out.read_text(encoding="utf-8")
    empty = render_html(nx.MultiDiGraph(), tmp_path / "empty.html")
    assert empty.nodes == 0 and empty.edges == 0


def test_viz_writes_atomically(tmp_path: Path) -> None:
    from govgraph.errors import ExportError, QueryError
    from govgraph.viz import render_html

    (tmp_path / "taken.html").mkdir()
    with pytest.raises(ExportError, match=r"taken\.html"):
        render_html(small_graph(), tmp_path / "taken.html")
    (tmp_path / "taken.html").rmdir()
    out = tmp_path / "g.html"
    out.write_text("previous version", encoding="utf-8")
    with pytest.raises(QueryError):
        render_html(small_graph(), out, focus="nobody")
    assert out.read_text(encoding="utf-8") == "previous version"
    render_html(small_graph(), out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.html"]  # no temporary files left


def test_viz_cluster_heads_by_document_and_agency() -> None:
    from govgraph.viz import cluster_heads

    G = small_graph()
    heads = cluster_heads(G, G.nodes)
    # tasks join their document; documents head their own cluster
    assert heads["document"] == {"t1": "d1", "t2": "d1", "t9": "d0", "d1": "d1", "d0": "d0"}
    # t2 has only a 配合 unit, so it goes with its parent's lead unit; a unit heads its cluster
    assert heads["agency"] == {"t1": "a1", "t2": "a1", "t9": "a3", "a1": "a1", "a3": "a3"}
    # only what is drawn: without a1, t1 and t2 stay unclustered by agency
    heads = cluster_heads(G, set(G.nodes) - {"a1"})
    assert heads["agency"] == {"t9": "a3", "a3": "a3"}


def test_viz_cluster_by_agency_takes_the_unit_listed_first() -> None:
    from govgraph.viz import cluster_heads

    G = small_graph()
    add_node(G, "t3", "task", "推进智慧交通", doc="温政办〔2022〕74号")
    evidence = "（责任单位：市自然资源和规划局、市经信局）"
    add_edge(G, "a1", "t3", "assigned", evidence=evidence)
    add_edge(G, "a2", "t3", "assigned", evidence=evidence)
    add_edge(G, "a3", "t3", "participates", evidence="配合单位：市公安局")
    assert cluster_heads(G, G.nodes)["agency"]["t3"] == "a2"  # named first, by its alias
    add_edge(G, "a3", "t3", "leads", evidence="牵头单位：市公安局")
    assert cluster_heads(G, G.nodes)["agency"]["t3"] == "a3"  # 牵头 before 责任


def test_viz_page_carries_clusters(tmp_path: Path) -> None:
    from govgraph.errors import QueryError
    from govgraph.viz import render_html

    out = tmp_path / "g.html"
    render_html(small_graph(), out, cluster="agency")
    page = out.read_text(encoding="utf-8")
    nodes = {n["label"]: n for n in page_nodes(page)}
    assert nodes["推进数字化改革"]["cluster_document"] == nodes["温政办〔2022〕74号"]["id"]
    assert nodes["完善平台建设"]["cluster_agency"] == nodes["温州市经济和信息化局"]["id"]
    assert "cluster_agency" not in nodes["张振丰"]
    assert '<option value="agency" selected>' in page
    with pytest.raises(QueryError, match="cluster"):
        render_html(small_graph(), out, cluster="county")


def test_viz_network_is_built_with_pyvis(tmp_path: Path) -> None:
    """The page's data is what pyvis's Network hands its template: every node and edge added
    through its API, directed, with our options."""
    from govgraph.viz.page import build_page_data, pyvis_network

    G = small_graph()
    page = build_page_data(G, set(G.nodes))
    net = pyvis_network(page, "t")
    nodes, edges, heading, _, _, options = net.get_network_data()
    assert heading == "t" and len(nodes) == G.number_of_nodes() and len(edges) == len(page.edges)
    assert all(e["arrows"] == "to" for e in edges)
    assert '"physics": {"enabled": false}' in options
    # the inspection data travels with each node and edge: names, provenance, facts
    agency = next(n for n in nodes if n["name"] == "温州市经济和信息化局")
    assert agency["aliases"] == ["市经信局", "温州市经信局"]
    lead = next(e for e in edges if e["from"] == agency["id"] and "leads" in e["relations"])
    assert lead["facts"][0]["source"] == SOURCE and lead["facts"][0]["line"] == 12

