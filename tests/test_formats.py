"""Gazettes as governments publish them: PDF, web pages, Word files.

The demo gazettes are re-published by ``tests/publish.py`` (generated here, never downloaded)
and read back through the same ingestion contract as their text; every kind of record must
survive (F1 ≥ 0.98 against the text's records, per document, lines aside).  Bad files get one
line naming the file and the reason while the other inputs are still built.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from clirun import invoke
from layouts import KINDS, compare, extract_text
from publish import Block, gazette_blocks, write_docx, write_html, write_pdf

from govgraph.errors import InputError
from govgraph.extract import extract_file
from govgraph.ingest import gazette_files, load_gazette, read_source
from govgraph.ingest.detect import Unsupported, sniff

DATA = Path(__file__).resolve().parents[1] / "data" / "gazettes"
GAZETTES = sorted(DATA.glob("*.txt"))
FORMATS = ("pdf", "html", "docx")
#: The running head of the generated PDFs (odd and even pages): never text.
HEAD, ISSUE_HEAD = "政府公报（测试刊）", "2099年第1期 · 测试刊"
MIN_F1 = 0.98


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every demo gazette in every format, written once per test session."""
    out = tmp_path_factory.mktemp("published")
    files: dict[tuple[str, str], Path] = {}
    for path in GAZETTES:
        items = gazette_blocks(path)
        files[path.stem, "pdf"] = write_pdf(items, out / f"{path.stem}.pdf", head=HEAD, issue=ISSUE_HEAD)
        files[path.stem, "html"] = write_html(items, out / f"{path.stem}.html", title=f"{path.stem}号公报")
        files[path.stem, "docx"] = write_docx(items, out / f"{path.stem}.docx", head="页眉：政府公报专刊")
    return files


@lru_cache(maxsize=8)
def _reference(path: Path) -> dict[str, Any]:
    return extract_text(path.read_text(encoding="utf-8"), path.name)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", GAZETTES, ids=lambda p: p.stem)
def test_formats_give_the_records_of_the_text(
    published: dict[tuple[str, str], Path], path: Path, fmt: str
) -> None:
    got = extract_file(published[path.stem, fmt]).to_gold()
    survival = compare(_reference(path), got)
    low = {k: (round(s.f1, 3), s.missed[:3], s.spurious[:3]) for k, s in survival.items() if s.f1 < MIN_F1}
    assert not low, low
    # Not vacuous: the gazette has documents, responsibility clauses and officials to lose.
    assert {k for k in KINDS if survival[k].tp} >= {"documents", "responsibilities", "officials"}


def test_formats_record_counts_are_not_trivial(published: dict[tuple[str, str], Path]) -> None:
    path = DATA / "wenzhou-gazette-2022-10.txt"
    got = extract_file(published[path.stem, "html"]).to_gold()
    assert len(got["documents"]) >= 5
    assert len(got["responsibilities"]) >= 50


# -- web pages --------------------------------------------------------------------------------


def test_html_main_text_drops_the_page_furniture(published: dict[tuple[str, str], Path]) -> None:
    path = DATA / "wenzhou-gazette-2022-10.txt"
    source = read_source(published[path.stem, "html"])
    text = load_gazette(published[path.stem, "html"]).text  # the flow text every extractor reads
    original = path.read_text(encoding="utf-8")
    assert source.encoding == "html"
    for furniture in (
        "您当前的位置",
        "发布时间",
        "浏览次数",
        "分享到",
        "打印本页",
        "关闭窗口",
        "相关链接",
        "网站标识码",
        "互动交流",
    ):
        assert furniture not in text, furniture
        assert furniture not in original  # (the gazette itself does not print it)
    # Tables are kept as rows of tab-separated cells, as many as the gazette has.
    rows = sum(len(b.rows) for b in gazette_blocks(path) if b.kind == "table")
    assert rows > 100
    assert sum(1 for line in source.text.splitlines() if "\t" in line) == rows
    # The headline printed by the page is there once, at the top.
    assert source.text.startswith(f"{path.stem}号公报\n")


