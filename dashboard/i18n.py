"""The dashboard's language: Chinese (default) or English, chosen in the sidebar and kept in the URL as ``?lang=en``.

Chinese source strings are the keys; `dashboard.i18n_en.EN` holds their English versions. The lookup itself is pure and
lives in `dashboard.translation` (`tr(key, lang, **kw)`, also re-exported here as `translate`): charts, captions, static
rendering and tables take a ``lang`` argument and call it. `t()` uses the session's language and is for pages.
"""

from __future__ import annotations

from typing import Any

from dashboard.translation import (
    DEFAULT_LANG,
    LANG_NAMES,
    LANGS,
    MissingTranslation,
    is_en,
    tr,
    translate,
)

__all__ = [
    "DEFAULT_LANG",
    "LANG_NAMES",
    "LANGS",
    "MissingTranslation",
    "is_en",
    "tr",
    "translate",
    "current_lang",
    "t",
    "language_switch",
]

LANG_KEY = "lang"  # session key of the language switch = query parameter name
# widgets whose option labels depend on the language (unit types, metric, the overview's "2023年度"): the browser
# keeps a widget's value as its displayed label, so after a switch it would send labels of the old language, which
# match no option any more; the switch therefore re-sets these from the server's state (see _relabel)
RELABELLED_KEYS: tuple[str, ...] = ("types", "metric", "overview_year")


def current_lang() -> str:
    """The session's language (zh until the switch or ``?lang=en`` says otherwise)."""
    import streamlit as st

    lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def t(text: str, /, **values: Any) -> str:
    """`text` in the session's language."""
    return tr(text, current_lang(), **values)


def _relabel() -> None:
    """On a language switch: set the label-dependent widgets to their current values again, so that Streamlit sends
    them to the browser with the new language's labels."""
    import streamlit as st

    for key in RELABELLED_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def language_switch() -> str:
    """The sidebar switch 中文 / English (its state is seeded from and written to the URL by dashboard.urlstate)."""
    import streamlit as st

    return st.radio(
        t("语言 / Language"),
        options=list(LANGS),
        format_func=LANG_NAMES.get,
        key=LANG_KEY,
        horizontal=True,
        on_change=_relabel,
    )
