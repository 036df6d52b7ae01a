"""Issue #13, breadth (second part): counts, units, whole items and mixed wordings, on invented sentences
(fictional bodies and people, written for these tests). A field the text does not state must come back null."""

from __future__ import annotations

import pytest

from etl.articles import extract_article, html_to_text

MEETING = "召开2023年度党支部书记抓基层党建工作述职评议会。"


def x(text: str, **kw) -> dict:
    return extract_article(text, **kw)


# ---------------------------------------------------------------- counts: on site, in writing, in all

COUNTS = [
    ("会上,11位二级学院党总支书记依次进行了现场述职。", (11, None, None)),
    ("会上,六位党支部书记围绕年度重点任务逐一作了述职。", (6, None, None)),
    ("会上,两个党支部的书记作了现场汇报。", (2, None, None)),
    ("本次会议共有十二名党支部书记现场接受测评。", (12, None, None)),
    ("首轮现场述职对象为9位二级党组织书记。", (9, None, None)),
    ("会上,化学系党总支等5个二级党组织的书记作了现场述职发言。", (5, None, None)),
    ("会上,7名党总支书记作现场述职,其余15名党总支书记作书面述职。", (7, 15, 22)),
    ("会上,4位党支部书记现场述职,另有8位书记提交了书面述职报告。", (4, 8, 12)),
    ("学校对30个基层党组织进行了民主测评,其中8个党组织书记现场述职。", (8, None, 30)),
    ("全院所有党支部书记共9人参加述职,学院党委委员参加了会议。", (9, None, 9)),
    ("会上,各党支部书记逐一述职,共计十人。", (10, None, None)),
    ("会议听取了18所高校党委书记的述职发言。", (18, None, None)),
    ("学校共设置21个党支部。会上,5位党支部书记代表作了述职。", (5, None, None)),
    ("会上,党支部书记围绕八个方面向与会党员汇报了一年来的工作。", (None, None, None)),
    ("由8名委员和2名组织员组成的10个督导组认真听取了支部书记述职。", (None, None, None)),
    ("三个直属党支部只需要做党建工作述职,无需汇报网站建设情况。", (None, None, None)),
    ("28位学生党支部书记参与述职,学院团委书记出席。", (28, None, None)),
    ("25个基层党组织书记参加了述职评议。", (None, None, 25)),
    ("会上,档案馆党支部、后勤处党支部和图书馆党支部书记进行了现场述职。", (3, None, None)),
    ("会上,汽车系党支部、机械系党支部、材料系党支部等3个支部进行了现场述职。", (3, None, None)),
    ("会上,十个支部(四个教工支部和六个学生支部)的书记进行了现场述职。", (10, None, None)),
    ("会上,3名党总支书记和4名直属党支部书记依次述职。", (7, None, None)),
    ("会上,约20位书记进行了交流发言。", (None, None, None)),
    ("学院十余名党员代表参加了会议。", (None, None, None)),
    ("会议采取线上述职的方式,12位党支部书记通过网络述职。", (0, None, None)),  # all online: none on site
    ("会上,五名党支部书记进行口头述职,其余三名党支部书记进行书面述职。", (5, 3, 8)),
    ("每一位党支部书记述职后,党委书记都进行了点评。", (None, None, None)),
    ("会上,对全校26个二级党组织书记进行了民主测评。", (None, None, 26)),
    ("会上,6位党支部书记进行现场述职,14位党支部书记均进行了书面述职。", (6, 14, 14)),
    ("会上,依照“四个对照”的要求,党员逐一发言。", (None, None, None)),
    ("會上,8位黨支部書記依次進行了現場述職。", (8, None, None)),
    ("各支部书记将于1月20日前完成述职。", (None, None, None)),
]


