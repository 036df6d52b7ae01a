"""A file read once and checked, ready to write: the reader of its kind (etl.sources) on the grids already read
when telling its kind took a whole read, then etl.validate. What a dry run shows (the columns found, the first
rows that would load) is taken from this one read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.messages import Reject, SourceError
from etl.normalize import clean_text, name_key
from etl.sources.grid import CSV_SUFFIXES, SPREADSHEET_SUFFIXES
from etl.sources.ratings import Mapping, list_columns, read_ratings_detailed
from etl.sources.schemes import read_schemes
from etl.sources.units import read_registry
from etl.validate import reject_cross_sheet_duplicates, validate_many, validate_registry, validate_reports
from etl.write import write_meeting, write_ratings, write_registry, write_reports, write_schemes

PREVIEW_ROWS = 20
PREVIEW_COLUMNS = (
    "institution",
    "year",
    "unit_name",
    "unit_type",
    "rater_group",
    "item",
    "secretary",
    "mode",
    "votes_good",
    "votes_fairly_good",
    "votes_average",
    "votes_poor",
    "voters",
    "score",
    "official_grade",
    "sheet",
    "source_row",
)


@dataclass
class Prepared:
    """A file read and checked, ready to write: counts, rejects, and the write to run in its batch."""

    rows_read: int
    rows_loaded: int
    rejects: list[Reject]
    write: Callable[[str], list[str]]  # batch_id -> notes
    notes: list[str] = field(default_factory=list)
    institution_years: list[list] = field(default_factory=list)
    # ratings only: the validated rows, and what the rejected rows protect from removal (etl.replace)
    rows: pl.DataFrame | None = None
    unit_header: str | None = None
    protected: set[str] = field(default_factory=set)
    unitless: list[int] = field(default_factory=list)
    columns: list[dict] = field(default_factory=list)  # table files: [{header, samples, field}] (when asked)
    preview: list[dict] = field(default_factory=list)  # the first rows that would load (when asked)
    insert: pl.DataFrame | None = None  # after etl.replace: the rows this file writes …
    deletes: dict[str, pl.DataFrame] = field(default_factory=dict)  # … and the earlier rows it deletes

    def apply(self, con, file_plan) -> None:
        """Take etl.replace's decision: write what it keeps, reject its conflicts."""
        self.rejects = self.rejects + file_plan.rejects
        self.rows_loaded = file_plan.insert.height + file_plan.identical
        self.notes = self.notes + file_plan.notes
        if file_plan.identical:
            self.notes.append(
                f"{file_plan.identical} 行与已载入的相同,保持不变 / {file_plan.identical} rows equal "
                "what is loaded already, left as they are"
            )
        insert, deletes = file_plan.insert, file_plan.deletes
        self.institution_years = institution_years(insert if insert.height else self.rows)
        self.insert, self.deletes = insert, deletes
        self.write = lambda batch_id: write_ratings(con, insert, batch_id, deletes)


@dataclass(frozen=True)
class Request:
    """What, beside the file, decides how it is read: --institution, --year, --map, and what to keep for the
    report (the columns found; the preview rows of a dry run)."""

    institution: str | None = None
    year: int | None = None
    mapping: Mapping | None = None
    columns: bool = False
    preview: bool = False


def prepare(con, path: Path, kind: str, request: Request, sha: str, grids=None) -> Prepared:
    """The file read (from `grids` when already read) and checked. Raises SourceError (HeaderError) when it
    cannot be read."""
    prepare_kind = {
        "ratings": _prepare_ratings,
        "scheme": _prepare_schemes,
        "units": _prepare_registry,
        "articles": _prepare_article,
        "reports": _prepare_reports,
    }[kind]
    return prepare_kind(con, path, request, sha, grids)


def _prepare_ratings(con, path: Path, request: Request, sha: str, grids=None) -> Prepared:
    got = prepare_ratings_many(con, [(path, grids, None)], request)[0]
    if isinstance(got, BaseException):
        raise got
    return got


