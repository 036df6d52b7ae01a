"""The article benchmark: a split fixed by rule (not by outcome), records of added items that hold URLs and
labels only, corpora (and texts) that are absent skipped cleanly, and the held-back set of session 6 never shown
while developing (the set of session 5 is development now)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SHARED = ROOT.parent / "shared"
spec = importlib.util.spec_from_file_location("bench_articles", ROOT / "bench" / "articles.py")
bench = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = bench  # its dataclass looks its module up
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


def _nothing(tmp_path: Path) -> dict[str, Path]:
    """Every added set pointed at an empty place: only what a test passes is read."""
    return {s.name: tmp_path / f"no-{s.name}" for s in bench.SETS}


def _args(folders: dict[str, Path]) -> list[str]:
    return [x for s in bench.SETS if s.name in folders for x in (s.flag, str(folders[s.name]))]


def test_absent_corpora_are_skipped(tmp_path):
    report = bench.measure(_nothing(tmp_path))
    assert any(note.startswith("web:") for note in report["skipped"])
    assert "web" not in report["corpora"]


def test_every_added_set_has_one_row_its_own_option_and_folder():
    names = [s.name for s in bench.SETS]
    assert len(set(names)) == len(names) and names[0] == "web"
    assert len({s.flag for s in bench.SETS}) == len(names)
    assert all(s.folder.name == f"articles_{s.name}" for s in bench.SETS)
    assert [s.name for s in bench.SETS if s.split] == ["web"]


def test_an_added_folder_is_scored_and_split(tmp_path):
    (tmp_path / "w_a.txt").write_text(
        "1月9日,丰原大学党委召开2023年度二级党组织书记述职评议会,6个二级党组织书记现场述职。",
        encoding="utf-8",
    )
    labels = [{"file": "w_a.txt", "institution": "丰原大学", "onsite_count": 6, "meeting_date": "2024-01-09"}]
    (tmp_path / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    report = bench.measure(_nothing(tmp_path) | {"web": tmp_path})
    web = report["corpora"]["web"]
    assert (web["correct"], web["total"]) == (3, 3)
    part = "held_back" if bench.held_back("w_a.txt") else "dev"
    assert report["split"]["web"][part] == ["w_a.txt"]
    assert "w_a.txt" in [i["file"] for i in report["parts"]["development"]["items"]]


@pytest.mark.skipif(not (SHARED / "seeds" / "labels.json").exists(), reason="no /work/shared labels here")
def test_benchmark_reports_both_parts_on_the_shared_items(tmp_path):
    report = bench.measure(_nothing(tmp_path))  # the shared items alone, never an added set here
    assert {"dev", "held_back"} <= set(report["parts"])
    assert report["corpora"]["seeds"]["accuracy"] == 1.0
    assert bench.check_split(report) == []
    # measured 2026-12-01 on the shared items alone: articles_more 311/325, dev 318/325, held back 122/130
    assert report["corpora"]["articles_more"]["accuracy"] >= 0.94
    assert report["parts"]["dev"]["accuracy"] >= 0.96
    assert report["parts"]["held_back"]["accuracy"] >= 0.92


def _folder(tmp_path: Path, name: str, file: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / file).write_text(
        "3月2日,青崖医科大学附属医院党委召开2024年度党支部书记述职评议会,9名党支部书记现场述职。",
        encoding="utf-8",
    )
    labels = [{"file": file, "institution": "青崖医科大学附属医院", "onsite_count": 8}]
    (folder / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    return folder


DEVELOPMENT_SETS = [s.name for s in bench.SETS if not s.split and not s.held_back]
HELD_BACK_SETS = bench.held_back_sets()


def _held_back_folders(tmp_path: Path) -> dict[str, Path]:
    return {name: _folder(tmp_path, name, f"h_{name}.txt") for name in HELD_BACK_SETS}


@pytest.mark.parametrize("name", DEVELOPMENT_SETS)
def test_a_development_set_is_its_own_part_never_split_and_its_misses_are_shown_while_developing(
    tmp_path, capsys, name
):
    folder = _folder(tmp_path, name, "d_a.txt")
    report = bench.measure(_nothing(tmp_path) | {name: folder})
    # the count is misread on purpose: 9 in the text, 8 labelled
    assert (report["parts"][name]["correct"], report["parts"][name]["total"]) == (1, 2)
    assert "d_a.txt" in [i["file"] for i in report["parts"]["development"]["items"]]
    assert name not in report["split"]
    assert all("d_a.txt" not in files for lists in report["split"].values() for files in lists.values())
    folders = _nothing(tmp_path) | _held_back_folders(tmp_path) | {name: folder}
    assert bench.main([*_args(folders), "--dev-only", "--misses", "dev"]) == 0
    out = capsys.readouterr().out
    assert f"{bench.BY_NAME[name].line}: 1/2 = 50.0%" in out
    assert f"{name}/d_a.txt: onsite_count label=8 got=9" in out
    assert "held back (never" not in out and "h_" not in out  # the held-back sets are not read


@pytest.mark.parametrize("name", HELD_BACK_SETS)
def test_a_held_back_set_is_its_own_part_and_line_with_per_field_accuracy(tmp_path, capsys, name):
    folder = _folder(tmp_path, name, "h_a.txt")
    report = bench.measure(_nothing(tmp_path) | {name: folder})
    part = report["parts"][name]
    assert (part["correct"], part["total"]) == (1, 2)
    assert part["per_field"]["onsite_count"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    assert name not in report["split"]
    assert all("h_a.txt" not in files for lists in report["split"].values() for files in lists.values())
    assert all(i["file"] != "h_a.txt" for i in report["parts"].get("development", {"items": []})["items"])
    lines = bench.held_back_lines(part, name)
    assert lines[0] == f"{name} held back (never developed on): 1/2 = 50.0%"
    assert any(line.split() == ["onsite_count", "0/1", "0%"] for line in lines[1:])
    assert any(line.split() == ["institution", "1/1", "100%"] for line in lines[1:])
    assert bench.main(_args(_nothing(tmp_path) | {name: folder})) == 0
    out = capsys.readouterr().out
    assert f"{name} held back (never developed on): 1/2 = 50.0%" in out
    assert f"== {name}" not in out  # its own line and per-field figures only


@pytest.mark.parametrize("name", HELD_BACK_SETS)
def test_a_held_back_set_is_never_shown_while_developing(tmp_path, capsys, name):
    common = _args(_nothing(tmp_path) | {name: _folder(tmp_path, name, "h_a.txt")})
    # listing development misses is developing: the held-back set is not read, not even its figure (session 11)
    assert bench.main([*common, "--misses", "dev"]) == 0
    out = capsys.readouterr().out
    assert "held back (never" not in out and "h_a.txt" not in out and name not in out
    assert bench.main([*common, "--dev-only", "--misses", "all"]) == 0
    out = capsys.readouterr().out
    assert "held back (never" not in out and "h_a.txt" not in out and name not in out
    assert bench.main([*common, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["parts"][name]["total"] == 2 and shown["parts"][name]["items"] == []
    assert shown["corpora"][name]["items"] == []
    assert bench.main([*common, "--misses", "all"]) == 0  # asked for explicitly, after measuring
    assert f"{name}/h_a.txt: onsite_count label=8 got=9" in capsys.readouterr().out


@pytest.mark.parametrize("name", HELD_BACK_SETS)
def test_an_absent_held_back_folder_or_text_is_skipped_cleanly(tmp_path, capsys, name):
    report = bench.measure(_nothing(tmp_path))
    assert any(note.startswith(f"{name}:") for note in report["skipped"])
    assert name not in report["corpora"] and name not in report["parts"]
    assert bench.main(_args(_nothing(tmp_path))) == 0
    out = capsys.readouterr().out
    assert f"skipped {name}:" in out and "held back (never" not in out
    folder = _folder(tmp_path, name, "h_a.txt")  # a labelled item whose text is not (yet) beside it
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    labels.append({"file": "h_missing.txt", "onsite_count": 3})
    (folder / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    report = bench.measure(_nothing(tmp_path) | {name: folder})
    assert f"{name}: text of h_missing.txt absent" in report["skipped"]
    assert report["parts"][name]["total"] == 2


RECORDS = {
    "fresh2": "session 4",
    "fresh3": "session 5",
    "fresh4": "session 6",
    "fresh5": "session 7",
    "fresh6": "session 7",
    "fresh7": "session 8",
    "fresh8": "session 9",
    "fresh9": "session 10",
    "fresh10": "session 10",
    "fresh11": "session 10",
    "fresh12": "session 11",
    "fresh13": "session 11",
    "fresh14": "session 11",
    "fresh15": "session 12",
    "fresh16": "session 12",
}
# every record is checked against the records of the sets added before it (the table's order)
ORDER = [s.name for s in bench.SETS]
EARLIER = {name: tuple(f"{o}_items.json" for o in ORDER[: ORDER.index(name)]) for name in RECORDS}


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_a_held_back_record_holds_urls_and_labels_only_and_no_item_of_the_other_sets(name):
    doc = json.loads((ROOT / "bench" / "corpus" / f"{name}_items.json").read_text(encoding="utf-8"))
    assert RECORDS[name] in doc["about"] and "held-back" in doc["about"]
    items = doc["items"]
    assert 20 <= len(items) <= 50  # fresh9: 22 (the pages corpus's items of 2019 and before nearly used up)
    assert len({i["file"] for i in items}) == len(items)
    for item in items:
        assert set(item) == LABEL_KEYS, item["file"]
        assert item["source_url"].startswith(("http://", "https://"))
        # notes about the labels (fresh7 j-items run to 640 characters, fresh12's to 920), never the text
        assert len(item["notes"]) < 1000
        assert item["meeting_level"] in {
            "province",
            "institution",
            "secondary_unit",
            "hospital_internal",
            "non_university_org",
            "unclear",
        }
    urls = {i["source_url"] for i in items}
    assert len(urls) == len(items)
    for other in EARLIER[name]:
        earlier = json.loads((ROOT / "bench" / "corpus" / other).read_text(encoding="utf-8"))["items"]
        assert not urls & {i["source_url"] for i in earlier}, other
    if SHARED.is_dir():
        shared_text = "".join(p.read_text(encoding="utf-8") for p in SHARED.rglob("*.json"))
        shared_text += "".join(p.read_text(encoding="utf-8") for p in SHARED.rglob("README.md"))
        for item in items:
            assert item["source_url"] not in shared_text, item["file"]


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_a_held_back_record_matches_the_labels_beside_the_texts_when_present(name):
    labels = bench.BY_NAME[name].folder / "labels.json"
    if not labels.is_file():
        pytest.skip(f"{labels} absent here")
    doc = json.loads((ROOT / "bench" / "corpus" / f"{name}_items.json").read_text(encoding="utf-8"))
    beside = json.loads(labels.read_text(encoding="utf-8"))
    # the record's labels, in order; an item whose text could not be recovered may be left out beside the texts
    assert beside == [i for i in doc["items"] if i["file"] in {b["file"] for b in beside}]
    # nearly all of the set: 85 % at least (recovered by URL after a machine was replaced: fresh9 kept 19 of 22)
    assert len(beside) * 100 >= len(doc["items"]) * 85
    texts = {p.name for p in labels.parent.glob("*.txt")}
    assert texts == {b["file"] for b in beside}  # every text has its labels and every label its text


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


@pytest.mark.parametrize("name", [s.name for s in bench.SETS if not s.split])
def test_a_set_with_labels_but_no_text_yet_is_skipped_not_scored(tmp_path, capsys, name):
    folder = _folder(tmp_path, name, "h_a.txt")
    (folder / "h_a.txt").unlink()  # its labels are there, its text not (yet)
    report = bench.measure(_nothing(tmp_path) | {name: folder})
    assert name not in report["corpora"] and name not in report["parts"]
    assert any(note.startswith(f"{name}: no text beside") for note in report["skipped"])
    assert bench.main(_args(_nothing(tmp_path) | {name: folder})) == 0
    assert f"skipped {name}: no text beside" in capsys.readouterr().out
