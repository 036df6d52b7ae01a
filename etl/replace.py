"""What a load does to rows already in the warehouse (docs/operations.md "What a load does to existing rows").

Per record kind (results: raw_ratings; rosters: raw_roster):

- files of one ingest add up; the same row key (unit × rater group × item for results, unit for rosters) in two
  of its files is a conflict: that unit-year's rows are rejected in every file that has it, naming the others
  (one file per rater group still adds up: its keys differ);
- each unit-year is then compared with what earlier batches loaded for it: the same rows are left as they are;
  a unit-year not loaded before is added; one loaded before with other rows is a conflict (its rows rejected,
  naming that batch and its file) unless the ingest replaces (`--replace`): then its rows replace the earlier ones;
- with `--replace`, earlier rows of an institution-year the ingest names that no new row carries are removed —
  except the units of rejected rows (a rejected row never deletes what it would have replaced), and none at all
  when a rejected row names no unit.

`plan` decides; the writers (etl.write) carry out each file's part inside its batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl

from etl.messages import Reject

KEYS = {
    "results": ["institution", "year", "name_key", "rater_group", "item"],
    "roster": ["institution", "year", "name_key"],
}
VALUES = {
    "results": [
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
    ],
    "roster": ["secretary", "mode"],
}
TABLES = {"results": "raw_ratings", "roster": "raw_roster"}


@dataclass
class FileRows:
    """One ratings file's validated rows, and what its rejected rows protect."""

    name: str  # the file as messages name it
    rows: pl.DataFrame  # etl.validate rows, with record_kind
    unit_header: str | None
    protected: set[str] = field(default_factory=set)  # name keys of units in rejected rows
    unitless_rejects: list[int] = field(default_factory=list)  # rows rejected without a unit name


@dataclass
class FilePlan:
    insert: pl.DataFrame  # rows this file writes
    rejects: list[Reject] = field(default_factory=list)
    identical: int = 0  # rows equal to what is loaded already (left as they are)
    deletes: dict[str, pl.DataFrame] = field(
        default_factory=dict
    )  # record kind → keys of earlier rows to delete
    notes: list[str] = field(default_factory=list)


def _existing(con: duckdb.DuckDBPyConnection, kind: str, years: pl.DataFrame) -> pl.DataFrame:
    """Earlier rows of the institution-years in `years` (institution as written, year), with their batch's file.
    The names are matched to institution ids first (name or short name, a small join), so that the raw rows
    are read by institution id and year (the scan skips the other institutions' row groups)."""
    cols = ", ".join(f"r.{c}" for c in (*KEYS[kind][2:], *VALUES[kind]))
    con.register("_plan_years", years.to_arrow())
    try:
        return con.sql(
            f"""
            with ids as (
                select distinct y.institution, y.year, i.institution_id
                from _plan_years as y
                join raw_institutions as i on y.institution = i.name or y.institution = i.short_name
            )
            select y.institution, r.year, {cols}, r.unit_name, r.batch_id, coalesce(b.source, '') as batch_source
            from {TABLES[kind]} as r
            join ids as y on y.institution_id = r.institution_id and y.year = r.year
            left join raw_etl_batches as b on b.batch_id = r.batch_id
            """  # names come from KEYS/VALUES, values are bound
        ).pl()
    finally:
        con.unregister("_plan_years")


UNIT = ["institution", "year", "name_key"]


def _signatures(frame: pl.DataFrame, kind: str) -> pl.DataFrame:
    """One row per unit-year: all its rows (rater group, item, values) as one comparable text."""
    cols = [*KEYS[kind][3:], *VALUES[kind]]
    return (
        frame.with_columns(
            pl.concat_str(
                [pl.col(c).cast(pl.String).fill_null("\u2205") for c in cols], separator="\x1f"
            ).alias("_sig")
        )
        .group_by(UNIT)
        .agg(pl.col("_sig").sort().str.join("\x1e"), pl.col("unit_name").first())
    )


