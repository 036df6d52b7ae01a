"""Writes a demo warehouse's tallies back out as rating files, one per institution: the same data as ingest
input (every third file XLSX with a title-free sheet 测评结果, the rest UTF-8 CSV with Chinese headers).

    .venv/bin/python bench/ratings_files.py WAREHOUSE OUT_DIR                  # every institution
    .venv/bin/python bench/ratings_files.py WAREHOUSE OUT_DIR --every 10       # one institution in ten
    .venv/bin/python bench/ratings_files.py WAREHOUSE OUT_DIR --limit 300      # the first 300 (by name)

National scale (3,010 institutions, about 1.2 M rating rows) is written institution by institution, so the
whole table is never in memory; `--every N` gives a representative fraction (every N-th institution by name,
so all kinds and sizes are in it) for ingest timings that would take too long in full.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import polars as pl

from warehouse.store import Store

HEADERS = {
    "institution": "学校",
    "year": "年度",
    "unit": "单位",
    "unit_type": "单位类型",
    "mode": "述职方式",
    "secretary": "书记",
    "rater_group": "票种",
    "votes_good": "好",
    "votes_fairly_good": "较好",
    "votes_average": "一般",
    "votes_poor": "差",
    "abstain": "弃权",
    "voters": "参评人数",
}
TYPE_ZH = {"affiliated_hospital": "附属医院", "college": "学院", "branch": "党支部", "administrative": "机关"}
MODE_ZH = {"onsite": "现场", "written": "书面"}
CHUNK = 100  # institutions read from the warehouse at a time


def _warehouse_file(path: Path) -> Path:
    """A pointer made by `pingyi demo` (PATH → PATH.versions/v….duckdb) or a plain DuckDB file."""
    store = Store.at(path)
    return store.current() if store.versions_dir.is_dir() else path


def export(warehouse: Path, out: Path, *, every: int = 1, limit: int | None = None) -> dict:
    """Write the files; returns {"files", "rows", "bytes"}."""
    out.mkdir(parents=True, exist_ok=True)
    files = rows = size = 0
    with duckdb.connect(str(_warehouse_file(warehouse)), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "select name from raw_institutions where institution_id in (select institution_id from raw_ratings) "
                "order by name"
            ).fetchall()
        ]
        chosen = names[::every][:limit]
        for start in range(0, len(chosen), CHUNK):
            part_names = chosen[start : start + CHUNK]
            frame = con.sql(
                """
                select i.name as institution, r.year, coalesce(r.org_level, '') as level, r.unit_name as unit,
                    u.unit_type, r.mode, r.secretary, r.rater_group, r.votes_good, r.votes_fairly_good,
                    r.votes_average, r.votes_poor, r.abstain, r.voters
                from raw_ratings r join raw_institutions i using (institution_id) join raw_units u using (unit_id)
                where i.name in (select unnest($names::varchar[]))
                order by i.name, r.year, r.unit_name, r.rater_group
                """,
                params={"names": part_names},
            ).pl()
            frame = frame.with_columns(
                (pl.col("unit") + pl.col("level")).alias("unit"),
                pl.col("unit_type").replace_strict(TYPE_ZH, default=None),
                pl.col("mode").replace_strict(MODE_ZH, default=None),
            ).drop("level")
            for (name,), part in frame.group_by(["institution"], maintain_order=True):
                part = part.select(list(HEADERS)).rename(HEADERS)
                index = names.index(name)
                if index % 3 == 2:
                    target = out / f"{name}_测评结果.xlsx"
                    part.write_excel(target, worksheet="测评结果", autofit=False)
                else:
                    target = out / f"{name}_测评结果.csv"
                    part.write_csv(target, include_bom=True)
                files += 1
                rows += part.height
                size += target.stat().st_size
    return {"files": files, "rows": rows, "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--every", type=int, default=1, help="only every N-th institution (by name)")
    parser.add_argument("--limit", type=int, default=None, help="at most this many institutions")
    args = parser.parse_args()
    done = export(args.warehouse, args.out, every=args.every, limit=args.limit)
    print(f"{done['files']} files, {done['rows']} rating rows, {done['bytes'] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
