"""Questions of the 单位画像 page: one unit's names, history, votes by rater group and reports."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from warehouse.access import Scope
from warehouse.queries.filters import (
    DEFAULT_MIN_VOTERS,
    ELECTORATE,
    TIE_DIGITS,
    Cursor,
    Filters,
    frame,
    scope_ids,
    type_order,
    unit_in_scope,
    withheld,
)
from warehouse.vocabulary import VOTE_COLUMNS


def units_for_select(cur: Cursor, *, scope: Scope, institutions: Sequence[str] | None = None) -> pl.DataFrame:
    """Units of the given institutions (None = all): unit_id, name, institution_id, institution, unit_type,
    org_level, first_year, last_year; ordered by institution, unit type and name."""
    filters = Filters(scope=scope, institutions=institutions)
    sql = f"""
        select u.unit_id, u.name, u.institution_id, i.name as institution, u.unit_type, u.org_level,
            u.first_year, u.last_year
        from units as u join institutions as i using (institution_id)
        where {filters.clause(by_unit_type=False, prefix="u.")}
        order by i.name, u.institution_id, {type_order("u.unit_type")}, u.name, u.unit_id
    """
    return frame(cur, sql, filters.params())


def unit_info(cur: Cursor, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    """The unit's row in `units` with its institution's name (empty when the id is unknown or out of scope)."""
    sql = f"""
        select u.*, i.name as institution
        from units as u join institutions as i using (institution_id)
        where u.unit_id = $unit_id and {unit_in_scope(scope)}
    """
    return frame(cur, sql, {"unit_id": unit_id, "scope": scope_ids(scope)})


def unit_names_of(cur: Cursor, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    """The names a unit carried: name, first_year, last_year, oldest first."""
    sql = f"""
        select name, first_year, last_year from unit_names
        where unit_id = $unit_id and {unit_in_scope(scope)}
        order by first_year, name
    """
    return frame(cur, sql, {"unit_id": unit_id, "scope": scope_ids(scope)})


def _the_institution(scope: Scope) -> str:
    """`institution_id = (the unit's institution, when inside the scope)`: the lookup is an index scan of mart_units
    inside the statement that follows, and the institution it yields reaches that statement's scans (the marts are
    stored in institution order, so the scans skip the other institutions' row groups). The scope is tested on the
    one row found (in the select list): in the where clause the list test became a join over every unit."""
    found = (
        "scoped_unit.institution_id"
        if scope_ids(scope) is None
        else "case when list_contains($scope::varchar[], scoped_unit.institution_id)"
        " then scoped_unit.institution_id end"
    )
    return f"institution_id = (select {found} from units as scoped_unit where scoped_unit.unit_id = $unit_id)"


def unit_history(
    cur: Cursor, *, scope: Scope, unit_id: str, min_voters: int = DEFAULT_MIN_VOTERS
) -> pl.DataFrame:
    """One row per year of one unit: institution_id, institution, year, unit (name that year), unit_type,
    org_level, secretary, mode, voters, votes_good … votes_poor, good_rate, positive_rate, score,
    computed_grade, official_grade, final_grade, rank and units_in_year (within the institution),
    type_rank and units_of_type (among units of the same type in that institution-year; ties share a rank,
    1, 2, 2, 4), scheme_id, scheme_label, votes_withheld.

    A year with fewer than `min_voters` raters has its votes by grade withheld (null, votes_withheld true): with so
    few raters they tell who voted how (warehouse.settings.Settings.min_voters). Its `voters` is then its number of
    raters even when the file gave none (its graded votes), as a lake export holds it."""
    # one scan of the unit's institution (the mart is stored in institution order, so the scan skips the rest).
    # The unit's rank among the peers of its type each year is 1 + the peers scoring higher (what rank() gives:
    # ties share a place), counted by joining its ~10 rows to the peers, not by a window over all the
    # institution's rows; the raters and the withholding test are computed once per row (written out in every
    # vote column they cost the planner as much as the scan; issue #18).
    votes = ", ".join(
        f"case when a.votes_withheld then null else a.{c} end as {c}" for c in VOTE_COLUMNS.values()
    )
    sql = f"""
        with peers as (
            select institution_id, institution, year, unit_id, unit, unit_type, org_level, secretary, mode, voters,
                {", ".join(VOTE_COLUMNS.values())}, good_rate, positive_rate, score, computed_grade,
                official_grade, final_grade, rank, units_in_year, scheme_id
            from appraisal
            where {_the_institution(scope)}
        ),
        own as (
            select *, {withheld(electorate="raters")} as votes_withheld
            from (select *, {ELECTORATE} as raters from peers where unit_id = $unit_id)
        ),
        ranks as (
            select o.year, count(p.score) as units_of_type,
                case when o.score is null then null
                     else 1 + count(*) filter (where round(p.score, {TIE_DIGITS}) > round(o.score, {TIE_DIGITS}))
                end as type_rank
            from own as o join peers as p on p.year = o.year and p.unit_type = o.unit_type
            group by o.year, o.score
        )
        select a.institution_id, a.institution, a.year, a.unit, a.unit_type, a.org_level, a.secretary, a.mode,
            case when a.votes_withheld then a.raters else a.voters end as voters, {votes},
            a.good_rate, a.positive_rate, a.score, a.computed_grade, a.official_grade, a.final_grade,
            a.rank, a.units_in_year, r.type_rank, r.units_of_type, a.scheme_id, y.scheme_label, a.votes_withheld
        from own as a
        join ranks as r using (year)
        left join institution_year as y using (institution_id, year)
        order by a.year
    """
    params = {"unit_id": unit_id, "scope": scope_ids(scope), "min_voters": int(min_voters)}
    return frame(cur, sql, params)


def unit_votes_by_group(
    cur: Cursor, *, scope: Scope, unit_id: str, min_voters: int = DEFAULT_MIN_VOTERS
) -> pl.DataFrame:
    """Votes of one unit per year and rater group (票种; 全体 when the file names none), summed over items:
    year, rater_group, votes_good, votes_fairly_good, votes_average, votes_poor, votes_withheld.

    A year with fewer than `min_voters` raters (as in unit_history) keeps its rows, with the votes withheld (null,
    votes_withheld true)."""
    sums = ", ".join(f"sum({c})::bigint as {c}" for c in VOTE_COLUMNS.values())
    shown = ", ".join(f"case when w.hidden then null else v.{c} end as {c}" for c in VOTE_COLUMNS.values())
    total = " + ".join(f"coalesce(sum({c}), 0)" for c in VOTE_COLUMNS.values())
    sql = f"""
        with years as (
            select year, {withheld()} as hidden from appraisal
            where {_the_institution(scope)} and unit_id = $unit_id
        ),
        votes as (
            select year, coalesce(nullif(rater_group, ''), '全体') as rater_group, {sums},
                {total} > 0 as has_votes
            from unit_group_votes
            where {_the_institution(scope)} and unit_id = $unit_id
            group by all
        )
        select v.year, v.rater_group, {shown}, w.hidden as votes_withheld
        from votes as v join years as w using (year)
        where v.has_votes or w.hidden
        order by v.year, v.rater_group
    """
    params = {"unit_id": unit_id, "scope": scope_ids(scope), "min_voters": int(min_voters)}
    return frame(cur, sql, params)


def unit_reports(cur: Cursor, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    """The secretaries' reports matched to one unit: year, secretary, mode, title, report_date, text_chars,
    n_problems, n_measures, keywords."""
    sql = f"""
        select year, secretary, mode, title, report_date, text_chars, n_problems, n_measures, keywords
        from reports where unit_id = $unit_id and {unit_in_scope(scope)}
        order by year, report_date
    """
    return frame(cur, sql, {"unit_id": unit_id, "scope": scope_ids(scope)})


# ---- exports
