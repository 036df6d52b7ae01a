"""Reads any spreadsheet-like file (CSV in UTF-8/BOM/UTF-16/GB18030/Big5, XLSX, XLS) into raw all-text grids, one
per sheet, within stated limits (warehouse.settings: cell length, rows, sheets, merged ranges, unpacked size).

Each limit is checked before its cost is paid: the zip is inflated in a stream that stops at the bound, a
sheet's rows and merged ranges are counted while its XML streams past, the sheet count comes from the
workbook part, a CSV is parsed no further than one row past the bound. A row holding a cell longer than the
bound is rejected (the row is emptied in the grid, and a Reject naming row and column is kept in
`Grid.rejects`): nothing is truncated silently. A formula without a cached value refuses the workbook.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import polars as pl

from etl.messages import Reject, SourceError
from etl.sources.encodings import decode
from etl.sources.xlsx import _is_ooxml, _merged_ranges, _scan_xlsx, leading_and_scan

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".docx")  # Office Open XML and OpenDocument files are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (BIFF in an OLE2 compound file)
MAX_UNZIPPED_BYTES = (
    200 * 1024 * 1024
)  # a workbook that unpacks to more than this is refused (Limits.unzipped_bytes)
MAX_RATIO = 100  # … and so is one whose big entry is compressed more than 100:1 (a "zip bomb")
BIG_ENTRY_BYTES = 10 * 1024 * 1024  # entries smaller than this may compress as well as they like
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What one input file may hold (warehouse.settings.Settings: max_cell_chars, max_rows, max_sheets,
    max_merged_ranges, max_unzipped_mb, max_unit_name_chars). Entry points call `configure(settings)`; until then the defaults
    are those of a Settings() built at first use."""

    cell_chars: int = 1000
    rows: int = 1_048_576
    sheets: int = 200
    merged_ranges: int = 50_000
    unzipped_bytes: int = MAX_UNZIPPED_BYTES
    unit_name_chars: int = 100  # checked by etl.validate: a longer unit name rejects its row

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(
            settings.max_cell_chars,
            settings.max_rows,
            settings.max_sheets,
            settings.max_merged_ranges,
            settings.max_unzipped_mb * 2**20,
            settings.max_unit_name_chars,
        )


_limits: Limits | None = None


def configure(settings) -> Limits:
    """Use the limits of `settings` (a warehouse.settings.Settings) from now on; returns them."""
    global _limits
    _limits = Limits.from_settings(settings)
    return _limits


def limits() -> Limits:
    global _limits
    if _limits is None:
        from warehouse.settings import Settings

        _limits = Limits.from_settings(Settings())
    return _limits


@dataclass(frozen=True)
class Grid:
    """One sheet as text cells; row i of `frame` is the sheet's row i + 1 as a person counts. `rejects`: rows
    emptied at read time (a cell over the length bound, a line in no known encoding)."""

    file: str
    sheet: str | None
    frame: pl.DataFrame
    rejects: tuple[Reject, ...] = field(default=())


def decode_text(data: bytes, file: str = "") -> str:
    """UTF-8 (BOM or not), UTF-16/32 with a BOM, GB18030, Big5, or UTF-8 and GB18030 line by line (lines in
    neither become empty); another encoding raises SourceError naming it. See etl.sources.encodings."""
    return decode(data, file).text


@dataclass(frozen=True)
class Scanned:
    """What telling an .xlsx's kind found while it streamed the sheet XML (`leading`): the merged ranges per sheet,
    as `_scan_xlsx` gives them, for the file as it was then (`stamp`: size and modification time)."""

    stamp: tuple[int, int]
    ranges: dict


@dataclass(frozen=True)
class PlainCsv:
    """What telling a CSV's kind found of the whole text (`_leading_plain_csv`): UTF-8 (`bom`: with a BOM), plain
    (no quotes but those of "" fields, no whitespace to strip, no carriage return or NUL, no line over the cell
    bound), `width` fields wide, `quoted` when it holds "" fields; for the file as it was then (`stamp`). The
    whole read then parses the bytes without deciding these again."""

    stamp: tuple[int, int]
    bom: bool
    width: int
    quoted: bool


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def read_grids(path: Path, scanned: Scanned | PlainCsv | None = None) -> list[Grid]:
    """Every sheet of a file as a text grid, parsed (no cache: the loader reads each file once and hands the grids
    to the reader; telling its kind looks at its first rows only, `leading`). `scanned`: an .xlsx's scan or a plain
    CSV's facts kept from telling its kind, used while the file is unchanged (else the read finds them again)."""
    try:
        path.stat()
    except OSError as exc:
        raise SourceError(
            Reject(path.name, None, None, None, None, "unreadable_file", type(exc).__name__)
        ) from exc
    return _read_grids(path, limits(), scanned)


