"""Counts, units and years: readings of session 7, round 2 (h-counts8). Fixtures in our own words, not real text."""

from __future__ import annotations

import pytest

from etl.articles import extract_article

_HEAD = "某大学化学学院党委召开2023年度党支部书记抓党建述职评议会\n2024年1月10日,"


def _counts(body: str) -> tuple:
    got = extract_article(_HEAD + body)
    return got["onsite_count"], got["written_count"], got["total_units"]


COUNTS = [
    # the counted secretaries sum up the year's work: that is their report, with no 述职 word in the sentence
    ("会上,七位党支部书记结合支部实际,回顾了一年来的工作,剖析了存在的不足。", (7, None, None)),
    ("五名党支部书记围绕年度任务梳理问题短板,提出改进思路。各支部书记的汇报重点突出。", (5, None, None)),
    # ... but secretaries attending who then talk are attending, not reporting
    ("会上,五名党支部书记参加会议并交流了经验。", (None, None, None)),
    # a clause that ends on 参加 (the meeting understood) is attending; the class then reports in turn: all of them
    ("学院领导及6个支部书记参加。各支部书记依次进行述职。", (6, None, None)),
    # the units said all to have reported: N on site, N in all
    ("按照学校对述职评议的工作要求,学院四个党支部全部进行了述职。", (4, None, 4)),
    # the count of all who reported, given once they had, over the groups before it
    (
        "会上,三位教工党支部书记先后汇报。随后两位学生党支部书记进行述职。五位书记述职完毕后,与会人员进行了测评。",
        (5, None, None),
    ),
    # 简要 is no plan (要)
    ("会上,四位书记对各自支部的工作进行简要汇报。", (4, None, None)),
    # secretaries named one by one after their title: one reporter each; 等 lists only some
    ("会上,各支部书记王明、李华、张小红依次进行了述职。", (3, None, None)),
    ("随后,党支部书记陈一、刘二、赵三等作了汇报。", (None, None, None)),
    # two counted groups whose separator was lost are one list
    ("会上3名党支部书记5名兼任支部书记的科长现场述职,4名党支部书记书面述职。", (8, 4, 12)),
    # ordinals sharing their head are one unit each
    ("会上,机关第一、第二、第三党支部和后勤党支部书记依次述职。", (4, None, None)),
]


@pytest.mark.parametrize(("body", "expected"), COUNTS)
def test_counts(body: str, expected: tuple) -> None:
    assert _counts(body) == expected


def test_kind_counted_in_the_sentence_wrote() -> None:
    body = (
        "学院党委召开述职会。机关党支部书记王强同志就支部工作进行述职。他谈了今年的工作。接着,后勤党支部书记李明汇报了支部工作。"
        "因学院2个学生党支部成立不久,学生党支部书记采用书面述职。"
    )
    got = extract_article(_HEAD + body)
    assert (got["onsite_count"], got["written_count"]) == (2, 2)
    assert got["onsite_units"] == ["机关党支部", "后勤党支部"]


def test_one_per_sentence_broken_by_another_subject() -> None:
    body = "学院党委召开述职会。机关党支部书记王强作了述职。会议指出要加强学习。后勤党支部书记李明汇报了支部工作。"
    got = extract_article(_HEAD + body)
    assert got["onsite_units"] is None


def test_pair_without_title_in_a_run() -> None:
    body = "会上,机关第一党支部王强、机关第二党支部书记李明、后勤党支部书记赵刚依次述职。"
    got = extract_article(_HEAD + body)
    assert got["onsite_count"] == 3
    assert got["onsite_units"] == ["机关第一党支部", "机关第二党支部", "后勤党支部"]


def test_ordinal_list_gives_no_names() -> None:
    got = extract_article(_HEAD + "会上,学院教工第一、第二党支部和学生党支部书记分别作了汇报。")
    assert got["onsite_count"] == 3
    assert got["onsite_units"] is None


YEARS = [
    # a year looked ahead to in the reports: the year after the one appraised
    (
        "学院党委召开党支部书记述职会\n12月20日,学院党委召开党支部书记述职会。各支部书记展望新的一年,表示2022年要进一步加强支部建设。",
        (2021, "2021-12-20"),
    ),
    # the year summed up after 指出 and a comma
    (
        "学院党委召开党支部书记述职会\n3月2日,学院党委召开党支部书记述职会。书记在讲话中指出,2021年,各支部取得了显著成绩。",
        (2021, "2022-03-02"),
    ),
    # the year whose achievements were recognised
    (
        "学院党委召开党支部书记述职会\n12月28日,学院党委召开党支部书记述职会。院长肯定了各支部在2020年取得的成绩。",
        (2020, "2020-12-28"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), YEARS)
def test_years(text: str, expected: tuple) -> None:
    got = extract_article(text)
    assert (got["appraisal_year"], got["meeting_date"]) == expected
