"""Issue #13, breadth (whole items): invented news items, notices and a served page — fictional bodies and
people, written for these tests — read field by field; a field the text does not state must come back null."""

from __future__ import annotations

import pytest

from etl.articles import extract_article, html_to_text


def x(text: str, **kw) -> dict:
    return extract_article(text, **kw)


# ---------------------------------------------------------------- whole items, every field they state

ITEMS = [  # whole invented items: bylines, ad lines, pinyin glosses, traditional script, notices
    (
        """松岭医科大学附属第二医院召开2023年度党支部书记述职评议会
发布时间:2024-01-19 来源:党委办公室 浏览次数:312
1月18日下午,松岭医科大学附属第二医院党委召开2023年度党支部书记抓基层党建工作述职评议会。医院党委书记魏明主持会议,党委委员、各党支部书记、职工代表共60余人参加。
会上,内科第一党支部、外科党支部、医技党支部等3个党支部书记进行了现场述职,其余14个党支部书记提交了书面述职报告。
与会人员按照“好、较好、一般、差”四个等次对述职人进行了民主测评。
上一篇:医院举办护士节活动""",
        dict(
            institution="松岭医科大学附属第二医院",
            meeting_level="hospital_internal",
            appraisal_year=2023,
            meeting_date="2024-01-18",
            meeting_date_inferred=True,
            onsite_count=3,
            written_count=14,
            total_units=17,
            onsite_units=["内科第一党支部", "外科党支部", "医技党支部"],
            rating_scale=["好", "较好", "一般", "差"],
            rater_groups=["与会人员"],
            chair="魏明",
        ),
    ),
    (
        """2月26日,北川省委教育工委召开2023年度全省高校党委书记抓基层党建工作述职评议考核会议。省委教育工委书记郑远山主持会议。
会上,北川大学、北川理工大学、江城师范学院、北川职业技术学院4所高校党委书记现场述职,其余38所高校党委书记书面述职。""",
        dict(
            institution=None,
            meeting_level="province",
            appraisal_year=2023,
            meeting_date="2024-02-26",
            meeting_date_inferred=True,
            onsite_count=4,
            written_count=38,
            total_units=42,
            chair="郑远山",
        ),
    ),
    (
        """關於召開2024年度黨支部書記述職評議會的通知
各黨支部:
經學院黨委研究,定於2025年1月10日召開2024年度黨支部書記抓基層黨建工作述職評議會。現將有關事項通知如下:
一、時間:2025年1月10日(星期五)上午9:00
二、地點:圖書館報告廳
三、述職方式:各黨支部書記現場述職,每人不超過8分鐘。
四、測評:與會人員填寫測評表,測評結果分為好、較好、一般、差四個等次。
中共青禾師範學院委員會
2025年1月3日""",
        dict(
            institution="青禾師範學院",
            meeting_level="institution",
            appraisal_year=2024,
            meeting_date="2025-01-10",
            meeting_date_inferred=False,
            onsite_count=None,
            written_count=None,
            total_units=None,
            rating_scale=["好", "較好", "一般", "差"],
            rater_groups=["與會人員"],
            chair=None,
        ),
    ),
    (
        """1月12日下午,学院党委在三楼会议室召开2023年度党支部书记述职评议会。学院党委书(shū)记林秋主持会(huì)议。
会上,学院8个党支部书记依次进行了述职,,汇报了一年来的工作。
随后,参会人员对8位党支部书记进行了民主测评。
【澳门首家线上赌场】""",
        dict(
            meeting_level="secondary_unit",
            appraisal_year=2023,
            meeting_date="2024-01-12",
            meeting_date_inferred=True,
            onsite_count=8,
            rater_groups=["参会人员"],
            chair="林秋",
        ),
    ),
    (
        """12月27日,青禾大学机关党委召开2023年度党支部书记抓党建工作述职评议会。机关党委下设12个党支部,12名党支部书记依次进行述职。机关党委书记何明主持会议。与会人员现场进行了测评打分。""",
        dict(
            institution="青禾大学",
            meeting_level="secondary_unit",
            appraisal_year=2023,
            meeting_date="2023-12-27",
            meeting_date_inferred=True,
            onsite_count=12,
            total_units=12,
            rating_scale="score",
            rater_groups=["与会人员"],
            chair="何明",
        ),
    ),
    (
        """近日,青禾大学马克思主义学院党委召开党支部书记述职评议会。会议由学院党委副书记陈丹主持。会上,教师第一党支部书记王一、教师第二党支部书记李二、研究生党支部书记张三分别述职。学院党委委员对支部书记进行了测评。""",
        dict(
            institution="青禾大学",
            meeting_level="secondary_unit",
            appraisal_year=None,
            meeting_date=None,
            onsite_count=3,
            onsite_units=["教师第一党支部", "教师第二党支部", "研究生党支部"],
            rater_groups=["学院党委委员"],
            chair="陈丹",
        ),
    ),
]


