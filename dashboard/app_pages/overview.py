"""总览: one institution in one year — headline figures against its previous year, the grade distribution,
the units that need attention (linked to their profiles) and a few generated sentences."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import captions, charts, data, export, stats, urlstate
from dashboard.downloads import export_row
from dashboard.i18n import current_lang, t
from dashboard.labels import names as labels_of
from dashboard.safe import md
from warehouse.queries import Filters

PROFILE_URL = "unit"  # url_path of app_pages/unit.py
FLAT_PP = 0.05  # changes below this many 百分点 are called 持平


def _pp(change: float) -> float:
    return round(change * 100, 1)


def _delta(change: float | None, kind: str) -> tuple[str | None, str]:
    """(delta text, arrow) of st.metric: 百分点 for shares, 分 for scores, 个 for counts; 持平 without an arrow."""
    if change is None:
        return None, "auto"
    if kind == "share":
        pp = _pp(change)
        return (
            (t("持平"), "off")
            if abs(change * 100) < FLAT_PP
            else (t("{pp} 个百分点", pp=f"{pp:+.1f}"), "auto")
        )
    if kind == "score":
        return (t("持平"), "off") if abs(change) < FLAT_PP else (t("{d} 分", d=f"{change:+.1f}"), "auto")
    return (t("持平"), "off") if change == 0 else (t("{d} 个", d=f"{int(change):+d}"), "auto")


def _moved(change: float, year: int, prev: int) -> str:
    """'比上年提高 4.0 个百分点' / '与上年持平' for a share (English: 'up 4.0 percentage points on the year before')."""
    last = prev == year - 1
    if abs(change * 100) < FLAT_PP:
        return t("与上年持平") if last else t("与{prev}年度持平", prev=prev)
    pp = f"{abs(_pp(change)):.1f}"
    if change > 0:
        return (
            t("比上年提高 {pp} 个百分点", pp=pp)
            if last
            else t("比{prev}年度提高 {pp} 个百分点", prev=prev, pp=pp)
        )
    return (
        t("比上年下降 {pp} 个百分点", pp=pp)
        if last
        else t("比{prev}年度下降 {pp} 个百分点", prev=prev, pp=pp)
    )


lang = current_lang()
GRADE = labels_of("grade", lang)
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
left, right = st.columns([3, 1])
with left:
    institution = st.selectbox(
        t("院校"),
        options=list(f.institutions),
        format_func=lambda i: names.get(i, i),
        key="overview_institution",
    )
name = names.get(institution, institution)
years = data.rated_years(version, scope=f.scope, institution=institution)
if not years:
    st.info(
        t(
            "{name} 只有会议记录(述职评议会的日期、人数等),没有载入各单位的评议结果,无法给出总览;"
            "会议记录见“会议与报告”页。载入评议结果:`pingyi ingest 评议结果.xlsx`。 / Only meeting facts are known for "
            "this institution: load its ratings to see the overview.",
            name=md(name),
        ),
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
with right:
    year_labels = {
        y: t("{y}年度", y=y) for y in shown
    }  # computed here: format_func also runs outside a rerun
    year = st.selectbox(t("年度"), options=shown, format_func=year_labels.get, key="overview_year")
urlstate.write(st.query_params, st.session_state, [INST_PARAM, YEAR_PARAM])
if url_problems:
    st.caption(" ".join(url_problems))

kpis = data.overview_kpis(version, scope=f.scope, institution=institution, year=year)
now = kpis.filter(pl.col("year") == year).row(0, named=True)
before = kpis.filter(pl.col("year") < year)
prev = before.row(0, named=True) if not before.is_empty() else None
# votes in both years (a grade list or a roster has none): only then are vote shares compared and tested
now["votes_both_years"] = now["good_rate"] is not None and prev is not None and prev["good_rate"] is not None
GRADES_ONLY, ROSTER_ONLY = bool(now["grades_only"]), not now["has_results"]


def _change(column: str) -> float | None:
    if prev is None or now[column] is None or prev[column] is None:
        return None
    return now[column] - prev[column]


def _significance() -> dict[str, bool | None]:
    """Per vote share: does the change on the previous year exceed chance (95% Wilson intervals of the pooled
    votes of the institution do not overlap)? None without a previous year."""
    if prev is None or not now["votes_both_years"]:
        return {}
    pooled = data.pooled_votes(
        version, Filters(scope=f.scope, institutions=[institution], year_from=prev["year"], year_to=year)
    )
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
st.subheader(t("{name} {year}年度", name=md(name), year=year))
share_card = (
    t("评为“好”的单位占比"),
    "—" if now["share_good"] is None else f"{now['share_good'] * 100:.1f}%",
    "share_good",
    "share",
    "normal",
)
cards = [
    (t("评议单位"), t("{n} 个", n=now["n_units"]), "n_units", "count", "normal"),
    # no unit with a mode (a grade list or a tally without 述职方式): unknown, not "0 / 0"
    (
        t("现场 / 书面述职"),
        f"{now['n_onsite']} / {now['n_written']}" if now["n_onsite"] or now["n_written"] else "—",
        None,
        None,
        "off",
    ),
    (
        t("平均得分"),
        "—" if now["mean_score"] is None else f"{now['mean_score']:.1f}",
        "mean_score",
        "score",
        "normal",
    ),
    (
        t("好评率"),
        "—" if now["good_rate"] is None else f"{now['good_rate'] * 100:.1f}%",
        "good_rate",
        "share",
        "normal",
    ),
    (
        t("满意率(好+较好)"),
        "—" if now["positive_rate"] is None else f"{now['positive_rate'] * 100:.1f}%",
        "positive_rate",
        "share",
        "normal",
    ),
    (t("一般或差的单位"), t("{n} 个", n=now["n_weak"]), "n_weak", "count", "inverse"),
]
if (
    GRADES_ONLY
):  # no votes, no score: the grade counts instead of the means (never a mean of nothing shown as 0)
    cards = [cards[0], cards[1], share_card, cards[5]]
elif ROSTER_ONLY:  # a roster: who reported and how, no result
    cards = cards[:2]
# a wrapping row, not fixed columns: each card is at least as wide as its text and the cards fill each line, so a
# narrow page (a tablet with the filters open) puts fewer cards on a line instead of cutting the deltas off
# ("+0.7 个百分…"); English deltas are longer still
cards_row = st.container(horizontal=True, wrap=True, key="overview_cards")
for label, value, field, kind, colour in cards:
    with cards_row:
        if field is None:  # on site / written: both changes in words, no direction implied
            if prev is None or value == "—" or not (prev["n_onsite"] or prev["n_written"]):
                delta, arrow = None, "auto"
            else:
                onsite, written = now["n_onsite"] - prev["n_onsite"], now["n_written"] - prev["n_written"]
                delta = (
                    t("持平")
                    if onsite == written == 0
                    else t("现场 {a},书面 {b}", a=f"{onsite:+d}", b=f"{written:+d}")
                )
                arrow = "off"
        else:
            delta, arrow = _delta(_change(field), kind)
            if significant.get(field) is False and delta and delta != t("持平"):
                delta, colour = f"{delta} · {t(stats.NOT_SIGNIFICANT)}", "off"  # grey: within chance
        st.metric(
            label,
            value,
            delta=delta,
            delta_color="off" if arrow == "off" else colour,
            delta_arrow=arrow,
            border=True,
        )
if GRADES_ONLY:
    st.info(
        t(
            "该校仅公布等次 / this institution published grades only:{name} {year}年度只公布了各单位的评议等次,"
            "没有票数和得分,平均得分、好评率与满意率无从计算;此处按等次统计单位数与评为“好”的单位占比。",
            name=name,
            year=year,
        ),
        icon=":material/grade:",
    )
elif ROSTER_ONLY:
    st.info(
        t(
            "{name} {year}年度只有述职名单(各单位的述职方式与书记),没有评议结果;现场述职轮换见“会议与报告”页。"
            "载入评议结果后,此处显示等次与得分。",
            name=name,
            year=year,
        ),
        icon=":material/list_alt:",
    )
    st.stop()
if prev is None:
    st.caption(t("{name} 在 {year} 年度之前没有评议结果,无法计算同比变化。", name=md(name), year=year))
else:
    note = t(
        "变化为与 {prev} 年度(该院校上一个有评议结果的年度)相比;好评率、满意率的变化以百分点计。",
        prev=prev["year"],
    )
    if any(flag is False for flag in significant.values()):
        note += t(
            " 标“不显著”的变化:把全院校的票合并计算,两年的 95% 置信区间(Wilson 区间)重叠,"
            "几票之差不足以说明有变化。"
        )
    if prev["scheme_id"] != now["scheme_id"]:
        note += t(
            " 两年评分口径不同({a} → {b}),平均得分不宜直接比较。",
            a=prev["scheme_label"],
            b=now["scheme_label"],
        )
    st.caption(note)

# ---------------------------------------------------------------- generated summary
changes = data.type_changes(version, scope=f.scope, institution=institution, year=year)
sentences = []
opening = t("{year}年度 {name} 共评议 {n} 个单位", year=year, name=md(name), n=now["n_units"])
if now["good_rate"] is not None:
    opening += t(",好评率 {rate}%", rate=f"{now['good_rate'] * 100:.1f}")
    if prev is not None and prev["good_rate"] is not None:
        opening += t(",") + _moved(now["good_rate"] - prev["good_rate"], year, prev["year"])
elif now["share_good"] is not None:
    opening += t(
        ",评为“好”的单位 {n} 个,占有等次单位的 {rate}%",
        n=now["n_good"],
        rate=f"{now['share_good'] * 100:.1f}",
    )
    if prev is not None and prev["share_good"] is not None:
        opening += t(",") + _moved(now["share_good"] - prev["share_good"], year, prev["year"])
sentences.append(opening + t("。"))
if prev is not None:
    for row in changes.iter_rows(named=True):
        if row["change"] is None:  # grades only in one of the years: compared by the share graded 好 below
            if row["share_change"] is not None:
                sentences.append(
                    t(
                        "{year}年度 {type}类 评为“好”的单位占比 {moved}。",
                        year=year,
                        type=labels_of("unit_type", lang).get(row["unit_type"], row["unit_type"]),
                        moved=_moved(row["share_change"], year, prev["year"]),
                    )
                )
            continue
        sentences.append(
            t(
                "{year}年度 {type}类 好评率 {moved}。",
                year=year,
                type=labels_of("unit_type", lang).get(row["unit_type"], row["unit_type"]),
                moved=_moved(row["change"], year, prev["year"]),
            )
        )
weak = now["n_weak"]
sentences.append(t("评为一般或差的单位 {n} 个。", n=weak) if weak else t("没有评为一般或差的单位。"))
with st.container(border=True):
    st.markdown("\n".join(f"- {s}" for s in sentences))

# ---------------------------------------------------------------- grade distribution
st.subheader(t("等次分布"))
dist = data.grade_distribution(version, scope=f.scope, institution=institution, year=year)
if dist["n"].sum() == 0:
    st.info(t("{name} {year} 年度没有综合评价等次。", name=md(name), year=year), icon=":material/search_off:")
else:
    dist_fig = charts.grade_distribution_figure(
        dist, t("{name} {year}年度 各等次单位数", name=name, year=year), lang
    )
    st.plotly_chart(dist_fig, theme=None, config=charts.PLOTLY_CONFIG)
    dist_table = dist.select(
        pl.col("grade").replace_strict(GRADE, default=None).alias(t("等次")),
        pl.col("n").alias(t("单位数")),
        pl.col("share").alias(t("占比")),
    )
    export_row(
        export.Item(
            "grade_distribution",
            dist_fig.layout.title.text,
            export.Table(dist_table, {t("单位数"): "int", t("占比"): "pct"}),
            t("{name} {year}年度 综合评价等次(党委评定等次优先)。", name=name, year=year),
            dist_fig,
            "grade_distribution",
        ),
        version=version,
        f=f,
        key="overview_grades",
        metric=False,
        unit_types=False,
    )

# ---------------------------------------------------------------- units that need attention
st.subheader(t("需要关注的单位"))
attention = data.attention_units(version, scope=f.scope, institution=institution, year=year)
if attention.is_empty():
    st.success(t("没有需要特别关注的单位。"), icon=":material/task_alt:")
else:
    reasons = [
        t("、").join(
            t(text)
            for flag, text in (
                (r["is_bottom"], "得分居后"),
                (r["is_drop"], "得分较上年下降"),
                (r["is_weak"], "等次为一般或差"),
            )
            if flag
        )
        for r in attention.iter_rows(named=True)
    ]
    table = attention.select(
        pl.col("unit").alias(t("单位")),
        pl.col("unit_type").replace_strict(labels_of("unit_type", lang), default=None).alias(t("类型")),
        pl.col("score").round(1).alias(t("得分")),
        pl.col("final_grade").replace_strict(GRADE, default=None).alias(t("等次")),
        pl.format("{}/{}", "rank", "units_in_year").alias(t("院内名次")),
        pl.col("prev_score").round(1).alias(t("上年得分")),
        pl.col("change").round(1).alias(t("变化(分)")),
        pl.Series(t("关注原因"), reasons),
        (pl.lit(f"{PROFILE_URL}?unit=") + pl.col("unit_id")).alias(t("档案")),
    )
    if GRADES_ONLY:  # no score, no rank: those columns would be empty
        table = table.drop(t("得分"), t("院内名次"), t("上年得分"), t("变化(分)"))
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
    export_row(
        export.Item(
            "attention",
            t("{name} {year}年度 需要关注的单位", name=name, year=year),
            export.Table(
                table.drop(t("档案")), {t("得分"): "num1", t("上年得分"): "num1", t("变化(分)"): "num1"}
            ),
            t("得分居后、得分较上年下降、等次为一般或差的单位。"),
            None,
            "attention_units",
        ),
        version=version,
        f=f,
        key="overview_attention",
        metric=False,
        unit_types=False,
    )
    st.caption(
        t("该校仅公布等次,没有得分:列出评为一般或差的单位。点“查看档案”打开该单位的逐年档案。")
        if GRADES_ONLY
        else t(
            "得分居后 = 得分最低的 5 个单位(至多半数单位,分数相同者并列);得分较上年下降 = 与上一个有评议结果的年度相比降幅"
            "最大的 5 个单位;另列出所有评为一般或差的单位。点“查看档案”打开该单位的逐年档案。"
        )
    )

schemes = data.schemes_used(
    version, Filters(scope=f.scope, institutions=[institution], year_from=year, year_to=year)
)
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
