"""The dashboard's cached access to the current warehouse version: the only module with Streamlit caching."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from warehouse import queries
from warehouse.store import Store, WarehouseMissing

DEFAULT_DB = "data/pingyi.duckdb"
VERSION_KEY = "pingyi_version"
FILTERS_KEY = "pingyi_filters"
MAX_ENTRIES = 128


def store() -> Store:
    """The warehouse named by $PINGYI_DB (set by `pingyi serve`), else data/pingyi.duckdb."""
    return Store.at(os.environ.get("PINGYI_DB") or DEFAULT_DB)


def current_version() -> str | None:
    """The file of the current warehouse version, resolved now (a new load shows up on the next rerun)."""
    try:
        path = store().current()
    except WarehouseMissing:
        return None
    return str(path) if Path(path).is_file() else None


def _close(con: duckdb.DuckDBPyConnection) -> None:
    con.close()


@st.cache_resource(max_entries=3, on_release=_close, show_spinner=False)
def _connection(version: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per version file (shared by sessions; each query takes its own cursor)."""
    return duckdb.connect(version, read_only=True)


def cursor(version: str) -> duckdb.DuckDBPyConnection:
    """A cursor of the version's connection, for one query on the calling thread."""
    return _connection(version).cursor()


def _ask(version: str, question: str, **kwargs: Any) -> Any:
    with cursor(version) as cur:
        return getattr(queries, question)(cur, **kwargs)


# ---------------------------------------------------------------- session: pinned version and filters


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices, shared by every page (None = no restriction)."""

    institutions: list[str] | None = None
    year_from: int | None = None
    year_to: int | None = None
    unit_types: list[str] | None = None
    metric: str = queries.DEFAULT_METRIC

    def query(self, *, metric: bool = True, unit_types: bool = True) -> dict[str, Any]:
        """Keyword arguments for a queries.* function."""
        out: dict[str, Any] = {
            "institutions": self.institutions,
            "year_from": self.year_from,
            "year_to": self.year_to,
        }
        if unit_types:
            out["unit_types"] = self.unit_types
        if metric:
            out["metric"] = self.metric
        return out


def pin(version: str, filters: Filters) -> None:
    """Called by the router on every rerun: the pages of this run read this version with these filters."""
    st.session_state[VERSION_KEY] = version
    st.session_state[FILTERS_KEY] = filters


def pinned() -> tuple[str, Filters]:
    """(version, filters) the router pinned for this run."""
    return st.session_state[VERSION_KEY], st.session_state[FILTERS_KEY]


# ---------------------------------------------------------------- cached questions (keyed by the version file)


@st.cache_data(max_entries=8, show_spinner=False)
def institutions(version: str) -> pl.DataFrame:
    return _ask(version, "institutions")


@st.cache_data(max_entries=8, show_spinner=False)
def year_bounds(version: str) -> tuple[int, int] | None:
    return _ask(version, "year_bounds")


@st.cache_data(max_entries=8, show_spinner=False)
def warehouse_is_demo(version: str) -> bool:
    return _ask(version, "warehouse_is_demo")


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def type_trend(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "type_trend", **filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def unit_metric_values(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "unit_metric_values", **filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def grade_mix(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "grade_mix", **filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def institution_trend(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "institution_trend", **filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def schemes_used(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "schemes_used", **filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def meetings(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "meetings", **filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def onsite_rotation(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "onsite_rotation", **filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def reports(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "reports", **filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def report_keywords(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "report_keywords", **filters)


# ---------------------------------------------------------------- overview and unit profile


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def rated_years(version: str, **kwargs: Any) -> list[int]:
    return _ask(version, "rated_years", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def overview_kpis(version: str, **kwargs: Any) -> pl.DataFrame:
    return _ask(version, "overview_kpis", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def grade_distribution(version: str, **kwargs: Any) -> pl.DataFrame:
    return _ask(version, "grade_distribution", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def attention_units(version: str, **kwargs: Any) -> pl.DataFrame:
    return _ask(version, "attention_units", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def type_changes(version: str, **kwargs: Any) -> pl.DataFrame:
    return _ask(version, "type_changes", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def units_for_select(version: str, **kwargs: Any) -> pl.DataFrame:
    return _ask(version, "units_for_select", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def unit_info(version: str, **kwargs: Any) -> pl.DataFrame:
    return _ask(version, "unit_info", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def unit_names_of(version: str, **kwargs: Any) -> pl.DataFrame:
    return _ask(version, "unit_names_of", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def unit_history(version: str, **kwargs: Any) -> pl.DataFrame:
    return _ask(version, "unit_history", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def unit_votes_by_group(version: str, **kwargs: Any) -> pl.DataFrame:
    return _ask(version, "unit_votes_by_group", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def unit_reports(version: str, **kwargs: Any) -> pl.DataFrame:
    return _ask(version, "unit_reports", **kwargs)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def scheme_details(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "scheme_details", **filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def pooled_votes(version: str, **filters: Any) -> pl.DataFrame:
    return _ask(version, "pooled_votes", **filters)


# ---------------------------------------------------------------- settings

DEFAULT_MIN_VOTERS = 5
MIN_VOTERS_ENV = "PINGYI_MIN_VOTERS"


@dataclass(frozen=True)
class Settings:
    """Dashboard settings from the environment, read when asked (not at import time)."""

    min_voters: int = DEFAULT_MIN_VOTERS  # below this many raters a unit's votes by grade are not shown


def settings() -> Settings:
    """$PINGYI_MIN_VOTERS (a whole number ≥ 0), else the default; a malformed value falls back to the default."""
    raw = (os.environ.get(MIN_VOTERS_ENV) or "").strip()
    try:
        value = int(raw) if raw else DEFAULT_MIN_VOTERS
    except ValueError:
        value = DEFAULT_MIN_VOTERS
    return Settings(min_voters=max(0, value))
