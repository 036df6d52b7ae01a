"""Figures that compare institutions (院校对比, the pack's peers): lines, index, slope and rank heatmap.

Each institution has one style wherever it appears (dashboard.labels.institution_styles: from its id, not its
position); with `focus` (an institution id) that institution is drawn thick and on top, the others thinner.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl

from dashboard.chart_base import (
    _SIDE_LEGEND,
    _figure,
    _fmt,
    _inert,
    _require,
    _short,
    _value_axis,
    _year,
    _year_axis,
    reserved_margins,
    with_missing_years,
    with_traces,
    year_span,
)
from dashboard.labels import FOCUS_WIDTH, LINE_WIDTH, MUTED_WIDTH, Style, institution_styles, is_rate
from dashboard.safe import plotly_text
from dashboard.translation import tr

MAX_SLOPE_LABELS = 6


def _line_look(style: Style, institution_id: str, focus: str | None) -> dict:
    """line, marker and legend rank of one institution's trace: the focus thick and first, others thinner."""
    if focus is None:
        width, size = LINE_WIDTH, 8
    else:
        width, size = (FOCUS_WIDTH, 11) if institution_id == focus else (MUTED_WIDTH, 6)
    return {
        "line": {"color": style.color, "width": width, "dash": style.dash},
        "marker": {"color": style.color, "size": size, "symbol": style.symbol},
    }


def emphasise(fig: go.Figure, name: str | None) -> go.Figure:
    """A copy of a built figure with the lines of institution `name` drawn thick and on top, the others thinner
    (for callers that have the figure but not the builder's `focus`, such as the pack's slides)."""
    out = go.Figure(fig)
    if not name:
        return out
    shown = plotly_text(name)
    lines = [t for t in out.data if t.type == "scatter" and "lines" in (t.mode or "lines")]
    if not any(t.name in (name, shown) for t in lines):
        return out
    for rank, trace in enumerate(lines):
        mine = trace.name in (name, shown)
        trace.line.width = FOCUS_WIDTH if mine else MUTED_WIDTH
        trace.marker.size = 11 if mine else 6
        if trace.legendrank is None or trace.legendrank == 1000:
            trace.legendrank = rank
    out.data = [t for t in out.data if t.name not in (name, shown)] + [
        t for t in out.data if t.name in (name, shown)
    ]
    return out


def _per_institution(frame: pl.DataFrame, columns: Sequence[str]) -> list[tuple]:
    """One pass over `frame`: (institution_id, institution, years, *columns as lists) per institution, by name,
    with a null point for every missing year in the frame's span (a gap, never a bridge)."""
    full = with_missing_years(
        frame.select("institution_id", "institution", "year", *columns),
        ["institution_id", "institution"],
        year_span(frame),
    )
    grouped = full.group_by("institution_id", "institution", maintain_order=True).agg("year", *columns)
    return [_trim(row) for row in grouped.sort("institution", "institution_id").iter_rows()]


def _trim(row: tuple) -> tuple:
    """An institution's lists from its first to its last year with a value: a line that starts later or ends
    earlier is no gap; only missing years inside stay, as nulls."""
    values = row[3]
    present = [i for i, v in enumerate(values) if v is not None]
    if not present:
        return row
    lo, hi = present[0], present[-1] + 1
    return (row[0], row[1], *(column[lo:hi] for column in row[2:]))


def _draw_order(rows: list[tuple], focus: str | None) -> list[tuple]:
    """The focus last, so that it is drawn over the others (the legend keeps the name order by legendrank)."""
    return sorted(rows, key=lambda r: r[0] == focus) if focus else rows


@_inert
def institution_trend_figure(
    trend: pl.DataFrame, metric: str, lang: str = "zh", *, focus: str | None = None, among: Sequence[str] = ()
) -> go.Figure:
    """One line per institution over the years (from queries.institution_trend), n units in the hover; a missing
    year is a gap. Built from one group-by pass over the frame (issue #18: no filter-and-sort per institution)."""
    _require(trend, "institution_trend")
    fig = _figure(tr("各院校的{metric}(按年度)", lang, metric=_short(metric, lang)))
    rows = _per_institution(
        trend.with_columns(pl.col("scheme_label").fill_null("")), ["value", "n_units", "scheme_label"]
    )
    styles = institution_styles([r[0] for r in rows], among)
    hover = (
        f"{_year(lang)}<br>{_short(metric, lang)} %{{y{_fmt(metric)}}}"
        f"<br>{tr('单位数', lang)} n=%{{customdata[0]}}"
        f"<br>{tr('口径:', lang)}%{{customdata[1]}}<extra></extra>"
    )
    rank = {r[0]: i for i, r in enumerate(rows)}
    traces = []
    for institution_id, name, years, values, n_units, schemes in _draw_order(rows, focus):
        traces.append(
            {
                "type": "scatter",
                "x": years,
                "y": values,
                "name": name,
                "mode": "lines+markers",
                "connectgaps": False,
                "legendrank": rank[institution_id],
                "customdata": list(zip(n_units, schemes, strict=True)),
                "hovertemplate": f"{name} " + hover,
                **_line_look(styles[institution_id], institution_id, focus),
            }
        )
    side = len(rows) > 4
    layout = {
        "xaxis": _year_axis(year_span(trend), lang),
        "yaxis": _value_axis(metric, lang=lang),
        "margin": reserved_margins(legend=[t["name"] for t in traces] if side else ()),
    }
    return with_traces(fig, traces, layout | ({"legend": _SIDE_LEGEND} if side else {}))


