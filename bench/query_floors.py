"""Floors for the page queries (bench/queries.py): each question the pages ask, hand-written as the least SQL
that answers it over the same warehouse file, for the arguments the pages pass.

Written independently of warehouse/queries.py and over the stored tables (mart_appraisal, mart_institution_year,
mart_type_year, raw_*), not the public views, wherever that is the leaner plan: e.g. `units` aggregates every raw
rating row of the warehouse, while a unit list of ten institutions needs only their rows of mart_appraisal. What a
hand-writer knows about the arguments is used: the scope and the selection are one list (their intersection,
computed in Python), a full unit-type list is no filter (all four types are all units), a year range is a plain
range predicate. Each floor is a function of the page's arguments returning (sql, params), or (sql, params, kind)
where kind "list" means the function returns a Python list of the first column.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.vocabulary import GRADES, UNIT_TYPES

__all__ = ["FLOORS", "GRADES", "UNIT_TYPES", "Page"]


@dataclass(frozen=True)
class Page:
    """What a page passes: the caller's scope (None = all), the sidebar's institutions, years, types, metric, and
    for one-institution and one-unit pages the institution, year and unit."""

    scope: tuple[str, ...] | None
    institutions: tuple[str, ...]
    year_from: int
    year_to: int
    unit_types: tuple[str, ...]
    metric: str
    one: str
    year: int
    unit: str
    min_voters: int = 5  # the pages pass Settings().min_voters

    def ids(self, institutions: tuple[str, ...] | None = None) -> list[str]:
        """The selection cut to the scope: one list (a hand-writer's single semi-join)."""
        chosen = self.institutions if institutions is None else institutions
        return sorted(set(chosen) if self.scope is None else set(chosen) & set(self.scope))

    def visible(self, institution: str) -> bool:
        return self.scope is None or institution in self.scope


def _types(page: Page, column: str = "unit_type") -> str:
    """The unit-type filter: nothing when every type is chosen."""
    if set(page.unit_types) >= set(UNIT_TYPES):
        return ""
    listed = ", ".join(f"'{t}'" for t in page.unit_types)
    return f" and {column} in ({listed})"


def _order(column: str = "unit_type") -> str:
    return "array_position(['" + "', '".join(UNIT_TYPES) + f"'], {column})"


RATERS = (  # the raters of one unit-year: its voters, else the sum of its graded votes
    "ifnull(voters, ifnull(votes_good, 0) + ifnull(votes_fairly_good, 0) + ifnull(votes_average, 0)"
    " + ifnull(votes_poor, 0))"
)
HIDDEN = f"({RATERS} > 0 and {RATERS} < $mv)"  # fewer raters than the minimum: votes by grade withheld
ONE_SCOPED = "$visible"  # a boolean bound from Python: the one institution is inside the scope


def institutions(p: Page):
    where = "" if p.scope is None else "where i.institution_id in (select unnest($scope::varchar[]))"
    sql = f"""select i.institution_id, i.name, i.short_name, i.province, i.kind, i.is_demo, r.f, r.l
        from raw_institutions i
        left join (select institution_id, min(year) f, max(year) l from mart_institution_year where has_ratings
                   group by 1) r using (institution_id)
        {where} order by i.name, i.institution_id"""
    return sql, {} if p.scope is None else {"scope": list(p.scope)}


def type_trend(p: Page):
    sql = f"""select unit_type, year, avg({p.metric}), count(*), median(n) filter (where n > 0)
        from (select unit_type, year, {p.metric}, {RATERS} n from mart_appraisal
              where institution_id = any($ids) and year between $lo and $hi and {p.metric} is not null{_types(p)})
        group by unit_type, year order by {_order()}, year"""
    return sql, {"ids": p.ids(), "lo": p.year_from, "hi": p.year_to}


def unit_metric_values(p: Page):
    sql = f"""select institution_id, institution, unit_id, unit, unit_type, year, {p.metric}, {RATERS}
        from mart_appraisal
        where institution_id = any($ids) and year between $lo and $hi and {p.metric} is not null{_types(p)}
        order by {_order()}, year, institution, unit"""
    return sql, {"ids": p.ids(), "lo": p.year_from, "hi": p.year_to}


def grade_mix(p: Page):
    grades = "['" + "', '".join(GRADES) + "']"
    sql = f"""with h as (select unit_type, year, histogram(final_grade) h, count(*) t from mart_appraisal
            where institution_id = any($ids) and year between $lo and $hi and final_grade is not null{_types(p)}
            group by all)
        select unit_type, year, g.grade, ifnull(h[g.grade], 0), ifnull(h[g.grade], 0) / t
        from h, unnest({grades}) with ordinality as g(grade, k)
        order by {_order()}, year, g.k"""
    return sql, {"ids": p.ids(), "lo": p.year_from, "hi": p.year_to}


def institution_trend(p: Page):
    sql = f"""with a as (select institution_id, any_value(institution) name, year, avg({p.metric}) v,
                count(*) n, median(r) filter (where r > 0) m
            from (select institution_id, institution, year, {p.metric}, {RATERS} r from mart_appraisal
                  where institution_id = any($ids) and year between $lo - 1 and $hi and {p.metric} is not null
                  {_types(p)})
            group by institution_id, year),
        b as (select a.*, rank() over (partition by a.year order by round(a.v, 9) desc) rk,
                count(*) over (partition by a.year) nr, o.v ov, o.n onn
            from a left join a o on o.institution_id = a.institution_id and o.year = a.year - 1)
        select b.institution_id, b.name, b.year, b.v, b.n, b.m, y.scheme_id, y.scheme_label, b.rk, b.nr, b.ov,
            b.onn, b.v - b.ov
        from b left join mart_institution_year y on y.institution_id = b.institution_id and y.year = b.year
        where b.year >= $lo order by b.name, b.institution_id, b.year"""
    return sql, {"ids": p.ids(), "lo": p.year_from, "hi": p.year_to}


def schemes_used(p: Page):
    sql = """select institution_id, institution, scheme_id, scheme_label, min(year) f, max(year)
        from mart_institution_year
        where institution_id = any($ids) and year between $lo and $hi and has_ratings
        group by institution_id, institution, scheme_id, scheme_label order by institution, institution_id, f"""
    return sql, {"ids": p.ids(), "lo": p.year_from, "hi": p.year_to}


def result_coverage(p: Page):
    sql = """select institution_id, institution, year, n_units, n_graded, has_results, grades_only
        from mart_institution_year where institution_id = any($ids) and year between $lo and $hi and has_ratings
        order by institution, institution_id, year"""
    return sql, {"ids": p.ids(), "lo": p.year_from, "hi": p.year_to}


def pooled_votes(p: Page):
    g, f, a, po = (f"case when {HIDDEN} then 0 else ifnull(votes_{k}, 0) end" for k in GRADES)
    sql = f"""select institution_id, any_value(institution), year, sum({g})::bigint, sum({g} + {f})::bigint,
            sum({g} + {f} + {a} + {po})::bigint
        from mart_appraisal where institution_id = any($ids) and year between $lo - 1 and $hi{_types(p)}
        group by institution_id, year order by institution_id, year"""
    return sql, {"ids": p.ids(), "lo": p.year_from, "hi": p.year_to, "mv": p.min_voters}


def rated_years(p: Page):
    sql = f"""select year from mart_institution_year where institution_id = $one and has_ratings and {ONE_SCOPED}
        order by year"""
    return sql, {"one": p.one, "visible": p.visible(p.one)}, "list"


def overview_kpis(p: Page):
    sql = f"""with k as (select * from mart_institution_year where institution_id = $one and has_ratings
            and {ONE_SCOPED} and (year = $year or year = (select max(year) from mart_institution_year
                where institution_id = $one and has_results and year < $year)))
        select k.year, n_units, n_onsite, n_written, mean_score, good_rate, positive_rate, n_good, n_fairly_good,
            n_average, n_poor, n_average + n_poor, scheme_id, scheme_label,
            (select median({RATERS}) filter (where {RATERS} > 0) from mart_appraisal a
                where a.institution_id = $one and a.year = k.year),
            n_graded, share_good, has_results, grades_only
        from k where $year in (select year from k) order by k.year"""
    return sql, {"one": p.one, "year": p.year, "visible": p.visible(p.one)}


def type_changes(p: Page):
    sql = f"""with t as (select * from mart_type_year where institution_id = $one and {ONE_SCOPED}),
        c as (select * from t where year = $year),
        o as (select * from t where year = (select max(year) from mart_institution_year
              where institution_id = $one and has_results and year < $year))
        select c.unit_type, o.year, c.n_units, o.n_units, c.good_rate, o.good_rate, c.good_rate - o.good_rate,
            c.share_good, o.share_good, c.share_good - o.share_good
        from c join o using (unit_type)
        where (c.good_rate is not null and o.good_rate is not null)
            or (c.share_good is not null and o.share_good is not null)
        order by {_order("c.unit_type")}"""
    return sql, {"one": p.one, "year": p.year, "visible": p.visible(p.one)}


def grade_distribution(p: Page):
    grades = "['" + "', '".join(GRADES) + "']"
    sql = f"""with h as (select histogram(final_grade) h, count(final_grade) t from mart_appraisal
            where institution_id = $one and year = $year and final_grade is not null)
        select g.grade, ifnull(h[g.grade], 0), ifnull(h[g.grade], 0) / nullif(t, 0)
        from h, unnest({grades}) with ordinality as g(grade, k) where {ONE_SCOPED} order by g.k"""
    return sql, {"one": p.one, "year": p.year, "visible": p.visible(p.one)}


def attention_units(p: Page):
    sql = f"""with prev as (select max(year) y from mart_institution_year
            where institution_id = $one and has_results and year < $year),
        both_years as (select unit_id, unit, unit_type, score, final_grade, good_rate, rank, units_in_year, year
            from mart_appraisal where institution_id = $one and {ONE_SCOPED}
                and (year = $year or year = (select y from prev))),
        j as (select c.unit_id, c.unit, c.unit_type, c.score, c.final_grade, c.good_rate, c.rank, c.units_in_year,
                (select y from prev) py, o.score ps, c.score - o.score ch
            from (select * from both_years where year = $year) c
            left join (select * from both_years where year <> $year) o using (unit_id)),
        f as (select *,
            score is not null and rank() over (order by round(score, 9) nulls last)
                <= least(5, greatest(1, units_in_year // 2)) b,
            ifnull(ch < 0, false) and rank() over (order by round(ch, 9) nulls last) <= 5 d,
            ifnull(final_grade in ('average', 'poor'), false) w
            from j)
        select * from f where b or d or w order by score nulls last, unit"""
    return sql, {"one": p.one, "year": p.year, "visible": p.visible(p.one)}


def _unit_years(where: str) -> str:
    """Per unit from mart_appraisal (one row per unit-year): first and last year, latest name and level."""
    return f"""select unit_id, min(year) f, max(year) l, arg_max(unit, year) n, arg_max(org_level, year) lv
        from mart_appraisal where {where} group by unit_id"""


def _registered(units: str) -> str:
    """The registry's name and years of the given units (the fallback for a unit without rating rows)."""
    return f"""select unit_id, arg_max(name, ifnull(last_year, 9999)) rn, min(first_year) rf, max(last_year) rl
        from raw_unit_names where unit_id in ({units}) group by unit_id"""


def units_for_select(p: Page):
    chosen = "select unit_id from raw_units where institution_id = any($ids)"
    sql = f"""with a as ({_unit_years("institution_id = any($ids)")}), r as ({_registered(chosen)})
        select u.unit_id, ifnull(a.n, r.rn) nm, u.institution_id, i.name, u.unit_type, ifnull(a.lv, u.org_level),
            ifnull(a.f, r.rf), ifnull(a.l, r.rl)
        from raw_units u join raw_institutions i using (institution_id) left join a using (unit_id)
        left join r using (unit_id)
        where u.institution_id = any($ids)
        order by i.name, u.institution_id, {_order("u.unit_type")}, nm, u.unit_id"""
    return sql, {"ids": p.ids()}


# the unit's institution, from raw_units (zone maps of the marts, stored in institution order, skip the rest)
_UNIT_INSTITUTION = "institution_id = (select institution_id from raw_units where unit_id = $unit)"


def _unit_visible(p: Page) -> tuple[str, dict]:
    """The scope test of a one-unit page, in SQL: the page passes only the unit id, so the floor looks its
    institution up (raw_units' primary key) like the function must; nothing when the caller sees everything."""
    if p.scope is None:
        return "true", {}
    return "(select institution_id from raw_units where unit_id = $unit) = any($scope)", {
        "scope": sorted(p.scope)
    }


def unit_info(p: Page):
    visible, scope = _unit_visible(p)
    sql = f"""with a as ({_unit_years(_UNIT_INSTITUTION + " and unit_id = $unit")}), r as ({_registered("$unit")})
        select u.unit_id, u.institution_id, ifnull(a.n, r.rn), u.unit_type, ifnull(a.lv, u.org_level),
            u.parent_unit_id, ifnull(a.f, r.rf), ifnull(a.l, r.rl), i.name
        from raw_units u join raw_institutions i using (institution_id) left join a using (unit_id)
        left join r using (unit_id)
        where u.unit_id = $unit and {visible}"""
    return sql, {"unit": p.unit, **scope}


def unit_history(p: Page):
    visible, scope = _unit_visible(p)
    votes = ", ".join(f"case when h then null else votes_{k} end" for k in GRADES)
    sql = f"""select a.institution_id, a.institution, a.year, unit, unit_type, org_level, secretary, mode,
            case when h then {RATERS} else voters end, {votes}, a.good_rate, a.positive_rate, score,
            computed_grade, official_grade, final_grade, rank, units_in_year, r, n, a.scheme_id, y.scheme_label, h
        from (select *, case when score is not null then rank() over w end r,
                count(score) over (partition by year, unit_type) n, {HIDDEN} h
            from mart_appraisal where {_UNIT_INSTITUTION} and {visible}
            window w as (partition by year, unit_type order by round(score, 9) desc nulls last)) a
        left join mart_institution_year y using (institution_id, year) where unit_id = $unit order by a.year"""
    return sql, {"unit": p.unit, **scope, "mv": p.min_voters}


def unit_names_of(p: Page):
    visible, scope = _unit_visible(p)
    sql = f"""with o as (select unit name, min(year) f, max(year) l from mart_appraisal
            where {_UNIT_INSTITUTION} and unit_id = $unit group by unit)
        select * from (select * from o union all
            select name, first_year, last_year from raw_unit_names n
            where unit_id = $unit and name not in (select name from o))
        where {visible} order by f, name"""
    return sql, {"unit": p.unit, **scope}


def unit_votes_by_group(p: Page):
    visible, scope = _unit_visible(p)
    sums = ", ".join(f"sum(votes_{k})::bigint v_{k}" for k in GRADES)
    shown = ", ".join(f"case when y.h then null else v.v_{k} end" for k in GRADES)
    total = " + ".join(f"ifnull(votes_{k}, 0)" for k in GRADES)
    sql = f"""with y as (select year, {HIDDEN} h from mart_appraisal
            where {_UNIT_INSTITUTION} and unit_id = $unit and {visible}),
        v as (select year, ifnull(nullif(rater_group, ''), '全体') g, {sums}, sum({total}) > 0 has_votes
            from raw_ratings where {_UNIT_INSTITUTION} and unit_id = $unit group by year, g)
        select v.year, v.g, {shown}, y.h from v join y using (year) where v.has_votes or y.h order by v.year, v.g"""
    return sql, {"unit": p.unit, **scope, "mv": p.min_voters}


def meetings(p: Page, everywhere: bool = False):
    where = "year between $lo and $hi" + (
        "" if everywhere and p.scope is None else " and institution_id = any($ids)"
    )
    ids = sorted(p.scope) if everywhere and p.scope is not None else p.ids()
    sql = f"""select m.institution_id, ifnull(i.name, m.institution_name) inst, m.appraisal_year as year,
            m.meeting_date, m.meeting_date_inferred, m.meeting_level, m.chair, m.onsite_count, m.written_count,
            m.total_units, m.rating_scale, m.source
        from (select *, appraisal_year as year from raw_meetings where {where}) m
        left join raw_institutions i using (institution_id) order by inst, year, meeting_date"""
    params = {"lo": p.year_from, "hi": p.year_to}
    return sql, params | ({"ids": ids} if "$ids" in sql else {})


def meetings_everywhere(p: Page):
    return meetings(p, everywhere=True)


def onsite_rotation(p: Page):
    sql = f"""with r as (select unit_id, unit, unit_type, year, mode from mart_appraisal
            where institution_id = $one and {ONE_SCOPED} and year between $lo and $hi{_types(p)}),
        u as (select unit_id, arg_max(unit, year) latest, max(year) filter (where mode = 'onsite') lo_,
            min(year) fy from r group by 1),
        l as (select max(year) y from r)
        select r.unit_id, u.latest, r.unit_type, r.year, r.mode, u.lo_,
            ifnull(u.lo_, u.fy - 1) <= (select y from l) - 3 and (select y from l) - u.fy + 1 >= 3
        from r join u using (unit_id) order by r.unit_type, u.latest, r.year"""
    return sql, {"one": p.one, "lo": p.year_from, "hi": p.year_to, "visible": p.visible(p.one)}


def _report_rows(where: str) -> str:
    """raw_reports with their institution, unit type and unit name (the report's own, else the unit's latest)."""
    return f"""with r as (select * from raw_reports where {where}),
        names as (select unit_id, arg_max(unit, year) n from mart_appraisal
            where institution_id in (select institution_id from r)
              and unit_id in (select unit_id from r where unit_name is null) group by unit_id)
        select r.*, i.name institution, ifnull(r.unit_name, names.n) unit, u.unit_type
        from r left join raw_institutions i using (institution_id) left join raw_units u using (unit_id)
        left join names using (unit_id)"""


def reports(p: Page):
    sql = f"""select institution, year, unit, unit_type, secretary, mode, title, report_date, text_chars,
            n_problems, n_measures, keywords, unit_id
        from ({_report_rows("institution_id = any($ids) and year between $lo and $hi")})
        order by year desc, institution, unit"""
    return sql, {"ids": p.ids(), "lo": p.year_from, "hi": p.year_to}


def report_keywords(p: Page):
    sql = """with s as (select year, keywords from raw_reports
            where institution_id = any($ids) and year between $lo and $hi and keywords is not null),
        w as (select year, unnest(keywords) k from s),
        top as (select k from w group by k order by count(*) desc, k limit 8),
        n as (select year, count(*) c from s group by year)
        select w.year, w.k, count(*), n.c, count(*) / n.c from w join top using (k) join n using (year)
        group by w.year, w.k, n.c order by w.k, w.year"""
    return sql, {"ids": p.ids(), "lo": p.year_from, "hi": p.year_to}


def scheme_details(p: Page):
    sql = """with used as (select institution_id, institution, scheme_id, min(year) f, max(year) l, count(*) ny
            from mart_institution_year where institution_id = any($ids) and year between $lo and $hi and has_ratings
            group by all),
        g as (select scheme_id, string_agg(rater_group || ' ' || round(100 * weight / total)::integer || '%', '、'
                order by rater_group) gw
            from (select *, sum(weight) over (partition by scheme_id) total from raw_scheme_groups
                  where scheme_id in (select scheme_id from used)) group by 1),
        it as (select scheme_id, string_agg(item || ' ' || round(100 * weight / total)::integer || '%', '、'
                order by item) iw
            from (select *, sum(weight) over (partition by scheme_id) total from raw_scheme_items
                  where scheme_id in (select scheme_id from used)) group by 1)
        select u.institution_id, u.institution, u.f, u.l, u.ny, u.scheme_id, s.label, s.scale, s.points_good,
            s.points_fairly_good, s.points_average, s.points_poor, s.min_good, s.min_fairly_good, s.min_average,
            g.gw, it.iw
        from used u join raw_schemes s using (scheme_id) left join g using (scheme_id) left join it using (scheme_id)
        order by u.institution, u.f"""
    return sql, {"ids": p.ids(), "lo": p.year_from, "hi": p.year_to}


FLOORS = {
    f.__name__: f
    for f in (
        institutions,
        type_trend,
        unit_metric_values,
        grade_mix,
        institution_trend,
        schemes_used,
        result_coverage,
        pooled_votes,
        rated_years,
        overview_kpis,
        type_changes,
        grade_distribution,
        attention_units,
        units_for_select,
        unit_info,
        unit_history,
        unit_names_of,
        unit_votes_by_group,
        meetings,
        meetings_everywhere,
        onsite_rotation,
        reports,
        report_keywords,
        scheme_details,
    )
}
