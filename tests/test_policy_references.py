"""References in lone notices: the citing document, typing verbs, genre quirks (invented snippets)."""

from __future__ import annotations

import time

import pytest

from govgraph.extract import extract_gazette
from govgraph.ingest import parse_gazette

TITLE = "甲市人民政府关于印发甲市乙行动方案的通知"
HEAD = f"{TITLE}\n\n各区人民政府，市政府各部门：\n\n"


def refs(body: str, head: str = HEAD) -> list[tuple[str, str, str]]:
    ex = extract_gazette(parse_gazette(head + body + "\n\n甲市人民政府\n\n2024年1月2日\n", "notice.txt"))
    return sorted({(r.from_doc, r.to_doc, r.relation) for r in ex.references})


def test_the_notice_issues_what_it_prints_and_is_the_citing_document() -> None:
    found = refs("《甲市乙行动方案》已经市政府同意，现印发给你们。")
    assert found == [(TITLE, "《甲市乙行动方案》", "issues")]


def test_a_title_that_prints_a_document_issues_it_from_the_title_line() -> None:
    title = "甲市人民政府关于印发《甲市丙方案》的通知"
    head = f"{title}\n\n各区人民政府：\n\n"
    found = refs("甲市丙方案》已经市委同意，现印发给你们。", head=head)
    assert found == [(title, "《甲市丙方案》", "issues")]


@pytest.mark.parametrize(
    ("sentence", "relation"),
    [
        ("为深入贯彻有关精神，落实《甲省丙条例》要求，制定本方案。", "based_on"),
        ("为落实《甲省丙条例》（甲府〔2018〕128号）部署要求，制定本方案。", "based_on"),
        ("在认真落实《甲省丙条例》（甲政发〔2024〕6号）的基础上，制定本清单。", "based_on"),
        ("参照《甲省丙条例》执行。", "based_on"),
        ("全面落实《甲省丙条例》（甲府〔2018〕17号）要求，完成整治任务。", "cites"),
        ("区人大会议审议通过的《政府工作报告》对全年工作作了部署。", "cites"),
    ],
)
def test_verbs_type_the_reference(sentence: str, relation: str) -> None:
    found = refs(sentence)
    assert [r[2] for r in found] == [relation]


def test_all_titles_before_the_issuing_verb_are_issued() -> None:
    found = refs("现将《甲方案》《乙方案》印发给你们，请认真抓好落实。")
    assert [(to, rel) for _, to, rel in found] == [("《乙方案》", "issues"), ("《甲方案》", "issues")]


def test_a_title_modifying_a_noun_before_the_verb_is_cited() -> None:
    found = refs("经市人民政府同意，现将《甲市应急体系建设规划》责任分解印发给你们。")
    assert [(to, rel) for _, to, rel in found] == [("《甲市应急体系建设规划》", "cites")]


def test_numbered_notice_cites_under_its_number() -> None:
    head = "甲政〔2020〕20号\n各县（市、区）人民政府：\n"
    found = refs("根据《甲省丙办法》（甲政发〔2019〕3号）精神，制定本方案。", head=head)
    assert found == [("甲政〔2020〕20号", "甲政发〔2019〕3号", "based_on")]


def test_a_masthead_spliced_into_the_text_is_no_reference() -> None:
    head = "甲政 [2020] 20号\n各县（市、区）人民政府：\n"
    assert refs("对有明确时间节点的重甲市人民政府文件甲政〔2020〕21号大工作实行专项督查。", head=head) == []


def test_a_number_with_an_unclosed_year_bracket_is_kept_as_printed() -> None:
    found = refs("为全面贯彻落实国务院《关于推动政策落实的通知》(国办发〔2018104号)，现提出若干措施。")
    assert found == [(TITLE, "国办发〔2018104号", "based_on")]


def test_the_documents_own_title_is_no_reference() -> None:
    text = "《关于帮助市场主体纾困解难的具体实施细则》\n为深入贯彻落实有关精神，制定如下实施细则。\n"
    assert extract_gazette(parse_gazette(text, "rules.txt")).references == []


def test_no_citing_document_no_reference() -> None:
    text = "各县（市）、区人民政府：\n《甲市行动方案(2023)》已经市政府常务会议审议通过，现予印发。\n"
    assert extract_gazette(parse_gazette(text, "notice.txt")).references == []


def test_reference_windows_are_bounded_on_a_text_without_line_breaks() -> None:
    """Issue 18: each mention scans a bounded window, so a newline-free text stays linear."""
    unit = "按照《甲省丙办法》要求推进工作，"

    def cpu(n: int) -> float:
        text = HEAD + unit * n + "。\n"
        times = []
        for _ in range(3):  # the least of three: a pause of the machine is not the extractor's
            t0 = time.process_time()
            extract_gazette(parse_gazette(text, "long.txt"))
            times.append(time.process_time() - t0)
        return min(times)

    small, large = cpu(500), cpu(4000)
    assert large < small * 8 * 3  # 8× the text: linear (quadratic would be 64×), with slack


def test_spacy_components_read_documents_and_references_as_the_build_does() -> None:
    from govgraph.components import nlp

    body = "根据《甲省丙办法》（甲政发〔2019〕3号）精神，制定本方案。\n\n甲市人民政府\n\n2024年1月2日\n"
    text = HEAD + body
    doc = nlp()(text)
    ex = extract_gazette(parse_gazette(text, "notice.txt"))
    assert [(s._.title, s._.date) for s in doc.spans["govgraph_documents"]] == [
        (d.title, d.date) for d in ex.documents
    ]
    assert [(s._.citing, s._.cited, s._.relation) for s in doc.spans["govgraph_references"]] == [
        (TITLE, "甲政发〔2019〕3号", "based_on")
    ]
    assert doc.spans["govgraph_references"][0].text.startswith("《甲省丙办法》")


def test_a_revised_document_repeals_its_older_version_of_the_same_title() -> None:
    title = "区政府办公室关于印发《甲区森林火灾应急预案》的通知"
    head = f"{title}\n\n各乡镇人民政府，区直有关单位：\n\n"
    found = refs(
        "经区政府同意，现将修订后的《甲区森林火灾应急预案》印发给你们，请认真实施。"
        "2018年1月12日区政府办公室印发的《甲区森林火灾应急预案》同时废止。",
        head=head,
    )
    plan = "《甲区森林火灾应急预案》"
    assert found == [(title, plan, "issues"), (title, plan, "repeals")]


def test_a_document_named_again_in_the_sentence_that_types_it_is_one_reference() -> None:
    found = refs("根据省人民代表大会通过的《政府工作报告》，现就《政府工作报告》明确的重点工作提出分工。")
    assert found == [(TITLE, "《政府工作报告》", "based_on")]
    # named again in another paragraph (a task applying it), it is cited there too
    found = refs("根据《甲省丙条例》，制定本方案。\n\n一、任务\n\n严格执行《甲省丙条例》。")
    assert found == [(TITLE, "《甲省丙条例》", "based_on"), (TITLE, "《甲省丙条例》", "cites")]


def test_an_edition_note_after_the_title_is_no_amendment() -> None:
    found = refs("经市政府同意，现将《甲市突发事件应急预案》（2019年修订）印发给你们，请认真贯彻执行。")
    assert [(to, rel) for _, to, rel in found] == [("《甲市突发事件应急预案》", "issues")]
    # an amendment stated after the title still is one
    found = refs("对《甲市物业管理办法》作如下修改。")
    assert [(to, rel) for _, to, rel in found] == [("《甲市物业管理办法》", "amends")]
