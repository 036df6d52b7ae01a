"""Times the dashboard in real Chromium: `pingyi serve` to the first chart, and a filter change to the
re-rendered chart, on a demo warehouse of the given scale.

    .venv/bin/python bench/browser.py --scale province [--db /tmp/prov/pingyi.duckdb] [--page compare|trends] [--changes 8]

Besides the wall-clock time of each change it reports the CPU time the browser's page thread spent on it
(Chrome's ThreadTime metric: scripts, Plotly, layout, paint set-up). Wall-clock time on a shared 2-core machine
swings with whatever else runs (the load average is printed with the results); the page thread's CPU time
barely does, so compare versions of a page by it.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="province")
    parser.add_argument("--work", type=Path, default=Path("/tmp/pingyi-bench"))
    parser.add_argument("--changes", type=int, default=8)  # the median of at least 8 changes (issue #8)
    parser.add_argument("--db", type=Path, help="an existing warehouse pointer (default: built under --work)")
    parser.add_argument(
        "--page", default="compare", help="url path of the page (its first chart must name the metric)"
    )
    args = parser.parse_args()
    db = args.db or args.work / args.scale / "pingyi.duckdb"
    if not db.exists():
        subprocess.run(
            [sys.executable, "-m", "pingyi", "demo", "--scale", args.scale, "--db", str(db)],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    port = free_port()
    t0 = time.perf_counter()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from pingyi.cli import main; main()",
            "serve",
            "--demo",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        healthy = time.perf_counter() - t0
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
            t1 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/{args.page}")
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            first_chart = time.perf_counter() - t1
            page.wait_for_selector(IDLE, timeout=60_000)
            page.wait_for_timeout(1500)  # the first drawing settles
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")

            def thread_time() -> float:
                return next(
                    m["value"]
                    for m in cdp.send("Performance.getMetrics")["metrics"]
                    if m["name"] == "ThreadTime"
                )

            metrics = ["满意率(好+较好票占比)", "好评率(好票占比)"]
            changes, cpu = [], []
            for i in range(args.changes):
                title = page.locator(".js-plotly-plot .gtitle").first.text_content()
                c0 = thread_time()
                t2 = time.perf_counter()
                page.get_by_text(metrics[i % 2], exact=True).click()
                # re-rendered: the first chart's title names the new metric and the script is idle again
                page.wait_for_function(
                    "old => { const t = document.querySelector('.js-plotly-plot .gtitle');"
                    " return t && t.textContent !== old; }",
                    arg=title,
                    timeout=30_000,
                )
                page.wait_for_selector(IDLE, timeout=30_000)
                changes.append(time.perf_counter() - t2)
                page.wait_for_timeout(1000)  # Plotly's last redraws after the script run has ended
                cpu.append(thread_time() - c0)
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    print(
        f"scale {args.scale}: serve → healthy {healthy:.1f} s; first chart on /{args.page} {first_chart:.1f} s after "
        f"navigation"
    )
    print(
        f"metric change → chart re-rendered and idle: median {statistics.median(changes):.2f} s "
        f"(min {min(changes):.2f}, max {max(changes):.2f}, n={len(changes)})"
    )
    print(
        f"page thread CPU per change: median {statistics.median(cpu):.2f} s (min {min(cpu):.2f}, max {max(cpu):.2f}); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
