"""Issue #13, session 12: the extractor reads a page the same way whatever the page's furniture and typography
(invented sentences with fictional bodies and people; the corpus check reads ../shared and skips where absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.articles import extract_article

BODY = (
    "12月20日,青禾市税务局召开2023年度党支部书记述职评议会,6名支部书记现场述职,其余2名书面述职。\n"
    "会议由党委书记程远主持。\n"
    "参会人员以好、较好、一般、差四个等次进行了民主测评。"
)


@pytest.mark.parametrize("toolbar", ["打印本页", "关闭窗口", "打印本页 关闭窗口", "相关链接"])
def test_a_toolbar_above_the_article_is_not_its_end(toolbar):
    got = extract_article(f"青禾市税务局召开党支部书记述职评议会\n{toolbar}\n{BODY}")
    assert (got["onsite_count"], got["written_count"], got["chair"]) == (6, 2, "程远")


def test_navigation_after_the_article_still_ends_it():
    # the next item's count, after 相关新闻, is not this meeting's
    got = extract_article(
        BODY + "\n相关新闻\n青禾市财政局召开述职评议会,9名支部书记现场述职,其余5名书面述职。"
    )
    assert (got["onsite_count"], got["written_count"]) == (6, 2)


def _wrap(text: str, width: int = 33) -> str:
    """The text as a PDF or a fax would give it: every line cut at a fixed width."""
    return "\n".join(
        "\n".join(line[i : i + width] for i in range(0, max(len(line), 1), width))
        for line in text.split("\n")
    )


LONG = (
    "青禾市税务局召开2023年度党支部书记抓基层党建工作述职评议会\n"
    "12月20日下午,青禾市税务局在机关三楼会议室召开2023年度党支部书记抓基层党建工作述职评议会,局领导班子成员、"
    "机关各处室负责人和党员代表参加会议,会议由局党委书记程远主持。\n"
    "会上,第一党支部、第二党支部、第三党支部、离退休干部党支部等4个党支部的书记依次进行了现场述职,"
    "其余5个党支部书记提交了书面述职报告。\n"
    "述职结束后,参会人员按照好、较好、一般、差四个等次对9个党支部书记抓党建工作情况进行了民主测评。\n"
    "程远在总结讲话中指出,各党支部要把党建工作与业务工作同谋划、同部署、同落实,切实把述职评议中查找出来的问题"
    "整改到位,推动全局基层党建工作质量全面提升。"
)


@pytest.mark.parametrize("width", [22, 33, 40])
def test_text_cut_at_a_fixed_width_reads_as_its_paragraphs(width):
    want = extract_article(LONG)
    assert (want["onsite_count"], want["written_count"], want["total_units"]) == (4, 5, 9)
    got = extract_article(_wrap(LONG, width))
    keys = ("institution", "meeting_level", "meeting_date", "onsite_count", "written_count", "total_units")
    keys += ("onsite_units", "rating_scale", "rater_groups", "chair")
    assert {k: got[k] for k in keys} == {k: want[k] for k in keys}


def test_paragraphs_are_not_joined():
    # lines that are paragraphs (each ends its sentence) stay apart, however long
    from etl.articles.text import unwrap

    assert unwrap(LONG) == LONG
    short = "通知\n各党支部:\n定于12月20日召开述职评议会。\n青禾市税务局党委\n2023年12月15日"
    assert unwrap(short) == short


SHARED = Path(__file__).resolve().parents[3] / "shared"
FIELDS = ("institution", "meeting_level", "appraisal_year", "meeting_date", "onsite_count", "written_count")
FIELDS += ("total_units", "onsite_units", "rating_scale", "rater_groups", "chair")


def _shared_items() -> list[tuple[str, str]]:
    items = []
    for name in ("articles", "articles_more", "seeds"):
        labels = SHARED / ("seeds" if name == "seeds" else f"corpus/{name}") / "labels.json"
        if labels.is_file():
            for item in json.loads(labels.read_text(encoding="utf-8")):
                path = labels.parent / item["file"]
                if path.is_file():
                    items.append((item["file"], path.read_text(encoding="utf-8")))
    return items


@pytest.mark.skipif(not (SHARED / "corpus" / "articles").is_dir(), reason="no ../shared corpus here")
def test_real_items_read_alike_whatever_the_pages_furniture():
    """On every real item of ../shared: a toolbar line above the page and full-width punctuation change nothing;
    the text cut at a fixed width changes at most one item in ten."""
    items = _shared_items()
    assert len(items) >= 30
    wrapped_changed = []
    for name, text in items:
        want = {k: extract_article(text)[k] for k in FIELDS}
        toolbar = extract_article("打印本页 关闭窗口\n" + text)
        assert {k: toolbar[k] for k in FIELDS} == want, name
        wide = text.replace(",", "，").replace(";", "；").replace("(", "（").replace(")", "）")
        assert {k: extract_article(wide)[k] for k in FIELDS} == want, name
        if {k: extract_article(_wrap(text))[k] for k in FIELDS} != want:
            wrapped_changed.append(name)
    assert len(wrapped_changed) * 10 <= len(items), wrapped_changed


# ---------------------------------------------------------------- who convened, however the sentence puts it

# (as written before the committee, the committee as written, level, institution)
BODIES = [
    ("青禾大学", "青禾大学党委", "institution", "青禾大学"),
    ("青禾大学机械工程学院", "青禾大学机械工程学院党委", "secondary_unit", "青禾大学"),
    ("青禾大学图书馆", "青禾大学图书馆党总支", "secondary_unit", "青禾大学"),
    ("青禾大学附属医院", "青禾大学附属医院党委", "hospital_internal", "青禾大学附属医院"),
    (
        "青禾医科大学第二附属医院",
        "青禾医科大学第二附属医院党委",
        "hospital_internal",
        "青禾医科大学第二附属医院",
    ),
    ("青禾市第一人民医院", "青禾市第一人民医院党委", "hospital_internal", "青禾市第一人民医院"),
    ("青禾中医药大学", "青禾中医药大学党委", "institution", "青禾中医药大学"),
    ("青禾职业技术学院", "青禾职业技术学院党委", "institution", "青禾职业技术学院"),
    ("青禾高等专科学校", "青禾高等专科学校党委", "institution", "青禾高等专科学校"),
    ("青禾市税务局", "青禾市税务局党委", "non_university_org", "青禾市税务局"),
    ("青禾县教育局", "青禾县教育局党委", "non_university_org", "青禾县教育局"),
    ("青禾县青山镇", "青禾县青山镇党委", "non_university_org", "青禾县青山镇"),
    ("青禾市疾病预防控制中心", "青禾市疾病预防控制中心党委", "non_university_org", "青禾市疾病预防控制中心"),
    ("青禾港务集团", "青禾港务集团党委", "non_university_org", "青禾港务集团"),
    ("青禾能源集团有限公司", "青禾能源集团有限公司党委", "non_university_org", "青禾能源集团有限公司"),
    ("青禾县人民法院", "青禾县人民法院党组", "non_university_org", "青禾县人民法院"),
]
MEETING = "2023年度党支部书记抓基层党建工作述职评议会"
SIX = "会上,6名党支部书记现场述职。"
FORMS = [
    "12月20日,{c}召开" + MEETING + "。" + SIX,
    "12月20日,{c}组织召开" + MEETING + "。" + SIX,
    "{c}于12月20日召开" + MEETING + "。" + SIX,
    "12月20日,{c}" + MEETING + "在三楼会议室召开。" + SIX,
    "12月20日,{c}举行" + MEETING + "。" + SIX,
    "12月20日,{c}开展2023年度党支部书记抓基层党建工作述职评议。" + SIX,
    "近日,{c}召开" + MEETING + ",6名党支部书记现场述职。",
    "12月20日下午,在{b}召开的" + MEETING + "上,6名党支部书记现场述职。",
    "{b}召开2023年度党支部书记述职评议会\n12月20日,{c}召开" + MEETING + "。" + SIX,
    "{b}召开2023年度党支部书记述职评议会\n12月20日,我单位召开" + MEETING + "。" + SIX,
    "12月20日," + MEETING + "召开。" + SIX + "\n{c}\n2023年12月21日",
    "为推进基层党建工作,12月20日,{c}召开" + MEETING + "。" + SIX,
    "12月20日,中共{c}召开" + MEETING + "。" + SIX,
    "12月20日上午,{c}在三楼会议室召开" + MEETING + ",会上,6名党支部书记现场述职。",
    "{b}党支部书记述职评议会召开\n12月20日," + MEETING + "召开。" + SIX,
    "12月20日,{c}召开2023年度党支部书记述职评议暨党建工作总结会。" + SIX,
    "12月20日,{c}“双述双评”会议召开。" + SIX,
    "关于召开2023年度党支部书记述职评议会的通知\n各党支部:\n经研究,定于2023年12月20日召开党支部书记述职评议会。"
    "6名党支部书记现场述职。\n{c}\n2023年12月15日",
]


@pytest.mark.parametrize("form", range(len(FORMS)))
def test_who_convened_however_the_text_puts_it(form):
    """Every kind of body in every way a text names who convened: the same level, institution and count."""
    wrong = []
    for before, committee, level, institution in BODIES:
        got = extract_article(FORMS[form].format(b=before, c=committee))
        if (got["institution"], got["meeting_level"], got["onsite_count"]) != (institution, level, 6):
            wrong.append((before, got["institution"], got["meeting_level"], got["onsite_count"]))
    assert not wrong


# ---------------------------------------------------------------- counts, however the sentence puts them

ONSITE = [
    "会上,{n}{c}{np}进行了现场述职",
    "会上,{n}{c}{np}作现场述职",
    "{n}{c}{np}现场述职",
    "会上,{n}{c}{np}依次进行了述职",
    "{n}{c}{np}逐一上台述职",
    "现场述职的有{n}{c}{np}",
    "{np}现场述职{n}人",
    "会上,共有{n}{c}{np}现场汇报了一年来的党建工作",
    "会议听取了{n}{c}{np}的现场述职",
    "{n}{c}{np}分别作了口头述职",
    "首先,{n}{c}{np}结合PPT逐一进行现场述职",
]
WRITTEN = [
    "其余{m}{c}{np}进行书面述职",
    "其他{m}{c}{np}提交了书面述职报告",
    "另有{m}{c}{np}书面述职",
    "{m}{c}{np}以书面形式述职",
]
NOUNS = [
    ("名", "党支部书记"),
    ("位", "二级党组织书记"),
    ("个", "党支部书记"),
    ("名", "基层党组织书记"),
    ("名", "党总支书记"),
]
CN = dict(enumerate("零一二三四五六七八九"))


def _cn(n: int) -> str:
    return (
        ("十" + (CN[n - 10] if n > 10 else ""))
        if n < 20
        else CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    )


@pytest.mark.parametrize("onsite", range(len(ONSITE)))
@pytest.mark.parametrize("numerals", ["digits", "chinese"])
def test_counts_however_the_text_puts_them(onsite, numerals):
    head = "12月20日,青禾大学党委召开2023年度基层党组织书记抓党建工作述职评议会。"
    wrong = []
    for k, (written, (c, np)) in enumerate((w, n) for w in [None, *WRITTEN] for n in NOUNS):
        n, m = 11 + k % 7, 12 + k % 9
        f = str if numerals == "digits" else _cn
        text = head + ONSITE[onsite].format(n=f(n), c=c, np=np) + "。"
        if written:
            text += written.format(m=f(m), c=c, np=np) + "。"
        got = extract_article(text)
        want = (n, m, n + m) if written else (n, None, None)
        if (got["onsite_count"], got["written_count"], got["total_units"]) != want:
            wrong.append((text[len(head) :], got["onsite_count"], got["written_count"], got["total_units"]))
    assert not wrong


# ---------------------------------------------------------------- who rated, however the sentence puts it

RATERS = [
    ["与会人员"],
    ["参会人员"],
    ["校领导", "中层干部代表", "师生代表"],
    ["党委委员", "党员代表"],
    ["全体校领导", "各职能部门负责人"],
]
RATER_FORMS = [
    "{g}对述职人员进行了民主测评。",
    "{g}现场进行了民主测评。",
    "述职结束后,{g}对8名书记抓党建工作情况进行了民主测评。",
    "{g}按照好、较好、一般、差四个等次进行了测评。",
    "{g}以无记名投票方式进行了测评。",
    "随后,{g}填写了测评表。",
    "{g}对各基层党组织书记履职情况进行了现场评议打分。",
    "会议组织{g}进行了民主测评。",
    "由{g}对述职情况进行测评。",
    "{g}参与了测评。",
    "{g}作为评委对述职情况进行打分。",
    "{g}对述职进行了满意度测评。",
]


@pytest.mark.parametrize("form", range(len(RATER_FORMS)))
def test_who_rated_however_the_text_puts_it(form):
    head = "12月20日,青禾大学党委召开2023年度基层党组织书记抓党建工作述职评议会。会上,8名二级党组织书记现场述职。"
    wrong = []
    for groups in RATERS:
        named = groups[0] if len(groups) == 1 else "、".join(groups[:-1]) + "和" + groups[-1]
        got = extract_article(head + RATER_FORMS[form].format(g=named))["rater_groups"]
        if got != groups:
            wrong.append((named, got))
    assert not wrong


# ---------------------------------------------------------------- units listed, counted or not; totals; modes

_H = "12月20日,青禾大学机械学院党委召开2023年度党支部书记抓基层党建工作述职评议会。"
_U3 = ["教工第一党支部", "教工第二党支部", "研究生党支部"]
_U4 = ["机关党支部", "离退休党支部", "实验中心党支部", "学生第一党支部"]
_PROVINCE = "12月20日,江淮省委教育工委召开全省高校党委书记抓基层党建工作述职评议会"
LISTS = [  # text, on site, in writing, in all, units on site
    (_H + "会上," + "、".join(_U3) + "3个支部的书记进行了现场述职。", 3, None, None, _U3),
    (_H + "会上," + "、".join(_U3) + "的书记进行了现场述职。", 3, None, None, _U3),
    (_H + "会上," + "、".join(_U3[:2]) + "和" + _U3[2] + "的书记进行了现场述职。", 3, None, None, _U3),
    (_H + "会上," + "、".join(_U3) + "等3个党支部书记作了现场述职发言。", 3, None, None, _U3),
    (_H + "会上," + "、".join(_U4) + "4个党支部书记依次现场述职,其余5个党支部书记书面述职。", 4, 5, 9, _U4),
    (_H + "、".join(_U4) + "书记现场述职,其余5个党支部书记提交了书面述职报告。", 4, 5, 9, _U4),
    (_H + "会上," + "、".join(_U4) + "书记分别围绕支部建设进行述职。", 4, None, None, _U4),
    (
        _H
        + "会上,"
        + "、".join(f"{u}书记{p}" for u, p in zip(_U4, ["程远", "林一", "许安", "叶青"], strict=True))
        + "依次述职。",
        4,
        None,
        None,
        _U4,
    ),
    (_H + "会上,十一个支部(五个教师党支部和六个学生支部)的书记进行了现场述职。", 11, None, None, None),
    (_H + "首轮现场述职对象为11位党支部书记。", 11, None, None, None),
    (_H + "会上,共11位党支部书记现场汇报了支部工作。", 11, None, None, None),
    (_H + "会上,6名党支部书记现场接受测评。", 6, None, None, None),
    (_H + "会上,6名党支部书记口头述职。", 6, None, None, None),
    (_H + "6名党支部书记现场述职,与会人员对28个党支部进行了民主测评。", 6, None, 28, None),
    (_H + "学院共设置21个党支部。会上,6名党支部书记现场述职。", 6, None, None, None),
    (_H + "6名党支部书记现场述职,其余15名党支部书记进行书面述职。", 6, 15, 21, None),
    (_H + "本次述职评议共有21个党支部参加,其中6个党支部书记现场述职,15个书面述职。", 6, 15, 21, None),
    (_H + "全院21个党支部书记均参加述职评议,其中6名现场述职。", 6, None, 21, None),
    (_H + "21个党支部书记全部提交了书面述职报告,其中6名作现场述职。", 6, 21, 21, None),
    (_PROVINCE + "。20所高校党委书记现场述职,其余62所高校党委书记书面述职。", 20, 62, 82, None),
    (_PROVINCE + ",对全省82所高校党委书记进行了评议,其中20所高校现场述职。", 20, None, 82, None),
]


@pytest.mark.parametrize("case", range(len(LISTS)))
def test_units_listed_counted_and_totals(case):
    text, onsite, written, total, units = LISTS[case]
    got = extract_article(text)
    assert (got["onsite_count"], got["written_count"], got["total_units"], got["onsite_units"]) == (
        onsite,
        written,
        total,
        units,
    )


# ---------------------------------------------------------------- notices: 时间 line, signature, document date

SIGNERS = [
    ("中共青禾大学委员会组织部", "青禾大学", "institution"),
    ("青禾大学党委组织部", "青禾大学", "institution"),
    ("中共青禾市税务局委员会", "青禾市税务局", "non_university_org"),
    ("青禾职业技术学院党委", "青禾职业技术学院", "institution"),
    ("青禾大学附属医院党委", "青禾大学附属医院", "hospital_internal"),
    ("青禾大学机械工程学院党委", "青禾大学", "secondary_unit"),
]
NOTICES = [  # text (signer as {s}), on site, in writing, in all
    (
        "关于召开2023年度基层党组织书记抓党建工作述职评议会的通知\n各基层党组织:\n经研究,决定召开2023年度基层党组织书记"
        "抓党建工作述职评议会,现将有关事项通知如下:\n一、时间:2024年1月10日(星期三)上午9:00\n二、地点:行政楼301会议室\n"
        "三、参会人员:全体党委委员、各基层党组织书记\n四、述职安排:8名基层党组织书记现场述职,其余12名书面述职。\n{s}\n2024年1月5日",
        8,
        12,
        20,
    ),
    (
        "关于开展2023年度党支部书记述职评议考核工作的通知\n各党支部:\n根据上级要求,现就开展2023年度党支部书记述职评议考核工作"
        "通知如下。\n一、述职时间\n2024年1月10日下午\n二、述职方式\n6名党支部书记现场述职,其余党支部书记书面述职。\n{s}\n2024年1月5日",
        6,
        None,
        None,
    ),
    (
        "关于召开2023年度基层党组织书记述职评议会的通知\n各基层党组织:\n定于2024年1月10日召开2023年度基层党组织书记述职评议会。"
        "8名基层党组织书记现场述职。\n特此通知。\n{s}\n2024年1月5日",
        8,
        None,
        None,
    ),
]


@pytest.mark.parametrize("notice", range(len(NOTICES)))
def test_a_notice_read_whoever_signs_it(notice):
    text, onsite, written, total = NOTICES[notice]
    wrong = []
    for signer, institution, level in SIGNERS:
        got = extract_article(text.format(s=signer))
        want = (institution, level, "2024-01-10", "2024-01-05", 2023, onsite, written, total)
        have = (got["institution"], got["meeting_level"], got["meeting_date"], got["publication_date"])
        have += (got["appraisal_year"], got["onsite_count"], got["written_count"], got["total_units"])
        if have != want:
            wrong.append((signer, have))
    assert not wrong


# ---------------------------------------------------------------- a body speaking of itself, named where the page credits it

PRONOUNS = [  # name, how it speaks of itself, level, the credit forms a page of its kind has
    ("青禾大学", "学校党委", "institution", range(8)),
    ("青禾大学", "我校", "institution", range(8)),
    ("青禾理工学院", "学院党委", "institution", range(8)),
    ("青禾市第一人民医院", "医院党委", "hospital_internal", range(8)),
    ("青禾市第一人民医院", "我院", "hospital_internal", range(8)),
    ("青禾市税务局", "我局", "non_university_org", (0, 1, 2, 4, 5, 6)),  # no 新闻网, no breadcrumb read
    ("青禾港务集团", "公司党委", "non_university_org", (0, 1, 2, 4, 5, 6)),
]
_REST = "12月20日,{p}召开2023年度基层党组织书记抓党建工作述职评议会。会上,8名党组织书记现场述职。"
CREDITS = [
    "{n}召开2023年度基层党组织书记述职评议会\n" + _REST,
    "来源:{n}  发布时间:2023-12-21\n" + _REST,
    _REST + "\n来源:{n}",
    "{n}新闻网讯 " + _REST,
    _REST + "\n版权所有 © 2023 {n}",
    "【{n}】" + _REST,
    "发布单位:{n}\n" + _REST,
    "首页 > {n} > 新闻动态\n" + _REST,
]


@pytest.mark.parametrize("body", range(len(PRONOUNS)))
def test_a_body_speaking_of_itself_is_named_where_the_page_credits_it(body):
    name, pronoun, level, forms = PRONOUNS[body]
    wrong = []
    for f in forms:
        got = extract_article(CREDITS[f].format(n=name, p=pronoun))
        if (got["institution"], got["meeting_level"]) != (name, level):
            wrong.append((f, got["institution"], got["meeting_level"]))
    assert not wrong


# ---------------------------------------------------------------- the scale, the weights and who rated

_H8 = "12月20日,青禾大学党委召开2023年度基层党组织书记抓党建工作述职评议会。会上,8名二级党组织书记现场述职。"
_G4 = ["好", "较好", "一般", "差"]
_THREE = ["校领导", "中层干部", "师生代表"]
SCALES = [  # sentence, scale, weights, raters
    ("与会人员按照好、较好、一般、差四个等次进行了民主测评。", _G4, None, ["与会人员"]),
    ("与会人员对述职情况进行了“好”“较好”“一般”“差”四个档次的测评。", _G4, None, ["与会人员"]),
    ("测评分为好、较好、一般、差四个等次。与会人员进行了测评。", _G4, None, ["与会人员"]),
    ("与会人员以百分制对述职情况进行打分。", "score", None, ["与会人员"]),
    ("与会人员对8名书记进行了现场评分。", "score", None, ["与会人员"]),
    (
        "测评结果中,校领导评价占40%,中层干部评价占30%,师生代表评价占30%。",
        None,
        dict(zip(_THREE, (0.4, 0.3, 0.3), strict=True)),
        _THREE,
    ),
    (
        "校领导、中层干部和师生代表进行了测评,权重分别为50%、30%和20%。",
        None,
        dict(zip(_THREE, (0.5, 0.3, 0.2), strict=True)),
        _THREE,
    ),
    ("参加测评的有校领导、中层干部和师生代表。", None, None, _THREE),
    ("测评主体包括校领导、中层干部和师生代表。", None, None, _THREE),
    ("由校领导和中层干部组成的考核组对述职情况进行打分。", "score", None, ["校领导", "中层干部"]),
    (
        "与会人员按照满意、基本满意、不满意三个等次进行了测评。",
        ["满意", "基本满意", "不满意"],
        None,
        ["与会人员"],
    ),
    (
        "与会人员按照优秀、良好、一般、较差进行了民主测评。",
        ["优秀", "良好", "一般", "较差"],
        None,
        ["与会人员"],
    ),
]


@pytest.mark.parametrize("case", range(len(SCALES)))
def test_scale_weights_and_raters_however_put(case):
    sentence, scale, weights, raters = SCALES[case]
    got = extract_article(_H8 + sentence)
    assert (got["rating_scale"], got["ballot_weights"], got["rater_groups"]) == (scale, weights, raters)


_HC = "12月20日,青禾大学机械学院党委召开2023年度党支部书记抓基层党建工作述职评议会。会上,"
COUNTS = [  # sentence, on site, in writing, in all, units
    ("教工党支部和学生党支部书记分别进行了述职。", 2, None, None, ["教工党支部", "学生党支部"]),
    ("第一、第二、第三党支部书记依次进行了述职。", 3, None, None, None),  # ordinals sharing a head: no units
    ("校第一、第二支部书记一一进行述职。", 2, None, None, None),
    ("程远、林一、许安3位党支部书记依次进行了述职。", 3, None, None, None),
    ("学院8个党支部书记逐一述职。", 8, None, None, None),
    ("学院全体8名党支部书记进行了现场述职。", 8, None, 8, None),  # all of them: the total too
    ("各党支部书记依次述职。", None, None, None, None),
    ("8名党支部书记中的5名进行了现场述职,3名进行了书面述职。", 5, 3, 8, None),
    ("8名党支部书记中有5名进行了现场述职,3名进行了书面述职。", 5, 3, 8, None),
    ("5名党支部书记进行了现场述职,另外3个党支部书记因公出差进行了书面述职。", 5, 3, 8, None),
    ("5名党支部书记进行了现场述职。学院另有3个党支部书记提交了书面述职材料。", 5, 3, 8, None),
    ("5名党支部书记进行了现场述职,书面述职3人。", 5, 3, 8, None),
    ("现场述职5人,书面述职3人,共8人。", 5, 3, 8, None),
    ("5名党支部书记作了现场述职,其余党支部书记进行了书面述职。学院共有8个党支部。", 5, 3, 8, None),
    ("二十一名党支部书记进行了现场述职。", 21, None, None, None),
    ("两位党支部书记进行了现场述职。", 2, None, None, None),
    ("5名党支部书记采用PPT形式进行了现场述职。", 5, None, None, None),
    ("来自5个党支部的书记进行了现场述职。", 5, None, None, None),
    ("5名党支部书记围绕“抓党建、促发展”主题,逐一进行了现场述职。", 5, None, None, None),
    ("5名党支部书记结合各自工作实际,从政治建设、组织建设、作风建设等方面进行了述职。", 5, None, None, None),
]


@pytest.mark.parametrize("case", range(len(COUNTS)))
def test_counts_of_parts_ordinals_and_the_rest(case):
    sentence, onsite, written, total, units = COUNTS[case]
    got = extract_article(_HC + sentence)
    assert (got["onsite_count"], got["written_count"], got["total_units"], got["onsite_units"]) == (
        onsite,
        written,
        total,
        units,
    )


# ---------------------------------------------------------------- numbers of other things are no counts

TRAPS = [
    "学院现有党员120名,下设12个党支部。",
    "学院共设置21个党支部。",
    "近年来,学院共培养了8名优秀党务工作者。",
    "会议要求,各党支部书记要从3个方面抓好整改。",
    "下一步,学院党委将对12个党支部开展专项督查。",
    "会议强调,要落实“三会一课”等6项制度。",
    "学院3个党支部获评校级先进基层党组织。",
    "2023年,学院12个党支部共发展党员35名。",
    "学院党委委员、各党支部书记等30余人参加会议。",
    "会议由学院党委副书记林一主持,学院领导班子成员等18人出席会议。",
    "会上还为2个“样板支部”进行了授牌。",
    "去年,学院有4个党支部书记在全校述职评议中获评“好”等次。",
]


@pytest.mark.parametrize("trap", range(len(TRAPS)))
@pytest.mark.parametrize("reported", ["部分党支部书记进行了述职。", "党支部书记代表依次进行了述职。"])
def test_a_number_of_something_else_is_no_count(trap, reported):
    head = "12月20日,青禾大学机械学院党委召开2023年度党支部书记抓基层党建工作述职评议会。会上,"
    for text in (TRAPS[trap] + head + reported, head + reported + TRAPS[trap]):
        got = extract_article(text)
        assert (got["onsite_count"], got["written_count"], got["total_units"]) == (None, None, None), text


def test_every_branch_reporting_after_its_inventory_counts_them():
    # 各党支部书记依次述职 after 下设12个党支部: every one of the twelve reported (the text says all did)
    got = extract_article(
        "学院下设12个党支部。12月20日,青禾大学机械学院党委召开2023年度党支部书记述职评议会,各党支部书记依次进行了述职。"
    )
    assert (got["onsite_count"], got["total_units"]) == (12, 12)


# ---------------------------------------------------------------- a unit's meeting and the university it belongs to

_M = "12月20日,机械学院党委召开2023年度党支部书记抓基层党建工作述职评议会。会上,6名党支部书记现场述职。"
PARENTS = [  # text, institution, level
    (
        "根据《中共青禾大学委员会关于开展2023年度基层党组织书记述职评议考核工作的通知》要求," + _M,
        "青禾大学",
        "secondary_unit",
    ),
    ("按照校党委统一部署," + _M, None, "secondary_unit"),
    ("青禾大学新闻网讯 " + _M, "青禾大学", "secondary_unit"),
    (_M + "校党委组织部部长程远出席会议。", None, "secondary_unit"),
    ("来源:青禾大学机械学院\n" + _M, "青禾大学", "secondary_unit"),
    ("青禾大学机械学院召开2023年度党支部书记述职评议会\n" + _M, "青禾大学", "secondary_unit"),
    (_M + "\n版权所有 © 2023 青禾大学机械学院", "青禾大学", "secondary_unit"),
    (_M + "青禾大学党委组织部副部长程远出席会议并讲话。", "青禾大学", "secondary_unit"),
    (_M + "会议邀请青禾师范大学马克思主义学院院长程远担任点评专家。", None, "secondary_unit"),  # a guest's
    ("【青禾大学】" + _M, "青禾大学", "secondary_unit"),
    (_M.replace("机械学院党委", "青禾大学机械学院党委"), "青禾大学", "secondary_unit"),
    (_M.replace("机械学院党委", "学院党委") + "学院党委书记程远主持会议。", None, "secondary_unit"),
    (_M.replace("机械学院党委", "青禾大学附属第一医院党委"), "青禾大学附属第一医院", "hospital_internal"),
    (
        _M.replace("机械学院党委", "医院党委") + "\n青禾大学附属第一医院",
        "青禾大学附属第一医院",
        "hospital_internal",
    ),
    (_M.replace("机械学院党委", "青禾大学机关党委"), "青禾大学", "secondary_unit"),
    (_M.replace("机械学院党委", "青禾大学图书馆党总支"), "青禾大学", "secondary_unit"),
    (_M.replace("机械学院党委", "青禾大学离退休党委"), "青禾大学", "secondary_unit"),
]


@pytest.mark.parametrize("case", range(len(PARENTS)))
def test_a_units_meeting_and_its_university(case):
    text, institution, level = PARENTS[case]
    got = extract_article(text)
    assert (got["institution"], got["meeting_level"]) == (institution, level)


MEETING_NAMES = [
    "述职评议会",
    "述职测评会",
    "述职考评会",
    "述职评议考核会议",
    "“双述双评”会议",
    "“一述一评一测”会",
    "党建工作述职会",
    "党建述职评议大会",
    "抓基层党建工作述职评议会",
    "述职评议暨党建工作推进会",
    "述职考核会",
    "述职评议工作会议",
    "党建工作考核述职会",
    "述职大会",
    "述职报告会",
    "述职交流会",
]


@pytest.mark.parametrize("name", MEETING_NAMES)
def test_the_meeting_read_whatever_it_is_called(name):
    got = extract_article(
        f"12月20日,青禾大学机械学院党委召开2023年度党支部书记{name}。会上,6名党支部书记现场述职。程远主持会议。"
    )
    assert (got["institution"], got["meeting_level"], got["meeting_date"], got["appraisal_year"]) == (
        "青禾大学",
        "secondary_unit",
        "2023-12-20",
        2023,
    )
    assert (got["onsite_count"], got["chair"]) == (6, "程远")
    got = extract_article(
        f"青禾大学机械学院党委召开党支部书记{name}\n12月20日,学院党委召开2023年度党支部书记{name}。6名党支部书记现场述职。",
        publication_date="2023-12-21",
    )
    assert (got["institution"], got["meeting_level"], got["meeting_date"], got["onsite_count"]) == (
        "青禾大学",
        "secondary_unit",
        "2023-12-20",
        6,
    )


PROVINCES = [  # text, level, institution, on site, in writing, in all
    (
        "12月20日,江淮省委教育工委召开全省高校党委书记抓基层党建工作述职评议会。10所高校党委书记现场述职,其余72所书面述职。",
        "province",
        None,
        10,
        72,
        82,
    ),
    (
        "12月20日,江淮省教育厅党组召开2023年度省属高校党委书记抓基层党建工作述职评议考核会议。12所高校党委书记现场述职。",
        "province",
        None,
        12,
        None,
        None,
    ),
    (
        "12月20日,中共江淮省委高校工委召开全省高校党委书记述职评议会,20所高校党委书记进行了现场述职。",
        "province",
        None,
        20,
        None,
        None,
    ),
    (
        "12月20日,青禾市委教育工委召开全市高校党组织书记抓基层党建工作述职评议会,5所高校党组织书记现场述职。",
        "province",
        None,
        5,
        None,
        None,
    ),
    (
        "12月20日,全省高校党委书记抓基层党建工作述职评议会在青禾召开。省委教育工委书记程远出席会议。15所高校党委书记现场述职。",
        "province",
        None,
        15,
        None,
        None,
    ),
    (
        "12月20日,江淮省卫生健康委召开委属医院党委书记抓基层党建述职评议会,8家医院党委书记现场述职。",
        "non_university_org",
        "江淮省卫生健康委",
        8,
        None,
        None,
    ),
    (
        "12月20日,青禾市教育局召开全市中小学党组织书记抓基层党建工作述职评议会,12名中小学党组织书记现场述职。",
        "non_university_org",
        "青禾市教育局",
        12,
        None,
        None,
    ),
]


@pytest.mark.parametrize("case", range(len(PROVINCES)))
def test_a_summary_of_many_institutions(case):
    text, level, institution, onsite, written, total = PROVINCES[case]
    got = extract_article(text)
    assert (got["meeting_level"], got["institution"]) == (level, institution)
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (onsite, written, total)


_HU = ["内科第一党支部", "外科党支部", "医技党支部", "行政后勤党支部"]
HOSPITALS = [  # text, (institution, level, on site, units, raters)
    (
        "1月10日,青禾市人民医院党委召开2023年度党支部书记述职评议会。"
        + "、".join(_HU)
        + "等4个党支部书记依次述职。"
        "院领导班子成员、职能科室负责人和党员代表对述职进行了民主测评。",
        ("青禾市人民医院", "hospital_internal", 4, _HU, ["院领导班子成员", "职能科室负责人", "党员代表"]),
    ),
    (
        "1月10日,医院党委召开2023年度党支部书记述职评议会,16个党支部书记现场述职。\n青禾大学附属第二医院",
        ("青禾大学附属第二医院", "hospital_internal", 16, None, None),
    ),
    (
        "1月10日,青禾大学附属第二医院党委召开2023年度临床医技科室党支部书记述职评议会,16个党支部书记现场述职,"
        "与会人员进行了测评。",
        ("青禾大学附属第二医院", "hospital_internal", 16, None, ["与会人员"]),
    ),
    (
        "1月10日,我院召开2023年度党支部书记抓党建述职评议会。16个党支部书记围绕医疗服务、患者满意度等进行现场述职。",
        (None, "hospital_internal", 16, None, None),
    ),
    (
        "1月10日,青禾县中医院党总支召开党支部书记述职评议会,3名支部书记现场述职。",
        ("青禾县中医院", "hospital_internal", 3, None, None),
    ),
    (
        "1月10日,青禾市妇幼保健院党委召开党支部书记述职评议会,5名支部书记现场述职。",
        ("青禾市妇幼保健院", "hospital_internal", 5, None, None),
    ),
    (
        # a branch's own meeting, its secretary reporting: the one unit (the labels' convention)
        "1月10日,青禾市第一人民医院内科党支部召开党支部书记述职评议会,支部书记程远进行了述职。",
        ("青禾市第一人民医院", "hospital_internal", 1, ["青禾市第一人民医院内科党支部"], None),
    ),
]


@pytest.mark.parametrize("case", range(len(HOSPITALS)))
def test_a_hospitals_meeting(case):
    text, want = HOSPITALS[case]
    got = extract_article(text)
    assert (
        got["institution"],
        got["meeting_level"],
        got["onsite_count"],
        got["onsite_units"],
        got["rater_groups"],
    ) == want


_HW = "12月20日,青禾大学机械学院党委开展2023年度党支部书记抓基层党建工作述职评议。"
WRITTEN_ONLY = [  # sentence, (on site, in writing, in all): every one wrote → none on site (the shared convention)
    ("13个党支部书记均以书面形式进行了述职。", (0, 13, 13)),
    ("本次述职采取书面述职方式,13名党支部书记提交了书面述职报告。", (0, 13, 13)),
    ("13名党支部书记全部提交了书面述职报告。", (None, 13, 13)),
    ("全院13个党支部书记书面述职,其中5名现场述职。", (5, 13, 13)),  # the five among the thirteen
    ("5名党支部书记现场述职,全体13名党支部书记均提交了书面述职报告。", (5, 13, 13)),
]


@pytest.mark.parametrize("case", range(len(WRITTEN_ONLY)))
def test_everyone_wrote_and_some_also_spoke(case):
    sentence, want = WRITTEN_ONLY[case]
    got = extract_article(_HW + sentence)
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == want


def test_a_list_of_long_lines_is_not_joined():
    from etl.articles.text import unwrap

    listed = "\n".join(
        f"{i}.青禾大学机械工程学院第{n}党支部书记述职时间为上午九点至九点十分地点在行政楼三楼会议室"
        for i, n in enumerate("一二三四五六", start=1)
    )
    assert unwrap(listed) == listed


# ---------------------------------------------------------------- the units on site, however they are listed

_UL = ["机关党支部", "离退休党支部", "实验中心党支部", "学生第一党支部"]
_PL = ["程远", "林一", "许安", "叶青"]
UNIT_LISTS = [
    "、".join(f"{u}书记{p}" for u, p in zip(_UL, _PL, strict=True)) + "依次述职。",
    "、".join(f"{u}{p}" for u, p in zip(_UL, _PL, strict=True)) + "等4位书记依次述职。",
    "、".join(f"{p}({u})" for u, p in zip(_UL, _PL, strict=True)) + "等4位书记依次述职。",
    "、".join(f"{u}的{p}" for u, p in zip(_UL, _PL, strict=True)) + "等4位支部书记依次作了述职。",
    ",".join(f"{u}书记{p}" for u, p in zip(_UL, _PL, strict=True)) + "依次进行了述职。",
    ",".join(f"{u}书记{p}围绕支部建设作述职" for u, p in zip(_UL, _PL, strict=True)) + "。",
    "。".join(f"{u}书记{p}从组织建设方面进行了述职" for u, p in zip(_UL, _PL, strict=True)) + "。",
    "、".join(_UL[:3]) + "和" + _UL[3] + "4个党支部的书记分别进行了述职。",
    "4个党支部书记分别进行了述职,依次为" + "、".join(_UL) + "。",
    "按照" + "、".join(_UL) + "的顺序,4个党支部书记依次述职。",
]


@pytest.mark.parametrize("case", range(len(UNIT_LISTS)))
def test_units_on_site_however_listed(case):
    got = extract_article(_HC + UNIT_LISTS[case])
    assert (got["onsite_count"], got["onsite_units"]) == (4, _UL)


_T3 = ["校领导", "中层干部代表", "师生代表"]
PANELS = [  # sentence, raters
    ("由校领导、中层干部代表和师生代表组成的测评组对述职进行了测评。", _T3),
    ("评委由校领导、中层干部代表和师生代表组成。评委对述职进行了打分。", _T3),
    ("参加测评人员包括校领导、中层干部代表和师生代表。", _T3),
    ("测评人员为校领导、中层干部代表和师生代表。", _T3),
    ("学校邀请校领导、中层干部代表和师生代表担任评委,对述职进行打分。", _T3),
    ("校领导、中层干部代表和师生代表共30人参加测评。", _T3),
    ("校领导、中层干部代表、师生代表对述职情况进行了现场测评。", _T3),
    ("校领导,中层干部代表,师生代表对述职情况进行了现场测评。", _T3),
    ("述职结束后,校领导与中层干部代表及师生代表进行了民主测评。", _T3),
    ("会上,全体与会人员对述职情况进行了民主测评。", ["与会人员"]),
    ("会上,所有参会人员对述职情况进行了民主测评。", ["参会人员"]),
    ("与会的校领导、中层干部代表和师生代表对述职情况进行了民主测评。", _T3),
    ("出席会议的校领导、中层干部代表和师生代表对述职情况进行了民主测评。", _T3),
    ("会后,考核组对8名书记的述职进行了评议打分。", ["考核组"]),
]


@pytest.mark.parametrize("case", range(len(PANELS)))
def test_who_rated_as_a_panel_or_a_list(case):
    sentence, raters = PANELS[case]
    assert extract_article(_H8 + sentence)["rater_groups"] == raters


_B = "青禾大学党委召开2023年度基层党组织书记抓党建工作述职评议会。会上,8名二级党组织书记现场述职。"
RELATIVE_DAYS = [  # opening, publication, meeting date (inferred)
    ("昨天,", "2024-01-12", "2024-01-11"),
    ("今天上午,", "2024-01-12", "2024-01-12"),
    ("青禾日报1月12日讯 昨日,", None, "2024-01-11"),  # the dateline, its year from the appraisal's
    ("青禾日报1月12日讯 昨日,", "2024-01-13", "2024-01-11"),  # the dateline, not the publication
    ("青禾日报1月12日讯 1月10日,", None, "2024-01-10"),  # a dateline is not the meeting's day
    ("日前,", "2024-01-12", None),
    ("昨天,", None, None),  # relative to nothing the text gives
]


@pytest.mark.parametrize("case", range(len(RELATIVE_DAYS)))
def test_a_day_told_relative_to_the_report(case):
    opening, pub, want = RELATIVE_DAYS[case]
    got = extract_article(opening + _B, publication_date=pub)
    assert (got["meeting_date"], got["meeting_date_inferred"]) == (want, True if want else None)
    assert got["appraisal_year"] == 2023
