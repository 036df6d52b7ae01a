"""Times every query a page calls, cold and warm, at demo scales, against hand-written raw SQL over the same
file (the floor), and writes the table for docs/benchmarks.md.

    .venv/bin/python bench/queries.py                       # small and province
    .venv/bin/python bench/queries.py --scales small province national
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from warehouse import queries as q
from warehouse.access import Scope

ROOT = Path(__file__).resolve().parents[1]
WARM_RUNS = 9

# the same question as each query function, written by hand over the materialised marts
FLOORS: dict[str, str] = {
    "type_trend": """select unit_type, year, avg(good_rate), count(*), median(voters) from mart_appraisal
        where institution_id in (select unnest($ids::varchar[])) group by all""",
    "grade_mix": """select unit_type, year, final_grade, count(*) from mart_appraisal
        where institution_id in (select unnest($ids::varchar[])) group by all""",
    "institution_trend": """select institution_id, year, avg(good_rate), count(*) from mart_appraisal
        where institution_id in (select unnest($ids::varchar[])) group by all""",
    "unit_metric_values": """select institution_id, unit_id, unit_type, year, good_rate, voters from mart_appraisal
        where institution_id in (select unnest($ids::varchar[]))""",
    "overview_kpis": """select * from mart_institution_year where institution_id = $one and year in ($year, $year - 1)""",
    "attention_units": """select * from mart_appraisal where institution_id = $one and year = $year
        order by score limit 5""",
    "unit_history": """select * from mart_appraisal where unit_id = $unit order by year""",
}


ALL = Scope.everything()  # the benchmark reads as the local operator


def calls(cur, ids: list[str], one: str, year: int, unit: str) -> dict:
    sel = {"institutions": ids}
    return {
        "institutions": lambda: q.institutions(cur, scope=ALL),
        "type_trend": lambda: q.type_trend(cur, scope=ALL, **sel),
        "unit_metric_values": lambda: q.unit_metric_values(cur, scope=ALL, **sel),
        "grade_mix": lambda: q.grade_mix(cur, scope=ALL, **sel),
        "institution_trend": lambda: q.institution_trend(cur, scope=ALL, **sel),
        "schemes_used": lambda: q.schemes_used(cur, scope=ALL, **sel),
        "overview_kpis": lambda: q.overview_kpis(cur, scope=ALL, institution=one, year=year),
        "attention_units": lambda: q.attention_units(cur, scope=ALL, institution=one, year=year),
        "unit_history": lambda: q.unit_history(cur, scope=ALL, unit_id=unit),
        "meetings": lambda: q.meetings(cur, scope=ALL, **sel),
        "onsite_rotation": lambda: q.onsite_rotation(cur, scope=ALL, institution=one),
    }


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def measure(db: Path) -> list[dict]:
    rows = []
    con = duckdb.connect(str(db), read_only=True)
    cur = con.cursor()
    ids = [r[0] for r in cur.execute("select institution_id from institutions order by name limit 10").fetchall()]
    one, year = ids[0], cur.execute("select max(year) from appraisal").fetchall()[0][0]
    unit = cur.execute("select unit_id from appraisal where institution_id = ? limit 1", [one]).fetchall()[0][0]
    params = {"ids": ids, "one": one, "year": year, "unit": unit}
    for name in calls(cur, ids, one, year, unit):
        # cold: a fresh connection to the file, first call
        fresh = duckdb.connect(str(db), read_only=True)
        cold = ms(calls(fresh.cursor(), ids, one, year, unit)[name])
        fresh.close()
        fn = calls(cur, ids, one, year, unit)[name]
        warm = statistics.median(ms(fn) for _ in range(WARM_RUNS))
        floor = None
        if name in FLOORS:
            sql = FLOORS[name]
            used = {k: v for k, v in params.items() if f"${k}" in sql}
            floor = statistics.median(ms(lambda s=sql, u=used: cur.sql(s, params=u).fetchall()) for _ in range(WARM_RUNS))
        rows.append({"query": name, "cold": cold, "warm": warm, "floor": floor})
    con.close()
    return rows


def build(scale: str, folder: Path) -> tuple[Path, float]:
    db = folder / scale / "pingyi.duckdb"
    if not db.exists():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "etl.cli", "demo", "--scale", scale, "--db", str(db)], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
        return db, time.perf_counter() - t0
    return db, float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="+", default=["small", "province"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/pingyi-bench"))
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"duckdb {duckdb.__version__}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores")
    for scale in args.scales:
        db, built = build(scale, args.work)
        with duckdb.connect(str(db), read_only=True) as con:
            n = con.execute("select count(*) from appraisal").fetchall()[0][0]
        print(f"\n## {scale}: {n:,} unit-years, file {db.resolve().stat().st_size / 2**20:.0f} MiB"
              + (f", built in {built:.1f} s" if built == built else ""))
        print("| query | cold ms | warm ms (median of 9) | raw SQL floor ms | ratio |")
        print("|---|---:|---:|---:|---:|")
        for r in measure(db):
            floor = f"{r['floor']:.1f}" if r["floor"] is not None else "—"
            ratio = f"{r['warm'] / r['floor']:.1f}×" if r["floor"] else "—"
            print(f"| {r['query']} | {r['cold']:.1f} | {r['warm']:.1f} | {floor} | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
