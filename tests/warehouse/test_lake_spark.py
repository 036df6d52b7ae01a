"""Spark reads the lake (issue #18, "Beyond one machine"): the tables created from the snapshot's own DDL over the
stable `current` path hold the warehouse's rows with its types, Spark SQL gives the dashboard's numbers
(warehouse.queries), the tables survive more exports than are kept, and both layouts read alike.

One local SparkSession for the module over the small demo warehouse (Java from scripts/system-packages.sh,
pyspark from the dev extras); the recipe is the one docs/scaling.md shows.
"""

from __future__ import annotations

import re
import shutil
import time
import warnings
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from etl.demo import build_demo
from warehouse import lake, lake_schema, queries
from warehouse.access import Scope
from warehouse.store import Store

pyspark = pytest.importorskip("pyspark", reason="pyspark is in the dev extras: pip install -e '.[dev]'")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java: bash scripts/system-packages.sh installs it", allow_module_level=True)

EVERYONE = Scope.everything()


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Store:
    store = Store.at(tmp_path_factory.mktemp("spark-src") / "w.duckdb")
    build_demo(store, scale="small", seed=11)
    return store


@pytest.fixture(scope="module")
def lake_dir(source: Store, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("spark-lake") / "lake"
    lake.export_lake(source, root)
    return root


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore", FutureWarning
        )  # pyspark's note on pandas ≥ 3 (we use Arrow, not pandas)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("pingyi-lake-test")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.memory", "768m")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def run_sql_file(spark, text: str) -> None:
    """Run a file of statements (the generated DDL, the refresh statements) the way spark-sql -f would."""
    for statement in re.sub(r"--[^\n]*", "", text).split(";"):
        if statement.strip():
            spark.sql(statement)


@pytest.fixture(scope="module")
def tables(spark, lake_dir: Path):
    """The external tables, created from the DDL the export wrote into the snapshot (`current/_schema/spark.sql`)."""
    run_sql_file(
        spark, (lake_dir / lake.CURRENT_LINK / lake_schema.SCHEMA_DIR / "spark.sql").read_text("utf-8")
    )
    return lake.snapshot(str(lake_dir)).manifest


def frame(spark, sql: str) -> pl.DataFrame:
    return pl.from_arrow(spark.sql(sql).toArrow())


def test_every_table_holds_the_warehouse_rows_with_the_manifest_types(spark, tables, source: Store):
    with source.connect_read_only() as con:
        for name, table in tables["tables"].items():
            df = spark.table(f"pingyi.{name}")
            assert [(f.name, f.dataType.simpleString().upper()) for f in df.schema.fields] == [
                (c, lake_schema.spark_type(t)) for c, t in lake_schema.lake_columns(table)
            ], name
            got = pl.from_arrow(df.toArrow())
            cols = ", ".join(
                f'cast("{c}" as varchar) as "{c}"' if t == "JSON" else f'"{c}"'
                for c, t in lake_schema.lake_columns(table)
            )
            want = con.sql(f'select {cols} from "{name}"').pl()
            assert got.height == table["rows"], name
            assert_frame_equal(got, want, check_row_order=False, check_dtypes=True), name


def _electorate() -> str:
    return (
        "coalesce(voters, coalesce(votes_good, 0) + coalesce(votes_fairly_good, 0) + coalesce(votes_average, 0)"
        " + coalesce(votes_poor, 0))"
    )


@pytest.mark.parametrize("metric", ["score", "good_rate"])
def test_spark_sql_gives_the_dashboards_type_trend(spark, tables, source: Store, metric):
    spark_trend = frame(
        spark,
        f"""
        select unit_type, year, avg(value) as value, count(value) as n_units,
            median(case when electorate > 0 then electorate end) as median_voters
        from (select unit_type, year, {metric} as value, {_electorate()} as electorate from pingyi.appraisal
              where year between 2017 and 2024)
        where value is not null
        group by unit_type, year
        """,
    )
    with source.connect_read_only() as con:
        dashboard = queries.type_trend(
            con, queries.Filters(scope=EVERYONE, year_from=2017, year_to=2024, metric=metric)
        )
    assert dashboard.height > 10
    keys = ["unit_type", "year"]
    assert_frame_equal(
        spark_trend.sort(keys), dashboard.sort(keys), check_dtypes=False, check_exact=False, rel_tol=1e-9
    )


