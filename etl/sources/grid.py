"""Reads any spreadsheet-like file (CSV in UTF-8/BOM/GB18030, XLSX, XLS) into raw all-text grids, one per sheet."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import fastexcel
import polars as pl

from etl.messages import Reject, SourceError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".docx")  # Office Open XML and OpenDocument files are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (BIFF in an OLE2 compound file)
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # a workbook that unpacks to more than this is refused
MAX_RATIO = 100  # … and so is one whose big entry is compressed more than 100:1 (a "zip bomb")
BIG_ENTRY_BYTES = 10 * 1024 * 1024  # entries smaller than this may compress as well as they like


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


def check_container(path: Path) -> None:
    """Refuse a file whose bytes do not match its type (an .xlsx that is not a zip, an .xls that is not an OLE2
    file) and a zip that would unpack to an absurd size, before any reader opens it. Raises SourceError."""
    suffix = path.suffix.lower()
    if suffix not in ZIP_SUFFIXES and suffix != ".xls":
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise SourceError(Reject(path.name, None, None, None, None, "unreadable_file", type(exc).__name__)) from exc
    if suffix == ".xls":
        # an .xls may also be an .xlsx renamed, or a HTML table saved by some systems as .xls; calamine reads
        # the first two, so only refuse what is neither
        if not head.startswith(OLE_MAGIC) and not head.startswith(b"PK\x03\x04"):
            raise SourceError(Reject(path.name, None, None, None, suffix, "content_mismatch", "not OLE2 / zip"))
        if not head.startswith(b"PK"):
            return
    elif not head.startswith(b"PK\x03\x04"):
        raise SourceError(Reject(path.name, None, None, None, suffix, "content_mismatch", "not a zip archive"))
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceError(Reject(path.name, None, None, None, None, "unreadable_file", "damaged workbook")) from exc
    total = sum(e.file_size for e in entries)
    if total > MAX_UNZIPPED_BYTES:
        detail = f"解压后 {total // 2**20} MB,上限 {MAX_UNZIPPED_BYTES // 2**20} MB / unpacks to {total // 2**20} MB"
        raise SourceError(Reject(path.name, None, None, None, None, "zip_bomb", detail))
    for e in entries:
        if e.file_size >= BIG_ENTRY_BYTES and e.file_size > MAX_RATIO * max(e.compress_size, 1):
            detail = f"{e.filename}: {e.file_size // max(e.compress_size, 1)}:1"
            raise SourceError(Reject(path.name, None, None, None, None, "zip_bomb", detail))


def _read_grids(path: Path) -> list[Grid]:
    suffix = path.suffix.lower()
    check_container(path)
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
    """Merged ranges per sheet (0-based min_row, min_col, max_row, max_col); fastexcel does not report them.
    Read from the sheets' <mergeCell> elements (milliseconds); openpyxl's full load (a quarter of a second for
    a 700-row sheet) only when that fails, so a damaged workbook is reported as before."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        return _merged_ranges_xml(path)
    except Exception:  # noqa: BLE001, S110 - anything odd in the package: let openpyxl read (or refuse) it
        pass
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


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _merged_ranges_xml(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Sheet name → merged ranges, from workbook.xml, its relationships and each sheet's XML."""

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def attr(element, name: str) -> str | None:
        return next((v for k, v in element.attrib.items() if local(k) == name), None)

    def relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        root = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
        return {el.get("Id"): (el.get("Type", ""), _resolve(folder, el.get("Target", "")))
                for el in root if local(el.tag) == "Relationship"}

    out: dict[str, list[tuple[int, int, int, int]]] = {}
    with zipfile.ZipFile(path) as archive:
        book = next(t for kind, t in relationships(archive, "").values() if kind.endswith("/officeDocument"))
        targets = relationships(archive, book)
        for sheet in ElementTree.fromstring(archive.read(book)).iter():
            if local(sheet.tag) != "sheet":
                continue
            kind, target = targets[attr(sheet, "id")]
            if not kind.endswith("/worksheet"):
                continue
            out[sheet.get("name")] = [
                (int(r0) - 1, _column_index(c0), int(r1 or r0) - 1, _column_index(c1 or c0))
                for c0, r0, c1, r1 in _MERGE_CELL.findall(archive.read(target))
            ]
    return out


def _resolve(folder: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


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
