"""Reads rating tallies into canonical text frames, one row per unit × rater group × item.

Finds the header (one row, or two rows with a band such as 测评结果 or A票/B票 over the grade columns) below any
title rows, maps headers through the aliases in etl.normalize, turns rater-group bands and the long layout
(one row per grade with a count) into the wide layout, takes institution and year from the title row, sheet
or file name when no column gives them, and drops blank and footer rows (合计, 说明, …). Values stay text;
etl.validate types and checks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.messages import Reject, SourceError
from etl.normalize import BAND_WORDS, canonical_header, clean_text, header_key
from etl.sources.grid import Grid, read_grids

MAX_HEADER_SCAN = 15
GRADE_FIELDS = ("good", "fairly_good", "average", "poor")
RATING_FIELDS = (*GRADE_FIELDS, "score")
GROUPABLE = (*GRADE_FIELDS, "abstain", "voters", "score")
FOOTER = re.compile(r"^(合计|总计|小计|说明|备注|注[:：]|注$|制表|审核|填表|签字|签名|负责人|日期|附[:：])")
SUMMARY_SHEET = re.compile(r"(汇总|总表|合计|summary)", re.IGNORECASE)
GROUP_SHEET = re.compile(r"(票|组|委员|代表|群众|干部|summary)$")
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年?")
_TITLE_INSTITUTION = re.compile(r"^(.+?)(?:20\d{2}|19\d{2})\s*年")
_BAND_KEYS = {header_key(w) for w in BAND_WORDS}


@dataclass(frozen=True)
class ColumnSpec:
    column: str  # grid column (c0, c1, …)
    field: str  # canonical field
    group: str | None  # rater group from a header band, when the header has one
    header: str  # the header as written (band / name)


@dataclass
class RatingsTable:
    """One sheet's rating rows with canonical column names (all text) plus `source_row` (1-based)."""

    file: str
    sheet: str | None
    header_row: int
    headers: dict[str, str]  # canonical field → header as written (for messages)
    frame: pl.DataFrame
    layout: str = "wide"  # wide · grouped (rater-group bands) · long
    title: str | None = None
    title_institution: str | None = None
    title_year: int | None = None
    file_year: int | None = None
    file_institution: str | None = None
    skipped_rows: list[int] = field(default_factory=list)


@dataclass
class ReadResult:
    tables: list[RatingsTable]
    skipped_sheets: list[str]  # "sheet: why"


def read_ratings(path: Path) -> list[RatingsTable]:
    """Every sheet of `path` that holds rating rows. Raises SourceError when none does."""
    return read_ratings_detailed(path).tables


def read_ratings_detailed(path: Path) -> ReadResult:
    tables: list[RatingsTable] = []
    skipped: list[str] = []
    for grid in read_grids(path):
        table = _table_from_grid(grid, path)
        if table is None:
            if grid.sheet is not None:
                skipped.append(f"{grid.sheet}: 无测评表头 / no rating header")
            continue
        tables.append(table)
    if not tables:
        raise SourceError(Reject(path.name, None, None, None, None, "no_header"))
    # a summary sheet beside detail sheets would count every vote twice: keep the details
    details = [t for t in tables if not (t.sheet and SUMMARY_SHEET.search(t.sheet))]
    if details and len(details) < len(tables):
        skipped += [f"{t.sheet}: 汇总表,已按明细表载入 / summary sheet, details loaded instead" for t in tables if t not in details]
        tables = details
    return ReadResult(tables, skipped)


# ---------------------------------------------------------------- header


def _row_specs(cells: list[str | None], columns: list[str]) -> list[ColumnSpec]:
    specs, seen = [], set()
    for col, cell in zip(columns, cells, strict=True):
        name = canonical_header(cell)
        if name and name not in seen:
            specs.append(ColumnSpec(col, name, None, cell or ""))
            seen.add(name)
    return specs


def _two_row_specs(top: list[str | None], bottom: list[str | None], columns: list[str]) -> list[ColumnSpec]:
    """A band row over a field row: the band names a rater group unless it is a generic word (测评结果)."""
    specs: list[ColumnSpec] = []
    band: str | None = None
    for col, t, b in zip(columns, top, bottom, strict=True):
        if t is not None:
            band = t
        below = canonical_header(b)
        above = canonical_header(t) if t is not None else None
        if below in GROUPABLE and (t is not None or band is not None) and above is None:
            text = t if t is not None else band
            group = None if header_key(text) in _BAND_KEYS else _group_name(text)
            specs.append(ColumnSpec(col, below, group, f"{text}/{b}"))
        elif below is not None:
            specs.append(ColumnSpec(col, below, None, b or ""))
            band = None if t is None else band
        elif above is not None:
            specs.append(ColumnSpec(col, above, None, t or ""))
            band = None
        else:
            band = band if t is None else t
    # a field named twice without groups (e.g. two 好 columns) is ambiguous: keep the first
    out, seen = [], set()
    for s in specs:
        if (s.field, s.group) not in seen:
            out.append(s)
            seen.add((s.field, s.group))
    return out


