"""Chinese labels and the one colour map per unit type, grade and metric that every chart and table uses."""

from __future__ import annotations

from warehouse.queries import DEFAULT_METRIC, GRADES, UNIT_TYPES

__all__ = ["DEFAULT_METRIC", "GRADES", "UNIT_TYPES"]

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

# Okabe & Ito (2008), safe for the common colour-vision deficiencies
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

UNIT_TYPE_ZH: dict[str, str] = {
    "affiliated_hospital": "附属医院",
    "college": "学院",
    "branch": "党支部",
    "administrative": "机关",
}
UNIT_TYPE_COLORS: dict[str, str] = {
    "affiliated_hospital": "#CC79A7",
    "college": "#0072B2",
    "branch": "#E69F00",
    "administrative": "#009E73",
}

GRADE_ZH: dict[str, str] = {"good": "好", "fairly_good": "较好", "average": "一般", "poor": "差"}
# ordinal, from ColorBrewer BrBG (colour-blind safe): dark teal = 好 … brown = 差
GRADE_COLORS: dict[str, str] = {
    "good": "#018571",
    "fairly_good": "#80CDC1",
    "average": "#DFC27D",
    "poor": "#A6611A",
}

# the order the sidebar offers them in: scheme-independent shares first
METRICS: tuple[str, ...] = ("good_rate", "positive_rate", "share_good", "score")
METRIC_ZH: dict[str, str] = {
    "score": "平均得分",
    "good_rate": "好评率(好票占比)",
    "positive_rate": "满意率(好+较好票占比)",
    "share_good": "评为“好”的单位占比",
}
METRIC_SHORT: dict[str, str] = {
    "score": "平均得分",
    "good_rate": "好评率",
    "positive_rate": "满意率",
    "share_good": "“好”单位占比",
}
METRIC_MEANING: dict[str, str] = {
    "score": "平均得分:每个单位按其口径把各等次票折算为分数(票数加权平均),再对单位取平均,每个单位计一次。",
    "good_rate": "好评率:每个单位“好”票占有效票(好+较好+一般+差,不含弃权)的比例,再对单位取平均,每个单位计一次。",
    "positive_rate": "满意率:每个单位“好”与“较好”票占有效票(不含弃权)的比例,再对单位取平均,每个单位计一次。",
    "share_good": "“好”单位占比:综合评价等次为“好”的单位数 ÷ 有等次的单位数(有党委评定等次时用评定等次,否则按口径阈值计算)。",
}
RATE_METRICS: frozenset[str] = frozenset({"good_rate", "positive_rate", "share_good"})


def is_rate(metric: str) -> bool:
    """Shares (0–1, shown as per cent) as opposed to scores (points)."""
    return metric in RATE_METRICS


def institution_colors(names: list[str]) -> dict[str, str]:
    """A stable colour per institution, in the given order (the same on every chart of a page)."""
    return {name: OKABE_ITO[i % len(OKABE_ITO)] for i, name in enumerate(names)}

MODE_ZH: dict[str, str] = {
    "onsite": "现场述职",
    "written": "书面述职",
    "oral": "口头述职",
    "field_visit": "实地述职",
    "online": "线上述职",
}
# on site stands out; the other modes are quieter
MODE_COLORS: dict[str, str] = {
    "onsite": "#D55E00",
    "written": "#BFD7EA",
    "oral": "#56B4E9",
    "field_visit": "#CC79A7",
    "online": "#009E73",
}
LEVEL_ZH: dict[str, str] = {
    "province": "省级",
    "institution": "校级",
    "secondary_unit": "二级单位",
    "hospital_internal": "医院内部",
    "non_university_org": "非高校",
    "unclear": "不明",
}
