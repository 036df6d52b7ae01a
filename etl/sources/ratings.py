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
from etl.normalize import (
    BAND_WORDS,
    TABLE_FIELDS,
    canonical_header,
    clean_text,
    code_for,
    grade_labels_for,
    header_key,
)
from etl.numerals import parse_int
from etl.sources.grid import Grid, grid_rejects, read_grids
from warehouse.vocabulary import GRADES

MAX_HEADER_SCAN = 15
GRADE_FIELDS = GRADES
RATING_FIELDS = (*GRADE_FIELDS, "score")
GROUPABLE = (*GRADE_FIELDS, "abstain", "voters", "score")
FOOTER = re.compile(r"^(说明|备注|注[:：]|注$|制表|审核|填表|签字|签名|负责人|日期|附[:：])")
# a row that sums or lumps units together: rejected with a reason (etl.validate), never loaded as a unit
AGGREGATE = re.compile(
    r"^(合计|总计|小计|共计|全校合计|总数)|^其他.*[(（]\d+个[)）]$|等\d+个(党支部|党组织|单位|支部)$"
)
RESULT_FIELDS = (*RATING_FIELDS, "official_grade")  # a table with one of these holds results
ROSTER_FIELDS = ("mode",)  # … else one with these is a roster
NEEDED_ALTERNATIVES = "|".join((*GRADE_FIELDS, "score", "official_grade", "mode"))
SUMMARY_SHEET = re.compile(r"(汇总|总表|合计|summary)", re.IGNORECASE)
GROUP_SHEET = re.compile(r"(票|组|委员|代表|群众|干部|summary)$")
_YEAR = re.compile(
    r"(20\d{2}|19\d{2})\s*年?|(二[〇○零][〇○零一二三四五六七八九]{2})\s*年"
)  # 2023, 二〇二三年
_TITLE_INSTITUTION = re.compile(r"^(.+?)(?:20\d{2}|19\d{2}|二[〇○零][〇○零一二三四五六七八九]{2})\s*年")
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
    aggregate_rows: list[tuple[int, str]] = field(
        default_factory=list
    )  # (source_row, text): 合计, 其他…(4个)
    record_kind: str = "results"  # results · roster (units with 述职方式 and no result column)


@dataclass
class ReadResult:
    tables: list[RatingsTable]
    skipped_sheets: list[str]  # "sheet: why"
    grid_rejects: list[Reject] = field(default_factory=list)  # rows emptied at read time (grid.grid_rejects)
    grids: list[Grid] = field(default_factory=list, repr=False)  # what was read (list_columns(..., grids=))


class HeaderError(SourceError):
    """No sheet has a header Pingyi can load: carries the columns found (with samples and guesses) and the fields
    missing, so the CLI's --json report and the upload page can offer a mapping."""

    def __init__(self, reject: Reject, columns: list[dict], missing: list[str]):
        super().__init__(reject)
        self.columns, self.missing = columns, missing


Mapping = dict[str, str]  # header_key(header as written) → field (from --map / --map-file)


def parse_mapping(pairs: list[str]) -> Mapping:
    """'党支部名称=unit,评议结果=official_grade' (several strings allowed) → {header_key: field}.
    Raises ValueError naming a pair that is malformed or a field Pingyi does not know."""
    out: Mapping = {}
    for text in pairs:
        for pair in re.split(r"[,，]", text):
            if not pair.strip():
                continue
            header, sep, fld = pair.rpartition("=")
            header, fld = header.strip(), fld.strip()
            if not sep or not header or not fld:
                raise ValueError(f"应为 表头=字段 / expected HEADER=field: {pair!r}")
            if fld not in TABLE_FIELDS:
                raise ValueError(
                    f"未知字段 / unknown field {fld!r} in {pair!r}; fields: {', '.join(TABLE_FIELDS)}"
                )
            out[header_key(header)] = fld
    return out


