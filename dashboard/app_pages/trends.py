"""单位类型趋势: the metric per unit type over the years, its spread within each type, and the grade mix."""

from __future__ import annotations

import streamlit as st

from dashboard import captions, charts, data
from dashboard.labels import METRIC_ZH

st.title("单位类型趋势")
version, f = data.pinned()

problem = captions.selection_problem(f.institutions, f.unit_types)
if problem:
    st.info(problem, icon=":material/filter_alt_off:")
    st.stop()

trend = data.type_trend(version, **f.query())
if trend.is_empty():
    st.info(
        captions.no_data(f.year_from, f.year_to, f.unit_types, METRIC_ZH[f.metric]),
        icon=":material/search_off:",
    )
    st.stop()

values = data.unit_metric_values(version, **f.query())
mix = data.grade_mix(version, **f.query(metric=False))
schemes = data.schemes_used(version, **f.query(metric=False, unit_types=False))
median_voters = values["voters"].filter(values["voters"] > 0).median()

st.subheader("各类单位逐年变化")
st.plotly_chart(charts.type_trend_figure(trend, f.metric), theme=None, config=charts.PLOTLY_CONFIG)
st.caption(captions.chart_caption(f.metric, schemes, median_voters, int(trend["n_units"].min())))

st.subheader("类内分布")
st.plotly_chart(charts.distribution_figure(values, f.metric), theme=None, config=charts.PLOTLY_CONFIG)
st.caption(
    captions.chart_caption(
        f.metric, schemes, median_voters, extra="每个点是一个单位一年的值,箱体为四分位范围,横线为中位数。"
    )
)

st.subheader("等次构成")
if mix.is_empty():
    st.info(
        "所选范围内的单位没有综合评价等次。 / No final grades in this selection.",
        icon=":material/search_off:",
    )
else:
    st.plotly_chart(charts.grade_mix_figure(mix), theme=None, config=charts.PLOTLY_CONFIG)
    st.caption(
        "等次为综合评价等次:有党委评定等次时用评定等次,否则按口径阈值由得分计算;柱内数字(年度不多时)与悬停提示为单位数。 "
        + captions.scheme_caption(schemes)
        + " "
        + captions.noise_caption("share_good", median_voters)
    )
