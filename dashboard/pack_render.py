"""The briefing pack's renderings: slides (dashboard.pack builds their content) as PPTX or as a PDF of the same pages.

Readable on a projector: every text is at least 12 pt at slide size (16:9, 960 × 540 pt). In the PPTX a line or bar
chart is a native, editable chart (dashboard.pptx_charts) and only another kind is a picture; the PDF's pages and
charts are drawn by Chromium (dashboard.render) at the size they have on the page, so nothing is scaled down, and
their text maps to the characters drawn (dashboard.pdf_text).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
import polars as pl

from dashboard import charts, pptx_charts, render
from dashboard.labels import FONT_FAMILY
from dashboard.pdf_text import fix_fonts
from dashboard.text_layout import wrap_text

PAGE_W, PAGE_H = 1280, 720  # PDF page in CSS pixels (16:9 like the slides; 960 × 540 pt)
PT_PER_PX = 960 / PAGE_W  # a CSS pixel of the page is 0.75 pt on the slide
MIN_PT = pptx_charts.MIN_PT
BODY_PT, TABLE_PT, CAPTION_PT = 16, 12, 12
SHORT_TABLE_ROWS, SHORT_TABLE_PT = (
    6,
    16,
)  # a table of few rows is set larger: it fills its slide, not a corner


def _table_pt(frame: pl.DataFrame, alone: bool) -> int:
    """Text size of a slide's table: larger when it is short and has the slide's body to itself."""
    return SHORT_TABLE_PT if alone and frame.height <= SHORT_TABLE_ROWS else TABLE_PT


CHART_FONT_PX = (
    17  # chart text drawn at 17 px on a 1280 px page = 12.75 pt on the slide (12 pt with rounding)
)


CELL_PAD = 20  # horizontal padding of a table cell, both sides together (CSS pixels of the page)


def column_widths(frame: pl.DataFrame, total: float, font_px: float) -> list[float]:
    """Widths of a slide table's columns that add up to `total`: each column gets at least its longest word (a
    piece the text never breaks inside), and the rest goes to the columns whose text is longest, so a label column
    is wider than a column of numbers and a cell wraps only where it must."""
    from dashboard.text_layout import _tokens

    least, natural = [], []
    for name in frame.columns:
        texts = [str(name)] + ["" if v is None else str(v) for v in frame[name].to_list()]
        words = [tok.strip() for text in texts for tok in _tokens(text)]
        least.append(max((render.text_width(w, font_px) for w in words if w), default=0.0) + CELL_PAD)
        # the header may wrap at its words: a long header does not widen a column of numbers
        cells = max(render.text_width(t, font_px) for t in texts[1:]) if len(texts) > 1 else 0.0
        header = render.text_width(texts[0], font_px)
        natural.append(max(least[-1], (max(header, cells) if header <= 2 * cells else cells) + CELL_PAD))
    if sum(natural) <= total:  # everything fits on one line: share out what is left in proportion
        return [n * total / sum(natural) for n in natural]
    if sum(least) >= total:
        return [m * total / sum(least) for m in least]
    spare, wanted = total - sum(least), sum(n - m for n, m in zip(natural, least, strict=True))
    return [m + (n - m) * spare / wanted for n, m in zip(natural, least, strict=True)]


def _cell_lines(text: str, width: float, font_px: float) -> list[str]:
    return wrap_text(text, width - CELL_PAD, font_px) or [""]


def _px(pt: float) -> int:
    """CSS pixels on the page for a text of `pt` points on the slide, rounded up with a pixel to spare."""
    return int(pt / PT_PER_PX) + 1


@dataclass
class Slide:
    """One slide of the pack (and one page of its PDF)."""

    title: str
    lines: list[str] = field(default_factory=list)
    table: pl.DataFrame | None = None  # every cell already text
    figure: go.Figure | None = None
    caption: str = ""  # under the figure
    focus: str | None = None  # the institution (its name) whose lines the figure emphasises


# ---------------------------------------------------------------- layout shared by both renderings
# boxes in fractions of the page: (left, top, width, height)


def _boxes(slide: Slide) -> tuple[tuple, tuple | None, tuple | None]:
    """(text box, table box, figure box) in page fractions."""
    px = _px(BODY_PT)  # the size the page draws it at
    n_lines = sum(max(1, len(render.wrap_text(line, 0.92 * PAGE_W, px))) for line in slide.lines)
    line_h = 1.45 * px / PAGE_H
    text_h = min(0.6 if slide.figure is None and slide.table is None else 0.22, line_h * n_lines + 0.01)
    top = 0.15 + text_h + 0.025
    body = (0.04, top, 0.92, 0.97 - top)
    if slide.table is not None and slide.figure is not None:
        return (0.04, 0.15, 0.92, text_h), (0.04, top, 0.38, body[3]), (0.44, top, 0.52, body[3])
    if slide.table is not None:
        return (0.04, 0.15, 0.92, text_h), body, None
    if slide.figure is not None:
        return (0.04, 0.15, 0.92, text_h), None, body
    return (0.04, 0.15, 0.92, 0.8), None, None


def plain(text: str | None) -> str:
    """A figure's string as it reads: Plotly's line breaks as new lines, its tags and entities undone."""
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", "\n", text or "")))


def slide_figure(fig: go.Figure, focus: str | None = None) -> go.Figure:
    """A copy of `fig` whose every text is at least CHART_FONT_PX (12 pt once on the slide), the lines of the
    `focus` institution emphasised."""
    out = charts.emphasise(fig, focus)
    out.update_layout(
        template=charts.TEMPLATE_NAME,
        font={"size": CHART_FONT_PX},
        title={"font": {"size": CHART_FONT_PX + 4}},
        legend={"font": {"size": CHART_FONT_PX}},
    )
    out.update_layout(title={"subtitle": {"font": {"size": CHART_FONT_PX}}})
    for trace in out.data:
        if "textfont" in trace and trace.textfont.size is not None and trace.textfont.size < CHART_FONT_PX:
            trace.textfont.size = CHART_FONT_PX
    for annotation in out.layout.annotations or ():
        if annotation.font.size is not None and annotation.font.size < CHART_FONT_PX:
            annotation.font.size = CHART_FONT_PX
    return out


def _chart(slide: Slide, fmt: str, box: tuple) -> bytes:
    """The slide's chart drawn at the size it has on the page (never scaled down), caption at 12 pt."""
    return render.figure_bytes(
        slide_figure(slide.figure, slide.focus),
        fmt,
        caption=slide.caption,
        width=int(box[2] * PAGE_W),
        height=int(box[3] * PAGE_H),
        caption_size=_px(CAPTION_PT),
        scale=2 if fmt == "png" else None,
        fix_text=False,  # the PDF's text mapping is fixed once, for the whole pack (pdf_bytes)
    )


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
            _run(p, line, Pt(20 if is_title else BODY_PT), color="333333")
        if table_box is not None and slide.table is not None:
            _pptx_table(s, slide.table, box(table_box), alone=slide.figure is None)
        if fig_box is not None and slide.figure is not None:
            _pptx_figure(s, slide, fig_box, box)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _pptx_figure(s, slide: Slide, fig_box: tuple, box) -> None:
    """The chart as a native chart with its caption under it, or (a kind PowerPoint has no chart for) a picture
    drawn at the size it has on the slide."""
    from pptx.util import Emu, Pt

    left, top, width, height = fig_box
    caption_lines = (
        sum(
            len(render.wrap_text(c, width * PAGE_W, CAPTION_PT / PT_PER_PX))
            for c in slide.caption.split("\n")
        )
        if slide.caption
        else 0
    )
    caption_h = min(0.3 * height, caption_lines * 1.35 * CAPTION_PT / PT_PER_PX / PAGE_H)
    chart_box = (left, top, width, height - caption_h)
    figure = slide_figure(slide.figure, slide.focus)
    if pptx_charts.add_native_chart(s.shapes, figure, box(chart_box), plain_text=plain):
        if slide.caption:
            tf = s.shapes.add_textbox(*box((left, top + height - caption_h, width, caption_h))).text_frame
            tf.word_wrap = True
            for j, line in enumerate(slide.caption.split("\n")):
                _run(tf.paragraphs[0] if j == 0 else tf.add_paragraph(), line, Pt(CAPTION_PT), color="555555")
        return
    png = _chart(slide, "png", fig_box)
    x, y, w, h = box(fig_box)
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        pw, ph = im.size
    scale = min(w / pw, h / ph)
    s.shapes.add_picture(
        io.BytesIO(png), x + (w - int(pw * scale)) // 2, y, Emu(int(pw * scale)), Emu(int(ph * scale))
    )


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


