"""Issue #13, session 11: readings added while developing on real items (every sentence here is invented, with
fictional places, bodies and people)."""

from __future__ import annotations

import pytest

from etl.articles import extract_article


def x(text: str) -> dict:
    return extract_article(text)


def test_an_era_before_a_kind_of_body_is_no_name():
    # 新时代公立医院 is what the work is for, not who met; the hospital speaks of itself (我院) and is not named
    got = x(
        "2月6日上午,我院召开2023年度基层党组织书记抓党建工作述职评议会。医院领导班子、各党总支书记参加会议。"
        "党委书记程远主持会议。会上,5名党总支书记进行了现场述职。"
        "他指出,本次开展述职评议工作是深入贯彻落实新时代公立医院党建工作的要求。"
    )
    assert got["meeting_level"] == "hospital_internal"
    assert got["institution"] is None
    assert got["chair"] == "程远"


def test_the_panel_named_before_its_word_are_the_raters():
    # a panel of 评委 made of groups named before it: the groups rated, not the word 评委
    got = x(
        "12月3日,青禾所党委召开2024年度党支部书记述职评议会。会上,12个支部书记汇报了支部工作。"
        "青禾所党委委员、党支部(总支)书记和各部门行政负责人担任评委,对各支部进行评分。"
    )
    assert got["rater_groups"] == ["青禾所党委委员", "党支部(总支)书记", "各部门行政负责人"]
    got = x(
        "1月6日,松岭学院党委召开述职评议会。党委委员和各党支部书记组成评委团为党支部书记述职进行现场评分。"
    )
    assert got["rater_groups"] == ["党委委员", "各党支部书记"]


def test_people_named_one_by_one_as_the_panel_stay_the_panel():
    got = x("1月6日,松岭学院党委召开述职评议会。程远、林溪担任评委,对各支部书记的述职进行现场评分。")
    assert got["rater_groups"] == ["评委"]


def test_the_branches_a_body_has_kind_by_kind_all_reporting():
    # how many branches there are, by kind, and then every secretary reports: all of them, summed
    got = x(
        "3月2日,松岭学院党委召开党支部书记述职评议会。学院共有教工支部4个,学生支部5个,"
        "各党支部书记逐一进行了述职交流,总结了一年的工作。"
    )
    assert (got["onsite_count"], got["total_units"]) == (9, 9)
    got = x(
        "3月9日,青禾书院党总支召开2023年度党支部述职评议会。青禾书院党总支下设2个教工党支部和6个师生联合党支部。"
        "会上,各党支部书记从组织建设、工作开展等四个方面对支部一年来的工作进行汇报。"
    )
    assert (got["onsite_count"], got["total_units"]) == (8, 8)


def test_branches_there_are_without_all_of_them_reporting_count_nothing():
    got = x(
        "3月2日,松岭学院党委召开党支部书记述职评议会。学院共有教工支部4个,学生支部5个。"
        "会上,程远、林溪两位支部书记作了述职。"
    )
    assert got["total_units"] is None


def test_bodies_of_their_own_listed_with_their_secretaries():
    # schools and school districts named one by one, then their secretaries reporting; the rest wrote
    got = x(
        "3月4日上午,青禾县教育局党委召开2023年度基层党组织书记述职评议会议。当天,县二中、县五中、明德中学、"
        "松岭镇学区党组织书记作现场口头述职,其余的20个基层单位党组织书记向局党委递交了书面述职报告。"
    )
    assert got["onsite_units"] == ["县二中", "县五中", "明德中学", "松岭镇学区"]
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (4, 20, 24)


def test_bodies_listed_before_their_count():
    got = x(
        "1月5日,青禾市卫生健康委召开党组织书记抓党建述职评议会。会上,市第一医院、市疾控中心、市卫生监督所"
        "3家委属单位党组织书记围绕抓基层党建工作述职,并接受现场点评。"
    )
    assert got["onsite_units"] == ["市第一医院", "市疾控中心", "市卫生监督所"]
    assert got["onsite_count"] == 3


def test_two_bodies_without_a_count_are_no_list_of_reporters():
    got = x("1月5日,青禾市卫生健康委召开述职评议会。市第一医院、市疾控中心的党组织书记参加会议。")
    assert got["onsite_units"] is None and got["onsite_count"] is None


