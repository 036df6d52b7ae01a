"""The one writer: loads each file as a batch, whole or not at all, into a new warehouse version.

Every file becomes one row of etl_batches (status loaded · unchanged · failed) and its rejected rows go to
etl_rejects. Valid rows of a file load in one transaction; a file that cannot be read loads nothing and
is recorded as failed, and so is a file of which no row loaded. Re-loading a file whose content was already
loaded changes nothing. What ratings and rosters do to rows earlier batches loaded is etl.replace's rule
(docs/operations.md "What a load does to existing rows"): files add up, a re-send replaces only with --replace.
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
from etl.normalize import clean_text, header_key, name_key
from etl.replace import FileRows, plan
from etl.scope import LoadRefused, audit_ingest, check_write_scope, name_problem, refuse_role, scope_refusal
from etl.sources.grid import CSV_SUFFIXES, SPREADSHEET_SUFFIXES, leading_rows, read_rejects
from etl.sources.ratings import HeaderError, Mapping, list_columns, read_ratings_detailed
from etl.sources.schemes import read_schemes
from etl.sources.units import looks_like_registry, read_registry
from etl.validate import reject_cross_sheet_duplicates, validate_ratings
from etl.write import insert_frame, write_meeting, write_ratings, write_registry, write_reports, write_schemes
from warehouse import audit
from warehouse.access import WriteScope
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
    columns: list[dict] = field(default_factory=list)  # table files: [{header, samples, field}]
    missing_fields: list[str] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)  # etl.replace changes of the institution-years it names


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked (sorted), hidden and temporary files (~$x.xlsx) skipped."""
    out: list[Path] = []
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


def _kind_of(path: Path, mapping: Mapping | None = None) -> str | None:
    """What a file holds, from its type and, where the type is ambiguous, its content."""
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return "scheme"
    if suffix in DOCUMENT_SUFFIXES:
        return "reports"
    if suffix in PAGE_SUFFIXES or suffix == ".txt":
        if suffix == ".txt" and _has_rating_header(path, mapping):
            return "ratings"
        return "reports" if _titled_as_report(path) else "articles"
    if suffix in CSV_SUFFIXES + SPREADSHEET_SUFFIXES:
        if looks_like_registry(path):
            return "units"
        return "reports" if _looks_like_report_metadata(path) else "ratings"
    return None


def _has_rating_header(path: Path, mapping: Mapping | None = None) -> bool:
    try:
        read_ratings_detailed(path, mapping)
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
    replace: bool = False,
    mapping: Mapping | None = None,
    max_removed_share: float = 0.5,
    with_columns: bool = False,
    scope: WriteScope | None = None,
    client: str = "",
) -> list[FileResult]:
    """Load files into one new warehouse version (or, with dry_run, into a copy that is thrown away).

    `labels` maps a file's name to what the batch history records as its source instead of its path (the upload
    page saves files under generated names and passes the names the browser sent). `replace` lets the files
    replace what earlier batches loaded for the institution-years they name (etl.replace); `mapping` adds header
    names for this load (--map); `with_columns` lists every table file's columns (always on a dry run).

    `scope` is who loads (None: the operator, every institution): a user who is not an admin is refused
    (LoadRefused) before anything is read; a file that writes an institution outside an admin's grant loads
    nothing (status failed, reason out_of_scope; etl.scope). A run in which no file loaded makes no version.
    Every run is recorded in the audit log (etl.scope.audit_ingest), a run that raises too."""
    if scope is not None and scope.user:
        loaded_by = scope.user
    try:
        refuse_role(scope)
    except LoadRefused as err:
        audit.record(
            store.pointer,
            "load_refused",
            user=loaded_by,
            role=scope.role,
            client=client,
            outcome="refused",
            reason=str(err),
            dry_run=dry_run,
        )
        raise
    # registries and schemes first, so the ratings of the same folder land on the right units and 口径; ratings
    # (all files together, so that they add up) before reports, which match the units ratings create
    order = {"units": 0, "scheme": 1, "ratings": 2}
    named = {p: name_problem(p, (labels or {}).get(p.name)) for p in expand_paths(paths)}  # etl.scope
    kinds = {p: (_kind_of(p, mapping) if kind == "auto" and not named[p] else kind) for p in named}
    files = sorted(kinds, key=lambda p: order.get(kinds[p] or "", 3))
    done: dict[Path, FileResult] = {}
    ctx = _Context(
        institution, year, loaded_by, dry_run, labels or {}, replace, mapping, max_removed_share, scope
    )

    def finish(path: Path, result: FileResult) -> None:
        if (
            (with_columns or dry_run or result.status == "failed")
            and not result.columns
            and kinds[path] == "ratings"
        ):
            result.columns = _columns(path, mapping)
        done[path] = result
        if on_file:
            on_file(result)

    try:
        with store.write(commit=not dry_run) as writer:
            for path in [p for p in files if named[p]]:  # a control character in its name: not read at all
                finish(
                    path,
                    FileResult(named[path].file, kinds[path] or "unknown", "failed", rejects=[named[path]]),
                )
            files_ok = [p for p in files if not named[p]]
            ratings = [p for p in files_ok if kinds[p] == "ratings"]
            for path in files_ok:
                if kinds[path] == "ratings":
                    if path == ratings[0]:
                        for rpath, result in _ingest_ratings(writer.con, ratings, ctx):
                            finish(rpath, result)
                    continue
                finish(path, _ingest_one(writer.con, path, kinds[path], ctx))
            if not any(r.status in ("loaded", "dry-run") for r in done.values()):
                writer.discard()  # nothing loaded (unchanged, failed or refused): no new version
    except BaseException as exc:
        audit_ingest(
            store.pointer,
            done.values(),
            scope=scope,
            loaded_by=loaded_by,
            dry_run=dry_run,
            client=client,
            error=f"{type(exc).__name__}: {str(exc)[:500]}",
        )
        raise
    results = [done[p] for p in files]
    version = store.current().name if not dry_run and any(r.status == "loaded" for r in results) else None
    audit_ingest(
        store.pointer,
        results,
        scope=scope,
        loaded_by=loaded_by,
        dry_run=dry_run,
        client=client,
        version=version,
    )
    return results


