"""Issue #13, session 7 round 2 (h-raters8): who rated, which institution, at what level and who chaired, read
on fresh5's misses as principles — each a table of invented sentences (fictional bodies and people) in several
phrasings, never copied text."""

from __future__ import annotations

import pytest

from etl.articles import extract_article

HEAD = "12月20日,松岭学院召开2024年度党支部书记抓基层党建工作述职评议会。"


def x(text: str) -> dict:
    return extract_article(text)


# ------------------------------------------------- who rated

RATED = [
    # A给B打分: the one before 给 scores, the one after it is scored
    ("临近结束,院领导与支委成员分别给四位书记逐项打分。", ["院领导", "支委成员"]),
    ("会后,党员代表给三位书记现场打分。", ["党员代表"]),
    ("述职结束后,由评委给各支部书记现场打分。", ["评委"]),
    ("党委委员和支部委员分别为各位书记打分。", ["党委委员", "支部委员"]),
    # A参加会议,并对…进行评议: the clause joined by 并 shares the subject of the clause before
    (
        "离退休党员代表和青年教师代表到会,并对几位书记的履职情况逐一作了评议。",
        ["离退休党员代表", "青年教师代表"],
    ),
    ("党委委员和职工代表出席会议,并对述职人进行了民主测评。", ["党委委员", "职工代表"]),
    # a Party organ rating as one body is the group
    ("学院党委结合半年来的检查记录进行了集中评议。", ["学院党委"]),
    ("学院党总支根据述职情况进行了综合评议。", ["学院党总支"]),
    ("学院党委综合各方面意见进行了评议。", ["学院党委"]),
    (
        "学院党委委员、教工党员代表参加了本次会议,并对各支部书记进行了现场打分。",
        ["学院党委委员", "教工党员代表"],
    ),
    # raters named after the act, in the same sentence or opening the next one
    (
        "散会前又对三位书记做了无记名测评,支委、辅导员代表和学生代表合计15名参与测评。",
        ["支委", "辅导员代表", "学生代表"],
    ),
    ("会后对五位书记进行了民主测评,党委委员和党员代表等20余人参与了测评。", ["党委委员", "党员代表"]),
    (
        "会议最后进行了民主测评,参加测评的有党委委员、党员代表和群众代表。",
        ["党委委员", "党员代表", "群众代表"],
    ),
    (
        "会议最后对各党支部书记进行了现场测评。学院党委委员、教师代表和学生代表共21人参加测评。",
        ["学院党委委员", "教师代表", "学生代表"],
    ),
    # an enumeration closed by 等, a quoted group in it (marks dropped), and a bare kind of people sharing the next 代表
    (
        "到会的院务委员、各系主任、“两代表一委员”和教师、学生代表等当场进行了评议。",
        ["院务委员", "各系主任", "两代表一委员", "教师代表", "学生代表"],
    ),
    ("参加会议的教师、学生代表进行了现场测评。", ["教师代表", "学生代表"]),
    # a rating panel's members as listed
    (
        "今年的考核小组除去总支委员以外,另外吸收了退休教师代表、校友代表和研究生代表。",
        ["总支委员", "退休教师代表", "校友代表", "研究生代表"],
    ),
    ("考核小组成员包括学院党委委员、党员代表和群众代表。", ["学院党委委员", "党员代表", "群众代表"]),
]


@pytest.mark.parametrize("sentence,groups", RATED)
def test_who_rated(sentence, groups):
    text = HEAD + "4名党支部书记依次述职。" + sentence
    assert x(text)["rater_groups"] == groups


NOT_RATED = [
    # the rating word inside the object of another act (对…评议工作进行了督查) is no rating
    "由校党委组织部干部李青、王远等组成的督查组对学院述职和评议工作进行了督查。",
    # 给予 is giving, not the 给 of a recipient
    "院领导给予了充分肯定。",
    # a rating clause with nobody named, before or after
    "会议最后对各党支部书记进行了现场测评。",
]


