"""The briefing pack's renderings: slides (dashboard.pack builds their content) as PPTX or as a PDF of the same pages.

The charts are rendered by dashboard.render (kaleido, the one warm Chromium). The PDF's pages are drawn by Chromium
too, so its fonts (Noto Sans CJK) are embedded the way Chromium embeds them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
import polars as pl

from dashboard import charts, render
from dashboard.labels import FONT_FAMILY
from dashboard.pdf_text import fix_text_mapping

PAGE_W, PAGE_H = 1280, 720  # PDF page in CSS pixels (16:9 like the slides; 960 × 540 pt)


@dataclass
class Slide:
    """One slide of the pack (and one page of its PDF)."""

    title: str
    lines: list[str] = field(default_factory=list)
    table: pl.DataFrame | None = None  # every cell already text
    figure: go.Figure | None = None
    caption: str = ""  # under the figure


# ---------------------------------------------------------------- layout shared by both renderings
# boxes in fractions of the page: (left, top, width, height)


def _boxes(slide: Slide) -> tuple[tuple, tuple | None, tuple | None]:
    """(text box, table box, figure box) in page fractions."""
    n_lines = sum(max(1, len(render.wrap_text(line, 0.92 * PAGE_W, 17))) for line in slide.lines)
    text_h = min(0.6 if slide.figure is None and slide.table is None else 0.22, 0.045 * n_lines + 0.01)
    top = 0.15 + text_h + 0.015
    body = (0.04, top, 0.92, 0.97 - top)
    if slide.table is not None and slide.figure is not None:
        return (0.04, 0.15, 0.92, text_h), (0.04, top, 0.38, body[3]), (0.44, top, 0.52, body[3])
    if slide.table is not None:
        return (0.04, 0.15, 0.92, text_h), body, None
    if slide.figure is not None:
        return (0.04, 0.15, 0.92, text_h), None, body
    return (0.04, 0.15, 0.92, 0.8), None, None


def _chart(slide: Slide, fmt: str) -> bytes:
    return render.figure_bytes(slide.figure, fmt, caption=slide.caption)


# ---------------------------------------------------------------- PPTX


def pptx_bytes(content: Sequence[Slide]) -> bytes:
    from pptx import Presentation
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 16:9
    W, H = prs.slide_width, prs.slide_height
    blank = prs.slide_layouts[6]

    def box(frac):
        left, top, width, height = frac
        return Emu(int(left * W)), Emu(int(top * H)), Emu(int(width * W)), Emu(int(height * H))

    for i, slide in enumerate(content):
        s = prs.slides.add_slide(blank)
        is_title = i == 0
        title_box = (0.04, 0.3, 0.92, 0.15) if is_title else (0.04, 0.03, 0.92, 0.1)
        tf = s.shapes.add_textbox(*box(title_box)).text_frame
        tf.word_wrap = True
        _run(tf.paragraphs[0], slide.title, Pt(36 if is_title else 26), bold=True, color="1F3864")
        text_box, table_box, fig_box = _boxes(slide)
        if is_title:
            text_box = (0.04, 0.47, 0.92, 0.4)
        tf = s.shapes.add_textbox(*box(text_box)).text_frame
        tf.word_wrap = True
        for j, line in enumerate(slide.lines):
            p = tf.paragraphs[0] if j == 0 else tf.add_paragraph()
            _run(p, line, Pt(20 if is_title else 13), color="333333")
        if table_box is not None and slide.table is not None:
            _pptx_table(s, slide.table, box(table_box))
        if fig_box is not None and slide.figure is not None:
            png = _chart(slide, "png")
            left, top, width, height = box(fig_box)
            from PIL import Image

            with Image.open(io.BytesIO(png)) as im:
                pw, ph = im.size
            scale = min(width / pw, height / ph)
            w, h = int(pw * scale), int(ph * scale)
            s.shapes.add_picture(io.BytesIO(png), left + (width - w) // 2, top, Emu(w), Emu(h))
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _run(paragraph, text: str, size, *, bold: bool = False, color: str = "222222") -> None:
    from pptx.dml.color import RGBColor

    run = paragraph.add_run()
    run.text = text
    run.font.size = size
    run.font.bold = bold
    run.font.color.rgb = RGBColor.from_string(color)
    _cjk_font(run, "Microsoft YaHei")


def _cjk_font(run, typeface: str) -> None:
    """Latin and East-Asian typeface of a run (python-pptx sets only the Latin one)."""
    run.font.name = typeface
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(f"{{http://schemas.openxmlformats.org/drawingml/2006/main}}{tag[2:]}")
        if el is None:
            from pptx.oxml.ns import qn

            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", typeface)


def _pptx_table(s, frame: pl.DataFrame, box) -> None:
    from pptx.util import Emu, Pt

    left, top, width, height = box
    rows = frame.height + 1
    row_h = min(int(height / rows), int(Emu(380000)))
    shape = s.shapes.add_table(rows, frame.width, left, top, width, Emu(row_h * rows))
    table = shape.table
    for c, name in enumerate(frame.columns):
        cell = table.cell(0, c)
        cell.text_frame.text = ""
        _run(cell.text_frame.paragraphs[0], name, Pt(11), bold=True, color="FFFFFF")
        for r, value in enumerate(frame[name].to_list(), start=1):
            cell = table.cell(r, c)
            cell.text_frame.text = ""
            _run(cell.text_frame.paragraphs[0], "" if value is None else str(value), Pt(10))


# ---------------------------------------------------------------- PDF (pages drawn by Chromium, merged by pypdf)


def _page_figure(slide: Slide, *, first: bool) -> go.Figure:
    """A page with the slide's title, text and table (the chart is merged in afterwards)."""
    fig = go.Figure()
    fig.update_layout(
        template=charts.TEMPLATE_NAME,
        width=PAGE_W,
        height=PAGE_H,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        xaxis={"visible": False, "range": [0, 1]},
        yaxis={"visible": False, "range": [0, 1]},
        showlegend=False,
    )
    text_box, table_box, _ = _boxes(slide)
    title_y = 0.3 if first else 0.03
    fig.add_annotation(
        text=render._escape(slide.title),
        x=0.04,
        y=1 - title_y,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 40 if first else 28, "color": "#1F3864", "family": FONT_FAMILY},
    )
    if first:
        text_box = (0.04, 0.47, 0.92, 0.4)
    size = 22 if first else 15
    wrapped = [w for line in slide.lines for w in render.wrap_text(line, text_box[2] * PAGE_W, size)]
    if wrapped:
        fig.add_annotation(
            text="<br>".join(render._escape(w) for w in wrapped),
            x=text_box[0],
            y=1 - text_box[1],
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="top",
            showarrow=False,
            align="left",
            font={"size": size, "color": "#333333", "family": FONT_FAMILY},
        )
    if table_box is not None and slide.table is not None:
        left, top, width, height = table_box
        frame = slide.table
        fig.add_trace(
            go.Table(
                domain={"x": [left, left + width], "y": [max(0.0, 1 - top - height), 1 - top]},
                header={
                    "values": [f"<b>{render._escape(c)}</b>" for c in frame.columns],
                    "fill_color": "#1F3864",
                    "font": {"color": "#FFFFFF", "size": 13, "family": FONT_FAMILY},
                    "align": "left",
                    "height": 28,
                },
                cells={
                    "values": [
                        [render._escape("" if v is None else str(v)) for v in frame[c].to_list()]
                        for c in frame.columns
                    ],
                    "font": {"size": 12, "family": FONT_FAMILY, "color": "#222222"},
                    "align": "left",
                    "height": 26,
                    "fill_color": "#FFFFFF",
                    "line": {"color": "#DDDDDD"},
                },
            )
        )
    return fig


def pdf_bytes(content: Sequence[Slide]) -> bytes:
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter()
    for i, slide in enumerate(content):
        page_pdf = render._to_image(_page_figure(slide, first=i == 0), "pdf", PAGE_W, PAGE_H, 1)
        page = writer.add_page(PdfReader(io.BytesIO(page_pdf)).pages[0])
        _, _, fig_box = _boxes(slide)
        if fig_box is not None and slide.figure is not None:
            chart = PdfReader(io.BytesIO(_chart(slide, "pdf"))).pages[0]
            pw, ph = float(page.mediabox.width), float(page.mediabox.height)
            cw, ch = float(chart.mediabox.width), float(chart.mediabox.height)
            left, top, width, height = fig_box
            scale = min(width * pw / cw, height * ph / ch)
            x = left * pw + (width * pw - cw * scale) / 2
            y = ph - top * ph - ch * scale
            page.merge_transformed_page(chart, Transformation().scale(scale, scale).translate(x, y))
    writer.add_metadata({"/Title": content[0].title if content else "评议简报", "/Producer": "Pingyi"})
    buf = io.BytesIO()
    writer.write(buf)
    return fix_text_mapping(buf.getvalue())  # copied and searched text = the characters drawn
