"""Interactive HTML views of the govgraph networkx graph: the network built with pyvis, drawn by
vis-network in govgraph's own page.

The network is assembled through pyvis's API (``Network.add_node`` / ``add_edge``, options as a
dict) and handed to our template through ``Network.get_network_data``; the template
(``govgraph/viz/static/graph.html``) inlines a vendored vis-network 9.1.2 (``static/vendor/``,
from the npm package, with its Apache-2.0/MIT licences), so the page is one self-contained file
that works offline: pyvis's own templates load vis-network or a bootstrap tag from a CDN in every
mode but ``in_line``, and ``in_line`` only reaches files inside pyvis's package.

Positions come from :mod:`govgraph.viz.layout`.  Labels are drawn by the page itself, not by
vis-network: at every zoom the page ranks the nodes in view (focus, selection, then degree), and
draws a label only where it overlaps no label already drawn, the way Gephi and sigma.js cull
labels; zoomed in, every node kind is named.  Clicking a node opens an inspection panel with its
names, kind, dates and every fact that links it, each with the gazette, page and line and the
sentence, the node's name highlighted; for a task, the chain task → lead unit → supervising
leader on the document's date is drawn as a path.

Text read from gazettes is never trusted: tooltip HTML is built from ``html.escape``-d pieces,
visible text goes through Jinja's autoescape or ``textContent``, and the data JSON is embedded
with ``<``, ``>`` and ``&`` escaped as ``\\u003c``... so a label such as ``</script>`` cannot close
the script element.
"""

from __future__ import annotations

import html
import json
import logging
import math
import os
from collections import Counter, defaultdict, deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from govgraph.atomic import atomic_write_text
from govgraph.errors import ExportError, QueryError
from govgraph.viz.layout import layout_positions

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
TEMPLATE_NAME = "graph.html"
VIS_DIR = STATIC_DIR / "vendor" / "vis-network"

DEFAULT_MAX_NODES = 2500
"""Above this many nodes the page shows the best-connected nodes and a warning banner."""

DEFAULT_TITLE = "govgraph"
LABEL_MAX_CHARS = 14
MAX_NODE_SIZE = 36.0
EVIDENCE_MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class NodeStyle:
    name_zh: str
    shape: str
    color: str
    size: float
    font_size: int  # labels are hidden below about 8 px on screen, so small fonts vanish first


NODE_STYLES: dict[str, NodeStyle] = {
    "agency": NodeStyle("机构", "dot", "#1f77b4", 14, 18),
    "collective": NodeStyle("集合主体", "hexagon", "#17becf", 12, 16),
    "person": NodeStyle("人员", "triangle", "#d62728", 14, 18),
    "post": NodeStyle("职务", "triangleDown", "#ff7f0e", 10, 14),
    "document": NodeStyle("文件", "square", "#2ca02c", 14, 18),
    "task": NodeStyle("任务", "diamond", "#9467bd", 9, 13),
    "clause": NodeStyle("条款", "star", "#8c564b", 8, 13),
}
OTHER_STYLE = NodeStyle("其他", "dot", "#999999", 8, 13)


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    color: str
    dashes: bool = False


EDGE_STYLES: dict[str, EdgeStyle] = {
    # responsibility
    "leads": EdgeStyle("#c2185b"),
    "participates": EdgeStyle("#f48fb1"),
    "assigned": EdgeStyle("#ce93d8"),
    # leaders' division of work
    "supervises": EdgeStyle("#e65100"),
    "assists": EdgeStyle("#ffa726"),
    "liaises": EdgeStyle("#ffcc80", dashes=True),
    "directs": EdgeStyle("#bf360c"),
    # posts and appointments
    "holds": EdgeStyle("#6d4c41"),
    "post_in": EdgeStyle("#a1887f"),
    "appointed": EdgeStyle("#827717"),
    "removed": EdgeStyle("#9e9d24", dashes=True),
    # cross-document references
    "repeals": EdgeStyle("#1b5e20", dashes=True),
    "based_on": EdgeStyle("#388e3c"),
    "amends": EdgeStyle("#66bb6a"),
    "issues": EdgeStyle("#00695c"),
    "cites": EdgeStyle("#81c784"),
    # structure
    "in_document": EdgeStyle("#b0bec5"),
    "subtask_of": EdgeStyle("#90a4ae"),
    "sub_organization_of": EdgeStyle("#607d8b"),
}
OTHER_EDGE_STYLE = EdgeStyle("#bdbdbd")