@pytest.mark.parametrize(("text", "want"), ITEMS)
def test_whole_items(text, want):
    out = x(text)
    assert {k: out[k] for k in want} == want


ITEMS_MORE = [  # nothing stated, a city's summary, a hospital, a college, traditional script
    (
        """基层党建述职评议会召开
日前,我院党委召开党支部书记述职评议会,各党支部书记围绕履行第一责任人职责情况作了述职。院党委书记在讲话中要求各支部对标对表、补齐短板。""",
        dict(
            institution=None,
            appraisal_year=None,
            meeting_date=None,
            onsite_count=None,
            written_count=None,
            total_units=None,
            onsite_units=None,
            rating_scale=None,
            ballot_weights=None,
            rater_groups=None,
            chair=None,
        ),
    ),
    (
        """江城市召开2023年度市属高校党委书记抓基层党建工作述职评议会
3月1日,江城市委教育工委召开2023年度市属高校党委书记抓基层党建工作述职评议会。市委教育工委书记钱江主持会议并讲话。
会上,江城大学、江城师范大学、江城医学院、江城职业学院4所高校党委书记现场述职,其余8所高校党委书记书面述职。
与会人员对12所高校党委书记抓基层党建工作进行了民主评议。""",
        dict(
            institution=None,
            meeting_level="province",
            appraisal_year=2023,
            meeting_date="2024-03-01",
            meeting_date_inferred=True,
            onsite_count=4,
            written_count=8,
            total_units=12,
            rater_groups=["与会人员"],
            chair="钱江",
        ),
    ),
    (
        """护理党支部书记述职
2023年12月28日,青禾市第一人民医院召开2023年度党支部书记述职评议会,院领导班子成员、职能科室负责人、临床医技科室主任及护士长参加会议。
会议由医院党委副书记邱实主持。内科、外科、医技、护理、行政后勤等5个党支部书记依次述职。
参会人员采用百分制对述职情况进行了打分。""",
        dict(
            institution="青禾市第一人民医院",
            meeting_level="hospital_internal",
            appraisal_year=2023,
            meeting_date="2023-12-28",
            meeting_date_inferred=False,
            onsite_count=5,
            rating_scale="score",
            rater_groups=["参会人员"],
            chair="邱实",
        ),
    ),
    (
        """1月8日,青禾大学外国语学院党委召开2023年度党支部书记述职评议会。学院党委委员、各党支部书记、教师代表、学生代表40余人参加会议。
学院党委书记苏平主持会议。英语系教工党支部、日语系教工党支部、研究生党支部、本科生第一党支部、本科生第二党支部等5个党支部书记分别进行了述职。
与会人员对照“好、较好、一般、差”四个档次进行了测评。""",
        dict(
            institution="青禾大学",
            meeting_level="secondary_unit",
            appraisal_year=2023,
            meeting_date="2024-01-08",
            meeting_date_inferred=True,
            onsite_count=5,
            onsite_units=[
                "英语系教工党支部",
                "日语系教工党支部",
                "研究生党支部",
                "本科生第一党支部",
                "本科生第二党支部",
            ],
            rating_scale=["好", "较好", "一般", "差"],
            rater_groups=["与会人员"],
            chair="苏平",
        ),
    ),
    (
        """關於2023年度述職評議
1月10日上午,松嶺職業技術學院黨委召開2023年度基層黨組織書記抓黨建工作述職評議會。黨委書記鄭和主持會議。
會上,7名黨總支書記進行了現場述職。與會人員對述職人進行了民主測評。""",
        dict(
            institution="松嶺職業技術學院",
            meeting_level="institution",
            appraisal_year=2023,
            meeting_date="2024-01-10",
            meeting_date_inferred=True,
            onsite_count=7,
            rater_groups=["與會人員"],
            chair="鄭和",
        ),
    ),
]


@pytest.mark.parametrize(("text", "want"), ITEMS_MORE)
def test_whole_items_more(text, want):
    out = x(text)
    assert {k: out[k] for k in want} == want


