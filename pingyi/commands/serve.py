"""`pingyi serve`: the dashboard (Streamlit) on a warehouse file or a read-only Parquet lake."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pingyi.common import DbOption, console, load_settings
from pingyi.common import store as make_store
from warehouse.settings import Settings


def serve(
    db: DbOption = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8501).")] = None,
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Log visitors in automatically as a demo user, only while every institution is demo data.",
        ),
    ] = False,
    lake: Annotated[
        str | None,
        typer.Option(
            "--lake",
            help="Serve a read-only Parquet lake made by `pingyi export lake` (a folder, or s3:// gs:// https://) "
            "instead of the warehouse file; several replicas can serve one lake.",
        ),
    ] = None,
    lake_mode: Annotated[
        str,
        typer.Option(
            "--lake-mode",
            help="cached (default): copy the lake's current snapshot once into a local DuckDB file "
            "($PINGYI_LAKE_CACHE, else a temp folder) and serve from it at DuckDB-file speed; direct: query the "
            "Parquet files themselves (no local disk needed, slower pages).",
        ),
    ] = "cached",
) -> None:
    """Start the dashboard (Streamlit) on the given warehouse; visitors log in (users file) unless --demo."""
    settings = load_settings()
    store = make_store(db, settings)
    if lake:
        from warehouse import lake as lakes

        if not lakes.is_remote(lake):
            lake = str(Path(lake).absolute())
        if lake_mode not in lakes.LAKE_MODES:
            console.print(
                f"[red]--lake-mode 只能是 / must be one of: {', '.join(lakes.LAKE_MODES)} (got {lake_mode!r})"
            )
            raise typer.Exit(2)
        try:
            snap = lakes.snapshot(lake)
            console.print(
                f"只读数据湖快照 / read-only lake snapshot {snap.id} ({snap.manifest.get('created_at')})"
            )
            if lake_mode == "cached":
                copy = _lake_cache(snap.uri, settings.lake_cache)
                console.print(f"本地缓存 / local cache: {copy} ({copy.stat().st_size / 2**20:.1f} MiB)")
        except lakes.LakeError as err:
            console.print(f"[red]{err}")
            raise typer.Exit(1) from None
    elif not store.exists():
        console.print(
            f"[red]没有数据仓库 / no warehouse at {store.pointer}: run `pingyi demo` or `pingyi ingest` first"
        )
        raise typer.Exit(1)
    elif store.upgrade():
        console.print("数据仓库视图已按新版本更新 / warehouse views upgraded to this version of Pingyi")
    import dashboard

    # the served app: dashboard/app.py inside dashboard/server.py's st.App (session cookie, logout, metrics gate)
    entry = Path(dashboard.__file__).with_name("server.py")
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(entry),
        "--server.address",
        host or settings.host,
        "--server.port",
        str(port or settings.port),
        *_serve_hardening(settings),
        "--",
        *server_arguments(store.pointer, demo=demo, lake=lake, lake_mode=lake_mode),
    ]
    console.print(
        f"仪表盘 / dashboard: http://{host or settings.host}:{port or settings.port}  ({lake or store.pointer})"
    )
    # replace this process with Streamlit so that signals (Ctrl-C, SIGTERM from a supervisor) reach the server;
    # it runs in the config folder (not in site-packages), where .streamlit/config.toml overrides may live
    config_dir = settings.config_dir.expanduser().absolute()
    os.chdir(config_dir if config_dir.is_dir() else Path.home())
    os.execv(sys.executable, cmd)


def _serve_hardening(settings: Settings) -> list[str]:
    """Streamlit options `pingyi serve` always sets (flags win over every config file), and the secrets file from
    the config folder ($PINGYI_CONFIG_DIR/secrets.toml: the [auth] section for single sign-on)."""
    flags = [
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--theme.base",
        "light",
        "--server.enableXsrfProtection",
        "true",
        "--client.showErrorDetails",
        "none",
        "--client.disableDataExport",
        "true",
        "--client.toolbarMode",
        "viewer",
        "--server.runOnSave",
        "false",
    ]
    secrets = settings.config_dir.expanduser().absolute() / "secrets.toml"
    if secrets.is_file():
        flags += ["--secrets.files", str(secrets)]
    return flags


def server_arguments(pointer: Path, *, demo: bool, lake: str | None, lake_mode: str) -> list[str]:
    """What this command tells the dashboard server (after `--`; dashboard/config.py reads them into its
    Settings, over the environment): always all four, so that an inherited PINGYI_AUTH or PINGYI_LAKE cannot
    switch demo mode or a lake on when this command line did not ask for it."""
    return [
        "--db",
        str(pointer),
        "--auth",
        "demo" if demo else "password",
        "--lake",
        lake or "",
        "--lake-mode",
        lake_mode,
    ]


def _lake_cache(snap_uri: str, cache_dir: Path | None) -> Path:
    """Build (or find) the replica's local copy of the snapshot before Streamlit starts, with a progress bar, so
    that the first visitor does not wait for it."""
    from warehouse import lake as lakes

    with Progress(
        TextColumn("[bold]复制数据湖快照到本地缓存 / caching the lake snapshot"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[name]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("cache", total=len(lakes.TABLES), name="")

        def on_table(name: str, done: int, total: int) -> None:
            progress.update(task, completed=done, name=name)

        return lakes.cached_file(snap_uri, cache_dir=cache_dir, on_table=on_table)


_plugins_loaded: set[str] = set()
