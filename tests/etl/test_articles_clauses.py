"""The clause-level reading of news items (counts with any classifier, lists, totals, notices, levels, names,
raters, chairs) and the shared numeral reader, on sentences invented for these tests (fictional bodies and people)."""

from __future__ import annotations

import pytest

from etl.articles import extract_article
from etl.numerals import count_at, counts_in, parse_int


def x(text: str, **kw) -> dict:
    return extract_article(text, **kw)


# ---------------------------------------------------------------- numerals


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("11", 11),
        ("１１", 11),
        ("十一", 11),
        ("六", 6),
        ("两", 2),
        ("廿", 20),
        ("一百零二", 102),
        ("二〇二四", 2024),
        ("两百", 200),
        ("十余", None),
        ("若干", None),
        ("几", None),
        ("好", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_int(text, value):
    assert parse_int(text) == value


def test_counts_need_a_classifier_and_skip_vague_amounts_and_ordinals():
    text = "共十一个支部,约20名党员,第三个议程,一述一评,两代表一委员,六位书记"
    assert [(v, cls) for v, _, _, cls in counts_in(text)] == [(11, "个"), (6, "位")]
    assert count_at("十余名", 0, 1) is None


# ---------------------------------------------------------------- counts, any classifier and noun


@pytest.mark.parametrize(
    ("sentence", "onsite"),
    [
        ("会上,十一个支部(五个教师党支部和六个学生支部)进行了现场述职。", 11),
        ("首轮现场述职对象为9位二级党组织书记,大家依次发言。", 9),
        ("会上,西河学院党委等7个二级党组织的书记作了现场述职发言。", 7),
        ("本次共安排了20所高校现场述职。", 20),
        ("会上,6位进行口头述职的基层党委书记谈了问题。", 6),
        ("会上,十二名教工党支部书记现场接受测评。", 12),
        ("会上,13位学院党委书记围绕年度任务,结合典型案例,依次进行述职。", 13),
        ("会上,14个在职和离退休党支部书記圍繞黨建工作逐一進(jìn)行報告。", 14),
        ("在每一位支部书记述职后,书记逐一点评。", None),
        ("学校共设置21个党支部。", None),
    ],
)
def test_onsite_counts_from_clauses(sentence, onsite):
    assert x(sentence)["onsite_count"] == onsite


def test_totals_over_everyone_appraised():
    assert x("会上,对全院28个党支部书记进行了民主测评。")["total_units"] == 28
    out = x("机关党委共设置8个党支部。会上,8个党支部书记依次进行述职汇报。")
    assert (out["onsite_count"], out["total_units"]) == (8, 8)
    out = x("会上,所属5个党支部书记逐一进行述职。")
    assert (out["onsite_count"], out["total_units"]) == (5, 5)
    # the reporters rated again are not a total, nor are structural counts unless as many reported
    out = x(
        "会上,4位党支部书记进行现场述职。最后,与会人员对4位党支部书记的述职进行测评。学院共设置9个党支部。"
    )
    assert (out["onsite_count"], out["total_units"]) == (4, None)


def test_everyone_appraised_and_secretaries_reporting_as_a_class_were_all_on_site():
    text = "1月5日,学院召开党支部书记述职评议会,对全院12个党支部书记逐一开展评议考核。会上,各支部书记结合台账汇报了年度工作。"
    out = x(text)
    assert (out["onsite_count"], out["total_units"]) == (12, 12)


def test_all_of_them_wrote_makes_written_the_total():
    out = x("会上,化学系党支部、物理系党支部等2位党支部书记进行了现场述职(7位党支部书记均进行了书面述职)。")
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == (2, 7, 7)
    assert out["onsite_units"] == ["化学系党支部", "物理系党支部"]


def test_submitted_written_reports_and_the_rest():
    out = x("会上,5名党总支书记作现场述职,其余9名党总支书记提交了书面述职报告。")
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == (5, 9, 14)


def test_both_modes_for_everyone_then_a_subset_on_site():
    out = x("会上,15位党支部书记述职采取书面述职和现场述职相结合的形式,其中6位党支部书记进行了现场述职。")
    assert (out["onsite_count"], out["total_units"]) == (6, 15)


# ---------------------------------------------------------------- lists of units


def test_units_separated_by_commas_with_names_containing_dun():
    out = x("接着,教工语文党支部,2021、2022级本科生党支部,研究生党支部等3位党支部书记进行了现场述职。")
    assert out["onsite_units"] == ["教工语文党支部", "2021、2022级本科生党支部", "研究生党支部"]
    assert out["onsite_count"] == 3


def test_a_list_without_a_number_is_counted():
    out = x("会上,档案馆党支部、后勤处党支部和图书馆党支部书记进行了现场述职。")
    assert out["onsite_count"] == 3
    assert out["onsite_units"] == ["档案馆党支部", "后勤处党支部", "图书馆党支部"]
    written = x("会上,5名党总支书记作现场述职;档案馆党支部、后勤处党支部书记作书面述职。")
    assert (written["onsite_count"], written["written_count"]) == (5, 2)


def test_unit_secretary_name_pairs_are_counted_as_units():
    out = x("会上,教师第一党支部书记韩青、第二党支部书记贺冬围绕过去一年的工作作了总结。")
    assert out["onsite_count"] == 2
    assert out["onsite_units"] == ["教师第一党支部", "第二党支部"]


def test_written_only_notice_means_nobody_on_site():
    out = x("关于开展2023年度党支部书记考核评价工作的通知\n一、考核方式\n考核方式采取书面述职的方式。")
    assert out["onsite_count"] == 0


# ---------------------------------------------------------------- notices


def test_notice_time_line_signature_and_document_date():
    text = (
        "关于召开2024年度二级党组织书记抓党建述职评议会的通知\n各党总支、直属党支部:\n经研究,定于近期召开述职评议会。\n"
        "一、时间地点\n时间:1月10日(星期五)上午9:00\n地点:行政楼会议室\n二、述职对象\n各党总支书记、直属党支部书记\n"
        "三、测评\n选票分为两类:A票由党委班子成员填写,权重占70%;B票由其他参会人员填写,权重占30%。\n特此通知\n"
        "中共青川理工学院委员会\n2025年1月3日"
    )
    out = x(text)
    assert out["institution"] == "青川理工学院"
    assert out["meeting_level"] == "institution"
    assert (out["meeting_date"], out["meeting_date_inferred"]) == ("2025-01-10", True)
    assert out["publication_date"] == "2025-01-03"
    assert out["appraisal_year"] == 2024
    assert out["ballot_weights"] == {"A票": 0.7, "B票": 0.3}


def test_a_bylines_time_is_not_the_meeting():
    text = "关于2023年基层党委书记述职评议考核的通知\n作者:\n时间:2024年01月08日\n09:30\n点击数:\n今年述职采用线上述职方式。"
    out = x(text)
    assert out["meeting_date"] is None
    assert out["publication_date"] == "2024-01-08"


# ---------------------------------------------------------------- level and institution


def test_a_hospital_speaking_of_itself_as_we():
    text = (
        "2月20日,我院召开2024年度党支部书记述职评议大会。医院党委班子成员、临床科室主任参加会议。"
        "会上,12名党支部书记进行了现场述职,内容涉及医疗质量、护理服务和患者满意度。"
    )
    assert x(text)["meeting_level"] == "hospital_internal"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("12月30日,出版社党总支在会议室召开党支部书记述职评议考核会。", "secondary_unit"),
        ("3月2日,校党委召开2024年度党支部书记“双述双评”大会。", "institution"),
    ],
)
def test_levels_from_the_convening_body(text, level):
    assert x(text)["meeting_level"] == level


