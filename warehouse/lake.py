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
`CURRENT` and `current` (os.replace), so a reader never sees half a lake. `open_lake(uri)` gives an in-memory DuckDB whose views
carry the warehouse's names and column types, so warehouse.queries runs over it unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import queue
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse import lake_schema
from warehouse.lake_remote import remote_connection
from warehouse.schema import schema_hash, stored_schema_hash
from warehouse.store import Store

LAKE_FORMAT = "pingyi-lake"
LAKE_VERSION = (
    2  # 2: year-partitioned by default, files named by snapshot, JSON stored as text, `current` link
)
READABLE_VERSIONS: tuple[int, ...] = (1, 2)
MANIFEST = "_pingyi_lake.json"
CURRENT = "CURRENT"
CURRENT_LINK = "current"  # DIR/current -> snapshots/<id>: one path that stays valid across exports
SNAPSHOTS = "snapshots"
KEEP_SNAPSHOTS = 3  # the current one and two before it: a replica still on an older one keeps working a while
KEY_PREFIX = "lake:"
PARTITION_KEYS: tuple[str, ...] = (
    "year",
    "institution_id",
)  # the keys a lake may be partitioned by, in order
# Spark lists year=/institution_id= (66,000 folders at national scale) in 10–48 s and year= alone in 0.07 s
# (issue #18; docs/scaling.md "Measured"): year is the default. Rows are sorted by institution_id inside a year.
DEFAULT_PARTITION: tuple[str, ...] = ("year",)
LAKE_MODES: tuple[str, ...] = ("cached", "direct")  # cached: a local DuckDB copy per snapshot; direct: views
CACHE_ENV = (
    "PINGYI_LAKE_CACHE"  # the setting (Settings.lake_cache) callers pass as cache_dir; named in messages
)
REMOTE_SCHEMES: tuple[str, ...] = ("s3://", "s3a://", "gs://", "gcs://", "r2://", "http://", "https://")

# (table, kind): "fact" = many rows per institution-year, partitioned by year and institution_id;
# "mart" = a handful of rows per institution-year, partitioned by year only (one tiny file per institution-year
# would cost more to list than to read); "dim" = one file.
TABLES: tuple[tuple[str, str], ...] = (
    ("institutions", "dim"),
    ("units", "dim"),
    ("unit_names", "dim"),
    ("appraisal", "fact"),
    ("type_year", "mart"),
    ("institution_year", "mart"),
    ("meetings", "dim"),
    ("reports", "fact"),
    ("etl_batches", "dim"),
    ("etl_rejects", "dim"),
    # internal tables the query layer reads (votes per rater group, the 口径 spelled out, batches in scope)
    ("raw_ratings", "fact"),
    ("raw_reports", "fact"),
    ("raw_institutions", "dim"),
    ("raw_units", "dim"),
    ("raw_unit_names", "dim"),
    ("raw_meetings", "dim"),
    ("raw_schemes", "dim"),
    ("raw_scheme_groups", "dim"),
    ("raw_scheme_items", "dim"),
)


class LakeError(RuntimeError):
    """A lake that cannot be written or read; the message is Chinese / English and names the lake."""


class LakeMissing(LakeError, FileNotFoundError):
    """No lake (no CURRENT pointer or manifest) at the given address."""


@dataclass(frozen=True)
class Snapshot:
    """One published snapshot: its id, its address and its manifest."""

    id: str
    uri: str
    manifest: dict[str, Any]

    @property
    def key(self) -> str:
        """A cache key for this snapshot (changes when a new snapshot is published)."""
        return f"{KEY_PREFIX}{self.uri}"


# ---------------------------------------------------------------- export