def test_the_reports_commented_on_count_the_reporters():
    got = x(
        "1月30日,青禾市卫生健康局召开2023年度党组织书记抓党建工作述职评议大会。会上,机关党委下属各支部书记进行现场述职。"
        "局党组成员分别对5个支部述职情况逐一进行点评,会议进行了民主测评。"
    )
    assert got["onsite_count"] == 5


def test_a_branchs_own_meeting_its_one_secretary_reporting():
    got = x(
        "青禾材料党支部召开2023年度党建工作述职评议考核会议\\n"
        "青禾材料党支部于2024年1月16日召开了党建工作述职评议考核会议。会议由支部副书记林溪同志主持。"
        "党支部书记程远研究员作支部工作述职报告,全面回顾了2023年度党支部开展的主要工作。"
        "报告后,全体与会党员现场填写了评议考核表。"
    )
    assert (got["onsite_count"], got["total_units"], got["onsite_units"]) == (1, 1, ["青禾材料党支部"])
    got = x(
        "1月5日下午,松岭市气象局召开2023年度机关党委书记抓党建工作述职测评会,全局80名党员参加了会议。"
        "会议听取了机关党委书记程远对2023年度抓党建工作情况的述职报告。最后,与会人员进行了民主测评。"
    )
    assert (got["onsite_count"], got["total_units"], got["onsite_units"]) == (1, 1, ["机关党委"])


def test_several_secretaries_in_turn_are_no_one_unit_meeting():
    got = x(
        "青禾材料党支部于2024年1月16日召开了述职评议会议。党支部书记程远作述职报告。"
        "随后,各党小组组长依次汇报。"
    )
    assert (got["onsite_count"], got["total_units"], got["onsite_units"]) == (None, None, None)


def test_two_secretaries_each_in_a_sentence_are_no_one_unit_meeting():
    got = x(
        "松岭学院党委召开述职会。机关党支部书记程远作了述职。会议指出要加强学习。后勤党支部书记林溪汇报了支部工作。"
    )
    assert got["onsite_units"] != ["机关党支部"]


def test_those_present_rating_in_a_later_sentence_are_raters_too():
    got = x(
        "12月20日上午,松岭学院党委召开2023年党支部书记述职评议考核会议。会上,4位党支部书记进行了述职。"
        "学院党委班子成员对各党支部书记的基层党建工作落实情况进行了认真评议。最后,参会人员进行了现场测评。"
    )
    assert got["rater_groups"] == ["学院党委班子成员", "参会人员"]


def test_a_rating_called_pingce():
    got = x(
        "1月9日,青禾研究所党委召开述职评议会。会上,5位党支部书记进行了述职。最后,与会人员对党组织书记抓党建工作进行现场评测。"
    )
    assert got["rater_groups"] == ["与会人员"]


def test_the_subject_of_the_way_of_rating_rated():
    got = x(
        "近日,青禾公司召开2023年度党支部书记述职评议会议。会上,6名党支部书记依次述职。"
        "党委班子成员采取“一述一评”的方式,逐一对各支部书记述职进行现场点评打分。"
    )
    assert got["rater_groups"] == ["党委班子成员"]


@pytest.mark.parametrize(
    ("sentence", "institution"),
    [
        ("1月10日,青禾县人民法院召开2023年度党支部书记抓党建工作述职评议会。", "青禾县人民法院"),
        ("1月10日,松岭市中级人民法院机关党委召开2023年度党支部书记述职评议会。", "松岭市中级人民法院"),
        ("1月10日,青禾市人民检察院召开2023年度基层党组织书记述职评议会议。", "青禾市人民检察院"),
        ("1月10日,青禾海关召开2023年度党支部书记述职评议会。", "青禾海关"),
        ("1月10日,国家青禾评估中心召开2023年度党支部书记述职评议会。", "国家青禾评估中心"),
    ],
)
def test_courts_procuratorates_customs_and_national_bodies_are_bodies_of_their_own(sentence, institution):
    got = x(sentence)
    assert (got["meeting_level"], got["institution"]) == ("non_university_org", institution)


