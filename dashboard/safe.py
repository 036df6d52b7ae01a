"""Text from the data (institution, unit and person names, search terms) shown inside Markdown-rendering elements."""

from __future__ import annotations

_MARKDOWN = set("\\`*_{}[]()<>#+-.!|~$:")


def md(text: object) -> str:
    """The text with every Markdown/HTML-significant character escaped, so a name such as `**粗**`,
    `[x](javascript:…)` or `<b>` is shown as written (st.markdown, st.subheader, st.info, … render Markdown)."""
    return "".join("\\" + c if c in _MARKDOWN else c for c in str(text))
