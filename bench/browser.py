"""Times the dashboard in real Chromium against the least Streamlit app over the same file (bench/minimal_app.py).

    .venv/bin/python bench/browser.py --scale province [--db /tmp/prov/pingyi.duckdb] [--rounds 2] [--changes 8]

Each round serves the dashboard (`pingyi serve --demo`) and then the minimal app (`streamlit run` with the same
flags), one after the other (A B A B …, so both see the same machine load), and measures in each:

- first chart after start: from starting the server process to the first Plotly chart drawn in Chromium;
- filter change on 院校对比: clicking the other metric in the sidebar until the first chart's title names it and
  the script is idle, plus the CPU time of the browser's page thread for it (Chrome's ThreadTime);
- page navigation: 院校对比 → 单位类型趋势 → 院校对比 … through the sidebar's links, until the new page's first
  chart is drawn and the script is idle;
- server memory: resident set size of the server process with one session, and after five sessions (five
  browser contexts, each on 院校对比 with its chart drawn).

Prints medians of each app and the ratio dashboard / floor, with the load average.
"""

from __future__ import annotations

import argparse
import json
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
CHART = ".js-plotly-plot .main-svg"
TITLE = ".js-plotly-plot .gtitle"
METRIC_LABELS = ["满意率(好+较好票占比)", "好评率(好票占比)"]  # the sidebar radio of both apps
PAGES = ["单位类型趋势", "院校对比"]  # navigation goes back and forth between these two
PORTS = {"dashboard": 8615, "floor": 8616}  # this bench's own ports
STREAMLIT_FLAGS = [  # what `pingyi serve` passes (its _serve_hardening), for the floor too
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--theme.base",
    "light",
    "--server.runOnSave",
    "false",
]


def pingyi() -> list[str]:
    """The command line entry point (the composition root)."""
    return [sys.executable, "-m", "pingyi"]


def server_command(app: str, db: Path, port: int) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PINGYI_DB": str(db)}
    if app == "dashboard":
        return [*pingyi(), "serve", "--demo", "--db", str(db), "--port", str(port)], env
    script = str(ROOT / "bench" / "minimal_app.py")
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), *STREAMLIT_FLAGS]
    return cmd, env


def rss_mib(pid: int) -> float:
    """Resident memory of the process and its children (Streamlit serves from one process; `pingyi serve` execs
    into it, so the pid stays the same)."""
    total = 0
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    pids.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no answer on port {port} after {timeout} s")


def thread_time(cdp) -> float:
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "ThreadTime")


def settle(page, title: str | None, timeout: float = 60_000) -> None:
    """Wait until the first chart's title differs from `title` (None: until a chart is drawn) and the script is
    idle."""
    if title is None:
        page.wait_for_selector(CHART, timeout=timeout)
    else:
        page.wait_for_function(
            "old => { const t = document.querySelector('.js-plotly-plot .gtitle');"
            " return t && t.textContent !== old; }",
            arg=title,
            timeout=timeout,
        )
    page.wait_for_selector(IDLE, timeout=timeout)


