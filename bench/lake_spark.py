"""How long Spark takes to list the lake in each layout (issue #18, "Beyond one machine").

Exports one warehouse twice (by year, the default, and by year and institution_id), then in one local Spark
session times, alternately and RUNS times each: `spark.read.parquet(DIR/current/appraisal)` (listing and schema
inference, as a user without the DDL would), the same with the DDL's schema, and a count over the table created
from the generated DDL after REFRESH TABLE (listing again). Prints medians as JSON.

    .venv/bin/python bench/lake_spark.py --db /tmp/national.duckdb [--runs 3] [--layouts 'year']
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warehouse import lake, lake_schema  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", required=True, help="warehouse pointer path (e.g. from pingyi demo --scale …)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", help="lake folder (default: a temporary folder)")
    parser.add_argument(
        "--layouts",
        default="year;year,institution_id",
        help="layouts to compare, ';'-separated (default: both)",
    )
    args = parser.parse_args()

    base = Path(args.out or tempfile.mkdtemp(prefix="pingyi-lake-bench-"))
    layouts = {label: tuple(label.split(",")) for label in args.layouts.split(";")}
    exported = {}
    for label, keys in layouts.items():
        started = time.perf_counter()
        snap = lake.export_lake(args.db, base / label.replace(",", "+"), partition_by=keys)
        exported[label] = {
            "export_s": round(time.perf_counter() - started, 2),
            "files": sum(len(t["files"]) for t in snap.manifest["tables"].values()),
            "appraisal_files": len(snap.manifest["tables"]["appraisal"]["files"]),
            "manifest": snap.manifest,
            "root": base / label.replace(",", "+"),
        }

    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(os.environ.get("SPARK_MASTER", "local[2]"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    timings: dict[str, dict[str, list[float]]] = {label: {} for label in layouts}
    for label, info in exported.items():
        db = "bench_" + label.replace(",", "_")
        ddl = lake_schema.spark_ddl(info["manifest"], str(info["root"] / lake.CURRENT_LINK), database=db)
        started = time.perf_counter()
        for statement in ddl.split(";"):
            if statement.strip():
                spark.sql(statement)
        info["ddl_s"] = round(time.perf_counter() - started, 2)
    for _ in range(args.runs):
        for label, info in exported.items():  # alternately, so a busy moment hurts both layouts alike
            path = str(info["root"] / lake.CURRENT_LINK / "appraisal")
            table = info["manifest"]["tables"]["appraisal"]
            schema = ", ".join(
                f"`{c}` {lake_schema.spark_type(t)}" for c, t in lake_schema.lake_columns(table)
            )
            db = "bench_" + label.replace(",", "_")
            for name, action in (
                ("read_inferred", lambda p=path: spark.read.parquet(p)),
                ("read_with_schema", lambda p=path, s=schema: spark.read.schema(s).parquet(p)),
                (
                    "refresh_and_count",
                    lambda d=db: (
                        spark.sql(f"refresh table {d}.appraisal"),
                        spark.table(f"{d}.appraisal").count(),
                    ),
                ),
            ):
                started = time.perf_counter()
                action()
                timings[label].setdefault(name, []).append(time.perf_counter() - started)
    spark.stop()
    result = {
        "db": str(args.db),
        "runs": args.runs,
        "load_average": os.getloadavg(),
        "layouts": {
            label: {
                "export_s": info["export_s"],
                "files": info["files"],
                "appraisal_files": info["appraisal_files"],
                "ddl_s": info["ddl_s"],
                **{k: round(statistics.median(v), 3) for k, v in timings[label].items()},
            }
            for label, info in exported.items()
        },
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
