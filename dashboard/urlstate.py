"""The sidebar filters in the URL: parameter names and what a link asked for that the data cannot show.

The widgets themselves are bound with ``bind="query-params"`` (Streamlit keeps the URL and the widgets in step and
silently drops a value that matches no option); this module only names the parameters and explains the drops.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

# widget keys = query parameter names
INSTITUTIONS = "inst"
YEARS = "years"
UNIT_TYPES = "types"
METRIC = "metric"
PARAMS = (INSTITUTIONS, YEARS, UNIT_TYPES, METRIC)
REPORTED_KEY = "pingyi_url_problems"  # session key: the problems already shown for this link


class _Params(Protocol):
    def get_all(self, key: str) -> list[str]: ...


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


def url_problems(
    params: _Params,
    *,
    institutions: Sequence[str],
    years: tuple[int, int],
    unit_types: Sequence[str],
    metrics: Sequence[str],
) -> list[str]:
    """Sentences naming the link's values that match nothing here (they are ignored), in parameter order."""
    out: list[str] = []
    bad = [v for v in params.get_all(INSTITUTIONS) if v and v not in set(institutions)]
    if bad:
        out.append(f"链接中的院校“{'、'.join(_shown(v) for v in bad)}”不在数据中,已忽略。")
    raw_years = [v for v in params.get_all(YEARS) if v]
    if raw_years:
        try:
            values = [int(v) for v in raw_years]
        except ValueError:
            values = []
        low, high = years
        if len(values) != 2 or not all(low <= y <= high for y in values) or values[0] > values[1]:
            out.append(f"链接中的年度范围“{_shown(','.join(raw_years))}”无效(可选 {low}–{high}),已忽略。")
    bad = [v for v in params.get_all(UNIT_TYPES) if v and v not in set(unit_types)]
    if bad:
        out.append(f"链接中的单位类型“{'、'.join(_shown(v) for v in bad)}”无效,已忽略。")
    bad = [v for v in params.get_all(METRIC) if v and v not in set(metrics)]
    if bad:
        out.append(f"链接中的指标“{'、'.join(_shown(v) for v in bad)}”无效,已忽略。")
    return out
