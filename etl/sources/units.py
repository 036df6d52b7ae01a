"""Reads a units registry (CSV/XLSX): one row per unit × name, with the years of each name, type, level, parent.

The registry makes renames, upgrades (党总支 → 党委), merges (two old names, one unit id) and splits (one old
name until year N, new unit ids from N + 1) explicit; it overrides the name matching and type rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl.messages import Reject, SourceError
from etl.normalize import canonical_header
from etl.sources.grid import grid_rejects, read_grids

REGISTRY_FIELDS = (
    "institution",
    "unit_code",
    "unit",
    "first_year",
    "last_year",
    "unit_type",
    "org_level",
    "parent_code",
)


@dataclass
class RegistrySheet:
    """One sheet's registry rows as read (text), under the header row at `index`; `mapping`: field → (grid column,
    header as written). etl.validate.validate_registry types and checks them."""

    file: str
    sheet: str | None
    frame: pl.DataFrame
    index: int
    mapping: dict[str, tuple[str, str]]


@dataclass
class RegistryRead:
    sheets: list[RegistrySheet]
    grid_rejects: list[Reject]  # rows emptied at read time (a cell over the bound, an undecodable line)


def read_registry(path: Path, grids=None) -> RegistryRead:
    """Every sheet with a registry header (unit id + unit name), as read (of `grids` when already read)."""
    grids = list(read_grids(path) if grids is None else grids)
    parts: list[RegistrySheet] = []
    for grid in grids:
        for index, row in enumerate(grid.frame.head(10).iter_rows()):
            mapping = {}
            for col, cell in zip(grid.frame.columns, row, strict=True):
                name = canonical_header(cell)
                if name in REGISTRY_FIELDS and name not in mapping:
                    mapping[name] = (col, cell)
            if {"unit_code", "unit"} <= set(mapping):
                parts.append(RegistrySheet(grid.file, grid.sheet, grid.frame, index, mapping))
                break
    if not parts:
        raise SourceError(
            Reject(path.name, None, None, None, None, "no_header", "单位编号 + 单位 / unit id + unit")
        )
    return RegistryRead(parts, grid_rejects(grids))
