"""单位类型趋势: the metric per unit type over the years, its spread within each type, and the grade mix."""

from __future__ import annotations

import streamlit as st

from dashboard import captions, coverage, data, views
from dashboard.downloads import show
from dashboard.i18n import current_lang, t
from dashboard.labels import names
from dashboard.views.cached import CachedQuestions

lang = current_lang()
st.title(t("单位类型趋势"))
version, f = data.pinned()

problem = captions.selection_problem(f.institutions, f.unit_types, lang)
if problem:
    st.info(problem, icon=":material/filter_alt_off:")
    st.stop()
# an institution that published grades only has no 好评率 or 得分: its share of units graded 好 instead (or a plain note)
choice, f = coverage.for_page(version, f, lang)
q = CachedQuestions(version)


def ask() -> views.Ask:
    return views.Ask(f, lang)


def grade_mix_section() -> None:
    """Units by final grade per type and year (official grades first): shown for grade-only institutions too."""
    shown = views.build("grade_mix", q, ask())
    if shown is None:
        st.info(
            t("所选范围内的单位没有综合评价等次。"),
            icon=":material/search_off:",
        )
        return
    show(shown, version=version, chart_key="trends_grade_mix")


if choice.blocked:  # the metric cannot be shown; the grade mix can (unless there are rosters only)
    st.info(choice.blocked, icon=":material/list_alt:" if choice.roster_only else ":material/grade:")
    if not choice.roster_only:
        st.subheader(t("等次构成"))
        grade_mix_section()
    st.stop()
coverage.show(choice)

trend = views.build("type_trend", q, ask())
if trend is None:
    st.info(
        captions.no_data(f.year_from, f.year_to, f.unit_types, names("metric", lang)[f.metric], lang),
        icon=":material/search_off:",
    )
    st.stop()

st.subheader(t("各类单位逐年变化"))
facets = st.toggle(
    t("分类型小图"),
    key="trends_facets",
    help=t("每种单位类型一个小图,纵轴相同"),
    bind="query-params",
)
show(
    views.build("type_trend_facets", q, ask()) if facets else trend,
    version=version,
    key="type_trend",
    chart_key="trends_lines",
)

# The two lower charts are lazy tabs: only the open one runs and is drawn. 等次构成 is open first: the distribution
# puts every unit-year on the chart (tens of thousands of points at province scale) and took about 1 s of the
# browser's CPU on every sidebar change; closed, a metric change costs 0.47 s instead of 1.4 s (docs/benchmarks.md).
# The key carries the language because the tab labels (the widget's values) change with it.
mix_tab, dist_tab = st.tabs(
    [t("等次构成"), t("类内分布")], key=f"trends_tab_{lang}", on_change="rerun", bind="query-params"
)
if dist_tab.open:
    with dist_tab:
        show(views.build("distribution", q, ask()), version=version, chart_key="trends_distribution")
if mix_tab.open:
    with mix_tab:
        grade_mix_section()