@pytest.mark.parametrize(
    "body",
    [
        "青禾国际机场",
        "青禾日报社",
        "青禾市图书馆",
        "青禾监狱",
        "青禾市消防救援支队",
        "青禾农村商业银行",
        "青禾市红十字会",
        "青禾市总工会",
        "青禾市疾病预防控制中心",
        "青禾市中心血站",
    ],
)
def test_a_places_bodies_of_many_kinds_are_bodies_of_their_own(body):
    got = x(f"1月10日,{body}党委召开2023年度党支部书记抓党建工作述职评议会。")
    assert (got["meeting_level"], got["institution"]) == ("non_university_org", body)


@pytest.mark.parametrize("unit", ["图书馆党总支", "档案馆党支部", "后勤服务中心党总支"])
def test_a_universitys_library_or_centre_is_its_own_unit(unit):
    got = x(f"1月10日,{unit}召开2023年度党支部书记述职评议会。会上,3名党支部书记进行了现场述职。")
    assert got["meeting_level"] == "secondary_unit"


def test_a_count_of_people_by_mode_after_the_whole():
    got = x(
        "1月10日,青禾大学召开2023年度二级党组织书记抓基层党建工作述职评议会。"
        "全校23个二级党组织书记参加述职评议,其中8人现场述职,15人书面述职。"
    )
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (8, 15, 23)


def test_standing_committee_members_are_a_group_of_raters():
    got = x(
        "1月10日,青禾大学召开述职评议会。会上,12位书记进行了现场述职。校党委常委、党委委员对述职情况进行了测评打分。"
    )
    assert got["rater_groups"] == ["校党委常委", "党委委员"]


def test_a_mirrors_site_words_in_place_of_a_name_are_no_name():
    got = x("1月10日,松果官方入口大学召开2023年度二级党组织书记述职评议会。")
    assert got["institution"] is None


@pytest.mark.parametrize(
    "convener",
    ["离退休党委", "离退休工作处党委", "后勤集团党委", "资产经营公司党委", "校医院党总支", "附属中学党总支"],
)
def test_a_universitys_own_units_by_what_they_do_are_its_units(convener):
    # (an attached school is the university's unit, as the real labels have it: a university's 附属学校, an
    # academy's 附中; session 4's invented test had it as a body of its own)
    got = x(
        f"1月5日下午,{convener}召开2025年度党支部书记抓党建工作述职评议会。会上,5名党支部书记进行了现场述职。"
    )
    assert got["meeting_level"] == "secondary_unit"


def test_a_party_body_with_the_office_it_works_with_convened():
    got = x("1月5日下午,离退休党委与离退休工作办公室于老年活动中心会议室召开2025年度工作述职会议。")
    assert got["meeting_level"] == "secondary_unit"


def test_every_college_each_its_own_meeting_following_the_colleges_plan():
    got = x(
        "按照《青禾传媒学院关于开展2023年度基层党组织书记抓党建述职评议考核工作方案》要求,2024年1月8日至12日,"
        "各学院党总支分别召开了2023年度基层党组织书记抓党建工作述职评议会。"
    )
    assert (got["meeting_level"], got["institution"]) == ("secondary_unit", "青禾传媒学院")


def test_a_site_editors_warning_in_place_of_brackets_is_noise():
    got = x(
        "12月8日,青禾所党委组织召开2025年度党支部考核与党支部书记述职评议会。会上,青禾所12个支部未配对的括号或引号!"
        "总支未配对的括号或引号!分别从基础工作、组织建设等方面,汇报了2025年各支部党建工作开展情况。"
    )
    assert got["onsite_count"] == 12


def test_the_year_from_the_work_judged_or_the_requirements_for_the_year_ahead():
    # no 年度 and no full date: the year whose work is judged, or the one before the year requirements are set for
    got = x(
        "12月24日,青禾分院党委组织召开了所属单位党委书记述职评议考核会议。会议认为,各单位2015年的党建工作均有较大的进步。"
    )
    assert (got["appraisal_year"], got["meeting_date"]) == (2015, "2015-12-24")
    got = x(
        "2月24日下午,青禾市商务局总支组织所属基层党支部书记召开党建工作述职评议会议。"
        "会上,4位支部书记进行了述职交流。总支书记程远对2022年度党建工作提出了三点要求。"
    )
    assert (got["appraisal_year"], got["meeting_date"]) == (2021, "2022-02-24")