def test_spark_sql_gives_the_dashboards_institution_ranks_and_grades(spark, tables, source: Store):
    ranks = frame(
        spark,
        """
        select institution_id, year, value, rank() over (partition by year order by round(value, 9) desc) as rank,
            count(*) over (partition by year) as n_ranked
        from (select institution_id, year, avg(score) as value from pingyi.appraisal
              where score is not null group by institution_id, year)
        """,
    )
    with source.connect_read_only() as con:
        dashboard = queries.institution_ranks(con, queries.Filters(scope=EVERYONE, metric="score"))
        iid, year = con.execute(
            "select institution_id, max(year) from institution_year where has_ratings group by 1 order by 1 limit 1"
        ).fetchall()[0]
        grades = queries.grade_distribution(con, scope=EVERYONE, institution=iid, year=year)
        kpis = queries.overview_kpis(con, scope=EVERYONE, institution=iid, year=year)
    keys = ["institution_id", "year"]
    assert_frame_equal(
        ranks.sort(keys),
        dashboard.drop("institution").sort(keys),
        check_dtypes=False,
        check_exact=False,
        rel_tol=1e-9,
    )
    counted = frame(
        spark,
        f"select final_grade as grade, count(*) as n from pingyi.appraisal where institution_id = '{iid}' "
        f"and year = {int(year)} and final_grade is not null group by final_grade",
    )
    assert dict(counted.iter_rows()) == {g: n for g, n in grades.select("grade", "n").iter_rows() if n}
    mart = frame(
        spark,
        f"select year, n_units, mean_score, good_rate from pingyi.institution_year where institution_id = '{iid}' "
        f"and year in ({', '.join(str(y) for y in kpis['year'])})",
    )
    assert_frame_equal(
        mart.sort("year"),
        kpis.select(mart.columns).sort("year"),
        check_dtypes=False,
        check_exact=False,
        rel_tol=1e-9,
    )


def test_votes_per_rater_group_from_the_lake(spark, tables, source: Store):
    with source.connect_read_only() as con:
        unit = con.execute(
            "select unit_id from unit_group_votes where rater_group <> '' group by 1 order by count(*) desc, 1 limit 1"
        ).fetchall()[0][0]
        dashboard = queries.unit_votes_by_group(con, scope=EVERYONE, unit_id=unit)
    got = frame(
        spark,
        f"""
        select year, coalesce(nullif(rater_group, ''), '全体') as rater_group, sum(votes_good) as votes_good,
            sum(votes_fairly_good) as votes_fairly_good, sum(votes_average) as votes_average,
            sum(votes_poor) as votes_poor
        from pingyi.unit_group_votes where unit_id = '{unit}'
        group by 1, 2
        having coalesce(sum(votes_good), 0) + coalesce(sum(votes_fairly_good), 0)
             + coalesce(sum(votes_average), 0) + coalesce(sum(votes_poor), 0) > 0
        """,
    )
    assert dashboard.height > 1 and not dashboard["votes_withheld"].any()
    assert_frame_equal(got.sort("year", "rater_group"), dashboard.drop("votes_withheld"), check_dtypes=False)


