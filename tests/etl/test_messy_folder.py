"""The messy-fixture folder (tests/data/ratings_*) loads with the expected appraisal rows and rejects."""

from __future__ import annotations

import shutil

import pytest

from etl.load import ingest
from etl.sources.ratings import read_ratings_detailed
from tests.etl.conftest import rows

EARLIER = ("ratings_bad.csv", "ratings_canonical.csv")  # years the folder's other files send again


@pytest.fixture
def loaded(store, data, tmp_path):
    """The two files whose institution-years other files of the folder re-send load first; the rest of the
    folder then replaces those years (--replace), as an office's corrected re-send would."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(data.glob("ratings_*")):
        if path.name not in EARLIER:
            shutil.copy(path, folder / path.name)
    results = {r.source.rsplit("/", 1)[-1]: r for r in ingest(store, [data / n for n in EARLIER])}
    results |= {r.source.rsplit("/", 1)[-1]: r for r in ingest(store, [folder], replace=True)}
    return store, results


def test_files_of_one_ingest_that_send_the_same_units_conflict_naming_each_other(store, data, tmp_path):
    folder = tmp_path / "all"
    folder.mkdir()
    for path in sorted(data.glob("ratings_*")):
        shutil.copy(path, folder / path.name)
    results = {r.source.rsplit("/", 1)[-1]: r for r in ingest(store, [folder])}
    conflicts = {
        n: {x.detail for x in r.rejects if x.reason == "conflict_between_files"} for n, r in results.items()
    }
    assert {n: d for n, d in conflicts.items() if d} == {
        "ratings_canonical.csv": {"= ratings_group_bands.xlsx"},
        "ratings_group_bands.xlsx": {"= ratings_canonical.csv"},
        "ratings_bad.csv": {"= ratings_messy_headers.csv"},
        "ratings_messy_headers.csv": {"= ratings_bad.csv"},
    }
    # nothing silently replaced, no unit half from one file and half from the other: 青石大学 2023 keeps the
    # one unit only ratings_canonical.csv sends, with both its rater groups (A 9 + B 15 好)
    got = appraisal_of(store, "青石大学", 2023)
    assert {u: r["votes_good"] for u, r in got.items()} == {"第一附属医院": 24}
    assert results["ratings_group_bands.xlsx"].status == "failed"  # its every row conflicted


def appraisal_of(store, institution: str, year: int) -> dict[str, dict]:
    got = rows(store, "select * from appraisal where institution = ? and year = ?", [institution, year])
    return {r["unit"]: r for r in got}


def test_every_file_in_the_folder_loads(loaded):
    store, results = loaded
    assert len(results) == 15
    assert {name: r.status for name, r in results.items() if r.status != "loaded"} == {}
    expected_rejects = {
        "ratings_bad.csv": 11,
        "ratings_long.csv": 1,
        "ratings_title.xlsx": 1,
        "ratings_gb18030_title.csv": 1,
    }  # the 合计 rows
    assert {n: r.rows_rejected for n, r in results.items() if r.rows_rejected} == expected_rejects


def test_two_row_header_with_band_and_merged_type_cells(loaded):
    store, _ = loaded
    got = appraisal_of(store, "溪山学院", 2025)
    assert set(got) == {"䶮山书院", "护理系", "后勤"}
    assert got["后勤"]["unit_type"] == "administrative"  # 机关 in the merged 单位类型 column
    assert (got["护理系"]["votes_good"], got["护理系"]["voters"]) == (22, 28)


def test_rater_group_bands_become_rater_groups(loaded):
    store, _ = loaded
    groups = rows(
        store,
        "select distinct rater_group from raw_ratings r join raw_institutions i using (institution_id) "
        "where i.name = '青石大学' and r.year = 2023 and r.batch_id in "
        "(select batch_id from etl_batches where source like '%group_bands%')",
    )
    assert {g["rater_group"] for g in groups} == {"A票", "B票"}


def test_group_sheets_are_combined_and_the_summary_sheet_is_not_counted_twice(loaded, data):
    store, results = loaded
    got = appraisal_of(store, "青石大学", 2019)
    # A票 8 好 2 较好 + B票 12 好 6 较好 2 一般 = 20 好, not 40
    assert (got["文学院"]["votes_good"], got["文学院"]["votes_fairly_good"]) == (20, 8)
    skipped = read_ratings_detailed(data / "ratings_group_sheets.xlsx").skipped_sheets
    assert skipped and skipped[0].startswith("汇总")


def test_year_per_sheet_and_old_xls(loaded):
    store, _ = loaded
    assert {
        y["year"] for y in rows(store, "select distinct year from appraisal where institution = '溪山学院'")
    } >= {2016, 2017, 2018, 2021, 2022, 2023, 2024, 2025}
    xls = appraisal_of(store, "溪山学院", 2016)
    assert (xls["护理系"]["official_grade"], xls["后勤"]["final_grade"]) == ("good", "fairly_good")
    assert appraisal_of(store, "溪山学院", 2017)["护理系"]["mode"] == "onsite"


def test_long_layout_pivots_to_grades(loaded):
    store, results = loaded
    got = appraisal_of(store, "青石大学", 2020)
    assert (
        got["文学院"]["votes_good"],
        got["文学院"]["votes_fairly_good"],
        got["文学院"]["votes_average"],
    ) == (17, 3, 10)
    assert got["历史学院"]["votes_fairly_good"] == 1
    assert [r.reason for r in results["ratings_long.csv"].rejects] == ["unknown_grade"]


def test_item_scores_and_messy_headers(loaded):
    store, _ = loaded
    items = appraisal_of(store, "溪山学院", 2021)
    assert items["护理系"]["score"] == pytest.approx(85.0) and items["后勤"]["score"] == pytest.approx(65.0)
    messy = appraisal_of(store, "青石大学", 2021)
    assert (messy["文学院"]["votes_good"], messy["文学院"]["voters"]) == (18, 30)
    assert (messy["机关"]["votes_poor"], messy["机关"]["unit_type"]) == (1, "administrative")


def test_units_are_one_line_across_files_and_spellings(loaded):
    store, _ = loaded
    units = rows(
        store,
        "select u.name, u.first_year, u.last_year from units u join institutions i using (institution_id) "
        "where i.name = '溪山学院' order by u.name",
    )
    by_name = {u["name"]: u for u in units}
    assert (by_name["护理系"]["first_year"], by_name["护理系"]["last_year"]) == (2016, 2025)
    # each once however written (护理系党总支 / 护理系, 后勤党委 / 后勤, 图书馆直属党支部 / …)
    assert sorted(by_name) == ["䶮山书院", "后勤", "图书馆", "护理系", "校医院"]


def test_the_summary_counts_every_rejected_row_in_etl_rejects(loaded):
    store, results = loaded
    [(n,)] = [tuple(r.values()) for r in rows(store, "select count(*) as n from etl_rejects")]
    assert sum(r.rows_rejected for r in results.values()) == n
    by_batch = {
        r["batch_id"]: r["n"]
        for r in rows(store, "select batch_id, count(*) as n from etl_rejects group by 1")
    }
    assert {r.batch_id: r.rows_rejected for r in results.values() if r.rows_rejected} == by_batch
