"""Appointments and removals: sentence forms, posts, notes, lines, gold scores."""

from __future__ import annotations

from pathlib import Path

from repo import DEMO_GOLD

from govgraph.extract import extract_gazette
from govgraph.extract.appointments import split_posts
from govgraph.ingest import parse_gazette
from govgraph.records import Appointment

DATA = Path(__file__).resolve().parents[1] / "data" / "gazettes"
GAZETTES = sorted(DATA.glob("*.txt"))
GOLD = DEMO_GOLD

# Section detection starts at the first numbered document, so the snippet opens with one.
HEAD = """温州市人民政府公报

温州市人民政府办公室关于废止温政办〔2018〕96号文件的通知

温政办〔2022〕80号

各县（市、区）人民政府，市政府直属各单位：

经研究，决定废止该文件。

温州市人民政府办公室

2022年10月27日

"""

PERSONNEL = HEAD + """10月份市政府人事任免

市人民政府决定：

叶勇任温州市生态环境局副局长（试用期一年）；

谢忠诚任温州高新技术产业开发区（温州经济技术开发区）管委会常务副主任（正县长级），免去

其温州市发展和改革委员会副主任职务；

谢明化任温州设计集团有限公司总经理、副董事长；

张云龙、任志强任温州市经济和信息化局副局长（挂职）；

任命欧阳明高为温州大学校长；

免去潘健的温州市生态环境局副局长职务；

免去姜益祥、黄少燕的温州湾新区（温州高新技术产业开发区、温州经济技术开发区）管委会副主任职务；

免去李丹的温州湾新区管委会副主任（兼）职务；

免去朱葵的温州市人民政府副秘书长，温州市人民政府金融工作办公室副主任职务；

王五不再担任温州市社会科学院副院长职务。

政 务 简 讯

市长张三丰任务部署会议召开

10月10日，市委副书记、市长张三丰主持召开会议，落实责任任务。
"""

LINES = PERSONNEL.split("\n")


def _appointments() -> list[Appointment]:
    return extract_gazette(parse_gazette(PERSONNEL, "personnel.txt")).appointments


def _events() -> set[tuple[str, str, str, str]]:
    return {(a.person, a.action, a.organization, a.position) for a in _appointments()}


def _line_of(prefix: str) -> int:
    return next(i for i, line in enumerate(LINES, start=1) if line.startswith(prefix))


def test_appointments_appoint_with_probation() -> None:
    (ye,) = [a for a in _appointments() if a.person == "叶勇"]
    assert (ye.action, ye.organization, ye.position) == ("appoint", "温州市生态环境局", "副局长")
    assert ye.probation == "试用期一年"
    assert ye.rank_note is None


def test_appointments_appoint_and_remove_in_one_sentence() -> None:
    xie = [a for a in _appointments() if a.person == "谢忠诚"]
    assert [(a.action, a.organization + a.position) for a in xie] == [
        ("appoint", "温州高新技术产业开发区（温州经济技术开发区）管委会常务副主任"),
        ("remove", "温州市发展和改革委员会副主任"),
    ]
    assert xie[0].rank_note == "正县长级"
    # The sentence runs over a kept line break; both events carry the line where it starts.
    assert {a.prov.line for a in xie} == {_line_of("谢忠诚任")}


def test_appointments_titles_joined_share_the_organisation() -> None:
    events = _events()
    assert ("谢明化", "appoint", "温州设计集团有限公司", "总经理") in events
    assert ("谢明化", "appoint", "温州设计集团有限公司", "副董事长") in events


def test_appointments_several_people_and_secondment() -> None:
    both = [a for a in _appointments() if a.position == "副局长" and a.organization == "温州市经济和信息化局"]
    assert sorted(a.person for a in both) == ["任志强", "张云龙"]  # 任 as a surname is not the verb
    assert {a.rank_note for a in both} == {"挂职"}


def test_appointments_named_appointment_and_compound_surname() -> None:
    assert ("欧阳明高", "appoint", "温州大学", "校长") in _events()


def test_appointments_removals() -> None:
    events = _events()
    assert ("潘健", "remove", "温州市生态环境局", "副局长") in events
    org = "温州湾新区（温州高新技术产业开发区、温州经济技术开发区）管委会"
    assert ("姜益祥", "remove", org, "副主任") in events
    assert ("黄少燕", "remove", org, "副主任") in events
    assert ("朱葵", "remove", "温州市人民政府", "副秘书长") in events
    assert ("朱葵", "remove", "温州市人民政府金融工作办公室", "副主任") in events
    assert ("王五", "remove", "温州市社会科学院", "副院长") in events
    (li,) = [a for a in _appointments() if a.person == "李丹"]
    assert (li.position, li.rank_note) == ("副主任", "兼")


def test_appointments_nothing_outside_decisions() -> None:
    people = {a.person for a in _appointments()}
    assert "张三丰" not in people
    assert len(_appointments()) == 15


def test_appointments_lines_and_notice() -> None:
    by_person = {a.person: a for a in _appointments()}
    assert by_person["叶勇"].prov.line == _line_of("叶勇任")
    assert by_person["黄少燕"].prov.line == _line_of("免去姜益祥")
    for a in _appointments():
        assert a.doc_key == "10月份市政府人事任免"
        assert a.prov.source == "personnel.txt"


def test_appointments_bare_forms_only_in_personnel_sections() -> None:
    # Outside a personnel notice ``X任…`` is not a decision (a news item may say it of the
    # past); the forms with a deciding verb (任命X为, 免去X的…职务) are decisions anywhere.
    text = PERSONNEL.replace("10月份市政府人事任免", "10月份市政府工作动态").replace("市人民政府决定：", "")
    events = {(a.person, a.action) for a in extract_gazette(parse_gazette(text, "x.txt")).appointments}
    assert ("叶勇", "appoint") not in events and ("谢明化", "appoint") not in events
    assert ("谢忠诚", "remove") not in events  # 免去其: whose post, when 谢忠诚任 is not read
    assert {("欧阳明高", "appoint"), ("潘健", "remove"), ("姜益祥", "remove")} <= events


def test_split_posts_notes_and_brackets() -> None:
    posts = split_posts("温州开放大学（温州城市大学、温州老年大学）校长（试用期一年）、党委书记")
    assert [(o, p, n) for o, p, n in posts] == [
        ("温州开放大学（温州城市大学、温州老年大学）", "校长", ["试用期一年"]),
        ("温州开放大学（温州城市大学、温州老年大学）", "党委书记", []),
    ]
