"""The views' questions through dashboard.data's cache of the version the router pinned (the pages): the same
typed methods as dashboard.views.source.CursorQuestions. The one views module that reaches Streamlit (through
dashboard.data); the view definitions themselves do not."""

from __future__ import annotations

import threading
from collections import OrderedDict

import polars as pl

from dashboard import data
from warehouse import queries

BUILT_ENTRIES = 64  # built views kept (all sessions together): a few choices of a few pages, a bounded memory
_built: OrderedDict[tuple, object] = OrderedDict()
_built_lock = threading.Lock()


def built_view(name: str, questions: CachedQuestions, ask):
    """The view `name` built for (version, ask) — the ask holds the filters with the scope and the language —, or
    the same built view from an earlier run: a repeated choice skips the queries' cache lookups and building the
    figure. Shared by the sessions like the query cache (the key has the scope, and the settings a view reads: the
    minimum number of raters below which votes by grade are withheld); least recently used ones dropped beyond
    BUILT_ENTRIES. A built view is only read by the pages (drawn, exported), never changed."""
    from dashboard.views.registry import get

    key = (questions.version, questions.min_voters, name, ask)
    with _built_lock:
        if key in _built:
            _built.move_to_end(key)
            return _built[key]
    shown = get(name).build(questions, ask)
    with _built_lock:
        _built[key] = shown
        _built.move_to_end(key)
        while len(_built) > BUILT_ENTRIES:
            _built.popitem(last=False)
    return shown


class CachedQuestions:
    """The same questions through dashboard.data's cache of the version the router pinned (the pages)."""

    def __init__(self, version: str):
        self.version = version

    @property
    def min_voters(self) -> int:
        return data.settings().min_voters

    def institutions(self, scope) -> pl.DataFrame:
        return data.institutions(self.version, scope=scope)

    def load_summary(self, scope) -> pl.DataFrame:
        # asked only when a file is built (数据来源), so not worth a cache entry
        with data.cursor(self.version) as cur:
            return queries.load_summary(cur, scope=scope)

    def type_trend(self, f) -> pl.DataFrame:
        return data.type_trend(self.version, f)

    def unit_metric_values(self, f) -> pl.DataFrame:
        return data.unit_metric_values(self.version, f)

    def grade_mix(self, f) -> pl.DataFrame:
        return data.grade_mix(self.version, f)

    def institution_trend(self, f) -> pl.DataFrame:
        return data.institution_trend(self.version, f)

    def schemes_used(self, f) -> pl.DataFrame:
        return data.schemes_used(self.version, f)

    def pooled_votes(self, f) -> pl.DataFrame:
        return data.pooled_votes(self.version, f)

    def scheme_details(self, f) -> pl.DataFrame:
        return data.scheme_details(self.version, f)

    def meetings(self, f) -> pl.DataFrame:
        return data.meetings(self.version, f)

    def reports(self, f, search: str | None) -> pl.DataFrame:
        return data.reports(self.version, f, search=search)

    def report_keywords(self, f) -> pl.DataFrame:
        return data.report_keywords(self.version, f)

    def onsite_rotation(self, f, institution: str, cycle: int) -> pl.DataFrame:
        return data.onsite_rotation(self.version, f, institution=institution, cycle=int(cycle))

    def overview_kpis(self, scope, institution: str, year: int) -> pl.DataFrame:
        return data.overview_kpis(self.version, scope=scope, institution=institution, year=year)

    def grade_distribution(self, scope, institution: str, year: int) -> pl.DataFrame:
        return data.grade_distribution(self.version, scope=scope, institution=institution, year=year)

    def attention_units(self, scope, institution: str, year: int) -> pl.DataFrame:
        return data.attention_units(self.version, scope=scope, institution=institution, year=year)

    def type_changes(self, scope, institution: str, year: int) -> pl.DataFrame:
        return data.type_changes(self.version, scope=scope, institution=institution, year=year)

    def institution_pooled_votes(
        self, scope, institution: str, year_from: int, year_to: int, unit_types=None
    ) -> pl.DataFrame:
        return data.pooled_votes(
            self.version, queries.Filters(scope, (institution,), year_from, year_to, unit_types)
        )

    def unit_info(self, scope, unit_id: str) -> pl.DataFrame:
        return data.unit_info(self.version, scope=scope, unit_id=unit_id)

    def unit_history(self, scope, unit_id: str) -> pl.DataFrame:
        return data.unit_history(self.version, scope=scope, unit_id=unit_id)

    def unit_votes_by_group(self, scope, unit_id: str) -> pl.DataFrame:
        return data.unit_votes_by_group(self.version, scope=scope, unit_id=unit_id)
