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


# ---------------------------------------------------------------- units named right after a count

NAMED_AFTER = [
    ("会上,3个教工党支部和机关党支部进行了现场述职。", 4),
    ("会上,3名党支部书记和机关党委书记进行了现场述职。", 4),
    ("会上,5个支部进行了现场述职,7个学生党支部和离退休党支部进行了书面述职。", 5),
]


@pytest.mark.parametrize(("sentence", "onsite"), NAMED_AFTER)
def test_a_unit_named_after_a_count_is_one_more(sentence, onsite):
    got = x(HEAD + sentence)
    assert got["onsite_count"] == onsite
    if "书面" in sentence:
        assert got["written_count"] == 8
        assert got["total_units"] == 13


def test_a_class_named_after_a_count_leaves_the_number_unsaid():
    assert x(HEAD + "会上,3个教工党支部和各学生党支部进行了现场述职。")["onsite_count"] is None


def test_people_named_after_a_count_are_not_units():
    # the secretaries and the branches' committee members attend; the secretaries then report
    got = x(HEAD + "4个支部书记及各支部支委参会。会上,各党支部书记逐一进行述职。")
    assert got["onsite_count"] == 4


# ---------------------------------------------------------------- the standard reported against is no plan

STANDARDS = [
    "考核会议上,12位支部书记对标支部工作要做到“教育党员有力、管理党员有力”的要求,详细汇报了支部工作开展情况。",
    "会上,12位支部书记按照学院党委关于支部建设要达到的标准要求,逐一汇报了一年来的工作。",
]


@pytest.mark.parametrize("sentence", STANDARDS)
def test_the_standard_a_report_is_measured_against_is_not_a_plan(sentence):
    assert x(HEAD + sentence)["onsite_count"] == 12


def test_a_plan_is_still_a_plan():
    assert x(HEAD + "会议要求,12位支部书记要在月底前完成述职。")["onsite_count"] is None


# ---------------------------------------------------------------- generic words and partners are no institution


def test_a_generic_college_word_is_no_institution():
    got = x("12月28日下午,医学院党委召开2021年度二级单位党组织书记抓基层党建工作述职评议考核会。")
    assert got["institution"] is None


def test_a_partner_university_is_not_the_meetings():
    got = x(
        "1月18日上午,法学院党总支召开2020年度支部工作考核评议会。会上,12位支部书记汇报了支部工作。"
        "本年度,各支部与青禾大学法学院研究生党支部开展联合党课。"
    )
    assert got["institution"] is None


def test_the_university_named_in_a_footer_still_counts():
    got = x(
        "1月18日上午,机械与航空工程学院党委召开2020年度党支部书记述职评议会。会上,6位支部书记汇报了支部工作。\n"
        "青禾大学机械与航空工程学院  地址:北川省青禾市人民大街1号"
    )
    assert got["institution"] == "青禾大学"


def test_units_on_site_listed_with_no_number_are_counted():
    got = x(
        HEAD + "会上,附属第一医院党委书记甲某、附属第二医院党委书记乙某、学生工作党委书记丙某、"
        "离退休工作党委书记丁某先后作了口头汇报。"
    )
    assert got["onsite_count"] == 4


def test_a_goal_in_quotation_marks_is_no_institution():
    got = x(
        "1月8日下午,资源与环境学院组织开展2023年度党支部书记抓党建述职评议考核会。会上,7个党支部书记进行了述职。"
        "要发挥党员在“更名大学”等重点工作中的带头作用。"
    )
    assert got["institution"] is None


def test_a_clause_after_the_committee_is_no_name():
    got = x("12月27日下午,商学院党委在学院304会议室组织召开2023年度基层党支部书记述职评议考核会议。")
    assert got["institution"] is None


def test_kinds_of_branch_the_reporters_came_from_are_not_units_added():
    got = x(HEAD + "会上,6位来自教工党支部、学生党支部的书记分别进行了现场述职。")
    assert got["onsite_count"] == 6


def test_the_preposition_before_a_group_of_raters_is_no_part_of_it():
    got = x(
        HEAD + "会上,6位党支部书记进行了现场述职。会上还发放了测评票,由党委委员根据各支部述职情况进行测评。"
    )
    assert got["rater_groups"] == ["党委委员"]
