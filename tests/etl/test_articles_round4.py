"""Issue #13, round 4: principles for who convened, at what level, which institution, who rated and who chaired,
each written as a table of invented sentences (fictional bodies and people) in several phrasings."""

from __future__ import annotations

import pytest

from etl.articles import extract_article

MEETING = "召开2023年度党支部书记抓基层党建工作述职评议会。"


def x(text: str) -> dict:
    return extract_article(text)


# ---------------------------------------------------------------- a cited document is not the meeting

# who a cited notice is about (高校党组织书记, 全省高校) says nothing about who reported at this meeting
CITED = [
    (
        "按照省委教育工委《关于做好2023年度高校党组织书记抓基层党建述职评议考核工作的通知》,我校开展2023年度"
        "党组织书记述职评议考核工作。",
        "institution",
    ),
    (
        "根据北川省委教育工委关于全省高校党委书记述职评议的部署,学校党委召开2023年度二级党组织书记述职评议会。",
        "institution",
    ),
    (
        "为落实《全省高校党委书记抓基层党建工作述职评议办法》,1月9日,青禾大学化学学院党委" + MEETING,
        "secondary_unit",
    ),
    ("依据《高校党组织书记述职评议考核办法》,1月9日,松岭医院党委" + MEETING, "hospital_internal"),
    # the province's own meeting still reads as one
    ("1月9日,北川省委教育工委召开2023年度全省高校党委书记抓基层党建工作述职评议会。", "province"),
]


@pytest.mark.parametrize(("text", "level"), CITED)
def test_a_cited_document_does_not_set_the_level(text, level):
    assert x(text)["meeting_level"] == level


# ---------------------------------------------------------------- 党(总)支部书记: branch secretaries in one word

BRANCH_FORMS = [
    "12月13日,学院召开党支部(总支)书记述职考核会。会议贯彻学校党委的部署。",
    "1月5日,学院召开2023年度党(总)支部书记述职评议会,校党委组织部派员参加。",
    "1月5日上午,学院党委召开党(总支)支部书记抓党建述职会。",
]


@pytest.mark.parametrize("text", BRANCH_FORMS)
def test_branch_and_general_branch_secretaries_of_a_college_give_a_secondary_unit(text):
    assert x(text)["meeting_level"] == "secondary_unit"


# ---------------------------------------------------------------- bodies of any kind, named by their committee

OTHER_BODIES = [
    ("1月14日上午,三一七地质大队党委在机关办公楼召开2023年度党(总)支部书记述职评议会。", "三一七地质大队"),
    ("1月14日,松岭市水务局党委" + MEETING, "松岭市水务局"),
    ("1月14日,青禾勘察设计研究所党委" + MEETING, "青禾勘察设计研究所"),
    ("近日,北川交通运输厅党组织召开会议。1月14日,北川航道管理处党委" + MEETING, None),
    ("1月14日,松岭港务总站党委于会议中心召开2023年度党支部书记述职评议会。", "松岭港务总站"),
]


@pytest.mark.parametrize(("text", "name"), OTHER_BODIES)
def test_a_body_of_another_kind_is_named_by_its_committee(text, name):
    out = x(text)
    if name is None:  # 航道管理处: a 处 is a unit inside a body, not a body of its own
        assert out["meeting_level"] == "secondary_unit"
        assert out["institution"] is None
    else:
        assert (out["meeting_level"], out["institution"]) == ("non_university_org", name)


@pytest.mark.parametrize(
    "text",
    [
        "1月9日,全体党委" + MEETING,
        "1月9日,关于党委" + MEETING,
        "1月9日,各党总支在本单位" + MEETING,
    ],
)
def test_words_that_name_no_body_are_no_convener(text):
    out = x(text)
    assert out["institution"] is None
    assert out["meeting_level"] != "non_university_org"


# ---------------------------------------------------------------- chairs: a chain of titles ends in the name

CHAIRS = [
    ("会议由大队长、党委副书记陈立明主持。", "陈立明"),
    ("会议由站长、党委书记周安主持。", "周安"),
    ("总经理、党委副书记韩青主持会议。", "韩青"),
    ("会议由局长、党组成员吴桐主持。", "吴桐"),
    ("会议由党委书记、院长许知远主持。", "许知远"),
    # an aside with 、 inside parentheses, and the name before its title
    ("校党委常委、组织部(党校、统战部)王立新部长主持会议。", "王立新"),
    ("党委副书记、宣传部(新闻中心)李敏部长主持会议。", "李敏"),
    ("会议由组织部(党校)赵一鸣部长主持。", "赵一鸣"),
]