def read_mapping_file(path: Path) -> Mapping:
    """A TOML file with a [columns] table of "header as written" = "field" lines."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"无法读取映射文件 / cannot read the mapping file {path}: {exc}") from None
    columns = data.get("columns")
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise ValueError(
            f'映射文件需要 [columns] 表,每行 "表头" = "字段" / {path} needs a [columns] table of '
            '"header" = "field" lines'
        )
    return parse_mapping([f"{k}={v}" for k, v in columns.items()])


def field_of(header: str | None, mapping: Mapping | None = None) -> str | None:
    """The field a header names: the user's mapping first, then the vocabulary (etl/headers.toml)."""
    if header is None:
        return None
    if mapping:
        mapped = mapping.get(header_key(header))
        if mapped is not None:
            return mapped
    return canonical_header(header)


def read_ratings(path: Path, mapping: Mapping | None = None) -> list[RatingsTable]:
    """Every sheet of `path` that holds rating rows. Raises SourceError when none does."""
    return read_ratings_detailed(path, mapping).tables


def read_ratings_detailed(path: Path, mapping: Mapping | None = None, grids=None, scanned=None) -> ReadResult:
    """The rating tables of `path` (of `grids`, when the caller already read them: nothing is parsed twice;
    `scanned`, what telling its kind found: an .xlsx's scan, a plain CSV's text), the sheets skipped, the rows
    emptied at read time and the columns of the first sheet."""
    tables: list[RatingsTable] = []
    skipped: list[str] = []
    grids = list(read_grids(path, scanned) if grids is None else grids)
    for grid in grids:
        table = _table_from_grid(grid, path, mapping)
        if table is None:
            if grid.sheet is not None:
                skipped.append(f"{grid.sheet}: 无测评表头 / no rating header")
            continue
        tables.append(table)
    if not tables:
        columns = list_columns(path, mapping, grids=grids)
        missing = missing_fields([c["field"] for c in columns])
        headers = ", ".join(c["header"] for c in columns) or "—"
        detail = (
            f"表头 / headers: {headers}; 缺少 / missing: {', '.join(missing) or '—'}; "
            '可用 --map "表头=字段" 指定 / map them with --map "HEADER=field"'
        )
        raise HeaderError(Reject(path.name, None, None, None, None, "no_header", detail), columns, missing)
    # a summary sheet beside detail sheets would count every vote twice: keep the details
    details = [t for t in tables if not (t.sheet and SUMMARY_SHEET.search(t.sheet))]
    if details and len(details) < len(tables):
        skipped += [
            f"{t.sheet}: 汇总表,已按明细表载入 / summary sheet, details loaded instead"
            for t in tables
            if t not in details
        ]
        tables = details
    return ReadResult(tables, skipped, grid_rejects(grids), grids)


# ---------------------------------------------------------------- header


def _row_specs(
    cells: list[str | None], columns: list[str], mapping: Mapping | None = None
) -> list[ColumnSpec]:
    specs, seen = [], set()
    for col, cell in zip(columns, cells, strict=True):
        name = field_of(cell, mapping)
        if name and name != "ignore" and name not in seen:
            specs.append(ColumnSpec(col, name, None, cell or ""))
            seen.add(name)
    return specs


def _two_row_specs(
    top: list[str | None], bottom: list[str | None], columns: list[str], mapping: Mapping | None = None
) -> list[ColumnSpec]:
    """A band row over a field row: the band names a rater group unless it is a generic word (测评结果)."""
    specs: list[ColumnSpec] = []
    band: str | None = None
    for col, t, b in zip(columns, top, bottom, strict=True):
        if t is not None:
            band = t
        below = field_of(b, mapping)
        above = field_of(t, mapping) if t is not None else None
        below = None if below == "ignore" else below
        above = None if above == "ignore" else above
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


def missing_fields(fields) -> list[str]:
    """What a table with these fields lacks to load: "unit", and (when it has no result nor roster column) the
    alternatives joined by "|" (good|fairly_good|average|poor|score|official_grade|mode). [] when loadable."""
    have = {f for f in fields if f}
    missing = [] if "unit" in have else ["unit"]
    if not have & {*RESULT_FIELDS, *ROSTER_FIELDS, "grade"}:
        missing.append(NEEDED_ALTERNATIVES)
    return missing


# vote columns headed by another four-level scale's labels (docs/inputs.md, Grade scales): read as the ballot's
# grades when a header row holds at least three of them, each by its place in its scale
_SCALE_HEADERS = ("优秀", "良好", "合格", "基本合格", "不合格", "称职", "基本称职", "不称职")


