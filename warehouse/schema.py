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
    "schemes",
    "scheme_groups",
    "scheme_items",
    "unit_group_votes",
    "batch_institutions",
)


# the SQL files' folders, one per layer, in the order they are applied (each file's number orders it in its layer)
LAYERS: tuple[str, ...] = ("raw", "staging", "intermediate", "marts", "public")


def sql_files() -> list[tuple[str, str]]:
    """(layer/file name, text) of every schema file, in the order they are applied: layer by layer, then by
    file name (the numeric prefixes also increase across layers)."""
    root = resources.files("warehouse") / "sql"
    out = []
    for layer in LAYERS:
        folder = root / layer
        names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
        out += [(f"{layer}/{name}", (folder / name).read_text(encoding="utf-8")) for name in names]
    return out


@cache
def schema_hash() -> str:
    """Fingerprint of the schema files: a warehouse made with other files needs its views re-created."""
    digest = hashlib.sha256()
    for name, text in sql_files():
        digest.update(name.encode() + b"\0" + text.encode("utf-8"))
    return digest.hexdigest()[:16]


def _mart_table(file_name: str) -> str | None:
    """'marts/35_mart_appraisal.sql' → 'mart_appraisal'; None for files that are not marts."""
    stem = file_name.rsplit("/", 1)[-1].removesuffix(".sql").split("_", 1)[1]
    return stem if stem.startswith("mart_") else None


def apply_schema(con: duckdb.DuckDBPyConnection, *, refresh: bool = True) -> None:
    """Create missing tables, add columns that newer schema files define, (re)create every view, and
    (re)build the marts — with refresh=False only the marts that do not exist yet.

    Idempotent, so it also upgrades a warehouse written by an older Pingyi.
    """
    existing = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    raw_ddl: list[str] = []
    for name, text in sql_files():
        if not name.startswith("raw/") and raw_ddl:  # before the first view reads a column a newer DDL adds
            _add_missing_columns(con, raw_ddl, existing)
            raw_ddl = []
        mart = _mart_table(name)
        if mart and not refresh and mart in existing:
            continue
        con.execute(text)
        if name.startswith("raw/"):
            raw_ddl.append(text)
    con.execute("insert or replace into raw_meta (key, value) values ('schema_hash', ?)", [schema_hash()])


# (mart, the view that computes it), in dependency order: the later ones read mart_appraisal
MARTS: tuple[tuple[str, str], ...] = (
    ("mart_appraisal", "calc_appraisal"),
    ("mart_type_year", "calc_type_year"),
    ("mart_institution_year", "calc_institution_year"),
    ("mart_units", "calc_units"),
    ("mart_unit_name_years", "calc_unit_name_years"),
    ("mart_reports", "calc_reports"),  # reads mart_units
)
TOUCHED = "_pingyi_touched"  # temp table: institutions whose raw rows this write changed
INCREMENTAL_LIMIT = 50  # more touched institutions than this: one full rebuild is faster


def mark_touched(con: duckdb.DuckDBPyConnection, institution_ids: list[str]) -> None:
    """Writers call this for the institutions whose raw rows they changed (an empty list: none). A write
    that marks nothing gets a full rebuild of the marts, so an unmarked change is never missed."""
    con.execute(f"create temp table if not exists {TOUCHED} (institution_id varchar)")
    if institution_ids:
        con.executemany(f"insert into {TOUCHED} values (?)", [[i] for i in institution_ids])


def refresh_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the materialised marts after a batch, before the version is swapped in: only the marked
    institutions (all their years: ranks are per institution-year) when the writers marked them, else all."""
    try:
        touched = sorted({r[0] for r in con.execute(f"select institution_id from {TOUCHED}").fetchall()})
    except duckdb.CatalogException:
        touched = None
    if touched is None or len(touched) > INCREMENTAL_LIMIT:
        for name, text in sql_files():
            if _mart_table(name):
                con.execute(text)
    else:
        for institution in touched:  # a literal key lets the filter reach the scans (a join would not)
            for mart, calc in MARTS:
                con.execute(f"delete from {mart} where institution_id = ?", [institution])
                con.execute(
                    f"insert into {mart} select * from {calc} where institution_id = ?", [institution]
                )
    con.execute(f"drop table if exists {TOUCHED}")


def _add_missing_columns(con: duckdb.DuckDBPyConnection, ddl: list[str], existing: set[str]) -> None:
    """Tables keep their data across upgrades; columns a newer DDL adds are added (null in old rows). Only
    tables that were there before this apply_schema can miss any (the DDL just created the others), so a new
    file needs no comparison; else the raw DDL runs once in one scratch database and the columns of both are
    read with one query each."""
    if not existing:
        return
    scratch = duckdb.connect(":memory:")
    try:
        for text in ddl:
            scratch.execute(text)
        columns = "select table_name, column_name, data_type from duckdb_columns() where not internal"
        want = [r for r in scratch.execute(f"{columns} order by table_name, column_index").fetchall()]
        have = {(t, c) for t, c, _ in con.execute(columns).fetchall()}
        for table, column, column_type in want:
            if table in existing and (table, column) not in have:
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