def test_a_body_word_shared_by_a_list_is_no_part_of_its_last_name():
    got = x(
        "2月12日下午,青禾市卫健委召开2025年度直属党组织书记述职评议会。会上,市中心医院、市中医医院、市妇幼保健院、"
        "市脑科医院党委书记分别进行了现场述职。"
    )
    assert got["onsite_units"] == ["市中心医院", "市中医医院", "市妇幼保健院", "市脑科医院"]
    assert got["onsite_count"] == 4


def test_ordinals_without_di_sharing_their_branch_word_count_one_each():
    got = x(
        "2月12日下午,青禾市卫健委召开述职评议会。会上,市中心医院、市中医医院党委书记分别进行了现场述职,"
        "市疾控中心党总支、市红十字会党支部、机关一、二、三支部进行书面述职。"
    )
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (2, 5, 7)


def test_the_units_that_reported_counted_after_the_fact():
    got = x(
        "12月30日,青禾市级机关工委组织基层直属党组织开展了党建工作专项述职。会上,市商务局、市粮食局等2家单位机关党组织书记,"
        "市审计局等1家单位机关党组织副书记进行了述职。最后,工委书记程远肯定了3家述职单位的党建工作。"
    )
    assert got["onsite_count"] == 3


def test_those_who_reported_counted_after_the_fact_are_not_all_when_some_wrote():
    got = x(
        "1月9日,青禾大学召开述职评议会。会上,6位书记现场述职,其余书记书面述职。会议对18位述职书记进行了测评。"
    )
    assert got["onsite_count"] == 6


def test_a_name_with_yu_inside_is_one_unit():
    got = x(
        "1月9日,青禾学院党委召开述职评议会。会上,园林党支部、建筑与规划党支部、行政党支部书记进行了现场述职。"
    )
    assert got["onsite_units"] == ["园林党支部", "建筑与规划党支部", "行政党支部"]


def test_wei_before_those_rated_ends_the_raters():
    got = x(
        "1月9日,青禾公司党委召开述职评议会。会上,6位书记进行了述职。每人述职结束后,参会代表为述职书记进行了打分。"
    )
    assert got["rater_groups"] == ["参会代表"]


def test_counted_secretaries_with_brackets_in_their_title_add_up():
    got = x(
        "1月3日,青禾县2023年度县乡党委(党组)书记抓基层党建述职评议会议召开。会上,12名直属党(工)委书记和5名县直单位"
        "党委(党组)书记进行了现场述职,其余20名书记进行了书面述职。"
    )
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (17, 20, 37)


def test_a_places_meeting_held_names_the_place():
    got = x(
        "1月3日,青禾县2023年度县乡党委(党组)书记抓基层党建专项述职评议会议召开。会上,12名直属党(工)委书记进行了现场述职。"
    )
    assert (got["meeting_level"], got["institution"]) == ("non_university_org", "青禾县")


def test_a_predicate_is_no_group_of_raters():
    got = x(
        "青禾材料党支部于2024年1月16日召开了党建工作述职评议考核会议。党支部书记程远作支部工作述职报告。"
        "报告后,全体与会党员根据述职报告,现场填写了《党支部书记现场述职评议考核表》,对支部一年的工作进行了评议。"
    )
    assert got["rater_groups"] == ["全体与会党员"]


def test_secretaries_counted_with_managers_are_no_count_of_secretaries():
    got = x(
        "1月16日,我院召开2024年度党支部书记述职评议会。本次考评主要采取“现场述职+书面述职”两种方式,"
        "13名党支部书记和中层干部进行现场述职,程远同志逐一点评。"
    )
    assert got["onsite_count"] is None


def test_the_units_named_in_the_order_they_reported():
    got = x(
        "12月21日下午,青禾三中举行2023年党建工作述职大会。在述职大会上,四个支部书记按照第一支部、第二支部、第三支部、"
        "行政支部的顺序依次进行述职。"
    )
    assert got["onsite_units"] == ["第一支部", "第二支部", "第三支部", "行政支部"]


