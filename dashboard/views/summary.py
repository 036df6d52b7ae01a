"""The overview of one institution-year, defined once for the 总览 page and the briefing pack: its headline figures
(the KPI cards) and its generated sentences. Each sentence states its n (units, votes); a change within chance says
不显著 in the same words as the cards; a unit type with fewer than MIN_TYPE_UNITS units is not compared."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from dashboard import stats
from dashboard.labels import names
from dashboard.translation import translate

FLAT_PP = 0.05  # changes below this many 百分点 (or points) are called 持平
MIN_TYPE_UNITS = (
    5  # a unit type with fewer units is too small to compare from year to year: said so, not compared
)
VOTE_COLUMNS = {"good_rate": "votes_good", "positive_rate": "votes_positive"}  # queries.pooled_votes columns


@dataclass
class Overview:
    """The facts behind the overview of one institution in one year."""

    institution: str  # id
    name: str
    year: int
    now: dict[str, Any]
    prev: dict[str, Any] | None
    significant: dict[str, bool | None] = field(
        default_factory=dict
    )  # good_rate / positive_rate (votes), share_good (units) → beyond chance?
    changes: pl.DataFrame | None = None  # queries.type_changes
    type_votes: dict[str, tuple[int, bool | None]] = field(
        default_factory=dict
    )  # type → (votes, significant)

    @property
    def grades_only(self) -> bool:
        return bool(self.now["grades_only"])

    @property
    def roster_only(self) -> bool:
        return not self.now["has_results"]

    def change(self, column: str) -> float | None:
        if self.prev is None or self.now[column] is None or self.prev[column] is None:
            return None
        return self.now[column] - self.prev[column]


def overview(q, scope, institution: str, name: str, year: int) -> Overview | None:
    """The overview's facts from the warehouse questions; None when the institution has no ratings that year."""
    kpis = q.overview_kpis(scope, institution, year)
    this = kpis.filter(pl.col("year") == year)
    if this.is_empty():
        return None
    now = this.row(0, named=True)
    before = kpis.filter(pl.col("year") < year)
    prev = before.row(0, named=True) if not before.is_empty() else None
    o = Overview(institution, name, year, now, prev)
    if prev is None or not now["has_results"]:
        return o
    if now["good_rate"] is not None and prev["good_rate"] is not None:
        pooled = q.institution_pooled_votes(scope, institution, prev["year"], year)
        rows = {r["year"]: r for r in pooled.iter_rows(named=True)}
        a, b = rows.get(year), rows.get(prev["year"])
        if a is not None and b is not None:
            o.significant = {
                m: stats.change_significant(a[c], a["graded_votes"], b[c], b["graded_votes"])
                for m, c in VOTE_COLUMNS.items()
            }
    if (
        now["share_good"] is not None and prev["share_good"] is not None
    ):  # the share of units graded 好: n units
        o.significant["share_good"] = stats.change_significant(
            now["n_good"], now["n_graded"], prev["n_good"], prev["n_graded"]
        )
    o.changes = q.type_changes(scope, institution, year)
    for row in o.changes.iter_rows(named=True):
        if row["n_units"] < MIN_TYPE_UNITS or row["change"] is None:
            continue
        pooled = q.institution_pooled_votes(scope, institution, prev["year"], year, [row["unit_type"]])
        rows = {r["year"]: r for r in pooled.iter_rows(named=True)}
        a, b = rows.get(year), rows.get(prev["year"])
        if a is None or b is None:
            continue
        o.type_votes[row["unit_type"]] = (
            int(a["graded_votes"]),
            stats.change_significant(a["votes_good"], a["graded_votes"], b["votes_good"], b["graded_votes"]),
        )
    return o


# ---------------------------------------------------------------- the KPI cards


@dataclass(frozen=True)
class Card:
    """One headline figure: this year, the year before, the change in words, and how to colour it."""

    label: str
    value: str
    previous: str  # "—" without a previous year
    delta: str | None  # None: no change to show
    arrow: str = "auto"  # "auto" or "off" (st.metric's delta_arrow)
    colour: str = "normal"  # "normal", "inverse" or "off" (grey: within chance)