def prepare_ratings_many(
    con, files: list[tuple[Path, object, object]], request: Request
) -> list[Prepared | Exception]:
    """Ratings files (path, grids already read or None, what telling its kind found or None) read one by one
    and validated together (etl.validate.validate_many): per file its Prepared, or the exception that stopped it
    (SourceError, HeaderError, any other error of that file alone)."""
    institution, year = request.institution, request.year
    out: list[Prepared | Exception | None] = [None] * len(files)
    reads = {}
    for i, (path, grids, scanned) in enumerate(files):
        try:
            read = read_ratings_detailed(path, request.mapping, grids, scanned)
            for table in read.tables:
                _institution_from_registry(con, table, institution)
            reads[i] = read
        except Exception as exc:  # noqa: BLE001 - the caller reports it as that file's failure
            out[i] = exc
    tables = [t for i in reads for t in reads[i].tables]
    try:
        checked = iter(validate_many(tables, institution=institution, year=year))
        validated = {i: [next(checked) for _t in reads[i].tables] for i in reads}
    except Exception:  # noqa: BLE001 - which file broke the validator: each alone
        validated = {}
        for i in reads:
            try:
                validated[i] = validate_many(reads[i].tables, institution=institution, year=year)
            except Exception as exc:  # noqa: BLE001
                out[i] = exc
    del tables
    for i in list(reads):
        read = reads.pop(i)  # the text tables go as soon as their file is prepared
        if i not in validated:
            continue
        try:
            out[i] = _prepared_ratings(con, files[i][0], request, read, validated.pop(i))
        except Exception as exc:  # noqa: BLE001
            out[i] = exc
    return out


def _prepared_ratings(con, path: Path, request: Request, read, validated) -> Prepared:
    frames, rejects, rows_read = [], [], 0
    for checked in validated:
        frames.append(checked.rows)
        rejects.extend(checked.rejects)
        rows_read += checked.rows_read
    unit_header = read.tables[0].headers.get("unit")
    preview = _preview(frames) if request.preview else []
    rows, duplicates = reject_cross_sheet_duplicates(pl.concat(frames), path.name, unit_header)
    rejects.extend(duplicates)
    rejects.extend(
        read.grid_rejects
    )  # rows emptied at read time (a cell over the bound, an undecodable line)
    rows_read += len(read.grid_rejects)
    protected, unitless = set(), []
    # (sheet, row) → the unit cell, to tell which units rejects protect (read only when a row was rejected)
    units_of: dict[tuple, str | None] = {}
    if any(r.reason != "aggregate_row" for r in rejects):
        for table in read.tables:
            if "unit" in table.frame.columns:
                units_of.update(
                    ((table.sheet, n), u) for n, u in table.frame.select("source_row", "unit").iter_rows()
                )
    for r in rejects:
        if r.reason == "aggregate_row":
            continue
        unit = units_of.get((r.sheet, r.row_number))
        if unit and clean_text(unit):
            protected.add(name_key(unit))
        elif r.row_number is not None:
            unitless.append(r.row_number)
    return Prepared(
        rows_read,
        rows.height,
        rejects,
        lambda batch_id: write_ratings(con, rows, batch_id),
        [f"跳过工作表 / skipped sheet {s}" for s in read.skipped_sheets],
        [],  # institution_years: from what etl.replace keeps (Prepared.apply)
        rows=rows,
        unit_header=unit_header,
        protected=protected,
        unitless=unitless,
        columns=list_columns(path, request.mapping, grids=read.grids) if request.columns else [],
        preview=preview,
    )


def _preview(frames: list[pl.DataFrame]) -> list[dict]:
    """The first rows a dry run would load, as the validator passes them (before cross-sheet checks)."""
    rows: list[dict] = []
    for frame in frames:
        keep = [c for c in PREVIEW_COLUMNS if c in frame.columns]
        rows += frame.select(keep).head(PREVIEW_ROWS - len(rows)).to_dicts()
        if len(rows) >= PREVIEW_ROWS:
            break
    return rows