@dataclass(frozen=True)
class _Context:
    institution: str | None
    year: int | None
    loaded_by: str
    dry_run: bool
    labels: dict[str, str]
    replace: bool = False
    mapping: Mapping | None = None
    max_removed_share: float = 0.5
    scope: WriteScope | None = None  # who loads (etl.scope); None: the operator, every institution

    def options(self) -> str:
        """What, beside the bytes, decides what a file loads (the same bytes read otherwise are another load)."""
        opts: dict = {"institution": self.institution, "year": self.year}
        if self.mapping:
            opts["map"] = dict(sorted(self.mapping.items()))
        return json.dumps(opts, ensure_ascii=False)


def _columns(path: Path, mapping: Mapping | None) -> list[dict]:
    try:
        return list_columns(path, mapping)
    except SourceError:
        return []


@dataclass
class _Prepared:
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
        self.institution_years = _institution_years(insert) if insert.height else self.institution_years
        self.write = lambda batch_id: write_ratings(con, insert, batch_id, deletes)


def _ingest_one(con: duckdb.DuckDBPyConnection, path: Path, kind: str | None, ctx: _Context) -> FileResult:
    started = _start(con, path, kind, ctx)
    if isinstance(started, FileResult):
        return started
    sha, prepared = started
    return _write(con, path, kind, sha, prepared, ctx)


def _start(con, path: Path, kind: str | None, ctx: _Context) -> FileResult | tuple[str, _Prepared]:
    """The file read and checked (sha256, prepared rows), or its final result when it stops here."""
    source = str(path)
    recorded = ctx.labels.get(path.name) or source  # what etl_batches.source says
    if not path.is_file():
        reject = Reject(path.name, None, None, None, None, "unreadable_file", "not found / 文件不存在")
        return _failed(con, source, kind or "unknown", None, reject, ctx.loaded_by, recorded)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    if kind not in KINDS[1:]:
        reject = Reject(path.name, None, None, None, path.suffix, "unsupported_file")
        return _failed(con, source, kind or "unknown", sha, reject, ctx.loaded_by, recorded)
    options = ctx.options()
    previous = con.execute(
        """select batch_id from raw_etl_batches where sha256 = ? and kind = ? and status = 'loaded'
           and coalesce(options, ?) = ? limit 1""",  # the same bytes read with other flags are another load
        [sha, kind, options, options],
    ).fetchall()
    if previous:
        return FileResult(
            source,
            kind,
            "unchanged",
            batch_id=previous[0][0],
            notes=[f"同一内容已由批次 {previous[0][0]} 载入 / identical content already loaded"],
        )
    prepare = {
        "ratings": _prepare_ratings,
        "scheme": _prepare_schemes,
        "units": _prepare_registry,
        "articles": _prepare_article,
        "reports": _prepare_reports,
    }[kind]
    try:
        return sha, prepare(con, path, sha, ctx.institution, ctx.year, ctx.mapping)
    except HeaderError as err:
        failed = _failed(con, source, kind, sha, err.reject, ctx.loaded_by, recorded)
        failed.columns, failed.missing_fields = err.columns, err.missing
        return failed
    except SourceError as err:
        return _failed(con, source, kind, sha, err.reject, ctx.loaded_by, recorded)
    except Exception as exc:  # noqa: BLE001 - one bad file must not sink the other files of the run
        return _failed(con, source, kind, sha, _load_error(path, exc), ctx.loaded_by, recorded)


