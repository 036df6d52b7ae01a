"""Pure figure builders (polars frame → plotly Figure) sharing one template and one colour map; no Streamlit here."""

from __future__ import annotations

import functools

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
from plotly.subplots import make_subplots

from dashboard.labels import (
    FONT_FAMILY,
    GRADE_COLORS,
    GRADES,
    MODE_COLORS,
    MODE_ZH,
    OKABE_ITO,
    UNIT_TYPE_COLORS,
    UNIT_TYPES,
    institution_colors,
    is_rate,
)
from dashboard.labels import (
    names as labels_of,
)
from dashboard.safe import inert_figure
from dashboard.translation import tr

TEMPLATE_NAME = "pingyi"
TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT_FAMILY, "size": 13, "color": "#222222"},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        colorway=list(OKABE_ITO),
        title={"x": 0, "xanchor": "left", "font": {"size": 16}},
        xaxis={"showgrid": False, "linecolor": "#888888", "ticks": "outside", "automargin": True},
        yaxis={"gridcolor": "#E6E6E6", "zeroline": False, "linecolor": "#888888", "automargin": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": {"text": ""}},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
    )
)
pio.templates[TEMPLATE_NAME] = TEMPLATE

# passed to st.plotly_chart(config=…): PNG download at double resolution, no plotly logo
PLOTLY_CONFIG: dict = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "pingyi"},
    # no download from the chart toolbar: exports go through the export buttons, which know the user's role
    "modeBarButtonsToRemove": ["toImage"],
}
_DASHES = ("solid", "dash", "dot", "dashdot")
# up to this many years the counts are written on the chart; beyond it they are in the hover only
MAX_LABELLED_YEARS = 6


def _inert(build):
    """Every public figure builder's result goes through safe.inert_figure: names and other values from the data
    are shown as text in titles, legends, ticks and hover (Plotly would render their <a href> as a link)."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs) -> go.Figure:
        return inert_figure(build(*args, **kwargs))

    return wrapper


def _value_axis(metric: str, *, full_range: bool = False, lang: str = "zh") -> dict:
    """The value axis; shares as per cent, over 0–100% when `full_range` (distributions), else fitted (lines)."""
    title = {"text": labels_of("metric", lang)[metric]}
    if is_rate(metric):
        axis = {"title": title, "tickformat": ".0%"}
        return axis | {"range": [-0.02, 1.02]} if full_range else axis
    return {"title": title, "tickformat": ".0f"}


def _year(lang: str, what: str = "%{x}") -> str:
    """A year in a hover text: '2023年' / '2023'."""
    return what if lang == "en" else f"{what}年"


def _short(metric: str, lang: str) -> str:
    return labels_of("metric_short", lang)[metric]


_SIDE_LEGEND = {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"}


def _fmt(metric: str) -> str:
    """hovertemplate format of a value."""
    return ":.1%" if is_rate(metric) else ":.1f"


def _year_axis(years: list[int], lang: str = "zh") -> dict:
    return {
        "title": {"text": tr("年度", lang)},
        "tickmode": "array",
        "tickvals": years,
        "ticktext": [str(y) for y in years],
    }


def _sentence(title: str) -> str:
    """An English title starts with a capital even when it starts with a metric ("good rate by …")."""
    return title[:1].upper() + title[1:] if title[:1].islower() else title


def _figure(title: str, height: int = 420) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE_NAME, title={"text": _sentence(title)}, height=height)
    return fig


def _require(frame: pl.DataFrame, what: str) -> None:
    if frame.is_empty():
        raise ValueError(f"no data for {what}: pages show an empty-state message instead of a chart")


def _types_present(frame: pl.DataFrame) -> list[str]:
    present = set(frame["unit_type"].to_list())
    return [t for t in UNIT_TYPES if t in present]


def _type_line(
    rows: pl.DataFrame,
    unit_type: str,
    metric: str,
    labelled: bool,
    *,
    marker_size: int = 8,
    font_size: int = 11,
    lang: str = "zh",
) -> go.Scatter:
    """One unit type's line over the years, coloured by type, n units on the points (or in the hover)."""
    color = UNIT_TYPE_COLORS[unit_type]
    return go.Scatter(
        x=rows["year"].to_list(),
        y=rows["value"].to_list(),
        name=labels_of("unit_type", lang)[unit_type],
        mode="lines+markers+text" if labelled else "lines+markers",
        line={"color": color, "width": 2.5},
        marker={"color": color, "size": marker_size},
        text=[f"n={n}" for n in rows["n_units"].to_list()],
        textposition="top center",
        textfont={"size": font_size, "color": color},
        customdata=rows["n_units"].to_list(),
        hovertemplate=(
            f"{labels_of('unit_type', lang)[unit_type]} {_year(lang)}<br>{_short(metric, lang)} %{{y{_fmt(metric)}}}"
            f"<br>{tr('单位数', lang)} n=%{{customdata}}<extra></extra>"
        ),
    )


