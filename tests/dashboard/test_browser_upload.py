"""数据载入 in real Chromium: `pingyi serve` on a non-demo warehouse, an admin logs in with a password, uploads a file
whose headers the loader does not know, maps two columns, previews, loads, and finds the load in the batch history.

Screenshots of the mapping step go to $PINGYI_SHOTS (default test-artifacts/ under the repository root).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard import serving
from tests.dashboard.serving import password_login
from warehouse.access import UserStore
from warehouse.store import Store

REPO = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("PINGYI_SHOTS") or REPO / "test-artifacts")
CHROMIUM = Path("/usr/bin/chromium")
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
NEEDS_MAP = REPO / "tests" / "data" / "results_needs_map.csv"  # 支部 · 负责同志 · 结论
RATINGS = REPO / "tests" / "data" / "dashboard_ratings.csv"
PORT = int(os.environ.get("PINGYI_TEST_UPLOAD_PORT") or 8641)
PASSWORD = "correct horse battery"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium fonts-noto-cjk"
    ),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A real (non-demo) warehouse loaded by the command line, a users file with one admin, `pingyi serve`."""
    base = tmp_path_factory.mktemp("upload-site")
    db = base / "data" / "pingyi.duckdb"
    subprocess.run(
        [sys.executable, "-m", "pingyi", "ingest", str(RATINGS), "--db", str(db)],
        check=True,
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    users = base / "users.json"
    UserStore(users).add("li-admin", PASSWORD, "admin", None)
    log = base / "serve.log"
    with serving.serve(db, log, env={"PINGYI_USERS_FILE": str(users), "TMPDIR": str(base)}, port=PORT) as url:
        yield url, db


@pytest.fixture(scope="module")
def browser():
    with serving.chromium() as chromium:
        yield chromium


def _idle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=60_000)


def _cells(page, key: str) -> list[list[str]]:
    """The rows of the table inside the container with this key (the grid's accessible copy)."""
    table = page.locator(f".st-key-{key} [data-testid='stDataFrame'] table").first
    table.wait_for(state="attached", timeout=30_000)
    return [
        [c.strip() for c in row.locator("td").all_inner_texts()] for row in table.locator("tbody tr").all()
    ]


def _pick(page, header: str, option: str) -> None:
    """Choose `option` in the field selectbox labelled with a column's header."""
    box = (
        page.locator("[data-testid='stSelectbox']")
        .filter(has=page.locator("[data-testid='stWidgetLabel']", has_text=header))
        .first
    )
    box.locator("input[role='combobox']").click()
    page.get_by_role("option", name=option, exact=True).click()
    _idle(page)


def _log_in(page, url: str) -> None:
    """Open the dashboard; log in unless the session cookie of an earlier login still holds (sessions survive a
    reload, so a second visit lands on the dashboard directly)."""
    page.goto(url, wait_until="domcontentloaded")
    form = page.get_by_label("用户名", exact=True)
    heading = page.get_by_role("heading", name="总览", level=1)
    form.or_(heading).first.wait_for(timeout=90_000)  # the first page of a cold server
    if form.count():
        password_login(page, "li-admin", PASSWORD)
    heading.wait_for(timeout=60_000)
    _idle(page)


def _rows_loaded(db: Path) -> list[tuple]:
    with Store.at(db).connect_read_only() as con:
        return con.execute(
            "select unit, official_grade from appraisal where institution = '松岭大学' order by unit"
        ).fetchall()


