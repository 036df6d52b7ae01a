"""The views of 院校对比: each institution's metric over the years (as values or against its first year), its rank
among the selected, the change on the year before, and two years side by side."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from dashboard import captions, charts, tables
from dashboard.export import Table
from dashboard.labels import UNIT_TYPES, UNIVERSE_LIMIT, is_rate, names
from dashboard.views.base import Ask, Data, Shows, View, shows_of
from dashboard.views.registry import register
from dashboard.views.trends import metric_kind
from warehouse.queries import Filters


def _load(q, ask: Ask) -> Data | None:
    trend = q.institution_trend(ask.filters)
    if trend.is_empty():
        return None
    return {
        "trend": trend,
        "schemes": q.schemes_used(ask.filters),
        "median_voters": trend["median_voters"].median(),
        "among": _selectable(q, ask),
        "left_out": _left_out(q, ask, trend),
    }


def _left_out(q, ask: Ask, trend: pl.DataFrame) -> list[str]:
    """The names of the institutions selected that have no line (e.g. a grade list for 好评率): the file says so."""
    chosen = ask.filters.institutions
    if not chosen:
        return []
    shown = set(trend["institution_id"])
    every = q.institutions(ask.filters.scope)
    name = dict(zip(every["institution_id"], every["name"], strict=True))
    return [name[i] for i in chosen if i in name and i not in shown]


def _selectable(q, ask: Ask) -> list[str]:
    """Every institution the viewer could select that has a line for this metric (so that an institution keeps its
    colour whatever else is selected; labels.institution_styles). Beyond UNIVERSE_LIMIT institutions nothing is
    asked: the colours are then settled among those shown."""
    ids = q.institutions(ask.filters.scope)["institution_id"].to_list()
    if len(ids) > UNIVERSE_LIMIT:
        return []
    every = Filters(ask.filters.scope, None, None, None, ask.filters.unit_types, ask.filters.metric)
    return q.institution_trend(every)["institution_id"].unique().sort().to_list()


def _shows(d: Data, ask: Ask) -> Shows:
    shown = shows_of(d["trend"], metric=ask.metric, unit_types=False)
    # the lines pool the selected unit types: a selection of some types is named, all of them is not
    types = ask.filters.unit_types
    if types is not None and set(types) != set(UNIT_TYPES):
        return replace(shown, unit_types=tuple(types))
    return shown


def institution_trend_table(d: Data, ask: Ask) -> Table:
    t, value = ask.t, names("metric_short", ask.lang)[ask.metric]
    frame = (
        d["trend"]
        .sort("institution", "year")
        .select(
            pl.col("institution").alias(t("院校")),
            pl.col("year").alias(t("年度")),
            pl.col("value").alias(value),
            pl.col("n_units").alias(t("单位数")),
            pl.col("rank").alias(t("名次")),
            pl.col("n_ranked").alias(t("参与排名院校数")),
            pl.col("median_voters").alias(t("每单位参评人数(中位数)")),
            pl.col("scheme_label").alias(t("口径")),
        )
    )
    return Table(
        frame,
        {
            value: metric_kind(ask.metric),
            t("名次"): "int",
            t("参与排名院校数"): "int",
            t("每单位参评人数(中位数)"): "num1",
        },
    )


INSTITUTION_TREND = register(
    View(
        name="institution_trend",
        page="compare",
        question="各院校的指标逐年怎样变化",
        load=_load,
        figure=lambda d, ask: charts.institution_trend_figure(
            d["trend"], ask.metric, ask.lang, among=d["among"]
        ),
        table=institution_trend_table,
        caption=lambda d, ask: captions.chart_caption(
            ask.metric, d["schemes"], d["median_voters"], lang=ask.lang
        ),
        shows=_shows,
    )
)


def index_table(d: Data, ask: Ask) -> Table:
    """The institution lines indexed to each institution's first year (charts.index_to_first_year)."""
    t = ask.t
    value, unit = names("metric_short", ask.lang)[ask.metric], charts.index_unit(ask.metric, ask.lang)
    scale = 100.0 if is_rate(ask.metric) else 1.0
    base, rel = t("基准年{value}", value=value), t("相对基准年({unit})", unit=unit)
    frame = (
        charts.index_to_first_year(d["trend"])
        .sort("institution", "year")
        .select(
            pl.col("institution").alias(t("院校")),
            pl.col("year").alias(t("年度")),
            pl.col("value").alias(value),
            pl.col("base_year").alias(t("基准年度")),
            pl.col("base_value").alias(base),
            (pl.col("indexed") * scale).alias(rel),
        )
    )
    kind = metric_kind(ask.metric)
    return Table(frame, {value: kind, base: kind, rel: "delta1"})


