"""Reading the Parquet lake (warehouse.lake writes it): the lake's layout constants, its snapshot pointer and
manifest, DuckDB views over a snapshot (`open_lake(mode="direct")`) and the replica's local DuckDB copy of one
(`open_lake(mode="cached")`, `cached_file`). warehouse.lake re-exports every public name, so callers keep using
`warehouse.lake`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.lake_remote import remote_connection

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

# (table, kind) — the public views (docs/warehouse.md), the only tables the query layer reads: "fact" = many rows per institution-year, partitioned by year and institution_id;
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
    ("schemes", "dim"),
    ("scheme_groups", "dim"),
    ("scheme_items", "dim"),
    ("unit_group_votes", "fact"),
    ("batch_institutions", "dim"),
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
