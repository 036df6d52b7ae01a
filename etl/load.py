"""The one writer: loads each file as a batch, whole or not at all, into a new warehouse version.

Every file becomes one row of etl_batches (status loaded · unchanged · failed) and its rejected rows go to
etl_rejects. Valid rows of a file load in one transaction; a file that cannot be read loads nothing and
is recorded as failed. Re-loading a file whose content was already loaded changes nothing. Loading ratings
for an institution-year replaces what an earlier batch loaded for it (the earlier batch stays in history).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from etl.messages import Reject, SourceError
from etl.normalize import institution_id, stable_id, unit_id
from etl.sources.grid import CSV_SUFFIXES, SPREADSHEET_SUFFIXES
from etl.sources.ratings import read_ratings_detailed
from etl.sources.schemes import Scheme, read_schemes
from etl.validate import validate_ratings
from warehouse.store import Store

KINDS = ("auto", "ratings", "scheme")


@dataclass
class FileResult:
    """What happened to one file: the summary line `pingyi ingest` prints."""

    source: str
    kind: str
    status: str  # loaded · unchanged · failed · dry-run
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    batch_id: str | None = None
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked (sorted), hidden and temporary files (~$x.xlsx) skipped."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not p.name.startswith((".", "~$")) and _kind_of(p) is not None
            )
        else:
            out.append(path)
    return out


def _kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES + SPREADSHEET_SUFFIXES:
        return "ratings"
    if suffix == ".toml":
        return "scheme"
    return None


def ingest(
    store: Store,
    paths: Iterable[Path],
    *,
    kind: str = "auto",
    institution: str | None = None,
    year: int | None = None,
    dry_run: bool = False,
    loaded_by: str = "",
    on_file: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Load files into one new warehouse version (or, with dry_run, into a copy that is thrown away)."""
    files = expand_paths(paths)
    results: list[FileResult] = []
    with store.write(commit=not dry_run) as writer:
        for path in files:
            result = _ingest_one(writer.con, path, kind, institution, year, loaded_by, dry_run)
            results.append(result)
            if on_file:
                on_file(result)
        if all(r.status == "unchanged" for r in results):
            writer.discard()
    return results


def _ingest_one(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    institution: str | None,
    year: int | None,
    loaded_by: str,
    dry_run: bool,
) -> FileResult:
    the_kind = _kind_of(path) if kind == "auto" else kind
    source = str(path)
    if not path.is_file():
        reject = Reject(path.name, None, None, None, None, "unreadable_file", "not found / 文件不存在")
        return _failed(con, source, the_kind or "unknown", None, reject, loaded_by, dry_run)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    if the_kind not in ("ratings", "scheme"):
        reject = Reject(path.name, None, None, None, path.suffix, "unsupported_file")
        return _failed(con, source, the_kind or "unknown", sha, reject, loaded_by, dry_run)

    previous = con.execute(
        "select batch_id from raw_etl_batches where sha256 = ? and kind = ? and status = 'loaded' limit 1",
        [sha, the_kind],
    ).fetchall()
    if previous:
        return FileResult(source, the_kind, "unchanged", batch_id=previous[0][0],
                          notes=[f"同一内容已由批次 {previous[0][0]} 载入 / identical content already loaded"])
    if the_kind == "scheme":
        return _ingest_schemes(con, path, sha, loaded_by, dry_run)
    try:
        read = read_ratings_detailed(path)
    except SourceError as err:
        return _failed(con, source, the_kind, sha, err.reject, loaded_by, dry_run)

    frames, rejects, rows_read = [], [], 0
    for table in read.tables:
        checked = validate_ratings(table, institution=institution, year=year)
        frames.append(checked.rows)
        rejects.extend(checked.rejects)
        rows_read += checked.rows_read
    rows = pl.concat(frames) if frames else pl.DataFrame()

    batch_id = _new_batch_id(sha)
    con.execute("begin transaction")
    try:
        notes = [f"跳过工作表 / skipped sheet {s}" for s in read.skipped_sheets]
        notes += write_ratings(con, rows, batch_id)
        _record_batch(con, batch_id, the_kind, source, sha, "loaded", rows_read, rows.height, len(rejects),
                      loaded_by, _institution_years(rows), "; ".join(notes) or None)
        _record_rejects(con, batch_id, rejects)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return FileResult(source, the_kind, "dry-run" if dry_run else "loaded", rows_read, rows.height, len(rejects),
                      batch_id, rejects, notes)


