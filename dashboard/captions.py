"""The sentences under charts and in empty states: 口径, what the metric means, why small changes are noise."""

from __future__ import annotations

import polars as pl

from dashboard.labels import METRIC_MEANING, UNIT_TYPE_ZH, UNIT_TYPES, is_rate

MAX_NAMES = 8  # institutions named per scheme before "等 N 所"
VOTE_SHARE_METRICS = frozenset({"good_rate", "positive_rate"})


def years_text(first: int | None, last: int | None) -> str:
    if first is None and last is None:
        return ""
    if first == last or last is None:
        return f"{first}"
    return f"{first}–{last}"


def scheme_caption(schemes: pl.DataFrame) -> str:
    """The 口径 behind the selection (from queries.schemes_used), grouped by scheme."""
    if schemes.is_empty():
        return "口径:所选范围内没有评议结果。"
    if schemes["scheme_id"].n_unique() == 1:
        label = schemes["scheme_label"][0] or schemes["scheme_id"][0]
        return f"口径:{label}(所选院校与年度均用此口径)。"
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
        more = f" 等 {len(where)} 处" if len(where) > MAX_NAMES else ""
        parts.append(f"{label} —— {'、'.join(where[:MAX_NAMES])}{more}")
    return "口径不一:" + ";".join(parts) + "。"


def schemes_differ(schemes: pl.DataFrame) -> bool:
    """More than one scheme behind the selection: scores are then not on one scale."""
    return not schemes.is_empty() and schemes["scheme_id"].n_unique() > 1


def noise_caption(metric: str, median_voters: float | None, n_units: int | None = None) -> str:
    """Electorates are small: say how much one rater moves the figure, and that a few votes are noise."""
    if median_voters is None or median_voters <= 0:
        return "参评人数较少时,几票之差属于正常波动,不宜解读为变化。"
    voters = int(round(median_voters))
    if is_rate(metric) and metric != "share_good":
        step = 100 / median_voters
        return (
            f"每个单位约 {voters} 人参评,一票约合单个单位 {step:.0f} 个百分点;"
            "几票之差属于正常波动(噪声),不宜解读为变化。"
        )
    if metric == "share_good":
        unit = f";一个单位等次变化即占 {100 / n_units:.0f} 个百分点" if n_units else ""
        return f"每个单位约 {voters} 人参评,几票之差可改变等次{unit},属于正常波动,不宜解读为变化。"
    return f"每个单位约 {voters} 人参评,几票之差可使单位得分变动数分,属于正常波动,不宜解读为变化。"


def chart_caption(
    metric: str,
    schemes: pl.DataFrame,
    median_voters: float | None = None,
    n_units: int | None = None,
    extra: str = "",
) -> str:
    """What is under every chart: the metric's meaning, n, the 口径 and the noise note."""
    parts = [METRIC_MEANING[metric], "n 为参与计算的单位数。"]
    if extra:
        parts.append(extra)
    if metric in VOTE_SHARE_METRICS:
        # vote shares come straight from the tallies: grade points, thresholds and weights play no part
        parts.append(f"口径:直接按票数计算(各票种合并,弃权不计),不受各院校分值、门槛与权重影响;"
                     f"所选范围含 {schemes['scheme_id'].n_unique() if not schemes.is_empty() else 0} 种评分口径。")
    else:
        parts.append(scheme_caption(schemes))
    parts.append(noise_caption(metric, median_voters, n_units))
    return " ".join(parts)


def selection_problem(institutions: list[str] | None, unit_types: list[str] | None) -> str | None:
    """Why a selection cannot show anything (nothing chosen), or None."""
    if institutions is not None and not institutions:
        return "未选择院校:请在左侧边栏选择至少一所院校。 / No institution selected: choose at least one in the sidebar."
    if unit_types is not None and not unit_types:
        return (
            "未选择单位类型:请在左侧边栏选择至少一种单位类型。 / No unit type selected: choose at least one."
        )
    return None


def no_data(year_from: int | None, year_to: int | None, unit_types: list[str] | None, metric_zh: str) -> str:
    """The empty state when the filters match no rated unit."""
    types = "、".join(UNIT_TYPE_ZH[t] for t in UNIT_TYPES if unit_types is None or t in unit_types)
    years = years_text(year_from, year_to)
    return (
        f"所选院校在 {years} 年没有{types}单位的“{metric_zh}”数据,请放宽年度范围、院校或单位类型。"
        " / No ratings match these filters: widen the years, institutions or unit types."
    )
