"""docs/warehouse.md documents every public view, column by column, in order and with its type."""

from __future__ import annotations

import re
from pathlib import Path

from warehouse.schema import PUBLIC_VIEWS

DOC = Path(__file__).parents[2] / "docs" / "warehouse.md"


def documented() -> dict[str, list[tuple[str, str]]]:
    views: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### (\w+)\s*$", line)
        if heading:
            current = heading.group(1)
            views[current] = []
            continue
        row = re.match(r"^\| `(\w+)` \| ([\w\[\]]+) \|", line)
        if row and current:
            views[current].append((row.group(1), row.group(2)))
    return views


def test_every_public_view_is_documented_exactly(con):
    doc = documented()
    assert sorted(doc) == sorted(PUBLIC_VIEWS)
    for view in PUBLIC_VIEWS:
        actual = [(r[0], r[1]) for r in con.sql(f"describe select * from {view}").fetchall()]
        assert doc[view] == actual, view
