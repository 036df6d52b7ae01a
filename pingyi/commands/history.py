"""`pingyi rollback` and `--user` for the command line (the rules are in warehouse.access and warehouse.store): who
acts, what can be undone, and the rollback itself with its audit record."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from pingyi.common import (
    ClientOption,
    DbOption,
    LoadedByOption,
    UserOption,
    console,
    fault,
    load_settings,
    out,
)
from pingyi.common import store as make_store
from warehouse import audit
from warehouse.access import UserStore, WriteScope, rollback_guard, undo_steps
from warehouse.settings import Settings
from warehouse.store import RollbackRefused, Store


def write_scope(
    user: str | None, users_file: Path | None, store: Store, settings: Settings, event: str
) -> WriteScope | None:
    """The WriteScope of --user (None without it: the operator, every institution); exit 1 for an unknown user."""
    if not user:
        return None
    users_file = users_file or settings.users_file
    try:
        found = UserStore(users_file).get(user)
    except (OSError, ValueError) as err:
        console.print(
            f"用户文件无法读取 / the users file cannot be read: {users_file} ({err})",
            style="red",
            markup=False,
        )
        raise typer.Exit(1) from None
    if found is None:
        audit.record(store.pointer, event, user=user, outcome="refused", reason="unknown user")
        console.print(
            f"用户文件 {users_file} 中没有此用户 / no such user in {users_file}: {user}",
            style="red",
            markup=False,
        )
        raise typer.Exit(1)
    return WriteScope.of(found)


def rollback(
    db: DbOption = None,
    list_only: Annotated[
        bool,
        typer.Option("--list", help="Show the kept versions and which loads can be undone; change nothing."),
    ] = False,
    user: UserOption = None,
    client: ClientOption = "",
    loaded_by: LoadedByOption = None,
    users_file: Annotated[Path | None, typer.Option("--users-file", help="Users file for --user.")] = None,
) -> None:
    """Undo the last load: the previous warehouse version becomes current again (--list: what can be undone)."""
    settings = load_settings()
    store = make_store(db, settings)
    scope = write_scope(user, users_file, store, settings, "rollback_refused")
    rollback_command(
        store,
        scope,
        settings,
        list_only=list_only,
        fault=fault,
        client=" ".join(client.split())[:100],
        acting=" ".join((loaded_by or "").split())[:100],
    )


def rollback_command(
    store: Store,
    scope: WriteScope | None,
    settings: Settings,
    *,
    list_only: bool,
    fault: Callable[[BaseException, Store], typer.Exit],
    client: str = "",
    acting: str = "",
) -> None:
    """Undo the last load (or, with list_only, say what can be undone) as `scope`; every outcome is audited."""
    who = {
        "user": scope.user if scope else acting or settings.user or os.environ.get("USER", ""),
        "role": scope.role if scope else "admin",
        "client": client,
    }
    if list_only:
        try:
            steps, oldest = undo_steps(store, scope)
        except Exception as err:  # noqa: BLE001 - every fault becomes words, never a traceback
            raise fault(err, store) from None
        print_undo_steps(store, steps, oldest)
        return

    def batches() -> dict[str, str]:
        with store.connect_read_only() as con:
            return dict(con.execute("select batch_id, source from etl_batches").fetchall())

    try:
        before = batches()
        undone_version = store.current().name
        target = store.rollback(guard=rollback_guard(scope) if scope is not None else None)
    except RollbackRefused as err:
        audit.record(store.pointer, "rollback_refused", outcome="refused", reason=str(err), **who)
        raise fault(err, store) from None
    except Exception as err:  # noqa: BLE001 - every fault becomes words, never a traceback
        audit.record(store.pointer, "rollback", outcome="failed", error=f"{type(err).__name__}: {err}", **who)
        raise fault(err, store) from None
    undone = {b: s for b, s in before.items() if b not in batches()}
    audit.record(
        store.pointer,
        "rollback",
        outcome="ok",
        undone=undone_version,
        current=target.name,
        batches=sorted(undone),
        **who,
    )
    out.print(f"已回退到 / rolled back to {target.name}; 撤销的批次 / batches undone: {len(undone)}")
    for batch, source in sorted(undone.items()):
        out.print(f"  {batch}  {source}")


def print_undo_steps(store: Store, steps, oldest) -> None:
    def when(ts: float) -> str:
        return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

    out.print(f"保留策略 / retention: {store.policy_zh()} / {store.policy_en()}")
    if oldest is None:
        out.print(f"没有数据仓库 / no warehouse at {store.pointer}")
        return
    current = steps[0].version if steps else oldest.name
    out.print(f"当前版本 / current version: {current}")
    for step in steps:
        verdict = "可撤销 / can undo" if step.allowed else "不可撤销 / cannot undo"
        out.print(f"{step.number}. {step.version} → {step.back_to}  ({when(step.written)})  {verdict}")
        if not step.allowed:
            out.print(f"   {step.reason}")
            continue
        for b in step.batches:
            out.print(f"   {b['batch_id']}  {b['status']:9} {b['source']}  ({b['loaded_by'] or '-'})")
        if not step.batches:
            out.print("   (不是载入,例如视图升级 / not a load, e.g. a views upgrade)")
    if oldest.parent_path() is not None and oldest.parent_path().exists():
        out.print(
            f"{oldest.name} 是从备份恢复的副本,其之前的历史不在此处,不能再回退 / {oldest.name} is a copy restored from a "
            "backup: the history before it is not here (a file under its parent's name is another version), so it "
            "cannot be undone"
        )
    elif oldest.parent is None:
        out.print(
            f"{oldest.name} 是第一个版本,其载入不能撤销 / {oldest.name} is the first version: its load cannot "
            "be undone"
        )
    else:
        out.print(
            f"{oldest.name} 是最早保留的版本;它之前的 {oldest.parent} 已按保留策略删除,不能再回退 / "
            f"{oldest.name} is the oldest version kept: {oldest.parent} before it was removed by the retention "
            "policy, so its load cannot be undone"
        )
