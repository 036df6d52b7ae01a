"""Issue #16 in real Chromium: toggles and tabs live in the URL, so a copied link opens the same chart."""

from __future__ import annotations

import pytest

from tests.dashboard.test_browser import CHROMIUM, IDLE, TRACES, browser, demo_db, server  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium fonts-noto-cjk"
    ),
]
WAIT = 90_000


def _settle(page, title: str, charts: int) -> None:
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=WAIT)
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot').length >= n && "
        f"[...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector(\"{TRACES}\"))",
        arg=charts,
        timeout=WAIT,
    )
    page.wait_for_selector(IDLE, timeout=WAIT)
    page.wait_for_timeout(500)


def _titles(page) -> list[str]:
    return page.locator(".js-plotly-plot .gtitle").all_text_contents()


def test_toggles_and_tabs_are_in_the_url_and_a_link_reopens_them(server: str, browser):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 1800})
    page = context.new_page()
    try:
        page.goto(f"{server}/trends", wait_until="domcontentloaded")
        _settle(page, "单位类型趋势", 2)
        assert not any("分类型" in t for t in _titles(page))
        page.get_by_text("分类型小图").click()
        page.wait_for_function("() => location.search.includes('trends_facets')", timeout=WAIT)
        page.get_by_role("tab", name="类内分布").click()
        page.wait_for_function("() => location.search.includes('trends_tab_zh')", timeout=WAIT)
        _settle(page, "单位类型趋势", 2)
        link = page.url
        # the copied link, in a fresh page: the panels and the open tab come back
        other = context.new_page()
        other.goto(link, wait_until="domcontentloaded")
        _settle(other, "单位类型趋势", 2)
        titles = _titles(other)
        assert any("分类型小图" in t for t in titles), titles
        assert any("分布" in t for t in titles), titles
        assert other.get_by_role("tab", name="类内分布").get_attribute("aria-selected") == "true"
        other.close()

        page.goto(f"{server}/compare?compare_index=true", wait_until="domcontentloaded")
        _settle(page, "院校对比", 2)
        assert any("首年" in t for t in _titles(page)), _titles(page)
    finally:
        context.close()
