"""Totals, counts and dates: readings of session 7 (h-counts7). Fixtures in our own words, not real text."""

from __future__ import annotations

import pytest

from etl.articles import extract_article

_HEAD = "某大学物理学院党委召开2023年度党支部书记抓党建述职评议会\n2024年1月10日,"


def _counts(body: str) -> tuple:
    got = extract_article(_HEAD + body)
    return got["onsite_count"], got["written_count"], got["total_units"]


# ---------------------------------------------------------------- the convener's own units, counted as units

OWN_UNITS = [
    # N个…党支部的书记 with the unit that has them: all its branches of that kind
    ("我院27个基层党支部的支部书记分别就一年来的工作进行了述职。", (27, None, 27)),
    ("学院9个研究生党支部的支部书记全部参会。会上,各研究生党支部书记依次进行汇报。", (9, None, 9)),
    ("学院党委下设的六个党支部就年度党建工作逐一进行汇报。", (6, None, 6)),
    # counted out kind by kind, the kinds adding up to the reporters
    ("学院3个教工党支部、1个机关党支部、4个学生党支部的8位党支部书记在会上作了汇报。", (8, None, 8)),
    # the office's own organs listed elsewhere, as many as reported
    (
        "这一年,我所机关党委筹备组和5个在职党支部扎实工作。会上,组织5个在职党支部的支部书记进行现场述职。",
        (5, None, 5),
    ),
]

NOT_ALL = [
    # people counted, not the units: not all there are
    ("学院六位党支部书记围绕年度工作进行了述职。", (6, None, None)),
    ("会上,七名在职党支部书记进行了口头述职。", (7, None, None)),
    ("会上,12个在职和离退休党支部书记逐一进行报告。", (12, None, None)),
    # the convener's units, but a rest follows with no number: not all reported on site
    ("学院5个教工党支部的书记进行了现场述职,其余支部书记提交书面述职。", (5, None, None)),
    # kinds by kind that do not add up to the count
    ("学院2个教工党支部、2个学生党支部的3位党支部书记作了汇报。", (3, None, None)),
]


@pytest.mark.parametrize("body,expected", OWN_UNITS + NOT_ALL)
def test_the_conveners_own_units_counted_as_units_are_all_of_them(body, expected):
    assert _counts(body) == expected


# ---------------------------------------------------------------- modes

MODES = [
    # everyone reported, in two modes combined, the split not given (the other mode in any words)
    (
        "11位党支部书记通过会上述职与书面述职相结合的方式总结了一年的工作。各位支部书记逐一进行述职。",
        (None, None, 11),
    ),
    ("9位党支部书记采取现场述职与书面述职相结合的方式进行述职。", (None, None, 9)),
    # all units wrote, some of them also on site: all of them in writing and in all (as 均进行了书面述职)
    ("会上,5名党支部书记进行现场汇报述职。与会党员结合全体17个党支部的书面述职情况进行打分。", (5, 17, 17)),
    ("会上,5名党支部书记进行现场汇报述职,其余12名党支部书记书面述职。", (5, 12, 17)),
    # the rest named 余下
    ("会上,学院8名党支部书记进行现场述职,余下9名党支部书记以书面形式完成述职。", (8, 9, 17)),
]


@pytest.mark.parametrize("body,expected", MODES)
def test_modes_read_as_a_reader_would(body, expected):
    assert _counts(body) == expected


def test_a_count_of_characters_is_no_count_of_units():
    body = "会上,各党支部书记进行述职。最后,书记用“务实、创新”4个字对支部和干部述职进行了肯定。"
    assert _counts(body) == (None, None, None)


def test_a_rank_among_everyone_appraised_gives_the_total():
    text = (
        "近日,省委教育工委通报了2022年度高校党委书记抓基层党建工作述职评议考核结果,"
        "我校以91.5分在全省38所高职院校中排名第四。"
    )
    assert extract_article(text)["total_units"] == 38


def test_a_number_of_schools_without_a_rank_is_no_total():
    text = "近日,省委教育工委召开2022年度高校党委书记抓基层党建述职评议会,全省38所高职院校党委书记参加会议。"
    assert extract_article(text)["total_units"] is None


# ---------------------------------------------------------------- dates and years


