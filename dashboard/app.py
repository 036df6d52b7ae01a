"""The router: page config, the shared sidebar filters, the demo banner, then the page the user chose."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import data, urlstate
from dashboard.labels import DEFAULT_METRIC, METRIC_ZH, METRICS, UNIT_TYPE_ZH, UNIT_TYPES

DEFAULT_INSTITUTIONS = 10  # selected at start; more lines than this are hard to tell apart

st.set_page_config(layout="wide", page_title="评议 Pingyi", page_icon=str(Path(__file__).with_name("favicon.png")))

version = data.current_version()
if version is None:
    st.error(
        f"没有找到数据仓库:{data.store().pointer}。请先运行 `pingyi demo` 或 `pingyi ingest`。\n\n"
        f"No warehouse at {data.store().pointer}: run `pingyi demo` or `pingyi ingest` first.",
        icon=":material/database_off:",
    )
    st.stop()

institutions = data.institutions(version)
bounds = data.year_bounds(version)
if bounds is None or institutions.is_empty():
    st.info(
        "数据仓库中还没有评议结果或会议记录,请先用 `pingyi ingest` 载入。 / The warehouse holds no ratings or "
        "meetings yet: load some with `pingyi ingest`.",
        icon=":material/inbox:",
    )
    st.stop()

names = dict(zip(institutions["institution_id"].to_list(), institutions["name"].to_list(), strict=True))
rated = [i for i, last in zip(institutions["institution_id"], institutions["last_year"], strict=True) if last]
# institutions known only from meeting facts come after the rated ones
rated += [i for i in names if i not in rated]
low, high = bounds

# The sidebar's widgets are bound to the URL (bind="query-params"): the key is the parameter's name and the value
# is the option as shown, e.g. ?inst=青岚大学&inst=白沙学院&years=2019&years=2023&types=学院&metric=平均得分.
# Streamlit seeds the widgets from a copied link, writes changes back, keeps the parameters on a page switch and
# drops a value that matches no option; url_problems() says what was dropped. A value equal to its default is
# left out of the URL.
type_labels = {t: UNIT_TYPE_ZH.get(t, t) for t in UNIT_TYPES}
problems = urlstate.url_problems(
    st.query_params,
    institutions=list(names.values()),
    years=(low, high),
    unit_types=list(type_labels.values()),
    metrics=[METRIC_ZH[m] for m in METRICS],
)

with st.sidebar:
    st.markdown("### 评议 Pingyi")
    if problems and st.session_state.get(urlstate.REPORTED_KEY) != problems:
        # once per distinct link: the widget has already dropped the value from the URL
        st.session_state[urlstate.REPORTED_KEY] = problems
        for problem in problems:
            st.toast(problem, icon=":material/link_off:")
        st.caption(" ".join(problems))
    chosen = st.multiselect(
        "院校",
        options=list(names),
        default=rated[:DEFAULT_INSTITUTIONS],
        format_func=lambda i: names.get(i, i),
        key=urlstate.INSTITUTIONS,
        placeholder="选择院校",
        bind="query-params",
    )
    if low < high:
        year_from, year_to = st.slider(
            "年度范围", min_value=low, max_value=high, value=(low, high), key=urlstate.YEARS, bind="query-params"
        )
    else:
        year_from = year_to = low
        st.caption(f"年度范围:{low}")
    unit_types = st.multiselect(
        "单位类型",
        options=list(UNIT_TYPES),
        default=list(UNIT_TYPES),
        format_func=type_labels.get,
        key=urlstate.UNIT_TYPES,
        placeholder="选择单位类型",
        bind="query-params",
    )
    metric = st.radio(
        "指标",
        options=list(METRICS),
        index=list(METRICS).index(DEFAULT_METRIC),
        format_func=lambda m: METRIC_ZH[m],
        key=urlstate.METRIC,
        bind="query-params",
    )

data.pin(
    version,
    data.Filters(
        institutions=list(chosen),
        year_from=int(year_from),
        year_to=int(year_to),
        unit_types=list(unit_types),
        metric=metric,
    ),
)

if data.warehouse_is_demo(version):
    st.info(
        "演示数据:院校与人员均为虚构 / Demo data: fictional institutions and people",
        icon=":material/science:",
    )

page = st.navigation(
    [
        st.Page("app_pages/overview.py", title="总览", icon=":material/dashboard:", default=True),
        st.Page("app_pages/trends.py", title="单位类型趋势", icon=":material/trending_up:"),
        st.Page("app_pages/compare.py", title="院校对比", icon=":material/compare_arrows:"),
        st.Page("app_pages/meetings.py", title="会议与报告", icon=":material/event_note:"),
        st.Page("app_pages/unit.py", title="单位档案", icon=":material/account_tree:"),
        st.Page("app_pages/schemes.py", title="口径说明", icon=":material/rule:"),
    ]
)
page.run()
