"""Issue #16, the pack's rendering: native editable charts (line, bar) in the PPTX with the figure's series,
colours and gaps, a picture only for a kind PowerPoint has no chart for; every text at least 12 pt at slide size
in the PPTX and in the PDF; no line starting with a comma."""

from __future__ import annotations

import io
import math

import polars as pl
import pytest

from dashboard import charts, pack, pack_render, render
from dashboard.pack_render import Slide
from tests.dashboard.conftest import ALL
from warehouse import queries as q

needs_chromium = pytest.mark.skipif(
    render.static_export_problem() is not None, reason=f"needs Chromium and CJK fonts: {render.INSTALL_HINT}"
)
LINE_STARTS = tuple(",,;;、。::")


def _filtered(question, cur, **filters):
    """A filtered question asked with either signature: keyword filters, or warehouse.queries.Filters (issue #15
    moves every filtered question to `(cur, Filters(...))`)."""
    make = getattr(q, "Filters", None)
    if make is None:
        return question(cur, **filters)
    return question(cur, make(**{k: tuple(v) if isinstance(v, list) else v for k, v in filters.items()}))


@pytest.fixture(scope="module")
def pptx_pack(connection):
    from pptx import Presentation

    cur = connection.cursor()
    ids = dict(cur.execute("select name, institution_id from institutions").fetchall())
    data = pack.briefing_pack(
        cur,
        scope=ALL,
        institution_id=ids["青岚大学"],
        year=2023,
        peers=[ids["澄江医科大学"], ids["白沙学院"]],
    )
    return Presentation(io.BytesIO(data))


def _runs(prs):
    """(slide number, text, size in pt) of every run: text boxes, tables, and the charts' titles and labels."""
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                chart = shape.chart
                yield number, "chart font", chart.font.size.pt
                if chart.has_title:
                    frames.append(chart.chart_title.text_frame)
                for axis in (chart.category_axis, chart.value_axis):
                    yield number, "tick labels", axis.tick_labels.font.size.pt
                    if axis.has_title:
                        frames.append(axis.axis_title.text_frame)
                if chart.has_legend:
                    yield number, "legend", chart.legend.font.size.pt
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        if run.text.strip():
                            yield number, run.text, run.font.size.pt if run.font.size else None


def test_pptx_charts_are_native_with_the_figures_series(pptx_pack, connection):
    from pptx.enum.chart import XL_CHART_TYPE

    charts_by_slide = {
        n: shape.chart
        for n, slide in enumerate(pptx_pack.slides, start=1)
        for shape in slide.shapes
        if shape.has_chart
    }
    assert sorted(charts_by_slide) == [2, 3, 4]
    assert not [s for slide in pptx_pack.slides for s in slide.shapes if s.shape_type == 13]  # no pictures
    bars, types, peers = charts_by_slide[2], charts_by_slide[3], charts_by_slide[4]
    assert bars.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(bars.plots[0].categories) == ["好", "较好", "一般", "差"]
    assert list(bars.plots[0].series[0].values) == [2, 2, 1, 0]  # 青岚大学 2023 by grade
    assert types.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert [s.name for s in types.plots[0].series] == ["附属医院", "学院", "党支部", "机关"]
    assert list(types.plots[0].categories) == ["2022", "2023"]
    assert peers.chart_title.text_frame.text == "各院校的好评率(按年度)"
    series = {s.name: s for s in peers.plots[0].series}
    assert set(series) == {"澄江医科大学", "白沙学院", "青岚大学"}
    assert list(series["青岚大学"].values) == pytest.approx([0.52, 0.56])
    assert list(series["白沙学院"].values)[0] is None  # no 2022: a gap, not a zero
    trend = _filtered(q.institution_trend, connection.cursor(), scope=ALL, year_to=2023)
    figure = charts.institution_trend_figure(trend, "good_rate")
    colours = {t.name: t.line.color.lstrip("#").upper() for t in figure.data}
    assert {n: str(s.format.line.color.rgb) for n, s in series.items()} == colours  # one colour everywhere


def test_pptx_text_is_at_least_12_pt_and_no_line_starts_with_a_comma(pptx_pack):
    runs = list(_runs(pptx_pack))
    assert len(runs) > 50
    assert [(n, t, s) for n, t, s in runs if s is None or s < 12] == []
    assert [(n, t) for n, t, _ in runs if t.lstrip().startswith(LINE_STARTS)] == []


