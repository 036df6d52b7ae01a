"""The one-command benchmark runs end to end at tiny scale and writes numbers (bench/run.py --quick)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_module():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_quick_benchmark_writes_numbers(tmp_path, capsys):
    out = tmp_path / "latest.json"
    assert _run_module().main(["--quick", "--work", str(tmp_path / "work"), "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["quick"] and result["machine"]["cores"] >= 1
    assert result["demos"][0]["scale"] == "small" and result["demos"][0]["unit_years"] > 0
    timings = result["queries"]["small"]
    assert {q["query"] for q in timings} >= {"type_trend", "overview_kpis", "unit_history"}
    assert all(q["warm"] > 0 for q in timings)
    # every page query has an independent floor that gives the same answer, and a ratio to it
    assert {q["query"] for q in timings} >= {"institution_trend", "units_for_select", "meetings_everywhere"}
    assert all(q["floor"] > 0 and q["ratio"] > 0 for q in timings)
    assert [q["query"] for q in timings if not q["identical"]] == []
    ingest = result["ingest"]
    assert ingest["files"] == 2 and ingest["rows"] > 0 and ingest["all_rows_loaded"]
    assert ingest["rows_per_s"] > 0 and ingest["median_wall_s"] > 0
    versions = result["versions"]
    assert versions["base_mib"] > 0 and versions["copy_s"] >= 0 and len(versions["loads"]) == 1
    assert versions["loads"][0]["file_mib"] > 0
    printed = capsys.readouterr().out
    assert "| ingest folder |" in printed and "| type_trend |" in printed
    assert "small floor ms | small ratio" in printed


def test_floors_withhold_votes_like_the_query_layer(tmp_path, monkeypatch):
    """With a minimum of raters above most units' (PINGYI_MIN_VOTERS), the floors of the questions that withhold
    votes still give the function's answer: the rule is in both, not skipped by either."""
    from etl.demo import build_demo
    from warehouse.store import Store

    spec = importlib.util.spec_from_file_location("bench_queries_t", ROOT / "bench" / "queries.py")
    queries = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(queries)
    store = Store.at(tmp_path / "w.duckdb")
    build_demo(store, scale="small", seed=7)
    monkeypatch.setenv("PINGYI_MIN_VOTERS", "60")
    rows = queries.measure(
        store.pointer, "restricted", 1, ["pooled_votes", "unit_history", "unit_votes_by_group"]
    )
    assert [(r["query"], r["identical"], r["difference"]) for r in rows] == [
        ("pooled_votes", True, None),
        ("unit_history", True, None),
        ("unit_votes_by_group", True, None),
    ]
    assert all(r["rows"] > 0 for r in rows)
