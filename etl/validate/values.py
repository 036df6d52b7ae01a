"""One cell's value, typed: counts, scores and years as people write them (full-width digits, 票 suffixes,
Chinese numerals). A value that is none raises _Bad with the field, the value and the reason."""

from __future__ import annotations

import re
import unicodedata

from etl.numerals import CLASSIFIERS, parse_int

MAX_COUNT = 100_000  # no electorate, rank or tally comes near this


class _Bad(Exception):
    def __init__(self, field: str, value: str | None, reason: str, detail: str = ""):
        self.field, self.value, self.reason, self.detail = field, value, reason, detail


def _number_text(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
    return re.sub(r"\s*(票|人|名|张)$", "", text)


def parse_count(field: str, value: str | None) -> int | None:
    if value is None:
        return None
    text = _number_text(value)
    if text in ("", "-", "—", "/"):
        return None
    if text.endswith("%"):
        raise _Bad(field, value, "percent_not_count")
    if re.fullmatch(r"-\d+(\.0+)?", text):
        raise _Bad(field, value, "negative_count")
    if not re.fullmatch(r"\d+(\.0+)?", text):  # 十二, 两名, 11位: Chinese numerals, one reader for the ETL
        spelled = parse_int(re.sub(f"[{CLASSIFIERS}]$", "", text))
        if spelled is None:
            raise _Bad(field, value, "not_a_count")
        text = str(spelled)
    if len(text.split(".")[0]) > 6 or int(text.split(".")[0]) > MAX_COUNT:
        raise _Bad(field, value, "count_too_large")
    return int(text.split(".")[0])


def parse_score(value: str | None) -> float | None:
    if value is None:
        return None
    text = re.sub(r"分$", "", _number_text(value))
    if text in ("", "-", "—", "/"):
        return None
    try:
        score = float(text)
    except ValueError:
        raise _Bad("score", value, "bad_score") from None
    if not 0 <= score <= 100:
        raise _Bad("score", value, "bad_score")
    return score


def parse_year(value: str | None) -> int | None:
    if value is None:
        return None
    text = re.sub(r"年度?$", "", _number_text(value))
    if not re.fullmatch(r"\d{4}(\.0+)?", text) and (spelled := parse_int(text)) is not None:  # 二〇二三年度
        text = str(spelled)
    if not re.fullmatch(r"\d{4}(\.0+)?", text) or not 2000 <= int(float(text)) <= 2100:
        raise _Bad("year", value, "bad_year")
    return int(float(text))
