"""The one writer: loads each file as a batch, whole or not at all, into a new warehouse version.

Every file becomes one row of etl_batches (status loaded · unchanged · failed) and its rejected rows go to
etl_rejects. Valid rows of a file load in one transaction; a file that cannot be read loads nothing and
is recorded as failed. Re-loading a file whose content was already loaded changes nothing. Loading ratings
for an institution-year replaces what an earlier batch loaded for it (the earlier batch stays in history).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from etl.messages import Reject, SourceError
from etl.normalize import header_key
from etl.sources.grid import CSV_SUFFIXES, SPREADSHEET_SUFFIXES, leading_rows, read_rejects
from etl.sources.ratings import read_ratings_detailed
from etl.sources.schemes import read_schemes
from etl.sources.units import looks_like_registry, read_registry
from etl.validate import reject_cross_sheet_duplicates, validate_ratings
from etl.write import insert_frame, write_meeting, write_ratings, write_registry, write_reports, write_schemes
from warehouse.schema import mark_touched
from warehouse.store import Store

KINDS = ("auto", "ratings", "units", "scheme", "reports", "articles")
DOCUMENT_SUFFIXES = (".docx", ".pdf")
PAGE_SUFFIXES = (".html", ".htm")
LOADABLE_SUFFIXES = (*CSV_SUFFIXES, *SPREADSHEET_SUFFIXES, *DOCUMENT_SUFFIXES, *PAGE_SUFFIXES, ".toml")


@dataclass
class FileResult:
    """What happened to one file: the summary line `pingyi ingest` prints."""

    source: str
    kind: str
    status: str  # loaded · unchanged · failed · dry-run
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    batch_id: str | None = None
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked (sorted), hidden and temporary files (~$x.xlsx) skipped."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() in LOADABLE_SUFFIXES
            )
        else:
            out.append(path)
    return out


def _kind_of(path: Path) -> str | None:
    """What a file holds, from its type and, where the type is ambiguous, its content."""
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return "scheme"
    if suffix in DOCUMENT_SUFFIXES:
        return "reports"
    if suffix in PAGE_SUFFIXES or suffix == ".txt":
        if suffix == ".txt" and _has_rating_header(path):
            return "ratings"
        return "reports" if _titled_as_report(path) else "articles"
    if suffix in CSV_SUFFIXES + SPREADSHEET_SUFFIXES:
        if looks_like_registry(path):
            return "units"
        return "reports" if _looks_like_report_metadata(path) else "ratings"
    return None


def _has_rating_header(path: Path) -> bool:
    try:
        read_ratings_detailed(path)
    except SourceError:
        return False
    return True


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
        text = head[: err.start].decode("utf-8-sig") if err.start >= len(head) - 3 else head.decode(
            "gb18030", errors="replace")
    if path.suffix.lower() in PAGE_SUFFIXES:
        match = re.search(r"<title>(.*?)</title>|<h1[^>]*>(.*?)</h1>", text, re.S | re.I)
        first = (match.group(1) or match.group(2)) if match else ""
    else:
        first = next((line for line in text.splitlines() if line.strip()), "")
    return "述职报告" in first and "评议会" not in first


def _looks_like_report_metadata(path: Path) -> bool:
    """A sheet with a report-title column beside a unit column is report metadata, not ratings."""
    for row in leading_rows(path):
        cells = {header_key(c) for c in row}
        if cells & {"标题", "报告题目", "报告标题", "title"} and cells & {"单位", "二级党组织", "unit"}:
            return True
    return False


def ingest(
    store: Store,
    paths: Iterable[Path],
    *,
    kind: str = "auto",
    institution: str | None = None,
    year: int | None = None,
    dry_run: bool = False,
    loaded_by: str = "",
    on_file: Callable[[FileResult], None] | None = None,
    labels: dict[str, str] | None = None,
) -> list[FileResult]:
    """Load files into one new warehouse version (or, with dry_run, into a copy that is thrown away).

    `labels` maps a file's name to what the batch history records as its source instead of its path (the upload
    page saves files under generated names and passes the names the browser sent)."""
    # registries and schemes first, so the ratings of the same folder land on the right units and 口径
    order = {"units": 0, "scheme": 1}
    kinds = {p: (_kind_of(p) if kind == "auto" else kind) for p in expand_paths(paths)}
    files = sorted(kinds, key=lambda p: order.get(kinds[p] or "", 2))
    results: list[FileResult] = []
    with store.write(commit=not dry_run) as writer:
        for path in files:
            label = (labels or {}).get(path.name)
            result = _ingest_one(writer.con, path, kinds[path], institution, year, loaded_by, dry_run, label)
            results.append(result)
            if on_file:
                on_file(result)
        if all(r.status == "unchanged" for r in results):
            writer.discard()
    return results


@dataclass
class _Prepared:
    """A file read and checked, ready to write: counts, rejects, and the write to run in its batch."""

    rows_read: int
    rows_loaded: int
    rejects: list[Reject]
    write: Callable[[str], list[str]]  # batch_id -> notes
    notes: list[str] = field(default_factory=list)
    institution_years: list[list] = field(default_factory=list)


def _ingest_one(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str | None,
    institution: str | None,
    year: int | None,
    loaded_by: str,
    dry_run: bool,
    label: str | None = None,
) -> FileResult:
    source = str(path)
    recorded = label or source  # what etl_batches.source says
    if not path.is_file():
        reject = Reject(path.name, None, None, None, None, "unreadable_file", "not found / 文件不存在")
        return _failed(con, source, kind or "unknown", None, reject, loaded_by, recorded)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    if kind not in KINDS[1:]:
        reject = Reject(path.name, None, None, None, path.suffix, "unsupported_file")
        return _failed(con, source, kind or "unknown", sha, reject, loaded_by, recorded)
    options = json.dumps({"institution": institution, "year": year}, ensure_ascii=False)
    previous = con.execute(
        """select batch_id from raw_etl_batches where sha256 = ? and kind = ? and status = 'loaded'
           and coalesce(options, ?) = ? limit 1""",  # the same bytes read with other flags are another load
        [sha, kind, options, options],
    ).fetchall()
    if previous:
        return FileResult(source, kind, "unchanged", batch_id=previous[0][0],
                          notes=[f"同一内容已由批次 {previous[0][0]} 载入 / identical content already loaded"])
    prepare = {
        "ratings": _prepare_ratings, "scheme": _prepare_schemes, "units": _prepare_registry,
        "articles": _prepare_article, "reports": _prepare_reports,
    }[kind]
    try:
        prepared = prepare(con, path, sha, institution, year)
    except SourceError as err:
        return _failed(con, source, kind, sha, err.reject, loaded_by, recorded)
    except Exception as exc:  # noqa: BLE001 - one bad file must not sink the other files of the run
        return _failed(con, source, kind, sha, _load_error(path, exc), loaded_by, recorded)

    batch_id = _new_batch_id(sha)
    con.execute("begin transaction")
    try:
        notes = prepared.notes + prepared.write(batch_id)
        _record_batch(con, batch_id, kind, recorded, sha, "loaded", prepared.rows_read, prepared.rows_loaded,
                      len(prepared.rejects), loaded_by, prepared.institution_years, "; ".join(notes) or None,
                      options)
        _record_rejects(con, batch_id, prepared.rejects)
        con.execute("commit")
    except duckdb.Error as exc:
        # the database refused a value (e.g. out of range): this file loads nothing, the others go on
        con.execute("rollback")
        return _failed(con, source, kind, sha, _load_error(path, exc), loaded_by, recorded)
    except BaseException:
        con.execute("rollback")
        raise
    return FileResult(source, kind, "dry-run" if dry_run else "loaded", prepared.rows_read, prepared.rows_loaded,
                      len(prepared.rejects), batch_id, prepared.rejects, notes)


def _prepare_ratings(con, path: Path, sha: str, institution: str | None, year: int | None) -> _Prepared:
    read = read_ratings_detailed(path)
    frames, rejects, rows_read = [], [], 0
    for table in read.tables:
        checked = validate_ratings(table, institution=institution, year=year)
        frames.append(checked.rows)
        rejects.extend(checked.rejects)
        rows_read += checked.rows_read
    rows, duplicates = reject_cross_sheet_duplicates(pl.concat(frames), path.name,
                                                     read.tables[0].headers.get("unit"))
    rejects.extend(duplicates)
    emptied = read_rejects(path)  # rows emptied at read time (a cell over the bound, an undecodable line)
    rejects.extend(emptied)
    rows_read += len(emptied)
    return _Prepared(rows_read, rows.height, rejects, lambda batch_id: write_ratings(con, rows, batch_id),
                     [f"跳过工作表 / skipped sheet {s}" for s in read.skipped_sheets], _institution_years(rows))


def _prepare_schemes(con, path: Path, sha: str, institution: str | None, year: int | None) -> _Prepared:
    schemes, rejects = read_schemes(path)
    return _Prepared(len(schemes) + len(rejects), len(schemes), rejects,
                     lambda batch_id: write_schemes(con, schemes, batch_id))


def _prepare_registry(con, path: Path, sha: str, institution: str | None, year: int | None) -> _Prepared:
    registry = read_registry(path, institution=institution)
    return _Prepared(registry.rows_read, registry.rows.height, registry.rejects,
                     lambda batch_id: write_registry(con, registry.rows, batch_id))


def _prepare_article(con, path: Path, sha: str, institution: str | None, year: int | None) -> _Prepared:
    from etl.articles import extract_article_file

    facts = extract_article_file(path)
    if not any(facts.get(k) for k in ("institution", "appraisal_year", "meeting_date")):
        raise SourceError(Reject(path.name, None, None, None, None, "no_meeting_facts"))
    return _Prepared(1, 1, [], lambda batch_id: write_meeting(con, facts, str(path), sha, batch_id))


def _prepare_reports(con, path: Path, sha: str, institution: str | None, year: int | None) -> _Prepared:
    from etl.sources.reports import read_report_document, read_report_metadata

    if path.suffix.lower() in CSV_SUFFIXES + SPREADSHEET_SUFFIXES and path.suffix.lower() != ".txt":
        frame, rejects = read_report_metadata(path)
        rows = frame.to_dicts()
        rows_read = len(rows) + len(rejects)
    else:
        doc = read_report_document(path)
        rejects, rows_read = [], 1
        rows = [{
            "institution": doc.get("institution"), "year": doc.get("year"), "unit_name": doc.get("unit_name"),
            "secretary": doc.get("secretary"), "title": doc.get("title"), "text_chars": doc.get("text_chars"),
            "n_problems": doc.get("n_problems"), "n_measures": doc.get("n_measures"), "keywords": doc.get("keywords"),
        }]
    good = []
    for row in rows:
        row["institution"] = row.get("institution") or institution
        row["year"] = row.get("year") or year
        missing = "missing_institution" if not row["institution"] else "missing_year" if not row["year"] else None
        missing = missing or ("missing_unit" if not row.get("unit_name") else None)
        if missing:
            rejects.append(Reject(path.name, None, row.get("source_row"), None, None, missing))
        else:
            good.append(row)
    return _Prepared(rows_read, len(good), rejects, lambda batch_id: write_reports(con, good, str(path), sha, batch_id))


def _load_error(path: Path, exc: Exception) -> Reject:
    return Reject(path.name, None, None, None, None, "load_error", f"{type(exc).__name__}: {str(exc)[:200]}")


def _failed(con, source, kind, sha, reject: Reject, loaded_by, recorded: str | None = None) -> FileResult:
    batch_id = _new_batch_id(sha or "0" * 8)
    mark_touched(con, [])  # only the batch history changes
    con.execute("begin transaction")
    _record_batch(con, batch_id, kind, recorded or source, sha, "failed", 0, 0, 0, loaded_by, [], reject.message_en)
    _record_rejects(con, batch_id, [reject])
    con.execute("commit")
    return FileResult(source, kind, "failed", batch_id=batch_id, rejects=[reject])


def _new_batch_id(sha: str) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"b{stamp}-{sha[:8]}"


def _institution_years(rows: pl.DataFrame) -> list[list]:
    if rows.is_empty():
        return []
    return [list(r) for r in rows.select("institution", "year").unique().sort("institution", "year").iter_rows()]


# ---------------------------------------------------------------- batch history (inside the caller's transaction)


def _record_batch(con, batch_id, kind, source, sha, status, read, loaded, rejected, loaded_by, inst_years, note,
                  options=None):
    con.execute(
        """
        insert into raw_etl_batches (batch_id, kind, source, sha256, loaded_at, loaded_by, status, rows_read,
            rows_loaded, rows_rejected, institution_years, options, note)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [batch_id, kind, source, sha, dt.datetime.now(dt.UTC).replace(tzinfo=None), loaded_by, status, read,
         loaded, rejected, json.dumps(inst_years, ensure_ascii=False), options, note],
    )


def _record_rejects(con, batch_id: str, rejects: list[Reject]) -> None:
    if not rejects:
        return
    frame = pl.DataFrame(
        [
            {"batch_id": batch_id, "file": r.file, "sheet": r.sheet, "row_number": r.row_number,
             "column": r.column, "value": r.value, "reason": r.reason,
             "message_zh": r.message_zh, "message_en": r.message_en}
            for r in rejects
        ],
        schema={"batch_id": pl.String, "file": pl.String, "sheet": pl.String, "row_number": pl.Int32,
                "column": pl.String, "value": pl.String, "reason": pl.String, "message_zh": pl.String,
                "message_en": pl.String},
    )
    insert_frame(con, "raw_etl_rejects", frame)