@pytest.mark.parametrize(("text", "chair"), CHAIRS)
def test_a_chain_of_titles_before_the_chairs_name(text, chair):
    assert x("1月9日,青禾大学党委" + MEETING + text)["chair"] == chair


# ---------------------------------------------------------------- a secondary unit's university, named anywhere

SECONDARY_UNIVERSITY = [
    (
        "为加强基层党组织建设,青禾理工大学鼓励基层党委试点开展党支部书记述职评议。近日,化学学院党委、机关党总支等"
        "开展了教职工党支部书记述职评议考核。",
        "青禾理工大学",
    ),
    (
        "各支部:\n根据《中共松岭农业大学委员会基层党支部考核办法》的要求,院党委现启动2023年党支部书记述职评议考核工作。"
        "\n时间:2023年12月25日",
        "松岭农业大学",
    ),
    (
        "1月9日,学院党委" + MEETING + "学院各党支部书记依次述职,北川师范大学党委组织部派员指导。",
        "北川师范大学",
    ),
    # no university named, or two of them and no saying which: null
    ("1月9日,化学学院党委" + MEETING + "学院各党支部书记依次述职,切实加强了大学生党员教育。", None),
    (
        "1月9日,学院党委" + MEETING + "学院各党支部书记依次述职,会议学习了北川大学和松岭大学的经验做法。",
        None,
    ),
]


@pytest.mark.parametrize(("text", "name"), SECONDARY_UNIVERSITY)
def test_a_secondary_units_university_is_the_one_the_text_names(text, name):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("secondary_unit", name)


@pytest.mark.parametrize(
    "name", ["中心医院", "第一人民医院", "附属第二医院", "中西医结合医院", "县中医医院", "市妇幼保健院"]
)
def test_a_hospital_named_only_by_its_kind_is_no_institution(name):
    for text in (
        f"{name}官网\n3月20日,我院召开基层党支部书记述职评议会,临床、医技党支部书记上台述职。",
        f"3月20日,{name}党委召开党支部书记述职评议会,临床、医技、护理党支部书记依次述职。",
    ):
        out = x(text)
        assert (out["meeting_level"], out["institution"]) == ("hospital_internal", None)


# ---------------------------------------------------------------- the rules cited are not who convened

CITING_CLAUSES = [
    (
        "根据松岭市委组织部要求及医院2023年度党组织书记述职评议方案,3月27日,医院各党支部书记向院党委班子述职,"
        "临床、医技党支部书记依次汇报。",
        "hospital_internal",
    ),
    (
        "按照北川省教育厅党组的部署和学校2023年度述职评议工作安排,1月9日,学校党委召开二级党组织书记述职评议会。",
        "institution",
    ),
    (
        "依据青禾市卫健委党委的通知精神,1月9日,我院召开2023年度党支部书记述职评议会,临床党支部书记述职,医护人员参会。",
        "hospital_internal",
    ),
]


@pytest.mark.parametrize(("text", "level"), CITING_CLAUSES)
def test_the_body_whose_rules_are_cited_is_no_convener(text, level):
    out = x(text)
    assert out["meeting_level"] == level
    assert out["institution"] is None


# ---------------------------------------------------------------- who reported: many universities' secretaries


@pytest.mark.parametrize(
    "text",
    [
        "1月18日,松岭市高校的党委书记们迎来了一次年终大考,内容是公开述职。",
        "1月18日,21位市属高校党委书记在江城逐一公开述职。",
        "1月18日,北川省属高校党组织主要负责人述职评议会召开。",
        "1月18日,全市36所高校的书记参加述职评议。",
    ],
)
def test_secretaries_of_many_universities_reporting_is_a_provincial_meeting(text):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("province", None)


# ---------------------------------------------------------------- names in headlines, 来源 lines and signatures

