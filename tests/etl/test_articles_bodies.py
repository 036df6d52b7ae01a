"""Issue #13, session 10: bodies outside universities convene such meetings too — a place's bureau, commission,
centre or town, an academy's institute, a subdistrict's school — and a unit's parent body may be named only by
the plan it follows. Invented items (fictional places, bodies and people), written for these tests."""

from __future__ import annotations

import pytest

from etl.articles import extract_article


def x(text: str) -> dict:
    return extract_article(text)


@pytest.mark.parametrize(
    ("sentence", "level", "institution"),
    [
        # a place's bureau, named with its place: the body itself
        (
            "1月9日,青禾市卫生健康局组织召开2023年度党组织书记抓党建工作述职评议大会。",
            "non_university_org",
            "青禾市卫生健康局",
        ),
        # 体育 in a bureau's name is no spam mirror's word
        (
            "2月5日上午,松岭区卫生健康和体育局党委在局机关会议室召开2023年度述职评议会。",
            "non_university_org",
            "松岭区卫生健康和体育局",
        ),
        # a province's own bureau: one per province, written as its site writes it
        (
            "12月19日,省机关事务管理局召开机关基层党组织书记述职评议会议。",
            "non_university_org",
            "省机关事务管理局",
        ),
        # a district's centre
        (
            "12月31日上午,青禾区机关事务管理中心召开2023年度党建述职评议会。",
            "non_university_org",
            "青禾区机关事务管理中心",
        ),
        # a town, in traditional script
        (
            "2月16日,青禾市松嶺縣梨園鎮召開2023年度基層黨組織書記述職評議大會。",
            "non_university_org",
            "青禾市松嶺縣梨園鎮",
        ),
        # an institute of the academy, its committee's verb clauses later
        (
            "2月24日,中国科学院青禾物理研究所党委按照有关规定,结合工作实际,开展了2023年度党支部书记述职评议工作。",
            "non_university_org",
            "中国科学院青禾物理研究所",
        ),
        # a department of an institute: the institute is the body
        (
            "中科院松岭所青禾研究部党总支于12月24日组织召开党支部书记述职考核会。",
            "non_university_org",
            "中科院松岭所",
        ),
        # an institute named by its short form, with an aside after its name
        (
            "1月21日,青禾山地所召开2023年度支部党建工作考评会,各支部书记进行了现场述职。",
            "non_university_org",
            "青禾山地所",
        ),
        (
            "1月12日上午,松岭环境研究中心(以下简称中心)在报告厅召开了2023年度党支部书记述职评议考核会。",
            "non_university_org",
            "松岭环境研究中心",
        ),
        # a commission's 机关党委 convening: the commission
        (
            "2月2日,青禾市卫健委机关党委组织召开2023年度市直卫健系统党组织书记述职评议会。",
            "non_university_org",
            "青禾市卫健委",
        ),
        # a subdistrict's school, its meeting named in quotes before 会议召开
        (
            "3月1日下午,青禾市梨园街道中心学校机关党委“双述双评”会议召开,各支部书记参加会议。",
            "non_university_org",
            "青禾市梨园街道中心学校",
        ),
        # a commission whose place is not named: no institution (as 区卫生计生局 in the shared corpus)
        ("3月14日,市卫健委召开2023年度市直卫生健康单位党组织书记述职评议会议。", "non_university_org", None),
        # a county's health units together: no one body
        ("2月28日,松岭县卫健系统2023年度党组织书记述职评议大会召开。", "non_university_org", None),
    ],
)
def test_bodies_outside_universities(sentence, level, institution):
    out = x(sentence + "会上,各党支部书记依次述职。")
    assert (out["meeting_level"], out["institution"]) == (level, institution)


def test_a_universitys_offices_committee_stays_a_unit_of_it():
    out = x("12月27日,青禾大学机关党委召开2023年度党支部书记述职评议会。机关党委下设12个党支部。")
    assert (out["meeting_level"], out["institution"]) == ("secondary_unit", "青禾大学")


@pytest.mark.parametrize(
    ("text", "level", "institution"),
    [
        # a college's meeting following its school's plan: the school is the institution
        (
            "按照《中共松岭交通高等专科学校委员会2023年度基层党组织书记抓党建工作述职评议考核实施方案》要求,"
            "12月23日,马克思主义学院党总支召开2023年度基层党支部书记述职评议会。",
            "secondary_unit",
            "松岭交通高等专科学校",
        ),
        # a branch following its institute's plan: a branch of a body outside universities
        (
            "根据《青禾所党委2023年开展党建工作述职评议考核实施方案》的部署和要求,高分子化学党支部于2024年1月18日"
            "召开了党建工作述职评议考核会议。",
            "non_university_org",
            "青禾所",
        ),
    ],
)
def test_the_plan_followed_names_the_parent_body(text, level, institution):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == (level, institution)


