"""Pure translation: the catalogue lookup, with no Streamlit (figure builders, captions, static rendering, the pack
and the command line use it with an explicit ``lang``; `dashboard.i18n.t` is the session wrapper for pages).

Chinese source strings are the keys; `dashboard.i18n_en.EN` holds their English versions.
"""

from __future__ import annotations

from typing import Any

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_NAMES: dict[str, str] = {"zh": "中文", "en": "English"}


class MissingTranslation(KeyError):
    """A Chinese string without an English entry (the catalogue test finds these before a user does)."""


def tr(key: str, lang: str = DEFAULT_LANG, /, **kw: Any) -> str:
    """`key` (a Chinese template such as "{year}年度") in `lang`, with `kw` filled in.

    An English string missing from the catalogue falls back to the Chinese text rather than failing a page.
    """
    if lang == "en":
        from dashboard.i18n_en import EN

        key = EN.get(key, key)
    return key.format(**kw) if kw else key


translate = tr  # the older name, kept for callers not yet switched


def is_en(lang: str) -> bool:
    return lang == "en"