HEADED = [
    (
        "以述促干 以评促效——松岭市第三医院组织开展2023年度基层党组织书记双述双评工作\n发布时间:2024-03-29\n"
        "3月27日,医院召开党支部书记述职会,临床党支部书记依次汇报。",
        "松岭市第三医院",
    ),
    (
        "党建引领发展\n青禾县人民医院医共体党委\n召开2023年度党支部书记述职考核大会\n"
        "1月2日,我院医共体党委召开党支部书记述职评议考核会,临床、护理党支部书记依次述职。",
        "青禾县人民医院",
    ),
    (
        "医院要闻\n发布时间:2024-01-10 来源: 松岭肿瘤医院 点击数:99\n"
        "1月9日,我院召开2023年度党支部书记述职评议会,临床、医技党支部书记依次述职。",
        "松岭肿瘤医院",
    ),
]


@pytest.mark.parametrize(("text", "name"), HEADED)
def test_a_pronoun_conveners_name_from_headline_or_source_line(text, name):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("hospital_internal", name)


SIGNED = [
    (
        "附属医院党委、各党总支、直属党支部:\n现将党总支考评有关事宜通知如下:\n1.12月8日,召开各党总支述职考评会议。"
        "附属医院党委就医疗工作进行自查。\n特此通知。\n中共青禾医学院委员会组织部\n2023年11月25日",
        ("institution", "青禾医学院"),
    ),
    (
        "各党支部:\n现将述职有关事宜通知如下:\n1月8日,召开党支部书记述职评议会。\n特此通知。\n中共松岭市人民医院委员会\n"
        "2024年1月2日",
        ("hospital_internal", "松岭市人民医院"),
    ),
]


@pytest.mark.parametrize(("text", "want"), SIGNED)
def test_with_no_convening_body_the_signature_settles_level_and_name(text, want):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == want


def test_a_short_college_name_is_a_college_and_a_kind_of_university_is_no_name():
    out = x("3月3日上午,医学院党委" + MEETING + "各党支部围绕学校迈向世界一流大学前列的目标依次现场述职。")
    assert (out["meeting_level"], out["institution"]) == ("secondary_unit", None)
    out = x("1月9日,商学院党委" + MEETING + "学院各党支部书记依次述职,建设高水平研究型大学。")
    assert (out["meeting_level"], out["institution"]) == ("secondary_unit", None)


# ---------------------------------------------------------------- raters

RATERS = [
    # a possessive and the attendance before the rating are no part of the group; 以上 is no 以
    (
        "我院全体在家院领导,全院职能部门负责人、党小组长以上党务干部参加会议并对各支部书记进行了现场民主评议。",
        ["在家院领导", "职能部门负责人", "党小组长以上党务干部"],
    ),
    (
        "全校中层干部、科级以上干部出席会议并对各位书记进行了民主测评。",
        ["中层干部", "科级以上干部"],
    ),
    # a panel of any 考/评 kind is who rated
    (
        "由分管领导,职能部门负责人,各党总支书记等组成考评组。各党总支书记就本年度工作进行述职。",
        ["分管领导", "职能部门负责人", "各党总支书记"],
    ),
    ("由党委委员、纪委委员组成评审小组,对述职情况进行评议。", ["党委委员", "纪委委员"]),
    # 互评: branches rating one another read as 党支部(互评); secretaries rating one another as themselves
    ("考核采用“评委打分+支部互评”相结合的方式,确保评价客观。", ["评委", "党支部(互评)"]),
    ("测评采取“党委委员评分、支部互评”的办法。", ["党委委员", "党支部(互评)"]),
    ("(二)12月4日前,各支部完成互评打分,党委委员打分点评。", ["党支部(互评)", "党委委员"]),
    (
        "会议采取一述一评方式,由书记对述职的党支部书记逐一点评,各党支部书记对履职情况进行了互评。",
        ["各党支部书记"],
    ),
    # people named one by one as 评委 stay 评委; a group named so is the group
    ("院党委书记林川、副书记宋青担任评委。评委根据述职情况进行打分。", ["评委"]),
    ("学院领导班子成员担任评委。评委根据述职情况对各支部工作进行评分。", ["学院领导班子成员"]),
]


@pytest.mark.parametrize(("text", "raters"), RATERS)
def test_rater_groups(text, raters):
    assert x("1月9日,青禾大学化学学院党委" + MEETING + text)["rater_groups"] == raters


