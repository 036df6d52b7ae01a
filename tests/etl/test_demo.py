"""The demo warehouse (issue #2): fictional, deterministic, and showing every feature analysts chart."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from etl.demo import SCALES, YEARS, build_demo
from etl.normalize import infer_unit_type, institution_id, name_key, split_org_level, unit_id
from etl.sources.reports import STOP_WORDS
from warehouse import queries as qm
from warehouse.access import Scope
from warehouse.queries import Filters
from warehouse.store import Store

FICTIONAL_PERSON = re.compile(r"^[\u4e00-\u9fff]某[甲乙丙丁戊己庚辛壬癸]$")
REAL_UNIVERSITIES = {  # a sample of real names the demo must never use
    "北京大学",
    "清华大学",
    "复旦大学",
    "浙江大学",
    "南京大学",
    "武汉大学",
    "四川大学",
    "云南大学",
    "兰州大学",
    "新疆医科大学",
    "昆明医科大学",
    "湖南师范大学",
    "福建师范大学",
    "西南财经大学",
    "四川农业大学",
    "江南大学",
    "长江大学",
    "西北大学",
    "南昌大学",
    "山东大学",
    "中山大学",
    "湖北大学",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = Store.at(tmp_path_factory.mktemp("demo") / "w.duckdb")
    summary = build_demo(store, scale="small", seed=7)
    con = store.connect_read_only()
    yield store, summary, con
    con.close()


def q(con, sql: str, params=None) -> pl.DataFrame:
    return con.sql(sql, params=params).pl() if params else con.sql(sql).pl()


def test_summary_and_scales(demo):
    _store, summary, con = demo
    assert SCALES == ("small", "province", "national")
    assert summary["years"] == "2015–2025"
    assert summary["institutions"] == q(con, "select count(*) as n from institutions")["n"][0]
    assert summary["units"] == q(con, "select count(*) as n from units")["n"][0]
    assert summary["rating_rows"] == q(con, "select count(*) as n from raw_ratings")["n"][0]
    with pytest.raises(ValueError):
        build_demo(_store, scale="galactic")


def test_institutions_are_fictional_of_many_kinds_and_provinces(demo):
    _s, _sum, con = demo
    inst = q(con, "select * from institutions order by name")
    assert inst.height >= 8
    assert inst["is_demo"].all()
    assert inst["province"].n_unique() >= 3
    kinds = set(inst["kind"])
    assert {"medical", "comprehensive", "engineering", "normal", "vocational"} <= kinds
    assert len(kinds) >= 6
    assert inst["name"].n_unique() == inst.height
    assert inst["short_name"].null_count() == 0 and inst["short_name"].n_unique() == inst.height
    assert not set(inst["name"]) & REAL_UNIVERSITIES
    for row in inst.iter_rows(named=True):
        assert row["institution_id"] == institution_id(row["name"])
        assert re.search(r"(大学|学院)$", row["name"])


def test_medical_university_has_several_affiliated_hospitals(demo):
    _s, _sum, con = demo
    hospitals = q(
        con,
        """
        select i.name as institution, count(*) as n, list(u.name) as names
        from units as u join institutions as i using (institution_id)
        where i.kind = 'medical' and u.unit_type = 'affiliated_hospital'
        group by all
        """,
    )
    best = hospitals.sort("n", descending=True).row(0, named=True)
    assert best["n"] >= 4
    assert {"第一附属医院", "第二附属医院", "口腔医院", "第五附属医院(第五临床医学院)"} <= set(best["names"])


def test_years_and_one_missing_year(demo):
    _s, _sum, con = demo
    years = q(con, "select distinct year from appraisal order by year")["year"].to_list()
    assert years == list(range(2015, 2026)) == list(YEARS)
    per_inst = q(
        con, "select institution_id, list(year order by year) as years from institution_year group by 1"
    )
    short = [r for r in per_inst.iter_rows(named=True) if len(r["years"]) < 11]
    assert len(short) == 1
    assert set(range(2015, 2026)) - set(short[0]["years"]) == {2020}
    others = per_inst.filter(pl.col("institution_id") != short[0]["institution_id"])
    assert (others["years"].list.len() == 11).all()
    gap = q(
        con,
        "select count(*) as n from meetings where institution_id = ? and appraisal_year = 2020",
        [short[0]["institution_id"]],
    )
    assert gap["n"][0] == 0


def test_units_per_institution_cover_all_types(demo):
    _s, _sum, con = demo
    per = q(
        con, "select institution_id, count(*) as n, count(distinct unit_type) as types from units group by 1"
    )
    assert per["n"].min() >= 20 and per["n"].max() <= 60
    assert (per["types"] == 4).all()
    types = set(q(con, "select distinct unit_type from units")["unit_type"])
    assert types == {"affiliated_hospital", "college", "branch", "administrative"}


def test_unit_names_infer_to_the_assigned_type(demo):
    _s, _sum, con = demo
    names = q(con, "select n.name, u.unit_type from unit_names as n join units as u using (unit_id)")
    for name, unit_type in names.iter_rows():
        assert infer_unit_type(name) == unit_type, name
    written = q(con, "select distinct unit, org_level, unit_type from appraisal")
    for unit, level, unit_type in written.iter_rows():
        full = unit if unit.endswith(level) else unit + level
        assert infer_unit_type(full) == unit_type, full


def test_every_name_the_larger_scales_may_use_infers_to_its_type():
    from etl import demo as d

    hospitals = [(n, "党委") for n in d._HOSPITALS_MEDICAL_REQUIRED + d._HOSPITALS_MEDICAL_MORE]
    cases = [(n + lv, "affiliated_hospital") for n, lv in hospitals + list(d._HOSPITAL_OTHER)]
    cases += [(n + lv, "college") for pool in d._COLLEGES.values() for n in pool for lv in ("党委", "党总支")]
    cases += [(n, "branch") for n in d._BRANCHES]
    cases += [(n + lv, "administrative") for n, lv in d._ADMIN_REQUIRED + d._ADMIN_MORE]
    cases += [(d._RENAME[2] + "党委", "college")]
    for full, unit_type in cases:
        assert infer_unit_type(full) == unit_type, full
        assert infer_unit_type(split_org_level(full)[0]) == unit_type, full
    for pool in d._COLLEGES.values():
        assert len(set(pool)) == len(pool)


def test_org_levels_and_ids(demo):
    _s, _sum, con = demo
    levels = set(q(con, "select distinct org_level from appraisal")["org_level"])
    assert levels <= {"党委", "党总支", "直属党支部", "党支部"} and len(levels) == 4
    assert q(con, "select count(*) as n from units where org_level is null")["n"][0] == 0
    raw = q(
        con,
        "select n.unit_id, n.name, n.name_key, u.institution_id from raw_unit_names as n "
        "join raw_units as u using (unit_id) order by n.unit_id, n.first_year",
    )
    assert all(k == name_key(n) for n, k in zip(raw["name"], raw["name_key"], strict=True))
    first = raw.unique(subset="unit_id", keep="first", maintain_order=True)
    for uid, name, _k, iid in first.iter_rows():
        assert uid == unit_id(iid, name_key(name))
    assert (
        q(con, "select count(*) as n from raw_unit_names where first_year is null or last_year is null")["n"][
            0
        ]
        == 0
    )


def test_rename_keeps_the_unit_id(demo):
    _s, _sum, con = demo
    renamed = q(con, "select unit_id from unit_names group by 1 having count(*) = 2")["unit_id"]
    assert renamed.len() == 1
    uid = renamed[0]
    history = q(
        con, "select name, first_year, last_year from unit_names where unit_id = ? order by first_year", [uid]
    ).rows()
    assert history == [("信息工程学院", 2015, 2020), ("计算机与人工智能学院", 2021, 2025)]
    by_year = dict(q(con, "select year, unit from appraisal where unit_id = ?", [uid]).rows())
    assert by_year[2020] == "信息工程学院" and by_year[2021] == "计算机与人工智能学院"
    assert q(con, "select name from units where unit_id = ?", [uid])["name"][0] == "计算机与人工智能学院"


def test_upgrade_from_general_branch_to_committee(demo):
    _s, _sum, con = demo
    changed = q(con, "select unit_id from appraisal group by 1 having count(distinct org_level) > 1")[
        "unit_id"
    ]
    assert changed.len() == 1
    levels = dict(q(con, "select year, org_level from appraisal where unit_id = ?", [changed[0]]).rows())
    assert {levels[y] for y in range(2015, 2019)} == {"党总支"}
    assert {levels[y] for y in range(2019, 2026)} == {"党委"}
    assert q(con, "select org_level from units where unit_id = ?", [changed[0]])["org_level"][0] == "党委"


def test_weighted_rater_groups_and_pooled_elsewhere(demo):
    _s, _sum, con = demo
    groups = q(
        con,
        """
        select s.institution_id, g.rater_group, g.weight
        from raw_scheme_groups as g join raw_schemes as s using (scheme_id)
        order by all
        """,
    )
    weighted = groups["institution_id"].unique()
    assert weighted.len() >= 2
    for iid in weighted:
        assert dict(
            groups.filter(pl.col("institution_id") == iid).select("rater_group", "weight").rows()
        ) == {"A票": 0.6, "B票": 0.4}
    rated = q(
        con,
        "select institution_id, rater_group, min(voters) as lo, max(voters) as hi from raw_ratings "
        "group by all",
    )
    for iid in weighted:
        mine = {
            r["rater_group"]: r for r in rated.filter(pl.col("institution_id") == iid).iter_rows(named=True)
        }
        assert set(mine) == {"A票", "B票"}
        assert 10 <= mine["A票"]["lo"] and mine["A票"]["hi"] <= 25
        assert 15 <= mine["B票"]["lo"] and mine["B票"]["hi"] <= 45
    others = rated.filter(~pl.col("institution_id").is_in(weighted.implode()))
    assert others.group_by("institution_id").len()["len"].max() == 1
    assert set(others["rater_group"]) <= {"", "全体"}


def test_scheme_change_visible_in_institution_year(demo):
    _s, _sum, con = demo
    labels = q(
        con, "select institution_id, count(distinct scheme_label) as n from institution_year group by 1"
    )
    changed = labels.filter(pl.col("n") == 2)["institution_id"]
    assert changed.len() == 1
    by_year = dict(
        q(
            con, "select year, scheme_label from institution_year where institution_id = ?", [changed[0]]
        ).rows()
    )
    assert len({by_year[y] for y in range(2015, 2020)}) == 1
    assert len({by_year[y] for y in range(2020, 2026)}) == 1
    assert by_year[2019] != by_year[2020]
    for label in (by_year[2019], by_year[2020]):
        assert "口径" in label and "分值" in label
    assert "好100/较好85/一般70/差50" in by_year[2020] and "好≥92" in by_year[2020]


def test_onsite_rotation(demo):
    _s, _sum, con = demo
    rows = q(con, "select unit_id, year, mode from appraisal order by unit_id, year")
    assert set(rows["mode"]) == {"onsite", "written"}
    share = (rows["mode"] == "onsite").mean()
    assert 0.15 < share < 0.45
    spans = rows.group_by("unit_id").agg(
        pl.col("year").min().alias("first"),
        pl.col("year").max().alias("last"),
        (pl.col("mode") == "onsite").sum().alias("onsite"),
    )
    long_lived = spans.filter(pl.col("last") - pl.col("first") >= 5)
    assert (long_lived["onsite"] >= 1).all()
    # new units report in writing in their first year
    new_units = spans.filter(pl.col("first") > 2015)
    assert new_units.height >= 1
    first_modes = rows.join(
        new_units.select("unit_id", pl.col("first").alias("year")), on=["unit_id", "year"]
    )
    assert set(first_modes["mode"]) == {"written"}


def test_secretaries_are_fictional_and_change_every_3_to_6_years(demo):
    _s, _sum, con = demo
    everyone = q(con, "select unit_id, year, secretary, institution_id from appraisal order by unit_id, year")
    assert everyone["secretary"].null_count() == 0
    assert all(FICTIONAL_PERSON.match(s) for s in everyone["secretary"].unique())
    # terms are measured where no year is missing (a gap hides when a term ended)
    complete = q(con, "select institution_id from institution_year group by 1 having count(*) = 11")
    rows = everyone.join(complete, on="institution_id")
    runs = (
        rows.with_columns(
            (pl.col("secretary") != pl.col("secretary").shift(1).over("unit_id"))
            .fill_null(True)
            .cum_sum()
            .over("unit_id")
            .alias("run")
        )
        .group_by("unit_id", "run")
        .agg(pl.col("year").max().alias("end"))
        .sort("unit_id", "run")
        .with_columns(
            pl.col("end").shift(1).over("unit_id").alias("prev_end"),  # a year may be missing: count from it
            (pl.col("run") == pl.col("run").max().over("unit_id")).alias("last"),
        )
    )
    interior = runs.filter(pl.col("prev_end").is_not_null() & ~pl.col("last"))
    lengths = interior["end"] - interior["prev_end"]  # from the predecessor's last year to this one's
    assert interior.height > 50
    assert lengths.min() >= 3 and lengths.max() <= 6
    changes = runs.group_by("unit_id").len()
    assert (changes["len"] >= 2).mean() > 0.8


def test_votes_are_tallies_that_add_up(demo):
    _s, _sum, con = demo
    raw = q(con, "select * from raw_ratings")
    total = raw["votes_good"] + raw["votes_fairly_good"] + raw["votes_average"] + raw["votes_poor"]
    assert (total + raw["abstain"] == raw["voters"]).all()
    assert raw["voters"].min() >= 10 and raw["voters"].max() <= 60
    assert raw["abstain"].min() >= 0 and raw["abstain"].max() <= 3 and raw["abstain"].sum() > 0
    assert raw["votes_poor"].sum() > 0 and raw["votes_average"].sum() > 0
    assert raw["score"].null_count() == raw.height  # votes only, never a made-up score
    appraisal = q(con, "select * from appraisal")
    assert appraisal["score"].null_count() == 0
    assert appraisal.select(pl.struct("institution_id", "year", "unit_id").is_unique().all()).item()


def test_unit_types_genuinely_differ(demo):
    _s, _sum, con = demo
    means = dict(q(con, "select unit_type, avg(score) as s from appraisal group by 1").rows())
    assert means["affiliated_hospital"] - means["administrative"] > 1.0
    assert means["college"] - means["administrative"] > 1.0
    trend = dict(
        q(
            con,
            "select year >= 2023 as late, avg(mean_score) as s from type_year "
            "where unit_type = 'affiliated_hospital' and (year <= 2017 or year >= 2023) group by 1",
        ).rows()
    )
    assert trend[True] - trend[False] > 1.0  # hospitals improve over the years
    spread = dict(q(con, "select unit_type, stddev(score) as s from appraisal group by 1").rows())
    assert spread["branch"] > spread["college"]  # branches are noisier
    grades = set(q(con, "select distinct final_grade from appraisal")["final_grade"])
    assert {"good", "fairly_good", "average"} <= grades


def test_official_grades_and_ranks(demo):
    _s, _sum, con = demo
    a = q(con, "select institution_id, official_grade, computed_grade from appraisal")
    given = a.filter(pl.col("official_grade").is_not_null())
    assert 0 < given.height < a.height / 2
    differ = given.filter(pl.col("official_grade") != pl.col("computed_grade"))
    assert differ["institution_id"].n_unique() == 1
    assert 1 <= differ.height <= 5
    assert set(differ["official_grade"]) == {"fairly_good"} and set(differ["computed_grade"]) == {"good"}
    ranked = q(
        con,
        """
        select distinct r.institution_id, r.year, r.unit_id, r.official_rank, a.rank
        from raw_ratings as r join appraisal as a using (institution_id, year, unit_id)
        where r.official_rank is not null
        """,
    )
    assert ranked["institution_id"].n_unique() == 1
    assert (ranked["official_rank"] == ranked["rank"]).all()


def test_meetings_one_per_institution_year(demo):
    _s, _sum, con = demo
    m = q(con, "select * from meetings")
    iy = q(con, "select institution_id, year, n_units, n_onsite, n_written from institution_year")
    assert m.height == iy.height
    assert m.select(pl.struct("institution_id", "appraisal_year").is_unique().all()).item()
    joined = m.join(iy, left_on=["institution_id", "appraisal_year"], right_on=["institution_id", "year"])
    assert joined.height == iy.height
    assert (joined["onsite_count"] == joined["n_onsite"]).all()
    assert (joined["written_count"] == joined["n_written"]).all()
    assert (joined["total_units"] == joined["n_units"]).all()
    for row in m.iter_rows(named=True):
        y = row["appraisal_year"]
        assert dt.date(y, 12, 10) <= row["meeting_date"] <= dt.date(y + 1, 3, 20)
    assert set(m["meeting_level"]) == {"institution"}
    assert set(m["source"]) == {"演示数据"}
    assert all("虚构" in c for c in m["chair"])


def test_one_demo_batch(demo):
    _s, summary, con = demo
    b = q(con, "select * from etl_batches")
    assert b.height == 1
    row = b.row(0, named=True)
    assert row["kind"] == "demo" and row["status"] == "loaded"
    assert row["rows_loaded"] == summary["rating_rows"] and row["rows_rejected"] == 0
    assert q(con, "select count(distinct batch_id) as n from raw_ratings")["n"][0] == 1
    assert set(q(con, "select distinct batch_id from raw_reports")["batch_id"]) == {row["batch_id"]}


def test_fictional_reports_loaded_through_the_report_reader(demo):
    """The demo's 述职报告 were read back by the ingest's reader: counts, keywords and units come from the text."""
    _s, summary, con = demo
    reports = q(con, "select * from reports order by institution, unit, year")
    assert 12 <= reports.height <= 30 and summary["reports"] == reports.height
    assert reports["institution"].n_unique() >= 3 and reports["year"].n_unique() >= 3
    assert {"affiliated_hospital", "college", "branch"} <= set(reports["unit_type"])
    assert reports["unit_id"].null_count() == 0  # every report matched to its demo unit in that year
    assert q(con, "select count(*) as n from raw_institutions where not is_demo")["n"][0] == 0
    # the secretary read from the byline is the one the ratings name for that unit and year; the 述职安排 sheet's
    # row and the document are one report (not two), with the sheet's mode and date
    ratings = q(con, "select distinct unit_id, year, secretary as rated, mode as rated_mode from raw_ratings")
    joined = reports.join(ratings, on=["unit_id", "year"], how="left")
    assert joined["secretary"].to_list() == joined["rated"].to_list()
    assert joined["mode"].to_list() == joined["rated_mode"].to_list()
    assert reports["report_date"].null_count() == 0
    assert all(d.year == y + 1 and d.month == 1 for d, y in reports.select("report_date", "year").rows())
    assert reports.select("institution", "year", "unit").n_unique() == reports.height
    assert all(FICTIONAL_PERSON.match(s) for s in reports["secretary"])
    for row in reports.iter_rows(named=True):
        assert str(row["year"]) in row["title"] and row["title"].endswith("述职报告")
        assert 2 <= row["n_problems"] <= 4 and 3 <= row["n_measures"] <= 5
        assert row["keywords"] and not set(row["keywords"]) & STOP_WORDS
        assert row["source"].startswith("演示数据/述职报告/")
    suffixes = {s.rsplit(".", 1)[-1] for s in reports["source"]}
    assert suffixes == {"docx", "txt"}
    assert reports["n_problems"].n_unique() > 1 and reports["n_measures"].n_unique() > 1


def test_report_search_and_keyword_trends_work_on_the_demo(demo):
    _s, _sum, con = demo
    scope = Scope.everything()
    hospitals = qm.reports(con, Filters(scope=scope), search="负责制")  # a hospital word (院长负责制)
    assert not hospitals.is_empty()
    assert set(hospitals["unit_type"]) == {"affiliated_hospital"}
    trends = qm.report_keywords(con, Filters(scope=scope))
    assert trends["year"].n_unique() >= 3
    # a word more reports use each year (数字化, etl.demo_reports._RISING) rises in the trend read from the text
    rising = dict(trends.filter(pl.col("keyword") == "数字化").select("year", "share").rows())
    assert 2022 not in rising and rising[2023] < rising[2024] < rising[2025] == 1.0


def _snapshot(store: Store) -> dict[str, pl.DataFrame]:
    con = store.connect_read_only()
    try:
        tables = [
            "raw_institutions",
            "raw_units",
            "raw_unit_names",
            "raw_schemes",
            "raw_scheme_groups",
            "raw_ratings",
            "raw_meetings",
            "raw_reports",
        ]
        out = {t: q(con, f"select * from {t} order by all") for t in tables}
        out["appraisal"] = q(con, "select * from appraisal order by all")
        out["batches"] = q(con, "select * exclude (loaded_at) from raw_etl_batches order by all")
        return out
    finally:
        con.close()


def test_deterministic_for_a_seed_and_different_for_another(demo, tmp_path):
    store, _sum, _con = demo
    again = Store.at(tmp_path / "again.duckdb")
    build_demo(again, seed=7)
    first, second = _snapshot(store), _snapshot(again)
    for name, frame in first.items():
        assert frame.equals(second[name]), name
    other = Store.at(tmp_path / "other.duckdb")
    build_demo(other, seed=8)
    third = _snapshot(other)
    assert not first["appraisal"].equals(third["appraisal"])
    assert first["raw_institutions"].drop("batch_id").equals(third["raw_institutions"].drop("batch_id"))


def test_rerun_is_idempotent_and_leaves_other_data_alone(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    with store.write() as w:
        w.con.execute(
            "insert into raw_institutions (institution_id, name, is_demo) values ('i_real', '某测试学院', false)"
        )
        w.con.execute(
            "insert into raw_units (unit_id, institution_id, unit_type) values ('u_real', 'i_real', 'college')"
        )
        w.con.execute(
            "insert into raw_ratings (batch_id, institution_id, year, unit_id, unit_name, votes_good, voters) "
            "values ('b1', 'i_real', 2024, 'u_real', '文学院', 10, 10)"
        )
    build_demo(store, seed=7)
    once = _snapshot(store)
    build_demo(store, seed=7)
    twice = _snapshot(store)
    for name in once:
        assert once[name].equals(twice[name]), name
    build_demo(store, seed=8)
    con = store.connect_read_only()
    try:
        assert q(con, "select count(*) as n from appraisal where institution_id = 'i_real'")["n"][0] == 1
        assert (
            q(con, "select count(*) as n from institutions where is_demo")["n"][0]
            == once["raw_institutions"].height - 1
        )
        dupes = q(
            con,
            "select institution_id, year, unit_id, rater_group, count(*) as n from raw_ratings "
            "group by all having n > 1",
        )
        assert dupes.height == 0
        batches = dict(q(con, "select batch_id, status from etl_batches where kind = 'demo'").rows())
        assert batches == {"demo-small-s7": "replaced", "demo-small-s8": "loaded"}
        assert (
            q(con, "select count(distinct batch_id) as n from raw_ratings where institution_id <> 'i_real'")[
                "n"
            ][0]
            == 1
        )
    finally:
        con.close()
