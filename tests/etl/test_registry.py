"""A units registry links renames and fixes types; ratings loaded before or after it land on its units."""

from __future__ import annotations

from etl.load import ingest
from etl.sources.units import read_registry
from etl.validate import validate_registry
from tests.etl.conftest import rows

RENAMED_2024 = (
    "学校,年度,单位,好,较好,一般,差\n青石大学,2024,人文学院党委,6,2,0,0\n青石大学,2024,机关党委,4,2,0,0\n"
)


def units(store):
    return {
        u["name"]: u
        for u in rows(
            store,
            "select * from units where institution_id = "
            "(select institution_id from institutions where name = '青石大学')",
        )
    }


def test_registry_rows_and_rejects(data):
    reg = validate_registry(read_registry(data / "units_registry.csv"))
    assert reg.rows.height == 5
    reasons = sorted((r.row_number, r.reason) for r in reg.rejects)
    # row 8 has no id; QS-XX (rows 7 and 9) carries two unit types: both rows rejected
    assert reasons == [(7, "unit_code_conflict"), (8, "missing_unit_code"), (9, "unit_code_conflict")]


def test_a_registry_loaded_after_ratings_links_a_rename(store, data, tmp_path):
    renamed = tmp_path / "2024.csv"
    renamed.write_text(RENAMED_2024, encoding="utf-8")
    ingest(store, [data / "ratings_canonical.csv", renamed])
    assert {"文学院", "人文学院"} <= set(units(store))  # two units before the registry says they are one
    [result] = ingest(store, [data / "units_registry.csv"])
    assert result.kind == "units" and result.rows_loaded == 5
    got = units(store)
    assert "文学院" not in got
    ren = got["人文学院"]
    assert (ren["first_year"], ren["last_year"], ren["unit_type"]) == (2023, 2024, "college")
    names = rows(
        store,
        "select name, first_year, last_year from unit_names where unit_id = ? order by first_year",
        [ren["unit_id"]],
    )
    assert [(n["name"], n["first_year"], n["last_year"]) for n in names] == [
        ("文学院", 2023, 2023),
        ("人文学院", 2024, 2024),
    ]
    history = rows(
        store, "select year, unit from appraisal where unit_id = ? order by year", [ren["unit_id"]]
    )
    assert history == [{"year": 2023, "unit": "文学院"}, {"year": 2024, "unit": "人文学院"}]
    assert got["学生第一党支部"]["parent_unit_id"] == got["机关"]["unit_id"]


def test_ratings_loaded_after_the_registry_land_on_its_units(store, data, tmp_path):
    ingest(store, [data / "units_registry.csv"])
    renamed = tmp_path / "2024.csv"
    renamed.write_text(RENAMED_2024, encoding="utf-8")
    [result] = ingest(store, [data / "ratings_canonical.csv", renamed])[1:]
    assert not any("new units" in n for n in result.notes)
    assert (
        len(
            {
                u["unit_id"]
                for u in rows(
                    store, "select distinct unit_id from appraisal where unit in ('文学院', '人文学院')"
                )
            }
        )
        == 1
    )


def test_registry_type_overrides_the_rules(store, tmp_path):
    reg = tmp_path / "reg.csv"
    reg.write_text("单位编号,学校,单位名称,单位类型\nA1,溪山学院,体育部,学院\n", encoding="utf-8")
    ratings = tmp_path / "r.csv"
    ratings.write_text("学校,年度,单位,好\n溪山学院,2022,体育部,5\n", encoding="utf-8")
    ingest(store, [ratings])
    assert rows(store, "select unit_type from appraisal") == [{"unit_type": "administrative"}]  # by rule
    ingest(store, [reg])
    assert rows(store, "select unit_type from appraisal") == [{"unit_type": "college"}]  # the registry wins


def test_registry_rejects_backward_years_and_reads_every_sheet(tmp_path):
    import xlsxwriter

    path = tmp_path / "reg.xlsx"
    wb = xlsxwriter.Workbook(path)
    for name, rows_ in (
        ("学院", [["A1", "青石大学", "文学院", 2025, 2020]]),
        ("机关", [["B1", "青石大学", "机关党委", None, None]]),
    ):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ["单位编号", "学校", "单位名称", "起始年度", "截止年度"])
        for i, r in enumerate(rows_, start=1):
            for j, v in enumerate(r):
                if v is not None:
                    ws.write(i, j, v)
    wb.close()
    reg = validate_registry(read_registry(path))
    assert reg.rows["unit_code"].to_list() == ["B1"]
    assert [(r.sheet, r.row_number, r.reason) for r in reg.rejects] == [("学院", 2, "bad_year")]


def test_an_old_name_used_after_its_years_loads_onto_the_unit_that_bore_it(store, data, tmp_path):
    """Ratings first (the unit takes its id from its first name), then the registry dating that name, then a
    file using the old name in a later year: the rows load onto that unit with a note naming the registered
    years, instead of failing on a second unit of the same id."""
    renamed = tmp_path / "2024.csv"
    renamed.write_text(RENAMED_2024, encoding="utf-8")
    ingest(store, [data / "ratings_canonical.csv", renamed, data / "units_registry.csv"])
    before = units(store)
    late = tmp_path / "2025.csv"
    late.write_text("学校,年度,单位,好,较好,一般,差\n青石大学,2025,文学院党委,5,3,0,0\n", encoding="utf-8")
    [result] = ingest(store, [late])
    assert result.status == "loaded" and result.rows_loaded == 1, result.notes
    after = units(store)
    assert {u["unit_id"] for u in after.values()} == {u["unit_id"] for u in before.values()}  # no new unit
    [row] = rows(store, "select unit_id, unit from appraisal where year = 2025 and unit = '文学院'")
    assert row["unit_id"] == before["人文学院"]["unit_id"]  # the unit that bore the name
    assert any("registered for 2015–2023" in n and "文学院" in n for n in result.notes), result.notes