def test_pptx_chart_a_native_chart_cannot_show_is_a_picture_drawn_at_its_slide_size(connection):
    from PIL import Image
    from pptx import Presentation

    mix = charts.grade_mix_figure(
        _filtered(q.grade_mix, connection.cursor(), scope=ALL)
    )  # panels: no native chart
    slide = Slide("等次构成", ["一行说明。"], None, mix, "口径:默认口径")
    prs = Presentation(io.BytesIO(pack_render.pptx_bytes([Slide("封面"), slide])))
    pictures = [s for s in prs.slides[1].shapes if s.shape_type == 13]
    assert len(pictures) == 1 and not [s for s in prs.slides[1].shapes if s.has_chart]
    with Image.open(io.BytesIO(pictures[0].image.blob)) as im:
        width_px = im.size[0]
    _, _, fig_box = pack_render._boxes(slide)
    assert width_px == 2 * int(fig_box[2] * pack_render.PAGE_W)  # drawn at its size (×2 for sharpness)
    # 17 px text on a 1280 px page drawn as wide as the box: at least 12 pt once on the 960 pt slide
    assert pack_render.CHART_FONT_PX * pack_render.PT_PER_PX >= 12


@needs_chromium
def test_pdf_text_is_at_least_12_pt_on_every_page(connection):
    from pypdf import PdfReader

    cur = connection.cursor()
    ids = dict(cur.execute("select name, institution_id from institutions").fetchall())
    data = pack.briefing_pack(
        cur, scope=ALL, institution_id=ids["青岚大学"], year=2023, peers=[ids["澄江医科大学"]], fmt="pdf"
    )
    small: list = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        assert float(page.mediabox.width) == 960  # 16:9 at 960 × 540 pt, like the slides

        def visit(text, cm, tm, font, size, number=number):
            effective = size * math.hypot(cm[0], cm[1]) * math.hypot(tm[0], tm[1])
            if text.strip() and effective < 12:
                small.append((number, text, round(effective, 1)))

        text = page.extract_text(visitor_text=visit)
        assert not [line for line in text.splitlines() if line.lstrip().startswith(LINE_STARTS)]
    assert small == []


def test_slide_figure_raises_every_text_to_the_slide_minimum():
    frame = pl.DataFrame(
        {"unit_type": ["college", "college"], "year": [2022, 2023], "value": [0.5, 0.6], "n_units": [3, 4]}
    )
    fig = pack_render.slide_figure(charts.type_trend_figure(frame, "good_rate"))
    assert fig.layout.font.size >= pack_render.CHART_FONT_PX
    assert all(t.textfont.size >= pack_render.CHART_FONT_PX for t in fig.data)


def test_the_focus_institution_is_highlighted_among_its_peers_on_the_slide(connection):
    from pptx import Presentation

    trend = _filtered(q.institution_trend, connection.cursor(), scope=ALL)
    figure = charts.institution_trend_figure(trend, "good_rate")
    slide = Slide("与对比院校比较", ["青岚大学列第 2 位。"], None, figure, "口径:默认口径", focus="青岚大学")
    prs = Presentation(io.BytesIO(pack_render.pptx_bytes([Slide("封面"), slide])))
    chart = next(s.chart for s in prs.slides[1].shapes if s.has_chart)
    widths = {s.name: s.format.line.width.pt for s in chart.plots[0].series}
    assert widths["青岚大学"] > 2 * max(w for n, w in widths.items() if n != "青岚大学")
    assert [s.name for s in chart.plots[0].series][-1] == "青岚大学"  # drawn over the others
    # the same emphasis as the builder's own focus gives, and none without one
    same = charts.emphasise(figure, "青岚大学")
    ids = dict(connection.execute("select name, institution_id from institutions").fetchall())
    built = charts.institution_trend_figure(trend, "good_rate", focus=ids["青岚大学"])
    assert [(t.name, t.line.width) for t in same.data] == [(t.name, t.line.width) for t in built.data]
    assert charts.emphasise(figure, None).data == figure.data


def test_a_short_table_alone_on_its_slide_is_set_larger(pptx_pack):
    slide = pptx_pack.slides[4]  # 需关注单位: three units, the table alone under one line of text
    table = next(s for s in slide.shapes if s.has_table)
    sizes = {
        r.font.size.pt
        for row in table.table.rows
        for c in row.cells
        for p in c.text_frame.paragraphs
        for r in p.runs
    }
    assert sizes == {pack_render.SHORT_TABLE_PT}
    height = sum(r.height for r in table.table.rows)
    assert height / pptx_pack.slide_height > 0.3  # not a strip at the top of an empty slide
    beside = next(s for s in pptx_pack.slides[1].shapes if s.has_table)  # next to a chart: the normal size
    assert {
        r.font.size.pt for c in beside.table.rows[1].cells for p in c.text_frame.paragraphs for r in p.runs
    } == {12}
