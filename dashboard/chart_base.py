"""What every figure builder shares: the one template, axes, hover formats, the safe-text wrapper, and gaps.

A year without data is a gap in every line (no bridging: the builders add an explicit null row for each missing year
and draw with connectgaps=False); a figure with a gap, or a heatmap with a blank cell, says so once in its subtitle.
No Streamlit here (import-linter checks it).
"""

from __future__ import annotations

import copy
import functools
import inspect
import unicodedata
from collections.abc import Sequence

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboard.labels import FONT_FAMILY, INSTITUTION_PALETTE, UNIT_TYPES, is_rate
from dashboard.labels import names as labels_of
from dashboard.safe import inert_figure
from dashboard.translation import tr

TEMPLATE_NAME = "pingyi"
TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT_FAMILY, "size": 13, "color": "#222222"},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        colorway=list(INSTITUTION_PALETTE),
        # the title (and its subtitle, the gap note) at the top left, kept off the edges; the legend row sits
        # between it and the plot (static exports move a legend of more than one row to the side)
        title={
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"l": 12, "t": 12},
            "font": {"size": 16},
        },
        xaxis={"showgrid": False, "linecolor": "#888888", "ticks": "outside", "automargin": True},
        yaxis={"gridcolor": "#E6E6E6", "zeroline": False, "linecolor": "#888888", "automargin": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": {"text": ""}},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        margin={"l": 60, "r": 20, "t": 90, "b": 50},
    )
)
pio.templates[TEMPLATE_NAME] = TEMPLATE
# the template as plain JSON: each figure gets a copy of it (naming the template makes Plotly rebuild a Template
# object from pio.templates, about 2–10 ms a figure; issue #18)
_TEMPLATE_JSON = TEMPLATE.to_plotly_json()

# passed to st.plotly_chart(config=…): PNG download at double resolution, no plotly logo
PLOTLY_CONFIG: dict = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "pingyi"},
    # no download from the chart toolbar: exports go through the export buttons, which know the user's role
    "modeBarButtonsToRemove": ["toImage"],
}
# up to this many years the counts are written on the chart; beyond it they are in the hover only
MAX_LABELLED_YEARS = 6


def _inert(build):
    """Every public figure builder's result goes through safe.inert_figure: names and other values from the data
    are shown as text in titles, legends, ticks and hover (Plotly would render their <a href> as a link). A figure
    whose lines have a gap, or whose heatmap has a blank cell, gets the one short note that explains it."""

    signature = inspect.signature(build)

    @functools.wraps(build)
    def wrapper(*args, **kwargs) -> go.Figure:
        fig = build(*args, **kwargs)
        note_gaps(fig, signature.bind(*args, **kwargs).arguments.get("lang", "zh"))
        return inert_figure(fig)

    return wrapper


# ---------------------------------------------------------------- gaps: a missing year is never bridged

GAP_NOTE = "折线断开处:该年无数据"
BLANK_NOTE = "空白格:该年无数据"


def year_span(frame: pl.DataFrame) -> list[int]:
    """Every calendar year from the frame's first to its last (a year no row has is still on the axis)."""
    years = frame["year"].drop_nulls()
    return list(range(int(years.min()), int(years.max()) + 1)) if len(years) else []


def with_missing_years(frame: pl.DataFrame, keys: list[str], years: list[int]) -> pl.DataFrame:
    """`frame` with a row for every (keys, year) it lacks, its other columns null, sorted by keys then year: each
    line then has a null point for a missing year, which Plotly (connectgaps=False) draws as a gap."""
    if frame.is_empty():
        return frame
    grid = (
        frame.select(keys)
        .unique(maintain_order=True)
        .join(pl.DataFrame({"year": years}, schema={"year": frame.schema["year"]}), how="cross")
    )
    return grid.join(frame, on=[*keys, "year"], how="left").sort([*keys, "year"], maintain_order=True)


def interior_gap(values) -> bool:
    """A null between two values (a line would otherwise be drawn across it)."""
    present = [i for i, v in enumerate(values) if v is not None]
    return bool(present) and any(values[i] is None for i in range(present[0], present[-1] + 1))


def note_gaps(fig: go.Figure, lang: str = "zh") -> go.Figure:
    """Lines never bridge a missing year (connectgaps=False); a figure with such a gap or with a blank heatmap
    cell says so once, in a short subtitle under its title."""
    from dashboard.safe import _plain

    notes: list[str] = []
    for trace, props in zip(fig.data, _plain(fig), strict=True):
        if props.get("type", trace.type) == "scatter" and "lines" in props.get("mode", "lines"):
            if props.get("connectgaps") is not False:  # each assignment costs a validation: builders set it
                trace.connectgaps = False
            y = props.get("y")
            if y is not None and interior_gap(list(y)) and GAP_NOTE not in notes:
                notes.append(GAP_NOTE)
        elif props.get("type", trace.type) == "heatmap" and props.get("z") is not None:
            if any(v is None for row in props["z"] for v in row) and BLANK_NOTE not in notes:
                notes.append(BLANK_NOTE)
    if notes:
        fig.update_layout(
            title={"subtitle": {"text": tr(";", lang).join(tr(n, lang) for n in notes), "font": {"size": 12}}}
        )
    return fig


def _value_axis(metric: str, *, full_range: bool = False, lang: str = "zh") -> dict:
    """The value axis; shares as per cent, over 0–100% when `full_range` (distributions), else fitted (lines)."""
    title = {"text": labels_of("metric", lang)[metric]}
    if is_rate(metric):
        axis = {"title": title, "tickformat": ".0%"}
        return axis | {"range": [-0.02, 1.02]} if full_range else axis
    return {"title": title, "tickformat": ".0f"}