def grid_rejects(grids) -> list[Reject]:
    """The rows the read emptied (a cell over the bound, an undecodable line), as Rejects."""
    return [r for grid in grids for r in grid.rejects]


def check_container(path: Path, bounds: Limits | None = None) -> None:
    """Refuse a file whose bytes do not match its type (an .xlsx that is not a zip, an .xls that is not an OLE2
    file) and a zip that unpacks to an absurd size, before any reader opens it. Raises SourceError.

    The sizes an archive claims are not trusted: every entry is inflated (and thrown away) in a stream that
    stops as soon as the total passes the bound or a big entry passes MAX_RATIO times its compressed size."""
    bounds = bounds or limits()
    suffix = path.suffix.lower()
    if suffix not in ZIP_SUFFIXES and suffix != ".xls":
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise SourceError(
            Reject(path.name, None, None, None, None, "unreadable_file", type(exc).__name__)
        ) from exc
    if suffix == ".xls":
        # an .xls may also be an .xlsx renamed, or a HTML table saved by some systems as .xls; calamine reads
        # the first two, so only refuse what is neither
        if not head.startswith(OLE_MAGIC) and not head.startswith(b"PK\x03\x04"):
            raise SourceError(
                Reject(path.name, None, None, None, suffix, "content_mismatch", "not OLE2 / zip")
            )
        if not head.startswith(b"PK"):
            return
    elif not head.startswith(b"PK\x03\x04"):
        raise SourceError(
            Reject(path.name, None, None, None, suffix, "content_mismatch", "not a zip archive")
        )
    problem = zip_problem(path, bounds.unzipped_bytes)
    if problem == "damaged":
        raise SourceError(Reject(path.name, None, None, None, None, "unreadable_file", "damaged workbook"))
    if problem:
        raise SourceError(Reject(path.name, None, None, None, None, "zip_bomb", problem))


def zip_problem(source, max_bytes: int = MAX_UNZIPPED_BYTES) -> str | None:
    """Why a zip archive (a path or a binary file object) must not be opened: "damaged", a bilingual
    "unpacks to …" / ratio text, or None. Counts the bytes actually inflated, stopping at the bound."""
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
            claimed = sum(e.file_size for e in entries)
            if claimed > max_bytes:  # what it admits to is enough
                return _too_big(claimed, max_bytes)
            for e in entries:
                if e.file_size >= BIG_ENTRY_BYTES and e.file_size > MAX_RATIO * max(e.compress_size, 1):
                    return f"{e.filename}: {e.file_size // max(e.compress_size, 1)}:1"
            fh = archive.fp
            total = 0
            for e in entries:
                entry_bound = max(BIG_ENTRY_BYTES, MAX_RATIO * max(e.compress_size, 1))
                size = _inflated_size(archive, fh, e, min(entry_bound, max_bytes - total) + 1)
                total += size
                if total > max_bytes:
                    return _too_big(total, max_bytes, at_least=True)
                if size > entry_bound:
                    return f"{e.filename}: > {size // max(e.compress_size, 1)}:1"
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, struct.error, EOFError, NotImplementedError):
        return "damaged"
    return None


def _too_big(size: int, bound: int, at_least: bool = False) -> str:
    more = "超过 " if at_least else ""
    over = "more than " if at_least else ""
    return (
        f"解压后{more} {size // 2**20} MB,上限 {bound // 2**20} MB / unpacks to {over}{size // 2**20} MB, "
        f"limit {bound // 2**20} MB"
    )


