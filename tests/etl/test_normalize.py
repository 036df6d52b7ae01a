"""Header aliases, unit names and the unit-type rules (docs/inputs.md) as table tests."""

from __future__ import annotations

import pytest

from etl.normalize import canonical_header, infer_unit_type, name_key, split_org_level


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("年度", "year"),
        ("考核年度", "year"),
        ("学校名称", "institution"),
        ("院校", "institution"),
        ("二级党组织", "unit"),
        ("述职单位", "unit"),
        ("党组织名称", "unit"),
        ("书记", "secretary"),
        ("述职人", "secretary"),
        ("述职方式", "mode"),
        ("票种", "rater_group"),
        ("评议主体", "rater_group"),
        ("测评项目", "item"),
        ("好", "good"),
        ("好(票)", "good"),
        ("好（票）", "good"),
        ("較好", "fairly_good"),
        (" 较 好 ", "fairly_good"),
        ("一般", "average"),
        ("差", "poor"),
        ("弃权", "abstain"),
        ("参评人数", "voters"),
        ("实到人数（人）", "voters"),
        ("测评\n得分", "score"),
        ("综合得分", "score"),
        ("评定等次", "official_grade"),
        ("排名", "rank"),
        ("Fairly_Good", "fairly_good"),
        ("Voters", "voters"),
        ("ｙｅａｒ", "year"),
        ("序号", "ignore"),
        ("序號", "ignore"),
        ("备注", "remarks"),
        ("签字", None),
        (None, None),
    ],
)
def test_headers_map_to_canonical_fields(header, field):
    assert canonical_header(header) == field


@pytest.mark.parametrize(
    ("name", "stem", "level"),
    [
        ("马克思主义学院党总支", "马克思主义学院", "党总支"),
        ("马克思主义学院党委", "马克思主义学院", "党委"),
        ("機關黨委", "机关", "党委"),
        ("第五附属医院（第五临床医学院）党委", "第五附属医院(第五临床医学院)", "党委"),
        ("图书馆直属党支部", "图书馆", "直属党支部"),
        ("学生第一党支部", "学生第一党支部", "党支部"),
        ("电子系", "电子系", None),
        ("化学化工学院党总支部", "化学化工学院", "党总支"),
    ],
)
def test_org_level_is_split_off(name, stem, level):
    assert split_org_level(name) == (stem, level)


def test_name_key_matches_one_unit_across_spellings():
    assert name_key("马克思主义学院党总支") == name_key("马克思主义学院党委") == name_key("馬克思主義學院")
    assert name_key("第五附属医院(第五临床医学院)") == name_key("第五附属医院（第五临床医学院）党委")
    assert name_key("文学院") != name_key("历史学院")


UNIT_TYPES = {
    "affiliated_hospital": [
        "第一附属医院党委",
        "第二附属医院",
        "附属口腔医院党委",
        "第五附属医院(第五临床医学院)党委",
        "临床医学院",
        "第三临床学院党委",
        "附属肿瘤医院党委",
        "附属儿童医院",
        "校医院党总支",
        "附属第一医院党委",
        "附属妇幼保健院党委",
        "第七附属医院(第七临床医学院)党委",
        "附屬中醫醫院黨委",
    ],
    "college": [
        "马克思主义学院党总支",
        "文学院党委",
        "物理學院黨委",
        "电子系",
        "信息科学研究院",
        "医学部党工委",
        "土水学院",
        "继续教育学院党总支",
        "公共管理学院",
        "书院党委",
        "化学化工学院党总支部",
        "经济管理学院分党委",
        "计算机与人工智能学院",
        "护理系党总支",
        "马克思主义学院",
        "国际教育学院党总支",
        "现代产业学院",
    ],
    "branch": [
        "学生第一党支部",
        "教工第三党支部",
        "附属中学党支部",
        "物理学院学生党支部",
        "离休干部党支部",
        "博士生党支部",
        "第二党支部",
        "本科生第五党支部",
        "直属党支部",
        "教工第一党支部",
        "研究生第三党支部",
    ],
    "administrative": [
        "机关党委",
        "機關黨委",
        "保卫处派出所党支部",
        "后勤党委",
        "后勤集团党委",
        "图书馆直属党支部",
        "图书馆党总支",
        "离退休工作处党委",
        "资产经营有限公司党委",
        "研究生院党委",
        "国际交流处",
        "人事处党支部",
        "网络与信息中心党支部",
        "档案馆直属党支部",
        "出版社党总支",
        "财务处党支部",
        "审计处直属党支部",
        "基建处党支部",
        "工会党支部",
        "产业集团党委",
        "校友工作办公室党支部",
    ],
}


@pytest.mark.parametrize(("name", "unit_type"), [(n, t) for t, names in UNIT_TYPES.items() for n in names])
def test_unit_type_rules(name, unit_type):
    assert infer_unit_type(name) == unit_type
