"""The versioned warehouse: immutable DuckDB files behind an atomic pointer, written under a file lock.

`PATH` (e.g. data/pingyi.duckdb) is a symbolic link to `PATH.versions/vNNNNNN.duckdb`. A load copies the
current version, writes into the copy, closes it and swaps the link with os.replace, holding `PATH.lock`
so loads queue. Readers open the file the link points to read-only and reopen when it moves. A crash
mid-load leaves the current version untouched; the unfinished copy is removed by the next writer.

Every version records the version it was built from (raw_meta `parent_version`), so the versions form a chain
from the current one back. Retention (`Store.keep`, `Store.keep_days`; settings PINGYI_VERSIONS_KEEP and
PINGYI_VERSIONS_KEEP_DAYS): the current version and its parent are always kept, so the last load can always be
undone; further ancestors are kept while the chain holds fewer than `keep` versions and each was superseded less
than `keep_days` days ago; every other version (older ones, and those a rollback undid) is removed by the next
load once no reader has it open.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import struct
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.schema import apply_schema, refresh_marts, schema_hash, stored_schema_hash

_VERSION_RE = re.compile(r"^v(\d{6})\.duckdb$")
KEEP_VERSIONS = 3  # default retention by count: current + two earlier, for rollback; older files are removed
KEEP_DAYS = (
    90.0  # default retention by age: an ancestor superseded longer ago is removed (the parent is kept)
)
LOCK_TIMEOUT_S = 900.0  # default wait for the writers' lock before a load gives up (another load is running)
# DuckDB keeps the blocks that deletes and replaced marts free inside the file, so a version copied from its
# parent carries them along; when more than this share of the new version's blocks is free, it is written
# out as a compacted copy instead (COPY FROM DATABASE into a fresh file). See docs/benchmarks.md.
COMPACT_FREE_SHARE = 0.3
COMPACT_MIN_BYTES = 8 * 2**20  # smaller files are not worth it: a copy of them is cheap anyway


class Writer:
    """What a write block works with: the connection to the new version, and a way to drop it."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.discarded = False

    def discard(self) -> None:
        """Nothing worth a new version happened: keep the current one."""
        self.discarded = True


class WarehouseMissing(FileNotFoundError):
    """No warehouse exists at the given pointer path."""


class WarehouseBroken(WarehouseMissing):
    """The pointer and the versions folder disagree (a dangling pointer, or versions without a pointer): writing
    would start an empty warehouse beside the real one, so nothing is written. The message says what to do."""


class WarehouseLocked(TimeoutError):
    """Another writer held the lock for longer than the store waits."""


class RollbackRefused(PermissionError):
    """A guard refused to undo the current version (e.g. it touched institutions outside a scoped admin's
    grant); the message is Chinese / English."""


@dataclass(frozen=True)
class Version:
    """One version of the chain from the current one back: its file, the file it was built from (None: the
    first version; a name that is not on disk: removed by the retention policy) and when it was written."""

    path: Path
    parent: str | None
    written: float  # st_mtime, seconds since the epoch
    id: str | None = None  # a random id written into the version (None: a file older than the ids)
    parent_id: str | None = None  # the id of the version it was built from

    @property
    def name(self) -> str:
        return self.path.name

    def parent_path(self) -> Path | None:
        return self.path.with_name(self.parent) if self.parent else None


