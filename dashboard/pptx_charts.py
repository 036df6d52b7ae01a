"""Plotly figures as native, editable PowerPoint charts (python-pptx), for the briefing pack.

Line figures (one scatter trace per line: institutions, unit types) become line charts with markers, bar figures of
one series (units by grade) become column charts with the bars' own colours. The chart keeps the figure's title and
its note (gaps), each series its colour, width and dash; a missing year stays a gap (python-pptx writes the chart
with dispBlanksAs=gap and no point for it). Every text of the chart is at least MIN_PT on the slide. A figure of
another kind (stacked panels, heatmaps) returns False: the caller places a picture instead.
"""

from __future__ import annotations

import plotly.graph_objects as go

MIN_PT = 12  # the smallest text on a projected slide
CHART_PT = 14
TITLE_PT = 18
_DASH = {"solid": "SOLID", "dash": "DASH", "dot": "ROUND_DOT", "dashdot": "DASH_DOT"}
_MARKER = {
    "circle": "CIRCLE",
    "square": "SQUARE",
    "diamond": "DIAMOND",
    "triangle-up": "TRIANGLE",
    "x": "X",
    "star": "STAR",
}


def native_kind(fig: go.Figure) -> str | None:
    """ "line", "bar" or None: which native chart can show this figure without losing anything."""
    traces = [t for t in fig.data if t.showlegend is not False or t.type == "bar"]
    if not traces or len(fig.layout.annotations or ()) > 0:
        return None  # annotations are panel titles (subplots) or notes a chart cannot carry
    if all(t.type == "scatter" and "lines" in (t.mode or "lines") for t in fig.data):
        return "line"
    if len(fig.data) == 1 and fig.data[0].type == "bar" and fig.data[0].orientation in (None, "v"):
        return "bar"
    return None


def _aligned(trace, categories: list) -> list:
    """The trace's point texts on the chart's categories ("" where it has no point)."""
    texts = trace.text if isinstance(trace.text, list | tuple) else [trace.text] * len(trace.x or ())
    by_x = dict(zip(trace.x or (), texts, strict=False))
    return [by_x.get(c) or "" for c in categories]


def _rgb(color: str | None):
    from pptx.dml.color import RGBColor

    if not color or not color.startswith("#") or len(color) != 7:
        return None
    return RGBColor.from_string(color[1:].upper())


def _number_format(tickformat: str | None) -> str:
    if tickformat and tickformat.endswith("%"):
        return "0%"
    if tickformat and tickformat.startswith("+"):
        return "+0;-0;0"
    return "0"


def _text(frame, text: str, size: float, *, bold: bool = False, color: str = "222222") -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    frame.text = ""
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size if i == 0 else max(MIN_PT, size - 4))
        run.font.bold = bold and i == 0
        run.font.color.rgb = RGBColor.from_string(color)


def add_native_chart(shapes, fig: go.Figure, box: tuple, *, plain_text=lambda s: s) -> bool:
    """Add `fig` to `shapes` as a native chart in `box` (left, top, width, height in EMU); False when it cannot be
    one. `plain_text` turns the figure's (escaped) strings back into what they say."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    from pptx.util import Pt

    kind = native_kind(fig)
    if kind is None:
        return False
    layout = fig.layout
    value_axis = layout.yaxis
    number_format = _number_format(value_axis.tickformat)
    data = CategoryChartData(number_format=number_format)
    if kind == "line":
        categories = sorted({x for t in fig.data for x in (t.x or ())}, key=lambda v: (str(type(v)), v))
        data.categories = [str(c) for c in categories]
        for trace in fig.data:
            values = dict(zip(trace.x or (), trace.y or (), strict=False))
            data.add_series(plain_text(trace.name or ""), [values.get(c) for c in categories])
        chart_type = XL_CHART_TYPE.LINE_MARKERS
    else:
        bar = fig.data[0]
        data.categories = [plain_text(str(x)) for x in bar.x]
        data.add_series(plain_text(bar.name or layout.yaxis.title.text or ""), list(bar.y))
        chart_type = XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = shapes.add_chart(chart_type, *box, data).chart
    chart.font.size = Pt(CHART_PT)
    title = plain_text(layout.title.text or "")
    note = plain_text(layout.title.subtitle.text or "")
    chart.has_title = bool(title)
    if title:
        _text(chart.chart_title.text_frame, title + (f"\n{note}" if note else ""), TITLE_PT, bold=True)
    for axis, source in ((chart.category_axis, layout.xaxis), (chart.value_axis, layout.yaxis)):
        axis.tick_labels.font.size = Pt(CHART_PT)
        if source.title.text:
            axis.has_title = True
            _text(axis.axis_title.text_frame, plain_text(source.title.text), CHART_PT)
    chart.value_axis.tick_labels.number_format = number_format
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = _rgb("#E6E6E6")
    if kind == "line":
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.RIGHT if len(fig.data) > 4 else XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(CHART_PT)
        for series, trace in zip(chart.plots[0].series, fig.data, strict=True):
            series.smooth = False
            if "text" in (trace.mode or "") and trace.text is not None:  # n written at each point
                for point, label in zip(series.points, _aligned(trace, categories), strict=True):
                    if label:
                        point.data_label.has_text_frame = True
                        _text(
                            point.data_label.text_frame,
                            plain_text(label),
                            MIN_PT,
                            color=(trace.line.color or "#222222")[1:],
                        )
                        point.data_label.position = XL_LABEL_POSITION.ABOVE
            color = _rgb(trace.line.color)
            line = series.format.line
            if color is not None:
                line.color.rgb = color
            line.width = Pt(max(1.0, (trace.line.width or 2.5) * 0.75))
            line.dash_style = getattr(MSO_LINE_DASH_STYLE, _DASH.get(trace.line.dash or "solid", "SOLID"))
            series.marker.style = getattr(
                XL_MARKER_STYLE, _MARKER.get(trace.marker.symbol or "circle", "CIRCLE")
            )
            series.marker.size = max(3, min(int((trace.marker.size or 8) * 0.75), 72))
            if color is not None:
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.rgb = color
                series.marker.format.line.color.rgb = color
    else:
        chart.has_legend = False
        plot = chart.plots[0]
        plot.gap_width = 60
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(CHART_PT)
        plot.data_labels.number_format = number_format
        plot.data_labels.number_format_is_linked = False
        colors = bar.marker.color
        colors = list(colors) if isinstance(colors, list | tuple) else [colors] * len(bar.x)
        for point, color in zip(plot.series[0].points, colors, strict=False):
            if (rgb := _rgb(color)) is not None:
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = rgb
    return True
