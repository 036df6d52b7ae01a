"""Issue #16, static exports: every chart builder's SVG, at the default and at a wide size, keeps all its text inside
the canvas and no two texts overlap (boxes measured by Chromium from the SVG's own text elements); PDF text extracts
as the same Chinese characters (no Kangxi radicals), for a chart and for the pack."""

from __future__ import annotations

import io
import itertools
import pprint
import re

import polars as pl
import pytest

from dashboard import charts, render
from tests.dashboard.conftest import ALL
from tests.dashboard.serving import CHROMIUM, CHROMIUM_ARGS
from warehouse import queries as q

pytestmark = pytest.mark.skipif(
    render.static_export_problem() is not None or not CHROMIUM.exists(),
    reason=f"needs Chromium and CJK fonts: {render.INSTALL_HINT}",
)
WIDE = 1800
CAPTION = (
    "口径不一:默认口径:分值 好100/较好80/一般60/差0,门槛 好≥90/较好≥75/一般≥60,票数合并 —— 示例大学 2022、"
    "示例学院 2023;示例口径2023:好100 较好85 一般70 差0;好≥90 较好≥75 一般≥60 —— 示例医科大学 2023。"
    "每个单位约 10 人参评,一票约合单个单位 10 个百分点,变化在几个百分点以内多属正常波动。"
)
# text boxes as Chromium lays them out: [text, left, top, right, bottom] of every non-empty <text>
_BOXES_JS = """() => {
  const svg = document.querySelector('svg');
  const r0 = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && t.getAttribute('visibility') !== 'hidden'
      && getComputedStyle(t).opacity !== '0').map(t => {
    const r = t.getBoundingClientRect();
    return [t.textContent, r.left - r0.left, r.top - r0.top, r.right - r0.left, r.bottom - r0.top];
  }).filter(b => b[3] - b[1] > 0.5);
}"""


def _filtered(question, cur, **filters):
    """A filtered question asked with either signature: keyword filters, or warehouse.queries.Filters (issue #15
    moves every filtered question to `(cur, Filters(...))`)."""
    make = getattr(q, "Filters", None)
    if make is None:
        return question(cur, **filters)
    return question(cur, make(**{k: tuple(v) if isinstance(v, list) else v for k, v in filters.items()}))


def _figures(cur) -> dict:
    trend = _filtered(q.institution_trend, cur, scope=ALL)
    types = _filtered(q.type_trend, cur, scope=ALL)
    some = q.institutions(cur, scope=ALL)["institution_id"][0]
    unit = q.units_for_select(cur, scope=ALL)["unit_id"][0] if hasattr(q, "units_for_select") else None
    out = {
        "type_trend": charts.type_trend_figure(types, "good_rate"),
        "type_trend_facets": charts.type_trend_facets_figure(types, "good_rate"),
        "distribution": charts.distribution_figure(
            _filtered(q.unit_metric_values, cur, scope=ALL), "good_rate"
        ),
        "grade_mix": charts.grade_mix_figure(_filtered(q.grade_mix, cur, scope=ALL)),
        "institution_trend": charts.institution_trend_figure(trend, "good_rate"),
        "institution_index": charts.institution_index_figure(trend, "good_rate"),
        "rank_heatmap": charts.rank_heatmap_figure(trend, "good_rate"),
        "slope": charts.slope_figure(trend, "good_rate", 2022, 2023),
        "grade_distribution": charts.grade_distribution_figure(
            q.grade_distribution(cur, scope=ALL, institution=some, year=2023), "示例大学 2023 年各等次单位数"
        ),
    }
    if unit is not None:
        history = q.unit_history(cur, scope=ALL, unit_id=unit)
        out["unit_score"] = charts.unit_score_figure(history, "示例单位")
        out["unit_votes"] = charts.unit_votes_figure(
            q.unit_votes_by_group(cur, scope=ALL, unit_id=unit), "示例单位"
        )
    # reporting modes and report keywords, in the shapes their questions return (fictional units and words)
    units = [("u1", "示例学院党委", "college", True), ("u2", "示例机关党委", "administrative", False)]
    modes = ["onsite", "written", "written", "onsite", "written", "written"]
    out["rotation"] = charts.rotation_figure(
        pl.DataFrame(
            [
                {"unit_id": u, "unit": n, "unit_type": t, "overdue": o, "year": 2020 + k, "mode": modes[k]}
                for u, n, t, o in units
                for k in range(6)
            ]
        )
    )
    out["keywords"] = charts.keyword_trend_figure(
        pl.DataFrame(
            [
                {"keyword": w, "year": y, "share": 0.2 + 0.05 * i, "n": 2 + i, "n_reports": 10}
                for i, w in enumerate(["党建引领", "立德树人", "作风建设"])
                for y in (2021, 2022, 2024)
            ]
        )
    )
    return out


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser.new_page()
        browser.close()