@dataclass(frozen=True)
class Store:
    """A warehouse addressed by its pointer path."""

    pointer: Path
    keep: int = KEEP_VERSIONS  # versions on the chain kept, the current one included (at least 2)
    keep_days: float | None = (
        KEEP_DAYS  # ancestors superseded longer ago are removed (None or 0: no age limit)
    )
    lock_timeout: float | None = (
        None  # seconds to wait for the writers' lock (None: wait as long as it takes)
    )

    @classmethod
    def at(
        cls,
        path: str | os.PathLike[str],
        *,
        keep: int = KEEP_VERSIONS,
        keep_days: float | None = KEEP_DAYS,
        lock_timeout: float | None = None,
    ) -> Store:
        return cls(Path(path).absolute(), max(2, int(keep)), keep_days, lock_timeout)

    @property
    def versions_dir(self) -> Path:
        return self.pointer.with_name(self.pointer.name + ".versions")

    @property
    def lock_path(self) -> Path:
        return self.pointer.with_name(self.pointer.name + ".lock")

    def exists(self) -> bool:
        return self.pointer.exists()

    def current(self) -> Path:
        """The file of the current version (resolves the pointer)."""
        if not self.pointer.exists():
            self._check_pointer()
            raise WarehouseMissing(
                f"没有找到数据仓库 / No warehouse at {self.pointer}: run `pingyi demo` or `pingyi ingest` first"
            )
        return Path(os.path.realpath(self.pointer))

    def versions(self) -> list[Path]:
        if not self.versions_dir.is_dir():
            return []
        return sorted(p for p in self.versions_dir.iterdir() if _VERSION_RE.match(p.name))

    def connect_read_only(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the current version (callers cache it per version)."""
        return duckdb.connect(str(self.current()), read_only=True)

    def needs_upgrade(self) -> bool:
        """The current version was written by other schema files (an older or newer Pingyi)."""
        with self.connect_read_only() as con:
            return stored_schema_hash(con) != schema_hash()

    def upgrade(self) -> bool:
        """Re-create the views in a new version when the schema changed; True when it did."""
        if not self.needs_upgrade():
            return False
        with self.write():
            pass  # write() applies the schema to the copy
        return True

    def rollback(self, guard: Callable[[Version], None] | None = None) -> Path:
        """Make the version the current one was built from current again: the last load undone whole.
        Rolling back twice undoes two loads; a load after a rollback builds on the rolled-back version.

        `guard(current)` runs under the writers' lock before anything moves and may raise RollbackRefused.
        Raises WarehouseMissing when there is no earlier version left to return to.
        """
        with self.lock():
            self._check_pointer()
            current = self.version(self.current())
            parent_version = self.parent(current)
            parent = parent_version.path if parent_version is not None else None
            if parent is None:
                raise WarehouseMissing(
                    f"没有更早的版本可回退(保留策略:{self.policy_zh()}) / no earlier version to roll back to "
                    f"(retention: {self.policy_en()})"
                )
            if guard is not None:
                guard(current)
            self._point_to(parent)
            return parent

    def policy_zh(self) -> str:
        age = f",且被取代不超过 {self.keep_days:g} 天" if self.keep_days else ""
        return f"保留当前版本及之前最多 {self.keep - 1} 个版本{age};上一版本总是保留"

    def policy_en(self) -> str:
        age = f", each superseded less than {self.keep_days:g} days ago" if self.keep_days else ""
        return f"the current version and up to {self.keep - 1} earlier ones{age}; the previous one is always kept"

    def version(self, path: Path) -> Version:
        """What a version file says about itself (its id, its parent's name and id) and when it was written."""
        with duckdb.connect(str(path), read_only=True) as con:
            try:
                meta = dict(
                    con.execute(
                        "select key, value from raw_meta where key in "
                        "('parent_version', 'version_id', 'parent_version_id')"
                    ).fetchall()
                )
            except duckdb.CatalogException:
                meta = {}
        return Version(
            path,
            meta.get("parent_version") or None,
            path.stat().st_mtime,
            meta.get("version_id"),
            meta.get("parent_version_id") or None,
        )

    def parent(self, version: Version) -> Version | None:
        """The version `version` was built from, when it is still here and is that very version: a file under the
        parent's name but with another id (a backup restored into another history, a warehouse started afresh)
        is not its parent, so a rollback never jumps into an unrelated history."""
        path = version.parent_path()
        if path is None or not path.exists():
            return None
        parent = self.version(path)
        if version.parent_id and parent.id != version.parent_id:
            return None
        return parent

    def chain(self, limit: int | None = None) -> list[Version]:
        """The current version, its parent, its parent's parent … while the files exist (at most `limit`)."""
        out: list[Version] = []
        path: Path | None = self.current()
        seen: set[Path] = set()
        if path is None or not path.exists():
            return out
        version: Version | None = self.version(path)
        while version is not None and version.path not in seen and (limit is None or len(out) < limit):
            seen.add(version.path)
            out.append(version)
            version = self.parent(version)
        return out

    def _point_to(self, target: Path) -> None:
        link_tmp = self.pointer.with_name(self.pointer.name + ".swap")
        _unlink(link_tmp)
        os.symlink(os.path.relpath(target, self.pointer.parent), link_tmp)
        os.replace(link_tmp, self.pointer)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """The writers' lock: loads from any process queue behind it (for at most `lock_timeout` seconds, then
        WarehouseLocked)."""
        self.pointer.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a+") as fh:
            deadline = None if self.lock_timeout is None else time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | (fcntl.LOCK_NB if deadline is not None else 0))
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise WarehouseLocked(
                            f"另一个载入或回退正在进行,等待 {self.lock_timeout:g} 秒后仍未结束;请稍后再试 / another "
                            f"load or rollback is still running after {self.lock_timeout:g} s; try again later "
                            f"(lock: {self.lock_path})"
                        ) from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _check_pointer(self) -> None:
        """Refuse to write beside a warehouse that is there but not pointed at."""
        if self.pointer.is_symlink() and not self.pointer.exists():
            raise WarehouseBroken(
                f"数据仓库指针 {self.pointer} 指向的版本文件 {os.readlink(self.pointer)} 不存在;请按"
                " docs/operations.md「备份与恢复」从备份恢复,或把指针指向现有版本 / the warehouse pointer "
                f"{self.pointer} names a version file that is missing ({os.readlink(self.pointer)}); restore it from "
                "a backup or point it at an existing version (docs/operations.md, Backup and restore)"
            )
        if not self.pointer.exists() and self.versions():
            raise WarehouseBroken(
                f"数据仓库指针 {self.pointer} 不存在,但 {self.versions_dir} 中有版本文件;请把指针指向最新版本"
                f"(docs/operations.md「备份与恢复」),或若要重新开始,先移走该文件夹 / the warehouse pointer "
                f"{self.pointer} is missing but {self.versions_dir} holds versions: point it at the latest one "
                "(docs/operations.md, Backup and restore), or move that folder away to start afresh"
            )

    @contextlib.contextmanager
    def write(self, *, commit: bool = True) -> Iterator[Writer]:
        """A read-write connection (`.con`) to a new version; swapped in when the block ends without error.

        With commit=False (dry runs), or when the block calls `.discard()` (nothing changed, or nothing
        loaded), the new version is thrown away — also when there is no warehouse yet: none is created.
        """
        with self.lock():
            self._check_pointer()
            self.versions_dir.mkdir(parents=True, exist_ok=True)
            self._remove_unfinished()
            existing = self.versions()
            number = int(_VERSION_RE.match(existing[-1].name).group(1)) + 1 if existing else 1
            target = self.versions_dir / f"v{number:06d}.duckdb"
            work = target.with_name(target.name + ".tmp")
            try:
                if self.pointer.exists():
                    shutil.copyfile(self.current(), work)
                con = duckdb.connect(str(work))
            except BaseException:  # a full disk fails the copy: leave no half copy behind
                self._remove_unfinished()
                raise
            writer = Writer(con)
            try:
                if stored_schema_hash(con) != schema_hash():  # a new file, or one written by another Pingyi
                    apply_schema(con, refresh=True)
                parent = self.current().name if self.pointer.exists() else ""
                con.execute("insert or replace into raw_meta values ('parent_version', ?)", [parent])
                # ids tell a parent from another file under its name (a backup restored into another history)
                parent_id = con.execute("select value from raw_meta where key = 'version_id'").fetchall()
                con.execute(
                    "insert or replace into raw_meta values ('parent_version_id', ?)",
                    [parent_id[0][0] if parent_id and parent else ""],
                )
                con.execute("insert or replace into raw_meta values ('version_id', ?)", [uuid.uuid4().hex])
                yield writer
                if commit and not writer.discarded:
                    refresh_marts(con)  # pages read the marts: rebuilt once per load, not per page view
                con.execute("checkpoint")
                compact = commit and not writer.discarded and should_compact(con)
            except BaseException:
                with contextlib.suppress(Exception):  # after a fatal error (disk full) closing may fail too
                    con.close()
                self._remove_unfinished()
                raise
            try:
                con.close()
            except BaseException:
                self._remove_unfinished()
                raise
            if not commit or writer.discarded:
                self._remove_unfinished()
                return
            try:
                if compact:
                    compact_file(work)
                os.replace(work, target)
            except BaseException:
                self._remove_unfinished()
                raise
            self._point_to(target)
            self._prune()

    def _remove_unfinished(self) -> None:
        for p in self.versions_dir.glob("*.tmp"):
            _unlink(p)
        for p in self.versions_dir.glob("*.tmp.wal"):
            _unlink(p)
        for p in self.versions_dir.glob("*.tmp.compact*"):
            _unlink(p)

    def _prune(self) -> None:
        """Remove every version the retention policy does not keep (see the module docstring) that no reader has
        open. A version some reader still reads is skipped and removed by a later load once it is let go, so disk
        holds at most `keep` files plus those being read."""
        try:
            kept = {v.path for v in self.kept()}
        except (duckdb.Error, OSError):
            return  # a version another program holds locked cannot be read: prune at a later load instead
        for old in self.versions():
            if old not in kept and not in_use(old):
                _unlink(old)

    def kept(self) -> list[Version]:
        """The versions the retention policy keeps: the chain from the current one back, cut by count and age
        (the current version and its parent always)."""
        chain = self.chain(limit=self.keep)
        now = time.time()
        for i in range(2, len(chain)):
            superseded = chain[i - 1].written  # chain[i] stopped being current when its child was written
            if self.keep_days and now - superseded > self.keep_days * 86400:
                return chain[:i]
        return chain


def free_share(con: duckdb.DuckDBPyConnection) -> tuple[float, int]:
    """(share of the file's blocks that are free, file size in bytes) of a connection's database."""
    total, free, block = con.execute(
        "select total_blocks, free_blocks, block_size from pragma_database_size() "
        "where database_name = current_database()"
    ).fetchall()[0]
    return (free / total if total else 0.0), total * block


def should_compact(con: duckdb.DuckDBPyConnection) -> bool:
    share, size = free_share(con)
    return share > COMPACT_FREE_SHARE and size >= COMPACT_MIN_BYTES


def compact_file(path: Path) -> None:
    """Rewrite a closed DuckDB file without its free blocks: tables, views and rows copied into a fresh file
    (COPY FROM DATABASE), which then replaces it. Nothing reads `path` while this runs (it is the unpublished
    work file of a load)."""
    fresh = path.with_name(path.name + ".compact")
    _unlink(fresh)
    try:
        with duckdb.connect(":memory:") as con:
            con.execute("attach ? as src (read_only)", [str(path)])
            con.execute("attach ? as dst", [str(fresh)])
            con.execute("copy from database src to dst")
            con.execute("detach dst")
            con.execute("detach src")
    except BaseException:
        _unlink(fresh)
        raise
    os.replace(fresh, path)


def in_use(path: Path) -> bool:
    """Some process has the version file open in DuckDB: another process holds DuckDB's lock on it (DuckDB
    takes a POSIX read lock when it opens a file read-only; asked with F_GETLK, which takes no lock), or this
    process has it open (POSIX locks never conflict within a process, so look at /proc/self/fd)."""
    real = os.path.realpath(path)
    with contextlib.suppress(OSError):
        for fd in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/self/fd/{fd}") == real:
                    return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        probe = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, probe)
        return struct.unpack("hhqqi", answer)[0] != fcntl.F_UNLCK
    except OSError:
        return False
    finally:
        # closing drops this process's POSIX locks on the file; no process of ours has it open (checked above)
        os.close(fd)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
