"""Values from outside (the data, the URL, an identity provider) shown as text, never as markup or formulas.

- `md(text)`: for every Markdown-rendering element (st.markdown, st.caption, st.info, st.toast, help=, labels):
  each Markdown/HTML-significant character is backslash-escaped, so `**粗**`, `[x](http://…)`, `![t](http://…)`,
  `<b>`, `:red[x]`, `$x$` are shown as written, and plain addresses (`http://…`, `www.…`, `a@b.org`) are not turned
  into links (GFM's autolink literals need `://`, `www.` and the domain's dots unescaped).
- `plotly_text(text)`: for strings that go into a Plotly figure (titles, trace names, hover, tick labels), whose
  pseudo-HTML (`<a href>`, `<b>`, `<br>`) Plotly would otherwise render.
- `csv_cell(value)`: a CSV cell a spreadsheet will not run as a formula (OWASP "CSV injection": a cell that begins
  with = + - @, a tab or a carriage return gets a leading apostrophe).
"""

from __future__ import annotations

import html
import re
import sys

_MARKDOWN = set("\\`*_{}[]()<>#+-.!|~$:@&=\"'/")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # OWASP, plus a leading line feed


def md(text: object) -> str:
    """The text with every Markdown/HTML-significant character escaped (see the module docstring)."""
    return "".join("\\" + c if c in _MARKDOWN else c for c in str(text))


def plotly_text(text: object) -> str:
    """The text with &, < and > as entities: Plotly shows them as written instead of rendering tags."""
    return html.escape(str(text), quote=False)


def csv_cell(value: object) -> object:
    """A CSV cell neutralised the OWASP way: strings beginning with a formula character get a leading `'`.

    Numbers stay numbers (a negative number is data, not a formula); only text cells are changed."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


_TAG = re.compile(r"<(?!/?(?:br|b|i|em|sup|sub)\s*/?>)", re.IGNORECASE)
_DATA_KEYS = ("x", "y", "customdata", "hovertext", "labels", "ids", "parents", "name", "legendgroup")


def plotly_markup(text: str) -> str:
    """Text written by the code that may carry values: Plotly's own line breaks and emphasis (<br>, <b>, <i>, <sup>,
    <sub>) stay, every other tag (<a href>, <span style>, <img>) is shown as written."""
    return _TAG.sub("&lt;", text)


def _inert_value(value, full: bool):
    if isinstance(value, str):
        return plotly_text(value) if full and ("<" in value or "&" in value) else plotly_markup(value)
    if isinstance(value, list | tuple):
        return [_inert_value(v, full) for v in value]
    if isinstance(value, dict):
        return {
            k: _inert_value(v, full and k not in ("hovertemplate", "texttemplate")) for k, v in value.items()
        }
    np = _numpy()  # numpy arrays of strings (plotly keeps text columns as object arrays)
    if np is not None and isinstance(value, np.ndarray) and value.dtype == object:
        return [_inert_value(v, full) for v in value.tolist()]
    return value


def _numpy():
    """numpy if something has loaded it, else None: a value can only be a numpy array once numpy is loaded, and the
    dashboard's own figures never hold one, so the server does not load numpy (≈ 0.09 s, 5 MiB) just to ask."""
    return sys.modules.get("numpy")


def inert_figure(fig):
    """The figure with every value from the data shown as text (see `plotly_text`, `plotly_markup`): data arrays and
    trace names fully escaped; titles, annotations, tick labels and trace text keep only Plotly's harmless tags."""
    # each assignment re-validates the value in Plotly: only values that change are written back, and they are
    # found in the figure's plain JSON (reading them through the trace objects costs as much as a copy; issue #18)
    for trace, props in zip(fig.data, _plain(fig), strict=True):
        for key in _DATA_KEYS:
            value = props.get(key)
            if value is not None and _changes(value, safe := _inert_value(value, True)):
                trace[key] = safe
        text = props.get("text")
        if text is not None and _changes(text, safe := _inert_value(text, False)):
            trace.text = safe
    layout = getattr(fig, "_layout", None)
    layout = layout if isinstance(layout, dict) else fig.layout.to_plotly_json()
    # the template is the code's own (dashboard.chart_base.TEMPLATE), never data: not walked on every figure
    safe = {k: v if k == "template" else _inert_value(v, False) for k, v in layout.items()}
    if _changes(layout, safe):
        fig.layout = safe
    return fig


def _plain(fig) -> list[dict]:
    """The traces as Plotly holds them (plain dicts; read only), or their JSON where that is not available."""
    data = getattr(fig, "_data", None)
    if isinstance(data, list) and len(data) == len(fig.data) and all(isinstance(d, dict) for d in data):
        return data
    return [trace.to_plotly_json() for trace in fig.data]


def _changes(value, safe) -> bool:
    """Whether making `value` inert changed it (tuples and arrays come back as lists of the same items)."""
    if safe is value:
        return False
    np = _numpy()
    if np is not None and isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, tuple):
        value = list(value)
    try:
        return bool(value != safe)
    except (TypeError, ValueError):  # values that cannot be compared: write the safe one back
        return True
