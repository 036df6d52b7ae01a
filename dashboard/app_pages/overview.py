"""总览: one institution in one year. The 30-second answer comes first, above the fold at 1366×768 and on a phone
(390×844): the generated sentences (the institution and each unit type large enough to compare, with n and 不显著),
then the units that need attention in a few lines (linked to their profiles, the full table behind an expander);
below them the headline figures against the previous year and the grade distribution."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

import polars as pl
import streamlit as st

from dashboard import captions, data, urlstate, views
from dashboard.auth import admin_hint
from dashboard.downloads import NOTES_LABEL, export_row, show
from dashboard.i18n import current_lang, t
from dashboard.safe import md
from dashboard.views import overview as overview_views
from dashboard.views import summary
from dashboard.views.cached import CachedQuestions

PROFILE_URL = "unit"  # url_path of app_pages/unit.py
YEAR_WIDTH = 130  # px: "2025年度" and its arrow


lang = current_lang()
st.title(t("总览"))
version, f = data.pinned()
if not f.institutions:
    st.info(
        captions.selection_problem(f.institutions, None, lang) or t("请在侧栏选择院校。"),
        icon=":material/filter_alt_off:",
    )
    st.stop()
all_institutions = data.institutions(version, scope=f.scope)
names = dict(zip(all_institutions["institution_id"], all_institutions["name"], strict=True))

# the institution and year of the overview are in the URL too (?oinst=<institution_id>&oyear=2023; a name works too)
INST_PARAM = urlstate.Param(
    urlstate.OVERVIEW_INSTITUTION,
    f.institutions[0],
    urlstate.accepted(list(f.institutions), names),
    key="overview_institution",
)
url_problems = [
    t("链接中的院校“{v}”不在所选院校中,已忽略。", v=md(v))
    for _, v in urlstate.read(st.query_params, st.session_state, [INST_PARAM])
]
if st.session_state.get(INST_PARAM.state_key) not in f.institutions:
    st.session_state[INST_PARAM.state_key] = f.institutions[0]
# one row, also on a phone (columns would stack): the chosen values say what they are, the labels are for screen
# readers
choice = st.container(horizontal=True, key="overview_choice")
with choice:
    institution = st.selectbox(
        t("院校"),
        options=list(f.institutions),
        format_func=lambda i: names.get(i, i),
        key="overview_institution",
        label_visibility="collapsed",
    )
name = names.get(institution, institution)
years = data.rated_years(version, scope=f.scope, institution=institution)
if not years:
    st.info(
        t(
            "{name} 只有会议记录(述职评议会的日期、人数等),没有载入各单位的评议结果,无法给出总览;"
            "会议记录见“会议与报告”页。",
            name=md(name),
        )
        + admin_hint(t("命令行载入评议结果:`pingyi ingest 评议结果.xlsx`。")),
        icon=":material/inbox:",
    )
    st.stop()
shown = [
    y
    for y in reversed(years)
    if (f.year_from is None or y >= f.year_from) and (f.year_to is None or y <= f.year_to)
]
if not shown:
    st.info(
        t(
            "{name} 在所选年度范围 {range} 内没有评议结果;有评议结果的年度:{years}。请在侧栏放宽年度范围。",
            name=md(name),
            range=captions.years_text(f.year_from, f.year_to),
            years=t("、").join(str(y) for y in years),
        ),
        icon=":material/search_off:",
    )
    st.stop()
YEAR_PARAM = urlstate.Param(
    urlstate.OVERVIEW_YEAR,
    shown[0],
    {str(y): y for y in shown} | {f"{y}年度": y for y in shown},
    key="overview_year",
)
url_problems += [
    t("链接中的年度“{v}”无效,已忽略。", v=md(v))
    for _, v in urlstate.read(st.query_params, st.session_state, [YEAR_PARAM])
]
if st.session_state.get(YEAR_PARAM.state_key) not in shown:
    st.session_state[YEAR_PARAM.state_key] = shown[0]
with choice:
    year_labels = {
        y: t("{y}年度", y=y) for y in shown
    }  # computed here: format_func also runs outside a rerun
    year = st.selectbox(
        t("年度"),
        options=shown,
        format_func=year_labels.get,
        key="overview_year",
        label_visibility="collapsed",
        width=YEAR_WIDTH,
    )
urlstate.write(st.query_params, st.session_state, [INST_PARAM, YEAR_PARAM])
if url_problems:
    st.caption(" ".join(url_problems))

q = CachedQuestions(version)
o = summary.overview(q, f.scope, institution, name, year)
now, prev = o.now, o.prev
GRADES_ONLY, ROSTER_ONLY = o.grades_only, o.roster_only
ask = views.Ask(f, lang, institution=institution, year=year)


def profile_link(unit_id: str) -> str:
    """The unit's profile; the link keeps the language (a Chinese default is left out of URLs)."""
    return f"{PROFILE_URL}?unit={quote(unit_id, safe='')}" + ("" if lang == "zh" else f"&lang={lang}")


