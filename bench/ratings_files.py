"""Writes a demo warehouse's tallies back out as rating files, one per institution: the same data as ingest
input (every third file XLSX with a title row, the rest UTF-8 CSV with Chinese headers).

    .venv/bin/python bench/ratings_files.py WAREHOUSE OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import polars as pl

HEADERS = {
    "institution": "学校", "year": "年度", "unit": "单位", "unit_type": "单位类型", "mode": "述职方式",
    "secretary": "书记", "rater_group": "票种", "votes_good": "好", "votes_fairly_good": "较好",
    "votes_average": "一般", "votes_poor": "差", "abstain": "弃权", "voters": "参评人数",
}
TYPE_ZH = {"affiliated_hospital": "附属医院", "college": "学院", "branch": "党支部", "administrative": "机关"}
MODE_ZH = {"onsite": "现场", "written": "书面"}


def export(warehouse: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        frame = con.sql(
            """
            select i.name as institution, r.year, coalesce(r.org_level, '') as level, r.unit_name as unit,
                u.unit_type, r.mode, r.secretary, r.rater_group, r.votes_good, r.votes_fairly_good,
                r.votes_average, r.votes_poor, r.abstain, r.voters
            from raw_ratings r join raw_institutions i using (institution_id) join raw_units u using (unit_id)
            order by i.name, r.year, r.unit_name, r.rater_group
            """
        ).pl()
    frame = frame.with_columns(
        (pl.col("unit") + pl.col("level")).alias("unit"),
        pl.col("unit_type").replace_strict(TYPE_ZH, default=None),
        pl.col("mode").replace_strict(MODE_ZH, default=None),
    ).drop("level")
    files = 0
    for i, ((name,), part) in enumerate(frame.group_by(["institution"], maintain_order=True)):
        part = part.select(list(HEADERS)).rename(HEADERS)
        if i % 3 == 2:
            part.write_excel(out / f"{name}_测评结果.xlsx", worksheet="测评结果", autofit=False)
        else:
            part.write_csv(out / f"{name}_测评结果.csv", include_bom=True)
        files += 1
    return files


if __name__ == "__main__":
    print(export(Path(sys.argv[1]), Path(sys.argv[2])), "files")