def plan(
    con: duckdb.DuckDBPyConnection, files: list[FileRows], *, replace: bool, max_removed_share: float
) -> tuple[list[FilePlan], list[dict]]:
    """Each file's part of the load, and per institution-year and record kind the change (the --json `changes`)."""
    plans = [FilePlan(insert=f.rows.clear()) for f in files]
    changes: list[dict] = []
    parts: dict[int, list[pl.DataFrame]] = {i: [] for i in range(len(files))}
    for kind in ("results", "roster"):
        key = KEYS[kind]
        frames = [
            f.rows.filter(pl.col("record_kind") == kind).with_columns(pl.lit(i).alias("_file"))
            for i, f in enumerate(files)
        ]
        frames = [f for f in frames if f.height]
        if not frames:
            continue
        new = pl.concat(frames, how="vertical_relaxed")
        del frames
        # 1. the same key in two files of this ingest: the unit-year is rejected in both, each naming the other
        # (every row of that unit-year, so that no unit is left half from one file and half from another)
        clash = new.filter(pl.col("_file").n_unique().over(key) > 1).select(UNIT).unique()
        twice = new.join(clash, on=UNIT, how="semi")
        if twice.height:
            where = {k: sorted({files[i].name for i in g["_file"]}) for k, g in twice.group_by(UNIT)}
            for r in twice.iter_rows(named=True):
                others = [n for n in where[tuple(r[k] for k in UNIT)] if n != files[r["_file"]].name]
                plans[r["_file"]].rejects.append(
                    Reject(
                        files[r["_file"]].name,
                        r["sheet"],
                        r["source_row"],
                        files[r["_file"]].unit_header,
                        r["unit_name"],
                        "conflict_between_files",
                        "= " + ", ".join(others),
                    )
                )
                files[r["_file"]].protected.add(r["name_key"])
            new = new.join(clash, on=UNIT, how="anti")
        old = _existing(con, kind, new.select("institution", "year").unique())
        # 2. each new unit-year against the earlier one: the same rows, other rows, or none before. Signatures
        # only of the unit-years that were there before (none when these institution-years are new)
        old_sig = _signatures(old, kind)
        before = new.join(old_sig.select(UNIT), on=UNIT, how="semi") if old_sig.height else new.clear()
        new_sig = _signatures(before, kind)
        del before
        both = new_sig.join(old_sig, on=UNIT, how="inner", suffix="_old")
        same_units = both.filter(pl.col("_sig") == pl.col("_sig_old")).select(UNIT)
        differ_units = both.filter(pl.col("_sig") != pl.col("_sig_old")).select(UNIT)
        del both
        same = new.join(same_units, on=UNIT, how="semi")
        differs = new.join(differ_units, on=UNIT, how="semi")
        fresh = new.join(old_sig.select(UNIT), on=UNIT, how="anti") if old_sig.height else new
        if not replace and differs.height:
            batches = (
                old.join(differ_units, on=UNIT, how="semi")
                .group_by(UNIT)
                .agg(
                    pl.col("batch_id").unique().sort().str.join(", "),
                    pl.col("batch_source").unique().sort().str.join(", "),
                )
            )
            earlier = {tuple(r[k] for k in UNIT): r for r in batches.iter_rows(named=True)}
            for r in differs.iter_rows(named=True):
                e = earlier[tuple(r[k] for k in UNIT)]
                plans[r["_file"]].rejects.append(
                    Reject(
                        files[r["_file"]].name,
                        r["sheet"],
                        r["source_row"],
                        files[r["_file"]].unit_header,
                        r["unit_name"],
                        "conflict_earlier_batch",
                        f"批次 / batch {e['batch_id']}, 文件 / file {e['batch_source'] or '—'}",
                    )
                )
                files[r["_file"]].protected.add(r["name_key"])
        written = pl.concat([fresh, differs], how="vertical_relaxed") if replace else fresh
        # 3. earlier units no new row carries: removed only with --replace, never a rejected row's unit
        gone = old_sig.select(UNIT).join(new_sig.select(UNIT), on=UNIT, how="anti")  # new_sig: new ∩ old
        removable = gone.clear()
        withheld: dict[tuple, list[str]] = {}
        if replace and gone.height:
            for (inst, year), g in gone.group_by(["institution", "year"], maintain_order=True):
                naming = [
                    i
                    for i, f in enumerate(files)
                    if f.rows.filter((pl.col("institution") == inst) & (pl.col("year") == year)).height
                ]
                unitless = [f"{files[i].name} #{n}" for i in naming for n in files[i].unitless_rejects]
                if unitless:
                    withheld[(inst, year)] = unitless
                    continue
                protected = set().union(*(files[i].protected for i in naming))
                removable = pl.concat([removable, g.filter(~pl.col("name_key").is_in(sorted(protected)))])
        # the change list first: its Python sets go before the rows are split by file (a second copy of them)
        changes += _changes(
            kind,
            new,
            old_sig,
            fresh,
            differs,
            same,
            removable,
            withheld,
            replace,
            max_removed_share,
            plans,
            files,
        )
        del old, old_sig, fresh
        # each file's part: its rows and the earlier units it replaces; removals go with the first file naming the year
        written_of = _by_file(written)
        same_of = dict(same.group_by("_file").len().iter_rows()) if same.height else {}
        differs_of = _by_file(differs) if replace else {}
        for i in range(len(files)):
            parts[i].append(written_of.get(i, written.clear()).select(files[i].rows.columns))
            plans[i].identical += same_of.get(i, 0)
            mine = (
                differs_of.get(i, differs.clear()).select(UNIT).unique()
                if replace
                else new.clear().select(UNIT)
            )
            plans[i].deletes[kind] = mine
        first_file = {
            (r["institution"], r["year"]): r["_file"]
            for r in new.group_by(["institution", "year"]).agg(pl.col("_file").min()).iter_rows(named=True)
        }
        for (inst, year), g in removable.group_by(["institution", "year"], maintain_order=True):
            i = first_file[(inst, year)]
            plans[i].deletes[kind] = pl.concat([plans[i].deletes[kind], g], how="vertical_relaxed")
    for i, p in enumerate(plans):
        p.insert = pl.concat(parts[i], how="vertical_relaxed") if parts[i] else files[i].rows.clear()
    return plans, changes


