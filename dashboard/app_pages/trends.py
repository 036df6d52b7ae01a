"""单位类型趋势: the metric per unit type over the years, its spread within each type, and the grade mix."""

from __future__ import annotations

import streamlit as st

from dashboard import captions, charts, coverage, data, export
from dashboard.downloads import export_row
from dashboard.i18n import current_lang, t
from dashboard.labels import names

lang = current_lang()
st.title(t("单位类型趋势"))
version, f = data.pinned()

problem = captions.selection_problem(f.institutions, f.unit_types, lang)
if problem:
    st.info(problem, icon=":material/filter_alt_off:")
    st.stop()
# an institution that published grades only has no 好评率 or 得分: its share of units graded 好 instead (or a plain note)
choice, f = coverage.for_page(version, f, lang)


def grade_mix_section(median_voters: float | None) -> None:
    """Units by final grade per type and year (official grades first): shown for grade-only institutions too."""
    mix = data.grade_mix(version, f)
    if mix.is_empty():
        st.info(
            t("所选范围内的单位没有综合评价等次。 / No final grades in this selection."),
            icon=":material/search_off:",
        )
        return
    fig = charts.grade_mix_figure(mix, lang)
    st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG, key="trends_grade_mix")
    schemes = data.schemes_used(version, f)
    caption = captions.grade_mix_caption(schemes, median_voters, lang)
    st.caption(caption)
    export_row(
        export.Item(
            "grade_mix", fig.layout.title.text, export.grade_mix_table(mix), caption, fig, "grade_mix"
        ),
        version=version,
        f=f,
        key="grade_mix",
        metric=False,
    )


if choice.blocked:  # the metric cannot be shown; the grade mix can (unless there are rosters only)
    st.info(choice.blocked, icon=":material/list_alt:" if choice.roster_only else ":material/grade:")
    if not choice.roster_only:
        st.subheader(t("等次构成"))
        grade_mix_section(None)
    st.stop()
coverage.show(choice)

trend = data.type_trend(version, f)
if trend.is_empty():
    st.info(
        captions.no_data(f.year_from, f.year_to, f.unit_types, names("metric", lang)[f.metric], lang),
        icon=":material/search_off:",
    )
    st.stop()

values = data.unit_metric_values(version, f)
schemes = data.schemes_used(version, f)
median_voters = values["voters"].filter(values["voters"] > 0).median()

st.subheader(t("各类单位逐年变化"))
facets = st.toggle(
    t("分类型小图"), key="trends_facets", help=t("每种单位类型一个小图,纵轴相同 / one panel per unit type")
)
if facets:
    fig = charts.type_trend_facets_figure(trend, f.metric, lang)
    extra = t("每个小图一种单位类型,各小图纵轴相同,可直接比较高低。")
else:
    fig = charts.type_trend_figure(trend, f.metric, lang)
    extra = ""
st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG, key="trends_lines")
caption = captions.chart_caption(
    f.metric, schemes, median_voters, int(trend["n_units"].min()), extra=extra, lang=lang
)
st.caption(caption)
export_row(
    export.Item(
        "type_trend",
        fig.layout.title.text,
        export.type_trend_table(trend, f.metric),
        caption,
        fig,
        "type_trend",
    ),
    version=version,
    f=f,
    key="type_trend",
)

# The two lower charts are lazy tabs: only the open one runs and is drawn. 等次构成 is open first: the distribution
# puts every unit-year on the chart (tens of thousands of points at province scale) and took about 1 s of the
# browser's CPU on every sidebar change; closed, a metric change costs 0.47 s instead of 1.4 s (docs/benchmarks.md).
# The key carries the language because the tab labels (the widget's values) change with it.
mix_tab, dist_tab = st.tabs([t("等次构成"), t("类内分布")], key=f"trends_tab_{lang}", on_change="rerun")
if dist_tab.open:
    with dist_tab:
        fig = charts.distribution_figure(values, f.metric, lang)
        st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG, key="trends_distribution")
        caption = captions.chart_caption(
            f.metric,
            schemes,
            median_voters,
            extra=t("每个点是一个单位一年的值,箱体为四分位范围,横线为中位数。"),
            lang=lang,
        )
        st.caption(caption)
        export_row(
            export.Item(
                "distribution",
                fig.layout.title.text,
                export.distribution_table(values, f.metric),
                caption,
                fig,
                "unit_metric_values",
            ),
            version=version,
            f=f,
            key="distribution",
        )
if mix_tab.open:
    with mix_tab:
        grade_mix_section(median_voters)
