"""The `pingyi` command line: demo, ingest, serve, users, rollback, export (the contract in DESIGN.md "Command
line"). The composition root: each command lives in pingyi.commands and is registered here.

A command's module is imported only when that command runs (or when help lists it): `pingyi ingest` does not
load the dashboard's, the exports' or the users' modules (and what they import) to start."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup
from typer.models import CommandInfo

# name → (module of pingyi.commands, attribute, a command function or a typer app), in the order --help lists
# them (typer lists commands before groups)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "demo": ("demo", "demo", "command"),
    "ingest": ("ingest", "ingest", "command"),
    "rollback": ("history", "rollback", "command"),
    "extract-article": ("demo", "extract_article", "command"),
    "serve": ("serve", "serve", "command"),
    "users": ("users", "app", "group"),
    "export": ("export", "app", "group"),
}


class _LazyCommands(MutableMapping):
    """The commands of the group by name; a command is built (its module imported) when it is looked up."""

    def __init__(self, group: _LazyGroup):
        self._group = group
        self._built: dict[str, Any] = {}
        self._added: dict[str, Any] = {}

    def __getitem__(self, name: str):
        if name in self._added:
            return self._added[name]
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = self._group.build(name)
        return self._built[name]

    def __setitem__(self, name: str, command) -> None:
        self._added[name] = command

    def __delitem__(self, name: str) -> None:
        del self._added[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (n for n in self._added if n not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(n not in COMMANDS for n in self._added)


class _LazyGroup(TyperGroup):
    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands(self)

    def build(self, name: str):
        module, attr, kind = COMMANDS[name]
        target = getattr(importlib.import_module(f"pingyi.commands.{module}"), attr)
        if kind == "group":
            group = typer.main.get_group(target)
            group.name = name
            return group
        return typer.main.get_command_from_info(
            CommandInfo(name=name, callback=target),
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
        )


app = typer.Typer(
    name="pingyi",
    help="评议 Pingyi: 述职评议 results into a DuckDB warehouse and a dashboard.",
    no_args_is_help=True,
    add_completion=False,
    cls=_LazyGroup,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        from pingyi.common import out

        try:
            out.print(f"pingyi {version('pingyi')}")
        except PackageNotFoundError:
            out.print("pingyi (not installed)")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """评议 Pingyi: 述职评议 results into a DuckDB warehouse and a dashboard."""


def main() -> None:
    """The `pingyi` console script."""
    app()


if __name__ == "__main__":
    main()