def _inflated_size(archive: zipfile.ZipFile, fh, entry: zipfile.ZipInfo, stop: int) -> int:
    """Bytes that `entry` really inflates to (whatever its header says), counting no further than `stop`."""
    if entry.compress_type == zipfile.ZIP_STORED:
        return entry.compress_size
    if (
        entry.compress_type != zipfile.ZIP_DEFLATED
    ):  # other methods: zipfile's own stream, counted the same way
        total = 0
        with archive.open(entry) as stream:
            while total < stop and (chunk := stream.read(_CHUNK)):
                total += len(chunk)
        return total
    fh.seek(entry.header_offset)
    local = fh.read(30)
    if local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    fh.seek(entry.header_offset + 30 + name_len + extra_len)
    inflater = zlib.decompressobj(-15)
    left, total = entry.compress_size, 0
    while left > 0 and total < stop and not inflater.eof:
        data = fh.read(min(_CHUNK, left))
        if not data:
            break
        left -= len(data)
        while data and total < stop:
            total += len(inflater.decompress(data, _CHUNK))
            data = inflater.unconsumed_tail
    return total


def _read_grids(path: Path, bounds: Limits, scanned: Scanned | PlainCsv | None = None) -> list[Grid]:
    suffix = path.suffix.lower()
    check_container(path, bounds)
    try:
        if suffix in CSV_SUFFIXES:
            plain = scanned if isinstance(scanned, PlainCsv) else None
            return [_read_csv(path, "\t" if suffix == ".tsv" else ",", bounds, plain=plain)]
        if suffix in SPREADSHEET_SUFFIXES:
            return _read_workbook(path, bounds, scanned if isinstance(scanned, Scanned) else None)
    except SourceError:
        raise
    except (
        UnicodeDecodeError,
        pl.exceptions.PolarsError,
        fastexcel.FastExcelError,
        OSError,
        ValueError,
    ) as exc:
        raise SourceError(
            Reject(path.name, None, None, None, None, "unreadable_file", type(exc).__name__)
        ) from exc
    except BaseException as exc:
        # calamine (under fastexcel) panics on some damaged workbooks; pyo3 raises that as PanicException,
        # a BaseException. It is a bad file, not a reason to stop: report it like any unreadable file.
        if type(exc).__name__ != "PanicException":
            raise
        raise SourceError(
            Reject(path.name, None, None, None, None, "unreadable_file", "damaged workbook")
        ) from exc
    raise SourceError(Reject(path.name, None, None, None, suffix, "unsupported_file"))


WHOLE_READ_BYTES = 64 * 1024  # a CSV this small is parsed whole at once: a short read would cost as much


@dataclass(frozen=True)
class Leading:
    """A file's first rows, read to tell its kind: `sheets` holds the first rows of every sheet (columns c0, c1, …,
    tidied text); `grids` the whole grids when only a whole read could give them (an .xls, an .ods, a CSV
    with more lines than the row bound, an odd package), so that the loader reads the file no second time."""

    sheets: tuple[pl.DataFrame, ...] = ()
    grids: tuple[Grid, ...] | None = None
    scanned: Scanned | PlainCsv | None = None  # found on the way (an .xlsx's scan, a plain CSV's facts)

    def filled_rows(self, n: int = 10) -> list[list[str]]:
        """The first `n` rows of every sheet, filled cells only."""
        return [[c for c in row if c] for frame in self.sheets for row in frame.head(n).iter_rows()]