DUTY_RELATIONS = frozenset({"supervises", "assists", "liaises", "directs"})
POST_RELATIONS = frozenset({"holds", "appointed", "removed"})
RESPONSIBILITY_RELATIONS = frozenset({"leads", "participates", "assigned"})
REFERENCE_RELATIONS = frozenset({"repeals", "based_on", "amends", "issues", "cites"})


@dataclass(frozen=True, slots=True)
class VizReport:
    """What :func:`render_html` wrote."""

    path: Path
    nodes: int  # nodes drawn
    edges: int  # graph edges drawn (parallel edges of one direction share one line)
    total_nodes: int  # nodes in the graph given (after focusing)
    total_edges: int
    reduced: bool  # True when only the best-connected nodes are drawn
    focus: str | None = None  # node key the view is centred on


# --------------------------------------------------------------------------- node selection


def find_nodes(G: nx.MultiDiGraph, name: str, *, kind: str | None = None) -> list[str]:
    """Node keys whose key, label or one of whose aliases is ``name``, sorted.

    An exact key wins; otherwise labels and aliases are compared after
    stripping surrounding whitespace.
    """
    if name in G and (kind is None or G.nodes[name].get("kind") == kind):
        return [name]
    wanted = name.strip()
    found = []
    for key, attrs in G.nodes(data=True):
        if kind is not None and attrs.get("kind") != kind:
            continue
        aliases = [a.strip() for a in str(attrs.get("aliases", "")).split("|") if a.strip()]
        if str(attrs.get("label", "")).strip() == wanted or wanted in aliases:
            found.append(key)
    return sorted(found)


def resolve_focus(G: nx.MultiDiGraph, focus: str) -> str:
    """The one node ``focus`` names (key, label or alias), or :class:`QueryError`."""
    found = find_nodes(G, focus)
    if not found:
        raise QueryError(f"no node with key, label or alias {focus!r} in the graph")
    if len(found) > 1:
        # Same label on different kinds (a document titled like an agency, say): prefer
        # the best-connected one, deterministically.
        found.sort(key=lambda n: (-G.degree(n), n))
        log.warning("focus %r matches %d nodes; using %s", focus, len(found), found[0])
    return found[0]


def neighbourhood(G: nx.MultiDiGraph, centre: str, depth: int) -> set[str]:
    """Nodes within ``depth`` hops of ``centre``, edges taken in either direction.

    BFS on an undirected *view*: ``nx.ego_graph(undirected=True)`` copies the whole
    graph on every call (shared/MEASURED.md).
    """
    if depth < 0:
        raise QueryError(f"depth must be >= 0, got {depth}")
    undirected = G.to_undirected(as_view=True)
    seen = {centre}
    frontier = deque([(centre, 0)])
    while frontier:
        node, dist = frontier.popleft()
        if dist == depth:
            continue
        for nb in undirected.adj[node]:
            if nb not in seen:
                seen.add(nb)
                frontier.append((nb, dist + 1))
    return seen


def _neighbours_by(G: nx.MultiDiGraph, node: str, relations: Collection[str]) -> set[str]:
    """Neighbours of ``node`` over edges whose relation is in ``relations``, either direction."""
    found = set()
    for _, other, rel in G.out_edges(node, data="relation"):
        if rel in relations:
            found.add(other)
    for other, _, rel in G.in_edges(node, data="relation"):
        if rel in relations:
            found.add(other)
    return found