def _boxes(page, svg: bytes) -> tuple[list, float, float]:
    text = svg.decode("utf-8")
    width, height = (
        float(v) for v in re.search(r'<svg[^>]*width="([\d.]+)"[^>]*height="([\d.]+)"', text).groups()
    )
    page.set_viewport_size({"width": int(width) + 20, "height": int(height) + 20})
    page.set_content(f"<html><body style='margin:0'>{text}</body></html>")
    return page.evaluate(_BOXES_JS), width, height


def _overlaps(boxes: list, tolerance: float = 1.0) -> list:
    bad = []
    for a, b in itertools.combinations(boxes, 2):
        dx = min(a[3], b[3]) - max(a[1], b[1])
        dy = min(a[4], b[4]) - max(a[2], b[2])
        if dx > tolerance and dy > tolerance:
            bad.append((a[0], b[0]))
    return bad


@pytest.mark.parametrize("width", [render.EXPORT_WIDTH, WIDE])
def test_no_text_outside_the_canvas_or_over_another(cur, page, width):
    problems = {}
    for name, fig in _figures(cur).items():
        caption = "\n".join([fig.layout.title.text, "筛选:院校:示例大学、示例学院;年度:2022–2023", CAPTION])
        boxes, w, h = _boxes(page, render.figure_bytes(fig, "svg", caption=caption, width=width))
        outside = [b[0] for b in boxes if b[1] < 2 or b[2] < 0 or b[3] > w - 2 or b[4] > h]
        overlapping = _overlaps(boxes)
        if outside or overlapping:
            problems[name] = {"outside": outside, "overlapping": overlapping}
    assert problems == {}, pprint.pformat(problems, width=110)


# ---------------------------------------------------------------- PDF text = the characters drawn

RADICALS = re.compile(r"[\u2e80-\u2fdf\uf900-\ufaff\x00]")


def test_chart_pdf_text_extracts_as_the_same_chinese_characters(cur):
    from pypdf import PdfReader

    fig = charts.institution_trend_figure(_filtered(q.institution_trend, cur, scope=ALL), "good_rate")
    caption = "口径:默认口径;一般、较好、党支部、大学"
    pdf = render.figure_bytes(fig, "pdf", caption=caption)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert fig.layout.title.text == "各院校的好评率(按年度)"
    assert fig.layout.title.text in text.splitlines()  # exactly, not after NFKC
    assert caption in text and "澄江医科大学" in text and "2022" in text and "2023" in text
    assert not RADICALS.findall(text), sorted(set(RADICALS.findall(text)))


def test_pack_pdf_text_extracts_as_the_same_chinese_characters(connection, ids):
    from pypdf import PdfReader

    from dashboard import pack

    data = pack.briefing_pack(
        connection.cursor(),
        scope=ALL,
        institution_id=ids["青岚大学"],
        year=2023,
        peers=[ids["澄江医科大学"]],
        fmt="pdf",
    )
    reader = PdfReader(io.BytesIO(data))
    texts = [p.extract_text() for p in reader.pages]
    assert "青岚大学 述职评议简报" in texts[0]
    assert any("各类单位的好评率(按年度)" in t for t in texts)  # a chart merged into a page
    assert any("大学" in t and "一般" in t for t in texts)
    for t in texts:
        assert not RADICALS.findall(t), sorted(set(RADICALS.findall(t)))


def test_fixing_the_text_mapping_leaves_the_drawing_alone(cur):
    """The glyphs and their positions are the same: only each font's /ToUnicode changes."""
    from pypdf import PdfReader

    from dashboard.pdf_text import fix_text_mapping

    fig = charts.type_trend_figure(_filtered(q.type_trend, cur, scope=ALL), "good_rate")
    raw = render._to_image(render.with_caption(fig, "大学"), "pdf", render.EXPORT_WIDTH, 600, 1)
    fixed = fix_text_mapping(raw)
    before, after = PdfReader(io.BytesIO(raw)).pages[0], PdfReader(io.BytesIO(fixed)).pages[0]
    assert before.get_contents().get_data() == after.get_contents().get_data()
    assert "⼤" in before.extract_text() and "大学" in after.extract_text()