def test_generic_bodies_are_not_named_institutions():
    out = x("12月20日,市人民医院党委召开2024年度支部书记述职评议会。")
    assert (out["meeting_level"], out["institution"]) == ("hospital_internal", None)
    out = x("12月20日,附属医院召开2024年度党支部书记述职评议会。")
    assert out["institution"] is None


def test_a_fuller_name_elsewhere_names_the_institution():
    text = "1月9日,口腔医院党委召开2024年度党支部书记述职评议会。会议依据《丰原大学口腔医院党支部考核办法》进行。"
    assert x(text)["institution"] == "丰原大学口腔医院"
    text = "1月9日,我院召开2024年度党支部述职评议大会。会上解读了《青禾市东岸医院2024年度党支部述职方案》,临床医技科室参会。"
    assert x(text)["institution"] == "青禾市东岸医院"


# ---------------------------------------------------------------- raters, scale, chair


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("党委委员作了点评,与会人员进行了现场测评。", ["与会人员"]),
        ("最后,评委结合现场述职情况进行了测评。", ["评委"]),
        ("学院领导班子成员担任评委。评委根据述职情况对各支部工作进行评分。", ["学院领导班子成员"]),
        ("考核小组查阅了台账,客观公正地对各党支部书记进行了现场考核评价。", ["考核小组"]),
        ("联评会由党委班子和各支部书记对各支部书记进行民主测评。", ["党委班子", "各支部书记"]),
        ("所有与会人员对各书记进行了现场测评。", ["与会人员"]),
        ("书记逐一点评,同时参会人员对党支部书记述职进行了现场测评。", ["参会人员"]),
    ],
)
def test_rater_groups_from_the_rating_clause(text, groups):
    assert x(text)["rater_groups"] == groups


