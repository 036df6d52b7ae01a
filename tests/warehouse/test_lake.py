"""The Parquet lake (issue #8): a demo warehouse exported as Hive-partitioned Parquet answers every question of the
query layer exactly as the DuckDB file does; snapshots swap atomically; a damaged or missing lake says so."""

from __future__ import annotations

import inspect
import json
import re
import threading
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from etl.demo import build_demo
from etl.load import ingest
from warehouse import lake, lake_schema, queries
from warehouse.access import Scope
from warehouse.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"
DOCS = Path(__file__).resolve().parents[2] / "docs"
REPORT_FILES = ["reports_meta.csv", "report_chemistry.docx", "report_hospital_gb18030.txt", "ratings_bad.csv"]


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Store:
    """The small demo plus report metadata and documents and a file with rejected rows, so that every exported
    table (reports with keyword lists, etl_rejects) holds rows."""
    store = Store.at(tmp_path_factory.mktemp("lake-src") / "w.duckdb")
    build_demo(store, scale="small", seed=7)
    with store.connect_read_only() as con:  # report metadata for two demo units, so reports match units
        rows = con.execute(
            "select institution, year, unit from appraisal where year = 2024 order by institution_id, unit_id limit 2"
        ).fetchall()
    meta = store.pointer.with_name("demo_reports.csv")
    meta.write_text(
        "学校,年度,单位,述职人,述职方式,报告题目,述职日期\n"
        + "".join(
            f"{i},{y},{u},王某甲,现场述职,{u}{y}年度抓基层党建工作述职报告,2025-01-10\n" for i, y, u in rows
        ),
        encoding="utf-8",
    )
    results = ingest(store, [meta, *(DATA / name for name in REPORT_FILES)])
    assert all(r.status == "loaded" for r in results), [(r.source, r.status, r.notes) for r in results]
    return store


@pytest.fixture(scope="module")
def exported(source: Store, tmp_path_factory) -> tuple[Path, lake.Snapshot]:
    """The default layout (facts and marts by year)."""
    root = tmp_path_factory.mktemp("lake") / "lake"
    return root, lake.export_lake(source, root)


@pytest.fixture(scope="module")
def exported_wide(source: Store, tmp_path_factory) -> tuple[Path, lake.Snapshot]:
    """The layout by year and institution_id (still written on request, and read alike)."""
    root = tmp_path_factory.mktemp("lake-wide") / "lake"
    return root, lake.export_lake(source, root, partition_by=("year", "institution_id"))


@pytest.fixture(scope="module", params=["direct", "cached", "direct-wide"])
def both(request, source: Store, exported, exported_wide, tmp_path_factory):
    """(connection to the DuckDB file, connection to the lake): views over the Parquet files, the replica's
    local DuckDB copy of the snapshot, and views over the year=/institution_id= layout."""
    file_con = source.connect_read_only()
    root = exported_wide[0] if request.param.endswith("-wide") else exported[0]
    mode = request.param.removesuffix("-wide")
    lake_con = lake.open_lake(str(root), mode=mode, cache_dir=tmp_path_factory.mktemp("cache"))
    yield file_con, lake_con
    file_con.close()
    lake_con.close()


# ---------------------------------------------------------------- layout and manifest


def test_layout_partitions_and_manifest(source: Store, exported):
    root, snap = exported
    assert (root / lake.CURRENT).read_text().strip() == f"snapshots/{snap.id}"
    base = root / "snapshots" / snap.id
    manifest = json.loads((base / lake.MANIFEST).read_text(encoding="utf-8"))
    assert manifest == snap.manifest
    assert manifest["format"] == "pingyi-lake" and manifest["source_version"] == source.current().name
    assert re.fullmatch(r"[0-9a-f]{16}", manifest["schema_hash"])

    # the stable path: a symlink to the current snapshot
    assert (root / lake.CURRENT_LINK).is_symlink() and (root / lake.CURRENT_LINK).resolve() == base.resolve()

    # facts: one year= folder per year (the default), the key not repeated inside the files, institution_id inside
    facts = sorted(base.glob("appraisal/year=*/*.parquet"))
    assert len(facts) == len(manifest["tables"]["appraisal"]["files"]) == 11
    assert {p.parent.name for p in facts} >= {"year=2015", "year=2025"}
    assert all(p.name == f"part-{snap.id}-0.parquet" for p in facts)  # named by the snapshot
    inside = duckdb.sql(
        f"describe select * from read_parquet('{facts[0]}', hive_partitioning = false)"
    ).fetchall()
    assert "year" not in {r[0] for r in inside} and "institution_id" in {r[0] for r in inside}
    assert not list(base.glob("*/year=*/institution_id=*"))
    assert list(base.glob("unit_group_votes/year=2020/*.parquet"))
    assert list(base.glob("institution_year/year=2020/*.parquet"))
    assert (base / "institutions" / f"part-{snap.id}-0.parquet").is_file()
    assert manifest["lake_version"] == 2 and manifest["tables"]["appraisal"]["partition_by"] == ["year"]

    # row counts and column types as in the warehouse
    with source.connect_read_only() as con:
        for name, _kind in lake.TABLES:
            table = manifest["tables"][name]
            assert table["rows"] == con.execute(f"select count(*) from {name}").fetchall()[0][0], name
            types = [(c["name"], c["type"]) for c in table["columns"]]
            assert types == [(r[0], r[1]) for r in con.execute(f"describe {name}").fetchall()], name
    assert manifest["tables"]["reports"]["rows"] > 0 and manifest["tables"]["etl_rejects"]["rows"] > 0


