"""What a careful reader reads does not depend on the script or on the noise a mirror adds: every real item
(from ../shared and /work/shared-extra, skipped when absent) gives the same fields in traditional script, and with
pinyin glosses, emoji and doubled commas inserted, as it does as published."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from etl.articles import SCORED_FIELDS, extract_article
from etl.normalize import clean_text

ROOT = Path(__file__).parents[2]
FOLDERS = [
    ROOT.parent / "shared" / "corpus" / "articles",
    ROOT.parent / "shared" / "corpus" / "articles_more",
    Path("/work/shared-extra/articles_web"),
    Path("/work/shared-extra/articles_fresh"),
]
ITEMS = sorted(p for folder in FOLDERS if folder.is_dir() for p in folder.glob("*.txt"))


def _simple(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_simple(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k): v for k, v in value.items()}
    return value


def _noisy(text: str, seed: int) -> str:
    rng = random.Random(seed)
    out = []
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.04:
            out.append(rng.choice(["(shū)", "(jì)", "(huì)", "(yì)"]))
        elif ch == "。" and rng.random() < 0.3:
            out.append(rng.choice(["🎉", "👍"]))
        elif ch == "," and rng.random() < 0.1:
            out.append(",")
    return "".join(out)


@pytest.mark.skipif(not ITEMS, reason="no real items here (../shared and /work/shared-extra absent)")
def test_the_same_fields_in_traditional_script():
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    changed = []
    for path in ITEMS:
        text = path.read_text(encoding="utf-8")
        a, b = extract_article(text), extract_article(to_traditional.convert(text))
        changed += [(path.name, f) for f in SCORED_FIELDS if _simple(a[f]) != _simple(b[f])]
    assert changed == []


@pytest.mark.skipif(not ITEMS, reason="no real items here (../shared and /work/shared-extra absent)")
@pytest.mark.parametrize("seed", [0, 1])
def test_the_same_fields_with_mirror_noise(seed):
    changed = []
    for path in ITEMS:
        text = path.read_text(encoding="utf-8")
        a, b = extract_article(text), extract_article(_noisy(text, seed))
        changed += [(path.name, f) for f in SCORED_FIELDS if a[f] != b[f]]
    assert changed == []