def test_map_two_columns_preview_load_and_see_it_in_the_history(site, browser):
    url, db = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 1800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        _log_in(page, url)
        page.locator("[data-testid='stSidebarNav'] a[href$='/admin']").first.click()
        page.get_by_text("选择文件").first.wait_for(timeout=30_000)
        _idle(page)

        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
            files=[
                {"name": "松岭大学 考核结果.csv", "mimeType": "text/csv", "buffer": NEEDS_MAP.read_bytes()}
            ]
        )
        page.get_by_text("松岭大学 考核结果.csv").first.wait_for(timeout=30_000)
        page.locator(".st-key-admin_inst input").fill("松岭大学")
        page.locator(".st-key-admin_inst input").press("Enter")
        _idle(page)
        page.locator(".st-key-admin_year input").fill("2023")
        page.locator(".st-key-admin_year input").press("Enter")
        _idle(page)
        page.locator(".st-key-admin_preview_button button").click()
        _idle(page)
        page.get_by_text("未找到这些字段").first.wait_for(timeout=60_000)
        assert _cells(page, "admin_summary")[0][:3] == ["松岭大学 考核结果.csv", "评议结果", "未能载入"]
        page.get_by_text("列与字段对应:松岭大学 考核结果.csv").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "upload_mapping_found.png"), full_page=True)

        _pick(page, "支部", "单位(党组织)名称")
        _pick(page, "结论", "评定等次(评议结果)")
        page.screenshot(path=str(SHOTS / "upload_mapping_chosen.png"), full_page=True)
        page.locator(".st-key-admin_remap button").click()
        _idle(page)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.st-key-admin_summary td')].some(td => td.innerText.includes('可载入'))",
            timeout=60_000,
        )
        summary = _cells(page, "admin_summary")[0]
        assert summary[2:6] == ["可载入(试运行)", "2", "2", "0"]
        page.screenshot(path=str(SHOTS / "upload_mapping_preview.png"), full_page=True)
        assert _rows_loaded(db) == []  # a dry run wrote nothing

        page.locator(".st-key-admin_confirm button").click()
        page.get_by_text("载入完成").first.wait_for(timeout=60_000)
        _idle(page)
        page.wait_for_function(  # the grid redraws its rows a moment after the script has finished
            "() => [...document.querySelectorAll('.st-key-admin_history td')].some(td => td.innerText.includes('考核结果'))",
            timeout=30_000,
        )
        history = _cells(page, "admin_history")
        assert history[0][1] == "松岭大学 考核结果.csv" and history[0][3] == "已载入"
        assert history[0][7] == "松岭大学"  # the columns further right are drawn only when scrolled to
        with Store.at(db).connect_read_only() as con:
            assert con.execute(
                "select loaded_by from etl_batches order by loaded_at desc limit 1"
            ).fetchall() == [("li-admin",)]
        page.screenshot(path=str(SHOTS / "upload_loaded_history.png"), full_page=True)
        assert _rows_loaded(db) == [("松岭大学动物学院", "average"), ("松岭大学植物学院", "good")]
        assert page.locator("[data-testid='stException']").count() == 0

        # the next file with the same headers, in English: the saved mapping is offered by itself
        _log_in(page, url)  # a new session: an empty uploader
        page.locator("[data-testid='stSidebar'] label").filter(has_text="English").first.click()
        _idle(page)
        page.locator("[data-testid='stSidebarNav'] a[href$='/admin']").first.click()
        page.get_by_text("Choose files").first.wait_for(timeout=60_000)
        _idle(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
            files=[{"name": "songling 2024.csv", "mimeType": "text/csv", "buffer": NEEDS_MAP.read_bytes()}]
        )
        page.get_by_text("songling 2024.csv").first.wait_for(timeout=30_000)
        page.locator(".st-key-admin_inst input").fill("松岭大学")
        page.locator(".st-key-admin_inst input").press("Enter")
        _idle(page)
        page.locator(".st-key-admin_year input").fill("2024")
        page.locator(".st-key-admin_year input").press("Enter")
        _idle(page)
        page.locator(".st-key-admin_preview_button button").click()
        page.get_by_text("The mapping saved for these headers was applied").first.wait_for(timeout=60_000)
        _idle(page)
        assert _cells(page, "admin_summary")[0][:4] == [
            "songling 2024.csv",
            "results",
            "would load (dry run)",
            "2",
        ]
        page.screenshot(path=str(SHOTS / "upload_mapping_remembered_en.png"), full_page=True)
        assert errors == []
    finally:
        context.close()
