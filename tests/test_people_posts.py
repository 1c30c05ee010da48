"""People in the graph: one post entity per (body, title), whoever states it."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph
from rdflib.namespace import ORG

from govgraph.extract import extract_gazette
from govgraph.graph import acting_split, build_graph, position_of
from govgraph.ingest import parse_gazette
from govgraph.namespace import GG
from govgraph.resolve import Resolver


@pytest.fixture(scope="module")
def demo_graph(demo_out: Path) -> Graph:
    g = Graph()
    g.parse(demo_out / "graph.nt", format="nt")
    return g


def _posts_by_body_and_title(g: Graph) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for post in g.subjects(RDF.type, ORG.Post):
        body = g.value(post, ORG.postIn)
        title = g.value(g.value(post, ORG.role), SKOS.prefLabel)
        out[(str(body), str(title))].append(str(post))
    return out


def test_demo_graph_has_one_post_per_body_and_title(demo_graph: Graph) -> None:
    posts = _posts_by_body_and_title(demo_graph)
    assert len(posts) > 20
    assert {k: v for k, v in posts.items() if len(v) > 1} == {}
    # No post's title repeats its body's name (post/X/副局长 and post/X/X副局长 were one position).
    for post in demo_graph.subjects(RDF.type, ORG.Post):
        body = demo_graph.value(post, ORG.postIn)
        title = str(demo_graph.value(demo_graph.value(post, ORG.role), SKOS.prefLabel))
        if body is not None:
            assert not title.startswith(str(demo_graph.value(body, SKOS.prefLabel))), post


def test_demo_graph_appointee_and_stated_official_hold_the_same_post(demo_graph: Graph) -> None:
    # Each holder holds each (body, title) once: the appointment's post and the official's
    # statement of it are one entity.
    for person in set(demo_graph.subjects(ORG.holds, None)):
        keys = [
            (
                str(demo_graph.value(p, ORG.postIn)),
                str(demo_graph.value(demo_graph.value(p, ORG.role), SKOS.prefLabel)),
            )
            for p in demo_graph.objects(person, ORG.holds)
        ]
        assert len(keys) == len(set(keys)), person


NEWS = """会议任命张三为市人民政府副市长、代理市长。

市长李四，代理市长张三，市人民政府副市长张三出席会议。
"""


def test_acting_post_is_the_post_itself_with_a_qualifier() -> None:
    assert acting_split("代理市长") == ("市长", "代理")
    assert acting_split("代市长") == ("市长", "代")
    assert acting_split("代表") == ("代表", None)
    assert position_of("温州市农业农村局副局长", "温州市农业农村局") == "副局长"
    ex = extract_gazette(parse_gazette(NEWS, "news.txt"))
    g = build_graph([ex], Resolver.default())
    zhang = [p for p, o in g.subject_objects(ORG.holds) if str(p).endswith("%E5%BC%A0%E4%B8%89")]
    posts = {str(o) for s, o in g.subject_objects(ORG.holds) if s in zhang}
    labels = {str(g.value(g.value(p, ORG.role), SKOS.prefLabel)) for p in g.subjects(RDF.type, ORG.Post)}
    assert "代理市长" not in labels and "市长" in labels
    assert len(posts) == 2  # 副市长 and 市长 (acting), each once
    notes = {str(o) for o in g.objects(None, GG.rankNote)}
    assert "代理" in notes
