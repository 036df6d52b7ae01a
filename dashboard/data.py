"""The dashboard's cached access to the current warehouse version: the only module with Streamlit caching.

Every cached question takes the caller's `scope` (warehouse.access.Scope, from the logged-in user) as part of its
cache key; nothing here reads the session inside a cached function.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from dashboard import config
from warehouse import access, queries
from warehouse.access import Scope
from warehouse.queries import Filters
from warehouse.settings import Settings
from warehouse.store import Store, WarehouseMissing

VERSION_KEY = "pingyi_version"
FILTERS_KEY = "pingyi_filters"
MAX_ENTRIES = 128


def store() -> Store:
    """The warehouse of the settings (`pingyi serve --db`, else $PINGYI_DB, else data/pingyi.duckdb)."""
    return Store.at(config.settings().db)


# shown through i18n.t() in the session's language (English in dashboard/i18n_en.py); the lake export command is
# named on the admin page only
READ_ONLY_MESSAGE = "此仪表盘读取只读的 Parquet 数据湖快照,不能在此载入数据;请在主数据仓库上载入后重新导出 (`pingyi export lake`)。"


LAKE_BUILD_MESSAGE = "正在把数据湖快照复制到本地缓存,每个快照只需一次……"
_LAKES_OPENED: set[tuple[str, str]] = set()  # (snapshot, mode) opened by this process: no spinner for these


def lake_mode() -> str:
    """How this replica reads the lake: "cached" (default; a local DuckDB copy per snapshot) or "direct"."""
    return config.settings().lake_mode


def lake_uri() -> str | None:
    """The lake this dashboard serves (`pingyi serve --lake`), or None when it serves the DuckDB warehouse."""
    return config.settings().lake or None


def read_only() -> bool:
    """True over a lake: uploads and loads are not available (show READ_ONLY_MESSAGE instead)."""
    return lake_uri() is not None


def current_version() -> str | None:
    """The file of the current warehouse version, resolved now (a new load shows up on the next rerun); over a
    lake, the key of its current snapshot (a new export shows up on the next rerun)."""
    if lake_uri():
        from warehouse import lake

        try:
            return lake.version_key(lake_uri())
        except lake.LakeMissing:
            return None
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


@st.cache_resource(max_entries=3, on_release=_close, show_spinner=False)
def _lake_connection(version: str, mode: str) -> duckdb.DuckDBPyConnection:
    """A lake snapshot opened in `mode`; the first call per snapshot may build the local copy (spinner shown)."""
    from warehouse import lake

    return lake.open_lake(version, mode=mode, cache_dir=config.settings().lake_cache)


def _lake(version: str, mode: str) -> duckdb.DuckDBPyConnection:
    """The lake connection; its first opening in this process shows LAKE_BUILD_MESSAGE in the session's language
    (cache_resource's own spinner text is fixed when the module loads)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if (version, mode) in _LAKES_OPENED or get_script_run_ctx(suppress_warning=True) is None:
        con = _lake_connection(version, mode)
    else:
        from dashboard.i18n import t

        with st.spinner(t(LAKE_BUILD_MESSAGE)):
            con = _lake_connection(version, mode)
    _LAKES_OPENED.add((version, mode))
    return con


def cursor(version: str) -> duckdb.DuckDBPyConnection:
    """A cursor of the version's connection, for one query on the calling thread."""
    # warehouse.lake_read, not warehouse.lake: the latter's schema module imports pyarrow (≈ 40 MB of a server)
    from warehouse.lake_read import KEY_PREFIX

    if version.startswith(KEY_PREFIX):  # a lake snapshot: its local copy, or views over its Parquet files
        return _lake(version, lake_mode()).cursor()
    return _connection(version).cursor()


# ---------------------------------------------------------------- session: pinned version and filters


def scope_key(scope: Scope) -> tuple[str, ...] | None:
    """The cache key of a scope: its ids sorted, or None for all."""
    return None if scope.institutions is None else tuple(sorted(scope.institutions))


def filters_key(filters: Filters) -> tuple:
    """The cache key of a selection (its scope by scope_key)."""
    return (
        scope_key(filters.scope),
        filters.institutions,
        filters.year_from,
        filters.year_to,
        filters.unit_types,
        filters.metric,
    )


_HASH = {Scope: scope_key, Filters: filters_key}


def pin(version: str, filters: Filters) -> None:
    """Called by the router on every rerun: the pages of this run read this version with these filters."""
    st.session_state[VERSION_KEY] = version
    st.session_state[FILTERS_KEY] = filters


def pinned() -> tuple[str, Filters]:
    """(version, filters) the router pinned for this run."""
    return st.session_state[VERSION_KEY], st.session_state[FILTERS_KEY]


# ---------------------------------------------------------------- cached questions (keyed by version file and scope)


@st.cache_data(max_entries=32, show_spinner=False)
def scope_for(version: str, grant: tuple[str, ...] | None) -> Scope:
    """A user's grant (names or ids, None = all) resolved to a Scope against this version."""
    with cursor(version) as cur:
        return access.scope_for(cur, grant)


# the warehouse as a whole


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=_HASH)
def institutions(version: str, *, scope: Scope) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.institutions(cur, scope=scope)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=_HASH)
def year_bounds(version: str, *, scope: Scope) -> tuple[int, int] | None:
    with cursor(version) as cur:
        return queries.year_bounds(cur, scope=scope)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=_HASH)
