"""The marts behind `units` and `unit_names` (issue #18): rebuilt with the others when a batch loads, per institution
the load touched, they hold exactly what their calc views compute, so the views answer as when they aggregated every
rating row on each call."""

from __future__ import annotations

from pathlib import Path

from etl.load import ingest
from warehouse.schema import MARTS
from warehouse.store import Store

DATA = Path(__file__).parents[1] / "data"


def _differs(con, mart: str, calc: str) -> int:
    return con.execute(
        f"select count(*) from ((select * from {mart} except all select * from {calc})"
        f" union all (select * from {calc} except all select * from {mart}))"
    ).fetchall()[0][0]


def test_every_mart_equals_its_calc_view_after_incremental_loads(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    # one file per load: each refresh rebuilds only the institutions the file touched (a roster, then its results,
    # a file naming three institutions, then a resend that replaces rows)
    for name in (
        "songxi_roster_2022.csv",
        "songxi_grades_2023.csv",
        "dashboard_ratings.csv",
        "resend_first.csv",
        "resend_corrected.csv",
    ):
        results = ingest(store, [DATA / name], replace=name == "resend_corrected.csv")
        assert all(r.status == "loaded" for r in results), (name, [r.notes for r in results])
        with store.connect_read_only() as con:
            for mart, calc in MARTS:
                assert _differs(con, mart, calc) == 0, (name, mart)
    with store.connect_read_only() as con:
        assert {"mart_units", "mart_unit_name_years"} <= {m for m, _ in MARTS}
        # the views answer as the aggregates over every raw row that they were before
        for view, before in (("units", UNITS_BEFORE), ("unit_names", UNIT_NAMES_BEFORE)):
            assert _differs(con, view, f"({before})") == 0, view
        assert con.execute("select count(*) from units").fetchall()[0][0] > 10
        # a unit reported on the 2022 roster and graded in 2023 spans both years
        spans = con.execute(
            "select count(*) from units join institutions using (institution_id)"
            " where institutions.name = '松溪学院' and first_year = 2022 and last_year = 2023"
        ).fetchall()[0][0]
        assert spans == 6


# the two views as they were defined before the marts, aggregating raw_ratings and raw_roster on each call
OBSERVED = "select unit_id, year, unit_name, org_level from raw_ratings union all select unit_id, year, unit_name, org_level from raw_roster"
UNITS_BEFORE = f"""
    with observed as (
        select unit_id, min(year) as first_year, max(year) as last_year, arg_max(unit_name, year) as latest_name,
            arg_max(org_level, year) as latest_level
        from ({OBSERVED}) group by unit_id
    ),
    registered as (
        select unit_id, arg_max(name, coalesce(last_year, 9999)) as name, min(first_year) as first_year,
            max(last_year) as last_year
        from raw_unit_names group by unit_id
    )
    select u.unit_id, u.institution_id, coalesce(o.latest_name, r.name) as name, u.unit_type,
        coalesce(o.latest_level, u.org_level) as org_level, u.parent_unit_id,
        coalesce(o.first_year, r.first_year) as first_year, coalesce(o.last_year, r.last_year) as last_year
    from raw_units as u left join observed as o using (unit_id) left join registered as r using (unit_id)
"""
UNIT_NAMES_BEFORE = f"""
    with observed as (
        select unit_id, unit_name as name, min(year) as first_year, max(year) as last_year
        from ({OBSERVED}) group by unit_id, unit_name
    )
    select * from observed
    union all
    select n.unit_id, n.name, n.first_year, n.last_year from raw_unit_names as n
    where not exists (select 1 from observed as o where o.unit_id = n.unit_id and o.name = n.name)
"""


# the `reports` view as it was before mart_reports: the raw reports joined on each call
REPORTS_BEFORE = """
    select r.report_id, r.institution_id, i.name as institution, r.year, r.unit_id,
        coalesce(r.unit_name, u.name) as unit, u.unit_type, r.secretary, r.mode, r.title, r.report_date, r.text_chars,
        r.n_problems, r.n_measures, r.keywords, r.source, r.sha256
    from raw_reports as r left join raw_institutions as i using (institution_id)
    left join units as u on u.unit_id = r.unit_id
"""


def test_reports_mart_follows_report_loads_and_later_unit_loads(tmp_path):
    # a report file, then ratings of its institution (its units get names and types), then the reports again: each
    # incremental refresh keeps mart_reports equal to its calc view and the view to the joins it replaced
    store = Store.at(tmp_path / "w.duckdb")
    resent = tmp_path / "reports_meta_resent.csv"  # the same reports, one secretary's name corrected
    resent.write_text((DATA / "reports_meta.csv").read_text("utf-8").replace("周某甲", "周某丙"), "utf-8")
    for path, kind in (
        (DATA / "reports_meta.csv", "reports"),
        (DATA / "dashboard_ratings.csv", None),
        (resent, "reports"),
    ):
        results = ingest(store, [path], **({"kind": kind} if kind else {}))
        assert all(r.status == "loaded" for r in results), (path.name, [r.notes for r in results])
        name = path.name
        with store.connect_read_only() as con:
            assert _differs(con, "mart_reports", "calc_reports") == 0, name
            assert _differs(con, "reports", f"({REPORTS_BEFORE})") == 0, name
            assert con.execute("select count(*) from reports").fetchall()[0][0] >= 3, name
    with store.connect_read_only() as con:
        assert {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()} >= {
            "mart_reports"
        }
        assert con.execute("select count(*) from reports where secretary = '周某丙'").fetchall()[0][0] == 1
