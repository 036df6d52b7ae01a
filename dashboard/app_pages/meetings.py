"""会议与报告: the appraisal meetings, who reported on site when (the rotation), and the secretaries' reports."""

from __future__ import annotations

import streamlit as st

from dashboard import captions, data, views
from dashboard.auth import admin_hint
from dashboard.downloads import export_row, show
from dashboard.i18n import current_lang, t
from dashboard.safe import md
from dashboard.views.cached import CachedQuestions

lang = current_lang()
st.title(t("会议与报告"))
version, f = data.pinned()
problem = captions.selection_problem(f.institutions, None, lang)
if problem:
    st.info(problem, icon=":material/filter_alt_off:")
    st.stop()
known = data.institutions(version, scope=f.scope)
names = dict(zip(known["institution_id"], known["name"], strict=True))
q = CachedQuestions(version)

# ---------------------------------------------------------------- meetings
st.subheader(t("评议会议"))
meetings = data.meetings(version, f)
if meetings.is_empty():
    st.info(
        t("所选院校在 {a}–{b} 年度没有会议记录。会议来自新闻稿与通知。", a=f.year_from, b=f.year_to)
        + admin_hint(t("命令行载入:`pingyi ingest 新闻稿.txt`。")),
        icon=":material/event_busy:",
    )
else:
    meetings_view = views.build("meetings", q, views.Ask(f, lang))
    shown = meetings_view.table.frame
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            t("会议日期"): st.column_config.DateColumn(format="YYYY-MM-DD"),
            t("年度"): st.column_config.NumberColumn(format="%d"),
        },
    )
    inferred = meetings.filter(meetings["meeting_date_inferred"].fill_null(False)).height
    st.caption(
        t("会议日期、人数等取自新闻稿与通知原文(每项都保存了出处句子);原文未写明的项留空,不作推测。")
        + admin_hint(t("出处句子在数据库列 `meetings.evidence` 中。"))
        + (t(" 其中 {n} 次会议原文只写月日,年份由年度或发布日期推定。", n=inferred) if inferred else "")
    )
    export_row(meetings_view, version=version)

everywhere = data.meetings(version, f.replace(institutions=None))
others = sorted(
    set(everywhere.filter(~everywhere["institution_id"].is_in(f.institutions))["institution"].drop_nulls())
)
if others:
    st.caption(
        t("另有 {n} 所院校有会议记录,在侧栏“院校”中加入即可查看:", n=len(others))
        + t("、").join(md(o) for o in others[:12])
        + (t("等") if len(others) > 12 else "")
        + t("。")
    )

# ---------------------------------------------------------------- on-site rotation
st.subheader(t("现场述职轮换"))
rated = [i for i in f.institutions if i in names]
left, right = st.columns([3, 1])
with left:
    chosen = st.selectbox(
        t("院校"), options=rated, format_func=lambda i: names.get(i, i), key="rotation_institution"
    )
with right:
    cycle = st.number_input(
        t("轮换周期(年)"),
        min_value=1,
        max_value=10,
        value=3,
        step=1,
        key="rotation_cycle",
        help=t("在此年数内至少现场述职一次;超过即标注 ⚠"),
    )
rotation = data.onsite_rotation(version, f, institution=chosen, cycle=int(cycle))
if rotation.is_empty() or rotation["mode"].drop_nulls().is_empty():
    st.info(
        t("{name} 在所选年度没有记录各单位的述职方式。", name=md(names.get(chosen, chosen))),
        icon=":material/grid_off:",
    )
else:
    overdue = rotation.filter(rotation["overdue"]).select("unit").unique().sort("unit")["unit"].to_list()
    if overdue:
        st.warning(
            t("{n} 个单位在最近 {cycle} 个年度内没有现场述职:", n=len(overdue), cycle=cycle)
            + t("、").join(md(u) for u in overdue),
            icon=":material/schedule:",
        )
    else:
        st.success(
            t("每个单位在最近 {cycle} 个年度内都至少现场述职过一次。", cycle=cycle),
            icon=":material/task_alt:",
        )
    show(
        views.build("rotation", q, views.Ask(f, lang, institution=chosen, cycle=int(cycle))), version=version
    )

# ---------------------------------------------------------------- reports
st.subheader(t("述职报告"))
search = st.text_input(
    t("搜索(标题、单位、书记、关键词)"), key="report_search", placeholder=t("例如:整改、支部")
)
found = data.reports(version, f, search=search.strip() or None)
if found.is_empty():
    if search.strip():
        st.info(
            t("没有标题、单位、书记或关键词含“{q}”的述职报告。", q=md(search.strip())),
            icon=":material/search_off:",
        )
    else:
        st.info(
            t("所选范围内没有述职报告。报告可由元数据表或 Word/PDF 文档载入。")
            + admin_hint(t("命令行载入:`pingyi ingest 报告目录/`。")),
            icon=":material/description:",
        )
else:
    reports_view = views.build("reports", q, views.Ask(f, lang, search=search.strip() or None))
    shown = reports_view.table.frame
    st.dataframe(shown, hide_index=True)
    st.caption(
        t(
            "问题条数与措施条数按报告中“问题/不足”与“整改措施/下一步”部分的分条(一是…二是…、(一)(二)、1. 2.)计数;关键词由中文分词程序自动提取。"
        )
    )
    export_row(reports_view, version=version)
    keywords = views.build("keywords", q, views.Ask(f, lang))
    if keywords is not None:
        show(keywords, version=version)
