"""The only door to the warehouse for pages, exports and the CLI: one function per question, each returning a polars frame.

Every public function takes the caller's `scope` (warehouse.access.Scope, keyword-only and required) and returns no
row of an institution outside it: institution filters are cut to the scope in SQL (the `$scope` parameter, None =
all), and a question about one institution or one unit answers empty when that institution is out of scope.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import duckdb
import polars as pl

from warehouse.access import Scope
from warehouse.vocabulary import DEFAULT_METRIC, GRADES, UNIT_TYPES

Cursor = duckdb.DuckDBPyConnection


# metric → the per-unit value it averages (a fixed whitelist: the only SQL text chosen by an argument)
METRICS: dict[str, str] = {
    "score": "score",
    "good_rate": "good_rate",
    "positive_rate": "positive_rate",
    "share_good": "case when final_grade is null then null when final_grade = 'good' then 1.0 else 0.0 end",
}
# raters of a unit: the voters given, else its graded votes (several items would count one rater several times)
_ELECTORATE = (
    "coalesce(voters, coalesce(votes_good, 0) + coalesce(votes_fairly_good, 0) + coalesce(votes_average, 0)"
    " + coalesce(votes_poor, 0))"
)
_TIE_DIGITS = 9  # values equal to this many decimals share a rank (float noise is not a difference)


def _metric_sql(metric: str) -> str:
    try:
        return METRICS[metric]
    except KeyError:
        raise ValueError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}") from None


def _scope(scope: Scope) -> list[str] | None:
    """The `$scope` parameter: the ids the caller may see, or None for all (a caller must say which)."""
    if not isinstance(scope, Scope):
        raise TypeError(f"scope must be a warehouse.access.Scope, not {type(scope).__name__}")
    return None if scope.institutions is None else sorted(scope.institutions)


# An institution id column (or a bound id) inside the caller's scope. Filters are composed for the arguments given:
# a filter that does not apply is left out (not `$x is null or …`, which costs a test per row and hides the filter
# from the scan), and a list filter is a semi-join on the unnested list (a hash join; `list_contains` per row is 2-3×
# slower on the national demo). Values are always bound parameters; only the clause shapes vary.
def _in_scope(column: str, scope: Scope) -> str:
    return "true" if _scope(scope) is None else f"{column} in (select unnest($scope::varchar[]))"


def _unit_in_scope(scope: Scope) -> str:
    """The unit named by $unit_id belongs to an institution inside the scope."""
    if _scope(scope) is None:
        return "true"
    return (
        "exists (select 1 from raw_units as scoped_unit where scoped_unit.unit_id = $unit_id"
        f" and {_in_scope('scoped_unit.institution_id', scope)})"
    )


def _filters(
    institutions: Sequence[str] | None,
    year_from: int | None,
    year_to: int | None,
    unit_types: Sequence[str] | None = None,
    *,
    scope: Scope,
) -> dict[str, Any]:
    """Named parameters shared by every filtered query; None means "no restriction" (the scope always applies)."""
    return {
        "scope": _scope(scope),
        "institutions": list(institutions) if institutions is not None else None,
        "year_from": year_from,
        "year_to": year_to,
        "unit_types": list(unit_types) if unit_types is not None else None,
    }


def _where(
    params: dict[str, Any], *, by_unit_type: bool = True, lookback_years: int = 0, prefix: str = ""
) -> str:
    """The filter clause over institution_id, year (optionally from `lookback_years` earlier) and unit_type, for
    the filters in `params` (from `_filters`) that are not None; "true" when none is."""
    clauses = []
    if params.get("scope") is not None:
        clauses.append(f"{prefix}institution_id in (select unnest($scope::varchar[]))")
    if params.get("institutions") is not None:
        clauses.append(f"{prefix}institution_id in (select unnest($institutions::varchar[]))")
    if params.get("year_from") is not None:
        clauses.append(f"{prefix}year >= $year_from::integer - {int(lookback_years)}")
    if params.get("year_to") is not None:
        clauses.append(f"{prefix}year <= $year_to::integer")
    if by_unit_type and params.get("unit_types") is not None:
        clauses.append(f"{prefix}unit_type in (select unnest($unit_types::varchar[]))")
    return " and ".join(clauses) or "true"


# unit types in display order, as a SQL expression (cheaper per row than array_position over a bound list)
def _type_order(column: str = "unit_type") -> str:
    cases = " ".join(f"when '{t}' then {i}" for i, t in enumerate(UNIT_TYPES))
    return f"case {column} {cases} else {len(UNIT_TYPES)} end"


def _frame(cur: Cursor, sql: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
    return cur.sql(sql, params=_used(sql, params or {})).pl()


def _used(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """Only the parameters the statement names (DuckDB rejects unused named parameters)."""
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}


# ---------------------------------------------------------------- the warehouse as a whole


def institutions(cur: Cursor, *, scope: Scope) -> pl.DataFrame:
    """Every institution in scope: id, name, short name, province, kind, is_demo, first and last year with ratings."""
    return _frame(
        cur,
        f"""
        select i.institution_id, i.name, i.short_name, i.province, i.kind, i.is_demo,
            min(y.year) filter (where y.has_ratings) as first_year,
            max(y.year) filter (where y.has_ratings) as last_year
        from institutions as i
        left join institution_year as y using (institution_id)
        where {_in_scope("i.institution_id", scope)}
        group by all
        order by i.name, i.institution_id
        """,
        {"scope": _scope(scope)},
    )


def year_bounds(cur: Cursor, *, scope: Scope) -> tuple[int, int] | None:
    """The first and last appraisal year with ratings or meeting facts in scope, or None when there are neither."""
    sql = f"select min(year), max(year) from institution_year where {_in_scope('institution_id', scope)}"
    low, high = cur.sql(sql, params=_used(sql, {"scope": _scope(scope)})).fetchall()[0]
    return None if low is None else (int(low), int(high))


def warehouse_is_demo(cur: Cursor, *, scope: Scope) -> bool:
    """True when any institution in scope is fictional demo data."""
    sql = f"select coalesce(bool_or(is_demo), false) from institutions where {_in_scope('institution_id', scope)}"
    return bool(cur.sql(sql, params=_used(sql, {"scope": _scope(scope)})).fetchall()[0][0])


def warehouse_all_demo(cur: Cursor, *, scope: Scope) -> bool:
    """True when there is at least one institution in scope and every one is fictional demo data (the condition
    for the dashboard's demo login)."""
    sql = f"""
        select count(*) > 0 and coalesce(bool_and(is_demo), false) from institutions
        where {_in_scope("institution_id", scope)}
    """
    return bool(cur.sql(sql, params=_used(sql, {"scope": _scope(scope)})).fetchall()[0][0])


# ---------------------------------------------------------------- unit types over the years


def type_trend(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    unit_types: Sequence[str] | None = None,
    metric: str = DEFAULT_METRIC,
) -> pl.DataFrame:
    """The metric per unit type and year over the selected institutions, pooled over units (each counts once).

    Columns: unit_type, year, value, n_units (units with a value), median_voters (raters per unit).
    """
    params = _filters(institutions, year_from, year_to, unit_types, scope=scope)
    sql = f"""
        select unit_type, year, avg(value) as value, count(value) as n_units,
            median(electorate) filter (where electorate > 0) as median_voters
        from (
            select unit_type, year, {_metric_sql(metric)} as value, {_ELECTORATE} as electorate
            from appraisal
            where {_where(params)}
        )
        where value is not null
        group by unit_type, year
        order by {_type_order()}, year
    """
    return _frame(cur, sql, params)


def unit_metric_values(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    unit_types: Sequence[str] | None = None,
    metric: str = DEFAULT_METRIC,
) -> pl.DataFrame:
    """One value per unit and year (for distributions): institution, unit, unit_type, year, value, voters."""
    params = _filters(institutions, year_from, year_to, unit_types, scope=scope)
    sql = f"""
        select institution_id, institution, unit_id, unit, unit_type, year,
            {_metric_sql(metric)} as value, {_ELECTORATE} as voters
        from appraisal
        where {_where(params)} and {_metric_sql(metric)} is not null
        order by {_type_order()}, year, institution, unit
    """
    return _frame(cur, sql, params)


def grade_mix(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    unit_types: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Units by final grade per unit type and year: unit_type, year, grade, n, share (of the graded units).

    Every grade appears for every type-year that has graded units (n = 0 when none has it).
    """
    params = _filters(institutions, year_from, year_to, unit_types, scope=scope)
    counts = ", ".join(f"count(*) filter (where final_grade = '{g}')" for g in GRADES)
    # one pass: the grade counts of each type-year side by side, then one row per grade (unnests zip)
    sql = f"""
        select unit_type, year, unnest($grades::varchar[]) as grade, unnest([{counts}]) as n,
            unnest([{counts}]) / count(*) as share
        from appraisal
        where {_where(params)} and final_grade is not null
        group by unit_type, year
        order by {_type_order()}, year, array_position($grades::varchar[], grade)
    """
    return _frame(cur, sql, params | {"grades": list(GRADES)})


# ---------------------------------------------------------------- institutions compared


def institution_trend(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    unit_types: Sequence[str] | None = None,
    metric: str = DEFAULT_METRIC,
) -> pl.DataFrame:
    """The metric per institution and year, with its rank among the selected and the change on the year before.

    Columns: institution_id, institution, year, value, n_units, median_voters, scheme_id, scheme_label,
    rank (1 = best among the selected that year; ties share a rank), n_ranked, prev_value and prev_n_units (the
    calendar year before, even when that year is left of year_from), change (value − prev_value).
    """
    params = _filters(institutions, year_from, year_to, unit_types, scope=scope)
    # one scan from the year before year_from; rank and the previous calendar year's values by window functions
    # (ranks are per year, so the look-back year's rows, dropped at the end, do not change them)
    sql = f"""
        with per_year as (
            select institution_id, any_value(institution) as institution, year,
                avg(value) as value, count(value) as n_units,
                median(electorate) filter (where electorate > 0) as median_voters
            from (
                select institution_id, institution, year, {_metric_sql(metric)} as value,
                    {_ELECTORATE} as electorate
                from appraisal
                where {_where(params, lookback_years=1)}
            )
            where value is not null
            group by institution_id, year
        ),
        windowed as (
            select *,
                rank() over (partition by year order by round(value, {_TIE_DIGITS}) desc) as rank,
                count(*) over (partition by year) as n_ranked,
                lag(year) over by_institution = year - 1 as has_prev,
                lag(value) over by_institution as lag_value,
                lag(n_units) over by_institution as lag_n_units
            from per_year
            window by_institution as (partition by institution_id order by year)
        )
        select w.institution_id, w.institution, w.year, w.value, w.n_units, w.median_voters,
            y.scheme_id, y.scheme_label, w.rank, w.n_ranked,
            case when w.has_prev then w.lag_value end as prev_value,
            case when w.has_prev then w.lag_n_units end as prev_n_units,
            case when w.has_prev then w.value - w.lag_value end as change
        from windowed as w
        left join institution_year as y using (institution_id, year)
        where {"w.year >= $year_from::integer" if year_from is not None else "true"}
        order by w.institution, w.institution_id, w.year
    """
    return _frame(cur, sql, params)


def institution_ranks(cur: Cursor, *, scope: Scope, **filters: Any) -> pl.DataFrame:
    """Rank of each selected institution per year (1 = best; ties share): institution, year, value, rank, n_ranked."""
    return institution_trend(cur, scope=scope, **filters).select(
        "institution_id", "institution", "year", "value", "rank", "n_ranked"
    )


def institution_yoy(cur: Cursor, *, scope: Scope, **filters: Any) -> pl.DataFrame:
    """Year-over-year change per institution: institution, year, value, prev_value, change, n_units."""
    return institution_trend(cur, scope=scope, **filters).select(
        "institution_id",
        "institution",
        "year",
        "value",
        "prev_value",
        "change",
        "n_units",
        "prev_n_units",
        "median_voters",
    )


def result_coverage(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pl.DataFrame:
    """What kind of results each selected institution-year has (to choose a metric that can be shown):
    institution_id, institution, year, n_units, n_graded, has_results (false for a roster alone), grades_only (grades
    published, no votes and no score); one row per institution-year with appraisal rows, by institution and year."""
    params = _filters(institutions, year_from, year_to, scope=scope)
    sql = f"""
        select institution_id, institution, year, n_units, n_graded, has_results, grades_only
        from institution_year
        where has_ratings and {_where(params, by_unit_type=False)}
        order by institution, institution_id, year
    """
    return _frame(cur, sql, params)


def schemes_used(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pl.DataFrame:
    """The scoring schemes (口径) behind the selection: institution, scheme_id, scheme_label, first_year, last_year.

    One row per institution and scheme over the selected years with ratings.
    """
    params = _filters(institutions, year_from, year_to, scope=scope)
    sql = f"""
        select institution_id, institution, scheme_id, scheme_label,
            min(year) as first_year, max(year) as last_year
        from institution_year
        where has_ratings and {_where(params, by_unit_type=False)}
        group by all
        order by institution, institution_id, first_year
    """
    return _frame(cur, sql, params)


# ---------------------------------------------------------------- meetings and reports (会议与报告)


def meetings(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pl.DataFrame:
    """Appraisal meetings: institution, year, date, level, chair, on-site / written / total counts, source."""
    params = _filters(institutions, year_from, year_to, scope=scope)
    sql = f"""
        with m as (select *, appraisal_year as year from meetings)
        select m.institution_id, coalesce(m.institution, m.institution_name) as institution,
            m.year, m.meeting_date, m.meeting_date_inferred, m.meeting_level, m.chair,
            m.onsite_count, m.written_count, m.total_units, m.rating_scale, m.source
        from m
        where {_where(params, by_unit_type=False)}
        order by institution, year, meeting_date
    """
    return _frame(cur, sql, params)


def onsite_rotation(
    cur: Cursor,
    *,
    scope: Scope,
    institution: str,
    year_from: int | None = None,
    year_to: int | None = None,
    unit_types: Sequence[str] | None = None,
    cycle: int = 3,
) -> pl.DataFrame:
    """One row per unit × year of one institution: the reporting mode, and per unit the last on-site year
    and whether it is overdue (no on-site report within `cycle` years up to the last year shown)."""
    params = {"cycle": int(cycle), "institution": institution} | _filters(
        None, year_from, year_to, unit_types, scope=scope
    )
    sql = f"""
        with rows as (
            select unit_id, unit, unit_type, year, mode
            from appraisal
            where institution_id = $institution and {_where(params)}
        ),
        per_unit as (  -- one aggregate per unit: its latest name, last on-site year, first year
            select unit_id, arg_max(unit, year) as latest_unit, max(year) filter (where mode = 'onsite') as last_onsite,
                min(year) as first_year
            from rows group by unit_id
        ),
        last_year as (select max(year) as y from rows),
        final as (
            select r.unit_id, p.latest_unit as unit, r.unit_type, r.year, r.mode, p.last_onsite,
                (coalesce(p.last_onsite, p.first_year - 1) <= (select y from last_year) - $cycle
                    and (select y from last_year) - p.first_year + 1 >= $cycle) as overdue
            from rows as r
            join per_unit as p using (unit_id)
        )
        select * from final order by unit_type, unit, year
    """
    return _frame(cur, sql, params)


def reports(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    search: str | None = None,
) -> pl.DataFrame:
    """Secretaries' reports, optionally those whose title, unit, secretary or keywords contain `search`."""
    params = _filters(institutions, year_from, year_to, scope=scope) | {"search": search or None}
    sql = f"""
        select institution, year, unit, unit_type, secretary, mode, title, report_date, text_chars,
            n_problems, n_measures, keywords, unit_id
        from reports
        where {_where(params, by_unit_type=False)}
          and ($search::varchar is null
               or contains(lower(coalesce(title, '') || ' ' || coalesce(unit, '') || ' ' || coalesce(secretary, '')
                   || ' ' || array_to_string(coalesce(keywords, []::varchar[]), ' ')), lower($search::varchar)))
        order by year desc, institution, unit
    """
    return _frame(cur, sql, params)


def report_keywords(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    top: int = 8,
) -> pl.DataFrame:
    """The `top` keywords over the selection and, per year, the share of reports that name each."""
    params = _filters(institutions, year_from, year_to, scope=scope) | {"top": int(top)}
    sql = f"""
        with selected as (
            select year, keywords from reports where {_where(params, by_unit_type=False)} and keywords is not null
        ),
        words as (select year, unnest(keywords) as keyword from selected),
        top_words as (
            select keyword from words group by keyword order by count(*) desc, keyword limit $top
        ),
        per_year as (select year, count(*) as n_reports from selected group by year),
        final as (
            select w.year, w.keyword, count(*) as n, p.n_reports, count(*) / p.n_reports as share
            from words as w join top_words using (keyword) join per_year as p using (year)
            group by w.year, w.keyword, p.n_reports
        )
        select * from final order by keyword, year
    """
    return _frame(cur, sql, params)


# ---------------------------------------------------------------- overview and unit profile


def rated_years(cur: Cursor, *, scope: Scope, institution: str) -> list[int]:
    """The appraisal years of one institution with ratings, oldest first (none when it is out of scope)."""
    sql = f"""
        select year from institution_year
        where institution_id = $institution and has_ratings and {_in_scope("institution_id", scope)}
        order by year
    """
    rows = cur.sql(sql, params=_used(sql, {"institution": institution, "scope": _scope(scope)})).fetchall()
    return [int(r[0]) for r in rows]


def result_years(cur: Cursor, *, scope: Scope, institution: str) -> list[int]:
    """The appraisal years of one institution with results (grades, scores or votes; a roster alone is not one),
    oldest first: the years a briefing pack can be made for."""
    sql = f"""
        select year from institution_year
        where institution_id = $institution and has_results and {_in_scope("institution_id", scope)}
        order by year
    """
    rows = cur.sql(sql, params=_used(sql, {"institution": institution, "scope": _scope(scope)})).fetchall()
    return [int(r[0]) for r in rows]


def previous_rated_year(cur: Cursor, *, scope: Scope, institution: str, year: int) -> int | None:
    """The institution's last year with ratings before `year` (not necessarily year − 1), or None."""
    earlier = [y for y in rated_years(cur, scope=scope, institution=institution) if y < year]
    return earlier[-1] if earlier else None


def overview_kpis(cur: Cursor, *, scope: Scope, institution: str, year: int) -> pl.DataFrame:
    """The headline figures of one institution in `year` and in its previous year with results (a year known only
    from a roster is skipped: it has nothing to compare).

    One row per year (the previous year first when there is one): year, n_units, n_onsite, n_written,
    mean_score, good_rate, positive_rate, n_good, n_fairly_good, n_average, n_poor, n_weak (一般 + 差),
    scheme_id, scheme_label, median_voters (raters per unit; null without votes), n_graded, share_good (评为“好”的
    单位占比), has_results (false for a roster alone), grades_only (the institution published grades only).
    """
    sql = f"""
        with years as (
            -- the year itself, and the last earlier year with results (a roster alone has none to compare with)
            select year from institution_year
            where institution_id = $institution and has_ratings and year = $year
            union all
            (select year from institution_year
             where institution_id = $institution and has_results and year < $year
             order by year desc limit 1)
        ),
        electorate as (
            -- units without votes (a grade list, a roster) have no electorate: left out, not counted as 0 raters
            select year, median({_ELECTORATE}) filter (where {_ELECTORATE} > 0) as median_voters
            from appraisal where institution_id = $institution and year in (select year from years) group by year
        )
        select y.year, y.n_units, y.n_onsite, y.n_written, y.mean_score, y.good_rate, y.positive_rate,
            y.n_good, y.n_fairly_good, y.n_average, y.n_poor, y.n_average + y.n_poor as n_weak,
            y.scheme_id, y.scheme_label, e.median_voters, y.n_graded, y.share_good, y.has_results, y.grades_only
        from institution_year as y
        join years using (year)
        left join electorate as e using (year)
        where y.institution_id = $institution and y.has_ratings and {_in_scope("y.institution_id", scope)}
          and exists (select 1 from institution_year
                      where institution_id = $institution and year = $year and has_ratings)
        order by y.year
    """
    return _frame(cur, sql, {"institution": institution, "year": int(year), "scope": _scope(scope)})


def grade_distribution(cur: Cursor, *, scope: Scope, institution: str, year: int) -> pl.DataFrame:
    """Units of one institution-year by final grade: grade, n (every grade, 0 when none), share of graded units.
    Empty when the institution is out of scope."""
    sql = f"""
        with grades as (
            select unnest($grades::varchar[]) as grade where {_in_scope("$institution::varchar", scope)}
        ),
        counts as (
            select final_grade as grade, count(*) as n from appraisal
            where institution_id = $institution and year = $year and final_grade is not null
              and {_in_scope("institution_id", scope)}
            group by all
        )
        select g.grade, coalesce(c.n, 0) as n,
            coalesce(c.n, 0) / nullif(sum(coalesce(c.n, 0)) over (), 0) as share
        from grades as g left join counts as c using (grade)
        order by array_position($grades::varchar[], g.grade)
    """
    params = {"institution": institution, "year": int(year), "grades": list(GRADES), "scope": _scope(scope)}
    return _frame(cur, sql, params)


def attention_units(
    cur: Cursor, *, scope: Scope, institution: str, year: int, bottom: int = 5, drops: int = 5
) -> pl.DataFrame:
    """Units of one institution-year that need attention: the `bottom` lowest scores, the `drops` largest falls
    in score since the institution's previous year with ratings, and every unit graded 一般 or 差.

    The bottom list holds at most half of the units (a small institution would otherwise list everyone). Ties
    share a place (a tie at the cut keeps every tied unit). One row per unit, lowest score first:
    unit_id, unit, unit_type, score, final_grade, good_rate, rank, units_in_year, prev_year, prev_score,
    change, is_bottom, is_drop, is_weak.
    """
    sql = f"""
        with prev as (
            select max(year) as y from institution_year
            where institution_id = $institution and has_results and year < $year
        ),
        cur_rows as (
            select * from appraisal
            where institution_id = $institution and year = $year and {_in_scope("institution_id", scope)}
        ),
        prev_rows as (
            select unit_id, score as prev_score from appraisal
            where institution_id = $institution and year = (select y from prev)
        ),
        joined as (
            select c.unit_id, c.unit, c.unit_type, c.score, c.final_grade, c.good_rate, c.rank, c.units_in_year,
                (select y from prev) as prev_year, p.prev_score, c.score - p.prev_score as change
            from cur_rows as c left join prev_rows as p using (unit_id)
        ),
        flagged as (
            select *,
                score is not null
                    and rank() over (order by round(score, {_TIE_DIGITS}) asc nulls last)
                        <= least($bottom, greatest(1, units_in_year // 2)) as is_bottom,
                coalesce(change < 0, false)
                    and rank() over (order by round(change, {_TIE_DIGITS}) asc nulls last) <= $drops as is_drop,
                coalesce(final_grade in ('average', 'poor'), false) as is_weak
            from joined
        )
        select * from flagged
        where is_bottom or is_drop or is_weak
        order by score asc nulls last, unit
    """
    params = {
        "institution": institution,
        "year": int(year),
        "bottom": int(bottom),
        "drops": int(drops),
        "scope": _scope(scope),
    }
    return _frame(cur, sql, params)


def type_changes(cur: Cursor, *, scope: Scope, institution: str, year: int) -> pl.DataFrame:
    """好评率 per unit type of one institution in `year` against its previous year with ratings, for the types
    present in both: unit_type, prev_year, n_units, prev_n_units, good_rate, prev_good_rate, change (0–1); and the
    share of units graded 好 the same way (share_good, prev_share_good, share_change), for grade lists. A type is
    listed when either share can be compared."""
    sql = f"""
        with prev as (
            select max(year) as y from institution_year
            where institution_id = $institution and has_results and year < $year
        )
        select c.unit_type, p.year as prev_year, c.n_units, p.n_units as prev_n_units,
            c.good_rate, p.good_rate as prev_good_rate, c.good_rate - p.good_rate as change,
            c.share_good, p.share_good as prev_share_good, c.share_good - p.share_good as share_change
        from type_year as c
        join type_year as p
          on p.institution_id = c.institution_id and p.unit_type = c.unit_type and p.year = (select y from prev)
        where c.institution_id = $institution and c.year = $year and {_in_scope("c.institution_id", scope)}
          and ((c.good_rate is not null and p.good_rate is not null)
               or (c.share_good is not null and p.share_good is not null))
        order by {_type_order("c.unit_type")}
    """
    params = {"institution": institution, "year": int(year), "scope": _scope(scope)}
    return _frame(cur, sql, params)


def units_for_select(cur: Cursor, *, scope: Scope, institutions: Sequence[str] | None = None) -> pl.DataFrame:
    """Units of the given institutions (None = all): unit_id, name, institution_id, institution, unit_type,
    org_level, first_year, last_year; ordered by institution, unit type and name."""
    params = _filters(institutions, None, None, scope=scope)
    sql = f"""
        select u.unit_id, u.name, u.institution_id, i.name as institution, u.unit_type, u.org_level,
            u.first_year, u.last_year
        from units as u join institutions as i using (institution_id)
        where {_where(params, by_unit_type=False, prefix="u.")}
        order by i.name, u.institution_id, {_type_order("u.unit_type")}, u.name, u.unit_id
    """
    return _frame(cur, sql, params)


def unit_info(cur: Cursor, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    """The unit's row in `units` with its institution's name (empty when the id is unknown or out of scope)."""
    sql = f"""
        select u.*, i.name as institution
        from units as u join institutions as i using (institution_id)
        where u.unit_id = $unit_id and {_unit_in_scope(scope)}
    """
    return _frame(cur, sql, {"unit_id": unit_id, "scope": _scope(scope)})


def unit_names_of(cur: Cursor, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    """The names a unit carried: name, first_year, last_year, oldest first."""
    sql = f"""
        select name, first_year, last_year from unit_names
        where unit_id = $unit_id and {_unit_in_scope(scope)}
        order by first_year, name
    """
    return _frame(cur, sql, {"unit_id": unit_id, "scope": _scope(scope)})


def unit_history(cur: Cursor, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    """One row per year of one unit: institution_id, institution, year, unit (name that year), unit_type,
    org_level, secretary, mode, voters, votes_good … votes_poor, good_rate, positive_rate, score,
    computed_grade, official_grade, final_grade, rank and units_in_year (within the institution),
    type_rank and units_of_type (among units of the same type in that institution-year; ties share a rank,
    1, 2, 2, 4), scheme_id, scheme_label."""
    # one scan of the unit's institution (the mart is stored in institution order, so the scan skips the rest):
    # ranks among the peers of each year by a window, then the unit's own rows
    sql = f"""
        with peers as (
            select *,
                case when score is null then null
                     else rank() over (partition by institution_id, year, unit_type
                                       order by round(score, {_TIE_DIGITS}) desc nulls last) end as type_rank,
                count(score) over (partition by institution_id, year, unit_type) as units_of_type
            from appraisal
            where institution_id in (select institution_id from raw_units where unit_id = $unit_id)
        )
        select a.institution_id, a.institution, a.year, a.unit, a.unit_type, a.org_level, a.secretary, a.mode,
            a.voters, a.votes_good, a.votes_fairly_good, a.votes_average, a.votes_poor,
            a.good_rate, a.positive_rate, a.score, a.computed_grade, a.official_grade, a.final_grade,
            a.rank, a.units_in_year, a.type_rank, a.units_of_type, a.scheme_id, y.scheme_label
        from peers as a
        left join institution_year as y using (institution_id, year)
        where a.unit_id = $unit_id and {_unit_in_scope(scope)}
        order by a.year
    """
    return _frame(cur, sql, {"unit_id": unit_id, "scope": _scope(scope)})


def unit_votes_by_group(cur: Cursor, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    """Votes of one unit per year and rater group (票种), summed over items (internal raw_ratings tallies):
    year, rater_group, votes_good, votes_fairly_good, votes_average, votes_poor."""
    sql = f"""
        select year, coalesce(nullif(rater_group, ''), '全体') as rater_group,
            sum(votes_good)::bigint as votes_good, sum(votes_fairly_good)::bigint as votes_fairly_good,
            sum(votes_average)::bigint as votes_average, sum(votes_poor)::bigint as votes_poor
        from raw_ratings
        where unit_id = $unit_id and {_unit_in_scope(scope)}
        group by all
        having coalesce(sum(votes_good), 0) + coalesce(sum(votes_fairly_good), 0)
             + coalesce(sum(votes_average), 0) + coalesce(sum(votes_poor), 0) > 0
        order by year, rater_group
    """
    return _frame(cur, sql, {"unit_id": unit_id, "scope": _scope(scope)})


def unit_reports(cur: Cursor, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    """The secretaries' reports matched to one unit: year, secretary, mode, title, report_date, text_chars,
    n_problems, n_measures, keywords."""
    sql = f"""
        select year, secretary, mode, title, report_date, text_chars, n_problems, n_measures, keywords
        from reports where unit_id = $unit_id and {_unit_in_scope(scope)}
        order by year, report_date
    """
    return _frame(cur, sql, {"unit_id": unit_id, "scope": _scope(scope)})


# ---- exports


def load_summary(cur: Cursor, *, scope: Scope) -> pl.DataFrame:
    """Where the warehouse's data came from (for the briefing pack's notes): kind, files (loaded batches),
    first_loaded, last_loaded; one row per kind of source, most recent first. A restricted scope counts only the
    batches that brought rows of an institution in it."""
    sql = f"""
        with scoped as (
            select batch_id from raw_ratings where {_in_scope("institution_id", scope)}
            union select batch_id from raw_reports where {_in_scope("institution_id", scope)}
            union select batch_id from raw_meetings where {_in_scope("institution_id", scope)}
            union select batch_id from raw_units where {_in_scope("institution_id", scope)}
            union select batch_id from raw_institutions where {_in_scope("institution_id", scope)}
        )
        select kind, count(*) as files, min(loaded_at) as first_loaded, max(loaded_at) as last_loaded
        from etl_batches
        where status = 'loaded'
          and ($scope::varchar[] is null or batch_id in (select batch_id from scoped))
        group by kind
        order by last_loaded desc, kind
    """
    return _frame(cur, sql, {"scope": _scope(scope)})


# ---------------------------------------------------------------- 口径说明


def scheme_details(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pl.DataFrame:
    """Each scheme in use over the selection, per institution and its years, spelled out: points, thresholds,
    rater-group and item weights (as shares of their sum)."""
    params = _filters(institutions, year_from, year_to, scope=scope)
    sql = f"""
        with used as (
            select institution_id, institution, scheme_id, min(year) as first_year, max(year) as last_year,
                count(*) as n_years
            from institution_year
            where has_ratings and {_where(params, by_unit_type=False)}
            group by all
        ),
        group_shares as (
            select scheme_id, rater_group, weight / sum(weight) over (partition by scheme_id) as share
            from raw_scheme_groups
        ),
        groups as (
            select scheme_id, string_agg(rater_group || ' ' || cast(round(100 * share) as integer) || '%', '、'
                order by rater_group) as group_weights
            from group_shares group by scheme_id
        ),
        item_shares as (
            select scheme_id, item, weight / sum(weight) over (partition by scheme_id) as share
            from raw_scheme_items
        ),
        items as (
            select scheme_id, string_agg(item || ' ' || cast(round(100 * share) as integer) || '%', '、'
                order by item) as item_weights
            from item_shares group by scheme_id
        ),
        final as (
            select u.institution_id, u.institution, u.first_year, u.last_year, u.n_years, u.scheme_id,
                s.label as scheme_label, s.scale, s.points_good, s.points_fairly_good, s.points_average,
                s.points_poor, s.min_good, s.min_fairly_good, s.min_average, g.group_weights, i.item_weights
            from used as u
            join raw_schemes as s using (scheme_id)
            left join groups as g using (scheme_id)
            left join items as i using (scheme_id)
        )
        select * from final order by institution, first_year
    """
    return _frame(cur, sql, params)


def pooled_votes(
    cur: Cursor,
    *,
    scope: Scope,
    institutions: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    unit_types: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Votes pooled over the selected units of each institution and year (from one year before year_from, for
    year-over-year comparisons): institution_id, institution, year, votes_good, votes_positive (好 + 较好),
    graded_votes (好 + 较好 + 一般 + 差, abstentions not counted)."""
    params = _filters(institutions, year_from, year_to, unit_types, scope=scope)
    sql = f"""
        select institution_id, any_value(institution) as institution, year,
            sum(coalesce(votes_good, 0))::bigint as votes_good,
            sum(coalesce(votes_good, 0) + coalesce(votes_fairly_good, 0))::bigint as votes_positive,
            sum(coalesce(votes_good, 0) + coalesce(votes_fairly_good, 0) + coalesce(votes_average, 0)
                + coalesce(votes_poor, 0))::bigint as graded_votes
        from appraisal
        where {_where(params, lookback_years=1)}
        group by institution_id, year
        order by institution_id, year
    """
    return _frame(cur, sql, params)