def _group_name(text: str) -> str:
    """'A票(60%)' → 'A票': the weight belongs to the scheme, not to the group's name."""
    return re.sub(r"[(（].*?[)）]", "", clean_text(text)) or clean_text(text)


def _valid(specs: list[ColumnSpec]) -> bool:
    fields = {s.field for s in specs}
    return "unit" in fields and (bool(fields & set(RATING_FIELDS)) or {"grade_label", "votes"} <= fields)


def _find_header(frame: pl.DataFrame) -> tuple[int, int, list[ColumnSpec]] | None:
    """(first header row index, number of header rows, column specs)."""
    rows = [list(r) for r in frame.head(MAX_HEADER_SCAN + 1).iter_rows()]
    cols = frame.columns
    for i in range(min(MAX_HEADER_SCAN, len(rows))):
        single = _row_specs(rows[i], cols)
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is not None:
            double = _two_row_specs(rows[i], nxt, cols)
            has_band = any(s.group for s in double) or len({s.field for s in double}) > len({s.field for s in single})
            below_is_header = sum(1 for c in nxt if canonical_header(c) in GROUPABLE) >= 2
            top_names_unit = any(s.field == "unit" for s in single)  # a title row above a header does not
            if _valid(double) and has_band and below_is_header and top_names_unit:
                return i, 2, double
        if _valid(single):
            return i, 1, single
    return None


# ---------------------------------------------------------------- body


def _table_from_grid(grid: Grid, path: Path) -> RatingsTable | None:
    frame = grid.frame
    found = _find_header(frame)
    if found is None:
        return None
    header_index, n_header, specs = found
    title_cells = [c for r in frame.head(header_index).iter_rows() for c in r if c]
    title = " ".join(dict.fromkeys(title_cells)) if title_cells else None
    first_data = header_index + n_header

    raw = frame.slice(first_data).with_row_index("source_row", offset=first_data + 1)
    raw = raw.with_columns(pl.col("source_row").cast(pl.Int64))
    data_cols = [s.column for s in specs]
    is_blank = pl.all_horizontal([pl.col(c).is_null() for c in data_cols])
    firsts = raw.select(pl.coalesce([pl.col(c) for c in frame.columns]).alias("first"))["first"]
    is_footer = pl.Series([bool(v) and bool(FOOTER.match(clean_text(v))) for v in firsts], dtype=pl.Boolean)
    skipped = raw.filter(is_footer)["source_row"].to_list()
    raw = raw.filter(~is_blank & ~is_footer)

    shared = [s for s in specs if s.group is None]
    groups = list(dict.fromkeys(s.group for s in specs if s.group is not None))
    layout = "wide"
    if groups:
        layout = "grouped"
        parts = []
        for g in groups:
            mine = [s for s in specs if s.group == g]
            part = raw.select(
                "source_row",
                *[pl.col(s.column).alias(s.field) for s in shared if s.field not in {m.field for m in mine}],
                *[pl.col(s.column).alias(s.field) for s in mine],
                pl.lit(g).alias("rater_group"),
            )
            parts.append(part)
        body = pl.concat(parts, how="diagonal")
        # a group whose cells are all empty on a row did not vote on that unit
        grade_cols = [c for c in (*GROUPABLE,) if c in body.columns]
        body = body.filter(~pl.all_horizontal([pl.col(c).is_null() for c in grade_cols]))
    else:
        body = raw.select("source_row", *[pl.col(s.column).alias(s.field) for s in shared])
    if "votes" in body.columns and "grade_label" in body.columns and not set(GRADE_FIELDS) & set(body.columns):
        layout = "long"
    elif "grade_label" in body.columns:
        body = body.drop("grade_label")
    if "rater_group" not in body.columns and grid.sheet and GROUP_SHEET.search(clean_text(grid.sheet)):
        body = body.with_columns(pl.lit(_group_name(grid.sheet)).alias("rater_group"))

    headers = {s.field: s.header for s in specs}
    headers.setdefault("rater_group", grid.sheet or "")
    title_institution, title_year = _parse_title(title)
    return RatingsTable(
        file=grid.file,
        sheet=grid.sheet,
        header_row=header_index + n_header,
        headers=headers,
        frame=body.sort("source_row", maintain_order=True),
        layout=layout,
        title=title,
        title_institution=title_institution,
        title_year=title_year,
        file_year=_year_in(grid.sheet or "") or _year_in(path.stem),
        file_institution=_institution_in_name(path.stem),
        skipped_rows=skipped,
    )


def _parse_title(title: str | None) -> tuple[str | None, int | None]:
    if not title:
        return None, None
    text = clean_text(title)
    match = _TITLE_INSTITUTION.match(text)
    institution = match.group(1).strip() if match else None
    return institution or None, _year_in(text)


_NAME_INSTITUTION = re.compile(r"^(.+?(?:大学|学院|学校|党校|研究院|医院))(?=[_\-\s·]|(?:19|20)\d{2}|$)")


def _institution_in_name(stem: str) -> str | None:
    """'青石大学_2020_测评' → '青石大学': only a name that ends like an institution's, at the start."""
    match = _NAME_INSTITUTION.match(clean_text(stem))
    return match.group(1) if match else None


def _year_in(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None
