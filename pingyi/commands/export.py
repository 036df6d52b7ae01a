"""`pingyi export`: charts, tables and the briefing pack from the command line, through the same functions of
dashboard/ as the dashboard's download buttons, and the Parquet lake (warehouse.lake)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pingyi.common import load_settings, store

app = typer.Typer(
    help="导出图表、数据与简报 / export charts, their data and the briefing pack.", no_args_is_help=True
)
console = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse pointer path (default: $PINGYI_DB, else data/pingyi.duckdb)."),
]
OutOption = Annotated[Path, typer.Option("--out", help="Folder to write into (created when missing).")]
UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        help="Export only what this user of the users file ($PINGYI_USERS_FILE) may see (default: everything).",
    ),
]


def _cursor(db: Path | None):
    from warehouse.store import Store

    store = Store.at(load_settings().db_path(db))
    if not store.exists():
        console.print(
            f"[red]没有数据仓库 / no warehouse at {store.pointer}: run `pingyi demo` or `pingyi ingest` first"
        )
        raise typer.Exit(1)
    return store.connect_read_only()


def _scope(cur, user: str | None):
    """Everything for the local operator; with --user, that user's grant."""
    from warehouse.access import Scope, UserStore, scope_for

    if not user:
        return Scope.everything()
    users_file = load_settings().users_file
    entry = UserStore(users_file).get(user)
    if entry is None:
        console.print(f"[red]没有此用户 / no such user: {user} ({users_file})")
        raise typer.Exit(2)
    return scope_for(cur, entry.institutions)


def _ids(cur, names: str | None, scope) -> list[str] | None:
    from dashboard.pack import resolve_institution

    if not names:
        return None
    try:
        return [
            resolve_institution(cur, n, scope=scope) for n in names.replace("，", ",").split(",") if n.strip()
        ]
    except ValueError as err:
        console.print(f"[red]{err}")
        raise typer.Exit(2) from None


def _write(
    out: Path, name: str, data: bytes, started: float, *, db: Path | None = None, user: str | None = None
) -> None:
    import os

    from warehouse import audit

    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    path.write_bytes(data)
    print(f"{path}  ({len(data):,} bytes, {time.perf_counter() - started:.1f} s)")
    # the shell's exports are recorded like the dashboard's: what, by whom (the --user, else the OS account)
    pointer = load_settings().db_path(db)
    audit.record(
        pointer,
        "export",
        user=user or os.environ.get("USER", ""),
        role="" if user else "operator",
        client="cli",
        what=name,
        format=path.suffix.lstrip("."),
        bytes=len(data),
    )


