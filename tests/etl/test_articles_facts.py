"""Issue #13, session 5: the meeting's date and the counts read as principles, each in several phrasings written
for these tests (fictional bodies and people). Which sentence dates the meeting (a meeting held, not a campaign
started or a deadline), a date whose 月 was lost settled by context, spans of days, counts of units listed
per mode, the whole of a body's units when its secretaries as a class reported, and a part of a stated whole."""

from __future__ import annotations

import pytest

from etl.articles import extract_article


def x(text: str, **kw) -> dict:
    return extract_article(text, **kw)


def when(out: dict) -> tuple[str | None, bool | None]:
    return out["meeting_date"], out["meeting_date_inferred"]


# ---------------------------------------------------------------- which sentence dates the meeting

MEETING_SENTENCE = [
    (
        "发布时间:2024-03-29\n3月18日起,医院启动2023年度述职评议工作。3月26日晚,医院召开党总支、党支部书记述职评议会。",
        ("2024-03-26", True),
    ),
    (
        "发布时间:2024-01-20\n1月2日开始,学院部署2023年度党支部书记述职评议工作。1月18日,学院党委召开述职评议会,各支部书记依次述职。",
        ("2024-01-18", True),
    ),
    (
        "1月15日前,各党支部完成2023年度述职评议考核自查。1月19日下午,化学学院党委召开党支部书记述职评议会。",
        ("2024-01-19", True),
    ),
    (
        "12月10日以来,松岭医院党委组织开展2023年度述职评议工作。12月28日,医院党委举行党支部书记述职评议大会。",
        ("2023-12-28", True),
    ),
    (
        "2024年1月5日之前,各单位提交2023年度述职评议报告。2024年1月12日,青禾大学党委召开基层党组织书记述职评议会。",
        ("2024-01-12", False),
    ),
    # 前后 and 左右 are about a day, not before it
    ("12月9日前后,学院党委召开2023年度党支部书记述职评议会。", ("2023-12-09", True)),
    # the only dated sentence about the appraisal is a campaign: still its date when nothing else is dated
    ("1月8日,学院党委开展2023年度党支部书记述职评议工作,各支部书记汇报了工作。", ("2024-01-08", True)),
]


@pytest.mark.parametrize(("text", "date"), MEETING_SENTENCE)
def test_the_meeting_held_dates_it(text, date):
    assert when(x(text)) == date


# ---------------------------------------------------------------- a date whose 月 was lost

RUN_TOGETHER = [
    # one reading only
    ("33日,医学院党委召开2022年度党支部书记述职评议会。", {}, ("2023-03-03", True)),
    ("1215日,医学院党委召开2023年度党支部书记述职评议会。", {}, ("2023-12-15", True)),
    ("1228日上午,松岭医院党委召开2023年度党支部书记述职评议会。", {}, ("2023-12-28", True)),
    # two readings (1月25日 / 12月5日): the publication date settles it, the nearest before it
    (
        "125日,学校党委召开2020年度二级党组织书记述职评议会。",
        {"publication_date": "2021-01-26"},
        ("2021-01-25", True),
    ),
    (
        "125日,学校党委召开2020年度二级党组织书记述职评议会。",
        {"publication_date": "2020-12-07"},
        ("2020-12-05", True),
    ),
    (
        "111日,学院党委召开2023年度党支部书记述职评议会。",
        {"publication_date": "2024-01-12"},
        ("2024-01-11", True),
    ),
    # two readings and nothing to choose between them: no date
    ("125日,学校党委召开2020年度二级党组织书记述职评议会。", {}, (None, None)),
    # a day alone (12日) is no run-together date, and has no month: no date
    ("12日,学院党委召开2023年度党支部书记述职评议会。", {}, (None, None)),
    ("第33日,学院党委召开党支部书记述职评议会。", {}, (None, None)),
]


@pytest.mark.parametrize(("text", "kw", "date"), RUN_TOGETHER)
def test_a_date_whose_month_was_lost(text, kw, date):
    assert when(x(text, **kw)) == date


# ---------------------------------------------------------------- spans of days

SPANS = [
    ("2023年12月30日至31日,青禾大学党委召开2023年度基层党组织书记述职评议会。", ("2023-12-30", False)),
    ("2024年1月26日至28日,松岭医院党委举办培训班并召开2023年度党支部书记述职测评会。", (None, None)),
    ("1月11日—2月6日,各学院党委分别召开2023年度党支部书记述职评议会。", (None, None)),
    ("2024年1月8日至10日,学院党委召开2023年度党支部书记述职评议会。", (None, None)),
    ("2024年1月8日-9日,学院党委召开2023年度党支部书记述职评议会。", ("2024-01-08", False)),
]


