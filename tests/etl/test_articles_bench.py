"""The article benchmark: a split fixed by rule (not by outcome), a record of added items that holds URLs and
labels only, and corpora that are absent skipped cleanly."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SHARED = ROOT.parent / "shared"
spec = importlib.util.spec_from_file_location("bench_articles", ROOT / "bench" / "articles.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

LABEL_KEYS = {
    "file",
    "source_url",
    "source_kind",
    "institution",
    "meeting_level",
    "meeting_date",
    "meeting_date_inferred",
    "publication_date",
    "appraisal_year",
    "onsite_count",
    "written_count",
    "total_units",
    "onsite_units",
    "unit_types_mentioned",
    "rating_scale",
    "ballot_weights",
    "rater_groups",
    "chair",
    "results",
    "notes",
}


def test_the_committed_split_is_the_rule():
    split = json.loads((ROOT / "bench" / "corpus" / "articles_split.json").read_text(encoding="utf-8"))
    names = [(part, f) for lists in split["corpora"].values() for part, files in lists.items() for f in files]
    assert names, "the split lists no items"
    for part, name in names:
        assert bench.held_back(name) == (part == "held_back"), name
    held = sum(1 for part, _ in names if part == "held_back")
    assert 0.25 <= held / len(names) <= 0.42  # about a third


def test_added_items_are_recorded_by_url_and_labels_only():
    record = json.loads((ROOT / "bench" / "corpus" / "web_items.json").read_text(encoding="utf-8"))
    assert record["items"]
    for item in record["items"]:
        assert set(item) <= LABEL_KEYS, item["file"]
        assert item["source_url"].startswith(("http://", "https://"))
        assert len(item["notes"]) < 600  # notes about the labels, never the item's text


def test_absent_corpora_are_skipped(tmp_path):
    report = bench.measure(tmp_path / "nothing-here")
    assert any(note.startswith("web:") for note in report["skipped"])
    assert "web" not in report["corpora"]


def test_an_added_folder_is_scored_and_split(tmp_path):
    (tmp_path / "w_a.txt").write_text(
        "1月9日,丰原大学党委召开2023年度二级党组织书记述职评议会,6个二级党组织书记现场述职。",
        encoding="utf-8",
    )
    labels = [{"file": "w_a.txt", "institution": "丰原大学", "onsite_count": 6, "meeting_date": "2024-01-09"}]
    (tmp_path / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    report = bench.measure(tmp_path)
    web = report["corpora"]["web"]
    assert (web["correct"], web["total"]) == (3, 3)
    part = "held_back" if bench.held_back("w_a.txt") else "dev"
    assert report["split"]["web"][part] == ["w_a.txt"]


@pytest.mark.skipif(not (SHARED / "seeds" / "labels.json").exists(), reason="no /work/shared labels here")
def test_benchmark_reports_both_parts_on_the_shared_items():
    report = bench.measure(Path("/nonexistent"))
    assert {"dev", "held_back"} <= set(report["parts"])
    assert report["corpora"]["seeds"]["accuracy"] == 1.0
    assert bench.check_split(report) == []
    # measured 2026-12-01 on the shared items alone: articles_more 311/325, dev 318/325, held back 122/130
    assert report["corpora"]["articles_more"]["accuracy"] >= 0.94
    assert report["parts"]["dev"]["accuracy"] >= 0.96
    assert report["parts"]["held_back"]["accuracy"] >= 0.92


def test_the_fresh_set_is_its_own_part_never_split_and_never_in_dev_misses(tmp_path, capsys):
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "f_a.txt").write_text(
        "1月9日,丰原大学党委召开2023年度二级党组织书记述职评议会,6个二级党组织书记现场述职。",
        encoding="utf-8",
    )
    labels = [{"file": "f_a.txt", "institution": "丰原大学", "onsite_count": 7}]
    (fresh / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    report = bench.measure(tmp_path / "no-web", fresh)
    assert (report["parts"]["fresh"]["correct"], report["parts"]["fresh"]["total"]) == (1, 2)
    assert "fresh" not in report["split"]  # not split into dev / held back
    assert all("f_a.txt" not in files for lists in report["split"].values() for files in lists.values())
    assert bench.main(["--extra", str(tmp_path / "no-web"), "--fresh", str(fresh), "--misses", "dev"]) == 0
    out = capsys.readouterr().out
    assert "fresh (second set, developed on since round 3): 1/2 = 50.0%" in out
    assert "f_a.txt" not in out  # its misses are not shown while developing


def test_the_fresh_record_holds_urls_and_labels_only_and_no_item_of_the_other_sets():
    fresh = json.loads((ROOT / "bench" / "corpus" / "fresh_items.json").read_text(encoding="utf-8"))["items"]
    web = json.loads((ROOT / "bench" / "corpus" / "web_items.json").read_text(encoding="utf-8"))["items"]
    assert len(fresh) >= 15
    for item in fresh:
        assert set(item) <= LABEL_KEYS, item["file"]
        assert len(item["notes"]) < 600
    assert not {i["source_url"] for i in fresh} & {i["source_url"] for i in web}
    if SHARED.is_dir():
        shared_text = "".join(p.read_text(encoding="utf-8") for p in SHARED.rglob("*.json"))
        shared_text += "".join(p.read_text(encoding="utf-8") for p in SHARED.rglob("README.md"))
        for item in fresh:
            assert item["source_url"] not in shared_text, item["file"]
