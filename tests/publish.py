"""Re-publish a gazette the way governments publish it: a two-column PDF with running heads and
page numbers, a government web page with its navigation furniture, a Word file; and a scanned
(rasterised) PDF page for OCR.

The source is the gazette's paragraphs as ingestion joined them (``layouts.unwrapped``): each
paragraph is typeset anew, so the files carry no trace of the text file's own line breaks.
These are test helpers (fixtures are generated, never downloaded): the package never writes
these formats.  ``python tests/publish.py OUTDIR`` writes every format of the demo gazettes.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from layouts import DATA, Printing, unwrapped

_MARKDOWN_HEAD_RE = re.compile(r"^\s*#+\s*")
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass
class Block:
    kind: str  # "heading" | "paragraph" | "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def blocks(printing: Printing) -> list[Block]:
    """The printing's paragraphs as typeset blocks: headings (markdown ``#``), paragraphs and
    tables (tab-separated rows; a cell's HTML markup, a conversion's leftover, is not printed)."""
    out: list[Block] = []
    for line in printing.lines:
        if not line.strip():
            continue
        if "\t" in line:
            cells = [re.sub(r"\s+", " ", _TAG_RE.sub(" ", c)).strip() for c in line.split("\t")]
            if out and out[-1].kind == "table":
                out[-1].rows.append(cells)
            else:
                out.append(Block("table", rows=[cells]))
            continue
        text = line.strip().replace("**", "")
        if _MARKDOWN_HEAD_RE.match(text):
            out.append(Block("heading", _MARKDOWN_HEAD_RE.sub("", text)))
        else:
            out.append(Block("paragraph", re.sub(r"^-\s+", "", text)))
    for b in out:
        if b.kind == "table":
            width = max(len(r) for r in b.rows)
            b.rows = [r + [""] * (width - len(r)) for r in b.rows]
    return out


def gazette_blocks(path: Path) -> list[Block]:
    return blocks(unwrapped(path))


# ---------------------------------------------------------------------------------------------
# PDF (reportlab; its built-in STSong-Light CID font needs no font file)

FONT = "STSong-Light"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def write_pdf(
    items: list[Block],
    path: Path,
    *,
    head: str = "温州市人民政府公报",
    issue: str = "",
    gutter: float = 22.0,
    margin: float = 56.0,
    columns: int = 2,
    font_size: float = 10.5,
    pagesize: tuple[float, float] | None = None,
) -> Path:
    """A gazette PDF: ``columns`` text columns (the gutter and margins as given), the running
    head (title on odd pages, issue on even pages, with a rule below) and the page number
    (``— 7 —``) on every page; wide tables on full-width pages, ruled."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Table,
        TableStyle,
    )

    _register_font()
    width, height = pagesize or A4
    body_w = width - 2 * margin
    col_w = (body_w - (columns - 1) * gutter) / columns
    frame_h = height - 2 * margin

    def furniture(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 9)
        n = doc.page
        text = head if n % 2 else (issue or head)
        canvas.drawCentredString(width / 2, height - margin + 22, text)
        canvas.setLineWidth(0.6)
        canvas.line(margin, height - margin + 16, width - margin, height - margin + 16)
        canvas.drawCentredString(width / 2, margin - 30, f"— {n} —")
        canvas.restoreState()

    frames = [
        Frame(margin + i * (col_w + gutter), margin, col_w, frame_h, 0, 0, 0, 0, id=f"c{i}")
        for i in range(columns)
    ]
    full = [Frame(margin, margin, body_w, frame_h, 0, 0, 0, 0, id="full")]
    doc = BaseDocTemplate(str(path), pagesize=(width, height), title=head, author="govgraph tests")
    doc.addPageTemplates(
        [PageTemplate("columns", frames, onPage=furniture), PageTemplate("full", full, onPage=furniture)]
    )
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=font_size,
        leading=font_size * 1.7,
        firstLineIndent=2 * font_size,
        wordWrap="CJK",
        spaceAfter=0,
    )
    heading = ParagraphStyle(
        "heading",
        parent=body,
        fontSize=font_size * 1.5,
        leading=font_size * 2.2,
        alignment=TA_CENTER,
        firstLineIndent=0,
        spaceBefore=6,
        spaceAfter=6,
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=11, firstLineIndent=0)
    story: list = []
    in_full = False
    for b in items:
        if b.kind == "table":
            if not in_full:
                story += [NextPageTemplate("full"), PageBreak()]
                in_full = True
            ncol = len(b.rows[0])
            table = Table(
                [[Paragraph(html.escape(c), cell) for c in row] for row in b.rows],
                colWidths=[body_w / ncol] * ncol,
            )
            table.setStyle(
                TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
            )
            story.append(table)
            continue
        if in_full:
            story += [NextPageTemplate("columns"), PageBreak()]
            in_full = False
        style = heading if b.kind == "heading" else body
        story.append(Paragraph(html.escape(b.text), style))
    doc.build(story)
    return path