def leading(path: Path, n: int = 10, whole: bool = True) -> Leading:
    """The first `n` rows of every sheet, without parsing the whole file where its format allows: a CSV's first
    rows are parsed alone (the whole file is still decoded, so the encoding is the whole file's), an .xlsx's from
    its sheet XML's first rows and the shared strings they name. A CSV of at most WHOLE_READ_BYTES is parsed whole
    (parsing its first rows alone costs as much) and its grids handed on (`grids`): it is not parsed again
    (`whole=False`: the caller holds enough grids already, read its first rows alone). Any doubt (more lines than the row bound, a
    refusal, an odd package) falls back to the whole read, so the rows are those the whole grid gives. An
    unreadable file has none."""
    suffix = path.suffix.lower()
    bounds = limits()
    try:
        if (
            suffix in CSV_SUFFIXES
            and path.is_file()
            and (not whole or path.stat().st_size > WHOLE_READ_BYTES)
        ):
            with contextlib.suppress(
                SourceError, UnicodeDecodeError, pl.exceptions.PolarsError, OSError, ValueError
            ):
                separator = "\t" if suffix == ".tsv" else ","
                kept: list[PlainCsv] = []
                plain = _leading_plain_csv(path, separator, bounds, n, kept)
                if plain is not None:
                    return Leading((plain,), scanned=kept[0] if kept else None)
                got = _read_csv(path, separator, bounds, leading=n)
                return Leading((got.frame.head(n),))
        if suffix in SPREADSHEET_SUFFIXES and path.is_file() and _is_ooxml(path):
            stamp = _stamp(path)
            rows, ranges = leading_and_scan(path, n, bounds)
            if rows is not None:
                scanned = Scanned(stamp, ranges) if ranges is not None and _stamp(path) == stamp else None
                return Leading(tuple(_text_frame(_tidy_rows(r)) for r in rows), scanned=scanned)
        grids = tuple(read_grids(path))
    except (SourceError, OSError):
        return Leading()
    return Leading(tuple(g.frame.head(n) for g in grids), grids)


def _leading_plain_csv(
    path: Path, separator: str, bounds: Limits, n: int, kept: list | None = None
) -> pl.DataFrame | None:
    """The first `n` rows of a plain CSV (`_read_csv(..., leading=n).frame.head(n)`) split in Python, without
    polars' fixed cost per call, or None when the file is not plain enough to be sure of that: UTF-8 text with
    no carriage return, NUL, whitespace to strip or quote but those of "" fields (`_read_csv`'s `plain`), no line
    longer than the cell
    bound, fewer lines than the row bound and no empty line among the first `n` (then a row is a line and its
    cells are what lies between separators). `kept`: the whole text's facts (`PlainCsv`) are appended to it."""
    stamp = _stamp(path)
    data = path.read_bytes()
    if data.count(b"\n") >= bounds.rows or b"\r" in data or b"\x00" in data:
        return None
    decoded = decode(data, path.name)
    if decoded.encoding not in ("utf-8", "utf-8-sig") or decoded.bad_lines:
        return None
    text = decoded.text
    quoted = b'"' in data
    if (_UNTIDY_TAB if separator != "\t" else _UNTIDY).search(text) or (
        quoted and not _only_empty_quotes(text, separator)
    ):
        return None
    utf8 = data[3:] if decoded.encoding == "utf-8-sig" else data
    if max(map(len, utf8.split(b"\n")), default=0) > bounds.cell_chars:
        return None
    if len(utf8) <= _CHUNK:  # the width `_read_csv` gives the grid
        width = _csv_width(text, separator, _WIDTH_SAMPLE_ROWS, True)
    else:
        width = _csv_width(utf8[:_CHUNK].decode("utf-8", errors="ignore"), separator, _WIDTH_SAMPLE_ROWS)
    lines = text.split("\n", n)
    if len(lines) <= n and lines[-1] == "":
        lines.pop()  # the whole text, ending with a line break: the end of the text, not a row
    lines = lines[:n]
    if not lines or any(not line for line in lines):
        return None
    rows: list[list[str | None]] = [line.split(separator) for line in lines]
    if quoted:  # a field written "" is an empty string (made null below), as polars reads it
        rows = [[c if c != '""' else "" for c in r] for r in rows]
    if any(len(r) > width for r in rows):
        return None
    rows = _tidy_rows(rows)
    if kept is not None and len(data) == stamp[0]:
        kept.append(PlainCsv(stamp, decoded.encoding == "utf-8-sig", width, quoted))
    return pl.DataFrame(
        [[r[i] if i < len(r) else None for r in rows] for i in range(width)],
        schema={f"c{i}": pl.String for i in range(width)},
        orient="col",
    )


def leading_rows(path: Path, n: int = 10) -> list[list[str]]:
    """The first `n` rows of every sheet, filled cells only (`leading(path, n).filled_rows(n)`)."""
    return leading(path, n).filled_rows(n)


_STRIPPED = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_ASCII_EXCEL_INTEGER = re.compile(r"-?[0-9]+\.0+")