def _by_file(frame: pl.DataFrame) -> dict[int, pl.DataFrame]:
    """The rows of each file (`_file`), in one pass (not one filter per file)."""
    if frame.is_empty():
        return {}
    return {k[0]: g for k, g in frame.partition_by("_file", as_dict=True, maintain_order=True).items()}


def _changes(
    kind, new, old_sig, fresh, differs, same, removable, withheld, replace, max_share, plans, files
) -> list[dict]:
    """Per institution-year: units added, changed, removed, unchanged (by unit name), and what blocks it.

    The unit sets, their names and counts of every institution-year come from a few aggregations over the whole
    frames (not one Python set and sort per institution-year): a unit is named as the last of its rows in this
    ingest names it, else as the earlier rows do; the names of each list are sorted."""
    year = ["institution", "year"]
    # a unit's name: the last of its rows in this ingest (per institution-year), else the earlier batches' name
    mine = new.group_by(UNIT, maintain_order=True).agg(pl.col("unit_name").last().alias("_mine"))
    earlier = old_sig.select("name_key", pl.col("unit_name").alias("_old")).unique(
        subset="name_key", keep="last", maintain_order=True
    )

    def names(frame: pl.DataFrame, label: str) -> pl.DataFrame:
        keys = frame.select(UNIT).unique()
        return (
            keys.join(mine, on=UNIT, how="left")
            .join(earlier, on="name_key", how="left")
            .group_by(year)
            .agg(pl.coalesce("_mine", "_old").sort().alias(label))
        )

    before = old_sig.select(UNIT).unique()
    gone = pl.concat([differs.select(UNIT), removable.select(UNIT)]).unique()
    counts = (
        before.group_by(year)
        .len("_before")
        .join(before.join(gone, on=UNIT, how="anti").group_by(year).len("_unchanged"), on=year, how="left")
    )
    years = new.select(year).unique(maintain_order=True)
    for frame, label in ((fresh, "_added"), (differs, "_differs"), (removable, "_removed")):
        years = years.join(names(frame, label), on=year, how="left", maintain_order="left")
    years = years.join(counts, on=year, how="left", maintain_order="left")
    out = []
    for inst, yr, added, differ, removed, n_before, unchanged in years.iter_rows():
        added, differ, removed = added or [], differ or [], removed or []
        n_before, unchanged = n_before or 0, unchanged or 0
        changed = differ if replace else []
        conflicted = [] if replace else differ
        blocked = None
        if conflicted:
            blocked = (
                f"{len(conflicted)} 个单位与更早批次不同,未载入;用 --replace 替换 / {len(conflicted)} units "
                "differ from an earlier batch and were not loaded; --replace replaces them"
            )
        if (inst, yr) in withheld:
            rows = ", ".join(withheld[(inst, yr)][:5])
            blocked = (
                f"未删除任何单位:被拒行没有单位名称 ({rows}) / nothing removed: rejected rows without a unit "
                f"name ({rows})"
            )
        share = len(removed) / n_before if n_before else 0.0
        if removed and share > max_share:
            first = next(
                i
                for i, f in enumerate(files)
                if f.rows.filter((pl.col("institution") == inst) & (pl.col("year") == yr)).height
            )
            plans[first].notes.append(
                f"删除 {inst} {yr} 的 {len(removed)}/{n_before} 个单位(超过 {max_share:.0%})/ removes "
                f"{len(removed)} of {n_before} units of {inst} {yr} (over {max_share:.0%})"
            )
        out.append(
            {
                "institution": inst,
                "year": yr,
                "record_kind": kind,
                "added": added,
                "changed": changed,
                "removed": removed,
                "unchanged": unchanged,
                "needs_replace": bool(conflicted),
                "blocked": blocked,
                "removed_share": round(share, 4),
                "large_removal": bool(removed) and share > max_share,
            }
        )
    return out
