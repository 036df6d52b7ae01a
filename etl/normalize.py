"""Normalises what people write: header names, unit names (org-level suffixes, traditional script), unit types."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

from warehouse.vocabulary import MAP_FIELDS

# ---------------------------------------------------------------- text


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def clean_text(value: str) -> str:
    """NFKC (full-width → half-width), traditional → simplified, whitespace removed inside, trimmed.
    Cached: the same names and labels repeat on every row."""
    text = unicodedata.normalize("NFKC", value)
    text = _t2s().convert(text)
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- headers


def _load_vocabulary() -> dict[str, tuple[str, ...]]:
    """etl/headers.toml: field → accepted header names (the vocabulary as data, docs/inputs.md)."""
    import tomllib
    from importlib import resources

    text = (resources.files("etl") / "headers.toml").read_text(encoding="utf-8")
    return {field: tuple(names) for field, names in tomllib.loads(text)["fields"].items()}


HEADER_ALIASES: dict[str, tuple[str, ...]] = _load_vocabulary()
TABLE_FIELDS = MAP_FIELDS  # the fields a ratings table's column can be mapped to (warehouse.vocabulary)

# words on a header band that say "the grades below" rather than naming a rater group
BAND_WORDS: tuple[str, ...] = (
    "测评结果",
    "测评情况",
    "评议结果",
    "评议情况",
    "投票情况",
    "得票情况",
    "票数",
    "测评票数",
    "民主测评",
    "评价等次",
    "测评等次",
    "等次",
    "评价",
    "结果",
)

_BRACKETED = re.compile(r"[(\[【（].*?[)\]】）]")


def header_key(raw: str) -> str:
    """What a header is matched on: NFKC, simplified, lower case, no spaces, bracketed suffixes dropped."""
    text = clean_text(raw).lower()
    text = _BRACKETED.sub("", text)
    return text.strip(":：*").replace("-", "_")


_HEADER_LOOKUP: dict[str, str] = {
    header_key(alias): field for field, aliases in HEADER_ALIASES.items() for alias in aliases
}


def canonical_header(raw: str | None) -> str | None:
    """The canonical field a header names, or None when it is not one Pingyi knows."""
    if raw is None:
        return None
    return field_of_key(header_key(raw))


def field_of_key(key: str) -> str | None:
    """The canonical field a header key (header_key's result) names, or None."""
    return _HEADER_LOOKUP.get(key)


# ---------------------------------------------------------------- codes

GRADE_LABELS: dict[str, str] = {
    "好": "good",
    "优秀": "good",
    "good": "good",
    "较好": "fairly_good",
    "良好": "fairly_good",
    "fairly_good": "fairly_good",
    "fairlygood": "fairly_good",
    "一般": "average",
    "合格": "average",
    "average": "average",
    "差": "poor",
    "较差": "poor",
    "不合格": "poor",
    "poor": "poor",
    # the other four-level scales offices publish, each mapped by its place in its own scale (docs/inputs.md):
    # 优秀/良好/合格/不合格 (above), 优秀/称职/基本称职/不称职 and 优秀/合格/基本合格/不合格 (grade_labels_for)
    "称职": "fairly_good",
    "基本称职": "average",
    "不称职": "poor",
    "基本合格": "average",
}
# in the 优秀/合格/基本合格/不合格 scale 合格 is the second grade, not the third: a column that uses 基本合格 (and
# not 良好, which would make 合格 the third of five) is read with this table
QUALIFIED_SCALE_LABELS: dict[str, str] = {**GRADE_LABELS, "合格": "fairly_good"}
GRADE_ZH: dict[str, str] = {"good": "好", "fairly_good": "较好", "average": "一般", "poor": "差"}

MODE_LABELS: dict[str, str] = {
    "现场": "onsite",
    "现场述职": "onsite",
    "onsite": "onsite",
    "on_site": "onsite",
    "书面": "written",
    "书面述职": "written",
    "written": "written",
    "口头": "oral",
    "口头述职": "oral",
    "oral": "oral",
    "实地": "field_visit",
    "实地调研": "field_visit",
    "实地述职": "field_visit",
    "field_visit": "field_visit",
    "线上": "online",
    "线上述职": "online",
    "网络": "online",
    "online": "online",
}

UNIT_TYPE_LABELS: dict[str, str] = {
    "附属医院": "affiliated_hospital",
    "医院": "affiliated_hospital",
    "临床医学院": "affiliated_hospital",
    "affiliated_hospital": "affiliated_hospital",
    "hospital": "affiliated_hospital",
    "学院": "college",
    "院系": "college",
    "教学单位": "college",
    "college": "college",
    "党支部": "branch",
    "直属党支部": "branch",
    "支部": "branch",
    "branch": "branch",
    "机关": "administrative",
    "机关部门": "administrative",
    "职能部门": "administrative",
    "直属单位": "administrative",
    "教辅单位": "administrative",
    "administrative": "administrative",
}


def code_for(value: str, table: dict[str, str]) -> str | None:
    key = clean_text(value).lower().replace(" ", "_")
    return table.get(key)


def grade_labels_for(labels) -> dict[str, str]:
    """The grade table for one column (or one scheme) holding `labels`: 合格 is the second grade where the
    column also uses 基本合格 without 良好 (优秀/合格/基本合格/不合格), else the third (优秀/良好/合格/不合格)."""
    keys = {clean_text(v) for v in labels if v}
    return QUALIFIED_SCALE_LABELS if "基本合格" in keys and "良好" not in keys else GRADE_LABELS


# ---------------------------------------------------------------- unit names

ORG_LEVELS: tuple[str, ...] = ("直属党支部", "党总支", "分党委", "党工委", "党支部", "党委")
_ORG_SUFFIX = re.compile(r"(直属党支部|党总支部?|分党委|党工委|党支部|党委)(委员会)?$")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})


