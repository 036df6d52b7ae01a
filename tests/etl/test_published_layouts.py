"""Results as offices publish them (grade lists, rosters, unknown headers) and what a load does to existing rows
(issue #12, issue #14's replacement rule): each asserted row by row in the `appraisal` view."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from etl.load import ingest
from etl.normalize import HEADER_ALIASES, canonical_header, header_key
from etl.sources.ratings import list_columns, parse_mapping
from pingyi.cli import app
from tests.etl.conftest import rows
from warehouse.load_report import LoadReport
from warehouse.store import Store

FIELDS = "unit, unit_type, secretary, mode, votes_good, score, official_grade, final_grade, computed_grade"


def appraisal(store, where: str = "true") -> dict[str, dict]:
    return {
        r["unit"]: r for r in rows(store, f"select institution, year, {FIELDS} from appraisal where {where}")
    }


def test_the_vocabulary_names_each_header_once_and_covers_published_headers():
    seen: dict[str, str] = {}
    for field, names in HEADER_ALIASES.items():
        for name in names:
            assert seen.setdefault(header_key(name), field) == field, (
                f"{name} is in {seen[header_key(name)]} and {field}"
            )
    expected = {
        "党支部": "unit",
        "党支部名称": "unit",
        "黨支部": "unit",
        "单位名称": "unit",
        "党组织名称": "unit",
        "所在党组织": "unit",
        "党支部书记": "secretary",
        "书记姓名": "secretary",
        "述职人": "secretary",
        "評議結果": "official_grade",
        "评价等次": "official_grade",
        "等级": "official_grade",
        "评定结果": "official_grade",
        "考核结果": "official_grade",
        "综合等次": "official_grade",
        "测评等次": "grade",
        "评议等次": "grade",
        "考核等次": "grade",
        "名次": "rank",
        "序號": "ignore",
        "述職方式": "mode",
        "grade": "grade",
        "votes": "votes",
        "rater_group": "rater_group",
        "remarks": "remarks",
    }
    assert {h: canonical_header(h) for h in expected} == expected


def test_a_grade_list_under_a_title_naming_a_college(store, data):
    """Title row merged across the columns, a header merged over two rows, an aggregate row, a secretary
    without a unit; the institution comes from the file name, the college in the title becomes the parent."""
    [result] = ingest(store, [data / "松岭大学_文理学院_考核结果.xlsx"])
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_rejected) == ("loaded", 7, 5, 2)
    reasons = {(r.row_number, r.reason, r.value) for r in result.rejects}
    assert reasons == {(8, "aggregate_row", "其他党支部(4个)"), (9, "secretary_without_unit", "孙某五")}
    assert "row 9" in next(r.message_en for r in result.rejects if r.row_number == 9)
    got = appraisal(store)
    assert {
        u: (r["institution"], r["year"], r["unit_type"], r["official_grade"]) for u, r in got.items()
    } == {
        "学生第一党支部": ("松岭大学", 2023, "branch", "good"),
        "教工党支部": ("松岭大学", 2023, "branch", "fairly_good"),
        "实验室党支部": ("松岭大学", 2023, "branch", "good"),
        "离退休党支部": ("松岭大学", 2023, "branch", "average"),
        "研究生第二党支部": ("松岭大学", 2023, "branch", "good"),
    }
    for (
        r
    ) in got.values():  # grade only: votes, score and the computed grade are null, the final grade is given
        assert (r["votes_good"], r["score"], r["computed_grade"]) == (None, None, None)
        assert r["final_grade"] == r["official_grade"]
    assert got["教工党支部"]["secretary"] == "陈某二"
    parents = rows(
        store,
        """select n.name, p.name as parent, pu.unit_type as parent_type from raw_units u
                             join raw_unit_names n using (unit_id) join raw_units pu on pu.unit_id = u.parent_unit_id
                             join raw_unit_names p on p.unit_id = pu.unit_id""",
    )
    assert {r["name"] for r in parents} == set(got)
    assert {(r["parent"], r["parent_type"]) for r in parents} == {("文理学院", "college")}
    assert rows(store, "select count(*) as n from etl_rejects") == [{"n": result.rows_rejected}]


def test_a_gb18030_grade_list_with_a_total_row(store, data):
    [result] = ingest(store, [data / "溪山学院_2022_评定结果.csv"])
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 4, 1)
    [total] = result.rejects
    assert (total.row_number, total.reason, total.value) == (5, "aggregate_row", "合计")
    got = appraisal(store)
    assert {
        u: (r["institution"], r["year"], r["unit_type"], r["secretary"], r["final_grade"])
        for u, r in got.items()
    } == {
        "临床科室党支部": ("溪山学院", 2022, "branch", "吴某甲", "good"),
        "护理系": ("溪山学院", 2022, "college", "郑某乙", "fairly_good"),
        "后勤": ("溪山学院", 2022, "administrative", "王某丙", "average"),
        "图书馆": ("溪山学院", 2022, "administrative", "冯某丁", "fairly_good"),
    }
    ranks = {
        r["unit"]: r["official_rank"]
        for r in rows(store, "select unit_name as unit, official_rank from raw_ratings")
    }
    assert ranks == {"临床科室党支部": 1, "护理系": 2, "后勤": 3, "图书馆": None}


EXPECTED_2023 = {  # unit: (secretary, mode, official grade) once the roster and the results are both in
    "文学院": ("周某甲", "onsite", "good"),
    "第一附属医院": ("吴某乙", "written", None),
    "机关": ("郑某丙", "written", "fairly_good"),
    "学生第二党支部": ("何某戊", "onsite", None),
    "学生第一党支部": ("王某丁", None, "good"),
}


def test_a_roster_in_traditional_script_loads_modes_and_secretaries(store, data):
    [result] = ingest(store, [data / "roster_traditional.csv"])
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 4, 0)
    got = appraisal(store)
    assert {u: (r["institution"], r["year"], r["secretary"], r["mode"]) for u, r in got.items()} == {
        "文学院": ("青石大学", 2023, "周某甲", "onsite"),
        "第一附属医院": ("青石大学", 2023, "吴某乙", "written"),
        "机关": ("青石大学", 2023, "郑某丙", "written"),
        "学生第二党支部": ("青石大学", 2023, "何某戊", "onsite"),
    }
    assert all(r["final_grade"] is None and r["votes_good"] is None for r in got.values())
    assert rows(store, "select count(*) as n from raw_ratings") == [{"n": 0}]


@pytest.mark.parametrize(
    "order",
    [
        ("roster_traditional.csv", "results_grades_2023.csv"),
        ("results_grades_2023.csv", "roster_traditional.csv"),
    ],
)
def test_a_roster_and_the_results_of_its_year_complete_the_same_unit_years(store, data, order):
    for name in order:
        [result] = ingest(store, [data / name])
        assert result.status == "loaded"
    got = appraisal(store)
    assert {u: (r["secretary"], r["mode"], r["official_grade"]) for u, r in got.items()} == EXPECTED_2023
    assert rows(store, "select count(*) as n, count(distinct unit_id) as units from appraisal") == [
        {"n": 5, "units": 5}
    ]


def test_both_in_one_ingest_are_one_row_per_unit_year(store, data):
    results = ingest(store, [data / "results_grades_2023.csv", data / "roster_traditional.csv"])
    assert [r.status for r in results] == ["loaded", "loaded"]
    got = appraisal(store)
    assert {u: (r["secretary"], r["mode"], r["official_grade"]) for u, r in got.items()} == EXPECTED_2023


def test_unrecognised_headers_are_refused_with_the_columns_found_then_load_with_a_map(store, data, tmp_path):
    path = data / "results_needs_map.csv"
    [refused] = ingest(store, [path], institution="松岭大学", year=2023)
    assert (refused.status, refused.rows_rejected) == ("failed", 1)
    assert refused.missing_fields == ["unit", "good|fairly_good|average|poor|score|official_grade|mode"]
    assert [c["header"] for c in refused.columns] == ["支部", "负责同志", "结论"]
    assert refused.columns[2]["samples"] == ["好", "一般"]
    message = refused.rejects[0].message_zh + refused.rejects[0].message_en
    assert "支部, 负责同志, 结论" in message and "--map" in message
    mapping = parse_mapping(["支部=unit,结论=official_grade", "负责同志=secretary"])
    assert [c["field"] for c in list_columns(path, mapping)] == ["unit", "secretary", "official_grade"]
    [loaded] = ingest(store, [path], institution="松岭大学", year=2023, mapping=mapping)
    assert (loaded.status, loaded.rows_loaded) == ("loaded", 2)
    got = appraisal(store)
    assert {u: (r["secretary"], r["final_grade"]) for u, r in got.items()} == {
        "松岭大学植物学院": ("韩某甲", "good"),
        "松岭大学动物学院": ("曹某乙", "average"),
    }


def test_the_cli_maps_saves_and_reuses_a_mapping(tmp_path, data):
    db, saved = tmp_path / "w.duckdb", tmp_path / "songling.toml"
    path = str(data / "results_needs_map.csv")
    runner = CliRunner()
    common = ["--db", str(db), "--institution", "松岭大学", "--year", "2023"]
    refused = runner.invoke(app, ["ingest", path, *common, "--json"])
    assert refused.exit_code == 1
    report = LoadReport.model_validate_json(refused.stdout)
    [file] = report.files
    assert (file.status, file.missing_fields[0], [c.header for c in file.columns]) == (
        "failed",
        "unit",
        ["支部", "负责同志", "结论"],
    )
    dry = runner.invoke(
        app,
        [
            "ingest",
            path,
            *common,
            "--dry-run",
            "--json",
            "--map",
            "支部=unit,负责同志=secretary,结论=official_grade",
            "--save-map",
            str(saved),
        ],
    )
    assert dry.exit_code == 0, dry.output
    report = LoadReport.model_validate_json(dry.stdout)
    assert [c.field for c in report.files[0].columns] == ["unit", "secretary", "official_grade"]
    assert [p["unit_name"] for p in report.files[0].preview] == ["松岭大学植物学院", "松岭大学动物学院"]
    assert [(c.institution, c.year, c.added) for c in report.changes] == [
        ("松岭大学", 2023, ["松岭大学动物学院", "松岭大学植物学院"])
    ]
    assert not Store.at(db).exists()  # neither the refused load nor the dry run made a version
    assert '"支部" = "unit"' in saved.read_text(encoding="utf-8")
    loaded = runner.invoke(app, ["ingest", path, *common, "--map-file", str(saved)])
    assert loaded.exit_code == 0, loaded.output
    assert "loaded" in loaded.output and "+2" in loaded.output
    bad = runner.invoke(app, ["ingest", path, *common, "--map", "支部=units"])
    assert bad.exit_code == 2 and "unknown field" in bad.output


def test_two_files_of_one_institution_year_add_up_and_a_unit_in_both_is_a_conflict(store, data):
    colleges, hospitals = data / "split_colleges.csv", data / "split_hospitals.csv"
    results = ingest(store, [colleges, hospitals])
    assert [(r.status, r.rows_loaded, r.rows_rejected) for r in results] == [
        ("loaded", 2, 1),
        ("loaded", 1, 1),
    ]
    for r, other in zip(results, ("split_hospitals.csv", "split_colleges.csv"), strict=True):
        [conflict] = r.rejects
        assert (conflict.reason, conflict.value) == ("conflict_between_files", "机关")
        assert other in conflict.message_en and other in conflict.message_zh
    got = appraisal(store)
    assert {u: r["votes_good"] for u, r in got.items()} == {"护理系": 9, "䶮山书院": 11, "附属医院": 12}
    [change] = results[0].changes
    assert (change["added"], change["removed"], change["needs_replace"]) == (
        ["䶮山书院", "护理系", "附属医院"],
        [],
        False,
    )
    assert rows(store, "select count(*) as n from etl_rejects") == [{"n": 2}]


def test_a_partial_resend_without_replace_changes_nothing_it_conflicts_with(store, data):
    [first] = ingest(store, [data / "resend_first.csv"])
    before = appraisal(store)
    [resend] = ingest(store, [data / "resend_corrected.csv"])
    # 植物学院 differs from the first batch (a conflict naming it), 动物学院's row is broken: nothing loads
    assert (resend.status, resend.rows_loaded, resend.rows_rejected) == ("failed", 0, 2)
    assert {(r.value, r.reason) for r in resend.rejects} == {
        ("植物学院", "conflict_earlier_batch"),
        ("八个左右", "not_a_count"),
    }
    assert first.batch_id in next(
        r.message_en for r in resend.rejects if r.reason == "conflict_earlier_batch"
    )
    assert appraisal(store) == before
    assert len(before) == 4


def test_a_partial_resend_with_replace_never_deletes_what_a_rejected_row_would_replace(store, data):
    ingest(store, [data / "resend_first.csv"])
    [dry] = ingest(store, [data / "resend_corrected.csv"], replace=True, dry_run=True)
    [change] = dry.changes
    assert (change["changed"], change["removed"], change["unchanged"]) == (
        ["植物学院"],
        ["学生第一党支部", "机关"],
        1,
    )
    assert change["large_removal"] is False  # 2 of 4 is not over the default share of one half
    [resend] = ingest(store, [data / "resend_corrected.csv"], replace=True)
    assert (resend.status, resend.rows_loaded, resend.rows_rejected) == ("loaded", 1, 1)
    got = appraisal(store)
    # 植物学院 replaced, 动物学院 kept (its row in the re-send was rejected), the two units left out removed
    assert {u: r["votes_good"] for u, r in got.items()} == {"植物学院": 12, "动物学院": 8}
    assert resend.changes == [change]


def test_a_rejected_row_without_a_unit_name_withholds_every_removal(store, data, tmp_path):
    ingest(store, [data / "resend_first.csv"])
    resend = tmp_path / "resend.csv"
    resend.write_text(
        "学校,年度,单位,好,较好,一般,差\n松岭大学,2022,植物学院党委,12,3,1,0\n松岭大学,2022,,1,1,1,1\n",
        encoding="utf-8",
    )
    [result] = ingest(store, [resend], replace=True)
    [change] = result.changes
    assert change["removed"] == [] and "#3" in change["blocked"]
    assert {u: r["votes_good"] for u, r in appraisal(store).items()} == {
        "植物学院": 12,
        "动物学院": 8,
        "机关": 6,
        "学生第一党支部": 9,
    }


def test_a_large_removal_is_flagged(store, data, tmp_path):
    ingest(store, [data / "resend_first.csv"])
    one = tmp_path / "one.csv"
    one.write_text("学校,年度,单位,好,较好,一般,差\n松岭大学,2022,植物学院党委,12,3,1,0\n", encoding="utf-8")
    [result] = ingest(store, [one], replace=True, dry_run=True, max_removed_share=0.5)
    [change] = result.changes
    assert (len(change["removed"]), change["removed_share"], change["large_removal"]) == (3, 0.75, True)
    assert any("over 50%" in n for n in result.notes)


def test_identical_rows_in_other_bytes_are_unchanged(store, data, tmp_path):
    ingest(store, [data / "resend_first.csv"])
    copy = tmp_path / "copy.csv"
    copy.write_text(
        (data / "resend_first.csv").read_text(encoding="utf-8").replace(",", ", "), encoding="utf-8"
    )
    [again] = ingest(store, [copy])
    assert again.status == "unchanged"
    assert len(rows(store, "select * from etl_batches")) == 1


def test_json_report_names_the_real_batch_and_counts_rejects(tmp_path, data):
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(
        app, ["ingest", str(data / "溪山学院_2022_评定结果.csv"), "--db", str(db), "--json"]
    )
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    [file] = report["files"]
    assert file["rows_rejected"] == len(file["rejects"]) == 1
    text = CliRunner().invoke(app, ["ingest", str(data / "松岭大学_文理学院_考核结果.xlsx"), "--db", str(db)])
    batch = rows_at(db, "select batch_id from etl_batches where source like '%文理学院%'")[0]["batch_id"]
    assert f"batch_id in ('{batch}')" in text.output


def rows_at(db, sql):
    from warehouse.store import Store

    with Store.at(db).connect_read_only() as con:
        return con.sql(sql).pl().to_dicts()


def test_one_file_per_rater_group_adds_up(store, tmp_path):
    header = "学校,年度,单位,票种,好,较好,一般,差,参评人数\n"
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(header + "溪山学院,2024,护理系党总支,A票,8,2,0,0,10\n", encoding="utf-8")
    b.write_text(header + "溪山学院,2024,护理系党总支,B票,12,6,2,0,20\n", encoding="utf-8")
    assert [r.status for r in ingest(store, [a, b])] == ["loaded", "loaded"]
    [row] = rows(store, "select unit, votes_good, voters from appraisal")
    assert row == {"unit": "护理系", "votes_good": 20, "voters": 30}


def test_a_grade_column_beside_vote_columns_is_the_official_grade_and_english_long_layout_pivots(
    store, tmp_path
):
    wide = tmp_path / "wide.csv"
    wide.write_text(
        "学校,年度,单位,好,较好,一般,差,评议等次\n溪山学院,2024,护理系党总支,9,6,1,0,较好\n", encoding="utf-8"
    )
    long = tmp_path / "long.csv"
    long.write_text(
        "institution,year,unit,rater_group,grade,votes\n溪山学院,2023,护理系,A,good,7\n"
        "溪山学院,2023,护理系,A,fairly_good,3\n",
        encoding="utf-8",
    )
    assert [r.status for r in ingest(store, [wide, long])] == ["loaded", "loaded"]
    got = {
        r["year"]: r
        for r in rows(
            store, "select year, votes_good, votes_fairly_good, official_grade, final_grade from appraisal"
        )
    }
    assert (got[2024]["votes_good"], got[2024]["official_grade"], got[2024]["final_grade"]) == (
        9,
        "fairly_good",
        "fairly_good",
    )
    assert (got[2023]["votes_good"], got[2023]["votes_fairly_good"], got[2023]["official_grade"]) == (
        7,
        3,
        None,
    )


def test_the_json_changes_say_when_a_resend_needs_replace(tmp_path, data):
    db = tmp_path / "w.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(data / "resend_first.csv"), "--db", str(db)]).exit_code == 0
    dry = runner.invoke(
        app, ["ingest", str(data / "resend_corrected.csv"), "--db", str(db), "--dry-run", "--json"]
    )
    report = LoadReport.model_validate_json(dry.stdout)
    [change] = report.changes
    assert (change.institution, change.year, change.record_kind) == ("松岭大学", 2022, "results")
    assert (change.needs_replace, change.added, change.changed, change.removed, change.unchanged) == (
        True,
        [],
        [],
        [],
        3,
    )  # 植物学院 conflicts; the other three stay
    assert "--replace" in change.blocked
    assert dry.exit_code == 1  # nothing of the re-send would load without --replace
    again = runner.invoke(
        app,
        ["ingest", str(data / "resend_corrected.csv"), "--db", str(db), "--dry-run", "--json", "--replace"],
    )
    [change] = LoadReport.model_validate_json(again.stdout).changes
    assert (change.needs_replace, change.changed, change.removed) == (
        False,
        ["植物学院"],
        ["学生第一党支部", "机关"],
    )
    assert again.exit_code == 0


def test_a_title_naming_a_registry_college_gives_the_institution_and_the_parent(store, data, tmp_path):
    ingest(store, [data / "units_registry.csv"])
    grades = tmp_path / "grades.csv"
    grades.write_text(
        "文学院党委2023年度党支部书记述职评议结果,,\n党支部名称,书记姓名,评议结果\n"
        "教工第一党支部,许某甲,好\n学生第三党支部,吕某乙,较好\n",
        encoding="utf-8",
    )
    [result] = ingest(store, [grades])
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    got = rows(
        store,
        """select a.institution, a.year, a.unit, a.final_grade, p.name as parent from appraisal a
                         join units u using (unit_id) join units p on p.unit_id = u.parent_unit_id order by a.unit""",
    )
    # the parent is the registry's unit QS-WX (文学院 until 2023), shown under its latest name
    assert [(r["institution"], r["year"], r["unit"], r["final_grade"], r["parent"]) for r in got] == [
        ("青石大学", 2023, "学生第三党支部", "fairly_good", "人文学院"),
        ("青石大学", 2023, "教工第一党支部", "good", "人文学院"),
    ]


def test_columns_of_a_two_row_header(data):
    band = list_columns(data / "ratings_band.xlsx")
    assert [(c["header"], c["field"]) for c in band][:3] == [
        ("单位类型", "unit_type"),
        ("二级党组织", "unit"),
        ("测评结果(票)/好", "good"),
    ]
    assert band[1]["samples"] == ["䶮山书院党总支", "护理系党总支", "后勤党委"]
