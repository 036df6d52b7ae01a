"""Issue #16, exports as an analyst pastes them (session 5 QA): the pack's tables fit their columns and the page,
no slide or caption line starts with a dash, a change in a table carries its sign in every file, file names keep a
space where a title has a colon, and a rate axis never runs past 100 %. Pages and figures are laid out by the real
Chromium (text boxes measured from the SVG, as tests/dashboard/test_static_layout.py does)."""

from __future__ import annotations

import io
import pprint

import polars as pl
import pytest

from dashboard import export, pack, pack_render, render
from dashboard.text_layout import wrap_text
from tests.dashboard.conftest import ALL
from tests.dashboard.serving import CHROMIUM, CHROMIUM_ARGS
from tests.dashboard.test_static_layout import _boxes, _overlaps

needs_chromium = pytest.mark.skipif(
    render.static_export_problem() is not None or not CHROMIUM.exists(),
    reason=f"needs Chromium and CJK fonts: {render.INSTALL_HINT}",
)
PUNCTUATION = set(",。;:、)—–-·")

# the widest tables of the demo's packs, as they came out in English (the KPI table with its "percentage points ·
# not significant" cells, the attention list with ten units)
KPI = pl.DataFrame(
    {
        "Metric": ["Units rated", "On site / written", "Mean score", "Good rate", "Positive rate (good + fairly good)",
                   "Units graded average or poor"],
        "2025": ["30 units", "8 / 22", "90.4", "63.8%", "88.8%", "0 units"],
        "2024": ["30 units", "8 / 22", "89.2", "63.1%", "87.5%", "1 unit"],
        "Change": ["unchanged", "unchanged", "+1.2 points", "+0.7 percentage points · not significant",
                   "+1.3 percentage points · not significant", "-1 unit"],
    }
)  # fmt: skip
ATTENTION = pl.DataFrame(
    {
        "Unit": ["研究生第一党支部", "图书馆", "附属小学党支部", "机关", "出版社", "经济与管理学院", "数学学院",
                 "地球科学学院", "生物工程学院", "校医院"],
        "Type": ["branch", "administrative", "branch", "administrative", "administrative", "college", "college",
                 "college", "college", "affiliated hospital"],
        "Score": ["78.8", "81.7", "81.8", "84.5", "84.6", "86.4", "87.6", "89.2", "89.4", "90.8"],
        "Grade": ["fairly good"] * 9 + ["good"],
        "Rank in institution": ["30", "29", "28", "27", "26", "25", "23", "22", "20", "15"],
        "Units in the institution": ["30"] * 10,
        "Previous score": ["78.3", "83.0", "80.8", "69.3", "80.7", "91.3", "90.8", "94.5", "96.3", "93.6"],
        "change (points)": ["+0.5", "-1.2", "+1.0", "+15.2", "+3.9", "-4.9", "-3.2", "-5.3", "-6.9", "-2.8"],
        "Why": ["score near the bottom"] * 5 + ["score down on the year before"] * 5,
    }
)  # fmt: skip
EN_LINES = [
    "In 2025, 北岭理工大学 rated 30 units (about 45 raters per unit), good rate 63.8%, up 0.7 percentage points on "
    "the year before (not significant).",
    "No unit graded average or poor.",
    "About 45 raters per unit: one vote is about 2 percentage points of one unit; a difference of a few votes is "
    "ordinary noise, not a change.",
]
KPI_ZH = pl.DataFrame(
    {
        "指标": [
            "评议单位",
            "现场 / 书面述职",
            "平均得分",
            "好评率",
            "满意率(好+较好票占比)",
            "一般或差的单位",
        ],
        "2025 年": ["30 个", "8 / 22", "90.4", "63.8%", "88.8%", "0 个"],
        "2024 年": ["30 个", "8 / 22", "89.2", "63.1%", "87.5%", "1 个"],
        "变化": ["持平", "持平", "+1.2 分", "+0.7 个百分点 · 不显著", "+1.3 个百分点 · 不显著", "-1 个"],
    }
)


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser.new_page()
        browser.close()


