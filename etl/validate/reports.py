"""Checks report rows (etl.sources.reports reads metadata tables and report documents): a row must name its
institution, year and unit, from its own cells or from the command line's --institution / --year."""

from __future__ import annotations

from etl.messages import Reject


def validate_reports(
    file: str, rows: list[dict], rejects: list[Reject], institution: str | None, year: int | None
) -> tuple[list[dict], list[Reject]]:
    """(rows that load, rejects: the reader's and one per row missing its institution, year or unit)."""
    rejects = list(rejects)
    good = []
    for row in rows:
        row["institution"] = row.get("institution") or institution
        row["year"] = row.get("year") or year
        missing = (
            "missing_institution" if not row["institution"] else "missing_year" if not row["year"] else None
        )
        missing = missing or ("missing_unit" if not row.get("unit_name") else None)
        if missing:
            rejects.append(Reject(file, None, row.get("source_row"), None, None, missing))
        else:
            good.append(row)
    return good, rejects
