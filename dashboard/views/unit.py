"""The views of 单位档案: one unit's score and grade over the years, its votes by grade, and its year-by-year table.
Every title and file name names the unit with its institution (nine institutions may each have a 校医院)."""

from __future__ import annotations

import polars as pl

from dashboard import captions, charts
from dashboard import labels as lb
from dashboard.export import Table
from dashboard.views.base import Ask, Data, View, shows_of
from dashboard.views.registry import register
from warehouse.vocabulary import GRADES


def _unit(q, ask: Ask) -> Data | None:
    info = q.unit_info(ask.scope, ask.unit_id)
    if info.is_empty():
        return None
    info = info.row(0, named=True)
    history = q.unit_history(ask.scope, ask.unit_id)
    if history.is_empty():
        return None
    label = ask.t("{name}({institution})", name=info["name"], institution=info["institution"])
    return {"info": info, "history": history, "label": label}


def _shows(d: Data, ask: Ask, frame: pl.DataFrame | None = None):
    return shows_of(frame if frame is not None else d["history"], unit=d["label"])


def _load_scores(q, ask: Ask) -> Data | None:
    d = _unit(q, ask)
    if d is None or d["history"]["score"].drop_nulls().is_empty():
        return None
    return d


UNIT_SCORES = register(
    View(
        name="unit_scores",
        page="unit",
        question="一个单位的得分与等次逐年怎样变化",
        needs=("unit_id",),
        load=_load_scores,
        figure=lambda d, ask: charts.unit_score_figure(d["history"], d["label"], ask.lang),
        table=lambda d, ask: Table(
            d["history"].select(
                pl.col("year").alias(ask.t("年度")),
                pl.col("unit").alias(ask.t("当年名称")),
                pl.col("score").alias(ask.t("得分")),
                pl.col("final_grade")
                .replace_strict(lb.names("grade", ask.lang), default=None)
                .alias(ask.t("等次")),
            ),
            {ask.t("年度"): "int", ask.t("得分"): "num1"},
        ),
        caption=lambda d, ask: ask.t("得分按当年口径计算;等次为综合评价等次。"),
        shows=_shows,
    )
)


def _load_votes(q, ask: Ask) -> Data | None:
    d = _unit(q, ask)
    if d is None:
        return None
    # the query layer withholds the votes of years with fewer raters than the minimum (votes_withheld)
    votes = q.unit_votes_by_group(ask.scope, ask.unit_id)
    d["hidden"] = sorted(set(votes.filter(pl.col("votes_withheld"))["year"].to_list()))
    d["min_voters"] = q.min_voters
    d["votes"] = votes.filter(~pl.col("votes_withheld")).drop("votes_withheld")
    if d["votes"].is_empty():
        return None
    return d


def _votes_table(d: Data, ask: Ask) -> Table:
    t, grade = ask.t, lb.names("grade", ask.lang)
    frame = (
        d["votes"]
        .sort("year", "rater_group")
        .select(
            pl.col("year").alias(t("年度")),
            pl.col("rater_group").alias(t("票种")),
            *[pl.col(f"votes_{g}").alias(t("{grade}(票)", grade=grade[g])) for g in GRADES],
        )
    )
    return Table(frame, {c: "int" for c in frame.columns if c != t("票种")})


def _votes_caption(d: Data, ask: Ask) -> str:
    median_voters = d["history"]["voters"].drop_nulls().median()
    text = (
        ask.t(
            "等次为综合评价等次(有党委评定等次时用评定等次,否则按当年口径由得分计算);柱内数字为票数,弃权不计。"
        )
        + " "
        + captions.noise_caption("good_rate", median_voters, lang=ask.lang)
    )
    if d["hidden"]:
        text += " " + ask.t(
            "{years} 年度参评人数少于 {n} 人,不列各等次票数。",
            years=ask.t("、").join(str(y) for y in d["hidden"]),
            n=d["min_voters"],
        )
    return text


