"""述职报告 documents and report-metadata sheets read into canonical records (fixtures: make_report_fixtures.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import openpyxl
import polars as pl
import pytest

from etl.messages import SourceError
from etl.sources.reports import (
    DATE_REASON,
    STOP_WORDS,
    Block,
    _count_items,
    parse_date,
    read_report_document,
    read_report_metadata,
)

NOISE = ("首页", "下载中心", "版权所有", "当前位置", "相关新闻", "学府路")


def _common(doc, data, name):
    assert doc["file"] == name
    assert doc["sha256"] == hashlib.sha256((data / name).read_bytes()).hexdigest()
    assert doc["keywords"] and len(doc["keywords"]) <= 10
    assert not set(doc["keywords"]) & STOP_WORDS
    assert {"工作", "党建", "进一步", "加强"} <= STOP_WORDS


def test_docx_heading_title_problems_with_yishi_and_four_measures(data):
    doc = read_report_document(data / "report_chemistry.docx")
    _common(doc, data, "report_chemistry.docx")
    assert doc["title"] == "化学学院党委书记2023年度抓基层党建工作述职报告"
    assert (
        doc["n_problems"] == 3
    )  # 一是…三是…; the 原因分析 section's 一是/二是 and section one's （一）… are not
    assert (
        doc["n_measures"] == 4
    )  # （一）…（四）; the inline 一是/二是 under （二）, and its short '…短板' line, are not
    assert doc["unit_name"] == "化学学院"
    assert doc["year"] == 2023
    assert doc["secretary"] == "周某甲"
    assert doc["institution"] == "青石大学"
    assert doc["text_chars"] == 616


def test_pdf_wrapped_title_chinese_year_and_combined_heading(data):
    doc = read_report_document(data / "report_marxism.pdf")
    _common(doc, data, "report_marxism.pdf")
    assert (
        doc["title"] == "马克思主义学院党总支书记二〇二三年度抓基层党建工作述职报告"
    )  # rejoined across the wrap
    assert doc["n_problems"] == 2  # 1. 2. under （一）存在的不足; a wrapped line is not an item
    assert doc["n_measures"] == 3  # 1. 2. 3. under （二）今后努力方向; section one's 1. 2. are not counted
    assert doc["unit_name"] == "马克思主义学院"
    assert doc["year"] == 2023
    assert doc["secretary"] == "吴某乙"
    assert doc["institution"] is None  # the report names no institution
    assert doc["text_chars"] > 300


def test_txt_in_gb18030_with_numbered_items(data):
    path = data / "report_hospital_gb18030.txt"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    doc = read_report_document(path)
    _common(doc, data, path.name)
    assert doc["title"] == "附属第一医院党委书记2022年度抓基层党建工作述职报告"
    assert doc["n_problems"] == 3
    assert doc["n_measures"] == 5
    assert doc["unit_name"] == "附属第一医院"
    assert doc["year"] == 2022  # the 年度 in the title, not the date 2023年1月6日 at the end
    assert doc["secretary"] == "郑某丙"
    assert doc["institution"] == "溪山医科大学"
    body = path.read_bytes().decode("gb18030").splitlines()[1:]
    assert doc["text_chars"] == len(re.sub(r"\s", "", "".join(body)))


def test_html_page_furniture_is_left_out(data, tmp_path):
    path = data / "report_foreign_languages.html"
    doc = read_report_document(path)
    _common(doc, data, path.name)
    assert doc["title"] == "外国语学院党委书记2023年度抓基层党建工作述职报告"
    assert doc["n_problems"] == 4  # 一是…四是… in one paragraph that wraps in the source
    assert doc["n_measures"] == 3  # <ol><li>: numbered by the browser, no enumerator in the text
    assert doc["unit_name"] == "外国语学院"
    assert doc["year"] == 2023
    assert doc["secretary"] == "孙某丁"
    assert doc["institution"] == "青石大学"
    assert not any(word in k for k in doc["keywords"] for word in NOISE)
    # the same article without the page around it has the same body
    html = path.read_text(encoding="utf-8")
    article = html[html.index('<div class="article">') : html.index('<div class="sidebar')]
    bare = tmp_path / "bare.html"
    bare.write_text(f"<html><body>{article}</body></html>", encoding="utf-8")
    assert read_report_document(bare)["text_chars"] == doc["text_chars"] == 299


def test_inline_items_without_a_section_heading():
    blocks = [
        Block("一、工作情况"),
        Block("一是建强支部；二是抓实培训。"),
        Block("对照检查，主要存在以下不足：一是调研不深；二是统筹不够；三是督导偏软。"),
    ]
    assert _count_items(blocks, "problems") == 3
    assert _count_items(blocks, "measures") == 0


@pytest.mark.parametrize(
    "content,detail", [(b"PK\x03\x04 not really a zip", "docx"), (b"%PDF-1.4 garbage", "pdf")]
)
def test_unreadable_document_is_a_source_error(tmp_path, content, detail):
    path = tmp_path / f"broken.{detail}"
    path.write_bytes(content)
    with pytest.raises(SourceError) as err:
        read_report_document(path)
    assert err.value.reject.reason == "unreadable_file"
    assert err.value.reject.file == path.name


def test_empty_or_unsupported_document(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_report_document(empty)
    assert err.value.reject.reason == "unreadable_file"
    other = tmp_path / "report.rtf"
    other.write_text("{\\rtf1}", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_report_document(other)
    assert err.value.reject.reason == "unsupported_file"


# ---------------------------------------------------------------- metadata


def test_metadata_rows_and_rejects(data):
    frame, rejects = read_report_metadata(data / "reports_meta.csv")
    assert frame.columns == [
        "institution",
        "year",
        "unit_name",
        "name_key",
        "secretary",
        "mode",
        "title",
        "report_date",
        "source_row",
    ]
    assert frame.schema["report_date"] == pl.Date
    assert frame.select("source_row", "unit_name", "name_key", "secretary", "mode", "year").rows() == [
        (3, "化学学院", "化学学院", "周某甲", "onsite", 2023),
        (4, "马克思主义学院", "马克思主义学院", "吴某乙", "written", 2023),
        (5, "外国语学院", "外国语学院", "孙某丁", "online", 2023),
        (9, "图书馆", "图书馆", "钱某辛", "written", 2023),  # year from the title
    ]
    assert (
        frame["report_date"].to_list() == [dt.date(2024, 1, 19)] * 4
    )  # 2024-01-19, 2024/1/19, 年月日, 20240119
    assert set(frame["institution"]) == {"青石大学"}
    assert frame["title"][0] == "化学学院党委书记2023年度抓基层党建工作述职报告"
    assert [(r.row_number, r.column, r.value, r.reason) for r in rejects] == [
        (6, "述职方式", "视频会议", "unknown_mode"),
        (7, "单位", None, "missing_unit"),
        (8, "述职日期", "2024-13-05", DATE_REASON),
    ]
    assert all(r.file == "reports_meta.csv" and r.sheet is None for r in rejects)
    assert "第8行" in rejects[2].message_zh and "row 8" in rejects[2].message_en


def test_metadata_xlsx_english_headers_and_excel_dates(tmp_path):
    path = tmp_path / "meta.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2024"
    sheet.append(["Institution", "Year", "Unit", "Secretary", "Mode", "Title", "Date"])
    sheet.append(["溪山学院", 2024, "护理系党总支", "冯某壬", "on_site", None, dt.date(2025, 1, 8)])
    sheet.append(["溪山学院", "2024年度", "后勤党委", "陈某癸", "written", None, 45665])
    sheet.append(["溪山学院", 1999, "图书馆直属党支部", "褚某子", "written", None, "2025-01-08"])
    book.save(path)
    frame, rejects = read_report_metadata(path)
    assert frame.select("unit_name", "mode", "report_date", "source_row").rows() == [
        ("护理系", "onsite", dt.date(2025, 1, 8), 2),
        ("后勤", "written", dt.date(2025, 1, 8), 3),
    ]
    assert [(r.sheet, r.row_number, r.column, r.value, r.reason) for r in rejects] == [
        ("2024", 4, "Year", "1999", "bad_year"),
    ]


def test_metadata_without_header_is_a_source_error(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("备注,内容\n1,无\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_report_metadata(path)
    assert err.value.reject.reason == "no_header"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2024-01-19", dt.date(2024, 1, 19)),
        ("2024/1/19", dt.date(2024, 1, 19)),
        ("2024.1.9", dt.date(2024, 1, 9)),
        ("2024年1月19日", dt.date(2024, 1, 19)),
        ("２０２４年１月１９日", dt.date(2024, 1, 19)),
        ("2024-01-19 00:00:00", dt.date(2024, 1, 19)),
        ("45310", dt.date(2024, 1, 19)),
        ("20240119", dt.date(2024, 1, 19)),
        ("2024-02-30", None),
        ("下周一", None),
        ("1", None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected
