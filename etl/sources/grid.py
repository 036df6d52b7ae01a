"""Reads any spreadsheet-like file (CSV in UTF-8/BOM/GB18030, XLSX, XLS) into raw all-text grids, one per sheet."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fastexcel
import polars as pl

from etl.messages import Reject, SourceError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


@dataclass(frozen=True)
class Grid:
    """One sheet as text cells; row i of `frame` is the sheet's row i + 1 as a person counts."""

    file: str
    sheet: str | None
    frame: pl.DataFrame


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM stripped) first, then GB18030 (which would silently garble UTF-8 if tried first)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of a file as a text grid. Parsed once per file version (path, size, mtime): telling a
    file's kind and reading it look at the same grids."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise SourceError(Reject(path.name, None, None, None, None, "unreadable_file", type(exc).__name__)) from exc
    return list(_read_grids_cached(path.absolute(), stat.st_size, stat.st_mtime_ns))


@lru_cache(maxsize=8)
def _read_grids_cached(path: Path, size: int, mtime_ns: int) -> tuple[Grid, ...]:
    return tuple(_read_grids(path))


def _read_grids(path: Path) -> list[Grid]:
    suffix = path.suffix.lower()
    try:
        if suffix in CSV_SUFFIXES:
            return [_read_csv(path, separator="\t" if suffix == ".tsv" else ",")]
        if suffix in SPREADSHEET_SUFFIXES:
            return _read_workbook(path)
    except SourceError:
        raise
    except (UnicodeDecodeError, pl.exceptions.PolarsError, fastexcel.FastExcelError, OSError, ValueError) as exc:
        raise SourceError(Reject(path.name, None, None, None, None, "unreadable_file", type(exc).__name__)) from exc
    except BaseException as exc:
        # calamine (under fastexcel) panics on some damaged workbooks; pyo3 raises that as PanicException,
        # a BaseException. It is a bad file, not a reason to stop: report it like any unreadable file.
        if type(exc).__name__ != "PanicException":
            raise
        raise SourceError(Reject(path.name, None, None, None, None, "unreadable_file", "damaged workbook")) from exc
    raise SourceError(Reject(path.name, None, None, None, suffix, "unsupported_file"))


def leading_rows(path: Path, n: int = 10) -> list[list[str]]:
    """The first `n` rows of every sheet, filled cells only: what kind-by-content checks look at.
    An unreadable file has none."""
    try:
        grids = read_grids(path)
    except SourceError:
        return []
    return [[c for c in row if c] for grid in grids for row in grid.frame.head(n).iter_rows()]


def _read_csv(path: Path, separator: str) -> Grid:
    text = decode_text(path.read_bytes())
    frame = pl.read_csv(
        io.BytesIO(text.encode("utf-8")),
        has_header=False,
        infer_schema=False,
        separator=separator,
        truncate_ragged_lines=True,
    )
    return Grid(path.name, None, _tidy(frame))


def _read_workbook(path: Path) -> list[Grid]:
    reader = fastexcel.read_excel(str(path))
    merges = _merged_ranges(path)
    grids = []
    for name in reader.sheet_names:
        sheet = reader.load_sheet(name, header_row=None, dtypes="string")
        frame = _tidy(sheet.to_polars())
        grids.append(Grid(path.name, name, _fill_merged(frame, merges.get(name, []))))
    return grids


def _merged_ranges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges per sheet (0-based min_row, min_col, max_row, max_col); fastexcel does not report them."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds (BadZipFile, KeyError, XML errors)
        raise SourceError(Reject(path.name, None, None, None, None, "unreadable_file", "damaged workbook")) from exc
    try:
        return {
            ws.title: [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ws.merged_cells.ranges]
            for ws in workbook.worksheets
        }
    finally:
        workbook.close()


def _fill_merged(frame: pl.DataFrame, ranges: list[tuple[int, int, int, int]]) -> pl.DataFrame:
    """Every cell of a merged range gets the top-left value, as a person reading the sheet sees it."""
    if not ranges or frame.is_empty():
        return frame
    columns = {c: frame[c].to_list() for c in frame.columns}
    names = frame.columns
    for r0, c0, r1, c1 in ranges:
        if r0 >= frame.height or c0 >= len(names):
            continue
        value = columns[names[c0]][r0]
        for c in range(c0, min(c1, len(names) - 1) + 1):
            for r in range(r0, min(r1, frame.height - 1) + 1):
                columns[names[c]][r] = value
    return pl.DataFrame(columns, schema=frame.schema)


def _tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Name the columns c0, c1, …; strip cells; empty strings become null; '3.0' from Excel becomes '3'."""
    frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    return frame.with_columns(
        pl.all()
        .cast(pl.String)
        .str.strip_chars()
        .replace("", None)
        .str.replace(r"^(-?\d+)\.0+$", "$1")
    )