@_inert
def rank_heatmap_figure(ranks: pl.DataFrame, metric: str, lang: str = "zh") -> go.Figure:
    """Rank of each institution among the selected per year (1 = best), institution × year."""
    _require(ranks, "institution_ranks")
    names = list(dict.fromkeys(ranks.sort("institution")["institution"].to_list()))
    years = year_span(ranks)  # a year without any data is a blank column, not a missing one
    cell = {(r["institution"], r["year"]): r for r in ranks.iter_rows(named=True)}
    z = [[cell[(n, y)]["rank"] if (n, y) in cell else None for y in years] for n in names]
    total = [[cell[(n, y)]["n_ranked"] if (n, y) in cell else None for y in years] for n in names]
    worst = max(int(ranks["n_ranked"].max()), 2)
    fig = _figure(
        tr("各院校{metric}的名次(1 = 所选院校中最高)", lang, metric=_short(metric, lang)),
        height=max(260, 60 + 44 * len(names)),
    )
    heatmap = {
        "type": "heatmap",
        "x": [str(y) for y in years],
        "y": names,
        "z": z,
        "zmin": 1,
        "zmax": worst,
        "customdata": total,
        "colorscale": [[0.0, "#08519C"], [0.5, "#6BAED6"], [1.0, "#EFF3FF"]],
        "text": [[str(v) if v is not None else "" for v in row] for row in z],
        "texttemplate": "%{text}",
        "textfont": {"size": 14},
        "xgap": 2,
        "ygap": 2,
        "colorbar": {
            "title": {"text": tr("名次", lang)},
            "tickmode": "array",
            "tickvals": list(range(1, worst + 1))[:12],
            # at the plot's edge (not 1.02 of its width), so the room it takes is known beforehand
            "x": 1,
            "xpad": 18,
        },
        "hovertemplate": "%{y} "
        + _year(lang)
        + tr(":第 {rank} 名(共 {n} 所)", lang, rank="%{z}", n="%{customdata}")
        + "<extra></extra>",
    }
    layout = {  # a plain dict, as the trace: no per-cell validation (the tests validate the JSON)
        "xaxis": {"title": {"text": tr("年度", lang)}, "type": "category", "showgrid": False},
        "yaxis": {"type": "category", "autorange": "reversed", "showgrid": False},
        "margin": reserved_margins(categories=names, colorbar_max=min(worst, 12)),
    }
    return with_traces(fig, [heatmap], layout)


def index_to_first_year(trend: pl.DataFrame) -> pl.DataFrame:
    """`trend` (queries.institution_trend) with `base_year`, `base_value` and `indexed` = value − the
    institution's value in its first year within the frame (so every line starts at 0)."""
    base = (
        trend.filter(pl.col("value").is_not_null())
        .sort("year")
        .group_by("institution_id", maintain_order=True)
        .agg(pl.col("year").first().alias("base_year"), pl.col("value").first().alias("base_value"))
    )
    return trend.join(base, on="institution_id", how="left").with_columns(
        (pl.col("value") - pl.col("base_value")).alias("indexed")
    )


def index_unit(metric: str, lang: str = "zh") -> str:
    return tr("百分点" if is_rate(metric) else "分", lang)


