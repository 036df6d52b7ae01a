"""The dashboard in real Chromium: `pingyi serve` on the demo warehouse, both pages rendered, screenshots kept.

Screenshots go to test-artifacts/ under the repository root (dashboard_trends.png, dashboard_compare.png).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
TRACES = ".js-plotly-plot .main-svg .trace, .js-plotly-plot .main-svg .hm"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium fonts-noto-cjk"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo warehouse users see first, built by the command line."""
    db = tmp_path_factory.mktemp("browser") / "pingyi.duckdb"
    subprocess.run(
        [sys.executable, "-m", "etl.cli", "demo", "--db", str(db)],
        check=True,
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    return db


@pytest.fixture(scope="module")
def server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`pingyi serve` on a free port; the whole process group is ended afterwards (serve starts streamlit)."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "etl.cli", "serve", "--db", str(demo_db), "--port", str(port)],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"pingyi serve exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"no health check after 60 s:\n{log.read_text(errors='replace')}")
            time.sleep(0.3)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _settle(page, title: str, charts: int) -> None:
    """Wait until the page's title, its charts with traces and an idle script are all there."""
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=30_000)
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot').length >= n && "
        f"[...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector(\"{TRACES}\"))",
        arg=charts,
        timeout=30_000,
    )
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_timeout(500)  # plotly finishes its transitions


def _check(page, title: str, charts: int, shot: str) -> None:
    _settle(page, title, charts)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(".js-plotly-plot").count() == charts
    assert page.locator(TRACES).count() > 0
    assert page.get_by_text("演示数据:院校与人员均为虚构").is_visible()
    # the CJK font the charts name is really there (otherwise every glyph would be a box)
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '好评率')")
    legend = page.locator(".js-plotly-plot .legendtext").all_text_contents()
    assert legend, "a chart without a legend"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)


def test_both_pages_render_in_chromium(server: str, browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 2400})
    page = context.new_page()
    failed, console_errors = [], []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    try:
        page.goto(server, wait_until="domcontentloaded")
        # the app opens on 总览; the trends page is one click away
        page.get_by_role("heading", name="总览", level=1).wait_for(timeout=30_000)
        page.wait_for_selector(IDLE, timeout=30_000)
        page.locator("[data-testid='stSidebarNav'] a", has_text="单位类型趋势").click()
        _check(page, "单位类型趋势", 3, "dashboard_trends.png")
        legend = page.locator(".js-plotly-plot").first.locator(".legendtext").all_text_contents()
        assert legend == ["附属医院", "学院", "党支部", "机关"]

        page.locator("[data-testid='stSidebarNav'] a", has_text="院校对比").click()
        _check(page, "院校对比", 3, "dashboard_compare.png")
        assert page.locator("[data-testid='stDataFrame']").count() == 1

        page.locator("[data-testid='stSidebarNav'] a", has_text="会议与报告").click()
        _check(page, "会议与报告", 1, "dashboard_meetings.png")  # the rotation grid (the demo has no reports)
        assert page.get_by_text("现场述职轮换").is_visible()

        page.locator("[data-testid='stSidebarNav'] a", has_text="单位档案").click()
        _check(page, "单位档案", 2, "dashboard_unit.png")  # the first unit of the selection: scores and votes
        assert "unit=" in page.url  # the chosen unit is in the address, so the view can be shared

        page.locator("[data-testid='stSidebarNav'] a", has_text="口径说明").click()
        page.get_by_role("heading", name="口径说明", level=1).wait_for(timeout=30_000)
        page.wait_for_selector(IDLE, timeout=30_000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stDataFrame']").count() == 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard_schemes.png"), full_page=True)

        page.locator("[data-testid='stSidebarNav'] a", has_text="单位类型趋势").click()
        _settle(page, "单位类型趋势", 3)
        # nothing fetched from outside (the dashboard must work on a closed network), no script errors
        assert failed == []
        assert console_errors == []
    finally:
        context.close()


CHIPS = "[data-testid='stSidebar'] [data-testid='stMultiSelectTagsContainer'] [data-tag] > span[title]"


def _chips(page) -> list[str]:
    return [t.strip() for t in page.locator(CHIPS).all_text_contents()]


def _idle(page) -> None:
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_timeout(300)


def test_filters_live_in_the_url_and_back_returns_to_the_previous_page(server: str, browser):
    from urllib.parse import parse_qs, quote, urlencode, urlsplit

    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 1600})
    page = context.new_page()
    try:
        page.goto(server, wait_until="domcontentloaded")
        page.get_by_role("heading", name="总览", level=1).wait_for(timeout=30_000)
        _idle(page)
        # a widget change goes to the address bar
        page.locator("[data-testid='stSidebar'] label", has_text="满意率").click()
        page.wait_for_function("() => location.search.includes('metric=')", timeout=15_000)
        _idle(page)
        # and stays there on a page switch
        page.locator("[data-testid='stSidebarNav'] a", has_text="院校对比").click()
        _settle(page, "院校对比", 3)
        assert "/compare" in page.url and "metric=" in page.url
        assert page.get_by_text("各院校的满意率(按年度)").first.is_visible()
        # the back button returns to the previous page
        page.go_back()
        page.get_by_role("heading", name="总览", level=1).wait_for(timeout=30_000)
        _idle(page)
        assert page.locator("[data-testid='stException']").count() == 0

        # a link with filters reproduces the view: same chips, same metric
        institutions = [c for c in _chips(page) if c not in ("附属医院", "学院", "党支部", "机关")][:2]
        assert len(institutions) == 2
        query = urlencode(
            {"inst": institutions, "types": ["学院", "党支部"], "metric": "满意率(好+较好票占比)"},
            doseq=True, quote_via=quote,
        )
        link = f"{server}/compare?{query}"
        other = context.new_page()
        other.goto(link, wait_until="domcontentloaded")
        _settle(other, "院校对比", 3)
        assert _chips(other) == institutions + ["学院", "党支部"]
        assert other.get_by_text("各院校的满意率(按年度)").first.is_visible()
        other.reload(wait_until="domcontentloaded")
        _settle(other, "院校对比", 3)
        assert _chips(other) == institutions + ["学院", "党支部"]
        params = parse_qs(urlsplit(other.url).query)
        assert params["inst"] == institutions and params["metric"] == ["满意率(好+较好票占比)"]
        assert other.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()