@pytest.mark.parametrize("sentence", NOT_RATED)
def test_no_rater_named(sentence):
    text = HEAD + "4名党支部书记依次述职。" + sentence
    assert x(text)["rater_groups"] is None


# ------------------------------------------------- which institution, at what level, who chaired


def test_a_document_title_opening_with_the_university_names_it_whole():
    # 经 inside the name (青经大学) is part of it, not a verb before it
    text = (
        "3月1日,我院党总支召开党支部书记抓党建述职评议会。会前,党总支学习了《北方财经大学党支部书记考核办法》,"
        "4名党支部书记依次述职。"
    )
    out = x(text)
    assert out["meeting_level"] == "secondary_unit"
    assert out["institution"] == "北方财经大学"


def test_a_party_committee_document_title_drops_the_party_prefix():
    text = "3月1日,我院党总支召开党支部书记述职评议会。会议依据《中共南岭交通大学委员会党支部工作细则》,4名党支部书记依次述职。"
    assert x(text)["institution"] == "南岭交通大学"


@pytest.mark.parametrize(
    "sentence",
    [
        "6月3日,数理学院党总支组织党支部书记年中述职,总支书记林方主持会议,总支委员列席。",
        "1月8日,数理学院党总支召开党支部书记述职评议会,会议由党总支书记林方主持。",
    ],
)
def test_the_chairs_title_is_not_who_reported(sentence):
    # the general branch's secretary chaired; the branch secretaries reported: the college's own meeting
    out = x(sentence + "两位党支部书记分别汇报。")
    assert out["meeting_level"] == "secondary_unit"
    assert out["institution"] is None


@pytest.mark.parametrize(
    "sentence,body",
    [
        ("2月6日,省委宣传部举行党支部书记年度述职评议。", "省委宣传部"),
        ("12月28日,市委组织部机关党委召开党支部书记述职评议会。", "市委组织部"),
        ("1月9日,中共松岭县委办公室召开党支部书记述职评议会。", "松岭县委办公室"),
    ],
)
def test_a_department_of_a_party_committee_is_a_body_outside_any_school(sentence, body):
    out = x(sentence + "5名党支部书记作口头述职。")
    assert out["meeting_level"] == "non_university_org"
    assert out["institution"] == body


def test_a_provincial_education_committee_stays_provincial():
    text = "3月5日,省委教育工委召开全省高校党委书记抓基层党建述职评议会。12所高校党委书记现场述职。"
    assert x(text)["meeting_level"] == "province"


@pytest.mark.parametrize(
    "sentence",
    [
        "4月9日晚,法学院党支部年度述职评议会在南楼二层召开,师生党员到场。",
        "1月15日,化学学院支部述职评议会在三楼会议室召开。",
    ],
)
def test_a_meeting_where_branches_report_is_a_college_s(sentence):
    out = x(sentence + "会议由学院党总支书记宋青主持。")
    assert out["meeting_level"] == "secondary_unit"


@pytest.mark.parametrize(
    "sentence,chair",
    [
        ("省委常委、统战部部长林秀主持会议。", "林秀"),
        ("市委常委、组织部部长何远主持会议。", "何远"),
        ("学校党委副书记、财务处处长王明主持会议。", "王明"),
    ],
)
def test_a_body_before_its_heads_title_is_no_name(sentence, chair):
    assert x(HEAD + sentence)["chair"] == chair


@pytest.mark.parametrize(
    "sentence,chair",
    [
        ("会议请纪检委员宋青老师主持。", "宋青"),
        ("会议由党总支书记欧阳明远老师主持。", "欧阳明远"),
        ("会议由宋青同志主持。", "宋青"),
    ],
)
def test_a_form_of_address_after_the_name_is_not_part_of_it(sentence, chair):
    assert x(HEAD + sentence)["chair"] == chair
