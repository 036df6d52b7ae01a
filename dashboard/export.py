"""Files out of the dashboard: charts as PNG/SVG/PDF (kaleido + Chromium), their data as CSV/XLSX, safe file names.

Pure functions, no Streamlit: the download buttons (dashboard/downloads.py), the briefing pack
(dashboard/pack.py) and `pingyi export` (pingyi/commands/export.py) all call these.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
import polars as pl

from dashboard.labels import UNIT_TYPE_ZH, UNIT_TYPES
from dashboard.render import IMAGE_FORMATS, figure_bytes
from warehouse.queries import Filters

TABLE_FORMATS = ("csv", "xlsx")
FORMATS = IMAGE_FORMATS + TABLE_FORMATS
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


# ---------------------------------------------------------------- tables

# number formats by kind: CSV rounding and the Excel format
NUMBER_KINDS: dict[str, tuple[int | None, str | None]] = {
    "pct": (4, "0.0%"),  # a share 0–1
    "num1": (1, "0.0"),
    "num2": (2, "0.00"),
    "int": (None, "0"),
    "text": (None, None),
}


@dataclass
class Table:
    """The data behind a chart or a table, as exported: Chinese column names, a number kind per column."""

    frame: pl.DataFrame
    kinds: dict[str, str] = field(default_factory=dict)  # column → NUMBER_KINDS key


def _renamed(frame: pl.DataFrame, column_names: Mapping[str, str] | None) -> pl.DataFrame:
    if not column_names:
        return frame
    return frame.select([pl.col(src).alias(dst) for src, dst in column_names.items()])


def _csv_ready(frame: pl.DataFrame, kinds: Mapping[str, str]) -> pl.DataFrame:
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        digits = NUMBER_KINDS.get(kinds.get(name, ""), (None, None))[0]
        if dtype.is_float():
            exprs.append(col.round(digits if digits is not None else 4))
        elif isinstance(dtype, pl.List):
            exprs.append(_no_formula(col.cast(pl.List(pl.String)).list.join("、")).alias(name))
        elif dtype == pl.String or dtype == pl.Categorical or isinstance(dtype, pl.Enum):
            exprs.append(_no_formula(col.cast(pl.String)).alias(name))
        else:
            exprs.append(col)
    return frame.select(exprs)


def _no_formula(text: pl.Expr) -> pl.Expr:
    """OWASP CSV injection: a text cell beginning with = + - @, a tab, CR or LF gets a leading apostrophe, so a
    spreadsheet shows it instead of running it (dashboard.safe.csv_cell does the same for one value)."""
    return pl.when(text.str.contains(r"^[=+\-@\t\r\n]")).then(pl.lit("'") + text).otherwise(text)


def table_csv(
    frame: pl.DataFrame,
    column_names: Mapping[str, str] | None = None,
    *,
    kinds: Mapping[str, str] | None = None,
) -> bytes:
    """CSV in UTF-8 with a BOM (Excel opens it with the Chinese intact); shares rounded to 4 places, others to
    the places of their kind."""
    out = _csv_ready(_renamed(frame, column_names), kinds or {})
    return out.write_csv(include_bom=True).encode("utf-8")


def table_xlsx(
    frame: pl.DataFrame,
    *,
    sheet: str,
    column_names: Mapping[str, str] | None = None,
    notes: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
) -> bytes:
    """An Excel workbook: the table (bold header, Chinese column names, 0.0% / 0.0 formats, frozen header) and
    a 说明 sheet with the filters, 口径 and source."""
    import xlsxwriter

    table = _renamed(frame, column_names)
    kinds = dict(kinds or {})
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    base = {"font_name": "Microsoft YaHei", "font_size": 10}
    header = wb.add_format(
        base | {"bold": True, "bg_color": "#E8EEF4", "bottom": 1, "text_wrap": True, "valign": "top"}
    )
    fmts = {
        kind: wb.add_format(base | ({"num_format": num} if num else {}))
        for kind, (_, num) in NUMBER_KINDS.items()
    }
    date_fmt = wb.add_format(base | {"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet(_sheet_name(sheet))
    for c, (name, dtype) in enumerate(table.schema.items()):
        kind = kinds.get(name) or ("int" if dtype.is_integer() else "num2" if dtype.is_float() else "text")
        cell = date_fmt if dtype == pl.Date else fmts[kind]
        ws.write_string(0, c, name, header)
        values = table[name]
        if isinstance(dtype, pl.List):
            values = values.cast(pl.List(pl.String)).list.join("、")
        for r, value in enumerate(values.to_list(), start=1):
            if value is None:
                ws.write_blank(r, c, None, cell)
            elif dtype == pl.Date:
                ws.write_datetime(r, c, _as_datetime(value), cell)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value, cell)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value, cell)
            else:
                ws.write_string(r, c, str(value), cell)
        longest = max(
            [_display_width(name)] + [_display_width(str(v)) for v in values.to_list()[:200] if v is not None]
        )
        ws.set_column(c, c, min(max(8, longest + 2), 60))
    ws.freeze_panes(1, 0)
    if table.width:
        ws.autofilter(0, 0, max(table.height, 1), table.width - 1)
    info = wb.add_worksheet("说明")
    wrap = wb.add_format(base | {"text_wrap": True, "valign": "top"})
    bold = wb.add_format(base | {"bold": True, "valign": "top"})
    info.set_column(0, 0, 14)
    info.set_column(1, 1, 100)
    for r, (key, value) in enumerate(notes.items()):
        info.write_string(r, 0, key, bold)
        info.write_string(r, 1, value, wrap)
    wb.close()
    return buf.getvalue()


def _as_datetime(value):
    import datetime as dt

    return dt.datetime(value.year, value.month, value.day)


def _display_width(text: str) -> int:
    return int(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text))


def _sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "", name)[:31] or "数据"


# ---------------------------------------------------------------- file names

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = (
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
)
MAX_NAME = 120  # characters, extension included (Windows paths stop at 260)


def file_name(*parts: str | int | None, ext: str) -> str:
    """A file name that says what is inside, safe on Windows: parts joined by _, without <>:"/\\|?* and control
    characters, no trailing dots or spaces, no reserved device names, at most MAX_NAME characters."""
    cleaned = []
    for part in parts:
        if part is None or part == "":
            continue
        text = _UNSAFE.sub("", unicodedata.normalize("NFC", str(part)))
        text = re.sub(r"\s+", " ", text).strip(" .")
        if text:
            cleaned.append(text)
    stem = "_".join(cleaned) or "pingyi"
    ext = _UNSAFE.sub("", ext).strip(" .")
    stem = stem[: MAX_NAME - len(ext) - 1].rstrip(" ._")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    return f"{stem}.{ext}"


def institutions_part(names: Sequence[str]) -> str:
    """The institution part of a file name: one or two names, else "first等N所"."""
    names = [n for n in names if n]
    if not names:
        return "全部院校"
    if len(names) <= 2:
        return "、".join(names)
    return f"{names[0]}等{len(names)}所"


def years_part(year_from: int | None, year_to: int | None) -> str:
    if year_from is None and year_to is None:
        return "全部年度"
    if year_from == year_to:
        return f"{year_from}"
    if year_to is None:
        return f"{year_from}起"
    if year_from is None:
        return f"至{year_to}"
    return f"{year_from}-{year_to}"


def selection_text(
    institution_names: Sequence[str] | None,
    year_from: int | None,
    year_to: int | None,
    unit_types: Sequence[str] | None = None,
    metric_label: str | None = None,
) -> str:
    """The filters in words, for captions and notes."""
    parts = ["院校:" + ("、".join(institution_names) if institution_names else "全部")]
    parts.append("年度:" + years_part(year_from, year_to).replace("-", "–"))
    if unit_types is not None:
        types = [UNIT_TYPE_ZH[t] for t in UNIT_TYPES if t in unit_types]
        parts.append("单位类型:" + ("、".join(types) if len(types) < len(UNIT_TYPES) else "全部"))
    if metric_label:
        parts.append(f"指标:{metric_label}")
    return ";".join(parts)


# ---------------------------------------------------------------- what each chart and table exports


@dataclass
class Item:
    """One chart or table of a page as it is exported: its figure (None for a table), data and 口径."""

    key: str  # short English name: the CLI's --chart and the buttons' widget keys
    title: str
    table: Table
    caption: str = ""  # 口径 and what the numbers mean, as under the chart on screen
    figure: go.Figure | None = None
    source: str = ""  # the warehouse.queries function behind it


def notes(item: Item, selection: str) -> dict[str, str]:
    """The 说明 sheet: what the file holds, the filters, the 口径 and where the data comes from."""
    out = {"内容": item.title, "筛选": selection}
    if item.caption:
        out["口径与说明"] = item.caption
    out["数据来源"] = "评议 Pingyi 数据仓库" + (f"(warehouse.queries.{item.source})" if item.source else "")
    return out


def image_caption(item: Item, selection: str) -> str:
    return "\n".join(p for p in (item.title, f"筛选:{selection}", item.caption) if p)


def render(item: Item, fmt: str, *, selection: str) -> bytes:
    """The file for one format: an image of the figure with its caption, or the data as CSV / XLSX."""
    if fmt in IMAGE_FORMATS:
        if item.figure is None:
            raise ValueError(f"{item.key} is a table: export it as csv or xlsx")
        return figure_bytes(item.figure, fmt, caption=image_caption(item, selection))
    if fmt == "csv":
        return table_csv(item.table.frame, kinds=item.table.kinds)
    if fmt == "xlsx":
        return table_xlsx(
            item.table.frame, sheet=item.title, notes=notes(item, selection), kinds=item.table.kinds
        )
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _metric_kind(metric: str) -> str:
    from dashboard.labels import is_rate

    return "pct" if is_rate(metric) else "num1"


def type_trend_table(trend: pl.DataFrame, metric: str) -> Table:
    from dashboard.labels import METRIC_SHORT

    value = METRIC_SHORT[metric]
    frame = trend.select(
        pl.col("unit_type").replace_strict(UNIT_TYPE_ZH, default=pl.col("unit_type")).alias("单位类型"),
        pl.col("year").alias("年度"),
        pl.col("value").alias(value),
        pl.col("n_units").alias("单位数"),
        pl.col("median_voters").alias("每单位参评人数(中位数)"),
    )
    return Table(frame, {value: _metric_kind(metric), "每单位参评人数(中位数)": "num1"})


def distribution_table(values: pl.DataFrame, metric: str) -> Table:
    from dashboard.labels import METRIC_SHORT

    value = METRIC_SHORT[metric]
    frame = values.select(
        pl.col("institution").alias("院校"),
        pl.col("unit").alias("单位"),
        pl.col("unit_type").replace_strict(UNIT_TYPE_ZH, default=pl.col("unit_type")).alias("单位类型"),
        pl.col("year").alias("年度"),
        pl.col("value").alias(value),
        pl.col("voters").alias("参评人数"),
    )
    return Table(frame, {value: _metric_kind(metric)})


def grade_mix_table(mix: pl.DataFrame) -> Table:
    from dashboard.labels import GRADE_ZH

    frame = mix.select(
        pl.col("unit_type").replace_strict(UNIT_TYPE_ZH, default=pl.col("unit_type")).alias("单位类型"),
        pl.col("year").alias("年度"),
        pl.col("grade").replace_strict(GRADE_ZH, default=pl.col("grade")).alias("综合评价等次"),
        pl.col("n").alias("单位数"),
        pl.col("share").alias("占比"),
    )
    return Table(frame, {"占比": "pct"})


def institution_trend_table(trend: pl.DataFrame, metric: str) -> Table:
    from dashboard.labels import METRIC_SHORT

    value = METRIC_SHORT[metric]
    frame = trend.sort("institution", "year").select(
        pl.col("institution").alias("院校"),
        pl.col("year").alias("年度"),
        pl.col("value").alias(value),
        pl.col("n_units").alias("单位数"),
        pl.col("rank").alias("名次"),
        pl.col("n_ranked").alias("参与排名院校数"),
        pl.col("median_voters").alias("每单位参评人数(中位数)"),
        pl.col("scheme_label").alias("口径"),
    )
    return Table(frame, {value: _metric_kind(metric), "每单位参评人数(中位数)": "num1"})


def yoy_export_table(trend: pl.DataFrame, metric: str, pooled: pl.DataFrame | None = None) -> Table:
    from dashboard import tables

    return Table(
        tables.yoy_table(trend, metric, pooled), {c: "num1" for c in tables.one_decimal_columns(metric)}
    )


def rotation_table(rotation: pl.DataFrame) -> Table:
    from dashboard.labels import MODE_ZH

    frame = rotation.select(
        pl.col("unit").alias("单位"),
        pl.col("unit_type").replace_strict(UNIT_TYPE_ZH, default=pl.col("unit_type")).alias("单位类型"),
        pl.col("year").alias("年度"),
        pl.col("mode").replace_strict(MODE_ZH, default=pl.col("mode")).alias("述职方式"),
        pl.col("last_onsite").alias("最近现场述职年度"),
        pl.when(pl.col("overdue")).then(pl.lit("是")).otherwise(pl.lit("")).alias("周期内未现场述职"),
    )
    return Table(frame)


def keyword_table(keywords: pl.DataFrame) -> Table:
    frame = keywords.select(
        pl.col("keyword").alias("关键词"),
        pl.col("year").alias("年度"),
        pl.col("n").alias("提及报告数"),
        pl.col("n_reports").alias("当年报告数"),
        pl.col("share").alias("占比"),
    )
    return Table(frame, {"占比": "pct"})


# ---------------------------------------------------------------- the pages' items, for the command line

PAGES = ("trends", "compare")


def page_items(
    cur,
    page: str,
    filters: Filters,
) -> dict[str, Item]:
    """The charts and tables of a page for these filters (warehouse.queries.Filters), built as the page builds them
    (same queries, same figure builders, same captions), cut to the filters' scope. Empty when they match nothing."""
    from dashboard import captions, charts
    from dashboard.labels import METRIC_SHORT
    from warehouse import queries

    metric = filters.metric
    schemes = queries.schemes_used(cur, filters)
    items: dict[str, Item] = {}
    if page == "trends":
        trend = queries.type_trend(cur, filters)
        if trend.is_empty():
            return {}
        values = queries.unit_metric_values(cur, filters)
        mix = queries.grade_mix(cur, filters)
        median_voters = values["voters"].filter(values["voters"] > 0).median()
        fig = charts.type_trend_figure(trend, metric)
        items["type_trend"] = Item(
            "type_trend",
            fig.layout.title.text,
            type_trend_table(trend, metric),
            captions.chart_caption(metric, schemes, median_voters, int(trend["n_units"].min())),
            fig,
            "type_trend",
        )
        fig = charts.distribution_figure(values, metric)
        items["distribution"] = Item(
            "distribution",
            fig.layout.title.text,
            distribution_table(values, metric),
            captions.chart_caption(
                metric,
                schemes,
                median_voters,
                extra="每个点是一个单位一年的值,箱体为四分位范围,横线为中位数。",
            ),
            fig,
            "unit_metric_values",
        )
        if not mix.is_empty():
            fig = charts.grade_mix_figure(mix)
            items["grade_mix"] = Item(
                "grade_mix",
                fig.layout.title.text,
                grade_mix_table(mix),
                grade_mix_caption(schemes, median_voters),
                fig,
                "grade_mix",
            )
        return items
    if page == "compare":
        trend = queries.institution_trend(cur, filters)
        if trend.is_empty():
            return {}
        median_voters = trend["median_voters"].median()
        fig = charts.institution_trend_figure(trend, metric)
        items["institution_trend"] = Item(
            "institution_trend",
            fig.layout.title.text,
            institution_trend_table(trend, metric),
            captions.chart_caption(metric, schemes, median_voters),
            fig,
            "institution_trend",
        )
        fig = charts.rank_heatmap_figure(trend, metric)
        items["rank_heatmap"] = Item(
            "rank_heatmap",
            fig.layout.title.text,
            institution_trend_table(trend, metric),
            rank_caption(metric, schemes),
            fig,
            "institution_trend",
        )
        items["yoy"] = Item(
            "yoy",
            f"{METRIC_SHORT[metric]}同比变化",
            yoy_export_table(trend, metric, queries.pooled_votes(cur, filters)),
            yoy_caption(metric, median_voters, schemes),
            None,
            "institution_trend",
        )
        return items
    raise ValueError(f"unknown page {page!r}; choose one of {', '.join(PAGES)}")


