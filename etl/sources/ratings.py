"""Reads rating tallies (wide layout: one row per unit × rater group × item) into canonical text frames.

Finds the header row below any title rows, maps headers through the aliases in etl.normalize, takes the
institution and year from the title row or the file name when no column gives them, and drops blank and
footer rows (合计, 说明, …). Values stay text here; etl.validate types and checks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.messages import Reject, SourceError
from etl.normalize import canonical_header, clean_text
from etl.sources.grid import Grid, read_grids

MAX_HEADER_SCAN = 15
RATING_FIELDS = ("good", "fairly_good", "average", "poor", "score")
FOOTER = re.compile(r"^(合计|总计|小计|说明|备注|注[:：]|注$|制表|审核|填表|签字|签名|负责人|日期)")
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年?")
_TITLE_INSTITUTION = re.compile(r"^(.+?)(?:20\d{2}|19\d{2})\s*年")


@dataclass
class RatingsTable:
    """One sheet's rating rows with canonical column names (all text) plus `source_row` (1-based)."""

    file: str
    sheet: str | None
    header_row: int
    headers: dict[str, str]  # canonical field → header as written
    frame: pl.DataFrame
    title: str | None = None
    title_institution: str | None = None
    title_year: int | None = None
    file_year: int | None = None
    skipped_rows: list[int] = field(default_factory=list)


def read_ratings(path: Path) -> list[RatingsTable]:
    """Every sheet of `path` that holds rating rows. Raises SourceError when none does."""
    tables = []
    for grid in read_grids(path):
        table = _table_from_grid(grid, path)
        if table is not None:
            tables.append(table)
    if not tables:
        raise SourceError(Reject(path.name, None, None, None, None, "no_header"))
    return tables


def _find_header(frame: pl.DataFrame) -> tuple[int, dict[str, str]] | None:
    for i, row in enumerate(frame.head(MAX_HEADER_SCAN).iter_rows()):
        mapping: dict[str, str] = {}
        for col, cell in zip(frame.columns, row, strict=True):
            name = canonical_header(cell)
            if name and name not in mapping:
                mapping[name] = col
        if "unit" in mapping and any(f in mapping for f in RATING_FIELDS):
            return i, mapping
    return None


def _table_from_grid(grid: Grid, path: Path) -> RatingsTable | None:
    frame = grid.frame
    found = _find_header(frame)
    if found is None:
        return None
    header_index, mapping = found
    header_cells = frame.row(header_index, named=True)
    title_cells = [c for r in frame.head(header_index).iter_rows() for c in r if c]
    title = " ".join(title_cells) if title_cells else None

    body = frame.slice(header_index + 1).with_row_index("source_row", offset=header_index + 2)
    body = body.select(
        pl.col("source_row").cast(pl.Int64),
        *[pl.col(col).alias(name) for name, col in mapping.items()],
    )
    data_cols = [c for c in body.columns if c != "source_row"]
    is_blank = pl.all_horizontal([pl.col(c).is_null() for c in data_cols])
    # a footer (合计, 说明, signatures) is recognised by the first filled cell of the row
    first_cell = pl.coalesce([pl.col(c) for c in frame.columns]).alias("first")
    firsts = frame.slice(header_index + 1).select(first_cell)["first"]
    is_footer = pl.Series(
        [bool(v) and bool(FOOTER.match(clean_text(v))) for v in firsts], dtype=pl.Boolean
    )
    skipped = body.filter(is_footer)["source_row"].to_list()
    body = body.filter(~is_blank & ~is_footer)

    title_institution, title_year = _parse_title(title)
    return RatingsTable(
        file=grid.file,
        sheet=grid.sheet,
        header_row=header_index + 1,
        headers={name: header_cells[col] for name, col in mapping.items()},
        frame=body,
        title=title,
        title_institution=title_institution,
        title_year=title_year,
        file_year=_year_in(path.stem) or _year_in(grid.sheet or ""),
        skipped_rows=skipped,
    )


def _parse_title(title: str | None) -> tuple[str | None, int | None]:
    if not title:
        return None, None
    text = clean_text(title)
    match = _TITLE_INSTITUTION.match(text)
    institution = match.group(1).strip() if match else None
    return institution or None, _year_in(text)


def _year_in(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None
