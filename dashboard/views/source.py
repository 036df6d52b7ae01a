"""Where views read their data: the warehouse.queries questions on one cursor (the command line, the briefing pack).
dashboard/views/cached.py answers the same typed methods through the dashboard's cache (the pages), so a view's loader
is written once; each method names the one query it calls."""

from __future__ import annotations

import polars as pl

from warehouse import queries


class CursorQuestions:
    """warehouse.queries on one cursor; `version` names the warehouse version file (for 数据来源); below
    `min_voters` raters a unit-year's votes by grade are withheld (Settings.min_voters)."""

    def __init__(self, cur, version: str | None = None, min_voters: int = queries.DEFAULT_MIN_VOTERS):
        self.cur = cur
        self.version = version
        self.min_voters = min_voters

    def institutions(self, scope) -> pl.DataFrame:
        return queries.institutions(self.cur, scope=scope)

    def load_summary(self, scope) -> pl.DataFrame:
        return queries.load_summary(self.cur, scope=scope)

    def type_trend(self, f) -> pl.DataFrame:
        return queries.type_trend(self.cur, f)

    def unit_metric_values(self, f) -> pl.DataFrame:
        return queries.unit_metric_values(self.cur, f)

    def grade_mix(self, f) -> pl.DataFrame:
        return queries.grade_mix(self.cur, f)

    def institution_trend(self, f) -> pl.DataFrame:
        return queries.institution_trend(self.cur, f)

    def schemes_used(self, f) -> pl.DataFrame:
        return queries.schemes_used(self.cur, f)

    def pooled_votes(self, f) -> pl.DataFrame:
        return queries.pooled_votes(self.cur, f, min_voters=self.min_voters)

    def scheme_details(self, f) -> pl.DataFrame:
        return queries.scheme_details(self.cur, f)

    def meetings(self, f) -> pl.DataFrame:
        return queries.meetings(self.cur, f)

    def reports(self, f, search: str | None) -> pl.DataFrame:
        return queries.reports(self.cur, f, search=search)

    def report_keywords(self, f) -> pl.DataFrame:
        return queries.report_keywords(self.cur, f)

    def onsite_rotation(self, f, institution: str, cycle: int) -> pl.DataFrame:
        return queries.onsite_rotation(self.cur, f, institution=institution, cycle=int(cycle))

    def overview_kpis(self, scope, institution: str, year: int) -> pl.DataFrame:
        return queries.overview_kpis(self.cur, scope=scope, institution=institution, year=year)

    def grade_distribution(self, scope, institution: str, year: int) -> pl.DataFrame:
        return queries.grade_distribution(self.cur, scope=scope, institution=institution, year=year)

    def attention_units(self, scope, institution: str, year: int) -> pl.DataFrame:
        return queries.attention_units(self.cur, scope=scope, institution=institution, year=year)

    def type_changes(self, scope, institution: str, year: int) -> pl.DataFrame:
        return queries.type_changes(self.cur, scope=scope, institution=institution, year=year)

    def institution_pooled_votes(
        self, scope, institution: str, year_from: int, year_to: int, unit_types=None
    ) -> pl.DataFrame:
        return queries.pooled_votes(
            self.cur,
            queries.Filters(scope, (institution,), year_from, year_to, unit_types),
            min_voters=self.min_voters,
        )

    def unit_info(self, scope, unit_id: str) -> pl.DataFrame:
        return queries.unit_info(self.cur, scope=scope, unit_id=unit_id)

    def unit_history(self, scope, unit_id: str) -> pl.DataFrame:
        return queries.unit_history(self.cur, scope=scope, unit_id=unit_id, min_voters=self.min_voters)

    def unit_votes_by_group(self, scope, unit_id: str) -> pl.DataFrame:
        return queries.unit_votes_by_group(self.cur, scope=scope, unit_id=unit_id, min_voters=self.min_voters)
