"""单位档案: one unit over the years — names, score and grade, votes by grade, ranks, mode and secretary, reports
and meetings. The unit comes from the URL (?unit=<unit_id>) so a link reproduces the view."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import captions, charts, data, export
from dashboard.downloads import export_row
from dashboard.labels import GRADE_ZH, MODE_ZH, UNIT_TYPE_ZH

KEY = "profile_unit"
ROW_PX, MAX_TABLE_PX = 35, 800  # st.dataframe row height; beyond ~22 years the table scrolls

st.title("单位档案")
version, f = data.pinned()

requested = st.query_params.get("unit")
from_url = None
if requested:
    if data.unit_info(version, unit_id=requested).is_empty():
        st.warning(
            f"没有编号为“{requested}”的单位,请在下方选择单位。 / Unknown unit id “{requested}”: choose a unit below.",
            icon=":material/link_off:",
        )
    else:
        from_url = requested

units = data.units_for_select(version, institutions=list(f.institutions or []))
labels = {u: f"{n} ({i})" for u, n, i in units.select("unit_id", "name", "institution").iter_rows()}
if from_url and from_url not in labels:  # a link to a unit of an institution not selected in the sidebar
    extra = data.unit_info(version, unit_id=from_url).row(0, named=True)
    labels = {from_url: f"{extra['name']} ({extra['institution']})"} | labels
if not labels:
    st.info(
        "所选院校没有单位记录;请在侧栏选择有评议结果的院校。 / No units for the selected institutions.",
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


unit_id = st.selectbox("单位", options=list(labels), format_func=labels.get, key=KEY, on_change=_to_url)
if st.query_params.get("unit") != unit_id:
    st.query_params["unit"] = unit_id

info = data.unit_info(version, unit_id=unit_id).row(0, named=True)
history = data.unit_history(version, unit_id=unit_id)
names = data.unit_names_of(version, unit_id=unit_id)

st.subheader(f"{info['name']}({info['institution']})")
facts = [
    f"类型:{UNIT_TYPE_ZH.get(info['unit_type'], info['unit_type'] or '未知')}",
    f"层级:{info['org_level'] or '未知'}",
    f"评议年度:{captions.years_text(info['first_year'], info['last_year']) or '无'}",
]
st.markdown(" · ".join(facts))
if names.height > 1:
    st.markdown(
        "曾用名:"
        + ";".join(
            f"{n}({captions.years_text(a, b)})" for n, a, b in names.select("name", "first_year", "last_year").iter_rows()
        )
    )

if history.is_empty():
    st.info(f"{info['name']} 没有评议结果。", icon=":material/search_off:")
    st.stop()

# ---------------------------------------------------------------- score, grade and votes
st.subheader("得分与等次")
if history["score"].drop_nulls().is_empty():
    st.info("该单位没有得分。", icon=":material/search_off:")
else:
    score_fig = charts.unit_score_figure(history, info["name"])
    st.plotly_chart(score_fig, theme=None, config=charts.PLOTLY_CONFIG)
    export_row(
        export.Item("unit_scores", score_fig.layout.title.text,
                    export.Table(history.select(pl.col("year").alias("年度"), pl.col("unit").alias("当年名称"),
                                                pl.col("score").alias("得分"),
                                                pl.col("final_grade").replace_strict(GRADE_ZH, default=None).alias("等次")),
                                 {"年度": "int", "得分": "num1"}),
                    "得分按当年口径计算;等次为综合评价等次。", score_fig, "unit_history"),
        version=version, f=f, key="unit_scores", metric=False, unit_types=False,
    )

votes = data.unit_votes_by_group(version, unit_id=unit_id)
# a small electorate's votes by grade tell who voted how: years below the minimum are not broken down
min_voters = data.settings().min_voters
graded = votes.group_by("year").agg(
    pl.sum_horizontal(*(pl.col(f"votes_{g}").fill_null(0) for g in ("good", "fairly_good", "average", "poor")))
    .sum()
    .alias("graded")
)
raters = dict(zip(history["year"].to_list(), history["voters"].to_list(), strict=True))
hidden = sorted(
    y for y, n in zip(graded["year"].to_list(), graded["graded"].to_list(), strict=True)
    if (raters.get(y) if raters.get(y) is not None else n) < min_voters
)
if hidden:
    votes = votes.filter(~pl.col("year").is_in(hidden))
    st.info(
        f"{'、'.join(str(y) for y in hidden)} 年度参评人数少于 {min_voters} 人,不显示各等次票数的构成,"
        "以免推知个人投票(阈值可用环境变量 PINGYI_MIN_VOTERS 设置)。",
        icon=":material/visibility_off:",
    )
if not votes.is_empty():
    st.plotly_chart(charts.unit_votes_figure(votes, info["name"]), theme=None, config=charts.PLOTLY_CONFIG)
median_voters = history["voters"].drop_nulls().median()
st.caption(
    "等次为综合评价等次(有党委评定等次时用评定等次,否则按当年口径由得分计算);柱内数字为票数,弃权不计。 "
    + captions.noise_caption("good_rate", median_voters)
)

# ---------------------------------------------------------------- year by year
st.subheader("逐年情况")
table = history.select(
    pl.col("year").alias("年度"),
    pl.col("unit").alias("当年名称"),
    pl.col("org_level").alias("层级"),
    pl.col("secretary").alias("书记"),
    pl.col("mode").replace_strict(MODE_ZH, default=None).alias("述职方式"),
    pl.col("voters").alias("参评人数"),
    pl.col("score").round(1).alias("得分"),
    (pl.col("good_rate") * 100).round(1).alias("好评率(%)"),
    (pl.col("positive_rate") * 100).round(1).alias("满意率(%)"),
    pl.col("final_grade").replace_strict(GRADE_ZH, default=None).alias("等次"),
    pl.format("{}/{}", "rank", "units_in_year").alias("院内名次"),
    pl.format("{}/{}", "type_rank", "units_of_type").alias("同类名次"),
    pl.col("scheme_label").alias("口径"),
)
export_row(
    export.Item("unit_years", f"{info['name']} 逐年情况",
                export.Table(table, {"年度": "int", "参评人数": "int", "得分": "num1", "好评率(%)": "num1",
                                     "满意率(%)": "num1"}),
                "名次:院内与同类单位中按得分排列,分数相同者并列。", None, "unit_history"),
    version=version, f=f, key="unit_years", metric=False, unit_types=False,
)
st.dataframe(
    table,
    hide_index=True,
    height=min(ROW_PX * (table.height + 1) + 3, MAX_TABLE_PX),  # every year visible without scrolling
    column_config={
        "年度": st.column_config.NumberColumn(format="%d"),
        "得分": st.column_config.NumberColumn(format="%.1f"),
        "好评率(%)": st.column_config.NumberColumn(format="%.1f"),
        "满意率(%)": st.column_config.NumberColumn(format="%.1f"),
        "口径": st.column_config.TextColumn(width="large"),
    },
)
official = history.filter(
    pl.col("official_grade").is_not_null() & (pl.col("official_grade") != pl.col("computed_grade"))
)
note = (
    "院内名次 = 在本院校当年全部单位中按得分排列(1 为最高,分数相同者并列);同类名次 = 在本院校当年同类型单位中的名次。"
)
for row in official.iter_rows(named=True):
    note += (
        f" {row['year']} 年度等次为党委评定的“{GRADE_ZH[row['official_grade']]}”,"
        f"按得分计算应为“{GRADE_ZH.get(row['computed_grade'], '—')}”。"
    )
if history["scheme_id"].n_unique() > 1:
    note += " 各年度评分口径不同,得分跨年比较时请留意口径列。"
st.caption(note)

# ---------------------------------------------------------------- reports and meetings
first, last = int(history["year"].min()), int(history["year"].max())
reports = data.unit_reports(version, unit_id=unit_id)
if not reports.is_empty():
    st.subheader("述职报告")
    st.dataframe(
        reports.select(
            pl.col("year").alias("年度"),
            pl.col("secretary").alias("书记"),
            pl.col("mode").replace_strict(MODE_ZH, default=None).alias("述职方式"),
            pl.col("title").alias("标题"),
            pl.col("text_chars").alias("字数"),
            pl.col("n_problems").alias("问题条数"),
            pl.col("n_measures").alias("措施条数"),
            pl.col("keywords").list.join("、").alias("关键词"),
        ),
        hide_index=True,
        column_config={"年度": st.column_config.NumberColumn(format="%d")},
    )
meetings = data.meetings(version, institutions=[info["institution_id"]], year_from=first, year_to=last)
if not meetings.is_empty():
    st.subheader("本院校评议会议")
    st.dataframe(
        meetings.select(
            pl.col("year").alias("年度"),
            pl.col("meeting_date").alias("会议日期"),
            pl.col("chair").alias("主持"),
            pl.col("onsite_count").alias("现场述职"),
            pl.col("written_count").alias("书面述职"),
            pl.col("total_units").alias("单位总数"),
        ),
        hide_index=True,
        height=min(ROW_PX * (meetings.height + 1) + 3, MAX_TABLE_PX),
        column_config={
            "年度": st.column_config.NumberColumn(format="%d"),
            "会议日期": st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
    )
st.caption("档案显示该单位的全部年度,不受侧栏年度范围与单位类型筛选影响。")
