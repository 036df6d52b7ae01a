"""The ratings writer for many files at once: the files of one ingest that name disjoint institutions are
written as one frame (a batch_id column), each still its own batch with its own notes, in a handful of
statements instead of about twenty per file.

Files that share an institution are never in the same call (etl.load puts them in later waves, in file order),
so what one writes cannot change what the next matches: the rows, units, names, notes and batch states are
those that writing the files one by one (etl.write.write_ratings) gives. The caller holds the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl

from etl.normalize import institution_id, unit_id
from etl.unit_ids import likely_renames, outside_their_years
from etl.write import (
    RATING_COLUMNS,
    ROSTER_COLUMNS,
    _delete_earlier,
    _link_parents,
    insert_frame,
)
from warehouse.schema import mark_touched


@dataclass
class Part:
    """One file's share of the write: its batch, the rows etl.replace keeps, the earlier rows it deletes."""

    batch_id: str
    rows: pl.DataFrame
    deletes: dict[str, pl.DataFrame] = field(default_factory=dict)


@dataclass
class Written:
    """What the writer did for one batch: its notes (in the order etl.write.write_ratings gives them) and the
    institutions whose rows it wrote."""

    units: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    roster: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)

    @property
    def notes(self) -> list[str]:
        return self.units + self.deleted + self.parents + self.roster


def institution_ids(con: duckdb.DuckDBPyConnection, names) -> dict[str, str]:
    """Institution name (or short name) → id, as etl.write.ensure_institutions matches them; a name not in the
    warehouse gets the id it would be created with. One query."""
    names = sorted(set(names))
    if not names:
        return {}
    known: dict[str, str] = {}
    for name, short, iid in con.execute(
        "select name, short_name, institution_id from raw_institutions "
        "where name in (select unnest($1)) or short_name in (select unnest($1)) order by rowid",
        [names],
    ).fetchall():
        for n in (name, short):
            if n is not None:
                known.setdefault(n, iid)
    return {n: known.get(n) or institution_id(n) for n in names}


def write_ratings_together(con: duckdb.DuckDBPyConnection, parts: list[Part]) -> dict[str, Written]:
    """Write every part (files of disjoint institutions) in one pass: batch_id → what it wrote."""
    out = {p.batch_id: Written() for p in parts}
    parts = [p for p in parts if not p.rows.is_empty() or any(d.height for d in p.deletes.values())]
    if not parts:
        mark_touched(con, [])
        return out
    names_of = {
        p.batch_id: [*p.rows["institution"].unique().to_list()]
        + [n for d in p.deletes.values() if d.height for n in d["institution"].unique().to_list()]
        for p in parts
    }
    inst = _ensure_institutions(con, names_of)
    mark_touched(con, sorted(set(inst.values())))
    for p in parts:  # in file order, as one by one: a batch left without rows is marked replaced
        deletes = {k: v for k, v in p.deletes.items() if v.height}
        if deletes:
            out[p.batch_id].deleted += _delete_earlier(con, inst, deletes)
    frames = [
        p.rows.with_columns(pl.lit(p.batch_id).alias("batch_id")) for p in parts if not p.rows.is_empty()
    ]
    if not frames:
        return out
    rows = pl.concat(frames, how="diagonal_relaxed")
    rows = rows.with_columns(pl.col("institution").replace_strict(inst).alias("institution_id"))
    rows = _resolve_units(con, rows, out)
    for batch_id, institution in rows.select("batch_id", "institution_id").unique().iter_rows():
        out[batch_id].touched.add(institution)
    if "parent_unit" in rows.columns and not rows["parent_unit"].is_null().all():
        titled = rows.filter(pl.col("parent_unit").is_not_null())["batch_id"].unique().to_list()
        for p in parts:  # the few files whose title names a college: in file order, as one by one
            if p.batch_id in titled:
                mine = rows.filter(pl.col("batch_id") == p.batch_id)
                out[p.batch_id].parents += _link_parents(con, mine, p.batch_id)
    kind = rows["record_kind"] if "record_kind" in rows.columns else pl.Series(["results"] * rows.height)
    results, roster = rows.filter(kind == "results"), rows.filter(kind == "roster")
    if results.height:
        insert_frame(con, "raw_ratings", results.select(RATING_COLUMNS))
    if roster.height:
        insert_frame(con, "raw_roster", roster.select(ROSTER_COLUMNS))
        for (batch_id,), mine in roster.group_by(["batch_id"], maintain_order=True):
            out[batch_id].roster.append(f"名单 {mine.height} 个单位 / roster of {mine.height} units")
    return out


