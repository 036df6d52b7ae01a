"""The `pingyi` command line: demo, ingest, serve, users, rollback, export (the contract in DESIGN.md "Command
line"). The composition root: each command lives in pingyi.commands and is registered here."""

from __future__ import annotations

from typing import Annotated

import typer

from pingyi.commands import demo, export, history, ingest, serve, users
from pingyi.common import out

app = typer.Typer(
    name="pingyi",
    help="评议 Pingyi: 述职评议 results into a DuckDB warehouse and a dashboard.",
    no_args_is_help=True,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

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


app.command()(demo.demo)
app.command()(ingest.ingest)
app.command()(history.rollback)
app.add_typer(users.app, name="users")
app.command("extract-article")(demo.extract_article)
app.command()(serve.serve)
app.add_typer(export.app, name="export")


def main() -> None:
    """The `pingyi` console script."""
    app()


if __name__ == "__main__":
    main()
