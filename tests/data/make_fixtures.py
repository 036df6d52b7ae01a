"""Writes the tiny ETL fixtures in this folder (fictional institutions and people). Run once; commit the output.

python tests/data/make_fixtures.py
"""

from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent

CANONICAL = """学校,年度,单位,单位类型,票种,述职方式,书记,好,较好,一般,差,弃权,参评人数
青石大学,2023,文学院党委,学院,A票,现场,周某甲,8,2,0,0,0,10
青石大学,2023,文学院党委,学院,B票,现场,周某甲,12,6,2,0,0,20
青石大学,2023,第一附属医院党委,,A票,书面,吴某乙,9,1,0,0,0,10
青石大学,2023,第一附属医院党委,,B票,书面,吴某乙,15,5,0,0,1,21
青石大学,2023,机关党委,,A票,书面,郑某丙,5,4,1,0,0,10
青石大学,2023,机关党委,,B票,书面,郑某丙,8,8,3,1,0,20
青石大学,2023,学生第一党支部,,A票,现场,王某丁,6,3,1,0,0,10
青石大学,2023,学生第一党支部,,B票,现场,王某丁,10,7,2,1,0,20
"""

# English headers, UTF-8 with BOM; the 2024 file of the same institution, one unit under its new level
BOM = """institution,year,unit,rater_group,good,fairly_good,average,poor,voters,mode
青石大学,2024,文学院党委,A票,9,1,0,0,10,written
青石大学,2024,第一附属医院党委,A票,10,0,0,0,10,onsite
青石大学,2024,机关党委,A票,４,５,１,0,10,written
青石大学,2024,学生第一党支部,A票,7,2,1,0,10,written
"""

# GB18030, a header with a bracketed suffix and full-width parentheses, a rare character in a unit name
GB = """学校,年度,党组织名称,好(票),較好（票）,一般,差,参评人数（人）
溪山学院,2023,䶮山书院党总支,11票,4,1,0,16
溪山学院,2023,图书馆直属党支部,6,8,2,0,16
溪山学院,2023,后勤党委,5,7,3,1,16
溪山学院,2023,护理系党总支,9,6,1,0,16
"""

SCORES = """学校,年度,单位,得分,等次,排名
溪山学院,2022,䶮山书院,95.5,好,1
溪山学院,2022,护理系,88,较好,2
溪山学院,2022,后勤,71.25,一般,3
溪山学院,2022,校医院,90,,
"""

# every row but the first has one fault; the last two duplicate each other
BAD = """学校,年度,单位,好,较好,一般,差,参评人数,述职方式,等次
青石大学,2021,文学院,5,3,2,0,10,现场,好
青石大学,2021,,5,3,2,0,10,现场,
青石大学,20X1,历史学院,5,3,2,0,10,现场,
青石大学,2021,数学学院,若干,3,2,0,10,现场,
青石大学,2021,物理学院,50%,3,2,0,10,现场,
青石大学,2021,化学学院,-1,3,2,0,10,现场,
青石大学,2021,生命学院,9,3,2,0,10,现场,
青石大学,2021,地理学院,,,,,10,现场,
青石大学,2021,外语学院,5,3,2,0,10,远程,
青石大学,2021,艺术学院,5,3,2,0,10,现场,优良
青石大学,2021,体育学院,5,3,2,0,10,现场,
青石大学,2021,体育学院,4,3,2,0,10,现场,
"""


