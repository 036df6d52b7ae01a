"""The audit log: who did what, when, from where, with what outcome — beside the warehouse, outside its versions.

One JSON object per line in ``audit.jsonl`` in the folder of the warehouse pointer (the same folder as the
version files, so a backup of the folder carries it). The file is append-only: entries are never rewritten, a
rollback of the facts does not roll back the log. Every entry is also emitted as one line on the
``pingyi.audit`` logger, so a server's structured logs carry the same events.

Events used by the product (``event``): login, login_failed, logout, lockout, export, upload, load, load_failed,
dry_run, rollback, rollback_refused, load_refused. ``outcome`` is ok · refused · failed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger("pingyi.audit")

AUDIT_FILE = "audit.jsonl"
MAX_FIELD = (
    2000  # a logged value longer than this is cut (the log must not become a carrier for big payloads)
)


def audit_path(db_pointer: Path) -> Path:
    """Where the audit log of the warehouse behind ``db_pointer`` lives."""
    return Path(db_pointer).absolute().parent / AUDIT_FILE


def _clean(value):
    if isinstance(value, str):
        value = "".join(ch if ch.isprintable() or ch == " " else "\ufffd" for ch in value)
        return value[:MAX_FIELD]
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value][:200]
    if isinstance(value, dict):
        return {str(k)[:100]: _clean(v) for k, v in list(value.items())[:100]}
    if isinstance(value, int | float | bool) or value is None:
        return value
    return _clean(str(value))


def record(
    db_pointer: Path | None,
    event: str,
    *,
    user: str | None = None,
    role: str | None = None,
    client: str | None = None,
    outcome: str = "ok",
    **details,
) -> dict:
    """Append one event; returns the entry. Never raises for an I/O problem (it is logged as an error instead):
    an unwritable audit file must not turn a user's action into a traceback."""
    entry = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "event": event,
        "user": user or "",
        "role": role or "",
        "client": client or "",
        "outcome": outcome,
        **{k: _clean(v) for k, v in details.items()},
    }
    entry = {k: _clean(v) for k, v in entry.items()}
    line = json.dumps(entry, ensure_ascii=False, default=str)
    level = logging.INFO if outcome == "ok" else logging.WARNING
    log.log(level, line)
    if db_pointer is None:
        return entry
    path = audit_path(db_pointer)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, (line + "\n").encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as err:
        log.error("audit log not written (%s): %s", path, err)
    return entry


def read(db_pointer: Path, *, limit: int = 500, events: Iterable[str] | None = None) -> list[dict]:
    """The latest ``limit`` entries, newest first (optionally only some events). Unparseable lines are skipped."""
    path = audit_path(db_pointer)
    if not path.exists():
        return []
    wanted = set(events) if events else None
    out: list[dict] = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            try:
                entry = json.loads(raw)
            except json.JSONDecodeError:
                continue
            if wanted is None or entry.get("event") in wanted:
                out.append(entry)
    return out[::-1][:limit]
