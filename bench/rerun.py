"""The server's share of an interaction: one script rerun after a metric change on 院校对比, in Streamlit's AppTest
(no browser), for the dashboard and for the minimal app of bench/browser.py, alternately; with --profile, where
the dashboard's rerun spends its time (cProfile, cumulative, the project's own functions).

    .venv/bin/python bench/rerun.py --db /tmp/prov/pingyi.duckdb [--runs 8] [--profile]

The queries are cached after the first run (as on a server), so what is timed is the script: widgets, figure
building, tables, serialising the elements. The scripts' bytecode is cached across runs as a server caches it
(AppTest alone compiles them on every run; `--compile-each-run` keeps that). The browser's part (drawing) is bench/browser.py's page-thread CPU.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
METRICS = ["positive_rate", "good_rate"]


def share_script_cache() -> None:
    """One ScriptCache for every AppTest run, as a server has (streamlit.runtime.Runtime keeps one): AppTest makes a
    new one per run, so each rerun would compile the scripts again (with the magic pass), which a server does only
    when a file changes (≈ 30 % of a dashboard rerun in AppTest, a few ms for the minimal app)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared
    local_script_runner.ScriptCache = lambda: shared


def dashboard_app():
    from streamlit.testing.v1 import AppTest

    from dashboard.auth import USER_KEY
    from warehouse.access import User

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.session_state[USER_KEY] = User("bench", "viewer", None, password_hash="")
    at.run()
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception, at.exception
    return at


def minimal_app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "bench" / "minimal_app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def change(at, i: int) -> tuple[float, float]:
    """(wall s, process CPU s) of one rerun after a metric change: the CPU time moves far less with the machine's
    load than the wall time (AppTest runs the script in a thread of this process, nothing else runs meanwhile)."""
    radio = next(r for r in at.radio if r.key == "metric")
    radio.set_value(METRICS[i % 2])
    t0, c0 = time.perf_counter(), time.process_time()
    at.run()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert not at.exception, at.exception
    return elapsed, cpu


def profile_reruns(at, runs: int) -> None:
    """cProfile of the script threads AppTest starts (one profiler per thread, merged)."""
    profiles: list[cProfile.Profile] = []

    def start(*_args) -> None:  # the first event of a new thread: a profiler of its own takes over
        profile = cProfile.Profile()
        profiles.append(profile)
        profile.enable()

    threading.setprofile(start)
    try:
        for i in range(runs):
            change(at, i)
    finally:
        threading.setprofile(None)  # type: ignore[arg-type]
    for profile in profiles:
        profile.disable()
    stats = pstats.Stats(*profiles)
    script = max((v[3] for k, v in stats.stats.items() if k[2] == "_run_script"), default=0.0)
    print(f"\nwhere the dashboard's {runs} reruns go (cumulative s in the script thread; project functions):")
    rows = [
        (v[3], f"{Path(k[0]).relative_to(ROOT)}:{k[1]} {k[2]}")
        for k, v in stats.stats.items()
        if k[0].startswith(str(ROOT)) and "/.venv/" not in k[0] and "/bench/" not in k[0]
    ]
    for cumulative, where in sorted(rows, reverse=True)[:18]:
        print(f"  {cumulative:6.2f}  {where}")
    print(f"  (the script runs in all: {script:.2f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, required=True, help="the warehouse pointer")
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--profile", action="store_true", help="also profile the dashboard's reruns")
    parser.add_argument(
        "--compile-each-run", action="store_true", help="AppTest's default: compile the scripts on every run"
    )
    args = parser.parse_args(argv)
    os.environ["PINGYI_DB"] = str(args.db.absolute())
    if not args.compile_each_run:
        share_script_cache()
    load = os.getloadavg()[0]
    apps = {"dashboard": dashboard_app(), "floor": minimal_app()}
    for at in apps.values():  # warm: both metrics' queries cached
        change(at, 0), change(at, 1)
    times: dict[str, list[tuple[float, float]]] = {"dashboard": [], "floor": []}
    for i in range(args.runs):  # A B A B
        for name, at in apps.items():
            times[name].append(change(at, i))
    print("| server rerun after a metric change (AppTest, median) | dashboard 院校对比 | floor | ratio |")
    print("|---|---:|---:|---:|")
    for k, what in enumerate(("wall s", "CPU s")):
        a = statistics.median(t[k] for t in times["dashboard"])
        b = statistics.median(t[k] for t in times["floor"])
        print(f"| {what} | {a:.3f} | {b:.3f} | {a / b:.2f}× |")
    print(f"\n{args.runs} runs each, alternately; load average {load:.1f} → {os.getloadavg()[0]:.1f}")
    if args.profile:
        profile_reruns(apps["dashboard"], args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