def _ensure_institutions(con: duckdb.DuckDBPyConnection, names_of: dict[str, list[str]]) -> dict[str, str]:
    """etl.write.ensure_institutions for every batch: one lookup, one insert of the new ones (each recorded under
    the batch that names it first)."""
    ids = institution_ids(con, [n for names in names_of.values() for n in names])
    known = {
        r[0]
        for r in con.execute(
            "select institution_id from raw_institutions where institution_id in (select unnest($1))",
            [sorted(set(ids.values()))],
        ).fetchall()
    }
    new: dict[str, tuple[str, str]] = {}  # id → (name, batch)
    for batch_id, names in names_of.items():
        for name in sorted(set(names)):
            if ids[name] not in known:
                new.setdefault(ids[name], (name, batch_id))
    if new:
        frame = pl.DataFrame(
            {
                "institution_id": list(new),
                "name": [n for n, _b in new.values()],
                "is_demo": [False] * len(new),
                "batch_id": [b for _n, b in new.values()],
            }
        )
        insert_frame(con, "raw_institutions", frame)
    return ids


def _resolve_units(
    con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, out: dict[str, Written]
) -> pl.DataFrame:
    """etl.write.resolve_units over all batches: unit ids by (institution, name key, year), new units created
    under the batch whose rows name them, each batch's notes (likely renames, new units) as one by one."""
    keys = rows.select("institution_id", "name_key", "year").unique()
    con.register("incoming_keys", keys.to_arrow())
    try:
        known = con.sql(
            """
            select i.institution_id, i.name_key, i.year,
                arg_min(n.unit_id, case when n.first_year is null and n.last_year is null then 1 else 0 end)
                    as unit_id
            from incoming_keys as i
            join raw_unit_names as n on n.name_key = i.name_key
                and i.year between coalesce(n.first_year, 0) and coalesce(n.last_year, 9999)
            join raw_units as u on u.unit_id = n.unit_id and u.institution_id = i.institution_id
            group by all
            """
        ).pl()
    finally:
        con.unregister("incoming_keys")
    matched = rows.join(known, on=["institution_id", "name_key", "year"], how="left")
    new = (
        matched.filter(pl.col("unit_id").is_null())
        .select("batch_id", "institution_id", "name_key", "unit_name", "unit_type", "org_level")
        .unique(subset=["institution_id", "name_key"], keep="first", maintain_order=True)
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
    first = rows.unique(["institution_id", "name_key"], keep="first", maintain_order=True)
    batch_of = {
        u: b
        for u, b in reused.join(first, on=["institution_id", "name_key"])
        .select("unit_id", "batch_id")
        .iter_rows()
    }
    for unit, note in outside:  # the batch whose rows named it first carries the note
        out[batch_of[unit]].units.append(note)
    first_batch = dict(
        new.select("institution_id", "batch_id").unique("institution_id", keep="first").iter_rows()
    )
    for inst, note in likely_renames(con, rows, new):
        out[first_batch[inst]].units.append(note)
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
                "batch_id",
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
                "batch_id",
            ),
        )
        for (batch_id,), mine in new.group_by(["batch_id"], maintain_order=True):
            out[batch_id].units.append(f"新单位 {mine.height} 个 / {mine.height} new units")
    return (
        matched.join(ids, on=["institution_id", "name_key"], how="left")
        .with_columns(pl.coalesce("unit_id", "new_id").alias("unit_id"))
        .drop("new_id")
    )