def test_the_year_whose_work_was_summed_up_with_the_verb_after_it():
    text = (
        "机关党总支开展支部书记述职评议工作\n"
        "1月20日,机关党总支在三楼会议室组织开展支部书记述职评议工作。"
        "会上,支部书记分别进行现场述职,对各自2022年主要工作进行总结。"
    )
    got = extract_article(text)
    assert (got["appraisal_year"], got["meeting_date"], got["meeting_date_inferred"]) == (
        2022,
        "2023-01-20",
        True,
    )


def test_next_years_plan_is_still_not_the_year():
    text = (
        "机关党总支开展支部书记述职评议工作\n"
        "1月20日,机关党总支在三楼会议室组织开展支部书记述职评议工作。会上,支部书记对2024年工作进行了展望。"
    )
    assert extract_article(text)["appraisal_year"] is None


def test_the_arrangements_of_a_years_appraisal_give_its_year():
    text = (
        "各党支部:\n根据学院党委工作安排,现将2024年度党支部考核工作安排通知如下:\n"
        "一、考核内容\n党支部书记抓党建述职评议。\n特此通知。"
    )
    assert extract_article(text)["appraisal_year"] == 2024


def test_a_year_in_passing_that_the_full_meeting_date_rules_out():
    text = (
        "某学院党委召开党支部书记述职评议会\n"
        "2023年3月2日下午,某学院党委召开党支部书记述职评议会。"
        "4位党支部书记围绕履职情况、2021年度述职承诺的整改情况和下一步思路进行了现场汇报。"
    )
    assert extract_article(text)["appraisal_year"] == 2022


def test_a_day_without_its_month_is_of_the_datelines_month():
    text = (
        "高校党委书记抓基层党建工作述职评议会议召开\n"
        "2022年05月12日09:10  来源:某某日报\n"
        "11日,2021年度高校党委书记抓基层党建工作述职评议会议在省城召开。"
    )
    got = extract_article(text)
    assert (got["meeting_date"], got["meeting_date_inferred"]) == ("2022-05-11", True)


def test_a_day_after_the_datelines_day_is_of_the_month_before():
    text = (
        "高校党委书记抓基层党建工作述职评议会议召开\n"
        "2022年05月02日09:10  来源:某某日报\n"
        "29日,2021年度高校党委书记抓基层党建工作述职评议会议在省城召开。"
    )
    assert extract_article(text)["meeting_date"] == "2022-04-29"


def test_a_day_without_a_month_and_no_dateline_is_no_date():
    text = "高校党委书记抓基层党建工作述职评议会议召开\n11日,2021年度高校党委书记抓基层党建工作述职评议会议在省城召开。"
    assert extract_article(text)["meeting_date"] is None


# ---------------------------------------------------------------- who reported, read from what else is said


def test_an_enumeration_of_units_with_their_secretaries_runs_on_across_a_comma():
    body = (
        "会上,化工学院党总支书记赵某某、材料学院党总支书记钱某某,图书馆党支部书记孙某、"
        "后勤党支部书记李某某依次登台作述职发言。"
    )
    got = extract_article("某大学召开2023年度基层党建述职评议大会\n1月10日,学校召开述职评议大会。\n" + body)
    assert got["onsite_count"] == 4
    assert got["onsite_units"] == ["化工学院党总支", "材料学院党总支", "图书馆党支部", "后勤党支部"]


def test_the_reporters_counted_only_when_their_reports_are_rated():
    body = (
        "会上,教工党支部书记就支部的工作进行了述职。随后,本科生党支部、研究生党支部的书记分别就年度工作进行了述职。"
        "最后,全体党员对三位党支部书记的述职进行了民主测评。"
    )
    assert _counts(body)[0] == 3


def test_a_count_of_the_reporters_rated_after_another_count_changes_nothing():
    body = "会上,5位党支部书记依次进行了现场述职。最后,与会党员对五位党支部书记的述职进行了民主测评。"
    assert _counts(body) == (5, None, None)


def test_a_date_whose_day_word_was_dropped_before_the_time_of_day():
    text = "某学院党委召开党支部书记述职评议会\n2023年3月7下午,某学院党委在二楼会议室召开2022年度党支部书记述职评议会。"
    got = extract_article(text)
    assert (got["meeting_date"], got["meeting_date_inferred"]) == ("2023-03-07", False)
