"""Questions for exports and administration: where the warehouse's data came from."""

from __future__ import annotations

import polars as pl

from warehouse.access import Scope
from warehouse.queries.filters import Cursor, frame, in_scope, scope_ids


def load_summary(cur: Cursor, *, scope: Scope) -> pl.DataFrame:
    """Where the warehouse's data came from (for the briefing pack's notes): kind, files (loaded batches),
    first_loaded, last_loaded; one row per kind of source, most recent first. A restricted scope counts only the
    batches that brought rows of an institution in it."""
    sql = f"""
        with scoped as (
            select batch_id from raw_ratings where {in_scope("institution_id", scope)}
            union select batch_id from raw_reports where {in_scope("institution_id", scope)}
            union select batch_id from raw_meetings where {in_scope("institution_id", scope)}
            union select batch_id from raw_units where {in_scope("institution_id", scope)}
            union select batch_id from raw_institutions where {in_scope("institution_id", scope)}
        )
        select kind, count(*) as files, min(loaded_at) as first_loaded, max(loaded_at) as last_loaded
        from etl_batches
        where status = 'loaded'
          and ($scope::varchar[] is null or batch_id in (select batch_id from scoped))
        group by kind
        order by last_loaded desc, kind
    """
    return frame(cur, sql, {"scope": scope_ids(scope)})