def focus_document(G: nx.MultiDiGraph, doc_label: str) -> set[str]:
    """One document's view: the document, its tasks and clauses (and their sub-tasks),
    the agencies responsible for them, the issuing agency, and the documents it
    repeals, builds on, amends or cites (and that cite it).

    ``doc_label`` is a node key, a document number such as ``温政办〔2022〕74号`` or an alias.
    """
    docs = find_nodes(G, doc_label, kind="document")
    if not docs:
        raise QueryError(f"no document {doc_label!r} in the graph")
    keep: set[str] = set()
    for doc in docs:
        keep.add(doc)
        parts = _neighbours_by(G, doc, {"in_document"})
        label = G.nodes[doc].get("label", "")
        parts |= {
            n
            for n, attrs in G.nodes(data=True)
            if attrs.get("kind") in ("task", "clause") and label and attrs.get("doc") == label
        }
        # sub-tasks hang off tasks, not the document
        queue = deque(parts)
        while queue:
            task = queue.popleft()
            for sub in _neighbours_by(G, task, {"subtask_of"}):
                if sub not in parts:
                    parts.add(sub)
                    queue.append(sub)
        keep |= parts
        for task in parts:
            keep |= _neighbours_by(G, task, RESPONSIBILITY_RELATIONS)
        keep |= _neighbours_by(G, doc, REFERENCE_RELATIONS)
    return keep


def focus_leader(G: nx.MultiDiGraph, name: str) -> set[str]:
    """One leader's view: the person, the posts held (and their organisations), the
    agencies and work they supervise, assist or liaise with, and the tasks those
    agencies lead.  ``name`` is a node key, a person's name or an alias.
    """
    people = find_nodes(G, name, kind="person")
    if not people:
        raise QueryError(f"no person {name!r} in the graph")
    keep: set[str] = set()
    for person in people:
        keep.add(person)
        posts = _neighbours_by(G, person, POST_RELATIONS)
        keep |= posts
        for post in posts:
            keep |= _neighbours_by(G, post, {"post_in"})
        supervised = _neighbours_by(G, person, DUTY_RELATIONS)
        keep |= supervised
        for unit in supervised:
            keep |= {
                n for n in _neighbours_by(G, unit, {"leads"}) if G.nodes[n].get("kind") in ("task", "clause")
            }
    return keep


CLUSTER_MODES = ("document", "agency")
OWNER_RELATIONS = ("leads", "assigned")  # in this order: 牵头单位 before 责任单位, never 配合
PART_KINDS = frozenset({"task", "clause"})
OWNER_KINDS = frozenset({"agency", "collective"})


def _first_mentioned(G: nx.MultiDiGraph, candidates: Iterable[tuple[str, str]]) -> str:
    """Of (unit, evidence) pairs, the unit named first in its evidence (the one listed
    first in 责任单位：A、B、C), then by key; units not found in the text come last."""

    def position(pair: tuple[str, str]) -> tuple[int, str]:
        unit, evidence = pair
        attrs = G.nodes[unit]
        names = [_text(attrs.get("label")), *_text(attrs.get("aliases")).split("|")]
        found = [evidence.find(name) for name in names if name and name in evidence]
        return (min(found) if found else len(evidence) + 1, unit)

    return min(candidates, key=position)[0]


def cluster_heads(G: nx.MultiDiGraph, nodes: Collection[str]) -> dict[str, dict[str, str]]:
    """For each clustering mode, the node each node of ``nodes`` collapses into.

    ``document``: a task or clause joins the document it belongs to (its ``doc`` or
    ``in_document``), and the document heads its own cluster.  ``agency``: a task or
    clause joins the unit that leads it (牵头, else the first 责任单位 listed), or the
    unit of its nearest parent task that has one; the unit heads its own cluster.
    Only heads that are among ``nodes`` and gather at least one other node count.
    """
    shown = set(nodes)
    docs_by_label: dict[str, str] = {}
    for key in sorted(shown):
        if G.nodes[key].get("kind") == "document":
            docs_by_label.setdefault(_text(G.nodes[key].get("label")), key)
    by_document: dict[str, str] = {}
    own_agency: dict[str, str] = {}
    parent: dict[str, str] = {}
    for key in sorted(shown):
        if G.nodes[key].get("kind") not in PART_KINDS:
            continue
        doc = docs_by_label.get(_text(G.nodes[key].get("doc")))
        if doc is None:
            doc = min((d for d in _neighbours_by(G, key, {"in_document"}) if d in shown), default=None)
        if doc is not None:
            by_document[key] = doc
        parents = sorted(v for _, v, rel in G.out_edges(key, data="relation") if rel == "subtask_of")
        if parents:
            parent[key] = parents[0]
        for relation in OWNER_RELATIONS:
            owners = [
                (u, _text(attrs.get("evidence")))
                for u, _, attrs in G.in_edges(key, data=True)
                if attrs.get("relation") == relation and u in shown and G.nodes[u].get("kind") in OWNER_KINDS
            ]
            if owners:
                own_agency[key] = _first_mentioned(G, owners)
                break
    by_agency: dict[str, str] = {}
    for key in by_document.keys() | own_agency.keys() | parent.keys():
        node, seen = key, set()
        while node not in own_agency and node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        if node in own_agency:
            by_agency[key] = own_agency[node]
    result = {}
    for mode, members in (("document", by_document), ("agency", by_agency)):
        heads = set(members.values())
        result[mode] = {**members, **{head: head for head in heads}}
    return result