def _page_problems(page, slide: pack_render.Slide) -> dict:
    """Texts of the slide's PDF page (title, lines, table) outside the page or over one another."""
    svg = render._to_image(
        pack_render._page_figure(slide, first=False), "svg", pack_render.PAGE_W, pack_render.PAGE_H, 1
    )
    boxes, w, h = _boxes(page, svg)
    outside = [b[0] for b in boxes if b[1] < 2 or b[2] < 0 or b[3] > w - 2 or b[4] > h - 2]

    def bare(text: str) -> str:
        return "".join(text.split())  # spaces and no-break spaces, which a wrapped cell may lose or gain

    texts = bare("".join(b[0] for b in boxes))
    missing = [
        str(v)
        for c in (slide.table.columns if slide.table is not None else [])
        for v in [c, *slide.table[c].to_list()]
        if bare(str(v)) not in texts
    ]
    _, _, fig_box = pack_render._boxes(slide)
    over_chart = []
    if (
        fig_box is not None and slide.figure is not None
    ):  # the page's text ends above the chart merged into it
        left, top, width = fig_box[0] * w, fig_box[1] * h, fig_box[2] * w
        over_chart = [b[0] for b in boxes if b[4] > top - 2 and b[1] < left + width and b[3] > left]
    found = {
        "outside": outside,
        "overlapping": _overlaps(boxes),
        "missing": missing,
        "over the chart": over_chart,
    }
    return {k: v for k, v in found.items() if v}


@needs_chromium
@pytest.mark.parametrize(
    ("table", "lines", "figure"),
    [
        (KPI, EN_LINES, True),
        (KPI_ZH, ["2025年度 北岭理工大学 共评议 30 个单位(每个单位约 45 人参评),好评率 63.8%。"] * 3, True),
        (ATTENTION, ["10 units need attention: score near the bottom = the 5 lowest scores."] * 2, False),
    ],
    ids=["kpi-en", "kpi-zh", "attention-en"],
)
def test_a_pack_table_fits_its_columns_and_the_page(page, table, lines, figure):
    """Every cell readable in full: no text clipped into the next column, no row pushed off the page."""
    import plotly.graph_objects as go

    slide = pack_render.Slide("Overview", lines, table, go.Figure() if figure else None)
    assert _page_problems(page, slide) == {}


def test_pptx_table_columns_are_sized_by_their_text():
    """The PPTX table's label and change columns are wider than its number columns (PowerPoint wraps within them),
    and together they fill the box."""
    import plotly.graph_objects as go
    from pptx import Presentation

    data = pack_render.pptx_bytes(
        [pack_render.Slide("t"), pack_render.Slide("Overview", ["x"], KPI, go.Figure())]
    )
    table = next(s for s in Presentation(io.BytesIO(data)).slides[1].shapes if s.has_table)
    widths = [c.width for c in table.table.columns]
    assert widths[0] > widths[1] and widths[3] > widths[2]
    assert abs(sum(widths) - table.width) <= len(widths)
    # the attention list: a unit's name and its reason each on one line (12 pt = 16 px of the page, 9525 EMU a px)
    data = pack_render.pptx_bytes([pack_render.Slide("t"), pack_render.Slide("Units", ["x"], ATTENTION)])
    table = next(s for s in Presentation(io.BytesIO(data)).slides[1].shapes if s.has_table)
    widths = [c.width / 9525 * 0.75 / pack_render.PT_PER_PX for c in table.table.columns]  # page pixels
    for c in (0, 8):
        longest = max(render.text_width(v, pack_render._px(12)) for v in ATTENTION[ATTENTION.columns[c]])
        assert widths[c] >= longest + pack_render.CELL_PAD - 1, (ATTENTION.columns[c], widths[c], longest)


def test_no_wrapped_line_starts_with_a_dash_or_punctuation():
    """口径不一 joins a scheme to its institutions with " —— ": a break at that space must not start a line with it."""
    text = (
        "口径不一:北岭理工 2015–年口径:分值 好100/较好80/一般60/差0,门槛 好≥90/较好≥75/一般≥60,A票60%+B票40% —— "
        "北岭理工大学;默认口径:分值 好100/较好80 —— 汀屿师范大学、澜川医科大学。 Schemes differ: a — b; c — d."
    )
    for width in range(120, 900, 3):
        starts = [line for line in wrap_text(text, width, 16) if line[:1] in PUNCTUATION]
        assert starts == [], (width, starts)


def test_changes_carry_their_sign_in_the_pack_and_the_workbook():
    frame = pl.DataFrame({"单位": ["甲", "乙", "丙"], "变化(分)": [0.5, -1.24, 0.0]})
    table = export.Table(frame, {"变化(分)": "delta1"})
    assert pack.text_table(table)["变化(分)"].to_list() == ["+0.5", "-1.2", "+0.0"]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export.table_xlsx(frame, sheet="t", notes={}, kinds=table.kinds)))
    cell = book["t"]["B2"]
    assert cell.value == 0.5 and cell.number_format.startswith("+0.0")