def warehouse_is_demo(version: str, *, scope: Scope) -> bool:
    with cursor(version) as cur:
        return queries.warehouse_is_demo(cur, scope=scope)


@st.cache_data(max_entries=8, show_spinner=False, hash_funcs=_HASH)
def warehouse_all_demo(version: str, *, scope: Scope) -> bool:
    with cursor(version) as cur:
        return queries.warehouse_all_demo(cur, scope=scope)


# filtered questions (trends, compare, 口径, meetings and reports)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def type_trend(version: str, filters: Filters) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.type_trend(cur, filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def unit_metric_values(version: str, filters: Filters) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.unit_metric_values(cur, filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def grade_mix(version: str, filters: Filters) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.grade_mix(cur, filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def institution_trend(version: str, filters: Filters) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.institution_trend(cur, filters)


def pooled_votes(version: str, filters: Filters) -> pl.DataFrame:
    """Votes of unit-years below settings().min_voters raters not pooled (queries.pooled_votes)."""
    return _pooled_votes(version, filters, min_voters=settings().min_voters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def _pooled_votes(version: str, filters: Filters, *, min_voters: int) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.pooled_votes(cur, filters, min_voters=min_voters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def result_coverage(version: str, filters: Filters) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.result_coverage(cur, filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def schemes_used(version: str, filters: Filters) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.schemes_used(cur, filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def scheme_details(version: str, filters: Filters) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.scheme_details(cur, filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def meetings(version: str, filters: Filters) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.meetings(cur, filters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def onsite_rotation(version: str, filters: Filters, *, institution: str, cycle: int = 3) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.onsite_rotation(cur, filters, institution=institution, cycle=cycle)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def reports(version: str, filters: Filters, *, search: str | None = None) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.reports(cur, filters, search=search)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def report_keywords(version: str, filters: Filters, *, top: int = 8) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.report_keywords(cur, filters, top=top)


# one institution (overview, briefing pack)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def rated_years(version: str, *, scope: Scope, institution: str) -> list[int]:
    with cursor(version) as cur:
        return queries.rated_years(cur, scope=scope, institution=institution)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def result_years(version: str, *, scope: Scope, institution: str) -> list[int]:
    with cursor(version) as cur:
        return queries.result_years(cur, scope=scope, institution=institution)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def overview_kpis(version: str, *, scope: Scope, institution: str, year: int) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.overview_kpis(cur, scope=scope, institution=institution, year=year)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def grade_distribution(version: str, *, scope: Scope, institution: str, year: int) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.grade_distribution(cur, scope=scope, institution=institution, year=year)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def type_changes(version: str, *, scope: Scope, institution: str, year: int) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.type_changes(cur, scope=scope, institution=institution, year=year)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def attention_units(
    version: str, *, scope: Scope, institution: str, year: int, bottom: int = 5, drops: int = 5
) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.attention_units(
            cur, scope=scope, institution=institution, year=year, bottom=bottom, drops=drops
        )


# one unit (unit profile)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def units_for_select(
    version: str, *, scope: Scope, institutions: Sequence[str] | None = None
) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.units_for_select(cur, scope=scope, institutions=institutions)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def unit_info(version: str, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.unit_info(cur, scope=scope, unit_id=unit_id)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def unit_names_of(version: str, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.unit_names_of(cur, scope=scope, unit_id=unit_id)


def unit_history(version: str, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    """Votes by grade withheld below settings().min_voters raters (queries.unit_history)."""
    return _unit_history(version, scope=scope, unit_id=unit_id, min_voters=settings().min_voters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def _unit_history(version: str, *, scope: Scope, unit_id: str, min_voters: int) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.unit_history(cur, scope=scope, unit_id=unit_id, min_voters=min_voters)


def unit_votes_by_group(version: str, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    """Votes by grade withheld below settings().min_voters raters (queries.unit_votes_by_group)."""
    return _unit_votes_by_group(version, scope=scope, unit_id=unit_id, min_voters=settings().min_voters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def _unit_votes_by_group(version: str, *, scope: Scope, unit_id: str, min_voters: int) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.unit_votes_by_group(cur, scope=scope, unit_id=unit_id, min_voters=min_voters)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_HASH)
def unit_reports(version: str, *, scope: Scope, unit_id: str) -> pl.DataFrame:
    with cursor(version) as cur:
        return queries.unit_reports(cur, scope=scope, unit_id=unit_id)


# ---------------------------------------------------------------- settings


def settings() -> Settings:
    """The dashboard's settings (dashboard/config.py: the environment and the server's arguments, read once)."""
    return config.settings()
