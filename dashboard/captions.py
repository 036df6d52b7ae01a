"""The sentences under charts and in empty states: 口径, what the metric means, why small changes are noise.

Every function takes ``lang`` ("zh" default, "en"); Chinese strings are the keys of dashboard.i18n_en.
"""

from __future__ import annotations

import polars as pl

from dashboard.labels import UNIT_TYPES, is_rate, names
from dashboard.translation import translate

MAX_NAMES = 8  # institutions named per scheme before "等 N 所"
VOTE_SHARE_METRICS = frozenset({"good_rate", "positive_rate"})


def years_text(first: int | None, last: int | None) -> str:
    if first is None and last is None:
        return ""
    if first == last or last is None:
        return f"{first}"
    return f"{first}–{last}"


def scheme_caption(schemes: pl.DataFrame, lang: str = "zh") -> str:
    """The 口径 behind the selection (from queries.schemes_used), grouped by scheme."""
    if schemes.is_empty():
        return translate("口径:所选范围内没有评议结果。", lang)
    if schemes["scheme_id"].n_unique() == 1:
        label = schemes["scheme_label"][0] or schemes["scheme_id"][0]
        return translate("口径:{label}(所选院校与年度均用此口径)。", lang, label=label)
    # years are written only where a scheme covers part of the selection
    span = (schemes["first_year"].min(), schemes["last_year"].max())
    parts = []
    for (scheme_id,), rows in schemes.group_by("scheme_id", maintain_order=True):
        label = rows["scheme_label"][0] or scheme_id
        where = [
            r["institution"]
            if (r["first_year"], r["last_year"]) == span
            else f"{r['institution']} {years_text(r['first_year'], r['last_year'])}"
            for r in rows.iter_rows(named=True)
        ]
        more = translate(" 等 {n} 处", lang, n=len(where)) if len(where) > MAX_NAMES else ""
        dash = " —— " if lang == "zh" else " — "  # the Chinese dash is two em wide, the English one
        parts.append(f"{label}{dash}{translate('、', lang).join(where[:MAX_NAMES])}{more}")
    return translate("口径不一:{parts}。", lang, parts=translate(";", lang).join(parts))


def schemes_differ(schemes: pl.DataFrame) -> bool:
    """More than one scheme behind the selection: scores are then not on one scale."""
    return not schemes.is_empty() and schemes["scheme_id"].n_unique() > 1


def noise_caption(
    metric: str, median_voters: float | None, n_units: int | None = None, lang: str = "zh"
) -> str:
    """Electorates are small: say how much one rater moves the figure, and that a few votes are noise."""
    if median_voters is None or median_voters <= 0:
        return translate("参评人数较少时,几票之差属于正常波动,不宜解读为变化。", lang)
    voters = int(round(median_voters))
    if is_rate(metric) and metric != "share_good":
        step = 100 / median_voters
        return translate(
            "每个单位约 {voters} 人参评,一票约合单个单位 {step} 个百分点;几票之差属于正常波动(噪声),不宜解读为变化。",
            lang,
            voters=voters,
            step=f"{step:.0f}",
        )
    if metric == "share_good":
        unit = (
            translate(";一个单位等次变化即占 {pp} 个百分点", lang, pp=f"{100 / n_units:.0f}")
            if n_units
            else ""
        )
        return translate(
            "每个单位约 {voters} 人参评,几票之差可改变等次{unit},属于正常波动,不宜解读为变化。",
            lang,
            voters=voters,
            unit=unit,
        )
    return translate(
        "每个单位约 {voters} 人参评,几票之差可使单位得分变动数分,属于正常波动,不宜解读为变化。",
        lang,
        voters=voters,
    )


def chart_caption(
    metric: str,
    schemes: pl.DataFrame,
    median_voters: float | None = None,
    n_units: int | None = None,
    extra: str = "",
    lang: str = "zh",
) -> str:
    """What is under every chart: the metric's meaning, n, the 口径 and the noise note."""
    parts = [names("metric_meaning", lang)[metric], translate("n 为参与计算的单位数。", lang)]
    if extra:
        parts.append(extra)
    if metric in VOTE_SHARE_METRICS:
        # vote shares come straight from the tallies: grade points, thresholds and weights play no part
        parts.append(
            translate(
                "口径:直接按票数计算(各票种合并,弃权不计),不受各院校分值、门槛与权重影响;所选范围含 {n} 种评分口径。",
                lang,
                n=schemes["scheme_id"].n_unique() if not schemes.is_empty() else 0,
            )
        )
    else:
        parts.append(scheme_caption(schemes, lang))
    parts.append(noise_caption(metric, median_voters, n_units, lang))
    return " ".join(parts)


def grade_mix_caption(schemes: pl.DataFrame, median_voters: float | None, lang: str = "zh") -> str:
    """Under the grade-mix chart (the grade_mix view, dashboard/views/trends.py)."""
    return (
        translate(
            "等次为综合评价等次:有党委评定等次时用评定等次,否则按口径阈值由得分计算;柱内数字(年度不多时)与悬停提示为单位数。",
            lang,
        )
        + " "
        + scheme_caption(schemes, lang)
        + " "
        + noise_caption("share_good", median_voters, lang=lang)
    )


def rank_caption(metric: str, schemes: pl.DataFrame, lang: str = "zh") -> str:
    """Under the rank heat map (the rank_heatmap view, dashboard/views/compare.py)."""
    return (
        translate(
            "名次按{metric}在所选院校中逐年排列,1 为最高,数值相同者名次并列。",
            lang,
            metric=names("metric_short", lang)[metric],
        )
        + " "
        + scheme_caption(schemes, lang)
        + translate(" 名次相邻的院校相差往往只有几票,属于正常波动。", lang)
    )


def yoy_caption(metric: str, median_voters: float | None, schemes: pl.DataFrame, lang: str = "zh") -> str:
    """Under the year-over-year table (the yoy view, dashboard/views/compare.py)."""
    significance = (
        translate(
            "“不显著”:把该院校所选单位的票合并(好票或好+较好票 ÷ 有效票),本年与上年的 95% 置信区间(威尔逊区间)重叠,几票之差不足以说明有变化。",
            lang,
        )
        + " "
        if metric in VOTE_SHARE_METRICS
        else ""
    )
    return (
        translate("上年为前一个年度(可早于所选年度范围);变化 = 本年 − 上年。", lang)
        + " "
        + significance
        + noise_caption(metric, median_voters, lang=lang)
        + " "
        + scheme_caption(schemes, lang)
    )


def selection_problem(
    institutions: list[str] | None, unit_types: list[str] | None, lang: str = "zh"
) -> str | None:
    """Why a selection cannot show anything (nothing chosen), or None."""
    if institutions is not None and not institutions:
        return translate(
            "未选择院校:请在左侧边栏选择至少一所院校。",
            lang,
        )
    if unit_types is not None and not unit_types:
        return translate(
            "未选择单位类型:请在左侧边栏选择至少一种单位类型。",
            lang,
        )
    return None


def no_data(
    year_from: int | None, year_to: int | None, unit_types: list[str] | None, metric_zh: str, lang: str = "zh"
) -> str:
    """The empty state when the filters match no rated unit (`metric_zh`: the metric's label in `lang`)."""
    type_names = names("unit_type", lang)
    types = translate("、", lang).join(
        type_names[t] for t in UNIT_TYPES if unit_types is None or t in unit_types
    )
    return translate(
        "所选院校在 {years} 年没有{types}单位的“{metric}”数据,请放宽年度范围、院校或单位类型。",
        lang,
        years=years_text(year_from, year_to),
        types=types,
        metric=metric_zh,
    )
