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
