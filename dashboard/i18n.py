"""The dashboard's language: Chinese (default) or English, chosen in the sidebar and kept in the URL as ``?lang=en``.

Chinese source strings are the keys; `dashboard.i18n_en.EN` holds their English versions. `translate()` is pure (charts,
captions and tables take a ``lang`` argument and call it); `t()` uses the session's language and is for pages.
"""

from __future__ import annotations

from typing import Any

LANG_KEY = "lang"  # session key of the language switch = query parameter name
LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_NAMES: dict[str, str] = {"zh": "中文", "en": "English"}
# widgets whose option labels depend on the language (unit types, metric, the overview's "2023年度"): the browser
# keeps a widget's value as its displayed label, so after a switch it would send labels of the old language, which
# match no option any more; the switch therefore re-sets these from the server's state (see _relabel)
RELABELLED_KEYS: tuple[str, ...] = ("types", "metric", "overview_year")


class MissingTranslation(KeyError):
    """A Chinese string without an English entry (the catalogue test finds these before a user does)."""


def translate(text: str, lang: str = DEFAULT_LANG, /, **values: Any) -> str:
    """`text` (a Chinese template such as "{year}年度") in `lang`, with `values` filled in.

    An English string missing from the catalogue falls back to the Chinese text rather than failing a page.
    """
    if lang == "en":
        from dashboard.i18n_en import EN

        text = EN.get(text, text)
    return text.format(**values) if values else text


def is_en(lang: str) -> bool:
    return lang == "en"


def current_lang() -> str:
    """The session's language (zh until the switch or ``?lang=en`` says otherwise)."""
    import streamlit as st

    lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def t(text: str, /, **values: Any) -> str:
    """`text` in the session's language."""
    return translate(text, current_lang(), **values)


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