NOTICE = [
    Block("paragraph", "各县（市、区）人民政府，市政府直属各单位："),
    Block("paragraph", "为进一步推动经济高质量发展，经市政府同意，现将有关事项通知如下。"),
    Block(
        "paragraph",
        "一、强化用能要素保障。推进电力市场化交易，推动工商业电价稳中有降。（责任单位：市发展改革委、市经信局）",
    ),
    Block(
        "paragraph",
        "二、加大金融支持力度。引导金融机构加大制造业中长期贷款投放。（责任单位：市委金融办、人行温州市分行）",
    ),
    Block("paragraph", "温州市人民政府办公室"),
    Block("paragraph", "2024年2月23日"),
]
TITLE = "温州市人民政府办公室关于进一步推动经济高质量发展若干政策的通知"


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_html_page_metadata_gives_the_header_the_body_lacks(tmp_path: Path, charset: str) -> None:
    page = write_html(
        NOTICE,
        tmp_path / "notice.htm",
        title=TITLE,
        heading=False,
        doc_number="温政办〔2024〕11号",
        charset=charset,
    )
    ex = extract_file(page)
    assert [(d.doc_number, d.title, d.date) for d in ex.documents] == [
        ("温政办〔2024〕11号", TITLE, "2024-02-23")
    ]
    units = [c.units for c in ex.responsibilities]
    assert units == [("市发展改革委", "市经信局"), ("市委金融办", "人行温州市分行")]
    assert all(c.doc_number == "温政办〔2024〕11号" for c in ex.responsibilities)
    # The document-information table is not text.
    assert "索引号" not in load_gazette(page).text


def test_html_page_without_main_text_is_one_clear_error(tmp_path: Path) -> None:
    page = write_html([], tmp_path / "portal.html", title="首页")
    with pytest.raises(InputError) as err:
        read_source(page)
    assert str(err.value).startswith(str(page))
    assert "without main text" in str(err.value)
    assert "\n" not in str(err.value)


# -- Word -------------------------------------------------------------------------------------


def test_docx_reads_paragraphs_and_tables_in_order_not_headers(
    published: dict[tuple[str, str], Path],
) -> None:
    path = DATA / "wenzhou-gazette-2021-05.txt"
    source = read_source(published[path.stem, "docx"])
    assert source.encoding == "docx"
    assert "页眉" not in source.text and "PAGE" not in source.text
    expected = []
    for b in gazette_blocks(path):
        expected += ["\t".join(r) for r in b.rows] if b.kind == "table" else [" ".join(b.text.split())]
    assert source.text.splitlines() == expected


# -- formats are told by content --------------------------------------------------------------


