"""Times every query a page calls, cold and warm, at demo scales, against hand-written raw SQL over the same
file (the floor), and writes the table for docs/benchmarks.md.

    .venv/bin/python bench/queries.py                       # small and province
    .venv/bin/python bench/queries.py --scales small province national
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from warehouse import queries as q
from warehouse.access import Scope

ROOT = Path(__file__).resolve().parents[1]
WARM_RUNS = 15

# The same question as each query function, hand-written as raw SQL over the same file: the same rows and columns
# the page gets, the same filters (the caller's scope and the selected institutions included), materialised as a
# polars frame like the function's result. $scope, $ids, $one, $year and $unit are bound as parameters.
IN_SCOPE = "institution_id in (select unnest($scope::varchar[]))"
SELECTED = f"{IN_SCOPE} and institution_id in (select unnest($ids::varchar[]))"
TYPE_ORDER = (
    "case unit_type when 'affiliated_hospital' then 0 when 'college' then 1 when 'branch' then 2 "
    "when 'administrative' then 3 else 4 end"
)
VOTERS = (
    "coalesce(voters, coalesce(votes_good, 0) + coalesce(votes_fairly_good, 0) + coalesce(votes_average, 0)"
    " + coalesce(votes_poor, 0))"
)
FLOORS: dict[str, str] = {
    "institutions": f"""select i.institution_id, i.name, i.short_name, i.province, i.kind, i.is_demo,
        min(y.year) filter (where y.has_ratings), max(y.year) filter (where y.has_ratings)
        from institutions i left join institution_year y using (institution_id) where i.{IN_SCOPE}
        group by all order by i.name, i.institution_id""",
    "type_trend": f"""select unit_type, year, avg(good_rate), count(good_rate),
        median({VOTERS}) filter (where {VOTERS} > 0)
        from appraisal where {SELECTED} and good_rate is not null group by unit_type, year order by {TYPE_ORDER}, year""",
    "unit_metric_values": f"""select institution_id, institution, unit_id, unit, unit_type, year, good_rate, {VOTERS}
        from appraisal where {SELECTED} and good_rate is not null order by {TYPE_ORDER}, year, institution, unit""",
    "grade_mix": f"""with c as (select unit_type, year, final_grade, count(*) as n,
            sum(count(*)) over (partition by unit_type, year) as total
            from appraisal where {SELECTED} and final_grade is not null group by unit_type, year, final_grade),
        t as (select distinct unit_type, year, total from c),
        g as (select unnest(['good', 'fairly_good', 'average', 'poor']) as grade)
        select t.unit_type, t.year, g.grade, coalesce(c.n, 0), coalesce(c.n, 0) / t.total
        from t cross join g left join c on c.unit_type = t.unit_type and c.year = t.year and c.final_grade = g.grade
        order by {TYPE_ORDER.replace("unit_type", "t.unit_type")}, t.year,
            case g.grade when 'good' then 0 when 'fairly_good' then 1 when 'average' then 2 else 3 end""",
    "institution_trend": f"""with p as (select institution_id, any_value(institution) institution, year,
            avg(good_rate) v, count(good_rate) n, median({VOTERS}) filter (where {VOTERS} > 0) m
            from appraisal where {SELECTED} and good_rate is not null group by institution_id, year)
        select p.institution_id, p.institution, p.year, p.v, p.n, p.m, y.scheme_id, y.scheme_label,
            rank() over (partition by p.year order by round(p.v, 9) desc), count(*) over (partition by p.year),
            q.v, q.n, p.v - q.v
        from p left join p q on q.institution_id = p.institution_id and q.year = p.year - 1
        left join institution_year y on y.institution_id = p.institution_id and y.year = p.year
        order by 2, 1, 3""",
    "schemes_used": f"""select institution_id, institution, scheme_id, scheme_label, min(year), max(year)
        from institution_year where has_ratings and {SELECTED} group by all order by 2, 1, 5""",
    "pooled_votes": f"""select institution_id, any_value(institution), year, sum(coalesce(votes_good, 0))::bigint,
        sum(coalesce(votes_good, 0) + coalesce(votes_fairly_good, 0))::bigint,
        sum(coalesce(votes_good, 0) + coalesce(votes_fairly_good, 0) + coalesce(votes_average, 0)
            + coalesce(votes_poor, 0))::bigint
        from appraisal where {SELECTED} group by institution_id, year order by 1, 3""",
    "overview_kpis": f"""with y as (select * from institution_year where institution_id = $one and {IN_SCOPE}
            and has_ratings and (year = $year or year = (select max(year) from institution_year
                where institution_id = $one and has_results and year < $year)))
        select y.year, n_units, n_onsite, n_written, mean_score, good_rate, positive_rate, n_good, n_fairly_good,
            n_average, n_poor, n_average + n_poor, scheme_id, scheme_label,
            (select median({VOTERS}) from appraisal a where a.institution_id = $one and a.year = y.year
                and {VOTERS} > 0),
            n_graded, share_good, has_results, grades_only
        from y where exists (select 1 from y where year = $year) order by y.year""",
    "type_changes": f"""select c.unit_type, p.year, c.n_units, p.n_units, c.good_rate, p.good_rate,
            c.good_rate - p.good_rate, c.share_good, p.share_good, c.share_good - p.share_good
        from type_year c join type_year p on p.institution_id = c.institution_id and p.unit_type = c.unit_type
            and p.year = (select max(year) from institution_year where institution_id = $one and has_results
                          and year < $year)
        where c.institution_id = $one and c.{IN_SCOPE} and c.year = $year
            and ((c.good_rate is not null and p.good_rate is not null)
                 or (c.share_good is not null and p.share_good is not null))
        order by {TYPE_ORDER.replace("unit_type", "c.unit_type")}""",
    "grade_distribution": f"""select g.grade, coalesce(c.n, 0), coalesce(c.n, 0) / nullif(sum(coalesce(c.n, 0)) over (), 0)
        from (select unnest(['good', 'fairly_good', 'average', 'poor']) grade) g
        left join (select final_grade, count(*) n from appraisal where institution_id = $one and {IN_SCOPE}
                   and year = $year group by 1) c on c.final_grade = g.grade""",
    "attention_units": f"""with p as (select max(year) y from institution_year where institution_id = $one
            and has_ratings and year < $year),
        j as (select c.unit_id, c.unit, c.unit_type, c.score, c.final_grade, c.good_rate, c.rank, c.units_in_year,
                (select y from p) prev_year, o.score prev_score, c.score - o.score as change
            from appraisal c left join appraisal o on o.institution_id = $one and o.year = (select y from p)
                and o.unit_id = c.unit_id
            where c.institution_id = $one and c.{IN_SCOPE} and c.year = $year),
        f as (select *, score is not null and rank() over (order by round(score, 9) nulls last)
                <= least(5, greatest(1, units_in_year // 2)) b,
            coalesce(change < 0, false) and rank() over (order by round(change, 9) nulls last) <= 5 d,
            coalesce(final_grade in ('average', 'poor'), false) w from j)
        select * from f where b or d or w order by score nulls last, unit""",
    "unit_history": f"""select a.institution_id, a.institution, a.year, unit, unit_type, org_level, secretary, mode,
            voters, votes_good, votes_fairly_good, votes_average, votes_poor, a.good_rate, a.positive_rate, score,
            computed_grade, official_grade, final_grade, rank, units_in_year, r, n, a.scheme_id, y.scheme_label
        from (select *, case when score is not null then rank() over w end r,
                count(score) over (partition by institution_id, year, unit_type) n
            from appraisal where institution_id = (select institution_id from units where unit_id = $unit)
                and {IN_SCOPE}
            window w as (partition by institution_id, year, unit_type order by round(score, 9) desc nulls last)) a
        left join institution_year y using (institution_id, year) where unit_id = $unit order by a.year""",
    "units_for_select": f"""select u.unit_id, u.name, u.institution_id, i.name, u.unit_type, u.org_level,
            u.first_year, u.last_year
        from units u join institutions i using (institution_id) where u.{SELECTED}
        order by i.name, u.institution_id, {TYPE_ORDER.replace("unit_type", "u.unit_type")}, u.name, u.unit_id""",
    "meetings": f"""select m.institution_id, coalesce(m.institution, m.institution_name), m.appraisal_year,
            m.meeting_date, m.meeting_date_inferred, m.meeting_level, m.chair, m.onsite_count, m.written_count,
            m.total_units, m.rating_scale, m.source
        from meetings m where m.{SELECTED} order by 2, 3, 4""",
    "onsite_rotation": f"""with r as (select unit_id, unit, unit_type, year, mode from appraisal
            where institution_id = $one and {IN_SCOPE}),
        u as (select unit_id, arg_max(unit, year) latest, max(year) filter (where mode = 'onsite') last_onsite,
            min(year) first_year from r group by 1),
        l as (select max(year) y from r)
        select r.unit_id, u.latest, r.unit_type, r.year, r.mode, u.last_onsite,
            coalesce(u.last_onsite, u.first_year - 1) <= (select y from l) - 3
                and (select y from l) - u.first_year + 1 >= 3
        from r join u using (unit_id) order by 3, 2, 4""",
}


def calls(cur, scope: Scope, ids: list[str], one: str, year: int, unit: str) -> dict:
    """Each query function as the pages call it (trends, compare, overview, meetings, unit)."""
    sel = {"institutions": ids}
    s = {"scope": scope}
    return {
        "institutions": lambda: q.institutions(cur, **s),
        "type_trend": lambda: q.type_trend(cur, **s, **sel),
        "unit_metric_values": lambda: q.unit_metric_values(cur, **s, **sel),
        "grade_mix": lambda: q.grade_mix(cur, **s, **sel),
        "institution_trend": lambda: q.institution_trend(cur, **s, **sel),
        "schemes_used": lambda: q.schemes_used(cur, **s, **sel),
        "pooled_votes": lambda: q.pooled_votes(cur, **s, **sel),
        "rated_years": lambda: q.rated_years(cur, **s, institution=one),
        "overview_kpis": lambda: q.overview_kpis(cur, **s, institution=one, year=year),
        "type_changes": lambda: q.type_changes(cur, **s, institution=one, year=year),
        "grade_distribution": lambda: q.grade_distribution(cur, **s, institution=one, year=year),
        "attention_units": lambda: q.attention_units(cur, **s, institution=one, year=year),
        "units_for_select": lambda: q.units_for_select(cur, **s, **sel),
        "unit_info": lambda: q.unit_info(cur, **s, unit_id=unit),
        "unit_history": lambda: q.unit_history(cur, **s, unit_id=unit),
        "unit_names_of": lambda: q.unit_names_of(cur, **s, unit_id=unit),
        "unit_votes_by_group": lambda: q.unit_votes_by_group(cur, **s, unit_id=unit),
        "meetings": lambda: q.meetings(cur, **s, **sel),
        "onsite_rotation": lambda: q.onsite_rotation(cur, **s, institution=one),
        "scheme_details": lambda: q.scheme_details(cur, **s, **sel),
        "reports": lambda: q.reports(cur, **s, **sel),
        "report_keywords": lambda: q.report_keywords(cur, **s, **sel),
    }


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def med(fn) -> float:
    return statistics.median(ms(fn) for _ in range(WARM_RUNS))


def measure(db: Path) -> list[dict]:
    rows = []
    con = duckdb.connect(str(db), read_only=True)
    cur = con.cursor()
    ids = [
        r[0] for r in cur.execute("select institution_id from institutions order by name limit 10").fetchall()
    ]
    # a viewer's scope: the ten selected institutions and ten more (the filter runs as for any restricted user)
    more = [
        r[0]
        for r in cur.execute("select institution_id from institutions order by name desc limit 10").fetchall()
    ]
    scope = Scope(frozenset(ids + more))
    one, year = ids[0], cur.execute("select max(year) from appraisal").fetchall()[0][0]
    unit = cur.execute("select unit_id from appraisal where institution_id = ? limit 1", [one]).fetchall()[0][
        0
    ]
    params = {"ids": ids, "one": one, "year": year, "unit": unit, "scope": sorted(scope.institutions)}
    for name in calls(cur, scope, ids, one, year, unit):
        # cold: a fresh connection to the file, first call
        fresh = duckdb.connect(str(db), read_only=True)
        cold = ms(calls(fresh.cursor(), scope, ids, one, year, unit)[name])
        fresh.close()
        fn = calls(cur, scope, ids, one, year, unit)[name]
        row = {"query": name, "cold": cold, "warm": None, "floor": None, "floor_fetch": None}
        if name in FLOORS:
            sql = FLOORS[name]
            used = {k: v for k, v in params.items() if f"${k}" in sql}
            floor_frame = cur.sql(sql, params=used).pl()
            got = fn()
            assert floor_frame.shape == got.shape, (name, floor_frame.shape, got.shape)  # the same question
            # function and floor run alternately, so both see the same machine load (other work shares the cores)
            fn_ms, floor_ms = [], []
            for _ in range(WARM_RUNS):
                fn_ms.append(ms(fn))
                floor_ms.append(ms(lambda s=sql, u=used: cur.sql(s, params=u).pl()))
            row["warm"], row["floor"] = statistics.median(fn_ms), statistics.median(floor_ms)
            row["floor_fetch"] = med(lambda s=sql, u=used: cur.sql(s, params=u).fetchall())
            row["rows"] = got.height
        else:
            row["warm"] = med(fn)
        rows.append(row)
    con.close()
    return rows


def build(scale: str, folder: Path) -> tuple[Path, float]:
    db = folder / scale / "pingyi.duckdb"
    if not db.exists():
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pingyi", "demo", "--scale", scale, "--db", str(db)],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        return db, time.perf_counter() - t0
    return db, float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="+", default=["small", "province"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/pingyi-bench"))
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"duckdb {duckdb.__version__}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores"
    )
    for scale in args.scales:
        db, built = build(scale, args.work)
        with duckdb.connect(str(db), read_only=True) as con:
            n = con.execute("select count(*) from appraisal").fetchall()[0][0]
        print(
            f"\n## {scale}: {n:,} unit-years, file {db.resolve().stat().st_size / 2**20:.0f} MiB"
            + (f", built in {built:.1f} s" if built == built else "")
        )
        print(f"load average before: {open('/proc/loadavg').read().split()[0]}")
        print("| query | rows | cold ms | warm ms | floor ms (.pl()) | floor ms (fetchall) | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for r in measure(db):
            if r["floor"] is None:
                print(f"| {r['query']} | | {r['cold']:.1f} | {r['warm']:.1f} | — | — | — |")
                continue
            print(
                f"| {r['query']} | {r['rows']:,} | {r['cold']:.1f} | {r['warm']:.1f} | {r['floor']:.1f} "
                f"| {r['floor_fetch']:.1f} | {r['warm'] / r['floor']:.2f}× |"
            )
        print(f"load average after: {open('/proc/loadavg').read().split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
