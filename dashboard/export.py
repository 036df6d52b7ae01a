"""Files out of the dashboard: tables as CSV/XLSX (number kinds, the 说明 sheet), safe file names, MIME types.

Pure functions, no Streamlit: a view (dashboard/views/) builds its files through these, for the download buttons
(dashboard/downloads.py), the briefing pack (dashboard/pack.py) and `pingyi export chart` (pingyi/commands/export.py).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from dashboard.render import IMAGE_FORMATS
from dashboard.translation import translate

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
    "delta1": (1, "+0.0;-0.0;0.0"),  # a change: signed, one decimal ("+1.2", "-0.5", "0.0")
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
    notes_sheet: str = "说明",
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
    info = wb.add_worksheet(_sheet_name(notes_sheet))
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
    name = re.sub(r"\s*[:：]\s*", " ", name)  # "好评率:2018 与 2025 年" → "好评率 2018 与 2025 年"
    return re.sub(r"[\[\]*?/\\]", "", name)[:31].strip() or "数据"


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
        text = unicodedata.normalize("NFC", str(part)).replace("：", ":")
        text = _UNSAFE.sub(
            "", re.sub(r"\s*:\s*", " ", text)
        )  # "好评率:2018 与 2025 年" → "好评率 2018 与 2025 年"
        text = re.sub(r"\s+", " ", text).strip(" .")
        if text:
            cleaned.append(text)
    stem = "_".join(cleaned) or "pingyi"
    ext = _UNSAFE.sub("", ext).strip(" .")
    stem = stem[: MAX_NAME - len(ext) - 1].rstrip(" ._")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    return f"{stem}.{ext}"


def institutions_part(names: Sequence[str], lang: str = "zh") -> str:
    """The institution part of a file name: one or two names, else "first等N所"."""
    names = [n for n in names if n]
    if not names:
        return translate("全部院校", lang)
    if len(names) <= 2:
        return translate("、", lang).join(names)
    return translate("{first}等{n}所", lang, first=names[0], n=len(names))


def years_part(year_from: int | None, year_to: int | None, lang: str = "zh") -> str:
    if year_from is None and year_to is None:
        return translate("全部年度", lang)
    if year_from == year_to:
        return f"{year_from}"
    if year_to is None:
        return translate("{y}起", lang, y=year_from)
    if year_from is None:
        return translate("至{y}", lang, y=year_to)
    return f"{year_from}-{year_to}"
