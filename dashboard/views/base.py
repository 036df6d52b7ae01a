"""What a view is: one chart or table a leader sees, defined once — the question it answers, the data it reads, its
figure, caption, export table and file name — and what one built view holds (`Built`), ready for a page, a file or a
slide. Pure: no Streamlit (pages draw a `Built` through dashboard/downloads.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import plotly.graph_objects as go
import polars as pl

from dashboard import export
from dashboard.labels import UNIT_TYPES, names
from dashboard.render import IMAGE_FORMATS, figure_bytes
from dashboard.translation import translate
from warehouse.queries import Filters

Data = dict[str, Any]  # what a view's loader read: frames and the few numbers derived from them


@dataclass(frozen=True)
class Ask:
    """What a view is asked to show: the sidebar's filters (with the caller's scope) and the view's own choices."""

    filters: (
        Filters  # the sidebar's filters (with the caller's scope); the command line and the pack build one
    )
    lang: str = "zh"
    institution: str | None = None  # one institution (id): the overview and the pack
    year: int | None = None  # one year: the overview and the pack
    unit_id: str | None = None  # the unit profile
    year_a: int | None = None  # the two years of the slope chart
    year_b: int | None = None
    cycle: int = 3  # years within which each unit should report on site once (the rotation)
    search: str | None = None  # the report search
    # applied to names from the data inside captions: str for files, dashboard.safe.md for the screen (Built.screen_caption)
    escape: Callable[[str], str] = str

    @property
    def scope(self):
        return self.filters.scope

    @property
    def metric(self) -> str:
        return self.filters.metric

    def t(self, text: str, **values: Any) -> str:
        return translate(text, self.lang, **values)


