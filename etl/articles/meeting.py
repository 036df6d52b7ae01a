"""Who convened the meeting, at what level, and which institution it names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.articles.text import _Doc
from etl.normalize import clean_text

# ---------------------------------------------------------------- convener, institution, level

_LEAD = re.compile(
    r"^(?:(?:根据|按照|为了?|在|由|经|近日|日前|近期|今天|昨天|当天|会上|会议上|随后|此外|同时|\d{4}年)?"
    r"(?:\d{1,2}月\d{1,2}[日号](?:和\d{1,2}月\d{1,2}[日号])?)?(?:上午|下午|晚上|晚|早上)?"
    r"(?:\d{1,2}[时点](?:\d{1,2}分)?|[一二三四五六七八九十]+点半?)?)+"
)
_PRONOUN = re.compile(r"^(我校|我院|本校|本院|该院|该校|全校|学校|学院|医院|机关|校)(?=党委|党总支|\d|召开|举行|开展|于|在|各|[\u4e00-\u9fff])")
_ORG = re.compile(
    r"^(?P<tok>[\u4e00-\u9fff()]{2,30}?(?:大学|学院|医院|学校|中学|小学|研究院|医学部|学部|书院|机关|系|工委|教育厅|教委|教育局|公司|集团))"
    r"(?P<lvl>党委|党总支|党工委|分党委|直属党支部|党支部)?"
    r"(?=各|\d|年度|于|在|召开|举行|开展|组织|对|主办|$)"
)
_K12 = re.compile(r"高中|初中|小学|义教|中学|幼儿园|中职")
_COMPANY = re.compile(r"公司|集团|局|街道|社区|县委|区委")


@dataclass
class _Convener:
    disp: str
    match: str
    pronoun: bool
    start: int


def _convener(doc: _Doc, span: tuple[int, int] | None) -> _Convener | None:
    if span is None:
        return None
    start, end = span
    pos = start
    for clause in re.split(r"([,，;；:：])", doc.match[start:end]):
        if clause in ",，;；:：":
            pos += len(clause)
            continue
        lead = _LEAD.match(clause)
        skip = lead.end() if lead else 0
        body = clause[skip:]
        has_verb = bool(re.search(r"召开|举行|开展|组织", body))
        p = _PRONOUN.match(body)
        if p and has_verb:
            a = pos + skip
            return _Convener(doc.d(a, a + p.end()), p.group(1), True, a)
        m = _ORG.match(body)
        if m and (has_verb or body[m.end():].startswith("于")):
            a = pos + skip
            return _Convener(doc.d(a, a + m.end("tok")), m.group("tok"), False, a)
        pos += len(clause)
    return None


_REP_PROVINCE = re.compile(r"高校党委书记|各高校|全省高校|全市高校|全区高校|高校党组织书记|各校党委书记")
_REP_INSTITUTION = re.compile(r"基层党组织|二级党组织|院级党组织|院\(?系\)?级|各单位党委|基层党委|二级党委|各学院|各院系|院系党组织")
_REP_BRANCH = re.compile(r"党支部书记|支部书记|党总支书记")
_SECONDARY_END = re.compile(r"(学院|系|学部|医学部|研究院|书院|机关|中心|部)$")


def _level(conv: _Convener | None, reporters: str, units: list[str] | None) -> str:
    tok = conv.match if conv else ""
    if re.search(r"(工委|教育厅|教委|教育局)$", tok) or _REP_PROVINCE.search(reporters):
        return "province"
    k12_units = sum(1 for u in units or [] if _K12.search(clean_text(u)))
    if _K12.search(tok) or k12_units >= 2 or (tok and not conv.pronoun and _COMPANY.search(tok)):
        return "non_university_org"
    if "医院" in tok and not tok.endswith("大学"):
        return "hospital_internal"
    if "大学" in tok:
        rest = tok[tok.rindex("大学") + 2:]
        return "secondary_unit" if rest and _SECONDARY_END.search(rest) else "institution"
    if conv and conv.pronoun and tok in ("我校", "本校", "全校", "学校", "校", "该校"):
        return "institution"
    if tok and (_SECONDARY_END.search(tok) or tok in ("我院", "本院", "学院", "该院")):
        if tok.endswith("学院") or tok in ("我院", "本院", "学院", "该院"):
            if _REP_INSTITUTION.search(reporters):
                return "institution"
            if re.search(r"党支部书记|支部书记", reporters):
                return "secondary_unit"
            return "institution" if conv.pronoun else "unclear"
        return "secondary_unit"
    if _REP_INSTITUTION.search(reporters):
        return "institution"
    return "unclear"


def _institution(conv: _Convener | None, level: str) -> str | None:
    if conv is None:
        return None
    if conv.pronoun:
        return None
    tok = conv.disp
    simple = conv.match
    if level == "hospital_internal":
        return tok
    if "大学" in simple:
        return tok[: simple.rindex("大学") + 2]
    if level in ("institution", "province", "non_university_org"):
        return tok
    return None


