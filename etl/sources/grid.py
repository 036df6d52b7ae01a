"""Reads any spreadsheet-like file (CSV in UTF-8/BOM/GB18030, XLSX, XLS) into raw all-text grids, one per sheet."""

from __future__ import annotations

import io
from dataclasses import dataclass
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
    raise SourceError(Reject(path.name, None, None, None, suffix, "unsupported_file"))


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
    grids = []
    for name in reader.sheet_names:
        sheet = reader.load_sheet(name, header_row=None, dtypes="string")
        grids.append(Grid(path.name, name, _tidy(sheet.to_polars())))
    return grids


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