@pytest.mark.parametrize(
    "text",
    [
        "由分管院领导牵头,院党委办组织成立测评小组,分别对七个总支开展述职工作。",
        "学院抽调骨干组建考核小组,负责会务。",
    ],
)
def test_a_panel_set_up_is_no_rater_unless_a_clause_says_it_rated(text):
    assert x("1月9日,青禾大学化学学院党委" + MEETING + text)["rater_groups"] is None


_ATTENDED = (
    "1月9日,学院召开2023年度党支部书记述职评议会。会议由学院党委书记林川主持,学校党委委员、组织部长宋青携工作组"
    "莅临指导,学院党委班子成员、各党支部书记、党员代表参加会议。"
)


def test_attendees_after_the_chair_and_the_visitors_rate_when_the_meeting_rated():
    for rated in (
        "述职会还安排了提问环节,并对3名党支部书记进行了民主评议。",
        "评议会对3名党支部书记进行了测评。",
    ):
        assert x(_ATTENDED + rated)["rater_groups"] == ["学院党委班子成员", "各党支部书记", "党员代表"]


@pytest.mark.parametrize(
    "rated",
    ["会上,对3名党支部书记进行了民主评议。", "随后,对各位书记进行了测评。", "会后对述职情况进行了评议。"],
)
def test_a_rating_clause_with_no_subject_names_no_rater(rated):
    assert x(_ATTENDED + rated)["rater_groups"] is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1月9日,北川省教育厅党组召开2023年度全省高校党委书记述职评议会。", ("province", None)),
        ("1月9日,青禾大学(南校区)党委" + MEETING, ("secondary_unit", "青禾大学")),
        ("1月9日,青禾大学(东校区)党工委" + MEETING, ("secondary_unit", "青禾大学")),
    ],
)
def test_a_party_group_convenes_and_a_campus_in_parentheses_is_inside(text, want):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == want


@pytest.mark.parametrize(
    "text",
    [
        "述职结束后,学院党委委员、教工代表、学生代表共30余人对述职情况进行了民主测评。",
        "学院党委委员、教工代表、学生代表等三十多人对述职书记进行了测评。",
        "学院党委委员、教工代表和学生代表共计25名现场填写了测评表。",
    ],
)
def test_how_many_raters_there_were_is_no_part_of_the_group(text):
    out = x("1月9日,青禾大学化学学院党委" + MEETING + text)
    assert out["rater_groups"] == ["学院党委委员", "教工代表", "学生代表"]


# ---------------------------------------------------------------- mirror noise where a name was; nothing names a level

SPAM_CONVENERS = [
    ("1月9日,皇冠体育官网党委召开2023年度基层党组织书记述职评议会。", "institution"),
    ("1月9日,必威党委召开2023年度党支部书记述职评议会,各支部书记依次述职。", "secondary_unit"),
    ("1月9日,yl23455永利官网党委召开2023年度党支部书记述职评议会,各支部书记依次述职。", "secondary_unit"),
    (
        "1月9日,永利娱乐医院党委召开2023年度党支部书记述职评议会,临床、医技党支部书记依次述职。",
        "hospital_internal",
    ),
]


@pytest.mark.parametrize(("text", "level"), SPAM_CONVENERS)
def test_a_name_a_mirror_replaced_is_no_institution(text, level):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == (level, None)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        (
            "近日,述职评议会顺利召开,会上6位书记逐一述职,院长作点评。医护人员代表参加会议。",
            "hospital_internal",
        ),
        ("1月9日,述职评议大会举行。会议传达了校党委的要求,各支部书记逐一述职。", "secondary_unit"),
        ("1月9日下午,2023年度书记述职评议会在行政楼召开。各位书记依次述职。", "unclear"),
    ],
)
def test_with_no_convener_and_no_reporters_the_words_of_the_text_decide(text, level):
    assert x(text)["meeting_level"] == level


_UNIVERSITY_MEETING = "1月9日,学校党委召开2023年度二级党组织书记抓基层党建工作述职评议会,与会人员进行了测评。"


@pytest.mark.parametrize(
    "text",
    [
        "青禾大学2023年度二级党组织书记述职评议会召开\n" + _UNIVERSITY_MEETING,
        _UNIVERSITY_MEETING + "\n供稿:青禾大学党委组织部",
        _UNIVERSITY_MEETING + "\n(青禾大学党委组织部供稿)",
        _UNIVERSITY_MEETING + "\n文/图:青禾大学党委组织部",
        _UNIVERSITY_MEETING + "\n主办:青禾大学党委宣传部",
        "【青禾大学】学校召开2023年度述职评议会\n" + _UNIVERSITY_MEETING,
        _UNIVERSITY_MEETING + "\n青禾大学党委组织部\n2024年1月10日",
    ],
)
def test_a_pronoun_conveners_name_from_a_credit_line(text):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("institution", "青禾大学")


