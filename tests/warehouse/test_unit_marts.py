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
