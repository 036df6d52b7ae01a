"""Questions of the 院校对比 page: institutions compared over the years (values, ranks, changes, pooled votes)."""

from __future__ import annotations

import polars as pl

from warehouse.queries.filters import (
    DEFAULT_MIN_VOTERS,
    ELECTORATE,
    TIE_DIGITS,
    Cursor,
    Filters,
    frame,
    withheld,
)
from warehouse.vocabulary import GRADES


def institution_trend(cur: Cursor, filters: Filters) -> pl.DataFrame:
    """The metric per institution and year, with its rank among the selected and the change on the year before.

    Columns: institution_id, institution, year, value, n_units, median_voters, scheme_id, scheme_label,
    rank (1 = best among the selected that year; ties share a rank), n_ranked, prev_value and prev_n_units (the
    calendar year before, even when that year is left of year_from), change (value − prev_value).
    """
    # one scan from the year before year_from; rank and the previous calendar year's values by window functions
    # (ranks are per year, so the look-back year's rows, dropped at the end, do not change them)
    sql = f"""
        with per_year as (
            select institution_id, any_value(institution) as institution, year,
                avg(value) as value, count(value) as n_units,
                median(electorate) filter (where electorate > 0) as median_voters
            from (
                select institution_id, institution, year, {filters.metric_sql()} as value,
                    {ELECTORATE} as electorate
                from appraisal
                where {filters.clause(lookback_years=1)}
            )
            where value is not null
            group by institution_id, year
        ),
        windowed as (
            select *,
                rank() over (partition by year order by round(value, {TIE_DIGITS}) desc) as rank,
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
        where {"w.year >= $year_from::integer" if filters.year_from is not None else "true"}
        order by w.institution, w.institution_id, w.year
    """
    return frame(cur, sql, filters.params())


def institution_ranks(cur: Cursor, filters: Filters) -> pl.DataFrame:
    """Rank of each selected institution per year (1 = best; ties share): institution, year, value, rank, n_ranked."""
    return institution_trend(cur, filters).select(
        "institution_id", "institution", "year", "value", "rank", "n_ranked"
    )


def institution_yoy(cur: Cursor, filters: Filters) -> pl.DataFrame:
    """Year-over-year change per institution: institution, year, value, prev_value, change, n_units."""
    return institution_trend(cur, filters).select(
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


def pooled_votes(cur: Cursor, filters: Filters, *, min_voters: int = DEFAULT_MIN_VOTERS) -> pl.DataFrame:
    """Votes pooled over the selected units of each institution and year (from one year before year_from, for
    year-over-year comparisons): institution_id, institution, year, votes_good, votes_positive (好 + 较好),
    graded_votes (好 + 较好 + 一般 + 差, abstentions not counted). The metric is not used. The votes of a unit-year
    with fewer than `min_voters` raters are withheld here too (not pooled: one such unit alone would show them)."""
    hidden = withheld()
    counts = ", ".join(f"case when {hidden} then 0 else coalesce(votes_{g}, 0) end as {g}" for g in GRADES)
    sql = f"""
        with shown as (
            select institution_id, institution, year, {counts}
            from appraisal
            where {filters.clause(lookback_years=1)}
        )
        select institution_id, any_value(institution) as institution, year,
            sum(good)::bigint as votes_good,
            sum(good + fairly_good)::bigint as votes_positive,
            sum(good + fairly_good + average + poor)::bigint as graded_votes
        from shown
        group by institution_id, year
        order by institution_id, year
    """
    return frame(cur, sql, filters.params() | {"min_voters": int(min_voters)})
