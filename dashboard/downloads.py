"""Download buttons under the pages' charts and tables: the file is built only when clicked (callable data)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dashboard import auth, data, export, render
from dashboard.export import Item
from dashboard.i18n import t
from warehouse.queries import Filters

VIEWER_NOTE = "导出需分析员或管理员角色 / Exports need the analyst or admin role"

LABELS = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "csv": "CSV", "xlsx": "XLSX", "pptx": "PPTX"}


def selection(
    version: str, f: Filters, *, metric: bool = True, unit_types: bool = True
) -> tuple[str, list[str]]:
    """(the filters in words, the institution names) of this run."""
    from dashboard.labels import METRIC_ZH

    frame = data.institutions(version, scope=f.scope)
    lookup = dict(zip(frame["institution_id"], frame["name"], strict=True))
    names = [lookup.get(i, i) for i in (f.institutions or [])]
    text = export.selection_text(
        names,
        f.year_from,
        f.year_to,
        f.unit_types if unit_types else None,
        METRIC_ZH[f.metric] if metric else None,
    )
    return text, names


def _deferred(build: Callable[[], bytes], *, what: str = "", fmt: str = "") -> Callable[[], bytes]:
    """Runs on Streamlit's download thread: an error becomes a text file saying what went wrong, not a stuck
    button. Each download is recorded in the audit log (what, format, by whom, from where, outcome)."""
    user = auth.current_user()
    who = (user.name, user.role) if user else ("", "")
    client = auth.client_address()
    pointer = data.store().pointer

    def run() -> bytes:
        from warehouse import audit

        try:
            out = build()
        except render.ExportUnavailable as err:
            audit.record(
                pointer,
                "export",
                user=who[0],
                role=who[1],
                client=client,
                outcome="failed",
                what=what,
                format=fmt,
                reason=str(err)[:200],
            )
            return str(err).encode("utf-8")
        audit.record(
            pointer, "export", user=who[0], role=who[1], client=client, what=what, format=fmt, bytes=len(out)
        )
        return out

    return run


def export_row(
    item: Item,
    *,
    version: str,
    f: Filters,
    key: str,
    formats: Sequence[str] | None = None,
    metric: bool = True,
    unit_types: bool = True,
) -> None:
    """A compact row of buttons (PNG · SVG · PDF · CSV · XLSX) for one chart or table (analysts and admins only;
    a viewer sees a note instead)."""
    if not _may_export():
        st.caption(t(VIEWER_NOTE))
        return
    text, names = selection(version, f, metric=metric, unit_types=unit_types)
    if formats is None:
        formats = export.FORMATS if item.figure is not None else export.TABLE_FORMATS
    problem = render.static_export_problem() if any(x in export.IMAGE_FORMATS for x in formats) else None
    stem = (export.institutions_part(names), export.years_part(f.year_from, f.year_to), item.title)
    with st.container(horizontal=True, gap="small", key=f"export_{key}"):
        for fmt in formats:
            image = fmt in export.IMAGE_FORMATS
            st.download_button(
                LABELS[fmt],
                data=_deferred(
                    lambda fmt=fmt: export.render(item, fmt, selection=text),
                    what=f"{item.title} · {text}",
                    fmt=fmt,
                ),
                file_name=export.file_name(*stem, ext=fmt),
                mime=export.MIME[fmt],
                key=f"dl_{key}_{fmt}",
                on_click="ignore",
                icon=":material/image:" if image else ":material/table_view:",
                type="tertiary",
                disabled=bool(image and problem),
                help=problem if image and problem else t("下载{fmt} / download {fmt}", fmt=LABELS[fmt]),
            )
    if problem:
        st.caption(problem)


def pack_section(version: str, f: Filters) -> None:
    """简报: the briefing pack of one institution-year, the other selected institutions as peers."""

    if not _may_export():
        return
    with st.expander(t("简报 / briefing pack"), icon=":material/slideshow:"):
        _pack_form(version, f)


def _may_export() -> bool:
    user = auth.current_user()
    return user is not None and user.can("export")


def _pack_form(version: str, f: Filters) -> None:
    from dashboard import pack

    frame = data.institutions(version, scope=f.scope)
    lookup = dict(zip(frame["institution_id"], frame["name"], strict=True))
    chosen = [i for i in (f.institutions or []) if i in lookup]
    if not chosen:
        return
    left, middle, right = st.columns([2, 1, 3])
    with left:
        inst = st.selectbox(
            t("院校"), options=chosen, format_func=lambda i: lookup.get(i, i), key="pack_institution"
        )
    years = data.result_years(
        version, scope=f.scope, institution=inst
    )  # a roster-only year has nothing to brief
    if not years:
        st.info(
            t("{name} 没有评议结果,无法生成简报。", name=lookup.get(inst, inst)), icon=":material/search_off:"
        )
        return
    with middle:
        year = st.selectbox(t("年度"), options=list(reversed(years)), key="pack_year")
    with right:
        peers = st.multiselect(
            t("对比院校"),
            options=[i for i in lookup if i != inst],
            default=[i for i in chosen if i != inst][:5],
            format_func=lambda i: lookup.get(i, i),
            key="pack_peers",
        )
    problem = render.static_export_problem()

    def build(fmt: str) -> bytes:
        with data.cursor(version) as cur:
            return pack.briefing_pack(
                cur, scope=f.scope, institution_id=inst, year=int(year), peers=list(peers), fmt=fmt
            )

    with st.container(horizontal=True, gap="small", key="export_pack"):
        for fmt in pack.PACK_FORMATS:
            st.download_button(
                t("简报 {fmt}", fmt=LABELS[fmt]),
                data=_deferred(
                    lambda fmt=fmt: build(fmt), what=f"简报 {lookup.get(inst, inst)} {year}", fmt=fmt
                ),
                file_name=export.file_name(lookup.get(inst, inst), int(year), "述职评议简报", ext=fmt),
                mime=export.MIME[fmt],
                key=f"dl_pack_{fmt}",
                on_click="ignore",
                icon=":material/slideshow:" if fmt == "pptx" else ":material/picture_as_pdf:",
                disabled=bool(problem),
                help=problem
                or t("总体情况、各类单位趋势、与对比院校比较、需关注单位、口径与数据来源(生成约需 10 秒)"),
            )
    st.caption(
        problem
        or t(
            "简报含:标题页、总体指标、各类单位趋势、与对比院校比较、需关注单位、口径与数据来源;"
            "PPTX 与 PDF 内容相同。"
        )
    )