@_inert
def type_trend_figure(trend: pl.DataFrame, metric: str, lang: str = "zh") -> go.Figure:
    """Metric per unit type over the years (from queries.type_trend); n units written at every point."""
    _require(trend, "type_trend")
    fig = _figure(tr("各类单位的{metric}(按年度)", lang, metric=_short(metric, lang)))
    years = sorted(set(trend["year"].to_list()))
    labelled = len(years) <= MAX_LABELLED_YEARS
    for unit_type in _types_present(trend):
        rows = trend.filter(pl.col("unit_type") == unit_type).sort("year")
        fig.add_trace(_type_line(rows, unit_type, metric, labelled, lang=lang))
    fig.update_layout(xaxis=_year_axis(years, lang), yaxis=_value_axis(metric, lang=lang))
    return fig


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
        legend=_SIDE_LEGEND | {"title": {"text": tr("等次", lang)}, "traceorder": "normal"},
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
def institution_trend_figure(trend: pl.DataFrame, metric: str, lang: str = "zh") -> go.Figure:
    """One line per institution over the years (from queries.institution_trend), n units in the hover."""
    _require(trend, "institution_trend")
    fig = _figure(tr("各院校的{metric}(按年度)", lang, metric=_short(metric, lang)))
    names = list(dict.fromkeys(trend.sort("institution")["institution"].to_list()))
    colors = institution_colors(names)
    for i, name in enumerate(names):
        rows = trend.filter(pl.col("institution") == name).sort("year")
        fig.add_trace(
            go.Scatter(
                x=rows["year"].to_list(),
                y=rows["value"].to_list(),
                name=name,
                mode="lines+markers",
                line={
                    "color": colors[name],
                    "width": 2.5,
                    "dash": _DASHES[(i // len(OKABE_ITO)) % len(_DASHES)],
                },
                marker={"color": colors[name], "size": 8},
                customdata=list(
                    zip(rows["n_units"].to_list(), rows["scheme_label"].fill_null("").to_list(), strict=True)
                ),
                hovertemplate=(
                    f"{name} {_year(lang)}<br>{_short(metric, lang)} %{{y{_fmt(metric)}}}"
                    f"<br>{tr('单位数', lang)} n=%{{customdata[0]}}"
                    f"<br>{tr('口径:', lang)}%{{customdata[1]}}<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        xaxis=_year_axis(sorted(set(trend["year"].to_list())), lang), yaxis=_value_axis(metric, lang=lang)
    )
    if len(names) > 4:
        fig.update_layout(legend=_SIDE_LEGEND)
    return fig


@_inert
def rank_heatmap_figure(ranks: pl.DataFrame, metric: str, lang: str = "zh") -> go.Figure:
    """Rank of each institution among the selected per year (1 = best), institution × year."""
    _require(ranks, "institution_ranks")
    names = list(dict.fromkeys(ranks.sort("institution")["institution"].to_list()))
    years = sorted(set(ranks["year"].to_list()))
    cell = {(r["institution"], r["year"]): r for r in ranks.iter_rows(named=True)}
    z = [[cell[(n, y)]["rank"] if (n, y) in cell else None for y in years] for n in names]
    total = [[cell[(n, y)]["n_ranked"] if (n, y) in cell else None for y in years] for n in names]
    worst = max(int(ranks["n_ranked"].max()), 2)
    fig = _figure(
        tr("各院校{metric}的名次(1 = 所选院校中最高)", lang, metric=_short(metric, lang)),
        height=max(260, 60 + 44 * len(names)),
    )
    fig.add_trace(
        go.Heatmap(
            x=[str(y) for y in years],
            y=names,
            z=z,
            zmin=1,
            zmax=worst,
            customdata=total,
            colorscale=[[0.0, "#08519C"], [0.5, "#6BAED6"], [1.0, "#EFF3FF"]],
            text=[[str(v) if v is not None else "" for v in row] for row in z],
            texttemplate="%{text}",
            textfont={"size": 14},
            xgap=2,
            ygap=2,
            colorbar={
                "title": {"text": tr("名次", lang)},
                "tickmode": "array",
                "tickvals": list(range(1, worst + 1))[:12],
            },
            hovertemplate="%{y} "
            + _year(lang)
            + tr(":第 {rank} 名(共 {n} 所)", lang, rank="%{z}", n="%{customdata}")
            + "<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": {"text": tr("年度", lang)}, "type": "category", "showgrid": False},
        yaxis={"type": "category", "autorange": "reversed", "showgrid": False},
    )
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
    for word in list(dict.fromkeys(keywords["keyword"].to_list())):
        rows = keywords.filter(pl.col("keyword") == word).sort("year")
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
        xaxis=_year_axis(sorted(set(keywords["year"].to_list())), lang),
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
    years = rows["year"].to_list()
    fig.add_trace(
        go.Scatter(
            x=years,
            y=rows["score"].to_list(),
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
    years = sorted(set(trend["year"].to_list()))
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
    for col, unit_type in enumerate(types, start=1):
        rows = trend.filter(pl.col("unit_type") == unit_type).sort("year")
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
def institution_index_figure(trend: pl.DataFrame, metric: str, lang: str = "zh") -> go.Figure:
    """Each institution against its own first year in the range: value − first-year value (百分点 / 分)."""
    _require(trend, "institution_trend")
    frame = index_to_first_year(trend)
    unit = index_unit(metric, lang)
    scale = 100.0 if is_rate(metric) else 1.0
    fig = _figure(
        tr("各院校的{metric}相对本院校首年的变化({unit})", lang, metric=_short(metric, lang), unit=unit)
    )
    names = list(dict.fromkeys(frame.sort("institution")["institution"].to_list()))
    colors = institution_colors(names)
    for i, name in enumerate(names):
        rows = frame.filter(pl.col("institution") == name).sort("year")
        fig.add_trace(
            go.Scatter(
                x=rows["year"].to_list(),
                y=[None if v is None else round(v * scale, 6) for v in rows["indexed"].to_list()],
                name=name,
                mode="lines+markers",
                line={
                    "color": colors[name],
                    "width": 2.5,
                    "dash": _DASHES[(i // len(OKABE_ITO)) % len(_DASHES)],
                },
                marker={"color": colors[name], "size": 8},
                customdata=rows["base_year"].to_list(),
                hovertemplate=f"{name} {_year(lang)}<br>"
                + tr(
                    "比 {base} 年 {change} {unit}", lang, base="%{customdata}", change="%{y:+.1f}", unit=unit
                )
                + "<extra></extra>",
            )
        )
    fig.add_hline(y=0, line={"color": "#888888", "width": 1})
    fig.update_layout(
        xaxis=_year_axis(sorted(set(frame["year"].to_list())), lang),
        yaxis={
            "title": {"text": tr("相对首年({unit})", lang, unit=unit)},
            "tickformat": "+.0f",
            "zeroline": False,
        },
    )
    if len(names) > 4:
        fig.update_layout(legend=_SIDE_LEGEND)
    return fig


MAX_SLOPE_LABELS = 6


@_inert
def slope_figure(trend: pl.DataFrame, metric: str, year_a: int, year_b: int, lang: str = "zh") -> go.Figure:
    """Slope chart: each institution's value in two years, one line per institution with both values."""
    pairs = slope_pairs(trend, year_a, year_b)
    _require(pairs, "slope")
    fig = _figure(
        tr("各院校的{metric}:{a} 与 {b} 年", lang, metric=_short(metric, lang), a=year_a, b=year_b),
        height=460,
    )
    names = pairs["institution"].to_list()
    colors = institution_colors(list(dict.fromkeys(trend.sort("institution")["institution"].to_list())))
    fmt = (lambda v: f"{v * 100:.1f}%") if is_rate(metric) else (lambda v: f"{v:.1f}")
    labelled = len(names) <= MAX_SLOPE_LABELS  # more names than this collide: the legend names them instead
    for r in pairs.iter_rows(named=True):
        name = r["institution"]
        fig.add_trace(
            go.Scatter(
                x=[str(year_a), str(year_b)],
                y=[r["value_a"], r["value_b"]],
                name=name,
                mode="lines+markers+text" if labelled else "lines+markers",
                line={"color": colors.get(name, "#555555"), "width": 2.5},
                marker={"color": colors.get(name, "#555555"), "size": 9},
                text=[f"{name} {fmt(r['value_a'])}", f"{fmt(r['value_b'])} {name}"],
                textposition=["middle left", "middle right"],
                textfont={"size": 11, "color": colors.get(name, "#555555")},
                hovertemplate=f"{name} {_year(lang)}<br>{_short(metric, lang)} %{{y{_fmt(metric)}}}<extra></extra>",
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
