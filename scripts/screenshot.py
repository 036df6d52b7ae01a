"""Regenerate the README's screenshot (docs/screenshot-overview.png): the 总览 page of the demo data in Chinese, as a
1366×768 laptop shows it, in Debian's Chromium.

    .venv/bin/python scripts/screenshot.py [--out docs/screenshot-overview.png] [--db PATH] [--port 8731]

Without --db a fresh demo warehouse is built in a temporary folder (`pingyi demo`); `pingyi serve --demo` is started
on the port, the page is opened and captured once its charts are drawn, and the server is stopped again.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHARTS = ".js-plotly-plot .main-svg .trace, .js-plotly-plot .main-svg .hm"
VIEWPORT = {"width": 1366, "height": 768}


def _pingyi(*args: str, **kwargs) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINGYI_")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.Popen([sys.executable, "-m", "pingyi", *args], cwd=REPO, env=env, **kwargs)


@contextlib.contextmanager
def served(db: Path, port: int, log: Path) -> Iterator[str]:
    """`pingyi serve --demo` on `port` until the block ends (its whole process group is stopped)."""
    with open(log, "wb") as out:
        proc = _pingyi(
            "serve",
            "--db",
            str(db),
            "--demo",
            "--port",
            str(port),
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"pingyi serve stopped (see {log})")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"pingyi serve did not answer within 120 s (see {log})")
            time.sleep(0.5)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def capture(url: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="zh-CN", viewport=VIEWPORT).new_page()
            page.goto(f"{url}/", wait_until="domcontentloaded")
            page.get_by_role("heading", name="总览", level=1).wait_for(timeout=60_000)
            page.wait_for_selector(CHARTS, timeout=60_000)
            page.wait_for_selector(IDLE, timeout=60_000)
            page.wait_for_timeout(1500)  # Plotly's transitions and the fonts settle
            if page.locator("[data-testid='stException']").count():
                raise SystemExit("the overview shows an error: no screenshot taken")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))  # the viewport: what a 1366×768 screen shows first
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot-overview.png")
    parser.add_argument("--db", type=Path, help="a warehouse to show (default: a fresh demo warehouse)")
    parser.add_argument("--port", type=int, default=8731)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pingyi-shot-") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "pingyi.duckdb"
            if _pingyi("demo", "--db", str(db)).wait() != 0:
                raise SystemExit("pingyi demo failed")
        with served(db, args.port, Path(tmp) / "serve.log") as url:
            capture(url, args.out)
    print(f"{args.out} ({VIEWPORT['width']}×{VIEWPORT['height']}, zh-CN)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