# a page as served: menu, byline, photo caption, footer with the name, navigation to other items
HTML = """<html><head><title>我校召开2023年度基层党组织书记抓党建工作述职评议会-新闻网</title></head><body>
<div class="nav"><a>首页</a> | <a>学校概况</a> | <a>党建工作</a> | <a>综合新闻</a></div>
<h1>我校召开2023年度基层党组织书记抓党建工作述职评议会</h1>
<div class="info">来源:党委组织部 &nbsp; 作者:林一 &nbsp; 发布时间:2024-01-12 &nbsp; 点击:1024</div>
<p>1月11日下午,学校党委召开2023年度基层党组织书记抓党建工作述职评议会。党委书记何远主持会议。</p>
<p>会上,文学院党委、理学院党委、工学院党委、医学部党工委等4个二级党组织书记现场述职,其余21个二级党组织书记进行了书面述职。</p>
<p>校领导、各二级党组织书记、党代会代表对述职书记进行了民主测评,测评分为好、较好、一般、差四个等次。</p>
<p><img src="a.jpg"/></p><p>理学院党委书记王明述职</p>
<div class="footer">Copyright © 2024 青禾大学 版权所有 地址:江城市青禾路1号 电话:0000-1234567</div>
<div>上一篇:我校举行新年音乐会</div>
</body></html>"""
HTML_WANT = dict(
    institution="青禾大学",
    meeting_level="institution",
    appraisal_year=2023,
    meeting_date="2024-01-11",
    meeting_date_inferred=True,
    onsite_count=4,
    written_count=21,
    total_units=25,
    onsite_units=["文学院党委", "理学院党委", "工学院党委", "医学部党工委"],
    rating_scale=["好", "较好", "一般", "差"],
    rater_groups=["校领导", "各二级党组织书记", "党代会代表"],
    chair="何远",
    publication_date="2024-01-12",
)


def test_a_page_with_menus_captions_and_footer():
    out = x(html_to_text(HTML))
    assert {k: out[k] for k in HTML_WANT} == HTML_WANT


# ---------------------------------------------------------------- notices and a provincial summary, every field

N1 = """关于做好2024年度基层党组织书记抓党建工作述职评议考核的通知
各二级党组织:
根据上级要求,经学校党委研究,定于2025年1月15日(星期三)召开2024年度基层党组织书记抓党建工作述职评议考核会议。现将有关事项通知如下:
一、参加人员
校领导、各二级党组织书记、党代会代表。
二、述职安排
1.现场述职:文学院党委、理学院党委、工学院党委书记现场述职,每人不超过10分钟。
2.书面述职:其余18个二级党组织书记提交书面述职报告。
三、测评方式
测评分为A、B两类票。A票由校领导填写,权重为40%;B票由其他参会人员填写,权重为60%。
四、有关要求
各二级党组织于1月10日前将述职报告报送党委组织部。
中共青禾理工大学委员会组织部
2025年1月6日"""
N1W = dict(
    institution="青禾理工大学",
    meeting_level="institution",
    appraisal_year=2024,
    meeting_date="2025-01-15",
    meeting_date_inferred=False,
    onsite_count=3,
    written_count=18,
    total_units=21,
    onsite_units=["文学院党委", "理学院党委", "工学院党委"],
    ballot_weights={"A票": 0.4, "B票": 0.6},
    rater_groups=["校领导", "其他参会人员"],
    chair=None,
    publication_date="2025-01-06",
)
N2 = """关于召开党支部书记述职评议会的通知
各党支部:
学院党委定于1月9日下午2:30在学院会议室召开2024年度党支部书记述职评议会,请各党支部书记准备5分钟述职PPT,于1月7日前发送至学院党委邮箱。
学院党委
2025年1月3日"""
N2W = dict(
    meeting_level="secondary_unit",
    appraisal_year=2024,
    meeting_date="2025-01-09",
    meeting_date_inferred=True,
    onsite_count=None,
    publication_date="2025-01-03",
    institution=None,
)
P1 = """全省高校党委书记抓基层党建工作述职评议考核会议召开
3月5日,2023年度全省高校党委书记抓基层党建工作述职评议考核会议在北川召开。省委常委、组织部部长许江主持会议。
会上,北川大学等6所高校党委书记现场述职,其余41所高校党委书记进行了书面述职。省委教育工委、省教育厅有关负责同志,
各高校党委书记参加会议,并对现场述职的6位高校党委书记进行了现场测评。"""
P1W = dict(
    institution=None,
    meeting_level="province",
    appraisal_year=2023,
    meeting_date="2024-03-05",
    meeting_date_inferred=True,
    onsite_count=6,
    written_count=41,
    total_units=47,
    chair="许江",
)


@pytest.mark.parametrize(
    ("text", "want"), [(N1, N1W), (N2, N2W), (P1, P1W)], ids=["notice", "short-notice", "province"]
)
def test_notices_and_a_provincial_summary(text, want):
    out = x(text)
    assert {k: out[k] for k in want} == want


