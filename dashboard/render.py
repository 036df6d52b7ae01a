"""Charts to static files: PNG/SVG/PDF through kaleido and the one warm Chromium, captions drawn under a figure.

Pure functions, no Streamlit: dashboard/export.py (a view's files), the briefing pack and `pingyi export` call these.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.charts import TEMPLATE_NAME
from dashboard.labels import FONT_FAMILY
from dashboard.pdf_text import fix_text_mapping
from dashboard.text_layout import text_width, wrap_text

IMAGE_FORMATS = ("png", "svg", "pdf")
INSTALL_HINT = "apt-get install -y chromium fonts-noto-cjk"
EXPORT_WIDTH = 1100  # layout pixels of an exported chart (about the width it has on a wide screen)
PNG_SCALE = 2  # PNG at twice the layout pixels: sharp in print and on slides
CAPTION_SIZE = 11
CAPTION_LINE = 16  # pixels per caption line
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)


class ExportUnavailable(RuntimeError):
    """Static export cannot run on this machine; the message says what to install."""


# ---------------------------------------------------------------- the one warm Chromium


_LOCK = threading.Lock()  # kaleido's sync server is not thread-safe: one export at a time
_server_started = False


def browser_path() -> str | None:
    """The Chrome/Chromium kaleido will use: $BROWSER_PATH, else the first one on PATH."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"] if Path(os.environ["BROWSER_PATH"]).is_file() else None
    for name in _BROWSERS:
        if found := shutil.which(name):
            return found
    return None


def cjk_font_available() -> bool:
    if any(Path(p).is_file() for p in _CJK_FONT_FILES):
        return True
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
        return bool(out.stdout.strip())
    return False


def static_export_problem() -> str | None:
    """Why charts cannot be exported here (with the install command), or None when they can."""
    if browser_path() is None:
        return (
            f"图片导出需要 Chromium 与中文字体,请安装:{INSTALL_HINT} / Static chart export needs Chromium and "
            f"CJK fonts: {INSTALL_HINT}"
        )
    if not cjk_font_available():
        return f"未找到中文字体,导出的图中文字会显示为方框,请安装:{INSTALL_HINT} / No CJK font found: {INSTALL_HINT}"
    return None


def _ensure_server() -> None:
    """Start the module's warm kaleido server once (caller holds _LOCK)."""
    global _server_started
    if _server_started:
        return
    problem = static_export_problem()
    if problem:
        raise ExportUnavailable(problem)
    import kaleido

    pio.defaults.headers = None  # else every call with the server running warns "kopts argument is ignored"
    kaleido.start_sync_server(n=1, timeout=90, silence_warnings=True)
    _server_started = True


def stop_server() -> None:
    """Stop the warm Chromium (tests and benchmarks; the next export starts it again)."""
    global _server_started
    with _LOCK:
        if _server_started:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _server_started = False


