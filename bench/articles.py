"""Measures the article extractor against hand-made labels: field-level accuracy per labels file.

    .venv/bin/python bench/articles.py ../shared/seeds/labels.json ../shared/corpus/articles/labels.json
"""

from __future__ import annotations

import sys
from pathlib import Path

from etl.articles import format_score, score_against_labels


def main(paths: list[str]) -> int:
    if not paths:
        shared = Path(__file__).resolve().parents[2] / "shared"
        paths = [str(shared / "seeds" / "labels.json"), str(shared / "corpus" / "articles" / "labels.json")]
    for path in paths:
        if not Path(path).is_file():
            print(f"missing: {path}", file=sys.stderr)
            return 2
        print(f"== {path}")
        print(format_score(score_against_labels(Path(path))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
