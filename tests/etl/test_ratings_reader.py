"""Reading rating files: encodings, title rows, footers, header variants, value checks with clear reasons."""

from __future__ import annotations

import pytest

from etl.messages import SourceError
from etl.sources.grid import decode_text, read_grids
from etl.sources.ratings import read_ratings
from etl.validate import validate_ratings


def checked(path, **kw):
    tables = read_ratings(path)
    assert len(tables) == 1
    return tables[0], validate_ratings(tables[0], **kw)


def test_canonical_utf8(data):
    table, v = checked(data / "ratings_canonical.csv")
    assert v.rejects == [] and v.rows.height == 8
    first = v.rows.row(0, named=True)
    assert (first["institution"], first["year"], first["unit_name"], first["org_level"]) == (
        "青石大学",
        2023,
        "文学院",
        "党委",
    )
    assert (first["rater_group"], first["mode"], first["votes_good"], first["voters"]) == (
        "A票",
        "onsite",
        8,
        10,
    )
    assert first["unit_type"] == "college"  # given in the 单位类型 column
    types = dict(v.rows.select("unit_name", "unit_type").unique().iter_rows())
    assert types == {
        "文学院": "college",
        "第一附属医院": "affiliated_hospital",
        "机关": "administrative",
        "学生第一党支部": "branch",
    }


def test_english_headers_utf8_bom_fullwidth_digits(data):
    table, v = checked(data / "ratings_bom_english.csv")
    assert v.rejects == []
    row = v.rows.filter(v.rows["unit_name"] == "机关").row(0, named=True)
    assert (row["votes_good"], row["votes_fairly_good"], row["votes_average"]) == (4, 5, 1)
    assert set(v.rows["mode"]) == {"written", "onsite"}