@pytest.mark.parametrize(("text", "date"), SPANS)
def test_a_span_of_three_days_or_more_is_no_meeting_date(text, date):
    assert when(x(text)) == date


# ---------------------------------------------------------------- counts

HEAD = "1月9日,松岭医院党委召开2023年度党支部书记述职评议会。"

COUNTS = [
    # units listed per mode, with no number: each listing counted, the total their sum
    (HEAD + "行政党支部、外科党支部、内科党支部书记口头述职,药剂党支部、护理党支部书记书面述职。", (3, 2, 5)),
    (
        HEAD
        + "门诊党支部、医技党支部书记进行了现场述职,后勤党支部、离退休党支部、机关党支部书记作书面述职。",
        (2, 3, 5),
    ),
    # names each with its secretary's title, joined by 和; one unit set against a listing of the other mode
    (
        HEAD
        + "教工党支部书记和学生第一党支部书记现场述职,学生第二党支部书记书面述职。与会人员对这3名支部书记作了民主评议。",
        (2, 1, 3),
    ),
    (HEAD + "内科党支部书记、外科党支部书记和护理党支部书记依次作了现场述职。", (3, None, None)),
    # all the units there are, and the secretaries as a class reported: every one of them on site
    (HEAD + "院党委下属7个党支部的书记出席会议。会上,各党支部书记先后就一年工作作了述职。", (7, None, 7)),
    (HEAD + "全院12个党支部书记参加会议。各党支部书记结合支部工作逐一汇报。", (12, None, 12)),
    (HEAD + "所属6个党支部书记参加会议。会上,党支部书记依次进行述职。", (6, None, 6)),
    # … but a count of those attending is not a count of reporters when no one is said to report
    (HEAD + "院党委下属8个党支部书记参加会议。院长讲话。", (None, None, None)),
    # a part of a stated whole (…中, with or without a comma)
    (HEAD + "全院15名党支部书记中,7名书记进行了现场述职。", (7, None, 15)),
    (HEAD + "20个党支部中有6个进行了现场述职。", (6, None, 20)),
    # counts with other classifiers, nouns and words between count and mode
    (HEAD + "4个党总支、3个直属党支部书记作现场述职,41个基层党支部书记作书面述职。", (7, 41, 48)),
    (HEAD + "3个教师党支部书记和12个学生党支部书记先后述职。", (15, None, None)),
    (HEAD + "8个党支部书记代表先后就支部工作作了汇报。", (8, None, None)),
    (HEAD + "行政、儿科、药剂等9个党支部书记先后上台述职。", (9, None, None)),
    (HEAD + "经各总支推荐的21个党支部先后作现场述职。", (21, None, None)),
    # modes written other ways: 以书面形式, 采用书面方式, 口头汇报
    (HEAD + "八位书记采用现场述职的方式,其余二十位以书面形式述职。", (8, 20, 28)),
    (HEAD + "六名书记作了现场述职,另外九名采用书面方式述职。", (6, 9, 15)),
    (HEAD + "会上,五个党支部书记作口头述职,另有3个以书面形式汇报。", (5, 3, 8)),
    # everyone appraised, counted: rated (现场测评, 打分, 评议), appraisal's object, who took part in it
    (HEAD + "会议对11名党支部书记进行了现场测评打分。", (None, None, 11)),
    (HEAD + "与会人员对全院9个党支部书记进行了无记名评分。", (None, None, 9)),
    (HEAD + "参加此次述职评议的党组织书记共16名。", (None, None, 16)),
    (HEAD + "本次述职评议对象共14人。", (None, None, 14)),
    (HEAD + "本次考核对象为12名党支部书记,其中5名作现场述职。", (5, None, 12)),
    # … but rating the ones who just reported is no count of everyone
    (HEAD + "会上,4位党支部书记进行述职。会议最后,与会人员对4位党支部书记进行了现场测评。", (4, None, None)),
    (HEAD + "会上,6位党支部书记进行述职。与会人员对现场述职的6位书记进行了民主测评。", (6, None, None)),
]


