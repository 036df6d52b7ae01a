"""总览: one institution in one year — headline figures against its previous year, the grade distribution,
the units that need attention (linked to their profiles) and a few generated sentences."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import captions, charts, data, export, stats
from dashboard.downloads import export_row
from dashboard.labels import GRADE_ZH, UNIT_TYPE_ZH

PROFILE_URL = "unit"  # url_path of app_pages/unit.py
FLAT_PP = 0.05  # changes below this many 百分点 are called 持平


def _md(text: str) -> str:
    """Names from the data, safe inside st.markdown (no emphasis, links or HTML from a name)."""
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+-.!|~" else c for c in str(text))


def _pp(change: float) -> float:
    return round(change * 100, 1)


def _delta(change: float | None, kind: str) -> tuple[str | None, str]:
    """(delta text, arrow) of st.metric: 百分点 for shares, 分 for scores, 个 for counts; 持平 without an arrow."""
    if change is None:
        return None, "auto"
    if kind == "share":
        pp = _pp(change)
        return ("持平", "off") if abs(change * 100) < FLAT_PP else (f"{pp:+.1f} 个百分点", "auto")
    if kind == "score":
        return ("持平", "off") if abs(change) < FLAT_PP else (f"{change:+.1f} 分", "auto")
    return ("持平", "off") if change == 0 else (f"{int(change):+d} 个", "auto")


def _than(year: int, prev: int) -> str:
    return "比上年" if prev == year - 1 else f"比{prev}年度"


def _moved(change: float, than: str) -> str:
    """'比上年提高 4.0 个百分点' / '与上年持平' for a share."""
    if abs(change * 100) < FLAT_PP:
        return f"{than.replace('比', '与', 1)}持平"
    return f"{than}{'提高' if change > 0 else '下降'} {abs(_pp(change)):.1f} 个百分点"


st.title("总览")
version, f = data.pinned()
if not f.institutions:
    st.info(captions.selection_problem(f.institutions, None) or "请在侧栏选择院校。", icon=":material/filter_alt_off:")
    st.stop()
all_institutions = data.institutions(version)
names = dict(zip(all_institutions["institution_id"], all_institutions["name"], strict=True))

left, right = st.columns([3, 1])
with left:
    institution = st.selectbox(
        "院校", options=list(f.institutions), format_func=lambda i: names.get(i, i), key="overview_institution"
    )
name = names.get(institution, institution)
years = data.rated_years(version, institution=institution)
if not years:
    st.info(
        f"{name} 只有会议记录(述职评议会的日期、人数等),没有载入各单位的评议结果,无法给出总览;"
        "会议记录见“会议与报告”页。载入评议结果:`pingyi ingest 评议结果.xlsx`。 / Only meeting facts are known for "
        "this institution: load its ratings to see the overview.",
        icon=":material/inbox:",
    )
    st.stop()
shown = [y for y in reversed(years) if (f.year_from is None or y >= f.year_from) and (f.year_to is None or y <= f.year_to)]
if not shown:
    st.info(
        f"{name} 在所选年度范围 {captions.years_text(f.year_from, f.year_to)} 内没有评议结果;"
        f"有评议结果的年度:{'、'.join(str(y) for y in years)}。请在侧栏放宽年度范围。",
        icon=":material/search_off:",
    )
    st.stop()
with right:
    year = st.selectbox("年度", options=shown, format_func=lambda y: f"{y}年度", key="overview_year")

kpis = data.overview_kpis(version, institution=institution, year=year)
now = kpis.filter(pl.col("year") == year).row(0, named=True)
before = kpis.filter(pl.col("year") < year)
prev = before.row(0, named=True) if not before.is_empty() else None


def _change(column: str) -> float | None:
    if prev is None or now[column] is None or prev[column] is None:
        return None
    return now[column] - prev[column]


def _significance() -> dict[str, bool | None]:
    """Per vote share: does the change on the previous year exceed chance (95% Wilson intervals of the pooled
    votes of the institution do not overlap)? None without a previous year."""
    if prev is None:
        return {}
    pooled = data.pooled_votes(version, institutions=[institution], year_from=prev["year"], year_to=year)
    rows = {r["year"]: r for r in pooled.iter_rows(named=True)}
    a, b = rows.get(year), rows.get(prev["year"])
    if a is None or b is None:
        return {}
    return {
        field: stats.change_significant(a[column], a["graded_votes"], b[column], b["graded_votes"])
        for field, column in (("good_rate", "votes_good"), ("positive_rate", "votes_positive"))
    }


significant = _significance()

# ---------------------------------------------------------------- headline figures
st.subheader(f"{name} {year}年度")
cards = [
    ("评议单位", f"{now['n_units']} 个", "n_units", "count", "normal"),
    ("现场 / 书面述职", f"{now['n_onsite']} / {now['n_written']}", None, None, "off"),
    ("平均得分", "—" if now["mean_score"] is None else f"{now['mean_score']:.1f}", "mean_score", "score", "normal"),
    ("好评率", "—" if now["good_rate"] is None else f"{now['good_rate'] * 100:.1f}%", "good_rate", "share", "normal"),
    ("满意率(好+较好)", "—" if now["positive_rate"] is None else f"{now['positive_rate'] * 100:.1f}%",
     "positive_rate", "share", "normal"),
    ("一般或差的单位", f"{now['n_weak']} 个", "n_weak", "count", "inverse"),
]
# two rows of three: six cards in one row cut the deltas off ("+0.7 个百分点 · 不显著")
columns = [c for _ in range(2) for c in st.columns(3)]
for column, (label, value, field, kind, colour) in zip(columns, cards, strict=True):
    with column:
        if field is None:  # on site / written: both changes in words, no direction implied
            if prev is None:
                delta, arrow = None, "auto"
            else:
                onsite, written = now["n_onsite"] - prev["n_onsite"], now["n_written"] - prev["n_written"]
                delta = "持平" if onsite == written == 0 else f"现场 {onsite:+d},书面 {written:+d}"
                arrow = "off"
        else:
            delta, arrow = _delta(_change(field), kind)
            if significant.get(field) is False and delta and delta != "持平":
                delta, colour = f"{delta} · {stats.NOT_SIGNIFICANT}", "off"  # grey: within chance
        st.metric(label, value, delta=delta, delta_color="off" if arrow == "off" else colour, delta_arrow=arrow,
                  border=True)
if prev is None:
    st.caption(f"{name} 在 {year} 年度之前没有评议结果,无法计算同比变化。")
else:
    note = f"变化为与 {prev['year']} 年度(该院校上一个有评议结果的年度)相比;好评率、满意率的变化以百分点计。"
    if any(flag is False for flag in significant.values()):
        note += (
            " 标“不显著”的变化:把全院校的票合并计算,两年的 95% 置信区间(Wilson 区间)重叠,"
            "几票之差不足以说明有变化。"
        )
    if prev["scheme_id"] != now["scheme_id"]:
        note += f" 两年评分口径不同({prev['scheme_label']} → {now['scheme_label']}),平均得分不宜直接比较。"
    st.caption(note)

# ---------------------------------------------------------------- generated summary
changes = data.type_changes(version, institution=institution, year=year)
sentences = []
opening = f"{year}年度 {_md(name)} 共评议 {now['n_units']} 个单位"
if now["good_rate"] is not None:
    opening += f",好评率 {now['good_rate'] * 100:.1f}%"
    if prev is not None and prev["good_rate"] is not None:
        opening += f",{_moved(now['good_rate'] - prev['good_rate'], _than(year, prev['year']))}"
sentences.append(opening + "。")
if prev is not None:
    for row in changes.iter_rows(named=True):
        sentences.append(
            f"{year}年度 {UNIT_TYPE_ZH.get(row['unit_type'], row['unit_type'])}类 好评率 "
            f"{_moved(row['change'], _than(year, prev['year']))}。"
        )
weak = now["n_weak"]
sentences.append(
    f"评为一般或差的单位 {weak} 个。" if weak else "没有评为一般或差的单位。"
)
with st.container(border=True):
    st.markdown("\n".join(f"- {s}" for s in sentences))

# ---------------------------------------------------------------- grade distribution
st.subheader("等次分布")
dist = data.grade_distribution(version, institution=institution, year=year)
if dist["n"].sum() == 0:
    st.info(f"{name} {year} 年度没有综合评价等次。", icon=":material/search_off:")
else:
    dist_fig = charts.grade_distribution_figure(dist, f"{name} {year}年度 各等次单位数")
    st.plotly_chart(dist_fig, theme=None, config=charts.PLOTLY_CONFIG)
    dist_table = dist.select(
        pl.col("grade").replace_strict(GRADE_ZH, default=None).alias("等次"),
        pl.col("n").alias("单位数"),
        pl.col("share").alias("占比"),
    )
    export_row(
        export.Item("grade_distribution", dist_fig.layout.title.text,
                    export.Table(dist_table, {"单位数": "int", "占比": "pct"}),
                    f"{name} {year}年度 综合评价等次(党委评定等次优先)。", dist_fig, "grade_distribution"),
        version=version, f=f, key="overview_grades", metric=False, unit_types=False,
    )

# ---------------------------------------------------------------- units that need attention
st.subheader("需要关注的单位")
attention = data.attention_units(version, institution=institution, year=year)
if attention.is_empty():
    st.success("没有需要特别关注的单位。", icon=":material/task_alt:")
else:
    reasons = [
        "、".join(
            text
            for flag, text in ((r["is_bottom"], "得分居后"), (r["is_drop"], "得分较上年下降"), (r["is_weak"], "等次为一般或差"))
            if flag
        )
        for r in attention.iter_rows(named=True)
    ]
    table = attention.select(
        pl.col("unit").alias("单位"),
        pl.col("unit_type").replace_strict(UNIT_TYPE_ZH, default=None).alias("类型"),
        pl.col("score").round(1).alias("得分"),
        pl.col("final_grade").replace_strict(GRADE_ZH, default=None).alias("等次"),
        pl.format("{}/{}", "rank", "units_in_year").alias("院内名次"),
        pl.col("prev_score").round(1).alias("上年得分"),
        pl.col("change").round(1).alias("变化(分)"),
        pl.Series("关注原因", reasons),
        (pl.lit(f"{PROFILE_URL}?unit=") + pl.col("unit_id")).alias("档案"),
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "得分": st.column_config.NumberColumn(format="%.1f"),
            "上年得分": st.column_config.NumberColumn(format="%.1f"),
            "变化(分)": st.column_config.NumberColumn(format="%+.1f"),
            "关注原因": st.column_config.TextColumn(width="medium"),
            "档案": st.column_config.LinkColumn(display_text="查看档案"),
        },
    )
    export_row(
        export.Item("attention", f"{name} {year}年度 需要关注的单位",
                    export.Table(table.drop("档案"), {"得分": "num1", "上年得分": "num1", "变化(分)": "num1"}),
                    "得分居后、得分较上年下降、等次为一般或差的单位。", None, "attention_units"),
        version=version, f=f, key="overview_attention", metric=False, unit_types=False,
    )
    st.caption(
        "得分居后 = 得分最低的 5 个单位(至多半数单位,分数相同者并列);得分较上年下降 = 与上一个有评议结果的年度相比降幅"
        "最大的 5 个单位;另列出所有评为一般或差的单位。点“查看档案”打开该单位的逐年档案。"
    )

schemes = data.schemes_used(version, institutions=[institution], year_from=year, year_to=year)
st.caption(
    captions.scheme_caption(schemes)
    + " 总览按该院校全部单位统计,不受侧栏单位类型筛选影响。 "
    + captions.noise_caption("good_rate", now["median_voters"])
)
