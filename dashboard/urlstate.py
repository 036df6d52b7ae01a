"""The view in the URL: parameter names, language-independent values, and what a link asked for that cannot be shown.

Streamlit's ``bind="query-params"`` writes a widget's *displayed* option (its format_func output) to the URL, so a
link made in English would carry "college" and one made in Chinese "学院", and switching the language would change
every link. So the choice widgets (institutions, unit types, metric, language, the overview's institution and year)
are not bound: `read()` seeds their session state from the URL before they are drawn, accepting codes and ids as
well as the old Chinese (or English) labels, and `write()` puts codes back afterwards (a value equal to its default
is left out). The year slider holds numbers, which read the same in both languages, and stays bound.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# widget keys = query parameter names
INSTITUTIONS = "inst"
YEARS = "years"
UNIT_TYPES = "types"
METRIC = "metric"
LANG = "lang"
OVERVIEW_INSTITUTION = "oinst"
OVERVIEW_YEAR = "oyear"
PARAMS = (INSTITUTIONS, YEARS, UNIT_TYPES, METRIC, LANG, OVERVIEW_INSTITUTION, OVERVIEW_YEAR)
REPORTED_KEY = "pingyi_url_problems"  # session key: the problems already shown for this link
WRITTEN_KEY = "pingyi_url_written"  # session key: what write() last put in the URL, per parameter


class _Params(Protocol):
    def get_all(self, key: str) -> list[str]: ...


class _WritableParams(_Params, Protocol):
    def __setitem__(self, key: str, value: Any) -> None: ...
    def __delitem__(self, key: str) -> None: ...
    def __contains__(self, key: object) -> bool: ...


@dataclass(frozen=True)
class Param:
    """One choice kept in the URL: the widget key / parameter name, its default code(s), and every spelling a link
    may use for a code (the code or id itself, Chinese and English labels, names)."""

    name: str
    default: Any
    accepted: Mapping[str, Any]
    multi: bool = False
    what: str = ""  # Chinese name of the parameter, for the message about an ignored value
    url_values: Mapping[Any, str] = field(
        default_factory=dict
    )  # code → what goes in the URL (default str(code))
    key: str | None = None  # the widget's session key when it differs from the parameter name

    @property
    def state_key(self) -> str:
        return self.key or self.name

    def to_url(self, value: Any) -> list[str]:
        values = list(value) if self.multi else [value]
        out = [self.url_values.get(v, str(v)) for v in values]
        return out if out else [""]  # ?types= : nothing chosen

    def parse(self, raw: Sequence[str]) -> tuple[Any, list[str]]:
        """(the value the link asks for, the spellings that match nothing); None value when nothing matched."""
        values = [v for v in raw if v != ""]
        codes, bad = [], []
        for v in values:
            code = self.accepted.get(v, self.accepted.get(v.strip().casefold()))
            if code is None:
                bad.append(v)
            elif code not in codes:
                codes.append(code)
        if self.multi:
            return (codes if codes or not values else None), bad
        return (codes[0] if codes else None), bad


def accepted(codes: Sequence[Any], *spellings: Mapping[Any, str]) -> dict[str, Any]:
    """spelling → code for the codes themselves and each label map, English matched regardless of case."""
    out: dict[str, Any] = {}
    for code in codes:
        out[str(code)] = code
        for labels in spellings:
            text = labels.get(code)
            if text:
                out.setdefault(text, code)
                out.setdefault(text.casefold(), code)
    return out


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


def read(params: _Params, state: MutableMapping[str, Any], specs: Sequence[Param]) -> list[tuple[str, str]]:
    """Seed each parameter's session state from the URL when the URL says something new (a fresh link, or the back
    button), else keep the session's choice (a page switch may drop the parameters). Returns (parameter, ignored
    values joined by 、) for what matched nothing."""
    written = state.get(WRITTEN_KEY, {})
    problems = []
    for spec in specs:
        key = spec.state_key
        raw = params.get_all(spec.name)
        if not raw or (written.get(spec.name) == raw and key in state):
            state.setdefault(key, list(spec.default) if spec.multi else spec.default)
            continue
        value, bad = spec.parse(raw)
        if value is not None:
            state[key] = value
        else:
            state.setdefault(key, list(spec.default) if spec.multi else spec.default)
        if bad:
            problems.append((spec.name, "、".join(_shown(v) for v in bad)))
    return problems


def write(params: _WritableParams, state: MutableMapping[str, Any], specs: Sequence[Param]) -> None:
    """Put each parameter's current value into the URL as codes; a default value is left out."""
    written = dict(state.get(WRITTEN_KEY, {}))
    for spec in specs:
        if spec.state_key not in state:
            continue
        value = state[spec.state_key]
        default = list(spec.default) if spec.multi else spec.default
        if (list(value) if spec.multi else value) == default:
            if spec.name in params:
                del params[spec.name]
            written[spec.name] = None
            continue
        url = spec.to_url(value)
        if params.get_all(spec.name) != url:
            params[spec.name] = url if len(url) > 1 else url[0]
        written[spec.name] = url
    state[WRITTEN_KEY] = written


def year_problem(params: _Params, years: tuple[int, int]) -> str | None:
    """The year range of a link when it is not a valid range (the bound slider then ignores it), as text."""
    raw_years = [v for v in params.get_all(YEARS) if v]
    if not raw_years:
        return None
    try:
        values = [int(v) for v in raw_years]
    except ValueError:
        values = []
    low, high = years
    if len(values) != 2 or not all(low <= y <= high for y in values) or values[0] > values[1]:
        return _shown(",".join(raw_years))
    return None


def codes(values: Sequence[Any], accepted: Mapping[str, Any], valid: Sequence[Any]) -> list[Any]:
    """The codes behind widget values that may be labels of either language (a stale browser state sends those):
    codes stay, labels become their codes, anything else is dropped; order kept, no duplicates."""
    out: list[Any] = []
    for value in values:
        code = value if value in valid else accepted.get(str(value))
        if code in valid and code not in out:
            out.append(code)
    return out
