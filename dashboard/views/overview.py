"""The views of 总览: one institution-year's units by grade, and the units that need attention (with the reasons,
worded once here for the page and the briefing pack)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from dashboard import charts
from dashboard.export import Table
from dashboard.labels import names
from dashboard.views.base import Ask, Data, View, shows_of
from dashboard.views.registry import register

# why a unit needs attention: the flag of queries.attention_units and its words (the page's and the pack's)
REASONS = (
    ("is_bottom", "得分居后"),
    ("is_drop", "得分较上年下降"),
    ("is_weak", "等次为一般或差"),
)


def institution_name(q, ask: Ask) -> str:
    frame = q.institutions(ask.scope)
    row = frame.filter(pl.col("institution_id") == ask.institution)
    if row.is_empty():
        raise ValueError(f"未找到院校 / unknown institution: {ask.institution}")
    return row["name"][0]


def _load_dist(q, ask: Ask) -> Data | None:
    dist = q.grade_distribution(ask.scope, ask.institution, ask.year)
    if dist.is_empty() or dist["n"].sum() == 0:
        return None
    return {"dist": dist, "name": institution_name(q, ask)}


def _dist_table(d: Data, ask: Ask) -> Table:
    t = ask.t
    frame = d["dist"].select(
        pl.col("grade").replace_strict(names("grade", ask.lang), default=None).alias(t("等次")),
        pl.col("n").alias(t("单位数")),
        pl.col("share").alias(t("占比")),
    )
    return Table(frame, {t("单位数"): "int", t("占比"): "pct"})


GRADE_DISTRIBUTION = register(
    View(
        name="grade_distribution",
        page="overview",
        question="一所院校一年中评为好、较好、一般、差的单位各有几个",
        needs=("institution", "year"),
        load=_load_dist,
        figure=lambda d, ask: charts.grade_distribution_figure(
            d["dist"], ask.t("{name} {year}年度 各等次单位数", name=d["name"], year=ask.year), ask.lang
        ),
        table=_dist_table,
        caption=lambda d, ask: ask.t(
            "{name} {year}年度 综合评价等次(党委评定等次优先)。", name=ask.escape(d["name"]), year=ask.year
        ),
        shows=lambda d, ask: shows_of(None, institutions=(d["name"],), years=(ask.year,)),
    )
)


def reasons(row: dict, lang: str = "zh") -> str:
    """The reasons of one attention row, in words."""
    from dashboard.translation import translate

    return translate("、", lang).join(translate(text, lang) for flag, text in REASONS if row[flag])


def _load_attention(q, ask: Ask) -> Data | None:
    attention = q.attention_units(ask.scope, ask.institution, ask.year)
    if attention.is_empty():
        return None
    kpis = q.overview_kpis(ask.scope, ask.institution, ask.year).filter(pl.col("year") == ask.year)
    grades_only = bool(kpis["grades_only"][0]) if not kpis.is_empty() else False
    return {"attention": attention, "name": institution_name(q, ask), "grades_only": grades_only}


def attention_frame(d: Data, ask: Ask, *, rank_text: bool = False) -> pl.DataFrame:
    """The attention list: ranks as two numbers (院内名次, 院内单位数), or as "5/5" text for the screen."""
    t, a = ask.t, d["attention"]
    rank = (
        [pl.format("{}/{}", "rank", "units_in_year").alias(t("院内名次"))]
        if rank_text
        else [pl.col("rank").alias(t("院内名次")), pl.col("units_in_year").alias(t("院内单位数"))]
    )
    frame = a.select(
        pl.col("unit").alias(t("单位")),
        pl.col("unit_type").replace_strict(names("unit_type", ask.lang), default=None).alias(t("类型")),
        pl.col("score").round(1).alias(t("得分")),
        pl.col("final_grade").replace_strict(names("grade", ask.lang), default=None).alias(t("等次")),
        *rank,
        pl.col("prev_score").round(1).alias(t("上年得分")),
        pl.col("change").round(1).alias(t("变化(分)")),
        pl.Series(t("关注原因"), [reasons(r, ask.lang) for r in a.iter_rows(named=True)], dtype=pl.String),
    )
    if d["grades_only"]:  # no score, no rank: those columns would be empty
        frame = frame.drop(
            [
                c
                for c in (t("得分"), t("院内名次"), t("院内单位数"), t("上年得分"), t("变化(分)"))
                if c in frame.columns
            ]
        )
    return frame


NBSP = "\u00a0"
SHORT_LIST = 5  # units named per reason in the overview's short answer; the rest are in the full table


def attention_lines(d: Data, ask: Ask, link: Callable[[str], str]) -> list[str]:
    """The attention list as a few Markdown lines for the top of 总览, one per reason: the units (each a link to its
    profile, `link(unit_id)`) with the figure behind the reason, lowest score, largest fall or grade first; at most
    SHORT_LIST names a line. Names from the data go through `ask.escape`."""
    t, a = ask.t, d["attention"]
    grade = names("grade", ask.lang)

    def listed(rows: pl.DataFrame, figure: Callable[[dict], str], gap: str = " ") -> str:
        items = [  # a figure and its unit stay on one line ("-2.8 分"): no-break spaces inside the figure
            f"[{ask.escape(r['unit'])}]({link(r['unit_id'])}){gap}{figure(r).replace(' ', NBSP)}"
            for r in rows.head(SHORT_LIST).iter_rows(named=True)
        ]
        more = t("等 {n} 个", n=rows.height) if rows.height > SHORT_LIST else ""
        return t("、").join(items) + more

    def reason(text: str) -> str:  # at the start of a line: "Score near the bottom"
        text = t(text)
        return text[:1].upper() + text[1:]

    lines = []
    bottom = a.filter(pl.col("is_bottom")).sort("score", "unit")
    if not bottom.is_empty():
        lines.append(
            t(
                "**{reason}**(共 {n} 个单位):{units}",
                reason=reason(REASONS[0][1]),
                n=int(a["units_in_year"][0]),
                units=listed(bottom, lambda r: t("{score} 分", score=f"{r['score']:.1f}")),
            )
        )
    drops = a.filter(pl.col("is_drop")).sort("change", "unit")
    if not drops.is_empty():
        lines.append(
            t(
                "**{reason}**(与 {prev} 年度相比):{units}",
                reason=reason(REASONS[1][1]),
                prev=int(drops["prev_year"][0]),
                units=listed(drops, lambda r: t("{change} 分", change=f"{r['change']:+.1f}")),
            )
        )
    weak = a.filter(pl.col("is_weak")).sort("score", "unit", nulls_last=True)
    if not weak.is_empty():
        lines.append(
            t(
                "**{reason}**:{units}",
                reason=reason(REASONS[2][1]),
                units=listed(
                    weak, lambda r: t("({grade})", grade=grade.get(r["final_grade"], r["final_grade"])), ""
                ),
            )
        )
    return lines


def _attention_table(d: Data, ask: Ask) -> Table:
    t = ask.t
    kinds = {t("得分"): "num1", t("上年得分"): "num1", t("变化(分)"): "delta1", t("院内名次"): "int"}
    return Table(attention_frame(d, ask), kinds | {t("院内单位数"): "int"})


def attention_caption(d: Data, ask: Ask) -> str:
    if d["grades_only"]:
        return ask.t("该校仅公布等次,没有得分:列出评为一般或差的单位。")
    return ask.t(
        "得分居后 = 得分最低的 5 个单位(至多半数单位,分数相同者并列);得分较上年下降 = 与上一个有评议结果的年度相比降幅"
        "最大的 5 个单位;另列出所有评为一般或差的单位。"
    )


ATTENTION = register(
    View(
        name="attention",
        page="overview",
        question="一所院校一年中哪些单位需要关注,为什么",
        needs=("institution", "year"),
        load=_load_attention,
        title=lambda d, ask: ask.t("{name} {year}年度 需要关注的单位", name=d["name"], year=ask.year),
        table=_attention_table,
        caption=attention_caption,
        shows=lambda d, ask: shows_of(None, institutions=(d["name"],), years=(ask.year,)),
    )
)
