"""院校对比: each institution's metric over the years, its rank among the selected, and the change on the year before."""

from __future__ import annotations

import streamlit as st

from dashboard import captions, coverage, data, tables, views
from dashboard.downloads import pack_section, show
from dashboard.i18n import current_lang, t
from dashboard.labels import names
from dashboard.views.cached import CachedQuestions

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

q = CachedQuestions(version)
line = views.build("institution_trend", q, views.Ask(f, lang))
if line is None:
    st.info(
        captions.no_data(f.year_from, f.year_to, f.unit_types, names("metric", lang)[f.metric], lang),
        icon=":material/search_off:",
    )
    st.stop()

if f.metric == "score" and captions.schemes_differ(line.data["schemes"]):
    st.warning(
        t(
            "所选院校或年度的得分来自不同口径(等次折分、权重或阈值不同),不宜直接比较;建议改用好评率、满意率或“好”单位占比。"
        ),
        icon=":material/warning:",
    )

st.subheader(t("逐年对比"))
indexed = st.toggle(
    t("以各院校首年为基准"),
    key="compare_index",
    bind="query-params",
    help=t("每所院校减去自己在所选范围内第一个有数据年度的值,比较各自的变化而非高低"),
)
show(
    views.build("institution_index", q, views.Ask(f, lang)) if indexed else line,
    version=version,
    key="institution_trend",
    chart_key="compare_lines",
)

# The lower sections are lazy tabs: only the open one runs and is drawn, so a sidebar change redraws the line chart
# and one section instead of three charts and a table (issue #8: a metric change under 1 s at province scale).
# The key carries the language because the tab labels (the widget's values) change with it.
rank_tab, yoy_tab, slope_tab = st.tabs(
    [t("名次"), t("同比变化"), t("两年对比")],
    key=f"compare_tab_{lang}",
    on_change="rerun",
    bind="query-params",
)
if rank_tab.open:
    with rank_tab:
        show(views.build("rank_heatmap", q, views.Ask(f, lang)), version=version, chart_key="compare_ranks")
if yoy_tab.open:
    with yoy_tab:
        yoy = views.build("yoy", q, views.Ask(f, lang))
        st.dataframe(
            yoy.table.frame,
            hide_index=True,
            column_config={
                c: st.column_config.NumberColumn(format="%.1f")
                for c in tables.one_decimal_columns(f.metric, lang)
            }
            | {t("说明"): st.column_config.TextColumn(width="large")},
        )
        show(yoy, version=version)
if slope_tab.open:
    with slope_tab:
        years = sorted(set(line.data["trend"]["year"].to_list()))
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
            slope = views.build("slope", q, views.Ask(f, lang, year_a=year_a, year_b=year_b))
            if year_a == year_b:
                st.info(t("请选择两个不同的年度。"), icon=":material/event_busy:")
            elif slope is None:
                st.info(
                    t("没有院校在 {a} 年与 {b} 年都有数据,请换两个年度。", a=year_a, b=year_b),
                    icon=":material/search_off:",
                )
            else:
                show(slope, version=version, chart_key="compare_slope")

pack_section(version, f)
