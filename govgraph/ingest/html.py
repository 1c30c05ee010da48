"""Government web pages as text: the document's main text only, tables kept as rows.

A policy document published on a government site sits among navigation bars, breadcrumbs,
share buttons, a 发布时间/来源/浏览次数 line and a footer.  The reader (selectolax, a fast
HTML5 parser) drops the furniture by element (``nav``, ``header``, ``footer``…) and by class
or id (``breadcrumb``, ``share``…: data in ``data/vocab/web.tsv``), then finds the main text as
the smallest element that still holds most of the page's text outside links (so it works
for any site, without a list of sites), keeping the headline when it sits beside the text.
The main text is written one block (paragraph, heading, list item) per line and one table
row per line with tab-separated cells, the format every reader hands to layout parsing,
which drops the page-information lines (发布时间：…  来源：…  【打印】, ``data/vocab/page.tsv``)
from any text, a web page's or a copy of one.

When the text does not print its own headline or 文号, the page's metadata does: the
``ArticleTitle`` meta tag (the common government site standard) or ``<title>`` less the site
name, and a ``发文字号：`` field of the page's information table.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from govgraph.docnum import DOC_NUMBER_RE
from govgraph.errors import InputError
from govgraph.ingest.decode import SourceText, decode_gazette
from govgraph.vocab import alternation, words

log = logging.getLogger(__name__)

#: Elements that never hold main text.
_SKIP = frozenset(
    (
        *("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"),
        *("button", "select", "option", "input", "textarea", "iframe", "svg", "canvas", "object"),
        *("embed", "map", "audio", "video", "head", "title", "meta", "link"),
    )
)
#: Elements that end a line of text.
_BLOCK = frozenset(
    (
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd"),
        *("section", "article", "main", "blockquote", "pre", "center", "figure", "figcaption"),
        *("caption", "address", "hr", "table", "tr", "tbody", "thead", "tfoot", "fieldset", "legend"),
    )
)
_HEADINGS = ("h1", "h2", "h3")
#: A child holding this share of its parent's text (outside links) is where the text is.
_MAIN_SHARE = 0.6
#: Fewer Chinese characters than this in the main text: the page has none (a list, a portal).
_MIN_MAIN_TEXT = 20

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_WS_RE = re.compile(r"[ \t\r\n\f\u00a0\u200b]+")
# A source line break between two Chinese characters is no space (CSS segment break rules).
_WIDE = r"[\u3000-\u9fff\uff00-\uffef]"
_CJK_BREAK_RE = re.compile(rf"(?<={_WIDE})[ \t]*[\r\n]+[ \t\r\n]*(?={_WIDE})")
_TITLE_SPLIT_RE = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|--)\s*")


@cache
def _furniture_tokens() -> frozenset[str]:
    return frozenset(w.lower() for w in words("web", "furniture"))


@cache
def _page_info_re() -> re.Pattern[str]:
    """A line of page information (data/vocab/page.tsv, shared with layout parsing, which
    drops such lines from any text): a field label with its colon first (发布时间：…), or only
    navigation and tool words (【打印本页】【关闭窗口】), or a site credit."""
    fields = alternation(words("page", "field", "number", "issuer", "title", "credit_field", "crumb"))
    chrome = alternation(words("page", "chrome"))
    sep = r"[\s【】\[\]（）()<>《》|｜/·>»:：]*"
    credit = alternation(words("page", "credit"))
    return re.compile(rf"^{sep}(?:(?:{fields})\s*[：:]|(?:(?:{chrome}){sep})+$)|{credit}")


def _main_text(lines: list[str]) -> int:
    """Chinese characters of the lines that are not page information."""
    info = _page_info_re()
    return sum(len(_CJK_RE.findall(ln)) for ln in lines if "\t" in ln or not info.search(ln))


@cache
def _doc_number_field_re() -> re.Pattern[str]:
    return re.compile(rf"(?:发文字号|文号)\s*[：:]?\s*({DOC_NUMBER_RE.pattern})")


def read_html(data: bytes, name: str) -> SourceText:
    """The main text of a web page; raises :class:`InputError` when the page has none."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(_decode(data, name))
    root = tree.body or tree.root
    if root is None:
        raise InputError(name, "web page without a body")
    page_text = _WS_RE.sub("", root.text(separator=" "))
    title = _page_title(tree)
    m = _doc_number_field_re().search(page_text)
    doc_number = re.sub(r"\s+", "", m.group(1)) if m else None
    scripted = tree.css_first("iframe, frame, script[src]") is not None
    _drop_furniture(root)
    container = _main_container(root)
    lines = _Lines.of(container)
    main = _main_text(lines)
    if main < _MIN_MAIN_TEXT:
        hint = "; a script or a frame may load its text: save the page as displayed" if scripted else ""
        raise InputError(
            name, f"web page without main text ({main} Chinese characters outside navigation{hint})"
        )
    lines = _with_header(lines, title, doc_number)
    return SourceText("\n".join(lines) + "\n", "html", whole_paragraphs=True)


