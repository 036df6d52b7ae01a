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


# ------------------------------------------------- the subject of the rating act

RATED = [
    # a time phrase opening the clause is no part of the raters
    ("述职完毕与会人员进行了民主测评。", ["与会人员"]),
    ("全部述职结束与会人员进行了测评打分。", ["与会人员"]),
    # a rating clause without a subject of its own takes the nearest clause before it that has one
    (
        "在听完述职后,院领导班子成员和职工代表依据日常表现,对各位书记进行了公正的评议。",
        ["院领导班子成员", "职工代表"],
    ),
    ("会议中段,全体参会党员通过网上问卷,分别对三位书记进行了民主测评。", ["全体参会党员"]),
    # a stage of the meeting (在…环节) is not who rated
    ("在民主评议环节,全体参会党员采用问卷形式,分别对四位书记进行了测评。", ["全体参会党员"]),
    # those who settle a grade rated
    ("会上,全体党员一致认定第一党支部书记评议等次为“好”。", ["全体党员"]),
    # a list of stages names raters only in the stage that rates
    ("考核分为书记现场述职自评、支部书记互评打分、委员会评定三个步骤。", ["支部书记"]),
]


@pytest.mark.parametrize(("sentence", "want"), RATED)
def test_the_raters_are_the_subject_of_the_rating_act(sentence, want):
    assert x(HEAD + sentence)["rater_groups"] == want


def test_taking_part_in_the_appraisal_yields_to_the_clause_that_rates():
    text = (
        HEAD + "院党委委员、各党支部书记和党员代表参加评议考核。会上6名书记现场述职。"
        "全体与会党员结合书面材料进行评议打分。"
    )
    assert x(text)["rater_groups"] == ["全体与会党员"]
    alone = HEAD + "院党委委员、各党支部书记和党员代表参加评议考核。会上6名书记现场述职。"
    assert x(alone)["rater_groups"] == ["院党委委员", "各党支部书记", "党员代表"]


MORE = [
    # marks around a whole group are dropped, marks inside a name are the name as written
    (
        "学院党委班子成员,各党支部书记,校“教代会”代表和学生代表共15人参加会议并对书记进行了评议。",
        ["学院党委班子成员", "各党支部书记", "校“教代会”代表", "学生代表"],
    ),
    # a panel's make-up (评委由A、B和C担任) is who rated
    (
        "述职采用现场述职方式,评委由学院党委委员、系主任和教师代表担任。现场述职时,组织参会人员进行评议。",
        ["学院党委委员", "系主任", "教师代表"],
    ),
    # acts listed one by one: the act that rates names its raters
    ("书记们逐一述职、校领导现场点评、与会者当场投票测评。", ["与会者"]),
    # 对…进行考核 rates; 对照《…考核办法》 does not
    ("学院党委委员结合汇报材料对每位书记进行了综合考核。", ["学院党委委员"]),
]


@pytest.mark.parametrize(("sentence", "want"), MORE)
def test_more_ways_of_naming_the_raters(sentence, want):
    assert x(HEAD + sentence)["rater_groups"] == want


def test_an_ellipsis_closes_the_acts_before_the_convener():
    text = "书记们逐一述职、校领导现场点评、与会者当场投票测评……日前,北川省开展高校党委书记述职评议工作。"
    assert x(text)["rater_groups"] == ["与会者"]


def test_a_document_followed_is_no_rating():
    text = (
        HEAD + "会上,五位书记对照《学院党支部工作量化考核办法》依次进行述职。全体党员结合平时了解,"
        "对各位书记进行了量化考核评分。"
    )
    assert x(text)["rater_groups"] == ["全体党员"]


JOINED = [
    # raters named clause by clause in one sentence are all raters
    ("同时,院党委班子进行了评价,支部委员进行了打分。", ["院党委班子", "支部委员"]),
    # …but clauses naming grades name who was graded
    ("会上,全体党员一致认定一支部书记评议等次为“好”,二支部书记评议等次为“较好”。", ["全体党员"]),
    # a rating clause with no subject takes the doer opening the clause before it
    (
        "最后,述职评议小组成员现场查阅各支部台账,对各支部书记抓党建工作进行综合评价。",
        ["述职评议小组成员"],
    ),
    # …never the reporters
    ("会上,6位书记现场述职,其余书记书面述职,通过填写测评票进行了测评。", None),
    # a further rating joined by 同时 in the next sentence adds its raters
    (
        "最后,述职评议小组成员现场查阅各支部台账,对各支部书记抓党建工作进行综合评价。同时,组织各支部开展互评。",
        ["述职评议小组成员", "党支部(互评)"],
    ),
]