def grade_mix_caption(schemes: pl.DataFrame, median_voters: float | None) -> str:
    from dashboard import captions

    return (
        "等次为综合评价等次:有党委评定等次时用评定等次,否则按口径阈值由得分计算;柱内数字(年度不多时)与悬停提示为单位数。 "
        + captions.scheme_caption(schemes)
        + " "
        + captions.noise_caption("share_good", median_voters)
    )


def rank_caption(metric: str, schemes: pl.DataFrame) -> str:
    from dashboard import captions
    from dashboard.labels import METRIC_SHORT

    return (
        f"名次按{METRIC_SHORT[metric]}在所选院校中逐年排列,1 为最高,数值相同者名次并列。 "
        + captions.scheme_caption(schemes)
        + " 名次相邻的院校相差往往只有几票,属于正常波动。"
    )


def yoy_caption(metric: str, median_voters: float | None, schemes: pl.DataFrame) -> str:
    from dashboard import captions

    significance = (
        "“不显著”:把该院校所选单位的票合并(好票或好+较好票 ÷ 有效票),本年与上年的 95% 置信区间(Wilson 区间)"
        "重叠,几票之差不足以说明有变化。 "
        if metric in captions.VOTE_SHARE_METRICS
        else ""
    )
    return (
        "上年为前一个年度(可早于所选年度范围);变化 = 本年 − 上年。 "
        + significance
        + captions.noise_caption(metric, median_voters)
        + " "
        + captions.scheme_caption(schemes)
    )