@pytest.mark.parametrize(
    "text",
    [
        _UNIVERSITY_MEETING,
        _UNIVERSITY_MEETING + "会议邀请松岭大学专家点评。",
        "按照北川省教育厅党组的部署和学校2023年度述职评议工作安排,1月9日,学校党委召开二级党组织书记述职评议会。",
    ],
)
def test_no_credit_line_no_name(text):
    assert x(text)["institution"] is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "松岭市人民医院\n1月9日,我院召开2023年度党支部书记述职评议会,内科、外科党支部书记依次述职。",
            "松岭市人民医院",
        ),
        ("1月9日,青禾区人民医院医共体党委" + MEETING, "青禾区人民医院"),
        (
            "1月9日,松岭市精神卫生中心党委" + MEETING + "临床、护理党支部书记依次述职。",
            "松岭市精神卫生中心",
        ),
        ("1月9日,北川省肿瘤医学中心党委" + MEETING, "北川省肿瘤医学中心"),
    ],
)
def test_hospitals_by_masthead_alliance_and_centre(text, name):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("hospital_internal", name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("1月9日,青禾街道党工委召开2023年度社区党组织书记述职评议会。", "青禾街道"),
        ("1月9日,松岭市生态环境局机关党委" + MEETING, "松岭市生态环境局"),
        ("1月9日,北川地质调查院党委" + MEETING, "北川地质调查院"),
        ("1月9日,青禾镇党委召开2023年度村党组织书记述职评议会。", "青禾镇"),
    ],
)
def test_a_non_university_body_is_named_without_its_committee_or_offices(text, name):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("non_university_org", name)


@pytest.mark.parametrize(
    ("text", "raters"),
    [
        ("会上采取支部书记汇报、现场评委提问的方式,对各党支部年度工作进行考核测评。", None),
        ("会议通过书记述职、与会人员提问的形式,对各支部工作进行了评议。", None),
        ("会议采取“评委打分+支部互评”的方式,对各支部工作进行了考核测评。", ["评委", "党支部(互评)"]),
        ("会上,评委对各党支部年度工作进行了考核测评。", ["评委"]),
    ],
)
def test_a_way_of_working_names_raters_only_through_its_verbs_of_rating(text, raters):
    assert x("1月9日,青禾大学化学学院党委" + MEETING + text)["rater_groups"] == raters


_HOSPITAL_MEETING = "1月9日,医院党委召开2023年度党支部书记述职评议会,临床、医技、护理党支部书记依次述职。"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (_HOSPITAL_MEETING + "松岭市人民医院党委书记林川主持会议。", "松岭市人民医院"),
        (_HOSPITAL_MEETING + "会议由松岭市人民医院院长宋青主持。", "松岭市人民医院"),
        (_HOSPITAL_MEETING + "会议要求各支部对标先进,把松岭肿瘤医院建设成为区域医疗中心。", "松岭肿瘤医院"),
        (_HOSPITAL_MEETING + "会议邀请青禾大学附属医院专家点评。", None),
        (_HOSPITAL_MEETING + "来自北川妇幼保健院的嘉宾作交流发言。", None),
        (_HOSPITAL_MEETING, None),
    ],
)
def test_a_hospital_is_the_one_the_text_names_guests_aside(text, name):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("hospital_internal", name)


def test_a_guest_university_is_not_the_colleges_own():
    out = x("1月9日,学院党委" + MEETING + "学院各党支部书记依次述职,会议邀请北川大学专家点评。")
    assert (out["meeting_level"], out["institution"]) == ("secondary_unit", None)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (_UNIVERSITY_MEETING + "青禾大学党委书记林川主持会议。", "青禾大学"),
        (_UNIVERSITY_MEETING + "会议要求各单位为建设高水平的青禾理工大学作出贡献。", "青禾理工大学"),
        (_UNIVERSITY_MEETING + "会议邀请松岭大学专家点评。", None),
        (_UNIVERSITY_MEETING + "会议要求加快建设世界一流大学,关心大学生成长。", None),
        (_UNIVERSITY_MEETING + "会议学习了北川大学和松岭大学的经验。", None),
    ],
)
def test_a_schools_name_is_the_one_university_the_text_names(text, name):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == ("institution", name)