def test_units_each_with_its_secretarys_name_counted():
    got = x(
        "1月9日,青禾大学机关党委召开述职评议会。会上,办公室党支部程远、宣传部党支部林溪、人事处党支部石川"
        "等3位同志作为代表进行了现场述职。"
    )
    assert got["onsite_units"] == ["办公室党支部", "宣传部党支部", "人事处党支部"]


def test_an_academy_speaking_of_itself_with_institutes_for_units():
    got = x(
        "根据市委组织部部署,我院近日对研究所年度综合学术绩效进行考核,对院领导及局级研究所的领导班子进行绩效考核。"
        "12月16日,院党委召开2023年度基层党组织书记述职评议考核会。"
    )
    assert got["meeting_level"] == "non_university_org"


def test_raters_of_a_committee_made_of_two_groups():
    got = x(
        "1月10日,青禾学院党委召开2023年度党支部书记述职评议会。会上,6位党支部书记进行了现场述职。"
        "由学院党委委员和教工党员代表组成的评议组对各支部进行了测评。"
    )
    assert got["rater_groups"] == ["学院党委委员", "教工党员代表"]


def test_raters_named_by_ways_of_rating_combined():
    got = x(
        "1月10日,青禾学院党委召开2023年度党支部书记述职评议会。会上,6位党支部书记进行了现场述职。"
        "评议采取学院党委委员评议和党员代表评议相结合的方式。"
    )
    assert got["rater_groups"] == ["学院党委委员", "党员代表"]


def test_a_provinces_body_named_in_full_elsewhere():
    got = x(
        "来源:陕西省青禾局\n2月6日,省青禾局召开2025年度局系统党组织书记抓党建述职评议会。会上,7名党支部书记进行现场述职。"
    )
    assert (got["meeting_level"], got["institution"]) == ("non_university_org", "陕西省青禾局")


@pytest.mark.parametrize(
    ("text", "institution"),
    [
        # a court by its short name
        (
            "按照市直工委的通知精神,青禾中院于12月9日召开了法院支部书记抓基层党建工作述职评议考核大会。",
            "青禾中院",
        ),
        # a body with a second name in brackets: the name as written
        (
            "2021年1月22日,青禾省地方电力局(青禾省河湖保护局)在成都召开2020年度党支部书记抓党建述职评议会议。",
            "青禾省地方电力局(青禾省河湖保护局)",
        ),
        # a place's institute, not a university's
        (
            "为加强基层党组织建设,内蒙古自治区青禾测试研究院于11月30日召开2018年度党支部党建述职评议考核会议。",
            "内蒙古自治区青禾测试研究院",
        ),
        # the headline names the body, the dated sentence no one
        ("省青禾管理局召开2017年度省直机关党建述职评议会议\n会议总结了2017年党建工作取得的成绩。", None),
    ],
)
def test_bodies_outside_universities_named_in_more_ways(text, institution):
    got = x(text)
    assert got["meeting_level"] == "non_university_org"
    if institution:
        assert got["institution"] == institution


def test_a_bureau_speaking_of_itself_as_ju():
    got = x("长沙讯2月16日,局在长沙召开2018年度党委书记抓基层党建工作述职评议会。")
    assert got["meeting_level"] == "non_university_org"


def test_a_countys_bodies_listed_as_reporters():
    got = x("会上,县交通局机关、县港航管理中心、县交通执法支队、县公路中心4个单位的党组织书记进行了述职。")
    assert got["meeting_level"] == "non_university_org"


def test_a_plan_followed_by_an_is_no_convener():
    got = x(
        "按公司党委组织部《2019年度党组织书记抓基层党建述职评议考核实施方案》的通知要求,12月6日下午,"
        "公司党委组织召开了各党支部书记抓党建工作述职评议会。"
    )
    assert got["institution"] is None and got["meeting_level"] == "non_university_org"


def test_words_before_a_bodys_name_are_no_part_of_it():
    got = x(
        "“学习先进,直面短板”,这是今年青禾市城区公安局机关党委在筹备召开2024年度基层党组织书记抓党建述职评议会时提出的要求。"
    )
    assert got["institution"] == "青禾市城区公安局"


