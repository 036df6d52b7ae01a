"""Password sessions, roles and hardening in real Chromium against `pingyi serve` (issue #17's attacks re-run).

- a login survives a reload and a new tab; a shared deep link (/unit?unit=…) keeps its page through the login;
- logging out ends the session: the old cookie, replayed in a fresh browser, no longer logs anyone in;
- a viewer has no download path: no export button, no table toolbar download, no chart toolbar download;
- /_stcore/metrics is not public; a demo visitor is a read-only viewer, and an administrator logs in for uploads.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.dashboard.serving import chromium, idle, needs_chromium, password_login, serve
from warehouse.access import UserStore
from warehouse.store import Store

pytestmark = [pytest.mark.browser, needs_chromium]
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, warehouse: Path):
    folder = tmp_path_factory.mktemp("sessions")
    users = folder / "users.json"
    UserStore(users).add("viewer-b", PASSWORD, "viewer", None)
    UserStore(users).add("analyst-b", PASSWORD, "analyst", None)
    env = {"PINGYI_USERS_FILE": str(users), "PINGYI_LOGIN_DELAY_SECONDS": "0.05"}
    with serve(warehouse, folder / "serve.log", env=env) as url, chromium() as browser:
        yield {"url": url, "browser": browser, "users": users}


def _a_unit(warehouse: Path) -> str:
    with Store.at(warehouse).connect_read_only() as con:
        return con.execute("select min(unit_id) from units").fetchall()[0][0]


def test_a_deep_link_survives_the_login_a_reload_and_a_new_tab_and_logout_ends_the_cookie(
    site, warehouse: Path
):
    url, browser = site["url"], site["browser"]
    unit = _a_unit(warehouse)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{url}/unit?unit={unit}")
    idle(page)
    password_login(page, "viewer-b", PASSWORD)
    page.get_by_role("heading", name="单位档案", level=1).wait_for(timeout=60_000)
    idle(page)
    assert page.url.startswith(f"{url}/unit") and f"unit={unit}" in page.url, page.url
    assert (
        page.locator("[data-testid='stAlertContentWarning']").count() == 0
    )  # the unit was found, not "not found"
    cookie = {c["name"]: c for c in context.cookies()}["pingyi_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["expires"] > 0
    page.reload()
    page.get_by_role("heading", name="单位档案", level=1).wait_for(timeout=30_000)
    other = context.new_page()
    other.goto(f"{url}/compare")
    other.get_by_role("heading", name="院校对比", level=1).wait_for(timeout=30_000)
    idle(page)
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{url}/", timeout=30_000)  # through /pingyi/logout, which deletes the cookie
    page.get_by_label("密码", exact=True).wait_for(timeout=30_000)
    assert "pingyi_session" not in {c["name"] for c in context.cookies()}
    # the old cookie in a fresh browser: the session is gone, so it logs nobody in
    replay = browser.new_context(locale="zh-CN")
    replay.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path")}])
    stale = replay.new_page()
    stale.goto(f"{url}/compare")
    idle(stale)
    assert stale.get_by_label("密码", exact=True).is_visible()
    assert stale.locator(".js-plotly-plot").count() == 0
    other.reload()  # the other tab of the logged-out browser too
    idle(other)
    assert other.get_by_label("密码", exact=True).is_visible()
    replay.close()
    context.close()


def test_a_viewer_has_no_download_path_in_the_browser(site):
    url, browser = site["url"], site["browser"]
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{url}/compare")
    idle(page)
    password_login(page, "viewer-b", PASSWORD)
    page.get_by_role("heading", name="院校对比", level=1).wait_for(timeout=30_000)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    idle(page)
    assert page.locator("[data-testid='stDownloadButton']").count() == 0
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    page.wait_for_timeout(300)
    assert chart.locator(".modebar-btn").count() > 0  # the chart toolbar is there …
    assert (
        chart.locator("[data-title*='Download'], [data-title*='download']").count() == 0
    )  # … without download
    page.goto(f"{url}/schemes")  # a page with a table
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
    idle(page)
    table = page.locator("[data-testid='stDataFrame']").first
    table.hover()
    page.wait_for_timeout(500)
    toolbar = page.locator("[data-testid='stElementToolbar']")
    labels = " ".join(b.get_attribute("aria-label") or "" for b in toolbar.locator("button").all())
    assert toolbar.locator("button").count() > 0, "no table toolbar at all: the check would pass vacuously"
    assert "download" not in labels.lower(), labels
    context.close()


def test_metrics_are_not_public(site):
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{site['url']}/_stcore/metrics", timeout=5)
    assert err.value.code == 404
    with urllib.request.urlopen(f"{site['url']}/_stcore/health", timeout=5) as ok:
        assert ok.status == 200


def test_a_demo_visitor_is_a_viewer_and_an_administrator_logs_in_for_uploads(
    site, tmp_path: Path, demo_warehouse: Path
):
    users = tmp_path / "users.json"
    UserStore(users).add("admin-d", PASSWORD, "admin", None)
    env = {"PINGYI_USERS_FILE": str(users)}
    with serve(demo_warehouse, tmp_path / "serve.log", env=env, args=["--demo"]) as url:
        page = site["browser"].new_context(locale="zh-CN").new_page()
        page.goto(url)
        page.get_by_role("heading", name="总览", level=1).wait_for(timeout=30_000)
        idle(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        assert "数据载入" not in sidebar.inner_text()  # no upload page for the demo visitor
        assert page.locator("[data-testid='stDownloadButton']").count() == 0
        page.get_by_role("button", name="账号登录").click()
        password_login(page, "admin-d", PASSWORD)
        page.get_by_role("heading", name="总览", level=1).wait_for(timeout=30_000)
        idle(page)
        assert "数据载入" in page.locator("[data-testid='stSidebar']").inner_text()


PAGE_PATHS = ["/", "/trends", "/compare", "/meetings", "/unit", "/schemes"]


def test_language_changes_inside_a_session_and_back_and_forward_raise_nothing_on_any_page(site):
    """The ?lang TypeError of issue #17: switching, then the back and forward buttons, on every page."""
    url, browser = site["url"], site["browser"]
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(url)
    idle(page)
    password_login(page, "analyst-b", PASSWORD)
    page.get_by_role("heading", name="总览", level=1).wait_for(timeout=60_000)
    sequences = 0
    for path in PAGE_PATHS:
        page.goto(f"{url}{path}?lang=zh")
        idle(page)
        page.get_by_text("English", exact=True).click()  # the sidebar's language switch
        idle(page)
        page.goto(f"{url}{path}?lang=zh&types=college")  # a link of the other language within the same tab
        idle(page)
        for step in (page.go_back, page.go_forward, page.go_back):
            step()
            idle(page)
            assert page.locator("[data-testid='stException']").count() == 0, (path, page.url)
            assert "TypeError" not in page.locator("body").inner_text(), (path, page.url)
        sequences += 1
    assert sequences == len(PAGE_PATHS)
    context.close()
