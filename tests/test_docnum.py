"""Document numbers: every printed form normalises to one identifier."""

from __future__ import annotations

import pytest

from govgraph.docnum import (
    iter_decrees,
    iter_doc_numbers,
    normalize_decree,
    normalize_doc_number,
    normalize_standard_id,
    parse_doc_number,
)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("温政办〔2018〕96号", "温政办〔2018〕96号"),
        ("浙政办发[2015]133号", "浙政办发〔2015〕133号"),  # half-width square brackets
        ("浙政办发［2015］133号", "浙政办发〔2015〕133号"),  # full-width square brackets
        ("浙政办发【2015】133号", "浙政办发〔2015〕133号"),
        ("国办发（2020）5号", "国办发〔2020〕5号"),
        ("国办发(2020)5号", "国办发〔2020〕5号"),
        ("国办发〔2020〕第5号", "国办发〔2020〕5号"),  # 第 before the serial
        ("温政办 〔 2021 〕 2 号", "温政办〔2021〕2号"),  # spaces anywhere
        ("浙政发〔\n2024〕4号", "浙政发〔2024〕4号"),  # split across lines
        ("温政\n办〔2016〕43号", "温政办〔2016〕43号"),  # split inside the code
        ("浙政发〔202 4〕4号", "浙政发〔2024〕4号"),  # split inside the year
        ("浙政办发〔2015〕０１３３号", "浙政办发〔2015〕133号"),  # full-width digits
        ("温州市人民政府通告〔2020〕2号", "温州市人民政府通告〔2020〕2号"),  # issuer kept as printed
    ],
)
def test_docnum_normalizes_every_printed_form(printed: str, expected: str) -> None:
    assert normalize_doc_number(printed) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("根据温政办〔2021〕2号", "温政办〔2021〕2号"),
        ("职能承接主体一般应具备浙政办发〔2015〕133号", "浙政办发〔2015〕133号"),
        ("人民政府办公室关于废止温政办〔2018〕96号", "温政办〔2018〕96号"),
        ("贯彻中发〔2015〕1号", "中发〔2015〕1号"),  # a code starting with 中 is not cut
        ("执行浙经信材料〔2019〕3号", "浙经信材料〔2019〕3号"),  # 经 inside a code is kept
    ],
)
def test_docnum_cuts_sentence_words_before_the_code(sentence: str, expected: str) -> None:
    assert normalize_doc_number(sentence) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("温政令第135号", "温政令第135号"),
        ("温州市人民政府令 第 147 号", "温州市人民政府令第147号"),
        ("中华人民共和国国务院令第483号", "中华人民共和国国务院令第483号"),  # 共和国 is not cut at 和
        ("浙江省第十三届人民代表大会常务委员会公告第83号", "浙江省第十三届人民代表大会常务委员会公告第83号"),
        ("根据国务院令第483号", "国务院令第483号"),
    ],
)
def test_docnum_normalizes_decrees_and_numbered_announcements(printed: str, expected: str) -> None:
    assert normalize_doc_number(printed) == expected
    assert normalize_decree(printed) == expected


def test_docnum_rejects_text_without_a_number() -> None:
    assert normalize_doc_number("县〔市、区〕政府负责落实") is None
    assert normalize_doc_number("2024年2月23日") is None
    assert parse_doc_number("第〔2020〕3号") is None


def test_docnum_parse_gives_parts() -> None:
    dn = parse_doc_number("（浙政办发[2015]133号）")
    assert dn is not None
    assert (dn.code, dn.year, dn.serial) == ("浙政办发", 2015, 133)
    assert str(dn) == "浙政办发〔2015〕133号"


def test_docnum_iter_gives_offsets_of_the_trimmed_code() -> None:
    text = "根据温政办〔2021〕2号和浙政发［2014］20号精神"
    found = iter_doc_numbers(text)
    assert [ident for _, _, ident in found] == ["温政办〔2021〕2号", "浙政发〔2014〕20号"]
    assert [text[a:b] for a, b, _ in found] == ["温政办〔2021〕2号", "浙政发［2014］20号"]


def test_docnum_iter_decrees() -> None:
    text = "（中华人民共和国国务院令第483号）、根据温政令 第 135 号，令第3号"
    found = iter_decrees(text)
    assert [ident for _, _, ident in found] == ["中华人民共和国国务院令第483号", "温政令第135号"]
    assert [text[a:b] for a, b, _ in found] == ["中华人民共和国国务院令第483号", "温政令 第 135 号"]


def test_docnum_standard_id() -> None:
    assert normalize_standard_id("ZJCC01 – 2022 – 0019") == "ZJCC01-2022-0019"
    assert normalize_standard_id("没有编号") is None
