"""The writers: rows already read and validated go into the raw tables, inside the caller's transaction.

Each `write_*` takes the read-write connection of a new warehouse version and a batch id and returns notes
(what it created, replaced or could not match) for the batch record. etl.load decides what to write and
wraps each file in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import duckdb
import polars as pl

from etl.normalize import infer_unit_type, institution_id, name_key, stable_id
from etl.sources.schemes import Scheme
from etl.unit_ids import insert_frame, resolve_units
from warehouse.schema import mark_touched

REPORT_FIELDS = (
    "secretary",
    "mode",
    "title",
    "report_date",
    "text_chars",
    "n_problems",
    "n_measures",
    "keywords",
)


RATING_COLUMNS = (
    "batch_id",
    "institution_id",
    "year",
    "unit_id",
    "unit_name",
    "name_key",
    "org_level",
    "rater_group",
    "item",
    "secretary",
    "mode",
    "votes_good",
    "votes_fairly_good",
    "votes_average",
    "votes_poor",
    "abstain",
    "voters",
    "score",
    "official_grade",
    "official_rank",
    "source_row",
)  # what raw_ratings gets of a validated row
ROSTER_COLUMNS = (
    "batch_id",
    "institution_id",
    "year",
    "unit_id",
    "unit_name",
    "name_key",
    "org_level",
    "secretary",
    "mode",
    "source_row",
)


def ensure_institutions(
    con: duckdb.DuckDBPyConnection, names: Iterable[str], batch_id: str
) -> dict[str, str]:
    """Institution name → id, creating institutions not seen before (matched on name or short name)."""
    mapping: dict[str, str] = {}
    for name in sorted(set(names)):
        found = con.execute(
            "select institution_id from raw_institutions where name = ? or short_name = ? limit 1",
            [name, name],
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


def write_ratings(
    con: duckdb.DuckDBPyConnection,
    rows: pl.DataFrame,
    batch_id: str,
    deletes: dict[str, pl.DataFrame] | None = None,
) -> list[str]:
    """Insert validated rows (results into raw_ratings, roster rows into raw_roster) after deleting the earlier
    rows etl.replace decided this file replaces or removes (`deletes`: record kind → keys). Without `deletes`
    nothing earlier is touched: rows add up."""
    deletes = {k: v for k, v in (deletes or {}).items() if v.height}
    if rows.is_empty() and not deletes:
        mark_touched(con, [])
        return []
    names = [
        *rows["institution"].to_list(),
        *(n for d in deletes.values() for n in d["institution"].to_list()),
    ]
    inst = ensure_institutions(con, names, batch_id)
    mark_touched(con, list(inst.values()))
    notes = _delete_earlier(con, inst, deletes)
    if rows.is_empty():
        return notes
    rows = rows.with_columns(pl.col("institution").replace_strict(inst).alias("institution_id"))
    rows, unit_notes = resolve_units(con, rows, batch_id)
    notes = unit_notes + notes + _link_parents(con, rows, batch_id)
    kind = rows["record_kind"] if "record_kind" in rows.columns else pl.Series(["results"] * rows.height)
    results, roster = rows.filter(kind == "results"), rows.filter(kind == "roster")
    if results.height:
        insert_frame(
            con,
            "raw_ratings",
            results.with_columns(pl.lit(batch_id).alias("batch_id")).select(RATING_COLUMNS),
        )
    if roster.height:
        insert_frame(
            con, "raw_roster", roster.with_columns(pl.lit(batch_id).alias("batch_id")).select(ROSTER_COLUMNS)
        )
        notes.append(f"名单 {roster.height} 个单位 / roster of {roster.height} units")
    return notes


def _link_parents(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, batch_id: str) -> list[str]:
    """Units whose file's title names their college (parent_unit): the college becomes a unit (matched by name
    like any other) and the parent of those without one."""
    if "parent_unit" not in rows.columns or rows["parent_unit"].is_null().all():
        return []
    links = rows.filter(pl.col("parent_unit").is_not_null()).select(
        "institution_id", "year", "unit_id", "parent_unit"
    )
    parents = (
        links.select("institution_id", "year", pl.col("parent_unit").alias("unit_name"))
        .unique()
        .with_columns(
            pl.col("unit_name").map_elements(name_key, return_dtype=pl.String).alias("name_key"),
            pl.col("unit_name").map_elements(infer_unit_type, return_dtype=pl.String).alias("unit_type"),
            pl.lit(None, pl.String).alias("org_level"),
        )
    )
    resolved, _notes = resolve_units(con, parents, batch_id)
    links = (
        links.join(
            resolved.select(
                "institution_id",
                "year",
                pl.col("unit_name").alias("parent_unit"),
                pl.col("unit_id").alias("parent_id"),
            ),
            on=["institution_id", "year", "parent_unit"],
        )
        .select("unit_id", "parent_id")
        .unique("unit_id")
    )
    con.register("_parent_links", links.to_arrow())
    try:
        n = con.execute(
            """update raw_units as u set parent_unit_id = l.parent_id from _parent_links as l
               where u.unit_id = l.unit_id and u.parent_unit_id is null and u.unit_id <> l.parent_id"""
        ).fetchall()[0][0]
    finally:
        con.unregister("_parent_links")
    names = "、".join(sorted(set(rows["parent_unit"].drop_nulls().to_list())))
    return [
        f"标题所称上级单位 {names}: {n} 个单位归其下 / the title's college {names} is the parent of {n} units"
    ]


_DELETE_KEYS = {
    "results": ("raw_ratings", ["name_key"]),
    "roster": ("raw_roster", ["name_key"]),
}  # per unit-year


def _delete_earlier(
    con: duckdb.DuckDBPyConnection, inst: dict[str, str], deletes: dict[str, pl.DataFrame]
) -> list[str]:
    """Delete the earlier rows of the given unit-years; a batch left without rows is marked replaced."""
    notes = []
    for kind, keys in deletes.items():
        table, cols = _DELETE_KEYS[kind]
        frame = (
            keys.with_columns(pl.col("institution").replace_strict(inst).alias("institution_id"))
            .select("institution_id", "year", *cols)
            .unique()
        )
        con.register("_deleted_keys", frame.to_arrow())
        try:
            match = " and ".join(
                f"r.{c} is not distinct from d.{c}" for c in ("institution_id", "year", *cols)
            )
            hit = con.execute(
                f"select r.batch_id, count(*) from {table} as r join _deleted_keys as d on {match} group by 1 order by 1"
            ).fetchall()  # table and column names from _DELETE_KEYS
            con.execute(f"delete from {table} as r using _deleted_keys as d where {match}")
        finally:
            con.unregister("_deleted_keys")
        for old_batch, n in hit:
            left = con.execute(
                "select (select count(*) from raw_ratings where batch_id = ?) + "
                "(select count(*) from raw_roster where batch_id = ?)",
                [old_batch, old_batch],
            ).fetchall()[0][0]
            if left == 0:
                con.execute("update raw_etl_batches set status = 'replaced' where batch_id = ?", [old_batch])
            notes.append(f"替换批次 {old_batch} 的 {n} 行 / replaced {n} rows of batch {old_batch}")
    return notes


def write_schemes(con: duckdb.DuckDBPyConnection, schemes: list[Scheme], batch_id: str) -> list[str]:
    """Insert or replace schemes (same institution and year range = same scheme). The marts are views over
    the raw tables, so every score, grade and rank is re-derived under the new scheme at once."""
    if not schemes:
        mark_touched(con, [])
        return []
    inst = ensure_institutions(con, [s.institution for s in schemes], batch_id)
    mark_touched(con, list(inst.values()))
    before = dict(
        con.execute("select institution_id || ':' || year, scheme_id from stg_year_scheme").fetchall()
    )
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
            [
                sid,
                inst[s.institution],
                s.year_from,
                s.year_to,
                s.label,
                s.scale,
                s.points["good"],
                s.points["fairly_good"],
                s.points["average"],
                s.points["poor"],
                s.thresholds["good"],
                s.thresholds["fairly_good"],
                s.thresholds["average"],
                batch_id,
            ],
        )
        for group, weight in s.groups.items():
            con.execute("insert into raw_scheme_groups values (?, ?, ?)", [sid, group, weight])
        for item, weight in s.items.items():
            con.execute("insert into raw_scheme_items values (?, ?, ?)", [sid, item, weight])
    after = dict(
        con.execute("select institution_id || ':' || year, scheme_id from stg_year_scheme").fetchall()
    )
    changed = sum(1 for k, v in after.items() if before.get(k) != v)
    return [
        f"口径 {len(schemes)} 个; 重新计算 {changed} 个院校年度 / {len(schemes)} schemes; "
        f"{changed} institution-years re-derived under a new scheme"
    ]


def write_registry(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, batch_id: str) -> list[str]:
    """Registry units replace what name matching inferred: rating rows move to the registry's unit ids (by
    name and years), units left without ratings or names are removed, registry types and levels win."""
    if rows.is_empty():
        mark_touched(con, [])
        return []
    inst = ensure_institutions(con, rows["institution"].to_list(), batch_id)
    mark_touched(con, list(inst.values()))
    rows = rows.with_columns(pl.col("institution").replace_strict(inst).alias("institution_id"))
    rows = rows.with_columns(
        pl.struct("institution_id", "unit_code")
        .map_elements(
            lambda s: stable_id("u", s["institution_id"], "code", s["unit_code"]), return_dtype=pl.String
        )
        .alias("unit_id")
    )
    parents = rows.select(
        "institution_id", pl.col("unit_code").alias("parent_code"), pl.col("unit_id").alias("parent_unit_id")
    ).unique()
    latest = (
        rows.sort(pl.col("first_year").fill_null(0))
        .group_by("unit_id", maintain_order=True)
        .agg(
            pl.col("institution_id").last(),
            pl.col("name").last(),
            pl.col("unit_type").drop_nulls().first(),
            pl.col("org_level").drop_nulls().last(),
            pl.col("parent_code").drop_nulls().first(),
        )
    )
    units = latest.with_columns(
        pl.coalesce("unit_type", pl.col("name").map_elements(infer_unit_type, return_dtype=pl.String)).alias(
            "unit_type"
        )
    ).join(parents, on=["institution_id", "parent_code"], how="left")
    con.register("reg_units", units.select("unit_id").to_arrow())
    con.execute("delete from raw_unit_names where unit_id in (select unit_id from reg_units)")
    con.execute("delete from raw_units where unit_id in (select unit_id from reg_units)")
    con.unregister("reg_units")
    insert_frame(
        con,
        "raw_units",
        units.select(
            "unit_id",
            "institution_id",
            "unit_type",
            "org_level",
            "parent_unit_id",
            pl.lit(batch_id).alias("batch_id"),
        ),
    )
    insert_frame(
        con,
        "raw_unit_names",
        rows.select(
            "unit_id", "name", "name_key", "first_year", "last_year", pl.lit(batch_id).alias("batch_id")
        ),
    )
    # move rating rows to the registry's units: same institution, same name key, within the name's years
    con.register(
        "reg_names",
        rows.select("institution_id", "unit_id", "name_key", "first_year", "last_year").to_arrow(),
    )
    moved = 0
    for table in ("raw_ratings", "raw_roster"):  # rosters name units as results do
        moved += con.execute(
            f"""
            update {table} as r set unit_id = n.unit_id
            from reg_names as n
            where r.institution_id = n.institution_id and r.name_key = n.name_key
              and r.year between coalesce(n.first_year, 0) and coalesce(n.last_year, 9999)
              and r.unit_id <> n.unit_id
            """  # table names from the tuple above
        ).fetchall()[0][0]
    con.unregister("reg_names")
    # units that name matching made and the registry now covers: no ratings left → removed
    orphans = con.execute(
        """
        select u.unit_id from raw_units as u
        where u.institution_id in (select unnest(?::varchar[]))
          and u.batch_id <> ?
          and not exists (select 1 from raw_ratings as r where r.unit_id = u.unit_id)
          and not exists (select 1 from raw_roster as o where o.unit_id = u.unit_id)
          and u.unit_id not in (select unit_id from raw_unit_names where first_year is not null or last_year is not null)
        """,
        [sorted(set(inst.values())), batch_id],
    ).fetchall()
    for (orphan,) in orphans:
        con.execute("delete from raw_unit_names where unit_id = ?", [orphan])
        con.execute("delete from raw_units where unit_id = ?", [orphan])
    return [
        f"单位名册: {units.height} 个单位, {rows.height} 个名称; 重新关联 {moved} 行测评, 合并 {len(orphans)} 个推断单位 / "
        f"registry: {units.height} units, {rows.height} names; {moved} rating rows re-linked, "
        f"{len(orphans)} inferred units merged"
    ]


def write_meeting(
    con: duckdb.DuckDBPyConnection, facts: dict, source: str, sha: str, batch_id: str
) -> list[str]:
    """One meeting from a news item or notice; the same file loaded again replaces it."""
    name = facts.get("institution")
    inst_id = ensure_institutions(con, [name], batch_id)[name] if name else None
    mark_touched(con, [inst_id] if inst_id else [])
    meeting_id = stable_id("m", sha)
    for key in ("onsite_count", "written_count", "total_units"):  # a misread number must not reach the table
        if facts.get(key) is not None and not 0 <= facts[key] <= 100_000:
            facts = {**facts, key: None}
    scale = facts.get("rating_scale")
    scale = [scale] if isinstance(scale, str) else scale
    weights = facts.get("ballot_weights")
    con.execute("delete from raw_meetings where meeting_id = ?", [meeting_id])
    con.execute(
        """
        insert into raw_meetings (meeting_id, institution_id, institution_name, appraisal_year, meeting_date,
            meeting_date_inferred, meeting_level, onsite_count, written_count, total_units, onsite_units, unit_types,
            rating_scale, ballot_weights, rater_groups, chair, publication_date, source, sha256, evidence, batch_id)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            meeting_id,
            inst_id,
            name,
            facts.get("appraisal_year"),
            facts.get("meeting_date"),
            facts.get("meeting_date_inferred"),
            facts.get("meeting_level"),
            facts.get("onsite_count"),
            facts.get("written_count"),
            facts.get("total_units"),
            facts.get("onsite_units"),
            facts.get("unit_types"),
            scale,
            json.dumps(weights, ensure_ascii=False) if weights is not None else None,
            facts.get("rater_groups"),
            facts.get("chair"),
            facts.get("publication_date"),
            source,
            sha,
            json.dumps(facts.get("evidence") or {}, ensure_ascii=False),
            batch_id,
        ],
    )
    year = facts.get("appraisal_year")
    what = f"{name or '未识别院校 / institution not found'} {year or ''}".strip()
    return [f"会议 / meeting: {what}, {facts.get('meeting_level') or 'unclear'}"]


