"""The whole benchmark in one command: demo builds, page queries, ingest of a folder of rating files, version
files (copy per load, growth, compaction), static export, the browser, and the issue #18 targets at national
scale. Writes bench/results/latest.json and prints the markdown tables for docs/benchmarks.md, ending with ONE
table "Issue #18 targets": each target's dashboard figure, floor figure, ratio, target, met / NOT MET and, for
each not met, a reason read from the run (with the docs section that explains it).

    .venv/bin/python bench/run.py                    # the default: small + province, national demo and targets
    .venv/bin/python bench/run.py --quick            # tiny: small demo only, 1 run, no Chromium (~15 s)
    .venv/bin/python bench/run.py --no-targets       # the previous default run (no national demo)
    .venv/bin/python bench/run.py --scales small province national --versions-scale national
    make bench                                       # the default run

The targets: ingest province (--runs pairs) and national (--target-runs pairs) against bench/ingest_floor.py,
wall and CPU; the national ingest's peak memory against the 1.16 GB recorded before issue #18; one 8-row file
into the national warehouse against `ingest_floor.py --versioned` (--small-file-pairs); every page query at
national scale, scope all and the 20-institution viewer, against bench/query_floors.py (bench/queries.py); filter
change, navigation, first chart and 5-session memory against the minimal app (bench/browser.py).

Ingest is timed as a separate `pingyi ingest` process under /usr/bin/time -v (wall, CPU and peak memory);
rows/s are given per wall second and per CPU second, since other work on the machine inflates the first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

from warehouse.store import Store, free_share  # noqa: E402


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _pingyi(*args: str) -> list[str]:
    """The `pingyi` command line (the composition root)."""
    return [sys.executable, "-m", "pingyi", *args]


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) * 1024
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem / 2**30, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "polars": pl.__version__,
        "load_average_at_start": os.getloadavg()[0],
    }


# ---------------------------------------------------------------- demo builds and queries


def build_demo(scale: str, work: Path) -> dict:
    db = work / scale / "pingyi.duckdb"
    shutil.rmtree(db.parent, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        _pingyi("demo", "--scale", scale, "--db", str(db)), check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    seconds = time.perf_counter() - started
    with duckdb.connect(str(db), read_only=True) as con:
        unit_years = con.execute("select count(*) from appraisal").fetchall()[0][0]
    return {
        "scale": scale,
        "db": str(db),
        "seconds": seconds,
        "unit_years": unit_years,
        "file_mib": Store.at(db).current().stat().st_size / 2**20,
    }


def query_timings(db: Path, warm_runs: int) -> list[dict]:
    """Every page query with the pages' arguments, alternating with its floor (bench/queries.py)."""
    return _module("queries").measure(db, "all", warm_runs)


# ---------------------------------------------------------------- ingest


