"""Questions of the 会议与报告 page: appraisal meetings, on-site rotation, the secretaries' reports and keywords."""

from __future__ import annotations

import polars as pl

from warehouse.queries.filters import Cursor, Filters, frame, visible


def meetings(cur: Cursor, filters: Filters) -> pl.DataFrame:
    """Appraisal meetings: institution, year, date, level, chair, on-site / written / total counts, source.
    Unit types and the metric are not used."""
    sql = f"""
        with m as (select *, appraisal_year as year from meetings)
        select m.institution_id, coalesce(m.institution, m.institution_name) as institution,
            m.year, m.meeting_date, m.meeting_date_inferred, m.meeting_level, m.chair,
            m.onsite_count, m.written_count, m.total_units, m.rating_scale, m.source
        from m
        where {filters.clause(by_unit_type=False)}
        order by institution, year, meeting_date
    """
    return frame(cur, sql, filters.params())


def onsite_rotation(cur: Cursor, filters: Filters, *, institution: str, cycle: int = 3) -> pl.DataFrame:
    """One row per unit × year of one institution (its years and unit types from `filters`; their institution list
    is not used, the scope is): the reporting mode, and per unit the last on-site year and whether it is overdue
    (no on-site report within `cycle` years up to the last year shown)."""
    sql = f"""
        with rows as (  -- the one institution by equality (its id tested against the scope in Python)
            select unit_id, unit, unit_type, year, mode
            from appraisal
            where institution_id = $institution and $visible and {filters.clause(by_institution=False)}
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
    one = {"institution": institution, "visible": visible(filters.scope, institution), "cycle": int(cycle)}
    return frame(cur, sql, filters.params() | one)


def reports(cur: Cursor, filters: Filters, *, search: str | None = None) -> pl.DataFrame:
    """Secretaries' reports, optionally those whose title, unit, secretary or keywords contain `search`.
    Unit types and the metric are not used."""
    sql = f"""
        select institution, year, unit, unit_type, secretary, mode, title, report_date, text_chars,
            n_problems, n_measures, keywords, unit_id
        from reports
        where {filters.clause(by_unit_type=False)}
          and ($search::varchar is null
               or contains(lower(coalesce(title, '') || ' ' || coalesce(unit, '') || ' ' || coalesce(secretary, '')
                   || ' ' || array_to_string(coalesce(keywords, []::varchar[]), ' ')), lower($search::varchar)))
        order by year desc, institution, unit
    """
    return frame(cur, sql, filters.params() | {"search": search or None})


def report_keywords(cur: Cursor, filters: Filters, *, top: int = 8) -> pl.DataFrame:
    """The `top` keywords over the selection and, per year, the share of reports that name each.
    Unit types and the metric are not used."""
    sql = f"""
        with selected as (
            select year, keywords from reports where {filters.clause(by_unit_type=False)} and keywords is not null
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
    return frame(cur, sql, filters.params() | {"top": int(top)})
