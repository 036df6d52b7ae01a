"""单位档案: one unit over the years — names, score and grade, votes by grade, ranks, mode and secretary, reports
and meetings. The unit comes from the URL (?unit=<unit_id>) so a link reproduces the view."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import captions, data, views
from dashboard import labels as lb
from dashboard.auth import admin_hint
from dashboard.downloads import chart, export_row, show
from dashboard.i18n import current_lang, t
from dashboard.safe import md
from dashboard.views import unit as unit_views
from dashboard.views.cached import CachedQuestions
from warehouse.queries import Filters

KEY = "profile_unit"
ROW_PX, MAX_TABLE_PX = 35, 800  # st.dataframe row height; beyond ~22 years the table scrolls

lang = current_lang()
GRADE = lb.names("grade", lang)
st.title(t("单位档案"))
version, f = data.pinned()

requested = st.query_params.get("unit")
from_url = None
if requested:
    if data.unit_info(
        version, scope=f.scope, unit_id=requested
    ).is_empty():  # unknown or out of scope: one answer
        st.warning(
            t(
                "没有找到编号为“{unit}”的单位,或您无权查看;请在下方选择单位。",
                unit=md(requested),
            ),  # from the URL: text, not a link
            icon=":material/link_off:",
        )
    else:
        from_url = requested

units = data.units_for_select(version, scope=f.scope, institutions=list(f.institutions or []))
labels = {u: f"{n} ({i})" for u, n, i in units.select("unit_id", "name", "institution").iter_rows()}
if from_url and from_url not in labels:  # a link to a unit of an institution not selected in the sidebar
    extra = data.unit_info(version, scope=f.scope, unit_id=from_url).row(0, named=True)
    labels = {from_url: f"{extra['name']} ({extra['institution']})"} | labels
if not labels:
    st.info(
        t("所选院校没有单位记录;请在侧栏选择有评议结果的院校。"),
        icon=":material/filter_alt_off:",
    )
    st.stop()

# the URL decides; a stale choice (another institution selected since) is dropped
if from_url and st.session_state.get(KEY) != from_url:
    st.session_state[KEY] = from_url
if st.session_state.get(KEY) not in labels:
    st.session_state.pop(KEY, None)


def _to_url() -> None:
    st.query_params["unit"] = st.session_state[KEY]


unit_id = st.selectbox(t("单位"), options=list(labels), format_func=labels.get, key=KEY, on_change=_to_url)
if st.query_params.get("unit") != unit_id:
    st.query_params["unit"] = unit_id

q = CachedQuestions(version)
ask = views.Ask(f, lang, unit_id=unit_id)
info = data.unit_info(version, scope=f.scope, unit_id=unit_id).row(0, named=True)
history = data.unit_history(version, scope=f.scope, unit_id=unit_id)
names = data.unit_names_of(version, scope=f.scope, unit_id=unit_id)

st.subheader(t("{name}({institution})", name=md(info["name"]), institution=md(info["institution"])))
facts = [
    t("类型:{v}", v=lb.label("unit_type", info["unit_type"], lang, default=t("未知"))),
    t("层级:{v}", v=lb.org_level(info["org_level"], lang) or t("未知")),
    t("评议年度:{v}", v=captions.years_text(info["first_year"], info["last_year"]) or t("无")),
]
st.markdown(" · ".join(facts))
if names.height > 1:
    st.markdown(
        t("曾用名:")
        + t(";").join(
            t("{name}({years})", name=md(n), years=captions.years_text(a, b))
            for n, a, b in names.select("name", "first_year", "last_year").iter_rows()
        )
    )

if history.is_empty():
    st.info(t("{name} 没有评议结果。", name=md(info["name"])), icon=":material/search_off:")
    st.stop()

# ---------------------------------------------------------------- score, grade and votes
st.subheader(t("得分与等次"))
if history["score"].drop_nulls().is_empty() and not history["final_grade"].drop_nulls().is_empty():
    # a grade list: the grades the Party committee published, no votes and no score to chart
    graded = history.filter(pl.col("final_grade").is_not_null())
    st.info(
        t(
            "该单位只有评议等次(所在院校仅公布等次),没有票数与得分:{grades}。逐年情况见下表。",
            grades=t(";").join(
                t("{year}年度 {grade}", year=y, grade=GRADE.get(g, g))
                for y, g in graded.select("year", "final_grade").iter_rows()
            ),
        ),
        icon=":material/grade:",
    )
elif history["score"].drop_nulls().is_empty():
    st.info(t("该单位没有得分。"), icon=":material/search_off:")
else:
    scores = views.build("unit_scores", q, ask)
    chart(scores.figure)
    export_row(scores, version=version)

# a small electorate's votes by grade tell who voted how: the query layer withholds those years (votes_withheld)
votes = views.build("unit_votes", q, ask)
min_voters = data.settings().min_voters
withheld = data.unit_votes_by_group(version, scope=f.scope, unit_id=unit_id)
hidden = sorted(set(withheld.filter(pl.col("votes_withheld"))["year"].to_list()))
if hidden:
    st.info(
        t(
            "{years} 年度参评人数少于 {n} 人,不显示各等次票数的构成,以免推知个人投票。",
            years=t("、").join(str(y) for y in hidden),
            n=min_voters,
        )
        + admin_hint(t("阈值可用环境变量 `PINGYI_MIN_VOTERS` 设置。")),
        icon=":material/visibility_off:",
    )
if votes is not None:
    show(votes, version=version)
else:
    st.caption(
        t("等次为综合评价等次(有党委评定等次时用评定等次,否则按当年口径由得分计算);柱内数字为票数,弃权不计。")
        + " "
        + captions.noise_caption("good_rate", history["voters"].drop_nulls().median(), lang=lang)
    )

# ---------------------------------------------------------------- year by year
st.subheader(t("逐年情况"))
years_view = views.build("unit_years", q, ask)
table = unit_views.years_frame(years_view.data, ask, rank_text=True)
export_row(years_view, version=version)
st.dataframe(
    table,
    hide_index=True,
    height=min(ROW_PX * (table.height + 1) + 3, MAX_TABLE_PX),  # every year visible without scrolling
    column_config={
        t("年度"): st.column_config.NumberColumn(format="%d"),
        t("得分"): st.column_config.NumberColumn(format="%.1f"),
        t("好评率(%)"): st.column_config.NumberColumn(format="%.1f"),
        t("满意率(%)"): st.column_config.NumberColumn(format="%.1f"),
        t("口径"): st.column_config.TextColumn(width="large"),
    },
)
official = history.filter(
    pl.col("official_grade").is_not_null() & (pl.col("official_grade") != pl.col("computed_grade"))
)
note = t(
    "院内名次 = 在本院校当年全部单位中按得分排列(1 为最高,分数相同者并列);同类名次 = 在本院校当年同类型单位中的名次。"
)
for row in official.iter_rows(named=True):
    note += t(
        " {year} 年度等次为党委评定的“{official}”,按得分计算应为“{computed}”。",
        year=row["year"],
        official=GRADE[row["official_grade"]],
        computed=GRADE.get(row["computed_grade"], "—"),
    )
if history["scheme_id"].n_unique() > 1:
    note += t(" 各年度评分口径不同,得分跨年比较时请留意口径列。")
st.caption(note)

# ---------------------------------------------------------------- reports and meetings
first, last = int(history["year"].min()), int(history["year"].max())
reports = data.unit_reports(version, scope=f.scope, unit_id=unit_id)
if not reports.is_empty():
    st.subheader(t("述职报告"))
    st.dataframe(
        reports.select(
            pl.col("year").alias(t("年度")),
            pl.col("secretary").alias(t("书记")),
            pl.col("mode").replace_strict(lb.names("mode", lang), default=None).alias(t("述职方式")),
            pl.col("title").alias(t("标题")),
            pl.col("text_chars").alias(t("字数")),
            pl.col("n_problems").alias(t("问题条数")),
            pl.col("n_measures").alias(t("措施条数")),
            pl.col("keywords").list.join("、").alias(t("关键词")),
        ),
        hide_index=True,
        column_config={"年度": st.column_config.NumberColumn(format="%d")},
    )
meetings = data.meetings(
    version, Filters(scope=f.scope, institutions=[info["institution_id"]], year_from=first, year_to=last)
)
if not meetings.is_empty():
    st.subheader(t("本院校评议会议"))
    st.dataframe(
        meetings.select(
            pl.col("year").alias(t("年度")),
            pl.col("meeting_date").alias(t("会议日期")),
            pl.col("chair").alias(t("主持")),
            pl.col("onsite_count").alias(t("现场述职")),
            pl.col("written_count").alias(t("书面述职")),
            pl.col("total_units").alias(t("单位总数")),
        ),
        hide_index=True,
        height=min(ROW_PX * (meetings.height + 1) + 3, MAX_TABLE_PX),
        column_config={
            t("年度"): st.column_config.NumberColumn(format="%d"),
            t("会议日期"): st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
    )
st.caption(t("档案显示该单位的全部年度,不受侧栏年度范围与单位类型筛选影响。"))