def test_a_pronoun_college_in_a_text_naming_one_vocational_college_is_that_college():
    text = (
        "12月24日下午,学院在格致楼召开2023年度基层党支部书记述职评议考核会。会上,各党支部书记依次述职。"
        "他指出,松岭科技职业学院本次述职评议考核工作扎实有效。"
    )
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("institution", "松岭科技职业学院")


def test_a_company_general_branch_under_a_school_is_a_unit_of_the_school():
    text = (
        "按照学校党委统一安排部署,资产经营总公司党总支于5月20日晚组织召开了2023年度党组织书记述职评议考核会。"
    )
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("secondary_unit", None)


@pytest.mark.parametrize(
    ("text", "institution"),
    [
        # a course taught is not a university (大学英语教工支部)
        (
            "1月2日上午,外国语学院2023年度党支部书记述职评议会在学院会议室举行。会上,学院大学英语教工支部书记述职。",
            None,
        ),
        # a verb of purpose before a kind of body is no name
        ("1月8日下午,我院召开2023年度述职评议会,切实推动医院高质量发展。各党支部书记述职。", None),
    ],
)
def test_phrases_that_are_no_names(text, institution):
    assert x(text)["institution"] == institution


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("各位党委委员和支部书记根据述职情况进行了测评。", ["党委委员", "支部书记"]),
        # those present who spoke did not rate
        ("会议进行了民主测评。与会同志纷纷表示,将以此次述职评议为新的起点。", None),
    ],
)
def test_raters(sentence, want):
    out = x(
        "1月9日,青禾大学化学学院党委召开2023年度党支部书记述职评议会。会上,各支部书记依次述职。" + sentence
    )
    assert out["rater_groups"] == want


def test_a_body_before_its_members_title_is_no_chair():
    out = x(
        "12月31日上午,青禾区机关事务管理中心召开2023年度党建述职评议会。会议由中心党组成员、副主任、机关党委书记韩明远主持。"
    )
    assert out["chair"] == "韩明远"


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        # acting secretaries
        (
            "会上,图书馆第一支部代理书记韩立、第二支部代理书记宋岩分别进行现场述职。",
            ["图书馆第一支部", "第二支部"],
        ),
        # the second pair leaves out the title, right before the verb
        ("梨园支部书记韩立、综合经营党支部宋岩分别从两个方面进行述职。", ["梨园支部", "综合经营党支部"]),
        # long names with 和 inside
        (
            "会上,思想道德与法治教研室党支部书记韩立、中国近现代史纲要和形势与政策教研室党支部书记宋岩依次进行了述职。",
            ["思想道德与法治教研室党支部", "中国近现代史纲要和形势与政策教研室党支部"],
        ),
    ],
)
def test_units_named_with_their_secretaries(sentence, units):
    out = x("1月9日,青禾大学化学学院党委召开2023年度党支部书记述职评议会。" + sentence)
    assert (out["onsite_units"], out["onsite_count"]) == (units, len(units))


def test_a_deputy_reporting_in_the_secretarys_place_names_the_unit_only():
    out = x(
        "1月9日,松岭区卫生健康局党委召开2023年度述职评议会。会上,松岭区医院党支部副书记韩立(代述职)、"
        "区疾病预防控制中心党支部等2个党支部书记进行了现场述职。"
    )
    assert out["onsite_units"] == ["松岭区医院党支部", "区疾病预防控制中心党支部"]


def test_a_date_typeset_with_spaces_is_one_date():
    out = x("加强基层党组织建设。 12 月 13 日,青禾学院化学系党总支召开2024年度党支部书记述职评议会。")
    assert (out["meeting_date"], out["meeting_date_inferred"]) == ("2024-12-13", True)


def test_raters_listed_as_the_subject_of_taking_part():
    out = x(
        "12月20日,松岭区卫计局党委组织局属20个党支部书记开展述职评议考核工作。"
        "局党委委员、行政领导班子成员、群众代表,全程参与述职评议考核。"
    )
    assert out["rater_groups"] == ["局党委委员", "行政领导班子成员", "群众代表"]


def test_a_campus_service_centre_is_no_place_body():
    out = x("1月9日,南校区管理服务中心召开2023年度党支部书记述职评议会。会上,各党支部书记依次述职。")
    assert out["meeting_level"] != "non_university_org"


def test_the_colleges_own_branches_are_named_without_its_word():
    out = x(
        "1月9日,青禾大学化学学院党委召开2023年度党支部书记述职评议会。"
        "会上,学院教工党支部书记韩立、学生党支部书记宋岩依次进行了述职。"
    )
    assert out["onsite_units"] == ["教工党支部", "学生党支部"]


