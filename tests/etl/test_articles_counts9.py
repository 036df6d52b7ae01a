"""Counts, units and years: readings of session 7, round 3 (h-counts9). Fixtures in our own words, not real text."""

from __future__ import annotations

import pytest

from etl.articles import extract_article

_HEAD = "某大学化学学院党委召开2023年度党支部书记抓党建述职评议会\n2024年1月10日,"


def _read(body: str) -> dict:
    return extract_article(_HEAD + body)


def _counts(body: str) -> tuple:
    got = _read(body)
    return got["onsite_count"], got["written_count"], got["total_units"]


# what the counted secretaries spoke about may stand between them and 述职: a year, a quoted topic with commas
TOPIC_BETWEEN = [
    (
        "会上,甲系党支部、乙系党支部、丙系党支部等3位党支部书记围绕2023年度支部工作依次进行了述职。",
        ["甲系党支部", "乙系党支部", "丙系党支部"],
    ),
    (
        "随后,物理系教工党支部、学生第一党支部和学生第二党支部等三个党支部书记分别就“履职情况、亮点成效、不足和打算”"
        "等方面作了述职。",
        ["物理系教工党支部", "学生第一党支部", "学生第二党支部"],
    ),
    ("会上,数学系等4个党支部书记围绕2023年工作重点作了现场述职。", ["数学系"]),
]


@pytest.mark.parametrize(("body", "units"), TOPIC_BETWEEN)
def test_topic_between_count_and_report(body: str, units: list[str]) -> None:
    got = _read(body)
    assert got["onsite_units"] == units
    assert got["onsite_count"] == max(len(units), 4 if len(units) == 1 else 0)


def test_heads_of_units_are_not_secretaries() -> None:
    # 12个二级单位负责人: the noun goes on after 单位 — the units' heads, not their Party secretaries
    body = "会上,12个二级单位负责人围绕2023年目标任务进行了现场汇报。随后,6位党支部书记进行了述职。"
    assert _counts(body)[0] == 6


# a counted list whose units carry their secretaries' titles and names, commas between, and a 和 inside a name
PAIRS_COUNTED = [
    (
        "会上,化学系党支部书记王一,材料系党支部书记李二、综合办公室和资料室联合党支部书记赵三等3位书记依次述职。",
        ["化学系党支部", "材料系党支部", "综合办公室和资料室联合党支部"],
    ),
    (
        "随后,机关和后勤联合党支部书记陈明同志、学生党支部书记周亮同志等两位党支部书记作了现场述职。",
        ["机关和后勤联合党支部", "学生党支部"],
    ),
]


@pytest.mark.parametrize(("body", "units"), PAIRS_COUNTED)
def test_counted_pairs_with_and_inside_a_name(body: str, units: list[str]) -> None:
    got = _read(body)
    assert got["onsite_units"] == units
    assert got["onsite_count"] == len(units)


def test_uncounted_title_name_list_is_no_units() -> None:
    # attendees named with their titles, no count: not a list of units that reported
    body = "学院党委书记王强、副院长李梅、支部委员及全体支部书记参加会议。会上,各党支部书记依次进行了汇报。"
    assert _read(body)["onsite_units"] is None
