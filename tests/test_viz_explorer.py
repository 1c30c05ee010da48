"""The served explorer: ``govgraph serve`` sends the page at ``/``, and the page asks the bounded
SPARQL endpoint (``/query``) for everything it shows.  Real Chromium through Playwright, 127.0.0.1."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import Page, chromium_problem, launch, open_page

from govgraph.query.serve import Endpoint, Limits, running_server
from govgraph.viz.explorer import explorer_queries, fill


@pytest.fixture(scope="module")
def endpoint(demo_out: Path) -> Iterator[Endpoint]:
    limits = Limits(timeout_s=10, memory_mb=1024, workers=2)
    with running_server(demo_out, limits=limits) as running:  # the gazettes' text: OUT/sources
        yield running


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


def explorer(browser: Any, endpoint: Endpoint) -> Page:
    return open_page(browser, endpoint.url + "/", origin=endpoint.url)


def sparql(endpoint: Endpoint, text: str) -> list[dict[str, str]]:
    data = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(
        endpoint.query_url, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def test_every_explorer_query_runs_on_the_endpoint(endpoint: Endpoint) -> None:
    queries = explorer_queries()
    agency = sparql(endpoint, fill(queries["search"], q="经信", limit=5))
    assert any(r["label"] == "温州市经济和信息化局" for r in agency)
    iri = next(r["node"] for r in agency if r["label"] == "温州市经济和信息化局")
    near = sparql(endpoint, fill(queries["suggest"], q="市经济信息局", limit=5))
    assert near and near[0]["label"] == "温州市经济和信息化局"
    facts = sparql(endpoint, fill(queries["facts"], node=iri, limit=300))
    lead = next(r for r in facts if r["other_label"] == "两大万亿产业集群培育政策")
    assert lead["evidence"] == "（由市经信局牵头实施）" and lead["gazette"] == "wenzhou-gazette-2024-02.txt"
    units = sparql(endpoint, fill(queries["chain"], node=lead["other"]))
    assert [(u["unit_label"], u["date"]) for u in units] == [("温州市经济和信息化局", "2024-02-23")]
    duties = sparql(endpoint, fill(queries["duties"], node=iri, date="2024-02-23"))
    assert [(d["leader_label"], d.get("title")) for d in duties] == [("王振勇", "副市长")]
    assert sparql(endpoint, fill(queries["duties"], node=iri, date="2023-01-01")) == []


def test_explorer_opens_empty_and_asks_only_its_own_server(browser: Any, endpoint: Endpoint) -> None:
    page = explorer(browser, endpoint)
    assert page.eval("document.body.dataset.renderedNodes") == "0"
    assert "Start with a search" in page.page.inner_text("#gg-inspect")
    assert page.problems() == []


def test_explorer_search_suggest_inspect_and_expand(browser: Any, endpoint: Endpoint) -> None:
    page = explorer(browser, endpoint)
    assert page.eval("govgraphSearch('市经信')") >= 1
    assert page.page.locator("#gg-suggestions button").first.inner_text() == "温州市经济和信息化局 · 机构"
    assert page.eval("govgraphSearch('市经济信息局')") >= 1  # a near miss
    assert page.page.inner_text("#gg-search-message").startswith("没有找到“市经济信息局” · nothing matches")
    assert page.eval("govgraphSearch('完全不存在的名字')") == 0
    assert page.page.inner_text("#gg-search-message") == "没有找到“完全不存在的名字” · nothing matches"
    page.eval("govgraphSearch('市经信')")
    page.page.locator("#gg-suggestions button").first.click()
    page.settled()
    page.page.wait_for_function("document.body.dataset.inspected")
    panel = page.page.locator("#gg-inspect")
    lead = panel.locator(".gg-fact", has_text="两大万亿产业集群培育政策")
    assert "wenzhou-gazette-2024-02.txt · 第2024行 line 2024" in lead.inner_text()
    assert lead.locator("mark").inner_text() == "市经信局"
    shown = int(page.eval("document.body.dataset.visibleNodes"))
    panel.locator(".gg-expand", has_text="牵头").click()
    assert int(page.eval("document.body.dataset.visibleNodes")) == shown + 18
    boxes = page.eval("govgraphLabels()")
    assert len(boxes) > 5
    assert not any(
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
    )
    assert page.problems() == []


def test_explorer_task_chain(browser: Any, endpoint: Endpoint) -> None:
    page = explorer(browser, endpoint)
    page.eval("govgraphSearch('推动工业设计产业提升发展')")
    page.page.locator("#gg-suggestions button", has_text="任务").first.click()
    page.settled()
    page.page.wait_for_selector(".gg-chain")
    assert "推动工业设计产业提升发展 → 温州市经济和信息化局 → 王振勇 (副市长)" in page.page.inner_text(
        ".gg-chain"
    )
    assert page.problems() == []


def test_search_text_is_a_literal_not_sparql(browser: Any, endpoint: Endpoint) -> None:
    page = explorer(browser, endpoint)
    assert page.eval("""govgraphSearch('") } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #')""") == 0
    assert "nothing matches" in page.page.inner_text("#gg-search-message")
    assert page.problems() == []


def test_a_fact_links_to_its_line_in_the_gazette(browser: Any, endpoint: Endpoint) -> None:
    page = explorer(browser, endpoint)
    page.eval("govgraphSearch('市经信')")
    page.page.locator("#gg-suggestions button").first.click()
    page.settled()
    link = page.page.locator("#gg-inspect .gg-fact", has_text="两大万亿产业集群培育政策").locator("a")
    assert link.get_attribute("href") == "source/wenzhou-gazette-2024-02.txt#L2024"
    source = open_page(
        browser,
        f"{endpoint.url}/source/wenzhou-gazette-2024-02.txt#L2024",
        origin=endpoint.url,
        wait_rendered=False,
    )
    line = source.page.locator("#L2024")
    assert "牵头实施" in line.inner_text()  # the clause (由市经信局牵头实施) ends on the cited line
    assert source.eval("document.querySelector(':target').id") == "L2024"
    assert source.problems() == []
    # what a node is: its jurisdiction, served by the same endpoint
    assert "辖区 jurisdiction: 温州市" in page.page.inner_text("#gg-inspect")


def test_source_view_stays_inside_the_sources_folder(endpoint: Endpoint) -> None:
    for name in ("../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "missing.txt"):
        try:
            urllib.request.urlopen(f"{endpoint.url}/source/{name}", timeout=10)
        except urllib.error.HTTPError as err:
            assert err.code == 404, name
        else:
            raise AssertionError(f"{name} was served")


GG = "https://w3id.org/govgraph/ontology#"
AGENCY = "https://w3id.org/govgraph/id/agency/" + urllib.parse.quote("温州市经济和信息化局")


def test_the_page_fills_the_queries_as_the_benchmark_does(browser: Any, endpoint: Endpoint) -> None:
    page = explorer(browser, endpoint)
    queries = explorer_queries()
    filters = {
        "relations": [f"{GG}Lead", f"{GG}supervises", "appoint"],
        "types": ["http://www.w3.org/ns/org#Organization"],
        "document": "https://w3id.org/govgraph/id/document/x",
        "asof": "2024-01-01",
    }
    for name in ("facts", "counts", "links", "search"):
        for chosen in ({}, filters, {"asof": "2023-05-06"}):
            values = {"node": AGENCY, "q": "市经信", "limit": 7}
            mine = fill(queries[name], **values, **chosen)  # type: ignore[arg-type]
            theirs = page.eval(
                "(v) => govgraphFill(v.name, v.values)",
                {"name": name, "values": {**values, "filters": chosen}},
            )
            assert theirs == mine, (name, chosen)
    assert page.problems() == []


def test_filters_are_applied_by_the_server(endpoint: Endpoint) -> None:
    queries = explorer_queries()

    def facts(**filters: Any) -> list[dict[str, str]]:
        return sparql(endpoint, fill(queries["facts"], node=AGENCY, limit=5, **filters))

    def counts(**filters: Any) -> dict[str, int]:
        rows = sparql(endpoint, fill(queries["counts"], node=AGENCY, **filters))
        return {r["rel"].removeprefix(GG): int(r["n"]) for r in rows}

    assert counts() == {"Lead": 18, "Unspecified": 7, "Participant": 15, "supervises": 1}
    # one answer holds 5 of 41 facts; asked for duties only, the server finds the one there is
    duty = facts(relations=[f"{GG}supervises"])
    assert [(r["other_label"], r["date"]) for r in duty] == [("王振勇", "2024-02-18")]
    assert facts(relations=[f"{GG}supervises"], asof="2023-01-01") == []  # before that division of work
    assert {r["other_label"] for r in facts(types=["http://xmlns.com/foaf/0.1/Person"])} == {"王振勇"}
    document = duty[0]["document"]
    assert counts(document=document) == {"supervises": 1}
    assert all(r["document"] == document for r in facts(document=document))
    found = sparql(
        endpoint, fill(queries["search"], q="经信", limit=30, types=["http://xmlns.com/foaf/0.1/Person"])
    )
    assert found == []


def test_changing_a_filter_asks_the_server_again(browser: Any, endpoint: Endpoint) -> None:
    page = explorer(browser, endpoint)
    sent: list[str] = []
    page.page.on("request", lambda r: sent.append(urllib.parse.unquote_plus(r.post_data or "")))
    page.eval("govgraphSearch('市经信')")
    page.page.locator("#gg-suggestions button").first.click()
    page.settled()
    panel = page.page.locator("#gg-inspect")
    assert panel.locator(".gg-fact").count() == 41 + 3
    sent.clear()
    page.eval(
        "document.querySelectorAll('.gg-relation').forEach(b => { b.checked = b.value === 'supervises'; })"
    )
    page.page.dispatch_event("input.gg-relation >> nth=0", "change")
    page.settled()
    assert any(f"FILTER (?rel IN (<{GG}supervises>))" in query for query in sent)
    assert [f.split("\n")[0] for f in panel.locator(".gg-fact").all_inner_texts()] == [
        "王振勇 —分管→ 温州市经济和信息化局 · 2024-02-18"
    ]
    assert "43 facts hidden by the filters" in panel.inner_text()
    assert page.problems() == []


def test_only_one_document(browser: Any, endpoint: Endpoint) -> None:
    page = explorer(browser, endpoint)
    page.eval("govgraphSearch('温政办〔2024〕11号')")
    page.page.locator("#gg-suggestions button", has_text="文件").first.click()
    page.settled()
    assert "标题 title: 温州市人民政府办公室关于印发温州市进一步推动经济高质量发展若干政策的通知" in (
        page.page.inner_text("#gg-inspect")
    )
    page.page.click(".gg-only")
    page.settled()
    assert page.page.inner_text("#gg-docfilter-name") == "温政办〔2024〕11号"
    page.eval("govgraphSearch('市经信')")
    page.page.locator("#gg-suggestions button").first.click()
    page.settled()
    facts = page.page.locator("#gg-inspect .gg-fact").all_inner_texts()
    assert facts and all("wenzhou-gazette-2024-02.txt" in f for f in facts)
    # only its 3 sub-organisation links, stated by no document, are left out
    assert "3 facts hidden by the filters" in page.page.inner_text("#gg-inspect")
    page.page.click("#gg-docfilter-clear")
    page.settled()
    assert page.page.locator("#gg-inspect .gg-fact").count() == 41 + 3
    assert page.problems() == []
