"""The lake's schema for other engines, generated from a snapshot's manifest: Spark and Trino CREATE TABLE
statements and the Arrow schema every Python reader should see.

A table's columns in the lake are its warehouse columns without the partition keys, in the warehouse's order, and
then the partition keys (the Hive convention: keys are folder names, not file columns). That order and these types
hold for every table, empty or not, and for every reader given the types below; `pingyi export lake` writes the
statements into each snapshot (`_schema/spark.sql`, `_schema/trino.sql`), docs/lake-schema/ holds them for the
documented location, and tests/warehouse/test_lake.py keeps both in step with warehouse/sql.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa

SCHEMA_DIR = "_schema"
DIALECTS: tuple[str, ...] = ("spark", "trino")
DEFAULT_DATABASE = "pingyi"
TRINO_CATALOG = "hive"

# DuckDB type → (Spark SQL, Trino, Arrow); the lake holds only these (JSON is written as text)
_SCALARS: dict[str, tuple[str, str, pa.DataType]] = {
    "VARCHAR": ("STRING", "varchar", pa.string()),
    "JSON": ("STRING", "varchar", pa.string()),
    "BOOLEAN": ("BOOLEAN", "boolean", pa.bool_()),
    "INTEGER": ("INT", "integer", pa.int32()),
    "BIGINT": ("BIGINT", "bigint", pa.int64()),
    "DOUBLE": ("DOUBLE", "double", pa.float64()),
    "DATE": ("DATE", "date", pa.date32()),
    # DuckDB's TIMESTAMP has no time zone: Parquet marks it so, Spark reads it as TIMESTAMP_NTZ
    "TIMESTAMP": ("TIMESTAMP_NTZ", "timestamp(3)", pa.timestamp("us")),
}


class UnknownType(ValueError):
    """A warehouse column type the lake's schema has no mapping for (add it to _SCALARS)."""


def _split(duck: str) -> tuple[str, int]:
    """('VARCHAR', 1) for VARCHAR[]: the element type and the list depth."""
    match = re.fullmatch(r"(.+?)((?:\[\])*)", duck.strip().upper())
    assert match
    base, lists = match.groups()
    if base not in _SCALARS:
        raise UnknownType(f"湖模式不支持类型 / no lake type for DuckDB type {duck!r}")
    return base, len(lists) // 2


def spark_type(duck: str) -> str:
    base, depth = _split(duck)
    out = _SCALARS[base][0]
    for _ in range(depth):
        out = f"ARRAY<{out}>"
    return out


def trino_type(duck: str) -> str:
    base, depth = _split(duck)
    out = _SCALARS[base][1]
    for _ in range(depth):
        out = f"array({out})"
    return out


def arrow_type(duck: str) -> pa.DataType:
    """The Arrow type a reader gets for a column (lists as DuckDB writes them, with an `element` field)."""
    base, depth = _split(duck)
    out = _SCALARS[base][2]
    for _ in range(depth):
        out = pa.list_(pa.field("element", out))
    return out


def lake_columns(table: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, DuckDB type) in the lake's order: the data columns as in the warehouse, then the partition keys."""
    keys = list(table["partition_by"])
    types = {c["name"]: c["type"] for c in table["columns"]}
    return [(c["name"], c["type"]) for c in table["columns"] if c["name"] not in keys] + [
        (k, types[k]) for k in keys
    ]


def arrow_schema(table: dict[str, Any]) -> pa.Schema:
    """The schema pyarrow, polars, DuckDB and Spark (with these types) all give one table of the lake."""
    return pa.schema([pa.field(name, arrow_type(duck)) for name, duck in lake_columns(table)])