def write_title_workbook(path: Path) -> None:
    """A title row above the header, a blank separator row, a 合计 footer and a signature line."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("2022年度")
    ws.merge_range(0, 0, 0, 6, "青石大学2022年度二级党组织书记抓基层党建工作述职评议测评结果汇总表")
    ws.write_row(1, 0, ["序号", "述职单位", "好", "较好", "一般", "差", "参评人数"])
    rows = [
        [1, "文学院党委", 20, 8, 2, 0, 30],
        [2, "第一附属医院党委", 25, 5, 0, 0, 30],
        [None, None, None, None, None, None, None],
        [3, "機關黨委", 12, 14, 3, 1, 30],
        [4, "学生第一党支部", 15, 12, 3, 0, 30],
    ]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row):
            if value is not None:
                ws.write(i, j, value)
    ws.write_row(7, 0, ["合计", None, 72, 39, 8, 1, 120])
    ws.write(8, 0, "制表人:组织部")
    notes = wb.add_worksheet("说明")
    notes.write(0, 0, "本表仅供示例。")
    wb.close()


# long layout: one row per unit × rater group × grade, with its count
LONG = """学校,年度,单位,票种,评价,票数
青石大学,2020,文学院,A票,好,7
青石大学,2020,文学院,A票,较好,3
青石大学,2020,文学院,B票,好,10
青石大学,2020,文学院,B票,一般,10
青石大学,2020,历史学院,A票,好,9
青石大学,2020,历史学院,A票,較好,1
青石大学,2020,历史学院,A票,优良,2
"""

# scores per rating item (政治建设 …), a score-based sheet
ITEMS = """学校,年度,单位,测评项目,得分
溪山学院,2021,护理系,政治建设,90
溪山学院,2021,护理系,工作成效,80
溪山学院,2021,后勤,政治建设,70
溪山学院,2021,后勤,工作成效,60
"""

# messy headers: line breaks, full-width letters and spaces, traditional script, a 序号 column, an empty column
MESSY_HEADERS = (
    '序号,"述职\n单位",, 學 校 ,年　度,好 （票）,較好,一 般,差,"參評\n人數"\n'
    "1,文学院党委,,青石大学,２０２１,１８,１０,２,０,３０\n"
    "2,機關黨委,,青石大学,2021,12票,14票,3票,1票,30\n"
)

# GB18030 with a title row and a 合计 footer; institution and year from the title
GB_TITLE = """溪山学院2024年度党组织书记述职评议结果统计表,,,,,
单位,好,较好,一般,差,参评人数
䶮山书院党总支,10,5,1,0,16
护理系党总支,12,3,1,0,16
合计,22,8,2,0,32
"""


def write_band_workbook(path: Path) -> None:
    """Two-row header: 单位 and 单位类型 merged down, a 测评结果 band over the grades; 单位类型 merged over data rows."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("测评结果")
    ws.merge_range(0, 0, 0, 6, "溪山学院2025年度二级党组织书记抓基层党建工作述职评议测评结果汇总表")
    ws.merge_range(1, 0, 2, 0, "单位类型")
    ws.merge_range(1, 1, 2, 1, "二级党组织")
    ws.merge_range(1, 2, 1, 5, "测评结果(票)")
    ws.write_row(2, 2, ["好", "较好", "一般", "差"])
    ws.merge_range(1, 6, 2, 6, "参评人数")
    ws.merge_range(3, 0, 4, 0, "学院")
    ws.write_row(3, 1, ["䶮山书院党总支", 20, 6, 2, 0, 28])
    ws.write_row(4, 1, ["护理系党总支", 22, 5, 1, 0, 28])
    ws.write(5, 0, "机关")
    ws.write_row(5, 1, ["后勤党委", 10, 12, 5, 1, 28])
    ws.write(6, 0, "说明:本表由组织部汇总。")
    wb.close()


