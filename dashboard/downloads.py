"""Download buttons under the pages' charts and tables: the file is built only when clicked (callable data)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dashboard import auth, data, export, render
from dashboard.i18n import current_lang, t
from dashboard.views.base import Built

VIEWER_NOTE = "导出需分析员或管理员角色"

NOTES_LABEL = "口径与说明:指标含义、单位数、评分口径与正常波动"
SHORT_CAPTION = 60  # characters: a caption this short is shown as it is, a longer one behind NOTES_LABEL
LABELS = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "csv": "CSV", "xlsx": "XLSX", "pptx": "PPTX"}


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
    shown: Built, *, version: str, key: str | None = None, formats: Sequence[str] | None = None
) -> None:
    """A compact row of buttons (PNG · SVG · PDF · CSV · XLSX) for one built view (analysts and admins only; a
    viewer sees a note instead). The file names and the 说明 sheet describe what the view's data holds."""
    if not _may_export():
        st.caption(t(VIEWER_NOTE))
        return
    key = key or shown.name
    formats = formats or shown.formats()
    problem = render.static_export_problem() if any(x in export.IMAGE_FORMATS for x in formats) else None

    def build(fmt: str) -> bytes:
        from dashboard import views
        from dashboard.views.cached import CachedQuestions

        loads = CachedQuestions(version).load_summary(shown.ask.scope)
        source = views.source_text(version, loads, shown.view.question, shown.lang)
        return shown.render(fmt, source=source)

    with st.container(horizontal=True, gap="small", key=f"export_{key}"):
        for fmt in formats:
            image = fmt in export.IMAGE_FORMATS
            st.download_button(
                LABELS[fmt],
                data=_deferred(
                    lambda fmt=fmt: build(fmt),
                    what=f"{shown.title} · {shown.shows.text(shown.lang)}",
                    fmt=fmt,
                ),
                file_name=shown.file_name(fmt),
                mime=export.MIME[fmt],
                key=f"dl_{key}_{fmt}",
                on_click="ignore",
                icon=":material/image:" if image else ":material/table_view:",
                type="tertiary",
                disabled=bool(image and problem),
                help=problem if image and problem else t("下载{fmt}", fmt=LABELS[fmt]),
            )
    if problem:
        st.caption(problem)


# Streamlit mounts a new chart for every figure that differs (the element's id hashes the figure), and on mount its
# component calls Plotly.react a second time with a fresh copy of the same figure (its theme pass). Without a
# `datarevision`, Plotly takes every data array of a new identity for new data and redraws the whole chart. A mounted
# chart's data never changes (a new figure is a new chart), so one constant revision is true for all of them: the
# second call finds nothing changed and draws nothing (issue #18: about half of each chart's drawing on a change).
DATA_REVISION = "pingyi"


def chart(figure, *, key: str | None = None) -> None:
    """A figure on a page, with the dashboard's chart toolbar."""
    from dashboard import charts

    if (
        figure.layout.datarevision is None
    ):  # built views are shared: set once, the same value for every session
        figure.layout.datarevision = DATA_REVISION
    st.plotly_chart(figure, theme=None, config=charts.PLOTLY_CONFIG, key=key)


def show(shown: Built, *, version: str, key: str | None = None, chart_key: str | None = None) -> None:
    """A built view on a page: its figure, its caption behind a one-line expander, then its export buttons (a table
    view draws its table itself, with the page's column formats, before calling show or export_row)."""
    if shown.figure is not None:
        chart(shown.figure, key=chart_key)
    if shown.screen_caption and len(shown.screen_caption) <= SHORT_CAPTION:
        st.caption(shown.screen_caption)
    elif shown.screen_caption:
        # the method notes (口径, n, noise) are one line on the page, the text behind it (issue #16); files carry
        # the whole caption under the image and in the 说明 sheet
        with st.expander(t(NOTES_LABEL), icon=":material/info:"):
            st.caption(shown.screen_caption)
    export_row(shown, version=version, key=key)


def pack_section(version: str, f) -> None:
    """简报: the briefing pack of one institution-year, the other selected institutions as peers."""

    if not _may_export():
        return
    # lazy: closed (as it starts), the form is neither run nor drawn, so a sidebar change redraws the charts, not
    # three selectors and two download buttons nobody sees; opening it reruns the page with the form
    pack = st.expander(t("简报"), icon=":material/slideshow:", key="pack_open", on_change="rerun")
    if pack.open:
        with pack:
            _pack_form(version, f)


def _may_export() -> bool:
    user = auth.current_user()
    return user is not None and user.can("export")


def _pack_form(version: str, f) -> None:
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
                cur,
                scope=f.scope,
                institution_id=inst,
                year=int(year),
                peers=list(peers),
                fmt=fmt,
                lang=current_lang(),
                min_voters=data.settings().min_voters,
            )

    with st.container(horizontal=True, gap="small", key="export_pack"):
        for fmt in pack.PACK_FORMATS:
            st.download_button(
                t("简报 {fmt}", fmt=LABELS[fmt]),
                data=_deferred(
                    lambda fmt=fmt: build(fmt), what=f"简报 {lookup.get(inst, inst)} {year}", fmt=fmt
                ),
                file_name=export.file_name(lookup.get(inst, inst), int(year), t("述职评议简报"), ext=fmt),
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