UNIT_VOTES = register(
    View(
        name="unit_votes",
        page="unit",
        question="一个单位每年得到的好、较好、一般、差票各占多少",
        needs=("unit_id",),
        load=_load_votes,
        figure=lambda d, ask: charts.unit_votes_figure(d["votes"], d["label"], ask.lang),
        table=_votes_table,
        caption=_votes_caption,
        shows=lambda d, ask: _shows(d, ask, d["votes"]),
    )
)


def years_frame(d: Data, ask: Ask, *, rank_text: bool = False) -> pl.DataFrame:
    """The unit's year-by-year table; ranks as numbers (院内名次 of 院内单位数, 同类名次 of 同类单位数), or as "3/5"
    text for the screen. Columns empty in every year (a grade list, a roster) are left out."""
    t, history, lang = ask.t, d["history"], ask.lang
    if rank_text:
        ranks = [
            pl.format("{}/{}", "rank", "units_in_year").alias(t("院内名次")),
            pl.format("{}/{}", "type_rank", "units_of_type").alias(t("同类名次")),
        ]
    else:
        ranks = [
            pl.col("rank").alias(t("院内名次")),
            pl.col("units_in_year").alias(t("院内单位数")),
            pl.col("type_rank").alias(t("同类名次")),
            pl.col("units_of_type").alias(t("同类单位数")),
        ]
    table = history.select(
        pl.col("year").alias(t("年度")),
        pl.col("unit").alias(t("当年名称")),
        (pl.col("org_level").replace(lb.ORG_LEVEL_EN) if lang == "en" else pl.col("org_level")).alias(
            t("层级")
        ),
        pl.col("secretary").alias(t("书记")),
        pl.col("mode").replace_strict(lb.names("mode", lang), default=None).alias(t("述职方式")),
        pl.col("voters").alias(t("参评人数")),
        pl.col("score").round(1).alias(t("得分")),
        (pl.col("good_rate") * 100).round(1).alias(t("好评率(%)")),
        (pl.col("positive_rate") * 100).round(1).alias(t("满意率(%)")),
        pl.col("final_grade").replace_strict(lb.names("grade", lang), default=None).alias(t("等次")),
        *ranks,
        pl.col("scheme_label").alias(t("口径")),
    )
    # a unit with grades only (or a roster) has no raters, score, shares or ranks in any year: those columns go,
    # rather than a column of empty cells; a year without a grade or a mode shows a dash
    maybe_empty = (
        t("参评人数"),
        t("得分"),
        t("好评率(%)"),
        t("满意率(%)"),
        t("院内名次"),
        t("院内单位数"),
        t("同类名次"),
        t("同类单位数"),
    )
    empty = [c for c in maybe_empty if c in table.columns and history.height and _empty(history, table, c)]
    return table.drop(empty).with_columns(pl.col(t("等次"), t("述职方式"), t("书记")).fill_null("—"))


def _empty(history: pl.DataFrame, table: pl.DataFrame, column: str) -> bool:
    if table[column].dtype == pl.String:  # "3/5" text: empty when the rank itself is
        return history["rank"].null_count() == history.height
    return table[column].null_count() == table.height


UNIT_YEARS = register(
    View(
        name="unit_years",
        page="unit",
        question="一个单位逐年的书记、述职方式、得分、等次与名次",
        needs=("unit_id",),
        load=_unit,
        title=lambda d, ask: ask.t("{name} 逐年情况", name=d["label"]),
        table=lambda d, ask: Table(
            years_frame(d, ask),
            {
                ask.t("年度"): "int",
                ask.t("参评人数"): "int",
                ask.t("得分"): "num1",
                ask.t("好评率(%)"): "num1",
                ask.t("满意率(%)"): "num1",
                ask.t("院内名次"): "int",
                ask.t("院内单位数"): "int",
                ask.t("同类名次"): "int",
                ask.t("同类单位数"): "int",
            },
        ),
        caption=lambda d, ask: ask.t("名次:院内与同类单位中按得分排列,分数相同者并列。"),
        shows=_shows,
    )
)
