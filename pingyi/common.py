"""What every command shares: the consoles, the common options, the settings and the warehouse built from them,
and faults as words (never a traceback)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from warehouse.settings import Settings
from warehouse.store import Store

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True, highlight=False)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse pointer path (default: $PINGYI_DB, else data/pingyi.duckdb)."),
]
ClientOption = Annotated[
    str,
    typer.Option(
        "--client",
        help="Recorded in the audit log as where the request came from (the upload page passes the "
        "browser's address).",
    ),
]
LoadedByOption = Annotated[
    str | None,
    typer.Option(
        "--loaded-by",
        help="Recorded as who did it (loaded_by, the audit log's user) when --user is not given (default: "
        "$PINGYI_USER, else the OS account). The upload page passes the logged-in user.",
    ),
]
UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        help="Act as this user of the users file: only admins load or roll back, and a scoped admin only "
        "the institutions granted (the upload page passes the logged-in user).",
    ),
]


_RICH_CHANGES = re.compile(r"[\[\t\x07\x08\x0b\x0c\r]|:\S*:")  # markup, tabs, control codes, :emoji: codes


def print_text(console: Console, text: str) -> None:
    """`console.print(text)`, written as it is when that is what rich would print (not a terminal; no markup, tab,
    control code or :emoji: code in it): a long summary is not parsed and laid out by rich line by line."""
    if console.is_terminal or _RICH_CHANGES.search(text):
        console.print(text)
        return
    console.file.write(text + "\n")
    console.file.flush()


def store(db: Path | None, settings: Settings | None = None) -> Store:
    """The warehouse with the retention policy and lock wait of the settings (read here, at the entry point)."""
    s = settings or load_settings()
    return Store.at(
        s.db_path(db),
        keep=s.versions_keep,
        keep_days=s.versions_keep_days or None,
        lock_timeout=s.lock_timeout_s,
    )


def load_settings() -> Settings:
    """The settings of this run ($PINGYI_*), read once; a malformed value is a message and exit 1."""
    import logging

    from pydantic import ValidationError

    audit_log = logging.getLogger(
        "pingyi.audit"
    )  # the audit file has it; not a JSON line on the user's terminal
    if not audit_log.handlers:
        audit_log.addHandler(logging.NullHandler())
    try:
        return Settings()
    except ValidationError as err:
        from etl.faults import explain

        console.print(explain(err, Path(".")), style="red", markup=False, highlight=False)
        raise typer.Exit(1) from None


def fault(err: BaseException, store: Store, *, as_json: bool = False) -> typer.Exit:
    """Say what went wrong in words (stderr; Chinese / English), no traceback; the caller raises the Exit(1)."""
    from etl.faults import explain

    message = explain(err, store.versions_dir)
    console.print(message, style="red", markup=False, highlight=False)
    return typer.Exit(1)
