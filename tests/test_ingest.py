"""Ingestion: decoding, furniture removal, line joining, offset map, sections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from repo import DATA_DIR

from govgraph.errors import InputError
from govgraph.extract import extract_file
from govgraph.ingest import decode_gazette, load_gazette, parse_gazette
from govgraph.text import fold

DATA = DATA_DIR / "gazettes"
GAZETTES = sorted(DATA.glob("*.txt"))

# A two-column page: every line broken at the column width, a page break with its page
# number and running head in the middle of a sentence, and the keyword 责任单位 split.
TWO_COLUMN = """ 各县（市、区）人民政府，市政府直属各单位：

为全面贯彻落实习近平总书记考察浙江

重要讲话精神，认真贯彻中央、省委和市委经

济工作会议决策部署，进一步提振市场信心，

增强政策取向一致性，推动温州经济高质量发

展，结合我市实际，制定以下政策。

1.强化用能要素保障。推进电力市场化交

易，确保2024年新增市场化用户5800户以上，

市场化用户占比达到4%以上，推动工商业电价

在原有基础上稳中有降，进一步推进电力市场（责



·    26    ·

温州市人民政府公报（总第258期） 文件发布

任单位：市发展改革委、市经信局、温州电力局）

温州市人民政府办公室

2024年2月23日

温政办〔2024〕11号

温州市人民政府办公室

关于印发温州市进一步推动经济高质量发展