def test_attention_changes_are_signed_in_the_pack(cur, ids):
    slides = pack.slides(cur, scope=ALL, institution_id=ids["青岚大学"], year=2023)
    tables = [s.table for s in slides if s.table is not None]
    changes = [
        v for t in tables for c in t.columns if c.startswith("变化(") for v in t[c].to_list() if v != "—"
    ]
    assert changes and all(v[0] in "+-" for v in changes), changes


def test_a_title_with_a_colon_keeps_a_space_in_the_file_name():
    assert (
        export.file_name("甲等3所", "各院校的好评率:2018 与 2025 年", ext="png")
        == "甲等3所_各院校的好评率 2018 与 2025 年.png"
    )
    assert export.file_name("Good rate: 2018 and 2025", ext="csv") == "Good rate 2018 and 2025.csv"


def test_a_share_axis_around_one_value_stays_within_100_per_cent():
    """One institution in one year: Plotly's autorange around the single point would run the axis to 150 %."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=[2023], y=[0.66], mode="markers"))
    fig.update_yaxes(tickformat=".0%")
    lo, hi = render.with_caption(fig, "c").layout.yaxis.range
    assert 0 <= lo < 0.66 < hi <= 1
    two = go.Figure(go.Scatter(x=[2022, 2023], y=[0.5, 0.66]))
    two.update_yaxes(tickformat=".0%")
    assert render.with_caption(two, "c").layout.yaxis.range is None  # fitted by Plotly as before


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_pack_page_and_chart_keeps_its_text_apart(cur, ids, page, lang):
    """The pack of the fixture warehouse, page by page: the page's text and table, and each chart at the size it has
    on the page (text 12 pt and more), with no text outside or over another (the caption clear of the axis title)."""
    slides = pack.slides(
        cur, scope=ALL, institution_id=ids["青岚大学"], year=2023, peers=[ids["澄江医科大学"]], lang=lang
    )
    problems = {}
    for i, slide in enumerate(slides[1:], start=1):
        found = _page_problems(page, slide)
        _, _, fig_box = pack_render._boxes(slide)
        if slide.figure is not None:
            boxes, w, h = _boxes(page, pack_render._chart(slide, "svg", fig_box))
            outside = [b[0] for b in boxes if b[1] < 2 or b[2] < 0 or b[3] > w - 2 or b[4] > h]
            # (n labels of two lines at one year may touch: the chart builders place them, see the session report)
            overlapping = [p for p in _overlaps(boxes) if not all(t.startswith("n=") for t in p)]
            found |= {
                k: v for k, v in {"chart outside": outside, "chart overlapping": overlapping}.items() if v
            }
        if found:
            problems[f"{i} {slide.title}"] = found
    assert problems == {}, pprint.pformat(problems, width=110)


def test_sheet_names_keep_a_space_for_a_colon_and_english_schemes_use_an_english_dash():
    from openpyxl import load_workbook

    from dashboard import captions

    data = export.table_xlsx(
        pl.DataFrame({"a": [1]}), sheet="各院校的好评率:2018 与 2025 年", notes={"内容": "x"}
    )
    assert load_workbook(io.BytesIO(data)).sheetnames == ["各院校的好评率 2018 与 2025 年", "说明"]
    schemes = pl.DataFrame(
        {
            "scheme_id": ["s1", "s2"],
            "scheme_label": ["Scheme A", "Scheme B"],
            "institution": ["甲大学", "乙学院"],
            "first_year": [2022, 2022],
            "last_year": [2023, 2023],
        }
    )
    assert "——" not in captions.scheme_caption(schemes, "en") and " — 甲大学" in captions.scheme_caption(
        schemes, "en"
    )
    assert " —— 甲大学" in captions.scheme_caption(schemes, "zh")


@needs_chromium
def test_long_english_lines_end_above_the_chart(page):
    """Four sentences of the English trends slide: their last line ends above the chart's title."""
    import plotly.graph_objects as go

    lines = [
        "2025, college units (18 units, 791 votes): good rate up 0.2 percentage points on the year before "
        "(not significant).",
        "2025, administrative units (8 units, 350 votes): good rate up 2.9 percentage points on the year before "
        "(not significant).",
        "Too few units to compare from year to year (fewer than 5 each): affiliated hospital, branch.",
    ]
    assert _page_problems(page, pack_render.Slide("Trends by unit type", lines, None, go.Figure())) == {}