def test_views_keep_the_warehouse_types(both):
    file_con, lake_con = both
    for name, _kind in lake.TABLES:
        want = [(r[0], r[1]) for r in file_con.execute(f"describe {name}").fetchall()]
        have = [(r[0], r[1]) for r in lake_con.execute(f"describe {name}").fetchall()]
        assert have == want, name


def test_every_table_the_query_layer_reads_is_in_the_lake(both):
    """Names after from/join in warehouse/queries.py that are tables or views of the warehouse must be exported."""
    file_con, _ = both
    source_text = Path(inspect.getsourcefile(queries)).read_text(encoding="utf-8")
    named = set(re.findall(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)", source_text))
    catalog = {r[0] for r in file_con.execute("select table_name from information_schema.tables").fetchall()}
    assert named & catalog <= {name for name, _ in lake.TABLES}


# ---------------------------------------------------------------- the round trip through every query


def _public_queries() -> list[str]:
    return sorted(
        name
        for name, fn in inspect.getmembers(queries, inspect.isfunction)
        if fn.__module__.startswith(queries.__name__ + ".") and not name.startswith("_")
    )


def _samples(con) -> dict[str, object]:
    """Representative arguments: the institution with the most rated years, its last year, a unit with reports."""
    iid, year = con.execute(
        "select institution_id, max(year) from institution_year where has_ratings group by 1 "
        "order by count(*) desc, 1 limit 1"
    ).fetchall()[0]
    others = [r[0] for r in con.execute("select institution_id from institutions order by 1").fetchall()]
    unit = con.execute(
        "select unit_id from appraisal where institution_id = ? group by 1 order by count(*) desc, 1 limit 1",
        [iid],
    ).fetchall()[0][0]
    report_unit = con.execute("select min(unit_id) from reports where unit_id is not null").fetchall()[0][0]
    assert report_unit, "the fixture should hold reports matched to units"
    return {
        "report_unit": report_unit,
        "institution": iid,
        "year": int(year),
        "unit_id": unit,
        "institutions": [iid, *[o for o in others if o != iid][:2]],
        "year_from": 2017,
        "year_to": 2024,
        "unit_types": ["college", "branch", "affiliated_hospital"],
        "metric": "score",
    }


FILTER_KEYS = ("institutions", "year_from", "year_to", "unit_types", "metric")


def _calls(name: str, samples: dict[str, object]) -> list[dict[str, object]]:
    """Keyword sets for one query function: required arguments only, then every argument we have a sample for,
    each with the whole scope and with a scope of one institution."""
    params = inspect.signature(getattr(queries, name)).parameters
    assert "scope" in params or "filters" in params, f"{name} takes no scope"
    required = {
        p: samples[p]
        for p, spec in params.items()
        if p not in ("cur", "scope") and spec.kind == spec.KEYWORD_ONLY and spec.default is spec.empty
    }
    missing = [p for p in required if p not in samples]
    assert not missing, f"no sample value for {name}({', '.join(missing)})"
    if "filters" in params:  # the filter arguments go into its Filters (_ask)
        full = {k: samples[k] for k in FILTER_KEYS} | {p: samples[p] for p in params if p in samples}
    else:
        full = {p: samples[p] for p in params if p in samples}
    narrow = Scope(frozenset({samples["institution"]}))
    calls = []
    for kwargs in (required, full):
        calls.append({"scope": Scope.everything(), **kwargs})
        calls.append({"scope": narrow, **kwargs})
    if "metric" in full:
        calls += [{"scope": Scope.everything(), **full, "metric": m} for m in queries.METRICS]
    if "unit_id" in params:
        calls.append({"scope": Scope.everything(), **full, "unit_id": samples["report_unit"]})
    if "search" in params:
        calls.append({"scope": Scope.everything(), **full, "search": "党建"})
    return calls


def _ask(name: str, cur, kwargs: dict):
    """Call a question with these arguments: the scope and filter arguments in a Filters when it takes one."""
    fn = getattr(queries, name)
    if "filters" not in inspect.signature(fn).parameters:
        return fn(cur, **kwargs)
    chosen = {k: v for k, v in kwargs.items() if k in ("scope", *FILTER_KEYS)}
    rest = {k: v for k, v in kwargs.items() if k not in chosen}
    return fn(cur, queries.Filters(**chosen), **rest)


def _assert_same(name: str, kwargs: dict, on_file, on_lake) -> None:
    where = f"{name}({', '.join(f'{k}={v!r}' for k, v in kwargs.items() if k != 'scope')})"
    assert type(on_lake) is type(on_file), where
    if not isinstance(on_file, pl.DataFrame):
        assert on_lake == on_file, where
        return
    assert on_lake.columns == on_file.columns, where
    assert on_lake.schema == on_file.schema, where
    # row order as the query defines it; floats to 1e-9 (parallel sums may add in another order)
    try:
        assert_frame_equal(on_lake, on_file, check_exact=False, rel_tol=1e-9, abs_tol=1e-12)
    except AssertionError as err:
        raise AssertionError(f"{where}: lake and file differ\n{err}") from None


def test_every_public_query_answers_the_same_over_the_lake(both):
    file_con, lake_con = both
    samples = _samples(file_con)
    names = _public_queries()
    assert len(names) >= 25
    nonempty = set()
    for name in names:
        for kwargs in _calls(name, samples):
            with file_con.cursor() as fc, lake_con.cursor() as lc:
                on_file = _ask(name, fc, kwargs)
                on_lake = _ask(name, lc, kwargs)
            _assert_same(name, kwargs, on_file, on_lake)
            if (
                isinstance(on_file, pl.DataFrame)
                and on_file.height
                or not isinstance(on_file, pl.DataFrame)
                and on_file
            ):
                nonempty.add(name)
    # the comparison means something: (nearly) every question has an answer on this data
    assert set(names) - nonempty <= {"attention_units"}, set(names) - nonempty


# ---------------------------------------------------------------- snapshots


def test_second_export_swaps_while_a_reader_holds_the_first(source: Store, tmp_path):
    root = tmp_path / "lake"
    first = lake.export_lake(source, root)
    reader = lake.open_lake(str(root))
    before = reader.execute("select count(*) from institutions").fetchall()[0][0]
    assert lake.version_key(str(root)) == first.key

    with source.write() as w:  # a new warehouse version with one more institution
        w.con.execute(
            "insert into raw_institutions (institution_id, name, is_demo) values ('i_lake_test', '湖测学院', true)"
        )
    try:
        seen: list[object] = []
        stop = threading.Event()

        def keep_opening() -> None:  # a replica polling while the export runs: never half a lake
            while not stop.is_set():
                try:
                    con = lake.open_lake(str(root))
                    seen.append(con.execute("select count(*) from institutions").fetchall()[0][0])
                    con.close()
                except Exception as err:  # noqa: BLE001 - recorded and asserted on below
                    seen.append(err)

        poller = threading.Thread(target=keep_opening)
        poller.start()
        try:
            second = lake.export_lake(source, root)
        finally:
            stop.set()
            poller.join()
        assert seen and all(n in (before, before + 1) for n in seen), [
            s for s in seen if not isinstance(s, int)
        ]

        assert second.id != first.id and lake.version_key(str(root)) == second.key
        assert (root / lake.CURRENT).read_text().strip() == f"snapshots/{second.id}"
        # the reader opened before keeps its snapshot; a new reader sees the new one
        assert reader.execute("select count(*) from institutions").fetchall()[0][0] == before
        with lake.open_lake(str(root)) as fresh:
            assert fresh.execute("select count(*) from institutions").fetchall()[0][0] == before + 1
        # a snapshot can also be opened by its own address (what the dashboard caches by)
        with lake.open_lake(first.key) as old:
            assert old.execute("select count(*) from institutions").fetchall()[0][0] == before
    finally:
        reader.close()
        source.rollback()


def test_failed_export_leaves_the_current_snapshot(source: Store, tmp_path):
    root = tmp_path / "lake"
    first = lake.export_lake(source, root)

    def boom(name: str, rows: int, files: int) -> None:
        if name == "type_year":
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        lake.export_lake(source, root, on_table=boom)
    assert lake.version_key(str(root)) == first.key
    assert [p.name for p in (root / "snapshots").iterdir()] == [first.id]  # no half-written snapshot left


def test_old_snapshots_are_pruned(source: Store, tmp_path):
    root = tmp_path / "lake"
    ids = [lake.export_lake(source, root, partition_by=("year",)).id for _ in range(lake.KEEP_SNAPSHOTS + 2)]
    assert sorted(p.name for p in (root / "snapshots").iterdir()) == ids[-lake.KEEP_SNAPSHOTS :]


def test_partition_by_year_and_institution(source: Store, both, exported_wide):
    file_con, _ = both
    root, snap = exported_wide
    base = root / "snapshots" / snap.id
    assert snap.manifest["tables"]["appraisal"]["partition_by"] == ["year", "institution_id"]
    facts = sorted(base.glob("appraisal/year=*/institution_id=*/*.parquet"))
    assert len(facts) == len(snap.manifest["tables"]["appraisal"]["files"]) > 11
    inside = duckdb.sql(
        f"describe select * from read_parquet('{facts[0]}', hive_partitioning = false)"
    ).fetchall()
    assert {"year", "institution_id"}.isdisjoint({r[0] for r in inside})
    # per-institution-year marts by year only
    assert list(base.glob("institution_year/year=2020/*.parquet"))
    assert not list(base.glob("institution_year/year=2020/institution_id=*"))
    with lake.open_lake(str(root)) as con:
        samples = _samples(file_con)
        kwargs = {"scope": Scope.everything(), **{k: samples[k] for k in FILTER_KEYS}}
        for name in ("type_trend", "institution_trend", "unit_metric_values"):
            _assert_same(
                name,
                kwargs,
                _ask(name, file_con, kwargs),
                _ask(name, con, kwargs),
            )
    with pytest.raises(lake.LakeError, match="cannot partition by unit_id"):
        lake.export_lake(source, root, partition_by=("unit_id",))


# ---------------------------------------------------------------- the replica's local copy (mode "cached")


def test_cached_copy_is_built_once_per_snapshot_and_old_copies_go(source: Store, tmp_path):
    root, cache = tmp_path / "lake", tmp_path / "cache"
    first = lake.export_lake(source, root, partition_by=("year",))
    built: list[tuple[str, int, int]] = []
    con = lake.open_lake(str(root), mode="cached", cache_dir=cache, on_table=lambda *a: built.append(a))
    assert [b[0] for b in built] == [name for name, _ in lake.TABLES] and built[-1][1:] == (
        len(lake.TABLES),
    ) * 2
    copy = lake.cached_file(str(root), cache_dir=cache)
    assert copy.parent == cache and first.id in copy.name and copy.suffix == ".duckdb"
    # a read-only DuckDB file with real tables (not views over Parquet)
    kinds = dict(con.execute("select table_name, table_type from information_schema.tables").fetchall())
    assert kinds["appraisal"] == "BASE TABLE" and kinds["unit_group_votes"] == "BASE TABLE"
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("delete from institutions")
    stamp = copy.stat().st_mtime_ns

    built.clear()  # the same snapshot again (another worker of this replica, a restart): no rebuild
    again = lake.open_lake(
        lake.version_key(str(root)), mode="cached", cache_dir=cache, on_table=lambda *a: built.append(a)
    )
    assert built == [] and copy.stat().st_mtime_ns == stamp
    again.close()

    second = lake.export_lake(source, root, partition_by=("year",))
    with lake.open_lake(
        str(root), mode="cached", cache_dir=cache, on_table=lambda *a: built.append(a)
    ) as fresh:
        assert len(built) == len(lake.TABLES)
        assert (
            fresh.execute("select count(*) from appraisal").fetchall()
            == con.execute("select count(*) from appraisal").fetchall()
        )
    files = sorted(p.name for p in cache.iterdir() if p.suffix == ".duckdb")
    assert (
        len(files) == 1 and second.id in files[0]
    )  # the first snapshot's copy is gone, no temporary file left
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]
    # a process still reading the old copy keeps its open file until it moves on
    assert con.execute("select count(*) from institutions").fetchall()[0][0] > 0
    con.close()