def _ingest_schemes(con, path: Path, sha: str, loaded_by: str, dry_run: bool) -> FileResult:
    try:
        schemes, rejects = read_schemes(path)
    except SourceError as err:
        return _failed(con, str(path), "scheme", sha, err.reject, loaded_by, dry_run)
    batch_id = _new_batch_id(sha)
    con.execute("begin transaction")
    try:
        notes = write_schemes(con, schemes, batch_id)
        _record_batch(con, batch_id, "scheme", str(path), sha, "loaded", len(schemes) + len(rejects), len(schemes),
                      len(rejects), loaded_by, [], "; ".join(notes) or None)
        _record_rejects(con, batch_id, rejects)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return FileResult(str(path), "scheme", "dry-run" if dry_run else "loaded", len(schemes) + len(rejects),
                      len(schemes), len(rejects), batch_id, rejects, notes)


def write_schemes(con: duckdb.DuckDBPyConnection, schemes: list[Scheme], batch_id: str) -> list[str]:
    """Insert or replace schemes (same institution and year range = same scheme). The marts are views over
    the raw tables, so every score, grade and rank is re-derived under the new scheme at once."""
    if not schemes:
        return []
    inst = ensure_institutions(con, [s.institution for s in schemes], batch_id)
    before = dict(con.execute("select institution_id || ':' || year, scheme_id from stg_year_scheme").fetchall())
    for s in schemes:
        sid = stable_id("s", inst[s.institution], str(s.year_from), str(s.year_to))
        con.execute("delete from raw_schemes where scheme_id = ?", [sid])
        con.execute("delete from raw_scheme_groups where scheme_id = ?", [sid])
        con.execute("delete from raw_scheme_items where scheme_id = ?", [sid])
        con.execute(
            """
            insert into raw_schemes (scheme_id, institution_id, year_from, year_to, label, scale, points_good,
                points_fairly_good, points_average, points_poor, min_good, min_fairly_good, min_average, batch_id)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [sid, inst[s.institution], s.year_from, s.year_to, s.label, s.scale, s.points["good"],
             s.points["fairly_good"], s.points["average"], s.points["poor"], s.thresholds["good"],
             s.thresholds["fairly_good"], s.thresholds["average"], batch_id],
        )
        for group, weight in s.groups.items():
            con.execute("insert into raw_scheme_groups values (?, ?, ?)", [sid, group, weight])
        for item, weight in s.items.items():
            con.execute("insert into raw_scheme_items values (?, ?, ?)", [sid, item, weight])
    after = dict(con.execute("select institution_id || ':' || year, scheme_id from stg_year_scheme").fetchall())
    changed = sum(1 for k, v in after.items() if before.get(k) != v)
    return [f"口径 {len(schemes)} 个; 重新计算 {changed} 个院校年度 / {len(schemes)} schemes; "
            f"{changed} institution-years re-derived under a new scheme"]


def _failed(con, source, kind, sha, reject: Reject, loaded_by, dry_run) -> FileResult:
    batch_id = _new_batch_id(sha or "0" * 8)
    con.execute("begin transaction")
    _record_batch(con, batch_id, kind, source, sha, "failed", 0, 0, 0, loaded_by, [], reject.message_en)
    _record_rejects(con, batch_id, [reject])
    con.execute("commit")
    return FileResult(source, kind, "failed", batch_id=batch_id, rejects=[reject])


def _new_batch_id(sha: str) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"b{stamp}-{sha[:8]}"


def _institution_years(rows: pl.DataFrame) -> list[list]:
    if rows.is_empty():
        return []
    return [list(r) for r in rows.select("institution", "year").unique().sort("institution", "year").iter_rows()]


# ---------------------------------------------------------------- writing (inside the caller's transaction)


def ensure_institutions(con: duckdb.DuckDBPyConnection, names: Iterable[str], batch_id: str) -> dict[str, str]:
    """Institution name → id, creating institutions not seen before (matched on name or short name)."""
    mapping: dict[str, str] = {}
    for name in sorted(set(names)):
        found = con.execute(
            "select institution_id from raw_institutions where name = ? or short_name = ? limit 1", [name, name]
        ).fetchall()
        if found:
            mapping[name] = found[0][0]
            continue
        new_id = institution_id(name)
        con.execute(
            "insert into raw_institutions (institution_id, name, is_demo, batch_id) values (?, ?, false, ?)",
            [new_id, name, batch_id],
        )
        mapping[name] = new_id
    return mapping


def resolve_units(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, batch_id: str) -> tuple[pl.DataFrame, list[str]]:
    """Attach unit_id by (institution, name key); units never seen before are created and reported."""
    keys = rows.select("institution_id", "name_key", "unit_name", "unit_type", "org_level").unique(
        subset=["institution_id", "name_key"], keep="first", maintain_order=True
    )
    con.register("incoming_units", keys.to_arrow())
    known = con.sql(
        """
        select distinct i.institution_id, i.name_key, n.unit_id
        from incoming_units as i
        join raw_unit_names as n on n.name_key = i.name_key
        join raw_units as u on u.unit_id = n.unit_id and u.institution_id = i.institution_id
        """
    ).pl()
    con.unregister("incoming_units")
    known = known.unique(subset=["institution_id", "name_key"], keep="first")
    new = keys.join(known, on=["institution_id", "name_key"], how="anti").with_columns(
        pl.struct("institution_id", "name_key")
        .map_elements(lambda s: unit_id(s["institution_id"], s["name_key"]), return_dtype=pl.String)
        .alias("unit_id")
    )
    notes = []
    if not new.is_empty():
        _insert(con, "raw_units", new.select("unit_id", "institution_id", "unit_type", "org_level",
                                              pl.lit(None, pl.String).alias("parent_unit_id"),
                                              pl.lit(batch_id).alias("batch_id")))
        _insert(con, "raw_unit_names", new.select("unit_id", pl.col("unit_name").alias("name"), "name_key",
                                                   pl.lit(None, pl.Int32).alias("first_year"),
                                                   pl.lit(None, pl.Int32).alias("last_year"),
                                                   pl.lit(batch_id).alias("batch_id")))
        notes.append(f"新单位 {new.height} 个 / {new.height} new units")
    ids = pl.concat([known.select("institution_id", "name_key", "unit_id"),
                     new.select("institution_id", "name_key", "unit_id")])
    return rows.join(ids, on=["institution_id", "name_key"], how="left"), notes


def write_ratings(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, batch_id: str) -> list[str]:
    """Insert validated rating rows; rows of the same institution-years from earlier batches are replaced."""
    if rows.is_empty():
        return []
    inst = ensure_institutions(con, rows["institution"].to_list(), batch_id)
    rows = rows.with_columns(pl.col("institution").replace_strict(inst).alias("institution_id"))
    rows, notes = resolve_units(con, rows, batch_id)
    years = rows.select("institution_id", "year").unique()
    con.register("batch_years", years.to_arrow())
    replaced = con.sql(
        """
        select r.batch_id, count(*) as n from raw_ratings as r
        join batch_years as y on y.institution_id = r.institution_id and y.year = r.year
        group by r.batch_id order by r.batch_id
        """
    ).fetchall()
    con.execute(
        "delete from raw_ratings where (institution_id, year) in (select (institution_id, year) from batch_years)"
    )
    con.unregister("batch_years")
    for old_batch, n in replaced:
        still = con.execute("select count(*) from raw_ratings where batch_id = ?", [old_batch]).fetchall()[0][0]
        if still == 0:
            con.execute("update raw_etl_batches set status = 'replaced' where batch_id = ?", [old_batch])
        notes.append(f"替换批次 {old_batch} 的 {n} 行 / replaced {n} rows of batch {old_batch}")
    _insert(
        con,
        "raw_ratings",
        rows.select(
            pl.lit(batch_id).alias("batch_id"), "institution_id", "year", "unit_id", "unit_name", "org_level",
            "rater_group", "item", "secretary", "mode", "votes_good", "votes_fairly_good", "votes_average",
            "votes_poor", "abstain", "voters", "score", "official_grade", "official_rank", "source_row",
        ),
    )
    return notes


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Insert a frame whose column names match the table's (by name)."""
    name = f"_insert_{table}"
    con.register(name, frame.to_arrow())
    try:
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"insert into {table} ({cols}) select {cols} from {name}")  # names only, no values
    finally:
        con.unregister(name)


def _record_batch(con, batch_id, kind, source, sha, status, read, loaded, rejected, loaded_by, inst_years, note):
    con.execute(
        """
        insert into raw_etl_batches (batch_id, kind, source, sha256, loaded_at, loaded_by, status, rows_read,
            rows_loaded, rows_rejected, institution_years, note)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [batch_id, kind, source, sha, dt.datetime.now(dt.UTC).replace(tzinfo=None), loaded_by, status, read,
         loaded, rejected, json.dumps(inst_years, ensure_ascii=False), note],
    )


def _record_rejects(con, batch_id: str, rejects: list[Reject]) -> None:
    if not rejects:
        return
    frame = pl.DataFrame(
        [
            {"batch_id": batch_id, "file": r.file, "sheet": r.sheet, "row_number": r.row_number,
             "column": r.column, "value": r.value, "reason": r.reason,
             "message_zh": r.message_zh, "message_en": r.message_en}
            for r in rejects
        ],
        schema={"batch_id": pl.String, "file": pl.String, "sheet": pl.String, "row_number": pl.Int32,
                "column": pl.String, "value": pl.String, "reason": pl.String, "message_zh": pl.String,
                "message_en": pl.String},
    )
    _insert(con, "raw_etl_rejects", frame)


