"""Issue #13, second round: clause-level readings added for the development items' misses, each on invented
sentences (fictional bodies and names)."""

from __future__ import annotations

from etl.articles import extract_article


def test_the_convener_who_organises_an_appraisal_is_not_a_rater():
    text = (
        "3月5日,青禾县卫健局机关党委召开2023年度基层党组织书记述职评议大会,对所属12个党支部书记开展民主评议。"
        "局机关党委委员参加了会议。各位书记依次述职,委员们进行了点评。"
    )
    assert extract_article(text)["rater_groups"] is None


def test_raters_named_after_the_convening_sentence_are_still_read():
    text = (
        "3月5日,青禾县卫健局机关党委召开2023年度基层党组织书记述职评议大会,对所属12个党支部书记开展民主评议。"
        "会上,与会人员对12名书记进行了民主测评。"
    )
    assert extract_article(text)["rater_groups"] == ["与会人员"]


def test_a_college_under_a_government_party_group_is_an_institution():
    text = (
        "第二项议程由9位党支部书记进行现场述职,学院党委书记林远舟逐一点评。"
        "2023年,在市委教育工委及市卫健委党组的领导下,学院党委坚持以党建促院建。"
    )
    assert extract_article(text)["meeting_level"] == "institution"


def test_a_college_inside_a_university_stays_a_secondary_unit():
    text = (
        "第二项议程由9位党支部书记进行现场述职,学院党委书记林远舟逐一点评。"
        "2023年,在学校党委的领导下,学院党委坚持以党建促院建。"
    )
    assert extract_article(text)["meeting_level"] == "secondary_unit"


def test_the_year_whose_work_was_reported_is_the_appraisal_year():
    text = (
        "3月25日下午,青禾学院党委召开党支部书记述职评议考核会。"
        "会上,各支部书记汇报了2022年支部的主要工作和存在的不足。"
    )
    got = extract_article(text)
    assert got["appraisal_year"] == 2022
    assert (got["meeting_date"], got["meeting_date_inferred"]) == ("2023-03-25", True)


def test_next_years_plans_do_not_name_the_appraisal_year():
    text = "3月25日下午,青禾学院党委召开党支部书记述职评议考核会。会上,各支部书记汇报了2023年工作思路。"
    assert extract_article(text)["appraisal_year"] is None
