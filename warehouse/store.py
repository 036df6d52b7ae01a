"""The versioned warehouse: immutable DuckDB files behind an atomic pointer, written under a file lock.

`PATH` (e.g. data/pingyi.duckdb) is a symbolic link to `PATH.versions/vNNNNNN.duckdb`. A load copies the
current version, writes into the copy, closes it and swaps the link with os.replace, holding `PATH.lock`
so loads queue. Readers open the file the link points to read-only and reopen when it moves. A crash
mid-load leaves the current version untouched; the unfinished copy is removed by the next writer.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.schema import apply_schema, refresh_marts, schema_hash, stored_schema_hash

_VERSION_RE = re.compile(r"^v(\d{6})\.duckdb$")
KEEP_VERSIONS = 3  # current + two earlier, for rollback; older files are removed
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


@dataclass(frozen=True)
class Store:
    """A warehouse addressed by its pointer path."""

    pointer: Path

    @classmethod
    def at(cls, path: str | os.PathLike[str]) -> Store:
        return cls(Path(path).absolute())

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

    def rollback(self) -> Path:
        """Make the version the current one was built from current again: the last load undone whole.
        Rolling back twice undoes two loads; a load after a rollback builds on the rolled-back version.

        Raises WarehouseMissing when there is no earlier version left to return to.
        """
        with self.lock():
            current = self.current()
            with duckdb.connect(str(current), read_only=True) as con:
                try:
                    rows = con.execute("select value from raw_meta where key = 'parent_version'").fetchall()
                except duckdb.CatalogException:
                    rows = []
            parent = self.versions_dir / rows[0][0] if rows and rows[0][0] else None
            if parent is None or not parent.exists():
                raise WarehouseMissing(
                    f"没有更早的版本可回退 / no earlier version to roll back to (kept: {KEEP_VERSIONS})"
                )
            self._point_to(parent)
            return parent

    def _point_to(self, target: Path) -> None:
        link_tmp = self.pointer.with_name(self.pointer.name + ".swap")
        _unlink(link_tmp)
        os.symlink(os.path.relpath(target, self.pointer.parent), link_tmp)
        os.replace(link_tmp, self.pointer)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """The writers' lock: loads from any process queue behind it."""
        self.pointer.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def write(self, *, commit: bool = True) -> Iterator[Writer]:
        """A read-write connection (`.con`) to a new version; swapped in when the block ends without error.

        With commit=False (dry runs), or when the block calls `.discard()` (nothing changed), the new
        version is thrown away.
        """
        with self.lock():
            self.versions_dir.mkdir(parents=True, exist_ok=True)
            self._remove_unfinished()
            existing = self.versions()
            number = int(_VERSION_RE.match(existing[-1].name).group(1)) + 1 if existing else 1
            target = self.versions_dir / f"v{number:06d}.duckdb"
            work = target.with_name(target.name + ".tmp")
            if self.pointer.exists():
                shutil.copyfile(self.current(), work)
            con = duckdb.connect(str(work))
            writer = Writer(con)
            try:
                if stored_schema_hash(con) != schema_hash():  # a new file, or one written by another Pingyi
                    apply_schema(con, refresh=True)
                parent = self.current().name if self.pointer.exists() else ""
                con.execute("insert or replace into raw_meta values ('parent_version', ?)", [parent])
                yield writer
                if commit and not writer.discarded:
                    refresh_marts(con)  # pages read the marts: rebuilt once per load, not per page view
                con.execute("checkpoint")
                compact = commit and not writer.discarded and should_compact(con)
            except BaseException:
                con.close()
                _unlink(work)
                raise
            con.close()
            if not commit or (writer.discarded and self.pointer.exists()):
                _unlink(work)
                return
            if compact:
                compact_file(work)
            os.replace(work, target)
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
        """Remove versions older than the last KEEP_VERSIONS (never the current one) that no reader has open.
        A version some reader still reads is skipped and removed by a later load once it is let go, so disk
        holds at most KEEP_VERSIONS files plus those being read."""
        current = self.current()
        for old in self.versions()[:-KEEP_VERSIONS]:
            if old != current and not in_use(old):
                _unlink(old)


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
