"""The Parquet lake: the warehouse's public views (and the few raw tables the query layer reads) as Hive-partitioned
Parquet snapshots that DuckDB, Spark and Trino read alike, and that read-only dashboard replicas serve from.

Layout (see docs/scaling.md)::

    DIR/CURRENT                                   "snapshots/<id>" — the snapshot readers use
    DIR/current -> snapshots/<id>                 the same as a symlink: the stable path external tables point at
    DIR/snapshots/<id>/_pingyi_lake.json          manifest: schema hash, source version, row counts, column types
    DIR/snapshots/<id>/_schema/spark.sql          CREATE TABLE statements for Spark and Trino (warehouse.lake_schema),
    DIR/snapshots/<id>/_schema/spark-refresh.sql  and what to run after each export (trino.sql, trino-refresh.sql)
    DIR/snapshots/<id>/appraisal/year=2023/part-<id>-0.parquet
    DIR/snapshots/<id>/institutions/part-<id>-0.parquet

Facts and marts are partitioned by `year` (the default: engines list a few dozen folders) or, on request, by
`year` and `institution_id` (tens of thousands of folders at national scale). File names carry the snapshot id,
so a reader that listed an older snapshot through `current` fails loudly instead of reading another snapshot's
bytes. An export writes a whole snapshot into `snapshots/.tmp-<id>`, renames it into place and only then swaps
`CURRENT` and `current` (os.replace), so a reader never sees half a lake. `open_lake(uri)` (warehouse.lake_read, re-exported here) gives
an in-memory DuckDB whose views carry the warehouse's names and column types, so warehouse.queries runs over it
unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import queue
import secrets
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb

from warehouse import lake_schema
from warehouse.lake_read import (  # noqa: F401 (re-exported: callers use warehouse.lake)
    CACHE_ENV,
    CURRENT,
    CURRENT_LINK,
    DEFAULT_PARTITION,
    KEEP_SNAPSHOTS,
    KEY_PREFIX,
    LAKE_FORMAT,
    LAKE_MODES,
    LAKE_VERSION,
    MANIFEST,
    PARTITION_KEYS,
    READABLE_VERSIONS,
    REMOTE_SCHEMES,
    SNAPSHOTS,
    TABLES,
    LakeError,
    LakeMissing,
    Snapshot,
    cache_root,
    cached_file,
    is_remote,
    open_lake,
    snapshot,
    version_key,
)
from warehouse.queries.filters import DEFAULT_MIN_VOTERS, ELECTORATE, withheld
from warehouse.schema import schema_hash, stored_schema_hash
from warehouse.store import Store
from warehouse.vocabulary import VOTE_COLUMNS

# ---------------------------------------------------------------- export


def export_lake(
    source: Store | duckdb.DuckDBPyConnection | str | os.PathLike[str],
    directory: str | os.PathLike[str],
    *,
    partition_by: Sequence[str] = DEFAULT_PARTITION,
    on_table: Callable[[str, int, int], None] | None = None,
    threads: int = 0,
    min_voters: int = DEFAULT_MIN_VOTERS,
) -> Snapshot:
    """Write the warehouse as a new lake snapshot under `directory` and make it the current one.

    `source` is a Store, a warehouse pointer path, or an open connection to a warehouse file. `partition_by`
    (a subset of year, institution_id, in that order; default year) partitions the facts; the
    per-institution-year marts take only its `year`. `on_table(name, rows, files)` is called after each table; `threads` write the years of a fact in parallel (0: one per core;
    the setting PINGYI_LAKE_EXPORT_THREADS). `min_voters` (warehouse.settings.Settings.min_voters): the votes by
    grade of a unit-year with fewer raters are withheld in the lake (null counts in `appraisal` and
    `unit_group_votes`; its number of raters is kept), as the query layer withholds them. Returns the new snapshot.
    """
    keys = tuple(k for k in PARTITION_KEYS if k in partition_by)
    unknown = set(partition_by) - set(PARTITION_KEYS)
    if unknown:
        raise LakeError(
            f"不能按 {', '.join(sorted(unknown))} 分区 / cannot partition by {', '.join(sorted(unknown))}: "
            f"choose from {', '.join(PARTITION_KEYS)}"
        )
    with _source(source) as (con, source_version):
        root = Path(directory).absolute()
        root.mkdir(parents=True, exist_ok=True)
        (root / SNAPSHOTS).mkdir(exist_ok=True)
        with _lock(root):
            _remove_unfinished(root)
            snap_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)
            work = root / SNAPSHOTS / f".tmp-{snap_id}"
            work.mkdir()
            try:
                manifest = _write_snapshot(
                    con, work, keys, source_version, snap_id, on_table, threads, max(0, int(min_voters))
                )
                final = root / SNAPSHOTS / snap_id
                os.rename(work, final)
                _fsync_dir(root / SNAPSHOTS)
                _write_atomic(root / CURRENT, f"{SNAPSHOTS}/{snap_id}\n")
                try:
                    _link_atomic(root / CURRENT_LINK, f"{SNAPSHOTS}/{snap_id}")
                except (
                    OSError
                ) as err:  # a file system without symlinks: the snapshot is published all the same
                    logging.getLogger(__name__).warning(
                        "无法更新 %s 链接 / could not point %s at the new snapshot (%s): external tables on it "
                        "still read the previous one",
                        CURRENT_LINK,
                        root / CURRENT_LINK,
                        err.strerror or err,
                    )
            except BaseException:
                shutil.rmtree(work, ignore_errors=True)
                raise
            _prune(root, keep=snap_id)
    return Snapshot(snap_id, str(final), manifest)


@contextlib.contextmanager
def _source(source: Any) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    if isinstance(source, duckdb.DuckDBPyConnection):
        rows = source.execute("select path from duckdb_databases() where database_name = current_database()")
        path = rows.fetchall()[0][0]
        yield source, Path(path).name if path else ":memory:"
        return
    store = source if isinstance(source, Store) else Store.at(source)
    current = store.current()  # raises WarehouseMissing with a bilingual message
    con = duckdb.connect(str(current), read_only=True)
    con.execute("set enable_progress_bar = false")  # the CLI shows its own progress
    try:
        yield con, current.name
    finally:
        con.close()


def _write_snapshot(
    con: duckdb.DuckDBPyConnection,
    work: Path,
    keys: tuple[str, ...],
    source_version: str,
    snap_id: str,
    on_table: Callable[[str, int, int], None] | None,
    threads: int = 0,
    min_voters: int = DEFAULT_MIN_VOTERS,
) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    pattern = f"part-{snap_id}-{{i}}"
    for name, kind in TABLES:
        relation = _relation(name, min_voters)
        columns = [(r[0], r[1]) for r in con.execute(f'describe "{name}"').fetchall()]
        rows = int(con.execute(f'select count(*) from "{name}"').fetchall()[0][0])
        names = {c for c, _ in columns}
        partition = tuple(
            k for k in (keys if kind == "fact" else keys[:1] if kind == "mart" else ()) if k in names
        )
        if kind == "mart" and "year" not in keys:
            partition = ()
        target = work / name
        data = [(c, t) for c, t in columns if c not in partition]
        if partition and rows:
            _copy_partitioned(
                con,
                relation,
                target,
                partition,
                data,
                pattern,
                has_institution="institution_id" in names,
                threads=threads,
            )
        elif partition:
            # an empty fact keeps the shape of a full one: one empty file in a null partition, the data columns
            # inside and the keys as folders, so every reader sees the same columns in the same order
            folder = target.joinpath(*(f"{k}={HIVE_NULL}" for k in partition))
            folder.mkdir(parents=True)
            con.execute(
                f"copy (select {_file_columns(data)} from {relation}) to "
                f"'{_sql_str(folder / (pattern.format(i=0) + '.parquet'))}' (format parquet, compression zstd)"
            )
        else:  # dimensions: one file
            target.mkdir()
            con.execute(
                f"copy (select {_file_columns(columns)} from {relation}) to "
                f"'{_sql_str(target / (pattern.format(i=0) + '.parquet'))}' (format parquet, compression zstd)"
            )
        files = sorted(p.relative_to(work).as_posix() for p in target.rglob("*.parquet"))
        tables[name] = {
            "rows": rows,
            "partition_by": list(partition),
            "columns": [{"name": c, "type": t} for c, t in columns],
            "files": files,
            "bytes": sum((work / f).stat().st_size for f in files),
        }
        if on_table:
            on_table(name, rows, len(files))
    manifest = {
        "format": LAKE_FORMAT,
        "lake_version": LAKE_VERSION,
        "snapshot": snap_id,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "schema_hash": stored_schema_hash(con) or schema_hash(),
        "source_version": source_version,
        "min_voters": min_voters,
        "tables": tables,
    }
    _write_atomic(work / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    (work / lake_schema.SCHEMA_DIR).mkdir()
    for (
        dialect
    ) in lake_schema.DIALECTS:  # with the local `current` path; `pingyi export lake-schema` for others
        _write_atomic(
            work / lake_schema.SCHEMA_DIR / f"{dialect}.sql",
            lake_schema.ddl(manifest, dialect, str(work.parent.parent / CURRENT_LINK)),
        )
        _write_atomic(
            work / lake_schema.SCHEMA_DIR / f"{dialect}-refresh.sql",
            lake_schema.refresh_sql(manifest, dialect),
        )
    return manifest


HIVE_NULL = (
    "__HIVE_DEFAULT_PARTITION__"  # a null key's folder value; DuckDB, Spark, Hive, Trino, pyarrow read null
)


def _file_columns(columns: Sequence[tuple[str, str]]) -> str:
    """The select list written into the files: JSON as plain text (Parquet's JSON annotation reaches polars and
    pyarrow as binary), every other type as it is. The manifest keeps the warehouse type; `open_lake` restores it."""
    return ", ".join(
        f'cast("{c}" as varchar) as "{c}"' if t.upper() == "JSON" else f'"{c}"' for c, t in columns
    )


# the minimum-voter rule (warehouse.queries.filters.withheld) applied to what the lake holds: the votes by grade of a
# unit-year with raters, but fewer than the minimum, are null; its number of raters stays (voters, else the graded
# votes it had), so every question over the lake answers as over the file
def _relation(name: str, min_voters: int) -> str:
    """What the export reads for a table: the view itself, or the view with withheld votes."""
    if name not in ("appraisal", "unit_group_votes") or min_voters <= 0:
        return f'"{name}"'
    hidden = withheld(str(int(min_voters)))
    blank = ", ".join(f"case when {{h}} then null else {{p}}{c} end as {c}" for c in VOTE_COLUMNS.values())
    if name == "appraisal":
        replaced = (
            blank.format(h=hidden, p="") + f", case when {hidden} then {ELECTORATE} else voters end as voters"
        )
        return f'(select * replace ({replaced}) from appraisal) as "appraisal"'
    columns = "g.institution_id, g.unit_id, g.year, g.rater_group, " + blank.format(
        h="coalesce(w.hidden, false)", p="g."
    )
    return (
        f"(select {columns} from unit_group_votes as g left join (select unit_id, year, {hidden} as hidden"
        ' from appraisal) as w using (unit_id, year)) as "unit_group_votes"'
    )


def _copy_partitioned(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    target: Path,
    partition: tuple[str, ...],
    data: Sequence[tuple[str, str]],
    pattern: str,
    *,
    has_institution: bool,
    threads: int = 0,
) -> None:
    """COPY … PARTITION_BY, one year at a time when institution_id is a key too: a single COPY into tens of
    thousands of partitions slowed down several-fold at national scale (DuckDB 2.0), one year each stays linear."""
    options = f"format parquet, compression zstd, filename_pattern '{_sql_str(pattern)}'"
    if partition != ("year", "institution_id"):
        keys = ", ".join(partition)
        # within a partition, rows by institution: row-group statistics then let readers skip the others
        order = keys + (", institution_id" if "institution_id" not in partition and has_institution else "")
        select = ", ".join([_file_columns(data), *partition])
        con.execute(
            f"copy (select {select} from {relation} order by {order}) to '{_sql_str(target)}' "
            f"({options}, partition_by ({keys}))"
        )
        return
    target.mkdir()
    years = [r[0] for r in con.execute(f"select distinct year from {relation} order by 1").fetchall()]
    select = ", ".join([_file_columns(data), "institution_id"])

    def copy_year(cur: duckdb.DuckDBPyConnection, year: int | None) -> None:
        folder = target / f"year={HIVE_NULL if year is None else int(year)}"
        folder.mkdir()
        where = "year is null" if year is None else f"year = {int(year)}"
        cur.execute(
            f"copy (select {select} from {relation} where {where} order by institution_id) "
            f"to '{_sql_str(folder)}' ({options}, partition_by (institution_id))"
        )

    # Writing thousands of small files costs DuckDB ~2–3 ms of CPU each and a partitioned COPY keeps about one
    # core busy, so the years are written in parallel, one cursor per worker (docs/scaling.md, "Measured").
    workers = max(1, min(threads or os.cpu_count() or 1, len(years)))
    if workers == 1:
        for year in years:
            copy_year(con, year)
        return
    cursors = [con.cursor() for _ in range(workers)]
    free = queue.SimpleQueue()
    for cur in cursors:
        free.put(cur)

    def job(year: int | None) -> None:
        cur = free.get()
        try:
            copy_year(cur, year)
        finally:
            free.put(cur)

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(job, year) for year in years]:
                future.result()
    finally:
        for cur in cursors:
            cur.close()


@contextlib.contextmanager
def _lock(root: Path) -> Iterator[None]:
    """Exports into one lake queue behind this lock (readers never take it)."""
    with open(root / ".lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_unfinished(root: Path) -> None:
    for p in (root / SNAPSHOTS).glob(".tmp-*"):
        shutil.rmtree(p, ignore_errors=True)


def _prune(root: Path, *, keep: str) -> None:
    """Keep the newest KEEP_SNAPSHOTS snapshots (ids sort by time); never the current one."""
    snaps = sorted(p for p in (root / SNAPSHOTS).iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in snaps[:-KEEP_SNAPSHOTS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _link_atomic(path: Path, target: str) -> None:
    """Point the symlink `path` at `target` (relative to its folder) in one step: a new link, then os.replace."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        os.symlink(target, tmp, target_is_directory=True)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sql_str(value: object) -> str:
    return str(value).replace("'", "''")