def _pptx_table(s, frame: pl.DataFrame, box, *, alone: bool = False) -> None:
    from pptx.util import Emu, Pt

    left, top, width, height = box
    rows = frame.height + 1
    size = _table_pt(frame, alone)
    row_h = min(int(height / rows), int(Emu(420000 * size / TABLE_PT)))
    shape = s.shapes.add_table(rows, frame.width, left, top, width, Emu(row_h * rows))
    table = shape.table
    widths = column_widths(frame, width / 12700 / PT_PER_PX, _px(size))  # EMU → pt → page pixels
    edges = [round(sum(widths[:c]) * int(width) / sum(widths)) for c in range(len(widths) + 1)]
    for c, column in enumerate(table.columns):
        column.width = Emu(edges[c + 1] - edges[c])
    for c, name in enumerate(frame.columns):
        cell = table.cell(0, c)
        cell.text_frame.text = ""
        _run(cell.text_frame.paragraphs[0], name, Pt(size), bold=True, color="FFFFFF")
        for r, value in enumerate(frame[name].to_list(), start=1):
            cell = table.cell(r, c)
            cell.text_frame.text = ""
            _run(cell.text_frame.paragraphs[0], "" if value is None else str(value), Pt(size))


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
    size = 22 if first else _px(BODY_PT)
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
        size = _px(_table_pt(frame, slide.figure is None))
        row_px = round(size * 1.7)
        widths = column_widths(frame, width * PAGE_W, size)

        def cells(texts: list, w: float, bold: bool = False) -> list[str]:
            # wrapped here, at natural breaks, as Plotly breaks only at spaces (Chinese would run into the next column)
            # (no-break spaces: Plotly would break again at a space, by its own measure)
            out = [
                "<br>".join(render._escape(x).replace(" ", "\u00a0") for x in _cell_lines(str(t), w, size))
                for t in texts
            ]
            return [f"<b>{x}</b>" for x in out] if bold else out

        fig.add_trace(
            go.Table(
                domain={"x": [left, left + width], "y": [max(0.0, 1 - top - height), 1 - top]},
                columnwidth=widths,
                header={
                    "values": [
                        cells([c], w, bold=True)[0] for c, w in zip(frame.columns, widths, strict=True)
                    ],
                    "fill_color": "#1F3864",
                    "font": {"color": "#FFFFFF", "size": size, "family": FONT_FAMILY},
                    "align": "left",
                    "height": row_px + 2,
                },
                cells={
                    "values": [
                        cells(["" if v is None else v for v in frame[c].to_list()], w)
                        for c, w in zip(frame.columns, widths, strict=True)
                    ],
                    "font": {"size": size, "family": FONT_FAMILY, "color": "#222222"},
                    "align": "left",
                    "height": row_px,
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
            chart = PdfReader(io.BytesIO(_chart(slide, "pdf", fig_box))).pages[0]
            pw, ph = float(page.mediabox.width), float(page.mediabox.height)
            cw, ch = float(chart.mediabox.width), float(chart.mediabox.height)
            left, top, width, height = fig_box
            scale = min(width * pw / cw, height * ph / ch)
            x = left * pw + (width * pw - cw * scale) / 2
            y = ph - top * ph - ch * scale
            page.merge_transformed_page(chart, Transformation().scale(scale, scale).translate(x, y))
    writer.add_metadata({"/Title": content[0].title if content else "评议简报", "/Producer": "Pingyi"})
    fix_fonts(writer)  # copied and searched text = the characters drawn
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
