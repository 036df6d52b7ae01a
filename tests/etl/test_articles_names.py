"""Issue #13, session 6: who chaired, which institution at what level, and who rated, read the way a careful
reader does; every sentence is invented (fictional bodies and people)."""

from __future__ import annotations

import pytest

from etl.articles import extract_article


def x(text: str) -> dict:
    return extract_article(text)


# ---------------------------------------------------------------- who chaired

CHAIRS = [
    # a staff post before the name (辅导员, 助理, 干事) is a title like 书记
    ("青禾大学化学学院党委召开2023年度党支部书记述职评议会。会议由研究生辅导员吴小岚主持。", "吴小岚"),
    ("松岭学院机电系党总支召开2023年度党支部书记述职评议会,会议由党总支助理陆明川主持。", "陆明川"),
    # no comma before the title: the name right before 主持 still follows its title
    ("12月5日下午后勤部门党委召开2023年度党支部书记述职评议会议后勤部门党委书记方立群主持会议。", "方立群"),
    # X在某地主持召开: the place between the name and 主持
    ("1月6日,校党委书记夏临风在北湖校区主持召开2023年度基层党建述职评议会。", "夏临风"),
    # 机关及直属单位党委副书记X: one body's title, not two people joined by 及
    (
        "松岭大学机关及直属单位党委召开2023年度党支部书记述职评议会。会议由机关及直属单位党委副书记林深主持。",
        "林深",
    ),
]


@pytest.mark.parametrize(("text", "chair"), CHAIRS)
def test_chair(text: str, chair: str) -> None:
    assert x(text).get("chair") == chair


def test_two_chairs_still_split_at_and() -> None:
    """Two titled people joined by 和 chaired together: both are named."""
    out = x("青禾大学召开2023年度述职评议会。会议由党委书记王一舟和校长李青禾共同主持。")
    assert out.get("chair") == "王一舟、李青禾"


# ---------------------------------------------------------------- level and institution


def test_purpose_clause_does_not_name_the_reporters() -> None:
    """为督促基层党组织书记… says what the meeting is for; the branch secretaries who reported make it a college's
    meeting of its branches, and a college named only by its subject is no institution."""
    out = x(
        "为进一步督促基层党组织书记履行主体责任,12月20日,历史学院党委在学院会议室召开2023年度支部书记述职评议会。"
    )
    assert out["meeting_level"] == "secondary_unit"
    assert out.get("institution") is None


def test_general_branch_secretaries_of_a_bare_college() -> None:
    """学院 (a pronoun) hearing its 党总支部书记: the college is the institution, 总支部 are not 支部."""
    out = x("学院于12月28日召开2023年度党总支部书记抓基层党建工作述职评议考核会。")
    assert out["meeting_level"] == "institution"


def test_offices_committee_is_inside_an_institution() -> None:
    """职能部门党委: the offices inside an institution, a secondary unit, not a body of another kind."""
    out = x("12月21日,职能部门党委召开2023年度党支部书记抓基层党建工作述职评议考核会议。")
    assert out["meeting_level"] == "secondary_unit"
    assert out.get("institution") is None


def test_doubled_kind_in_the_name() -> None:
    """青禾职业学院学院: the kind written twice is a slip; the name once."""
    out = x("12月30日,青禾职业学院学院召开2023年度基层党组织书记抓党建工作述职评议会议。")
    assert out.get("institution") == "青禾职业学院"


# ---------------------------------------------------------------- who rated

RATERS = [
    # the rating clause opened by 并 belongs to the group that is the subject before it
    (
        "青禾大学护理学院党委召开2023年度党支部书记述职评议会。同时,党委委员们查阅了各支部的工作手册,"
        "并根据考核标准进行打分。",
        ["党委委员"],
    ),
    (
        "松岭学院党委召开2023年度党支部书记述职评议会。王立书记逐一提问,学院党委委员根据述职情况提问,"
        "并根据测评表进行打分。",
        ["学院党委委员"],
    ),
    # people named as the panel: the panel rated
    (
        "青禾大学化学学院党总支召开2023年度党支部书记述职评议会,副院长张一、辅导员李二以及党总支五位成员担任评委。",
        ["评委"],
    ),
]


@pytest.mark.parametrize(("text", "groups"), RATERS)
def test_rater_groups(text: str, groups: list[str]) -> None:
    assert x(text).get("rater_groups") == groups


def test_quoted_group_in_an_enumeration() -> None:
    """“两代表一委员”、师生群众代表: two groups, each named without its quotation marks."""
    out = x(
        "北川省委教育工委召开2023年度全省高校党委书记述职评议会。会上,“两代表一委员”、师生群众代表对述职人进行了测评。"
    )
    assert out.get("rater_groups") == ["两代表一委员", "师生群众代表"]


def test_bodies_sharing_one_role_stay_one_group() -> None:
    """各二级党委(党总支)、直属党支部书记: the bodies share 书记, one group, not split at 、."""
    out = x(
        "青禾大学召开2023年度二级党组织书记述职评议会。会上,各二级党委(党总支)、直属党支部书记对述职人进行了测评。"
    )
    assert out.get("rater_groups") == ["各二级党委(党总支)、直属党支部书记"]


def test_enumerated_subject_with_a_head_count_rated() -> None:
    """A、B及全体C等共计80余人听取了述职,并进行了评价: each group of the subject rated (我院 is the possessive)."""
    out = x(
        "青禾医院党委召开2023年度党支部书记述职评议会。我院党委委员、职工代表及全体党支部书记等共计80余人"
        "听取了述职,并进行了评价。"
    )
    assert out.get("rater_groups") == ["党委委员", "职工代表", "全体党支部书记"]


def test_praise_is_no_rating() -> None:
    """给予了高度评价 praises; it names no rater."""
    out = x("青禾医院党委召开2023年度党支部书记述职评议会。职工代表们对支部工作给予了高度评价。")
    assert out.get("rater_groups") is None


def test_accepting_a_rating_names_the_raters_without_the_verb() -> None:
    """…述职,并接受了全体党员民主评议: the members rated; 接受了 is no part of the group."""
    out = x("青禾学院外语系党支部召开2023年度组织生活会。支部书记李明同志作了述职,并接受了全体党员民主评议。")
    assert out.get("rater_groups") == ["全体党员"]