def _tidy_rows(rows: list[list[str | None]]) -> list[list[str | None]]:
    """`_tidy` of a few rows of cells held in Python (a sheet's first rows), without polars' fixed cost per call:
    stripped of what polars' strip_chars strips (Unicode White_Space, `_STRIPPED`), empty → None, an Excel
    integer ('3.0') without its decimals (ASCII cells here; any other cell with a "." by polars' own rule)."""
    out, odd = [], []
    for r in rows:
        row: list[str | None] = []
        for v in r:
            if v is not None:
                v = v.strip(_STRIPPED) or None
                if v is not None and "." in v:
                    if not v.isascii():
                        odd.append((len(out), len(row)))
                    elif _ASCII_EXCEL_INTEGER.fullmatch(v):
                        v = v[: v.index(".")]
            row.append(v)
        out.append(row)
    if odd:
        fixed = pl.Series([out[i][j] for i, j in odd], dtype=pl.String).str.replace(_EXCEL_INTEGER, "$1")
        for (i, j), v in zip(odd, fixed.to_list(), strict=True):
            out[i][j] = v
    return out


def _text_frame(rows: list[list[str | None]]) -> pl.DataFrame:
    width = max((len(r) for r in rows), default=0)
    return pl.DataFrame(
        [[r[i] if i < len(r) else None for r in rows] for i in range(width)],
        schema={f"c{i}": pl.String for i in range(width)},
        orient="col",
    )


def _read_csv(
    path: Path, separator: str, bounds: Limits, leading: int | None = None, plain: PlainCsv | None = None
) -> Grid:
    """The whole CSV as a grid; with `leading`, only its first rows (SourceError when the file holds more lines
    than the row bound: only the whole read can say what then happens). `plain`: what telling its kind found of
    the text (`PlainCsv`), used while the file is unchanged."""
    if plain is not None and leading is None and plain.stamp == _stamp(path):
        data = path.read_bytes()
        if len(data) == plain.stamp[0]:
            return _read_plain_csv(path, data[3:] if plain.bom else data, separator, bounds, plain)
    data = path.read_bytes()
    if leading is not None and data.count(b"\n") >= bounds.rows:
        raise _over(path.name, None, "too_many_rows", f"> {bounds.rows:,}")
    decoded = decode(data, path.name)
    if decoded.encoding in ("utf-8", "utf-8-sig"):  # the bytes as they are: no second copy of a big file
        utf8 = data[3:] if decoded.encoding == "utf-8-sig" else data
    else:
        utf8 = decoded.text.encode("utf-8")
    bad_lines = decoded.bad_lines
    dots = b"." in utf8  # no "." in the text: no cell is an Excel "3.0" (`_tidy`)
    # no quotes (but "" fields) and no whitespace (what polars' strip_chars strips: Unicode White_Space) anywhere:
    # every cell is a line's text between separators, already stripped, an empty one null (polars reads it so)
    # or "" (a quoted empty field); no cell is longer than the longest line
    text = decoded.text
    # fields are what lies between separators (no quotes but "" fields, no lone carriage return, no NUL)
    simple = "\r" not in text and "\x00" not in text and _only_empty_quotes(text, separator)
    plain = simple and not (_UNTIDY_TAB if separator != "\t" else _UNTIDY).search(text)
    short = plain and max(map(len, utf8.split(b"\n")), default=0) <= bounds.cell_chars
    quoted = plain and b'"' in utf8  # … but for "" fields, read as empty strings (made null by `_tidy`)
    del data, decoded
    n_rows = bounds.rows + 1 if leading is None else leading  # one past the bound is enough to know
    if len(utf8) <= _CHUNK:  # the sample is the whole text
        width = _csv_width(text, separator, _WIDTH_SAMPLE_ROWS, simple)
    else:
        width = _csv_width(utf8[:_CHUNK].decode("utf-8", errors="ignore"), separator, _WIDTH_SAMPLE_ROWS)
    del text
    return _parsed_csv(path, utf8, separator, bounds, width, n_rows, bad_lines, dots, plain, short, quoted)


def _read_plain_csv(path: Path, utf8: bytes, separator: str, bounds: Limits, plain: PlainCsv) -> Grid:
    """`_read_csv` of a file whose text `plain` describes: plain, short, no undecodable line."""
    dots = b"." in utf8
    n_rows = bounds.rows + 1
    return _parsed_csv(path, utf8, separator, bounds, plain.width, n_rows, (), dots, True, True, plain.quoted)


