"""A load reads each file once (issue #15) and writes the ratings files of one ingest together (issue #18):
the kind of an .xlsx is told from its sheet XML without the spreadsheet engine, no file is parsed twice, a dry
run's report (preview, columns) comes from that one read, validating many tables together gives each table what it
gets alone, and writing many files together gives the rows, notes and batches that writing them one by one gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

import etl.load
from etl.load import ingest
from etl.messages import SourceError
from etl.report import build_report
from etl.sources import grid, xlsx
from etl.sources.kinds import detect, expand_paths
from etl.sources.ratings import read_ratings
from etl.validate import validate_many, validate_ratings
from tests.etl.conftest import rows

DATA = Path(__file__).resolve().parents[1] / "data"
WORKBOOKS = sorted(p for p in DATA.iterdir() if p.suffix == ".xlsx")
TABLES = sorted(p for p in DATA.iterdir() if p.suffix in (".csv", ".xlsx", ".xls") and "report" not in p.name)
HEADER = "学校,年度,单位,单位类型,票种,述职方式,书记,好,较好,一般,差,弃权,参评人数\n"


@pytest.mark.parametrize("path", WORKBOOKS, ids=[p.name for p in WORKBOOKS])
def test_the_kind_of_a_workbook_is_told_from_its_xml_without_the_engine(path, monkeypatch):
    expected = detect(path).kind
    whole = [[c for c in row if c] for g in grid.read_grids(path) for row in g.frame.head(10).iter_rows()]

    def refuse(*_a, **_k):
        raise AssertionError("the workbook was parsed to tell its kind")

    monkeypatch.setattr(grid.fastexcel, "read_excel", refuse)
    told = detect(path)
    assert told.kind == expected and told.grids is None
    assert grid.leading(path, 10).filled_rows(10) == whole  # the rows the whole grid gives


@pytest.mark.parametrize("path", WORKBOOKS, ids=[p.name for p in WORKBOOKS])
def test_a_workbook_is_scanned_once(path, monkeypatch):
    """Telling an .xlsx's kind streams its sheet XML and keeps the scan (bounds, merged ranges) the read needs:
    the same ranges `_scan_xlsx` finds, and the read then gives the same grids without scanning again."""
    bounds = grid.limits()
    told = detect(path)
    assert told.scanned is not None and told.scanned.ranges == xlsx._scan_xlsx(path, bounds)
    whole = grid.read_grids(path)

    def refuse(*_a, **_k):
        raise AssertionError("scanned twice")

    monkeypatch.setattr(grid, "_scan_xlsx", refuse)
    again = grid.read_grids(path, told.scanned)
    assert [(g.sheet, g.rejects) for g in again] == [(g.sheet, g.rejects) for g in whole]
    assert all(a.frame.equals(w.frame) for a, w in zip(again, whole, strict=True))


def test_a_workbook_over_a_bound_is_scanned_again_and_refused_as_before(tmp_path, monkeypatch):
    path = tmp_path / "big.xlsx"
    path.write_bytes((DATA / "ratings_band.xlsx").read_bytes())
    low = dataclasses.replace(grid.limits(), rows=3)
    monkeypatch.setattr(grid, "limits", lambda: low)
    assert detect(path).scanned is None  # the kind check keeps no scan of a file the read refuses
    with pytest.raises(SourceError) as err:
        grid.read_grids(path)
    assert err.value.reject.reason == "too_many_rows"


@pytest.mark.parametrize("path", TABLES, ids=[p.name for p in TABLES])
def test_a_plain_csv_is_decoded_once(path):
    """What telling a plain CSV's kind found of its text is handed to the read: the same grid as a fresh read."""
    told = detect(path, whole=False)
    if path.suffix != ".csv":
        return
    whole = grid.read_grids(path)
    kept = grid.read_grids(path, told.scanned)
    assert [(g.sheet, g.rejects) for g in kept] == [(g.sheet, g.rejects) for g in whole]
    assert all(a.frame.equals(w.frame) for a, w in zip(kept, whole, strict=True))


def test_what_was_found_of_a_changed_file_is_not_used(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "甲大学,2023,文学院,学院,,现场,张三,10,2,1,0,0,13\n", encoding="utf-8")
    told = detect(path, whole=False)
    assert isinstance(told.scanned, grid.PlainCsv)
    path.write_text(HEADER + '甲大学,2023," 文学院 ",学院,,现场,张三,10,2,1,0,0,13,9\n', encoding="utf-8")
    assert grid.read_grids(path, told.scanned)[0].frame.equals(grid.read_grids(path)[0].frame)


def test_a_folder_is_walked_once():
    files = expand_paths([DATA])
    assert expand_paths(files) is files  # already expanded: ingest does not walk it again


