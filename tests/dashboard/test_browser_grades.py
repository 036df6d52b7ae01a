"""A grade-only institution in real Chromium (issue #12): `pingyi serve` over a warehouse where 松溪学院 published grades
only for 2023 and a roster for 2022 (tests/dashboard/grades_data.py); the overview, the trends page and the
rotation grid render with it, say plainly that it published grades only, and chart the share of units graded 好.

Screenshots go to test-artifacts/ (grades_overview.png, grades_trends.png, grades_meetings.png).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard import serving
from tests.dashboard.grades_data import SONGXI, add_songxi
from tests.dashboard.test_browser import ARTIFACTS, CHROMIUM, IDLE, REPO, TRACES, _free_port, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium fonts-noto-cjk"
    ),
]


@pytest.fixture(scope="module")
def grades_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard fixture data plus 松溪学院, flagged as demo data so that `serve --demo` logs in by itself."""
    from tests.dashboard.conftest import _build
    from warehouse.store import Store

    pointer = add_songxi(_build(tmp_path_factory.mktemp("grades_browser") / "pingyi.duckdb"))
    with Store.at(pointer).write() as writer:
        writer.con.execute("update raw_institutions set is_demo = true")
    return pointer


@pytest.fixture(scope="module")
def grades_server(grades_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("grades_serve") / "serve.log"
    with serving.serve(grades_db, log, args=["--demo"]) as url:
        yield url


def _institution_id(db: Path) -> str:
    from warehouse.store import Store

    con = Store.at(db).connect_read_only()
    try:
        return con.execute("select institution_id from institutions where name = ?", [SONGXI]).fetchall()[0][
            0
        ]
    finally:
        con.close()


def _open(page, url: str, title: str, charts: int, shot: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=30_000)
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot').length >= n && "
        f"[...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector(\"{TRACES}\"))",
        arg=charts,
        timeout=30_000,
    )
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(".js-plotly-plot").count() == charts
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)


def test_grade_only_institution_in_chromium(grades_server: str, grades_db: Path, browser):  # noqa: F811
    inst = _institution_id(grades_db)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 1800})
    page = context.new_page()
    try:
        _open(page, f"{grades_server}/?inst={inst}", "总览", 1, "grades_overview.png")
        assert page.get_by_text("该校仅公布等次:", exact=False).is_visible()
        assert page.get_by_text("50.0%", exact=True).is_visible()  # the share of units graded 好

        _open(page, f"{grades_server}/trends?inst={inst}", "单位类型趋势", 2, "grades_trends.png")
        assert page.get_by_text("此处显示评为“好”的单位占比", exact=False).is_visible()
        titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
        assert any("“好”单位占比" in t for t in titles), titles

        _open(page, f"{grades_server}/meetings?inst={inst}", "会议与报告", 1, "grades_meetings.png")
        assert page.get_by_text("现场述职轮换").is_visible()  # the grid drawn from the 2022 roster
    finally:
        context.close()