def _pp(change: float) -> float:
    return round(change * 100, 1)


def delta_text(change: float | None, kind: str, lang: str = "zh") -> tuple[str | None, str]:
    """(delta text, arrow): 百分点 for shares, 分 for scores, 个 for counts; 持平 without an arrow."""
    t = lambda text, /, **v: translate(text, lang, **v)  # noqa: E731
    if change is None:
        return None, "auto"
    if kind == "share":
        if abs(change * 100) < FLAT_PP:
            return t("持平"), "off"
        return t("{pp} 个百分点", pp=f"{_pp(change):+.1f}"), "auto"
    if kind == "score":
        return (t("持平"), "off") if abs(change) < FLAT_PP else (t("{d} 分", d=f"{change:+.1f}"), "auto")
    return (t("持平"), "off") if change == 0 else (t("{d} 个", d=f"{int(change):+d}"), "auto")


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _score(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}"


def cards(o: Overview, lang: str = "zh") -> list[Card]:
    """The headline figures of the overview (and the pack's 总体情况 table), with the change on the previous year."""
    t = lambda text, /, **v: translate(text, lang, **v)  # noqa: E731
    now, prev = o.now, o.prev

    def count(v: int | None) -> str:
        return "—" if v is None else t("{n} 个", n=v)

    def card(label: str, column: str, show, kind: str, colour: str = "normal") -> Card:
        delta, arrow = delta_text(o.change(column), kind, lang)
        if o.significant.get(column) is False and delta and delta != t("持平"):
            delta, colour = f"{delta} · {t(stats.NOT_SIGNIFICANT)}", "off"  # grey: within chance
        previous = show(prev[column]) if prev is not None else "—"
        return Card(label, show(now[column]), previous, delta, arrow, colour)

    def modes(row: dict | None) -> str:
        if row is None or not (row["n_onsite"] or row["n_written"]):
            return "—"  # no unit with a mode: unknown, not "0 / 0"
        return f"{row['n_onsite']} / {row['n_written']}"

    mode_delta = None
    if prev is not None and modes(now) != "—" and modes(prev) != "—":
        onsite, written = now["n_onsite"] - prev["n_onsite"], now["n_written"] - prev["n_written"]
        mode_delta = (
            t("持平")
            if onsite == written == 0
            else t("现场 {a},书面 {b}", a=f"{onsite:+d}", b=f"{written:+d}")
        )
    units = card(t("评议单位"), "n_units", count, "count")
    onsite = Card(t("现场 / 书面述职"), modes(now), modes(prev), mode_delta, "off", "off")
    weak = card(t("一般或差的单位"), "n_weak", count, "count", "inverse")
    if o.roster_only:
        return [units, onsite]
    if (
        o.grades_only
    ):  # no votes, no score: the grade counts instead of the means (never a mean of nothing as 0)
        return [units, onsite, card(t("评为“好”的单位占比"), "share_good", _pct, "share"), weak]
    return [
        units,
        onsite,
        card(t("平均得分"), "mean_score", _score, "score"),
        card(t("好评率"), "good_rate", _pct, "share"),
        card(t("满意率(好+较好)"), "positive_rate", _pct, "share"),
        weak,
    ]


# ---------------------------------------------------------------- the sentences


def moved(change: float, year: int, prev: int, significant: bool | None = None, lang: str = "zh") -> str:
    """'比上年提高 4.0 个百分点' / '与上年持平', with '(不显著)' when the votes cannot tell it from chance."""
    t = lambda text, /, **v: translate(text, lang, **v)  # noqa: E731
    last = prev == year - 1
    if abs(change * 100) < FLAT_PP:
        return t("与上年持平") if last else t("与{prev}年度持平", prev=prev)
    pp = f"{abs(_pp(change)):.1f}"
    if change > 0:
        text = (
            t("比上年提高 {pp} 个百分点", pp=pp)
            if last
            else t("比{prev}年度提高 {pp} 个百分点", prev=prev, pp=pp)
        )
    else:
        text = (
            t("比上年下降 {pp} 个百分点", pp=pp)
            if last
            else t("比{prev}年度下降 {pp} 个百分点", prev=prev, pp=pp)
        )
    return text + (t("({s})", s=t(stats.NOT_SIGNIFICANT)) if significant is False else "")


