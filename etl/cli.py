"""The `pingyi` command line: demo, ingest, serve (the contract in DESIGN.md "Command line")."""

from __future__ import annotations

import json
import os
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from etl.settings import Settings
from warehouse.store import Store

app = typer.Typer(
    name="pingyi",
    help="评议 Pingyi: 述职评议 results into a DuckDB warehouse and a dashboard.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True, highlight=False)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse pointer path (default: $PINGYI_DB, else data/pingyi.duckdb)."),
]


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


def _store(db: Path | None, settings: Settings | None = None) -> Store:
    """The warehouse with the retention policy and lock wait of the settings (read here, at the entry point)."""
    s = settings or _settings()
    return Store.at(
        s.db_path(db),
        keep=s.versions_keep,
        keep_days=s.versions_keep_days or None,
        lock_timeout=s.lock_timeout_s,
    )


def _settings() -> Settings:
    import logging

    from pydantic import ValidationError

    audit_log = logging.getLogger(
        "pingyi.audit"
    )  # the audit file has it; not a JSON line on the user's terminal
    if not audit_log.handlers:
        audit_log.addHandler(logging.NullHandler())
    try:
        return Settings()
    except ValidationError as err:
        from etl.faults import explain

        console.print(explain(err, Path(".")), style="red", markup=False, highlight=False)
        raise typer.Exit(1) from None


def _fault(err: BaseException, store: Store, *, as_json: bool = False) -> typer.Exit:
    """Say what went wrong in words (stderr; Chinese / English), no traceback; the caller raises the Exit(1)."""
    from etl.faults import explain

    message = explain(err, store.versions_dir)
    console.print(message, style="red", markup=False, highlight=False)
    return typer.Exit(1)


ClientOption = Annotated[
    str,
    typer.Option(
        "--client",
        help="Recorded in the audit log as where the request came from (the upload page passes the "
        "browser's address).",
    ),
]
UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        help="Act as this user of the users file: only admins load or roll back, and a scoped admin only "
        "the institutions granted (the upload page passes the logged-in user).",
    ),
]


def _write_scope(user: str | None, users_file: Path | None, store: Store, settings: Settings, event: str):
    """The WriteScope of --user (None without it: the operator, every institution); exit 1 for an unknown user."""
    from etl.cli_history import write_scope

    return write_scope(user, users_file or settings.users_file, store, event)


