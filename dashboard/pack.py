"""The briefing pack (简报): one institution-year, optionally against peers, as PPTX slides or a PDF with the same pages.

Built from the same warehouse.queries questions and dashboard.charts figures as the pages; the charts are rendered
by dashboard.export (kaleido, the one warm Chromium). The PDF's pages are drawn by Chromium too, so its fonts
(Noto Sans CJK) are embedded the way Chromium embeds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from dashboard import captions, charts, export
from dashboard.labels import GRADE_ZH, GRADES, METRIC_MEANING, METRIC_SHORT, UNIT_TYPE_ZH
from dashboard.pack_render import Slide, pdf_bytes, pptx_bytes
from warehouse import queries
from warehouse.access import Scope

PACK_FORMATS = ("pptx", "pdf")
MAX_ATTENTION_ROWS = 12
GRADES_ONLY_LINE = (
    "该校仅公布等次:{name} 只公布了各单位的评议等次,没有票数和得分,平均得分、好评率与满意率无从计算;"
    "按等次统计单位数与评为“好”的单位占比。"
)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _num(v: float | None, digits: int = 1) -> str:
    return "—" if v is None else f"{v:.{digits}f}"


def _pp(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:+.1f} 个百分点"


def _name_of(cur, institution_id: str, *, scope: Scope) -> str:
    names = queries.institutions(cur, scope=scope)
    row = names.filter(pl.col("institution_id") == institution_id)
    if row.is_empty():
        raise ValueError(f"unknown institution {institution_id!r}")
    return row["name"][0]


def resolve_institution(cur, name_or_id: str, *, scope: Scope) -> str:
    """An institution id from its id, full name or short name (only institutions in scope are found)."""
    names = queries.institutions(cur, scope=scope)
    for col in ("institution_id", "name", "short_name"):
        hit = names.filter(pl.col(col) == name_or_id.strip())
        if not hit.is_empty():
            return hit["institution_id"][0]
    raise ValueError(f"未找到院校 / unknown institution: {name_or_id}")


def slides(cur, *, scope: Scope, institution_id: str, year: int, peers: Sequence[str] = ()) -> list[Slide]:
    """The pack's content: title, KPIs, trends by unit type, peers (when given), attention list, 口径 and sources.
    An institution or peer outside `scope` is refused like an unknown one."""
    name = _name_of(cur, institution_id, scope=scope)
    peers = [p for p in dict.fromkeys(peers) if p != institution_id]
    peer_names = [_name_of(cur, p, scope=scope) for p in peers]
    kpis = queries.overview_kpis(cur, scope=scope, institution=institution_id, year=year)
    if kpis.is_empty():
        raise ValueError(f"{name} {year} 年没有评议结果 / no ratings for {name} in {year}")
    now = kpis.filter(pl.col("year") == year).row(0, named=True)
    if not now["has_results"]:
        raise ValueError(
            f"{name} {year} 年只有述职名单(述职方式与书记),没有评议结果,无法生成简报 / only a roster is known for "
            f"{name} in {year} (reporting modes and secretaries), no results: no briefing pack"
        )
    prev = kpis.filter(pl.col("year") < year)
    before = prev.row(0, named=True) if not prev.is_empty() else None
    demo = queries.warehouse_is_demo(cur, scope=scope)
    # a grade list has no votes and no score: its shares are the share of units graded 好 (never a mean of nothing)
    grades_only = bool(now["grades_only"])
    metric = "share_good" if grades_only else "good_rate"
    metric_name = METRIC_SHORT[metric]
    out: list[Slide] = []

    # ---- 1 title
    lines = [f"{year} 年度述职评议结果简报"]
    if peer_names:
        lines.append("对比院校:" + "、".join(peer_names))
    lines.append(f"生成日期:{dt.date.today():%Y-%m-%d} · 评议 Pingyi")
    if demo:
        lines.append("演示数据:院校与人员均为虚构")
    out.append(Slide(f"{name} 述职评议简报", lines))

    # ---- 2 overview KPIs
    py = before["year"] if before else None

    def kpi(label: str, key: str, show=str, change=None) -> tuple[str, str, str, str]:
        """This year, the year before, and (for means and shares) the change."""
        this, last = now[key], before[key] if before else None
        moved = (
            change(this - last)
            if change and this is not None and last is not None
            else ("—" if change else "")
        )
        return label, show(this), show(last) if before else "—", moved

    means = (
        []
        if grades_only
        else [
            kpi("平均得分", "mean_score", _num, _num),
            kpi("好评率", "good_rate", _pct, _pp),
            kpi("满意率", "positive_rate", _pct, _pp),
        ]
    )

    def count(v: int | None) -> str:
        return "—" if v is None else str(v)

    rows = [
        kpi("参评单位数", "n_units", count),
        kpi("现场述职单位数", "n_onsite", count),
        *means,
        kpi("评为“好”的单位占比", "share_good", _pct, _pp),
    ] + [kpi(f"评为“{GRADE_ZH[g]}”的单位", f"n_{g}", count) for g in GRADES]
    table = pl.DataFrame(
        rows, schema=["指标", f"{year} 年", f"{py} 年" if py else "上年", "变化"], orient="row"
    )
    dist = queries.grade_distribution(cur, scope=scope, institution=institution_id, year=year)
    fig = charts.grade_distribution_figure(dist, f"{name} {year} 年各等次单位数") if dist["n"].sum() else None
    out.append(
        Slide(
            "总体情况",
            [
                f"{year} 年共 {now['n_units']} 个单位参加评议"
                + (f",每个单位约 {int(now['median_voters'])} 人参评" if now["median_voters"] else "")
                + (f";表中与 {py} 年对比。" if py else "。"),
                GRADES_ONLY_LINE.format(name=name)
                if grades_only
                else captions.noise_caption("good_rate", now["median_voters"]),
            ],
            table,
            fig,
            f"口径:{now['scheme_label'] or now['scheme_id']}",
        )
    )

    # ---- 3 trends by unit type
    trend = queries.type_trend(
        cur, queries.Filters(scope=scope, institutions=[institution_id], year_to=year, metric=metric)
    )
    schemes_own = queries.schemes_used(
        cur, queries.Filters(scope=scope, institutions=[institution_id], year_to=year)
    )
    changes = queries.type_changes(cur, scope=scope, institution=institution_id, year=year)
    value, change = ("share_good", "share_change") if grades_only else ("good_rate", "change")
    lines = [
        f"{UNIT_TYPE_ZH.get(r['unit_type'], r['unit_type'])}:{metric_name} {_pct(r[value])},较 {r['prev_year']} 年 "
        f"{_pp(r[change])}(n={r['n_units']})"
        for r in changes.iter_rows(named=True)
        if r[change] is not None
    ] or ["无上一评议年度可比。"]
    out.append(
        Slide(
            "各类单位趋势",
            lines,
            None,
            charts.type_trend_figure(trend, metric) if not trend.is_empty() else None,
            captions.chart_caption(
                metric,
                schemes_own,
                now["median_voters"],
                int(trend["n_units"].min()) if not trend.is_empty() else None,
            ),
        )
    )

    # ---- 4 peers
    if peers:
        everyone = [institution_id, *peers]
        cmp = queries.institution_trend(
            cur, queries.Filters(scope=scope, institutions=everyone, year_to=year, metric=metric)
        )
        schemes_all = queries.schemes_used(
            cur, queries.Filters(scope=scope, institutions=everyone, year_to=year)
        )
        this_year = cmp.filter(pl.col("year") == year).sort("rank", "institution")
        table = pl.DataFrame(
            [
                (r["institution"], _pct(r["value"]), f"{r['rank']}/{r['n_ranked']}", _pp(r["change"]))
                for r in this_year.iter_rows(named=True)
            ],
            schema=["院校", metric_name, "名次", "较上年"],
            orient="row",
        )
        mine = this_year.filter(pl.col("institution_id") == institution_id)
        lines = (
            [f"{year} 年 {name} {metric_name}在 {mine['n_ranked'][0]} 所院校中列第 {mine['rank'][0]} 位。"]
            if not mine.is_empty()
            else [f"{name} {year} 年无可比数据。"]
        )
        absent = [
            n for p, n in zip(peers, peer_names, strict=True) if p not in set(this_year["institution_id"])
        ]
        if absent and not grades_only:
            coverage = queries.result_coverage(
                cur, queries.Filters(scope=scope, institutions=peers, year_from=year, year_to=year)
            )
            only = set(coverage.filter(pl.col("grades_only"))["institution"].to_list())
            if only & set(absent):
                lines.append(
                    "、".join(n for n in absent if n in only) + f" 仅公布等次,没有{metric_name},未列入比较。"
                )
        out.append(
            Slide(
                "与对比院校比较",
                lines,
                table,
                charts.institution_trend_figure(cmp, metric) if not cmp.is_empty() else None,
                captions.chart_caption(metric, schemes_all, cmp["median_voters"].median()),
            )
        )

    # ---- 5 attention list
    att = queries.attention_units(cur, scope=scope, institution=institution_id, year=year)
    reasons = []
    for r in att.iter_rows(named=True):
        why = [
            w
            for w, on in (
                ("得分靠后", r["is_bottom"]),
                ("降幅较大", r["is_drop"]),
                ("等次一般或差", r["is_weak"]),
            )
            if on
        ]
        reasons.append(
            (
                r["unit"],
                UNIT_TYPE_ZH.get(r["unit_type"], r["unit_type"]),
                _num(r["score"]),
                GRADE_ZH.get(r["final_grade"], "—"),
                _pct(r["good_rate"]),
                _num(r["change"]) if r["change"] is not None else "—",
                "、".join(why),
            )
        )
    table = pl.DataFrame(
        reasons[:MAX_ATTENTION_ROWS],
        schema=["单位", "类型", "得分", "等次", "好评率", "得分较上年", "关注原因"],
        orient="row",
    )
    if grades_only:  # no score, no votes: those columns would be dashes only
        table = table.drop("得分", "好评率", "得分较上年")
    lines = [
        (
            f"需关注单位 {len(reasons)} 个:等次为一般或差的单位(该校仅公布等次,没有得分)。"
            if grades_only
            else f"需关注单位 {len(reasons)} 个:得分最低的几个、较上一评议年度降幅最大的几个,以及等次为一般或差的单位。"
        )
        + (f"(表中列出前 {MAX_ATTENTION_ROWS} 个)" if len(reasons) > MAX_ATTENTION_ROWS else "")
    ]
    if not reasons:
        lines = ["本年度没有需要特别关注的单位。"]
    out.append(Slide("需关注单位", lines, table if reasons else None))

    # ---- 6 口径 and sources
    schemes_all = queries.schemes_used(
        cur, queries.Filters(scope=scope, institutions=[institution_id, *peers], year_to=year)
    )
    loads = queries.load_summary(cur, scope=scope)
    source = ";".join(
        f"{r['kind']} {r['files']} 批(最近载入 {r['last_loaded']:%Y-%m-%d})"
        for r in loads.iter_rows(named=True)
    )
    out.append(
        Slide(
            "口径与数据来源",
            [
                *([GRADES_ONLY_LINE.format(name=name), METRIC_MEANING["share_good"]] if grades_only else []),
                captions.scheme_caption(schemes_all),
                METRIC_MEANING["good_rate"],
                METRIC_MEANING["positive_rate"],
                METRIC_MEANING["score"],
                "等次为综合评价等次:有党委评定等次时用评定等次,否则按口径阈值由得分计算。",
                captions.noise_caption("good_rate", now["median_voters"]),
                "数据来源:评议 Pingyi 数据仓库"
                + (f"({source})" if source else "")
                + ("。演示数据,纯属虚构。" if demo else "。"),
            ],
        )
    )
    return out


def pack_file_name(cur, *, scope: Scope, institution_id: str, year: int, fmt: str) -> str:
    return export.file_name(_name_of(cur, institution_id, scope=scope), year, "述职评议简报", ext=fmt)


def briefing_pack(
    cur, *, scope: Scope, institution_id: str, year: int, peers: Sequence[str] = (), fmt: str = "pptx"
) -> bytes:
    """The briefing pack as PPTX or PDF bytes (raises ExportUnavailable without Chromium)."""
    if fmt not in PACK_FORMATS:
        raise ValueError(f"unknown pack format {fmt!r}; choose one of {', '.join(PACK_FORMATS)}")
    content = slides(cur, scope=scope, institution_id=institution_id, year=year, peers=peers)
    return pptx_bytes(content) if fmt == "pptx" else pdf_bytes(content)