def _parsed_csv(
    path: Path,
    utf8: bytes,
    separator: str,
    bounds: Limits,
    width: int,
    n_rows: int,
    bad_lines,
    dots: bool,
    plain: bool,
    short: bool,
    quoted: bool,
) -> Grid:
    # a plain text's only empty strings are "" fields: parsed as nulls at once (what `_tidy` makes of them)
    nulls = plain and quoted
    try:
        frame = _csv_frame(utf8, separator, width, n_rows, nulls)
    except pl.exceptions.ComputeError as exc:  # a row past the sample is wider still: count every row
        if "more fields" not in str(exc):
            raise
        frame = _csv_frame(
            utf8, separator, _csv_width(utf8.decode("utf-8", errors="ignore"), separator), n_rows, nulls
        )
    if frame.height > bounds.rows:
        raise _over(path.name, None, "too_many_rows", f"> {bounds.rows:,}")
    undecoded = [
        Reject(
            path.name,
            None,
            n,
            None,
            None,
            "undecodable_row",
            "既非 UTF-8 也非 GB18030 / neither UTF-8 nor GB18030",
        )
        for n in bad_lines
    ]
    return _tidied(
        Grid(path.name, None, frame, tuple(undecoded)),
        bounds,
        dots,
        strip=not plain,
        empty=not plain,
        short=short,
    )


_WIDTH_SAMPLE_ROWS = 1000
# a character Unicode calls White_Space (U+0009–000D, U+0020, U+0085, U+00A0, U+1680, U+2000–200A,
# U+2028, U+2029, U+202F, U+205F, U+3000) in UTF-8, other than the line feed and the tab (the TSV separator)
_WHITESPACE = "\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_UNTIDY = re.compile(f"[{_WHITESPACE}]")
_UNTIDY_TAB = re.compile(f"[\t{_WHITESPACE}]")  # … and the tab, where it is not the separator


def _only_empty_quotes(text: bytes | str, separator: str) -> bool:
    """No quote in `text` but those of fields written "" (empty, quoted): then no separator or line break is
    inside quotes. Counted with string operations only: with every separator and line break doubled, each
    such field is one separate occurrence of X""Y (X, Y a separator or a line break)."""
    b = isinstance(text, bytes)
    quote, nl = (b'"', b"\n") if b else ('"', "\n")
    sep = separator.encode() if b else separator
    quotes = text.count(quote)
    if not quotes:
        return True
    doubled = (nl + text + nl).replace(sep, sep + sep).replace(nl, nl + nl)
    pair = quote + quote
    fields = sum(doubled.count(x + pair + y) for x in (sep, nl) for y in (sep, nl))
    return quotes == 2 * fields


def _csv_width(text: str, separator: str, rows: int | None = None, simple: bool | None = None) -> int:
    """The most fields any of the first `rows` rows of a CSV text has (quotes respected). polars takes the width
    from the first line, so a title line without trailing commas ("2023年度评议结果" alone) would cut the table
    to one column: the grid is as wide as its widest row instead."""
    if simple is None:
        simple = "\r" not in text and "\x00" not in text and _only_empty_quotes(text, separator)
    if simple:
        # no quotes, no lone carriage returns: a row is a line and its fields are its separators plus one (what
        # the csv module counts, at C speed: this runs for every file of a load)
        lines = text.split("\n") if rows is None else text.split("\n", rows)[:rows]
        return max((line.count(separator) + 1 if line else 0 for line in lines), default=1) or 1
    limit = csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # long cells: the cell bound's
    try:
        reader = csv.reader(io.StringIO(text), delimiter=separator)
        return max((len(row) for row in itertools.islice(reader, rows)), default=1) or 1
    finally:
        csv.field_size_limit(limit)


def _csv_frame(
    utf8: bytes, separator: str, width: int, n_rows: int, empty_null: bool = False
) -> pl.DataFrame:
    """The CSV as `width` text columns; shorter rows are filled with nulls, a wider row raises ComputeError.
    `empty_null`: an empty string (a field written "") is read as null."""
    return pl.read_csv(
        io.BytesIO(utf8),
        has_header=False,
        infer_schema=False,
        separator=separator,
        schema={f"column_{i + 1}": pl.String for i in range(width)},
        missing_columns="insert",
        truncate_ragged_lines=False,
        n_rows=n_rows,
        null_values=[""] if empty_null else None,
    )


