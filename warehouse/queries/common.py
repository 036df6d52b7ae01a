"""Questions about the warehouse as a whole (the sidebar, the login page): institutions, years, demo flags."""

from __future__ import annotations

import polars as pl

from warehouse.access import Scope
from warehouse.queries.filters import Cursor, frame, in_scope, rows, scope_ids


def institutions(cur: Cursor, *, scope: Scope) -> pl.DataFrame:
    """Every institution in scope: id, name, short name, province, kind, is_demo, first and last year with ratings."""
    return frame(
        cur,
        f"""
        with rated as (  -- not cut to the scope: the join below keeps the institutions in scope (10 % faster)
            select institution_id, min(year) as first_year, max(year) as last_year
            from institution_year where has_ratings
            group by institution_id
        )
        select i.institution_id, i.name, i.short_name, i.province, i.kind, i.is_demo, r.first_year, r.last_year
        from institutions as i
        left join rated as r using (institution_id)
        where {in_scope("i.institution_id", scope)}
        order by i.name, i.institution_id
        """,
        {"scope": scope_ids(scope)},
    )


def year_bounds(cur: Cursor, *, scope: Scope) -> tuple[int, int] | None:
    """The first and last appraisal year with ratings or meeting facts in scope, or None when there are neither."""
    sql = f"select min(year), max(year) from institution_year where {in_scope('institution_id', scope)}"
    low, high = rows(cur, sql, {"scope": scope_ids(scope)})[0]
    return None if low is None else (int(low), int(high))


def warehouse_is_demo(cur: Cursor, *, scope: Scope) -> bool:
    """True when any institution in scope is fictional demo data."""
    sql = f"select coalesce(bool_or(is_demo), false) from institutions where {in_scope('institution_id', scope)}"
    return bool(rows(cur, sql, {"scope": scope_ids(scope)})[0][0])


def warehouse_all_demo(cur: Cursor, *, scope: Scope) -> bool:
    """True when there is at least one institution in scope and every one is fictional demo data (the condition
    for the dashboard's demo login)."""
    sql = f"""
        select count(*) > 0 and coalesce(bool_and(is_demo), false) from institutions
        where {in_scope("institution_id", scope)}
    """
    return bool(rows(cur, sql, {"scope": scope_ids(scope)})[0][0])