def years_words(years: tuple[int, ...], lang: str = "zh") -> str:
    """The years present, as runs: "2015–2018、2020–2025" (a missing year shows as a break)."""
    runs: list[tuple[int, int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return translate("、", lang).join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs)


@dataclass(frozen=True)
class Shows:
    """What a built view's data actually holds (provenance): read from its frame, not from the sidebar."""

    institutions: tuple[str, ...] = ()  # names, in the order they appear
    years: tuple[int, ...] = ()
    unit_types: tuple[str, ...] | None = None  # codes; None where unit types play no part
    unit: str | None = None  # "校医院(青岚大学)": a unit with its institution
    metric: str | None = None  # None where no metric is shown (grades, modes, reports)

    def text(self, lang: str = "zh") -> str:
        """ "院校:青岚大学;年度:2022–2023;单位类型:学院、党支部;指标:好评率"."""
        t = lambda text, /, **v: translate(text, lang, **v)  # noqa: E731
        parts = []
        if self.unit:
            parts.append(t("单位:{v}", v=self.unit))
        if self.institutions:
            parts.append(t("院校:{v}", v=t("、").join(self.institutions)))
        if self.years:
            parts.append(t("年度:{v}", v=years_words(self.years, lang)))
        if self.unit_types is not None:
            type_names = names("unit_type", lang)
            shown = [type_names.get(t, t) for t in UNIT_TYPES if t in self.unit_types]
            parts.append(t("单位类型:{v}", v=t("、").join(shown) if shown else t("无")))
        if self.metric:
            parts.append(t("指标:{v}", v=names("metric", lang)[self.metric]))
        return t(";").join(parts)

    def name_parts(self, lang: str = "zh") -> list[str]:
        """The leading parts of a file name: the unit or the institution(s), then the years."""
        first = self.unit or (
            export.institutions_part(list(self.institutions), lang) if self.institutions else None
        )
        years = export.years_part(min(self.years), max(self.years), lang) if self.years else None
        return [p for p in (first, years) if p]


def shows_of(
    frame: pl.DataFrame | None,
    *,
    metric: str | None = None,
    unit_types: bool = True,
    institutions: tuple[str, ...] = (),
    years: tuple[int, ...] = (),
    unit: str | None = None,
) -> Shows:
    """Provenance from a frame's own columns (institution, year, unit_type); `institutions` / `years` where the frame
    has no such column (e.g. a one-institution view)."""
    if frame is not None and "institution" in frame.columns:
        institutions = tuple(dict.fromkeys(n for n in frame["institution"].to_list() if n))
    if frame is not None and "year" in frame.columns:
        years = tuple(sorted({int(y) for y in frame["year"].drop_nulls().to_list()}))
    types = None
    if unit_types and frame is not None and "unit_type" in frame.columns:
        types = tuple(t for t in UNIT_TYPES if t in set(frame["unit_type"].drop_nulls().to_list()))
    return Shows(institutions, years, types, unit, metric)


def _in_selection_order(shows: Shows, questions: Any, ask: Ask) -> Shows:
    """The institutions in the order the caller chose them (the sidebar's, the --institutions option's), else in
    the warehouse's order (the sidebar's list): the same on every view."""
    if len(shows.institutions) < 2:
        return shows
    known = questions.institutions(ask.scope)
    chosen = list(getattr(ask.filters, "institutions", None) or known["institution_id"].to_list())
    position = {
        n: chosen.index(i) for i, n in zip(known["institution_id"], known["name"], strict=True) if i in chosen
    }
    ordered = sorted(shows.institutions, key=lambda n: position.get(n, len(chosen)))
    return replace(shows, institutions=tuple(ordered))


@dataclass(frozen=True)
class View:
    """One chart or table, defined once. The pages show it, `pingyi export chart --view NAME` exports it and the
    briefing pack puts it on a slide, all through `build`."""

    name: str  # the registry key (the CLI's --view, the buttons' keys)
    page: str  # the page that shows it
    question: str  # the question it answers, in a reader's words (Chinese; translated by the catalogue)
    load: Callable[[Any, Ask], Data | None]  # (questions, ask) → data, or None when there is nothing to show
    table: Callable[[Data, Ask], export.Table]
    caption: Callable[[Data, Ask], str]
    shows: Callable[[Data, Ask], Shows]
    figure: Callable[[Data, Ask], go.Figure] | None = None
    title: Callable[[Data, Ask], str] | None = None  # default: the figure's title
    needs: tuple[str, ...] = ()  # Ask fields it cannot do without ("institution", "year", "unit_id", …)

    def build(self, questions: Any, ask: Ask) -> Built | None:
        """The view for this ask, or None when its data is empty."""
        missing = [n for n in self.needs if getattr(ask, n) is None]
        if missing:
            raise ValueError(
                f"视图 {self.name} 需要 {', '.join(missing)} / view {self.name} needs {', '.join(missing)}"
            )
        data = self.load(questions, ask)
        if data is None:
            return None
        shown = self.built(data, ask)
        shown.shows = _in_selection_order(shown.shows, questions, ask)
        return shown

    def built(self, data: Data, ask: Ask) -> Built:
        fig = self.figure(data, ask) if self.figure else None
        if self.title is not None:
            title = self.title(data, ask)
        elif fig is not None:
            title = fig.layout.title.text
        else:
            title = ask.t(self.question)
        from dashboard.safe import md

        return Built(
            self,
            ask,
            title,
            self.table(data, ask),
            self.caption(data, ask),
            self.shows(data, ask),
            fig,
            data,
            screen_caption=self.caption(data, replace(ask, escape=md)),
        )


SOURCE_KEYS = ("内容", "数据范围", "口径与说明", "数据来源")


@dataclass
class Built:
    """A view built for one ask: everything a page draws and a file holds."""

    view: View
    ask: Ask
    title: str
    table: export.Table
    caption: str
    shows: Shows
    figure: go.Figure | None = None
    data: Data = field(default_factory=dict)
    screen_caption: str = ""  # the caption with names from the data escaped for Markdown (pages)

    @property
    def name(self) -> str:
        return self.view.name

    @property
    def lang(self) -> str:
        return self.ask.lang

    def formats(self) -> tuple[str, ...]:
        return export.FORMATS if self.figure is not None else export.TABLE_FORMATS

    def file_name(self, ext: str) -> str:
        """What is inside: the unit or institution(s) and years the data holds, then the title."""
        parts = [
            p for p in self.shows.name_parts(self.lang) if p not in self.title
        ]  # the title may name them
        return export.file_name(*parts, self.title, ext=ext)

    def image_caption(self) -> str:
        return "\n".join(p for p in (self.title, self.shows.text(self.lang), self.caption) if p)

    def notes(self, source: str) -> dict[str, str]:
        """The XLSX 说明 sheet: what the file holds, what its data covers, the 口径, and where it comes from."""
        t = self.ask.t
        out = {t("内容"): self.title, t("数据范围"): self.shows.text(self.lang)}
        if self.caption:
            out[t("口径与说明")] = self.caption
        if self.data.get("left_out"):  # selected, but without a value to show (views/compare.py)
            out[t("未列入")] = t(
                "所选院校中 {names} 在所选范围内没有{metric},未列入。",
                names=t("、").join(self.data["left_out"]),
                metric=names("metric_short", self.lang)[self.ask.metric],
            )
        out[t("数据来源")] = source or t("评议 Pingyi 数据仓库") + t(";视图:{q}", q=t(self.view.question))
        return out

    def render(self, fmt: str, *, source: str = "") -> bytes:
        """The file for one format: the figure with its caption as an image, or the table as CSV / XLSX."""
        if fmt in IMAGE_FORMATS:
            if self.figure is None:
                raise ValueError(f"{self.name} is a table: export it as csv or xlsx")
            return figure_bytes(self.figure, fmt, caption=self.image_caption())
        if fmt == "csv":
            return export.table_csv(self.table.frame, kinds=self.table.kinds)
        if fmt == "xlsx":
            return export.table_xlsx(
                self.table.frame,
                sheet=self.title,
                notes=self.notes(source),
                kinds=self.table.kinds,
                notes_sheet=self.ask.t("说明"),
            )
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(export.FORMATS)}")


def source_text(version: str | None, loads: pl.DataFrame | None, question: str, lang: str = "zh") -> str:
    """数据来源 in a reader's words: which warehouse version (its file and latest load), and which view."""
    from pathlib import Path

    t = lambda text, /, **v: translate(text, lang, **v)  # noqa: E731
    label = Path(version).stem if version else ""
    text = t("评议 Pingyi 数据仓库")
    if label:
        text += t(" 版本 {v}", v=label)
    if loads is not None and not loads.is_empty():
        last = max(loads["last_loaded"].drop_nulls().to_list(), default=None)
        files = int(loads["files"].sum())
        if last is not None:
            text += t("(共 {n} 批数据,最近一次载入 {d})", n=files, d=f"{last:%Y-%m-%d}")
    return text + t(";视图:{q}", q=t(question))


def kinds_by_name(kinds: Mapping[str, str], lang: str) -> dict[str, str]:
    """Column kinds keyed by Chinese column names, re-keyed to the names in `lang`."""
    return {translate(k, lang): v for k, v in kinds.items()}