def _year(lang: str, what: str = "%{x}") -> str:
    """A year in a hover text: '2023年' / '2023'."""
    return what if lang == "en" else f"{what}年"


def _short(metric: str, lang: str) -> str:
    return labels_of("metric_short", lang)[metric]


# the legend right of the plot; at x = 1 with its entries indented 8 px (at x = 1.01 the gap was 1 % of the plot's
# width, about 8 px on a page), the room it needs does not depend on the page's width, so it can be reserved below
_SIDE_LEGEND = {"orientation": "v", "x": 1, "xanchor": "left", "y": 1, "yanchor": "top", "indentation": 8}

# ---------------------------------------------------------------- margins Plotly's automargin would reach anyway
# When a side legend, a colorbar, long category labels or the x axis title need more room than layout.margin, Plotly
# draws the figure, widens the margin and draws it all again: about half of a chart's drawing time in Chromium
# (issue #18, docs/benchmarks.md § Session 11). The builders reserve that room beforehand, so the first drawing is
# the last. automargin stays on: where the room is underestimated (a name with characters other than full-width
# ones, which count 0 px here; a narrow page turning the ticks), Plotly still widens the margin as before, so a
# margin is never narrower than automargin's. Measured in Chromium with the template's 13 px font (Plotly 3.x).
FONT_PX = 13  # the template's font size: a full-width character (汉字, ,、()) is this wide
X_TITLE_BOTTOM = 54  # an x axis with horizontal tick labels and a title under it
LEGEND_RIGHT = 66  # a side legend's line sample, gaps and indentation, without its text
CATEGORY_LEFT = 21  # category tick labels left of the plot, without their text
COLORBAR_RIGHT = {1: 86, 2: 93}  # a colorbar at x = 1 with its titles, by the digits of its largest tick


def full_width_px(text: str) -> int:
    """The width of `text`'s full-width characters at the template's font; the others count 0 (a lower bound)."""
    return FONT_PX * sum(unicodedata.east_asian_width(c) in "WF" for c in str(text))


def reserved_margins(
    *,
    legend: Sequence[str] = (),
    categories: Sequence[str] = (),
    colorbar_max: int | None = None,
    base: dict | None = None,
) -> dict:
    """layout.margin with the room the side legend (its entries' names), the category labels on the left and a
    colorbar (its largest tick) will push for, and the x axis title's; never less than the template's margins."""
    base = base or _TEMPLATE_JSON["layout"]["margin"]
    margin = {"b": max(base["b"], X_TITLE_BOTTOM)}
    if legend:
        margin["r"] = max(base["r"], LEGEND_RIGHT + max(full_width_px(n) for n in legend))
    if colorbar_max is not None:
        margin["r"] = max(base["r"], COLORBAR_RIGHT[min(len(str(colorbar_max)), 2)])
    if categories:
        margin["l"] = max(base["l"], CATEGORY_LEFT + max(full_width_px(n) for n in categories))
    return margin


def _fmt(metric: str) -> str:
    """hovertemplate format of a value."""
    return ":.1%" if is_rate(metric) else ":.1f"


def _year_axis(years: list[int], lang: str = "zh") -> dict:
    return {
        "title": {"text": tr("年度", lang)},
        "tickmode": "array",
        "tickvals": years,
        "ticktext": [str(y) for y in years],
    }


def _sentence(title: str) -> str:
    """An English title starts with a capital even when it starts with a metric ("good rate by …")."""
    return title[:1].upper() + title[1:] if title[:1].islower() else title


def _figure(title: str, height: int = 420) -> go.Figure:
    """An empty figure with the template (as its JSON, the same layout `template="pingyi"` gives), the title and
    the height; later updates are validated as usual."""
    layout = {
        "template": copy.deepcopy(_TEMPLATE_JSON),
        "title": {"text": _sentence(title)},
        "height": height,
    }
    fig = go.Figure(layout=layout, _validate=False)
    fig._validate = True
    return fig


def merged(base: dict, updates: dict) -> dict:
    """`base` updated by `updates` as Plotly's update_layout does it: nested dicts merged key by key, other values
    replaced (`base` itself is not changed)."""
    out = dict(base)
    for key, value in updates.items():
        old = out.get(key)
        out[key] = merged(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out


def with_traces(fig: go.Figure, traces: list[dict], layout: dict | None = None) -> go.Figure:
    """`fig` with `traces` (plain dicts written by the builders) added, and its layout updated by `layout` (as
    `update_layout` would), without Plotly's per-value validation, which costs about two thirds of a 60-line chart
    and 2–10 ms per `update_layout` (issue #18). The builders' output is validated in the tests
    (tests/dashboard/test_chart_style.py rebuilds each figure from its JSON with validation on)."""
    base = fig._layout if isinstance(getattr(fig, "_layout", None), dict) else fig.layout.to_plotly_json()
    out = go.Figure(data=traces, layout=merged(base, layout or {}), _validate=False)
    out._validate = True  # later updates (gap note, safe text) are validated as usual
    return out


def _require(frame: pl.DataFrame, what: str) -> None:
    if frame.is_empty():
        raise ValueError(f"no data for {what}: pages show an empty-state message instead of a chart")


def _types_present(frame: pl.DataFrame) -> list[str]:
    present = set(frame["unit_type"].to_list())
    return [t for t in UNIT_TYPES if t in present]