def _write(con, path: Path, kind: str, sha: str, prepared: _Prepared, ctx: _Context) -> FileResult:
    """One file's batch in one transaction: rows, batch record, rejects. No row loaded → a failed batch."""
    source = str(path)
    recorded = ctx.labels.get(path.name) or source
    options = ctx.options()
    if prepared.rows_loaded == 0 and (prepared.rejects or prepared.rows_read):
        return _failed_rows(con, source, kind, sha, prepared, ctx.loaded_by, recorded, options)
    batch_id = _new_batch_id(sha)
    con.execute("begin transaction")
    try:
        notes = prepared.notes + prepared.write(batch_id)
        refusal = check_write_scope(
            con, ctx.scope, batch_id, path.name
        )  # etl/scope.py: write scope = read scope
        if refusal is not None:
            con.execute("rollback")
            return _failed(con, source, kind, sha, refusal, ctx.loaded_by, recorded)
        _record_batch(
            con,
            batch_id,
            kind,
            recorded,
            sha,
            "loaded",
            prepared.rows_read,
            prepared.rows_loaded,
            len(prepared.rejects),
            ctx.loaded_by,
            prepared.institution_years,
            "; ".join(notes) or None,
            options,
        )
        _record_rejects(con, batch_id, prepared.rejects)
        con.execute("commit")
    except duckdb.Error as exc:
        # the database refused a value (e.g. out of range): this file loads nothing, the others go on
        con.execute("rollback")
        return _failed(con, source, kind, sha, _load_error(path, exc), ctx.loaded_by, recorded)
    except BaseException:
        con.execute("rollback")
        raise
    return FileResult(
        source,
        kind,
        "dry-run" if ctx.dry_run else "loaded",
        prepared.rows_read,
        prepared.rows_loaded,
        len(prepared.rejects),
        batch_id,
        prepared.rejects,
        notes,
    )


def _ingest_ratings(con, paths: list[Path], ctx: _Context) -> list[tuple[Path, FileResult]]:
    """Ratings and rosters of one ingest: read all, decide together what they do to earlier rows (etl.replace),
    then write each file as its batch."""
    out: list[tuple[Path, FileResult]] = []
    started: list[tuple[Path, str, _Prepared]] = []
    for path in paths:
        got = _start(con, path, "ratings", ctx)
        if not isinstance(got, FileResult) and (
            refusal := scope_refusal(con, ctx.scope, path.name, got[1].rows)
        ):
            # outside the admin's scope: refused before etl.replace looks at (and the preview shows) others' rows
            got = _failed(
                con,
                str(path),
                "ratings",
                got[0],
                refusal,
                ctx.loaded_by,
                ctx.labels.get(path.name) or str(path),
            )
        if isinstance(got, FileResult):
            out.append((path, got))
        else:
            started.append((path, *got))
    if started:
        files = [
            FileRows(path.name, prep.rows, prep.unit_header, set(prep.protected), list(prep.unitless))
            for path, _sha, prep in started
        ]
        plans, changes = plan(con, files, replace=ctx.replace, max_removed_share=ctx.max_removed_share)
        for (path, sha, prep), file_plan, rows in zip(started, plans, files, strict=True):
            prep.apply(con, file_plan)
            years = set(rows.rows.select("institution", "year").unique().iter_rows())
            mine = [c for c in changes if (c["institution"], c["year"]) in years]
            if (
                not file_plan.insert.height
                and not any(d.height for d in file_plan.deletes.values())
                and not prep.rejects
                and file_plan.identical
            ):
                result = FileResult(
                    str(path),
                    "ratings",
                    "unchanged",
                    prep.rows_read,
                    prep.rows_loaded,
                    0,
                    notes=[
                        f"{file_plan.identical} 行与已载入的相同 / {file_plan.identical} rows equal "
                        "what is loaded already"
                    ],
                )
            else:
                result = _write(con, path, "ratings", sha, prep, ctx)
            refused = (
                result.status == "failed" and result.rejects and result.rejects[0].reason == "out_of_scope"
            )
            result.changes = [] if refused else mine  # a refused file shows nothing of others' rows
            out.append((path, result))
    order = {p: i for i, p in enumerate(paths)}
    return sorted(out, key=lambda pr: order[pr[0]])


