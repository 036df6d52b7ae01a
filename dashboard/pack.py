"""The briefing pack (简报): one institution-year, optionally against peers, as PPTX slides or a PDF with the same pages.

A list of views (dashboard/views/) plus the overview's sentences and headline figures (dashboard/views/summary.py),
the same definitions the pages show; dashboard/pack_render.py draws the slides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from dashboard import captions, export, views
from dashboard.labels import names
from dashboard.pack_render import Slide, pdf_bytes, pptx_bytes
from dashboard.translation import translate
from dashboard.views import summary
from warehouse import queries
from warehouse.access import Scope
from warehouse.queries import Filters

PACK_FORMATS = ("pptx", "pdf")
MAX_ATTENTION_ROWS = 12
GRADES_ONLY_LINE = (
    "该校仅公布等次:{name} 只公布了各单位的评议等次,没有票数和得分,平均得分、好评率与满意率无从计算;"
    "按等次统计单位数与评为“好”的单位占比。"
)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _pp(v: float | None, lang: str = "zh") -> str:
    return "—" if v is None else translate("{pp} 个百分点", lang, pp=f"{v * 100:+.1f}")


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


def text_table(table: export.Table) -> pl.DataFrame:
    """A view's export table with every cell as text, the way a slide shows it (shares as per cent, one decimal)."""
    exprs = []
    for name in table.frame.columns:
        kind, col = table.kinds.get(name), pl.col(name)
        if kind == "pct":
            text = pl.format("{}%", (col * 100).round(1))
        elif kind == "delta1":  # a change, signed like every change of the pack: "+0.5", "-1.2"
            text = col.round(1).map_elements(lambda v: f"{v:+.1f}", return_dtype=pl.String)
        elif kind in ("num1", "num2"):
            text = col.round(1 if kind == "num1" else 2).cast(pl.String)
        else:
            text = col.cast(pl.String)
        exprs.append(text.fill_null("—").alias(name))
    return table.frame.select(exprs)