def export_lake(
    source: Store | duckdb.DuckDBPyConnection | str | os.PathLike[str],
    directory: str | os.PathLike[str],
    *,
    partition_by: Sequence[str] = DEFAULT_PARTITION,
    on_table: Callable[[str, int, int], None] | None = None,
    threads: int = 0,
) -> Snapshot:
    """Write the warehouse as a new lake snapshot under `directory` and make it the current one.

    `source` is a Store, a warehouse pointer path, or an open connection to a warehouse file. `partition_by`
    (a subset of year, institution_id, in that order; default year) partitions the facts; the
    per-institution-year marts take only its `year`. `on_table(name, rows, files)` is called after each table; `threads` write the years of a fact in parallel (0: one per core;
    the setting PINGYI_LAKE_EXPORT_THREADS). Returns the new snapshot.
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
                manifest = _write_snapshot(con, work, keys, source_version, snap_id, on_table, threads)
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
) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    pattern = f"part-{snap_id}-{{i}}"
    for name, kind in TABLES:
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
                name,
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
                f'copy (select {_file_columns(data)} from "{name}") to '
                f"'{_sql_str(folder / (pattern.format(i=0) + '.parquet'))}' (format parquet, compression zstd)"
            )
        else:  # dimensions: one file
            target.mkdir()
            con.execute(
                f'copy (select {_file_columns(columns)} from "{name}") to '
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


def _copy_partitioned(
    con: duckdb.DuckDBPyConnection,
    name: str,
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
            f"copy (select {select} from \"{name}\" order by {order}) to '{_sql_str(target)}' "
            f"({options}, partition_by ({keys}))"
        )
        return
    target.mkdir()
    years = [r[0] for r in con.execute(f'select distinct year from "{name}" order by 1').fetchall()]
    select = ", ".join([_file_columns(data), "institution_id"])

    def copy_year(cur: duckdb.DuckDBPyConnection, year: int | None) -> None:
        folder = target / f"year={HIVE_NULL if year is None else int(year)}"
        folder.mkdir()
        where = "year is null" if year is None else f"year = {int(year)}"
        cur.execute(
            f'copy (select {select} from "{name}" where {where} order by institution_id) '
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


# ---------------------------------------------------------------- read


def is_remote(uri: str) -> bool:
    return str(uri).lower().startswith(REMOTE_SCHEMES)


def _join(base: str, *parts: str) -> str:
    if is_remote(base):
        return "/".join([base.rstrip("/"), *parts])
    return str(Path(base, *parts))


def _read_text(con: duckdb.DuckDBPyConnection | None, uri: str) -> str | None:
    """The text of a small file of the lake, or None when it does not exist."""
    if not is_remote(uri):
        try:
            return Path(uri).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None
    assert con is not None
    try:
        rows = con.execute("select content from read_text(?)", [uri]).fetchall()
    except duckdb.IOException as err:
        if "404" in str(err) or "not found" in str(err).lower() or "no files found" in str(err).lower():
            return None
        raise LakeError(f"无法读取数据湖 / cannot read the lake at {uri}: {err}") from None
    return rows[0][0] if rows else None


def snapshot(uri: str, *, con: duckdb.DuckDBPyConnection | None = None) -> Snapshot:
    """The snapshot a lake address names: DIR (its CURRENT snapshot) or DIR/snapshots/<id> itself."""
    uri = str(uri).rstrip("/") if is_remote(str(uri)) else str(Path(uri).absolute())
    own = None
    if is_remote(uri) and con is None:
        con = own = remote_connection(uri)
    try:
        pointer = _read_text(con, _join(uri, CURRENT))
        base = _join(uri, *pointer.strip().split("/")) if pointer and pointer.strip() else uri
        if not is_remote(base) and os.path.islink(base):  # DIR/current: the snapshot it names, not the link
            base = os.path.normpath(os.path.join(os.path.dirname(base), os.readlink(base)))
        text = _read_text(con, _join(base, MANIFEST))
    finally:
        if own is not None:
            own.close()
    if text is None:
        if pointer and pointer.strip():
            raise LakeError(
                f"数据湖快照缺少清单 / the lake's current snapshot {pointer.strip()} has no {MANIFEST} "
                f"(at {uri}): export again with `pingyi export lake`"
            )
        raise LakeMissing(
            f"没有找到数据湖 / no lake at {uri} (neither {CURRENT} nor {MANIFEST}): "
            "create one with `pingyi export lake DIR`"
        )
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as err:
        raise LakeError(
            f"数据湖清单已损坏 / the lake's manifest {_join(base, MANIFEST)} is not valid JSON: {err}"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != LAKE_FORMAT:
        raise LakeError(f"不是 Pingyi 数据湖 / not a Pingyi lake: {_join(base, MANIFEST)}")
    if manifest.get("lake_version") not in READABLE_VERSIONS:
        raise LakeError(
            f"数据湖格式版本 {manifest.get('lake_version')} 不受支持 / lake format version "
            f"{manifest.get('lake_version')} is not supported (this Pingyi reads "
            f"{', '.join(map(str, READABLE_VERSIONS))}): export again"
        )
    missing = [name for name, _ in TABLES if name not in manifest.get("tables", {})]
    if missing:
        raise LakeError(f"数据湖缺少表 / the lake lacks tables {', '.join(missing)}: {_join(base, MANIFEST)}")
    return Snapshot(str(manifest.get("snapshot") or Path(base).name), base, manifest)


def version_key(uri: str) -> str:
    """The cache key of the lake's current snapshot (a new export gives a new key)."""
    return snapshot(uri).key


