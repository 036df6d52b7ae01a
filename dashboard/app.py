"""The router: page config, the shared sidebar filters, the demo banner, then the page the user chose."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import auth, data, errors, favicon, i18n, labels, urlstate
from dashboard.i18n import t
from dashboard.labels import DEFAULT_METRIC, METRICS, UNIT_TYPES
from dashboard.safe import md
from warehouse import queries

DEFAULT_INSTITUTIONS = 10  # selected at start; more lines than this are hard to tell apart

# the language first: every string below depends on it (?lang=en, else the session's choice, else Chinese)
LANG_PARAM = urlstate.Param(
    urlstate.LANG, i18n.DEFAULT_LANG, urlstate.accepted(i18n.LANGS, i18n.LANG_NAMES), what="语言"
)
lang_problems = urlstate.read(st.query_params, st.session_state, [LANG_PARAM])

# the layout and icon now, the tab's title once per run where the run settles: "院校对比 · 评议 Pingyi" after the page
# is known (below), "评议 Pingyi" on the login page (dashboard.auth) and when there is nothing to show yet. A title
# set twice a run changes twice in the browser (评议 Pingyi → 院校对比 · 评议 Pingyi), ≈ 5–15 ms of its page thread
# on every rerun (issue #18)
favicon.install()
st.set_page_config(layout="wide", page_icon=favicon.DATA_URL)

version = data.current_version()
# the login page until someone logs in: nothing below (no data) runs before that
user = auth.require_login(version)


def loading_only() -> None:
    """Stop here; an admin still gets 数据载入 (to load the first data, or data of the institutions granted)."""
    if user.can("load") and not data.read_only():
        st.set_page_config(page_title=t("{page} · 评议 Pingyi", page=t("数据载入")))
        st.navigation(
            [st.Page("app_pages/admin.py", title=t("数据载入"), icon=":material/upload_file:")]
        ).run()
    else:
        st.set_page_config(page_title=t("评议 Pingyi"))
    st.stop()


if version is None:
    # the path and the commands are for whoever loads data (an admin); a reader is told whom to ask
    st.error(
        t(
            "没有找到数据仓库:{pointer}。请先运行 `pingyi demo` 或 `pingyi ingest`。",
            pointer=data.store().pointer,
        )
        if user.can("load")
        else t("还没有可查看的数据,请联系数据管理员。"),
        icon=":material/database_off:",
    )
    loading_only()

# what this user may see: every query below takes the scope (warehouse/queries cuts each answer to it)
scope = data.scope_for(version, None if user.institutions is None else tuple(user.institutions))
if scope.institutions is not None and not scope.institutions:
    st.warning(
        t("您的账号没有可查看的院校,请联系数据管理员。"),
        icon=":material/lock:",
    )
    loading_only()
institutions = data.institutions(version, scope=scope)
bounds = data.year_bounds(version, scope=scope)
if bounds is None or institutions.is_empty():
    st.info(
        t("数据仓库中还没有评议结果或会议记录,请先用 `pingyi ingest` 载入。")
        if user.can("load")
        else t("数据仓库中还没有评议结果或会议记录,请联系数据管理员载入。"),
        icon=":material/inbox:",
    )
    loading_only()

names = dict(zip(institutions["institution_id"].to_list(), institutions["name"].to_list(), strict=True))
rated = [i for i, last in zip(institutions["institution_id"], institutions["last_year"], strict=True) if last]
# institutions known only from meeting facts come after the rated ones
rated += [i for i in names if i not in rated]
low, high = bounds


def kept_years(state, url: list[str]) -> tuple[int, int]:
    """The year range: the slider's (drawn now or on an earlier page), else a valid one from the link, else all."""
    for value in (state, url):
        try:
            a, b = (int(v) for v in value)
        except (TypeError, ValueError):
            continue
        if low <= a <= b <= high:
            return a, b
    return low, high


