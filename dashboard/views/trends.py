"""The views of 单位类型趋势: the metric per unit type over the years (one chart, or one panel per type), its spread
within each type, and the grade mix."""

from __future__ import annotations

import polars as pl

from dashboard import captions, charts
from dashboard.export import Table
from dashboard.labels import is_rate, names
from dashboard.views.base import Ask, Data, View, shows_of
from dashboard.views.registry import register


def metric_kind(metric: str) -> str:
    return "pct" if is_rate(metric) else "num1"


def _median_voters(values: pl.DataFrame) -> float | None:
    voters = values["voters"].filter(values["voters"] > 0) if "voters" in values.columns else None
    return None if voters is None or voters.is_empty() else voters.median()


def _load(q, ask: Ask) -> Data | None:
    trend = q.type_trend(ask.filters)
    if trend.is_empty():
        return None
    values = q.unit_metric_values(ask.filters)
    return {
        "trend": trend,
        "values": values,
        "schemes": q.schemes_used(ask.filters),
        "median_voters": _median_voters(values),
    }


def _type_names(ask: Ask) -> dict[str, str]:
    return names("unit_type", ask.lang)


def type_trend_table(d: Data, ask: Ask) -> Table:
    t, value = ask.t, names("metric_short", ask.lang)[ask.metric]
    frame = d["trend"].select(
        pl.col("unit_type")
        .replace_strict(_type_names(ask), default=pl.col("unit_type"))
        .alias(t("单位类型")),
        pl.col("year").alias(t("年度")),
        pl.col("value").alias(value),
        pl.col("n_units").alias(t("单位数")),
        pl.col("median_voters").alias(t("每单位参评人数(中位数)")),
    )
    return Table(frame, {value: metric_kind(ask.metric), t("每单位参评人数(中位数)"): "num1"})


def _trend_shows(d: Data, ask: Ask):
    base = shows_of(d["values"], metric=ask.metric)
    return shows_of(d["trend"], metric=ask.metric, institutions=base.institutions)


def _type_caption(extra: str):
    def caption(d: Data, ask: Ask) -> str:
        return captions.chart_caption(
            ask.metric,
            d["schemes"],
            d["median_voters"],
            int(d["trend"]["n_units"].min()),
            extra=ask.t(extra) if extra else "",
            lang=ask.lang,
        )

    return caption


TYPE_TREND = register(
    View(
        name="type_trend",
        page="trends",
        question="各类单位的指标逐年怎样变化",
        load=_load,
        figure=lambda d, ask: charts.type_trend_figure(d["trend"], ask.metric, ask.lang),
        table=type_trend_table,
        caption=_type_caption(""),
        shows=_trend_shows,
    )
)

TYPE_TREND_FACETS = register(
    View(
        name="type_trend_facets",
        page="trends",
        question="各类单位的指标逐年怎样变化(每种类型一个小图)",
        load=_load,
        figure=lambda d, ask: charts.type_trend_facets_figure(d["trend"], ask.metric, ask.lang),
        table=type_trend_table,
        caption=_type_caption("每个小图一种单位类型,各小图纵轴相同,可直接比较高低。"),
        shows=_trend_shows,
    )
)


def distribution_table(d: Data, ask: Ask) -> Table:
    t, value = ask.t, names("metric_short", ask.lang)[ask.metric]
    frame = d["values"].select(
        pl.col("institution").alias(t("院校")),
        pl.col("unit").alias(t("单位")),
        pl.col("unit_type")
        .replace_strict(_type_names(ask), default=pl.col("unit_type"))
        .alias(t("单位类型")),
        pl.col("year").alias(t("年度")),
        pl.col("value").alias(value),
        pl.col("voters").alias(t("参评人数")),
    )
    return Table(frame, {value: metric_kind(ask.metric)})


DISTRIBUTION = register(
    View(
        name="distribution",
        page="trends",
        question="同类单位之间的指标相差多少",
        load=_load,
        figure=lambda d, ask: charts.distribution_figure(d["values"], ask.metric, ask.lang),
        table=distribution_table,
        caption=lambda d, ask: captions.chart_caption(
            ask.metric,
            d["schemes"],
            d["median_voters"],
            extra=ask.t("每个点是一个单位一年的值,箱体为四分位范围,横线为中位数。"),
            lang=ask.lang,
        ),
        shows=lambda d, ask: shows_of(d["values"], metric=ask.metric),
    )
)


def _load_mix(q, ask: Ask) -> Data | None:
    mix = q.grade_mix(ask.filters)
    if mix.is_empty():
        return None
    values = q.unit_metric_values(ask.filters)
    return {
        "mix": mix,
        "values": values,
        "schemes": q.schemes_used(ask.filters),
        "median_voters": _median_voters(values),
    }


def grade_mix_table(d: Data, ask: Ask) -> Table:
    t = ask.t
    frame = d["mix"].select(
        pl.col("unit_type")
        .replace_strict(_type_names(ask), default=pl.col("unit_type"))
        .alias(t("单位类型")),
        pl.col("year").alias(t("年度")),
        pl.col("grade")
        .replace_strict(names("grade", ask.lang), default=pl.col("grade"))
        .alias(t("综合评价等次")),
        pl.col("n").alias(t("单位数")),
        pl.col("share").alias(t("占比")),
    )
    return Table(frame, {t("占比"): "pct"})


def _mix_shows(d: Data, ask: Ask):
    institutions = (
        tuple(dict.fromkeys(d["schemes"]["institution"].to_list()))
        if "institution" in d["schemes"].columns
        else ()
    )
    if not d["values"].is_empty():
        institutions = shows_of(d["values"]).institutions
    return shows_of(d["mix"], institutions=institutions)


GRADE_MIX = register(
    View(
        name="grade_mix",
        page="trends",
        question="各类单位评为好、较好、一般、差的各有多少",
        load=_load_mix,
        figure=lambda d, ask: charts.grade_mix_figure(d["mix"], ask.lang),
        table=grade_mix_table,
        caption=lambda d, ask: captions.grade_mix_caption(d["schemes"], d["median_voters"], ask.lang),
        shows=_mix_shows,
    )
)
