"""Issue #16 in real Chromium, on the demo warehouse: what each page answers first is above the fold, at 1366×768 (a
laptop, sidebar open) and at 390×844 (a phone, sidebar closed); no page scrolls sideways on the phone; each page has
its own browser title, in the language shown.

Above the fold: 总览's per-type sentence and its attention list start inside the first screen (its grade chart comes
after them on purpose: the sentences and the list are the answer); on every other page the main heading and the first
chart or table start inside it. One server, one page load per page and size (the laptop walks the sidebar's
navigation, then switches to English). Screenshots of the first screen go to test-artifacts/fold_<page>_<width>.png.
"""

from __future__ import annotations

import pytest

from tests.dashboard.test_browser import (  # noqa: F401
    ARTIFACTS,
    CHROMIUM,
    IDLE,
    TRACES,
    browser,
    demo_db,
    server,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium fonts-noto-cjk"
    ),
]
WAIT = 90_000
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# path → (Chinese title, English title, what comes first under the heading); 数据载入 is for administrators only, and
# the demo visitor is a read-only viewer
PAGES = {
    "": ("总览", "Overview", None),
    "trends": ("单位类型趋势", "Unit-type trends", ".js-plotly-plot"),
    "compare": ("院校对比", "Compare institutions", ".js-plotly-plot"),
    "meetings": ("会议与报告", "Meetings and reports", "[data-testid='stDataFrame']"),
    "unit": ("单位档案", "Unit profile", ".js-plotly-plot"),
    "schemes": ("口径说明", "Schemes and definitions", "[data-testid='stDataFrame']"),
}
# the overview's answer: the first sentence about one unit type ("2025年度 学院类(18 个单位,791 票)好评率 …",
# "2025, college units (18 units, 791 votes): …"), and the attention list's first line
TYPE_SENTENCE = {"zh": r"^\d{4}年度 \S+类\(", "en": r"^\d{4}, .+ units \("}

_TOPS_JS = """([first, typeWord]) => {
  const main = document.querySelector("[data-testid='stMain']");
  const top = el => el ? el.getBoundingClientRect().top : null;
  const bottom = el => el ? el.getBoundingClientRect().bottom : null;
  const sentences = [...document.querySelectorAll(".st-key-overview_summary li")];
  const attention = document.querySelector(".st-key-overview_attention_short li");
  const wide = [...main.querySelectorAll("[data-testid='stElementContainer']")]
    .filter(e => e.getBoundingClientRect().width > 0)
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1 || e.getBoundingClientRect().left < -1)
    .map(e => e.innerText.slice(0, 40) || e.getAttribute('class'));
  return {
    title: document.title,
    heading: top(main.querySelector("h1")),
    first: first ? top(main.querySelector(first)) : null,
    typeSentence: top(sentences.find(li => new RegExp(typeWord).test(li.innerText.trim()))),
    attention: top(attention),
    attentionEnd: bottom(attention),
    pageWidth: document.scrollingElement.scrollWidth,
    mainWidth: main.scrollWidth - main.clientWidth,
    wide,
  };
}"""


def _settle(page, heading: str) -> None:
    page.get_by_role("heading", name=heading, level=1).wait_for(timeout=WAIT)
    page.wait_for_selector(IDLE, timeout=WAIT)
    page.wait_for_function(
        f"() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector(\"{TRACES}\"))",
        timeout=WAIT,
    )
    page.wait_for_timeout(400)


def _measure(page, path: str, lang: str) -> dict:
    zh, en, first = PAGES[path]
    heading = en if lang == "en" else zh
    _settle(page, heading)
    got = page.evaluate(_TOPS_JS, [first, TYPE_SENTENCE[lang]])
    got["expected_title"] = f"{heading} · Pingyi" if lang == "en" else f"{heading} · 评议 Pingyi"
    return got


def _above_the_fold(got: dict, path: str, height: int) -> None:
    where = f"/{path} at height {height}: {got}"
    assert got["title"] == got["expected_title"], where
    assert got["heading"] is not None and 0 <= got["heading"] < height, where
    if path == "":
        # the answer: a per-type sentence, and the attention list with at least its first line whole
        assert got["typeSentence"] is not None and got["typeSentence"] < height, where
        assert got["attention"] is not None and got["attentionEnd"] < height, where
    else:
        assert got["first"] is not None and got["first"] < height, where


def _fits(got: dict, width: int) -> None:
    assert got["pageWidth"] <= width + 1 and got["mainWidth"] <= 1, got
    assert got["wide"] == [], got


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_laptop_first_screen_and_titles_in_both_languages(server: str, browser):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport=LAPTOP)
    page = context.new_page()
    try:
        page.goto(server, wait_until="domcontentloaded")
        for lang in ("zh", "en"):
            if lang == "en":
                page.locator(".st-key-lang [data-testid='stRadioOption']").nth(1).click()
                page.wait_for_function("() => location.search.includes('lang=en')", timeout=WAIT)
            # every page in Chinese; in English the overview (the longest text) and a page with a chart (the
            # title comes from the same line of dashboard/app.py for every page)
            for path in PAGES if lang == "zh" else ("", "unit"):
                if path or lang == "en":  # through the sidebar, as a reader goes (no reload)
                    page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']").first.click()
                    page.wait_for_function(
                        "p => location.pathname.replace(/\\/$/, '').endsWith(p)",
                        arg=f"/{path}" if path else "",
                    )
                got = _measure(page, path, lang)
                _above_the_fold(got, path, LAPTOP["height"])
                _fits(got, LAPTOP["width"])
                if lang == "zh":
                    _shot(page, f"fold_{path or 'overview'}_{LAPTOP['width']}.png")
    finally:
        context.close()


def test_phone_first_screen_titles_and_no_sideways_scrolling(server: str, browser):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(f"{server}/{path}", wait_until="domcontentloaded")
            got = _measure(page, path, "zh")
            _shot(page, f"fold_{path or 'overview'}_{PHONE['width']}.png")
            assert page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "true"
            _above_the_fold(got, path, PHONE["height"])
            _fits(got, PHONE["width"])
        # the overview in English: longer sentences, still the answer first
        page.goto(f"{server}/?lang=en", wait_until="domcontentloaded")
        got = _measure(page, "", "en")
        _above_the_fold(got, "", PHONE["height"])
        _fits(got, PHONE["width"])
    finally:
        context.close()
