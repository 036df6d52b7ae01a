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
