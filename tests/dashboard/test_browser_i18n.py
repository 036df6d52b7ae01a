"""The English switch in real Chromium: the sidebar switch turns the navigation, titles and charts English, the
URL keeps it (?lang=en) across a reload, filters travel as codes, and an overview link reproduces its institution
and year. Screenshot: test-artifacts/dashboard_english.png."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.dashboard.test_browser import ARTIFACTS, CHROMIUM, IDLE, TRACES, browser, demo_db, server  # noqa: F401
from warehouse.store import Store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium fonts-noto-cjk"
    ),
]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
NAV = "[data-testid='stSidebarNav'] a"
WAIT = 90_000  # ms; generous: on 2 busy cores a rerun with three charts has taken half a minute


def _idle(page) -> None:
    page.wait_for_selector(IDLE, timeout=WAIT)
    page.wait_for_timeout(300)


def _settle(page, title: str, charts: int) -> None:
    """The page's title, its charts with traces, and an idle script."""
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=WAIT)
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot').length >= n && "
        f"[...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector(\"{TRACES}\"))",
        arg=charts,
        timeout=WAIT,
    )
    _idle(page)
    page.wait_for_timeout(500)


def _console_error(msg, errors: list[str]) -> None:
    """Collect console errors, except Streamlit's own probe of a deep link's path (/trends/_stcore/health and
    /host-config answer 404 before it finds the app at /): that is how a shared page link always loads."""
    url = (msg.location or {}).get("url", "")
    if msg.type == "error" and not re.search(r"/\w+/_stcore/(health|host-config)$", url):
        errors.append(f"{msg.text} ({url})")


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def test_switch_to_english_and_keep_it_in_the_url(server: str, browser):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 2000})
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda msg: _console_error(msg, console_errors))
    try:
        page.goto(server, wait_until="domcontentloaded")
        page.get_by_role("heading", name="总览", level=1).wait_for(timeout=WAIT)
        _idle(page)
        # the switch in the sidebar
        page.locator("[data-testid='stSidebar'] label", has_text="English").click(timeout=WAIT)
        page.get_by_role("heading", name="Overview", level=1).wait_for(timeout=WAIT)
        page.wait_for_function("() => location.search.includes('lang=en')", timeout=WAIT)
        _idle(page)
        nav = [t.strip() for t in page.locator(NAV).all_text_contents()]  # icon ligature + title
        for title in (
            "Overview",
            "Unit-type trends",
            "Compare institutions",
            "Meetings and reports",
            "Unit profile",
            "Schemes and definitions",
        ):
            assert any(link.endswith(title) for link in nav), (title, nav)
        assert not CJK.search(" ".join(nav)), nav
        assert page.get_by_text("Demo data: fictional institutions and people").is_visible()

        # a chart page: English titles, legends and axes
        page.locator(NAV, has_text="Unit-type trends").click(timeout=WAIT)
        _settle(page, "Unit-type trends", 2)
        assert _params(page)["lang"] == ["en"]
        titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
        assert titles[0] == "Good rate by unit type and year"
        legend = page.locator(".js-plotly-plot").first.locator(".legendtext").all_text_contents()
        assert legend == ["affiliated hospital", "college", "branch", "administrative"]
        chart_text = " ".join(page.locator(".js-plotly-plot .main-svg").all_text_contents())
        assert not CJK.search(chart_text), chart_text

        # a reload keeps English (the URL holds it); headings and sidebar labels read English (the AppTests check
        # every text of every page; captions here name the demo's Chinese scheme labels, which are data)
        page.reload(wait_until="domcontentloaded")
        _settle(page, "Unit-type trends", 2)
        assert _params(page)["lang"] == ["en"]
        headings = page.locator(
            "[data-testid='stMain'] h1, [data-testid='stMain'] h2, [data-testid='stMain'] h3"
        )
        assert not CJK.search(" ".join(headings.all_text_contents()))
        sidebar_labels = page.locator(
            "[data-testid='stSidebar'] [data-testid='stWidgetLabel']"
        ).all_text_contents()
        assert "Unit types" in sidebar_labels and "Metric" in sidebar_labels
        assert not CJK.search(" ".join(sidebar_labels)), sidebar_labels

        # a filter change travels as a code, whatever the language shows
        page.locator("[data-testid='stSidebar'] label", has_text="mean score").click(timeout=WAIT)
        page.wait_for_function("() => location.search.includes('metric=score')", timeout=WAIT)
        _settle(page, "Unit-type trends", 2)
        assert (
            page.locator(".js-plotly-plot .gtitle").first.text_content() == "Mean score by unit type and year"
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard_english.png"), full_page=True)

        # the same link without lang= opens in Chinese on the same view
        params = {k: v for k, v in _params(page).items() if k != "lang"}
        other = context.new_page()
        other.on("console", lambda msg: _console_error(msg, console_errors))
        other.goto(f"{server}/trends?{urlencode(params, doseq=True)}", wait_until="domcontentloaded")
        _settle(other, "单位类型趋势", 2)
        assert other.locator(".js-plotly-plot .gtitle").first.text_content() == "各类单位的平均得分(按年度)"
        assert other.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stException']").count() == 0
        assert console_errors == []
    finally:
        context.close()


def test_overview_link_reproduces_institution_and_year(server: str, browser, demo_db):  # noqa: F811
    con = Store.at(demo_db).connect_read_only()
    try:
        rows = con.execute(
            """
            select a.institution_id, i.name, min(a.year) from appraisal a join institutions i using (institution_id)
            group by all order by i.name limit 2
            """
        ).fetchall()
    finally:
        con.close()
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 1600})
    page = context.new_page()
    try:
        # the second of two selected institutions, in its first year: neither is the default, both stay in the URL
        (first, _, _), (inst, name, year) = rows
        query = urlencode({"inst": [first, inst], "oinst": inst, "oyear": year, "lang": "en"}, doseq=True)
        page.goto(f"{server}/?{query}", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Overview", level=1).wait_for(timeout=WAIT)
        _idle(page)
        page.get_by_role("heading", name=f"{name}, {year}", level=3).wait_for(timeout=WAIT)
        params = _params(page)
        assert params["oinst"] == [inst] and params["oyear"] == [str(year)] and params["lang"] == ["en"]
        assert params["inst"] == [first, inst]
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()