@app.command()
def chart(
    fmt: Annotated[str | None, typer.Option("--format", help="png | svg | pdf | csv | xlsx")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write into (created when missing).")
    ] = None,
    view: Annotated[
        str | None,
        typer.Option(
            "--view", help="The view to export (every chart and table of the dashboard; --list names them)."
        ),
    ] = None,
    chart: Annotated[
        str | None, typer.Option("--chart", help="Same as --view (kept for older scripts).")
    ] = None,
    page: Annotated[
        str | None, typer.Option(help="Ignored; kept for older scripts (views have unique names).")
    ] = None,
    db: DbOption = None,
    institutions: Annotated[
        str | None, typer.Option(help="Names or ids, comma-separated (default: all).")
    ] = None,
    year_from: Annotated[int | None, typer.Option(help="First year.")] = None,
    year_to: Annotated[int | None, typer.Option(help="Last year.")] = None,
    unit_types: Annotated[
        str | None, typer.Option(help="affiliated_hospital,college,branch,administrative")
    ] = None,
    metric: Annotated[
        str | None,
        typer.Option(
            help="good_rate (default) | positive_rate | share_good | score; without it, share_good where the "
            "selection published grades only"
        ),
    ] = None,
    institution: Annotated[
        str | None, typer.Option(help="One institution (name or id): overview and rotation views.")
    ] = None,
    year: Annotated[int | None, typer.Option(help="One year: overview views.")] = None,
    unit: Annotated[str | None, typer.Option(help="A unit id: unit profile views.")] = None,
    year_a: Annotated[int | None, typer.Option(help="First year of the slope view.")] = None,
    year_b: Annotated[int | None, typer.Option(help="Second year of the slope view.")] = None,
    cycle: Annotated[int, typer.Option(help="Rotation cycle in years (rotation view).")] = 3,
    search: Annotated[str | None, typer.Option(help="Report search (reports view).")] = None,
    lang: Annotated[str, typer.Option(help="zh (default) or en: captions, columns and file names.")] = "zh",
    list_views: Annotated[bool, typer.Option("--list", help="List the views and what each answers.")] = False,
    user: UserOption = None,
) -> None:
    """One chart or table of the dashboard (a view), for these filters, as an image or its data."""
    from dashboard import export, render, views
    from dashboard.labels import METRIC_ZH
    from pingyi.common import load_settings
    from warehouse.queries import Filters

    started = time.perf_counter()
    if list_views:
        for name, v in sorted(views.VIEWS.items()):
            needs = (
                f"  (needs {', '.join('--' + n.replace('_id', '').replace('_', '-') for n in v.needs)})"
                if v.needs
                else ""
            )
            print(f"{name:20} {v.page:9} {v.question}{needs}")
        return
    if fmt is None or out is None:
        console.print(
            "[red]请用 --format 和 --out 指定格式与输出文件夹 / give --format and --out "
            "(pingyi export chart --list lists the views)"
        )
        raise typer.Exit(2)
    name = view or chart
    if not name:
        console.print(
            "[red]请用 --view 指定视图 / name a view with --view (pingyi export chart --list lists them)"
        )
        raise typer.Exit(2)
    try:
        views.get(name)
    except ValueError as err:
        console.print(f"[red]{err}")
        raise typer.Exit(2) from None
    if fmt not in export.FORMATS:
        console.print(f"[red]未知格式 / unknown format {fmt!r}; choose one of {', '.join(export.FORMATS)}")
        raise typer.Exit(2)
    if metric is not None and metric not in METRIC_ZH:
        console.print(f"[red]未知指标 / unknown metric {metric!r}; choose one of {', '.join(METRIC_ZH)}")
        raise typer.Exit(2)
    if lang not in ("zh", "en"):
        console.print(f"[red]--lang 只能是 zh 或 en / --lang must be zh or en (got {lang!r})")
        raise typer.Exit(2)
    con = _cursor(db)
    try:
        cur = con.cursor()
        scope = _scope(cur, user)
        ids = _ids(cur, institutions, scope)
        focus = _ids(cur, institution, scope)
        types = tuple(t.strip() for t in unit_types.split(",")) if unit_types else None
        metric = _metric_for(cur, scope, ids, year_from, year_to, metric)
        selection = Filters(scope, tuple(ids) if ids else None, year_from, year_to, types, metric)
        ask = views.Ask(
            selection,
            lang,
            institution=focus[0] if focus else None,
            year=year,
            unit_id=unit,
            year_a=year_a,
            year_b=year_b,
            cycle=cycle,
            search=search,
        )
        # votes of unit-years with fewer raters than PINGYI_MIN_VOTERS are withheld, as on the dashboard
        questions = views.CursorQuestions(
            cur, str(store(db).current()), min_voters=load_settings().min_voters
        )
        try:
            file_name, data = views.export_view(name, questions, ask, fmt)
        except render.ExportUnavailable as err:
            console.print(f"[red]{err}")
            raise typer.Exit(3) from None
        except LookupError as err:
            console.print(f"[red]{err}")
            raise typer.Exit(1) from None
        except ValueError as err:
            console.print(f"[red]{err}")
            raise typer.Exit(2) from None
        _write(out, file_name, data, started, db=db, user=user)
    finally:
        con.close()


def _metric_for(
    cur, scope, ids: list[str] | None, year_from: int | None, year_to: int | None, metric: str | None
) -> str:
    """The metric to export: the one asked for, or (none asked) the default, which becomes the share of units
    graded 好 where the selection published grades only; a metric the selection cannot have is refused (exit 1)."""
    from dashboard import coverage
    from warehouse import queries

    found = queries.result_coverage(
        cur, queries.Filters(scope=scope, institutions=ids, year_from=year_from, year_to=year_to)
    )
    choice = coverage.choose(found, metric or queries.DEFAULT_METRIC, explicit=metric is not None)
    # the command line has no language setting: its messages say both (the dashboard shows one language)
    en = coverage.choose(found, metric or queries.DEFAULT_METRIC, explicit=metric is not None, lang="en")

    def for_cli(text: str, english: str | None) -> str:
        zh = text.replace("在侧栏“指标”中选择", "用 --metric share_good 选择")
        return f"{zh} / {english}" if english else zh

    if choice.blocked:
        console.print(f"[red]{for_cli(choice.blocked, en.blocked)}")
        raise typer.Exit(1)
    if choice.note:
        console.print(f"[yellow]{for_cli(choice.note, en.note)}")
    return choice.metric


