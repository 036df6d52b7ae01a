"""Tables as shown and exported: Chinese (or English) column names, per-cent values, a note where a change is within
noise."""

from __future__ import annotations

import math

import polars as pl

from dashboard import stats
from dashboard.labels import is_rate, names
from dashboard.translation import translate

VOTE_COLUMNS = {"good_rate": "votes_good", "positive_rate": "votes_positive"}  # pooled votes behind a share


def yoy_columns(metric: str, lang: str = "zh") -> tuple[str, str, str]:
    """(value, previous, change) column names for a metric."""
    short = names("metric_short", lang)[metric]
    if is_rate(metric):
        return f"{short}(%)", translate("上年(%)", lang), translate("变化(百分点)", lang)
    return (
        translate("{metric}(分)", lang, metric=short),
        translate("上年(分)", lang),
        translate("变化(分)", lang),
    )


def one_decimal_columns(metric: str, lang: str = "zh") -> list[str]:
    """The columns shown with one decimal."""
    return list(yoy_columns(metric, lang))


def yoy_columns_other(lang: str = "zh") -> dict[str, str]:
    """The yoy table's other column names in `lang`, by their Chinese name."""
    return {c: translate(c, lang) for c in ("院校", "年度", "单位数", "名次", "说明")}


def yoy_table(
    trend: pl.DataFrame, metric: str, pooled: pl.DataFrame | None = None, lang: str = "zh"
) -> pl.DataFrame:
    """Year-over-year table from queries.institution_trend: latest year first, best rank first.

    With `pooled` (queries.pooled_votes of the same filters) a change of a vote share is marked 不显著 when the
    two years' 95% Wilson intervals of the pooled votes overlap; otherwise the binomial noise band is used.
    """
    value_col, prev_col, change_col = yoy_columns(metric, lang)
    trend = with_significance(trend, metric, pooled)
    scale = 100.0 if is_rate(metric) else 1.0
    rows = []
    for r in trend.sort(["year", "rank", "institution"], descending=[True, False, False]).iter_rows(
        named=True
    ):
        rows.append(
            {
                "院校": r["institution"],
                "年度": r["year"],
                value_col: _round(r["value"], scale),
                prev_col: _round(r["prev_value"], scale),
                change_col: _round(r["change"], scale),
                "单位数": r["n_units"],
                "名次": r["rank"],
                "说明": change_note(r, metric, lang),
            }
        )
    schema = {
        "院校": pl.String,
        "年度": pl.Int64,
        value_col: pl.Float64,
        prev_col: pl.Float64,
        change_col: pl.Float64,
        "单位数": pl.Int64,
        "名次": pl.Int64,
        "说明": pl.String,
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame if lang == "zh" else frame.rename(yoy_columns_other(lang))


def _round(value: float | None, scale: float) -> float | None:
    return None if value is None else round(value * scale, 1)


def noise_band(row: dict, metric: str) -> float | None:
    """Half-width of the band a change of a share stays in by chance: two standard errors of the difference.

    Binomial approximation at the mean of the two years' shares over raters (good_rate, positive_rate: median
    raters per unit × units) or units (share_good). None for scores, whose spread depends on the scheme.
    """
    if row.get("prev_value") is None or row.get("value") is None or not is_rate(metric):
        return None
    p = (row["value"] + row["prev_value"]) / 2
    per_unit = 1.0 if metric == "share_good" else (row.get("median_voters") or 0)
    now, before = per_unit * (row.get("n_units") or 0), per_unit * (row.get("prev_n_units") or 0)
    if now <= 0 or before <= 0:
        return None
    return 2 * math.sqrt(p * (1 - p) * (1 / now + 1 / before))


def with_significance(trend: pl.DataFrame, metric: str, pooled: pl.DataFrame | None) -> pl.DataFrame:
    """`trend` with a `significant` column (True / False / None) from the pooled votes, for the vote shares."""
    if pooled is None or metric not in VOTE_COLUMNS or trend.is_empty():
        return trend
    votes = {(r["institution_id"], r["year"]): r for r in pooled.iter_rows(named=True)}
    column = VOTE_COLUMNS[metric]
    flags = []
    for r in trend.iter_rows(named=True):
        now, before = (
            votes.get((r["institution_id"], r["year"])),
            votes.get((r["institution_id"], r["year"] - 1)),
        )
        if now is None or before is None or r.get("prev_value") is None:
            flags.append(None)
            continue
        flags.append(
            stats.change_significant(now[column], now["graded_votes"], before[column], before["graded_votes"])
        )
    return trend.with_columns(pl.Series("significant", flags, dtype=pl.Boolean))


def change_note(row: dict, metric: str, lang: str = "zh") -> str:
    """What the 说明 column says about one year-over-year change."""
    if row.get("prev_value") is None:
        return translate("无上年数据", lang)
    if row.get("significant") is False:
        return translate(
            "{ns}:两年 95% 置信区间(威尔逊区间)重叠,属随机波动",
            lang,
            ns=translate(stats.NOT_SIGNIFICANT, lang),
        )
    if row.get("significant") is True:
        return ""
    band = noise_band(row, metric)
    if band is not None and abs(row["change"]) <= band + 1e-12:
        return translate("±{pp} 个百分点内:几票之差,属随机波动", lang, pp=f"{band * 100:.0f}")
    return ""