def _over(file: str, sheet: str | None, reason: str, detail: str) -> SourceError:
    return SourceError(Reject(file, sheet, None, None, None, reason, detail))


def _tidied(
    grid: Grid, bounds: Limits, dots: bool = True, strip: bool = True, empty: bool = True, short: bool = False
) -> Grid:
    """The raw sheet, tidied (`_tidy`), with every row holding a cell longer than the bound emptied and rejected
    (row and column named, the cell's length and first characters shown) before anything else touches it; a
    sheet of which nothing else is left refuses the file. What the caller knows of the cells: `dots` False, none
    holds a "."; `strip` False, none needs stripping; `empty` False, none is an empty string (text columns);
    `short`, none is longer than the bound."""
    frame = grid.frame.rename({old: f"c{i}" for i, old in enumerate(grid.frame.columns)})
    if short and not (dots or strip or empty):
        return Grid(grid.file, grid.sheet, frame, grid.rejects)  # nothing to change
    cells = _cells(frame)
    if short:
        return Grid(grid.file, grid.sheet, _tidy_cells(frame, cells, dots, strip, empty), grid.rejects)
    # byte length is free; characters are counted only where the bytes could exceed the bound
    if not len(cells) or (cells.str.len_bytes().max() or 0) <= bounds.cell_chars:
        return Grid(grid.file, grid.sheet, _tidy_cells(frame, cells, dots), grid.rejects)
    frame = frame.cast(pl.String)
    suspect = pl.any_horizontal(pl.all().str.len_bytes() > bounds.cell_chars).fill_null(False)
    maybe = frame.with_row_index("_r").filter(frame.select(suspect).to_series())
    rows = (
        maybe.filter(
            pl.any_horizontal(pl.exclude("_r").str.len_chars() > bounds.cell_chars).fill_null(False)
        )["_r"].to_list()
        if not maybe.is_empty()
        else []
    )
    if not rows:
        return Grid(grid.file, grid.sheet, _tidy_cells(frame, cells, dots), grid.rejects)
    rejects = list(grid.rejects)
    for r in rows:  # lengths and the first characters from polars: the long cell is never copied into Python
        row = frame.slice(r, 1)
        lengths = row.select(pl.all().str.len_chars().fill_null(0)).row(0)
        i = next(i for i, n in enumerate(lengths) if n > bounds.cell_chars)
        start = row.select(pl.nth(i).str.slice(0, 20)).item()
        rejects.append(
            Reject(
                grid.file,
                grid.sheet,
                r + 1,
                column_letter(i),
                start + "…",
                "cell_too_long",
                f"{lengths[i]:,} 字符 / characters > {bounds.cell_chars:,}",
            )
        )
    emptied = (
        frame.with_row_index("_r")
        .with_columns(
            pl.when(pl.col("_r").is_in(rows)).then(None).otherwise(pl.col(c)).alias(c) for c in frame.columns
        )
        .drop("_r")
    )
    if not emptied.select(pl.any_horizontal(pl.all().is_not_null()).any()).item():
        raise SourceError(rejects[len(grid.rejects)])
    return Grid(grid.file, grid.sheet, _tidy(emptied), tuple(rejects))


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _read_workbook(path: Path, bounds: Limits, kept: Scanned | None = None) -> list[Grid]:
    if kept is not None and kept.stamp == _stamp(path):
        scanned = kept.ranges  # what `_scan_xlsx` gives, found while the kind was told
    else:
        scanned = _scan_xlsx(path, bounds) if _is_ooxml(path) else None
    # an .xls that is really an .xlsx is opened by content (calamine goes by the name when given a path)
    reader = fastexcel.read_excel(
        path.read_bytes() if scanned is not None and path.suffix.lower() == ".xls" else str(path)
    )
    if len(reader.sheet_names) > bounds.sheets:
        raise _over(path.name, None, "too_many_sheets", f"{len(reader.sheet_names)} > {bounds.sheets}")
    merges = scanned if scanned is not None else _merged_ranges(path, bounds)
    grids = []
    for name in reader.sheet_names:
        sheet = reader.load_sheet(name, header_row=None, dtypes="string", n_rows=bounds.rows + 1)
        if sheet.height > bounds.rows:
            raise _over(path.name, name, "too_many_rows", f"> {bounds.rows:,}")
        grid = _tidied(Grid(path.name, name, sheet.to_polars()), bounds)
        grids.append(
            Grid(
                grid.file,
                grid.sheet,
                _fill_merged(grid.frame, merges.get(name, []), path.name, name),
                grid.rejects,
            )
        )
    return grids


