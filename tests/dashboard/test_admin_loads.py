"""数据载入 with what institutions publish: a file whose headers are mapped by hand on the page (and the mapping
remembered), a grade list and a roster loaded through the page, a re-send previewed with and without replace, a
large removal confirmed on its own, and the loader refusing a scoped admin another institution. Real warehouses,
real `pingyi ingest` child processes (the helpers and the `db` fixture: test_admin_page.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.load import ingest
from warehouse.store import Store

from .conftest import APP
from .test_admin_page import (
    BAD_CSV,
    PAGE,
    REPO,
    TIMEOUT,
    _admin_page,
    _batches,
    _frame_with,
    _history,
    _preview,
    own_warehouse,
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return own_warehouse(tmp_path, monkeypatch)


# ---------------------------------------------------------------- the column-mapping step and the replace choice

NEEDS_MAP = (
    REPO / "tests" / "data" / "results_needs_map.csv"
)  # 支部 · 负责同志 · 结论: no header the loader knows


def _map_box(at: AppTest, header: str):
    return next(s for s in at.selectbox if s.label == header)


def _appraisal(pointer: Path, institution: str) -> list[tuple]:
    with Store.at(pointer).connect_read_only() as con:
        return con.execute(
            "select unit, secretary, official_grade, final_grade, score from appraisal where institution = ? "
            "order by unit",
            [institution],
        ).fetchall()


def test_an_unrecognised_file_is_mapped_by_hand_previewed_loaded_and_its_mapping_remembered(db):
    at = _admin_page()
    at.text_input(key="admin_inst").set_value("松岭大学")
    at.number_input(key="admin_year").set_value(2023)
    at = _preview(at, "松岭大学 考核结果.csv", NEEDS_MAP.read_bytes())
    summary = _frame_with(at, "读入行数")
    assert summary["状态"].tolist() == ["未能载入"]
    # the columns found, with samples and the loader's guesses (none), and what is missing
    columns = _frame_with(at, "表头")
    assert columns.to_dict("records") == [
        {"表头": "支部", "示例值": "松岭大学植物学院党委 · 松岭大学动物学院党委", "识别为": "(未指定)"},
        {"表头": "负责同志", "示例值": "韩某甲 · 曹某乙", "识别为": "(未指定)"},
        {"表头": "结论", "示例值": "好 · 一般", "识别为": "(未指定)"},
    ]
    assert any("未找到这些字段:单位(党组织)名称" in w.value for w in at.warning)
    assert at.button(key="admin_confirm").disabled

    # map two columns, preview again: two rows would load, nothing written yet
    _map_box(at, "支部").set_value("unit")
    _map_box(at, "结论").set_value("official_grade")
    at.button(key="admin_remap").click().run()
    assert not at.exception, at.exception
    summary = _frame_with(at, "读入行数")
    assert summary[["状态", "载入行数", "拒绝行数"]].values.tolist() == [["可载入(试运行)", 2, 0]]
    rows = _frame_with(at, "单位")
    assert rows["单位"].tolist() == ["松岭大学植物学院", "松岭大学动物学院"]  # as the validator passes them
    assert rows["评定等次"].tolist() == ["好", "一般"]
    changes = _frame_with(at, "新增单位")
    assert changes[["院校", "年度", "新增单位", "移除单位"]].values.tolist() == [["松岭大学", 2023, 2, 0]]
    assert _appraisal(db, "松岭大学") == []

    at.button(key="admin_confirm").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["载入完成"]
    assert "已保存列与字段的对应关系" in " ".join(c.value for c in at.caption)
    assert [r[:4] for r in _appraisal(db, "松岭大学")] == [
        ("松岭大学动物学院", None, "average", "average"),
        ("松岭大学植物学院", None, "good", "good"),
    ]
    assert _appraisal(db, "松岭大学")[0][4] is None  # grade-only: no score
    saved = list((db.parent / "mappings").glob("*.toml"))
    assert len(saved) == 1
    from dashboard import mapping as mp

    assert mp.read_toml(saved[0]) == {"支部": "unit", "结论": "official_grade"}

    # the next file with the same headers gets the mapping by itself
    again = _admin_page()
    again.text_input(key="admin_inst").set_value("松岭大学")
    again.number_input(key="admin_year").set_value(2024)
    again = _preview(again, "松岭大学 2024.csv", NEEDS_MAP.read_bytes())
    assert any("已采用为相同表头保存的对应关系" in i.value for i in again.info)
    assert _frame_with(again, "读入行数")[["状态", "载入行数"]].values.tolist() == [["可载入(试运行)", 2]]
    assert _map_box(again, "支部").value == "unit" and _map_box(again, "负责同志").value == ""


RESEND_FIRST = REPO / "tests" / "data" / "resend_first.csv"  # 松岭大学 2022: four units


def test_a_resend_shows_what_it_changes_and_replaces_only_when_chosen(db):
    ingest(Store.at(db), [RESEND_FIRST])
    before = _appraisal(db, "松岭大学")
    assert len(before) == 4
    resend = (
        "学校,年度,单位,好,较好,一般,差\n松岭大学,2022,植物学院党委,12,3,1,0\n松岭大学,2022,动物学院党委,8,6,2,0\n"
        "松岭大学,2022,机关党委,6,8,2,0\n"
    ).encode()
    at = _preview(_admin_page(), "松岭大学 2022 更正.csv", resend)
    changes = _frame_with(at, "新增单位")
    assert changes[["院校", "年度", "新增单位", "变更单位", "移除单位", "不变单位"]].values.tolist() == [
        ["松岭大学", 2022, 0, 0, 0, 3]
    ]
    assert any("1 个单位与更早批次不同,未载入" in w.value for w in at.warning)  # without replace: a conflict
    assert not at.checkbox(key="admin_replace").value

    at.checkbox(key="admin_replace").check().run()
    assert not at.exception, at.exception
    changes = _frame_with(at, "新增单位")
    assert changes[["新增单位", "变更单位", "移除单位", "不变单位"]].values.tolist() == [[0, 1, 1, 2]]
    assert not [e for e in at.error if "超过设定的上限" in e.value]  # 1 of 4 removed: under the threshold
    assert _appraisal(db, "松岭大学") == before  # a dry run
    at.button(key="admin_confirm").click().run()
    assert not at.exception, at.exception
    after = {r[0]: r for r in _appraisal(db, "松岭大学")}
    assert sorted(after) == sorted(
        r[0] for r in before if r[0] != "学生第一党支部"
    )  # the one left out is removed
    plant = next(u for u in after if u.startswith("植物"))
    assert after[plant] != next(r for r in before if r[0] == plant)  # the corrected unit has its new votes


def test_a_large_removal_needs_its_own_confirmation(db):
    ingest(Store.at(db), [RESEND_FIRST])
    one = "学校,年度,单位,好,较好,一般,差\n松岭大学,2022,植物学院党委,10,5,1,0\n".encode()
    at = _preview(_admin_page(), "松岭大学 只一行.csv", one)
    at.checkbox(key="admin_replace").check().run()
    assert [e.value for e in at.error if "超过设定的上限" in e.value] == [
        "松岭大学 2022:新增 0、变更 0、移除 3:将移除该院校年度已有单位的 75%,超过设定的上限"
    ]
    assert at.button(key="admin_confirm").disabled
    removal = next(c for c in at.checkbox if c.key.startswith("admin_confirm_removal_"))
    removal.check().run()
    assert not at.button(key="admin_confirm").disabled
    at.button(key="admin_confirm").click().run()
    assert not at.exception, at.exception
    assert len(_appraisal(db, "松岭大学")) == 1


def test_every_label_of_the_page_tables_has_english():
    from dashboard import load_tables as lt
    from dashboard import mapping as mp
    from dashboard.i18n_en import EN
    from warehouse.access import ROLE_ZH

    labels = [
        *lt.DETAIL_ZH.values(),
        *lt.STATUS_ZH.values(),
        *lt.KIND_ZH.values(),
        *lt.EVENT_ZH.values(),
        *lt.OUTCOME_ZH.values(),
        *(h for h, _ in lt.PREVIEW_COLUMNS.values()),
        *mp.FIELD_ZH.values(),
        *ROLE_ZH.values(),
    ]
    assert [x for x in labels if x not in EN] == []


def test_the_loader_itself_refuses_a_scoped_admin_another_institution(db, tmp_path, monkeypatch):
    """With a users file the page runs the loader as the logged-in user (--user): the loader refuses the write."""
    from warehouse.access import UserStore

    users = UserStore(tmp_path / "users.json")
    users.add("qinglan-admin", "long enough password", "admin", ["青岚大学"])
    monkeypatch.setenv("PINGYI_USERS_FILE", str(users.path))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["pingyi_user"] = users.get("qinglan-admin")
    at.run()
    at.switch_page(PAGE).run()
    at = _preview(at, "青石大学 ratings_bad.csv", BAD_CSV.read_bytes())
    summary = _frame_with(at, "读入行数")
    assert summary["状态"].tolist() == ["未能载入"]
    reasons = " ".join(_frame_with(at, "原因")["原因"])
    assert "无权载入的院校" in reasons and "青石大学" in reasons
    assert at.button(key="admin_confirm").disabled
    assert _batches(db) == [("loaded", 20, 0)]
    # a file of their own institution loads, as that user
    own = "学校,年度,单位,好,较好,一般,差\n青岚大学,2024,文学院党委,9,1,0,0\n".encode()
    at = _preview(at, "青岚大学 2024.csv", own)
    at.button(key="admin_confirm").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["载入完成"]
    history = _history(at)
    assert history["文件"].tolist() == ["青岚大学 2024.csv"] and history["载入人"].tolist() == [
        "qinglan-admin"
    ]


GRADES = REPO / "tests" / "data" / "results_grades_2023.csv"  # 青石大学 2023: three units with a grade each
ROSTER = (
    REPO / "tests" / "data" / "roster_traditional.csv"
)  # 青石大學 2023: four units, 現場/書面, traditional


def _load(name: str, data: bytes) -> AppTest:
    at = _preview(_admin_page(), name, data)
    at.button(key="admin_confirm").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["载入完成"]
    return at


def test_a_grade_list_and_a_roster_load_through_the_page_and_complete_the_same_unit_years(db):
    preview = _preview(_admin_page(), "青石大学 2023 考核等次.csv", GRADES.read_bytes())
    rows = _frame_with(preview, "单位")
    assert rows["评定等次"].tolist() == ["好", "较好", "好"]  # the published grade, shown as a grade
    assert "好" not in rows.columns  # no vote columns for a grade-only list
    _load("青石大学 2023 考核等次.csv", GRADES.read_bytes())

    roster_preview = _preview(_admin_page(), "青石大學 述職名單.csv", ROSTER.read_bytes())
    assert _frame_with(roster_preview, "读入行数")[["状态", "载入行数"]].values.tolist() == [
        ["可载入(试运行)", 4]
    ]
    at = _load("青石大學 述職名單.csv", ROSTER.read_bytes())
    assert _history(at)["文件"].tolist()[:2] == ["青石大學 述職名單.csv", "青石大学 2023 考核等次.csv"]

    with Store.at(db).connect_read_only() as con:
        got = con.execute(
            "select unit, secretary, mode, official_grade, final_grade, score, votes_good from appraisal "
            "where institution = '青石大学' and year = 2023 order by unit"
        ).fetchall()
    assert {r[0]: r[1:4] for r in got} == {
        "文学院": ("周某甲", "onsite", "good"),
        "第一附属医院": ("吴某乙", "written", None),
        "机关": ("郑某丙", "written", "fairly_good"),
        "学生第二党支部": ("何某戊", "onsite", None),
        "学生第一党支部": ("王某丁", None, "good"),
    }
    assert all(r[5] is None and r[6] is None for r in got)  # grades and modes only: no score, no votes
    assert {r[0]: r[4] for r in got}["机关"] == "fairly_good"  # the official grade is the final one


def test_names_from_files_are_shown_as_text_not_markdown(db):
    """A hostile file name, header or institution is escaped wherever the page renders Markdown."""
    hostile = "**粗**[x](javascript:alert(1))<b>"
    csv = f"{hostile},负责同志,结论\n甲单位,韩某甲,好\n".encode()
    at = _admin_page()
    at.text_input(key="admin_inst").set_value(hostile)
    at.number_input(key="admin_year").set_value(2023)
    at = _preview(at, f"{hostile}.csv", csv)
    rendered = [
        e.value for kind in (at.markdown, at.caption, at.info, at.warning, at.error, at.success) for e in kind
    ]
    rendered += [e.label for e in at.expander] + [s.label for s in at.selectbox]
    assert any("粗" in r for r in rendered)  # the names are there …
    assert [r for r in rendered if any(m in r for m in ("**粗**", "](javascript", "<b>"))] == []  # … escaped