def top_nodes(G: nx.MultiDiGraph, limit: int, *, keep: Iterable[str] = ()) -> set[str]:
    """The ``limit`` best-connected nodes (ties broken by key), always including ``keep``."""
    chosen = set(keep)
    for node in sorted(G.nodes, key=lambda n: (-G.degree(n), n)):
        if len(chosen) >= limit:
            break
        chosen.add(node)
    return chosen


# --------------------------------------------------------------------------- page data


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _provenance(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Where a node or fact was read: gazette, page and line when known, and the sentence."""
    out: dict[str, Any] = {}
    if source := _text(attrs.get("source")):
        out["source"] = source
    for field in ("line", "page", "page_line"):
        value = attrs.get(field)
        if value not in (None, "", 0):
            out[field] = int(value)
    if evidence := _text(attrs.get("evidence")).strip():
        out["evidence"] = _clip(evidence, EVIDENCE_MAX_CHARS)
    return out


def _provenance_html(attrs: Mapping[str, Any]) -> list[str]:
    rows = []
    source, line = _text(attrs.get("source")), attrs.get("line") or 0
    if source:
        where = f"{source}, line {line}" if line else source
        rows.append(f"<div class=gg-src>{html.escape(where)}</div>")
    evidence = _text(attrs.get("evidence")).strip()
    if evidence:
        rows.append(f"<div class=gg-ev>{html.escape(_clip(evidence, EVIDENCE_MAX_CHARS))}</div>")
    return rows


def node_tooltip(key: str, attrs: Mapping[str, Any]) -> str:
    """Tooltip HTML for a node; every piece of gazette text is escaped."""
    kind = _text(attrs.get("kind"))
    style = NODE_STYLES.get(kind, OTHER_STYLE)
    rows = [
        f"<div class=gg-h>{html.escape(_text(attrs.get('label')) or key)}</div>",
        f"<div class=gg-k>{html.escape(style.name_zh)} · {html.escape(kind or 'node')}</div>",
    ]
    aliases = [a for a in _text(attrs.get("aliases")).split("|") if a]
    if aliases:
        rows.append(f"<div>又称: {html.escape('、'.join(aliases))}</div>")
    if doc_title := _text(attrs.get("title")):
        rows.append(f"<div>标题: {html.escape(doc_title)}</div>")
    if jurisdiction := _text(attrs.get("jurisdiction")):
        rows.append(f"<div>辖区: {html.escape(jurisdiction)}</div>")
    doc, date = _text(attrs.get("doc")), _text(attrs.get("date"))
    if doc:
        rows.append(f"<div>文件: {html.escape(doc)}</div>")
    if date:
        rows.append(f"<div>日期: {html.escape(date)}</div>")
    rows.extend(_provenance_html(attrs))
    rows.append(f"<div class=gg-iri>{html.escape(key)}</div>")
    return "".join(rows)


def edge_tooltip(source_label: str, target_label: str, facts: list[Mapping[str, Any]]) -> str:
    """Tooltip HTML for the edges from one node to another."""
    rows = [f"<div class=gg-h>{html.escape(source_label)} → {html.escape(target_label)}</div>"]
    for attrs in facts:
        relation = _text(attrs.get("relation"))
        label = _text(attrs.get("label")) or relation
        head = f"{label} ({relation})" if relation and relation != label else label
        date = _text(attrs.get("date"))
        rows.append(f"<div class=gg-k>{html.escape(head)}{html.escape(' ' + date) if date else ''}</div>")
        rows.extend(_provenance_html(attrs))
    return "".join(rows)


def _edge_sort_key(u: str, v: str, attrs: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        u,
        v,
        _text(attrs.get("relation")),
        _text(attrs.get("label")),
        _text(attrs.get("source")),
        int(attrs.get("line") or 0),
        _text(attrs.get("date")),
        _text(attrs.get("evidence")),
    )


@dataclass(frozen=True, slots=True)
class _PageData:
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    kind_counts: list[dict[str, Any]]
    relation_counts: list[dict[str, Any]]
    graph_edges: int


def build_page_data(G: nx.MultiDiGraph, nodes: Collection[str], *, focus: str | None = None) -> _PageData:
    """vis-network node and edge records for the subgraph on ``nodes``, sorted."""
    ordered = sorted(nodes, key=str)
    index = {key: i for i, key in enumerate(ordered)}
    facts: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for u, v, attrs in G.subgraph(ordered).edges(data=True):
        facts[(u, v)].append(attrs)
    positions = layout_positions(ordered, facts.keys())
    clusters = cluster_heads(G, ordered)
    degree: Counter[str] = Counter()
    for (u, v), group in facts.items():
        degree[u] += len(group)
        degree[v] += len(group)

    vis_nodes = []
    kind_counts: Counter[str] = Counter()
    for key in ordered:
        attrs = G.nodes[key]
        kind = _text(attrs.get("kind"))
        kind_counts[kind] += 1
        style = NODE_STYLES.get(kind, OTHER_STYLE)
        label = _text(attrs.get("label")) or key
        aliases = [a for a in _text(attrs.get("aliases")).split("|") if a and a != label]
        x, y = positions[key]
        record: dict[str, Any] = {
            "id": index[key],
            "label": _clip(label, LABEL_MAX_CHARS),
            "name": label,
            "key": key,
            "aliases": aliases,
            "search": " ".join([label, *aliases, _text(attrs.get("title"))]).lower(),
            "kind": kind if kind in NODE_STYLES else "other",
            "title": node_tooltip(key, attrs),
            "shape": style.shape,
            "color": style.color,
            "size": round(min(style.size + 3.0 * math.sqrt(degree[key]), MAX_NODE_SIZE), 1),
            "degree": degree[key],
            "x": x,
            "y": y,
            **_provenance(attrs),
        }
        for field in ("doc", "date", "jurisdiction", "valid_from", "valid_until"):
            if value := _text(attrs.get(field)):
                record[field] = value
        if doc_title := _text(attrs.get("title")):
            record["doc_title"] = doc_title  # "title" is the tooltip
        for mode in CLUSTER_MODES:
            if key in clusters[mode]:
                record[f"cluster_{mode}"] = index[clusters[mode][key]]
        if key == focus:
            record.update(borderWidth=4, size=record["size"] + 10, focus=True)
            record["color"] = {"background": style.color, "border": "#000000"}
        vis_nodes.append(record)

    vis_edges = []
    relation_counts: Counter[tuple[str, str]] = Counter()
    graph_edges = 0
    for (u, v), group in sorted(facts.items(), key=lambda item: (index[item[0][0]], index[item[0][1]])):
        group = sorted(group, key=lambda a: _edge_sort_key(u, v, a))
        graph_edges += len(group)
        relations = []
        for attrs in group:
            pair = (_text(attrs.get("relation")), _text(attrs.get("label")) or _text(attrs.get("relation")))
            relation_counts[pair] += 1
            if pair not in relations:
                relations.append(pair)
        style = EDGE_STYLES.get(relations[0][0], OTHER_EDGE_STYLE)
        vis_edges.append(
            {
                "from": index[u],
                "to": index[v],
                "label": "/".join(label for _, label in relations),
                "title": edge_tooltip(
                    _text(G.nodes[u].get("label")) or u, _text(G.nodes[v].get("label")) or v, group
                ),
                "color": style.color,
                "dashes": style.dashes,
                "relations": [rel for rel, _ in relations],
                "facts": [
                    {
                        "relation": _text(attrs.get("relation")),
                        "label": _text(attrs.get("label")) or _text(attrs.get("relation")),
                        **({"date": _text(attrs.get("date"))} if attrs.get("date") else {}),
                        **({"until": _text(attrs.get("valid_until"))} if attrs.get("valid_until") else {}),
                        **_provenance(attrs),
                    }
                    for attrs in group
                ],
            }
        )
    kinds = [
        {
            "kind": kind,
            "name_zh": style.name_zh,
            "shape": style.shape,
            "color": style.color,
            "count": kind_counts.get(kind, 0),
        }
        for kind, style in [*NODE_STYLES.items(), ("other", OTHER_STYLE)]
        if kind_counts.get(kind, 0) or kind in NODE_STYLES
    ]
    if unknown := sum(c for k, c in kind_counts.items() if k not in NODE_STYLES):
        kinds[-1]["count"] = unknown
    relations_legend = [
        {
            "relation": rel,
            "label": label,
            "color": EDGE_STYLES.get(rel, OTHER_EDGE_STYLE).color,
            "dashes": EDGE_STYLES.get(rel, OTHER_EDGE_STYLE).dashes,
            "count": count,
        }
        for (rel, label), count in sorted(relation_counts.items())
    ]
    return _PageData(vis_nodes, vis_edges, kinds, relations_legend, graph_edges)


def vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: fixed positions, no physics; labels are the page's own."""
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "physics": {"enabled": False},
        "nodes": {"borderWidth": 1, "font": {"size": 0}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "width": 1,
            "selectionWidth": 2,
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.12},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": node_count > 300,
            "hideEdgesOnZoom": node_count > 1000,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": True,
        },
    }