def _fill_merged(
    frame: pl.DataFrame, ranges: list[tuple[int, int, int, int]], file: str = "", sheet: str | None = None
) -> pl.DataFrame:
    """Every cell of a merged range gets the top-left value, as a person reading the sheet sees it.

    Ranges are clipped to the cells the sheet uses, and every cell is written at most once: the work is linear
    in the cells used plus the ranges, however many ranges claim the same cells. The same range twice counts
    once; two ranges that partly overlap (which Excel itself calls a damaged file) refuse the sheet."""
    if not ranges or frame.is_empty():
        return frame
    height, width = frame.height, frame.width
    columns = {c: frame[c].to_list() for c in frame.columns}
    names = frame.columns
    owner: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    seen: set[tuple[int, int, int, int]] = set()
    for r0, c0, r1, c1 in ranges:
        if r0 >= height or c0 >= width or r1 < r0 or c1 < c0:
            continue
        box = (r0, c0, min(r1, height - 1), min(c1, width - 1))
        if box in seen:
            continue
        seen.add(box)
        value = columns[names[c0]][r0]
        for c in range(box[1], box[3] + 1):
            cells = columns[names[c]]
            for r in range(box[0], box[2] + 1):
                other = owner.setdefault((r, c), box)
                if other != box:
                    where = f"{_ref(other)} ∩ {_ref(box)}"
                    raise SourceError(
                        Reject(file, sheet, r + 1, column_letter(c), None, "merged_overlap", where)
                    )
                cells[r] = value
    return pl.DataFrame(columns, schema=frame.schema)


def _ref(box: tuple[int, int, int, int]) -> str:
    return f"{column_letter(box[1])}{box[0] + 1}:{column_letter(box[3])}{box[2] + 1}"


def _tidy(frame: pl.DataFrame, dots: bool = True) -> pl.DataFrame:
    """Name the columns c0, c1, …; strip cells; empty strings become null; '3.0' from Excel becomes '3'
    (`dots` False: the caller knows that no cell holds a ".", so no cell can be such a number)."""
    frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    return _tidy_cells(frame, _cells(frame), dots)


_EXCEL_INTEGER = r"^(-?\d+)\.0+$"  # '3.0' as Excel writes an integer → '3'


def _cells(frame: pl.DataFrame) -> pl.Series:
    """Every cell of `frame` as text, column after column, in one series: the tidying is then a few calls over
    all cells at once, not a few calls per column (polars' fixed cost per column and call is most of a small
    sheet's)."""
    if not frame.width:
        return pl.Series("cells", [], dtype=pl.String)
    return pl.concat(
        [s if s.dtype == pl.String else s.cast(pl.String) for s in frame.get_columns()], rechunk=True
    )


def _tidy_cells(
    frame: pl.DataFrame, cells: pl.Series, dots: bool = True, strip: bool = True, empty: bool = True
) -> pl.DataFrame:
    """`frame` (columns c0, c1, …) rebuilt from its tidied `cells` (`_cells`): stripped, empty → null, an Excel
    integer ('3.0') without its decimals; that last rule only on the cells that hold a "." (no other can match).
    `strip` / `empty` False: the caller knows that no cell needs stripping / that none is an empty string."""
    if not frame.width:
        return frame
    if strip:
        cells = cells.str.strip_chars()
    if strip or empty:
        cells = cells.set((cells.str.len_bytes() == 0).fill_null(False), None)
    if dots:
        at = cells.str.contains(".", literal=True).arg_true()
        if len(at):
            cells = cells.scatter(at, cells.gather(at).str.replace(_EXCEL_INTEGER, "$1"))
    height = frame.height
    return pl.DataFrame([cells.slice(i * height, height).alias(c) for i, c in enumerate(frame.columns)])
