"""Measures the article extractor against hand-made labels: field-level accuracy per corpus, and on the
development two-thirds vs the held-back third of the real items.

    .venv/bin/python bench/articles.py                         # ../shared corpora + /work/shared-extra/articles_*
    .venv/bin/python bench/articles.py --extra /some/folder    # another folder of added items (NN_name.txt + labels.json)
    .venv/bin/python bench/articles.py --misses dev            # also list what is misread (development items only)
    .venv/bin/python bench/articles.py --dev-only              # the development sets only (while developing)
    .venv/bin/python bench/articles.py --json                  # one JSON report
    .venv/bin/python bench/articles.py --fresh /some/folder    # the fresh set (session 3) from another folder
    .venv/bin/python bench/articles.py --fresh2 /some/folder   # the set of session 4 from another folder
    .venv/bin/python bench/articles.py --fresh3 /some/folder   # the set of session 5 (development now) from another folder
    .venv/bin/python bench/articles.py --fresh4 /some/folder   # the set of session 6 (development now) from another folder
    .venv/bin/python bench/articles.py --fresh5 /some/folder   # the first set of session 7 (development now)
    .venv/bin/python bench/articles.py --fresh6 /some/folder   # the second set of session 7 (development now)
    .venv/bin/python bench/articles.py --fresh7 /some/folder   # the next held-back set (to be labelled) from another folder

The split is fixed by rule, never by outcome: an item is held back when the SHA-256 of its file name, read as a
number, is divisible by 3 (`held_back`). bench/corpus/articles_split.json records the resulting lists; the
benchmark checks that the rule still gives them. The seeds are not split (they must stay exact). Items in
corpus/articles/ were what the extractor was first fitted to: they are split like the others, but the held-back
figure is also given without them ("unseen"). Corpora whose folder is absent are skipped with a note, and so is
an item whose text is absent from its folder (its labels are kept in the record).

The "fresh" set (bench/corpus/fresh_items.json; texts in /work/shared-extra/articles_fresh/) was a second held-back
set, collected and labelled after the first held-back third had been looked at. The set of session 4 ("fresh2";
bench/corpus/fresh2_items.json; texts in ../shared-extra/articles_fresh2/ beside the project, or --fresh2 DIR) was
collected and labelled blind and never developed on during session 4; it was measured twice and is developed on
from session 5. Neither is split; each is printed on its own line. Every one of these sets has been looked at:
all are development now, shown by --dev-only and --misses dev; the old split is kept and checked for the record.

The held-back set of session 5 ("fresh3"; bench/corpus/fresh3_items.json; texts in ../shared-extra/articles_fresh3/
beside the project, or --fresh3 DIR) was collected and labelled blind and never developed on during session 5; it
has been looked at since and is developed on from session 6: part of `development`, shown by --dev-only and
--misses dev, printed on its own line "fresh3 (held back in session 5, developed on from session 6)".

The held-back set of session 6 ("fresh4"; bench/corpus/fresh4_items.json; texts in ../shared-extra/articles_fresh4/
beside the project, or --fresh4 DIR) was collected and labelled blind by an engineer who does not develop the
extractor. It was never developed on during session 6; it is developed on from session 7: part of `development`,
printed on its own line "fresh4 (held back in session 6, developed on from session 7)" with its accuracy per field.

The first held-back set of session 7 ("fresh5"; bench/corpus/fresh5_items.json; texts in
../shared-extra/articles_fresh5/ beside the project, or --fresh5 DIR) was collected and labelled blind, labelled a
second time blind and adjudicated; measured once blind, it is developed on from the middle of session 7: part of
`development`, printed on its own line "fresh5 (held back in session 7, developed on from session 7, round 2)".

The second held-back set of session 7 ("fresh6"; bench/corpus/fresh6_items.json; texts in
../shared-extra/articles_fresh6/ beside the project, or --fresh6 DIR) was collected and labelled blind, labelled a
second time blind and adjudicated; measured once blind (89.8 %, docs/articles.md), it is developed on from the end of
session 7: part of `development`, printed on its own line "fresh6 (held back in session 7, developed on from the
end of session 7)".

The next held-back set ("fresh7"; bench/corpus/fresh7_items.json; texts in ../shared-extra/articles_fresh7/ beside
the project, or --fresh7 DIR) is to be collected and labelled blind, by an engineer who does not develop the
extractor, before any further extractor work. It is never developed on: printed as its own line "held back (never
developed on)" with per-field accuracy, not even read by --dev-only, its misses only with --misses all, skipped with
a note while absent.
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
FRESH = "fresh"  # the second held-back set of session 3: scored on its own, never split; looked at since
FRESH2 = "fresh2"  # the set of session 4: scored on its own, never split; developed on from session 5
FRESH2_DEFAULT = ROOT.parent / "shared-extra" / "articles_fresh2"
FRESH3 = "fresh3"  # the held-back set of session 5: on its own, never split; developed on from session 6
FRESH3_DEFAULT = ROOT.parent / "shared-extra" / "articles_fresh3"
FRESH3_LINE = "fresh3 (held back in session 5, developed on from session 6)"
FRESH4 = "fresh4"  # the held-back set of session 6: on its own, never split; developed on from session 7
FRESH4_DEFAULT = ROOT.parent / "shared-extra" / "articles_fresh4"
FRESH4_LINE = "fresh4 (held back in session 6, developed on from session 7)"
FRESH5 = "fresh5"  # the first held-back set of session 7: on its own, never split; developed on since
FRESH5_DEFAULT = ROOT.parent / "shared-extra" / "articles_fresh5"
FRESH5_LINE = "fresh5 (held back in session 7, developed on from session 7, round 2)"
FRESH6 = "fresh6"  # the second held-back set of session 7: on its own, never split; developed on since
FRESH6_DEFAULT = ROOT.parent / "shared-extra" / "articles_fresh6"
FRESH6_LINE = "fresh6 (held back in session 7, developed on from the end of session 7)"
FRESH7 = (
    "fresh7"  # the next held-back set: on its own, never split, never developed on (absent until labelled)
)
FRESH7_DEFAULT = ROOT.parent / "shared-extra" / "articles_fresh7"
DEVELOPMENT = "development"  # every earlier real item (split corpora, fresh … fresh6): all looked at
HELD_BACK = FRESH7
HELD_BACK_LINE = "held back (never developed on)"
NOT_READ = Path("/nonexistent/held-back-set-not-read-while-developing")


def held_back(file_name: str) -> bool:
    """The fixed rule: a third of the items, chosen by a hash of the file name alone."""
    return int(hashlib.sha256(file_name.encode("utf-8")).hexdigest(), 16) % 3 == 0


def corpora(
    extra: Path | None,
    fresh: Path | None = None,
    fresh2: Path | None = None,
    fresh3: Path | None = None,
    fresh4: Path | None = None,
    fresh5: Path | None = None,
    fresh6: Path | None = None,
    fresh7: Path | None = None,
) -> dict[str, Path]:
    found = dict(CORPORA)
    folder = extra if extra is not None else EXTRA / "articles_web"
    found["web"] = folder / "labels.json"
    found[FRESH] = (fresh if fresh is not None else EXTRA / "articles_fresh") / "labels.json"
    found[FRESH2] = (fresh2 if fresh2 is not None else FRESH2_DEFAULT) / "labels.json"
    found[FRESH3] = (fresh3 if fresh3 is not None else FRESH3_DEFAULT) / "labels.json"
    found[FRESH4] = (fresh4 if fresh4 is not None else FRESH4_DEFAULT) / "labels.json"
    found[FRESH5] = (fresh5 if fresh5 is not None else FRESH5_DEFAULT) / "labels.json"
    found[FRESH6] = (fresh6 if fresh6 is not None else FRESH6_DEFAULT) / "labels.json"
    found[FRESH7] = (fresh7 if fresh7 is not None else FRESH7_DEFAULT) / "labels.json"
    return found


def load(labels: Path) -> list[dict]:
    return json.loads(labels.read_text(encoding="utf-8"))


def measure(
    extra: Path | None = None,
    fresh: Path | None = None,
    fresh2: Path | None = None,
    fresh3: Path | None = None,
    fresh4: Path | None = None,
    fresh5: Path | None = None,
    fresh6: Path | None = None,
    fresh7: Path | None = None,
) -> dict:
    """Scores per corpus and per part of the split, the fresh sets of sessions 3 to 7 as parts of their own,
    every earlier real item as `development` and the next held-back set as `fresh7`; absent corpora, and
    items whose text is absent, are listed under `skipped`."""
    report: dict = {"corpora": {}, "parts": {}, "skipped": [], "split": {}}
    parts: dict[str, list[tuple[Path, dict]]] = {
        "dev": [],
        "held_back": [],
        "held_back_unseen": [],
        FRESH: [],
        FRESH2: [],
        DEVELOPMENT: [],
        FRESH3: [],
        FRESH4: [],
        FRESH5: [],
        FRESH6: [],
        FRESH7: [],
    }
    for name, labels in corpora(extra, fresh, fresh2, fresh3, fresh4, fresh5, fresh6, fresh7).items():
        if not labels.is_file():
            report["skipped"].append(f"{name}: {labels} absent")
            continue
        items = []
        for item in load(labels):
            if (labels.parent / item["file"]).is_file():
                items.append(item)
            else:
                report["skipped"].append(f"{name}: text of {item['file']} absent")
        if not items:  # labels but no text yet (a folder being recovered or labelled): nothing to score
            report["skipped"].append(f"{name}: no text beside {labels}")
            continue
        report["corpora"][name] = score_items([(labels.parent, item) for item in items])
        if name == HELD_BACK:
            parts[HELD_BACK] = [(labels.parent, item) for item in items]
            continue
        if name in (*SPLIT_CORPORA, FRESH, FRESH2, FRESH3, FRESH4, FRESH5, FRESH6):
            parts[DEVELOPMENT] += [(labels.parent, item) for item in items]
        if name in (FRESH, FRESH2, FRESH3, FRESH4, FRESH5, FRESH6):
            parts[name] = [(labels.parent, item) for item in items]
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
        if name not in committed:
            continue
        present = {f for files in lists.values() for f in files}  # an item whose text is absent is skipped
        if {k: sorted(v) for k, v in lists.items()} != {
            k: sorted(f for f in v if f in present) for k, v in committed[name].items()
        } or any(f in present for f in committed[name]["held_back"] if f in lists["dev"]):
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
    cols = [
        c
        for c in (
            "dev",
            "held_back",
            "held_back_unseen",
            FRESH,
            FRESH2,
            FRESH3,
            FRESH4,
            FRESH5,
            FRESH6,
            DEVELOPMENT,
        )
        if c in report["parts"]
    ]
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
            f"{report['parts'][c]['correct']:>5}/{report['parts'][c]['total']:<5}{report['parts'][c]['accuracy']:>7.1%}"
            for c in cols
        )
    )
    return "\n".join(rows)


def held_back_lines(score: dict) -> list[str]:
    """The held-back set as its own line, then its accuracy per field."""
    lines = [f"{HELD_BACK_LINE}: {score['correct']}/{score['total']} = {score['accuracy']:.1%}"]
    for field, v in score["per_field"].items():
        if v["total"]:
            lines.append(f"  {field:<24}{v['correct']:>4}/{v['total']:<4}{v['accuracy']:>6.0%}")
    return lines


def without_held_back_misses(report: dict) -> dict:
    """The report with the per-item misses of the held-back set left out (totals and per-field figures kept)."""
    out = {**report, "corpora": dict(report["corpora"]), "parts": dict(report["parts"])}
    for key in ("corpora", "parts"):
        if HELD_BACK in out[key]:
            out[key][HELD_BACK] = {**out[key][HELD_BACK], "items": []}
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extra", type=Path, help="folder of added items (labels.json beside the texts)")
    ap.add_argument(
        "--misses",
        choices=("dev", "all"),
        help="list misread fields (dev: every set but the held-back set; all: that one too)",
    )
    ap.add_argument("--json", action="store_true", help="print one JSON report")
    ap.add_argument(
        "--dev-only", action="store_true", help="show the development sets only (while developing)"
    )
    ap.add_argument(
        "--fresh", type=Path, help="folder of the fresh set of session 3 (labels.json beside the texts)"
    )
    for name, what, default in (
        (FRESH2, "the set of session 4, development now", FRESH2_DEFAULT),
        (FRESH3, "the set of session 5, development now", FRESH3_DEFAULT),
        (FRESH4, "the set of session 6, development now", FRESH4_DEFAULT),
        (FRESH5, "the first set of session 7, development now", FRESH5_DEFAULT),
        (FRESH6, "the second set of session 7, development now", FRESH6_DEFAULT),
        (FRESH7, "the next held-back set, skipped when absent", FRESH7_DEFAULT),
    ):
        ap.add_argument(f"--{name}", type=Path, help=f"folder of {what} (default {default})")
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
    fresh7 = NOT_READ if args.dev_only else args.fresh7  # the held-back set is not even read while developing
    report = measure(
        args.extra, args.fresh, args.fresh2, args.fresh3, args.fresh4, args.fresh5, args.fresh6, fresh7
    )
    if args.write_split:
        write_split(report)
    problems = check_split(report)
    if args.json:
        shown = report if args.misses == "all" else without_held_back_misses(report)
        print(json.dumps({**shown, "split_problems": problems}, ensure_ascii=False, indent=1))
        return 0
    for note in report["skipped"]:
        if not (args.dev_only and note.startswith(f"{HELD_BACK}:")):
            print(f"skipped {note}")
    if args.dev_only:
        args.misses = "dev" if args.misses else None
    for name, score in report["corpora"].items():
        if name == HELD_BACK:
            continue  # only its own line and per-field figures below
        print(f"\n== {name}\n{format_score(score)}")
    if report["parts"]:
        print(
            "\n== every earlier set is development now: the held-back third and the sets of sessions 3 to 7"
            " have been looked at"
            "\n   (dev / held_back / held_back_unseen: the old split, kept for the record; development: all of them)"
        )
        print(side_by_side(report))
    if DEVELOPMENT in report["parts"]:
        d = report["parts"][DEVELOPMENT]
        print(
            f"development (every earlier real item, all looked at): {d['correct']}/{d['total']} = {d['accuracy']:.1%}"
        )
    for name, what in ((FRESH, "held-back set of session 3"), (FRESH2, "held-back set of session 4")):
        if name in report["parts"]:
            f = report["parts"][name]
            print(
                f"{name} ({what}, looked at since: development): {f['correct']}/{f['total']} = {f['accuracy']:.1%}"
            )
    if FRESH3 in report["parts"]:
        f = report["parts"][FRESH3]
        print(f"{FRESH3_LINE}: {f['correct']}/{f['total']} = {f['accuracy']:.1%}")
    for name, line in ((FRESH4, FRESH4_LINE), (FRESH5, FRESH5_LINE), (FRESH6, FRESH6_LINE)):
        if name in report["parts"]:
            f = report["parts"][name]
            print(f"{line}: {f['correct']}/{f['total']} = {f['accuracy']:.1%}")
    if HELD_BACK in report["parts"]:
        print()
        print("\n".join(held_back_lines(report["parts"][HELD_BACK])))
    for problem in problems:
        print(f"split: {problem}")
    if args.misses:
        for name, score in report["corpora"].items():
            if args.misses == "dev" and name == HELD_BACK:
                continue
            for item in score["items"]:
                for field, miss in item["misses"].items():
                    print(f"  {name}/{item['file']}: {field} label={miss['label']!r} got={miss['got']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


__all__ = ["extract_article_file", "held_back", "held_back_lines", "measure"]
