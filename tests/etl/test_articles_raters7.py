"""Issue #13, session 7 (h-raters): who rated vs who attended, which institution, at what level — each
principle a table of invented sentences (fictional bodies and people) in several phrasings."""

from __future__ import annotations

import pytest

from etl.articles import extract_article

HEAD = "3月2日,青禾医院召开2023年度党总支书记抓党建工作述职评议会。"


def x(text: str) -> dict:
    return extract_article(text)


# ------------------------------------------------- 与会人员 spelled out only by a list of the whole meeting

LIST = "各党总支书记、党支部书记、职能部门负责人、职工代表参加了会议。"


@pytest.mark.parametrize(
    "others",
    [
        "院党委书记林川主持会议,院领导班子成员出席会议。",
        "院党委书记林川主持会议,院领导宋青、何远出席。会议由林川主持。院领导班子成员列席会议。",
        "院党委副书记宋青参加会议并讲话。",
    ],
)
def test_attendees_named_in_two_places_leave_the_pronoun_as_written(others):
    text = HEAD + others + "4名党总支书记依次述职。与会人员对党总支书记进行了民主测评。\n" + LIST
    assert x(text)["rater_groups"] == ["与会人员"]


def test_attendees_named_beside_the_list_in_its_own_sentence_leave_the_pronoun():
    text = (
        HEAD
        + "4名党总支书记依次述职。参会人员对述职人进行了测评。\n院领导出席会议,各党支部书记、职工代表参加会议。"
    )
    assert x(text)["rater_groups"] == ["参会人员"]


def test_a_list_that_is_the_whole_meeting_spells_out_the_pronoun():
    text = HEAD + "院党委书记林川主持会议并讲话。会后,与会人员对党总支书记进行了民主评议。\n" + LIST
    assert x(text)["rater_groups"] == ["各党总支书记", "党支部书记", "职能部门负责人", "职工代表"]
