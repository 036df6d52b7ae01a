"""Applies the warehouse's .sql files, in file-name order, to a read-write DuckDB connection."""

from __future__ import annotations

from importlib import resources

import duckdb

PUBLIC_VIEWS: tuple[str, ...] = (
    "institutions",
    "units",
    "unit_names",
    "appraisal",
    "type_year",
    "institution_year",
    "meetings",
    "reports",
    "etl_batches",
    "etl_rejects",
)


def sql_files() -> list[tuple[str, str]]:
    """(file name, text) of every schema file, in the order they are applied."""
    folder = resources.files("warehouse") / "sql"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(name, (folder / name).read_text(encoding="utf-8")) for name in names]


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and (re)create every view. Idempotent, so it also upgrades old versions."""
    for _name, text in sql_files():
        con.execute(text)
