"""`pingyi demo` (a warehouse of fictional institutions) and `pingyi extract-article` (what a news item says)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pingyi.common import DbOption, console, out
from pingyi.common import store as make_store


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
    store = make_store(db)
    if if_missing and store.exists():
        console.print(f"数据仓库已存在 / warehouse exists: {store.pointer}")
        return
    with console.status("生成演示数据 / generating demo data …"):
        summary = build_demo(store, scale=scale, seed=seed)
    out.print(
        f"演示数据仓库 / demo warehouse: {store.pointer} — {summary['institutions']} institutions, "
        f"{summary['units']} units, {summary['rating_rows']} rating rows, {summary['reports']} reports, "
        f"years {summary['years']}"
    )


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
