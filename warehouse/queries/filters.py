"""The selection every filtered question is asked for: one `Filters` yields its SQL clause, its bound parameters and
its human description together, so no question repeats the filter signature.

Also the small SQL helpers the question modules share (scope checks, the metric whitelist, running a statement).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from warehouse.access import Scope
from warehouse.vocabulary import DEFAULT_METRIC, UNIT_TYPES

Cursor = duckdb.DuckDBPyConnection

# metric → the per-unit value it averages (a fixed whitelist: the only SQL text chosen by an argument)
METRICS: dict[str, str] = {
    "score": "score",
    "good_rate": "good_rate",
    "positive_rate": "positive_rate",
    "share_good": "case when final_grade is null then null when final_grade = 'good' then 1.0 else 0.0 end",
}
# below this many raters a unit's votes by grade are withheld (warehouse.settings.Settings.min_voters)
DEFAULT_MIN_VOTERS = 5
# raters of a unit: the voters given, else its graded votes (several items would count one rater several times)
ELECTORATE = (
    "coalesce(voters, coalesce(votes_good, 0) + coalesce(votes_fairly_good, 0) + coalesce(votes_average, 0)"
    " + coalesce(votes_poor, 0))"
)


# a unit-year with raters, but fewer than the minimum: its votes by grade are withheld from every answer
def withheld(min_voters: str = "$min_voters", electorate: str = ELECTORATE) -> str:
    """The SQL test "this unit-year's votes by grade are withheld" (`min_voters` a bound parameter or a literal)."""
    return f"({electorate} > 0 and {electorate} < {min_voters})"


TIE_DIGITS = 9  # values equal to this many decimals share a rank (float noise is not a difference)

_UNIT_TYPE_NAMES = {
    "zh": {
        "affiliated_hospital": "附属医院",
        "college": "学院",
        "branch": "党支部",
        "administrative": "机关",
    },
    "en": {
        "affiliated_hospital": "affiliated hospitals",
        "college": "colleges",
        "branch": "branches",
        "administrative": "administrative offices",
    },
}
_METRIC_NAMES = {
    "zh": {
        "score": "平均得分",
        "good_rate": "好评率",
        "positive_rate": "满意率",
        "share_good": "“好”单位占比",
    },
    "en": {
        "score": "mean score",
        "good_rate": "good rate",
        "positive_rate": "satisfaction rate",
        "share_good": "share of units graded good",
    },
}


def metric_sql(metric: str) -> str:
    try:
        return METRICS[metric]
    except KeyError:
        raise ValueError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}") from None


def _tuple(values: Iterable[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):
        raise TypeError("expected a list of codes or ids, not one string")
    return tuple(values)


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices and the caller's scope (None = no restriction; the scope always applies).

    Frozen and hashable (lists given are kept as tuples), so it is a cache key as it is. A unit-type list naming
    every type is no restriction and adds no clause; an institution list is cut to the scope in Python, so the SQL
    holds one institution semi-join, not two.
    """

    scope: Scope
    institutions: tuple[str, ...] | None = None
    year_from: int | None = None
    year_to: int | None = None
    unit_types: tuple[str, ...] | None = None
    metric: str = DEFAULT_METRIC

    def __post_init__(self) -> None:
        if not isinstance(self.scope, Scope):
            raise TypeError(f"scope must be a warehouse.access.Scope, not {type(self.scope).__name__}")
        object.__setattr__(self, "institutions", _tuple(self.institutions))
        object.__setattr__(self, "unit_types", _tuple(self.unit_types))
        for name in ("year_from", "year_to"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, int(value))
        metric_sql(self.metric)  # an unknown metric is refused here, before any SQL

    def replace(self, **changes: Any) -> Filters:
        """A copy with some choices changed (e.g. `f.replace(institutions=[one], year_from=y)`)."""
        return dataclasses.replace(self, **changes)

    # ------------------------------------------------------------ the restriction actually applied

    def institution_ids(self) -> list[str] | None:
        """The institution ids selected and allowed (None = every institution): the chosen ones cut to the scope."""
        allowed = self.scope.institutions
        if self.institutions is None:
            return None if allowed is None else sorted(allowed)
        return [i for i in dict.fromkeys(self.institutions) if allowed is None or i in allowed]

    def unit_type_codes(self) -> list[str] | None:
        """The unit types selected (None = every type, also when the list names them all)."""
        if self.unit_types is None or set(UNIT_TYPES) <= set(self.unit_types):
            return None
        return list(dict.fromkeys(self.unit_types))

    # ------------------------------------------------------------ SQL

    def clause(
        self,
        prefix: str = "",
        by_unit_type: bool = True,
        lookback_years: int = 0,
        by_institution: bool = True,
    ) -> str:
        """The filter over `{prefix}institution_id`, `{prefix}year` (from `lookback_years` earlier) and
        `{prefix}unit_type`; "true" when nothing is restricted. Values are bound (`params()`), only shapes vary: a
        filter that does not apply is left out, a list is `= any($list)` (planned as a semi-join on the unnested
        list, a hash join), a year range is `between`. Parameters are left untyped where the column gives their type:
        the same plan as `in (select unnest($list::varchar[]))` and `>= $year::integer`, 7–10 % less binding on a
        query of a few milliseconds (issue #18). Without `by_institution` the institutions and the scope are left
        to the caller (a one-institution question tests its one id: `visible()`)."""
        clauses = []
        if by_institution and self.institution_ids() is not None:
            clauses.append(f"{prefix}institution_id = any($institutions)")
        low = None
        if self.year_from is not None:
            low = f"$year_from::integer - {int(lookback_years)}" if lookback_years else "$year_from"
        if low is not None and self.year_to is not None:
            clauses.append(f"{prefix}year between {low} and $year_to")
        elif low is not None:
            clauses.append(f"{prefix}year >= {low}")
        elif self.year_to is not None:
            clauses.append(f"{prefix}year <= $year_to")
        if by_unit_type and self.unit_type_codes() is not None:
            clauses.append(f"{prefix}unit_type = any($unit_types)")
        return " and ".join(clauses) or "true"

    def params(self) -> dict[str, Any]:
        """The bound parameters of `clause()` (run_sql passes only those a statement names)."""
        return {
            "institutions": self.institution_ids(),
            "year_from": self.year_from,
            "year_to": self.year_to,
            "unit_types": self.unit_type_codes(),
        }

    def metric_sql(self) -> str:
        return metric_sql(self.metric)

    # ------------------------------------------------------------ words

    def describe(
        self, names: Mapping[str, str] | None = None, lang: str = "zh", *, metric: bool = False
    ) -> str:
        """The selection in words, e.g. "青岚大学、白沙学院 · 2021–2023 年度 · 学院、党支部" (`names`: institution id →
        name; an unknown id is shown as it is). With `metric`, the metric's name comes first."""
        en = lang == "en"
        names = names or {}
        parts = []
        if metric:
            parts.append(_METRIC_NAMES["en" if en else "zh"][self.metric])
        ids = self.institution_ids()
        if ids is None:
            parts.append("all institutions" if en else "全部院校")
        elif not ids:
            parts.append("no institution" if en else "未选院校")
        else:
            parts.append((", " if en else "、").join(names.get(i, i) for i in ids))
        low, high = self.year_from, self.year_to
        if low is not None and high is not None:
            years = str(low) if low == high else f"{low}–{high}"
        elif low is not None:
            years = f"{low}–"
        elif high is not None:
            years = f"–{high}"
        else:
            years = None
        if years is not None:
            parts.append(f"{years}" if en else f"{years} 年度")
        codes = self.unit_type_codes()
        if codes is not None:
            labels = _UNIT_TYPE_NAMES["en" if en else "zh"]
            parts.append(
                (", " if en else "、").join(labels.get(c, c) for c in codes)
                if codes
                else ("no unit type" if en else "未选单位类型")
            )
        return " · ".join(parts)