def stop(server: subprocess.Popen) -> None:
    """End the server's process group: SIGTERM, then SIGKILL if it is still there after 20 s."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=20)
    except ProcessLookupError:
        pass


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def measure_app(app: str, db: Path, browser, changes: int, navigations: int, sessions: int) -> dict:
    port = PORTS[app]
    if not port_free(port):  # another server there would be measured instead
        raise RuntimeError(f"port {port} is in use: stop what listens there first")
    cmd, env = server_command(app, db, port)
    url = f"http://127.0.0.1:{port}/" + ("compare" if app == "dashboard" else "")
    started = time.perf_counter()
    server = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    contexts = []
    try:
        wait_healthy(port, server)
        healthy = time.perf_counter() - started
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(CHART, timeout=120_000)
        first_chart = time.perf_counter() - started
        page.wait_for_selector(IDLE, timeout=60_000)
        page.wait_for_timeout(1500)  # the first drawing settles
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        change_s, change_cpu = [], []
        for i in range(changes):
            title = page.locator(TITLE).first.text_content()
            c0, t0 = thread_time(cdp), time.perf_counter()
            page.get_by_text(METRIC_LABELS[i % 2], exact=True).click()
            settle(page, title, 30_000)
            change_s.append(time.perf_counter() - t0)
            page.wait_for_timeout(800)  # Plotly's last redraws after the script run has ended
            change_cpu.append(thread_time(cdp) - c0)
        nav_s, nav_cpu = [], []
        for i in range(navigations):
            title = page.locator(TITLE).first.text_content()
            c0, t0 = thread_time(cdp), time.perf_counter()
            page.locator("[data-testid='stSidebarNav'] a", has_text=PAGES[i % 2]).first.click()
            settle(page, title, 30_000)
            nav_s.append(time.perf_counter() - t0)
            page.wait_for_timeout(800)
            nav_cpu.append(thread_time(cdp) - c0)
        page.wait_for_timeout(1000)
        rss_one = rss_mib(server.pid)
        for _ in range(sessions - 1):
            other = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
            contexts.append(other)
            tab = other.new_page()
            tab.goto(url)
            tab.wait_for_selector(CHART, timeout=120_000)
            tab.wait_for_selector(IDLE, timeout=60_000)
        time.sleep(2)
        rss_many = rss_mib(server.pid)
    finally:
        for context in contexts:
            context.close()
        stop(server)
    return {
        "healthy_s": healthy,
        "first_chart_s": first_chart,
        "change_s": change_s,
        "change_cpu_s": change_cpu,
        "nav_s": nav_s,
        "nav_cpu_s": nav_cpu,
        "rss_one_mib": rss_one,
        "rss_sessions_mib": rss_many,
        "sessions": sessions,
    }


FIGURES = [  # (key, label, how a round's list of values becomes one figure)
    ("first_chart_s", "first chart after start (s)"),
    ("change_s", "filter change on 院校对比 (s)"),
    ("change_cpu_s", "filter change: page-thread CPU (s)"),
    ("nav_s", "page navigation (s)"),
    ("nav_cpu_s", "page navigation: page-thread CPU (s)"),
    ("rss_one_mib", "server RSS, 1 session (MiB)"),
    ("rss_sessions_mib", "server RSS, 5 sessions (MiB)"),
]


def summary(rounds: list[dict[str, dict]]) -> dict[str, dict]:
    """Per figure: the median of each app over all rounds (lists pooled), and their ratio."""
    out = {}
    for key, label in FIGURES:
        values = {}
        for app in ("dashboard", "floor"):
            pooled: list[float] = []
            for r in rounds:
                v = r[app][key]
                pooled += v if isinstance(v, list) else [v]
            values[app] = statistics.median(pooled)
        out[key] = {
            "label": label,
            "dashboard": values["dashboard"],
            "floor": values["floor"],
            "ratio": values["dashboard"] / values["floor"] if values["floor"] else float("nan"),
        }
    return out


def run(db: Path, rounds: int, changes: int, navigations: int, sessions: int) -> dict:
    load_before = os.getloadavg()[0]
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            for _ in range(rounds):
                results.append(
                    {
                        app: measure_app(app, db, browser, changes, navigations, sessions)
                        for app in ("dashboard", "floor")
                    }
                )
        finally:
            browser.close()
    return {
        "db": str(db),
        "rounds": results,
        "summary": summary(results),
        "load_average": [load_before, os.getloadavg()[0]],
        "cores": os.cpu_count(),
    }


def markdown(result: dict) -> str:
    lines = [
        "| interaction | dashboard | floor (minimal app) | ratio |",
        "|---|---:|---:|---:|",
    ]
    for row in result["summary"].values():
        lines.append(
            f"| {row['label']} | {row['dashboard']:.2f} | {row['floor']:.2f} | {row['ratio']:.2f}× |"
        )
    a, b = result["load_average"]
    lines.append(
        f"\n{len(result['rounds'])} rounds (dashboard and floor in turn); load average {a:.1f} → {b:.1f} "
        f"on {result['cores']} cores"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="province")
    parser.add_argument("--work", type=Path, default=Path("/tmp/pingyi-bench"))
    parser.add_argument("--db", type=Path, help="an existing warehouse pointer (default: built under --work)")
    parser.add_argument(
        "--rounds", type=int, default=2, help="dashboard and floor served in turn, this often"
    )
    parser.add_argument("--changes", type=int, default=8, help="metric changes per round")
    parser.add_argument("--navigations", type=int, default=6, help="page changes per round")
    parser.add_argument("--sessions", type=int, default=5, help="browser sessions for the memory figure")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    db = args.db or args.work / args.scale / "pingyi.duckdb"
    if not db.exists():
        subprocess.run(
            [*pingyi(), "demo", "--scale", args.scale, "--db", str(db)],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    result = run(db.absolute(), args.rounds, args.changes, args.navigations, args.sessions)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