def write_reports(
    con: duckdb.DuckDBPyConnection, rows: list[dict], source: str, sha: str, batch_id: str
) -> list[str]:
    """Reports keyed by institution, year and unit: a document and a metadata row for the same report merge."""
    if not rows:
        mark_touched(con, [])
        return []
    inst = ensure_institutions(con, [r["institution"] for r in rows], batch_id)
    mark_touched(con, sorted(set(inst.values())))  # mart_reports: their institutions' rows are rebuilt
    unmatched = 0
    for row in rows:
        inst_id = inst[row["institution"]]
        key = row.get("name_key") or name_key(row["unit_name"])
        found = con.execute(
            """
            select n.unit_id from raw_unit_names n join raw_units u using (unit_id)
            where u.institution_id = ? and n.name_key = ?
              and ? between coalesce(n.first_year, 0) and coalesce(n.last_year, 9999)
            order by (n.first_year is null and n.last_year is null) limit 1
            """,
            [inst_id, key, row["year"]],
        ).fetchall()
        unit = found[0][0] if found else None
        unmatched += unit is None
        values = [row.get(f) for f in REPORT_FIELDS]
        con.execute(
            f"""
            insert into raw_reports (report_id, batch_id, institution_id, year, unit_id, unit_name, name_key,
                {", ".join(REPORT_FIELDS)}, source, sha256)
            values (?, ?, ?, ?, ?, ?, ?, {", ".join("?" * len(REPORT_FIELDS))}, ?, ?)
            on conflict (report_id) do update set
                batch_id = excluded.batch_id, unit_id = coalesce(excluded.unit_id, raw_reports.unit_id),
                {", ".join(f"{f} = coalesce(excluded.{f}, raw_reports.{f})" for f in REPORT_FIELDS)},
                source = excluded.source, sha256 = excluded.sha256
            """,  # column names come from REPORT_FIELDS, values are bound
            [
                stable_id("r", inst_id, str(row["year"]), key),
                batch_id,
                inst_id,
                row["year"],
                unit,
                row["unit_name"],
                key,
                *values,
                source,
                sha,
            ],
        )
    notes = [f"述职报告 {len(rows)} 份 / {len(rows)} reports"]
    if unmatched:
        notes.append(f"{unmatched} 份未匹配到已知单位 / {unmatched} not matched to a known unit")
    return notes
