"""The writers: rows already read and validated go into the raw tables, inside the caller's transaction.

Each `write_*` takes the read-write connection of a new warehouse version and a batch id and returns notes
(what it created, replaced or could not match) for the batch record. etl.load decides what to write and
wraps each file in one transaction.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable

import duckdb
import polars as pl

from etl.normalize import infer_unit_type, institution_id, name_key, stable_id, unit_id
from etl.sources.schemes import Scheme
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


def resolve_units(
    con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, batch_id: str
) -> tuple[pl.DataFrame, list[str]]:
    """Attach unit_id by (institution, name key, year); names never seen before create units (and are reported).

    A name whose registry entry has years matches only within them; among several matches the one with a
    registry year range wins over an open-ended one.
    """
    keys = rows.select("institution_id", "name_key", "year").unique()
    con.register("incoming_keys", keys.to_arrow())
    known = con.sql(
        """
        select i.institution_id, i.name_key, i.year,
            arg_min(n.unit_id, case when n.first_year is null and n.last_year is null then 1 else 0 end) as unit_id
        from incoming_keys as i
        join raw_unit_names as n on n.name_key = i.name_key
            and i.year between coalesce(n.first_year, 0) and coalesce(n.last_year, 9999)
        join raw_units as u on u.unit_id = n.unit_id and u.institution_id = i.institution_id
        group by all
        """
    ).pl()
    con.unregister("incoming_keys")
    matched = rows.join(known, on=["institution_id", "name_key", "year"], how="left")
    unmatched = matched.filter(pl.col("unit_id").is_null())
    new = unmatched.select("institution_id", "name_key", "unit_name", "unit_type", "org_level").unique(
        subset=["institution_id", "name_key"], keep="first", maintain_order=True
    )
    new = new.with_columns(
        pl.Series(
            "unit_id",
            [unit_id(i, k) for i, k in zip(new["institution_id"], new["name_key"], strict=True)],
            dtype=pl.String,
        )
    )
    new, reused, outside = outside_their_years(con, new)  # names an existing unit bore: rows go to it
    ids = pl.concat([new.select("institution_id", "name_key", "unit_id"), reused]).rename(
        {"unit_id": "new_id"}
    )
    notes = _likely_renames(con, rows, new) + [note for _, note in outside]
    if not new.is_empty():
        insert_frame(
            con,
            "raw_units",
            new.select(
                "unit_id",
                "institution_id",
                "unit_type",
                "org_level",
                pl.lit(None, pl.String).alias("parent_unit_id"),
                pl.lit(batch_id).alias("batch_id"),
            ),
        )
        insert_frame(
            con,
            "raw_unit_names",
            new.select(
                "unit_id",
                pl.col("unit_name").alias("name"),
                "name_key",
                pl.lit(None, pl.Int32).alias("first_year"),
                pl.lit(None, pl.Int32).alias("last_year"),
                pl.lit(batch_id).alias("batch_id"),
            ),
        )
        notes.append(f"新单位 {new.height} 个 / {new.height} new units")
    resolved = (
        matched.join(ids, on=["institution_id", "name_key"], how="left")
        .with_columns(pl.coalesce("unit_id", "new_id").alias("unit_id"))
        .drop("new_id")
    )
    return resolved, notes


def outside_their_years(
    con: duckdb.DuckDBPyConnection, new: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, list[tuple[str, str]]]:
    """Names a unit of the institution bore, used in a year outside the years the registry gives them (e.g. an
    old name after a rename): the rows go to that unit, with a note naming the registered years, instead of a
    second unit (whose id, derived from the name, may even be the existing unit's). Returns the units still
    new, (institution_id, name_key, unit_id) of the names given to existing units, and (unit_id, note)."""
    empty = pl.DataFrame(schema={"institution_id": pl.String, "name_key": pl.String, "unit_id": pl.String})
    if new.is_empty():
        return new, empty, []
    con.register("_new_units", new.select("institution_id", "name_key", "unit_name", "unit_id").to_arrow())
    try:
        known = con.sql(
            """
            with bore as (  -- the unit of this institution that bore the name, the latest one if several
                select n.institution_id, n.name_key, any_value(n.unit_name) as used,
                    arg_max(r.unit_id, coalesce(r.last_year, 9999)) as unit_id,
                    min(r.first_year) as first_year, max(r.last_year) as last_year
                from _new_units as n
                join raw_unit_names as r on r.name_key = n.name_key
                join raw_units as u on u.unit_id = r.unit_id and u.institution_id = n.institution_id
                group by n.institution_id, n.name_key
            ), same_id as (  -- a unit that took its id from this name and no longer lists it
                select n.institution_id, n.name_key, n.unit_name as used, n.unit_id,
                    null::integer as first_year, null::integer as last_year
                from _new_units as n join raw_units as u using (unit_id)
                where not exists (select 1 from bore as b
                                  where b.institution_id = n.institution_id and b.name_key = n.name_key)
            ), reused as (select * from bore union all select * from same_id)
            select reused.*, (select arg_max(x.name, coalesce(x.last_year, 9999)) from raw_unit_names as x
                              where x.unit_id = reused.unit_id) as latest
            from reused
            """
        ).pl()
    finally:
        con.unregister("_new_units")
    notes = []
    for row in known.iter_rows(named=True):
        years = f"{row['first_year'] or '…'}–{row['last_year'] or '…'}"
        notes.append(
            (
                row["unit_id"],
                f"“{row['used']}”按单位名录只用于 {years} 年,本文件在其他年份使用;已计入曾用此名的单位"
                f"(现名“{row['latest']}”)。如为新单位,请在单位名录中登记 / “{row['used']}” is registered for "
                f"{years} only and this file uses it in another year; its rows go to the unit that bore that name "
                f"(now “{row['latest']}”). If it is a new unit, add it to the units registry",
            )
        )
    reused = known.select("institution_id", "name_key", "unit_id")
    still_new = new.join(
        reused.select("institution_id", "name_key"), on=["institution_id", "name_key"], how="anti"
    )
    return still_new, reused, notes


def _likely_renames(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, new: pl.DataFrame) -> list[str]:
    """New names at an institution that already has units: say so, beside the known units missing that year."""
    notes = []
    for (inst,), fresh in new.group_by(["institution_id"], maintain_order=True):
        known = con.execute("select count(*) from raw_units where institution_id = ?", [inst]).fetchall()[0][
            0
        ]
        if not known:
            continue
        years = sorted(set(rows.filter(pl.col("institution_id") == inst)["year"].to_list()))
        present = set(rows.filter(pl.col("institution_id") == inst)["name_key"].to_list())
        missing = [
            name
            for name, key in con.execute(
                """
                select any_value(n.name), n.name_key from raw_unit_names n join raw_units u using (unit_id)
                where u.institution_id = ? and n.unit_id in (
                    select unit_id from raw_ratings where institution_id = ? and year < ?)
                group by n.unit_id, n.name_key
                """,
                [inst, inst, years[0]],
            ).fetchall()
            if key not in present
        ]
        names = "、".join(fresh["unit_name"].to_list()[:10])
        gone = "、".join(sorted(missing)[:10]) or "—"
        notes.append(
            f"已有单位的院校出现新名称(可能改名,可用单位名册关联): {names}; 往年有而本批没有: {gone} / "
            f"new names at an institution with known units (likely renames; a units registry links them): "
            f"{len(fresh)} new, {len(missing)} known units absent"
        )
    return notes


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
    mark_touched(con, [])  # reports are not in the marts; their institutions' rows are unchanged
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


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Insert a frame whose column names match the table's (by name)."""
    name = f"_insert_{table}"
    con.register(name, frame.to_arrow())
    try:
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"insert into {table} ({cols}) select {cols} from {name}")  # names only, no values
    finally:
        # after a failed insert the transaction is aborted and unregistering fails too: that second error
        # must not hide the first (the user would read "transaction is aborted" instead of the cause)
        with contextlib.suppress(duckdb.Error):
            con.unregister(name)
