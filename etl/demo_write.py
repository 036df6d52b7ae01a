"""The demo warehouse's schemes (口径) and its writing: clearing an earlier demo, publishing the official grades
(etl.demo builds the tables)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import numpy as np
import polars as pl

from etl.demo_names import YEARS
from etl.normalize import stable_id
from etl.sources.schemes import scheme_label
from warehouse.vocabulary import GRADES

if TYPE_CHECKING:
    from etl.demo import _Institution


_SCHEME_A = (100.0, 80.0, 60.0, 0.0, 90.0, 75.0, 60.0)
_SCHEME_B = (100.0, 85.0, 70.0, 50.0, 92.0, 80.0, 65.0)


def _scheme_text(p: tuple, year_from=None, year_to=None, groups=None) -> str:
    grades = GRADES
    return scheme_label(
        year_from,
        year_to,
        dict(zip(grades, p[:4], strict=True)),
        dict(zip(grades[:3], p[4:], strict=True)),
        groups,
    )


def _schemes(insts: list[_Institution], batch_id: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows, groups = [], []
    for inst in insts:
        if "weights" in inst.features:
            wa, wb = inst.features["weights"]
            sid = stable_id("s", inst.id, str(YEARS[0]))
            label = f"{inst.short_name} {_scheme_text(_SCHEME_A, YEARS[0], groups={'A票': wa, 'B票': wb})}"
            rows.append((sid, inst.id, YEARS[0], None, label, *_SCHEME_A))
            groups += [(sid, "A票", wa), (sid, "B票", wb)]
        if inst.features.get("scheme_change"):
            rows.append(
                (
                    stable_id("s", inst.id, str(YEARS[0])),
                    inst.id,
                    YEARS[0],
                    2019,
                    f"{inst.short_name} {_scheme_text(_SCHEME_A, YEARS[0], 2019)}",
                    *_SCHEME_A,
                )
            )
            rows.append(
                (
                    stable_id("s", inst.id, "2020"),
                    inst.id,
                    2020,
                    None,
                    f"{inst.short_name} {_scheme_text(_SCHEME_B, 2020)}",
                    *_SCHEME_B,
                )
            )
    cols = [
        "scheme_id",
        "institution_id",
        "year_from",
        "year_to",
        "label",
        "points_good",
        "points_fairly_good",
        "points_average",
        "points_poor",
        "min_good",
        "min_fairly_good",
        "min_average",
    ]
    schemes = pl.DataFrame(rows, schema=cols, orient="row").with_columns(
        pl.col("year_from").cast(pl.Int32),
        pl.col("year_to").cast(pl.Int32),
        pl.lit("grades").alias("scale"),
        pl.lit(batch_id).alias("batch_id"),
    )
    group_frame = pl.DataFrame(groups, schema=["scheme_id", "rater_group", "weight"], orient="row")
    return schemes, group_frame


# ---------------------------------------------------------------- writing


def _clear_demo(con: duckdb.DuckDBPyConnection, new_ids: list[str], batch_id: str) -> None:
    """Delete every row belonging to demo institutions (never other data); earlier demo batches become 'replaced'."""
    con.register("_demo_new_ids", pl.DataFrame({"institution_id": new_ids}).to_arrow())
    try:
        clash = con.execute(
            "select name from raw_institutions where not is_demo and institution_id in "
            "(select institution_id from _demo_new_ids) order by name limit 5"
        ).fetchall()
    finally:
        con.unregister("_demo_new_ids")
    if clash:
        names = ", ".join(r[0] for r in clash)
        raise ValueError(f"演示机构与已有非演示机构同名 / demo institutions clash with loaded ones: {names}")
    demo = "select institution_id from raw_institutions where is_demo"
    demo_units = f"select unit_id from raw_units where institution_id in ({demo})"
    demo_schemes = f"select scheme_id from raw_schemes where institution_id in ({demo})"
    for sql in (
        f"delete from raw_ratings where institution_id in ({demo})",
        f"delete from raw_meetings where institution_id in ({demo})",
        f"delete from raw_reports where institution_id in ({demo})",
        f"delete from raw_unit_names where unit_id in ({demo_units})",
        f"delete from raw_units where unit_id in ({demo_units})",
        f"delete from raw_scheme_groups where scheme_id in ({demo_schemes})",
        f"delete from raw_scheme_items where scheme_id in ({demo_schemes})",
        f"delete from raw_schemes where scheme_id in ({demo_schemes})",
        "delete from raw_institutions where is_demo",
    ):
        con.execute(sql)
    con.execute("delete from raw_etl_batches where batch_id = ?", [batch_id])
    con.execute("update raw_etl_batches set status = 'replaced' where kind = 'demo' and status = 'loaded'")


def _publish_official(
    con: duckdb.DuckDBPyConnection, rng: np.random.Generator, insts: list[_Institution]
) -> None:
    """Official grades and ranks where an institution publishes them, taken from what the votes imply
    (the warehouse's own computation, `calc_appraisal`: the marts are rebuilt only when the load ends),
    with a few committee overrides where the story needs them."""
    publish = [i.id for i in insts if i.features.get("publishes") or i.features.get("overrides")]
    overriding = [i.id for i in insts if i.features.get("overrides")]
    ranking = [i.id for i in insts if i.features.get("ranks")]
    if not (publish or ranking):
        return
    wanted = sorted(set(publish + ranking))
    marks = ", ".join("?" for _ in wanted)  # placeholders only: a literal list lets the filter reach the scan
    implied = con.sql(
        f"""
        select institution_id, year, unit_id, computed_grade, rank from calc_appraisal
        where institution_id in ({marks})
        order by institution_id, year, unit_id
        """,
        params=wanted,
    ).pl()
    grades = implied.filter(pl.col("institution_id").is_in(publish)).select(
        "institution_id", "year", "unit_id", pl.col("computed_grade").alias("grade")
    )
    if overriding:
        # the committee caps a few units at 较好 (e.g. their own annual appraisal was not 优秀)
        candidates = grades.filter(pl.col("institution_id").is_in(overriding) & (pl.col("grade") == "good"))
        if candidates.height:
            pick = rng.choice(candidates.height, size=min(4, candidates.height), replace=False)
            capped = candidates[np.sort(pick)].with_columns(pl.lit("fairly_good").alias("capped"))
            grades = grades.join(
                capped.select("institution_id", "year", "unit_id", "capped"),
                on=["institution_id", "year", "unit_id"],
                how="left",
            ).select("institution_id", "year", "unit_id", pl.coalesce("capped", "grade").alias("grade"))
    ranks = implied.filter(pl.col("institution_id").is_in(ranking)).select(
        "institution_id", "year", "unit_id", pl.col("rank").cast(pl.Int32)
    )
    for name, frame, column in (("_demo_grades", grades, "grade"), ("_demo_ranks", ranks, "rank")):
        if frame.is_empty():
            continue
        target = "official_grade" if column == "grade" else "official_rank"
        con.register(name, frame.to_arrow())
        try:
            con.execute(
                f"""
                update raw_ratings set {target} = x.{column}
                from {name} as x
                where raw_ratings.institution_id = x.institution_id and raw_ratings.year = x.year
                    and raw_ratings.unit_id = x.unit_id
                """
            )
        finally:
            con.unregister(name)
