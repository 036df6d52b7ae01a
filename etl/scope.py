"""Write scope and history in the loader itself: who may load what, what each batch wrote, and the audit record.

Three hooks for etl.load, so the rules hold for every caller (the command line, the upload page's child process,
a script):

- `refuse_role(scope)` before anything is opened: only admins load.
- `check_write_scope(con, scope, batch_id, file)` inside a file's transaction, after its rows are written and
  before the commit: the institutions the batch wrote (every raw table with a batch_id, found by introspection,
  so a new table is covered) must lie in the admin's grant, else the transaction is rolled back and the file is
  refused; an allowed batch's institutions are recorded in raw_batch_institutions (batch history and rollback
  are filtered through it).
- `audit_ingest(...)` after the run: one audit event (load · dry_run · load_failed), plus load_refused.

A file whose name or label holds a control character is refused before it is read (`name_problem`).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import duckdb

from etl.messages import Reject
from warehouse import audit
from warehouse.access import ALL_INSTITUTIONS, WriteScope

_SKIP = {"raw_batch_institutions", "raw_etl_batches", "raw_etl_rejects"}


class LoadRefused(PermissionError):
    """The user may not load at all (not an admin); the message is Chinese / English."""


def refuse_role(scope: WriteScope | None) -> None:
    if scope is not None and (why := scope.role_refusal()) is not None:
        raise LoadRefused(why)


def touched_institutions(con: duckdb.DuckDBPyConnection, batch_id: str) -> set[str]:
    """The institution ids whose rows the batch wrote, from every raw table with a batch_id column (joined
    through raw_units where a table names units but not institutions). A row without an institution counts as
    '*' (every institution: a default scheme, or a meeting whose institution is not named)."""
    columns: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from duckdb_columns() where table_name like 'raw\\_%' escape '\\' "
        "and database_name = current_database() and schema_name = 'main'"
    ).fetchall():
        columns.setdefault(table, set()).add(column)
    parts: list[str] = []
    for table, cols in sorted(columns.items()):
        if table in _SKIP or "batch_id" not in cols:
            continue
        if "institution_id" in cols:
            parts.append(
                f"select coalesce(institution_id, '{ALL_INSTITUTIONS}') from \"{table}\" where batch_id = $1"
            )
        elif "unit_id" in cols:
            parts.append(
                f"select coalesce(u.institution_id, '{ALL_INSTITUTIONS}') from \"{table}\" as t "
                "left join raw_units as u using (unit_id) where t.batch_id = $1"
            )
    if not parts:
        return set()
    return {r[0] for r in con.execute(" union ".join(parts), [batch_id]).fetchall()}


def check_write_scope(
    con: duckdb.DuckDBPyConnection, scope: WriteScope | None, batch_id: str, file: str
) -> Reject | None:
    """After a file's rows are written, before its commit: a Reject when the batch wrote an institution outside
    the scope (the caller rolls the file's transaction back), else None after recording what it wrote."""
    touched = touched_institutions(con, batch_id)
    refusal = outside_scope(con, scope, touched, file)
    if refusal is None:
        record_batch_institutions(con, {batch_id: touched})
    return refusal


def outside_scope(
    con: duckdb.DuckDBPyConnection, scope: WriteScope | None, touched: set[str], file: str
) -> Reject | None:
    """A Reject when the institutions a batch wrote (`touched`: from touched_institutions, or from the writer
    that wrote them) are not all in the scope, else None."""
    if scope is not None:
        outside = scope.outside(con, touched)
        if outside:
            names = dict(con.execute("select institution_id, name from raw_institutions").fetchall())
            shown = "、".join(
                "全部院校 / every institution" if i == ALL_INSTITUTIONS else names.get(i, i) for i in outside
            )
            return Reject(file, None, None, None, shown, "out_of_scope", f"user {scope.user or '-'}")
    return None


def record_batch_institutions(con: duckdb.DuckDBPyConnection, touched: dict[str, set[str]]) -> None:
    """raw_batch_institutions: the institutions each allowed batch wrote (batch history and rollback)."""
    pairs = [(b, i) for b, insts in touched.items() for i in sorted(insts)]
    if pairs:  # one statement, however many batches
        con.execute(
            "insert into raw_batch_institutions select unnest($1::varchar[]), unnest($2::varchar[])",
            [[b for b, _i in pairs], [i for _b, i in pairs]],
        )


def scope_refusal(con: duckdb.DuckDBPyConnection, scope: WriteScope | None, file: str, rows) -> Reject | None:
    """Before a ratings file is planned (etl.replace) or written: a Reject when the institutions its rows name
    (matched as the writer matches them: name or short name; a name not yet in the warehouse by the grant itself)
    lie outside the scope. check_write_scope still checks what is actually written."""
    if scope is None or scope.unrestricted or rows is None or "institution" not in rows.columns:
        return None
    allowed = scope.resolve(con)
    grant = {g.strip() for g in scope.grant or ()}
    outside = []
    for name in sorted(set(rows["institution"].drop_nulls().unique().to_list())):
        found = con.execute(
            "select institution_id from raw_institutions where name = ? or short_name = ? limit 1",
            [name, name],
        ).fetchall()
        if not (allowed.allows(found[0][0]) if found else name in grant):
            outside.append(name)
    if outside:
        return Reject(file, None, None, None, "、".join(outside), "out_of_scope", f"user {scope.user or '-'}")
    return None


def visible(text: str) -> str:
    """A name with its control characters shown as \\xNN / \\uNNNN (for messages: the real name cannot be shown)."""
    return "".join(ch.encode("unicode_escape").decode("ascii") if _is_control(ch) else ch for ch in text)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in "\u200d"


def name_problem(path: Path, label: str | None) -> Reject | None:
    """A file that must not be read: a control character (NUL, newline, ESC …) in its name or its label, or
    a file that cannot be opened (permission denied)."""
    for text in (path.name, label or ""):
        if any(_is_control(ch) for ch in text):
            # the value is shown with repr() by the message, which escapes control characters itself
            return Reject(visible(path.name), None, None, None, text, "control_character_in_name")
    try:
        with open(path, "rb"):
            pass
    except PermissionError as err:
        return Reject(path.name, None, None, None, None, "permission_denied", err.strerror or "")
    except (OSError, ValueError):
        return None  # a missing file is reported by the loader as it always was
    return None


def audit_ingest(
    pointer: Path,
    results: Iterable,
    *,
    scope: WriteScope | None,
    loaded_by: str,
    dry_run: bool,
    client: str = "",
    version: str | None = None,
    error: str | None = None,
) -> None:
    """One audit event for a run (dry_run · load · load_failed) and one load_refused per file refused for scope."""
    results = list(results)
    user = (scope.user if scope is not None and scope.user else loaded_by) or os.environ.get("USER", "")
    role = scope.role if scope is not None else "admin"
    files = [
        {
            "source": r.source,
            "status": r.status,
            "rows_loaded": r.rows_loaded,
            "rows_rejected": r.rows_rejected,
            "batch_id": r.batch_id,
            "reason": r.rejects[0].reason if r.status == "failed" and r.rejects else None,
        }
        for r in results
    ]
    for r in results:
        for reject in r.rejects:
            if reject.reason == "out_of_scope":
                audit.record(
                    pointer,
                    "load_refused",
                    user=user,
                    role=role,
                    client=client,
                    outcome="refused",
                    source=r.source,
                    institutions=reject.value,
                    reason=reject.message_en,
                )
    if dry_run:
        event, outcome = "dry_run", "failed" if error else "ok"
    elif error or not any(r.status in ("loaded", "unchanged") for r in results):
        event, outcome = "load_failed", "failed"
    else:
        event, outcome = "load", "ok"
    details = {"files": files, "version": version}
    if error:
        details["error"] = error
    audit.record(pointer, event, user=user, role=role, client=client, outcome=outcome, **details)