def headline_cards() -> None:
    # a wrapping row, not fixed columns: each card is at least as wide as its text and the cards fill each line, so
    # a narrow page puts fewer cards on a line instead of cutting the deltas off ("+0.7 个百分…")
    cards_row = st.container(horizontal=True, wrap=True, key="overview_cards")
    for card in summary.cards(o, lang):
        with cards_row:
            st.metric(
                card.label,
                card.value,
                delta=card.delta,
                delta_color="off" if card.arrow == "off" else card.colour,
                delta_arrow=card.arrow,
                border=True,
            )


# the answer, tighter than the rest (dashboard/app.css: .st-key-overview_answer)
with st.container(key="overview_answer"):
    st.subheader(t("{name} {year}年度", name=md(name), year=year))
    if ROSTER_ONLY:
        st.info(
            t(
                "{name} {year}年度只有述职名单(各单位的述职方式与书记),没有评议结果;现场述职轮换见“会议与报告”页。"
                "载入评议结果后,此处显示等次与得分。",
                name=name,
                year=year,
            ),
            icon=":material/list_alt:",
        )
        headline_cards()
        st.stop()
    if GRADES_ONLY:
        st.info(
            t(
                "该校仅公布等次:{name} {year}年度只公布了各单位的评议等次,没有票数和得分,平均得分、好评率与满意率无从计算;"
                "此处按等次统计单位数与评为“好”的单位占比。",
                name=name,
                year=year,
            ),
            icon=":material/grade:",
        )

    # ------------------------------------------------------------ is the institution, is each unit type improving
    # (n and 不显著 in every sentence; the pack says the same)
    with st.container(border=True, key="overview_summary"):
        st.markdown("\n".join(f"- {s}" for s in summary.sentences(o, lang, escape=md)))

    # ------------------------------------------------------------ who needs attention: a few lines, each unit a
    # link to its profile; the table with every column, the ranks and the exports behind an expander
    st.subheader(t("需要关注的单位"))
    attention = views.build("attention", q, ask)
    if attention is None:
        st.success(t("没有需要特别关注的单位。"), icon=":material/task_alt:")
    else:
        with st.container(key="overview_attention_short"):
            st.markdown(
                "\n".join(
                    f"- {line}"
                    for line in overview_views.attention_lines(
                        attention.data, replace(ask, escape=md), profile_link
                    )
                )
            )
        units = attention.data["attention"]
        with st.expander(
            t("这 {n} 个单位的明细、院内名次与导出", n=units.height), icon=":material/table_rows:"
        ):
            table = overview_views.attention_frame(attention.data, ask, rank_text=True).with_columns(
                pl.Series(t("档案"), [profile_link(u) for u in units["unit_id"]], dtype=pl.String)
            )
            st.dataframe(
                table,
                hide_index=True,
                column_config={
                    t("得分"): st.column_config.NumberColumn(format="%.1f"),
                    t("上年得分"): st.column_config.NumberColumn(format="%.1f"),
                    t("变化(分)"): st.column_config.NumberColumn(format="%+.1f"),
                    t("关注原因"): st.column_config.TextColumn(width="medium"),
                    t("档案"): st.column_config.LinkColumn(display_text=t("查看档案")),
                },
            )
            export_row(attention, version=version, key="overview_attention")
            st.caption(attention.caption + t("点“查看档案”打开该单位的逐年档案。"))

# ---------------------------------------------------------------- headline figures against the previous year
st.subheader(t("主要指标"))
headline_cards()
if prev is None:
    st.caption(t("{name} 在 {year} 年度之前没有评议结果,无法计算同比变化。", name=md(name), year=year))
else:
    note = t(
        "变化为与 {prev} 年度(该院校上一个有评议结果的年度)相比;好评率、满意率的变化以百分点计。",
        prev=prev["year"],
    )
    if any(flag is False for flag in o.significant.values()):
        note += t(
            " 标“不显著”的变化:把全院校的票合并计算,两年的 95% 置信区间(威尔逊区间)重叠,几票之差不足以说明有变化。"
        )
    if prev["scheme_id"] != now["scheme_id"]:
        note += t(
            " 两年评分口径不同({a} → {b}),平均得分不宜直接比较。",
            a=prev["scheme_label"],
            b=now["scheme_label"],
        )
    st.caption(note)

# ---------------------------------------------------------------- grade distribution
st.subheader(t("等次分布"))
dist = views.build("grade_distribution", q, ask)
if dist is None:
    st.info(t("{name} {year} 年度没有综合评价等次。", name=md(name), year=year), icon=":material/search_off:")
else:
    show(dist, version=version, key="overview_grades")

schemes = q.schemes_used(f.replace(institutions=(institution,), year_from=year, year_to=year))
with st.expander(t(NOTES_LABEL), icon=":material/info:"):
    st.caption(
        (
            t("等次为党委公布的评议等次,不涉及计分口径。")
            if GRADES_ONLY
            else captions.scheme_caption(schemes, lang)
        )
        + t(" 总览按该院校全部单位统计,不受侧栏单位类型筛选影响。")
        + " "
        + captions.noise_caption("good_rate", now["median_voters"], lang=lang)
    )
