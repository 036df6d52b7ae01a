"""Questions of the 口径说明 page (and every caption naming a scheme): which results and schemes the selection has."""

from __future__ import annotations

import polars as pl

from warehouse.queries.filters import Cursor, Filters, frame


def result_coverage(cur: Cursor, filters: Filters) -> pl.DataFrame:
    """What kind of results each selected institution-year has (to choose a metric that can be shown):
    institution_id, institution, year, n_units, n_graded, has_results (false for a roster alone), grades_only (grades
    published, no votes and no score); one row per institution-year with appraisal rows, by institution and year.
    Unit types and the metric are not used."""
    sql = f"""
        select institution_id, institution, year, n_units, n_graded, has_results, grades_only
        from institution_year
        where has_ratings and {filters.clause(by_unit_type=False)}
        order by institution, institution_id, year
    """
    return frame(cur, sql, filters.params())


def schemes_used(cur: Cursor, filters: Filters) -> pl.DataFrame:
    """The scoring schemes (口径) behind the selection: institution, scheme_id, scheme_label, first_year, last_year.

    One row per institution and scheme over the selected years with ratings (unit types and the metric not used).
    """
    sql = f"""
        select institution_id, institution, scheme_id, scheme_label,
            min(year) as first_year, max(year) as last_year
        from institution_year
        where has_ratings and {filters.clause(by_unit_type=False)}
        group by all
        order by institution, institution_id, first_year
    """
    return frame(cur, sql, filters.params())


def scheme_details(cur: Cursor, filters: Filters) -> pl.DataFrame:
    """Each scheme in use over the selection, per institution and its years, spelled out: points, thresholds,
    rater-group and item weights (as shares of their sum)."""
    sql = f"""
        with used as (
            select institution_id, institution, scheme_id, min(year) as first_year, max(year) as last_year,
                count(*) as n_years
            from institution_year
            where has_ratings and {filters.clause(by_unit_type=False)}
            group by all
        ),
        group_shares as (  -- of the schemes in use only (not a window over every scheme's weights)
            select scheme_id, rater_group, weight / sum(weight) over (partition by scheme_id) as share
            from scheme_groups where scheme_id in (select scheme_id from used)
        ),
        groups as (
            select scheme_id, string_agg(rater_group || ' ' || cast(round(100 * share) as integer) || '%', '、'
                order by rater_group) as group_weights
            from group_shares group by scheme_id
        ),
        item_shares as (
            select scheme_id, item, weight / sum(weight) over (partition by scheme_id) as share
            from scheme_items where scheme_id in (select scheme_id from used)
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
            join schemes as s using (scheme_id)
            left join groups as g using (scheme_id)
            left join items as i using (scheme_id)
        )
        select * from final order by institution, first_year
    """
    return frame(cur, sql, filters.params())
