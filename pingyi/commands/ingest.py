"""`pingyi ingest`: files into the warehouse, one summary line per file (or, --json, the typed load report of
warehouse.load_report)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pingyi.commands.history import write_scope
from pingyi.common import (
    ClientOption,
    DbOption,
    LoadedByOption,
    UserOption,
    console,
    fault,
    load_settings,
    out,
    print_text,
)
from pingyi.common import store as make_store
from warehouse.store import Store


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders (folders are walked).", readable=False)
    ],
    db: DbOption = None,
    kind: Annotated[str, typer.Option(help="auto | ratings | units | scheme | reports | articles")] = "auto",
    institution: Annotated[
        str | None, typer.Option(help="Institution when the file does not name it.")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Appraisal year when the file does not give it.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would load; write nothing.")] = False,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print one JSON report on stdout (progress as JSON lines on stderr)."),
    ] = False,
    label: Annotated[
        list[str] | None,
        typer.Option(
            help="FILE=NAME: record NAME as the batch's source instead of the path of FILE (a file name among the "
            "given files; repeat). The upload page passes the names the browser sent."
        ),
    ] = None,
    user: UserOption = None,
    client: ClientOption = "",
    loaded_by: LoadedByOption = None,
    users_file: Annotated[
        Path | None,
        typer.Option(
            "--users-file",
            help="Users file for --user (default: $PINGYI_USERS_FILE, else ~/.config/pingyi/users.json).",
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="A re-send: the files replace what earlier batches "
            "loaded for the institution-years they name (docs/operations.md).",
        ),
    ] = False,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help='"HEADER=field,HEADER=field": map source headers to fields (repeatable; docs/inputs.md).',
        ),
    ] = None,
    map_file: Annotated[
        Path | None,
        typer.Option("--map-file", help='TOML file with a [columns] table of "HEADER" = "field" lines.'),
    ] = None,
    save_map: Annotated[
        Path | None,
        typer.Option(
            "--save-map", help="Write the effective mapping of the (single) file loaded to this TOML file."
        ),
    ] = None,
) -> None:
    """Load rating files into the warehouse; one summary line per file. Exit 1 when a file could not load."""
    from etl.load import KINDS, expand_paths
    from etl.load import ingest as run_ingest
    from etl.sources.ratings import parse_mapping, read_mapping_file

    if kind not in KINDS:
        console.print(f"[red]未知类型 / unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
        raise typer.Exit(2)
    missing = [p for p in paths if not p.exists()]
    if missing:
        console.print(f"[red]找不到 / not found: {', '.join(map(str, missing))}")
        raise typer.Exit(2)
    files = expand_paths(paths)
    if not files:
        console.print(
            "[red]没有可载入的文件 / no loadable files (.csv .xlsx .xls .toml .txt .html .docx .pdf)"
        )
        raise typer.Exit(1)
    labels: dict[str, str] = {}
    for item in label or []:
        name, sep, shown = item.partition("=")
        if not sep or not name or not shown.strip():
            console.print(f"[red]--label 应为 文件名=名称 / --label takes FILE=NAME: {item!r}")
            raise typer.Exit(2)
        labels[name] = shown.strip()[:200]
    try:
        mapping = read_mapping_file(map_file) if map_file else {}
        mapping |= parse_mapping(map_ or [])
    except ValueError as err:
        console.print(f"[red]{err}")
        raise typer.Exit(2) from None
    if save_map and len(files) != 1:
        console.print(
            f"[red]--save-map 只能用于一个文件 / --save-map takes exactly one file (got {len(files)})"
        )
        raise typer.Exit(2)
    settings = load_settings()
    from etl.sources import grid

    grid.configure(settings)  # the input bounds (PINGYI_MAX_CELL_CHARS, …) for every file of this run
    store = make_store(db, settings)
    scope = write_scope(user, users_file, store, settings, "load_refused")
    results = []
    common = dict(
        kind=kind,
        institution=institution,
        year=year,
        dry_run=dry_run,
        labels=labels,
        replace=replace,
        mapping=mapping or None,
        max_removed_share=settings.replace_max_removed_share,
        loaded_by=" ".join((loaded_by or "").split())[:100] or settings.user or os.environ.get("USER", ""),
        scope=scope,
        client=" ".join(client.split())[:100],
    )
    if save_map:
        _save_map(files[0], mapping, save_map)
    if as_json:
        try:
            _ingest_json(store, files, **common)
        except typer.Exit:
            raise
        except Exception as err:  # noqa: BLE001 - every fault becomes words, never a traceback
            raise fault(err, store) from None
        return
    with Progress(
        TextColumn("[bold]载入 / loading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TextColumn("{task.fields[rows]} rows"),
        TextColumn("{task.fields[name]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("ingest", total=len(files), name="", rows=0)

        def on_file(result) -> None:
            results.append(result)
            progress.update(
                task, advance=1, name=Path(result.source).name, rows=sum(r.rows_read for r in results)
            )

        try:
            run_ingest(store, files, on_file=on_file, **common)
        except Exception as err:  # noqa: BLE001 - every fault becomes words, never a traceback
            progress.stop()
            raise fault(err, store) from None
    from etl.report import summary_lines

    if results:
        print_text(out, "\n".join(summary_lines(results)))
    with_rejects = [
        r.batch_id for r in results if r.rejects and r.batch_id and any(x.status == "loaded" for x in results)
    ]
    if with_rejects and not dry_run:
        ids = ", ".join(f"'{b}'" for b in with_rejects)
        out.print(
            f"被拒行见 / rejected rows: duckdb -readonly {store.pointer} "
            f'"select * from etl_rejects where batch_id in ({ids})"'
        )
    if dry_run:
        out.print("试运行,未写入 / dry run: nothing was written")
    elif not any(r.status == "loaded" for r in results):
        out.print(
            "没有文件载入,未产生新版本 / no file loaded: no new version was made (the audit log records the "
            "attempt)"
        )
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


def _save_map(path: Path, mapping: dict, target: Path) -> None:
    """--save-map: the file's headers with the field each maps to (the vocabulary's or --map's), as TOML."""
    from etl.messages import SourceError
    from etl.sources.ratings import field_of, list_columns

    try:
        columns = list_columns(path, mapping or None)
    except SourceError as err:
        console.print(f"[red]{err}")
        raise typer.Exit(1) from None
    lines = ["# pingyi ingest --map-file: header as written = field (docs/inputs.md)", "[columns]"]
    for c in columns:
        if not c["field"]:
            continue
        # a two-row header is shown as "band/cell": the cell that names the field is what a later file matches on
        parts = c["header"].split("/")
        cell = next((p for p in reversed(parts) if field_of(p, mapping or None) == c["field"]), parts[-1])
        lines.append(f"{json.dumps(cell, ensure_ascii=False)} = {json.dumps(c['field'])}")
    try:
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as err:
        console.print(f"[red]无法写入映射文件 / cannot write the mapping file {target}: {err.strerror}")
        raise typer.Exit(1) from None
    console.print(f"映射已保存 / mapping saved: {target}")


def _ingest_json(store: Store, files: list[Path], **options) -> None:
    """`ingest --json`: the report (warehouse.load_report.LoadReport) as one JSON object on stdout; one JSON line
    per finished file on stderr. Exit codes as without --json."""

    from etl.load import ingest as run_ingest
    from warehouse.load_report import ProgressEvent

    results = []

    def on_file(result) -> None:
        results.append(result)
        event = ProgressEvent(done=len(results), total=len(files), source=result.source, status=result.status)
        print(event.model_dump_json(), file=sys.stderr, flush=True)

    from etl.report import build_report

    run_ingest(store, files, on_file=on_file, **options)
    report = build_report(
        str(store.pointer), results, dry_run=options["dry_run"], replace=bool(options.get("replace"))
    )
    print(report.model_dump_json())
    raise typer.Exit(report.exit_code())