def test_concurrent_openers_wait_for_one_build(source: Store, tmp_path):
    """Several workers of a replica start at once: one builds, the others wait on the lock and open its copy."""
    root, cache = tmp_path / "lake", tmp_path / "cache"
    lake.export_lake(source, root, partition_by=("year",))
    builds: list[str] = []
    results: list[object] = []

    def opener() -> None:
        try:
            with lake.open_lake(
                str(root),
                mode="cached",
                cache_dir=cache,
                on_table=lambda name, done, total: builds.append(name) if done == total else None,
            ) as con:
                results.append(con.execute("select count(*) from appraisal").fetchall()[0][0])
        except Exception as err:  # noqa: BLE001 - asserted on below
            results.append(err)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1, builds
    assert len(results) == 4 and len(set(results)) == 1 and isinstance(results[0], int) and results[0] > 0, (
        results
    )


def test_cached_copy_of_a_damaged_lake_is_refused_and_not_kept(exported, tmp_path):
    root = _copy(exported[0], tmp_path)
    victim = sorted((root / "snapshots").glob("*/appraisal/year=2020/*.parquet"))[0]
    victim.unlink()
    cache = tmp_path / "cache"
    with pytest.raises(lake.LakeError, match=r"数据湖表 appraisal 应有 \d+ 行.*incomplete or damaged"):
        lake.open_lake(str(root), mode="cached", cache_dir=cache)
    assert not [p for p in cache.iterdir() if p.suffix in (".duckdb", ".tmp", ".wal")]
    with pytest.raises(lake.LakeError, match="unknown lake mode"):
        lake.open_lake(str(root), mode="fast")


