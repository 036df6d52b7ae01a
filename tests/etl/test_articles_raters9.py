"""Issue #13, session 7 round 3 (h-raters9): who rated, which institution, at what level and who chaired, read on
fresh6's misses as principles — bodies outside any university (academies, research institutes, commissions,
schools below university level, a county's bureau) among them. Each is a table of invented sentences (fictional
bodies and people) in several phrasings, never copied text."""

from __future__ import annotations

import pytest

from etl.articles import extract_article


def x(text: str) -> dict:
    return extract_article(text)


# ------------------------------------------------- bodies of their own outside any university

OWN_BODY = [
    # an academy's research institute: 科学院 is an academy, not a college
    (
        "1月9日上午,中国科学院松岭植物研究所党委召开2023年度党支部书记述职考评会,5个党支部书记逐一述职。",
        "中国科学院松岭植物研究所",
    ),
    (
        "2024年1月12日,中国科学院青禾地质研究所党委在所部召开党支部书记述职评议会议。",
        "中国科学院青禾地质研究所",
    ),
    # an academy's branch convening by its 分党组
    ("3月2日,中国科学院松岭分院分党组召开2022年度系统研究所党委书记述职考评会。", "中国科学院松岭分院"),
    ("12月28日下午,中国科学院北川分院分党组组织召开各研究所党委书记述职评议会。", "中国科学院北川分院"),
    # a school below university level named by an abbreviation ending in 校
    ("1月8日下午,松岭卫校在二楼会议室召开2022年度党支部书记述职评议会议。", "松岭卫校"),
    ("2023年12月29日,青禾技校召开党支部书记抓党建述职评议会,三名支部书记述职。", "青禾技校"),
    # a province's own body written as its site writes it
    ("1月6日,省质检校召开2023年度党支部书记抓党建工作述职评议考核会。", "省质检校"),
    ("2月20日,省社科院召开2022年度党支部书记抓党建工作述职评议会。", "省社科院"),
    ("3月1日上午,省农科院召开2024年度党支部书记述职评议会,六名支部书记现场述职。", "省农科院"),
    # a government commission and a county's education bureau
    ("2月10日下午,松岭市卫健委召开2024年度直属党组织书记述职评议会。", "松岭市卫健委"),
    ("1月15日,青禾市卫生健康委员会召开直属单位党组织书记抓党建述职评议会。", "青禾市卫生健康委员会"),
    ("3月20日上午,北川县教育局党委召开2022年度教育系统基层党组织书记述职评议会议。", "北川县教育局"),
    ("1月5日,松岭区教育局召开全区中小学党组织书记述职评议会。", "松岭区教育局"),
]


@pytest.mark.parametrize(("text", "body"), OWN_BODY)
def test_a_body_outside_any_university_is_named_as_written(text, body):
    out = x(text)
    assert out["meeting_level"] == "non_university_org"
    assert out["institution"] == body


INSIDE = [
    # a university's own research institute, affiliated school or college stays inside the university
    ("1月9日,青禾大学化学研究所党委召开2023年度党支部书记述职评议会。", "secondary_unit", "青禾大学"),
    (
        "1月10日下午,附属学校党委在高中部会议室召开2023年度党支部书记述职评议会,青禾大学党委组织部到会指导。",
        "secondary_unit",
        "青禾大学",
    ),
    ("12月26日,松岭大学党委召开2023年度二级党组织书记抓基层党建工作述职评议会。", "institution", "松岭大学"),
    # a provincial education body over universities stays provincial
    ("1月20日,省委教育工委召开全省高校党委书记抓基层党建工作述职评议会。", "province", None),
]


@pytest.mark.parametrize(("text", "level", "body"), INSIDE)
def test_a_universitys_own_units_stay_inside_it(text, level, body):
    out = x(text)
    assert out["meeting_level"] == level
    assert out["institution"] == body


def test_a_district_body_with_no_district_named_stays_unnamed():
    out = x("2月21日,区卫生计生局机关党委召开2023年度基层党组织书记抓党建工作述职评议大会。")
    assert out["meeting_level"] == "non_university_org"
    assert out["institution"] is None


HOSPITAL_BRANCH = [
    "2024年1月4日下午,附属口腔医院第二党支部在门诊楼会议室开展2023年支部书记考核测评会。",
    "1月8日,青禾市人民医院内科党支部召开2023年度支部书记述职测评会。",
    "12月30日上午,松岭妇幼保健院行政党支部组织开展党支部书记年度述职评议。",
]


@pytest.mark.parametrize("text", HOSPITAL_BRANCH)
def test_a_hospitals_own_branch_meeting_is_inside_the_hospital(text):
    assert x(text)["meeting_level"] == "hospital_internal"