def test_one_report_described_clause_by_clause_is_no_list_of_units():
    out = x(
        "1月9日,松岭县教体局召开2023年度述职评议会。会议首先由县教体局党委书记、局长韩立就局党委履行党建工作"
        "责任情况进行公开述职,接受基层党组织的评议。"
    )
    assert out["onsite_units"] is None


@pytest.mark.parametrize(
    ("sentence", "level", "institution"),
    [
        # a town named alone is a place
        (
            "3月9日,梨园镇召开2023年度基层党建述职评议大会,各村(社区)党支部书记参加会议。",
            "non_university_org",
            "梨园镇",
        ),
        # an academy's centre
        (
            "2月17日,中国林科院松岭中心组织召开2023年度党支部书记述职评议会。",
            "non_university_org",
            "中国林科院松岭中心",
        ),
        # a school's short name (X三中)
        ("12月21日下午,青禾三中在八楼会议室举行2023年党建工作述职大会。", "non_university_org", "青禾三中"),
        # a body speaking of itself
        ("1月18日下午,我局召开2023年度党组织书记抓基层党建述职评议考核会议。", "non_university_org", None),
        ("2月2日,公司召开2023年度党组织书记抓党建现场述职评议会。", "non_university_org", None),
        # a place's own work committee, which is the body itself
        (
            "1月30日上午,松岭区教体党工委召开2023年度党组织书记述职评议考核大会。",
            "non_university_org",
            "松岭区教体党工委",
        ),
        ("3月19日,市直机关工委在会议室召开2023年度基层党组织书记述职评议会。", "non_university_org", None),
        # the body above its directly run units
        (
            "12月24日,松岭分院直属单位党委组织召开了所属单位党委书记述职评议考核会议。",
            "non_university_org",
            "松岭分院",
        ),
    ],
)
def test_more_bodies_outside_universities(sentence, level, institution):
    out = x(sentence)
    assert (out["meeting_level"], out["institution"]) == (level, institution)


@pytest.mark.parametrize(
    "sentence",
    [
        "2023年度国资系统党委书记抓基层党建工作述职评议会议召开,各企业党委书记进行述职。",
        "1月3日,2023年度县乡党委书记抓基层党建专项述评会议召开。",
        "1月31日下午,全县教育系统基层党组织书记述职暨抓党建工作交流会在进修学校举行。",
    ],
)
def test_a_countys_or_a_citys_own_bodies_reporting_together(sentence):
    assert x(sentence)["meeting_level"] == "non_university_org"


def test_a_schools_own_company_speaking_of_itself():
    out = x("按照学校党委统一部署,12月17日,公司召开2023年度党支部书记述职评议考核会议。")
    assert out["meeting_level"] == "secondary_unit"


def test_a_slip_of_the_year_is_read_as_a_date_without_one():
    out = x("2107年12月21日下午,青禾三中举行2023年党建工作述职大会,各支部书记述职。")
    assert (out["meeting_date"], out["meeting_date_inferred"]) == ("2023-12-21", True)


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        (
            "随后,国投集团、交投集团、城投集团等8名党委书记就抓基层党建工作进行现场述职。",
            ["国投集团", "交投集团", "城投集团"],
        ),
        (
            "会上,区二中、区二小、梨园小学等13所学校党组织书记分别进行了现场述职。",
            ["区二中", "区二小", "梨园小学"],
        ),
    ],
)
def test_bodies_listed_before_their_count(sentence, units):
    out = x("1月24日,松岭市国资委召开2023年度述职评议会。" + sentence)
    assert out["onsite_units"] == units


def test_a_bureaus_title_before_the_chairs_name():
    out = x("1月31日,全县教育系统述职会在进修学校举行,会议由教育局副书记、副局长韩明远主持。")
    assert out["chair"] == "韩明远"


def test_a_school_below_university_level_speaking_of_itself():
    text = (
        "我校党委举行2023年度教工党支部书记述职评议会\n作者:韩立 来源:松岭市实验学校 日期:2023-12-22\n"
        "12月22日上午,我校党委举行2023年度教工党支部书记抓党建述职评议会,6位教工党支部书记作述职报告。"
    )
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("non_university_org", "松岭市实验学校")


def test_a_city_speaking_of_itself():
    assert x("5月25日讯 昨日,我市召开2023年度市直党组书记抓机关党建工作述职评议会议。")["meeting_level"] == (
        "non_university_org"
    )


def test_a_college_following_its_schools_notice_is_a_unit_of_it():
    text = (
        "我院党委按照学校《关于做好2023年度党组织书记抓基层党建述职评议考核工作的通知》要求,于2023年12月13日召开"
        "2023年度党支部抓基层党建述职评议考核会议,学院党委书记韩立主持,8名党支部书记进行了述职。"
    )
    assert x(text)["meeting_level"] == "secondary_unit"