def _share_significant(row: dict) -> bool | None:
    """Beyond chance? The share of a type's units graded 好 this year against the year before (units as the n)."""
    if row["share_good"] is None or row["prev_share_good"] is None:
        return None
    return stats.change_significant(
        round(row["share_good"] * row["n_units"]),
        row["n_units"],
        round(row["prev_share_good"] * row["prev_n_units"]),
        row["prev_n_units"],
    )


def sentences(o: Overview, lang: str = "zh", escape: Callable[[str], str] = str) -> list[str]:
    """The overview's generated sentences: the institution's headline, each unit type large enough to compare, the
    types too small to compare in one line, and the units graded 一般 or 差. `escape` is applied to the names from
    the data (the page passes dashboard.safe.md)."""
    t = lambda text, /, **v: translate(text, lang, **v)  # noqa: E731
    now, prev = o.now, o.prev
    type_names = names("unit_type", lang)
    opening = t("{year}年度 {name} 共评议 {n} 个单位", year=o.year, name=escape(o.name), n=now["n_units"])
    if now["good_rate"] is not None:
        if now["median_voters"]:
            opening += t("(每个单位约 {v} 人参评)", v=int(round(now["median_voters"])))
        opening += t(",好评率 {rate}%", rate=f"{now['good_rate'] * 100:.1f}")
        if prev is not None and prev["good_rate"] is not None:
            opening += t(",") + moved(
                now["good_rate"] - prev["good_rate"],
                o.year,
                prev["year"],
                o.significant.get("good_rate"),
                lang,
            )
    elif now["share_good"] is not None:
        opening += t(
            ",评为“好”的单位 {n} 个,占有等次单位的 {rate}%",
            n=now["n_good"],
            rate=f"{now['share_good'] * 100:.1f}",
        )
        if prev is not None and prev["share_good"] is not None:
            opening += t(",") + moved(
                now["share_good"] - prev["share_good"],
                o.year,
                prev["year"],
                o.significant.get("share_good"),
                lang,
            )
    out = [opening + t("。")]
    small: list[str] = []
    if prev is not None and o.changes is not None:
        for row in o.changes.iter_rows(named=True):
            kind = type_names.get(row["unit_type"], row["unit_type"])
            if row["n_units"] < MIN_TYPE_UNITS:
                small.append(kind)
                continue
            if row["change"] is None:  # grades only in one of the years: the share graded 好
                if row["share_change"] is None:
                    continue
                out.append(
                    t(
                        "{year}年度 {type}类({n} 个单位)评为“好”的单位占比 {moved}。",
                        year=o.year,
                        type=kind,
                        n=row["n_units"],
                        moved=moved(row["share_change"], o.year, prev["year"], _share_significant(row), lang),
                    )
                )
                continue
            votes, significant = o.type_votes.get(row["unit_type"], (None, None))
            n = (
                t("{n} 个单位,{v} 票", n=row["n_units"], v=votes)
                if votes is not None
                else t("{n} 个单位", n=row["n_units"])
            )
            out.append(
                t(
                    "{year}年度 {type}类({n})好评率 {moved}。",
                    year=o.year,
                    type=kind,
                    n=n,
                    moved=moved(row["change"], o.year, prev["year"], significant, lang),
                )
            )
    if small:
        out.append(
            t(
                "{types}类单位各不足 {k} 个,单位数太少,不作逐年比较。",
                types=t("、").join(small),
                k=MIN_TYPE_UNITS,
            )
        )
    weak = now["n_weak"]
    out.append(t("评为一般或差的单位 {n} 个。", n=weak) if weak else t("没有评为一般或差的单位。"))
    return out