# ------------------------------------------------- who chaired

CHAIRED = [
    # 主持 ending its clause after a titled person
    ("院党委常委、副院长林小舟主持,院班子成员出席。", "林小舟"),
    ("党委副书记何清主持;各支部书记参加。", "何清"),
    # 主持并 another act
    ("党委书记、校长宋立新主持并点评,全体党员参加。", "宋立新"),
    ("党委书记韩东主持并部署了下一年度工作。", "韩东"),
    # the meeting named by its own title after 主持
    ("党校常务副校长、机关党委副书记沈一鸣主持述职评议考核会。", "沈一鸣"),
    ("机关党委书记陆平主持本次党建述职会议。", "陆平"),
    # a rank before a title is part of the title
    ("市卫健委党组书记、主任、二级巡视员、市委卫健工委书记(兼)周凯主持会议。", "周凯"),
    ("局党组成员、一级调研员吴桐主持会议。", "吴桐"),
]


@pytest.mark.parametrize(("sentence", "chair"), CHAIRED)
def test_who_chaired(sentence, chair):
    out = x("1月9日,松岭学院党委召开2023年度党支部书记述职评议会。" + sentence)
    assert out["chair"] == chair


# ------------------------------------------------- who rated

RATED = [
    # a headcount closing a panel's make-up is no group (a 党组成员 is not 组成)
    (
        "现场述职由松岭分院分党组成员、各研究所党委书记共9人组成评委进行考评。",
        ["松岭分院分党组成员", "各研究所党委书记"],
    ),
    ("测评由党委委员、支部委员共十二人组成评议组进行。", ["党委委员", "支部委员"]),
    # A为B的…进行评议: 为 introduces who is rated, as 对 does; 评议人, 测评人 are people
    ("接下来,学院组织各评议人为支部书记的履职情况进行评议考核。", ["各评议人"]),
    ("会上,各测评人为每位书记的履职情况现场打分。", ["各测评人"]),
    ("随后,与会党员为各支部书记的工作情况进行了测评。", ["与会党员"]),
    # one of a body's members names the kind of rater
    ("每位书记述职后,由院长和一名党委委员进行评议。", ["院长", "党委委员"]),
    # 老师 is a role like 教师
    ("述职后,与会领导和老师对述职情况进行了现场综合评价。", ["与会领导", "老师"]),
    # attendance before taking part, in the clause after the convening one; a vague count opens another group
    (
        "学院党委组织各支部书记召开述职评议会议,党委委员、工会委员、学生会主席多位学生代表出席会议并参加评议。",
        ["党委委员", "工会委员", "学生会主席", "学生代表"],
    ),
]


@pytest.mark.parametrize(("sentence", "groups"), RATED)
def test_who_rated(sentence, groups):
    assert x("12月20日,松岭学院召开2024年度党支部书记述职评议会。" + sentence)["rater_groups"] == groups


NOT_RATERS = [
    # those who reported are not who rated them
    "6位支部书记就本年度党建工作进行现场述职,会上还对支部工作进行了考核测评。",
    "五名书记逐一汇报,会议还对积分考核工作进行了测评。",
]


@pytest.mark.parametrize("sentence", NOT_RATERS)
def test_those_who_reported_are_not_the_raters(sentence):
    assert x("1月30日,青禾市第三人民医院召开党组织书记述职评议会。" + sentence)["rater_groups"] is None


@pytest.mark.parametrize(
    "sentence",
    ["现场述职由分党组成员共11人组成评委作定量考评。", "与会人员对各位书记进行了定量测评。"],
)
def test_a_quantitative_rating_gives_scores(sentence):
    assert x("1月3日,松岭学院召开述职评议会。" + sentence)["rating_scale"] == "score"


LATER_MEETING = [
    "随后,学院召开党政联席会扩大会,由班子成员作为评委,对学院中层领导人员进行述职评议。参会人员进行了无记名投票测评。",
    "会后,学院举行干部述职会,对5名科级干部进行述职考核。与会人员现场打分。",
]


@pytest.mark.parametrize("sentence", LATER_MEETING)
def test_a_later_meeting_about_other_people_has_other_raters(sentence):
    text = "12月27日下午,松岭学院党委召开党支部书记述职评议大会。会上,7个党支部书记依次述职。" + sentence
    assert x(text)["rater_groups"] is None


def test_a_later_sentence_rating_the_secretaries_still_counts():
    text = (
        "12月27日下午,松岭学院党委召开党支部书记述职评议大会。会上,7个党支部书记依次述职。"
        "随后,学院召开党委会,对各支部书记进行评议。与会人员进行了投票测评。"
    )
    assert x(text)["rater_groups"] == ["与会人员"]
