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
