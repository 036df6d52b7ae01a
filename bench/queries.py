"""Times every query a page calls, with the arguments the pages pass, against an independently written SQL floor
over the same file (bench/query_floors.py), and writes the table for docs/benchmarks.md.

    .venv/bin/python bench/queries.py                                  # small and province
    .venv/bin/python bench/queries.py --scales small province national
    .venv/bin/python bench/queries.py --scopes all restricted --runs 21

The arguments are the sidebar's defaults as dashboard/app.py builds them: the first ten institutions (by name) with
ratings, the whole year range of the warehouse, all four unit types, the default metric; the caller's scope is
everything (the demo viewer, an administrator) or, with `restricted`, a viewer of twenty institutions (the ten
selected and ten more). One-institution pages get the first selected institution and the last year; the unit
page a unit of it. Function and floor run alternately (A B A B …), so both see the same machine load; the figures
are medians and the ratio is the median over the pairs of function / floor. The floor's frame is compared with the function's, value by value.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import polars as pl

from warehouse import queries as q
from warehouse.access import Scope
from warehouse.schema import schema_hash, stored_schema_hash
from warehouse.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
WARM_RUNS = 15
LIMIT = 1.2  # issue #18: every page query within 1.2× of its floor


def _floors():
    name = "bench_query_floors"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("query_floors.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


floors = _floors()
Page = floors.Page


def page_arguments(cur, scope: str) -> Page:
    """The arguments the pages pass with the sidebar's defaults (see the module's docstring)."""
    rated = [
        r[0]
        for r in cur.execute(
            """select i.institution_id from raw_institutions i where exists (select 1 from mart_institution_year y
               where y.institution_id = i.institution_id and y.has_ratings) order by i.name, i.institution_id"""
        ).fetchall()
    ]
    chosen = tuple(rated[:10])
    low, high = cur.execute("select min(year), max(year) from mart_institution_year").fetchall()[0]
    viewer = None if scope == "all" else tuple(sorted({*chosen, *rated[-10:]}))
    one = chosen[0]
    year = cur.execute(
        "select max(year) from mart_institution_year where institution_id = ? and has_ratings", [one]
    ).fetchall()[0][0]
    unit = cur.execute(
        "select unit_id from mart_appraisal where institution_id = ? and year = ? order by unit_id limit 1",
        [one, year],
    ).fetchall()[0][0]
    return Page(
        viewer,
        chosen,
        int(low),
        int(high),
        floors.UNIT_TYPES,
        q.DEFAULT_METRIC,
        one,
        int(year),
        unit,
        Settings().min_voters,
    )


def _scope(p: Page) -> Scope:
    return Scope.everything() if p.scope is None else Scope(frozenset(p.scope))


def _filters_api() -> bool:
    """True once warehouse.queries takes a Filters (issue #15's contract) instead of keyword filters."""
    return hasattr(q, "Filters") and "filters" in inspect.signature(q.type_trend).parameters


def _ask(cur, name: str, p: Page, *, selection: bool = True, unit_types: bool = True, **specific):
    """Call queries.<name> as the page does: a filtered question with the page's filters, the others with the
    scope and their own arguments."""
    fn = getattr(q, name)
    params = inspect.signature(fn).parameters
    if "filters" in params:
        f = q.Filters(
            scope=_scope(p),
            institutions=p.institutions if selection else None,
            year_from=p.year_from,
            year_to=p.year_to,
            unit_types=p.unit_types,
            metric=p.metric,
        )
        return fn(cur, f, **specific)
    kwargs = {"scope": _scope(p), **specific}
    if "year_from" in params:
        kwargs |= {"year_from": p.year_from, "year_to": p.year_to}
    if "institutions" in params and selection:
        kwargs["institutions"] = list(p.institutions)
    elif "institutions" in params:
        kwargs["institutions"] = None
    if unit_types and "unit_types" in params:
        kwargs["unit_types"] = list(p.unit_types)
    if "metric" in params:
        kwargs["metric"] = p.metric
    return fn(cur, **kwargs)


def calls(cur, p: Page) -> dict:
    """Each query function as the pages call it (app.py, overview, trends, compare, meetings, unit, schemes)."""
    one = {"institution": p.one}
    return {
        "institutions": lambda: q.institutions(cur, scope=_scope(p)),
        "type_trend": lambda: _ask(cur, "type_trend", p),
        "unit_metric_values": lambda: _ask(cur, "unit_metric_values", p),
        "grade_mix": lambda: _ask(cur, "grade_mix", p),
        "institution_trend": lambda: _ask(cur, "institution_trend", p),
        "schemes_used": lambda: _ask(cur, "schemes_used", p, unit_types=False),
        "result_coverage": lambda: _ask(cur, "result_coverage", p, unit_types=False),
        "pooled_votes": lambda: _ask(cur, "pooled_votes", p, min_voters=p.min_voters),
        "rated_years": lambda: q.rated_years(cur, scope=_scope(p), **one),
        "overview_kpis": lambda: q.overview_kpis(cur, scope=_scope(p), **one, year=p.year),
        "type_changes": lambda: q.type_changes(cur, scope=_scope(p), **one, year=p.year),
        "grade_distribution": lambda: q.grade_distribution(cur, scope=_scope(p), **one, year=p.year),
        "attention_units": lambda: q.attention_units(cur, scope=_scope(p), **one, year=p.year),
        "units_for_select": lambda: _ask(cur, "units_for_select", p, unit_types=False),
        "unit_info": lambda: q.unit_info(cur, scope=_scope(p), unit_id=p.unit),
        "unit_history": lambda: q.unit_history(cur, scope=_scope(p), unit_id=p.unit, min_voters=p.min_voters),
        "unit_names_of": lambda: q.unit_names_of(cur, scope=_scope(p), unit_id=p.unit),
        "unit_votes_by_group": lambda: q.unit_votes_by_group(
            cur, scope=_scope(p), unit_id=p.unit, min_voters=p.min_voters
        ),
        "meetings": lambda: _ask(cur, "meetings", p, unit_types=False),
        "meetings_everywhere": lambda: _ask(cur, "meetings", p, selection=False, unit_types=False),
        "onsite_rotation": lambda: _onsite_rotation(cur, p),
        "reports": lambda: _ask(cur, "reports", p, unit_types=False),
        "report_keywords": lambda: _ask(cur, "report_keywords", p, unit_types=False),
        "scheme_details": lambda: _ask(cur, "scheme_details", p, unit_types=False),
    }


def _onsite_rotation(cur, p: Page):
    params = inspect.signature(q.onsite_rotation).parameters
    if "filters" in params:
        return _ask(cur, "onsite_rotation", replace(p, institutions=(p.one,)), institution=p.one, cycle=3)
    return q.onsite_rotation(
        cur,
        scope=_scope(p),
        institution=p.one,
        year_from=p.year_from,
        year_to=p.year_to,
        unit_types=list(p.unit_types),
        cycle=3,
    )


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def _run_floor(cur, spec):
    sql, params, *kind = spec
    if kind and kind[0] == "list":
        return [r[0] for r in cur.execute(sql, params).fetchall()]
    relation = cur.sql(sql, params=params)
    try:  # the conversion the query layer uses (warehouse.queries.filters.frame)
        return pl.DataFrame(relation)
    except pl.exceptions.DuplicateError:  # a floor's unnamed columns may repeat a name
        return relation.pl()


def same(a, b) -> str | None:
    """None when the floor's answer equals the function's (columns by position, floats to 1e-9 relative), else
    what differs."""
    if isinstance(a, list) or isinstance(b, list):
        return None if list(a) == list(b) else f"lists differ: {a[:5]} vs {b[:5]}"
    if a.shape != b.shape:
        return f"shape {a.shape} vs {b.shape}"
    for i, (x, y) in enumerate(zip(a.get_columns(), b.get_columns(), strict=True)):
        xs, ys = x.to_list(), y.to_list()
        for k, (u, v) in enumerate(zip(xs, ys, strict=True)):
            if u is None or v is None:
                if u is not v:
                    return f"column {i} ({x.name}) row {k}: {u!r} vs {v!r}"
            elif isinstance(u, float) or isinstance(v, float):
                if not math.isclose(float(u), float(v), rel_tol=1e-9, abs_tol=1e-12):
                    return f"column {i} ({x.name}) row {k}: {u!r} vs {v!r}"
            elif u != v and str(u) != str(v):
                return f"column {i} ({x.name}) row {k}: {u!r} vs {v!r}"
    return None


def measure(db: Path, scope: str = "all", runs: int | None = None, only=None) -> list[dict]:
    runs = runs or WARM_RUNS
    rows = []
    con = duckdb.connect(str(db), read_only=True)
    cur = con.cursor()
    p = page_arguments(cur, scope)
    for name, fn in calls(cur, p).items():
        if only and name not in only:
            continue
        fresh = duckdb.connect(str(db), read_only=True)  # cold: a fresh connection to the file, first call
        cold = ms(calls(fresh.cursor(), p)[name])
        fresh.close()
        spec = floors.FLOORS[name](p)
        got = fn()
        floor_answer = _run_floor(cur, spec)
        differs = same(got, floor_answer)
        fn_ms, floor_ms = [], []
        for _ in range(runs):  # alternately, so both see the same machine load
            fn_ms.append(ms(fn))
            floor_ms.append(ms(lambda s=spec: _run_floor(cur, s)))
        warm, floor = statistics.median(fn_ms), statistics.median(floor_ms)
        rows.append(
            {
                "query": name,
                "scope": scope,
                "rows": len(got) if isinstance(got, list) else got.height,
                "cold": cold,
                "warm": warm,
                "floor": floor,
                # the median of the pairs' ratios: each pair ran back to back, so it holds while the load drifts
                "ratio": statistics.median(a / b for a, b in zip(fn_ms, floor_ms, strict=True) if b > 0),
                "identical": differs is None,
                "difference": differs,
            }
        )
    con.close()
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| query | rows | cold ms | warm ms | floor ms | ratio | same answer |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        flag = " ⚠" if r["ratio"] > LIMIT else ""
        lines.append(
            f"| {r['query']} | {r['rows']:,} | {r['cold']:.1f} | {r['warm']:.1f} | {r['floor']:.1f} "
            f"| {r['ratio']:.2f}×{flag} | {'yes' if r['identical'] else 'NO: ' + str(r['difference'])} |"
        )
    return "\n".join(lines)


def _current_schema(db: Path) -> bool:
    """The warehouse under --work was written with today's schema files (a stale one would time old SQL)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return stored_schema_hash(con) == schema_hash()


def build(scale: str, folder: Path) -> tuple[Path, float]:
    """The demo warehouse of `scale` under `folder`: reused when written with today's schema, else built again."""
    db = folder / scale / "pingyi.duckdb"
    if db.exists() and not _current_schema(db):
        print(f"{db}: written with other schema files, built again")
        shutil.rmtree(db.parent)
    if not db.exists():
        t0 = time.perf_counter()
        cmd = [sys.executable, "-m", "pingyi", "demo", "--scale", scale, "--db", str(db)]
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        return db, time.perf_counter() - t0
    return db, float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", nargs="+", default=["small", "province"])
    parser.add_argument("--scopes", nargs="+", default=["all"], choices=["all", "restricted"])
    parser.add_argument("--runs", type=int, default=WARM_RUNS, help="timed calls of each (function, floor)")
    parser.add_argument("--only", nargs="*", help="only these queries")
    parser.add_argument("--work", type=Path, default=Path("/tmp/pingyi-bench"))
    args = parser.parse_args(argv)
    print(
        f"duckdb {duckdb.__version__}, polars {pl.__version__}, {os.cpu_count()} cores, "
        f"filters API: {'Filters' if _filters_api() else 'keywords'}"
    )
    for scale in args.scales:
        db, built = build(scale, args.work)
        with duckdb.connect(str(db), read_only=True) as con:
            n = con.execute("select count(*) from mart_appraisal").fetchall()[0][0]
        for scope in args.scopes:
            print(
                f"\n## {scale}, scope {scope}: {n:,} unit-years, file {db.resolve().stat().st_size / 2**20:.0f} MiB"
                + (f", built in {built:.1f} s" if built == built else "")
                + f"; load average before {os.getloadavg()[0]:.1f}"
            )
            rows = measure(db, scope, args.runs, args.only)
            print(table(rows))
            print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