def _zip(names: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in names.items():
            z.writestr(name, text)
    return buf.getvalue()


def test_sniff_tells_formats_by_content_not_name(published: dict[tuple[str, str], Path]) -> None:
    docx = published[GAZETTES[0].stem, "docx"].read_bytes()
    page = published[GAZETTES[0].stem, "html"].read_bytes()
    assert sniff(b"%PDF-1.7\n...", "a.txt") == "pdf"
    assert sniff(docx, "a.txt") == "docx"
    assert sniff(page, "a.txt") == "html"
    # A markdown gazette with an HTML table in it is text.
    assert sniff("# 温州市人民政府公报\n<table><tr><td>1</td></tr></table>\n".encode(), "a.md") == "text"
    assert sniff("各县（市、区）人民政府：".encode(), "a.html") == "text"
    legacy = sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a.wps")
    assert isinstance(legacy, Unsupported) and ".doc" in legacy.reason
    ofd = sniff(_zip({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": ""}), "a.ofd")
    assert isinstance(ofd, Unsupported) and "OFD" in ofd.reason
    assert isinstance(sniff(_zip({"a.txt": "x"}), "a.zip"), Unsupported)


def test_renamed_word_file_is_read_as_word(published: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    renamed = tmp_path / "gazette.txt"
    renamed.write_bytes(published[GAZETTES[0].stem, "docx"].read_bytes())
    assert read_source(renamed).encoding == "docx"


def test_directory_search_takes_every_format(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.html", "c.htm", "d.docx", "e.txt", "f.doc", "g.ofd", "h.png", "README.html"):
        (tmp_path / name).write_bytes(b"x")
    names = [p.name for p in gazette_files([tmp_path])]
    assert names == ["a.pdf", "b.html", "c.htm", "d.docx", "e.txt", "f.doc", "g.ofd"]


def test_bad_files_get_one_line_each_and_the_rest_is_built(
    published: dict[tuple[str, str], Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    good = inputs / "good.docx"
    good.write_bytes(published[GAZETTES[1].stem, "docx"].read_bytes())
    (inputs / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    (inputs / "old.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    (inputs / "issue.ofd").write_bytes(_zip({"OFD.xml": "<ofd:OFD/>"}))
    (inputs / "broken.docx").write_bytes(
        _zip({"word/document.xml": "<w:document><w:body>", "[Content_Types].xml": "<"})
    )
    write_html([], inputs / "portal.html", title="首页")
    with caplog.at_level(logging.ERROR):
        code, out, err = invoke("build", str(inputs), "-o", str(tmp_path / "out"), "--no-viz")
    assert code == 1
    failures = [ln for ln in (out + err).splitlines() if str(inputs) in ln]
    for name, reason in (
        ("old.doc", "legacy binary Word/WPS"),
        ("old.wps", "legacy binary Word/WPS"),
        ("issue.ofd", "OFD document"),
        ("broken.docx", "damaged Word file"),
        ("portal.html", "without main text"),
    ):
        lines = [ln for ln in failures if f"{inputs / name}:" in ln]
        assert len(lines) == 1 and reason in lines[0], (name, failures)
    assert "built" in out and "1 gazette" in out


# -- PDF --------------------------------------------------------------------------------------


def test_pdf_drops_running_heads_and_page_numbers_and_joins_paragraphs(
    published: dict[tuple[str, str], Path],
) -> None:
    path = DATA / "wenzhou-gazette-2022-10.txt"
    source = read_source(published[path.stem, "pdf"])
    assert source.encoding == "pdf" and source.whole_paragraphs
    assert HEAD not in source.text and "测试刊" not in source.text
    assert not [ln for ln in source.text.splitlines() if ln.startswith("— ")]
    # Every paragraph of the publication is one line again, across columns and pages.
    paragraphs = {b.text.replace(" ", "") for b in gazette_blocks(path) if b.kind == "paragraph"}
    lines = {ln.replace(" ", "") for ln in source.text.splitlines()}
    assert len(paragraphs & lines) / len(paragraphs) > 0.97


@pytest.mark.parametrize(
    ("geometry", "path"),
    [
        (
            {"columns": 3, "gutter": 14.0, "margin": 40.0, "font_size": 9.0},
            DATA / "wenzhou-gazette-2024-02.txt",
        ),
        (
            {"columns": 2, "gutter": 11.0, "margin": 72.0, "font_size": 11.5},
            DATA / "wenzhou-gazette-2022-10.txt",
        ),
        ({"columns": 1, "margin": 60.0, "font_size": 12.0}, DATA / "wenzhou-gazette-2021-05.txt"),
    ],
    ids=["three-columns", "narrow-gutter", "one-column"],
)
def test_pdf_other_page_geometries_give_the_records_of_the_text(
    tmp_path: Path, geometry: dict[str, float], path: Path
) -> None:
    pdf = write_pdf(gazette_blocks(path), tmp_path / f"{path.stem}.pdf", head="某市人民政府公报", **geometry)
    survival = compare(_reference(path), extract_file(pdf).to_gold())
    low = {k: (round(s.f1, 3), s.missed[:3], s.spurious[:3]) for k, s in survival.items() if s.f1 < MIN_F1}
    assert not low, low


LEFT = (
    "一、强化用能要素保障。推进电力市场化交易，确保新增市场化用户五千八百户以上，"
    "推动工商业电价在原有基础上稳中有降。（责任单位：市发展改革委、市经信局）"
)
RIGHT = (
    "二、加大金融支持力度。引导金融机构加大制造业中长期贷款投放，支持企业直接融资，"
    "降低综合融资成本。（责任单位：市委金融办、人行温州市分行）"
)


def _interleaved_pdf(path: Path) -> Path:
    """Two columns whose content stream alternates between them line by line (as some
    typesetting systems write it): the library's own text order interleaves the columns."""
    from publish import FONT, _register_font
    from reportlab.pdfgen import canvas

    _register_font()
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    size, width = 10.5, 21

    def wrap(text: str, first: int) -> list[str]:
        out, rest, n = [], text, width - first
        while rest:
            out.append(rest[:n])
            rest, n = rest[n:], width
        return out

    left, right = wrap(LEFT, 2), wrap(RIGHT, 2)
    for i in range(max(len(left), len(right))):
        y = 760 - i * 18
        for lines, x in ((left, 60.0), (right, 310.0)):
            if i < len(lines):
                c.setFont(FONT, size)
                c.drawString(x + (2 * size if i == 0 else 0), y, lines[i])
    c.setFont(FONT, 9)
    c.drawCentredString(297, 40, "— 1 —")
    c.save()
    return path


def test_pdf_columns_are_read_by_position_not_in_the_content_order(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = _interleaved_pdf(tmp_path / "interleaved.pdf")
    library_order = pdfium.PdfDocument(str(pdf))[0].get_textpage().get_text_range()
    flat = library_order.replace("\r\n", "").replace(" ", "")
    assert flat.index(RIGHT[:8]) < flat.index(LEFT[-8:])  # (the library's order interleaves)
    assert read_source(pdf).text == f"{LEFT}\n{RIGHT}\n"


def test_pdf_provenance_names_the_page_and_the_line_on_it(published: dict[tuple[str, str], Path]) -> None:
    import pypdfium2 as pdfium

    pdf = published[DATA.joinpath("wenzhou-gazette-2022-10.txt").stem, "pdf"]
    ex = extract_file(pdf)
    document = pdfium.PdfDocument(str(pdf))
    records = [*ex.documents, *ex.responsibilities[:40], *ex.appointments]
    assert records
    for record in records:
        prov = record.prov
        assert prov.page is not None and prov.page_line is not None and prov.page_line >= 1
        printed = document[prov.page - 1].get_textpage().get_text_range().replace("\r\n", "")
        start = re.sub(r"\s+", "", prov.evidence)[:4]
        assert start in printed.replace(" ", ""), (prov.page, prov.evidence[:30])
        gold = record.to_gold()
        assert gold["page"] == prov.page and gold["page_line"] == prov.page_line


def test_pdf_build_emits_source_pages_and_conforms(
    published: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    pdf = published[DATA.joinpath("wenzhou-gazette-2024-02.txt").stem, "pdf"]
    code, out, err = invoke("build", str(pdf), "-o", str(tmp_path / "out"), "--no-viz")
    assert code == 0, err
    assert "SHACL: conforms" in out
    triples = next((tmp_path / "out").glob("*.nt")).read_text(encoding="utf-8")
    assert "#sourcePage>" in triples and "#sourcePageLine>" in triples


def test_bad_pdfs_get_one_clear_line(published: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    good = published[GAZETTES[0].stem, "pdf"].read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(good[:1200])
    locked = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(locked), pagesize=A4, encrypt="secret")
    c.drawString(100, 700, "locked")
    c.save()
    for path, reason in ((broken, "damaged PDF"), (locked, "encrypted PDF")):
        with pytest.raises(InputError) as err:
            read_source(path)
        message = str(err.value)
        assert message.startswith(str(path)) and reason in message and "\n" not in message


# -- scanned PDF (OCR) ------------------------------------------------------------------------

SCANNED_NOTICE = [
    Block("heading", TITLE),
    Block("paragraph", "温政办〔2024〕11号"),
    *NOTICE[:-2],
    *(
        Block("paragraph", f"{n}、{task}。{body}。（责任单位：{units}）")
        for n, task, body, units in (
            ("三", "优化营商环境", "深化“最多跑一次”改革，压缩企业开办时间", "市市场监管局、市司法局"),
            (
                "四",
                "扩大有效投资",
                "加快重大项目前期工作，推动项目早开工早投产",
                "市发展改革委、市自然资源和规划局",
            ),
            ("五", "促进消费回升", "开展促消费系列活动，支持汽车家电以旧换新", "市商务局、市财政局"),
            ("六", "稳定外贸外资", "支持企业参加境外展会，拓展多元化国际市场", "市商务局、温州海关"),
            ("七", "强化人才支撑", "实施青年人才集聚行动，完善人才住房保障", "市委人才办、市人力社保局"),
        )
    ),
    *NOTICE[-2:],
]


@pytest.fixture(scope="session")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A two-column A5 page of a notice, and the same page scanned (an image at 300 dpi); its
    last clauses are printed in the right column."""
    from publish import write_scan
    from reportlab.lib.pagesizes import A5

    out = tmp_path_factory.mktemp("scan")
    pdf = write_pdf(
        SCANNED_NOTICE, out / "notice.pdf", head="某市人民政府公报", pagesize=A5, margin=36, gutter=14
    )
    return pdf, write_scan(pdf, out / "notice-scan.pdf")


def test_scanned_pdf_without_ocr_is_one_clear_line(
    scanned: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from govgraph.ingest import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(InputError) as err:
        read_source(scanned[1])
    message = str(err.value)
    assert message.startswith(str(scanned[1])) and "\n" not in message
    assert "no text layer" in message and "govgraph[ocr]" in message and "tesseract-ocr-chi-sim" in message


def _x_of(pdf: Path, text: str) -> float:
    """Where ``text`` is printed on the first page of a PDF (x of its first character)."""
    import pypdfium2 as pdfium

    textpage = pdfium.PdfDocument(str(pdf))[0].get_textpage()
    left, _, _, _ = textpage.get_charbox(textpage.get_text_range().index(text))
    return left


def _ocr_available() -> bool:
    from govgraph.ingest import ocr

    return ocr.available()


@pytest.mark.skipif(not _ocr_available(), reason="Tesseract with its chi_sim model is not installed")
def test_scanned_pdf_is_read_by_ocr_in_column_order(scanned: tuple[Path, Path]) -> None:
    import difflib

    born_digital, scan = scanned
    text = read_source(born_digital).text
    source = read_source(scan)
    assert source.encoding == "pdf+ocr" and source.pages is not None
    ocr_text = source.text
    # Tesseract's simplified-Chinese model gets most characters right (0.974 measured here,
    # punctuation widths aside: it reads （ as ( ).
    def flat(t: str) -> str:
        return unicodedata.normalize("NFKC", re.sub(r"\s", "", t))

    ratio = difflib.SequenceMatcher(None, flat(text), flat(ocr_text)).ratio()
    assert ratio > 0.93, (ratio, ocr_text)
    # Columns in reading order: the clauses of the left column, then those of the right one.
    assert _x_of(born_digital, "七、") > 210 > _x_of(born_digital, "三、")  # (A5: 420 pt wide)
    positions = [ocr_text.find(f"{n}、") for n in "一二三四五六七"]
    assert -1 not in positions and positions == sorted(positions), positions
    # The same extractors read the scan: most clauses come out whole.
    units = [c.units for c in extract_file(scan).responsibilities]
    expected = [c.units for c in extract_file(born_digital).responsibilities]
    assert len(expected) == 7
    assert sum(u in expected for u in units) >= 5, units


def test_pdf_pages_whose_characters_pdfium_drops_are_read_again_with_system_fonts(
    published: dict[tuple[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the box font a one-character text object of a non-embedded CJK font has no
    width and PDFium leaves it out of the text: such pages are read again, nothing is lost."""
    from govgraph.ingest import pdf

    path = published[DATA.joinpath("wenzhou-gazette-2024-02.txt").stem, "pdf"]
    expected = read_source(path).text
    reread: list[int] = []
    original = pdf._read_page

    def spy(page: Any, number: int, objects: Any) -> Any:
        reread.append(number)
        return original(page, number, objects)

    monkeypatch.setattr(pdf, "_CJK_CHARSETS", frozenset())  # no box font: PDFium's built-in fonts
    monkeypatch.setattr(pdf, "_read_page", spy)
    assert read_source(path).text == expected
    assert reread != sorted(reread)  # some pages were put aside and read again after the others


def test_pdf_with_a_scanned_page_keeps_its_text_pages_and_warns_without_ocr(
    scanned: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdfium2 as pdfium

    from govgraph.ingest import ocr

    born_digital, scan = scanned
    mixed = pdfium.PdfDocument(str(born_digital))
    mixed.import_pages(pdfium.PdfDocument(str(scan)))
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    monkeypatch.setattr(ocr, "available", lambda: False)
    source = read_source(path)
    assert source.text == read_source(born_digital).text
    assert len(source.warnings) == 1 and "1 page(s) without a text layer" in source.warnings[0]
    assert load_gazette(path).warnings[0] == source.warnings[0]
