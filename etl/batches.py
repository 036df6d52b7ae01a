"""The batch history of a load (raw_etl_batches, raw_etl_rejects), inside the caller's transaction or in one
of its own: a loaded batch's record, a failed file's record with its reasons, and every rejected row."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.messages import Reject
from etl.write import insert_frame
from warehouse.schema import mark_touched


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
    preview: list[dict] = field(default_factory=list)  # a dry run's ratings: the first rows that would load


def load_error(path: Path, exc: Exception) -> Reject:
    return Reject(path.name, None, None, None, None, "load_error", f"{type(exc).__name__}: {str(exc)[:200]}")


def failed_rows(con, source, kind, sha, prepared, loaded_by, recorded, options) -> FileResult:
    """A file that was read but of which no row loaded: a failed batch with every rejected row recorded."""
    batch_id = new_batch_id(sha or "0" * 8)
    mark_touched(con, [])
    note = (
        f"没有一行载入,被拒 {len(prepared.rejects)} 行 / no row loaded, {len(prepared.rejects)} rows rejected"
    )
    con.execute("begin transaction")
    record_batch(
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
    record_rejects(con, batch_id, prepared.rejects)
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


def failed(con, source, kind, sha, reject: Reject, loaded_by, recorded: str | None = None) -> FileResult:
    batch_id = new_batch_id(sha or "0" * 8)
    mark_touched(con, [])  # only the batch history changes
    con.execute("begin transaction")
    record_batch(
        con, batch_id, kind, recorded or source, sha, "failed", 0, 0, 1, loaded_by, [], reject.message_en
    )
    record_rejects(con, batch_id, [reject])
    con.execute("commit")
    # the file's one reject is its one row in etl_rejects: the summary counts it
    return FileResult(source, kind, "failed", rows_rejected=1, batch_id=batch_id, rejects=[reject])


def new_batch_id(sha: str) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"b{stamp}-{sha[:8]}"


# ---------------------------------------------------------------- batch history (inside the caller's transaction)


def record_batch(
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


def record_batches(con, records: list[list]) -> None:
    """Many loaded batches' records (each the arguments of `record_batch` after `con`) in one insert."""
    if not records:
        return
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    frame = pl.DataFrame(
        [
            {
                "batch_id": batch_id,
                "kind": kind,
                "source": source,
                "sha256": sha,
                "loaded_at": now,
                "loaded_by": loaded_by,
                "status": status,
                "rows_read": read,
                "rows_loaded": loaded,
                "rows_rejected": rejected,
                "institution_years": json.dumps(inst_years, ensure_ascii=False),
                "options": options,
                "note": note,
            }
            for (
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
                options,
            ) in records
        ],
        schema={
            "batch_id": pl.String,
            "kind": pl.String,
            "source": pl.String,
            "sha256": pl.String,
            "loaded_at": pl.Datetime("us"),
            "loaded_by": pl.String,
            "status": pl.String,
            "rows_read": pl.Int64,
            "rows_loaded": pl.Int64,
            "rows_rejected": pl.Int64,
            "institution_years": pl.String,
            "options": pl.String,
            "note": pl.String,
        },
    )
    insert_frame(con, "raw_etl_batches", frame)


def record_rejects(con, batch_id: str, rejects: list[Reject]) -> None:
    record_rejects_of(con, [(batch_id, r) for r in rejects])


def record_rejects_of(con, rejects: list[tuple[str, Reject]]) -> None:
    """Rejected rows of one or many batches ((batch_id, Reject) pairs) in one insert."""
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
            for batch_id, r in rejects
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
