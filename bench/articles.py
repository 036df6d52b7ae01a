"""Measures the article extractor against hand-made labels: field-level accuracy per corpus, and on the
development two-thirds vs the held-back third of the real items.

    .venv/bin/python bench/articles.py                         # ../shared corpora + /work/shared-extra/articles_web
    .venv/bin/python bench/articles.py --extra /some/folder    # another folder of added items (NN_name.txt + labels.json)
    .venv/bin/python bench/articles.py --misses dev            # also list what is misread (dev items only)
    .venv/bin/python bench/articles.py --json                  # one JSON report
    .venv/bin/python bench/articles.py --fresh /some/folder    # the second held-back set from another folder

The split is fixed by rule, never by outcome: an item is held back when the SHA-256 of its file name, read as a
number, is divisible by 3 (`held_back`). bench/corpus/articles_split.json records the resulting lists; the
benchmark checks that the rule still gives them. The seeds are not split (they must stay exact). Items in
corpus/articles/ were what the extractor was first fitted to: they are split like the others, but the held-back
figure is also given without them ("unseen"). Corpora whose folder is absent are skipped with a note.

The "fresh" set (bench/corpus/fresh_items.json; texts in /work/shared-extra/articles_fresh/) is a second held-back
set, collected and labelled after the first held-back third had been looked at. It is not split, never shown by
--dev-only or --misses dev, and printed on its own line. Since round 3 of issue #13 both held-back parts and the
fresh set are development material too (their misses were read); the figure on items never looked at is the one
measured on a new set that is not in this repository's view.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.articles import SCORED_FIELDS, extract_article_file, format_score, score_items  # noqa: E402

SHARED = ROOT.parent / "shared"
EXTRA = Path("/work/shared-extra")
SPLIT_FILE = ROOT / "bench" / "corpus" / "articles_split.json"
# name → labels.json; "web" is the set added from public pages (texts outside the repository)
CORPORA = {
    "seeds": SHARED / "seeds" / "labels.json",
    "articles": SHARED / "corpus" / "articles" / "labels.json",
    "articles_more": SHARED / "corpus" / "articles_more" / "labels.json",
}
SPLIT_CORPORA = ("articles", "articles_more", "web")
FRESH = "fresh"  # the second set: scored on its own, never split (developed on since round 3 of issue #13)


def held_back(file_name: str) -> bool:
    """The fixed rule: a third of the items, chosen by a hash of the file name alone."""
    return int(hashlib.sha256(file_name.encode("utf-8")).hexdigest(), 16) % 3 == 0


def corpora(extra: Path | None, fresh: Path | None = None) -> dict[str, Path]:
    found = dict(CORPORA)
    folder = extra if extra is not None else EXTRA / "articles_web"
    found["web"] = folder / "labels.json"
    found[FRESH] = (fresh if fresh is not None else EXTRA / "articles_fresh") / "labels.json"
    return found


def load(labels: Path) -> list[dict]:
    return json.loads(labels.read_text(encoding="utf-8"))


def measure(extra: Path | None = None, fresh: Path | None = None) -> dict:
    """Scores per corpus and per part of the split (and the fresh set as its own part); absent corpora are
    listed under `skipped`."""
    report: dict = {"corpora": {}, "parts": {}, "skipped": [], "split": {}}
    parts: dict[str, list[tuple[Path, dict]]] = {
        "dev": [],
        "held_back": [],
        "held_back_unseen": [],
        FRESH: [],
    }
    for name, labels in corpora(extra, fresh).items():
        if not labels.is_file():
            report["skipped"].append(f"{name}: {labels} absent")
            continue
        items = load(labels)
        report["corpora"][name] = score_items([(labels.parent, item) for item in items])
        if name == FRESH:
            parts[FRESH] = [(labels.parent, item) for item in items]
            continue
        if name not in SPLIT_CORPORA:
            continue
        report["split"][name] = {"dev": [], "held_back": []}
        for item in items:
            part = "held_back" if held_back(item["file"]) else "dev"
            report["split"][name][part].append(item["file"])
            parts[part].append((labels.parent, item))
            if part == "held_back" and name != "articles":
                parts["held_back_unseen"].append((labels.parent, item))
    for part, pairs in parts.items():
        if pairs:
            report["parts"][part] = score_items(pairs)
    return report


def check_split(report: dict) -> list[str]:
    """Differences between the committed split lists and what the rule gives now (empty when they agree)."""
    if not SPLIT_FILE.is_file():
        return [f"{SPLIT_FILE} absent"]
    committed = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))["corpora"]
    problems = []
    for name, lists in report["split"].items():
        if name in committed and {k: sorted(v) for k, v in lists.items()} != {
            k: sorted(v) for k, v in committed[name].items()
        }:
            problems.append(f"{name}: the committed split differs from the rule")
    return problems


def write_split(report: dict) -> None:
    doc = {
        "rule": "held back when int(sha256(file name), 16) % 3 == 0 (bench/articles.py held_back)",
        "corpora": {
            name: {k: sorted(v) for k, v in lists.items()} for name, lists in report["split"].items()
        },
    }
    SPLIT_FILE.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def side_by_side(report: dict) -> str:
    cols = [c for c in ("dev", "held_back", "held_back_unseen", FRESH) if c in report["parts"]]
    rows = [f"{'field':<24}" + "".join(f"{c:>18}" for c in cols)]
    for field in SCORED_FIELDS:
        cells = []
        for c in cols:
            v = report["parts"][c]["per_field"][field]
            cells.append(
                f"{v['correct']:>4}/{v['total']:<4}{v['accuracy']:>8.0%}" if v["total"] else f"{'-':>18}"
            )
        rows.append(f"{field:<24}" + "".join(f"{x:>18}" for x in cells))
    rows.append(
        f"{'ALL':<24}"
        + "".join(
            f"{report['parts'][c]['correct']:>4}/{report['parts'][c]['total']:<4}{report['parts'][c]['accuracy']:>8.1%}"
            for c in cols
        )
    )
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extra", type=Path, help="folder of added items (labels.json beside the texts)")
    ap.add_argument(
        "--misses", choices=("dev", "all"), help="list misread fields (dev: development items only)"
    )
    ap.add_argument("--json", action="store_true", help="print one JSON report")
    ap.add_argument(
        "--dev-only", action="store_true", help="show the development part only (while developing)"
    )
    ap.add_argument(
        "--fresh", type=Path, help="folder of the second held-back set (labels.json beside the texts)"
    )
    ap.add_argument("--write-split", action="store_true", help="(re)write bench/corpus/articles_split.json")
    ap.add_argument("files", nargs="*", help="labels.json files to score on their own (old form)")
    args = ap.parse_args(argv)
    if args.files:
        for path in args.files:
            labels = Path(path)
            if not labels.is_file():
                print(f"missing: {path}", file=sys.stderr)
                return 2
            print(f"== {path}")
            print(format_score(score_items([(labels.parent, item) for item in load(labels)])))
        return 0
    report = measure(args.extra, args.fresh)
    if args.write_split:
        write_split(report)
    problems = check_split(report)
    if args.json:
        print(json.dumps({**report, "split_problems": problems}, ensure_ascii=False, indent=1))
        return 0
    for note in report["skipped"]:
        print(f"skipped {note}")
    if args.dev_only:
        report["corpora"] = {k: v for k, v in report["corpora"].items() if k == "seeds"}
        report["parts"] = {k: v for k, v in report["parts"].items() if k == "dev"}  # never the fresh set
        args.misses = "dev" if args.misses else None
        dev = {f for lists in report["split"].values() for f in lists["dev"]}
        report["corpora"]["dev"] = report["parts"].get("dev", {"items": []})
        report["corpora"]["dev"]["items"] = [i for i in report["corpora"]["dev"]["items"] if i["file"] in dev]
    for name, score in report["corpora"].items():
        print(f"\n== {name}\n{format_score(score)}")
    if report["parts"]:
        print("\n== development two-thirds vs held-back third (unseen: without corpus/articles)")
        print(side_by_side(report))
    if FRESH in report["parts"]:
        f = report["parts"][FRESH]
        print(
            f"fresh (second set, developed on since round 3): {f['correct']}/{f['total']} = {f['accuracy']:.1%}"
        )
    for problem in problems:
        print(f"split: {problem}")
    if args.misses:
        held = {f for lists in report["split"].values() for f in lists["held_back"]}
        for name, score in report["corpora"].items():
            for item in score["items"]:
                if args.misses == "dev" and (item["file"] in held or name == FRESH):
                    continue
                for field, miss in item["misses"].items():
                    print(f"  {name}/{item['file']}: {field} label={miss['label']!r} got={miss['got']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


__all__ = ["extract_article_file", "held_back", "measure"]
