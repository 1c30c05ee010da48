"""spaCy components of govgraph (govgraph.components)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from govgraph.components import (
    find_official_mentions,
    make_agency_recognizer,
    make_official_recognizer,
    nlp,
)
from govgraph.errors import InputError
from govgraph.extract.officials import registry_titles

CATEGORIES = {
    "party_leader",
    "government_leader",
    "secretary_general",
    "congress_cppcc",
    "department_leader",
    "judicial",
    "mass_organisation",
    "military",
    "enterprise",
    "civil_service_rank",
    "group_role",
}


def char_doc(text: str) -> Doc:
    """A Doc tokenised one character per token, as spacy.blank("zh") does."""
    return Doc(Vocab(), words=list(text), spaces=[False] * len(text))


def ents(doc: Doc) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in doc.ents]


@pytest.fixture(scope="session")
def pipeline():
    return nlp(jurisdiction="温州市")


# --- components on a Doc ---------------------------------------------------------------------


def test_nlp_agency_component_sets_resolved_ents() -> None:
    component = make_agency_recognizer(None, "govgraph_agencies", None, "温州市")  # type: ignore[arg-type]
    doc = component(char_doc("由市发改委会同市财政局，各县〈市、区〉政府负责；市某某服务中心配合。"))
    assert ents(doc) == [
        ("市发改委", "ORG", "agency/温州市发展和改革委员会"),
        ("市财政局", "ORG", "agency/温州市财政局"),
        ("各县〈市、区〉政府", "COLLECTIVE", "collective/温州市/各县（市、区）政府"),
        ("市某某服务中心", "ORG", "agency/温州市某某服务中心"),
    ]
    assert doc.ents[0].kb_id_ == "agency/温州市发展和改革委员会"


def test_nlp_official_component_sets_titles_and_persons() -> None:
    component = make_official_recognizer(None, "govgraph_officials", None)  # type: ignore[arg-type]
    doc = component(char_doc("市委常委、副市长李无文，副市长陈应许、毛伟平参加。王  军（常务副市长）"))
    assert ents(doc) == [
        ("市委常委", "TITLE", "title/市委常委"),
        ("副市长", "TITLE", "title/副市长"),
        ("李无文", "PERSON", "person/李无文"),
        ("副市长", "TITLE", "title/副市长"),
        ("陈应许", "PERSON", "person/陈应许"),
        ("毛伟平", "PERSON", "person/毛伟平"),
        ("王  军", "PERSON", "person/王军"),
        ("常务副市长", "TITLE", "title/常务副市长"),
    ]


def test_nlp_pipeline_keeps_longest_of_overlapping_spans(pipeline) -> None:
    doc = pipeline("市委常委、副市长李无文到市委组织部调研")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("市委常委", "TITLE"),  # not ORG 市委
        ("副市长", "TITLE"),
        ("李无文", "PERSON"),
        ("市委组织部", "ORG"),
    ]


def test_nlp_pipeline_expands_spans_to_tokens(pipeline) -> None:
    doc = pipeline("（责任单位：*市自然资源和规划局、市住建局）")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [
        ("市自然资源和规划局", "agency/温州市自然资源和规划局"),
        ("市住建局", "agency/温州市住房和城乡建设局"),
    ]


# --- entry points ----------------------------------------------------------------------------


def test_nlp_entry_points_name_our_factories() -> None:
    eps = {ep.name: ep for ep in entry_points(group="spacy_factories") if ep.value.startswith("govgraph.")}
    assert eps["govgraph_agencies"].load() is make_agency_recognizer
    assert eps["govgraph_officials"].load() is make_official_recognizer


def test_nlp_add_pipe_by_name_in_a_fresh_interpreter() -> None:
    """spaCy finds the factories through the installed entry points, without importing govgraph."""
    code = (
        "import spacy\n"
        "p = spacy.blank('zh')\n"
        "p.add_pipe('govgraph_agencies', config={'jurisdiction': '温州市'})\n"
        "p.add_pipe('govgraph_officials')\n"
        "d = p('副市长陈应许要求市经信局牵头')\n"
        "print('|'.join(f'{e.label_}:{e.text}:{e.ent_id_}' for e in d.ents))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == (
        "TITLE:副市长:title/副市长|PERSON:陈应许:person/陈应许|ORG:市经信局:agency/温州市经济和信息化局"
    )


# --- officials matcher and title data --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("副市长王军参加", [("副市长", "TITLE"), ("王军", "PERSON")]),
        ("副市长陈应许参加", [("副市长", "TITLE"), ("陈应许", "PERSON")]),
        ("市长张振丰主持召开", [("市长", "TITLE"), ("张振丰", "PERSON")]),
        ("省委常委、市委书记刘小涛", [("省委常委", "TITLE"), ("市委书记", "TITLE"), ("刘小涛", "PERSON")]),
        ("分管工业副市长要求", []),  # a title with no name is not an official mention
        (
            "副市长陈应许、毛伟平、王彩莲",
            [("副市长", "TITLE")] + [(n, "PERSON") for n in ("陈应许", "毛伟平", "王彩莲")],
        ),
    ],
)
def test_nlp_find_official_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s:e], label) for s, e, label in find_official_mentions(text)] == expected


def test_nlp_titles_data_is_complete_and_categorised() -> None:
    titles = registry_titles()
    words = {t.title for t in titles}
    for needed in (
        "市长",
        "常务副市长",
        "副市长",
        "秘书长",
        "副秘书长",
        "市委书记",
        "市委副书记",
        "市委常委",
    ):
        assert needed in words
    for needed in ("省委常委", "局长", "副局长", "主任", "副主任", "总经理", "副总经理", "董事长", "专员"):
        assert needed in words
    assert len(words) == len(titles), "duplicate title rows"
    assert {t.category for t in titles} <= CATEGORIES
    assert {t.rank for t in titles} <= {"head", "deputy", "member"}


def test_nlp_bad_titles_file_names_file(tmp_path: Path) -> None:
    path = tmp_path / "titles.csv"
    path.write_text("word,kind\n市长,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"titles\.csv"):
        registry_titles(path)


def test_components_responsibility_spans_carry_units_and_lead() -> None:
    import spacy

    pipeline = spacy.blank("zh")
    pipeline.add_pipe("govgraph_responsibilities")
    doc = pipeline("支持企业联合连片改造。（责任单位：*市自然资源和规划局、市住建局）")
    (span,) = doc.spans["govgraph_responsibilities"]
    assert span._.units == ("市自然资源和规划局", "市住建局")
    assert span._.lead == ("市自然资源和规划局",)


def test_components_govgraph_nlp_is_the_full_pipeline() -> None:
    import govgraph

    pipeline = govgraph.nlp(jurisdiction="温州市")
    assert pipeline.pipe_names == [
        "govgraph_agencies",
        "govgraph_officials",
        "govgraph_responsibilities",
        "govgraph_documents",  # issue 12: documents and references share the build's extractors
        "govgraph_references",
    ]
    doc = pipeline("副市长王振勇分管市经信局。")
    ents = [(e.text, e.label_, e.ent_id_) for e in doc.ents]
    assert ("市经信局", "ORG", "agency/温州市经济和信息化局") in ents
    assert ("王振勇", "PERSON") in [(e.text, e.label_) for e in doc.ents]
