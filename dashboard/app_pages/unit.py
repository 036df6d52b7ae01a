"""单位档案: one unit over the years — names, score and grade, votes by grade, ranks, mode and secretary, reports
and meetings. The unit comes from the URL (?unit=<unit_id>) so a link reproduces the view."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import captions, charts, data, export
from dashboard import labels as lb
from dashboard.downloads import export_row
from dashboard.i18n import current_lang, t
from dashboard.safe import md
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
                "没有找到编号为“{unit}”的单位,或您无权查看;请在下方选择单位。 / Unit “{unit}” was not found "
                "or is not accessible: choose a unit below.",
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
        t("所选院校没有单位记录;请在侧栏选择有评议结果的院校。 / No units for the selected institutions."),
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
    score_fig = charts.unit_score_figure(history, info["name"], lang)
    st.plotly_chart(score_fig, theme=None, config=charts.PLOTLY_CONFIG)
    export_row(
        export.Item(
            "unit_scores",
            score_fig.layout.title.text,
            export.Table(
                history.select(
                    pl.col("year").alias(t("年度")),
                    pl.col("unit").alias(t("当年名称")),
                    pl.col("score").alias(t("得分")),
                    pl.col("final_grade").replace_strict(GRADE, default=None).alias(t("等次")),
                ),
                {t("年度"): "int", t("得分"): "num1"},
            ),
            t("得分按当年口径计算;等次为综合评价等次。"),
            score_fig,
            "unit_history",
        ),
        version=version,
        f=f,
        key="unit_scores",
        metric=False,
        unit_types=False,
    )

votes = data.unit_votes_by_group(version, scope=f.scope, unit_id=unit_id)
# a small electorate's votes by grade tell who voted how: the query layer withholds those years (votes_withheld)
min_voters = data.settings().min_voters
hidden = sorted(set(votes.filter(pl.col("votes_withheld"))["year"].to_list()))
if hidden:
    votes = votes.filter(~pl.col("year").is_in(hidden))
    st.info(
        t(
            "{years} 年度参评人数少于 {n} 人,不显示各等次票数的构成,以免推知个人投票(阈值可用环境变量 PINGYI_MIN_VOTERS 设置)。",
            years=t("、").join(str(y) for y in hidden),
            n=min_voters,
        ),
        icon=":material/visibility_off:",
    )
if not votes.is_empty():
    st.plotly_chart(
        charts.unit_votes_figure(votes, info["name"], lang), theme=None, config=charts.PLOTLY_CONFIG
    )
median_voters = history["voters"].drop_nulls().median()
st.caption(
    t("等次为综合评价等次(有党委评定等次时用评定等次,否则按当年口径由得分计算);柱内数字为票数,弃权不计。")
    + " "
    + captions.noise_caption("good_rate", median_voters, lang=lang)
)

# ---------------------------------------------------------------- year by year
st.subheader(t("逐年情况"))
table = history.select(
    pl.col("year").alias(t("年度")),
    pl.col("unit").alias(t("当年名称")),
    (pl.col("org_level").replace(lb.ORG_LEVEL_EN) if lang == "en" else pl.col("org_level")).alias(t("层级")),
    pl.col("secretary").alias(t("书记")),
    pl.col("mode").replace_strict(lb.names("mode", lang), default=None).alias(t("述职方式")),
    pl.col("voters").alias(t("参评人数")),
    pl.col("score").round(1).alias(t("得分")),
    (pl.col("good_rate") * 100).round(1).alias(t("好评率(%)")),
    (pl.col("positive_rate") * 100).round(1).alias(t("满意率(%)")),
    pl.col("final_grade").replace_strict(GRADE, default=None).alias(t("等次")),
    pl.format("{}/{}", "rank", "units_in_year").alias(t("院内名次")),
    pl.format("{}/{}", "type_rank", "units_of_type").alias(t("同类名次")),
    pl.col("scheme_label").alias(t("口径")),
)
# a unit with grades only (or a roster) has no raters, score, shares or ranks in any year: those columns go, rather
# than a column of empty cells; a year without a grade or a mode shows a dash
empty = [
    c
    for c in (t("参评人数"), t("得分"), t("好评率(%)"), t("满意率(%)"), t("院内名次"), t("同类名次"))
    if table[c].null_count() == table.height
]
table = table.drop(empty).with_columns(pl.col(t("等次"), t("述职方式"), t("书记")).fill_null("—"))
export_row(
    export.Item(
        "unit_years",
        t("{name} 逐年情况", name=info["name"]),
        export.Table(
            table,
            {
                t("年度"): "int",
                t("参评人数"): "int",
                t("得分"): "num1",
                t("好评率(%)"): "num1",
                t("满意率(%)"): "num1",
            },
        ),
        t("名次:院内与同类单位中按得分排列,分数相同者并列。"),
        None,
        "unit_history",
    ),
    version=version,
    f=f,
    key="unit_years",
    metric=False,
    unit_types=False,
)
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