@_inert
def institution_index_figure(
    trend: pl.DataFrame, metric: str, lang: str = "zh", *, focus: str | None = None, among: Sequence[str] = ()
) -> go.Figure:
    """Each institution against its own first year in the range: value − first-year value (百分点 / 分)."""
    _require(trend, "institution_trend")
    frame = index_to_first_year(trend)
    unit = index_unit(metric, lang)
    scale = 100.0 if is_rate(metric) else 1.0
    fig = _figure(
        tr("各院校的{metric}相对本院校首年的变化({unit})", lang, metric=_short(metric, lang), unit=unit)
    )
    rows = _per_institution(frame, ["indexed", "base_year"])
    styles = institution_styles([r[0] for r in rows], among)
    rank = {r[0]: i for i, r in enumerate(rows)}
    hover = (
        f"{_year(lang)}<br>"
        + tr("比 {base} 年 {change} {unit}", lang, base="%{customdata}", change="%{y:+.1f}", unit=unit)
        + "<extra></extra>"
    )
    traces = []
    for institution_id, name, years, indexed, base_years in _draw_order(rows, focus):
        base = next((b for b in base_years if b is not None), None)
        traces.append(
            {
                "type": "scatter",
                "x": years,
                "y": [None if v is None else round(v * scale, 6) for v in indexed],
                "name": name,
                "mode": "lines+markers",
                "connectgaps": False,
                "legendrank": rank[institution_id],
                "customdata": [base] * len(years),
                "hovertemplate": f"{name} " + hover,
                **_line_look(styles[institution_id], institution_id, focus),
            }
        )
    fig = with_traces(fig, traces)
    fig.add_hline(y=0, line={"color": "#888888", "width": 1})
    fig.update_layout(
        xaxis=_year_axis(year_span(frame), lang),
        yaxis={
            "title": {"text": tr("相对首年({unit})", lang, unit=unit)},
            "tickformat": "+.0f",
            "zeroline": False,
        },
    )
    side = len(rows) > 4
    fig.update_layout(margin=reserved_margins(legend=[t["name"] for t in traces] if side else ()))
    if side:
        fig.update_layout(legend=_SIDE_LEGEND)
    return fig


@_inert
def slope_figure(
    trend: pl.DataFrame,
    metric: str,
    year_a: int,
    year_b: int,
    lang: str = "zh",
    *,
    focus: str | None = None,
    among: Sequence[str] = (),
) -> go.Figure:
    """Slope chart: each institution's value in two years, one line per institution with both values."""
    pairs = slope_pairs(trend, year_a, year_b)
    _require(pairs, "slope")
    fig = _figure(
        tr("各院校的{metric}:{a} 与 {b} 年", lang, metric=_short(metric, lang), a=year_a, b=year_b),
        height=460,
    )
    names = pairs["institution"].to_list()
    # the styles of everyone on the page's other charts, so that an institution looks the same on all of them
    styles = institution_styles(trend["institution_id"].unique(maintain_order=True).to_list(), among)
    fmt = (lambda v: f"{v * 100:.1f}%") if is_rate(metric) else (lambda v: f"{v:.1f}")
    labelled = len(names) <= MAX_SLOPE_LABELS  # more names than this collide: the legend names them instead
    rows = list(pairs.iter_rows(named=True))
    if focus:
        rows.sort(key=lambda r: r["institution_id"] == focus)
    for rank, r in enumerate(rows):
        name, look = r["institution"], _line_look(styles[r["institution_id"]], r["institution_id"], focus)
        fig.add_trace(
            go.Scatter(
                x=[str(year_a), str(year_b)],
                y=[r["value_a"], r["value_b"]],
                name=name,
                mode="lines+markers+text" if labelled else "lines+markers",
                legendrank=rank,
                text=[f"{name} {fmt(r['value_a'])}", f"{fmt(r['value_b'])} {name}"],
                textposition=["middle left", "middle right"],
                textfont={"size": 12, "color": look["line"]["color"]},
                hovertemplate=f"{name} {_year(lang)}<br>{_short(metric, lang)} %{{y{_fmt(metric)}}}<extra></extra>",
                **look,
            )
        )
    fig.update_layout(
        xaxis={
            "type": "category",
            "title": {"text": tr("年度", lang)},
            "range": [-0.9, 1.9] if labelled else [-0.2, 1.2],
        },
        yaxis=_value_axis(metric, lang=lang),
        showlegend=not labelled,
    )
    if not labelled:
        fig.update_layout(legend=_SIDE_LEGEND)
    return fig


def slope_pairs(trend: pl.DataFrame, year_a: int, year_b: int) -> pl.DataFrame:
    """institution, value_a, value_b, change for the institutions with a value in both years."""
    a = trend.filter(pl.col("year") == year_a).select(
        "institution_id", "institution", pl.col("value").alias("value_a")
    )
    b = trend.filter(pl.col("year") == year_b).select("institution_id", pl.col("value").alias("value_b"))
    return (
        a.join(b, on="institution_id", how="inner")
        .filter(pl.col("value_a").is_not_null() & pl.col("value_b").is_not_null())
        .with_columns((pl.col("value_b") - pl.col("value_a")).alias("change"))
        .sort("institution")
    )