def _with_scale(mapping: Mapping | None, cells: list[str | None]) -> Mapping | None:
    labels = [c for c in cells if c and clean_text(c) in _SCALE_HEADERS]
    if len({clean_text(c) for c in labels}) < 3:
        return mapping
    table = grade_labels_for(labels)
    return {**{header_key(c): code_for(c, table) for c in labels}, **(mapping or {})}  # the user's --map wins


def _valid(specs: list[ColumnSpec]) -> bool:
    return not missing_fields(s.field for s in specs)


def _find_header(
    frame: pl.DataFrame, mapping: Mapping | None = None
) -> tuple[int, int, list[ColumnSpec]] | None:
    """(first header row index, number of header rows, column specs)."""
    rows = [list(r) for r in frame.head(MAX_HEADER_SCAN + 1).iter_rows()]
    cols = frame.columns
    for i in range(min(MAX_HEADER_SCAN, len(rows))):
        single = _row_specs(rows[i], cols, _with_scale(mapping, rows[i]))
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is not None:
            below_map = _with_scale(mapping, nxt)
            double = _two_row_specs(rows[i], nxt, cols, below_map)
            has_band = any(s.group for s in double) or len({s.field for s in double}) > len(
                {s.field for s in single}
            )
            below_is_header = sum(1 for c in nxt if field_of(c, below_map) in GROUPABLE) >= 2
            top_names_unit = any(s.field == "unit" for s in single)  # a title row above a header does not
            if _valid(double) and has_band and below_is_header and top_names_unit:
                return i, 2, double
        if _valid(single):
            return i, 1, single
    return None


# ---------------------------------------------------------------- body