def test_gb18030_bracketed_headers_and_票_suffix(data):
    raw = (data / "ratings_gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "䶮山书院" in decode_text(raw)
    table, v = checked(data / "ratings_gb18030.csv")
    assert set(table.headers) >= {"good", "fairly_good", "voters", "unit"}
    assert v.rejects == []
    row = v.rows.row(0, named=True)
    assert (row["unit_name"], row["org_level"], row["votes_good"], row["voters"]) == (
        "䶮山书院",
        "党总支",
        11,
        16,
    )


def test_title_row_gives_institution_and_year_footers_are_dropped_and_totals_rejected(data):
    table, v = checked(data / "ratings_title.xlsx")
    assert (table.title_institution, table.title_year, table.header_row) == ("青石大学", 2022, 2)
    assert table.sheet == "2022年度"
    # the 合计 row is no unit: rejected with its reason and row, never silently dropped
    assert [(r.row_number, r.value, r.reason) for r in v.rejects] == [(8, "合计", "aggregate_row")]
    assert v.rows["unit_name"].to_list() == ["文学院", "第一附属医院", "机关", "学生第一党支部"]
    assert set(v.rows["institution"]) == {"青石大学"} and set(v.rows["year"]) == {2022}
    assert table.skipped_rows == [9]  # the signature line, by its spreadsheet row number


def test_command_line_institution_and_year_fill_what_the_file_lacks(tmp_path):
    path = tmp_path / "no_context.csv"
    path.write_text("单位,好,较好,一般,差\n文学院,3,2,0,0\n", encoding="utf-8")
    table = read_ratings(path)[0]
    missing = validate_ratings(table)
    assert [r.reason for r in missing.rejects] == ["missing_institution"]
    filled = validate_ratings(table, institution="青石大学", year=2021)
    assert filled.rejects == [] and filled.rows["year"].to_list() == [2021]


def test_year_from_the_file_name(tmp_path):
    path = tmp_path / "青石大学_2020_测评.csv"
    path.write_text("学校,单位,好\n青石大学,文学院,3\n", encoding="utf-8")
    table, v = checked(path)
    assert v.rows["year"].to_list() == [2020]


def test_every_bad_row_is_rejected_with_its_reason(data):
    table, v = checked(data / "ratings_bad.csv")
    assert v.rows["unit_name"].to_list() == ["文学院"]
    got = [(r.row_number, r.column, r.value, r.reason) for r in v.rejects]
    assert got == [
        (3, "单位", None, "missing_unit"),
        (4, "年度", "20X1", "bad_year"),
        (5, "好", "若干", "not_a_count"),
        (6, "好", "50%", "percent_not_count"),
        (7, "好", "-1", "negative_count"),
        (8, "参评人数", "10", "votes_exceed_voters"),
        (9, "好", None, "no_rating"),
        (10, "述职方式", "远程", "unknown_mode"),
        (11, "等次", "优良", "unknown_grade"),
        (12, "单位", "体育学院", "duplicate_row"),
        (13, "单位", "体育学院", "duplicate_row"),
    ]
    dup = v.rejects[-2]
    assert "#13" in dup.message_zh and "#13" in dup.message_en
    over = v.rejects[5]
    assert over.message_zh.startswith(
        "各等次票数与弃权之和超过参评人数 (14 > 10): 文件 ratings_bad.csv, 第8行, 列 参评人数"
    )
    assert over.message_en.startswith(
        "votes plus abstentions exceed the number of voters (14 > 10): file ratings_bad.csv, row 8"
    )


def test_a_file_without_a_header_cannot_be_read(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("会议纪要\n这不是一张测评表\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_ratings(path)
    assert err.value.reject.reason == "no_header"
    assert "找不到可识别的表头行" in str(err.value) and "no recognisable header row" in str(err.value)


def test_a_corrupt_workbook_is_reported_not_raised(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(SourceError) as err:
        read_ratings(path)
    assert err.value.reject.reason == "unreadable_file" and err.value.reject.file == "broken.xlsx"


def test_institution_from_the_file_name_and_years_range_checked(tmp_path):
    named = tmp_path / "青石大学_2020_测评.csv"
    named.write_text("单位,好\n文学院,3\n", encoding="utf-8")
    table, v = checked(named)
    assert (v.rows["institution"].to_list(), v.rows["year"].to_list()) == (["青石大学"], [2020])
    plain = tmp_path / "measures.csv"
    plain.write_text("学校,单位,好\n青石大学,文学院,3\n", encoding="utf-8")
    table, v = checked(plain, year=5)  # a --year outside 2000–2100 is refused like a column value
    assert [(r.column, r.value, r.reason) for r in v.rejects] == [("year", "5", "bad_year")]


def test_a_csv_title_line_without_trailing_commas_still_reads_as_the_whole_table(tmp_path):
    """Hand-made or exported by other tools: the title line has one field and no trailing separators; the table
    below it keeps every column (polars alone would take the first line's width and keep one)."""
    path = tmp_path / "柳岸学院评议结果.csv"
    path.write_text(
        "柳岸学院2023年度党组织书记述职评议结果\n"
        "单位,好,较好,一般,差,参评人数\n"
        '"文学院党委",7,2,1,0,10\n'
        "机关党委,5,4,1,0,10\n"
        "外语学院党委,6,3\n",  # a short row: filled with empty cells, then checked like any other
        encoding="utf-8",
    )
    [grid] = read_grids(path)
    assert grid.frame.width == 6
    table, v = checked(path)
    got = {
        r["unit_name"]: (r["institution"], r["year"], r["votes_good"], r["votes_fairly_good"], r["voters"])
        for r in v.rows.iter_rows(named=True)
    }
    assert got["文学院"] == ("柳岸学院", 2023, 7, 2, 10)
    assert got["机关"] == ("柳岸学院", 2023, 5, 4, 10)
    assert got["外语学院"][2:] == (6, 3, None) and v.rejects == []  # the missing cells are empty, not shifted


def test_a_csv_row_wider_than_every_early_row_is_not_cut(tmp_path):
    """The width comes from a sample of the first rows; a wider row after it makes the whole file counted."""
    lines = ["单位,好,较好,一般,差,参评人数"] + [f"第{i}党支部,5,3,2,0,10" for i in range(1, 1201)]
    lines[1100] += ",备注在第七列"
    path = tmp_path / "wide_late.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [grid] = read_grids(path)
    assert grid.frame.width == 7
    assert "备注在第七列" in grid.frame.row(1100)


@pytest.mark.parametrize(
    ("labels", "codes"),
    [
        (("优秀", "合格", "基本合格", "不合格"), ("good", "fairly_good", "average", "poor")),
        (("优秀", "良好", "合格", "不合格"), ("good", "fairly_good", "average", "poor")),
        (("优秀", "称职", "基本称职", "不称职"), ("good", "fairly_good", "average", "poor")),
        (("好", "较好", "一般", "差"), ("good", "fairly_good", "average", "poor")),
        (("优秀", "良好", "合格", "基本合格"), ("good", "fairly_good", "average", "average")),  # five levels
    ],
)
def test_a_grade_list_on_another_four_level_scale_maps_each_label_by_its_place(tmp_path, labels, codes):
    """合格 is the second grade beside 基本合格 and the third beside 良好 (docs/inputs.md, Grade scales)."""
    path = tmp_path / "枫桥学院_2024_考核结果.csv"
    units = ("文学院党委", "理学院党委", "机关党委", "后勤党总支")
    body = "".join(f"{u},赵某{i},{g}\n" for i, (u, g) in enumerate(zip(units, labels, strict=True)))
    path.write_text("单位,书记,考核结果\n" + body, encoding="utf-8")
    table, v = checked(path)
    assert v.rejects == []
    got = dict(v.rows.select("unit_name", "official_grade").iter_rows())
    assert got == dict(zip(("文学院", "理学院", "机关", "后勤"), codes, strict=True))


def test_the_qualified_scale_applies_to_the_long_layout_and_to_schemes(tmp_path):
    from etl.sources.schemes import read_schemes

    path = tmp_path / "long.csv"
    path.write_text(
        "学校,年度,单位,评价,票数\n枫桥学院,2024,文学院,优秀,6\n枫桥学院,2024,文学院,合格,3\n"
        "枫桥学院,2024,文学院,基本合格,1\n",
        encoding="utf-8",
    )
    table, v = checked(path)
    [row] = v.rows.iter_rows(named=True)
    assert (row["votes_good"], row["votes_fairly_good"], row["votes_average"], row["votes_poor"]) == (
        6,
        3,
        1,
        None,
    )
    scheme = tmp_path / "fq.toml"
    scheme.write_text(
        '[[scheme]]\ninstitution = "枫桥学院"\n'
        'points = { "优秀" = 100, "合格" = 80, "基本合格" = 60, "不合格" = 0 }\n',
        encoding="utf-8",
    )
    [s], rejects = read_schemes(scheme)
    assert rejects == [] and s.points == {"good": 100, "fairly_good": 80, "average": 60, "poor": 0}


def test_counts_and_years_in_chinese_numerals_are_read_by_the_one_parser(tmp_path):
    """etl.numerals.parse_int for the whole ETL: 十二, 两名, 11位 are counts, 二〇二三年度 / 二○二三 are years; a vague
    amount (十余) is no count and is rejected with its row and column."""
    from etl.sources.ratings import _year_in
    from etl.sources.reports import _report_year_in
    from etl.validate import _Bad, parse_count, parse_year

    assert [parse_count("voters", v) for v in ("十二", "两名", "11位", "二十", "零")] == [12, 2, 11, 20, 0]
    assert [parse_year(v) for v in ("二〇二三年度", "二○二三", "二零二四年", "2022年度")] == [
        2023,
        2023,
        2024,
        2022,
    ]
    for bad, call in (
        ("十余", lambda v: parse_count("voters", v)),
        ("两代表", lambda v: parse_count("good", v)),
        ("二十三", parse_year),
    ):
        with pytest.raises(_Bad):
            call(bad)
    assert (_year_in("柳岸学院二〇二三年度评议结果"), _year_in("二○二二年"), _year_in("评议结果")) == (
        2023,
        2022,
        None,
    )
    assert _report_year_in("关于二O二三年度抓基层党建工作的述职") == 2023

    path = tmp_path / "柳岸学院评议.csv"
    path.write_text(
        "柳岸学院二〇二三年度党组织书记述职评议结果\n单位,好,较好,一般,差,参评人数\n"
        "文学院党委,十二,两票,一,零,十五人\n机关党委,十余,3,0,0,10\n",
        encoding="utf-8",
    )
    table, v = checked(path)
    [row] = v.rows.iter_rows(named=True)
    assert (row["institution"], row["year"], row["unit_name"]) == ("柳岸学院", 2023, "文学院")
    assert (
        row["votes_good"],
        row["votes_fairly_good"],
        row["votes_average"],
        row["votes_poor"],
        row["voters"],
    ) == (12, 2, 1, 0, 15)
    [reject] = v.rejects
    assert (reject.row_number, reject.column, reject.value, reject.reason) == (4, "好", "十余", "not_a_count")


@pytest.mark.parametrize(
    ("header", "votes"),
    [
        ("优秀,合格,基本合格,不合格", (8, 3, 1, 0)),
        ("优秀,称职,基本称职,不称职", (8, 3, 1, 0)),
        ("优秀,良好,合格,不合格", (8, 3, 1, 0)),
    ],
)
def test_vote_columns_headed_by_another_scale_read_as_the_four_grades(tmp_path, header, votes):
    path = tmp_path / "枫桥学院_2024_测评.csv"
    path.write_text(f"单位,{header},参评人数\n文学院党委,8,3,1,0,12\n", encoding="utf-8")
    table, v = checked(path)
    assert v.rejects == []
    [row] = v.rows.iter_rows(named=True)
    assert (row["votes_good"], row["votes_fairly_good"], row["votes_average"], row["votes_poor"]) == votes


def test_a_two_row_header_over_qualified_scale_labels(tmp_path):
    path = tmp_path / "枫桥学院_2024_测评.csv"
    path.write_text(
        "单位,测评结果,,,,参评人数\n,优秀,合格,基本合格,不合格,\n文学院党委,6,4,2,0,12\n", encoding="utf-8"
    )
    table, v = checked(path)
    [row] = v.rows.iter_rows(named=True)
    assert (row["votes_good"], row["votes_fairly_good"], row["votes_average"], row["votes_poor"]) == (
        6,
        4,
        2,
        0,
    )
