"""Writes the fixtures of published result lists and rosters (fictional institutions and people; the layouts
imitate what offices publish: a grade list under a title row, a roster of who reported how, files that need
--map). Run once; commit the output.

    python tests/data/make_results_fixtures.py
"""

from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent


def grade_list_xlsx(path: Path) -> None:
    """A college's grade list: a merged title row naming the college (not the university), a header whose
    cells are merged over two rows, branch names as written, an aggregate row and a secretary without unit."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("结果")
    merged = book.add_format({"align": "center", "valign": "vcenter", "bold": True})
    sheet.merge_range(0, 0, 0, 4, "文理学院党委2023年度党支部书记抓党建述职评议考核结果", merged)
    for col, text in enumerate(["序号", "党支部名称", "书记姓名", "评议等次", "备注"]):
        sheet.merge_range(1, col, 2, col, text, merged)
    body = [
        (1, "学生第一党支部", "林某一", "好", ""),
        (2, "教工党支部", "陈某二", "较好", ""),
        (3, "实验室党支部", "赵某三", "好", "现场述职"),
        (4, "离退休党支部", "钱某四", "一般", ""),
        (5, "其他党支部(4个)", "", "较好", "书面述职,合并统计"),
        (6, "", "孙某五", "好", ""),
        (7, "研究生第二党支部", "周某六", "好", ""),
    ]
    for r, row in enumerate(body, start=3):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()


GB_AGGREGATE = """序号,党组织名称,述职人,评定结果,名次
1,临床科室党支部,吴某甲,好,1
2,护理系党总支,郑某乙,较好,2
3,后勤党委,王某丙,一般,3
合计,4个单位,,好1 较好2 一般1,
4,图书馆直属党支部,冯某丁,较好,
"""

ROSTER_TRADITIONAL = """青石大學2023年度黨支部書記述職名單,,,
序號,黨支部,書記姓名,述職方式
1,文學院黨委,周某甲,現場
2,第一附屬醫院黨委,吳某乙,書面
3,機關黨委,鄭某丙,書面
4,學生第二黨支部,何某戊,現場
"""

# the same institution-year's published grades: two units of the roster and one it does not list
RESULTS_2023 = """学校,年度,单位名称,党组织书记,综合等次
青石大学,2023,文学院党委,周某甲,好
青石大学,2023,机关党委,,较好
青石大学,2023,学生第一党支部,王某丁,好
"""

NEEDS_MAP = """支部,负责同志,结论
松岭大学植物学院党委,韩某甲,好
松岭大学动物学院党委,曹某乙,一般
"""

# one institution-year sent as two files (colleges, hospitals); 机关 is in both (a conflict)
COLLEGES = """学校,年度,单位,好,较好,一般,差,参评人数
溪山学院,2024,护理系党总支,9,6,1,0,16
溪山学院,2024,䶮山书院党总支,11,4,1,0,16
溪山学院,2024,机关党委,7,7,2,0,16
"""
HOSPITALS = """学校,年度,单位,好,较好,一般,差,参评人数
溪山学院,2024,附属医院党委,12,3,1,0,16
溪山学院,2024,机关党委,8,6,2,0,16
"""

# a year as first loaded, and a corrected re-send: one unit changed, one row broken, one unit left out
FIRST_SEND = """学校,年度,单位,好,较好,一般,差
松岭大学,2022,植物学院党委,10,5,1,0
松岭大学,2022,动物学院党委,8,6,2,0
松岭大学,2022,机关党委,6,8,2,0
松岭大学,2022,学生第一党支部,9,6,1,0
"""
RESEND = """学校,年度,单位,好,较好,一般,差
松岭大学,2022,植物学院党委,12,3,1,0
松岭大学,2022,动物学院党委,八个左右,6,2,0
"""


def main() -> None:
    grade_list_xlsx(HERE / "松岭大学_文理学院_考核结果.xlsx")
    (HERE / "溪山学院_2022_评定结果.csv").write_bytes(GB_AGGREGATE.encode("gb18030"))
    files = {
        "roster_traditional.csv": ROSTER_TRADITIONAL,
        "results_grades_2023.csv": RESULTS_2023,
        "results_needs_map.csv": NEEDS_MAP,
        "split_colleges.csv": COLLEGES,
        "split_hospitals.csv": HOSPITALS,
        "resend_first.csv": FIRST_SEND,
        "resend_corrected.csv": RESEND,
    }
    for name, text in files.items():
        (HERE / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
