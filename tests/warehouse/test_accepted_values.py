"""Accepted values (as dbt's test of that name): every code column of the public views holds only the codes of
warehouse/vocabulary.py (unit types, modes, grades), or of the loader's record kinds and statuses — over the demo
warehouse and over one loaded from files (ratings with votes, a grade-only list, a roster, reports, a news item)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.demo import build_demo
from etl.load import KINDS, ingest
from warehouse import vocabulary as v
from warehouse.store import Store

DATA = Path(__file__).parents[1] / "data"
FILES = [
    "dashboard_ratings.csv",  # votes, two schemes
    "songxi_grades_2023.csv",  # grades only
    "songxi_roster_2022.csv",  # a roster: modes, no results
    "article_university_split.txt",  # a meeting with its on-site unit types
    "reports_meta.csv",
    "report_chemistry.docx",
]
# what etl_batches may say: a file's kind (etl.load.KINDS without "auto") or a demo build; its status
BATCH_KINDS = {*KINDS[1:], "demo"}
BATCH_STATUSES = {"loaded", "failed", "replaced", "superseded"}  # docs/warehouse.md, etl_batches
SCALES = {"grades", "score"}

# (view, column, accepted codes); list columns are checked element by element
COLUMNS = [
    ("units", "unit_type", set(v.UNIT_TYPES)),
    ("appraisal", "unit_type", set(v.UNIT_TYPES)),
    ("appraisal", "mode", set(v.MODES)),
    ("appraisal", "computed_grade", set(v.GRADES)),
    ("appraisal", "official_grade", set(v.GRADES)),
    ("appraisal", "final_grade", set(v.GRADES)),
    ("type_year", "unit_type", set(v.UNIT_TYPES)),
    ("meetings", "unit_types", set(v.UNIT_TYPES)),
    ("reports", "unit_type", set(v.UNIT_TYPES)),
    ("reports", "mode", set(v.MODES)),
    ("etl_batches", "kind", BATCH_KINDS),
    ("etl_batches", "status", BATCH_STATUSES),
    ("schemes", "scale", SCALES),
]


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory) -> dict[str, Store]:
    demo = Store.at(tmp_path_factory.mktemp("accepted-demo") / "w.duckdb")
    build_demo(demo, scale="small", seed=5)
    with demo.connect_read_only() as con:  # report metadata for two demo units, so reports match units
        rows = con.execute(
            "select institution, year, unit from appraisal where year = 2024 order by institution_id, unit_id limit 2"
        ).fetchall()
    meta = demo.pointer.with_name("demo_reports.csv")
    meta.write_text(
        "学校,年度,单位,述职人,述职方式,报告题目,述职日期\n"
        + "".join(f"{i},{y},{u},李某乙,书面述职,{u}{y}年度述职报告,2025-01-12\n" for i, y, u in rows),
        encoding="utf-8",
    )
    assert all(r.status == "loaded" for r in ingest(demo, [meta]))
    loaded = Store.at(tmp_path_factory.mktemp("accepted-files") / "w.duckdb")
    results = ingest(loaded, [DATA / name for name in FILES])
    assert all(r.status == "loaded" for r in results), [(r.source, r.status) for r in results]
    return {"demo": demo, "files": loaded}


def _values(store: Store, view: str, column: str) -> set[str]:
    with store.connect_read_only() as con:
        kind = con.execute(f"select column_type from (describe select {column} from {view})").fetchall()[0][0]
        pick = f"unnest({column})" if kind.endswith("[]") else column
        rows = con.execute(f"select distinct v from (select {pick} as v from {view}) where v is not null")
        return {r[0] for r in rows.fetchall()}


@pytest.mark.parametrize(("view", "column", "codes"), COLUMNS, ids=[f"{v}.{c}" for v, c, _ in COLUMNS])
def test_code_columns_hold_only_accepted_values(warehouses, view, column, codes):
    seen = set()
    for name, store in warehouses.items():
        values = _values(store, view, column)
        assert values <= codes, f"{name}: {view}.{column} holds {sorted(values - codes)}"
        seen |= values
    assert seen, f"{view}.{column} is empty in both warehouses: the check would prove nothing"


def test_the_file_warehouse_has_the_grade_only_and_roster_cases(warehouses):
    """The load covers what the demo does not: an official grade without votes, a unit-year known from a roster."""
    with warehouses["files"].connect_read_only() as con:
        grade_only, roster_only = con.execute(
            """
            select count(*) filter (where official_grade is not null and votes_good is null and score is null),
                count(*) filter (where final_grade is null and mode is not null)
            from appraisal
            """
        ).fetchall()[0]
    assert grade_only >= 6 and roster_only >= 6
