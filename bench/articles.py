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
    .venv/bin/python bench/articles.py --fresh7 /some/folder   # the set of session 8 (development from session 10)
    .venv/bin/python bench/articles.py --fresh9 /some/folder   # a held-back set of session 10 from another folder

The split is fixed by rule, never by outcome: an item is held back when the SHA-256 of its file name, read as a
number, is divisible by 3 (`held_back`). bench/corpus/articles_split.json records the resulting lists; the
benchmark checks that the rule still gives them. The seeds are not split (they must stay exact). Items in
corpus/articles/ were what the extractor was first fitted to: they are split like the others, but the held-back
figure is also given without them ("unseen"). Corpora whose folder is absent are skipped with a note, and so is
an item whose text is absent from its folder (its labels are kept in the record).

Each set of real items added since (texts outside the repository, in ../shared-extra/articles_NAME/ beside the
project, or --NAME DIR; URLs and labels in bench/corpus/NAME_items.json) is one row of `SETS` below: its name, its
folder, the line it is printed on and its role. A set is collected and labelled blind, by an engineer who does not
develop the extractor, and is held back until measured: printed as its own line "NAME held back (never developed
on)" with per-field accuracy, not even read by --dev-only, its misses only with --misses all, skipped with a note
while absent. Once measured it becomes development (its row's `held_back` is set to False and its line says when it
was measured): part of `development`, shown by --dev-only and --misses dev. docs/articles.md keeps every blind
figure as it was first measured.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.articles import SCORED_FIELDS, extract_article_file, format_score, score_items  # noqa: E402

SHARED = ROOT.parent / "shared"
EXTRA = ROOT.parent / "shared-extra"  # texts of the added sets, beside the project (never in it)
SPLIT_FILE = ROOT / "bench" / "corpus" / "articles_split.json"
# name → labels.json of the shared corpora
CORPORA = {
    "seeds": SHARED / "seeds" / "labels.json",
    "articles": SHARED / "corpus" / "articles" / "labels.json",
    "articles_more": SHARED / "corpus" / "articles_more" / "labels.json",
}


@dataclass(frozen=True)
class ItemSet:
    """A set of real items added from public pages: labels.json beside the texts in `folder`."""

    name: str
    folder: Path
    line: str  # what its own line says about it
    option: str = ""  # its command-line option ("--NAME" unless given)
    held_back: bool = False  # never developed on: its misses are not shown, --dev-only does not read it
    split: bool = False  # split by rule into dev / held_back (the first added set only)

    @property
    def flag(self) -> str:
        return self.option or f"--{self.name}"


SETS = (
    ItemSet("web", EXTRA / "articles_web", "web (added in session 2, split by rule)", "--extra", split=True),
    ItemSet(
        "fresh", EXTRA / "articles_fresh", "fresh (held-back set of session 3, looked at since: development)"
    ),
    ItemSet(
        "fresh2",
        EXTRA / "articles_fresh2",
        "fresh2 (held-back set of session 4, looked at since: development)",
    ),
    ItemSet(
        "fresh3", EXTRA / "articles_fresh3", "fresh3 (held back in session 5, developed on from session 6)"
    ),
    ItemSet(
        "fresh4", EXTRA / "articles_fresh4", "fresh4 (held back in session 6, developed on from session 7)"
    ),
    ItemSet(
        "fresh5",
        EXTRA / "articles_fresh5",
        "fresh5 (held back in session 7, developed on from session 7, round 2)",
    ),
    ItemSet(
        "fresh6",
        EXTRA / "articles_fresh6",
        "fresh6 (held back in session 7, developed on from the end of session 7)",
    ),
    ItemSet(
        "fresh7",
        EXTRA / "articles_fresh7",
        "fresh7 (held back in sessions 8-9, measured once, developed on from session 10)",
    ),
    ItemSet(
        "fresh8",
        EXTRA / "articles_fresh8",
        "fresh8 (held back in session 9, measured once, developed on from session 10)",
    ),
    ItemSet(
        "fresh9",
        EXTRA / "articles_fresh9",
        "fresh9 (held back in session 10, measured once, then developed on)",
    ),
    ItemSet(
        "fresh10",
        EXTRA / "articles_fresh10",
        "fresh10 (held back in session 10, measured once, then developed on)",
    ),
    ItemSet(
        "fresh11",
        EXTRA / "articles_fresh11",
        "fresh11 (labelled in session 10, measured once then; never developed on)",
        held_back=True,
    ),
    ItemSet("fresh12", EXTRA / "articles_fresh12", "fresh12 (labelled in session 11)", held_back=True),
    ItemSet(
        "fresh13",
        EXTRA / "articles_fresh13",
        "fresh13 (held back in session 11, measured once, then developed on)",
    ),
    ItemSet(
        "fresh14", EXTRA / "articles_fresh14", "fresh14 (labelled at the end of session 11)", held_back=True
    ),
    ItemSet(
        "fresh15",
        EXTRA / "articles_fresh15",
        "fresh15 (labelled in session 12, measured blind twice then; developed on from session 14)",
    ),
    ItemSet(
        "fresh16",
        EXTRA / "articles_fresh16",
        "fresh16 (labelled in session 12, measured blind at its end; developed on from session 14)",
    ),
    ItemSet("fresh17", EXTRA / "articles_fresh17", "fresh17 (labelled in session 14)", held_back=True),
)
BY_NAME = {s.name: s for s in SETS}
SPLIT_CORPORA = ("articles", "articles_more", *(s.name for s in SETS if s.split))
DEVELOPMENT = "development"  # every real item looked at: the split corpora and every set no longer held back
HELD_BACK_LINE = "held back (never developed on)"
NOT_READ = Path("/nonexistent/held-back-set-not-read-while-developing")


