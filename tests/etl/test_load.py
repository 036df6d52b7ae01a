"""The one writer: whole batches, history in etl_batches/etl_rejects, no-op reloads, replacement, dry runs."""

from __future__ import annotations

import shutil

import pytest

from etl.load import ingest
from tests.etl.conftest import rows


def test_a_file_loads_into_the_public_views(store, data):
    [result] = ingest(store, [data / "ratings_canonical.csv"])
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_rejected) == ("loaded", 8, 8, 0)
    got = {r["unit"]: r for r in rows(store, "select * from appraisal")}
    assert set(got) == {"文学院", "第一附属医院", "机关", "学生第一党支部"}
    # 文学院: A 8好 2较好, B 12好 6较好 2一般, no weights → pooled: (2000 + 640 + 120) / 30 = 92
    wen = got["文学院"]
    assert wen["score"] == pytest.approx(92.0)
    assert (wen["voters"], wen["votes_good"], wen["mode"], wen["secretary"]) == (30, 20, "onsite", "周某甲")
    assert got["机关"]["unit_type"] == "administrative"
    [batch] = rows(store, "select * from etl_batches")
    assert (batch["kind"], batch["status"], batch["rows_loaded"], len(batch["sha256"])) == (
        "ratings",
        "loaded",
        8,
        64,
    )


def test_reloading_identical_content_changes_nothing(store, data, tmp_path):
    ingest(store, [data / "ratings_canonical.csv"])
    version = store.current()
    copy = tmp_path / "renamed_copy.csv"
    shutil.copy(data / "ratings_canonical.csv", copy)
    [again] = ingest(store, [copy])
    assert again.status == "unchanged"
    assert store.current() == version
    assert len(rows(store, "select * from etl_batches")) == 1


def test_rejected_rows_are_recorded_and_the_rest_loads(store, data):
    [result] = ingest(store, [data / "ratings_bad.csv"])
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 1, 11)
    rejects = rows(store, "select * from etl_rejects order by row_number")
    assert len(rejects) == 11
    assert all(r["batch_id"] == result.batch_id for r in rejects)
    first = rejects[0]
    assert (first["row_number"], first["column"], first["reason"], first["file"]) == (
        3,
        "单位",
        "missing_unit",
        "ratings_bad.csv",
    )
    assert first["message"] == f"{first['message_zh']} / {first['message_en']}"


def test_an_unreadable_file_is_a_failed_batch_and_loses_nothing(store, data, tmp_path):
    ingest(store, [data / "ratings_canonical.csv"])
    bad = tmp_path / "minutes.csv"
    bad.write_text("会议纪要\n无表头\n", encoding="utf-8")
    results = ingest(store, [bad, data / "ratings_gb18030.csv"])
    assert [r.status for r in results] == ["failed", "loaded"]
    batches = {b["source"]: b for b in rows(store, "select * from etl_batches")}
    assert batches[str(bad)]["status"] == "failed"
    assert rows(store, "select reason from etl_rejects") == [{"reason": "no_header"}]
    assert {r["institution"] for r in rows(store, "select distinct institution from appraisal")} == {
        "青石大学",
        "溪山学院",
    }


def test_a_corrected_file_replaces_its_institution_year_only_with_replace(store, data, tmp_path):
    [first] = ingest(store, [data / "ratings_canonical.csv"])
    corrected = tmp_path / "corrected.csv"
    corrected.write_text(
        "学校,年度,单位,好,较好,一般,差\n青石大学,2023,文学院党委,1,1,0,0\n", encoding="utf-8"
    )
    # without --replace the re-sent unit-year is a conflict naming the earlier batch; nothing changes
    [refused] = ingest(store, [corrected])
    assert (refused.status, refused.rows_loaded, refused.rows_rejected) == ("failed", 0, 1)
    [reject] = refused.rejects
    assert reject.reason == "conflict_earlier_batch" and first.batch_id in reject.message_en
    assert len(rows(store, "select * from appraisal")) == 4
    # with --replace the institution-year is what the file says
    [second] = ingest(store, [corrected], replace=True)
    assert any(first.batch_id in note for note in second.notes)
    assert rows(store, "select unit, votes_good from appraisal") == [{"unit": "文学院", "votes_good": 1}]
    status = {b["batch_id"]: b["status"] for b in rows(store, "select * from etl_batches")}
    assert status == {first.batch_id: "replaced", second.batch_id: "loaded"}
    # the refused run loaded nothing, so it made no version: it is in the audit log, not in the batch history
    from warehouse import audit

    assert audit.read(store.pointer, events=["load_failed"])[0]["files"][0]["batch_id"] == refused.batch_id


