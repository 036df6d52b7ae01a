"""院校对比: each institution's metric over the years, its rank among the selected, and the change on the year before."""

from __future__ import annotations

import streamlit as st

from dashboard import captions, charts, data, export, tables
from dashboard.downloads import export_row, pack_section
from dashboard.labels import METRIC_SHORT, METRIC_ZH

st.title("院校对比")
version, f = data.pinned()

problem = captions.selection_problem(f.institutions, f.unit_types)
if problem:
    st.info(problem, icon=":material/filter_alt_off:")
    st.stop()

trend = data.institution_trend(version, **f.query())
if trend.is_empty():
    st.info(
        captions.no_data(f.year_from, f.year_to, f.unit_types, METRIC_ZH[f.metric]),
        icon=":material/search_off:",
    )
    st.stop()

schemes = data.schemes_used(version, **f.query(metric=False, unit_types=False))
median_voters = trend["median_voters"].median()
if f.metric == "score" and captions.schemes_differ(schemes):
    st.warning(
        "所选院校或年度的得分来自不同口径(等次折分、权重或阈值不同),不宜直接比较;"
        "建议改用好评率、满意率或“好”单位占比。 / Scores come from different schemes and are not comparable: "
        "prefer the shares.",
        icon=":material/warning:",
    )

st.subheader("逐年对比")
fig = charts.institution_trend_figure(trend, f.metric)
st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG)
caption = captions.chart_caption(f.metric, schemes, median_voters)
st.caption(caption)
export_row(export.Item("institution_trend", fig.layout.title.text, export.institution_trend_table(trend, f.metric),
                       caption, fig, "institution_trend"), version=version, f=f, key="institution_trend")

st.subheader("名次")
fig = charts.rank_heatmap_figure(trend, f.metric)
st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG)
caption = export.rank_caption(f.metric, schemes)
st.caption(caption)
export_row(export.Item("rank_heatmap", fig.layout.title.text, export.institution_trend_table(trend, f.metric),
                       caption, fig, "institution_trend"), version=version, f=f, key="rank_heatmap")

st.subheader("同比变化")
st.dataframe(
    tables.yoy_table(trend, f.metric),
    hide_index=True,
    column_config={
        c: st.column_config.NumberColumn(format="%.1f") for c in tables.one_decimal_columns(f.metric)
    }
    | {"说明": st.column_config.TextColumn(width="large")},
)
caption = export.yoy_caption(f.metric, median_voters, schemes)
st.caption(caption)
export_row(export.Item("yoy", f"{METRIC_SHORT[f.metric]}同比变化", export.yoy_export_table(trend, f.metric), caption,
                       None, "institution_trend"), version=version, f=f, key="yoy")

pack_section(version, f)