若干政策的通知
"""


def test_ingest_joins_keyword_split_across_page_break() -> None:
    gz = parse_gazette(TWO_COLUMN, "two-column.txt")
    assert "（责任单位：市发展改革委、市经信局、温州电力局）" in gz.text
    assert "26" not in gz.text.replace("2024", "").replace("5800", "")
    assert "总第258期" not in gz.text


def test_ingest_joins_column_lines_into_paragraphs() -> None:
    gz = parse_gazette(TWO_COLUMN, "two-column.txt")
    assert "考察浙江重要讲话精神，认真贯彻中央、省委和市委经济工作会议决策部署" in gz.text
    # The paragraph break after the addressee line and before a numbered item is kept.
    assert "各单位：\n为全面贯彻" in gz.text
    assert "\n1.强化用能要素保障" in gz.text


def test_ingest_trailing_document_block_is_cut_out_and_attributed() -> None:
    gz = parse_gazette(TWO_COLUMN, "two-column.txt")
    assert "温政办〔2024〕11号" not in gz.text
    docs = gz.documents()
    assert len(docs) == 1
    header = docs[0].header
    assert header is not None
    assert header.doc_id == "温政办〔2024〕11号"
    assert header.title == "温州市人民政府办公室关于印发温州市进一步推动经济高质量发展若干政策的通知"
    assert header.layout == "trailing"
    # The document's section starts at its addressees, before the block.
    assert gz.text[docs[0].start :].startswith("各县（市、区）人民政府")
    assert docs[0].start <= gz.text.index("责任单位") < docs[0].end


def test_ingest_interleaved_block_rejoins_the_split_word() -> None:
    text = (
        " 各县（市、区）人民政府，市政府直属各单位：\n\n"
        "陈  宽（副市长）  负责内外贸易等方面工作。\n\n"
        "联系市台办、市侨办、市侨联、市贸促\n\n"
        "温政发〔2024〕5号\n\n温州市人民政府\n\n关于市政府领导分工的通知\n"
        " 会、人行温州市分行、温州海关。\n"
    )
    gz = parse_gazette(text, "interleaved.txt")
    assert "市侨联、市贸促会、人行温州市分行" in gz.text
    assert gz.documents()[0].header.title == "温州市人民政府关于市政府领导分工的通知"  # type: ignore[union-attr]


def test_ingest_offsets_map_every_clean_character_back_to_the_original() -> None:
    for path in GAZETTES:
        gz = load_gazette(path)
        for i, ch in enumerate(gz.text):
            if ch != "\n":
                assert gz.raw[gz.raw_offset(i)] == ch, (path.name, i)


def test_ingest_provenance_names_file_line_and_evidence() -> None:
    gz = parse_gazette(TWO_COLUMN, "two-column.txt")
    i = gz.text.index("任单位")
    prov = gz.provenance(i, i + 3, "test")
    assert prov.source == "two-column.txt"
    assert TWO_COLUMN.split("\n")[prov.line - 1].startswith("任单位")
    assert prov.evidence == "任单位"
    # A span crossing the page break starts on the line of its first character.
    j = gz.text.index("（责")
    assert TWO_COLUMN.split("\n")[gz.provenance(j, j + 6, "t").line - 1].endswith("（责")


def test_ingest_title_first_layout_and_mixed_brackets() -> None:
    text = (
        "ZJCC01 - 2022 - 0019\n\n温州市人民政府办公室 关于废止温政办〔2018〕96号文件的通知\n\n"
        "温政办［2022］80号\n\n各县（市、区）人民政府，市政府直属各单位：\n\n"
        "经市政府同意，《世界温州人家园招商办法（试行）》（温政办〔2018〕96号）予以废止。\n\n"
        "温州市人民政府办公室\n\n2022年10月27日\n"
    )
    gz = parse_gazette(text, "plain.txt")
    (doc,) = gz.documents()
    assert doc.header is not None
    assert doc.header.doc_id == "温政办〔2022〕80号"
    assert doc.header.standard_id == "ZJCC01-2022-0019"
    # One notice with no sign of a gazette (issue 12): read as a lone document, title first.
    assert doc.header.layout == "lone"
    assert doc.header.title == "温州市人民政府办公室关于废止温政办〔2018〕96号文件的通知"
    assert fold("（〈市、区〉）") == "((市、区))"


def test_ingest_sections_of_a_real_issue() -> None:
    gz = load_gazette(DATA / "wenzhou-gazette-2022-10.txt")
    kinds = [s.kind for s in gz.sections]
    assert kinds.count("document") == 6
    for kind in ("toc", "personnel", "news", "chronicle", "issuance_list", "statistics"):
        assert kind in kinds
    assert gz.issue is not None
    assert (gz.issue.year, gz.issue.number, gz.issue.serial) == (2022, 10, 242)


@pytest.mark.parametrize("path", GAZETTES, ids=lambda p: p.name)
def test_ingest_gb18030_copy_gives_identical_records(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    copy.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert load_gazette(copy).encoding == "gb18030"
    a = extract_file(path).to_gold()
    b = extract_file(copy).to_gold()
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def test_ingest_utf8_bom_is_accepted() -> None:
    text, enc = decode_gazette("\ufeff温州市人民政府公报".encode(), "bom.txt")
    assert text == "温州市人民政府公报"
    assert enc == "utf-8-sig"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("温州市人民政府公报".encode()[:-1], "truncated file"),
        (bytes(range(0x80, 0xFF)) * 3, "unknown encoding"),
    ],
)
def test_ingest_bad_input_is_a_one_line_error_naming_the_file(
    data: bytes, reason: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_gazette(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    assert reason in message


def test_ingest_enormous_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="too large"):
        load_gazette(path)


def test_ingest_cross_check_warns_on_a_listed_document_that_is_missing() -> None:
    text = (
        "目录\n\n温州市人民政府关于甲事项的通知（温政发〔2030〕1号）……………（02）\n\n"
        "温州市人民政府关于乙事项的通知（温政发〔2030〕2号）……………（04）\n\n"
        "温州市人民政府 关于甲事项的通知\n\n温政发〔2030〕1号\n\n各县（市、区）人民政府：\n\n"
        "现将有关事项通知如下。\n\n温州市人民政府\n\n2030年1月2日\n"
    )
    gz = parse_gazette(text, "toc.txt")
    assert [h.doc_id for h in gz.headers] == ["温政发〔2030〕1号"]
    assert any("温政发〔2030〕2号" in w and "not found" in w for w in gz.warnings)


def test_gazette_files_skips_readmes_markdown_and_hidden_paths_but_takes_named_files(tmp_path: Path) -> None:
    from govgraph.ingest import gazette_files

    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "README.md").write_text("# vocabulary notes", encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "old.txt").write_text("温州", encoding="utf-8")
    (tmp_path / "b.txt").write_text("温州", encoding="utf-8")
    (tmp_path / "a.MD").write_text("温州", encoding="utf-8")
    (tmp_path / "notes.tsv").write_text("x", encoding="utf-8")
    (tmp_path / "c.TXT").write_text("温州", encoding="utf-8")
    readme = tmp_path / "vocab" / "README.md"
    assert gazette_files([tmp_path]) == [tmp_path / "b.txt", tmp_path / "c.TXT"]
    assert gazette_files([readme]) == [readme]
    assert gazette_files([tmp_path / "a.MD"]) == [tmp_path / "a.MD"]


def test_building_the_data_folder_builds_the_demo_gazettes_only() -> None:
    """The set-up command builds ``data/``: the gold annotations and notes beside the gazettes
    are not gazettes."""
    from govgraph.ingest import gazette_files

    assert gazette_files([DATA_DIR]) == GAZETTES