def _table_from_grid(grid: Grid, path: Path, mapping: Mapping | None = None) -> RatingsTable | None:
    frame = grid.frame
    found = _find_header(frame, mapping)
    if found is None:
        return None
    header_index, n_header, specs = found
    title_cells = [c for r in frame.head(header_index).iter_rows() for c in r if c]
    title = " ".join(dict.fromkeys(title_cells)) if title_cells else None
    first_data = header_index + n_header
    # a header merged over two rows repeats itself on the row below (merged cells are filled): not a data row
    header_cells = [list(r) for r in frame.slice(header_index, n_header).iter_rows()][-1]
    cols = list(frame.columns)
    while first_data < frame.height:
        below = list(frame.row(first_data))
        if not all(below[cols.index(s.column)] == header_cells[cols.index(s.column)] for s in specs):
            break
        first_data += 1

    start = first_data + 1  # the first data row as a person counts
    rest = frame.slice(first_data)
    data_cols = [s.column for s in specs]
    is_blank = pl.all_horizontal([pl.col(c).is_null() for c in data_cols])
    unit_col = next(s.column for s in specs if s.field == "unit")
    firsts, units = (
        s.to_list()
        for s in rest.select(
            pl.coalesce([pl.col(c) for c in frame.columns]).alias("_first"), pl.col(unit_col).alias("_unit")
        ).get_columns()
    )
    # each distinct text is cleaned and matched once (a first column often repeats the institution's name); the
    # rows are looked at one by one only when some text is a footer or an aggregate (most tables have neither)
    distinct = set(firsts)
    footers = {v for v in distinct if v and FOOTER.match(clean_text(v))}
    aggregated = {v for v in distinct.union(units) if v and AGGREGATE.search(clean_text(v))}
    is_footer = [v in footers for v in firsts] if footers else [False] * len(firsts)
    # … when it carries values: a bare 合计 line under the table (or merged over cells) is a footer, skipped
    aggregates: list[tuple[int, str]] = []
    skipped_at = set(i for i, f in enumerate(is_footer) if f) if footers else set()
    dropped = list(is_footer)
    if aggregated:
        aggregate_text = [
            u if u in aggregated else f if f in aggregated else None
            for u, f in zip(units, firsts, strict=True)
        ]
        for i, t in enumerate(aggregate_text):
            if t is None:
                continue
            dropped[i] = True
            if not any(c is not None and c != t for c in rest.row(i)):  # no values: a footer
                skipped_at.add(i)
            elif not is_footer[i]:
                aggregates.append((start + i, t))
    skipped = [start + i for i in sorted(skipped_at)]
    # the rest is one lazy query, collected once
    raw = (
        rest.lazy()
        .with_row_index("source_row", offset=start)
        .with_columns(pl.col("source_row").cast(pl.Int64))
        .filter(~is_blank & ~pl.lit(pl.Series(dropped, dtype=pl.Boolean)) if any(dropped) else ~is_blank)
    )

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
        grade_cols = [c for c in (*GROUPABLE,) if c in body.collect_schema().names()]
        body = body.filter(~pl.all_horizontal([pl.col(c).is_null() for c in grade_cols]))
    else:
        body = raw.select("source_row", *[pl.col(s.column).alias(s.field) for s in shared])
    columns = body.collect_schema().names()
    if "votes" in columns and "grade" in columns and not set(GRADE_FIELDS) & set(columns):
        layout = "long"
    elif "grade" in columns:
        # an ambiguous grade column (评议等次, 考核等次) beside per-grade votes, or alone: the official grade
        if "official_grade" in columns:
            body = body.drop("grade")
        else:
            body = body.rename({"grade": "official_grade"})
            specs = [
                ColumnSpec(s.column, "official_grade", s.group, s.header) if s.field == "grade" else s
                for s in specs
            ]
    dropped = ["remarks"] + ([] if layout == "long" else ["votes"])  # remarks are read, not stored
    body = body.drop([c for c in dropped if c in columns])
    columns = body.collect_schema().names()
    record_kind = "results" if layout == "long" or set(RESULT_FIELDS) & set(columns) else "roster"
    if "rater_group" not in columns and grid.sheet and GROUP_SHEET.search(clean_text(grid.sheet)):
        body = body.with_columns(pl.lit(_group_name(grid.sheet)).alias("rater_group"))
    body = body.collect()

    headers = {s.field: s.header for s in specs}
    headers.setdefault("rater_group", grid.sheet or "")
    title_institution, title_year = _parse_title(title)
    return RatingsTable(
        file=grid.file,
        sheet=grid.sheet,
        header_row=header_index + n_header,
        headers=headers,
        frame=body.sort("source_row", maintain_order=True) if groups else body,  # else in row order
        layout=layout,
        title=title,
        title_institution=title_institution,
        title_year=title_year,
        file_year=_year_in(grid.sheet or "") or _year_in(path.stem),
        file_institution=_institution_in_name(path.stem),
        skipped_rows=skipped,
        aggregate_rows=aggregates,
        record_kind=record_kind,
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
    return parse_int(match.group(1) or match.group(2)) if match else None


# ---------------------------------------------------------------- columns (for --json and the mapping step)


def list_columns(path: Path, mapping: Mapping | None = None, samples: int = 3, grids=None) -> list[dict]:
    """The columns of a table file's first sheet as [{header, samples (≤3 values), field (guess or None)}]:
    under the header row Pingyi found, else under the likeliest header row (the first of the top rows with the
    most filled cells). Raises SourceError when the file cannot be read at all."""
    grids = [g for g in (read_grids(path) if grids is None else grids) if g.frame.height]
    if not grids:
        return []
    grid = grids[0]
    for g in grids:  # the first sheet that has a header Pingyi can load, when one has
        if _find_header(g.frame, mapping) is not None:
            grid = g
            break
    frame = grid.frame
    found = _find_header(frame, mapping)
    head = [list(r) for r in frame.head(MAX_HEADER_SCAN).iter_rows()]
    if found is not None:
        index, n_header = found[0], found[1]
    else:
        filled = [sum(1 for c in r if c not in (None, "")) for r in head]
        index, n_header = (filled.index(max(filled)), 1) if filled else (0, 1)
    header_rows = head[index : index + n_header]
    body = frame.slice(index + n_header)
    out = []
    for i, col in enumerate(frame.columns):
        parts = [r[i] for r in header_rows if r[i] not in (None, "")]
        if not parts:
            continue
        header = "/".join(dict.fromkeys(parts))
        values = [v for v in body[col].to_list() if v not in (None, "")][:samples]
        guess = next((f for f in (field_of(p, mapping) for p in reversed(parts)) if f), None)
        out.append({"header": header, "samples": [str(v)[:60] for v in values], "field": guess})
    return out
