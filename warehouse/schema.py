"""Applies the warehouse's .sql files, in file-name order, to a read-write DuckDB connection."""

from __future__ import annotations

import hashlib
from functools import cache
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


@cache
def schema_hash() -> str:
    """Fingerprint of the schema files: a warehouse made with other files needs its views re-created."""
    digest = hashlib.sha256()
    for name, text in sql_files():
        digest.update(name.encode() + b"\0" + text.encode("utf-8"))
    return digest.hexdigest()[:16]


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, add columns that newer schema files define, (re)create every view.

    Idempotent, so it also upgrades a warehouse written by an older Pingyi.
    """
    for name, text in sql_files():
        con.execute(text)
        if name.startswith("00_"):
            _add_missing_columns(con, text)
    con.execute(
        "insert or replace into raw_meta (key, value) values ('schema_hash', ?)", [schema_hash()]
    )


def _add_missing_columns(con: duckdb.DuckDBPyConnection, ddl: str) -> None:
    """Tables keep their data across upgrades; columns a newer DDL adds are added (null in old rows)."""
    scratch = duckdb.connect(":memory:")
    try:
        scratch.execute(ddl)
        for (table,) in scratch.execute("select table_name from duckdb_tables()").fetchall():
            want = scratch.execute(f'describe "{table}"').fetchall()  # names from the DDL, not from data
            have = {row[0] for row in con.execute(f'describe "{table}"').fetchall()}
            for column, column_type, *_ in want:
                if column not in have:
                    con.execute(f'alter table "{table}" add column "{column}" {column_type}')
    finally:
        scratch.close()


def stored_schema_hash(con: duckdb.DuckDBPyConnection) -> str | None:
    """The schema hash a warehouse file was written with (None for files older than the hash)."""
    try:
        rows = con.execute("select value from raw_meta where key = 'schema_hash'").fetchall()
    except duckdb.CatalogException:
        return None
    return rows[0][0] if rows else None