def _counting(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = grid._read_grids

    def counted(path, bounds, *kept):
        parsed.append(path.name)
        return real(path, bounds, *kept)

    monkeypatch.setattr(grid, "_read_grids", counted)
    return parsed


def test_every_file_of_a_folder_is_parsed_at_most_once(store, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    names = [
        "ratings_canonical.csv",
        "ratings_band.xlsx",
        "ratings_old.xls",
        "units_registry.csv",
        "reports_meta.csv",
        "ratings_group_sheets.xlsx",
    ]
    for name in names:
        (folder / name).write_bytes((DATA / name).read_bytes())
    parsed = _counting(monkeypatch)
    results = ingest(store, [folder], dry_run=True, with_columns=True)
    assert len(results) == len(names)
    assert sorted(parsed) == sorted(set(parsed)), parsed  # nothing parsed twice
    assert set(parsed) == set(names)  # … and every table file once


def test_a_dry_run_report_comes_from_the_one_read(store, tmp_path, monkeypatch):
    path = tmp_path / "ratings.csv"
    path.write_bytes((DATA / "ratings_canonical.csv").read_bytes())
    parsed = _counting(monkeypatch)
    [result] = ingest(store, [path], dry_run=True)
    assert parsed == ["ratings.csv"]
    path.unlink()  # the report is built from the results alone: the file is not opened again
    report = build_report("w.duckdb", [result], dry_run=True)
    [file] = report.files
    assert file.status == "dry-run" and file.rows_loaded == 8
    assert [r["unit_name"] for r in file.preview][:2] == ["文学院", "文学院"]
    assert {c.header: c.field for c in file.columns}["单位"] == "unit"
    assert parsed == ["ratings.csv"]


def test_a_dry_run_reports_what_the_load_then_does(store, tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_bytes((DATA / "ratings_bad.csv").read_bytes())
    [dry] = ingest(store, [path], dry_run=True, with_columns=True)
    [real] = ingest(store, [path], with_columns=True)
    assert (dry.status, real.status) == ("dry-run", "loaded")
    same = ("rows_read", "rows_loaded", "rows_rejected", "columns", "changes")
    assert {k: getattr(dry, k) for k in same} == {k: getattr(real, k) for k in same}
    assert [(r.row_number, r.reason) for r in dry.rejects] == [(r.row_number, r.reason) for r in real.rejects]
    assert dry.preview and not real.preview


def test_validating_tables_together_gives_each_what_it_gets_alone():
    tables = [t for p in TABLES for t in _tables(p)]
    assert len(tables) > 20
    for institution, year in ((None, None), ("青石大学", 2023)):
        together = validate_many(tables, institution=institution, year=year)
        for table, got in zip(tables, together, strict=True):
            alone = validate_ratings(table, institution=institution, year=year)
            assert got.rows.equals(alone.rows), (table.file, table.sheet)
            assert got.rejects == alone.rejects and got.rows_read == alone.rows_read


def _tables(path: Path):
    try:
        return read_ratings(path)
    except grid.SourceError:
        return []


def _folder(tmp_path: Path) -> Path:
    """Files of four institutions; two files of one institution (one per rater group) go to two writes."""
    folder = tmp_path / "in"
    folder.mkdir()
    lines = {
        "a.csv": ["青松大学,2023,文学院党委,学院,A票,现场,王某,8,2,0,0,0,10"],
        "b.csv": ["白桦学院,2023,理学院党委,学院,A票,书面,李某,5,3,1,0,0,9"],
        "c.csv": ["青松大学,2023,文学院党委,学院,B票,现场,王某,12,6,2,0,0,20"],
        "d.csv": ["红枫医院,2022,内科党支部,党支部,A票,现场,赵某,7,1,0,0,0,8"],
        "e.csv": [
            "白桦学院,2023,化学院党委,学院,A票,现场,钱某,4,4,1,1,0,10",
            "白桦学院,2023,,学院,A票,现场,,1,0,0,0,0,1",
        ],
    }
    for name, body in lines.items():
        (folder / name).write_text(HEADER + "\n".join(body) + "\n", encoding="utf-8")
    return folder


def _tables_of(store) -> dict:
    out = {}
    for table in ("raw_institutions", "raw_units", "raw_unit_names", "raw_ratings", "raw_roster"):
        with store.connect_read_only() as con:
            cols = [c for c in con.sql(f"select * from {table} limit 0").columns if c != "batch_id"]
            out[table] = sorted(map(str, con.sql(f"select {', '.join(cols)} from {table}").fetchall()))
    out["batches"] = sorted(
        (r["source"].rsplit("/", 1)[-1], r["status"], r["rows_loaded"], r["rows_rejected"], r["note"])
        for r in rows(store, "select * from etl_batches")
    )
    out["touched"] = sorted(
        (r["source"].rsplit("/", 1)[-1], r["institution_id"])
        for r in rows(
            store,
            "select b.source, i.institution_id from raw_batch_institutions i join etl_batches b using (batch_id)",
        )
    )
    out["marts"] = rows(store, "select * from appraisal order by all")
    return out


def test_writing_files_together_gives_what_writing_them_one_by_one_gives(tmp_path, monkeypatch):
    from warehouse.store import Store

    folder = _folder(tmp_path)
    together = Store.at(tmp_path / "together.duckdb")
    first = ingest(together, [folder])
    assert [r.status for r in first] == ["loaded"] * 5

    def refused(*_a, **_k):
        raise duckdb.ConversionException("refused")  # every file then goes through the one-by-one writer

    monkeypatch.setattr(etl.load, "write_ratings_together", refused)
    alone = Store.at(tmp_path / "alone.duckdb")
    second = ingest(alone, [folder])
    key = ("source", "status", "rows_read", "rows_loaded", "rows_rejected", "notes", "changes")
    assert [[getattr(r, k) for k in key] for r in first] == [[getattr(r, k) for k in key] for r in second]
    assert [[x.reason for x in r.rejects] for r in first] == [[x.reason for x in r.rejects] for r in second]
    assert _tables_of(together) == _tables_of(alone)
    assert any("新单位" in n for n in first[0].notes)
