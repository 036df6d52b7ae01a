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
青石大学,2021,数学学院,五,3,2,0,10,现场,
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


if __name__ == "__main__":
    (HERE / "ratings_canonical.csv").write_text(CANONICAL, encoding="utf-8")
    (HERE / "ratings_bom_english.csv").write_bytes(b"\xef\xbb\xbf" + BOM.encode("utf-8"))
    (HERE / "ratings_gb18030.csv").write_bytes(GB.encode("gb18030"))
    (HERE / "ratings_scores.csv").write_text(SCORES, encoding="utf-8")
    (HERE / "ratings_bad.csv").write_text(BAD, encoding="utf-8")
    write_title_workbook(HERE / "ratings_title.xlsx")