@pytest.mark.parametrize(("text", "counts"), COUNTS)
def test_counts(text, counts):
    out = x(text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == counts


UNITS = [
    (
        "会上,“经典”党支部书记甲乙丙、“前沿”党支部书记丁戊己依次进行述职。",
        ["“经典”党支部", "“前沿”党支部"],
    ),
    (
        "随后,三位支部书记依次述职。教工第一党支部书记林一帆重点汇报了理论学习。"
        "教工第二党支部书记周若水介绍了课程思政。学生党支部书记韩小北分享了党员发展的做法。",
        ["教工第一党支部", "教工第二党支部", "学生党支部"],
    ),
    ("1月9日,医院组织召开2023年度党总支部、党支部书记述职评议会议。", None),
    (
        "会上,档案馆党支部、后勤处党支部和图书馆党支部书记进行了现场述职。",
        ["档案馆党支部", "后勤处党支部", "图书馆党支部"],
    ),
    ("他要求各支部书记本着实事求是的态度述职。随后,四位支部书记依次进行现场述职。", None),
]


@pytest.mark.parametrize(("text", "units"), UNITS)
def test_onsite_units(text, units):
    assert x(text)["onsite_units"] == units


def test_weights_of_ballots_named_with_long_lists_of_raters():
    text = "A票由党委委员填写,权重占60%;B票由各党总支(副)书记、直属党支部书记、党群部门负责人和兼职组织员填写,权重占40%。"
    assert x(text)["ballot_weights"] == {"A票": 0.6, "B票": 0.4}


# ---------------------------------------------------------------- a second round of wordings (same fields)

CHAIRS_MORE = [
    ("1月9日,青禾大学党委" + MEETING + "党委书记周九出席并主持会议。", "周九"),
    ("1月9日,青禾大学党委" + MEETING + "\n主持人:党委书记 何帆\n", "何帆"),
    ("1月9日,青禾大学党委" + MEETING + "会议由组织部部长主持。", None),
    ("1月9日,青禾大学党委" + MEETING + "会议由党委副书记、院长杨帆,党委副书记柳青共同主持。", "杨帆、柳青"),
    ("1月9日,青禾大学党委" + MEETING + "学院党委书记、院长刘一手主持会议。", "刘一手"),
    ("1月9日,青禾大学党委" + MEETING + "党委书记韩梅梅作总结讲话。会议由党委副书记李雷主持。", "李雷"),
    ("1月9日,青禾大学党委" + MEETING + "党委副书记郑一鸣主持会议并传达了上级精神。", "郑一鸣"),
    ("1月9日,青禾大学党委" + MEETING + "会议由党委书记、董事长吕方主持,全体班子成员参加。", "吕方"),
    ("1月9日,青禾大学党委" + MEETING + "党委常务副书记黄河主持会议。", "黄河"),
    ("1月9日,青禾大学党委" + MEETING + "会议由党委书记尹航主持并讲话。", "尹航"),
    ("1月9日,青禾大学党委" + MEETING + "校党委书记、校长欧阳修远主持会议。", "欧阳修远"),
]
DATES_MORE = [
    ("2024年元月10日,青禾大学党委召开2023年度基层党组织书记述职评议会。", ("2024-01-10", False)),
    ("1月10日—11日,青禾大学党委召开2023年度基层党组织书记述职评议会。", ("2024-01-10", True)),
    ("1月10日、11日,青禾大学党委召开2023年度基层党组织书记述职评议会。", ("2024-01-10", True)),
    ("12月下旬,青禾大学党委召开2023年度基层党组织书记述职评议会。", (None, None)),
    (
        "关于召开2024年度述职评议会的通知\n各党支部:\n现将有关事项通知如下:\n一、会议时间\n2025年1月8日下午2:30\n二、会议地点\n行政楼\n党委组织部\n2025年1月2日",
        ("2025-01-08", False),
    ),
    (
        "关于召开2024年度述职评议会的通知\n各党支部:\n现将有关事项通知如下:\n一、时间:1月8日(周三)14:30\n二、地点:行政楼\n党委组织部\n2025年1月2日",
        ("2025-01-08", True),
    ),
    ("2023年12月29日(周五)下午,青禾大学党委召开2023年度基层党组织书记述职评议会。", ("2023-12-29", False)),
    ("青禾大学党委于2024年1月10日召开了2023年度基层党组织书记述职评议会。", ("2024-01-10", False)),
    ("日前,青禾大学党委召开2023年度基层党组织书记述职评议会。", (None, None)),
    (
        "为落实2023年11月5日印发的工作方案,1月10日,青禾大学党委召开2023年度基层党组织书记述职评议会。",
        ("2024-01-10", True),
    ),
]
LEVELS_MORE = [
    ("1月9日,青禾大学研究生院党委" + MEETING, "secondary_unit"),
    ("1月9日,松岭区教育局党委召开2023年度全区中小学党组织书记述职评议会。", "non_university_org"),
    ("1月9日,北川省教育厅党组召开2023年度全省高校党委书记述职评议会。", "province"),
    ("1月9日,江城市委教育工委召开2023年度市属高校党委书记抓基层党建述职评议会。", "province"),
    ("1月9日,学校召开2023年度二级党组织书记抓党建述职评议会。", "institution"),
    ("1月9日,青禾大学党委召开2023年度附属医院党委书记述职评议会。", "institution"),
    ("1月9日,青禾大学经济管理学部党委" + MEETING, "secondary_unit"),
    ("1月9日,青禾大学继续教育学院党总支" + MEETING, "secondary_unit"),
    ("1月9日,青禾医科大学附属肿瘤医院党委召开2023年度党总支书记述职评议会。", "hospital_internal"),
    ("1月9日,青禾大学党委组织部召开2023年度二级党组织书记述职评议会。", "institution"),
]
INSTITUTIONS_MORE = [
    ("青禾大学\n新闻中心\n1月9日,我校召开2023年度基层党组织书记述职评议会。", "青禾大学"),
    ("1月9日,我校召开2023年度基层党组织书记述职评议会。\n来源:\n青禾大学组织部", "青禾大学"),
    ("1月9日,青禾大学党委组织部召开2023年度二级党组织书记述职评议会。", "青禾大学"),
    ("1月9日,青禾大学研究生院党委" + MEETING, "青禾大学"),
    ("1月9日,松岭区教育局党委召开2023年度全区中小学党组织书记述职评议会。", "松岭区教育局"),
]
RATERS_MORE = [
    ("会上,与会人员填写了测评表。", ["与会人员"]),
    ("参会人员通过无记名投票方式对述职人进行了测评。", ["参会人员"]),
    ("会上,全体参会人员对述职书记进行了测评打分。", ["参会人员"]),
    (
        "由学校领导、组织部负责人和教师代表组成的评议组对各位书记进行了测评。",
        ["学校领导", "组织部负责人", "教师代表"],
    ),
    ("会议采用无记名方式,由与会人员进行民主测评。", ["与会人员"]),
    ("述职结束后,现场进行了民主测评。", None),
    ("校领导、各二级党组织书记、党代会代表对述职进行了测评。", ["校领导", "各二级党组织书记", "党代会代表"]),
    ("评委会成员对述职情况进行了打分。", ["评委会成员"]),
    ("述职完毕,党委委员和党员代表分别对五位书记进行了测评。", ["党委委员", "党员代表"]),
    (
        "会上,参加会议的党委委员、支部委员和党员代表,按照测评办法对述职同志进行了测评。",
        ["党委委员", "支部委员", "党员代表"],
    ),
    ("会议还组织与会人员对党支部书记进行了民主评议。", ["与会人员"]),
    ("最后,学院党政领导和教工代表对5位书记的述职进行了满意度测评。", ["学院党政领导", "教工代表"]),
]


@pytest.mark.parametrize(("text", "chair"), CHAIRS_MORE)
def test_chair_more(text, chair):
    assert x(text)["chair"] == chair


@pytest.mark.parametrize(("text", "date"), DATES_MORE)
def test_meeting_date_more(text, date):
    out = x(text)
    assert (out["meeting_date"], out["meeting_date_inferred"]) == date


@pytest.mark.parametrize(("text", "level"), LEVELS_MORE)
def test_meeting_level_more(text, level):
    assert x(text)["meeting_level"] == level


@pytest.mark.parametrize(("text", "institution"), INSTITUTIONS_MORE)
def test_institution_more(text, institution):
    assert x(text)["institution"] == institution


@pytest.mark.parametrize(("text", "raters"), RATERS_MORE)
def test_rater_groups_more(text, raters):
    assert x(text)["rater_groups"] == raters


COUNTS_MORE = [
    # traps: attendees, view counters, session numbers, aspects, plans; counts after their noun; totals
    (
        "1月9日,青禾大学党委召开2023年度基层党组织书记述职评议会,共52人参加会议。会上,9位党委书记作了现场述职。\n阅读量:14231",
        (9, None, None),
    ),
    ("1月9日,学院召开第26次党支部书记述职评议会。各支部书记从六个方面汇报了工作。", (None, None, None)),
    ("会上,12名党支部书记述职,围绕2024年度工作重点谈了三点打算。", (12, None, None)),
    ("会议应到60人,实到58人。会上,7位书记现场述职。", (7, None, None)),
    ("学院现有党员320名,下设15个党支部。会上,15个党支部书记逐一述职。", (15, None, 15)),
    (
        "学校党委所属28个二级党组织书记全部参加述职评议,其中10名书记现场述职,其余18名书记书面述职。",
        (10, 18, 28),
    ),
    ("会上,来自4个学院的6位党支部书记进行了现场述职。", (6, None, None)),
    ("会上,党支部书记代表6人作了现场述职。", (6, None, None)),
    ("会上,现场述职的党支部书记共5名,其余党支部书记提交了书面述职报告。", (5, None, None)),
    (
        "本次述职评议采取现场述职与书面述职相结合的方式。现场述职的有8个党总支,书面述职的有14个党支部。",
        (8, 14, 22),
    ),
    ("会上,9位二级党组织书记作现场述职,其他二级党组织书记作书面述职。", (9, None, None)),
    ("此次评议共涉及32个基层党组织。会上,12个基层党组织书记进行了现场述职。", (12, None, 32)),
    ("会上,共有13位党支部书记进行了述职。", (13, None, None)),
    ("会议听取了学院5个党支部书记的述职报告。", (5, None, None)),
    ("会上,化学系党支部书记张某等4位同志作了述职。", (4, None, None)),
    ("会上,6名党支部书记依次上台述职,每人述职时间不超过8分钟。", (6, None, None)),
    ("会上,10位书记作了述职,2位书记因公出差提交书面报告。", (10, 2, 12)),
    ("会上,学院8个党支部的书记逐一汇报了一年来的工作。", (8, None, None)),
    ("会议对全院17个党支部书记抓党建工作情况进行了评议。", (None, None, 17)),
    ("会上,3位党总支书记和5位直属党支部书记作了现场述职,其余21位书记进行了书面述职。", (8, 21, 29)),
    ("今年共有40名党支部书记参加述职评议考核。会上,12名书记代表现场述职。", (12, None, 40)),
    ("会上,七位书记作现场述职,另外九位作书面述职。", (7, 9, 16)),
    ("述职评议会上,二级学院党总支书记11人进行了现场述职。", (11, None, None)),
]


@pytest.mark.parametrize(("text", "counts"), COUNTS_MORE)
def test_counts_more(text, counts):
    out = x(text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == counts


@pytest.mark.parametrize(
    ("text", "year"),
    [
        (
            "关于开展述职评议的通知\n发布时间:2023-12-15\n各二级党组织书记须围绕本年度党建重点任务完成情况撰写述职报告。",
            2023,
        ),
        (
            "关于开展述职评议的通知\n发布时间:2024-01-08\n各党支部书记须总结本年度支部工作,参加述职评议。",
            2023,
        ),
        ("关于开展述职评议的通知\n各党支部书记须总结本年度支部工作,参加述职评议。", None),
        ("1月9日,青禾大学党委召开2023年度述职评议会,书记们总结了本年度的工作。", 2023),
    ],
)
def test_this_year_read_from_the_publication_date(text, year):
    assert x(text)["appraisal_year"] == year


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


# ---------------------------------------------------------------- a third round: names holding 会/校/部, 由…进行, headings

MIXED = [
    ("chair", "1月9日,青禾大学党委" + MEETING + "王大明主持会议。", "王大明"),
    ("chair", "1月9日,青禾大学党委" + MEETING + "会议由杨柳同志主持。", "杨柳"),
    ("chair", "1月9日,青禾大学党委" + MEETING + "会议由党委书记李会英主持。", "李会英"),
    ("chair", "1月9日,青禾大学党委" + MEETING + "会议由党委书记张校华主持。", "张校华"),
    ("chair", "1月9日,青禾大学党委" + MEETING + "会议由党委副书记、院长邓部生主持。", "邓部生"),
    (
        "chair",
        "1月9日,青禾大学党委"
        + MEETING
        + "学校党委书记卢山,党委副书记、校长孔雀出席会议。党委副书记乔木主持会议。",
        "乔木",
    ),
    ("chair", "1月9日,青禾大学党委" + MEETING + "会议由党委组织部负责人主持。", None),
    ("chair", "1月9日,青禾大学党委" + MEETING + "会议由学校领导主持。", None),
    ("chair", "1月9日,青禾大学党委" + MEETING + "会议由校办主持。", None),
    ("chair", "1月9日,我院" + MEETING + "由党委委员、总会计师、工会主席米兰主持会议。", "米兰"),
    (
        "date",
        "发布时间:2024年01月10日 10:23\n1月9日,青禾大学党委召开党支部书记述职评议会。",
        ("2024-01-09", True),
    ),
    ("date", "2024年01月09日,青禾大学党委召开2023年度党支部书记述职评议会。", ("2024-01-09", False)),
    ("level", "1月9日,青禾职业技术学院机电系党总支" + MEETING, "secondary_unit"),
    ("inst", "1月9日,青禾职业技术学院机电系党总支" + MEETING, "青禾职业技术学院"),
    ("inst", "1月9日,北川省人民医院党委" + MEETING, "北川省人民医院"),
    ("level", "1月9日,松岭县人民医院党委" + MEETING, "hospital_internal"),
    ("inst", "1月9日,市第一人民医院党委" + MEETING, None),
    ("level", "1月9日,青禾大学召开2023年度二级党组织书记抓党建述职评议会。", "institution"),
    ("inst", "1月9日,青禾大学召开2023年度二级党组织书记抓党建述职评议会。", "青禾大学"),
    ("raters", "现场测评由与会人员进行。", ["与会人员"]),
    ("raters", "会上,与会党员对支部书记进行了民主测评。", ["与会党员"]),
    ("raters", "评议组成员对照考核标准对述职情况进行了打分。", ["评议组成员"]),
    ("raters", "由全体党员对支部书记进行测评。", ["全体党员"]),
    ("raters", "全体党员和群众代表参与了测评。", ["全体党员", "群众代表"]),
    ("raters", "参加测评的人员有党委委员、党支部委员和党员代表。", ["党委委员", "党支部委员", "党员代表"]),
    ("raters", "会上,党委班子成员现场对述职书记进行了评价。", ["党委班子成员"]),
    ("counts", "会上,机械系党支部等12个党支部书记进行了述职。", (12, None, None)),
    ("counts", "会上,各党支部书记依次述职。", (None, None, None)),
    ("counts", "12个党支部书记参加述职,学院领导班子成员出席。", (12, None, None)),
    ("counts", "会上,学校17个二级党组织书记逐一述职。", (17, None, None)),
    ("counts", "述职评议会上,9名党总支书记作了现场述职,其他13名书记的述职报告在会前印发。", (9, None, None)),
]


def _field(out: dict, kind: str):
    return {
        "chair": out["chair"],
        "level": out["meeting_level"],
        "inst": out["institution"],
        "raters": out["rater_groups"],
        "date": (out["meeting_date"], out["meeting_date_inferred"]),
        "counts": (out["onsite_count"], out["written_count"], out["total_units"]),
    }[kind]


@pytest.mark.parametrize(("kind", "text", "want"), MIXED)
def test_mixed_wordings(kind, text, want):
    assert _field(x(text), kind) == want


MIXED_MORE = [
    ("counts", "会上,化学党支部书记王一,物理党支部书记李二,数学党支部书记张三依次述职。", (3, None, None)),
    (
        "units",
        "会上,化学党支部书记王一,物理党支部书记李二,数学党支部书记张三依次述职。",
        ["化学党支部", "物理党支部", "数学党支部"],
    ),
    ("counts", "会上,12家单位的党组织书记进行了现场述职。", (12, None, None)),
    (
        "level",
        "1月9日,青禾大学党委召开2023年度二级党组织书记述职评议会,省委教育工委副书记林海到会指导。",
        "institution",
    ),
    ("chair", "1月9日,青禾大学党委" + MEETING + "会议由党委书记王(wáng)明(míng)主持。", "王明"),
    ("counts", "会上,12位党支部书记进行了现场述职,并接受了现场测评。", (12, None, None)),
    (
        "counts",
        "会上,9个党支部书记作了述职,学院党委书记逐一点评。测评结果将作为年度考核的重要依据。",
        (9, None, None),
    ),
    ("raters", "述职结束后,与会人员对9位书记进行了民主测评,测评结果将纳入年度考核。", ["与会人员"]),
    ("raters", "会上,学院党委书记对每位书记的述职进行了点评。", None),
    ("chair", "1月9日,青禾大学党委" + MEETING + "学院党委书记王峰对述职进行点评。", None),
    ("date", "青禾大学党委于2024年1月9日召开2023年度述职评议会,会期一天。", ("2024-01-09", False)),
    ("date", "2024年1月9日上午9:00,青禾大学党委召开2023年度述职评议会。", ("2024-01-09", False)),
    ("inst", "1月9日,中国青禾大学党委召开2023年度二级党组织书记述职评议会。", "中国青禾大学"),
    ("level", "1月9日,青禾大学附属医院党委召开2023年度党总支、党支部书记述职评议会。", "hospital_internal"),
    ("inst", "1月9日,中共青禾大学委员会召开2023年度二级党组织书记述职评议会。", "青禾大学"),
    ("level", "1月9日,中共青禾大学委员会召开2023年度二级党组织书记述职评议会。", "institution"),
    ("inst", "1月9日,中共松岭学院委员会召开2023年度二级党组织书记述职评议会。", "松岭学院"),
]


@pytest.mark.parametrize(("kind", "text", "want"), MIXED_MORE)
def test_mixed_wordings_more(kind, text, want):
    out = x(text)
    assert (out["onsite_units"] if kind == "units" else _field(out, kind)) == want


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


# ---------------------------------------------------------------- lists of units reporting on site, and their count

UNIT_LISTS = [
    (
        "会上,化学学院党委书记张三、物理学院党委书记李四、数学学院党总支书记王五分别作了述职。",
        3,
        ["化学学院党委", "物理学院党委", "数学学院党总支"],
    ),
    (
        "会上,来自化学学院、物理学院、数学学院的3位党委书记进行了现场述职。",
        3,
        ["化学学院", "物理学院", "数学学院"],
    ),
    (
        "现场述职的单位为:化学学院党委、物理学院党委、数学学院党总支。",
        3,
        ["化学学院党委", "物理学院党委", "数学学院党总支"],
    ),
    (
        "会上,化学学院党委、物理学院党委和数学学院党总支3个二级党组织的书记进行了现场述职。",
        3,
        ["化学学院党委", "物理学院党委", "数学学院党总支"],
    ),
    ("其中,化学学院党委、物理学院党委书记进行了现场述职。", 2, ["化学学院党委", "物理学院党委"]),
    (
        "会上,按照抽签顺序,化学学院党委、物理学院党委、数学学院党总支书记依次现场述职。",
        3,
        ["化学学院党委", "物理学院党委", "数学学院党总支"],
    ),
    (
        "会上,化学学院、物理学院、数学学院等3个学院党委书记作了现场述职。",
        3,
        ["化学学院", "物理学院", "数学学院"],
    ),
    (
        "會上,化學學院黨委、物理學院黨委等2個二級黨組織書記進行了現場述職。",
        2,
        ["化學學院黨委", "物理學院黨委"],
    ),
    (
        "会上,第一党支部、第二党支部、第三党支部书记分别进行了现场述职,其余4个党支部书记书面述职。",
        3,
        ["第一党支部", "第二党支部", "第三党支部"],
    ),
]


@pytest.mark.parametrize(("text", "count", "units"), UNIT_LISTS)
def test_unit_lists(text, count, units):
    out = x(text)
    assert (out["onsite_count"], out["onsite_units"]) == (count, units)