def test_cache_folder_from_the_environment(monkeypatch, tmp_path):
    from warehouse.settings import Settings

    monkeypatch.setenv(lake.CACHE_ENV, str(tmp_path / "c"))
    assert lake.cache_root(Settings().lake_cache) == tmp_path / "c"
    assert lake.cache_root(tmp_path / "d") == tmp_path / "d"
    monkeypatch.delenv(lake.CACHE_ENV)
    assert lake.cache_root(Settings().lake_cache).name == "pingyi-lake-cache"


# ---------------------------------------------------------------- damaged and missing lakes


def test_missing_lake(tmp_path):
    with pytest.raises(lake.LakeMissing, match="没有找到数据湖 / no lake at"):
        lake.open_lake(str(tmp_path / "nowhere"))


def _copy(snap_root: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "copy"
    shutil.copytree(snap_root, target)
    return target


def test_missing_partition_file_is_reported(exported, tmp_path):
    root = _copy(exported[0], tmp_path)
    victim = sorted((root / "snapshots").glob("*/appraisal/year=2020/*.parquet"))[0]
    victim.unlink()
    with pytest.raises(
        lake.LakeError, match=r"数据湖表 appraisal 应有 \d+ 行.*table appraisal .*incomplete or damaged"
    ):
        lake.open_lake(str(root))


def test_corrupted_file_is_reported(exported, tmp_path):
    root = _copy(exported[0], tmp_path)
    victim = next((root / "snapshots").glob("*/institutions/*.parquet"))
    victim.write_bytes(b"not parquet at all")
    with pytest.raises(
        lake.LakeError, match="数据湖表 institutions 无法读取 / table institutions of the lake"
    ):
        lake.open_lake(str(root))


def test_bad_manifest_and_dangling_pointer(exported, tmp_path):
    root = _copy(exported[0], tmp_path)
    manifest = next((root / "snapshots").glob(f"*/{lake.MANIFEST}"))
    manifest.write_text("{ half", encoding="utf-8")
    with pytest.raises(lake.LakeError, match="数据湖清单已损坏 / the lake's manifest .* is not valid JSON"):
        lake.open_lake(str(root))
    (root / lake.CURRENT).write_text("snapshots/19990101T000000Z-gone\n")
    with pytest.raises(lake.LakeError, match="数据湖快照缺少清单 / the lake's current snapshot"):
        lake.open_lake(str(root))


def test_remote_lake_without_httpfs_or_network_says_so(monkeypatch):
    """Offline (as in CI) httpfs cannot be installed; with it, nothing listens on port 9. Either way a bilingual
    LakeError, and the secret from the environment never appears in it."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "very-secret-value-123")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    with pytest.raises(lake.LakeError) as err:
        lake.open_lake("s3://pingyi-lake/prod")
    message = str(err.value)
    assert "very-secret-value-123" not in message
    assert re.search(r"[\u4e00-\u9fff].* / .*[a-z]", message), message


# ---------------------------------------------------------------- the lake as an interface for other engines


def read_pyarrow(table_dir: Path, table: dict):
    """The pyarrow recipe of docs/scaling.md: the partition keys' types given, the rest from the files."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    keys = lake_schema.partition_types(table)
    partitioning = (
        ds.partitioning(pa.schema([(k, lake_schema.arrow_type(t)) for k, t in keys.items()]), flavor="hive")
        if keys
        else None
    )
    return ds.dataset(table_dir, format="parquet", partitioning=partitioning).to_table()


def read_polars(table_dir: Path, table: dict) -> pl.DataFrame:
    """The polars recipe: hive_schema names the partition keys' types."""
    keys = lake_schema.partition_types(table)
    hive = {k: pl.from_arrow(lake_schema.arrow_schema(table).empty_table()).schema[k] for k in keys}
    return pl.read_parquet(table_dir, hive_partitioning=bool(keys), hive_schema=hive or None)


def read_duckdb(table_dir: Path, table: dict):
    """The DuckDB recipe: read_parquet with hive_types for the keys."""
    keys = lake_schema.partition_types(table)
    options = ""
    if keys:
        options = (
            ", hive_partitioning = true, hive_types = {"
            + ", ".join(f"'{k}': {t}" for k, t in keys.items())
            + "}"
        )
    # DuckDB puts several hive keys in its own order (institution_id before year): name the columns then
    select = "*" if len(keys) < 2 else ", ".join(f'"{c}"' for c, _ in lake_schema.lake_columns(table))
    return duckdb.sql(
        f"select {select} from read_parquet('{table_dir}/**/*.parquet'{options})"
    ).to_arrow_table()


READERS = {"pyarrow": read_pyarrow, "polars": read_polars, "duckdb": read_duckdb}


def _warehouse_rows(con, name: str, table: dict) -> pl.DataFrame:
    """The warehouse table in the lake's column order, JSON as text (what every reader should give)."""
    cols = ", ".join(
        f'cast("{c}" as varchar) as "{c}"' if t == "JSON" else f'"{c}"'
        for c, t in lake_schema.lake_columns(table)
    )
    return con.sql(f'select {cols} from "{name}"').pl()


@pytest.mark.parametrize("layout", ["exported", "exported_wide"])
@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_reader_gets_the_manifest_schema_and_the_warehouse_rows(reader, layout, source: Store, request):
    """pyarrow, polars and DuckDB over `current/<table>`, in both layouts: the same columns, order and types for
    every table (JSON as text, not binary; year an int32 everywhere), and the warehouse's rows."""
    root, snap = request.getfixturevalue(layout)
    with source.connect_read_only() as con:
        for name, table in snap.manifest["tables"].items():
            got = READERS[reader](root / lake.CURRENT_LINK / name, table)
            frame = got if isinstance(got, pl.DataFrame) else pl.from_arrow(got)
            want = pl.from_arrow(lake_schema.arrow_schema(table).empty_table())
            assert frame.schema == want.schema, (reader, name)
            if reader == "pyarrow":
                # (files mark the warehouse's NOT NULL columns as required; the types are the same)
                assert [(f.name, f.type) for f in got.schema] == [
                    (f.name, f.type) for f in lake_schema.arrow_schema(table)
                ], name
            (
                assert_frame_equal(frame, _warehouse_rows(con, name, table), check_row_order=False),
                (reader, name),
            )
    meetings = pl.from_arrow(
        read_pyarrow(root / lake.CURRENT_LINK / "meetings", snap.manifest["tables"]["meetings"])
    )
    assert meetings.schema["ballot_weights"] == pl.String and meetings.schema["onsite_units"] == pl.List(
        pl.String
    )


def test_empty_tables_keep_their_columns_and_order(tmp_path, exported):
    """A warehouse without reports or rejects: the empty tables read with the same columns, order and types
    as full ones, by every reader."""
    empty = Store.at(tmp_path / "empty.duckdb")
    with empty.write():
        pass
    snap = lake.export_lake(empty, tmp_path / "lake")
    full = exported[1].manifest["tables"]
    assert all(
        snap.manifest["tables"][t]["rows"] == 0
        for t in ("appraisal", "unit_group_votes", "reports", "type_year")
    )
    for name, table in snap.manifest["tables"].items():
        assert table["partition_by"] == full[name]["partition_by"], name
        assert lake_schema.arrow_schema(table) == lake_schema.arrow_schema(full[name]), name
        for reader, read in READERS.items():
            got = read(tmp_path / "lake" / lake.CURRENT_LINK / name, table)
            frame = got if isinstance(got, pl.DataFrame) else pl.from_arrow(got)
            assert frame.height == table["rows"], (reader, name)
            assert frame.schema == pl.from_arrow(lake_schema.arrow_schema(table).empty_table()).schema, (
                reader,
                name,
            )
    with lake.open_lake(
        str(tmp_path / "lake")
    ) as con:  # and the dashboard's views still carry the warehouse types
        assert con.execute("select count(*) from reports").fetchall() == [(0,)]


def test_current_path_survives_more_exports_than_are_kept(source: Store, tmp_path):
    """A reader defined once on DIR/current/<table> (as an external table is) keeps working after many exports,
    long after the snapshot it was defined on is pruned, and sees each new export."""
    root = tmp_path / "lake"
    first = lake.export_lake(source, root)
    stable = root / lake.CURRENT_LINK
    view = duckdb.connect()
    view.execute(f"create view institutions as select * from read_parquet('{stable}/institutions/*.parquet')")
    view.execute(
        f"create view appraisal as select * from read_parquet('{stable}/appraisal/**/*.parquet', "
        "hive_partitioning = true, hive_types = {'year': INTEGER})"
    )
    before = view.execute("select count(*) from institutions").fetchall()[0][0]
    units = view.execute("select count(*), round(sum(score), 6) from appraisal").fetchall()
    with source.write() as w:
        w.con.execute(
            "insert into raw_institutions (institution_id, name, is_demo) values ('i_lake_curr', '湖测二院', true)"
        )
    try:
        for _ in range(lake.KEEP_SNAPSHOTS + 2):
            last = lake.export_lake(source, root)
        assert not (root / "snapshots" / first.id).exists()  # pruned
        assert stable.resolve() == (root / "snapshots" / last.id).resolve()
        assert view.execute("select count(*) from institutions").fetchall()[0][0] == before + 1
        assert view.execute("select count(*), round(sum(score), 6) from appraisal").fetchall() == units
    finally:
        source.rollback()
        view.close()


DOC_LOCATIONS = {"spark": "/srv/pingyi-lake/current", "trino": "s3://pingyi/lake/current"}


@pytest.mark.parametrize("dialect", lake_schema.DIALECTS)
def test_exported_ddl_is_in_sync_with_the_manifest(dialect, exported):
    """The DDL in each snapshot is generated from its manifest, and docs/lake-schema/ holds the same for the
    documented location: a change to warehouse/sql that changes a column fails here until the file is rewritten
    (`pingyi export lake-schema DIR --dialect D --location L > docs/lake-schema/D.sql`)."""
    root, snap = exported
    manifest = snap.manifest
    inside = (root / lake.CURRENT_LINK / lake_schema.SCHEMA_DIR / f"{dialect}.sql").read_text(
        encoding="utf-8"
    )
    assert inside == lake_schema.ddl(manifest, dialect, str(root / lake.CURRENT_LINK))
    doc = DOCS / "lake-schema" / f"{dialect}.sql"
    assert doc.read_text(encoding="utf-8") == lake_schema.ddl(manifest, dialect, DOC_LOCATIONS[dialect]), (
        f"{doc} is out of date: pingyi export lake-schema DIR --dialect {dialect} "
        f"--location {DOC_LOCATIONS[dialect]} > {doc.relative_to(DOCS.parent)}"
    )
    # a file that splits into statements at every `;` (as the documented recipe does): none inside a comment
    assert not [line for line in inside.splitlines() if line.startswith("--") and ";" in line]
    # every table, every column, the partition keys last
    for name, table in manifest["tables"].items():
        assert f".{name} (" in inside
        if table["partition_by"]:
            assert lake_schema.lake_columns(table)[-1][0] == table["partition_by"][-1]


def test_ddl_types_cover_the_warehouse():
    with pytest.raises(lake_schema.UnknownType, match="HUGEINT"):
        lake_schema.spark_type("HUGEINT")
    assert (
        lake_schema.spark_type("VARCHAR[]") == "ARRAY<STRING>" and lake_schema.trino_type("JSON") == "varchar"
    )


def recipe(name: str, lake_dir: Path) -> str:
    """The fenced block after `<!-- recipe: NAME -->` in docs/scaling.md, for the lake at `lake_dir`."""
    text = (DOCS / "scaling.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- recipe: {name} -->\n```\w+\n(.*?)\n```", text, re.S)
    assert match, f"docs/scaling.md has no recipe {name}"
    return match.group(1).replace("/srv/pingyi-lake", str(lake_dir))


def test_documented_duckdb_recipe_gives_the_dashboards_numbers(source: Store, exported):
    root, _ = exported
    got = duckdb.sql(recipe("duckdb", root)).pl()
    with source.connect_read_only() as con:
        want = queries.type_trend(
            con, queries.Filters(scope=Scope.everything(), year_from=2021, year_to=2024, metric="score")
        )
    assert got.height == want.height > 8
    assert_frame_equal(
        got.sort("unit_type", "year"),
        want.select("unit_type", "year", mean_score="value", units="n_units").sort("unit_type", "year"),
        check_dtypes=False,
        check_exact=False,
        rel_tol=1e-9,
    )


def test_documented_python_recipe_gives_the_warehouse_rows_and_types(source: Store, exported):
    root, snap = exported
    space: dict[str, object] = {}
    exec(recipe("python", root), space)  # noqa: S102 - the documented recipe, run as written
    tables = snap.manifest["tables"]
    with source.connect_read_only() as con:
        for name, frame in (
            ("appraisal", space["appraisal"]),
            ("meetings", space["meetings"]),
            ("unit_group_votes", pl.from_arrow(space["group_votes"])),
        ):
            assert_frame_equal(frame, _warehouse_rows(con, name, tables[name]), check_row_order=False), name
    assert space["appraisal"].schema["year"] == pl.Int32 and space["meetings"].schema["evidence"] == pl.String


def test_the_current_link_opens_as_the_snapshot_it_names(exported):
    """`pingyi serve --lake DIR/current` (or open_lake on it) keys its caches by the snapshot, not by the link."""
    root, snap = exported
    via_link = lake.snapshot(str(root / lake.CURRENT_LINK))
    assert via_link.id == snap.id and via_link.key == lake.version_key(str(root)) == snap.key


def test_lake_schema_command(exported, tmp_path):
    """`pingyi export lake-schema`: the DDL for another address, the refresh statements, clear errors."""
    from typer.testing import CliRunner

    from pingyi.cli import app

    root, snap = exported
    runner = CliRunner()
    result = runner.invoke(
        app, ["export", "lake-schema", str(root), "--dialect", "trino", "--location", "s3://b/p/current"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == lake_schema.trino_ddl(snap.manifest, "s3://b/p/current")
    result = runner.invoke(app, ["export", "lake-schema", str(root), "--replace"])
    assert result.exit_code == 0 and "DROP TABLE IF EXISTS pingyi.appraisal;" in result.stdout
    assert f"LOCATION '{root / lake.CURRENT_LINK}/appraisal'" in result.stdout
    result = runner.invoke(app, ["export", "lake-schema", str(root), "--refresh"])
    assert result.stdout == (root / lake.CURRENT_LINK / "_schema" / "spark-refresh.sql").read_text(
        encoding="utf-8"
    )
    assert "MSCK REPAIR TABLE pingyi.appraisal SYNC PARTITIONS;" in result.stdout
    result = runner.invoke(app, ["export", "lake-schema", str(root), "--dialect", "hive"])
    assert result.exit_code == 2 and "must be one of: spark, trino" in result.output
    result = runner.invoke(app, ["export", "lake-schema", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "没有找到数据湖 / no lake at" in result.output


def test_export_without_symlinks_still_publishes(source: Store, tmp_path, monkeypatch, caplog):
    """Where the file system refuses symlinks, the snapshot and CURRENT are published and a warning names the
    stale link, rather than failing an export that has already swapped CURRENT."""
    root = tmp_path / "lake"

    def refuse(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(lake.os, "symlink", refuse)
    snap = lake.export_lake(source, root, partition_by=("year",))
    assert lake.version_key(str(root)) == snap.key and not (root / lake.CURRENT_LINK).exists()
    assert "could not point" in caplog.text and "Operation not permitted" in caplog.text
