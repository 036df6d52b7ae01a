"""Counts and units: readings of session 6 (fixtures in our own words, not real text)."""

from __future__ import annotations

from etl.articles import extract_article


def test_units_listed_with_their_secretaries_named_give_the_units():
    text = (
        "化学学院召开2023年度基层党组织书记抓党建述职评议会\n"
        "会上,一号教工党支部书记钱某某、二号教工党支部书记孙某、学生党支部书记李某某"
        "等3位党支部书记现场述职。"
    )
    got = extract_article(text)["onsite_units"]
    assert got == ["一号教工党支部", "二号教工党支部", "学生党支部"]


def test_an_aside_in_brackets_does_not_split_a_unit_name():
    text = (
        "某大学召开2023年度基层党组织书记抓党建述职评议会\n"
        "会上,图书馆党支部、后勤处(基建处、保卫处)党支部、教务处党支部等3个党支部书记现场述职。"
    )
    got = extract_article(text)["onsite_units"]
    assert got is None or "后勤处(基建处、保卫处)党支部" in got
    assert got is None or all(u.endswith("党支部") for u in got)


def test_a_list_of_the_secretaries_names_is_not_a_list_of_units():
    text = (
        "某大学召开2023年度基层党组织书记抓党建述职评议会\n"
        "会上,甲乙丙、丁戊、己庚辛、壬癸等4位基层党委书记依次进行现场述职,其他9位书记进行书面述职。"
    )
    got = extract_article(text)
    assert got["onsite_units"] is None
    assert got["onsite_count"] == 4


# ---------------------------------------------------------------- totals the text names (h-counts2)

_HEAD = "某大学召开2023年度基层党组织书记抓党建述职评议会\n"


def test_those_on_site_and_the_rest_in_writing_are_everyone():
    text = _HEAD + "会上,5位党总支书记依次进行现场述职,其余12位党总支书记提交了书面述职。"
    got = extract_article(text)
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (5, 12, 17)


def test_the_rest_counted_without_a_measure_word():
    text = _HEAD + "会上,甲党支部、乙党支部等四位党支部书记进行现场述职,其他9党支部书记进行书面述职。"
    got = extract_article(text)
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (4, 9, 13)


def test_a_count_of_all_the_units_there_are_is_not_the_total_of_the_rest():
    text = (
        "某大学召开2023年度基层党组织书记抓党建述职评议会\n"
        "学院共有21个党支部,会上3位党支部书记现场述职,其余8位党支部书记进行书面述职。"
    )
    got = extract_article(text)
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (3, 8, 11)


def test_units_set_up_are_never_the_total_unless_all_were_appraised():
    text = (
        "某学院召开2023年度党支部书记抓党建述职评议会\n学院共设置21个党支部。会上,4位党支部书记进行现场述职。"
    )
    assert extract_article(text)["total_units"] is None


def test_the_units_rated_with_a_kind_of_rating_are_the_total():
    text = (
        "某大学召开2023年度基层党组织书记抓党建述职评议会\n"
        "会上,5位党委书记现场述职。与会人员对14个二级党组织进行了满意度测评。"
    )
    got = extract_article(text)
    assert (got["onsite_count"], got["total_units"]) == (5, 14)


def test_kinds_of_branch_before_the_secretaries_are_not_teachers_counted():
    text = (
        "某学院召开2023年度基层党组织书记抓党建述职评议会\n"
        "会上,4位党总支书记进行了现场述职,3位直属党支部书记和11位教师、学生党支部书记进行了书面述职。"
    )
    got = extract_article(text)
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (4, 14, 18)


def test_a_notice_titled_inside_a_line_takes_its_time_and_place_line_as_the_meeting_date():
    text = (
        "首页 > 通知公告 > 关于召开2023年度党支部书记抓党建工作述职评议会的通知 发布时间:2024-01-02\n"
        "各党支部:\n"
        "经学院党委研究,决定召开2023年度党支部书记抓党建工作述职评议会,有关事项安排如下。\n"
        "一、时间和地点\n"
        "2024年1月9日下午2:30,行政楼302会议室\n"
        "二、参会人员\n"
        "学院党委委员、各党支部书记。\n"
        "学院党委\n"
    )
    got = extract_article(text)
    assert got["meeting_date"] == "2024-01-09"


def test_a_unit_named_alone_in_writing_after_a_count_on_site_is_one_written():
    text = (
        _HEAD
        + "会上,甲党支部书记赵某、乙党支部书记钱某等2位党支部书记现场述职,退休教工党支部书记进行书面述职。"
    )
    got = extract_article(text)
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (2, 1, 3)


def test_a_unit_named_before_a_counted_phrase_is_counted_with_it():
    text = _HEAD + "会上,8个二级党组织书记进行现场述职。后勤党委和2个直属党支部进行书面述职。"
    got = extract_article(text)
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (8, 3, 11)


def test_a_dispatch_date_is_not_the_meeting_date():
    text = (
        "某大学召开2021年度基层党委书记述职评议考核大会\n"
        "某大学新闻网3月4日电(某某)3月1日,学校召开2021年度基层党委书记述职评议考核大会。"
        "会上,6位党委书记进行现场述职。\n"
    )
    assert extract_article(text)["meeting_date"] == "2022-03-01"


def test_those_taking_part_in_the_appraisal_counted_are_the_total():
    text = (
        "某学院召开2023年度支部书记述职评议会\n"
        "参加本次支部书记述职评议的共有6个支部书记,其中2个教工支部书记,4个学生支部书记。"
        "各支部书记述职结束后,与会人员进行了民主测评。"
    )
    got = extract_article(text)
    assert (got["onsite_count"], got["total_units"]) == (6, 6)


def test_a_long_topic_complement_before_the_verb_still_reports():
    topics = "、".join(f"落实第{n}项重点任务和推进第{n}项专项工作的情况" for n in "一二三四五六七八")
    text = _HEAD + f"会上,5位党总支书记围绕{topics}等方面进行现场述职,其他党总支书记进行书面述职。"
    assert extract_article(text)["onsite_count"] == 5


def test_units_set_up_of_a_kind_are_the_total_when_as_many_reported():
    text = (
        "某学院召开2023年度党支部书记述职评议会\n"
        "学院党委下设本科生党支部7个,其中低年级党支部3个。会上,7位本科生党支部书记分别进行了述职汇报。"
    )
    got = extract_article(text)
    assert (got["onsite_count"], got["total_units"]) == (7, 7)