def index_table(trend: pl.DataFrame, metric: str) -> Table:
    """The institution lines indexed to each institution's first year (charts.index_to_first_year)."""
    from dashboard import charts
    from dashboard.labels import METRIC_SHORT, is_rate

    value, unit = METRIC_SHORT[metric], charts.index_unit(metric)
    scale = 100.0 if is_rate(metric) else 1.0
    frame = (
        charts.index_to_first_year(trend)
        .sort("institution", "year")
        .select(
            pl.col("institution").alias("院校"),
            pl.col("year").alias("年度"),
            pl.col("value").alias(value),
            pl.col("base_year").alias("基准年度"),
            pl.col("base_value").alias(f"基准年{value}"),
            (pl.col("indexed") * scale).alias(f"相对基准年({unit})"),
        )
    )
    kind = _metric_kind(metric)
    return Table(frame, {value: kind, f"基准年{value}": kind, f"相对基准年({unit})": "num1"})


def slope_table(trend: pl.DataFrame, metric: str, year_a: int, year_b: int) -> Table:
    """The two years of the slope chart side by side, with the change."""
    from dashboard import charts
    from dashboard.labels import METRIC_SHORT, is_rate

    value, unit = METRIC_SHORT[metric], charts.index_unit(metric)
    scale = 100.0 if is_rate(metric) else 1.0
    frame = charts.slope_pairs(trend, year_a, year_b).select(
        pl.col("institution").alias("院校"),
        pl.col("value_a").alias(f"{year_a}年{value}"),
        pl.col("value_b").alias(f"{year_b}年{value}"),
        (pl.col("change") * scale).alias(f"变化({unit})"),
    )
    kind = _metric_kind(metric)
    return Table(frame, {f"{year_a}年{value}": kind, f"{year_b}年{value}": kind, f"变化({unit})": "num1"})
