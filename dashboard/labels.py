"""Chinese and English labels and the one colour map per unit type, grade and metric that every chart and table uses."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import NamedTuple

from warehouse.vocabulary import DEFAULT_METRIC, GRADES, METRICS, MODES, RATE_METRICS, UNIT_TYPES

__all__ = ["DEFAULT_METRIC", "GRADES", "METRICS", "MODES", "RATE_METRICS", "UNIT_TYPES"]

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

# Okabe & Ito (2008), safe for the common colour-vision deficiencies
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

UNIT_TYPE_ZH: dict[str, str] = {
    "affiliated_hospital": "附属医院",
    "college": "学院",
    "branch": "党支部",
    "administrative": "机关",
}
# Okabe & Ito's, their orange darkened so that every type's line is readable on white (contrast ≥ 3:1)
UNIT_TYPE_COLORS: dict[str, str] = {
    "affiliated_hospital": "#CC79A7",
    "college": "#0072B2",
    "branch": "#C07400",
    "administrative": "#009E73",
}

GRADE_ZH: dict[str, str] = {"good": "好", "fairly_good": "较好", "average": "一般", "poor": "差"}
# ordinal, from ColorBrewer BrBG (colour-blind safe): dark teal = 好 … brown = 差
GRADE_COLORS: dict[str, str] = {
    "good": "#018571",
    "fairly_good": "#80CDC1",
    "average": "#DFC27D",
    "poor": "#A6611A",
}

# the order the sidebar offers them in: scheme-independent shares first
METRIC_ZH: dict[str, str] = {
    "score": "平均得分",
    "good_rate": "好评率(好票占比)",
    "positive_rate": "满意率(好+较好票占比)",
    "share_good": "评为“好”的单位占比",
}
METRIC_SHORT: dict[str, str] = {
    "score": "平均得分",
    "good_rate": "好评率",
    "positive_rate": "满意率",
    "share_good": "“好”单位占比",
}
METRIC_MEANING: dict[str, str] = {
    "score": "平均得分:每个单位按其口径把各等次票折算为分数(票数加权平均),再对单位取平均,每个单位计一次。",
    "good_rate": "好评率:每个单位“好”票占有效票(好+较好+一般+差,不含弃权)的比例,再对单位取平均,每个单位计一次。",
    "positive_rate": "满意率:每个单位“好”与“较好”票占有效票(不含弃权)的比例,再对单位取平均,每个单位计一次。",
    "share_good": "“好”单位占比:综合评价等次为“好”的单位数 ÷ 有等次的单位数(有党委评定等次时用评定等次,否则按口径阈值计算)。",
}


def is_rate(metric: str) -> bool:
    """Shares (0–1, shown as per cent) as opposed to scores (points)."""
    return metric in RATE_METRICS


# one colour per institution, each readable as a line on white (WCAG contrast ≥ 3:1; no yellow): Okabe & Ito's
# blue, vermillion, bluish green and reddish purple, their orange darkened to gold, and Paul Tol's indigo and wine
INSTITUTION_PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#B8588F",  # reddish purple (darkened)
    "#8C6D00",  # dark gold
    "#332288",  # indigo
    "#882255",  # wine
    "#5E60CE",  # periwinkle
    "#A65E2E",  # brown
    "#222222",  # near black
)
INSTITUTION_DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot")
INSTITUTION_SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "x", "star")
MUTED_WIDTH, LINE_WIDTH, FOCUS_WIDTH = 1.5, 2.5, 4.5


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(color: str, background: str = "#FFFFFF") -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours (1 … 21; lines and large text need ≥ 3)."""
    hi, lo = sorted((relative_luminance(color), relative_luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _slot(institution_id: str) -> int:
    """The institution's own palette slot: a stable hash of its id (the same in every process and release)."""
    digest = hashlib.blake2b(institution_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % len(INSTITUTION_PALETTE)


class Style(NamedTuple):
    """How one institution's line is drawn: colour, dash and marker symbol."""

    color: str
    dash: str = "solid"
    symbol: str = "circle"


UNIVERSE_LIMIT = 3 * len(
    INSTITUTION_PALETTE
)  # colours are assigned over all institutions (see below) when there are at most this many


def institution_styles(institution_ids: Sequence[str], among: Sequence[str] = ()) -> dict[str, Style]:
    """The style of each institution shown together, derived from the institution, not from list position.

    Each institution takes the palette colour its id hashes to; when two hash to the same colour, the one whose id
    sorts first keeps it and the other takes the next colour free. Only when every colour is taken do lines share a
    colour, and then never a (colour, dash, marker) style. `among`: every institution the viewer could select (at
    most UNIVERSE_LIMIT; ignored beyond): the colours are first settled over all of them, so that removing an
    institution from the selection does not hand its colour to another (with up to 10 institutions each keeps one
    colour whatever is selected; beyond that, one changes only where it would share a colour with one shown).
    """
    ids = sorted(dict.fromkeys(institution_ids))
    universe = sorted(set(ids) | set(among))
    if among and len(universe) <= UNIVERSE_LIMIT:
        settled = _settle(universe, _slot)
        chosen = _settle(ids, lambda i: settled[i][0])
    else:
        chosen = _settle(ids, _slot)
    return {
        i: Style(
            INSTITUTION_PALETTE[slot],
            INSTITUTION_DASHES[variant % len(INSTITUTION_DASHES)],
            INSTITUTION_SYMBOLS[(variant // len(INSTITUTION_DASHES)) % len(INSTITUTION_SYMBOLS)],
        )
        for i, (slot, variant) in chosen.items()
    }


def _settle(ids: list[str], wanted) -> dict[str, tuple[int, int]]:
    """(palette slot, variant) per id (sorted): first everyone whose wanted slot no one before it has claimed keeps
    it; then the rest, each the next colour free (then the next free dash, marker)."""
    n_colors = len(INSTITUTION_PALETTE)
    taken: set[tuple[int, int]] = set()
    chosen: dict[str, tuple[int, int]] = {}
    for institution_id in ids:
        slot = wanted(institution_id)
        if (slot, 0) not in taken:
            taken.add((slot, 0))
            chosen[institution_id] = (slot, 0)
    for institution_id in ids:
        if institution_id in chosen:
            continue
        start, variant = wanted(institution_id), 0
        while True:
            free = [
                (start + k) % n_colors
                for k in range(n_colors)
                if ((start + k) % n_colors, variant) not in taken
            ]
            if free:
                break
            variant += 1
        taken.add((free[0], variant))
        chosen[institution_id] = (free[0], variant)
    return {i: chosen[i] for i in ids}


def institution_colors(institution_ids: Sequence[str], among: Sequence[str] = ()) -> dict[str, str]:
    """The colour of each institution shown together (see `institution_styles`)."""
    return {i: style.color for i, style in institution_styles(institution_ids, among).items()}


MODE_ZH: dict[str, str] = {
    "onsite": "现场述职",
    "written": "书面述职",
    "oral": "口头述职",
    "field_visit": "实地述职",
    "online": "线上述职",
}
# on site stands out; the other modes are quieter
MODE_COLORS: dict[str, str] = {
    "onsite": "#D55E00",
    "written": "#BFD7EA",
    "oral": "#56B4E9",
    "field_visit": "#CC79A7",
    "online": "#009E73",
}
LEVEL_ZH: dict[str, str] = {
    "province": "省级",
    "institution": "校级",
    "secondary_unit": "二级单位",
    "hospital_internal": "医院内部",
    "non_university_org": "非高校",
    "unclear": "不明",
}

# ---------------------------------------------------------------- English versions (dashboard.i18n switches)

UNIT_TYPE_EN: dict[str, str] = {
    "affiliated_hospital": "affiliated hospital",
    "college": "college",
    "branch": "branch",
    "administrative": "administrative",
}
GRADE_EN: dict[str, str] = {
    "good": "good",
    "fairly_good": "fairly good",
    "average": "average",
    "poor": "poor",
}
METRIC_EN: dict[str, str] = {
    "score": "mean score",
    "good_rate": "good rate (share of 'good' votes)",
    "positive_rate": "positive rate (share of 'good' + 'fairly good' votes)",
    "share_good": "share of units graded 'good'",
}
METRIC_SHORT_EN: dict[str, str] = {
    "score": "mean score",
    "good_rate": "good rate",
    "positive_rate": "positive rate",
    "share_good": "share of 'good' units",
}
METRIC_MEANING_EN: dict[str, str] = {
    "score": "Mean score: each unit's votes are turned into points under its scheme (vote-weighted mean), then "
    "averaged over units, each unit counting once.",
    "good_rate": "Good rate: each unit's 'good' votes as a share of graded votes (good + fairly good + average + "
    "poor, abstentions excluded), then averaged over units, each unit counting once.",
    "positive_rate": "Positive rate: each unit's 'good' and 'fairly good' votes as a share of graded votes "
    "(abstentions excluded), then averaged over units, each unit counting once.",
    "share_good": "Share of 'good' units: units whose final grade is 'good' ÷ units with a grade (the official "
    "grade where the Party committee gave one, else computed from the scheme's thresholds).",
}
MODE_EN: dict[str, str] = {
    "onsite": "on site",
    "written": "written",
    "oral": "oral",
    "field_visit": "field visit",
    "online": "online",
}
LEVEL_EN: dict[str, str] = {
    "province": "province",
    "institution": "institution",
    "secondary_unit": "secondary unit",
    "hospital_internal": "hospital internal",
    "non_university_org": "non-university",
    "unclear": "unclear",
}

_BY_LANG: dict[str, dict[str, dict[str, str]]] = {
    "unit_type": {"zh": UNIT_TYPE_ZH, "en": UNIT_TYPE_EN},
    "grade": {"zh": GRADE_ZH, "en": GRADE_EN},
    "metric": {"zh": METRIC_ZH, "en": METRIC_EN},
    "metric_short": {"zh": METRIC_SHORT, "en": METRIC_SHORT_EN},
    "metric_meaning": {"zh": METRIC_MEANING, "en": METRIC_MEANING_EN},
    "mode": {"zh": MODE_ZH, "en": MODE_EN},
    "level": {"zh": LEVEL_ZH, "en": LEVEL_EN},
}


def names(kind: str, lang: str = "zh") -> dict[str, str]:
    """code → label of a kind (unit_type, grade, metric, metric_short, metric_meaning, mode, level) in `lang`."""
    table = _BY_LANG[kind]
    return table.get(lang, table["zh"])


def label(kind: str, code: str | None, lang: str = "zh", default: str | None = None) -> str | None:
    """The label of one code; `default` (else the code itself) when the code is unknown."""
    if code is None:
        return default
    return names(kind, lang).get(code, code if default is None else default)


# the organisation level as the data spells it (etl.normalize.ORG_LEVELS); other spellings are shown as they are
ORG_LEVEL_EN: dict[str, str] = {
    "党委": "Party committee",
    "分党委": "sub-committee",
    "党工委": "working committee",
    "党总支": "general branch",
    "党支部": "Party branch",
    "直属党支部": "directly affiliated branch",
}


def org_level(text: str | None, lang: str = "zh") -> str | None:
    """An org_level value in `lang` (known levels only; anything else is data and stays as it is)."""
    if text is None or lang != "en":
        return text
    return ORG_LEVEL_EN.get(text, text)