# --------------------------------------------------------------------------- HTML


@lru_cache(maxsize=1)
def _template_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(STATIC_DIR)),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    # Jinja's tojson escapes < > & ' as \u003c ... already, so "</script>" in a label
    # cannot end the script element; Chinese stays readable and the output sorted.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
    env.globals["vis_js"] = Markup((VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"))
    env.globals["vis_css"] = Markup((VIS_DIR / "vis-network.min.css").read_text(encoding="utf-8"))
    return env


def _pyvis_network_class() -> Any:
    """``pyvis.network.Network``, imported without importing IPython when nothing else has.

    pyvis imports ``IPython.display.IFrame`` at import time for ``Network.show`` in a notebook
    only; IPython (with jedi) is 0.4 CPU-s of every build.  While pyvis is imported, an
    ``IPython.display`` whose ``IFrame`` imports the real one when called stands in, and it is
    removed right after, so a notebook (IPython loaded already) or a later import sees IPython.
    """
    import sys
    import types

    if "pyvis.network" in sys.modules or "IPython" in sys.modules:
        from pyvis.network import Network

        return Network

    def IFrame(*args: Any, **kwargs: Any) -> Any:
        from IPython.display import IFrame as real

        return real(*args, **kwargs)

    package, display = types.ModuleType("IPython"), types.ModuleType("IPython.display")
    display.IFrame = IFrame  # type: ignore[attr-defined]
    package.display = display  # type: ignore[attr-defined]
    sys.modules["IPython"], sys.modules["IPython.display"] = package, display
    try:
        from pyvis.network import Network
    finally:
        for name, stand_in in (("IPython.display", display), ("IPython", package)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    return Network


def pyvis_network(page: _PageData, title: str) -> Any:
    """The page's nodes and edges as a :class:`pyvis.network.Network` (directed, options set)."""
    net = _pyvis_network_class()(directed=True, heading=title, cdn_resources="in_line")
    for node in page.nodes:
        attrs = {k: v for k, v in node.items() if k not in ("id", "label", "shape", "color")}
        net.add_node(node["id"], label=node["label"], shape=node["shape"], color=node["color"], **attrs)
    for edge in page.edges:
        attrs = {k: v for k, v in edge.items() if k not in ("from", "to")}
        net.add_edge(edge["from"], edge["to"], **attrs)
    net.options = vis_options(len(page.nodes))
    return net


def render_page(
    G: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 2,
    title: str = DEFAULT_TITLE,
    max_nodes: int = DEFAULT_MAX_NODES,
    cluster: str | None = None,
    sources: Path | None = None,
    sources_url: str | None = None,
) -> tuple[str, VizReport]:
    """The page as a string and its report (with an empty path); see :func:`render_html`.

    ``sources``: the folder of the gazettes' pages (:mod:`govgraph.viz.sources`), ``sources_url``
    its URL relative to the page: each fact then links to its line."""
    if max_nodes < 1:
        raise QueryError(f"max_nodes must be >= 1, got {max_nodes}")
    if cluster is not None and cluster not in CLUSTER_MODES:
        raise QueryError(f"cluster must be one of {', '.join(CLUSTER_MODES)}, got {cluster!r}")
    centre = resolve_focus(G, focus) if focus is not None else None
    shown = neighbourhood(G, centre, depth) if centre is not None else set(G.nodes)
    total_nodes = len(shown)
    total_edges = G.subgraph(shown).number_of_edges() if centre is not None else G.number_of_edges()
    reduced = total_nodes > max_nodes
    if reduced:
        sub = G.subgraph(shown)
        shown = top_nodes(sub, max_nodes, keep=[centre] if centre else [])
        log.warning(
            "graph has %d nodes (limit %d): drawing the %d best-connected", total_nodes, max_nodes, len(shown)
        )
    page = build_page_data(G, shown, focus=centre)
    banner = ""
    if reduced:
        banner = (
            f"图过大：仅显示连接最多的 {len(page.nodes)} / {total_nodes} 个节点。"
            f" Graph too large: showing the {len(page.nodes)} best-connected of {total_nodes} nodes;"
            " focus on a document, leader or agency to see everything around it."
        )
    focus_label = (_text(G.nodes[centre].get("label")) or centre) if centre else ""
    nodes, edges, heading, _, _, options = pyvis_network(page, title).get_network_data()
    page_html = _template_environment().get_template(TEMPLATE_NAME).render(
        nodes=nodes,
        edges=edges,
        heading=heading,
        options=Markup(options),
        kinds=page.kind_counts,
        relations=page.relation_counts,
        banner=banner,
        focus_label=focus_label,
        depth=depth,
        graph_edges=page.graph_edges,
        total_nodes=total_nodes,
        total_edges=total_edges,
        cluster=cluster or "",
        cluster_modes=CLUSTER_MODES,
        documents=_documents(page),
        served=None,
        source_pages=_source_pages(page, sources, sources_url),
        styles=_styles(),
    )
    report = VizReport(
        path=Path(),
        nodes=len(page.nodes),
        edges=page.graph_edges,
        total_nodes=total_nodes,
        total_edges=total_edges,
        reduced=reduced,
        focus=centre,
    )
    return page_html, report


def _documents(page: _PageData) -> list[dict[str, str]]:
    """The document filter's choices: each document's number and, when the corpus has it, its
    title (analysts know a document by its title as often as by its number)."""
    titles: dict[str, str] = {}
    for n in page.nodes:
        if n["kind"] == "document":
            titles[n["name"]] = titles.get(n["name"]) or n.get("doc_title", "")
    return [{"name": name, "title": _clip(title, 40)} for name, title in sorted(titles.items())]


def _source_pages(page: _PageData, sources: Path | None, url: str | None) -> dict[str, str]:
    """The URL of the text page of each gazette the page's facts were read from (those written)."""
    if sources is None or url is None:
        return {}
    from urllib.parse import quote

    from govgraph.viz.sources import page_name

    named = {n.get("source") for n in page.nodes} | {f.get("source") for e in page.edges for f in e["facts"]}
    pages = {}
    for identity in sorted(s for s in named if s):
        name = page_name(identity)
        if (sources / name).is_file():
            pages[identity] = url + quote(name)
    return pages


def _styles() -> dict[str, Any]:
    """Shapes, colours and names of node kinds and relations, for nodes the page adds itself."""
    return {
        "kinds": {k: {"shape": s.shape, "color": s.color, "size": s.size} for k, s in NODE_STYLES.items()},
        "relations": {r: {"color": s.color, "dashes": s.dashes} for r, s in EDGE_STYLES.items()},
        "labels": RELATION_LABELS,
    }


RELATION_LABELS = {
    "leads": "牵头", "participates": "配合", "assigned": "责任", "supervises": "分管", "assists": "协助分管",
    "liaises": "联系", "directs": "主持", "holds": "任职", "post_in": "隶属", "appointed": "任",
    "removed": "免", "repeals": "废止", "based_on": "依据", "amends": "修改", "issues": "印发",
    "cites": "引用", "in_document": "属于", "subtask_of": "下级任务", "sub_organization_of": "隶属",
}  # fmt: skip


def served_page(title: str, config: dict[str, Any]) -> str:
    """The explorer page as ``govgraph serve`` sends it: no graph inside, ``config`` tells the
    page where the SPARQL endpoint is and which queries to send (see :mod:`govgraph.viz.explorer`)."""
    kinds = [
        {"kind": k, "name_zh": s.name_zh, "shape": s.shape, "color": s.color, "count": ""}
        for k, s in NODE_STYLES.items()
    ]
    relations = [
        {"relation": r, "label": RELATION_LABELS.get(r, r), "color": s.color, "dashes": s.dashes, "count": ""}
        for r, s in EDGE_STYLES.items()
    ]
    return _template_environment().get_template(TEMPLATE_NAME).render(
        nodes=[],
        edges=[],
        heading=title,
        options=Markup(json.dumps(vis_options(0))),
        kinds=kinds,
        relations=relations,
        banner="",
        focus_label="",
        depth=0,
        graph_edges=0,
        total_nodes=0,
        total_edges=0,
        cluster="",
        cluster_modes=CLUSTER_MODES,
        documents=[],
        served=config,
        source_pages={},
        styles=_styles(),
    )


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory."""
    try:
        atomic_write_text(path, text)
    except OSError as err:
        raise ExportError(f"{path}: cannot write HTML: {err.strerror or err}") from err


def render_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    focus: str | None = None,
    depth: int = 2,
    title: str = DEFAULT_TITLE,
    max_nodes: int = DEFAULT_MAX_NODES,
    cluster: str | None = None,
    sources: str | os.PathLike[str] | None = None,
) -> VizReport:
    """Write an interactive, self-contained, offline HTML view of ``G`` to ``path``.

    ``sources``: the folder of the gazettes' text pages (``OUT/sources``, written by the build):
    each fact then links to its line there, by a URL relative to ``path``.

    ``focus`` (a node key, label or alias) limits the view to the nodes within
    ``depth`` hops of that node, edges taken in either direction.  To show a
    document or a leader, pass ``G.subgraph(focus_document(G, "温政办〔2022〕74号"))``.
    Above ``max_nodes`` nodes only the best-connected are drawn, under a warning banner.
    ``cluster`` ("document" or "agency") opens the page with tasks collapsed into their
    document or their responsible unit; the reader can change it in the page.
    """
    from govgraph.viz.sources import source_base

    out = Path(path)
    page_html, report = render_page(
        G,
        focus=focus,
        depth=depth,
        title=title,
        max_nodes=max_nodes,
        cluster=cluster,
        sources=Path(sources) if sources is not None else None,
        sources_url=source_base(out, sources),
    )
    write_atomic(out, page_html)
    log.info(
        "wrote %s: %d nodes, %d edges%s",
        out,
        report.nodes,
        report.edges,
        " (reduced)" if report.reduced else "",
    )
    return VizReport(
        out, report.nodes, report.edges, report.total_nodes, report.total_edges, report.reduced, report.focus
    )
