"""Questions of the 趋势 page: unit types over the years (the metric, its spread, the grade mix)."""

from __future__ import annotations

import polars as pl

from warehouse.queries.filters import ELECTORATE, Cursor, Filters, frame, type_order
from warehouse.vocabulary import GRADES


def type_trend(cur: Cursor, filters: Filters) -> pl.DataFrame:
    """The metric per unit type and year over the selected institutions, pooled over units (each counts once).

    Columns: unit_type, year, value, n_units (units with a value), median_voters (raters per unit).
    """
    sql = f"""
        select unit_type, year, avg(value) as value, count(value) as n_units,
            median(electorate) filter (where electorate > 0) as median_voters
        from (
            select unit_type, year, {filters.metric_sql()} as value, {ELECTORATE} as electorate
            from appraisal
            where {filters.clause()}
        )
        where value is not null
        group by unit_type, year
        order by {type_order()}, year
    """
    return frame(cur, sql, filters.params())


def unit_metric_values(cur: Cursor, filters: Filters) -> pl.DataFrame:
    """One value per unit and year (for distributions): institution, unit, unit_type, year, value, voters."""
    metric = filters.metric_sql()
    sql = f"""
        select institution_id, institution, unit_id, unit, unit_type, year,
            {metric} as value, {ELECTORATE} as voters
        from appraisal
        where {filters.clause()} and {metric} is not null
        order by {type_order()}, year, institution, unit
    """
    return frame(cur, sql, filters.params())


def grade_mix(cur: Cursor, filters: Filters) -> pl.DataFrame:
    """Units by final grade per unit type and year: unit_type, year, grade, n, share (of the graded units).

    Every grade appears for every type-year that has graded units (n = 0 when none has it). The metric is not used.
    """
    counts = ", ".join(f"count(*) filter (where final_grade = '{g}')" for g in GRADES)
    # one pass: the grade counts of each type-year side by side, then one row per grade (unnests zip)
    sql = f"""
        select unit_type, year, unnest($grades::varchar[]) as grade, unnest([{counts}]) as n,
            unnest([{counts}]) / count(*) as share
        from appraisal
        where {filters.clause()} and final_grade is not null
        group by unit_type, year
        order by {type_order()}, year, array_position($grades::varchar[], grade)
    """
    return frame(cur, sql, filters.params() | {"grades": list(GRADES)})