@pytest.mark.parametrize(("sentence", "want"), JOINED)
def test_raters_joined_clause_by_clause(sentence, want):
    assert x(HEAD + sentence)["rater_groups"] == want


# ------------------------------------------------- which institution

INSTITUTION = [
    # a hospital named only by its kind of place (县医院) takes its name from a credit line, 作者 among them
    (
        "述职评议亮成绩|县医院开展支部书记述职评议\n来源: | 作者:松岭县医院 | 发布时间: 2024-04-12\n"
        "4月11日,县医院召开2023年度党支部书记抓基层党建工作述职评议会,七名党支部书记进行了口头述职。",
        "松岭县医院",
    ),
    # a body signing alone on the closing line names a pronoun convener
    (
        "1月16日下午,我院召开2024年度党支部书记述职测评会。医院党委书记主持。全院20个党支部书记进行述职。\n"
        "述职完毕与会人员进行了民主测评。\n青禾市立医院",
        "青禾市立医院",
    ),
    # a date before a university's name is no part of it (2023年X大学…)
    (
        "关于召开机械工程学院研究生党支部书记述职大会的通知\n各研究生党支部:\n学院党委将评出"
        "“2023年青禾大学机械工程学院优秀党支书”。\n青禾大学机械工程学院\n20231221",
        "青禾大学",
    ),
    # a byline 审核发布: names the body even when run together with the next field
    (
        "作者:党委组织部审核发布:青禾城市职业学院发布者:宣传部\n1月15日,我校召开2025年度二级党组织书记"
        "抓基层党建述职评议会,10名二级党组织书记现场述职。",
        "青禾城市职业学院",
    ),
    # a news site's dateline names its body as written, an abbreviation too
    (
        "青工大新闻网3月2日电(记者)2月28日,学校召开2021年基层党委书记述职评议考核大会,11位书记现场述职。",
        "青工大",
    ),
]


@pytest.mark.parametrize(("text", "want"), INSTITUTION)
def test_which_institution(text, want):
    assert x(text)["institution"] == want


# ------------------------------------------------- at what level

LEVEL = [
    # a general branch inside the school's offices (校部机关第二总支) holds a secondary-unit meeting; 校 is a pronoun
    # only standing for the school itself
    (
        "4月28日下午,校部机关第二总支在办公楼会议室召开支部书记会,组织开展党支部书记述职评议。",
        ("secondary_unit", None),
    ),
    # a city Party committee's office (市委X研究室) meeting through its 机关委员会 is a body outside any school
    (
        "1月17日,市委地方志研究室机关委员会组织6个在职党支部的支部书记,开展述职评议考核活动。",
        ("non_university_org", "市委地方志研究室"),
    ),
    # secretaries of many vocational colleges (高职高专院校党委书记, N所高职高专院校) make a provincial appraisal,
    # even reported by one of them
    (
        "——我校在2023年度高职高专院校党委书记抓基层党建工作述职评议中排名第三\n近日,省委教育工委通报了评价意见,"
        "我校在全省40所高职高专院校中排名第三。",
        ("province", None),
    ),
]


@pytest.mark.parametrize(("text", "want"), LEVEL)
def test_at_what_level(text, want):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == want


def test_in_a_meeting_held_in_parts_the_raters_are_those_of_the_secretaries_part():
    text = (
        "1月20日,学校召开2025年度二级单位领导班子述职测评暨二级党组织书记抓基层党建述职评议会。会议分两个阶段进行。\n"
        "第一阶段为二级单位领导班子述职测评。12个单位负责人进行了汇报。全体与会人员进行了民主测评。\n"
        "在二级党组织书记抓基层党建述职评议阶段,6位书记作现场述职。党委班子成员、二级党组织书记及专职组织员参与测评。"
    )
    assert x(text)["rater_groups"] == ["党委班子成员", "二级党组织书记", "专职组织员"]


def test_taking_part_in_rating_is_rating():
    assert x(HEAD + "会上6名书记现场述职。党委委员和党员代表参与测评。")["rater_groups"] == [
        "党委委员",
        "党员代表",
    ]