# ---------------------------------------------------------------- shared SQL helpers


def scope_ids(scope: Scope) -> list[str] | None:
    """The `$scope` parameter: the ids the caller may see, or None for all (a caller must say which)."""
    if not isinstance(scope, Scope):
        raise TypeError(f"scope must be a warehouse.access.Scope, not {type(scope).__name__}")
    return None if scope.institutions is None else sorted(scope.institutions)


def in_scope(column: str, scope: Scope) -> str:
    """An institution id column (or a bound id) inside the caller's scope ("true" for all)."""
    return "true" if scope_ids(scope) is None else f"{column} = any($scope)"  # planned as a semi-join


def visible(scope: Scope, institution: str) -> bool:
    """One institution is inside the caller's scope: the scope test of a one-institution question, made in Python
    and bound as a boolean (`$visible`), not a semi-join on the unnested scope list in every scan."""
    allowed = scope_ids(scope)
    return allowed is None or institution in allowed


def unit_in_scope(scope: Scope) -> str:
    """The unit named by $unit_id belongs to an institution inside the scope."""
    if scope_ids(scope) is None:
        return "true"
    return (  # one unit's row (an index scan of mart_units), the list tested on the row found: in the lookup's
        # where clause the list test became a join over every unit (issue #18)
        "(select list_contains($scope::varchar[], scoped_unit.institution_id) from units as scoped_unit"
        " where scoped_unit.unit_id = $unit_id)"
    )


def type_order(column: str = "unit_type") -> str:
    """Unit types in display order, as a SQL expression (cheaper per row than array_position over a bound list)."""
    cases = " ".join(f"when '{t}' then {i}" for i, t in enumerate(UNIT_TYPES))
    return f"case {column} {cases} else {len(UNIT_TYPES)} end"


def used(sql: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Only the parameters the statement names (DuckDB rejects unused named parameters)."""
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}


def frame(cur: Cursor, sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
    # through the Arrow C stream (DuckDB's relation → polars), not `.pl()`, which imports pyarrow (≈ 40 MB of a
    # server's memory); the same frames (bench/queries.py, tests/dashboard/test_queries.py)
    relation = cur.sql(sql, params=used(sql, params or {}))
    try:
        return pl.DataFrame(relation)
    except pl.exceptions.DuplicateError:  # a repeated column name: .pl() renames it (no query here does)
        return relation.pl()


def rows(cur: Cursor, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple]:
    # execute + fetchall: for a few rows about 0.5 ms less than building a relation (cur.sql) first
    return cur.execute(sql, used(sql, params or {})).fetchall()
