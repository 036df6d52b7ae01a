"""Units of incoming rows: ids by (institution, name key, year), new units created, names used outside their
registered years given to the unit that bore them; and the one frame insert every writer uses."""

from __future__ import annotations

import contextlib

import duckdb
import polars as pl

from etl.normalize import unit_id


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
    notes = [note for _, note in likely_renames(con, rows, new)] + [note for _, note in outside]
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


def likely_renames(
    con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, new: pl.DataFrame
) -> list[tuple[str, str]]:
    """New names at an institution that already has units: (institution_id, note) saying so, beside the known
    units missing that year. Which institutions have units is one query; the absent units are asked only for
    those (not a fresh warehouse's institutions)."""
    if new.is_empty():
        return []
    insts = new["institution_id"].unique().to_list()
    with_units = {
        r[0]
        for r in con.execute(
            "select distinct institution_id from raw_units where institution_id in (select unnest($1))",
            [insts],
        ).fetchall()
    }
    notes = []
    for (inst,), fresh in new.group_by(["institution_id"], maintain_order=True):
        if inst not in with_units:
            continue
        mine = rows.filter(pl.col("institution_id") == inst)
        present = set(mine["name_key"].to_list())
        missing = [
            name
            for name, key in con.execute(
                """
                select any_value(n.name), n.name_key from raw_unit_names n join raw_units u using (unit_id)
                where u.institution_id = ? and n.unit_id in (
                    select unit_id from raw_ratings where institution_id = ? and year < ?)
                group by n.unit_id, n.name_key
                """,
                [inst, inst, mine["year"].min()],
            ).fetchall()
            if key not in present
        ]
        names = "、".join(fresh["unit_name"].to_list()[:10])
        gone = "、".join(sorted(missing)[:10]) or "—"
        notes.append(
            (
                inst,
                f"已有单位的院校出现新名称(可能改名,可用单位名册关联): {names}; 往年有而本批没有: {gone} / "
                f"new names at an institution with known units (likely renames; a units registry links them): "
                f"{len(fresh)} new, {len(missing)} known units absent",
            )
        )
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
