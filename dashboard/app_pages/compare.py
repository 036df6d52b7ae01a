"""院校对比: each institution's metric over the years, its rank among the selected, and the change on the year before."""

from __future__ import annotations

import streamlit as st

from dashboard import captions, charts, coverage, data, export, tables
from dashboard.downloads import export_row, pack_section
from dashboard.i18n import current_lang, t
from dashboard.labels import names

lang = current_lang()
st.title(t("院校对比"))
version, f = data.pinned()

problem = captions.selection_problem(f.institutions, f.unit_types, lang)
if problem:
    st.info(problem, icon=":material/filter_alt_off:")
    st.stop()
# an institution that published grades only has no 好评率 or 得分: its share of units graded 好 instead (or a plain note)
choice, f = coverage.for_page(version, f, lang)
if choice.blocked:  # the metric cannot be shown; the briefing pack can still be made
    st.info(choice.blocked, icon=":material/grade:")
    pack_section(version, f)
    st.stop()
coverage.show(choice)

trend = data.institution_trend(version, f)
if trend.is_empty():
    st.info(
        captions.no_data(f.year_from, f.year_to, f.unit_types, names("metric", lang)[f.metric], lang),
        icon=":material/search_off:",
    )
    st.stop()

schemes = data.schemes_used(version, f)
median_voters = trend["median_voters"].median()
if f.metric == "score" and captions.schemes_differ(schemes):
    st.warning(
        t(
            "所选院校或年度的得分来自不同口径(等次折分、权重或阈值不同),不宜直接比较;"
            "建议改用好评率、满意率或“好”单位占比。 / Scores come from different schemes and are not comparable: "
            "prefer the shares."
        ),
        icon=":material/warning:",
    )

st.subheader(t("逐年对比"))
indexed = st.toggle(
    t("以各院校首年为基准"),
    key="compare_index",
    help=t("每所院校减去自己在所选范围内第一个有数据年度的值,比较各自的变化而非高低"),
)
if indexed:
    unit = charts.index_unit(f.metric, lang)
    fig = charts.institution_index_figure(trend, f.metric, lang)
    table = export.index_table(trend, f.metric)
    extra = t(
        "纵轴 = 当年值 − 该院校在所选年度范围内第一个有数据年度的值(单位:{unit}),每条线从 0 开始;"
        "比较的是各自的变化,不是高低。",
        unit=unit,
    )
else:
    fig = charts.institution_trend_figure(trend, f.metric, lang)
    table = export.institution_trend_table(trend, f.metric)
    extra = ""
st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG, key="compare_lines")
caption = captions.chart_caption(f.metric, schemes, median_voters, extra=extra, lang=lang)
st.caption(caption)
export_row(
    export.Item(
        "institution_index" if indexed else "institution_trend",
        fig.layout.title.text,
        table,
        caption,
        fig,
        "institution_trend",
    ),
    version=version,
    f=f,
    key="institution_trend",
)

# The lower sections are lazy tabs: only the open one runs and is drawn, so a sidebar change redraws the line chart
# and one section instead of three charts and a table (issue #8: a metric change under 1 s at province scale).
# The key carries the language because the tab labels (the widget's values) change with it.
rank_tab, yoy_tab, slope_tab = st.tabs(
    [t("名次"), t("同比变化"), t("两年对比")], key=f"compare_tab_{lang}", on_change="rerun"
)
if rank_tab.open:
    with rank_tab:
        fig = charts.rank_heatmap_figure(trend, f.metric, lang)
        st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG, key="compare_ranks")
        caption = captions.rank_caption(f.metric, schemes, lang)
        st.caption(caption)
        export_row(
            export.Item(
                "rank_heatmap",
                fig.layout.title.text,
                export.institution_trend_table(trend, f.metric),
                caption,
                fig,
                "institution_trend",
            ),
            version=version,
            f=f,
            key="rank_heatmap",
        )
if yoy_tab.open:
    with yoy_tab:
        pooled = data.pooled_votes(version, f)
        st.dataframe(
            tables.yoy_table(trend, f.metric, pooled, lang),
            hide_index=True,
            column_config={
                c: st.column_config.NumberColumn(format="%.1f")
                for c in tables.one_decimal_columns(f.metric, lang)
            }
            | {t("说明"): st.column_config.TextColumn(width="large")},
        )
        caption = captions.yoy_caption(f.metric, median_voters, schemes, lang)
        st.caption(caption)
        export_row(
            export.Item(
                "yoy",
                t("{metric}同比变化", metric=names("metric_short", lang)[f.metric]),
                export.yoy_export_table(trend, f.metric, pooled),
                caption,
                None,
                "institution_trend",
            ),
            version=version,
            f=f,
            key="yoy",
        )
if slope_tab.open:
    with slope_tab:
        years = sorted(set(trend["year"].to_list()))
        if len(years) < 2:
            st.info(
                t(
                    "所选范围只有 {year} 年的数据,需要至少两个年度才能画两年对比;请在侧栏放宽年度范围。",
                    year=years[0],
                ),
                icon=":material/search_off:",
            )
        else:
            left, right, _ = st.columns([1, 1, 3])
            with left:
                year_a = st.selectbox(t("起始年度"), options=years, index=0, key="slope_from")
            with right:
                year_b = st.selectbox(t("结束年度"), options=years, index=len(years) - 1, key="slope_to")
            pairs = charts.slope_pairs(trend, year_a, year_b)
            if year_a == year_b:
                st.info(t("请选择两个不同的年度。"), icon=":material/event_busy:")
            elif pairs.is_empty():
                st.info(
                    t("没有院校在 {a} 年与 {b} 年都有数据,请换两个年度。", a=year_a, b=year_b),
                    icon=":material/search_off:",
                )
            else:
                fig = charts.slope_figure(trend, f.metric, year_a, year_b, lang)
                st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG, key="compare_slope")
                missing = sorted(set(trend["institution"].to_list()) - set(pairs["institution"].to_list()))
                caption = captions.chart_caption(
                    f.metric,
                    schemes,
                    median_voters,
                    extra=t(
                        "每条线连接一所院校 {a} 年与 {b} 年的值,只画两年都有数据的院校", a=year_a, b=year_b
                    )
                    + (t("(未画:{names})", names=t("、").join(missing)) if missing else "")
                    + t(";线越陡变化越大。"),
                    lang=lang,
                )
                st.caption(caption)
                export_row(
                    export.Item(
                        "slope",
                        fig.layout.title.text,
                        export.slope_table(trend, f.metric, year_a, year_b),
                        caption,
                        fig,
                        "institution_trend",
                    ),
                    version=version,
                    f=f,
                    key="slope",
                )

pack_section(version, f)