@pytest.mark.parametrize(
    ("sentence", "scale"),
    [("与会人员对述职情况进行现场打分测评。", "score"), ("副书记对评分规则进行了说明。", None)],
)
def test_scoring_as_an_act(sentence, scale):
    assert x(sentence)["rating_scale"] == scale


@pytest.mark.parametrize(
    ("sentence", "chair"),
    [
        ("学院党委副书记(主持工作)范小川主持会议。", "范小川"),
        ("会议由召集人(第三党支部书记)秦朗主持。", "秦朗"),
        ("罗安书记主持述职测评大会。", "罗安"),
        ("述职评议考核由学院党委副书记孟河主持。", "孟河"),
    ],
)
def test_chair_past_asides_and_titles(sentence, chair):
    assert x(sentence)["chair"] == chair


def test_slogans_with_numbers_are_not_counts():
    out = x("会上,各党支部书记对照“五个到位”要求逐一进行述职。")
    assert out["onsite_count"] is None


def test_two_written_groups_in_one_sentence_add_up():
    text = "会上,8所本科高校和2所高职院校书记现场述职。其余3所本科高校书记参加书面述职和现场评议,4所独立学院党委书记作书面述职。"
    out = x(text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == (10, 7, 17)


def test_raters_listed_before_the_scale_clause():
    text = "参加会议的厅领导,高校组织部部长,20名代表和有关部门负责人,按照“好、较好、一般、差”4个层次,对述职同志进行了测评。"
    assert x(text)["rater_groups"] == ["厅领导", "高校组织部部长", "20名代表", "有关部门负责人"]


def test_a_meetings_title_or_venue_is_not_its_convener():
    out = x("12月20日,2024年度高校党委书记抓基层党建工作述职评议会议在东湖农业大学举行。")
    assert (out["meeting_level"], out["institution"]) == ("province", None)


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        (
            "述职结束后,校领导、二级党组织书记和党员代表对述职人进行了民主测评。",
            ["校领导", "二级党组织书记", "党员代表"],
        ),
        ("与会的党委委员、教职工代表现场填写了测评表。", ["党委委员", "教职工代表"]),
        ("会议最后,参会的全体党员对三位书记进行了无记名投票测评。", ["全体党员"]),
        ("全体党员和群众代表根据述职情况进行了满意度测评。", ["全体党员", "群众代表"]),
        ("测评人员包括校领导、职能部门负责人和教师代表。", ["校领导", "职能部门负责人", "教师代表"]),
        ("党委委员和各支部书记分别对述职情况打分。", ["党委委员", "各支部书记"]),
        ("党员代表现场投票。", ["党员代表"]),
        ("院党委班子成员对各支部书记现场评分。", ["院党委班子成员"]),
        ("党委书记王某对述职评议的效果给予了积极评价。", None),
    ],
)
def test_rater_groups_as_the_subject_of_any_rating_clause(text, groups):
    assert x(text)["rater_groups"] == groups


@pytest.mark.parametrize(
    ("text", "onsite", "total"),
    [
        ("全校25个基层党组织书记参加了述职评议,其中8个现场述职。", 8, 25),
        ("会上,各党支部书记逐一述职,共计十一人。", 11, None),
        ("随后,八名支部书记结合PPT依次汇报了一年来的工作。", 8, None),
        ("会议听取了12个二级党组织书记的现场述职。", 12, None),
        ("会上,3位支部书记代表作现场述职,其余支部书记提交书面述职材料。", 3, None),
    ],
)
def test_more_ways_of_saying_how_many_reported(text, onsite, total):
    out = x(text)
    assert (out["onsite_count"], out["total_units"]) == (onsite, total)


