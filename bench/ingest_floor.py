"""A floor for `pingyi ingest`: the least work that loads a folder of rating files (bench/ratings_files.py) into
the same raw rows and marts, written apart from etl/. Each file is read once (polars CSV, fastexcel XLSX), all
files are normalised together (each distinct unit name once), the raw tables get one insert each, and the marts
are built by running the warehouse's own SQL. No validation, no rejects, no versions, no replacement rule: what
is left of `pingyi ingest`'s time above this is what its checks and its per-file bookkeeping cost.

    .venv/bin/python bench/ingest_floor.py FOLDER OUT.duckdb                 # load FOLDER into a fresh file
    .venv/bin/python bench/ingest_floor.py --check FOLDER INGESTED.duckdb    # floor vs `pingyi ingest`'s result
    .venv/bin/python bench/ingest_floor.py --versioned FILE WAREHOUSE        # one file into a versioned warehouse

--check loads the floor into a scratch file and compares every raw table it writes (batch ids and load times
aside; of the batch records kind, hash, status and row counts) and every mart with the warehouse `pingyi ingest`
made; it prints the tables that differ and exits 1 if any does.
Only for the clean files bench/ratings_files.py writes (fixed headers: 学校 年度 单位 单位类型 述职方式 …).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import duckdb
import polars as pl
from polars.testing import assert_frame_equal

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.normalize import infer_unit_type, institution_id, name_key, split_org_level, unit_id  # noqa: E402
from warehouse.schema import apply_schema, mark_touched  # noqa: E402
from warehouse.store import Store  # noqa: E402

COLUMNS = {
    "学校": "institution",
    "年度": "year",
    "单位": "unit",
    "单位类型": "unit_type_zh",
    "述职方式": "mode_zh",
    "书记": "secretary",
    "票种": "rater_group",
    "好": "votes_good",
    "较好": "votes_fairly_good",
    "一般": "votes_average",
    "差": "votes_poor",
    "弃权": "abstain",
    "参评人数": "voters",
}
TYPES = {"附属医院": "affiliated_hospital", "学院": "college", "党支部": "branch", "机关": "administrative"}
MODES = {"现场": "onsite", "书面": "written"}
COUNTS = ("votes_good", "votes_fairly_good", "votes_average", "votes_poor", "abstain", "voters")
# what --check compares: table → columns left out (they name the batch or the moment, which differ by design)
RAW = {
    "raw_institutions": {"batch_id"},
    "raw_units": {"batch_id"},
    "raw_unit_names": {"batch_id"},
    "raw_ratings": {"batch_id"},
    "raw_batch_institutions": {
        "batch_id"
    },  # which institutions each file wrote, one row per file and institution
    # per file: kind, content hash, status and row counts (where from, when, by whom and the notes differ)
    "raw_etl_batches": {
        "batch_id",
        "source",
        "loaded_at",
        "loaded_by",
        "institution_years",
        "options",
        "note",
    },
}
MARTS = ("mart_appraisal", "mart_type_year", "mart_institution_year")


def read_file(path: Path) -> pl.DataFrame:
    if path.suffix.lower() == ".xlsx":
        import fastexcel

        sheet = fastexcel.read_excel(path).load_sheet("测评结果", dtypes="string")
        frame = pl.from_arrow(sheet.to_arrow())
    else:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    frame = frame.rename(COLUMNS).with_row_index("source_row", offset=2)  # the header is row 1
    return frame.with_columns(pl.col("source_row").cast(pl.Int32), pl.lit(path.name).alias("_file"))


def load(folder: Path, out: Path) -> dict:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
    stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    shas = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    batch = {name: f"f{i:06d}-{sha[:8]}" for i, (name, sha) in enumerate(shas.items())}
    rows = pl.concat([read_file(p) for p in files], how="diagonal_relaxed")
    names = rows.select("unit").unique()["unit"].to_list()
    parts = {u: (*split_org_level(u), name_key(u), infer_unit_type(u)) for u in names}
    units = pl.DataFrame(
        {
            "unit": names,
            "unit_name": [parts[u][0] for u in names],
            "org_level": [parts[u][1] for u in names],
            "name_key": [parts[u][2] for u in names],
            "inferred": [parts[u][3] for u in names],
        },
        schema={
            "unit": pl.String,
            "unit_name": pl.String,
            "org_level": pl.String,
            "name_key": pl.String,
            "inferred": pl.String,
        },
    )
    insts = rows.select(pl.col("institution").str.strip_chars()).unique()["institution"].to_list()
    inst_ids = {n: institution_id(n) for n in insts}
    rows = (
        rows.join(units, on="unit", how="left")
        .with_columns(
            pl.col("institution").str.strip_chars(),
            pl.col("year").cast(pl.Int32),
            pl.col("unit_type_zh")
            .replace_strict(TYPES, default=None)
            .fill_null(pl.col("inferred"))
            .alias("unit_type"),
            pl.col("mode_zh").replace_strict(MODES, default=None).alias("mode"),
            pl.col("rater_group").fill_null("").str.strip_chars(),
            pl.col("secretary").str.strip_chars().replace("", None),
            *[pl.col(c).cast(pl.Int32) for c in COUNTS],
            pl.col("_file").replace_strict(batch).alias("batch_id"),
        )
        .with_columns(pl.col("institution").replace_strict(inst_ids).alias("institution_id"))
    )
    unit_rows = rows.unique(["institution_id", "name_key"], keep="first", maintain_order=True)
    unit_rows = unit_rows.with_columns(
        pl.Series(
            "unit_id",
            [unit_id(i, k) for i, k in zip(unit_rows["institution_id"], unit_rows["name_key"], strict=True)],
            dtype=pl.String,
        )
    )
    rows = rows.join(
        unit_rows.select("institution_id", "name_key", "unit_id"), on=["institution_id", "name_key"]
    )
    first_inst = rows.unique("institution_id", keep="first", maintain_order=True)

    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    apply_schema(con, refresh=False)
    tables = {
        "raw_institutions": first_inst.select(
            "institution_id", pl.col("institution").alias("name"), pl.lit(False).alias("is_demo"), "batch_id"
        ),
        "raw_units": unit_rows.select(
            "unit_id",
            "institution_id",
            "unit_type",
            "org_level",
            pl.lit(None, pl.String).alias("parent_unit_id"),
            "batch_id",
        ),
        "raw_unit_names": unit_rows.select(
            "unit_id",
            pl.col("unit_name").alias("name"),
            "name_key",
            pl.lit(None, pl.Int32).alias("first_year"),
            pl.lit(None, pl.Int32).alias("last_year"),
            "batch_id",
        ),
        "raw_ratings": rows.select(
            "batch_id",
            "institution_id",
            "year",
            "unit_id",
            "unit_name",
            "name_key",
            "org_level",
            "rater_group",
            pl.lit("").alias("item"),
            "secretary",
            "mode",
            *COUNTS,
            pl.lit(None, pl.Float64).alias("score"),
            pl.lit(None, pl.String).alias("official_grade"),
            pl.lit(None, pl.Int32).alias("official_rank"),
            "source_row",
        ),
    }
    per_file = rows.group_by("_file").agg(
        pl.len().alias("n"), pl.col("batch_id").first(), pl.struct("institution", "year").unique().alias("iy")
    )
    tables["raw_etl_batches"] = per_file.select(
        "batch_id",
        pl.lit("ratings").alias("kind"),
        pl.col("_file").alias("source"),
        pl.col("_file").replace_strict(shas).alias("sha256"),
        pl.lit(stamp).alias("loaded_at"),
        pl.lit("floor").alias("loaded_by"),
        pl.lit("loaded").alias("status"),
        pl.col("n").alias("rows_read"),
        pl.col("n").alias("rows_loaded"),
        pl.lit(0).alias("rows_rejected"),
        pl.col("iy")
        .map_elements(
            lambda s: json.dumps([[r["institution"], r["year"]] for r in s], ensure_ascii=False),
            return_dtype=pl.String,
        )
        .alias("institution_years"),
    )
    tables["raw_batch_institutions"] = rows.select("batch_id", "institution_id").unique()
    con.execute("begin transaction")
    for table, frame in tables.items():
        con.register("_frame", frame.to_arrow())
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"insert into {table} ({cols}) select {cols} from _frame")
        con.unregister("_frame")
    apply_schema(con, refresh=True)  # the views and the marts, built by the warehouse SQL over all rows
    con.execute("commit")
    con.close()
    return {"files": len(files), "rows": rows.height}


def versioned(path: Path, warehouse: Path) -> dict:
    """The minimal versioned write of one small rating file into an existing warehouse (warehouse.store: copy
    the current version, write into the copy, refresh the marts of the institutions written, swap the pointer):
    the file read once, its units matched by name key (one query), new units and the rows inserted. No
    validation, rejects, replacement rule, batch history or audit."""
    rows = read_file(path)
    rows = rows.with_columns(
        pl.col("institution").str.strip_chars(),
        pl.col("year").cast(pl.Int32),
        pl.col("rater_group").fill_null("").str.strip_chars(),
        pl.col("secretary").str.strip_chars().replace("", None),
        pl.col("mode_zh").replace_strict(MODES, default=None).alias("mode"),
        *[pl.col(c).cast(pl.Int32) for c in COUNTS],
    )
    names = rows["unit"].unique().to_list()
    parts = {u: (*split_org_level(u), name_key(u), infer_unit_type(u)) for u in names}
    rows = rows.with_columns(
        pl.col("unit").replace_strict({u: p[0] for u, p in parts.items()}).alias("unit_name"),
        pl.col("unit").replace_strict({u: p[1] for u, p in parts.items()}, default=None).alias("org_level"),
        pl.col("unit").replace_strict({u: p[2] for u, p in parts.items()}).alias("name_key"),
        pl.col("unit").replace_strict({u: p[3] for u, p in parts.items()}).alias("inferred"),
    )
    batch_id = f"v{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}"
    store = Store.at(warehouse)
    with store.write() as writer:
        con = writer.con
        insts = rows["institution"].unique().to_list()
        known = dict(
            con.execute(
                "select name, institution_id from raw_institutions where name in (select unnest($1))", [insts]
            ).fetchall()
        )
        ids = {n: known.get(n) or institution_id(n) for n in insts}
        rows = rows.with_columns(pl.col("institution").replace_strict(ids).alias("institution_id"))
        con.register("_keys", rows.select("institution_id", "name_key").unique().to_arrow())
        found = con.sql(
            "select k.institution_id, k.name_key, any_value(n.unit_id) as unit_id from _keys k "
            "join raw_unit_names n using (name_key) join raw_units u on u.unit_id = n.unit_id "
            "and u.institution_id = k.institution_id group by all"
        ).pl()
        con.unregister("_keys")
        rows = rows.join(found, on=["institution_id", "name_key"], how="left")
        new = rows.filter(pl.col("unit_id").is_null()).unique(["institution_id", "name_key"], keep="first")
        new = new.with_columns(
            pl.Series(
                "unit_id",
                [unit_id(i, k) for i, k in zip(new["institution_id"], new["name_key"], strict=True)],
                dtype=pl.String,
            ),
            pl.col("unit_type_zh")
            .replace_strict(TYPES, default=None)
            .fill_null(pl.col("inferred"))
            .alias("unit_type"),
        )
        rows = rows.join(
            new.select("institution_id", "name_key", pl.col("unit_id").alias("_new")),
            on=["institution_id", "name_key"],
            how="left",
        ).with_columns(pl.coalesce("unit_id", "_new").alias("unit_id"))
        tables = {
            "raw_institutions": pl.DataFrame(
                [
                    {"institution_id": i, "name": n, "is_demo": False, "batch_id": batch_id}
                    for n, i in ids.items()
                    if n not in known
                ]
            ),
            "raw_units": new.select(
                "unit_id",
                "institution_id",
                "unit_type",
                "org_level",
                pl.lit(None, pl.String).alias("parent_unit_id"),
                pl.lit(batch_id).alias("batch_id"),
            ),
            "raw_unit_names": new.select(
                "unit_id",
                pl.col("unit_name").alias("name"),
                "name_key",
                pl.lit(None, pl.Int32).alias("first_year"),
                pl.lit(None, pl.Int32).alias("last_year"),
                pl.lit(batch_id).alias("batch_id"),
            ),
            "raw_ratings": rows.select(
                pl.lit(batch_id).alias("batch_id"),
                "institution_id",
                "year",
                "unit_id",
                "unit_name",
                "name_key",
                "org_level",
                "rater_group",
                pl.lit("").alias("item"),
                "secretary",
                "mode",
                *COUNTS,
                pl.lit(None, pl.Float64).alias("score"),
                pl.lit(None, pl.String).alias("official_grade"),
                pl.lit(None, pl.Int32).alias("official_rank"),
                "source_row",
            ),
        }
        con.execute("begin transaction")
        for table, frame in tables.items():
            if frame.height:
                con.register("_frame", frame.to_arrow())
                cols = ", ".join(f'"{c}"' for c in frame.columns)
                con.execute(f"insert into {table} ({cols}) select {cols} from _frame")
                con.unregister("_frame")
        con.execute("commit")
        mark_touched(con, sorted(ids.values()))
    return {"rows": rows.height, "new_units": new.height}


def _dump(con: duckdb.DuckDBPyConnection, table: str, skip: set[str]) -> pl.DataFrame:
    cols = [r[0] for r in con.execute(f'describe "{table}"').fetchall() if r[0] not in skip]
    return con.sql(f"select {', '.join(cols)} from {table}").pl().sort(cols, nulls_last=True)


def _same(left: pl.DataFrame, right: pl.DataFrame) -> bool:
    """Equal, floats to 1e-12 relative: a mart rebuilt for a few institutions and one built over all of them
    sum in another order, which moves the last bit of an average."""
    try:
        assert_frame_equal(left, right, check_exact=False, rel_tol=1e-12, abs_tol=0.0)
    except AssertionError:
        return False
    return True


def check(folder: Path, ingested: Path) -> list[str]:
    """Tables in which the floor's warehouse and `pingyi ingest`'s differ (empty: identical)."""
    store = Store.at(ingested)
    path = store.current() if store.versions_dir.is_dir() else ingested
    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp) / "floor.duckdb"
        load(folder, floor)
        differ = []
        with duckdb.connect(str(floor), read_only=True) as a, duckdb.connect(str(path), read_only=True) as b:
            for table, skip in {**RAW, **{m: set() for m in MARTS}}.items():
                left, right = _dump(a, table, skip), _dump(b, table, skip)
                if left.height == 0 or not _same(left, right):
                    differ.append(f"{table}: floor {left.height} rows, ingest {right.height} rows")
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with the warehouse `pingyi ingest` made"
    )
    parser.add_argument(
        "--versioned", action="store_true", help="FOLDER is one file: load it into the versioned WAREHOUSE"
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("warehouse", type=Path)
    args = parser.parse_args(argv)
    if args.versioned:
        done = versioned(args.folder, args.warehouse)
        print(f"floor (versioned): {done['rows']} rows, {done['new_units']} new units → {args.warehouse}")
        return 0
    if args.check:
        differ = check(args.folder, args.warehouse)
        print("identical raw tables and marts" if not differ else "differ:\n" + "\n".join(differ))
        return 1 if differ else 0
    done = load(args.folder, args.warehouse)
    print(f"floor: {done['files']} files, {done['rows']} rows → {args.warehouse}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
