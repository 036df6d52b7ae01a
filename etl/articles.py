"""Reads a news item or notice about a 党组织书记抓基层党建工作述职评议 meeting and returns what it states, field by field, each with the sentence it came from."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from etl.normalize import clean_text, infer_unit_type

FIELDS: tuple[str, ...] = (
    "institution", "meeting_level", "appraisal_year", "meeting_date", "meeting_date_inferred",
    "onsite_count", "written_count", "total_units", "onsite_units", "unit_types", "rating_scale",
    "ballot_weights", "rater_groups", "chair", "publication_date",
)
# the fields compared with hand-made labels (label files name unit types differently: not compared)
SCORED_FIELDS: tuple[str, ...] = (
    "institution", "meeting_level", "appraisal_year", "meeting_date", "meeting_date_inferred",
    "onsite_count", "written_count", "total_units", "onsite_units", "rating_scale", "ballot_weights",
    "rater_groups", "chair",
)
MEETING_LEVELS: tuple[str, ...] = (
    "province", "institution", "secondary_unit", "hospital_internal", "non_university_org", "unclear",
)

# ---------------------------------------------------------------- Chinese numerals

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"(?:\d+|[零〇一二两三四五六七八九十百千]+)"


def cn_to_int(text: str) -> int | None:
    """'26' → 26, '二十六' → 26, '两' → 2, '十' → 10, '一百零五' → 105; anything inexact or unknown → None."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:  # 二〇二三 style: digit by digit
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[ch] != 0:
                return None  # two digits in a row with no unit: not a number
            digit = _CN_DIGITS[ch] if _CN_DIGITS[ch] != 0 else None
        else:
            unit = _CN_UNITS[ch]
            total += (digit if digit is not None else 1) * unit
            digit = None
    return total + (digit or 0)


# ---------------------------------------------------------------- text preparation


class _TextOnly(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "header", "footer", "table", "ul", "ol", "dd", "dt", "title"}
    _SKIP = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


# lines from which on the page is no longer the article (navigation to other items)
_TAIL = re.compile(r"^(上一篇|下一篇|上一条|下一条|上篇|下篇|相关新闻|相关文章|相关阅读|推荐阅读|热点新闻|相关链接|打印本页|关闭窗口)")


@dataclass
class _Doc:
    disp: str  # NFKC, whitespace turned into line breaks, script as written
    match: str  # same length: simplified script, for matching
    sents: list[tuple[int, int]]

    def d(self, start: int, end: int) -> str:
        return self.disp[start:end]

    def sent_at(self, pos: int) -> tuple[int, int]:
        for start, end in self.sents:
            if start <= pos < end:
                return start, end
        return pos, pos

    def sentence(self, pos: int) -> str:
        start, end = self.sent_at(pos)
        return self.disp[start:end].strip()


def _prepare(text: str) -> _Doc:
    lines: list[str] = []
    for raw_line in re.split(r"\r\n|\r|\n", text):
        # a run of spaces in Chinese news is a layout gap (byline, caption), never inside a sentence
        for piece in re.split(r"[\s\u3000\xa0]+", unicodedata.normalize("NFKC", raw_line)):
            if piece:
                lines.append(piece)
    kept: list[str] = []
    for line in lines:
        if _TAIL.match(clean_text(line)) and kept:
            break
        kept.append(line)
    disp = "\n".join(kept)
    match_lines = []
    for line in kept:
        simple = clean_text(line)
        if len(simple) != len(line):  # keep positions aligned: convert char by char
            simple = "".join(c2 if len(c2 := clean_text(ch)) == 1 else ch for ch in line)
        match_lines.append(simple)
    match = "\n".join(match_lines)
    sents = []
    start = 0
    for m in re.finditer(r"[。!?！？\n|]", match):
        if m.end() - start > 1:
            sents.append((start, m.end()))
        start = m.end()
    if start < len(match):
        sents.append((start, len(match)))
    return _Doc(disp, match, sents)


# ---------------------------------------------------------------- dates