def _prepare_ratings(
    con, path: Path, sha: str, institution: str | None, year: int | None, mapping: Mapping | None = None
) -> _Prepared:
    read = read_ratings_detailed(path, mapping)
    for table in read.tables:
        _institution_from_registry(con, table, institution)
    frames, rejects, rows_read = [], [], 0
    units_of: dict[
        tuple, str | None
    ] = {}  # (sheet, row) → the unit cell, to tell which units rejects protect
    for table in read.tables:
        checked = validate_ratings(table, institution=institution, year=year)
        frames.append(checked.rows)
        rejects.extend(checked.rejects)
        rows_read += checked.rows_read
        if "unit" in table.frame.columns:
            units_of.update(
                ((table.sheet, n), u) for n, u in table.frame.select("source_row", "unit").iter_rows()
            )
    unit_header = read.tables[0].headers.get("unit")
    rows, duplicates = reject_cross_sheet_duplicates(pl.concat(frames), path.name, unit_header)
    rejects.extend(duplicates)
    emptied = read_rejects(path)  # rows emptied at read time (a cell over the bound, an undecodable line)
    rejects.extend(emptied)
    rows_read += len(emptied)
    protected, unitless = set(), []
    for r in rejects:
        if r.reason == "aggregate_row":
            continue
        unit = units_of.get((r.sheet, r.row_number))
        if unit and clean_text(unit):
            protected.add(name_key(unit))
        elif r.row_number is not None:
            unitless.append(r.row_number)
    return _Prepared(
        rows_read,
        rows.height,
        rejects,
        lambda batch_id: write_ratings(con, rows, batch_id),
        [f"跳过工作表 / skipped sheet {s}" for s in read.skipped_sheets],
        _institution_years(rows),
        rows=rows,
        unit_header=unit_header,
        protected=protected,
        unitless=unitless,
    )


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


def _prepare_schemes(
    con, path: Path, sha: str, institution: str | None, year: int | None, mapping: Mapping | None = None
) -> _Prepared:
    schemes, rejects = read_schemes(path)
    return _Prepared(
        len(schemes) + len(rejects),
        len(schemes),
        rejects,
        lambda batch_id: write_schemes(con, schemes, batch_id),
    )


def _prepare_registry(
    con, path: Path, sha: str, institution: str | None, year: int | None, mapping: Mapping | None = None
) -> _Prepared:
    registry = read_registry(path, institution=institution)
    return _Prepared(
        registry.rows_read,
        registry.rows.height,
        registry.rejects,
        lambda batch_id: write_registry(con, registry.rows, batch_id),
    )


def _prepare_article(
    con, path: Path, sha: str, institution: str | None, year: int | None, mapping: Mapping | None = None
) -> _Prepared:
    from etl.articles import extract_article_file

    facts = extract_article_file(path)
    if not any(facts.get(k) for k in ("institution", "appraisal_year", "meeting_date")):
        raise SourceError(Reject(path.name, None, None, None, None, "no_meeting_facts"))
    return _Prepared(1, 1, [], lambda batch_id: write_meeting(con, facts, str(path), sha, batch_id))