def held_back(file_name: str) -> bool:
    """The fixed rule: a third of the items, chosen by a hash of the file name alone."""
    return int(hashlib.sha256(file_name.encode("utf-8")).hexdigest(), 16) % 3 == 0


def held_back_sets() -> list[str]:
    return [s.name for s in SETS if s.held_back]


def corpora(folders: dict[str, Path] | None = None) -> dict[str, Path]:
    """name → labels.json: the shared corpora, then every added set from its folder (or the one passed)."""
    folders = folders or {}
    found = dict(CORPORA)
    for s in SETS:
        found[s.name] = Path(folders.get(s.name) or s.folder) / "labels.json"
    return found


def load(labels: Path) -> list[dict]:
    return json.loads(labels.read_text(encoding="utf-8"))


def measure(folders: dict[str, Path] | None = None) -> dict:
    """Scores per corpus and per part: the old split of the shared corpora and web (dev / held_back /
    held_back_unseen), every added set as a part of its own, every item looked at as `development`; absent
    corpora, and items whose text is absent, are listed under `skipped`."""
    report: dict = {"corpora": {}, "parts": {}, "skipped": [], "split": {}}
    parts: dict[str, list[tuple[Path, dict]]] = {"dev": [], "held_back": [], "held_back_unseen": []}
    parts |= {s.name: [] for s in SETS if not s.split}
    parts[DEVELOPMENT] = []
    for name, labels in corpora(folders).items():
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
        pairs = [(labels.parent, item) for item in items]
        report["corpora"][name] = score_items(pairs)
        if name in parts:  # an added set, not split
            parts[name] = pairs
            if not BY_NAME[name].held_back:
                parts[DEVELOPMENT] += pairs
            continue
        if name not in SPLIT_CORPORA:
            continue  # the seeds: scored on their own
        parts[DEVELOPMENT] += pairs
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
    cols = ["dev", "held_back", "held_back_unseen"]
    cols += [s.name for s in SETS if not s.split and not s.held_back] + [DEVELOPMENT]
    cols = [c for c in cols if c in report["parts"]]
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


def held_back_lines(score: dict, name: str = "") -> list[str]:
    """A held-back set as its own line, then its accuracy per field."""
    label = f"{name} {HELD_BACK_LINE}" if name else HELD_BACK_LINE
    lines = [f"{label}: {score['correct']}/{score['total']} = {score['accuracy']:.1%}"]
    for field, v in score["per_field"].items():
        if v["total"]:
            lines.append(f"  {field:<24}{v['correct']:>4}/{v['total']:<4}{v['accuracy']:>6.0%}")
    return lines


def without_held_back_misses(report: dict) -> dict:
    """The report with the per-item misses of the held-back sets left out (totals and per-field figures kept)."""
    out = {**report, "corpora": dict(report["corpora"]), "parts": dict(report["parts"])}
    for key in ("corpora", "parts"):
        for name in held_back_sets():
            if name in out[key]:
                out[key][name] = {**out[key][name], "items": []}
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--misses",
        choices=("dev", "all"),
        help="list misread fields (dev: every set but the held-back ones; all: those too)",
    )
    ap.add_argument("--json", action="store_true", help="print one JSON report")
    ap.add_argument(
        "--dev-only", action="store_true", help="show the development sets only (while developing)"
    )
    for s in SETS:
        ap.add_argument(s.flag, type=Path, dest=s.name, help=f"folder of {s.line} (default {s.folder})")
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
    held = held_back_sets()
    folders = {s.name: getattr(args, s.name) for s in SETS if getattr(args, s.name) is not None}
    # the held-back sets are not even read while developing: --dev-only, or --misses dev (listing development
    # misses is developing; it once printed a held-back set's per-field lines beside them, session 11)
    if args.dev_only or args.misses == "dev":
        args.dev_only = True
        folders |= {name: NOT_READ for name in held}
    report = measure(folders)
    if args.write_split:
        write_split(report)
    problems = check_split(report)
    if args.json:
        shown = report if args.misses == "all" else without_held_back_misses(report)
        print(json.dumps({**shown, "split_problems": problems}, ensure_ascii=False, indent=1))
        return 0
    for note in report["skipped"]:
        if not (args.dev_only and note.split(":")[0] in held):
            print(f"skipped {note}")
    if args.dev_only:
        args.misses = "dev" if args.misses else None
    for name, score in report["corpora"].items():
        if name in held:
            continue  # only its own line and per-field figures below
        print(f"\n== {name}\n{format_score(score)}")
    if report["parts"]:
        print(
            "\n== every set but the held-back ones is development: the old split's held-back third and every"
            " set measured blind have been looked at"
            "\n   (dev / held_back / held_back_unseen: the old split, kept for the record; development: all of them)"
        )
        print(side_by_side(report))
    if DEVELOPMENT in report["parts"]:
        d = report["parts"][DEVELOPMENT]
        print(f"development (every real item looked at): {d['correct']}/{d['total']} = {d['accuracy']:.1%}")
    for s in SETS:
        if s.split or s.held_back or s.name not in report["parts"]:
            continue
        f = report["parts"][s.name]
        print(f"{s.line}: {f['correct']}/{f['total']} = {f['accuracy']:.1%}")
    for name in held:
        if name in report["parts"]:
            print()
            print("\n".join(held_back_lines(report["parts"][name], name)))
    for problem in problems:
        print(f"split: {problem}")
    if args.misses:
        for name, score in report["corpora"].items():
            if args.misses == "dev" and name in held:
                continue
            for item in score["items"]:
                for field, miss in item["misses"].items():
                    print(f"  {name}/{item['file']}: {field} label={miss['label']!r} got={miss['got']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


__all__ = ["SETS", "extract_article_file", "held_back", "held_back_lines", "measure"]