# ---------------------------------------------------------------------------------------------
# Web page: a government site's article page, with its navigation furniture

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>{title}_{site}</title>
<meta name="SiteName" content="{site}">
<meta name="ColumnName" content="政府公报">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2024-03-01 09:30">
<meta name="ContentSource" content="{site}办公室">
<link rel="stylesheet" href="/css/main.css">
<script>var _hmt = _hmt || []; function share(){{ return "分享到微信"; }}</script>
</head>
<body>
<div class="header"><div class="logo">{site}</div>
<ul class="nav-list"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<nav class="subnav"><a href="/zfgb/">政府公报</a> <a href="/zcjd/">政策解读</a></nav>
<div class="breadcrumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>
&gt; <a href="/zfgb/">政府公报</a></div>
<div class="main">
<div class="article">
{heading}
<div class="info">发布时间：2024-03-01 09:30　来源：{site}办公室　浏览次数：1024　字号：[ 大 中 小 ]</div>
{info_table}
<div class="TRS_Editor">
{body}
</div>
<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
<div class="btns">【<a href="javascript:window.print()">打印本页</a>】
【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a/1.html">关于做好春节期间安全生产工作的通知</a></li>
<li><a href="/a/2.html">市政府常务会议研究部署近期重点工作</a></li></ul></div>
</div>
<div class="footer"><p>版权所有：{site}办公室　主办单位：{site}</p>
<p>网站标识码：3303000001　浙ICP备05000000号　政府网站找错</p></div>
</body>
</html>
"""


def write_html(
    items: list[Block],
    path: Path,
    *,
    title: str,
    site: str = "温州市人民政府",
    heading: bool = True,
    doc_number: str | None = None,
    charset: str = "utf-8",
) -> Path:
    """A government article page: header, navigation, breadcrumbs, the 发布时间/来源/浏览次数
    line, the text (paragraphs indented with ideographic spaces, tables as tables), share and
    print buttons, related links and the footer.  ``heading=False`` leaves the headline to the
    page's metadata; ``doc_number`` puts the 文号 in a document-information table."""
    parts = []
    for b in items:
        if b.kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>\n" for row in b.rows
            )
            parts.append(f'<table border="1" cellspacing="0">\n<tbody>\n{rows}</tbody></table>')
        elif b.kind == "heading":
            parts.append(f'<p style="text-align:center"><strong>{html.escape(b.text)}</strong></p>')
        else:
            parts.append(f"<p>\u3000\u3000{html.escape(b.text)}</p>")
    info = ""
    if doc_number:
        info = (
            '<table class="xxgk"><tr><td>索引号：</td><td>11330300002-2024-00012</td><td>主题分类：</td>'
            f"<td>综合政务</td></tr><tr><td>发文字号：</td><td>{html.escape(doc_number)}</td>"
            "<td>成文日期：</td><td>2024-02-23</td></tr></table>"
        )
    page = _PAGE.format(
        charset=charset,
        title=html.escape(title),
        site=site,
        heading=f'<h1 class="title">{html.escape(title)}</h1>' if heading else "",
        info_table=info,
        body="\n".join(parts),
    )
    path.write_bytes(page.encode("gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else "utf-8"))
    return path


# ---------------------------------------------------------------------------------------------
# Word


def write_docx(items: list[Block], path: Path, *, head: str = "温州市人民政府公报") -> Path:
    """A Word file: paragraphs (headings in a heading style), ruled tables, and a page header
    and footer holding the running head and the page number (which are not text)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = head
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run("— ")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.text = text
        run._r.append(el)
    footer.add_run(" —")
    for b in items:
        if b.kind == "table":
            table = document.add_table(rows=len(b.rows), cols=len(b.rows[0]))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, b.rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
        elif b.kind == "heading":
            p = document.add_paragraph(b.text, style="Heading 1")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p = document.add_paragraph(b.text)
            p.paragraph_format.first_line_indent = Pt(21)
    document.save(str(path))
    return path


def write_scan(pdf: Path, path: Path, *, dpi: int = 300, pages: int = 1) -> Path:
    """A scanned copy of a PDF: its first pages rendered (PDFium, with the system's CJK fonts)
    to grey images at ``dpi`` and saved as a PDF of images, without any text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(pages)]
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    document.close()
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("published")
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(DATA.glob("*.txt")):
        items = gazette_blocks(path)
        write_pdf(items, out / f"{path.stem}.pdf")
        write_html(items, out / f"{path.stem}.html", title=path.stem)
        write_docx(items, out / f"{path.stem}.docx")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
