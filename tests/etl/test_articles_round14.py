"""Issue #13, session 14: lists of units read the way a reader reads them, each principle a table of invented
sentences (fictional bodies and people) in several phrasings.

- a counted list whose predicate is long (the topics they spoke on, with their own 、) is still the list;
- the units a meeting heard, named with no number (听取了A、B、C党支部书记的述职);
- a class of units (各教研室党支部, 其他党支部) is not one unit's name: such a listing counts nothing;
- a notice's order of reports (汇报顺序:A、B、C) names the units that report at the meeting.
"""

from __future__ import annotations

import pytest

from etl.articles import extract_article

HEAD = "1月9日下午,青禾大学化学学院党委召开2023年度党支部书记抓基层党建工作述职评议会。"
TOPICS = (
    "围绕学习贯彻党的二十大精神、履行基层党建工作责任情况、推进党支部标准化规范化建设、加强师生思想政治工作"
    "和发挥党员先锋模范作用等方面"
)
UNITS = ["分析化学教工党支部", "有机化学教工党支部", "研究生第一党支部", "本科生党支部"]


def x(text: str) -> dict:
    return extract_article(text)


# ---------------------------------------------------------------- a counted list with a long predicate

LONG_PREDICATE = [
    "会上," + "、".join(UNITS) + "等4个党支部书记分别" + TOPICS + "进行了述职。",
    "、".join(UNITS) + "等4位党支部书记依次" + TOPICS + "作了现场述职。",
    "会上," + "、".join(UNITS[:3]) + "和" + UNITS[3] + "等4个党支部的书记先后" + TOPICS + "进行述职。",
]


@pytest.mark.parametrize("sentence", LONG_PREDICATE)
def test_a_counted_list_is_read_whatever_the_length_of_its_predicate(sentence):
    got = x(HEAD + sentence)
    assert got["onsite_count"] == 4
    assert got["onsite_units"] == UNITS


# ---------------------------------------------------------------- the units heard, named, no number

HEARD = [
    "会议听取了" + "、".join(UNITS[:3]) + "书记的现场述职。",
    "会上听取了" + "、".join(UNITS[:3]) + "书记的述职。",
    "与会人员听取了" + "、".join(UNITS[:2]) + "和" + UNITS[2] + "书记的汇报。",
]


@pytest.mark.parametrize("sentence", HEARD)
def test_the_units_heard_are_the_units_on_site(sentence):
    got = x(HEAD + sentence)
    assert got["onsite_units"] == UNITS[:3]
    assert got["onsite_count"] == 3


def test_one_unit_heard_is_not_a_list():
    # one secretary heard: no list of units (and nothing here counts the units as a list)
    got = x(HEAD + "会议听取了分析化学教工党支部书记的述职。")
    assert got["onsite_units"] != ["分析化学教工党支部", "分析化学教工党支部"]


# ---------------------------------------------------------------- a class of units is not a unit

CLASSES = [
    "采取现场述职和书面述职相结合的方式,其中分析化学教工党支部、各教研室党支部现场述职,其他党支部书面述职。",
    "本次述职中,研究生第一党支部和各学生党支部书记现场述职,其余党支部书记书面述职。",
    "本科生党支部、所有教工党支部书记作现场述职,其他党支部书记提交书面述职报告。",
]


@pytest.mark.parametrize("sentence", CLASSES)
def test_a_class_of_units_counts_nothing(sentence):
    got = x(HEAD + sentence)
    assert got["onsite_count"] is None
    assert got["written_count"] is None
    assert got["total_units"] is None
    assert got["onsite_units"] is None


def test_units_named_one_by_one_still_count_per_mode():
    got = x(HEAD + "分析化学教工党支部、有机化学教工党支部书记现场述职,本科生党支部书记书面述职。")
    assert got["onsite_count"] == 2
    assert got["written_count"] == 1


# ---------------------------------------------------------------- a notice's order of reports

NOTICE = (
    "关于召开2023年度党支部书记述职评议会的通知\n各党支部:\n现将有关事项通知如下。\n一、会议时间\n"
    "2024年1月10日上午9:00\n二、汇报要求\n1.汇报时间。每个支部不超过5分钟。\n"
)
ORDERS = [
    "2.汇报顺序。" + "、".join(UNITS) + "。\n",
    "2.汇报顺序:" + "、".join(UNITS) + "。\n",
    "2.述职顺序为" + "、".join(UNITS) + "。\n",
]


@pytest.mark.parametrize("order", ORDERS)
def test_a_notices_order_of_reports_names_the_units_on_site(order):
    got = x(NOTICE + order + "化学学院党委\n2024年1月3日")
    assert got["onsite_count"] == 4
    assert got["onsite_units"] == UNITS


def test_an_order_of_written_reports_is_not_on_site():
    got = x(NOTICE + "2.书面述职报告提交顺序:" + "、".join(UNITS) + "。\n化学学院党委\n2024年1月3日")
    assert got["onsite_count"] is None