def open_lake(
    uri: str,
    *,
    verify: bool = True,
    mode: str = "direct",
    cache_dir: str | os.PathLike[str] | None = None,
    on_table: Callable[[str, int, int], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the warehouse's names and column types over the lake's current snapshot (or over
    `lake:<snapshot address>` keys from `version_key`).

    mode "direct": an in-memory DuckDB whose views read the snapshot's Parquet files on every query (no local disk
    needed, but each query lists and opens the files it touches). mode "cached": the snapshot is copied once into
    a local DuckDB file (see `cached_file`) and opened read-only, so queries run at DuckDB-file speed.

    With verify, every table's row count is checked against the manifest, so a missing or damaged file is
    reported when the lake is opened rather than as wrong numbers later (a cached copy is always checked when
    it is built). `on_table(name, done, total)` reports progress while a cache is built.
    """
    if mode not in LAKE_MODES:
        raise LakeError(
            f"未知的数据湖模式 {mode} / unknown lake mode {mode!r}: choose {' or '.join(LAKE_MODES)}"
        )
    if mode == "cached":
        return duckdb.connect(str(cached_file(uri, cache_dir=cache_dir, on_table=on_table)), read_only=True)
    if uri.startswith(KEY_PREFIX):
        uri = uri[len(KEY_PREFIX) :]
    con = remote_connection(uri) if is_remote(uri) else duckdb.connect(":memory:")
    try:
        con.execute("set enable_progress_bar = false")  # a server's log is no terminal
        snap = snapshot(uri, con=con)
        for name, _kind in TABLES:
            table = snap.manifest["tables"][name]
            try:
                con.execute(_view_sql(name, table, snap.uri))
                found = (
                    int(con.execute(f'select count(*) from "{name}"').fetchall()[0][0]) if verify else None
                )
            except duckdb.Error as err:
                raise LakeError(
                    f"数据湖表 {name} 无法读取 / table {name} of the lake {snap.uri} cannot be read: "
                    f"{str(err).splitlines()[0]}"
                ) from None
            if verify:
                expected = int(table["rows"])
                if found != expected:
                    raise LakeError(
                        f"数据湖表 {name} 应有 {expected} 行,实有 {found} 行 / table {name} of the lake {snap.uri} "
                        f"should hold {expected} rows but holds {found}: the snapshot is incomplete or damaged"
                    )
    except BaseException:
        con.close()
        raise
    return con


# ---------------------------------------------------------------- local cache of a snapshot (mode "cached")


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where replicas keep their local copies: `cache_dir` (the setting PINGYI_LAKE_CACHE), else
    <tmp>/pingyi-lake-cache."""
    return Path(cache_dir or Path(tempfile.gettempdir()) / "pingyi-lake-cache")


def _cache_name(snap: Snapshot) -> tuple[str, str]:
    """(prefix shared by every snapshot of this lake, file name of this snapshot's copy)."""
    lake_address = snap.uri.rsplit("/", 2)[0] if is_remote(snap.uri) else str(Path(snap.uri).parent.parent)
    prefix = "lake-" + hashlib.sha256(lake_address.encode("utf-8")).hexdigest()[:12]
    return prefix, f"{prefix}-{snap.id}.duckdb"


def cached_file(
    uri: str,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    on_table: Callable[[str, int, int], None] | None = None,
) -> Path:
    """The local DuckDB copy of the lake's current snapshot (or of a `lake:` key), built when missing.

    The copy is named by the lake's address and the snapshot id, so it is built once per snapshot: into a
    temporary file that is renamed into place when complete and checked (row counts against the manifest, the
    warehouse's column types). Processes sharing one cache folder take a lock while building, so a second process
    waits for the first and then opens its copy. Copies of older snapshots of the same lake are deleted
    (a process still reading one keeps its open file until it moves on). `on_table(name, done, total)` is
    called after each table while building.
    """
    if uri.startswith(KEY_PREFIX):
        uri = uri[len(KEY_PREFIX) :]
    snap = snapshot(uri)
    root = cache_root(cache_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise LakeError(
            f"无法创建数据湖本地缓存目录 / cannot create the lake cache folder {root}: {err.strerror} "
            f"(set ${CACHE_ENV} or serve with --lake-mode direct)"
        ) from None
    prefix, name = _cache_name(snap)
    final = root / name
    if final.is_file():
        return final
    with open(root / f"{prefix}.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # another process of this replica may be building the same copy
        try:
            if not final.is_file():
                for stale in root.glob(f".{prefix}-*.tmp*"):  # left by a builder that died (we hold the lock)
                    stale.unlink(missing_ok=True)
                _build_cache(snap, final, on_table)
            for old in root.glob(f"{prefix}-*.duckdb*"):
                if old.name != name and not old.name.startswith(name):
                    old.unlink(missing_ok=True)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return final


def _build_cache(snap: Snapshot, final: Path, on_table: Callable[[str, int, int], None] | None) -> None:
    tmp = final.with_name(f".{final.name}.{secrets.token_hex(4)}.tmp")
    source = open_lake(
        snap.uri, verify=False, mode="direct"
    )  # this snapshot, even if CURRENT moves meanwhile
    try:
        source.execute(f"attach '{_sql_str(tmp)}' as pingyi_cache")
        tables = snap.manifest["tables"]
        for done, (name, kind) in enumerate(TABLES, start=1):
            table = tables[name]
            names = {c["name"] for c in table["columns"]}
            # facts sorted by the partition keys: DuckDB's zone maps then skip other years and institutions
            order = [k for k in PARTITION_KEYS if k in names] if kind in ("fact", "mart") else []
            try:
                source.execute(
                    f'create table pingyi_cache."{name}" as select * from "{name}"'
                    + (f" order by {', '.join(order)}" if order else "")
                )
                found = int(source.execute(f'select count(*) from pingyi_cache."{name}"').fetchall()[0][0])
            except duckdb.Error as err:
                raise LakeError(
                    f"数据湖表 {name} 无法读取 / table {name} of the lake {snap.uri} cannot be read: "
                    f"{str(err).splitlines()[0]}"
                ) from None
            if found != int(table["rows"]):
                raise LakeError(
                    f"数据湖表 {name} 应有 {table['rows']} 行,实有 {found} 行 / table {name} of the lake {snap.uri} "
                    f"should hold {table['rows']} rows but holds {found}: the snapshot is incomplete or damaged"
                )
            if on_table:
                on_table(name, done, len(TABLES))
        source.execute("checkpoint pingyi_cache")
        source.execute("detach pingyi_cache")
        source.close()
        os.replace(tmp, final)
    except BaseException:
        source.close()
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise


def _view_sql(name: str, table: dict[str, Any], base: str) -> str:
    files = table["files"]
    partition = table["partition_by"]
    if is_remote(base) and base.lower().startswith(("http://", "https://")):
        paths = "[" + ", ".join(f"'{_sql_str(_join(base, *f.split('/')))}'" for f in files) + "]"
    elif partition:
        paths = f"'{_sql_str(_join(base, name, '**', '*.parquet'))}'"
    else:  # one file: `data.parquet` in lakes of version 1, named by the snapshot since
        paths = "[" + ", ".join(f"'{_sql_str(_join(base, *f.split('/')))}'" for f in files) + "]"
    options = ", hive_partitioning = true, hive_types_autocast = false" if partition else ""
    columns = ", ".join(f'cast("{c["name"]}" as {c["type"]}) as "{c["name"]}"' for c in table["columns"])
    return f'create or replace view "{name}" as select {columns} from read_parquet({paths}{options})'
