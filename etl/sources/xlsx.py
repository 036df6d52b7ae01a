"""The XML of Office Open XML workbooks, read without a spreadsheet engine: merged ranges and the safety bounds
(sheets, rows, merged ranges, formulas without a cached value) streamed from each sheet's XML, and a sheet's
leading rows (what telling a file's kind looks at) from the first rows of that XML alone.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from etl.messages import Reject, SourceError

if TYPE_CHECKING:
    from etl.sources.grid import Limits

_CHUNK = 1 << 20


def _over(file: str, sheet: str | None, reason: str, detail: str) -> SourceError:
    return SourceError(Reject(file, sheet, None, None, None, reason, detail))


def _is_ooxml(path: Path) -> bool:
    """An .xlsx/.xlsm, or an .xls that is really one (a zip) — some systems name their exports so."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return True
    if path.suffix.lower() != ".xls":
        return False
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _merged_ranges(path: Path, bounds: Limits) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges per sheet (0-based min_row, min_col, max_row, max_col) where the XML scan cannot give
    them: python-calamine for .xls (fastexcel, on the same engine, does not report them; for .ods calamine has none), openpyxl for
    an .xlsx whose package the scan could not follow (so a damaged workbook is reported as before)."""
    if not _is_ooxml(path):
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            out = {}
            for name in workbook.sheet_names:
                try:
                    ranges = workbook.get_sheet_by_name(name).merged_cell_ranges or []
                except Exception:  # noqa: BLE001 - a format without merged ranges (calamine reads them for .xls/.xlsx)
                    if path.suffix.lower() == ".xls":
                        raise
                    ranges = []
                if len(ranges) > bounds.merged_ranges:
                    raise _over(
                        path.name, name, "too_many_merged", f"{len(ranges):,} > {bounds.merged_ranges:,}"
                    )
                out[name] = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
            return out
        finally:
            workbook.close()
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds (BadZipFile, KeyError, XML errors)
        raise SourceError(
            Reject(path.name, None, None, None, None, "unreadable_file", "damaged workbook")
        ) from exc
    try:
        return {
            ws.title: [
                (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ws.merged_cells.ranges
            ]
            for ws in workbook.worksheets
        }
    finally:
        workbook.close()


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_ROW = re.compile(rb"<(?:\w+:)?row[\s>]")
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+\d+)"[^>]*?(?<!/)>(.*?)</(?:\w+:)?c>', re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CACHED = re.compile(rb"<(?:\w+:)?v>[^<]")
_START = re.compile(rb"<(?:\w+:)?(?:c|row|mergeCell)[\s>/]")


def _scan_xlsx(path: Path, bounds: Limits) -> dict[str, list[tuple[int, int, int, int]]] | None:
    """Sheet name → merged ranges, from workbook.xml, its relationships and each sheet's XML, streamed: the
    sheet count, rows and merged ranges are counted as the XML goes by and the file is refused at the first
    bound passed; a formula cell without a cached value refuses it too. None when the package cannot be
    followed (the caller falls back to openpyxl)."""

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def attr(element, name: str) -> str | None:
        return next((v for k, v in element.attrib.items() if local(k) == name), None)

    def relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        root = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
        return {
            el.get("Id"): (el.get("Type", ""), _resolve(folder, el.get("Target", "")))
            for el in root
            if local(el.tag) == "Relationship"
        }

    out: dict[str, list[tuple[int, int, int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            book = next(
                t for kind, t in relationships(archive, "").values() if kind.endswith("/officeDocument")
            )
            targets = relationships(archive, book)
            sheets = [s for s in ElementTree.fromstring(archive.read(book)).iter() if local(s.tag) == "sheet"]
            if len(sheets) > bounds.sheets:
                raise _over(path.name, None, "too_many_sheets", f"{len(sheets)} > {bounds.sheets}")
            parts = []
            for sheet in sheets:
                kind, target = targets[attr(sheet, "id")]
                if kind.endswith("/worksheet"):
                    parts.append((sheet.get("name"), target))
            for name, target in parts:
                with archive.open(target) as stream:
                    out[name] = _scan_sheet(stream, path.name, name, bounds)
    except SourceError:
        raise
    except Exception:  # noqa: BLE001 - anything odd in the package: let openpyxl read (or refuse) it
        return None
    return out


def _scan_sheet(stream, file: str, sheet: str, bounds: Limits) -> list[tuple[int, int, int, int]]:
    scan = SheetScan(file, sheet, bounds)
    while True:
        chunk = stream.read(_CHUNK)
        scan.feed(chunk)
        if not chunk:
            break
    return scan.ranges()


class SheetScan:
    """`_scan_sheet`'s counts kept as the chunks of a sheet's XML go by (each chunk of `_CHUNK` bytes, then the
    empty one at the end): what the kind check's leading read streams anyway is scanned on the way, so the load
    does not stream it again. `feed` raises at the first bound passed, `ranges` for a formula without a value."""

    def __init__(self, file: str, sheet: str, bounds: Limits) -> None:
        self.file, self.sheet, self.bounds = file, sheet, bounds
        self._ranges: list[tuple[int, int, int, int]] = []
        self._rows = 0
        self._uncached: list[str] = []
        self._carry = b""

    def feed(self, chunk: bytes) -> None:
        file, sheet, bounds, ranges = self.file, self.sheet, self.bounds, self._ranges
        data = self._carry + chunk
        if chunk:  # keep the last element that may be cut for the next round
            cut = _last_start(data, max(0, len(data) - 65536))
            data, self._carry = data[:cut], data[cut:]
        # plain byte counts and tests first (memchr speed); the regular expressions only where they can match
        prefixed = b":row" in data
        self._rows += len(_ROW.findall(data)) if prefixed else data.count(b"<row ") + data.count(b"<row>")
        if self._rows > bounds.rows:
            raise _over(file, sheet, "too_many_rows", f"> {bounds.rows:,}")
        if b"mergeCell" in data:
            for c0, r0, c1, r1 in _MERGE_CELL.findall(data):
                ranges.append((int(r0) - 1, _column_index(c0), int(r1 or r0) - 1, _column_index(c1 or c0)))
            if len(ranges) > bounds.merged_ranges:
                raise _over(file, sheet, "too_many_merged", f"> {bounds.merged_ranges:,}")
        maybe = b"<f" in data or b":f" in data  # two passes over the bytes rule out most sheets (no formula)
        if (
            maybe
            and (b"<f>" in data or b"<f " in data or b":f>" in data or b":f " in data)
            and _FORMULA.search(data)
        ):
            self._uncached += [
                ref.decode()
                for ref, body in _CELL.findall(data)
                if _FORMULA.search(body) and not _CACHED.search(body)
            ]

    def ranges(self) -> list[tuple[int, int, int, int]]:
        """The merged ranges, once the whole sheet has been fed."""
        uncached = self._uncached
        if uncached:
            shown = ", ".join(uncached[:5]) + (f" … ({len(uncached)})" if len(uncached) > 5 else "")
            raise SourceError(
                Reject(
                    self.file,
                    self.sheet,
                    None,
                    None,
                    shown,
                    "formula_without_value",
                    "请在 Excel/WPS 中打开并保存后再载入 / open and save it in Excel or WPS, then load it",
                )
            )
        return self._ranges


def _last_start(data: bytes, lo: int) -> int:
    """Where the last element `_START` matches at or after `lo` begins (len(data) when none does): found from
    the end, '<' by '<' (a match holds no other '<', so this is the last match `_START.finditer` gives)."""
    at = data.rfind(b"<", lo)
    while at >= 0:
        if _START.match(data, at):
            return at
        at = data.rfind(b"<", lo, at)
    return len(data)


def _resolve(folder: str, target: str) -> str:
    return (
        target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    )


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


# ---------------------------------------------------------------- leading rows (telling a file's kind)

_ROW_ELEMENT = re.compile(rb"<(?:\w+:)?row\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?row>)", re.DOTALL)
_CELL_ELEMENT = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.DOTALL)
_SI_END = re.compile(rb"</(?:\w+:)?si>")
_SI = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.DOTALL)


def leading_sheet_rows(path: Path, n: int, bounds: Limits) -> list[list[list[str | None]]] | None:
    """The first `n` rows of every worksheet (workbook order) as text cells, from the sheet XML's first rows
    and the shared strings they name, the merged ranges that reach into those rows filled as a full read fills
    them. None when the package is odd, has more sheets than the bound, or a part would inflate past the bound (the caller then reads the whole
    file, which refuses or reads it as before). Cells are stripped; an empty cell is None."""
    return leading_and_scan(path, n, bounds)[0]


def leading_and_scan(path: Path, n: int, bounds: Limits):
    """(`leading_sheet_rows`, what `_scan_xlsx` gives for the same file or None): the sheet XML that the leading
    read streams to its end is scanned on the way (`SheetScan`). The scan is None where `_scan_xlsx` would
    raise or give None (a bound passed, a formula without a value, an odd package): the load then scans the file
    itself and refuses or reads it as before."""
    max_bytes = bounds.unzipped_bytes
    try:
        with zipfile.ZipFile(path) as archive:
            found = _worksheet_parts(archive)
            if found is None:
                return None, None
            parts, n_sheets = found
            if len(parts) > bounds.sheets:
                return None, None
            sheets, scans = [], []
            for name, target in parts:
                scan = SheetScan(path.name, name, bounds) if n_sheets <= bounds.sheets else None
                sheets.append(_leading_xml(archive, target, n, max_bytes, scan))
                scans.append(scan)
            wanted = {
                int(v)
                for rows, _m, _s in sheets
                for row in rows.values()
                for t, v in row.values()
                if t == "s"
            }
            shared = _shared_strings(archive, max(wanted) if wanted else -1, max_bytes)
            if shared is None:
                return None, None
            scanned: dict[str, list[tuple[int, int, int, int]]] | None = {}
            for (name, _target), (_rows, _merges, ranges) in zip(parts, sheets, strict=True):
                if ranges is None:
                    scanned = None
                    break
                scanned[name] = ranges
            return [_as_rows(rows, merges, shared, n) for rows, merges, _s in sheets], scanned
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, ElementTree.ParseError):
        return None, None


def _worksheet_parts(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], int] | None:
    """([(sheet name, part) of every worksheet, in workbook order], how many sheets the workbook names)."""

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def relationships(part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        root = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
        return {
            el.get("Id"): (el.get("Type", ""), _resolve(folder, el.get("Target", "")))
            for el in root
            if local(el.tag) == "Relationship"
        }

    book = next((t for kind, t in relationships("").values() if kind.endswith("/officeDocument")), None)
    if book is None:
        return None
    targets = relationships(book)
    out, n_sheets = [], 0
    for sheet in ElementTree.fromstring(archive.read(book)).iter():
        if local(sheet.tag) != "sheet":
            continue
        n_sheets += 1
        rid = next((v for k, v in sheet.attrib.items() if local(k) == "id"), None)
        kind, target = targets[rid]
        if kind.endswith("/worksheet"):
            out.append((sheet.get("name"), target))
    return out, n_sheets


def _leading_xml(
    archive: zipfile.ZipFile, target: str, n: int, max_bytes: int, scan: SheetScan | None = None
):
    """({row index: {column index: (type, value bytes)}} of the rows numbered 1..n, merged ranges starting in
    them, the sheet's merged ranges as `scan` found them or None). The rows come from the XML's first bytes;
    the rest of the sheet is only searched for mergeCell (and fed to `scan`, which sees every chunk)."""
    rows: dict[int, dict[int, tuple[str, bytes]]] = {}
    merges: list[tuple[int, int, int, int]] = []
    total = 0
    with archive.open(target) as stream:

        def read() -> bytes:
            nonlocal total, scan
            chunk = stream.read(_CHUNK)
            total += len(chunk)
            if total > max_bytes:
                raise ValueError("part too large for a leading read")
            if scan is not None:
                try:
                    scan.feed(chunk)
                except SourceError:  # the load's own scan refuses the file, as it did
                    scan = None
            return chunk

        head = b""
        while (chunk := read()) and b"</sheetData>" not in head and head.count(b"</row>") <= n:
            head += chunk
        head += chunk
        end = head.find(b"</sheetData>")
        cut = end if end >= 0 else head.rfind(b"</row>") + len(b"</row>")
        index = 0
        for match in _ROW_ELEMENT.finditer(head, 0, max(cut, 0)):
            opening = match.group(0)[: match.group(0).find(b">") + 1]
            number = re.search(rb'\br="(\d+)"', opening)
            index = int(number.group(1)) - 1 if number else index
            if index >= n:
                break
            rows[index] = _cells(match.group(1) or b"")
            index += 1
        rest = head[max(cut, 0) :]
        while True:
            if b"mergeCell" in rest:
                for c0, r0, c1, r1 in _MERGE_CELL.findall(rest):
                    if int(r0) <= n:
                        merges.append(
                            (int(r0) - 1, _column_index(c0), int(r1 or r0) - 1, _column_index(c1 or c0))
                        )
            if not chunk:
                break
            tail = rest[-256:]
            last = tail.rfind(b"<")
            carry = tail[last:] if last >= 0 else b""
            chunk = read()
            rest = carry + chunk
    try:
        ranges = scan.ranges() if scan is not None else None
    except SourceError:  # a formula without a value: the load's own scan says so
        ranges = None
    return rows, merges, ranges


def _cells(body: bytes) -> dict[int, tuple[str, bytes]]:
    out: dict[int, tuple[str, bytes]] = {}
    column = 0
    for attrs, inner in _CELL_ELEMENT.findall(body):
        ref = _REF.search(attrs)
        column = _column_index(ref.group(1)) if ref else column
        kind = _TYPE.search(attrs)
        kind = kind.group(1).decode() if kind else "n"
        if kind == "inlineStr":
            value = b"".join(_TEXT.findall(_PHONETIC.sub(b"", inner or b"")))
        else:
            found = _VALUE.search(inner or b"")
            value = found.group(1) if found else b""
        if value:
            out[column] = (kind, value)
        column += 1
    return out


def _shared_strings(archive: zipfile.ZipFile, last: int, max_bytes: int) -> list[str] | None:
    """The shared strings up to index `last`, read no further than that entry."""
    if last < 0:
        return []
    name = next((i for i in archive.namelist() if i.lower().endswith("sharedstrings.xml")), None)
    if name is None:
        return None
    out: list[str] = []
    data, total = b"", 0
    with archive.open(name) as stream:
        while len(out) <= last:
            chunk = stream.read(_CHUNK)
            total += len(chunk)
            if total > max_bytes:
                return None
            data += chunk
            cut = 0
            for end in _SI_END.finditer(data):
                cut = end.end()
            head, data = data[:cut], data[cut:]
            for inner in _SI.findall(head):
                out.append(_unescape(b"".join(_TEXT.findall(_PHONETIC.sub(b"", inner)))))
            if not chunk:
                break
    return out if len(out) > last else None


def _unescape(raw: bytes) -> str:
    from html import unescape

    return unescape(raw.decode("utf-8"))


def _as_rows(rows, merges, shared: list[str], n: int) -> list[list[str | None]]:
    width = max((c + 1 for row in rows.values() for c in row), default=0)
    grid: list[list[str | None]] = [[None] * width for _ in range(min(n, max(rows, default=-1) + 1))]
    for r, cells in rows.items():
        for c, (kind, value) in cells.items():
            text = shared[int(value)] if kind == "s" else _unescape(value)
            text = re.sub(r"^(-?\d+)\.0+$", r"\1", text.strip())
            grid[r][c] = text or None
    for r0, c0, r1, c1 in merges:
        if r0 >= len(grid) or c0 >= width:
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                grid[r][c] = value
    return grid