@app.command()
def demo(
    db: DbOption = None,
    scale: Annotated[str, typer.Option(help="small | province | national")] = "small",
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same warehouse.")] = 7,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Do nothing when the warehouse exists.")
    ] = False,
) -> None:
    """Build a demo warehouse of fictional institutions and people (演示数据,纯属虚构)."""
    from etl.demo import SCALES, build_demo

    if scale not in SCALES:
        console.print(f"[red]未知规模 / unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
        raise typer.Exit(2)
    store = _store(db)
    if if_missing and store.exists():
        console.print(f"数据仓库已存在 / warehouse exists: {store.pointer}")
        return
    with console.status("生成演示数据 / generating demo data …"):
        summary = build_demo(store, scale=scale, seed=seed)
    out.print(
        f"演示数据仓库 / demo warehouse: {store.pointer} — {summary['institutions']} institutions, "
        f"{summary['units']} units, {summary['rating_rows']} rating rows, years {summary['years']}"
    )


@app.command()
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
    settings = _settings()
    from etl.sources import grid

    grid.configure(settings)  # the input bounds (PINGYI_MAX_CELL_CHARS, …) for every file of this run
    store = _store(db, settings)
    scope = _write_scope(user, users_file, store, settings, "load_refused")
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
        loaded_by=settings.user or os.environ.get("USER", ""),
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
            raise _fault(err, store) from None
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
            raise _fault(err, store) from None
    for r in results:
        out.print(
            f"{r.status:9} {r.source}: read {r.rows_read}, loaded {r.rows_loaded}, rejected {r.rows_rejected}"
            f", batch {r.batch_id or '-'}"
        )
        for note in r.notes:
            out.print(f"          {note}")
        for reject in r.rejects[:20]:
            out.print(f"          ✗ {reject.message_zh}")
            out.print(f"            {reject.message_en}")
        if len(r.rejects) > 20:
            out.print(f"          … {len(r.rejects) - 20} more")
        if r.status == "failed" and r.missing_fields:
            out.print(
                "          找到的列 / columns found: "
                + "; ".join(f"{c['header']} → {c['field'] or '?'}" for c in r.columns)
            )
    _print_changes(results)
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


def _print_changes(results: list) -> None:
    """Per institution-year: what the load did (or, dry run, would do) to the units loaded before."""
    from warehouse.load_report import ChangeReport

    seen = set()
    for r in results:
        for c in map(ChangeReport.model_validate, r.changes):
            if (c.institution, c.year, c.record_kind) in seen:
                continue
            seen.add((c.institution, c.year, c.record_kind))
            kind = "名单 / roster" if c.record_kind == "roster" else "结果 / results"
            out.print(
                f"{c.institution} {c.year} {kind}: +{len(c.added)} 新增 added, ~{len(c.changed)} 更改 changed, "
                f"-{len(c.removed)} 删除 removed, ={c.unchanged} 不变 unchanged"
            )
            earlier = c.unchanged + len(c.changed) + len(c.removed)
            for label, names in (("+", c.added if earlier else []), ("~", c.changed), ("-", c.removed)):
                if names:
                    out.print(f"          {label} {'、'.join(names[:20])}{' …' if len(names) > 20 else ''}")
            if c.large_removal:
                out.print(
                    f"          ! 删除 {c.removed_share:.0%} 的单位 / removes {c.removed_share:.0%} of the units"
                )
            if c.blocked:
                out.print(f"          ! {c.blocked}")


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


PREVIEW_ROWS = 20
PREVIEW_COLUMNS = (
    "institution",
    "year",
    "unit_name",
    "unit_type",
    "rater_group",
    "item",
    "secretary",
    "mode",
    "votes_good",
    "votes_fairly_good",
    "votes_average",
    "votes_poor",
    "voters",
    "score",
    "official_grade",
    "sheet",
    "source_row",
)


def _ingest_json(store: Store, files: list[Path], **options) -> None:
    """`ingest --json`: the report (warehouse.load_report.LoadReport) as one JSON object on stdout; one JSON line
    per finished file on stderr. Exit codes as without --json."""
    import json

    from etl.load import ingest as run_ingest

    results = []

    def on_file(result) -> None:
        results.append(result)
        print(
            json.dumps(
                {"done": len(results), "total": len(files), "source": result.source, "status": result.status},
                ensure_ascii=False,
            ),
            file=sys.stderr,
            flush=True,
        )

    run_ingest(store, files, on_file=on_file, **options)
    report = build_report(store, results, options)
    print(report.model_dump_json())
    raise typer.Exit(report.exit_code())


def build_report(store: Store, results: list, options: dict):
    """The --json report of one run, built through the typed models of warehouse.load_report."""
    from warehouse.load_report import ChangeReport, LoadReport

    changes = [ChangeReport.model_validate(c) for r in results for c in getattr(r, "changes", [])]
    return LoadReport(
        dry_run=options["dry_run"],
        db=str(store.pointer),
        replace=bool(options.get("replace")),
        files=[_result_json(r, options) for r in results],
        changes=_merge_changes(changes),
    )


def _merge_changes(changes: list) -> list:
    """One entry per institution-year and record kind (the ingest reports them once; kept in order)."""
    seen: dict[tuple, object] = {}
    for c in changes:
        seen.setdefault((c.institution, c.year, c.record_kind), c)
    return list(seen.values())


def _result_json(r, options: dict):
    from warehouse.load_report import ColumnReport, FileReport, RejectReport

    report = FileReport(
        source=r.source,
        kind=r.kind,
        status=r.status,
        rows_read=r.rows_read,
        rows_loaded=r.rows_loaded,
        rows_rejected=r.rows_rejected,
        batch_id=r.batch_id,
        notes=r.notes,
        rejects=[
            RejectReport(
                file=x.file,
                sheet=x.sheet,
                row=x.row_number,
                column=x.column,
                value=None if x.value is None else str(x.value),
                reason=x.reason,
                message_zh=x.message_zh,
                message_en=x.message_en,
            )
            for x in r.rejects
        ],
        columns=[ColumnReport.model_validate(c) for c in getattr(r, "columns", [])],
        missing_fields=list(getattr(r, "missing_fields", [])),
    )
    if options["dry_run"] and r.status == "dry-run" and r.kind == "ratings":
        report.preview = _ratings_preview(
            Path(r.source), options["institution"], options["year"], options.get("mapping")
        )
    return report


def _ratings_preview(path: Path, institution: str | None, year: int | None, mapping=None) -> list[dict]:
    """The first rows a dry run would load, as the validator passes them (before cross-sheet checks)."""
    from etl.messages import SourceError
    from etl.sources.ratings import read_ratings_detailed
    from etl.validate import validate_ratings

    try:
        tables = read_ratings_detailed(path, mapping).tables
    except SourceError:
        return []
    rows: list[dict] = []
    for table in tables:
        frame = validate_ratings(table, institution=institution, year=year).rows
        keep = [c for c in PREVIEW_COLUMNS if c in frame.columns]
        rows += frame.select(keep).head(PREVIEW_ROWS - len(rows)).to_dicts()
        if len(rows) >= PREVIEW_ROWS:
            break
    return rows


@app.command()
def rollback(
    db: DbOption = None,
    list_only: Annotated[
        bool,
        typer.Option("--list", help="Show the kept versions and which loads can be undone; change nothing."),
    ] = False,
    user: UserOption = None,
    client: ClientOption = "",
    users_file: Annotated[Path | None, typer.Option("--users-file", help="Users file for --user.")] = None,
) -> None:
    """Undo the last load: the previous warehouse version becomes current again (--list: what can be undone)."""
    from etl.cli_history import rollback_command

    settings = _settings()
    store = _store(db, settings)
    scope = _write_scope(user, users_file, store, settings, "rollback_refused")
    rollback_command(
        store, scope, settings, list_only=list_only, fault=_fault, client=" ".join(client.split())[:100]
    )


users_app = typer.Typer(
    help="Users, roles and the institutions each may see (密码以 argon2 哈希保存).", no_args_is_help=True
)
app.add_typer(users_app, name="users")
UsersFile = Annotated[
    Path | None,
    typer.Option(
        "--users-file", help="Users file (default: $PINGYI_USERS_FILE, else ~/.config/pingyi/users.json)."
    ),
]


def _users(users_file: Path | None):
    from warehouse.access import UserStore

    return UserStore(users_file or Settings().users_file)


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("密码 / password", hide_input=True, confirmation_prompt=True)


@users_app.command("add")
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


@users_app.command("list")
def users_list(users_file: UsersFile = None) -> None:
    """List users, roles and grants (never passwords)."""
    for user in _users(users_file).list():
        grants = "全部 / all" if user.institutions is None else "、".join(user.institutions)
        out.print(f"{user.name:20} {user.role:8} {grants}")


@users_app.command("remove")
def users_remove(name: str, users_file: UsersFile = None) -> None:
    """Remove a user."""
    from warehouse.access import AccessError

    try:
        _users(users_file).remove(name)
    except AccessError as err:
        console.print(f"[red]{err}")
        raise typer.Exit(1) from None
    out.print(f"已删除 / removed {name}")


@users_app.command("passwd")
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


@app.command("extract-article")
def extract_article(
    file: Annotated[Path, typer.Argument(help="A news item or notice (.txt, .html).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Print what a news item or notice says about an appraisal meeting (null where the text is silent)."""
    import json

    from etl.articles import extract_article_file
    from etl.messages import SourceError

    if not file.is_file():
        console.print(f"[red]找不到 / not found: {file}")
        raise typer.Exit(2)
    try:
        facts = extract_article_file(file)
    except SourceError as err:
        console.print(f"[red]{err}")
        raise typer.Exit(1) from None
    if as_json:
        print(json.dumps(facts, ensure_ascii=False, indent=2))
        return
    for key, value in facts.items():
        if key != "evidence":
            out.print(f"{key:22} {value if value is not None else '—'}")
    for key, sentence in (facts.get("evidence") or {}).items():
        out.print(f"  {key}: {sentence}")


@app.command()
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
    settings = Settings()
    store = _store(db)
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
                copy = _lake_cache(snap.uri)
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
    spec = find_spec("dashboard")
    if spec is None or spec.origin is None:
        console.print("[red]dashboard package not installed")
        raise typer.Exit(1)
    # the served app: dashboard/app.py inside dashboard/server.py's st.App (session cookie, logout, metrics gate)
    entry = Path(spec.origin).with_name("server.py")
    env = dict(os.environ, PINGYI_DB=str(store.pointer))
    env.pop("PINGYI_AUTH", None)  # demo login only when asked for on this command line
    env.pop("PINGYI_LAKE", None)  # the lake only when asked for on this command line
    env.pop("PINGYI_LAKE_MODE", None)
    if lake:
        env["PINGYI_LAKE"] = lake
        env["PINGYI_LAKE_MODE"] = lake_mode
    if demo:
        env["PINGYI_AUTH"] = "demo"
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
    ]
    console.print(
        f"仪表盘 / dashboard: http://{host or settings.host}:{port or settings.port}  ({lake or store.pointer})"
    )
    # replace this process with Streamlit so that signals (Ctrl-C, SIGTERM from a supervisor) reach the server;
    # it runs in the config folder (not in site-packages), where .streamlit/config.toml overrides may live
    config_dir = settings.config_dir.expanduser().absolute()
    os.chdir(config_dir if config_dir.is_dir() else Path.home())
    os.execve(sys.executable, cmd, env)


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


def _lake_cache(snap_uri: str) -> Path:
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

        return lakes.cached_file(snap_uri, on_table=on_table)


_plugins_loaded: set[str] = set()


def load_plugins() -> typer.Typer:
    """Add the command groups other packages register under the `pingyi.commands` entry point (e.g. the
    dashboard's `export`) and return the app. Loaded when the CLI runs, not on import: etl never imports
    them, so dependencies keep pointing one way. Idempotent."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="pingyi.commands"):
        if entry.name in _plugins_loaded:
            continue
        try:
            sub = entry.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not take the whole CLI down
            console.print(
                f"[yellow]命令组 {entry.name} 无法加载 / command group {entry.name} failed to load: {exc}"
            )
            continue
        app.add_typer(sub, name=entry.name)
        _plugins_loaded.add(entry.name)
    return app


def main() -> None:
    """The `pingyi` console script: the built-in commands plus registered command groups."""
    load_plugins()()


if __name__ == "__main__":
    main()