def partition_types(table: dict[str, Any]) -> dict[str, str]:
    """{key: DuckDB type} of a table's partition keys (readers must be told: folder names carry no type)."""
    types = {c["name"]: c["type"] for c in table["columns"]}
    return {k: types[k] for k in table["partition_by"]}


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _location(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


def spark_ddl(
    manifest: dict[str, Any], location: str, *, database: str = DEFAULT_DATABASE, replace: bool = False
) -> str:
    """CREATE TABLE … USING parquet … LOCATION '<location>/<table>' for every table of the lake.

    `location` is the lake's stable `current` path as Spark sees it (a local path, s3a://…, hdfs://…), or one
    snapshot's address; `replace` drops each table first (external tables: no file is deleted).
    """
    out = [
        "-- Pingyi lake: Spark SQL tables over the lake's `current` path. Generated from the snapshot manifest",
        "-- by `pingyi export lake-schema DIR --dialect spark --location URI` (do not edit by hand).",
        "-- After each export run current/_schema/spark-refresh.sql (MSCK REPAIR TABLE … SYNC PARTITIONS for the",
        "-- partitioned tables, REFRESH TABLE for all: `pingyi export lake-schema DIR --refresh` prints it).",
        f"CREATE DATABASE IF NOT EXISTS {database};",
    ]
    for name, table in manifest["tables"].items():
        cols = ",\n".join(f"  `{c}` {spark_type(t)}" for c, t in lake_columns(table))
        keys = table["partition_by"]
        if replace:
            out.append(f"DROP TABLE IF EXISTS {database}.{name};")
        parts = f"\nPARTITIONED BY ({', '.join(f'`{k}`' for k in keys)})" if keys else ""
        out.append(
            f"\nCREATE TABLE IF NOT EXISTS {database}.{name} (\n{cols}\n) USING parquet{parts}\n"
            f"LOCATION '{_quote(_location(location, name))}';"
        )
        if keys:  # a partitioned table over existing folders starts with no partitions in the catalog
            out.append(f"MSCK REPAIR TABLE {database}.{name} SYNC PARTITIONS;")
    return "\n".join(out) + "\n"


def trino_ddl(
    manifest: dict[str, Any],
    location: str,
    *,
    catalog: str = TRINO_CATALOG,
    schema: str = DEFAULT_DATABASE,
    replace: bool = False,
) -> str:
    """CREATE TABLE … WITH (external_location = '<location>/<table>', format = 'PARQUET', partitioned_by = …) for
    Trino's Hive connector, with the partition sync each partitioned table needs after it is created."""
    if "://" not in location:
        location = "file://" + location
    out = [
        "-- Pingyi lake: Trino (Hive connector) tables over the lake's `current` path. Generated from the snapshot",
        "-- manifest by `pingyi export lake-schema DIR --dialect trino --location URI` (do not edit by hand).",
        "-- After each export run current/_schema/trino-refresh.sql (partition sync, metadata cache flush).",
        f"CREATE SCHEMA IF NOT EXISTS {catalog}.{schema};",
    ]
    for name, table in manifest["tables"].items():
        cols = ",\n".join(f'  "{c}" {trino_type(t)}' for c, t in lake_columns(table))
        keys = table["partition_by"]
        if replace:
            out.append(f"DROP TABLE IF EXISTS {catalog}.{schema}.{name};")
        props = [f"external_location = '{location.rstrip('/')}/{name}'", "format = 'PARQUET'"]
        if keys:
            props.append(f"partitioned_by = ARRAY[{', '.join(repr(k) for k in keys)}]")
        body = ",\n  ".join(props)
        out.append(
            f"\nCREATE TABLE IF NOT EXISTS {catalog}.{schema}.{name} (\n{cols}\n) WITH (\n  {body}\n);"
        )
        if keys:
            out.append(f"CALL {catalog}.system.sync_partition_metadata('{schema}', '{name}', 'FULL');")
    return "\n".join(out) + "\n"


def refresh_sql(manifest: dict[str, Any], dialect: str, *, database: str = DEFAULT_DATABASE) -> str:
    """What to run after an export so that tables created by `ddl` see the new snapshot: Spark caches file
    listings (REFRESH TABLE) and keeps partitions in its catalog; Trino's Hive connector keeps partitions too."""
    out = []
    for name, table in manifest["tables"].items():
        if dialect == "spark":
            if table["partition_by"]:
                out.append(f"MSCK REPAIR TABLE {database}.{name} SYNC PARTITIONS;")
            out.append(f"REFRESH TABLE {database}.{name};")
        elif dialect == "trino":
            if table["partition_by"]:
                out.append(
                    f"CALL {TRINO_CATALOG}.system.sync_partition_metadata('{database}', '{name}', 'FULL');"
                )
        else:
            raise ValueError(
                f"未知的 SQL 方言 {dialect} / unknown dialect {dialect!r}: choose {' or '.join(DIALECTS)}"
            )
    if dialect == "trino":
        out.append(f"CALL {TRINO_CATALOG}.system.flush_metadata_cache();")
    return "\n".join(out) + "\n"


def ddl(manifest: dict[str, Any], dialect: str, location: str, *, replace: bool = False) -> str:
    if dialect == "spark":
        return spark_ddl(manifest, location, replace=replace)
    if dialect == "trino":
        return trino_ddl(manifest, location, replace=replace)
    raise ValueError(
        f"未知的 SQL 方言 {dialect} / unknown dialect {dialect!r}: choose {' or '.join(DIALECTS)}"
    )