INSTITUTION_INDEX = register(
    View(
        name="institution_index",
        page="compare",
        question="各院校与自己的首年相比变化了多少",
        load=_load,
        figure=lambda d, ask: charts.institution_index_figure(
            d["trend"], ask.metric, ask.lang, among=d["among"]
        ),
        table=index_table,
        caption=lambda d, ask: captions.chart_caption(
            ask.metric,
            d["schemes"],
            d["median_voters"],
            extra=ask.t(
                "纵轴 = 当年值 − 该院校在所选年度范围内第一个有数据年度的值(单位:{unit}),每条线从 0 开始;"
                "比较的是各自的变化,不是高低。",
                unit=charts.index_unit(ask.metric, ask.lang),
            ),
            lang=ask.lang,
        ),
        shows=_shows,
    )
)

RANK_HEATMAP = register(
    View(
        name="rank_heatmap",
        page="compare",
        question="各院校在所选院校中逐年排第几",
        load=_load,
        figure=lambda d, ask: charts.rank_heatmap_figure(d["trend"], ask.metric, ask.lang),
        table=institution_trend_table,
        caption=lambda d, ask: captions.rank_caption(ask.metric, d["schemes"], ask.lang),
        shows=_shows,
    )
)


def _load_yoy(q, ask: Ask) -> Data | None:
    d = _load(q, ask)
    if d is not None:
        d["pooled"] = q.pooled_votes(ask.filters)
    return d


def yoy_table(d: Data, ask: Ask) -> Table:
    frame = tables.yoy_table(d["trend"], ask.metric, d["pooled"], ask.lang)
    return Table(frame, {c: "num1" for c in tables.one_decimal_columns(ask.metric, ask.lang)})


YOY = register(
    View(
        name="yoy",
        page="compare",
        question="各院校比上一年变化了多少,是否超出正常波动",
        load=_load_yoy,
        title=lambda d, ask: ask.t("{metric}同比变化", metric=names("metric_short", ask.lang)[ask.metric]),
        table=yoy_table,
        caption=lambda d, ask: captions.yoy_caption(ask.metric, d["median_voters"], d["schemes"], ask.lang),
        shows=_shows,
    )
)


def _two_years(ask: Ask, d: Data) -> tuple[int, int]:
    years = sorted(set(d["trend"]["year"].to_list()))
    return (
        ask.year_a if ask.year_a is not None else years[0],
        ask.year_b if ask.year_b is not None else years[-1],
    )


def _load_slope(q, ask: Ask) -> Data | None:
    d = _load(q, ask)
    if d is None:
        return None
    a, b = _two_years(ask, d)
    pairs = charts.slope_pairs(d["trend"], a, b) if a != b else pl.DataFrame()
    if pairs.is_empty():
        return None
    d |= {"year_a": a, "year_b": b, "pairs": pairs}
    return d


def slope_table(d: Data, ask: Ask) -> Table:
    """The two years of the slope chart side by side, with the change."""
    t, a, b = ask.t, d["year_a"], d["year_b"]
    value, unit = names("metric_short", ask.lang)[ask.metric], charts.index_unit(ask.metric, ask.lang)
    scale = 100.0 if is_rate(ask.metric) else 1.0
    col_a, col_b = t("{y}年{value}", y=a, value=value), t("{y}年{value}", y=b, value=value)
    change = t("变化({unit})", unit=unit)
    frame = d["pairs"].select(
        pl.col("institution").alias(t("院校")),
        pl.col("value_a").alias(col_a),
        pl.col("value_b").alias(col_b),
        (pl.col("change") * scale).alias(change),
    )
    kind = metric_kind(ask.metric)
    return Table(frame, {col_a: kind, col_b: kind, change: "delta1"})


def _slope_caption(d: Data, ask: Ask) -> str:
    t, a, b = ask.t, d["year_a"], d["year_b"]
    missing = sorted(set(d["trend"]["institution"].to_list()) - set(d["pairs"]["institution"].to_list()))
    extra = (
        t("每条线连接一所院校 {a} 年与 {b} 年的值,只画两年都有数据的院校", a=a, b=b)
        + (t("(未画:{names})", names=t("、").join(ask.escape(n) for n in missing)) if missing else "")
        + t(";线越陡变化越大。")
    )
    return captions.chart_caption(ask.metric, d["schemes"], d["median_voters"], extra=extra, lang=ask.lang)


def _slope_shows(d: Data, ask: Ask) -> Shows:
    institutions = tuple(d["pairs"]["institution"].to_list())
    return replace(_shows(d, ask), institutions=institutions, years=(d["year_a"], d["year_b"]))


SLOPE = register(
    View(
        name="slope",
        page="compare",
        question="两个年度之间各院校升降了多少",
        load=_load_slope,
        figure=lambda d, ask: charts.slope_figure(
            d["trend"], ask.metric, d["year_a"], d["year_b"], ask.lang, among=d["among"]
        ),
        table=slope_table,
        caption=_slope_caption,
        shows=_slope_shows,
    )
)
