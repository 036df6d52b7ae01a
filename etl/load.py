"""The one writer: loads each file as a batch, whole or not at all, into a new warehouse version.

Every file becomes one row of etl_batches (status loaded · unchanged · failed) and its rejected rows go to
etl_rejects. Valid rows of a file load in one transaction; a file that cannot be read loads nothing and
is recorded as failed, and so is a file of which no row loaded. Re-loading a file whose content was already
loaded changes nothing. What ratings and rosters do to rows earlier batches loaded is etl.replace's rule
(docs/operations.md "What a load does to existing rows"): files add up, a re-send replaces only with --replace.

Each file is read once: a folder is walked once (etl.sources.kinds.expand_paths), a file's kind is told from its
first rows (etl.sources.kinds.detect), the reader of its kind reads it (etl.prepare), and what a dry run reports
(columns, preview rows) comes from that read. The ratings files of one ingest are written together, one
transaction for all files of disjoint institutions (etl.write_many); each is still its own batch with its own
record and rejects, and when the database refuses any of them, each file of that write is loaded on its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl import batches
from etl.batches import FileResult, failed, failed_rows, load_error, new_batch_id, record_batch
from etl.messages import Reject, SourceError
from etl.prepare import Prepared, Request, columns_of, prepare, prepare_ratings_many
from etl.replace import FileRows, plan
from etl.scope import (
    LoadRefused,
    audit_ingest,
    check_write_scope,
    name_problem,
    outside_scope,
    record_batch_institutions,
    refuse_role,
    scope_refusal,
)
from etl.sources.kinds import (
    DOCUMENT_SUFFIXES,
    KINDS,
    LOADABLE_SUFFIXES,
    PAGE_SUFFIXES,
    Detected,
    Expanded,
    detect_all,
    expand_paths,
    kind_of,
)
from etl.sources.ratings import HeaderError, Mapping
from etl.write_many import Part, institution_ids, write_ratings_together
from warehouse import audit
from warehouse.access import WriteScope
from warehouse.store import Store

VALIDATE_BYTES = 4 * 2**20  # ratings files validated together: up to about this much input at a time
WAVE_FILES = 1000  # ratings files written in one transaction at most (a commit may checkpoint)

__all__ = [
    "DOCUMENT_SUFFIXES",
    "KINDS",
    "LOADABLE_SUFFIXES",
    "PAGE_SUFFIXES",
    "Expanded",
    "FileResult",
    "expand_paths",
    "ingest",
    "kind_of",
]


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
    detected = (
        {p: Detected(kind) for p in named}
        if kind != "auto"
        else {
            **detect_all([p for p in named if not named[p]], mapping),
            **{p: Detected(kind) for p in named if named[p]},
        }
    )
    detected = {p: detected[p] for p in named}
    kinds = {p: d.kind for p, d in detected.items()}
    # the whole reads that telling a kind needed (an .xls, an odd package): handed to the reader, not repeated
    grids = {p: d.grids for p, d in detected.items() if d.grids is not None}
    # what telling a kind found on the way (an .xlsx's scan, a plain CSV's text): handed to the reader
    scans = {p: d.scanned for p, d in detected.items() if d.scanned is not None}
    del detected
    files = sorted(kinds, key=lambda p: order.get(kinds[p] or "", 3))
    done: dict[Path, FileResult] = {}
    ctx = _Context(
        institution,
        year,
        loaded_by,
        dry_run,
        labels or {},
        replace,
        mapping,
        max_removed_share,
        scope,
        with_columns or dry_run,
        grids,
        scans=scans,
    )

    def finish(path: Path, result: FileResult) -> None:
        if result.status == "failed" and not result.columns and kinds[path] == "ratings":
            result.columns = ctx.columns.pop(path, None) or columns_of(path, mapping)  # not read: unreadable
        elif ctx.with_columns and kinds[path] == "ratings":
            result.columns = ctx.columns.pop(path, result.columns)
        ctx.columns.pop(path, None)
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
                grids.pop(path, None)
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
    with_columns: bool = False  # keep every table file's columns (--json, a dry run)
    grids: dict = field(default_factory=dict)  # path → grids a whole read made while telling its kind
    scans: dict = field(default_factory=dict)  # path → what telling its kind found (grid.Scanned, PlainCsv)
    columns: dict = field(default_factory=dict)  # path → columns found by the one read (for the report)

    def options(self) -> str:
        """What, beside the bytes, decides what a file loads (the same bytes read otherwise are another load)."""
        opts: dict = {"institution": self.institution, "year": self.year}
        if self.mapping:
            opts["map"] = dict(sorted(self.mapping.items()))
        return json.dumps(opts, ensure_ascii=False)

    def request(self) -> Request:
        # the columns only when the report lists them (a file that fails later has them read then: rare)
        return Request(
            self.institution, self.year, self.mapping, columns=self.with_columns, preview=self.dry_run
        )


def _ingest_one(con: duckdb.DuckDBPyConnection, path: Path, kind: str | None, ctx: _Context) -> FileResult:
    started = _start(con, path, kind, ctx)
    if isinstance(started, FileResult):
        return started
    sha, prepared = started
    return _write(con, path, kind, sha, prepared, ctx)


def _start(con, path: Path, kind: str | None, ctx: _Context) -> FileResult | tuple[str, Prepared]:
    """The file read and checked (sha256, prepared rows), or its final result when it stops here."""
    sha = _check_file(con, path, kind, ctx)
    if isinstance(sha, FileResult):
        return sha
    try:
        got = prepare(con, path, kind, ctx.request(), sha, ctx.grids.pop(path, None))
    except Exception as exc:  # noqa: BLE001 - one bad file must not sink the other files of the run
        got = exc
    return _outcome(con, path, kind, sha, got, ctx)


def _check_file(
    con,
    path: Path,
    kind: str | None,
    ctx: _Context,
    loaded: dict[str, str] | None = None,
    sha: str | None = None,
) -> FileResult | str:
    """The file's sha256, or its final result when it stops before it is read (missing, a kind Pingyi does not
    load, content already loaded with the same options). `loaded` (sha256 → batch id, `_loaded_batches`) and
    `sha`: asked for many files at once already."""
    source = str(path)
    recorded = ctx.labels.get(path.name) or source  # what etl_batches.source says
    if not path.is_file():
        reject = Reject(path.name, None, None, None, None, "unreadable_file", "not found / 文件不存在")
        return failed(con, source, kind or "unknown", None, reject, ctx.loaded_by, recorded)
    sha = sha or hashlib.sha256(path.read_bytes()).hexdigest()
    if kind not in KINDS[1:]:
        reject = Reject(path.name, None, None, None, path.suffix, "unsupported_file")
        return failed(con, source, kind or "unknown", sha, reject, ctx.loaded_by, recorded)
    if loaded is None:
        loaded = _loaded_batches(con, [sha], kind, ctx.options())
    previous = [(loaded[sha],)] if sha in loaded else []
    if previous:
        return FileResult(
            source,
            kind,
            "unchanged",
            batch_id=previous[0][0],
            notes=[f"同一内容已由批次 {previous[0][0]} 载入 / identical content already loaded"],
        )
    return sha


def _loaded_batches(con, shas: list[str], kind: str, options: str) -> dict[str, str]:
    """sha256 → a batch that loaded those bytes as `kind` with the same options (the same bytes read with other
    flags are another load), for many files in one query."""
    rows = con.execute(
        """select sha256, batch_id from raw_etl_batches where sha256 in (select unnest(?::varchar[]))
           and kind = ? and status = 'loaded' and coalesce(options, ?) = ?""",
        [list(dict.fromkeys(shas)), kind, options, options],
    ).fetchall()
    out: dict[str, str] = {}
    for sha, batch_id in rows:
        out.setdefault(sha, batch_id)
    return out


def _outcome(
    con, path: Path, kind: str, sha: str, got: Prepared | Exception, ctx: _Context
) -> FileResult | tuple[str, Prepared]:
    """(sha, the prepared file), or the failed result of a file whose reading or checking raised `got`."""
    source = str(path)
    recorded = ctx.labels.get(path.name) or source
    if isinstance(got, HeaderError):
        result = failed(con, source, kind, sha, got.reject, ctx.loaded_by, recorded)
        result.columns, result.missing_fields = got.columns, got.missing
        return result
    if isinstance(got, SourceError):
        return failed(con, source, kind, sha, got.reject, ctx.loaded_by, recorded)
    if isinstance(got, Exception):
        return failed(con, source, kind, sha, load_error(path, got), ctx.loaded_by, recorded)
    if got.columns:
        ctx.columns[path] = got.columns
    return sha, got


def _write(con, path: Path, kind: str, sha: str, prepared: Prepared, ctx: _Context) -> FileResult:
    """One file's batch in one transaction: rows, batch record, rejects. No row loaded → a failed batch."""
    source = str(path)
    recorded = ctx.labels.get(path.name) or source
    options = ctx.options()
    if prepared.rows_loaded == 0 and (prepared.rejects or prepared.rows_read):
        return failed_rows(con, source, kind, sha, prepared, ctx.loaded_by, recorded, options)
    batch_id = new_batch_id(sha)
    con.execute("begin transaction")
    try:
        notes = prepared.notes + prepared.write(batch_id)
        refusal = check_write_scope(con, ctx.scope, batch_id, path.name)  # etl/scope.py: write = read scope
        if refusal is not None:
            con.execute("rollback")
            return failed(con, source, kind, sha, refusal, ctx.loaded_by, recorded)
        record_batch(
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
        batches.record_rejects_of(con, [(batch_id, r) for r in prepared.rejects])
        con.execute("commit")
    except duckdb.Error as exc:
        # the database refused a value (e.g. out of range): this file loads nothing, the others go on
        con.execute("rollback")
        return failed(con, source, kind, sha, load_error(path, exc), ctx.loaded_by, recorded)
    except BaseException:
        con.execute("rollback")
        raise
    return _loaded(path, kind, prepared, batch_id, notes, ctx)


def _loaded(path: Path, kind: str, prepared: Prepared, batch_id: str, notes: list[str], ctx) -> FileResult:
    return FileResult(
        str(path),
        kind,
        "dry-run" if ctx.dry_run else "loaded",
        prepared.rows_read,
        prepared.rows_loaded,
        len(prepared.rejects),
        batch_id,
        prepared.rejects,
        notes,
        preview=prepared.preview if ctx.dry_run else [],
    )


def _ingest_ratings(con, paths: list[Path], ctx: _Context) -> list[tuple[Path, FileResult]]:
    """Ratings and rosters of one ingest: read all, decide together what they do to earlier rows (etl.replace),
    then write them, each file its own batch (`_write_together`)."""
    out: list[tuple[Path, FileResult]] = []
    started: list[tuple[Path, str, Prepared]] = []
    for got, path in _started_ratings(con, paths, ctx):
        if not isinstance(got, FileResult) and (
            refusal := scope_refusal(con, ctx.scope, path.name, got[1].rows)
        ):
            # outside the admin's scope: refused before etl.replace looks at (and the preview shows) others' rows
            got = failed(
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
        changes_of: dict[tuple, list[dict]] = {}
        order_of = {id(c): i for i, c in enumerate(changes)}
        for c in changes:
            changes_of.setdefault((c["institution"], c["year"]), []).append(c)
        to_write: list[tuple[Path, str, Prepared, list[dict]]] = []
        for (path, sha, prep), file_plan, rows in zip(started, plans, files, strict=True):
            prep.apply(con, file_plan)
            prep.rows = None  # etl.replace has decided: what is written is prep.insert
            years = set(zip(rows.rows["institution"].to_list(), rows.rows["year"].to_list(), strict=True))
            rows.rows = rows.rows.clear()  # planned: only what this file inserts is kept (prep.insert)
            mine = sorted(
                (c for y in years for c in changes_of.get(y, [])), key=lambda c: order_of[id(c)]
            )  # in the order etl.replace gives them
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
                result.changes = mine
                out.append((path, result))
            elif prep.rows_loaded == 0 and (prep.rejects or prep.rows_read):
                result = _write(con, path, "ratings", sha, prep, ctx)  # a failed batch, rejects recorded
                result.changes = mine
                out.append((path, result))
            else:
                to_write.append((path, sha, prep, mine))
        for path, result, mine in _write_together(con, to_write, ctx):
            refused = (
                result.status == "failed" and result.rejects and result.rejects[0].reason == "out_of_scope"
            )
            result.changes = [] if refused else mine  # a refused file shows nothing of others' rows
            out.append((path, result))
    order = {p: i for i, p in enumerate(paths)}
    return sorted(out, key=lambda pr: order[pr[0]])


def _started_ratings(con, paths: list[Path], ctx: _Context):
    """(`_start`'s answer, path) for every ratings file, in order; the files are validated together, in groups
    of about VALIDATE_BYTES of input (memory stays that of one group, not of the folder)."""
    group: list[tuple[Path, str]] = []
    size = 0

    def flush():
        got = prepare_ratings_many(
            con, [(p, ctx.grids.pop(p, None), ctx.scans.pop(p, None)) for p, _sha in group], ctx.request()
        )
        for (p, sha), one in zip(group, got, strict=True):
            yield _outcome(con, p, "ratings", sha, one, ctx), p

    # every file's content hash first, then one query for those already loaded (no ratings file of this ingest
    # is written before all are checked, so the answer is the one each file would get alone)
    shas = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}
    loaded = _loaded_batches(con, list(shas.values()), "ratings", ctx.options())
    for path in paths:
        sha = _check_file(con, path, "ratings", ctx, loaded, shas.get(path))
        if isinstance(sha, FileResult):
            yield sha, path
            continue
        group.append((path, sha))
        size += path.stat().st_size
        if size >= VALIDATE_BYTES:
            yield from flush()
            group, size = [], 0
    if group:
        yield from flush()


class _WriteAlone(Exception):
    """A file of a write together was refused (scope): every file of that write is written on its own."""


def _write_together(con, files: list, ctx: _Context):
    """Write ratings files in waves: a wave is files of disjoint institutions (a file sharing an institution with
    an earlier file goes to a later wave), written in one transaction by etl.write_many. When the database or the
    write scope refuses any of its files, the wave is rolled back and each of its files written on its own."""
    names = {
        id(prep): [
            *prep.insert["institution"].unique().to_list(),
            *(n for d in prep.deletes.values() if d.height for n in d["institution"].unique().to_list()),
        ]
        for _path, _sha, prep, _mine in files
    }
    ids = institution_ids(con, [n for ns in names.values() for n in ns])
    waves: list[list] = []
    last_wave: dict[str, int] = {}  # institution id → the last wave that writes it
    for item in files:
        mine = {ids[n] for n in names[id(item[2])]}
        wave = 1 + max((last_wave[i] for i in mine if i in last_wave), default=-1)
        if wave == len(waves):
            waves.append([])
        waves[wave].append(item)
        for i in mine:
            last_wave[i] = wave
    for wave in waves:
        for start in range(0, len(wave), WAVE_FILES):  # one transaction per WAVE_FILES files: memory bounded
            yield from _write_wave(con, wave[start : start + WAVE_FILES], ctx)


def _write_wave(con, wave: list, ctx: _Context):
    options = ctx.options()
    taken: set[str] = set()
    batch_of = {}
    for path, sha, _prep, _mine in wave:
        batch_id = new_batch_id(sha)
        while batch_id in taken:  # two files of the same content in one wave
            batch_id = new_batch_id(sha)
        taken.add(batch_id)
        batch_of[path] = batch_id
    con.execute("begin transaction")
    try:
        written = write_ratings_together(
            con, [Part(batch_of[path], prep.insert, prep.deletes) for path, _s, prep, _m in wave]
        )
        for path, _sha, _prep, _mine in wave:
            if outside_scope(con, ctx.scope, written[batch_of[path]].touched, path.name) is not None:
                raise _WriteAlone
        record_batch_institutions(con, {b: written[b].touched for b in batch_of.values()})
        records, rejects, results = [], [], []
        for path, sha, prep, mine in wave:
            batch_id = batch_of[path]
            notes = prep.notes + written[batch_id].notes
            records.append(
                [
                    batch_id,
                    "ratings",
                    ctx.labels.get(path.name) or str(path),
                    sha,
                    "loaded",
                    prep.rows_read,
                    prep.rows_loaded,
                    len(prep.rejects),
                    ctx.loaded_by,
                    prep.institution_years,
                    "; ".join(notes) or None,
                    options,
                ]
            )
            rejects += [(batch_id, r) for r in prep.rejects]
            results.append((path, _loaded(path, "ratings", prep, batch_id, notes, ctx), mine))
        batches.record_batches(con, records)
        batches.record_rejects_of(con, rejects)
        con.execute("commit")
    except (duckdb.Error, _WriteAlone):
        con.execute("rollback")
        results = [
            (path, _write(con, path, "ratings", sha, prep, ctx), mine) for path, sha, prep, mine in wave
        ]
    except BaseException:
        con.execute("rollback")
        raise
    return results