def test_the_place_where_its_meeting_was_held():
    got = x(
        "1月20日,记者在青禾县召开的2015年度中部片区乡镇党委书记抓党建工作述职评议会上看到,来自该县6个乡镇的党委书记依次述职。"
    )
    assert (got["meeting_level"], got["institution"]) == ("non_university_org", "青禾县")


def test_about_how_many_raters_is_no_part_of_the_group_an_exact_count_stays():
    got = x(
        "1月16日,青禾市卫健委召开述职评议大会。会上,8名党组织书记现场述职。100余名参会人员对述职情况进行了民主测评。"
    )
    assert got["rater_groups"] == ["参会人员"]


def test_prisons_and_offices_listed_are_bodies():
    got = x("会上,青禾监狱、松岭监狱、女子监狱等3个单位党委书记进行了现场述职。")
    assert got["onsite_units"] == ["青禾监狱", "松岭监狱", "女子监狱"]


def test_a_companys_meeting_held_named_by_the_company():
    got = x(
        "12月12日,青禾中联2020年度基层党支部书记述职评议会在公司30楼报告厅召开。公司党委书记、董事长程远出席会议。"
        "28个基层党支部书记作现场述职。"
    )
    assert (got["meeting_level"], got["institution"]) == ("non_university_org", "青禾中联")


def test_a_courts_short_name_before_the_chairs_titles_is_no_part_of_the_name():
    got = x("1月9日,青禾中院召开述职评议会。中院党组成员、机关党委书记程远主持会议。")
    assert got["chair"] == "程远"


def test_the_rest_wrote_out_of_all_those_rated():
    got = x(
        "12月9日,青禾中院召开支部书记抓基层党建工作述职评议考核大会。中院立案一庭、刑一庭、民二庭等3名支部书记代表"
        "分别进行述职,其他支部书记书面述职,参会人员对20名支部书记履行党建工作责任情况进行测评。"
    )
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (3, 17, 20)


def test_those_who_attended_and_then_rated():
    got = x(
        "1月22日,青禾省电力局召开2020年度党支部书记抓党建述职评议会议,14名党支部书记作述职报告。"
        "全局党委班子成员、机关党支部书记、职工代表参加了会议,并在现场对支部书记抓党建情况进行民主测评。"
    )
    assert got["rater_groups"] == ["党委班子成员", "机关党支部书记", "职工代表"]


def test_a_summing_up_is_no_rating_and_the_clause_subject_rated():
    got = x(
        "12月6日下午,青禾公司党委组织召开了各党支部书记抓党建工作述职评议考核会议。三位支部书记进行了述职。"
        "参会人员根据述职内容,结合平时了解的情况,按照“好、较好、一般、差”四个评价等次分别进行了评议。"
        "程远书记对述职的整体情况进行了总结和评价。"
    )
    assert got["rater_groups"] == ["参会人员"]


def test_the_rater_is_the_subject_of_its_own_clause():
    got = x(
        "2月16日,青禾局召开2018年度党委书记抓基层党建工作述职评议会。述职后,局领导分别对现场述职同志提问,"
        "与会人员还对各单位党委书记抓基层党建工作进行了民主测评。"
    )
    assert got["rater_groups"] == ["与会人员"]


@pytest.mark.parametrize(
    "body", ["青禾市图书馆", "青禾镇", "青禾海关", "青禾国际机场", "青禾市疾控中心", "青禾市供销社"]
)
def test_a_bodys_own_offices_committee_is_the_bodys(body):
    got = x(f"1月10日,{body}机关党委召开2023年度党支部书记述职评议会。")
    assert (got["meeting_level"], got["institution"]) == ("non_university_org", body)


@pytest.mark.parametrize("convener", ["机关党委", "青禾大学机关党委", "学校机关党委"])
def test_a_universitys_offices_committee_stays_its_unit(convener):
    got = x(f"1月10日,{convener}召开2023年度党支部书记述职评议会。会上,6个党支部书记进行了现场述职。")
    assert got["meeting_level"] == "secondary_unit"


def test_a_mode_then_its_count_of_people():
    got = x("1月10日,青禾大学召开2023年度二级党组织书记抓基层党建工作述职评议会。现场述职8人,书面述职十人。")
    assert (got["onsite_count"], got["written_count"], got["total_units"]) == (8, 10, 18)
