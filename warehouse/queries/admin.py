"""Questions for exports and administration: where the warehouse's data came from."""

from __future__ import annotations

import polars as pl

from warehouse.access import Scope
from warehouse.queries.filters import Cursor, frame, in_scope, scope_ids


def load_summary(cur: Cursor, *, scope: Scope) -> pl.DataFrame:
    """Where the warehouse's data came from (for the briefing pack's notes): kind, files (loaded batches),
    first_loaded, last_loaded; one row per kind of source, most recent first. A restricted scope counts only the
    batches that brought rows of an institution in it."""
    scoped = (
        "true"
        if scope_ids(scope) is None
        else (
            f"batch_id in (select batch_id from batch_institutions where {in_scope('institution_id', scope)})"
        )
    )
    sql = f"""
        select kind, count(*) as files, min(loaded_at) as first_loaded, max(loaded_at) as last_loaded
        from etl_batches
        where status = 'loaded' and {scoped}
        group by kind
        order by last_loaded desc, kind
    """
    return frame(cur, sql, {"scope": scope_ids(scope)})