def test_tables_survive_more_exports_than_are_kept(spark, tables, source: Store, lake_dir: Path):
    """The external tables point at DIR/current: after more exports than snapshots are kept, the refresh
    statements are enough; a query on a stale listing fails loudly (file not found) instead of mixing snapshots."""
    first = lake.snapshot(str(lake_dir))
    before = spark.table("pingyi.institutions").count()
    with source.write() as w:
        w.con.execute(
            "insert into raw_institutions (institution_id, name, is_demo) values ('i_spark_test', '星火测试学院', true)"
        )
    try:
        for _ in range(lake.KEEP_SNAPSHOTS + 1):
            lake.export_lake(source, lake_dir)
        assert not Path(first.uri).exists()
        with pytest.raises(Exception, match="FILE_NOT_EXIST|does not exist|REFRESH"):
            spark.table("pingyi.institutions").collect()
        run_sql_file(spark, lake_schema.refresh_sql(lake.snapshot(str(lake_dir)).manifest, "spark"))
        assert spark.table("pingyi.institutions").count() == before + 1
        assert (
            spark.sql("select count(*) from pingyi.appraisal").collect()[0][0]
            == first.manifest["tables"]["appraisal"]["rows"]
        )
    finally:
        source.rollback()
        lake.export_lake(source, lake_dir)
        run_sql_file(spark, lake_schema.refresh_sql(lake.snapshot(str(lake_dir)).manifest, "spark"))


def test_both_layouts_read_alike_with_the_explicit_schema(spark, tables, source: Store, tmp_path):
    """spark.read with the DDL's schema over the year=/institution_id= layout and over the default one: the same
    rows and the same types (year an INT, institution_id a STRING, whatever the folders)."""
    wide = tmp_path / "wide"
    lake.export_lake(source, wide, partition_by=("year", "institution_id"))
    manifest = lake.snapshot(str(wide)).manifest
    table = manifest["tables"]["appraisal"]
    ddl_schema = ", ".join(f"`{c}` {lake_schema.spark_type(t)}" for c, t in lake_schema.lake_columns(table))
    started = time.perf_counter()
    df = spark.read.schema(ddl_schema).parquet(str(wide / lake.CURRENT_LINK / "appraisal"))
    listed = time.perf_counter() - started
    assert [f.name for f in df.schema.fields][-2:] == ["year", "institution_id"]
    summary = "select year, institution_id, count(*) as n, round(sum(score), 6) as s from {} group by 1, 2"
    df.createOrReplaceTempView("appraisal_wide")
    a = frame(spark, summary.format("appraisal_wide")).sort("year", "institution_id")
    b = frame(spark, summary.format("pingyi.appraisal")).sort("year", "institution_id")
    assert_frame_equal(a, b)
    print(f"spark listing, year=/institution_id= layout ({len(table['files'])} files): {listed:.2f} s")


def recipe(name: str, lake_dir: Path) -> str:
    """The fenced block after `<!-- recipe: NAME -->` in docs/scaling.md, for the lake at `lake_dir`."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "scaling.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- recipe: {name} -->\n```\w+\n(.*?)\n```", text, re.S)
    assert match, f"docs/scaling.md has no recipe {name}"
    return match.group(1).replace("/srv/pingyi-lake", str(lake_dir))


def test_documented_spark_recipe_gives_the_dashboards_numbers(spark, source: Store, lake_dir: Path, capsys):
    """docs/scaling.md's Spark recipe, run as written (its getOrCreate() is this module's session): the tables
    from the generated DDL, the query, and the refresh after an export."""
    space: dict[str, object] = {}
    exec(recipe("spark", lake_dir), space)  # noqa: S102 - the documented recipe, run as written
    assert space["spark"] is spark
    with source.connect_read_only() as con:
        want = queries.type_trend(
            con, queries.Filters(scope=EVERYONE, year_from=2021, year_to=2024, metric="score")
        )
    got = pl.from_arrow(space["trend"].toArrow())
    assert got.height == want.height > 8
    assert_frame_equal(
        got.sort("unit_type", "year"),
        want.select("unit_type", "year", mean_score="value", units="n_units").sort("unit_type", "year"),
        check_dtypes=False,
        check_exact=False,
        rel_tol=1e-9,
    )
    assert "mean_score" in capsys.readouterr().out  # trend.show() printed the table
