"""The domain's codes are defined once (warehouse/vocabulary.py): no other module spells out a code list (what the
warehouse holds uses only those codes: tests/warehouse/test_accepted_values.py)."""

from __future__ import annotations

import ast
from pathlib import Path

from warehouse import vocabulary as v

ROOT = Path(__file__).parents[2]
LISTS = {"GRADES": v.GRADES, "UNIT_TYPES": v.UNIT_TYPES, "MODES": v.MODES, "METRICS": v.METRICS}


def code_lists(path: Path) -> list[str]:
    """Tuple, list and set literals in a module that spell out a whole code list (a superset counts too)."""
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            found += [f"{shown}:{node.lineno} {name}" for name, codes in LISTS.items() if set(codes) <= words]
    return found


def test_the_scan_finds_a_spelled_out_list(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text(
        'X = ("good", "fairly_good", "average", "poor")\nY = (*GRADES, "abstain")\n', encoding="utf-8"
    )
    assert code_lists(module) == ["probe.py:1 GRADES"]


def test_code_lists_are_defined_only_in_the_vocabulary():
    offenders = [
        hit
        for package in ("etl", "warehouse", "dashboard", "pingyi", "bench")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name != "vocabulary.py"
        for hit in code_lists(path)
    ]
    assert offenders == []


def test_the_codes():
    assert v.GRADES == ("good", "fairly_good", "average", "poor")
    assert v.UNIT_TYPES == ("affiliated_hospital", "college", "branch", "administrative")
    assert v.MODES[:2] == ("onsite", "written") and len(set(v.MODES)) == len(v.MODES)
    assert v.DEFAULT_METRIC in v.METRICS and v.RATE_METRICS < set(v.METRICS) and "score" not in v.RATE_METRICS
    assert v.VOTE_COLUMNS["fairly_good"] == "votes_fairly_good"
