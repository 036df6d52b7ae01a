"""What the files of a load are: a folder expanded once into its loadable files, and each file's kind decided
from its type and, where that is ambiguous, its first rows or bytes only (etl.sources.grid.leading: a CSV's
first rows, an .xlsx's first rows of sheet XML). What a whole read had to parse is handed on (`Detected.grids`)
so that the loader reads no file twice.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from etl.normalize import canonical_header, field_of_key, header_key
from etl.sources.grid import CSV_SUFFIXES, SPREADSHEET_SUFFIXES, Grid, Leading, Scanned, leading
from etl.sources.ratings import MAX_HEADER_SCAN, Mapping, _find_header

KINDS = ("auto", "ratings", "units", "scheme", "reports", "articles")
DOCUMENT_SUFFIXES = (".docx", ".pdf")
PAGE_SUFFIXES = (".html", ".htm")
LOADABLE_SUFFIXES = (*CSV_SUFFIXES, *SPREADSHEET_SUFFIXES, *DOCUMENT_SUFFIXES, *PAGE_SUFFIXES, ".toml")
KIND_ROWS = 10  # rows of every sheet that the registry and report-metadata checks look at


class Expanded(list):
    """The files of a load, folders already walked (`expand_paths`): etl.load.ingest does not walk them again."""


def expand_paths(paths: Iterable[Path]) -> Expanded:
    """Files as given, folders walked (sorted), hidden and temporary files (~$x.xlsx) skipped."""
    if isinstance(paths, Expanded):
        return paths
    out = Expanded()
    for path in paths:
        if path.is_dir():
            out.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not p.name.startswith((".", "~$"))
                and p.suffix.lower() in LOADABLE_SUFFIXES
            )
        else:
            out.append(path)
    return out


@dataclass(frozen=True)
class Detected:
    """A file's kind (None: not a kind Pingyi loads) and, when telling it took a whole read, the grids read; for an
    .xlsx, the scan of its sheet XML made on the way (etl.sources.grid.Scanned)."""

    kind: str | None
    grids: tuple[Grid, ...] | None = None
    scanned: Scanned | None = None


def detect(path: Path, mapping: Mapping | None = None, whole: bool = True) -> Detected:
    """What a file holds, from its type and, where the type is ambiguous, its leading rows or bytes (`whole`:
    a small CSV may be parsed whole and its grids handed on, etl.sources.grid.leading)."""
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return Detected("scheme")
    if suffix in DOCUMENT_SUFFIXES:
        return Detected("reports")
    if suffix in PAGE_SUFFIXES or suffix == ".txt":
        if suffix == ".txt":
            head = leading(path, MAX_HEADER_SCAN + 1, whole)
            if any(_find_header(frame, mapping) is not None for frame in head.sheets):
                return Detected("ratings", head.grids)
        return Detected("reports" if _titled_as_report(path) else "articles")
    if suffix in CSV_SUFFIXES + SPREADSHEET_SUFFIXES:
        head = leading(path, KIND_ROWS, whole)
        return Detected(_table_kind(head), head.grids, head.scanned)
    return Detected(None)


def detect_all(paths, mapping: Mapping | None = None, budget: int = 8 * 2**20) -> dict[Path, Detected]:
    """`detect` for every path; the grids of whole reads are kept only while their files add up to `budget`
    bytes (later small files are told by their first rows, then read once by the loader)."""
    out, held = {}, 0
    for path in paths:
        out[path] = detect(path, mapping, whole=held < budget)
        if out[path].grids is not None:
            held += path.stat().st_size
    return out


def kind_of(path: Path, mapping: Mapping | None = None) -> str | None:
    """`detect(path, mapping).kind`."""
    return detect(path, mapping).kind


_header_key = functools.lru_cache(maxsize=1 << 16)(header_key)  # the same cells recur across a folder's files
_REPORT_TITLES = frozenset({"标题", "报告题目", "报告标题", "title"})
_REPORT_UNITS = frozenset({"单位", "二级党组织", "unit"})


def _table_kind(head: Leading) -> str:
    """A registry when a row's header names a unit id column (`looks_like_registry`), else report metadata when a
    row names a report-title column beside a unit column, else ratings (each cell's header key computed once)."""
    keyed = [{_header_key(c) for c in row} for row in head.filled_rows(KIND_ROWS)]
    if any(_registry_header({field_of_key(k) for k in keys}) for keys in keyed):
        return "units"
    if any(keys & _REPORT_TITLES and keys & _REPORT_UNITS for keys in keyed):
        return "reports"
    return "ratings"


def looks_like_registry(rows: list[list[str]]) -> bool:
    """A sheet whose header names a unit id column (单位编号) and no grade or score column."""
    return any(_registry_header({canonical_header(c) for c in row}) for row in rows)


def _registry_header(fields: set) -> bool:
    return "unit_code" in fields and "unit" in fields and not fields & {"good", "score", "votes"}


def _titled_as_report(path: Path) -> bool:
    """A secretary's own report is titled as one (…述职报告); a news item about the meeting is not."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # a UTF-8 character cut at the 8 KB boundary is not a reason to read the file as GB18030
        text = (
            head[: err.start].decode("utf-8-sig")
            if err.start >= len(head) - 3
            else head.decode("gb18030", errors="replace")
        )
    if path.suffix.lower() in PAGE_SUFFIXES:
        match = re.search(r"<title>(.*?)</title>|<h1[^>]*>(.*?)</h1>", text, re.S | re.I)
        first = (match.group(1) or match.group(2)) if match else ""
    else:
        first = next((line for line in text.splitlines() if line.strip()), "")
    return "述职报告" in first and "评议会" not in first