def _decode(data: bytes, name: str) -> str:
    """Decode by BOM, then the declared charset, then as any text file (UTF-8 or GB18030)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    m = _CHARSET_RE.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        if declared in ("gb2312", "gbk", "x-gbk", "gb_2312-80"):
            declared = "gb18030"  # GB2312 pages routinely use GBK/GB18030 characters
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            log.debug("%s: declared charset %s does not decode the page", name, declared)
    return decode_gazette(data, name)[0]


def _page_title(tree: Any) -> str | None:
    """The article's title from the page's metadata: ArticleTitle/og:title, else ``<title>``
    less the site name (``温州市人民政府办公室关于…的通知_温州市人民政府``)."""
    for key in words("web", "title_meta"):
        for attr in ("name", "property"):
            node = tree.css_first(f'meta[{attr}="{key}"]')
            content = (node.attributes.get("content") or "").strip() if node is not None else ""
            if _CJK_RE.search(content):
                return _WS_RE.sub(" ", content)
    node = tree.css_first("title")
    text = _WS_RE.sub(" ", node.text()).strip() if node is not None else ""
    if not text:
        return None
    parts = [p for p in _TITLE_SPLIT_RE.split(text) if p]
    return max(parts, key=lambda p: len(_CJK_RE.findall(p))) if parts else None


def _classes(node: Any) -> Iterator[str]:
    attrs = node.attributes
    for key in ("class", "id", "role"):
        for token in re.split(r"[\s_\-]+", (attrs.get(key) or "").lower()):
            if token:
                yield token


def _drop_furniture(root: Any) -> None:
    tokens = _furniture_tokens()
    doomed = []
    for node in root.traverse():
        if node.tag in _SKIP or any(t in tokens for t in _classes(node)):
            doomed.append(node)
    for node in doomed:
        node.decompose(recursive=True)


def _main_container(root: Any) -> Any:
    """The smallest element holding most of the page's text outside links, never leaving a
    headline (h1–h3) of the page behind."""
    counts: dict[int, int] = {}
    heads: dict[int, int] = {}

    def measure(node: Any) -> tuple[int, int]:
        text = 0
        headings = 1 if node.tag in _HEADINGS else 0
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                text += len(_CJK_RE.findall(child.text_content or ""))
            elif child.tag == "a":
                headings += measure(child)[1]  # link text does not count
            else:
                t, h = measure(child)
                text += t
                headings += h
        counts[node.mem_id] = text
        heads[node.mem_id] = headings
        return text, headings

    measure(root)
    current = root
    while True:
        total = counts[current.mem_id]
        nxt = None
        for child in current.iter():
            if counts.get(child.mem_id, 0) >= _MAIN_SHARE * total > 0 and (
                heads.get(child.mem_id, 0) == heads[current.mem_id]
            ):
                nxt = child
                break
        if nxt is None:
            return current
        current = nxt


@dataclass
class _Lines:
    """Lines of text from a subtree: a line per block, a table row per line."""

    out: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, node: Any) -> list[str]:
        lines = cls()
        lines.walk(node)
        lines.flush()
        return lines.out

    def flush(self) -> None:
        text = _clean("".join(self.parts))
        if text:
            self.out.append(text)
        self.parts = []

    def walk(self, node: Any) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.parts.append(child.text_content or "")
            elif tag == "br":
                self.flush()
            elif tag == "table" and _is_data_table(child):
                self.flush()
                self.out.extend(_table_rows(child))
            elif tag in _BLOCK or tag in ("td", "th"):
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)


def _clean(text: str) -> str:
    text = _CJK_BREAK_RE.sub("", text)
    text = _WS_RE.sub(" ", text)
    return text.strip(" \u3000")


def _rows(table: Any) -> Iterator[Any]:
    for child in table.iter():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from _rows(child)


def _is_data_table(table: Any) -> bool:
    """A table of data (rows of cells), not a table used to lay the page out: no table nested
    in it, and more than one cell in its rows."""
    if any(n.tag == "table" and n.mem_id != table.mem_id for n in table.traverse()):
        return False
    widths = [sum(1 for c in row.iter() if c.tag in ("td", "th")) for row in _rows(table)]
    return bool(widths) and max(widths) >= 2


def _table_rows(table: Any) -> list[str]:
    rows = []
    for row in _rows(table):
        cells = [" ".join(_Lines.of(c)).replace("\t", " ") for c in row.iter() if c.tag in ("td", "th")]
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _with_header(lines: list[str], title: str | None, doc_number: str | None) -> list[str]:
    """Print the page's title (and 文号) above the text when its first lines lack them."""
    out = list(lines)
    at = 0  # where a missing 文号 goes: after the title
    if title:
        key = _compact(title)
        seen = ""
        for i, line in enumerate(out[:6]):
            seen += _compact(line)
            if key in seen:
                at = i + 1
                break
        else:
            out.insert(0, title)
            at = 1
    if doc_number and doc_number not in _compact("".join(out[: at + 6])):
        out.insert(at, doc_number)
    return out