def slides(
    cur,
    *,
    scope: Scope,
    institution_id: str,
    year: int,
    peers: Sequence[str] = (),
    lang: str = "zh",
    min_voters: int = queries.DEFAULT_MIN_VOTERS,
) -> list[Slide]:
    """The pack's content in `lang`: title, KPIs, trends by unit type, peers (when given), attention list, 口径 and
    sources. An institution or peer outside `scope` is refused like an unknown one; votes of unit-years with fewer
    than `min_voters` raters are not pooled (Settings.min_voters)."""

    def t(text: str, /, **values) -> str:
        return translate(text, lang, **values)

    q = views.CursorQuestions(cur, min_voters=min_voters)
    name = _name_of(cur, institution_id, scope=scope)
    peers = [p for p in dict.fromkeys(peers) if p != institution_id]
    peer_names = [_name_of(cur, p, scope=scope) for p in peers]
    o = summary.overview(q, scope, institution_id, name, year)
    if o is None:
        raise ValueError(f"{name} {year} 年没有评议结果 / no ratings for {name} in {year}")
    if o.roster_only:
        raise ValueError(
            f"{name} {year} 年只有述职名单(述职方式与书记),没有评议结果,无法生成简报 / only a roster is known for "
            f"{name} in {year} (reporting modes and secretaries), no results: no briefing pack"
        )
    now = o.now
    demo = queries.warehouse_is_demo(cur, scope=scope)
    # a grade list has no votes and no score: its shares are the share of units graded 好 (never a mean of nothing)
    grades_only = o.grades_only
    metric = "share_good" if grades_only else "good_rate"
    metric_name = names("metric_short", lang)[metric]
    meaning = names("metric_meaning", lang)
    said = summary.sentences(o, lang)
    grades_only_line = t(GRADES_ONLY_LINE, name=name)
    out: list[Slide] = []

    # ---- 1 title
    lines = [t("{year} 年度述职评议结果简报", year=year)]
    if peer_names:
        lines.append(t("对比院校:{names}", names=t("、").join(peer_names)))
    lines.append(t("生成日期:{d} · 评议 Pingyi", d=f"{dt.date.today():%Y-%m-%d}"))
    if demo:
        lines.append(t("演示数据:院校与人员均为虚构"))
    out.append(Slide(t("{name} 述职评议简报", name=name), lines))

    # ---- 2 overview: the page's headline figures and its first and last sentences
    py = o.prev["year"] if o.prev else None
    table = pl.DataFrame(
        [(c.label, c.value, c.previous, c.delta or "") for c in summary.cards(o, lang)],
        schema=[t("指标"), t("{y} 年", y=year), t("{y} 年", y=py) if py else t("上年"), t("变化")],
        orient="row",
    )
    ask = views.Ask(
        Filters(scope, (institution_id,), None, year, None, metric),
        lang,
        institution=institution_id,
        year=year,
    )
    dist = views.build("grade_distribution", q, ask)
    out.append(
        Slide(
            t("总体情况"),
            [
                said[0],
                said[-1],
                grades_only_line
                if grades_only
                else captions.noise_caption("good_rate", now["median_voters"], lang=lang),
            ],
            table,
            dist.figure if dist else None,
            t("口径:{label}", label=now["scheme_label"] or now["scheme_id"]),
        )
    )

    # ---- 3 trends by unit type: the type sentences of the overview, the type_trend view of this institution
    trend = views.build("type_trend", q, ask)
    out.append(
        Slide(
            t("各类单位趋势"),
            said[1:-1] or [t("无上一评议年度可比。")],
            None,
            trend.figure if trend else None,
            trend.caption if trend else "",
        )
    )

    # ---- 4 peers: the institution_trend view of the institution and its peers
    if peers:
        everyone = (institution_id, *peers)
        compare = views.build(
            "institution_trend", q, views.Ask(Filters(scope, everyone, None, year, None, metric), lang)
        )
        cmp = compare.data["trend"] if compare else None
        this_year = (
            cmp.filter(pl.col("year") == year).sort("rank", "institution")
            if cmp is not None
            else pl.DataFrame(schema={"institution_id": pl.String})
        )
        table = pl.DataFrame(
            [
                (r["institution"], _pct(r["value"]), f"{r['rank']}/{r['n_ranked']}", _pp(r["change"], lang))
                for r in this_year.iter_rows(named=True)
            ],
            schema=[t("院校"), metric_name, t("名次"), t("较上年")],
            orient="row",
        )
        mine = this_year.filter(pl.col("institution_id") == institution_id)
        lines = (
            [
                t(
                    "{year} 年 {name} {metric}在 {n} 所院校中列第 {rank} 位。",
                    year=year,
                    name=name,
                    metric=metric_name,
                    n=mine["n_ranked"][0],
                    rank=mine["rank"][0],
                )
            ]
            if not mine.is_empty()
            else [t("{name} {year} 年无可比数据。", name=name, year=year)]
        )
        absent = [
            n for p, n in zip(peers, peer_names, strict=True) if p not in set(this_year["institution_id"])
        ]
        if absent and not grades_only:
            coverage = queries.result_coverage(
                cur, Filters(scope=scope, institutions=peers, year_from=year, year_to=year)
            )
            only = set(coverage.filter(pl.col("grades_only"))["institution"].to_list())
            if only & set(absent):
                lines.append(
                    t(
                        "{names} 仅公布等次,没有{metric},未列入比较。",
                        names=t("、").join(n for n in absent if n in only),
                        metric=metric_name,
                    )
                )
        out.append(
            Slide(
                t("与对比院校比较"),
                lines,
                table,
                compare.figure if compare else None,
                compare.caption if compare else "",
                focus=name,  # the institution of the pack stands out among its peers
            )
        )

    # ---- 5 attention list: the attention view, as on the overview page
    attention = views.build("attention", q, ask)
    n_att = attention.data["attention"].height if attention else 0
    if attention is None:
        lines, table = [t("本年度没有需要特别关注的单位。")], None
    else:
        lines = [
            t("需关注单位 {n} 个:", n=n_att)
            + attention.caption
            + (t("(表中列出前 {n} 个)", n=MAX_ATTENTION_ROWS) if n_att > MAX_ATTENTION_ROWS else "")
        ]
        table = text_table(attention.table).head(MAX_ATTENTION_ROWS)
    out.append(Slide(t("需关注单位"), lines, table))

    # ---- 6 口径 and sources
    schemes_all = q.schemes_used(Filters(scope, (institution_id, *peers), None, year))
    loads = q.load_summary(scope)
    source = t(";").join(
        t("{kind} {n} 批(最近载入 {d})", kind=r["kind"], n=r["files"], d=f"{r['last_loaded']:%Y-%m-%d}")
        for r in loads.iter_rows(named=True)
    )
    out.append(
        Slide(
            t("口径与数据来源"),
            [
                *([grades_only_line, meaning["share_good"]] if grades_only else []),
                # the scheme and the vote-based measures only where some institution of the pack has votes: a
                # grade list alone uses no scheme (as the 口径 page says)
                *(
                    [
                        captions.scheme_caption(schemes_all, lang),
                        meaning["good_rate"],
                        meaning["positive_rate"],
                        meaning["score"],
                        t("等次为综合评价等次:有党委评定等次时用评定等次,否则按口径阈值由得分计算。"),
                        captions.noise_caption("good_rate", now["median_voters"], lang=lang),
                    ]
                    if not grades_only or peers
                    else []
                ),
                t("数据来源:评议 Pingyi 数据仓库")
                + (t("({source})", source=source) if source else "")
                + (t("。演示数据,纯属虚构。") if demo else t("。")),
            ],
        )
    )
    return out


def pack_file_name(cur, *, scope: Scope, institution_id: str, year: int, fmt: str, lang: str = "zh") -> str:
    name = _name_of(cur, institution_id, scope=scope)
    return export.file_name(name, year, translate("述职评议简报", lang), ext=fmt)


def briefing_pack(
    cur,
    *,
    scope: Scope,
    institution_id: str,
    year: int,
    peers: Sequence[str] = (),
    fmt: str = "pptx",
    lang: str = "zh",
    min_voters: int = queries.DEFAULT_MIN_VOTERS,
) -> bytes:
    """The briefing pack as PPTX or PDF bytes in `lang` (raises ExportUnavailable without Chromium)."""
    if fmt not in PACK_FORMATS:
        raise ValueError(f"unknown pack format {fmt!r}; choose one of {', '.join(PACK_FORMATS)}")
    content = slides(
        cur,
        scope=scope,
        institution_id=institution_id,
        year=year,
        peers=peers,
        lang=lang,
        min_voters=min_voters,
    )
    return pptx_bytes(content) if fmt == "pptx" else pdf_bytes(content)