@app.command()
def pack(
    institution: Annotated[str, typer.Option(help="Institution name (or id).")],
    year: Annotated[int, typer.Option(help="Appraisal year.")],
    fmt: Annotated[str, typer.Option("--format", help="pptx | pdf")],
    out: OutOption,
    db: DbOption = None,
    peers: Annotated[str | None, typer.Option(help="Peer institutions, comma-separated names.")] = None,
    lang: Annotated[str, typer.Option(help="zh (default) or en: the pack's language and file name.")] = "zh",
    user: UserOption = None,
) -> None:
    """The briefing pack (简报) of one institution and year, as PPTX or PDF."""
    from dashboard import pack as packs
    from dashboard import render

    started = time.perf_counter()
    if fmt not in packs.PACK_FORMATS:
        console.print(
            f"[red]未知格式 / unknown format {fmt!r}; choose one of {', '.join(packs.PACK_FORMATS)}"
        )
        raise typer.Exit(2)
    if lang not in ("zh", "en"):
        console.print(f"[red]--lang 只能是 zh 或 en / --lang must be zh or en (got {lang!r})")
        raise typer.Exit(2)
    con = _cursor(db)
    try:
        cur = con.cursor()
        scope = _scope(cur, user)
        (inst,) = _ids(cur, institution, scope)
        try:
            data = packs.briefing_pack(
                cur,
                scope=scope,
                institution_id=inst,
                year=year,
                peers=_ids(cur, peers, scope) or [],
                fmt=fmt,
                lang=lang,
            )
        except render.ExportUnavailable as err:
            console.print(f"[red]{err}")
            raise typer.Exit(3) from None
        except ValueError as err:
            console.print(f"[red]{err}")
            raise typer.Exit(1) from None
        _write(
            out,
            packs.pack_file_name(cur, scope=scope, institution_id=inst, year=year, fmt=fmt, lang=lang),
            data,
            started,
            db=db,
            user=user,
        )
    finally:
        con.close()


@app.command("lake")
def lake_command(
    directory: Annotated[
        Path, typer.Argument(help="Lake folder (created when missing); a new snapshot each time.")
    ],
    db: DbOption = None,
    partition_by: Annotated[
        str,
        typer.Option(
            help="Partition keys of the facts: year (default; engines list it in well under a second) or "
            "year,institution_id (one folder per institution-year: Spark needs 10–48 s to list a national lake)."
        ),
    ] = "year",
) -> None:
    """The warehouse as Hive-partitioned Parquet (year=) for read-only replicas, Spark and Trino; DIR/current is the
    stable path, DIR/current/_schema/ holds Spark and Trino DDL."""

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from warehouse import lake
    from warehouse.store import Store, WarehouseMissing

    started = time.perf_counter()
    settings = load_settings()
    store = Store.at(settings.db_path(db))
    keys = [k.strip() for k in partition_by.replace("，", ",").split(",") if k.strip()]
    counts: list[tuple[str, int, int]] = []
    with Progress(
        TextColumn("[bold]导出数据湖 / exporting lake"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("tables"),
        TextColumn("{task.fields[name]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("lake", total=len(lake.TABLES), name="")

        def on_table(name: str, rows: int, files: int) -> None:
            counts.append((name, rows, files))
            progress.update(task, advance=1, name=name)

        try:
            snap = lake.export_lake(
                store,
                directory,
                partition_by=keys,
                on_table=on_table,
                threads=settings.lake_export_threads,
                min_voters=settings.min_voters,  # votes of smaller electorates are withheld in the lake
            )
        except WarehouseMissing as err:
            console.print(f"[red]{err}")
            raise typer.Exit(1) from None
        except lake.LakeError as err:
            console.print(f"[red]{err}")
            raise typer.Exit(2) from None
    for name, rows, files in counts:
        print(f"{name:20} {rows:>10,} rows  {files:>6,} files")
    size = sum(t["bytes"] for t in snap.manifest["tables"].values())
    print(
        f"快照 / snapshot {snap.id} → {directory.absolute() / lake.CURRENT}  "
        f"({size / 2**20:.1f} MiB, {time.perf_counter() - started:.1f} s, from {snap.manifest['source_version']})"
    )
    print(
        f"稳定路径 / stable path {directory.absolute() / lake.CURRENT_LINK}  (DDL: {lake.CURRENT_LINK}/_schema/)"
    )


@app.command("lake-schema")
def lake_schema_command(
    directory: Annotated[
        str, typer.Argument(help="The lake (a folder made by `pingyi export lake`, or s3:// …).")
    ],
    dialect: Annotated[str, typer.Option(help="spark or trino.")] = "spark",
    location: Annotated[
        str | None,
        typer.Option(
            help="The lake's `current` path as the engine sees it, e.g. s3a://bucket/lake/current "
            "(default: DIR/current)."
        ),
    ] = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Print what to run after an export instead of CREATE TABLE.")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="DROP TABLE IF EXISTS before each CREATE (to re-point tables; no file is deleted).",
        ),
    ] = False,
) -> None:
    """CREATE TABLE statements (Spark SQL or Trino) for every table of the lake, from its manifest, on stdout."""
    from warehouse import lake, lake_schema

    if dialect not in lake_schema.DIALECTS:
        console.print(
            f"[red]--dialect 只能是 / must be one of: {', '.join(lake_schema.DIALECTS)} (got {dialect!r})"
        )
        raise typer.Exit(2)
    try:
        snap = lake.snapshot(directory)
    except lake.LakeError as err:
        console.print(f"[red]{err}")
        raise typer.Exit(1) from None
    if refresh:
        print(lake_schema.refresh_sql(snap.manifest, dialect), end="")
        return
    if location is None:
        location = (
            directory.rstrip("/") + "/" + lake.CURRENT_LINK
            if lake.is_remote(directory)
            else str(Path(directory).absolute() / lake.CURRENT_LINK)
        )
    print(lake_schema.ddl(snap.manifest, dialect, location, replace=replace), end="")