# The filters live in the URL with language-independent values, e.g.
# ?inst=<institution_id>&years=2019&years=2023&types=college&metric=score&lang=en (dashboard/urlstate.py): a copied
# link reproduces the view in either language. Links with names or Chinese labels (?inst=青岚大学&types=学院) still
# work. A value equal to its default is left out of the URL; a value that matches nothing is ignored with a message.
lang = i18n.current_lang()
FILTER_PARAMS = [
    urlstate.Param(
        urlstate.INSTITUTIONS,
        tuple(rated[:DEFAULT_INSTITUTIONS]),
        urlstate.accepted(list(names), names),
        multi=True,
    ),
    urlstate.Param(
        urlstate.UNIT_TYPES,
        tuple(UNIT_TYPES),
        urlstate.accepted(UNIT_TYPES, labels.UNIT_TYPE_ZH, labels.UNIT_TYPE_EN),
        multi=True,
    ),
    urlstate.Param(
        urlstate.METRIC,
        DEFAULT_METRIC,
        urlstate.accepted(
            METRICS, labels.METRIC_ZH, labels.METRIC_SHORT, labels.METRIC_EN, labels.METRIC_SHORT_EN
        ),
    ),
]
PROBLEM_TEXT = {
    urlstate.LANG: "链接中的语言“{v}”无效,已忽略。",
    urlstate.INSTITUTIONS: "链接中的院校“{v}”不在数据中,已忽略。",
    urlstate.UNIT_TYPES: "链接中的单位类型“{v}”无效,已忽略。",
    urlstate.METRIC: "链接中的指标“{v}”无效,已忽略。",
}
found = lang_problems + urlstate.read(st.query_params, st.session_state, FILTER_PARAMS)
bad_years = urlstate.year_problem(st.query_params, (low, high))
if bad_years:  # the bound slider has already dropped it
    found.insert(1, ("years", bad_years))
problems = [
    t("链接中的年度范围“{v}”无效(可选 {low}–{high}),已忽略。", v=md(v), low=low, high=high)
    if name == "years"
    else t(PROBLEM_TEXT[name], v=md(v))  # a value from the URL is shown as text, never as a link
    for name, v in found
]
# a stale choice (an institution no longer in the warehouse) is dropped
st.session_state[urlstate.INSTITUTIONS] = [i for i in st.session_state[urlstate.INSTITUTIONS] if i in names]

# the pages, and which sidebar controls change what each shows: a control that would do nothing on a page is not
# drawn there (its value is kept for the pages that use it), and the sidebar says which filters do not apply
KEEP = "session"  # a control not drawn on a page keeps its value for the pages that draw it
ALL_CONTROLS = (urlstate.INSTITUTIONS, urlstate.YEARS, urlstate.UNIT_TYPES, urlstate.METRIC)
CONTROL_LABELS = {
    urlstate.INSTITUTIONS: "院校",
    urlstate.YEARS: "年度范围",
    urlstate.UNIT_TYPES: "单位类型",
    urlstate.METRIC: "指标",
}
PAGES = {
    # script: (title, icon, the sidebar controls the page follows)
    "overview": (
        "总览",
        "dashboard",
        (urlstate.INSTITUTIONS, urlstate.YEARS),
    ),  # its own institution and year
    "trends": ("单位类型趋势", "trending_up", ALL_CONTROLS),
    "compare": ("院校对比", "compare_arrows", ALL_CONTROLS),
    # unit types: the on-site rotation
    "meetings": ("会议与报告", "event_note", (urlstate.INSTITUTIONS, urlstate.YEARS, urlstate.UNIT_TYPES)),
    "unit": (
        "单位档案",
        "account_tree",
        (urlstate.INSTITUTIONS,),
    ),  # the unit list; a profile shows every year
    "schemes": ("口径说明", "rule", (urlstate.INSTITUTIONS, urlstate.YEARS)),
}
if (
    user.can("load") and not data.read_only()
):  # uploads and loads: only for admins (the page checks both again)
    PAGES["admin"] = ("数据载入", "upload_file", ())
