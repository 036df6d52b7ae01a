"""Generates a deterministic demo warehouse of clearly fictional institutions, units and secretaries (演示数据,纯属虚构)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np
import polars as pl

from etl.demo_names import (
    _ADMIN_MORE,
    _ADMIN_REQUIRED,
    _BRANCHES,
    _CHAIR,
    _COLLEGES,
    _EXTRA,
    _GAN,
    _HOSPITAL_OTHER,
    _HOSPITALS_MEDICAL_MORE,
    _HOSPITALS_MEDICAL_REQUIRED,
    _KIND_SUFFIX,
    _KIND_WEIGHTS,
    _PLACE_FIRST,
    _PLACE_SECOND,
    _PROVINCE_HOME,
    _PROVINCES,
    _RENAME,
    _SMALL,
    _SURNAMES,
    _UPGRADE,
    YEARS,
)
from etl.demo_reports import add_demo_reports
from etl.demo_write import _clear_demo, _publish_official, _schemes
from etl.normalize import institution_id, name_key, split_org_level, stable_id, unit_id
from etl.write import insert_frame
from warehouse.store import Store
from warehouse.vocabulary import UNIT_TYPES

SCALES = ("small", "province", "national")
YEARS_LABEL = f"{YEARS[0]}–{YEARS[-1]}"
FICTION_NOTE = "演示数据,机构与人名纯属虚构 / demo data: institutions and people are fictional"

# ---------------------------------------------------------------- the latent quality behind the tallies

# per unit type (UNIT_TYPES order: affiliated_hospital, college, branch, administrative)
_TYPE_EFFECT = np.array([0.30, 0.15, 0.00, -0.45])
_TYPE_TREND = np.array([0.07, 0.02, 0.00, 0.01])  # per year, centred on 2020: hospitals improve
_TYPE_NOISE = np.array([0.20, 0.20, 0.50, 0.25])  # year-to-year noise: branches are noisier
_BASE_QUALITY = 0.6
_CUTS = np.array([0.0, 1.6, 3.4])  # ordered logit: P(≥好)=σ(q), P(≥较好)=σ(q+1.6), P(≥一般)=σ(q+3.4)
_GROUPS = ("", "A票", "B票", "全体")
_GROUP_OFFSET = np.array([0.0, 0.25, -0.10, 0.0])


@dataclass
class _Institution:
    name: str
    short_name: str
    province: str
    kind: str
    features: dict = field(default_factory=dict)

    @cached_property
    def id(self) -> str:
        return institution_id(self.name)


@dataclass
class _Units:
    """Column arrays, one entry per unit."""

    inst: list[int] = field(default_factory=list)
    stem: list[str] = field(default_factory=list)
    level: list[str] = field(default_factory=list)
    utype: list[int] = field(default_factory=list)
    pos: list[int] = field(default_factory=list)  # position within its institution (drives the rotation)


# ---------------------------------------------------------------- public entry point


def build_demo(store: Store, *, scale: str = "small", seed: int = 7) -> dict:
    """Replace the demo institutions' data in `store` with a freshly generated, deterministic demo."""
    if scale not in SCALES:
        raise ValueError(f"未知规模 / unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    rng = np.random.default_rng(seed)
    batch_id = f"demo-{scale}-s{seed}"
    insts = _institutions(rng, scale)
    units = _plan_units(rng, insts)
    frames = _generate(rng, insts, units, batch_id)

    with store.write() as w:
        con = w.con
        _clear_demo(con, [i.id for i in insts], batch_id)
        for table in (
            "raw_institutions",
            "raw_units",
            "raw_unit_names",
            "raw_schemes",
            "raw_scheme_groups",
            "raw_ratings",
            "raw_meetings",
        ):
            insert_frame(con, table, frames[table])
        _publish_official(con, rng, insts)
        reports = add_demo_reports(
            con, frames["raw_ratings"], frames["raw_institutions"], frames["raw_units"], batch_id, seed
        )
        inst_years = (
            frames["raw_meetings"]
            .select("institution_name", "appraisal_year")
            .sort("institution_name", "appraisal_year")
            .rows()
        )
        rows = frames["raw_ratings"].height
        con.execute(
            """
            insert into raw_etl_batches (batch_id, kind, source, sha256, loaded_at, loaded_by, status, rows_read,
                rows_loaded, rows_rejected, institution_years, note)
            values (?, 'demo', ?, null, ?, 'pingyi demo', 'loaded', ?, ?, 0, ?, ?)
            """,
            [
                batch_id,
                f"pingyi demo --scale {scale} --seed {seed}",
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
                rows,
                rows,
                json.dumps([list(r) for r in inst_years], ensure_ascii=False),
                FICTION_NOTE,
            ],
        )
    return {
        "institutions": len(insts),
        "units": frames["raw_units"].height,
        "rating_rows": rows,
        "years": YEARS_LABEL,
        "meetings": frames["raw_meetings"].height,
        "reports": reports,
        "scale": scale,
        "seed": seed,
        "batch_id": batch_id,
    }


# ---------------------------------------------------------------- planning institutions and units


def _institutions(rng: np.random.Generator, scale: str) -> list[_Institution]:
    insts = [_Institution(n, s, p, k, dict(f)) for n, s, p, k, f in _SMALL]
    extra = _EXTRA[scale]
    if not extra:
        return insts
    taken = {i.name for i in insts}
    places = [a + b for a in _PLACE_FIRST for b in _PLACE_SECOND]
    kinds = list(_KIND_SUFFIX)
    combos = [(p, k) for p in places for k in kinds if p + _KIND_SUFFIX[k][0] not in taken]
    weights = np.array([_KIND_WEIGHTS[k] for _p, k in combos])
    picked = rng.choice(len(combos), size=extra, replace=False, p=weights / weights.sum())
    if scale == "province":
        provinces = [_PROVINCE_HOME] * extra
    else:
        provinces = [_PROVINCES[i] for i in rng.integers(0, len(_PROVINCES), size=extra)]
    weighted = rng.random(extra) < 0.3
    weight_a = rng.choice(np.array([0.5, 0.6, 0.7]), size=extra)
    for j, c in enumerate(picked):
        place, kind = combos[int(c)]
        suffix, short = _KIND_SUFFIX[kind]
        features = {"weights": (float(weight_a[j]), round(1 - float(weight_a[j]), 2))} if weighted[j] else {}
        insts.append(_Institution(place + suffix, place + short, provinces[j], kind, features))
    return insts


def _plan_units(rng: np.random.Generator, insts: list[_Institution]) -> _Units:
    units = _Units()
    college_levels = np.array(["党委", "党总支"])
    for i, inst in enumerate(insts):
        planned: list[tuple[str, str, int]] = []  # stem, level, type code
        if inst.kind == "medical":
            more = rng.permutation(len(_HOSPITALS_MEDICAL_MORE))[: rng.integers(1, 4)]
            for stem in _HOSPITALS_MEDICAL_REQUIRED + tuple(_HOSPITALS_MEDICAL_MORE[k] for k in sorted(more)):
                planned.append((stem, "党委", 0))
        else:
            stem, level = (
                _HOSPITAL_OTHER[int(rng.integers(0, 2))]
                if inst.kind == "comprehensive"
                else _HOSPITAL_OTHER[0]
            )
            planned.append((stem, level, 0))
        pool = _COLLEGES[inst.kind]
        required = (
            {_RENAME[1]} if inst.name == _RENAME[0] else {_UPGRADE[1]} if inst.name == _UPGRADE[0] else set()
        )
        n_colleges = int(rng.integers(14, len(pool) + 1))
        order = [pool[k] for k in rng.permutation(len(pool))]
        chosen = [c for c in order if c in required] + [c for c in order if c not in required]
        levels = college_levels[(rng.random(len(pool)) < 0.4).astype(int)]
        for k, stem in enumerate(chosen[:n_colleges]):
            level = "党总支" if stem == _UPGRADE[1] and inst.name == _UPGRADE[0] else str(levels[k])
            planned.append((stem, level, 1))
        n_branches = int(rng.integers(2, 6))
        for k in sorted(rng.permutation(len(_BRANCHES))[:n_branches]):
            stem, level = split_org_level(_BRANCHES[k])
            planned.append((stem, level, 2))
        n_admin = int(rng.integers(3, 9))
        admin = list(_ADMIN_REQUIRED) + [
            _ADMIN_MORE[k] for k in sorted(rng.permutation(len(_ADMIN_MORE))[:n_admin])
        ]
        planned.extend((stem, level, 3) for stem, level in admin)
        assert 20 <= len(planned) <= 60, (inst.name, len(planned))
        for pos, (stem, level, code) in enumerate(planned):
            units.inst.append(i)
            units.stem.append(stem)
            units.level.append(level)
            units.utype.append(code)
            units.pos.append(pos)
    return units


@cache
def _key(stem: str) -> str:
    return name_key(stem)


# ---------------------------------------------------------------- generating the tables (vectorised)


def _generate(rng: np.random.Generator, insts: list[_Institution], units: _Units, batch_id: str) -> dict:
    n_inst, n_years = len(insts), len(YEARS)
    years = np.array(YEARS)
    inst_ids = [i.id for i in insts]
    u_inst = np.array(units.inst)
    u_type = np.array(units.utype)
    u_pos = np.array(units.pos)
    n_units = len(u_inst)
    u_ids = [unit_id(inst_ids[i], _key(s)) for i, s in zip(units.inst, units.stem, strict=True)]
    by_name = {inst.name: k for k, inst in enumerate(insts)}

    # a few units are new 二级党组织 that appear after 2015 (never the ones with a planned story)
    u_first = np.where(rng.random(n_units) < 0.06, rng.integers(2016, 2024, size=n_units), YEARS[0])
    story_units = set()
    for inst_name, stem in ((_RENAME[0], _RENAME[1]), (_UPGRADE[0], _UPGRADE[1])):
        if inst_name in by_name:
            story_units.add(_unit_index(units, by_name[inst_name], stem))
    for k in story_units:
        u_first[k] = YEARS[0]
    u_first[u_type == 0] = YEARS[0]  # hospitals exist throughout

    missing = np.zeros(n_inst, dtype=int)
    for k, inst in enumerate(insts):
        missing[k] = inst.features.get("missing_year", 0)

    # ---- unit-years
    uy_unit = np.repeat(np.arange(n_units), n_years)
    uy_year = np.tile(years, n_units)
    keep = (uy_year >= u_first[uy_unit]) & (uy_year != missing[u_inst[uy_unit]])
    uy_unit, uy_year = uy_unit[keep], uy_year[keep]
    uy_inst = u_inst[uy_unit]
    uy_yi = uy_year - YEARS[0]
    uy_type = u_type[uy_unit]

    inst_effect = rng.normal(0.0, 0.4, n_inst)
    inst_year_effect = rng.normal(0.0, 0.12, (n_inst, n_years))
    unit_effect = rng.normal(0.0, 0.5, n_units)
    quality = (
        _BASE_QUALITY
        + inst_effect[uy_inst]
        + inst_year_effect[uy_inst, uy_yi]
        + _TYPE_EFFECT[uy_type]
        + _TYPE_TREND[uy_type] * (uy_year - 2020)
        + 0.02 * (uy_year - 2020)
        + unit_effect[uy_unit]
        + _TYPE_NOISE[uy_type] * rng.standard_normal(len(uy_unit))
    )

    # ---- secretaries: terms of 3–6 years; the first term may have begun before the unit's first year here
    term_len = rng.integers(3, 7, size=(n_units, 5))
    offset = np.where(u_first > YEARS[0], 0, (rng.random(n_units) * term_len[:, 0]).astype(int))
    ends = np.cumsum(term_len, axis=1) - offset[:, None]  # relative to the unit's first year
    rel = uy_year - u_first[uy_unit]
    term = (ends[uy_unit] <= rel[:, None]).sum(axis=1)
    prev_term = (ends[uy_unit] <= (rel - 1)[:, None]).sum(axis=1)
    before_prev = (ends[uy_unit] <= (rel - 2)[:, None]).sum(axis=1)
    new_secretary = np.where(rel == 0, offset[uy_unit] == 0, term != prev_term)
    new_secretary_last_year = np.where(rel == 1, offset[uy_unit] == 0, (rel > 1) & (prev_term != before_prev))
    surname = rng.integers(0, len(_SURNAMES), size=(n_units, 5))
    gan = np.empty((n_units, 5), dtype=int)
    gan[:, 0] = rng.integers(0, len(_GAN), size=n_units)
    for k in range(1, 5):  # a successor never has the predecessor's name
        gan[:, k] = (gan[:, k - 1] + rng.integers(1, len(_GAN), size=n_units)) % len(_GAN)
    secretary_names = (
        pl.Series(list(_SURNAMES)).gather(surname.ravel()) + "某" + pl.Series(list(_GAN)).gather(gan.ravel())
    )
    uy_secretary = secretary_names.gather(uy_unit * 5 + term)

    # ---- modes: on site by rotation (every 3 years); a new unit or a secretary in post under a year reports
    # in writing and the unit comes on site the following year instead
    phase = rng.integers(0, 3, n_inst)
    slot_year = (u_pos[uy_unit] + uy_year + phase[uy_inst]) % 3 == 0
    slot_last_year = (u_pos[uy_unit] + uy_year - 1 + phase[uy_inst]) % 3 == 0
    is_new_unit = (uy_year == u_first[uy_unit]) & (u_first[uy_unit] > YEARS[0])
    was_new_unit = (uy_year - 1 == u_first[uy_unit]) & (u_first[uy_unit] > YEARS[0])
    exempt = new_secretary | is_new_unit
    deferred = slot_last_year & (rel >= 1) & (new_secretary_last_year | was_new_unit)
    onsite = (slot_year & ~exempt) | (deferred & ~exempt)
    uy_mode = np.where(onsite, "onsite", "written")

    # ---- names and levels as written that year (rename, upgrade)
    stems = pl.Series(units.stem)
    levels = pl.Series(units.level)
    uy = pl.DataFrame(
        {
            "uy": np.arange(len(uy_unit)),
            "unit": uy_unit,
            "inst": uy_inst,
            "year": uy_year.astype(np.int32),
            "unit_name": stems.gather(uy_unit),
            "org_level": levels.gather(uy_unit),
            "secretary": uy_secretary,
            "mode": uy_mode,
        }
    )
    names_rows = []  # unit index, name, first_year, last_year
    renamed = None
    if _RENAME[0] in by_name:
        renamed = _unit_index(units, by_name[_RENAME[0]], _RENAME[1])
        cond = (pl.col("unit") == renamed) & (pl.col("year") >= _RENAME[3])
        uy = uy.with_columns(pl.when(cond).then(pl.lit(_RENAME[2])).otherwise("unit_name").alias("unit_name"))
        names_rows += [
            (renamed, _RENAME[1], YEARS[0], _RENAME[3] - 1),
            (renamed, _RENAME[2], _RENAME[3], YEARS[-1]),
        ]
    upgraded = None
    if _UPGRADE[0] in by_name:
        upgraded = _unit_index(units, by_name[_UPGRADE[0]], _UPGRADE[1])
        cond = (pl.col("unit") == upgraded) & (pl.col("year") >= _UPGRADE[2])
        uy = uy.with_columns(pl.when(cond).then(pl.lit("党委")).otherwise("org_level").alias("org_level"))

    # ---- rater groups: weighted A票/B票 at some institutions, one pooled group elsewhere
    weighted = np.array(["weights" in i.features for i in insts])
    single_label = np.array([_GROUPS.index(i.features.get("group", "")) for i in insts])
    n_groups = np.where(weighted[uy_inst], 2, 1)  # per unit-year
    r_uy = np.repeat(np.arange(len(uy_unit)), n_groups)
    starts = np.cumsum(n_groups) - n_groups
    slot = np.arange(len(r_uy)) - np.repeat(starts, n_groups)
    r_inst = uy_inst[r_uy]
    r_group = np.where(weighted[r_inst], 1 + slot, single_label[r_inst])

    # voters: the attendance of each institution-year and group, less a rater or two per unit
    base_a = rng.integers(10, 21, n_inst)
    base_b = rng.integers(20, 41, n_inst)
    base_pooled = rng.integers(15, 61, n_inst)
    base = np.where(
        weighted[:, None], np.stack([base_a, base_b], axis=1), base_pooled[:, None]
    )  # (inst, slot)
    attendance = np.clip(base[:, None, :] + rng.integers(-3, 4, size=(n_inst, n_years, 2)), 10, 60)
    voters = attendance[r_inst, uy_yi[r_uy], slot] - rng.integers(0, 3, len(r_uy))
    voters = np.clip(voters, 10, 60)
    abstain = np.minimum(rng.binomial(voters, 0.025), 3)

    q = quality[r_uy] + _GROUP_OFFSET[r_group] + rng.normal(0.0, 0.1, len(r_uy))
    at_least = 1.0 / (1.0 + np.exp(-(q[:, None] + _CUTS[None, :])))
    probs = np.diff(np.concatenate([np.zeros((len(q), 1)), at_least, np.ones((len(q), 1))], axis=1), axis=1)
    probs = np.clip(probs, 0.0, 1.0)
    probs /= probs.sum(axis=1, keepdims=True)
    tallies = rng.multinomial(voters - abstain, probs) if len(q) else np.zeros((0, 4), dtype=int)

    ratings = (
        pl.DataFrame(
            {
                "uy": r_uy,
                "rater_group": pl.Series(_GROUPS).gather(r_group),
                "votes_good": tallies[:, 0].astype(np.int32),
                "votes_fairly_good": tallies[:, 1].astype(np.int32),
                "votes_average": tallies[:, 2].astype(np.int32),
                "votes_poor": tallies[:, 3].astype(np.int32),
                "abstain": abstain.astype(np.int32),
                "voters": voters.astype(np.int32),
            }
        )
        .join(uy, on="uy", how="left")
        .sort("inst", "year", "unit", "rater_group")
        .with_columns(
            pl.lit(batch_id).alias("batch_id"),
            _lookup("inst", inst_ids).alias("institution_id"),
            _lookup("unit", u_ids).alias("unit_id"),
            pl.lit("").alias("item"),
            pl.lit(None, pl.Float64).alias("score"),
            pl.lit(None, pl.String).alias("official_grade"),
            pl.lit(None, pl.Int32).alias("official_rank"),
        )
        .with_row_index("source_row", offset=1)
        .with_columns(pl.col("source_row").cast(pl.Int32))
        .select(
            "batch_id",
            "institution_id",
            "year",
            "unit_id",
            "unit_name",
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
        )
    )

    # ---- registry tables
    institutions = pl.DataFrame(
        {
            "institution_id": inst_ids,
            "name": [i.name for i in insts],
            "short_name": [i.short_name for i in insts],
            "province": [i.province for i in insts],
            "kind": [i.kind for i in insts],
            "is_demo": [True] * n_inst,
            "batch_id": [batch_id] * n_inst,
        }
    )
    current_level = list(units.level)
    if upgraded is not None:
        current_level[upgraded] = "党委"
    unit_frame = pl.DataFrame(
        {
            "unit_id": u_ids,
            "institution_id": [inst_ids[i] for i in units.inst],
            "unit_type": [UNIT_TYPES[t] for t in units.utype],
            "org_level": current_level,
            "parent_unit_id": pl.Series([None] * n_units, dtype=pl.String),
            "batch_id": [batch_id] * n_units,
        }
    )
    special = {k for k, *_ in names_rows}
    last_years = np.full(n_units, YEARS[-1])
    plain = [k for k in range(n_units) if k not in special]
    unit_names = pl.DataFrame(
        {
            "unit": plain + [k for k, *_ in names_rows],
            "name": [units.stem[k] for k in plain] + [n for _k, n, *_ in names_rows],
            "first_year": [int(u_first[k]) for k in plain] + [f for *_x, f, _l in names_rows],
            "last_year": [int(last_years[k]) for k in plain] + [la for *_x, la in names_rows],
        }
    ).sort("unit", "first_year")
    unit_names = unit_names.select(
        _lookup("unit", u_ids).alias("unit_id"),
        "name",
        pl.col("name").map_elements(_key, return_dtype=pl.String).alias("name_key"),
        pl.col("first_year").cast(pl.Int32),
        pl.col("last_year").cast(pl.Int32),
        pl.lit(batch_id).alias("batch_id"),
    )
    schemes, groups = _schemes(insts, batch_id)

    # ---- meetings: one per institution-year, between Dec 10 of the year and Mar 20 of the next
    counts = (
        uy.group_by("inst", "year")
        .agg(
            (pl.col("mode") == "onsite").sum().cast(pl.Int32).alias("onsite_count"),
            (pl.col("mode") == "written").sum().cast(pl.Int32).alias("written_count"),
            pl.len().cast(pl.Int32).alias("total_units"),
        )
        .sort("inst", "year")
    )
    m_year = counts["year"].to_numpy()
    start = np.array([np.datetime64(f"{y}-12-10") for y in range(YEARS[0], YEARS[-1] + 1)])[m_year - YEARS[0]]
    end = np.array([np.datetime64(f"{y + 1}-03-20") for y in range(YEARS[0], YEARS[-1] + 1)])[
        m_year - YEARS[0]
    ]
    span = (end - start).astype(int) + 1
    meeting_date = start + (rng.random(len(m_year)) * span).astype(int).astype("timedelta64[D]")
    names = [i.name for i in insts]
    meetings = counts.select(
        pl.struct("inst", "year")
        .map_elements(lambda s: stable_id("m", inst_ids[s["inst"]], str(s["year"])), return_dtype=pl.String)
        .alias("meeting_id"),
        _lookup("inst", inst_ids).alias("institution_id"),
        _lookup("inst", names).alias("institution_name"),
        pl.col("year").alias("appraisal_year"),
        pl.Series("meeting_date", meeting_date).cast(pl.Date),
        pl.lit("institution").alias("meeting_level"),
        "onsite_count",
        "written_count",
        "total_units",
        pl.lit(_CHAIR).alias("chair"),
        pl.lit("演示数据").alias("source"),
        pl.lit(None, pl.String).alias("sha256"),
        pl.lit(None, pl.String).alias("evidence"),
        pl.lit(batch_id).alias("batch_id"),
    )
    return {
        "raw_institutions": institutions,
        "raw_units": unit_frame,
        "raw_unit_names": unit_names,
        "raw_schemes": schemes,
        "raw_scheme_groups": groups,
        "raw_ratings": ratings,
        "raw_meetings": meetings,
    }


def _lookup(column: str, values: list[str]) -> pl.Expr:
    """The string at each row's integer position `column` in `values`."""
    return pl.lit(pl.Series(values, dtype=pl.String)).gather(pl.col(column))


def _unit_index(units: _Units, inst: int, stem: str) -> int:
    for k, (i, s) in enumerate(zip(units.inst, units.stem, strict=True)):
        if i == inst and s == stem:
            return k
    raise LookupError(stem)