def split_org_level(name: str) -> tuple[str, str | None]:
    """'马克思主义学院党总支' → ('马克思主义学院', '党总支'). Names that are only a branch keep their word."""
    base = clean_text(name).translate(_BRACKETS)
    match = _ORG_SUFFIX.search(base)
    if not match:
        return base, None
    level = match.group(1)
    level = "党总支" if level.startswith("党总支") else level
    stem = base[: match.start()]
    if not stem:
        return base, level
    # "学生第一党支部" keeps its word: the branch is the unit itself (so do 实验室党支部, 临床科室党支部: who the
    # members are, not an office that has a branch)
    if level in ("党支部", "直属党支部") and (not _BRANCH_HOST.search(stem) or _GENERIC_BRANCH.match(stem)):
        return base, level
    return stem, level


# what a branch is called after its members rather than after a host unit (学生第一党支部, 离退休党支部, …)
_GENERIC_BRANCH = re.compile(
    r"^(?:学生|教工|教师|教职工|研究生|本科生|博士生|硕士生|离退休|退休|离休|在职|实验室|临床科室|科室|医技|联合|"
    r"流动党员)(?:第?[一二三四五六七八九十\d]+)?$"
)
_BRANCH_HOST = re.compile(
    r"(学院|医院|系|学部|研究院|处|部|中心|馆|办公室|公司|集团|委员会|机关|校区|所|室|队|站|会)$"
)


def name_key(name: str) -> str:
    """Key for matching one unit's names across files and years: cleaned, suffix-free, brackets dropped."""
    stem, _level = split_org_level(name)
    return re.sub(r"[()（）\s·・,，、]", "", stem)


def stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}_{digest}"


def institution_id(name: str) -> str:
    return stable_id("i", clean_text(name))


def unit_id(institution: str, key: str) -> str:
    return stable_id("u", institution, key)


# ---------------------------------------------------------------- unit type inference

_HOSPITAL = re.compile(r"(医院|临床医学院|临床学院|卫生院|保健院|门诊部)")
_ADMIN = re.compile(
    r"(机关|保卫|派出所|后勤|图书馆|档案馆|博物馆|离退休|退休|资产|产业|公司|集团|出版社|研究生院|"
    r"处|部门|办公室|中心|信息化|基建|财务|审计|工会|团委|校友|期刊|学报|饭店|宾馆|服务|管理)"
)
_ADMIN_END = re.compile(r"((?<!干)部|处|办|室|馆|队|站|所)$")
_COLLEGE = re.compile(r"(学院|系|学部|研究院|书院|分校|学校)$")


def infer_unit_type(name: str) -> str:
    """affiliated_hospital · college · branch · administrative, by rule from a unit's name.

    Order (docs/inputs.md): hospital words; a 党支部 of an administrative office is administrative, any other
    党支部 a branch; a teaching unit (学院/系/学部/研究院/书院) a college; office words administrative;
    anything else administrative.
    """
    stem, level = split_org_level(name)
    if _HOSPITAL.search(stem):
        return "affiliated_hospital"
    host = re.sub(r"(第?[一二三四五六七八九十\d]+)?(直属)?(党支部|支部)$", "", stem)
    is_branch = level in ("党支部", "直属党支部") or host != stem
    if is_branch and _GENERIC_BRANCH.match(host):
        return "branch"
    if is_branch:
        if host and not _COLLEGE.search(host) and (_ADMIN.search(host) or _ADMIN_END.search(host)):
            return "administrative"
        return "branch"
    if _COLLEGE.search(stem) and not _ADMIN.search(stem):
        return "college"
    if _COLLEGE.search(stem):
        return (
            "college"
            if stem.endswith(("学院", "系", "学部", "书院")) and "研究生院" not in stem
            else "administrative"
        )
    return "administrative"
