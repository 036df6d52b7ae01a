"""Validation in one place: every rule that types and checks what the readers (etl.sources) read. Ratings and
rosters (`validate_ratings`, cross-sheet duplicates), units registries (`validate_registry`), report metadata
(`validate_reports`); one cell's value (`values`). Readers never import this package (import-linter)."""

from etl.validate.ratings import (
    COUNT_FIELDS,
    VALID_SCHEMA,
    Validated,
    reject_cross_sheet_duplicates,
    validate_many,
    validate_ratings,
)
from etl.validate.registry import Registry, validate_registry
from etl.validate.reports import validate_reports
from etl.validate.values import MAX_COUNT, _Bad, parse_count, parse_score, parse_year

__all__ = [
    "COUNT_FIELDS",
    "MAX_COUNT",
    "VALID_SCHEMA",
    "Registry",
    "Validated",
    "_Bad",
    "parse_count",
    "parse_score",
    "parse_year",
    "reject_cross_sheet_duplicates",
    "validate_many",
    "validate_ratings",
    "validate_registry",
    "validate_reports",
]
