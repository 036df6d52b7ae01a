"""Questions of the 概览 page (and the briefing pack): one institution in one year against its previous year."""

from __future__ import annotations

import polars as pl

from warehouse.access import Scope
from warehouse.queries.filters import (
    ELECTORATE,
    TIE_DIGITS,
    Cursor,
    frame,
    rows,
    scope_ids,
    type_order,
    visible,
)
from warehouse.vocabulary import GRADES


def rated_years(cur: Cursor, *, scope: Scope, institution: str) -> list[int]:
    """The appraisal years of one institution with ratings, oldest first (none when it is out of scope)."""
    sql = """
        select year from institution_year where institution_id = $institution and has_ratings order by year
    """
    allowed = scope_ids(scope)
    if allowed is not None and institution not in allowed:  # one id: the scope test in Python, not in SQL
        return []
    return [int(r[0]) for r in rows(cur, sql, {"institution": institution})]


def result_years(cur: Cursor, *, scope: Scope, institution: str) -> list[int]:
    """The appraisal years of one institution with results (grades, scores or votes; a roster alone is not one),
    oldest first: the years a briefing pack can be made for."""
    sql = """
        select year from institution_year where institution_id = $institution and has_results order by year
    """
    allowed = scope_ids(scope)
    if allowed is not None and institution not in allowed:  # one id: the scope test in Python, not in SQL
        return []
    return [int(r[0]) for r in rows(cur, sql, {"institution": institution})]


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
    # the institution's rows of institution_year read once (each reference to a view binds all its columns again)
    sql = f"""
        with own as (select * from institution_year where institution_id = $institution and $visible),
        years as (
            -- the year itself, and the last earlier year with results (a roster alone has none to compare with)
            select year from own where has_ratings and year = $year
            union all
            (select year from own where has_results and year < $year order by year desc limit 1)
        ),
        electorate as (
            -- units without votes (a grade list, a roster) have no electorate: left out, not counted as 0 raters
            select year, median(raters) filter (where raters > 0) as median_voters
            from (select year, {ELECTORATE} as raters from appraisal
                  where institution_id = $institution and year in (select year from years))
            group by year
        )
        select y.year, y.n_units, y.n_onsite, y.n_written, y.mean_score, y.good_rate, y.positive_rate,
            y.n_good, y.n_fairly_good, y.n_average, y.n_poor, y.n_average + y.n_poor as n_weak,
            y.scheme_id, y.scheme_label, e.median_voters, y.n_graded, y.share_good, y.has_results, y.grades_only
        from own as y
        join years using (year)
        left join electorate as e using (year)
        where y.has_ratings and exists (select 1 from own where year = $year and has_ratings)
        order by y.year
    """
    return frame(
        cur, sql, {"institution": institution, "year": int(year), "visible": visible(scope, institution)}
    )


def grade_distribution(cur: Cursor, *, scope: Scope, institution: str, year: int) -> pl.DataFrame:
    """Units of one institution-year by final grade: grade, n (every grade, 0 when none), share of graded units.
    Empty when the institution is out of scope."""
    sql = """
        with grades as (
            select unnest($grades::varchar[]) as grade where $visible
        ),
        counts as (
            select final_grade as grade, count(*) as n from appraisal
            where institution_id = $institution and year = $year and final_grade is not null and $visible
            group by all
        )
        select g.grade, coalesce(c.n, 0) as n,
            coalesce(c.n, 0) / nullif(sum(coalesce(c.n, 0)) over (), 0) as share
        from grades as g left join counts as c using (grade)
        order by array_position($grades::varchar[], g.grade)
    """
    params = {
        "institution": institution,
        "year": int(year),
        "grades": list(GRADES),
        "visible": visible(scope, institution),  # the scope test in Python, bound (not a semi-join per scan)
    }
    return frame(cur, sql, params)


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
    # one scan of the institution's rows of both years (the mart is stored in institution order), split by year
    sql = f"""
        with prev as (
            select max(year) as y from institution_year
            where institution_id = $institution and has_results and year < $year
        ),
        both_years as (  -- the columns used, not `*` (binding every column of the view cost more than the scan)
            select year, unit_id, unit, unit_type, score, final_grade, good_rate, rank, units_in_year from appraisal
            where institution_id = $institution and $visible and (year = $year or year = (select y from prev))
        ),
        joined as (
            select c.unit_id, c.unit, c.unit_type, c.score, c.final_grade, c.good_rate, c.rank, c.units_in_year,
                (select y from prev) as prev_year, p.score as prev_score, c.score - p.score as change
            from (select * from both_years where year = $year) as c
            left join (select unit_id, score from both_years where year <> $year) as p using (unit_id)
        ),
        flagged as (
            select *,
                score is not null
                    and rank() over (order by round(score, {TIE_DIGITS}) asc nulls last)
                        <= least($bottom, greatest(1, units_in_year // 2)) as is_bottom,
                coalesce(change < 0, false)
                    and rank() over (order by round(change, {TIE_DIGITS}) asc nulls last) <= $drops as is_drop,
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
        "visible": visible(scope, institution),
    }
    return frame(cur, sql, params)


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
        where c.institution_id = $institution and c.year = $year and $visible
          and ((c.good_rate is not null and p.good_rate is not null)
               or (c.share_good is not null and p.share_good is not null))
        order by {type_order("c.unit_type")}
    """
    params = {"institution": institution, "year": int(year), "visible": visible(scope, institution)}
    return frame(cur, sql, params)