def _prepare_reports(
    con, path: Path, sha: str, institution: str | None, year: int | None, mapping: Mapping | None = None
) -> _Prepared:
    from etl.sources.reports import read_report_document, read_report_metadata

    if path.suffix.lower() in CSV_SUFFIXES + SPREADSHEET_SUFFIXES and path.suffix.lower() != ".txt":
        frame, rejects = read_report_metadata(path)
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
    good = []
    for row in rows:
        row["institution"] = row.get("institution") or institution
        row["year"] = row.get("year") or year
        missing = (
            "missing_institution" if not row["institution"] else "missing_year" if not row["year"] else None
        )
        missing = missing or ("missing_unit" if not row.get("unit_name") else None)
        if missing:
            rejects.append(Reject(path.name, None, row.get("source_row"), None, None, missing))
        else:
            good.append(row)
    return _Prepared(
        rows_read, len(good), rejects, lambda batch_id: write_reports(con, good, str(path), sha, batch_id)
    )


def _load_error(path: Path, exc: Exception) -> Reject:
    return Reject(path.name, None, None, None, None, "load_error", f"{type(exc).__name__}: {str(exc)[:200]}")


def _failed_rows(con, source, kind, sha, prepared: _Prepared, loaded_by, recorded, options) -> FileResult:
    """A file that was read but of which no row loaded: a failed batch with every rejected row recorded."""
    batch_id = _new_batch_id(sha or "0" * 8)
    mark_touched(con, [])
    note = (
        f"没有一行载入,被拒 {len(prepared.rejects)} 行 / no row loaded, {len(prepared.rejects)} rows rejected"
    )
    con.execute("begin transaction")
    _record_batch(
        con,
        batch_id,
        kind,
        recorded or source,
        sha,
        "failed",
        prepared.rows_read,
        0,
        len(prepared.rejects),
        loaded_by,
        [],
        note,
        options,
    )
    _record_rejects(con, batch_id, prepared.rejects)
    con.execute("commit")
    return FileResult(
        source,
        kind,
        "failed",
        prepared.rows_read,
        0,
        len(prepared.rejects),
        batch_id,
        prepared.rejects,
        [*prepared.notes, note],
    )


def _failed(con, source, kind, sha, reject: Reject, loaded_by, recorded: str | None = None) -> FileResult:
    batch_id = _new_batch_id(sha or "0" * 8)
    mark_touched(con, [])  # only the batch history changes
    con.execute("begin transaction")
    _record_batch(
        con, batch_id, kind, recorded or source, sha, "failed", 0, 0, 1, loaded_by, [], reject.message_en
    )
    _record_rejects(con, batch_id, [reject])
    con.execute("commit")
    # the file's one reject is its one row in etl_rejects: the summary counts it
    return FileResult(source, kind, "failed", rows_rejected=1, batch_id=batch_id, rejects=[reject])


def _new_batch_id(sha: str) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"b{stamp}-{sha[:8]}"


def _institution_years(rows: pl.DataFrame) -> list[list]:
    if rows.is_empty():
        return []
    return [
        list(r) for r in rows.select("institution", "year").unique().sort("institution", "year").iter_rows()
    ]


# ---------------------------------------------------------------- batch history (inside the caller's transaction)


def _record_batch(
    con,
    batch_id,
    kind,
    source,
    sha,
    status,
    read,
    loaded,
    rejected,
    loaded_by,
    inst_years,
    note,
    options=None,
):
    con.execute(
        """
        insert into raw_etl_batches (batch_id, kind, source, sha256, loaded_at, loaded_by, status, rows_read,
            rows_loaded, rows_rejected, institution_years, options, note)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            batch_id,
            kind,
            source,
            sha,
            dt.datetime.now(dt.UTC).replace(tzinfo=None),
            loaded_by,
            status,
            read,
            loaded,
            rejected,
            json.dumps(inst_years, ensure_ascii=False),
            options,
            note,
        ],
    )


def _record_rejects(con, batch_id: str, rejects: list[Reject]) -> None:
    if not rejects:
        return
    frame = pl.DataFrame(
        [
            {
                "batch_id": batch_id,
                "file": r.file,
                "sheet": r.sheet,
                "row_number": r.row_number,
                "column": r.column,
                "value": r.value,
                "reason": r.reason,
                "message_zh": r.message_zh,
                "message_en": r.message_en,
            }
            for r in rejects
        ],
        schema={
            "batch_id": pl.String,
            "file": pl.String,
            "sheet": pl.String,
            "row_number": pl.Int32,
            "column": pl.String,
            "value": pl.String,
            "reason": pl.String,
            "message_zh": pl.String,
            "message_en": pl.String,
        },
    )
    insert_frame(con, "raw_etl_rejects", frame)