_DATE = re.compile(r"(?<!\d)(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
_PUB = re.compile(
    r"(?:发布时间|发布日期|发表时间|发稿时间|更新时间|日期|时间)[::]?\n?(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})"
)
_PUB_LINE = re.compile(r"^(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?$", re.M)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


_URL_DATE = re.compile(r"(?:/t|/)(?P<y>20\d{2})(?:/|-)?(?P<m>[01]\d)(?:/|-)?(?P<d>[0-3]\d)(?=[/_.\-])")


def _date_in_url(source: str) -> str | None:
    """A date stamped in a news page's address (…/t20180109_…, …/2023/0313/…), if the source is one."""
    if not re.match(r"https?://", source):
        return None
    m = _URL_DATE.search(source)
    return _iso(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def _publication_date(doc: _Doc) -> tuple[str | None, str | None]:
    found = []
    for rx in (_PUB, _PUB_LINE):
        m = rx.search(doc.match)
        if m:
            found.append(m)
    if not found:
        return None, None
    m = min(found, key=lambda x: x.start())
    iso = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
    return iso, doc.d(m.start(), m.end())


# ---------------------------------------------------------------- the meeting sentence

_MEETING_NOUN = re.compile(r"(述职|测评|评议|述责)[^。,，]{0,12}?(会议|大会|会|工作)")
_MEETING_VERB = re.compile(r"召开|举行|开展|组织|进行")


def _meeting_sentence(doc: _Doc) -> tuple[int, int] | None:
    first_with_date = None
    for start, end in doc.sents:
        s = doc.match[start:end]
        if not _DATE.search(s) or "述职" not in s and "测评" not in s and "评议" not in s:
            continue
        if _MEETING_NOUN.search(s) and _MEETING_VERB.search(s):
            return start, end
        first_with_date = first_with_date or (start, end)
    return first_with_date


def _title_sentence(doc: _Doc) -> tuple[int, int] | None:
    """Without a dated meeting sentence: the first sentence that convenes one, else the first about 书记 述职."""
    for start, end in doc.sents:
        s = doc.match[start:end]
        if _MEETING_NOUN.search(s) and re.search(r"召开|举行|开展", s) and "述职" in s:
            return start, end
    for start, end in doc.sents:
        s = doc.match[start:end]
        if "述职" in s and ("书记" in s or "负责人" in s):
            return start, end
    return None


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


# ---------------------------------------------------------------- counts

_NOT_SECRETARY = re.compile(r"干部|班子|院长|主任|处长|科长|(?<!党组织)负责人|系\(|教师|党员(?!干部)")
_COUNT = re.compile(
    r"(?P<chain>(?:" + NUM + r"[个名位所家][\u4e00-\u9fff()]{1,20}?(?:[、和及与]|等))*)"
    r"(?P<n>" + NUM + r")(?P<cls>[个名位所家])"
    r"(?P<np>[^。;；,，\d]{0,25}?)(?P<head>书记|党组织负责人|二级党组织|党组织|单位|党委|党总支|党支部)"
    r"(?P<mid>[^。;；,，\d]{0,40}?)(?P<mode>现场述职|书面述职|线上述职|述职|汇报|书面材料)"
)
_ONSITE_AFTER = re.compile(r"现场述职的(?:是)?(?P<n>" + NUM + r")[位名个所家]")
_ONSITE_LIST = re.compile(
    r"现场述职的(?P<np>[^。;；,，]{0,15}?)(?:是|为|有|包括)(?P<list>[^。;；]{2,200}?)(?:共|合计|计)(?P<n>" + NUM + r")[位名个所家]"
)
_MODE_COUNT = re.compile(r"(?P<mode>现场|书面)述职(?:的)?(?:单位|党组织|书记)?(?:有|共|为)?(?P<n>" + NUM + r")[个名位所家]")
_TOTAL = re.compile(
    r"(?:全校|全院|共有|共计|合计|总计)[^。,，;；]{0,6}?(?P<n>" + NUM + r")[个名位所家]"
    r"(?P<np>[^。,，;；\d]{0,10}?)(?:二级党组织|党组织|基层党组织|党委|党总支|党支部)"
)
_ELLIPTIC = re.compile(r"[,，;；](?:另有|另)?(?P<n>" + NUM + r")[名个位](?:进行|作)了?(?P<mode>现场|书面)述职")
_ALL_ONLINE = re.compile(r"(采用|采取|实行|通过)(线上|网络)述职|(线上|网络)述职(的)?方式")


@dataclass
class _Counts:
    onsite: int | None = None
    written: int | None = None
    total: int | None = None
    onsite_ev: str | None = None
    written_ev: str | None = None
    total_ev: str | None = None
    onsite_pos: int | None = None
    written_rest: bool = False


def _num_sum(chain: str, n: str) -> int | None:
    values = [cn_to_int(x) for x in re.findall(NUM + r"(?=[个名位所家])", chain)] + [cn_to_int(n)]
    if any(v is None for v in values):
        return None
    return sum(values)


def _counts(doc: _Doc) -> _Counts:
    c = _Counts()
    text = doc.match
    weak_onsite: list[tuple[int, int]] = []
    for m in _COUNT.finditer(text):
        np, mid, mode = m["np"], m["mid"], m["mode"]
        if _NOT_SECRETARY.search(np + m["head"]):
            continue
        if m["head"] in ("单位", "党组织", "二级党组织", "党委", "党总支", "党支部") and not re.search(
            r"书记|现场|书面", mid + mode
        ):
            continue
        if re.search(r"未|没有|不再", mid):
            continue
        value = _num_sum(m["chain"], m["n"])
        if value is None:
            continue
        rest = text[max(0, m.start() - 2): m.start()] in ("其余", "其他", "另外")
        tail = text[m.end(): m.end() + 2]
        if "线上" in mode:
            continue
        if "书面" in mode + mid or "提交" in mid:
            if c.written is None:
                c.written, c.written_ev, c.written_rest = value, doc.sentence(m.start()), rest
        elif "现场" in mode + mid:
            if c.onsite is None or c.onsite_pos is None:
                c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(m.start()), m.start()
        elif tail.startswith(("评议", "考核", "测评")) or re.search(r"参加|参与|全部|均", mid):
            if c.total is None:
                c.total, c.total_ev = value, doc.sentence(m.start())
        else:
            weak_onsite.append((value, m.start()))
    for rx in (_ONSITE_LIST, _ONSITE_AFTER):
        for m in rx.finditer(text):
            value = cn_to_int(m["n"])
            if value is not None and c.onsite is None:
                c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(m.start()), m.start()
    for m in _MODE_COUNT.finditer(text):
        value = cn_to_int(m["n"])
        if value is None:
            continue
        if m["mode"] == "现场" and c.onsite is None:
            c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(m.start()), m.start()
        if m["mode"] == "书面" and c.written is None:
            c.written, c.written_ev = value, doc.sentence(m.start())
    for m in _ELLIPTIC.finditer(text):
        value = cn_to_int(m["n"])
        if value is None or "书记" not in text[slice(*doc.sent_at(m.start()))]:
            continue
        if m["mode"] == "现场" and c.onsite is None:
            c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(m.start()), m.start()
        if m["mode"] == "书面" and c.written is None:
            c.written, c.written_ev = value, doc.sentence(m.start())
    if c.onsite is None and weak_onsite:
        value, pos = weak_onsite[0]
        c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(pos), pos
    if c.onsite is None and "现场" not in text:
        m = _ALL_ONLINE.search(text)
        if m:
            c.onsite, c.onsite_ev = 0, doc.sentence(m.start())
    if c.total is None:
        m = _TOTAL.search(text)
        after = text[m.end(): m.end() + 10] if m else ""
        if m and not _NOT_SECRETARY.search(m["np"]) and cn_to_int(m["n"]) is not None and not re.search(
            r"现场|书面|线上", after
        ):
            c.total, c.total_ev = cn_to_int(m["n"]), doc.sentence(m.start())
    if c.total is None and c.onsite is not None and c.written is not None:
        c.total = c.onsite + c.written
        c.total_ev = c.written_ev if c.written_ev == c.onsite_ev else f"{c.onsite_ev} … {c.written_ev}"
    return c


# ---------------------------------------------------------------- units reporting on site

_UNIT_END = re.compile(
    r"(党委|党总支|总支|党支部|支部|党工委|分党委|大学|学院|系|学部|研究院|书院|医院|中心|处|部|所|馆|室|办|学校|机关|校区|公司|队|站|\))$"
)
_LIST_LEAD = re.compile(r"^(?:会上|会议上|随后|首先|其后|接着|本次|此次|其中|来自|由|包括|分别是|分别为|依次是)+")
_PERSON = r"[^\W\d_a-zA-Z党委校院会部处组抓述职评议召举的了对和与及各]{2,3}"
_CAPTION = re.compile(
    r"^(?P<u>[\u4e00-\u9fff\d()]{2,24}?(?:党委|党总支|党支部|总支|支部))(?:副)?书记" + _PERSON
    + r"(?:同志)?(?:进行|作)?(?:了)?(?:现场)?述职(?:报告|汇报)?$"
)


def _split_units(doc: _Doc, start: int, end: int) -> list[str] | None:
    """Names in an enumeration (A党委、B党总支和C党支部) as written, or None when they are not all unit names."""
    seg = doc.match[start:end]
    lead = _LIST_LEAD.match(seg)
    offset = start + (lead.end() if lead else 0)
    seg = doc.match[offset:end]
    pieces: list[tuple[int, int]] = []
    last = 0
    for m in re.finditer(r"、|和|及|与|以及", seg):
        left = seg[last: m.start()]
        if m.group() == "、" or _UNIT_END.search(re.sub(r"书记$", "", left)):
            pieces.append((last, m.start()))
            last = m.end()
    pieces.append((last, len(seg)))
    names = []
    for a, b in pieces:
        s = seg[a:b]
        s2 = re.sub(r"(的)?(副)?书记$", "", s)
        b = a + len(s2)
        if not s2 or not _UNIT_END.search(s2) or len(s2) < 3 or re.search(NUM + r"[个名位所家]", s2):
            return None
        names.append(doc.d(offset + a, offset + b))
    return names or None


def _onsite_units(doc: _Doc, counts: _Counts) -> tuple[list[str] | None, str | None]:
    text = doc.match
    for m in _COUNT.finditer(text):
        if text[m.start() - 1: m.start()] == "等" and "书面" not in m["mode"] + m["mid"] and "等" not in m["chain"]:
            if _NOT_SECRETARY.search(m["np"] + m["head"]):
                continue
            s_start, _ = doc.sent_at(m.start())
            clause_start = max([s_start, *(i + 1 for i in range(s_start, m.start()) if text[i] in ",，;；:：")])
            names = _split_units(doc, clause_start, m.start() - 1)
            if names:
                return names, doc.sentence(m.start())
    for m in re.finditer(r"等(?:单位|部门|学院)?(?:的)?(?:二级党组织|党组织|党委)?(?:的)?书记[^。,，;；\d]{0,10}?现场述职", text):
        s_start, _ = doc.sent_at(m.start())
        clause_start = max([s_start, *(i + 1 for i in range(s_start, m.start()) if text[i] in ",，;；:：")])
        names = _split_units(doc, clause_start, m.start())
        if names:
            return names, doc.sentence(m.start())
    m = _ONSITE_LIST.search(text)
    if m:
        names = _split_units(doc, m.start("list"), m.end("list"))
        if names:
            return names, doc.sentence(m.start())
    captions, ev = [], None
    for start, end in doc.sents:
        cm = _CAPTION.match(text[start:end].strip())
        if cm:
            captions.append(doc.d(start + cm.start("u"), start + cm.end("u")))
            ev = ev or doc.sentence(start)
    if captions:
        return captions, ev
    return None, None


# ---------------------------------------------------------------- appraisal year

_YEAR_DU = re.compile(r"(?<![\d〇零一二三四五六七八九])(\d{4}|[〇零一二三四五六七八九]{4})年度")
_YEAR_ABOUT = re.compile(r"(?<!\d)(\d{4})年(?!\d{1,2}月)[^。,，;；]{0,40}?(述职|评议考核)")


def _appraisal_year(doc: _Doc, span: tuple[int, int] | None) -> tuple[int | None, str | None]:
    if span:
        m = _YEAR_DU.search(doc.match, span[0], span[1])
        if m and cn_to_int(m.group(1)):
            return cn_to_int(m.group(1)), doc.sentence(m.start())
    for start, end in doc.sents:
        s = doc.match[start:end]
        m = _YEAR_DU.search(s)
        if m and cn_to_int(m.group(1)) and re.search(r"述职|评议|考核", s):
            return cn_to_int(m.group(1)), doc.sentence(start)
    m = _YEAR_ABOUT.search(doc.match)
    if m:
        return int(m.group(1)), doc.sentence(m.start())
    return None, None


def _infer_year(month: int, day: int, appraisal_year: int | None, pub: str | None) -> int | None:
    if appraisal_year is not None:
        if 1 <= month <= 6:
            return appraisal_year + 1
        if 10 <= month <= 12:
            return appraisal_year
    if pub:
        py, pm, pd = (int(x) for x in pub.split("-"))
        return py if (month, day) <= (pm, pd) else py - 1
    return None


# ---------------------------------------------------------------- rating scale

_GRADE = r"(?:基本合格|不合格|基本称职|不称职|较好|较差|一般|优秀|良好|合格|称职|好|差)"
_SCALE = re.compile(
    r"(?P<items>[“\"「『']?" + _GRADE + r"[”\"」』']?(?:(?:[、,，/]|(?<=[”\"」』'])|(?=[“\"「『']))[“\"「『']?" + _GRADE
    + r"[”\"」』']?){2,})"
)
_SCALE_CONTEXT = re.compile(r"档次|等次|等级|个档|评价|测评|评定|评议|投票|打分|分为")
_SCORE = re.compile(r"百分制|满分(?:为|是)?\d+分|\d+分制|评分表|量化打分|量化评分")


def _rating_scale(doc: _Doc) -> tuple[list[str] | str | None, str | None]:
    for m in _SCALE.finditer(doc.match):
        sentence = doc.match[slice(*doc.sent_at(m.start()))]
        if not _SCALE_CONTEXT.search(sentence):
            continue
        offs = m.start("items")
        grades = [doc.d(offs + g.start(), offs + g.end()) for g in re.finditer(_GRADE, m["items"])]
        if len(set(clean_text(g) for g in grades)) == len(grades) >= 3:
            return grades, doc.sentence(m.start())
    m = _SCORE.search(doc.match)
    if m:
        return "score", doc.sentence(m.start())
    return None, None


# ---------------------------------------------------------------- ballot weights

_W = r"(?:(?P<pct>\d{1,3}(?:\.\d+)?)\s*%|百分之(?P<cnpct>[一二三四五六七八九十]+)|(?P<frac>0?\.\d+))"
_GROUP = r"(?:[A-Za-z甲乙丙丁]类?票|[\u4e00-\u9fff()]{2,20}?)"
_WEIGHT_ONE = re.compile(
    r"(?:^|(?<=[,，;；:：。(（、\n]))(?:其中)?(?P<g>" + _GROUP + r")(?:的)?(?:评价|测评|评议|投票|打分|评分)?(?:结果|得分)?"
    r"(?:所占)?(?:权重|比例|比重)?(?:为|占|按)(?:比例|权重|比重)?(?:为)?" + _W
)
_WEIGHT_TICKET = re.compile(
    r"(?P<g>[A-Za-z甲乙丙丁]类?票)(?:(?![A-Za-z甲乙丙丁]类?票)[^。;；%])" + r"{0,30}?(?:占|权重为?|按)(?:比例|权重|比重)?(?:为)?" + _W
)
_WEIGHT_SPREAD = re.compile(
    r"(?P<gs>(?:[A-Za-z甲乙丙丁]类?票[、和与及])+[A-Za-z甲乙丙丁]类?票)[^。;；]{0,12}?分别(?:占|为|按)?(?:权重|比例)?(?:为)?"
    r"(?P<ws>(?:\d{1,3}(?:\.\d+)?%[、和与及,，]\s*)+\d{1,3}(?:\.\d+)?%)"
)


def _weight_value(m: re.Match) -> float | None:
    if m["pct"]:
        return round(float(m["pct"]) / 100, 4)
    if m["cnpct"]:
        v = cn_to_int(m["cnpct"])
        return None if v is None else round(v / 100, 4)
    if m["frac"]:
        return round(float(m["frac"]), 4)
    return None


def _ballot_weights(doc: _Doc) -> tuple[dict[str, float] | None, str | None]:
    weights: dict[str, float] = {}
    ev: list[str] = []
    for m in _WEIGHT_SPREAD.finditer(doc.match):
        groups = re.findall(r"[A-Za-z甲乙丙丁]类?票", m["gs"])
        values = [round(float(x) / 100, 4) for x in re.findall(r"\d{1,3}(?:\.\d+)?(?=%)", m["ws"])]
        if len(groups) == len(values):
            weights.update(dict(zip(groups, values, strict=True)))
            ev.append(doc.sentence(m.start()))
    for m in _WEIGHT_TICKET.finditer(doc.match):
        value = _weight_value(m)
        if value is not None and 0 < value <= 1:
            weights.setdefault(doc.d(m.start("g"), m.end("g")), value)
            if (sentence := doc.sentence(m.start())) not in ev:
                ev.append(sentence)
    for m in _WEIGHT_ONE.finditer(doc.match):
        g = m["g"]
        if not re.fullmatch(r"[A-Za-z甲乙丙丁]类?票", g):
            if not re.search(r"评价|测评|评议|投票|票|代表|委员|成员|人员|书记|群众|领导", m.group(0)):
                continue
            if re.search(r"\d|满分|得分|分值|合计|总分", g):
                continue
        value = _weight_value(m)
        if value is None or not 0 < value <= 1:
            continue
        name = doc.d(m.start("g"), m.end("g"))
        weights.setdefault(name, value)
        sentence = doc.sentence(m.start())
        if sentence not in ev:
            ev.append(sentence)
    if not weights:
        return None, None
    return weights, " … ".join(ev)


# ---------------------------------------------------------------- rater groups

_ROLE_END = re.compile(
    r"(书记|成员|代表|负责人|同志|组织员|督导员|副职|干部|人员|委员|群众|领导|教师|学生|职工|党员|评委|班子|主任|院长|校长|专家|组长|员)\)?$"
)
_ATTENDEES = re.compile(r"^(?P<list>.{4,}?)(?:等)?(?:参加|出席|列席)(?:了)?(?:本次|此次)?[^,，。]{0,10}?(?:会议|评议会|述职会|大会|会)[。!]?$")
_RATING = re.compile(
    r"(?P<pre>[^,，。;；]{0,40}?)对[^。]{0,50}?(?:进行|作|开展)(?:了)?[^。,，]{0,8}?(?:民主评议|民主测评|测评|评议|评价|打分|投票)"
)
_PRONOUN_RATERS = re.compile(r"(全体与会人员|与会人员|参会人员|全体参会人员|与会同志|评委)")
_COMPOSED = re.compile(r"(?:分别)?由(?P<list>[^。]{4,200}?)(?:组成|构成)")
_OUTLINE_HEAD = re.compile(r"^[一二三四五六七八九十]+[、.](?:考核|评议|测评)*(?:评议|测评|考核)(?:成员|主体|人员|对象与主体)")


def _split_groups(doc: _Doc, start: int, end: int) -> list[str]:
    seg = doc.match[start:end]
    lead = re.match(r"^(?:会议邀请|邀请|此外|另外|同时|该院|该校|参加人员有|参加人员为|参会人员有)", seg)
    if lead:
        start += lead.end()
        seg = doc.match[start:end]
    parts: list[tuple[int, int]] = []
    last = 0
    depth = 0
    for i, ch in enumerate(seg):
        if ch in "((":
            depth += 1
        elif ch in "))":
            depth = max(0, depth - 1)
        elif ch in ",，、;；" and depth == 0:
            parts.append((last, i))
            last = i + 1
    parts.append((last, len(seg)))
    groups: list[str] = []
    pending: int | None = None
    for a, b in parts:
        piece = seg[a:b]
        a0 = pending if pending is not None else a
        if _ROLE_END.search(re.sub(r"等$", "", piece)):
            raw = doc.d(start + a0, start + b)
            raw = re.sub(r"等$", "", raw)
            if raw:
                groups.append(raw)
            pending = None
        else:
            pending = a0
    if pending is not None:
        return []  # the enumeration does not end in a role: names of people, not groups
    return [g for g in groups if g]


def _attendee_list(doc: _Doc, idx: int) -> tuple[list[str] | None, str | None]:
    start, end = doc.sents[idx]
    s = doc.match[start:end].strip()
    m = _ATTENDEES.match(s)
    if not m:
        return None, None
    off = start + (len(doc.match[start:end]) - len(doc.match[start:end].lstrip()))
    groups = _split_groups(doc, off + m.start("list"), off + m.end("list"))
    return (groups or None), doc.sentence(start)


def _outline_groups(doc: _Doc) -> tuple[list[str] | None, str | None]:
    lines = doc.match.split("\n")
    disp_lines = doc.disp.split("\n")
    for i, line in enumerate(lines):
        if not _OUTLINE_HEAD.match(line):
            continue
        items: list[list] = []
        for j in range(i + 1, len(lines)):
            if re.match(r"^[一二三四五六七八九十]+[、.]", lines[j]):
                break
            m2 = re.match(r"^\d+[.、]\s*(.+)$", lines[j])
            m3 = re.match(r"^\((\d+)\)\s*(.+)$", lines[j])
            strip = lambda t: re.sub(r"[;；。:：]+$", "", t)  # noqa: E731
            if m2:
                items.append([strip(disp_lines[j][m2.start(1):]), []])
            elif m3 and items:
                items[-1][1].append(strip(disp_lines[j][m3.start(2):]))
        groups = [f"{head}({';'.join(sub)})" if sub else head for head, sub in items]
        if groups:
            return groups, "\n".join(disp_lines[i: i + 1])
    return None, None


def _rater_groups(doc: _Doc) -> tuple[list[str] | None, str | None]:
    for m in _COMPOSED.finditer(doc.match):
        sentence = doc.match[slice(*doc.sent_at(m.start()))]
        if re.search(r"评委|测评|评议|打分|投票|考核组|评议组", sentence):
            groups = _split_groups(doc, m.start("list"), m.end("list"))
            if len(groups) >= 2:
                return groups, doc.sentence(m.start())
    for idx, (start, end) in enumerate(doc.sents):
        s = doc.match[start:end]
        if "述职评议会" in s and "召开" in s and "对" not in s:
            continue
        m = _RATING.search(s)
        if not m or "点评" in m.group(0):
            continue
        pre = re.sub(r"(按|采取|采用|以|通过|依据|根据).*$", "", m["pre"])
        pre = re.sub(r"^(会议最后|最后|会后|随后|会上|会议述职结束后|述职结束后|现场述职结束后|并|同时|此外|由)+", "", pre)
        pre = re.sub(r"(均|分别|共同|认真)+$", "", pre)
        pre_pos = start + m.start("pre") + m["pre"].find(pre) if pre else None
        pron = _PRONOUN_RATERS.search(s)
        if not pre and pron:
            pre, pre_pos = pron.group(1), start + pron.start(1)
        if pre and _PRONOUN_RATERS.fullmatch(pre) or pre == "":
            # a pronoun (与会人员) is explained by an attendee list in the very next sentence
            if idx + 1 < len(doc.sents):
                groups, _ = _attendee_list(doc, idx + 1)
                if groups:
                    return groups, doc.sentence(start) + " " + doc.sentence(doc.sents[idx + 1][0])
            if pre == "":
                found = [(_attendee_list(doc, j), j) for j in range(len(doc.sents))]
                found = [(g, e, j) for (g, e), j in found if g]
                if found:
                    # the widest list of attendees is the audience; leaders' and observers' lines are shorter
                    groups, e, _ = max(found, key=lambda x: (len(x[0]), x[2]))
                    return groups, doc.sentence(start) + " " + e
                continue
        if pre and 2 <= len(pre) <= 20 and _ROLE_END.search(pre) or (pre and re.search(r"小组|组$|委员会$", pre)):
            return [doc.d(pre_pos, pre_pos + len(pre))], doc.sentence(start)
    return _outline_groups(doc)


# ---------------------------------------------------------------- chair

_TITLES = (
    r"书记|校长|院长|主任|部长|处长|委员|主席|常委|组织员|馆长|所长|经理|董事长|组长|秘书长|负责人|理事长|局长|厅长|主委|厅长|司长"
)
_CHAIR_BY = re.compile(r"(?:会议|评议会|述职会|大会|会)(?:分别)?由(?P<x>[^。;；,，]{2,60}?)(?:共同|分别)?主持")
_CHAIR_ACT = re.compile(
    r"(?:^|(?<=[,，。;；\n]))(?P<x>[^,，。;；\n]{2,40}?)主持(?:了)?(?:本次|此次)?(?:会议|评议会|述职会|大会|述职评议会|会|召开)"
)
_NOT_NAME = re.compile(r"[党委校院会部处组领导班子成员书记代表全体各级单位学系本该此]")


def _chair(doc: _Doc) -> tuple[str | None, str | None]:
    for rx in (_CHAIR_BY, _CHAIR_ACT):
        for m in rx.finditer(doc.match):
            x, xs = m["x"], m.start("x")
            names = []
            for part in re.finditer(r"[^和及与、]+", x):
                titles = list(re.finditer(_TITLES, part.group()))
                name_start = part.start() + (titles[-1].end() if titles else 0)
                name = re.sub(r"同志$", "", x[name_start: part.end()])
                if 2 <= len(name) <= 4 and re.fullmatch(r"[\u4e00-\u9fff·]+", name) and not _NOT_NAME.search(name):
                    names.append(doc.d(xs + name_start, xs + name_start + len(name)))
            if names:
                return "、".join(names), doc.sentence(m.start("x"))
    return None, None


# ---------------------------------------------------------------- the extractor


def extract_article(text: str, *, publication_date: str | None = None, source: str | None = None) -> dict:
    """What a news item or notice about a 述职评议 meeting states, field by field; unsupported fields are None.

    `evidence` maps every non-null field to the sentence (as written) it came from. `publication_date` may
    be given by the caller (a crawl date); otherwise it is read from a byline in the page, if any.
    """
    doc = _prepare(text or "")
    out: dict = {field: None for field in FIELDS}
    ev: dict[str, str] = {}

    pub, pub_ev = (publication_date, "(given)") if publication_date else _publication_date(doc)
    if not pub and source:
        pub = _date_in_url(source)
        pub_ev = source if pub else None
    if pub:
        out["publication_date"], ev["publication_date"] = pub, pub_ev

    span = _meeting_sentence(doc)
    head_span = span or _title_sentence(doc)
    conv = _convener(doc, head_span)

    counts = _counts(doc)
    out["onsite_count"], out["written_count"], out["total_units"] = counts.onsite, counts.written, counts.total
    for field, e in (("onsite_count", counts.onsite_ev), ("written_count", counts.written_ev),
                     ("total_units", counts.total_ev)):
        if out[field] is not None:
            ev[field] = e

    units, units_ev = _onsite_units(doc, counts)
    if units:
        out["onsite_units"], ev["onsite_units"] = units, units_ev

    reporters = doc.match[slice(*head_span)] if head_span else ""
    level = _level(conv, reporters, units)
    if units and level != "province":  # unit types describe a university's own units, not whole institutions
        out["unit_types"], ev["unit_types"] = [infer_unit_type(u) for u in units], units_ev
    out["meeting_level"] = level
    ev["meeting_level"] = doc.sentence(head_span[0]) if head_span else ""
    inst = _institution(conv, level)
    if inst:
        out["institution"], ev["institution"] = inst, doc.sentence(conv.start)

    year, year_ev = _appraisal_year(doc, span)

    if span:
        dm = _DATE.search(doc.match, span[0], span[1])
        month, day = int(dm["m"]), int(dm["d"])
        if dm["y"]:
            iso = _iso(int(dm["y"]), month, day)
            inferred = False
        else:
            y = _infer_year(month, day, year, pub)
            iso = _iso(y, month, day) if y else None
            inferred = True
        if iso:
            out["meeting_date"], out["meeting_date_inferred"] = iso, inferred
            ev["meeting_date"] = ev["meeting_date_inferred"] = doc.sentence(dm.start())
            if year is None and (month <= 6 or month >= 10):
                year = int(iso[:4]) - 1 if month <= 6 else int(iso[:4])
                year_ev = doc.sentence(dm.start())
    if year is not None:
        out["appraisal_year"], ev["appraisal_year"] = year, year_ev

    for field, fn in (("rating_scale", _rating_scale), ("ballot_weights", _ballot_weights),
                      ("rater_groups", _rater_groups), ("chair", _chair)):
        value, e = fn(doc)
        if value:
            out[field], ev[field] = value, e

    out["evidence"] = {k: v for k, v in ev.items() if out.get(k) is not None}
    return out


def extract_article_file(path: Path) -> dict:
    """extract_article on a .txt, .html or .htm file (UTF-8, else GB18030)."""
    path = Path(path)
    text = _decode(path.read_bytes())
    if path.suffix.lower() in (".html", ".htm") or re.search(r"<(html|body|p|div)\b", text[:2000], re.I):
        text = html_to_text(text)
    return extract_article(text, source=str(path))


# ---------------------------------------------------------------- accuracy against hand-made labels


def _same(field: str, label, got) -> bool:
    if field == "ballot_weights" and isinstance(label, dict) and isinstance(got, dict):
        return label.keys() == got.keys() and all(abs(label[k] - got[k]) < 1e-6 for k in label)
    return label == got


def score_items(pairs: list[tuple[Path, dict]]) -> dict:
    """Field-level accuracy of extract_article_file over (folder, label item) pairs; null labels count."""
    per_field: dict[str, dict] = {f: {"correct": 0, "total": 0} for f in SCORED_FIELDS}
    details = []
    for folder, item in pairs:
        got = extract_article_file(Path(folder) / item["file"])
        misses = {}
        for field in SCORED_FIELDS:
            if field not in item:
                continue
            per_field[field]["total"] += 1
            if _same(field, item[field], got[field]):
                per_field[field]["correct"] += 1
            else:
                misses[field] = {"label": item[field], "got": got[field]}
        details.append({"file": item["file"], "misses": misses})
    correct = sum(v["correct"] for v in per_field.values())
    total = sum(v["total"] for v in per_field.values())
    for v in per_field.values():
        v["accuracy"] = v["correct"] / v["total"] if v["total"] else None
    return {"per_field": per_field, "correct": correct, "total": total,
            "accuracy": correct / total if total else None, "items": details}


def score_against_labels(labels_path: Path) -> dict:
    """Field-level accuracy of extract_article_file over a labels.json (files beside it); null labels count."""
    labels_path = Path(labels_path)
    items = json.loads(labels_path.read_text(encoding="utf-8"))
    return score_items([(labels_path.parent, item) for item in items])


def format_score(score: dict) -> str:
    rows = [f"{'field':<24}{'right':>7}{'of':>5}{'accuracy':>10}"]
    for field, v in score["per_field"].items():
        if v["total"]:
            rows.append(f"{field:<24}{v['correct']:>7}{v['total']:>5}{v['accuracy']:>10.0%}")
    rows.append(f"{'ALL':<24}{score['correct']:>7}{score['total']:>5}{score['accuracy']:>10.1%}")
    return "\n".join(rows)
