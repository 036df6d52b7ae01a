"""Issue #13, breadth: ballot weights and rating scales in other wordings, on invented sentences (fictional
bodies and people, written for these tests)."""

from __future__ import annotations

import pytest

from etl.articles import extract_article


def x(text: str, **kw) -> dict:
    return extract_article(text, **kw)


@pytest.mark.parametrize(
    ("text", "weights"),
    [
        ("测评分A票和B票,A票权重60%、B票权重40%。", {"A票": 0.6, "B票": 0.4}),
        (
            "校领导测评占30%,中层干部测评占30%,教职工代表测评占40%。",
            {"校领导": 0.3, "中层干部": 0.3, "教职工代表": 0.4},
        ),
        ("测评结果按照领导班子评价占50%、群众评价占50%计算。", {"领导班子": 0.5, "群众": 0.5}),
        ("A、B票分别占60%和40%。", {"A票": 0.6, "B票": 0.4}),
        ("A票和B票的权重分别为0.6和0.4。", {"A票": 0.6, "B票": 0.4}),
        ("党委委员评价权重为百分之六十,其他人员评价权重为百分之四十。", {"党委委员": 0.6, "其他人员": 0.4}),
        ("测评满分为100分,其中现场述职占60分。", None),
        ("群众满意度达到95%。", None),
    ],
)
def test_ballot_weights_in_other_wordings(text, weights):
    assert x(text)["ballot_weights"] == weights


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("与会人员按照满意、基本满意、不满意三个等次进行了测评。", ["满意", "基本满意", "不满意"]),
        ("测评分为非常满意、满意、基本满意、不满意四个档次。", ["非常满意", "满意", "基本满意", "不满意"]),
        ("测评结果分为优秀、称职、基本称职、不称职四个等次。", ["优秀", "称职", "基本称职", "不称职"]),
        ("民主测评设“优秀”、“良好”、“一般”、“较差”四个评价等级。", ["优秀", "良好", "一般", "较差"]),
        ("评价等次为:好、较好、一般、差。", ["好", "较好", "一般", "差"]),
        ("测评采取百分制。", "score"),
        ("与会人员对述职进行评分。", "score"),
        ("测评分为两轮进行。", None),  # 测评 + 分为, not 评分
        ("群众满意度达到95%,大家很满意、很高兴。", None),
        ("各支部书记谈了如何做好、做优支部工作。", None),
    ],
)
def test_rating_scales_in_other_wordings(text, scale):
    assert x(text)["rating_scale"] == scale


# ---------------------------------------------------------------- counts, a third round: 书面形式, 对象为, N个…中有M个


@pytest.mark.parametrize(
    ("text", "raters"),
    [
        ("(三)测评主体:校领导、二级党组织书记、党代会代表。", ["校领导", "二级党组织书记", "党代会代表"]),
        (
            "三、测评人员\n校领导、各二级党组织书记和党代会代表。",
            ["校领导", "各二级党组织书记", "党代会代表"],
        ),
        ("测评对象:各二级党组织书记。", None),  # who is rated, not who rates
    ],
)
def test_a_notices_heading_that_names_the_raters(text, raters):
    assert x(text)["rater_groups"] == raters