def _to_image(fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
    with _LOCK:
        _ensure_server()
        try:
            return pio.to_image(fig, format=fmt, width=width, height=height, scale=scale)
        except RuntimeError as err:
            if "Chrome" in str(err):
                raise ExportUnavailable(f"{err}\n请安装 / install: {INSTALL_HINT}") from err
            raise


# ---------------------------------------------------------------- charts


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


MIN_LEFT = 90  # room for the value axis' ticks and title without touching the left edge
MIN_TOP_TITLE, SUBTITLE_ROOM = 60, 22
AXIS_ROOM = 4.3  # the x axis' ticks and title take about this many times their text size below the plot
EDGE = 12  # no text closer than this to the canvas' edges


def _legend_on_top(layout) -> bool:
    legend = layout.legend
    orientation = legend.orientation or layout.template.layout.legend.orientation
    y = legend.y if legend.y is not None else layout.template.layout.legend.y
    return layout.showlegend is not False and orientation == "h" and (y is None or y >= 1)


def _legend_rows(fig: go.Figure, width: float) -> int:
    """How many rows a horizontal legend over the plot takes (Plotly wraps it when it is wider than the plot)."""
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    items = [text_width(str(n), 13) + 46 for n in dict.fromkeys(names)]  # symbol, gap and text of each item
    title = fig.layout.legend.title.text
    rows, used = 1, text_width(title, 13) + 10 if title else 0.0
    for w in items:
        if used + w > width and used:
            rows, used = rows + 1, 0.0
        used += w
    return rows


def _left_needed(fig: go.Figure) -> float:
    """Room the value axis needs on the left: its widest category label (heatmaps name institutions and units
    there) and its title; the caption is placed from the left margin, so Plotly must not have to widen it."""
    labels = [
        str(v) for t in fig.data if t.type in ("heatmap", "bar", "box") and t.y is not None for v in t.y
    ]
    labels = [v for v in labels if not _is_number(v)]
    size = (fig.layout.font.size or 13) if fig.layout.font else 13
    widest = max((text_width(v, size) for v in labels), default=0.0)
    title = 30 if fig.layout.yaxis.title.text else 0
    return widest + title + 24


def _wrap_value_title(fig: go.Figure, room: float) -> int:
    """A value-axis title longer than the plot is tall (a short chart on a slide, an English metric name) would run
    into the chart's title: set it on two lines. Returns the extra room it then needs on the left."""
    axis = fig.layout.yaxis
    text = axis.title.text
    if not text or "<br>" in text:
        return 0
    size = axis.title.font.size or (fig.layout.font.size if fig.layout.font else None) or 13
    if text_width(text, size) <= 0.9 * room:
        return 0
    lines = wrap_text(text, max(0.9 * room, text_width(text, size) / 2 + size), size)
    if len(lines) < 2:
        return 0
    axis.title.text = "<br>".join(_escape(line) for line in lines)
    return int(1.3 * size * (len(lines) - 1))


def _axis_font(fig: go.Figure) -> float:
    """The largest text size of the x axis (its ticks and title), in pixels."""
    base = (fig.layout.font.size if fig.layout.font else None) or 13
    axis = fig.layout.xaxis
    return max(base, axis.tickfont.size or 0, axis.title.font.size or 0)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _fit_share_axes(fig: go.Figure) -> None:
    """A per-cent axis left to Plotly's autorange around one value (one institution in one year) spans 0–150 %:
    fit it to the value within 0–100 % instead."""
    axes = [k for k in fig.layout if k.startswith("yaxis")]
    if len(axes) > 1:  # small multiples share their axes: leave them to Plotly
        return
    for name in axes:
        axis = fig.layout[name]
        if "%" not in (axis.tickformat or "") or axis.range is not None:
            continue
        ref = "y" + name[len("yaxis") :]
        values = {
            float(v)
            for t in fig.data
            if (getattr(t, "yaxis", None) or "y") == ref and t.type == "scatter" and t.y is not None
            for v in t.y
            if v is not None and not isinstance(v, str)
        }
        if len(values) == 1:
            (v,) = values
            axis.range = [max(0.0, v - 0.1), min(1.0, v + 0.1)]


def with_caption(
    fig: go.Figure,
    caption: str,
    *,
    width: int = EXPORT_WIDTH,
    height: int | None = None,
    caption_size: int = CAPTION_SIZE,
) -> go.Figure:
    """A copy of `fig` at `width` with `caption` written under the plot (grown by the caption's height).

    Laid out for a file: no text within EDGE px of the canvas' edges, the caption wrapped inside the canvas at
    natural breaks (never inside a number or threshold), and a legend that would wrap over the title moved to the
    right of the plot. `height`, when given, is the whole canvas' (the plot shrinks to leave room for the caption).
    """
    out = go.Figure(fig)
    out.update_layout(
        template=TEMPLATE_NAME
    )  # explicit: `import streamlit` changes plotly's default template
    _fit_share_axes(out)
    margin = out.layout.margin
    left = int(max(margin.l if margin.l is not None else 60, MIN_LEFT, _left_needed(out)))
    right = margin.r if margin.r is not None else 20
    bottom = margin.b if margin.b is not None else 50
    # room below the plot for the x axis' ticks and title: more when its text is set larger (the pack's 17 px)
    grown_bottom = max(0, int(AXIS_ROOM * _axis_font(out)) - bottom)
    bottom += grown_bottom
    top = margin.t if margin.t is not None else 90
    subtitle = out.layout.title.subtitle.text
    top = max(top, MIN_TOP_TITLE + (SUBTITLE_ROOM if subtitle else 0))
    if _legend_on_top(out.layout):
        rows = _legend_rows(out, width - left - right)
        if rows > 1:
            out.update_layout(
                legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"}
            )
        else:  # one row between the title block and the plot
            top = max(top, MIN_TOP_TITLE + (SUBTITLE_ROOM if subtitle else 0) + 30)
    line_px = round(caption_size * CAPTION_LINE / CAPTION_SIZE)
    lines = wrap_text(caption, width - 2 * EDGE, caption_size) if caption else []
    extra = line_px * len(lines) + 16 if lines else 0
    grown = top - (margin.t if margin.t is not None else 90) + grown_bottom
    plot_height = out.layout.height or 420
    if height is not None:
        plot_height = max(200, height - extra - 14 - grown)
    left += _wrap_value_title(out, plot_height + grown - top - bottom)  # the plot area's height
    # below the x axis and its title: the bottom margin plus room for the axis title
    offset = bottom + 14
    if lines:
        out.add_annotation(
            text="<br>".join(_escape(line) for line in lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            xshift=-(left - EDGE),
            yshift=-offset,
            align="left",
            showarrow=False,
            font={"size": caption_size, "color": "#555555", "family": FONT_FAMILY},
        )
    out.update_layout(
        width=width,
        height=plot_height + extra + 14 + grown,
        margin={"b": bottom + extra + 14, "l": left, "r": right, "t": top},
    )
    return out


def figure_bytes(
    fig: go.Figure,
    fmt: str,
    *,
    caption: str,
    width: int = EXPORT_WIDTH,
    height: int | None = None,
    caption_size: int = CAPTION_SIZE,
    scale: float | None = None,
    fix_text: bool = True,
) -> bytes:
    """The figure as PNG (at PNG_SCALE), SVG or PDF, with `caption` (title, filters, 口径) under it.

    Rendered by kaleido in one warm Chromium kept by this module behind a lock. Raises ExportUnavailable
    (with the apt-get line) when Chromium or the CJK fonts are missing.
    """
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; choose one of {', '.join(IMAGE_FORMATS)}")
    out = with_caption(fig, caption, width=width, height=height, caption_size=caption_size)
    scale = scale if scale is not None else (PNG_SCALE if fmt == "png" else 1)
    data = _to_image(out, fmt, int(out.layout.width), int(out.layout.height), scale)
    return (
        fix_text_mapping(data) if fmt == "pdf" and fix_text else data
    )  # (the pack fixes its whole PDF once)