def columns_of(path: Path, mapping: Mapping | None, grids=None) -> list[dict]:
    """The columns of a table file ([] when it cannot be read)."""
    try:
        return list_columns(path, mapping, grids=grids)
    except SourceError:
        return []


def _institution_from_registry(con, table, institution: str | None) -> None:
    """A title naming a unit the warehouse knows (a college, a 党总支) and nothing else naming the institution:
    that unit's institution is the file's, and the unit the parent of the file's units (etl.validate)."""
    if (
        institution
        or table.file_institution
        or not table.title_institution
        or "institution" in table.frame.columns
    ):
        return
    found = con.execute(
        """select distinct i.name from raw_unit_names as n join raw_units as u using (unit_id)
           join raw_institutions as i using (institution_id) where n.name_key = ?""",
        [name_key(table.title_institution)],
    ).fetchall()
    known = con.execute(
        "select count(*) from raw_institutions where name = ? or short_name = ?",
        [table.title_institution, table.title_institution],
    ).fetchall()[0][0]
    if len(found) == 1 and not known:
        table.file_institution = found[0][0]


def _prepare_schemes(con, path: Path, request: Request, sha: str, grids=None) -> Prepared:
    schemes, rejects = read_schemes(path)
    return Prepared(
        len(schemes) + len(rejects),
        len(schemes),
        rejects,
        lambda batch_id: write_schemes(con, schemes, batch_id),
    )


def _prepare_registry(con, path: Path, request: Request, sha: str, grids=None) -> Prepared:
    registry = validate_registry(read_registry(path, grids), institution=request.institution)
    return Prepared(
        registry.rows_read,
        registry.rows.height,
        registry.rejects,
        lambda batch_id: write_registry(con, registry.rows, batch_id),
    )


def _prepare_article(con, path: Path, request: Request, sha: str, grids=None) -> Prepared:
    from etl.articles import extract_article_file

    facts = extract_article_file(path)
    if not any(facts.get(k) for k in ("institution", "appraisal_year", "meeting_date")):
        raise SourceError(Reject(path.name, None, None, None, None, "no_meeting_facts"))
    return Prepared(1, 1, [], lambda batch_id: write_meeting(con, facts, str(path), sha, batch_id))


def _prepare_reports(con, path: Path, request: Request, sha: str, grids=None) -> Prepared:
    from etl.sources.reports import read_report_document, read_report_metadata

    if path.suffix.lower() in CSV_SUFFIXES + SPREADSHEET_SUFFIXES and path.suffix.lower() != ".txt":
        frame, rejects = read_report_metadata(path, grids)
        rows = frame.to_dicts()
        rows_read = len(rows) + len(rejects)
    else:
        doc = read_report_document(path)
        rejects, rows_read = [], 1
        rows = [
            {
                "institution": doc.get("institution"),
                "year": doc.get("year"),
                "unit_name": doc.get("unit_name"),
                "secretary": doc.get("secretary"),
                "title": doc.get("title"),
                "text_chars": doc.get("text_chars"),
                "n_problems": doc.get("n_problems"),
                "n_measures": doc.get("n_measures"),
                "keywords": doc.get("keywords"),
            }
        ]
    good, rejects = validate_reports(path.name, rows, rejects, request.institution, request.year)
    return Prepared(
        rows_read,
        len(good),
        rejects,
        lambda batch_id: write_reports(con, good, str(path), sha, batch_id),
    )


def institution_years(rows: pl.DataFrame) -> list[list]:
    """The distinct [institution, year] pairs of `rows`, sorted (read as two lists: a file holds few pairs, and
    one polars query per file cost more than the pairs do; Python orders text by code point as polars does by
    UTF-8 bytes)."""
    if rows.is_empty():
        return []
    pairs = set(zip(rows["institution"].to_list(), rows["year"].to_list(), strict=True))
    if any(i is None or y is None for i, y in pairs):  # polars puts nulls first
        return [
            list(r)
            for r in rows.select("institution", "year").unique().sort("institution", "year").iter_rows()
        ]
    return [list(p) for p in sorted(pairs)]