# ---------------------------------------------------------------- who reported, when the meeting sentence does not say

LATER_REPORTERS = [
    ("1月9日,学院召开2023年度述职评议会。学院各党支部书记依次述职。", "secondary_unit"),
    ("1月9日,学院党委召开2023年度抓基层党建工作述职评议会。会上,8个党支部书记依次述职。", "secondary_unit"),
    ("1月9日,学校党委召开2023年度抓基层党建工作述职评议会。会上,12个二级党组织书记依次述职。", "institution"),
    ("1月9日,述职评议会召开。会上,各二级学院党委书记依次述职。", "institution"),
    ("1月9日,述职评议会召开。会上,16所高校党委书记依次汇报。", "province"),
    ("1月9日,述职评议会召开。会上,各村党组织书记依次述职。", "non_university_org"),
]


@pytest.mark.parametrize(("text", "level"), LATER_REPORTERS)
def test_who_reported_from_the_first_clause_that_says_so(text, level):
    assert x(text)["meeting_level"] == level


# ---------------------------------------------------------------- scales and weights


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("评价等次分为优秀、称职、基本称职和不称职。", ["优秀", "称职", "基本称职", "不称职"]),
        ("测评结果分为好、较好、一般或差四个等次。", ["好", "较好", "一般", "差"]),
        ("测评等级分为优秀、良好、合格及不合格。", ["优秀", "良好", "合格", "不合格"]),
    ],
)
def test_the_last_grade_may_follow_a_conjunction(text, scale):
    assert x("1月9日,青禾大学党委召开2023年度基层党组织书记述职评议会。" + text)["rating_scale"] == scale


@pytest.mark.parametrize(
    ("text", "weights"),
    [
        ("综合得分=领导班子评分×70%+党员代表评分×30%。", {"领导班子": 0.7, "党员代表": 0.3}),
        (
            "最终成绩=校领导测评结果×50%+中层干部测评结果×30%+群众代表测评结果×20%。",
            {"校领导": 0.5, "中层干部": 0.3, "群众代表": 0.2},
        ),
    ],
)
def test_weights_from_a_formula(text, weights):
    assert x("1月9日,青禾大学党委召开2023年度基层党组织书记述职评议会。" + text)["ballot_weights"] == weights


_NOTICE = (
    "关于开展2023年度党支部书记述职评议考核工作的通知\n各党支部:\n根据{rules}要求,现将有关事项通知如下:\n"
    "一、时间:2024年1月8日\n二、参加人员:党委委员、各党支部书记\n特此通知。\n{sig}\n2024年1月2日"
)


@pytest.mark.parametrize(
    ("rules", "sig", "want"),
    [
        ("学校党委", "中共青禾大学化学学院委员会", ("secondary_unit", "青禾大学")),
        ("学校党委", "化学学院党委", ("secondary_unit", None)),
        ("学校党委", "青禾大学化学学院党委", ("secondary_unit", "青禾大学")),
        ("上级", "中共松岭市第一人民医院委员会", ("hospital_internal", "松岭市第一人民医院")),
        ("上级", "松岭市第一人民医院党委", ("hospital_internal", "松岭市第一人民医院")),
        ("上级", "松岭县中医医院党委办公室", ("hospital_internal", "松岭县中医医院")),
    ],
)
def test_a_notices_signature_in_its_forms(rules, sig, want):
    out = x(_NOTICE.format(rules=rules, sig=sig))
    assert (out["meeting_level"], out["institution"]) == want


@pytest.mark.parametrize(
    ("text", "raters"),
    [
        (
            "12月25日前,召开学院党委会会议对各支部书记抓党建工作进行考核,按好、较好、一般、差确定等次。",
            ["学院党委"],
        ),
        ("会后,党总支委员会议对各支部书记进行了评定。", ["党总支"]),
        ("1月9日,学院召开会议,部署述职工作。", None),
    ],
)
def test_a_committee_assessing_at_its_own_meeting_rated(text, raters):
    assert x(text)["rater_groups"] == raters