def timed_process(cmd: list[str]) -> dict:
    """Wall, CPU and peak memory of a command (through /usr/bin/time -v when the machine has it)."""
    gnu_time = Path("/usr/bin/time")
    full = [str(gnu_time), "-v", *cmd] if gnu_time.exists() else cmd
    started = time.perf_counter()
    done = subprocess.run(full, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{cmd} failed: {done.stderr[-2000:]}")
    out = {"wall_s": wall, "returncode": done.returncode, "stdout": done.stdout}
    if gnu_time.exists():

        def field(label: str) -> float:
            match = re.search(rf"{re.escape(label)}: ([\d.:]+)", done.stderr)
            return float(match.group(1)) if match else float("nan")

        out["cpu_s"] = field("User time (seconds)") + field("System time (seconds)")
        out["peak_rss_mib"] = field("Maximum resident set size (kbytes)") / 1024
    return out


def ingest_runs(demo_db: Path, work: Path, runs: int, every: int = 1, limit: int | None = None) -> dict:
    ratings_files = _module("ratings_files")
    folder = work / f"files-{demo_db.parent.name}-{every}-{limit}"
    shutil.rmtree(folder, ignore_errors=True)
    exported = ratings_files.export(demo_db, folder, every=every, limit=limit)
    kinds = {s: sum(1 for p in folder.iterdir() if p.suffix == s) for s in (".csv", ".xlsx")}
    floor_module = _module("ingest_floor")
    results, identical = [], None
    for i in range(
        runs
    ):  # ingest and its floor in turn (A B A B), so the ratio holds while the machine drifts
        target = work / f"ingest-{i}" / "w.duckdb"
        shutil.rmtree(target.parent, ignore_errors=True)
        run = timed_process(_pingyi("ingest", str(folder), "--db", str(target)))
        loaded = sum(int(m) for m in re.findall(r"loaded (\d+),", run.pop("stdout")))
        floor_db = work / f"floor-{i}.duckdb"
        floor = timed_process([sys.executable, str(BENCH / "ingest_floor.py"), str(folder), str(floor_db)])
        floor.pop("stdout")
        floor_db.unlink(missing_ok=True)
        if identical is None:
            identical = not floor_module.check(folder, target)
        results.append(
            {
                **run,
                "rows_loaded": loaded,
                "floor_wall_s": floor["wall_s"],
                "floor_cpu_s": floor.get("cpu_s"),
                "floor_peak_rss_mib": floor.get("peak_rss_mib"),
                "ratio_wall": run["wall_s"] / floor["wall_s"],
            }
        )
        shutil.rmtree(target.parent, ignore_errors=True)
    wall = statistics.median(r["wall_s"] for r in results)
    cpu = statistics.median(r.get("cpu_s", float("nan")) for r in results)
    return {
        "folder": str(folder),
        "files": exported["files"],
        "csv": kinds[".csv"],
        "xlsx": kinds[".xlsx"],
        "rows": exported["rows"],
        "mb": exported["bytes"] / 1e6,
        "runs": results,
        "median_wall_s": wall,
        "median_cpu_s": cpu,
        "rows_per_s": exported["rows"] / wall,
        "rows_per_cpu_s": exported["rows"] / cpu if cpu == cpu else None,
        "peak_rss_mib": max(r.get("peak_rss_mib", float("nan")) for r in results),
        "all_rows_loaded": all(r["rows_loaded"] == exported["rows"] for r in results),
        "floor_median_wall_s": statistics.median(r["floor_wall_s"] for r in results),
        "floor_median_cpu_s": statistics.median(r["floor_cpu_s"] or float("nan") for r in results),
        "floor_peak_rss_mib": max(r["floor_peak_rss_mib"] or float("nan") for r in results),
        "ratio_median": statistics.median(r["ratio_wall"] for r in results),
        "floor_identical": identical,
        "per_file_ms": 1000 * wall / max(exported["files"], 1),
        "per_row_us": 1e6 * wall / max(exported["rows"], 1),
        "load_average": os.getloadavg()[0],
    }


# ---------------------------------------------------------------- version files


def version_files(demo_db: Path, work: Path, loads: int, sample: Path) -> dict:
    """Copy cost of the current version, then `loads` small loads in a row: time, file size, free share."""
    store_dir = work / "versions"
    shutil.rmtree(store_dir, ignore_errors=True)
    shutil.copytree(demo_db.parent, store_dir, symlinks=True)
    store = Store.at(store_dir / demo_db.name)
    current = store.current()
    base_mib = current.stat().st_size / 2**20
    copies = []
    for _ in range(3):
        started = time.perf_counter()
        shutil.copyfile(current, store_dir / "copy.tmp")
        copies.append(time.perf_counter() - started)
        (store_dir / "copy.tmp").unlink()
    frame = pl.read_csv(sample, infer_schema=False).head(8)
    steps = []
    for i in range(loads):
        path = work / f"load-{i}.csv"
        frame.with_columns((pl.col("参评人数").cast(pl.Int64) + i + 1).cast(pl.String)).write_csv(
            path, include_bom=True
        )
        run = timed_process(_pingyi("ingest", str(path), "--db", str(store.pointer)))
        with duckdb.connect(str(store.current()), read_only=True) as con:
            share, _size = free_share(con)
        steps.append(
            {
                "wall_s": run["wall_s"],
                "peak_rss_mib": run.get("peak_rss_mib"),
                "file_mib": store.current().stat().st_size / 2**20,
                "free_share": share,
            }
        )
    result = {
        "base_mib": base_mib,
        "copy_s": statistics.median(copies),
        "loads": steps,
        "median_load_s": statistics.median(s["wall_s"] for s in steps),
    }
    shutil.rmtree(store_dir, ignore_errors=True)
    return result


# ---------------------------------------------------------------- export and browser (Chromium)


def export_bench(runs: int) -> dict:
    done = subprocess.run(
        [sys.executable, str(BENCH / "export.py"), "--runs", str(runs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if done.returncode != 0:
        return {"skipped": (done.stdout + done.stderr).strip()[-300:]}
    out = {}
    for fmt, cold, warm in re.findall(r"^(png|svg|pdf)\s+(\S+)\s+(\S+)$", done.stdout, re.M):
        out[fmt] = {"cold_s": None if cold == "—" else float(cold), "warm_s": float(warm)}
    return out


def browser_bench(db: Path, work: Path, rounds: int, changes: int) -> dict:
    """bench/browser.py: the dashboard against the minimal Streamlit app, in Chromium (medians and ratios)."""
    out = work / "browser.json"
    out.unlink(missing_ok=True)
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "browser.py"),
            "--db",
            str(db),
            "--rounds",
            str(rounds),
            "--changes",
            str(changes),
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if done.returncode != 0 or not out.exists():
        return {"skipped": (done.stdout + done.stderr).strip()[-300:]}
    result = json.loads(out.read_text(encoding="utf-8"))
    return {
        "summary": result["summary"],
        "load_average": result["load_average"],
        "rounds": len(result["rounds"]),
    }


# ---------------------------------------------------------------- one small file (issue #18)


def small_file(demo_db: Path, work: Path, sample: Path, pairs: int) -> dict:
    """One small file into a fresh copy of the warehouse, `pingyi ingest` and the minimal versioned write
    (bench/ingest_floor.py --versioned) in turn."""
    frame = pl.read_csv(sample, infer_schema=False).head(8)
    path = work / "small-file.csv"
    frame.with_columns((pl.col("参评人数").cast(pl.Int64) + 1).cast(pl.String)).write_csv(
        path, include_bom=True
    )
    runs = []
    for i in range(pairs):
        timed = {}
        for side, cmd in (
            ("ingest", lambda db: _pingyi("ingest", str(path), "--db", str(db))),
            (
                "floor",
                lambda db: [
                    sys.executable,
                    str(BENCH / "ingest_floor.py"),
                    "--versioned",
                    str(path),
                    str(db),
                ],
            ),
        ):
            copy = work / f"small-{side}-{i}"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(demo_db.parent, copy, symlinks=True)
            run = timed_process(cmd(copy / demo_db.name))
            run.pop("stdout")
            timed[side] = run
            shutil.rmtree(copy, ignore_errors=True)
        runs.append({**timed, "ratio_wall": timed["ingest"]["wall_s"] / timed["floor"]["wall_s"]})
    return {
        "rows": frame.height,
        "runs": runs,
        "median_wall_s": statistics.median(r["ingest"]["wall_s"] for r in runs),
        "floor_median_wall_s": statistics.median(r["floor"]["wall_s"] for r in runs),
        "median_cpu_s": statistics.median(r["ingest"].get("cpu_s", float("nan")) for r in runs),
        "floor_median_cpu_s": statistics.median(r["floor"].get("cpu_s", float("nan")) for r in runs),
        "ratio_median": statistics.median(r["ratio_wall"] for r in runs),
        "load_average": os.getloadavg()[0],
    }


# ---------------------------------------------------------------- the issue #18 targets

MEMORY_BASELINE_MB = 1160  # the loader's peak before the rounds of issue #18 (docs/benchmarks.md)
DOCS = "docs/benchmarks.md"


def _row(what, dashboard, floor, target, reason, unit="s", ratio=None):
    ratio = ratio if ratio is not None else (dashboard / floor if floor else float("nan"))
    return {
        "what": what,
        "dashboard": dashboard,
        "floor": floor,
        "unit": unit,
        "ratio": ratio,
        "target": target,
        "met": ratio <= target,
        "reason": None if ratio <= target else reason,
    }


def targets(result: dict) -> list[dict]:
    """One row per issue #18 target, from the figures of this run; a reason for each not met."""
    rows = []
    for ing in result.get("ingests", []):
        sc = ing["scale"]
        cpu_share = ing["median_cpu_s"] / ing["median_wall_s"] if ing["median_wall_s"] else float("nan")
        rows.append(
            _row(
                f"ingest {sc} ({ing['files']} files), wall",
                ing["median_wall_s"],
                ing["floor_median_wall_s"],
                1.5,
                f"CPU {ing['median_cpu_s']:.1f} vs floor {ing['floor_median_cpu_s']:.1f} CPU-s, load "
                f"{ing['load_average']:.1f}; see {DOCS} § Schema, plan and memory",
                ratio=ing["ratio_median"],
            )
        )
        rows.append(
            _row(
                f"ingest {sc}, CPU",
                ing["median_cpu_s"],
                ing["floor_median_cpu_s"],
                1.5,
                f"product uses {cpu_share:.0%} of wall in CPU, {ing['per_row_us']:.0f} µs/row; "
                f"see {DOCS} § Read once, validate and write together",
                unit="CPU-s",
            )
        )
    if result.get("ingests"):
        ing = result["ingests"][-1]
        mb = ing["peak_rss_mib"] * 2**20 / 1e6
        rows.append(
            _row(
                f"ingest {ing['scale']} peak memory vs {MEMORY_BASELINE_MB / 1000:.2f} GB before",
                mb,
                MEMORY_BASELINE_MB,
                1.2,
                f"floor loader peaks at {ing['floor_peak_rss_mib'] * 2**20 / 1e6:,.0f} MB on the same files; "
                f"see {DOCS} § Schema, plan and memory",
                unit="MB",
            )
        )
    if result.get("small_file"):
        sf = result["small_file"]
        rows.append(
            _row(
                f"one {sf['rows']}-row file into {sf['scale']} vs minimal versioned write",
                sf["median_wall_s"],
                sf["floor_median_wall_s"],
                1.3,
                f"CPU {sf['median_cpu_s']:.2f} vs {sf['floor_median_cpu_s']:.2f} s: fixed cost (command-line "
                f"imports, validation, audit); see {DOCS} § Schema, plan and memory",
                ratio=sf["ratio_median"],
            )
        )
    for key, timings in result.get("target_queries", {}).items():
        worst = max(timings, key=lambda q: q["ratio"])
        over = [q for q in timings if q["ratio"] > 1.2]
        rows.append(
            _row(
                f"page queries {key}: worst ({worst['query']}); {len(over)} of {len(timings)} over 1.2×",
                worst["warm"],
                worst["floor"],
                1.2,
                f"{worst['warm'] - worst['floor']:.1f} ms over its floor; see {DOCS} § Page queries",
                unit="ms",
                ratio=worst["ratio"],
            )
        )
        for q in over:
            rows.append(
                _row(
                    f"  {key}: {q['query']}",
                    q["warm"],
                    q["floor"],
                    1.2,
                    f"{q['rows']} rows, cold {q['cold']:.1f} ms"
                    + ("" if q.get("identical", True) else "; ANSWERS DIFFER")
                    + f"; see {DOCS} § Page queries",
                    unit="ms",
                    ratio=q["ratio"],
                )
            )
    browser = result.get("browser") or {}
    summary = browser.get("summary", {})
    for key, target, reason in (
        (
            "change_s",
            1.3,
            "page-thread CPU {change_cpu_s} s (dashboard vs minimal app); see "
            + DOCS
            + " § Against a minimal Streamlit app",
        ),
        (
            "nav_s",
            1.3,
            "page-thread CPU {nav_cpu_s} s (dashboard vs minimal app); see "
            + DOCS
            + " § Against a minimal Streamlit app",
        ),
        (
            "first_chart_s",
            1.3,
            "see " + DOCS + " § Session 5 (h-pages): figure building and the server's memory",
        ),
        (
            "rss_sessions_mib",
            1.5,
            "with 1 session {rss_one_mib} MiB already; see " + DOCS + " § Session 5 (h-pages)",
        ),
    ):
        if key in summary:
            row = summary[key]
            cells = {k: f"{v['dashboard']:.2f} vs {v['floor']:.2f}" for k, v in summary.items()}
            rows.append(
                _row(
                    row["label"],
                    row["dashboard"],
                    row["floor"],
                    target,
                    reason.format(**cells),
                    unit="MiB" if key.startswith("rss") else "s",
                    ratio=row["ratio"],
                )
            )
    return rows


def targets_markdown(rows: list[dict]) -> str:
    lines = [
        "Issue #18 targets",
        "",
        "| target | dashboard | floor | ratio | target | met | reason |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['what']} | {r['dashboard']:,.2f} {r['unit']} | {r['floor']:,.2f} {r['unit']} | {r['ratio']:.2f}× "
            f"| {r['target']}× | {'met' if r['met'] else 'NOT MET'} | {r['reason'] or ''} |"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- report


def markdown(result: dict) -> str:
    lines = [
        f"Machine: {result['machine']['cpu']}, {result['machine']['cores']} cores, "
        f"{result['machine']['memory_gib']} GiB; Python {result['machine']['python']}, DuckDB "
        f"{result['machine']['duckdb']}, polars {result['machine']['polars']}; load average at start "
        f"{result['machine']['load_average_at_start']:.1f}; {result['finished']}",
        "",
    ]
    lines += ["| demo | unit-years | file MiB | build s |", "|---|---:|---:|---:|"]
    lines += [
        f"| {d['scale']} | {d['unit_years']:,} | {d['file_mib']:.0f} | {d['seconds']:.1f} |"
        for d in result["demos"]
    ]
    scales = list(
        result["queries"]
    )  # the demos may include the target scale, whose queries are in the targets
    lines += [
        "",
        "| query | " + " | ".join(f"{s} warm ms | {s} floor ms | {s} ratio" for s in scales) + " |",
        "|---|" + "---:|---:|---:|" * len(scales),
    ]
    names = [q["query"] for q in result["queries"][scales[0]]]
    loads = result.get("queries_load_average", {})
    for name in names:
        cells = []
        for s in scales:
            row = next(q for q in result["queries"][s] if q["query"] == name)
            mark = "" if row.get("identical", True) else " (answers differ)"
            cells.append(f"{row['warm']:.1f} | {row['floor']:.1f} | {row['ratio']:.2f}×{mark}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Page queries with the pages' arguments against bench/query_floors.py, alternately; load average "
        + ", ".join(f"{s} {a:.1f} → {z:.1f}" for s, (a, z) in loads.items()),
    ]
    ing = result["ingest"]
    lines += [
        "",
        "| ingest folder | files (CSV/XLSX) | rows | median wall s | rows/s | median CPU s | rows/CPU-s "
        "| peak MiB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        f"| {ing['scale']} ({len(ing['runs'])} runs) | {ing['files']} ({ing['csv']}/{ing['xlsx']}) | "
        f"{ing['rows']:,} | {ing['median_wall_s']:.1f} | {ing['rows_per_s']:,.0f} | {ing['median_cpu_s']:.1f} "
        f"| {ing['rows_per_cpu_s'] or 0:,.0f} | {ing['peak_rss_mib']:.0f} |",
        f"| floor (bench/ingest_floor.py) | same | {ing['rows']:,} | {ing['floor_median_wall_s']:.1f} | "
        f"{ing['rows'] / ing['floor_median_wall_s']:,.0f} | {ing['floor_median_cpu_s']:.1f} | "
        f"{ing['rows'] / ing['floor_median_cpu_s']:,.0f} | {ing['floor_peak_rss_mib']:.0f} |",
        "",
        f"Ingest / floor, pair by pair: median {ing['ratio_median']:.2f}× (floor's tables "
        f"{'identical' if ing['floor_identical'] else 'DIFFERENT'}); {ing['per_file_ms']:.0f} ms per file, "
        f"{ing['per_row_us']:.0f} µs per row; load average {ing['load_average']:.1f}",
    ]
    ver = result["versions"]
    lines += [
        "",
        f"Version files ({ver['scale']}): current version {ver['base_mib']:.0f} MiB, copied in "
        f"{ver['copy_s']:.2f} s; {len(ver['loads'])} loads of an 8-row file, median {ver['median_load_s']:.1f} s:",
        "",
        "| load | s | file MiB | free share |",
        "|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {i + 1} | {s['wall_s']:.1f} | {s['file_mib']:.1f} | {s['free_share']:.2f} |"
        for i, s in enumerate(ver["loads"])
    ]
    if result.get("export"):
        lines += [
            "",
            "Static export: "
            + (
                result["export"].get("skipped")
                or ", ".join(
                    f"{fmt} {v['warm_s']:.2f} s warm"
                    + (f" / {v['cold_s']:.2f} s cold" if v["cold_s"] else "")
                    for fmt, v in result["export"].items()
                )
            ),
        ]
    if result.get("browser"):
        b = result["browser"]
        if b.get("skipped"):
            lines += ["", f"Browser: {b['skipped']}"]
        else:
            a, z = b["load_average"]
            lines += [
                "",
                "| in Chromium (median) | dashboard | floor: minimal app | ratio |",
                "|---|---:|---:|---:|",
                *(
                    f"| {row['label']} | {row['dashboard']:.2f} | {row['floor']:.2f} | {row['ratio']:.2f}× |"
                    for row in b["summary"].values()
                ),
                "",
                f"{b['rounds']} rounds, dashboard and floor in turn; load average {a:.1f} → {z:.1f}",
            ]
    return "\n".join(lines)


class Parts:
    """Wall seconds of each part of the run (printed as it starts, recorded when the next one starts)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._name, self._start = None, time.perf_counter()

    def __call__(self, name: str | None) -> None:
        now = time.perf_counter()
        if self._name:
            self.seconds[self._name] = self.seconds.get(self._name, 0.0) + now - self._start
        self._name, self._start = name, now
        if name:
            print(f"{name} …", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny scale, one run, no Chromium: a smoke run")
    parser.add_argument("--scales", nargs="+", default=None, help="demo scales for the query timings")
    parser.add_argument("--ingest-scale", default=None, help="demo written out as files and ingested")
    parser.add_argument("--ingest-every", type=int, default=1, help="only every N-th institution's file")
    parser.add_argument("--runs", type=int, default=None, help="ingest runs (the median is reported)")
    parser.add_argument("--versions-scale", default=None, help="warehouse for the version-file measurement")
    parser.add_argument("--loads", type=int, default=None, help="small loads in a row for version growth")
    parser.add_argument("--no-chromium", action="store_true", help="skip the export and browser benches")
    parser.add_argument(
        "--target-scale",
        default=None,
        help="warehouse for the issue #18 targets (queries, one small file, ingest)",
    )
    parser.add_argument(
        "--target-runs", type=int, default=None, help="ingest/floor pairs at the target scale (default 1)"
    )
    parser.add_argument(
        "--small-file-pairs", type=int, default=None, help="one small file: ingest/floor pairs"
    )
    parser.add_argument(
        "--browser-rounds", type=int, default=2, help="dashboard/minimal-app rounds in Chromium"
    )
    parser.add_argument(
        "--no-targets", action="store_true", help="skip the issue #18 measurements at national scale"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/pingyi-bench-run"))
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "latest.json")
    args = parser.parse_args(argv)
    quick = args.quick
    scales = args.scales or (["small"] if quick else ["small", "province"])
    ingest_scale = args.ingest_scale or ("small" if quick else "province")
    versions_scale = args.versions_scale or scales[-1]
    runs = args.runs or (1 if quick else 3)
    loads = args.loads or (1 if quick else 5)
    target_scale = None if args.no_targets else (args.target_scale or ("small" if quick else "national"))
    target_runs = args.target_runs or 1
    small_pairs = args.small_file_pairs or (1 if quick else 3)
    args.work.mkdir(parents=True, exist_ok=True)

    part = Parts()
    result: dict = {
        "machine": machine(),
        "quick": quick,
        "started": dt.datetime.now().isoformat(timespec="seconds"),
    }
    demos = {}
    for scale in dict.fromkeys(
        [*scales, ingest_scale, versions_scale, *([target_scale] if target_scale else [])]
    ):
        part(f"demo {scale}")
        demos[scale] = build_demo(scale, args.work)
    result["demos"] = list(demos.values())
    result["queries"] = {}
    for scale in scales:
        part(f"queries {scale}")
        before = os.getloadavg()[0]
        result["queries"][scale] = query_timings(Path(demos[scale]["db"]), 1 if quick else 9)
        result.setdefault("queries_load_average", {})[scale] = [before, os.getloadavg()[0]]
    part(f"ingest {ingest_scale}")
    result["ingest"] = {
        "scale": ingest_scale,
        **ingest_runs(
            Path(demos[ingest_scale]["db"]),
            args.work,
            runs,
            every=args.ingest_every,
            limit=2 if quick else None,
        ),
    }
    sample = next(p for p in sorted(Path(result["ingest"]["folder"]).iterdir()) if p.suffix == ".csv")
    part(f"version files {versions_scale}")
    result["versions"] = {
        "scale": versions_scale,
        **version_files(Path(demos[versions_scale]["db"]), args.work, loads, sample),
    }
    result["ingests"] = [result["ingest"]]
    if target_scale:
        tdb = Path(demos[target_scale]["db"])
        result["target_queries"] = {}
        for scope in ("all", "restricted"):
            part(f"queries {target_scale} {scope}")
            before = os.getloadavg()[0]
            key = f"{target_scale} {'scope all' if scope == 'all' else '20-institution viewer'}"
            result["target_queries"][key] = _module("queries").measure(tdb, scope, 1 if quick else 5)
            result.setdefault("queries_load_average", {})[key] = [before, os.getloadavg()[0]]
        if target_scale != ingest_scale:
            part(f"ingest {target_scale}")
            result["ingests"].append(
                {
                    "scale": target_scale,
                    **ingest_runs(tdb, args.work, target_runs, limit=2 if quick else None),
                }
            )
        part(f"one small file into {target_scale}")
        result["small_file"] = {"scale": target_scale, **small_file(tdb, args.work, sample, small_pairs)}
    if not (quick or args.no_chromium):
        part("export")
        result["export"] = export_bench(5)
        part("browser")
        scale = "province" if "province" in demos else scales[-1]
        result["browser"] = browser_bench(Path(demos[scale]["db"]), args.work, args.browser_rounds, 8)
    part(None)
    result["parts_s"] = part.seconds
    result["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    result["targets"] = targets(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(markdown(result))
    print()
    print(targets_markdown(result["targets"]))
    print("\nWall time of each part: " + ", ".join(f"{k} {v:.0f} s" for k, v in result["parts_s"].items()))
    print(f"\n→ {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
