"""`pingyi users`: users, roles and the institutions each may see."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pingyi.common import console, load_settings, out

app = typer.Typer(
    help="Users, roles and the institutions each may see (密码以 argon2 哈希保存).", no_args_is_help=True
)
UsersFile = Annotated[
    Path | None,
    typer.Option(
        "--users-file", help="Users file (default: $PINGYI_USERS_FILE, else ~/.config/pingyi/users.json)."
    ),
]


def _users(users_file: Path | None):
    from warehouse.access import UserStore

    return UserStore(users_file or load_settings().users_file)


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("密码 / password", hide_input=True, confirmation_prompt=True)


@app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option(help="viewer | analyst | admin")] = "viewer",
    institution: Annotated[
        list[str] | None,
        typer.Option("--institution", "-i", help="Grant an institution (name or id); repeat."),
    ] = None,
    all_institutions: Annotated[bool, typer.Option("--all", help="Grant every institution.")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    users_file: UsersFile = None,
) -> None:
    """Add a user with a role and the institutions they may see."""
    from warehouse.access import AccessError

    if all_institutions == bool(institution):
        console.print(
            "[red]请给出 --institution(可重复)或 --all 之一 / give --institution (repeatable) or --all"
        )
        raise typer.Exit(2)
    try:
        user = _users(users_file).add(
            name, _password(password_stdin), role, None if all_institutions else institution
        )
    except AccessError as err:
        console.print(f"[red]{err}")
        raise typer.Exit(1) from None
    out.print(
        f"已添加 / added {user.name} ({user.role}): {'全部 / all' if user.institutions is None else '、'.join(user.institutions)}"
    )


@app.command("list")
def users_list(users_file: UsersFile = None) -> None:
    """List users, roles and grants (never passwords)."""
    for user in _users(users_file).list():
        grants = "全部 / all" if user.institutions is None else "、".join(user.institutions)
        out.print(f"{user.name:20} {user.role:8} {grants}")


@app.command("remove")
def users_remove(name: str, users_file: UsersFile = None) -> None:
    """Remove a user."""
    from warehouse.access import AccessError

    try:
        _users(users_file).remove(name)
    except AccessError as err:
        console.print(f"[red]{err}")
        raise typer.Exit(1) from None
    out.print(f"已删除 / removed {name}")


@app.command("passwd")
def users_passwd(
    name: str,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
    users_file: UsersFile = None,
) -> None:
    """Set a user's password."""
    from warehouse.access import AccessError

    try:
        _users(users_file).set_password(name, _password(password_stdin))
    except AccessError as err:
        console.print(f"[red]{err}")
        raise typer.Exit(1) from None
    out.print(f"密码已更新 / password changed for {name}")
