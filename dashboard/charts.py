"""Pure figure builders (polars frame → plotly Figure) sharing one template and one colour map; no Streamlit here.

The shared template, axes and gap handling are in dashboard.chart_base; the figures comparing institutions are in
dashboard.charts_institutions and re-exported here, so that callers use `charts.<figure>` for every figure.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard.chart_base import (
    _SIDE_LEGEND,
    MAX_LABELLED_YEARS,
    PLOTLY_CONFIG,
    TEMPLATE,
    TEMPLATE_NAME,
    _figure,
    _fmt,
    _inert,
    _require,
    _sentence,
    _short,
    _types_present,
    _value_axis,
    _year,
    _year_axis,
    note_gaps,
    reserved_margins,
    with_missing_years,
    with_traces,
    year_span,
)
from dashboard.charts_institutions import (
    MAX_SLOPE_LABELS,
    emphasise,
    index_to_first_year,
    index_unit,
    institution_index_figure,
    institution_trend_figure,
    rank_heatmap_figure,
    slope_figure,
    slope_pairs,
)
from dashboard.labels import GRADE_COLORS, GRADES, MODE_COLORS, MODE_ZH, UNIT_TYPE_COLORS, is_rate
from dashboard.labels import names as labels_of
from dashboard.translation import tr

__all__ = [
    "MAX_LABELLED_YEARS",
    "MAX_SLOPE_LABELS",
    "PLOTLY_CONFIG",
    "TEMPLATE",
    "TEMPLATE_NAME",
    "distribution_figure",
    "emphasise",
    "grade_distribution_figure",
    "grade_mix_figure",
    "index_to_first_year",
    "index_unit",
    "institution_index_figure",
    "institution_trend_figure",
    "keyword_trend_figure",
    "note_gaps",
    "rank_heatmap_figure",
    "rotation_figure",
    "slope_figure",
    "slope_pairs",
    "type_trend_facets_figure",
    "type_trend_figure",
    "unit_score_figure",
    "unit_votes_figure",
]


def _type_line(
    rows: pl.DataFrame,
    unit_type: str,
    metric: str,
    labelled: bool,
    *,
    marker_size: int = 8,
    font_size: int = 11,
    lang: str = "zh",
) -> dict:
    """One unit type's line over the years, coloured by type, n units on the points (or in the hover): a plain
    trace dict (chart_base.with_traces adds it without per-value validation; add_trace validates it)."""
    color = UNIT_TYPE_COLORS[unit_type]
    n_units = rows["n_units"].to_list()
    return {
        "type": "scatter",
        "x": rows["year"].to_list(),
        "y": rows["value"].to_list(),
        "name": labels_of("unit_type", lang)[unit_type],
        "mode": "lines+markers+text" if labelled else "lines+markers",
        "line": {"color": color, "width": 2.5},
        "marker": {"color": color, "size": marker_size},
        "text": ["" if n is None else f"n={n}" for n in n_units],
        "textposition": "top center",
        "textfont": {"size": font_size, "color": color},
        "customdata": n_units,
        "hovertemplate": (
            f"{labels_of('unit_type', lang)[unit_type]} {_year(lang)}<br>{_short(metric, lang)} %{{y{_fmt(metric)}}}"
            f"<br>{tr('单位数', lang)} n=%{{customdata}}<extra></extra>"
        ),
    }


def _by_type(frame: pl.DataFrame) -> list[tuple[str, pl.DataFrame]]:
    """(unit type, its rows by year) in the canonical type order, from one partition of the frame."""
    parts = {key[0]: rows for key, rows in frame.partition_by("unit_type", as_dict=True).items()}
    return [(t, parts[t].sort("year")) for t in _types_present(frame)]


@_inert
def type_trend_figure(trend: pl.DataFrame, metric: str, lang: str = "zh") -> go.Figure:
    """Metric per unit type over the years (from queries.type_trend); n units written at every point."""
    _require(trend, "type_trend")
    fig = _figure(tr("各类单位的{metric}(按年度)", lang, metric=_short(metric, lang)))
    years = year_span(trend)
    labelled = len(years) <= MAX_LABELLED_YEARS
    full = with_missing_years(trend, ["unit_type"], years)
    traces = [_type_line(rows, unit_type, metric, labelled, lang=lang) for unit_type, rows in _by_type(full)]
    return with_traces(
        fig,
        traces,
        {
            "xaxis": _year_axis(years, lang),
            "yaxis": _value_axis(metric, lang=lang),
            "margin": reserved_margins(),
        },
    )


@_inert
def distribution_figure(values: pl.DataFrame, metric: str, lang: str = "zh") -> go.Figure:
    """Spread of the unit values within each type and year (from queries.unit_metric_values): box + points."""
    _require(values, "unit_metric_values")
    fig = _figure(tr("各类单位{metric}的分布(每点一个单位)", lang, metric=_short(metric, lang)), height=440)
    years = sorted(set(values["year"].to_list()))
    for unit_type in _types_present(values):
        rows = values.filter(pl.col("unit_type") == unit_type)
        color = UNIT_TYPE_COLORS[unit_type]
        fig.add_trace(
            go.Box(
                x=[str(y) for y in rows["year"].to_list()],
                y=rows["value"].to_list(),
                name=labels_of("unit_type", lang)[unit_type],
                marker={"color": color, "size": 6, "opacity": 0.75},
                line={"color": color},
                fillcolor="rgba(255,255,255,0)",
                boxpoints="all",
                jitter=0.45,
                pointpos=0,
                text=[f"{i} · {u}" for i, u in zip(rows["institution"], rows["unit"], strict=True)],
                hovertemplate=f"%{{text}}<br>{_year(lang)} {_short(metric, lang)} %{{y{_fmt(metric)}}}<extra></extra>",
            )
        )
    fig.update_layout(
        boxmode="group",
        xaxis={
            "title": {"text": tr("年度", lang)},
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [str(y) for y in years],
        },
        yaxis=_value_axis(metric, full_range=True, lang=lang),
    )
    return fig


@_inert
def grade_mix_figure(mix: pl.DataFrame, lang: str = "zh") -> go.Figure:
    """Share of units by final grade per year, one panel per unit type (from queries.grade_mix): 100% stacks."""
    _require(mix, "grade_mix")
    types = _types_present(mix)
    years = [str(y) for y in sorted(set(mix["year"].to_list()))]
    labelled = len(years) <= MAX_LABELLED_YEARS
    fig = make_subplots(
        rows=1,
        cols=len(types),
        shared_yaxes=True,
        horizontal_spacing=0.03,
        subplot_titles=[labels_of("unit_type", lang)[t] for t in types],
    )
    fig.update_layout(
        template=TEMPLATE_NAME,
        title={"text": tr("各类单位的综合评价等次构成", lang)},
        height=440,
        barmode="stack",
        bargap=0.2,
        uniformtext={"minsize": 9, "mode": "hide"},
        # where it was (x = 1.01, not indented): with a title, the indentation would set the entries off from it,
        # and this figure reserves no margin for it (its rotated year ticks depend on the page's width)
        legend=_SIDE_LEGEND
        | {"x": 1.01, "indentation": 0, "title": {"text": tr("等次", lang)}, "traceorder": "normal"},
        margin={"r": 80},
    )
    for col, unit_type in enumerate(types, start=1):
        of_type = mix.filter(pl.col("unit_type") == unit_type)
        for grade in GRADES:
            rows = of_type.filter(pl.col("grade") == grade).sort("year")
            fig.add_trace(
                go.Bar(
                    x=[str(y) for y in rows["year"].to_list()],
                    y=rows["share"].to_list(),
                    name=labels_of("grade", lang)[grade],
                    legendgroup=grade,
                    showlegend=col == 1,
                    marker={"color": GRADE_COLORS[grade], "line": {"color": "#FFFFFF", "width": 0.5}},
                    customdata=rows["n"].to_list(),
                    text=[str(n) if n and labelled else "" for n in rows["n"].to_list()],
                    textposition="inside",
                    insidetextanchor="middle",
                    hovertemplate=(
                        f"{labels_of('unit_type', lang)[unit_type]} {_year(lang)}<br>{labels_of('grade', lang)[grade]}"
                        + tr(":{n} 个单位({share})", lang, n="%{customdata}", share="%{y:.0%}")
                        + "<extra></extra>"
                    ),
                ),
                row=1,
                col=col,
            )
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=years, row=1, col=col)
    fig.update_yaxes(tickformat=".0%", range=[0, 1], row=1, col=1, title={"text": tr("单位占比", lang)})
    return fig


@_inert
def rotation_figure(rotation: pl.DataFrame, lang: str = "zh") -> go.Figure:
    """Unit × year grid of reporting modes for one institution (from queries.onsite_rotation); overdue units
    (no on-site report within the cycle) are marked ⚠ in front of their names."""
    _require(rotation, "onsite_rotation")
    units = rotation.select("unit_id", "unit", "unit_type", "overdue").unique(
        subset=["unit_id"], keep="first"
    )
    units = units.sort(["overdue", "unit_type", "unit"], descending=[True, False, False])
    type_names = labels_of("unit_type", lang)
    labels = [
        ("⚠ " if o else "") + tr("{unit}({type})", lang, unit=u, type=type_names.get(t, t))
        for u, t, o in units.select("unit", "unit_type", "overdue").iter_rows()
    ]
    years = sorted(set(rotation["year"].to_list()))
    modes = [m for m in MODE_ZH if m in set(rotation["mode"].drop_nulls().to_list())]
    code = {m: i for i, m in enumerate(modes)}
    cell = {(u, y): m for u, y, m in rotation.select("unit_id", "year", "mode").iter_rows()}
    z = [[code.get(cell.get((u, y))) for y in years] for u in units["unit_id"].to_list()]
    mode_names = labels_of("mode", lang)
    text = [[mode_names.get(cell.get((u, y)), "") for y in years] for u in units["unit_id"].to_list()]
    steps = max(len(modes), 1)
    scale = []
    for i, m in enumerate(modes):
        scale += [[i / steps, MODE_COLORS[m]], [(i + 1) / steps, MODE_COLORS[m]]]
    fig = _figure(
        tr("述职方式轮换(每格一个单位一年;⚠ = 周期内未现场述职)", lang),
        height=max(300, 80 + 22 * len(labels)),
    )
    fig.add_trace(
        go.Heatmap(
            x=[str(y) for y in years],
            y=labels,
            z=z,
            zmin=-0.5,
            zmax=steps - 0.5,
            colorscale=scale or [[0, "#DDDDDD"], [1, "#DDDDDD"]],
            showscale=False,
            xgap=2,
            ygap=2,
            customdata=text,
            hovertemplate="%{y} " + _year(lang) + tr(":", lang) + "%{customdata}<extra></extra>",
        )
    )
    for m in modes:  # a legend for the modes present
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=mode_names[m],
                marker={"color": MODE_COLORS[m], "size": 12, "symbol": "square"},
            )
        )
    fig.update_layout(
        xaxis={"title": {"text": tr("年度", lang)}, "type": "category", "showgrid": False},
        yaxis={"type": "category", "autorange": "reversed", "showgrid": False},
    )
    return fig


@_inert
def keyword_trend_figure(keywords: pl.DataFrame, lang: str = "zh") -> go.Figure:
    """Share of reports naming each top keyword, per year (from queries.report_keywords)."""
    _require(keywords, "report_keywords")
    fig = _figure(tr("述职报告关键词(提及该词的报告占比)", lang))
    words = list(dict.fromkeys(keywords["keyword"].to_list()))
    full = with_missing_years(keywords, ["keyword"], year_span(keywords))
    parts = {key[0]: rows for key, rows in full.partition_by("keyword", as_dict=True).items()}
    for word in words:
        rows = parts[word]
        fig.add_trace(
            go.Scatter(
                x=rows["year"].to_list(),
                y=rows["share"].to_list(),
                name=word,
                mode="lines+markers",
                customdata=list(zip(rows["n"].to_list(), rows["n_reports"].to_list(), strict=True)),
                hovertemplate=f"{word} {_year(lang)}"
                + tr(
                    ":{share}({n}/{total} 份)",
                    lang,
                    share="%{y:.0%}",
                    n="%{customdata[0]}",
                    total="%{customdata[1]}",
                )
                + "<extra></extra>",
            )
        )
    fig.update_layout(
        xaxis=_year_axis(year_span(keywords), lang),
        yaxis={"tickformat": ".0%", "rangemode": "tozero", "title": {"text": tr("报告占比", lang)}},
    )
    return fig


# ---------------------------------------------------------------- overview and unit profile


@_inert
def grade_distribution_figure(dist: pl.DataFrame, title: str, lang: str = "zh") -> go.Figure:
    """Units of one institution-year by final grade (from queries.grade_distribution), grade colours."""
    _require(dist, "grade_distribution")
    fig = _figure(title, height=340)
    rows = list(dist.iter_rows(named=True))
    fig.add_trace(
        go.Bar(
            x=[labels_of("grade", lang)[r["grade"]] for r in rows],
            y=[r["n"] for r in rows],
            marker={"color": [GRADE_COLORS[r["grade"]] for r in rows]},
            text=[tr("{n} 个", lang, n=r["n"]) for r in rows],
            textposition="outside",
            customdata=[0.0 if r["share"] is None else r["share"] for r in rows],
            hovertemplate="%{x}"
            + tr(":{n} 个单位({share})", lang, n="%{y}", share="%{customdata:.0%}")
            + "<extra></extra>",
            showlegend=False,
        )
    )
    top = max([r["n"] for r in rows] + [1])
    fig.update_layout(
        xaxis={"title": {"text": tr("综合评价等次", lang)}, "type": "category"},
        yaxis={
            "title": {"text": tr("单位数", lang)},
            "dtick": 1 if top <= 10 else None,
            "range": [0, top * 1.25],
        },
        margin={"t": 50},
    )
    return fig


@_inert
def unit_score_figure(history: pl.DataFrame, name: str, lang: str = "zh") -> go.Figure:
    """One unit's score per year (from queries.unit_history): a line, markers coloured by the final grade."""
    rows = history.filter(pl.col("score").is_not_null()).sort("year")
    _require(rows, "unit_history")
    fig = _figure(tr("{name}:得分与综合评价等次(按年度)", lang, name=name), height=380)
    years = year_span(rows)
    by_year = dict(zip(rows["year"].to_list(), rows["score"].to_list(), strict=True))
    fig.add_trace(
        go.Scatter(
            x=years,
            y=[by_year.get(y) for y in years],  # a year without a score is a gap in the line
            mode="lines",
            line={"color": "#888888", "width": 2},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    for grade in GRADES:
        part = rows.filter(pl.col("final_grade") == grade)
        if part.is_empty():
            continue
        fig.add_trace(
            go.Scatter(
                x=part["year"].to_list(),
                y=part["score"].to_list(),
                mode="markers+text",
                name=labels_of("grade", lang)[grade],
                marker={"color": GRADE_COLORS[grade], "size": 14, "line": {"color": "#333333", "width": 1}},
                text=[f"{s:.1f}" for s in part["score"].to_list()],
                textposition="top center",
                customdata=part["scheme_label"].fill_null("").to_list(),
                hovertemplate=f"{_year(lang)} {tr('得分', lang)} %{{y:.1f}} · {labels_of('grade', lang)[grade]}"
                f"<br>{tr('口径:', lang)}%{{customdata}}<extra></extra>",
            )
        )
    low = min(rows["score"].min(), 60)
    fig.update_layout(
        xaxis=_year_axis(years, lang),
        yaxis={
            "title": {"text": tr("得分", lang)},
            "range": [max(0, low - 5), 102],
            "tickformat": ".0f",
        },
        legend={"title": {"text": tr("等次", lang)}},
    )
    return fig


@_inert
def unit_votes_figure(votes: pl.DataFrame, name: str, lang: str = "zh") -> go.Figure:
    """Votes of one unit by grade per year as 100% stacks (from queries.unit_votes_by_group); one bar per rater
    group within a year when the votes were counted by group (票种)."""
    _require(votes, "unit_votes_by_group")
    rows = votes.sort("year", "rater_group")
    by_group = rows["rater_group"].n_unique() > 1
    totals = rows.select(
        pl.sum_horizontal(*(pl.col(f"votes_{g}").fill_null(0) for g in GRADES)).alias("total")
    )["total"].to_list()
    if by_group:
        x: list = [[str(y) for y in rows["year"].to_list()], rows["rater_group"].to_list()]
    else:
        x = [str(y) for y in rows["year"].to_list()]
    title = "{name}:各等次票数占比(按年度与票种)" if by_group else "{name}:各等次票数占比(按年度)"
    fig = _figure(tr(title, lang, name=name), height=380)
    for grade in GRADES:
        counts = rows[f"votes_{grade}"].fill_null(0).to_list()
        shares = [c / t if t else None for c, t in zip(counts, totals, strict=True)]
        fig.add_trace(
            go.Bar(
                x=x,
                y=shares,
                name=labels_of("grade", lang)[grade],
                marker={"color": GRADE_COLORS[grade], "line": {"color": "#FFFFFF", "width": 0.5}},
                customdata=list(zip(counts, totals, strict=True)),
                text=[str(c) if c else "" for c in counts],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate=labels_of("grade", lang)[grade]
                + tr(
                    ":{n}/{total} 票({share})",
                    lang,
                    n="%{customdata[0]}",
                    total="%{customdata[1]}",
                    share="%{y:.0%}",
                )
                + "<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        bargap=0.35,
        uniformtext={"minsize": 9, "mode": "hide"},
        yaxis={"title": {"text": tr("票数占比", lang)}, "tickformat": ".0%", "range": [0, 1]},
        xaxis={"title": {"text": tr("年度", lang)}} | ({} if by_group else {"type": "category"}),
        legend={"title": {"text": tr("等次", lang)}, "traceorder": "normal"},
    )
    return fig


# ---------------------------------------------------------------- small multiples, index and slope


@_inert
def type_trend_facets_figure(trend: pl.DataFrame, metric: str, lang: str = "zh") -> go.Figure:
    """The unit-type trend as small multiples: one panel per type on a shared value axis, n at every point."""
    _require(trend, "type_trend")
    types = _types_present(trend)
    years = year_span(trend)
    fig = make_subplots(
        rows=1,
        cols=len(types),
        shared_yaxes=True,
        horizontal_spacing=0.03,
        subplot_titles=[labels_of("unit_type", lang)[t] for t in types],
    )
    fig.update_layout(
        template=TEMPLATE_NAME,
        title={
            "text": _sentence(tr("各类单位的{metric}(按年度,分类型小图)", lang, metric=_short(metric, lang)))
        },
        height=420,
        showlegend=False,
    )
    labelled = len(years) <= MAX_LABELLED_YEARS
    by_type = dict(_by_type(with_missing_years(trend, ["unit_type"], years)))
    for col, unit_type in enumerate(types, start=1):
        rows = by_type[unit_type]
        fig.add_trace(
            _type_line(rows, unit_type, metric, labelled, marker_size=7, font_size=10, lang=lang),
            row=1,
            col=col,
        )
        axis = _year_axis(years, lang) | {"title": {"text": tr("年度", lang) if col == 1 else ""}}
        fig.update_xaxes(axis, row=1, col=col)
    fig.update_yaxes(_value_axis(metric, lang=lang), row=1, col=1)
    if is_rate(metric):
        fig.update_yaxes(tickformat=".0%")
    return fig