def test_units_match_across_years_and_levels(store, data):
    ingest(
        store, [data / "ratings_canonical.csv", data / "ratings_bom_english.csv", data / "ratings_title.xlsx"]
    )
    units = rows(
        store,
        "select * from units where institution_id = (select institution_id from institutions where name = '青石大学')",
    )
    assert len(units) == 4  # 機關黨委 (2022) and 机关党委 (2023, 2024) are one unit
    jiguan = [u for u in units if u["name"] == "机关"][0]
    assert (jiguan["first_year"], jiguan["last_year"], jiguan["unit_type"]) == (2022, 2024, "administrative")


def test_score_based_file_with_official_grades_and_ranks(store, data):
    ingest(store, [data / "ratings_scores.csv"])
    got = {r["unit"]: r for r in rows(store, "select * from appraisal")}
    assert got["䶮山书院"]["score"] == pytest.approx(95.5) and got["䶮山书院"]["rank"] == 1
    assert got["后勤"]["official_grade"] == "average" and got["后勤"]["final_grade"] == "average"
    assert got["校医院"]["final_grade"] == "good"  # 90 ≥ 90 under the default scheme, no official grade
    assert got["校医院"]["unit_type"] == "affiliated_hospital"


def test_dry_run_writes_nothing(store, data):
    [result] = ingest(store, [data / "ratings_canonical.csv"], dry_run=True)
    assert (result.status, result.rows_loaded) == ("dry-run", 8)
    assert not store.exists()


def test_a_crash_inside_a_batch_leaves_the_previous_version(store, data, monkeypatch):
    ingest(store, [data / "ratings_canonical.csv"])
    before = store.current()
    import etl.batches

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(etl.batches, "record_rejects_of", explode)  # fails after the rows were written
    with pytest.raises(RuntimeError):
        ingest(store, [data / "ratings_bad.csv"])
    assert store.current() == before
    assert rows(store, "select count(*) as n from etl_batches") == [{"n": 1}]


def test_a_new_name_at_a_known_institution_is_reported_as_a_likely_rename(store, data, tmp_path):
    ingest(store, [data / "ratings_canonical.csv"])
    renamed = tmp_path / "2024.csv"
    renamed.write_text(
        "学校,年度,单位,好,较好,一般,差\n青石大学,2024,人文学院党委,5,1,0,0\n青石大学,2024,机关党委,4,2,0,0\n",
        encoding="utf-8",
    )
    [result] = ingest(store, [renamed])
    [note] = [n for n in result.notes if "likely renames" in n]
    assert "人文学院" in note and "文学院" in note.split("往年有而本批没有")[1]
    assert "1 new" in note


def test_marts_are_tables_rebuilt_by_each_load_and_equal_their_computation(store, data, tmp_path):
    ingest(store, [data / "ratings_canonical.csv", data / "ratings_title.xlsx"])
    ingest(store, [data / "scheme_qingshi.toml"])  # a scheme alone changes scores: the marts must follow
    # every other kind of load rebuilds only what it touched; the marts must still equal their computation
    renamed = tmp_path / "2024.csv"
    renamed.write_text(
        "学校,年度,单位,好,较好,一般,差\n青石大学,2024,人文学院党委,6,2,0,0\n", encoding="utf-8"
    )
    ingest(store, [renamed, data / "units_registry.csv", data / "ratings_gb18030.csv"])
    ingest(
        store, [data / "article_university_split.txt", data / "reports_meta.csv", data / "ratings_bad.csv"]
    )
    with store.connect_read_only() as con:
        kinds = dict(
            con.execute(
                "select table_name, table_type from information_schema.tables where table_name like 'mart_%'"
            ).fetchall()
        )
        from warehouse.schema import MARTS

        assert {"mart_appraisal", "mart_type_year", "mart_institution_year"} <= set(kinds)
        assert kinds == {mart: "BASE TABLE" for mart, _ in MARTS}
        for public, calc in MARTS:
            differ = con.execute(
                f"select count(*) from ((select * from {public} except all select * from {calc}) "
                f"union all (select * from {calc} except all select * from {public}))"
            ).fetchall()[0][0]
            assert differ == 0, public
        assert (
            con.execute(
                "select count(*) from appraisal where institution = '青石大学' and year = 2023"
            ).fetchall()[0][0]
            == 4
        )


