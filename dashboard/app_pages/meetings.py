"""会议与报告: the appraisal meetings, who reported on site when (the rotation), and the secretaries' reports."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import captions, charts, data, export
from dashboard.downloads import export_row
from dashboard.i18n import current_lang, t
from dashboard.labels import MODE_ZH
from dashboard.labels import names as labels_of
from dashboard.safe import md

lang = current_lang()
st.title(t("会议与报告"))
version, f = data.pinned()
problem = captions.selection_problem(f.institutions, None, lang)
if problem:
    st.info(problem, icon=":material/filter_alt_off:")
    st.stop()
known = data.institutions(version, scope=f.scope)
names = dict(zip(known["institution_id"], known["name"], strict=True))

# ---------------------------------------------------------------- meetings
st.subheader(t("评议会议"))
meetings = data.meetings(version, f)
if meetings.is_empty():
    st.info(
        t(
            "所选院校在 {a}–{b} 年度没有会议记录。会议来自新闻稿与通知:`pingyi ingest 新闻稿.txt`。",
            a=f.year_from,
            b=f.year_to,
        ),
        icon=":material/event_busy:",
    )
else:
    shown = (
        meetings.select(
            "institution",
            "year",
            "meeting_date",
            "meeting_level",
            "chair",
            "onsite_count",
            "written_count",
            "total_units",
            "source",
        )
        .with_columns(
            meetings["meeting_level"]
            .replace_strict(labels_of("level", lang), default=None)
            .alias("meeting_level"),
            meetings["source"].str.split("/").list.last().alias("source"),
            # what the news item does not say is shown as a dash, not as an empty number
            *[
                meetings[c].cast(pl.String).fill_null("—").alias(c)
                for c in ("onsite_count", "written_count", "total_units", "chair")
            ],
        )
        .rename(
            {
                c: t(zh)
                for c, zh in (
                    ("institution", "院校"),
                    ("year", "年度"),
                    ("meeting_date", "会议日期"),
                    ("meeting_level", "层级"),
                    ("chair", "主持"),
                    ("onsite_count", "现场述职"),
                    ("written_count", "书面述职"),
                    ("total_units", "单位总数"),
                    ("source", "来源"),
                )
            }
        )
    )
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
        t(
            "会议日期、人数等取自新闻稿与通知原文(每项的出处句子存于 meetings.evidence);原文未写明的项留空,不作推测。"
        )
        + (t(" 其中 {n} 次会议原文只写月日,年份由年度或发布日期推定。", n=inferred) if inferred else "")
    )
    export_row(
        export.Item("meetings", t("评议会议"), export.Table(shown), source="meetings"),
        version=version,
        f=f,
        key="meetings",
        metric=False,
        unit_types=False,
    )

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
rotation = data.onsite_rotation(
    version,
    f,
    institution=chosen,
    cycle=int(cycle),
)
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
    fig = charts.rotation_figure(rotation, lang)
    st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG)
    caption = t(
        "每格为一个单位一个年度的述职方式;{onsite}标为橙色。周期内未现场述职 = 截至所选最后年度的 {cycle} 个"
        "年度中没有一次现场述职(设立不足一个周期的单位不计)。",
        onsite=MODE_ZH["onsite"] if lang == "zh" else "on site",
        cycle=cycle,
    )
    st.caption(caption)
    export_row(
        export.Item(
            "rotation",
            t("{name} 述职方式轮换", name=names.get(chosen, chosen)),
            export.rotation_table(rotation),
            caption,
            fig,
            "onsite_rotation",
        ),
        version=version,
        f=f,
        key="rotation",
        metric=False,
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
            t("所选范围内没有述职报告。报告可由元数据表或 Word/PDF 文档载入:`pingyi ingest 报告目录/`。"),
            icon=":material/description:",
        )
else:
    shown = (
        found.select(
            "institution",
            "year",
            "unit",
            "secretary",
            "mode",
            "title",
            "text_chars",
            "n_problems",
            "n_measures",
            "keywords",
        )
        .with_columns(
            found["mode"].replace_strict(labels_of("mode", lang), default=None).alias("mode"),
            found["keywords"].list.join("、").alias("keywords"),
        )
        .rename(
            {
                c: t(zh)
                for c, zh in (
                    ("institution", "院校"),
                    ("year", "年度"),
                    ("unit", "单位"),
                    ("secretary", "书记"),
                    ("mode", "述职方式"),
                    ("title", "标题"),
                    ("text_chars", "字数"),
                    ("n_problems", "问题条数"),
                    ("n_measures", "措施条数"),
                    ("keywords", "关键词"),
                )
            }
        )
    )
    st.dataframe(shown, hide_index=True)
    st.caption(
        t(
            "问题条数与措施条数按报告中“问题/不足”与“整改措施/下一步”部分的分条(一是…二是…、(一)(二)、1. 2.)计数;"
            "关键词由 jieba 提取。"
        )
    )
    export_row(
        export.Item("reports", t("述职报告"), export.Table(shown), source="reports"),
        version=version,
        f=f,
        key="reports",
        metric=False,
        unit_types=False,
    )
    keywords = data.report_keywords(version, f)
    if not keywords.is_empty() and keywords["year"].n_unique() > 1:
        fig = charts.keyword_trend_figure(keywords, lang)
        st.plotly_chart(fig, theme=None, config=charts.PLOTLY_CONFIG)
        caption = t("每条线为一个高频关键词:当年提及该词的报告数 ÷ 当年报告数。报告份数少时比例波动大。")
        st.caption(caption)
        export_row(
            export.Item(
                "keywords",
                fig.layout.title.text,
                export.keyword_table(keywords),
                caption,
                fig,
                "report_keywords",
            ),
            version=version,
            f=f,
            key="keywords",
            metric=False,
            unit_types=False,
        )
