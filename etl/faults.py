"""Faults in words: what the command line says, in Chinese and English, when the machine gets in the way.

A full disk, a folder it may not write, a warehouse locked by another program or missing, a NUL in a name: each
becomes one message naming what to do (exit 1, no traceback). The store writes each load into a copy and moves
the pointer only when the copy is complete, so after any of these the previous version is still current and
whole; the messages say so.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse.store import RollbackRefused, WarehouseBroken, WarehouseLocked, WarehouseMissing

UNCHANGED_ZH = "未写入任何内容,当前版本保持不变"
UNCHANGED_EN = "nothing was written and the current version is unchanged"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _errno(exc: BaseException) -> int | None:
    """The OS error behind an exception: an OSError's errno, or the one DuckDB names in its message."""
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno:
            return e.errno
        text = str(e)
        if isinstance(e, duckdb.Error):
            for code, words in (
                (errno.ENOSPC, "No space left on device"),
                (errno.EDQUOT, "Disk quota exceeded"),
                (errno.EACCES, "Permission denied"),
                (errno.EROFS, "Read-only file system"),
            ):
                if words in text:
                    return code
    return None


def explain(exc: BaseException, folder: Path) -> str:
    """One bilingual message for a fault met while working on the warehouse in `folder`."""
    from pydantic import ValidationError

    from etl.scope import LoadRefused
    from warehouse.access import AccessError

    if isinstance(
        exc,
        WarehouseMissing | WarehouseBroken | WarehouseLocked | RollbackRefused | LoadRefused | AccessError,
    ):
        return str(exc)
    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"PINGYI_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        return f"设置有误,请改正环境变量 / invalid setting, correct the environment variable: {problems}"
    code = _errno(exc)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"磁盘空间不足,{UNCHANGED_ZH};请在 {folder} 所在的磁盘上释放空间(或调低 PINGYI_VERSIONS_KEEP)后重试 / "
            f"the disk is full: {UNCHANGED_EN}; free space on the disk holding {folder} (or lower "
            "PINGYI_VERSIONS_KEEP) and try again"
        )
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"没有写入 {folder} 的权限,{UNCHANGED_ZH};请以拥有该文件夹的用户运行,或修正其权限 / no permission to "
            f"write {folder}: {UNCHANGED_EN}; run as the user who owns the folder, or fix its permissions"
        )
    if code == errno.EROFS:
        return (
            f"{folder} 所在的文件系统是只读的,{UNCHANGED_ZH};请把数据仓库放在可写的磁盘上(PINGYI_DB) / the file "
            f"system holding {folder} is read-only: {UNCHANGED_EN}; keep the warehouse on a writable disk "
            "(PINGYI_DB)"
        )
    text = " ".join(str(e) for e in _chain(exc))
    if isinstance(exc, duckdb.Error) and ("Could not set lock" in text or "Conflicting lock" in text):
        return (
            f"数据仓库文件被另一个程序以读写方式打开(例如未加 -readonly 的 duckdb),{UNCHANGED_ZH};请关闭该程序后重试 / "
            f"the warehouse file is held open for writing by another program (e.g. duckdb without -readonly): "
            f"{UNCHANGED_EN}; close it and try again"
        )
    if "embedded null" in text:
        return (
            "路径或名称中含 NUL 字符,无法使用;请重命名后重试 / a path or name holds a NUL character and cannot be "
            "used; rename it and try again"
        )
    return (
        f"意外错误({type(exc).__name__}: {str(exc)[:300]}),{UNCHANGED_ZH};审计日志已记录,请报告此问题 / unexpected "
        f"error ({type(exc).__name__}: {str(exc)[:300]}): {UNCHANGED_EN}; it is in the audit log, please report it"
    )