def test_one_bad_file_does_not_sink_the_others(store, data, tmp_path):
    huge = tmp_path / "huge.csv"
    huge.write_text(
        "学校,年度,单位,好\n青石大学,2023,文学院,99999999999999999999\n青石大学,2023,历史学院,3\n",
        encoding="utf-8",
    )
    article = tmp_path / "news.txt"
    article.write_text(
        "1月5日,青石大学召开2023年度二级党组织书记述职评议会,99999999999个二级党组织书记现场述职。",
        encoding="utf-8",
    )
    results = {
        r.source.rsplit("/", 1)[-1]: r for r in ingest(store, [huge, article, data / "ratings_scores.csv"])
    }
    assert results["huge.csv"].status == "loaded"
    assert [(r.row_number, r.reason) for r in results["huge.csv"].rejects] == [(2, "count_too_large")]
    assert results["news.txt"].status == "loaded"
    assert rows(store, "select onsite_count from meetings") == [{"onsite_count": None}]
    assert results["ratings_scores.csv"].status == "loaded"


def test_the_same_rows_on_two_sheets_are_rejected_not_added(store, tmp_path):
    import xlsxwriter

    path = tmp_path / "copied.xlsx"
    wb = xlsxwriter.Workbook(path)
    for name in ("2023", "2023 (2)"):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ["学校", "单位", "好", "较好"])
        ws.write_row(1, 0, ["青石大学", "文学院", 8, 2])
        ws.write_row(2, 0, ["青石大学", "历史学院", 5, 5] if name == "2023" else ["青石大学", "哲学院", 4, 6])
    wb.close()
    [result] = ingest(store, [path])
    assert sorted((r.sheet, r.row_number, r.reason) for r in result.rejects) == [
        ("2023", 2, "duplicate_row"),
        ("2023 (2)", 2, "duplicate_row"),
    ]
    assert "2023 (2)#2" in result.rejects[0].message_en or "2023#2" in result.rejects[0].message_en
    assert sorted(r["unit"] for r in rows(store, "select unit from appraisal")) == ["历史学院", "哲学院"]


def test_the_same_file_with_other_flags_is_another_load(store, tmp_path):
    path = tmp_path / "no_year.csv"
    path.write_text("学校,单位,好\n青石大学,文学院,3\n", encoding="utf-8")
    ingest(store, [path], year=2022)
    [again] = ingest(store, [path], year=2023)  # corrected flag: not "unchanged"
    assert again.status == "loaded"
    assert sorted(r["year"] for r in rows(store, "select year from appraisal")) == [2022, 2023]
    assert ingest(store, [path], year=2023)[0].status == "unchanged"


def test_a_long_utf8_report_is_a_report_and_an_empty_page_is_no_meeting(store, tmp_path):
    from etl.load import kind_of

    for pad in range(3):  # wherever the 8 KB boundary falls inside a character
        report = tmp_path / f"r{pad}.txt"
        report.write_text(
            "化学学院党委书记2023年度抓基层党建工作述职报告\n" + "x" * pad + "党建工作。" * 3000,
            encoding="utf-8",
        )
        assert kind_of(report) == "reports"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\x00\x01\x02 binary")
    [result] = ingest(store, [empty], kind="articles")
    assert (result.status, result.rejects[0].reason) == ("failed", "no_meeting_facts")
    assert not store.exists()  # a run in which no file loaded makes no version (not even a first, empty one)
