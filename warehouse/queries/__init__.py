"""The only door to the warehouse for pages, exports and the CLI: one function per question, each returning a polars
frame (or a small Python value), grouped by the page that asks it.

Filtered questions take a `Filters` (warehouse.queries.filters): `queries.type_trend(cur, filters)`. Questions about
one institution or one unit take the caller's scope: `queries.unit_info(cur, scope=scope, unit_id=...)`. Every
answer holds no row of an institution outside the scope (cut in SQL), and a question about one institution or unit
out of scope answers empty. Questions read only the public views (docs/warehouse.md); domain rules such as the
minimum-voter rule are applied here, so every consumer gets them.
"""

from __future__ import annotations

from warehouse.queries.admin import load_summary
from warehouse.queries.common import institutions, warehouse_all_demo, warehouse_is_demo, year_bounds
from warehouse.queries.compare import institution_ranks, institution_trend, institution_yoy, pooled_votes
from warehouse.queries.filters import (
    DEFAULT_MIN_VOTERS,
    METRICS,
    Cursor,
    Filters,
)
from warehouse.queries.meetings import meetings, onsite_rotation, report_keywords, reports
from warehouse.queries.overview import (
    attention_units,
    grade_distribution,
    overview_kpis,
    previous_rated_year,
    rated_years,
    result_years,
    type_changes,
)
from warehouse.queries.schemes import result_coverage, scheme_details, schemes_used
from warehouse.queries.trends import grade_mix, type_trend, unit_metric_values
from warehouse.queries.unit import (
    unit_history,
    unit_info,
    unit_names_of,
    unit_reports,
    unit_votes_by_group,
    units_for_select,
)
from warehouse.vocabulary import DEFAULT_METRIC, GRADES, UNIT_TYPES

__all__ = [
    "DEFAULT_METRIC",
    "DEFAULT_MIN_VOTERS",
    "GRADES",
    "METRICS",
    "UNIT_TYPES",
    "Cursor",
    "Filters",
    "attention_units",
    "grade_distribution",
    "grade_mix",
    "institution_ranks",
    "institution_trend",
    "institution_yoy",
    "institutions",
    "load_summary",
    "meetings",
    "onsite_rotation",
    "overview_kpis",
    "pooled_votes",
    "previous_rated_year",
    "rated_years",
    "report_keywords",
    "reports",
    "result_coverage",
    "result_years",
    "scheme_details",
    "schemes_used",
    "type_changes",
    "type_trend",
    "unit_history",
    "unit_info",
    "unit_metric_values",
    "unit_names_of",
    "unit_reports",
    "unit_votes_by_group",
    "units_for_select",
    "warehouse_all_demo",
    "warehouse_is_demo",
    "year_bounds",
]
