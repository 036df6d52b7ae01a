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


def _relabel(key: str = LANG_KEY) -> None:
    """On a language switch: set the label-dependent widgets to their current values again, so that Streamlit sends
    them to the browser with the new language's labels."""
    import streamlit as st

    from dashboard import urlstate

    if key != LANG_KEY:  # the login page's own switch: the session's language follows it
        st.session_state[LANG_KEY] = st.session_state.get(key, DEFAULT_LANG)
    for name in RELABELLED_KEYS:
        if name in st.session_state:
            st.session_state[name] = st.session_state[name]
    # the URL follows at once (the login page has the switch but not the router's urlstate.write): else the old
    # ?lang= would be read as a fresh link on the next run and undo the switch
    lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    written = dict(st.session_state.get(urlstate.WRITTEN_KEY, {}))
    if lang == DEFAULT_LANG:
        st.query_params.pop(LANG_KEY, None)
        written[LANG_KEY] = None
    else:
        st.query_params[LANG_KEY] = lang
        written[LANG_KEY] = [lang]
    st.session_state[urlstate.WRITTEN_KEY] = written


# the login page's switch: the sidebar's may follow in the same run (a login), and widget keys must differ
LOGIN_KEY = "login_lang"


def language_switch(key: str = LANG_KEY) -> str:
    """The switch 中文 | English (sidebar, and the login page with key=LOGIN_KEY; its state is seeded from and
    written to the URL by dashboard.urlstate). Each language is named in itself, so either reader finds theirs."""
    import streamlit as st

    if key != LANG_KEY:
        st.session_state[key] = current_lang()
    return st.radio(
        t("语言"),
        options=list(LANGS),
        format_func=LANG_NAMES.get,
        key=key,
        horizontal=True,
        on_change=_relabel,
        args=(key,),
    )