PROVINCE_WORDINGS = [
    (
        "2月27日,北川省委教育工委召开2023年度全省高校党委书记抓基层党建工作述职评议考核会议。"
        "全省52所普通高校党委书记参加述职评议,其中8所高校党委书记现场述职。",
        {
            "meeting_level": "province",
            "institution": None,
            "onsite_count": 8,
            "written_count": None,
            "total_units": 52,
        },
    ),
    (
        "2月27日,北川省委教育工委召开2023年度全省高校党委书记抓基层党建工作述职评议考核会议。"
        "会议采取现场述职和书面述职相结合的方式,北川大学等8所高校党委书记现场述职,其他高校党委书记书面述职。",
        {"onsite_count": 8, "written_count": None, "onsite_units": ["北川大学"]},
    ),
    (
        "2月27日,北川省委教育工委召开2023年度全省高校党委书记抓基层党建工作述职评议考核会议。"
        "各高校党委书记、分管组织工作的副书记,省委教育工委委员参加会议并进行了测评。",
        {"rater_groups": ["各高校党委书记", "分管组织工作的副书记", "省委教育工委委员"]},
    ),
    (
        "2月27日,2023年度全省高校党委书记抓基层党建述职评议会在江城召开。省委教育工委副书记、省教育厅厅长陶然主持会议。"
        "北川大学、北川医科大学、北川师范大学3所高校党委书记现场述职,其余高校党委书记书面述职。",
        {"chair": "陶然", "onsite_count": 3, "onsite_units": ["北川大学", "北川医科大学", "北川师范大学"]},
    ),
    ("会上,各党支部书记依次述职,与会人员进行了测评。", {"rater_groups": ["与会人员"]}),
]


@pytest.mark.parametrize(("text", "want"), PROVINCE_WORDINGS)
def test_provincial_wordings(text, want):
    out = x(text)
    assert {k: out[k] for k in want} == want


@pytest.mark.parametrize("tail", ["-青禾大学新闻网", "|青禾大学", "_青禾大学"])
def test_a_page_titles_tail_names_a_pronoun_convener(tail):
    page = (
        f"<html><head><title>我校召开2023年度基层党组织书记述职评议会{tail}</title></head>"
        "<body><p>1月9日,学校党委召开2023年度基层党组织书记述职评议会。</p></body></html>"
    )
    assert x(html_to_text(page))["institution"] == "青禾大学"


def test_a_notices_numbered_list_of_units_reporting_on_site():
    text = (
        "关于召开2024年度述职评议会的通知\n各二级党组织:\n现将有关事项通知如下:\n一、时间:2025年1月8日\n"
        "二、现场述职单位\n1.化学学院党委\n2.物理学院党委 李四\n3.数学学院党总支\n三、其他\n请准时参会。\n党委组织部\n2025年1月2日"
    )
    out = x(text)
    assert (out["onsite_count"], out["onsite_units"]) == (
        3,
        ["化学学院党委", "物理学院党委", "数学学院党总支"],
    )


def test_a_numbered_list_of_people_names_no_units():
    text = "关于召开2024年度述职评议会的通知\n二、述职顺序:\n1.王五\n2.赵六\n党委组织部\n2025年1月2日"
    out = x(text)
    assert (out["onsite_count"], out["onsite_units"]) == (None, None)


def test_every_field_stated_has_its_evidence():
    for text, _ in ITEMS + ITEMS_MORE + [(N1, None), (N2, None), (P1, None)]:
        out = x(text)
        assert all(out["evidence"].get(f) for f in out if f != "evidence" and out[f] is not None)
    out = x(
        "关于召开党支部书记述职评议会的通知\n各党支部:\n请各党支部书记准备述职材料。\n中共青禾师范学院委员会"
    )
    assert out["meeting_level"] == "institution" and out["evidence"]["meeting_level"]


HOSPITALS_AND_SCHOOLS = [
    (
        "1月9日,医院召开2023年度党支部书记抓基层党建工作述职评议会,19个党支部书记逐一述职。临床科室和医技科室的党员参加。",
        dict(meeting_level="hospital_internal", onsite_count=19),
    ),
    (
        "1月9日,院党委召开2023年度党支部书记述职评议会。内科、外科、儿科党支部书记依次述职,护理部主任等参加。",
        dict(meeting_level="hospital_internal"),
    ),
    (
        "1月9日,青禾县第一中学党委召开2023年度党支部书记述职评议会,5位党支部书记述职。",
        dict(meeting_level="non_university_org", institution="青禾县第一中学", onsite_count=5),
    ),
    (
        "1月9日,青禾区教育工委召开2023年度区属中小学党组织书记述职评议会,12位校长书记现场述职。",
        dict(meeting_level="non_university_org"),
    ),
    ("1月9日,青禾大学附属小学党支部召开述职评议会。", dict(meeting_level="non_university_org")),
    (
        "1月9日,全市卫生健康系统党组织书记述职评议会召开,市人民医院等15家医院党委书记现场述职。",
        dict(onsite_count=15),
    ),
]


@pytest.mark.parametrize(("text", "want"), HOSPITALS_AND_SCHOOLS)
def test_hospitals_and_schools(text, want):
    out = x(text)
    assert {k: out[k] for k in want} == want
