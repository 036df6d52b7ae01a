"""The minimum-voter rule lives in the query layer: a unit-year with raters, but fewer than the minimum, has its
votes by grade withheld (null counts, votes_withheld) from every answer — the unit questions, pooled votes — and
from the Parquet lake (`export_lake`, `pingyi export lake`), while its number of raters and its rates stay.

Hand-made raw rows: 甲大学 (i1) in 2023 with 物理学院 a1 (10 raters), 化学学院 a2 (4 raters in two rater groups of 2) and
文学院 a3 (no voters given; 2 graded votes, so 2 raters)."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from tests.warehouse.conftest import read
from warehouse import lake, queries
from warehouse.access import Scope
from warehouse.queries import Filters

ALL = Scope.everything()
VOTES = ["votes_good", "votes_fairly_good", "votes_average", "votes_poor"]


@pytest.fixture
def small(con, raw):
    for uid in ("a1", "a2", "a3"):
        raw.unit(uid)
    raw.rating("a1", votes_good=6, votes_fairly_good=2, votes_average=2, votes_poor=0, voters=10)
    raw.rating(
        "a2", rater_group="A票", votes_good=1, votes_fairly_good=0, votes_average=1, votes_poor=0, voters=2
    )
    raw.rating(
        "a2", rater_group="B票", votes_good=1, votes_fairly_good=1, votes_average=0, votes_poor=0, voters=2
    )
    raw.rating("a3", votes_good=1, votes_fairly_good=0, votes_average=0, votes_poor=1)
    read(con, "select 1")  # rebuild the marts
    return con


def test_unit_history_withholds_the_votes_of_a_small_electorate(small):
    got = {r["unit_id"]: r for r in queries.unit_metric_values(small, Filters(scope=ALL)).to_dicts()}
    assert {u: got[u]["voters"] for u in got} == {"a1": 10, "a2": 4, "a3": 2}
    big = queries.unit_history(small, scope=ALL, unit_id="a1").row(0, named=True)
    assert [big[c] for c in VOTES] == [6, 2, 2, 0] and big["votes_withheld"] is False
    for uid, raters in (("a2", 4), ("a3", 2)):  # a3 gave no voters: its 2 graded votes
        row = queries.unit_history(small, scope=ALL, unit_id=uid).row(0, named=True)
        assert [row[c] for c in VOTES] == [None] * 4, uid
        assert row["votes_withheld"] is True and row["voters"] == raters
        assert row["good_rate"] is not None  # rates and scores are not a breakdown of the votes
    # the minimum is the caller's: at 2 raters a3 is shown
    shown = queries.unit_history(small, scope=ALL, unit_id="a3", min_voters=2).row(0, named=True)
    assert [shown[c] for c in VOTES] == [1, 0, 0, 1] and shown["votes_withheld"] is False


def test_votes_by_rater_group_keep_their_rows_without_the_counts(small):
    votes = queries.unit_votes_by_group(small, scope=ALL, unit_id="a2")
    assert votes.rows() == [
        (2023, "A票", None, None, None, None, True),
        (2023, "B票", None, None, None, None, True),
    ]
    shown = queries.unit_votes_by_group(small, scope=ALL, unit_id="a2", min_voters=4)
    assert shown.rows() == [(2023, "A票", 1, 0, 1, 0, False), (2023, "B票", 1, 1, 0, 0, False)]
    assert queries.unit_votes_by_group(small, scope=ALL, unit_id="a1").rows() == [
        (2023, "全体", 6, 2, 2, 0, False)
    ]


def test_pooled_votes_leave_out_the_withheld_units(small):
    pooled = queries.pooled_votes(small, Filters(scope=ALL)).row(0, named=True)
    assert (pooled["votes_good"], pooled["votes_positive"], pooled["graded_votes"]) == (6, 8, 10)  # a1 only
    everyone = queries.pooled_votes(small, Filters(scope=ALL), min_voters=0).row(0, named=True)
    assert (everyone["votes_good"], everyone["graded_votes"]) == (6 + 2 + 1, 10 + 4 + 2)


def _lake_rows(root, table: str) -> dict[str, dict]:
    with lake.open_lake(str(root)) as view:
        frame = (
            view.sql(f"select * from {table} order by unit_id, rater_group").pl()
            if table != "appraisal"
            else (view.sql("select * from appraisal order by unit_id").pl())
        )
    return frame


def test_the_lake_holds_the_withheld_votes_as_null(small, tmp_path):
    snap = lake.export_lake(small, tmp_path / "lake")
    assert snap.manifest["min_voters"] == queries.DEFAULT_MIN_VOTERS == 5
    appraisal = {r["unit_id"]: r for r in _lake_rows(tmp_path / "lake", "appraisal").to_dicts()}
    assert [appraisal["a1"][c] for c in VOTES] == [6, 2, 2, 0]
    assert [appraisal["a2"][c] for c in VOTES] == [None] * 4 and appraisal["a2"]["voters"] == 4
    # a3 gave no voters: its number of raters (2 graded votes) stays, the votes go
    assert [appraisal["a3"][c] for c in VOTES] == [None] * 4 and appraisal["a3"]["voters"] == 2
    groups = _lake_rows(tmp_path / "lake", "unit_group_votes")
    assert groups.filter(pl.col("unit_id") == "a2").select(VOTES).null_count().row(0) == (2, 2, 2, 2)
    assert groups.filter(pl.col("unit_id") == "a1").select(VOTES).rows() == [(6, 2, 2, 0)]
    # a lake exported without a minimum holds every vote
    every = lake.export_lake(small, tmp_path / "all", min_voters=0)
    assert every.manifest["min_voters"] == 0
    assert _lake_rows(tmp_path / "all", "appraisal").select(VOTES).null_count().row(0) == (0, 0, 0, 0)


def test_the_query_layer_answers_alike_over_the_file_and_the_lake(small, tmp_path):
    lake.export_lake(small, tmp_path / "lake")
    f = Filters(scope=ALL)
    with lake.open_lake(str(tmp_path / "lake")) as view:
        for ask in (
            lambda cur: queries.pooled_votes(cur, f),
            lambda cur: queries.type_trend(cur, f),
            lambda cur: queries.institution_trend(cur, f),
            lambda cur: queries.unit_metric_values(cur, f),
            *(lambda cur, u=u: queries.unit_history(cur, scope=ALL, unit_id=u) for u in ("a1", "a2", "a3")),
            *(lambda cur, u=u: queries.unit_votes_by_group(cur, scope=ALL, unit_id=u) for u in ("a1", "a2")),
        ):
            assert_frame_equal(ask(view.cursor()), ask(small.cursor()))


def test_pingyi_export_lake_takes_the_minimum_from_the_settings(small, tmp_path, monkeypatch):
    from pingyi.cli import app
    from warehouse.store import Store

    store = Store.at(tmp_path / "w.duckdb")
    with store.write() as writer:  # the same raw rows in a real versioned warehouse
        for table in ("raw_institutions", "raw_units", "raw_unit_names", "raw_ratings"):
            rows = small.sql(f"select * from {table}").fetchall()
            marks = ", ".join("?" * len(small.sql(f"select * from {table}").columns))
            writer.con.executemany(f"insert into {table} values ({marks})", rows)
    runner = CliRunner()
    for minimum, withheld in (("3", 1), ("11", 3)):  # a3 alone (2 raters), then every unit (a1 has 10)
        monkeypatch.setenv("PINGYI_MIN_VOTERS", minimum)
        out = tmp_path / f"lake{minimum}"
        result = runner.invoke(app, ["export", "lake", str(out), "--db", str(store.pointer)])
        assert result.exit_code == 0, result.output
        with duckdb.connect() as check, lake.open_lake(str(out)) as view:
            assert check is not None
            nulls = view.sql("select count(*) from appraisal where votes_good is null").fetchall()[0][0]
        assert nulls == withheld, minimum