@pytest.mark.parametrize(
    ("text", "level", "institution"),
    [
        ("1月8日,东湖师范大学文学院党委召开2023年度党支部书记述职评议会。", "secondary_unit", "东湖师范大学"),
        (
            "1月8日,东湖市第一人民医院党委召开2023年度党支部书记述职评议会。",
            "hospital_internal",
            "东湖市第一人民医院",
        ),
        ("1月8日,省委教育工委召开2023年度全省高校党委书记抓基层党建述职评议考核会。", "province", None),
        ("1月8日,学校机关党委召开2023年度党支部书记述职评议会。", "secondary_unit", None),
        (
            "来源:东湖理工大学新闻网\n1月8日,学校召开2023年度二级党组织书记述职评议会。",
            "institution",
            "东湖理工大学",
        ),
        (
            "东湖理工大学新闻网\n首页 > 综合新闻\n1月8日,学校召开2023年度二级党组织书记述职评议会。",
            "institution",
            "东湖理工大学",
        ),
        (
            "1月8日,医院党委召开2023年度党支部书记述职评议会,临床医技科室、护理部各党支部书记参会。",
            "hospital_internal",
            None,
        ),
    ],
)
def test_level_and_institution_from_convener_masthead_and_source(text, level, institution):
    out = x(text)
    assert (out["meeting_level"], out["institution"]) == (level, institution)


def test_chair_from_a_notice_line():
    assert x("关于召开述职评议会的通知\n主持人:党委副书记王磊\n时间:1月9日")["chair"] == "王磊"


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "会上,4名党总支书记和9名直属党支部书记进行了现场述职,其余党组织书记进行书面述职。",
            (13, None, None),
        ),
        ("述职采取现场与书面相结合的方式,现场述职的有5个党总支,书面述职的有12个党支部。", (5, 12, 17)),
        ("其中,7个党总支书记现场述职,15个直属党支部书记书面述职。", (7, 15, 22)),
        ("全院共有党支部16个。会上,16个党支部书记逐一述职。", (16, None, 16)),
        ("会上,党委书记对5名述职人逐一点评。", (None, None, None)),
        ("120余名党员参加会议。6名党支部书记现场述职。", (6, None, None)),
        ("会议通报了2023年度考核结果,评出优秀党支部书记3名。", (None, None, None)),
    ],
)
def test_onsite_written_total_together(text, counts):
    out = x(text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == counts


def test_a_party_work_committee_inside_the_institution_is_a_secondary_unit():
    out = x("3月17日,产业党工委召开2024年度党支部书记述职评议会。")
    assert (out["meeting_level"], out["institution"]) == ("secondary_unit", None)


def test_a_long_predicate_still_reaches_its_verb():
    text = (
        "会上,机关党委18个党支部书记分别围绕理论学习、党纪教育、作风建设、服务师生等工作,聚焦履行党建责任、落实重点任务、"
        "推进支部标准化规范化建设等重点内容进行述职汇报。"
    )
    assert x(text)["onsite_count"] == 18


def test_appraisal_named_as_an_object_is_not_a_total():
    out = x("会上,9位党支部书记分别对照述职评议考核主要内容,总结了一年的工作。")
    assert out["total_units"] is None


def test_reporters_who_also_score():
    assert x("述职结束后,参会人员和各述职人根据要求进行了打分。")["rater_groups"] == ["参会人员", "各述职人"]


def test_a_sum_never_runs_across_a_reporting_verb():
    out = x("会上,5名党总支书记现场述职、3名直属党支部书记书面述职。")
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == (5, 3, 8)


@pytest.mark.parametrize(
    ("text", "counts", "units"),
    [
        (
            "会上,档案馆党支部、后勤处党支部、图书馆党支部3个支部进行了现场述职。",
            (3, None, None),
            ["档案馆党支部", "后勤处党支部", "图书馆党支部"],
        ),
        (
            "会上,档案馆党支部、后勤处党支部、图书馆党支部共3个支部进行了现场述职。",
            (3, None, None),
            ["档案馆党支部", "后勤处党支部", "图书馆党支部"],
        ),
        ("会上,档案馆党支部、后勤处党支部、图书馆党支部进行了书面述职。", (None, 3, None), None),
        ("全校共设置21个党支部。会上,6个党支部书记现场述职。", (6, None, None), None),
        ("现场述职的有:档案馆党支部、后勤处党支部。", (2, None, None), ["档案馆党支部", "后勤处党支部"]),
        (
            "关于2023年基层党委(党总支、直属党支部)书记述职评议的通知\n今年述职采用线上述职方式。",
            (0, None, None),
            None,
        ),
    ],
)
def test_lists_before_counts_and_structural_counts(text, counts, units):
    out = x(text)
    assert (out["onsite_count"], out["written_count"], out["total_units"]) == counts
    assert out["onsite_units"] == units


def test_a_notices_addressee_line_is_not_a_list_of_reporters():
    text = "关于召开2024年度述职评议会的通知\n党委各部门、各二级党委、党总支:\n现就各二级党组织书记现场述职有关事项通知如下。"
    out = x(text)
    assert (out["onsite_count"], out["onsite_units"]) == (None, None)
