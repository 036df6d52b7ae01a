"""Types and checks a units registry's rows (etl.sources.units reads them): a bad row becomes a Reject naming
file, sheet, row and column; one unit id with two types or two parents rejects its rows."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from etl.messages import Reject
from etl.normalize import ORG_LEVELS, UNIT_TYPE_LABELS, clean_text, code_for, name_key, split_org_level
from etl.sources.units import RegistryRead
from etl.validate.values import _Bad, parse_year


@dataclass
class Registry:
    rows: (
        pl.DataFrame
    )  # institution, unit_code, name, name_key, first_year, last_year, unit_type, org_level, parent_code
    rejects: list[Reject]
    rows_read: int


def validate_registry(read: RegistryRead, *, institution: str | None = None) -> Registry:
    """Every registry sheet read, typed and checked, combined; the rows emptied at read time are among the
    rejects (and already among the rows read)."""
    parts = [_validate(s.file, s.sheet, s.frame, s.index, s.mapping, institution) for s in read.sheets]
    return Registry(
        pl.concat([p.rows for p in parts]),
        [r for p in parts for r in p.rejects] + read.grid_rejects,
        sum(p.rows_read for p in parts),
    )


def _validate(file, sheet, frame, index, mapping, institution) -> Registry:
    body = frame.slice(index + 1).with_row_index("source_row", offset=index + 2)
    good, rejects = [], []
    headers = {f: h for f, (_c, h) in mapping.items()}
    for raw in body.iter_rows(named=True):
        cell = {f: raw[c] for f, (c, _h) in mapping.items()}
        if all(v is None for v in cell.values()):
            continue
        try:
            code = cell.get("unit_code")
            if not code:
                raise _Bad("unit_code", None, "missing_unit_code")
            if not cell.get("unit"):
                raise _Bad("unit", None, "missing_unit")
            inst = cell.get("institution") or institution
            if not inst:
                raise _Bad("institution", None, "missing_institution")
            first = parse_year(cell.get("first_year")) if cell.get("first_year") else None
            last = parse_year(cell.get("last_year")) if cell.get("last_year") else None
            if first is not None and last is not None and last < first:
                raise _Bad("last_year", cell.get("last_year"), "bad_year", f"{last} < {first}")
            unit_type = None
            if cell.get("unit_type"):
                unit_type = code_for(cell["unit_type"], UNIT_TYPE_LABELS)
                if unit_type is None:
                    raise _Bad("unit_type", cell["unit_type"], "unknown_unit_type")
            stem, level = split_org_level(cell["unit"])
            if cell.get("org_level"):
                level = clean_text(cell["org_level"])
                if level not in ORG_LEVELS:
                    raise _Bad("org_level", cell["org_level"], "bad_org_level")
            good.append(
                {
                    "institution": clean_text(inst),
                    "unit_code": clean_text(code),
                    "name": stem,
                    "name_key": name_key(cell["unit"]),
                    "first_year": first,
                    "last_year": last,
                    "unit_type": unit_type,
                    "org_level": level,
                    "parent_code": clean_text(cell["parent_code"]) if cell.get("parent_code") else None,
                    "source_row": raw["source_row"],
                }
            )
        except _Bad as bad:
            rejects.append(
                Reject(
                    file,
                    sheet,
                    raw["source_row"],
                    headers.get(bad.field, bad.field),
                    bad.value,
                    bad.reason,
                    bad.detail,
                )
            )
    schema = {
        "institution": pl.String,
        "unit_code": pl.String,
        "name": pl.String,
        "name_key": pl.String,
        "first_year": pl.Int32,
        "last_year": pl.Int32,
        "unit_type": pl.String,
        "org_level": pl.String,
        "parent_code": pl.String,
        "source_row": pl.Int64,
    }
    rows = pl.DataFrame(good, schema=schema, orient="row") if good else pl.DataFrame(schema=schema)
    # one unit id must not carry two types or two parents
    conflicts = (
        rows.group_by("institution", "unit_code")
        .agg(
            pl.col("unit_type").drop_nulls().n_unique().alias("types"),
            pl.col("parent_code").drop_nulls().n_unique().alias("parents"),
        )
        .filter((pl.col("types") > 1) | (pl.col("parents") > 1))
    )
    if not conflicts.is_empty():
        bad = rows.join(conflicts.select("institution", "unit_code"), on=["institution", "unit_code"])
        for r in bad.iter_rows(named=True):
            rejects.append(
                Reject(
                    file,
                    sheet,
                    r["source_row"],
                    headers.get("unit_code"),
                    r["unit_code"],
                    "unit_code_conflict",
                )
            )
        rows = rows.join(
            conflicts.select("institution", "unit_code"), on=["institution", "unit_code"], how="anti"
        )
    return Registry(rows, rejects, rows_read=body.height)
