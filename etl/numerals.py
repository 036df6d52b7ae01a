"""One reader of numbers as Chinese documents write them, for the whole ETL: Arabic digits (also full-width),
Chinese numerals (七, 十一, 二十六, 两, 廿, 一百零五), digit-by-digit years (二〇二三) and counts with a classifier
(11位, 六个, 两名). Conversion is cn2an's; this module adds the guards a reader of real text needs: vague amounts
(十余, 若干, 数十, 几) are not numbers, and a numeral must stand alone, not inside a word (一述一评, 两代表一委员).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CN_DIGITS = "零〇一二两三四五六七八九"
CN_UNITS = "十百千万廿"
# a number as written: Arabic digits, or a run of Chinese numeral characters
NUMERAL = r"(?:\d+|[零〇一二两三四五六七八九十百千万廿]+)"
# classifiers that count people or units in these texts
CLASSIFIERS = "个名位所家支人"
COUNT = re.compile(r"(?P<n>" + NUMERAL + r")(?P<cls>[" + CLASSIFIERS + r"])")
_VAGUE_AFTER = re.compile(r"^(?:余|多|来|几|数)")
_VAGUE_BEFORE = re.compile(r"(?:数|几|若干|约|近|超过|逾)$")


@lru_cache(maxsize=4096)
def parse_int(text: str | None) -> int | None:
    """'26' → 26, '２６' → 26, '二十六' → 26, '两' → 2, '十' → 10, '一百零五' → 105, '二〇二三' → 2023;
    anything vague or not a number ('十余', '若干', '', '好') → None."""
    text = unicodedata.normalize("NFKC", text or "").strip().replace("○", "〇")  # ○ is often typed for 〇
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        return None
    import cn2an  # imported on first use: it reads its configuration at import time

    try:
        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if float(value).is_integer() and value >= 0 else None


def count_at(text: str, start: int, end: int) -> int | None:
    """The count a numeral at text[start:end] states, or None when it is vague (十余名, 数十个, 约20位) or part
    of a word rather than a count (一述一评: a classifier must follow)."""
    if _VAGUE_BEFORE.search(text[max(0, start - 2) : start]) or _VAGUE_AFTER.match(text[end : end + 1]):
        return None
    return parse_int(text[start:end])


def counts_in(text: str) -> list[tuple[int, int, int, str]]:
    """Every count with a classifier in text: (value, start, end, classifier), vague ones left out."""
    found = []
    for m in COUNT.finditer(text):
        # a Chinese numeral glued to a preceding numeral character is part of a longer word (第十一 is an ordinal)
        if text[max(0, m.start() - 1) : m.start()] == "第":
            continue
        value = count_at(text, m.start("n"), m.end("n"))
        if value is not None:
            found.append((value, m.start(), m.end(), m["cls"]))
    return found