@pytest.mark.parametrize(("text", "counts"), COUNTS)
def test_counts(text, counts):
    out = x(text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == counts


def test_units_listed_per_mode_are_the_on_site_units():
    out = x(HEAD + "行政党支部、外科党支部、内科党支部书记口头述职,药剂党支部、护理党支部书记书面述职。")
    assert out["onsite_units"] == ["行政党支部", "外科党支部", "内科党支部"]
    out = x(HEAD + "教工党支部书记和学生第一党支部书记现场述职,学生第二党支部书记书面述职。")
    assert out["onsite_units"] == ["教工党支部", "学生第一党支部"]


# ---------------------------------------------------------------- notices announce: the meeting comes after them

NOTICE_YEARS = [
    (
        "各党总支:\n现将年终考评的安排通知如下:\n1.12月3日前,各党总支报送自查材料。\n2.12月9日左右,各党总支书记集中述职考评。\n"
        "特此通知。\n中共松岭学院委员会组织部\n2019年11月25日",
        ("2019-12-09", True),
        2019,
    ),
    (
        "关于召开党支部书记述职评议会的通知\n各党支部:\n学院党委定于1月8日下午召开党支部书记述职评议会。\n特此通知。\n"
        "化学学院党委\n2024年12月30日",
        ("2025-01-08", True),
        2024,
    ),
    (
        "关于开展2023年度党支部书记述职考评的通知\n各党支部:\n一、时间:12月21日\n特此通知。\n青禾学院党委\n2023年11月10日",
        ("2023-12-21", True),
        2023,
    ),
]


@pytest.mark.parametrize(("text", "date", "year"), NOTICE_YEARS)
def test_a_notice_announces_a_meeting_after_it(text, date, year):
    out = x(text)
    assert (when(out), out["appraisal_year"]) == (date, year)


def test_a_period_start_is_no_meeting_date_even_with_no_meeting_held():
    text = (
        "发布时间:2024-03-29\n从3月18日开始,医院各党组织陆续开展2023年度述职评议。"
        "3月26日晚,总支书记和各支部书记集中向院党委班子述职。"
    )
    out = x(text)
    assert when(out) == ("2024-03-26", True)
    # 总支书记和各支部书记 are kinds of body speaking to the 院党委: no list of units, no count
    assert (out["onsite_count"], out["onsite_units"]) == (None, None)


MORE_COUNTS = [
    # a count whose own clause names both modes is everyone, and the part that follows is on site
    (
        HEAD + "会上,15名支部书记的述职分为现场述职和书面述职两种形式,其中7名支部书记到场作了现场述职。",
        (7, None, 15),
    ),
    (HEAD + "12名书记述职采用现场述职与书面述职相结合的方式,其中5名党支部书记作了现场述职。", (5, None, 12)),
    # secretaries named with their units, per mode; a unit without its secretary's name is no count
    (
        HEAD
        + "会上,教师党支部书记周一和研究生党支部书记吴二先后作现场述职。本科生党支部书记郑三提交了书面述职报告。",
        (2, 1, 3),
    ),
    (
        HEAD
        + "会上,教师党支部书记周一和研究生党支部书记吴二先后作现场述职。离退休党支部书记以书面形式述职。",
        (2, None, None),
    ),
]


@pytest.mark.parametrize(("text", "counts"), MORE_COUNTS)
def test_more_counts(text, counts):
    out = x(text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == counts


def test_an_enumeration_as_long_as_its_count_is_the_units_whatever_their_names():
    out = x(HEAD + "文学院、化学学院、心理学部、图书馆、后勤等5个单位的党组织书记作了述职。")
    assert out["onsite_count"] == 5
    assert out["onsite_units"] == ["文学院", "化学学院", "心理学部", "图书馆", "后勤"]
    # shorter than its count: areas named, not the units (no list)
    out = x(HEAD + "来自行政、儿科、药剂等9个党支部书记先后上台述职。")
    assert (out["onsite_count"], out["onsite_units"]) == (9, None)


ATTENDING = [
    # those counted as attending, and the secretaries as a class reported: they reported, but not all there are
    (
        "1月6日,档案馆党总支召开党支部书记述职评议会。总支委员和4名支部书记、各支部委员出席会议。"
        "会上,各支部书记逐一对照“五个过硬”的标准作了述职。",
        (4, None, None),
    ),
    (
        "1月9日,图书馆党总支召开党支部书记述职评议会,3名党支部书记出席会议。会上,党支部书记依次汇报了工作。",
        (3, None, None),
    ),
    # no one said to report: no count
    ("1月9日,图书馆党总支召开党支部书记述职评议会,3名党支部书记出席会议。", (None, None, None)),
    # parts of a whole with no noun of secretaries
    (HEAD + "共18个二级党组织参加述职评议,其中8个现场述职,10个书面述职。", (8, 10, 18)),
    # colleges sharing one body word at the end of their list
    (HEAD + "会上,马克思主义学院、化学学院、物理学院和数学学院党委书记作了现场述职。", (4, None, None)),
]


@pytest.mark.parametrize(("text", "counts"), ATTENDING)
def test_attending_and_reporting(text, counts):
    out = x(text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == counts


SPEECH_YEARS = [
    (
        "学院党委召开党支部书记述职评议会。最后,党委书记作总结。他表示:2020年,学院党委攻坚克难,取得了显著成绩。",
        2020,
    ),
    ("学院党委召开党支部书记述职评议会。党委书记指出:2021年,全院上下形成了干事创业的良好氛围。", 2021),
    # next year's plans are no appraisal year
    ("学院党委召开党支部书记述职评议会。党委书记指出:2024年,学院要进一步加强支部建设。", None),
]


@pytest.mark.parametrize(("text", "year"), SPEECH_YEARS)
def test_the_year_a_closing_speech_sums_up(text, year):
    assert x(text)["appraisal_year"] == year


SIGNED = [
    ("二〇二四年一月三日", "2024-01-03", ("2024-01-09", True)),
    ("二○二四年一月三日", "2024-01-03", ("2024-01-09", True)),
    ("2024年1月3日", "2024-01-03", ("2024-01-09", True)),
    ("2024-01-03", "2024-01-03", ("2024-01-09", True)),
]


@pytest.mark.parametrize(("signed", "pub", "date"), SIGNED)
def test_a_notice_signed_in_any_numerals_dates_its_meeting(signed, pub, date):
    out = x(
        "关于召开党支部书记述职评议会的通知\n各党支部:\n一、时间:1月9日下午\n二、地点:行政楼301\n特此通知。\n化学学院党委\n"
        + signed
    )
    assert (out["publication_date"], when(out)) == (pub, date)


UNDATED = [
    # told as recent, undated: a later dated sentence about something else does not date it
    ("近日,学院党委召开2023年度党支部书记述职评议会。此前,学院于12月20日召开支委会,部署述职评议工作。", None),
    ("日前,松岭医院党委召开2023年度党支部书记述职评议会。12月1日,医院印发了述职评议工作方案。", None),
    # … but a sentence that dates the meeting itself does
    ("近日,学院党委召开2023年度党支部书记述职评议会。会议于1月9日在行政楼举行。", "2024-01-09"),
    (
        "近日,学院党委召开2023年度党支部书记述职评议会。1月9日下午,会议在行政楼举行,各党支部书记依次述职。",
        "2024-01-09",
    ),
]


@pytest.mark.parametrize(("text", "date"), UNDATED)
def test_a_meeting_told_undated(text, date):
    assert x(text)["meeting_date"] == date


BYLINES = [
    "[2024-01-10]\n",
    "【2024-01-10】\n",
    "发布者:宣传部 发布时间:2024年1月10日 浏览次数:33\n",
    "来源:组织部 | 2024-01-10 | 点击:20\n",
    "2024/1/10\n",
    "2024.01.10\n",
]


@pytest.mark.parametrize("byline", BYLINES)
def test_a_byline_dates_the_item_and_the_meeting_year(byline):
    out = x(byline + "1月9日,学院党委召开党支部书记述职评议会,各支部书记依次述职。")
    assert (out["publication_date"], when(out)) == ("2024-01-10", ("2024-01-09", True))


def test_the_rest_who_submitted_written_reports_and_a_notice_s_object_heading():
    out = x(HEAD + "6位党支部书记作了现场述职,其余12位提交了书面述职报告。")
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == (6, 12, 18)
    out = x(
        HEAD.replace("党", "黨").replace("书记", "書記")
        + "6位黨支部書記作了現場述職,其餘12位提交了書面述職報告。"
    )
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == (6, 12, 18)
    notice = (
        "关于开展2024年度党支部书记述职评议考核工作的通知\n各党支部:\n现将有关事项通知如下:\n一、述职对象\n"
        "学院全体党支部书记(共9人)。\n二、时间地点\n时间:2025年1月8日(星期三)14:30\n特此通知。\n"
        "中共青禾大学化学学院委员会\n2024年12月30日"
    )
    out = x(notice)
    assert (out["meeting_date"], out["appraisal_year"], out["total_units"], out["onsite_count"]) == (
        "2025-01-08",
        2024,
        9,
        None,
    )


PAIRS = [
    "会上,化学学院党委书记张明、物理学院党委书记李华、数学学院党委书记王强先后作了现场述职。",
    "会上,化学学院党委书记张明,物理学院党委书记李华,数学学院党委书记王强依次述职。",
    "会上,化学学院党委张明书记、物理学院党委李华书记、数学学院党委王强书记分别述职。",
    "会上,化学学院党委书记张明;物理学院党委书记李华;数学学院党委书记王强依次述职。",
]


@pytest.mark.parametrize("text", PAIRS)
def test_units_with_their_secretaries_in_either_order_and_separator(text):
    out = x("1月9日,青禾大学党委召开2023年度基层党组织书记述职评议会。" + text)
    assert out["onsite_count"] == 3
    assert out["onsite_units"] == ["化学学院党委", "物理学院党委", "数学学院党委"]


UNRELATED = [
    "学校现有党员1200名,基层党组织56个。",
    "全校共有56个党支部。",
    "近三年来,共有15名党支部书记获评优秀。",
    "会议指出,要抓好三个方面的工作。",
    "学校党委书记张三对5个方面的问题进行了点评。",
    "学校组织了8个考核组,对各单位进行了考核。",
    "会议表彰了10个先进党支部和20名优秀党员。",
    "与会人员共60余人。",
    "会上,校领导为获评“样板支部”的3个党支部授牌。",
]


@pytest.mark.parametrize("text", UNRELATED)
def test_a_count_of_something_else_is_no_count(text):
    out = x("1月9日,青禾大学党委召开2023年度基层党组织书记述职评议会,各二级党组织书记参加会议。" + text)
    assert (out["onsite_count"], out["written_count"], out["total_units"], out["onsite_units"]) == (None,) * 4


MODES = [
    (HEAD + "会议采取线上线下相结合的方式,5名书记现场述职,3名书记通过视频连线述职。", (5, None, None)),
    (HEAD + "受疫情影响,会议以线上方式召开,8位书记通过腾讯会议进行了述职。", (None, None, None)),
    (HEAD + "6位书记登台述职,另有4位书记作书面交流。", (6, 4, 10)),
    (HEAD + "7名党支部书记现场接受了考评。", (7, None, None)),
    (HEAD + "7名党支部书记面对面向党员群众述职。", (7, None, None)),
    (HEAD + "会上,6位书记进行了述职述廉。", (6, None, None)),
]


@pytest.mark.parametrize(("text", "counts"), MODES)
def test_modes_other_than_on_site_reports(text, counts):
    out = x(text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == counts


PLANS = [
    # a plan or a requirement is not a report made at this meeting
    (HEAD + "会议要求,12名党支部书记要在年底前完成述职。", None),
    (HEAD + "下一步,学院将组织15名党支部书记开展述职。", None),
    (HEAD + "明年,全院32个党支部书记都要进行述职。", None),
    (HEAD + "学院计划安排8位书记在下次会议上述职。", None),
    # … but a requirement or a plan cited as the ground of the reports made is no plan
    (HEAD + "按照学校要求,6位书记围绕主要工作进行了述职。", 6),
    (HEAD + "根据学院党委要求,6位书记进行了述职。", 6),
    (HEAD + "按照年度工作计划,6位书记进行了述职。", 6),
    (HEAD + "会上,6位书记将一年来的工作情况进行了汇报。", 6),
    (HEAD + "6位书记围绕2023年主要工作和2024年工作计划进行了述职。", 6),
]


@pytest.mark.parametrize(("text", "onsite"), PLANS)
def test_plans_and_requirements_are_no_reports(text, onsite):
    assert x(text)["onsite_count"] == onsite


GROUNDS = [
    "为落实学校2023年12月20日党委常委会精神,1月9日,化学学院党委召开2023年度党支部书记述职评议会。",
    "根据2023年12月20日学校党委会议部署,1月9日,化学学院党委召开2023年度党支部书记述职评议会。",
    "按照12月20日学校党委会议的安排,1月9日下午,化学学院党委召开2023年度党支部书记述职评议会。",
]


@pytest.mark.parametrize("text", GROUNDS)
def test_the_date_of_a_cited_ground_is_not_the_meeting_s(text):
    assert when(x(text)) == ("2024-01-09", True)


GAPS = [
    # a space after a date or a comma, or before a comma, is inside the sentence
    ("1月9日 青禾大学党委召开2023年度基层党组织书记述职评议会。", "2024-01-09", None),
    ("本报讯 1月9日上午 ,青禾大学党委召开2023年度基层党组织书记述职评议会。", "2024-01-09", None),
    ("1月9日上午， 青禾大学党委召开2023年度基层党组织书记述职评议会。", "2024-01-09", None),
    ("2024年1月9日\u3000青禾大学党委召开2023年度基层党组织书记述职评议会。", "2024-01-09", None),
    # … while a byline's parts stay apart
    ("2024年1月10日 青禾大学新闻网\n1月9日,学院党委召开党支部书记述职评议会。", "2024-01-09", "2024-01-10"),
    (
        "发布日期:2024年1月10日 浏览次数:33\n1月9日,学院党委召开党支部书记述职评议会。",
        "2024-01-09",
        "2024-01-10",
    ),
]


@pytest.mark.parametrize(("text", "date", "pub"), GAPS)
def test_spaces_inside_a_sentence_are_no_layout_gap(text, date, pub):
    out = x(text)
    assert (out["meeting_date"], out["publication_date"]) == (date, pub)


def test_spaces_inside_a_sentence_already_begun_do_not_cut_a_count_from_its_verb():
    out = x(HEAD + "会上,6位党支部书记 依次进行了现场述职,其余 4位 提交了书面述职报告。")
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == (6, 4, 10)
    out = x(HEAD + "会上,6位 党支部书记进行了现场述职。\n来源:党委组织部 编辑:李四")
    assert out["onsite_count"] == 6


CITED_YEARS = [
    (
        "根据《青禾大学2022年度基层党组织书记述职评议考核办法》,1月9日,学校党委召开2023年度基层党组织书记述职评议会。",
        2023,
    ),
    (
        "1月9日,学校党委召开基层党组织书记述职评议会。会议依据《2022年度述职评议考核办法》进行。会议对2023年度党建工作进行了考核。",
        2023,
    ),
    # the only 年度 is the cited one's: it is the year
    ("按照《关于开展2023年度述职评议工作的通知》要求,1月9日,学院党委召开党支部书记述职评议会。", 2023),
]


@pytest.mark.parametrize(("text", "year"), CITED_YEARS)
def test_a_year_the_text_states_comes_before_a_cited_document_s(text, year):
    out = x(text)
    assert (out["appraisal_year"], out["meeting_date"]) == (year, f"{year + 1}-01-09")


WHO_REPORTED = [
    (HEAD + "参加现场述职的有9位二级党组织书记。", (9, None, None)),
    (HEAD + "作述职的有9位书记。", (9, None, None)),
    (HEAD + "进行述职的书记共9名。", (9, None, None)),
    (HEAD + "口头述职的有5位,书面述职的有7位。", (5, 7, 12)),
    (HEAD + "现场述职书记9人,书面述职书记14人。", (9, 14, 23)),
    (HEAD + "9名书记现场述职、14名书记书面述职。", (9, 14, 23)),
    (HEAD + "下一步,作述职的有9位书记。", (None, None, None)),
]


@pytest.mark.parametrize(("text", "counts"), WHO_REPORTED)
def test_who_reported_counted_after_the_mode(text, counts):
    out = x(text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == counts


REST = [
    ("学院所属12个党支部书记参加会议,其中5位现场述职,其余书面述职。", (5, 7, 12)),
    ("全院12个党支部书记中,5位现场述职,其余作书面述职。", (5, 7, 12)),
    ("学院12个党支部全部参加述职评议,其中5个现场述职,其余书面述职。", (5, 7, 12)),
    # nothing said of the rest: not all there are, and no written count
    ("学院所属12个党支部书记参加会议,其中5位现场述职。", (5, None, None)),
]


@pytest.mark.parametrize(("text", "counts"), REST)
def test_the_rest_of_all_there_are_wrote(text, counts):
    out = x("1月9日,化学学院党委召开2023年度党支部书记述职评议会。" + text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == counts


def test_those_attending_are_not_all_appraised():
    out = x(HEAD + "全院23个党支部书记参加会议,9名书记现场述职。")
    assert (out["onsite_count"], out["total_units"]) == (9, None)
    out = x(HEAD + "全院23个党支部书记参加会议。各党支部书记依次进行了现场述职。")
    assert (out["onsite_count"], out["total_units"]) == (23, 23)