pages = {
    name: st.Page(
        f"app_pages/{name}.py", title=t(title), icon=f":material/{icon}:", default=name == "overview"
    )
    for name, (title, icon, _) in PAGES.items()
}
page = st.navigation(list(pages.values()))
current = next(name for name, p in pages.items() if p is page)
controls = PAGES[current][2]
st.set_page_config(page_title=t("{page} · 评议 Pingyi", page=page.title))
# a few layout rules (less space above the heading); after st.navigation: an element sent before it in a session's
# first run can be dropped when the run settles on its page
st.html(Path(__file__).with_name("app.css"))

with st.sidebar:
    st.markdown(t("### 评议 Pingyi"))
    i18n.language_switch()
    if problems and st.session_state.get(urlstate.REPORTED_KEY) != problems:
        # once per distinct link
        st.session_state[urlstate.REPORTED_KEY] = problems
        for problem in problems:
            st.toast(problem, icon=":material/link_off:")
        st.caption(" ".join(problems))
    shown = set(controls)
    # format functions answer for any value: after a language change (history, back button) the browser may send a
    # label of the other language, which Streamlit passes through as the value (it raised a TypeError before)
    type_names, metric_names = labels.names("unit_type", lang), labels.names("metric", lang)
    if urlstate.INSTITUTIONS in shown:
        st.multiselect(
            t("院校"),
            options=list(names),
            format_func=lambda i: names.get(i, i),
            key=urlstate.INSTITUTIONS,
            persist_state=KEEP,
            placeholder=t("选择院校"),
        )
    if urlstate.YEARS in shown and low < high:
        st.slider(
            t("年度范围"),
            min_value=low,
            max_value=high,
            value=(low, high),
            key=urlstate.YEARS,
            bind="query-params",
        )
    elif urlstate.YEARS in shown:
        st.caption(t("年度范围:{low}", low=low))
    if urlstate.UNIT_TYPES in shown:
        st.multiselect(
            t("单位类型"),
            options=list(UNIT_TYPES),
            format_func=lambda c: type_names.get(c, str(c)),
            key=urlstate.UNIT_TYPES,
            persist_state=KEEP,
            placeholder=t("选择单位类型"),
        )
    if urlstate.METRIC in shown:
        st.radio(
            t("指标"),
            options=list(METRICS),
            format_func=lambda c: metric_names.get(c, str(c)),
            key=urlstate.METRIC,
            persist_state=KEEP,
        )
    unused = [t(CONTROL_LABELS[key]) for key in ALL_CONTROLS if key not in shown]
    if unused and current != "admin":
        st.caption(t("本页不按{what}筛选。", what=t("、").join(unused)))
# the choices, drawn or kept from another page; a label of the other language is read back as its code
chosen = st.session_state.get(urlstate.INSTITUTIONS, [])
year_from, year_to = kept_years(st.session_state.get(urlstate.YEARS), st.query_params.get_all(urlstate.YEARS))
unit_types = urlstate.codes(
    st.session_state.get(urlstate.UNIT_TYPES, []), FILTER_PARAMS[1].accepted, UNIT_TYPES
)
metric = (
    urlstate.codes([st.session_state.get(urlstate.METRIC)], FILTER_PARAMS[2].accepted, METRICS)
    or [DEFAULT_METRIC]
)[0]
urlstate.write(st.query_params, st.session_state, [LANG_PARAM, *FILTER_PARAMS])

data.pin(
    version,
    queries.Filters(
        scope=scope,
        institutions=list(chosen),
        year_from=int(year_from),
        year_to=int(year_to),
        unit_types=list(unit_types),
        metric=metric,
    ),
)

if data.warehouse_is_demo(version, scope=scope):
    st.info(
        t("演示数据:院校与人员均为虚构"),
        icon=":material/science:",
    )

# an error in a page: a short message with a reference id, the traceback in the server log (dashboard/errors.py)
errors.guard(page.run)
