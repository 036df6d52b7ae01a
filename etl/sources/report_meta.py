"""Reads report-metadata sheets (one row per secretary's report: institution, year, unit, secretary, mode,
title, date) into canonical records, and the rows it cannot read as Rejects (etl.sources.reports reads the
documents themselves)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from etl.messages import REASONS, Reject, SourceError
from etl.normalize import (
    MODE_LABELS,
    canonical_header,
    clean_text,
    code_for,
    header_key,
    name_key,
    split_org_level,
)
from etl.numerals import parse_int
from etl.sources.grid import read_grids

_YEAR = re.compile(r"((?:19|20)\d{2}|二[〇○零O][一二三四五六七八九〇○零O]{2})\s*年")
_REPORT_YEAR = re.compile(r"((?:19|20)\d{2}|二[〇○零O][一二三四五六七八九〇○零O]{2})\s*年度")


def _year_value(raw: str) -> int | None:
    return parse_int(raw.replace("O", "〇"))  # a Latin O typed for 〇 in a year (二O二三年)


def _year_in(text: str) -> int | None:
    match = _YEAR.search(text)
    return _year_value(match.group(1)) if match else None


def _report_year_in(text: str) -> int | None:
    """Only an explicit 年度 in the body: a bare date (2024年1月) is the meeting, not the appraisal year."""
    match = _REPORT_YEAR.search(text)
    return _year_value(match.group(1)) if match else None


MAX_HEADER_SCAN = 10
FIELDS = ("institution", "year", "unit", "secretary", "mode", "title", "date")
# headers etl.normalize does not know (title, date); the rest go through canonical_header
_LOCAL_ALIASES: dict[str, str] = {
    header_key(alias): field
    for field, aliases in {
        "title": (
            "标题",
            "报告题目",
            "题目",
            "报告标题",
            "述职报告题目",
            "述职题目",
            "title",
            "report_title",
        ),
        "date": ("日期", "述职日期", "评议日期", "会议日期", "述职时间", "时间", "date", "report_date"),
        "secretary": ("书记姓名", "述职人姓名", "secretary"),
    }.items()
    for alias in aliases
}
_FOOTER = re.compile(r"^(合计|总计|说明|备注|注[:：]|注$|制表|审核|填表|签字|附[:：])")
DATE_REASON = "bad_date" if "bad_date" in REASONS else "bad_year"
OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "institution": pl.String,
    "year": pl.Int32,
    "unit_name": pl.String,
    "name_key": pl.String,
    "secretary": pl.String,
    "mode": pl.String,
    "title": pl.String,
    "report_date": pl.Date,
    "source_row": pl.Int32,
}


def _field_for(header: str | None) -> str | None:
    if header is None:
        return None
    field = _LOCAL_ALIASES.get(header_key(header)) or canonical_header(header)
    return field if field in FIELDS else None


def read_report_metadata(path: Path, grids=None) -> tuple[pl.DataFrame, list[Reject]]:
    """Rows of a report-metadata sheet (one per report) as canonical columns, and the rows rejected.

    Every sheet with a header row (a unit column plus one more known column in the first 10 rows) is read.
    Raises SourceError when the file cannot be read (unreadable_file) or no sheet has a header (no_header).
    `grids`: the file's grids when the caller already read them.
    """
    rows: list[dict] = []
    rejects: list[Reject] = []
    found = False
    for grid in read_grids(path) if grids is None else grids:
        frame = grid.frame
        header = _find_header(frame)
        if header is None:
            continue
        found = True
        rejects.extend(grid.rejects)  # rows emptied at read time (a cell over the bound, an undecodable line)
        at, columns = header
        above = " ".join(c for r in frame.head(at).iter_rows() for c in r if c)
        sheet_year = _report_year_in(clean_text(above)) if above else None
        for index, cells in enumerate(frame.iter_rows(named=True)):
            if index <= at:
                continue
            values = {field: cells[col] for col, (field, _h) in columns.items()}
            if not any(values.values()):
                continue
            first = next((v for v in cells.values() if v), "")
            if _FOOTER.match(clean_text(first)):
                continue
            row, bad = _metadata_row(values, {f: h for f, h in columns.values()}, sheet_year)
            source_row = index + 1
            if bad:
                rejects.extend(
                    Reject(grid.file, grid.sheet, source_row, col, val, reason, detail)
                    for col, val, reason, detail in bad
                )
            else:
                rows.append({**row, "source_row": source_row})
    if not found:
        raise SourceError(
            Reject(path.name, None, None, None, None, "no_header", "需要“单位”列 / a unit column is needed")
        )
    return pl.DataFrame(rows, schema=OUTPUT_SCHEMA), rejects


def _find_header(frame: pl.DataFrame) -> tuple[int, dict[str, tuple[str, str]]] | None:
    """(row index, grid column → (field, header as written)) of the first row naming a unit and one more field."""
    for index, cells in enumerate(frame.head(MAX_HEADER_SCAN).iter_rows(named=True)):
        columns: dict[str, tuple[str, str]] = {}
        for col, value in cells.items():
            field = _field_for(value)
            if field and field not in {f for f, _h in columns.values()}:
                columns[col] = (field, value)
        fields = {f for f, _h in columns.values()}
        if "unit" in fields and len(fields) >= 2:
            return index, columns
    return None


def _metadata_row(values: dict[str, str | None], headers: dict[str, str], sheet_year: int | None):
    """(row, problems): problems are (column as written, value, reason, detail) tuples."""
    bad: list[tuple[str | None, str | None, str, str]] = []
    unit_raw = values.get("unit")
    if not unit_raw or not clean_text(unit_raw):
        bad.append((headers.get("unit"), unit_raw, "missing_unit", ""))
        stem = key = None
    else:
        stem, _level = split_org_level(unit_raw)
        key = name_key(unit_raw)

    title = values.get("title").strip() if values.get("title") else None
    year = None
    year_raw = values.get("year")
    if year_raw:
        match = re.fullmatch(r"((?:19|20)\d{2}|\d{4})(?:\.0+)?\s*(?:年度?)?", clean_text(year_raw))
        year = int(match.group(1)) if match else None
        if year is None or not 2000 <= year <= 2100:
            bad.append((headers.get("year"), year_raw, "bad_year", ""))
            year = None
    else:
        year = (_year_in(clean_text(title)) if title else None) or sheet_year
        if year is None:
            bad.append((headers.get("year"), None, "missing_year", ""))

    mode = None
    if values.get("mode"):
        mode = code_for(values["mode"], MODE_LABELS)
        if mode is None:
            bad.append((headers.get("mode"), values["mode"], "unknown_mode", ""))

    report_date = None
    if values.get("date"):
        report_date = parse_date(values["date"])
        if report_date is None:
            detail = (
                ""
                if DATE_REASON != "bad_year"
                else "日期无法识别,应为 YYYY-MM-DD / unrecognised date, expected YYYY-MM-DD"
            )
            bad.append((headers.get("date"), values["date"], DATE_REASON, detail))

    row = {
        "institution": clean_text(values["institution"]) if values.get("institution") else None,
        "year": year,
        "unit_name": stem,
        "name_key": key,
        "secretary": clean_text(values["secretary"]) if values.get("secretary") else None,
        "mode": mode,
        "title": title,
        "report_date": report_date,
    }
    return row, bad


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def parse_date(value: str) -> dt.date | None:
    """2024-01-19, 2024/1/19, 2024.1.19, 2024年1月19日, 20240119, an Excel serial day (45310) → date; else None."""
    text = clean_text(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                day = dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
            return day if 2000 <= day.year <= 2100 else None
    serial = re.fullmatch(r"(\d{5})(?:\.\d+)?", text)
    if serial:
        day = _EXCEL_EPOCH + dt.timedelta(days=int(serial.group(1)))
        return day if 2000 <= day.year <= 2100 else None
    return None