def write_group_band_workbook(path: Path) -> None:
    """A票(60%) and B票(40%) bands over the grade columns; the unit merged down over the two header rows."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("2023")
    ws.merge_range(0, 0, 1, 0, "学校")
    ws.merge_range(0, 1, 1, 1, "单位")
    ws.merge_range(0, 2, 0, 5, "A票（60%）")
    ws.merge_range(0, 6, 0, 9, "B票（40%）")
    ws.write_row(1, 2, ["好", "较好", "一般", "差"] * 2)
    ws.write_row(2, 0, ["青石大学", "文学院党委", 8, 2, 0, 0, 12, 6, 2, 0])
    ws.write_row(3, 0, ["青石大学", "机关党委", 5, 4, 1, 0, 8, 8, 3, 1])
    ws.write_row(4, 0, ["青石大学", "学生第一党支部", 6, 3, 1, 0, None, None, None, None])
    wb.close()


def write_group_sheets_workbook(path: Path) -> None:
    """One sheet per rater group, plus a summary sheet that must not be counted again."""
    wb = xlsxwriter.Workbook(path)
    for name, rows in {
        "A票": [["文学院", 8, 2, 0, 0], ["历史学院", 6, 4, 0, 0]],
        "B票": [["文学院", 12, 6, 2, 0], ["历史学院", 9, 9, 2, 0]],
        "汇总": [["文学院", 20, 8, 2, 0], ["历史学院", 15, 13, 2, 0]],
    }.items():
        ws = wb.add_worksheet(name)
        ws.write(0, 0, f"青石大学2019年度述职评议测评票统计({name})")
        ws.write_row(1, 0, ["单位", "好", "较好", "一般", "差"])
        for i, row in enumerate(rows, start=2):
            ws.write_row(i, 0, row)
    wb.close()


def write_year_sheets_workbook(path: Path) -> None:
    """One sheet per year, named by the year; no year column; a sheet of notes without a header."""
    wb = xlsxwriter.Workbook(path)
    for year, good in ((2017, 14), (2018, 16)):
        ws = wb.add_worksheet(f"{year}年度")
        ws.write_row(0, 0, ["学校", "单位", "好", "较好", "一般", "差", "述职方式"])
        ws.write_row(1, 0, ["溪山学院", "护理系", good, 20 - good, 0, 0, "现场" if year == 2017 else "书面"])
        ws.write_row(2, 0, ["溪山学院", "后勤", good - 6, 26 - good, 0, 0, "书面"])
    ws = wb.add_worksheet("填表说明")
    ws.write(0, 0, "每年一张工作表。")
    wb.close()


def write_xls(path: Path) -> None:
    """The old binary format (BIFF8), still common in organisation departments."""
    import xlwt  # only needed to regenerate this fixture

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("2016")
    for j, h in enumerate(["学校", "年度", "单位", "好", "较好", "一般", "差", "等次", "排名"]):
        ws.write(0, j, h)
    for i, row in enumerate(
        [
            ["溪山学院", 2016, "护理系", 15, 1, 0, 0, "好", 1],
            ["溪山学院", 2016, "后勤", 8, 6, 2, 0, "较好", 2],
        ],
        start=1,
    ):
        for j, v in enumerate(row):
            ws.write(i, j, v)
    wb.save(str(path))


if __name__ == "__main__":
    (HERE / "ratings_long.csv").write_text(LONG, encoding="utf-8")
    (HERE / "ratings_items.csv").write_text(ITEMS, encoding="utf-8")
    (HERE / "ratings_messy_headers.csv").write_text(MESSY_HEADERS, encoding="utf-8")
    (HERE / "ratings_gb18030_title.csv").write_bytes(GB_TITLE.encode("gb18030"))
    write_band_workbook(HERE / "ratings_band.xlsx")
    write_group_band_workbook(HERE / "ratings_group_bands.xlsx")
    write_group_sheets_workbook(HERE / "ratings_group_sheets.xlsx")
    write_year_sheets_workbook(HERE / "ratings_year_sheets.xlsx")
    write_xls(HERE / "ratings_old.xls")
    (HERE / "ratings_canonical.csv").write_text(CANONICAL, encoding="utf-8")
    (HERE / "ratings_bom_english.csv").write_bytes(b"\xef\xbb\xbf" + BOM.encode("utf-8"))
    (HERE / "ratings_gb18030.csv").write_bytes(GB.encode("gb18030"))
    (HERE / "ratings_scores.csv").write_text(SCORES, encoding="utf-8")
    (HERE / "ratings_bad.csv").write_text(BAD, encoding="utf-8")
    write_title_workbook(HERE / "ratings_title.xlsx")
