"""Downloads from a running dashboard in real Chromium: a chart as PNG, a table as XLSX and the briefing pack."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.dashboard.serving import password_login
from tests.dashboard.test_browser import ANALYST, IDLE, _settle, browser, demo_db, server  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(),
        reason="needs Debian's Chromium: apt-get install -y chromium fonts-noto-cjk",
    ),
]


def _download(page, container: str, label: str, tmp_path: Path, timeout: int = 60_000) -> Path:
    button = page.locator(f".st-key-{container} [data-testid='stDownloadButton'] button:visible").filter(
        has_text=label
    )
    assert button.count() == 1, page.locator(f".st-key-{container}").inner_html()[:3000]
    with page.expect_download(timeout=timeout) as info:
        button.click()
    download = info.value
    assert download.failure() is None
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return path


def test_png_xlsx_and_pack_download_from_the_compare_page(server: str, browser, tmp_path: Path):  # noqa: F811
    import openpyxl
    from PIL import Image
    from pptx import Presentation

    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1440, "height": 2400}, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    try:
        page.goto(f"{server}/compare", wait_until="domcontentloaded")
        _settle(page, "院校对比", 2)
        # the demo visitor is a read-only viewer: an analyst logs in (and comes back to this page)
        page.get_by_role("button", name="账号登录").click()
        password_login(page, *ANALYST)
        page.wait_for_selector("[data-testid='stDownloadButton']", timeout=60_000)
        _settle(page, "院校对比", 2)

        png = _download(page, "export_institution_trend", "PNG", tmp_path)
        assert png.suffix == ".png" and "各院校的好评率" in png.name and "等10所" in png.name
        with Image.open(png) as im:
            assert im.width == 2200 and im.height > 800
            assert im.convert("L").getextrema()[0] < 100

        # the year-on-year table is in a lazy tab: it runs (and its export row appears) once the tab is opened
        assert page.locator(".st-key-export_yoy").count() == 0
        page.get_by_role("tab", name="同比变化").click()
        page.locator("[data-testid='stDataFrame']").wait_for(timeout=30_000)
        page.wait_for_selector(IDLE, timeout=30_000)
        xlsx = _download(page, "export_yoy", "XLSX", tmp_path)
        assert xlsx.name.endswith("好评率同比变化.xlsx")
        wb = openpyxl.load_workbook(xlsx)
        assert wb.sheetnames == ["好评率同比变化", "说明"]
        assert [c.value for c in wb["好评率同比变化"][1]][:3] == ["院校", "年度", "好评率(%)"]

        # no stuck rerun: the page is idle after the downloads
        page.wait_for_selector(IDLE, timeout=10_000)

        page.get_by_text("简报", exact=True).click()
        # the expander is lazy: opening it reruns the page, which then draws the form and its buttons
        page.locator(".st-key-export_pack [data-testid='stDownloadButton'] button:visible").first.wait_for(
            timeout=60_000
        )
        pptx = _download(page, "export_pack", "PPTX", tmp_path, timeout=90_000)
        assert pptx.name.endswith("述职评议简报.pptx")
        prs = Presentation(io.BytesIO(pptx.read_bytes()))
        assert len(prs.slides) == 6
        page.wait_for_selector(IDLE, timeout=10_000)
        assert page.locator("[data-testid='stException']").count() == 0
        # opening /compare directly makes Streamlit's client probe /compare/_stcore/* once (404) before it
        # finds the server root: those are the only failures allowed
        assert all("/compare/_stcore/" in url for url in missing), missing
        assert len([e for e in errors if "404" not in e]) == 0, errors
    finally:
        context.close()
