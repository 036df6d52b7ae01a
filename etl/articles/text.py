"""Text preparation for the article extractor: HTML to text, script and width, sentences, dates, years."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from etl.normalize import clean_text
from etl.numerals import NUMERAL, parse_int

# ---------------------------------------------------------------- Chinese numerals (the shared parser)

NUM = NUMERAL


def cn_to_int(text: str) -> int | None:
    """'26' → 26, '二十六' → 26, '两' → 2, '十' → 10, '一百零五' → 105; anything inexact or unknown → None."""
    return parse_int(text)


# ---------------------------------------------------------------- text preparation


class _TextOnly(HTMLParser):
    _BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "ul",
        "ol",
        "dd",
        "dt",
        "title",
    }
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


def undouble_suffix(name: str) -> str:
    """A body's kind written twice at the end of its name (青禾职业学院学院, 松岭大学大学) is a slip: the name once."""
    return re.sub(r"(大学|学院|学校|医院)\1+$", r"\1", name)


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
_TAIL = re.compile(
    r"^(上一篇|下一篇|上一条|下一条|上篇|下篇|相关新闻|相关文章|相关阅读|推荐阅读|热点新闻|相关链接|打印本页|关闭窗口)"
)

# a line of running prose (a sentence of some length ended): the article has begun
_BODY_LINE = re.compile(r"[^\n]{24,}[。!?！？]")


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


# mirror noise: pinyin glosses after characters (書(shū)記), doubled or stray punctuation (,, ,、 ,。)
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňḿ?]{1,7}\))+")
_STRAY = re.compile(r"[,，](?=[,，、。;；!?！？])")


# pictographs and dingbats (🎉, 👍, ☆) carry nothing a reader reads
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]")


# a site editor's warning left where a pair of brackets was (20个支部未配对的括号或引号!总支未配对的括号或引号!)
_EDITOR_WARNING = re.compile(r"未配对的括号或引号[!！]?")


def denoise(line: str) -> str:
    """A line without the noise spam mirrors and site editors add to a page (the characters themselves are kept)."""
    return _STRAY.sub("", _PINYIN.sub("", _EMOJI.sub("", _EDITOR_WARNING.sub("", line))))


_GAP_INSIDE_LEFT = re.compile(
    r"(?:[,，、;；]|(?<![\d-])(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号](?:上午|下午|晚上|晚)?|上午|下午)$"
)
_GAP_INSIDE_RIGHT = re.compile(r"[,，、;；。]")
# what follows a gap as a new field of a byline or a notice (来源:…, 地点:…)
_GAP_RIGHT_LABEL = re.compile(
    r"[\u4e00-\u9fff]{1,6}[::]|来源|作者|发布|点击|浏览|编辑|审核|责任|阅读|供稿|摄影|通讯员|记者"
)


_DATE_SPACES_BEFORE = re.compile(r"(?<=\d)[ \t\u3000\xa0]+(?=[年月日号])")
_DATE_SPACES_AFTER = re.compile(r"(?<=\d[年月])[ \t\u3000\xa0]+(?=\d)")


# what ends a line of prose that was not wrapped: a sentence's or a heading's end
_LINE_END = re.compile(r"[。!?！？:：;；”\"’)）】》」』]\s*$")


def unwrap(text: str) -> str:
    """Text wrapped at a fixed width (copied from a PDF, a fax or a mirror that breaks lines) with its lines joined
    again: when many lines are about as long as the longest and most of those end mid-sentence, a line that long
    ending mid-sentence goes on in the next one. Text whose lines are paragraphs is returned as it is."""
    lines = re.split(r"\r\n|\r|\n", text)
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) >= 12)
    if len(lengths) < 4:
        return text
    width = lengths[int(len(lengths) * 0.9)]
    wide = [line for line in lines if len(line.strip()) >= width * 0.8]
    cut = [line for line in wide if not _LINE_END.search(line)]
    if len(cut) < 3 or len(cut) * 10 < len(wide) * 6 or len(wide) * 4 < len(lengths) or width > 120:
        return text
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and line.strip() and not _ITEM_START.match(line.strip()):
            out[-1] += line.strip()
        else:
            out.append(line)
        stripped = out[-1].strip()
        joining = len(line.strip()) >= width * 0.8 and not _LINE_END.search(stripped)
    return "\n".join(out)


# a line that opens an item of a list or a field of a notice (1. …, (二)…, 一、…, 时间:…): never the rest of a line
_ITEM_START = re.compile(
    r"(?:\d{1,2}[.、．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|[\u4e00-\u9fff]{2,4}[:：])"
)


def _prepare(text: str) -> _Doc:
    lines: list[str] = []
    for raw_line in re.split(r"\r\n|\r|\n", unwrap(text)):
        raw_line = denoise(unicodedata.normalize("NFKC", raw_line))
        # a date typeset with spaces around its digits (12 月 13 日) is one date, not a layout gap
        raw_line = _DATE_SPACES_AFTER.sub("", _DATE_SPACES_BEFORE.sub("", raw_line))
        # a run of spaces in Chinese news is a layout gap (byline, caption) — unless it only follows a comma or a
        # date, or comes before a comma, inside a sentence (1月9日上午, 学校…; 1月9日 学院党委召开…)
        pieces = [p for p in re.split(r"[\s\u3000\xa0]+", unicodedata.normalize("NFKC", raw_line)) if p]
        for k, piece in enumerate(pieces):
            if (
                k
                and _GAP_INSIDE_LEFT.search(pieces[k - 1])
                and not _GAP_RIGHT_LABEL.match(piece)
                # a byline's full date before a site name stays apart; before a meeting held it is the sentence's
                and ("年" not in pieces[k - 1] or re.search(r"召开|举行|举办|开展|组织|在", piece))
            ):
                lines[-1] += piece
            elif k and _GAP_INSIDE_RIGHT.match(piece):
                lines[-1] += piece
            elif (
                k
                and re.search(r"[,，]", lines[-1])
                and not re.search(r"[。!?！？:：]$", lines[-1])
                and not _GAP_RIGHT_LABEL.match(piece)
                and re.match(r"[\u4e00-\u9fff\d]", piece)
            ):
                lines[-1] += piece  # 会上,6位 党支部书记进行了述职: a sentence already begun goes on
            else:
                lines.append(piece)
    kept: list[str] = []
    body = False  # a sentence of the article read: a navigation line from now on ends it
    for line in lines:
        if _TAIL.match(clean_text(line)):
            if body:
                break
            continue  # 打印本页 / 关闭窗口 of a toolbar above the article: not its end
        kept.append(line)
        body = body or bool(_BODY_LINE.search(line))
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

_CN_MONTH = r"十[一二]?|[一二三四五六七八九元]"
_CN_DAY = r"[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九]"
# a date as written: 2024年1月9日, 1月9号, 二〇二四年一月十日, 一月十日; or with its digits run together (20231215日)
_DATE = re.compile(
    r"(?<![\d〇零一二三四五六七八九十])(?:(?:(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年)?"
    # the 日 dropped before the time of day (2022年2月23上午) is still that day
    r"(?P<m>\d{1,2}|" + _CN_MONTH + r")月(?P<d>\d{1,2}|" + _CN_DAY + r")(?:[日号]|(?=上午|下午|晚上|中午))"
    r"|(?P<cy>20\d{2})(?P<cm>[01]\d)(?P<cd>[0-3]\d)日"
    # the 月 lost (a mirror's or an editor's slip): 125日 is 1月25日 or 12月5日, 33日 is 3月3日 — read with context
    r"|(?<![\d年月第/.\-])(?P<rd>\d{3,4}|3[2-9]|[4-9]\d)日)"
)
# the end of a span of days that starts at a date (1月11日—2月6日, 30日至31日)
_RANGE_END = re.compile(r"^(?:[—\-~～至到]|－)+(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})[日号]")


def run_together(digits: str) -> list[tuple[int, int]]:
    """The (month, day) a run of digits with its 月 lost can be: '125' → [(1, 25), (12, 5)], '33' → [(3, 3)]."""
    found = []
    for cut in (1, 2):
        month, day = digits[:cut], digits[cut:]
        if (
            month.startswith("0")
            or not 1 <= len(day) <= 2
            or (len(day) == 2 and day.startswith("0") and cut == 1)
        ):
            continue
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            found.append((int(month), int(day)))
    return found


def ymd(m: re.Match) -> tuple[int | None, int, int]:
    """(year or None, month, day) of a _DATE match, whichever numerals it is written in (for digits run
    together with the 月 lost, the first reading: see run_together)."""
    if m.groupdict().get("rd"):
        readings = run_together(m["rd"])
        return (None, *readings[0]) if readings else (None, 0, 0)
    if m.groupdict().get("cy"):
        return int(m["cy"]), int(m["cm"]), int(m["cd"])
    y = parse_int(m["y"]) if m["y"] else None
    month = 1 if m["m"] == "元" else parse_int(m["m"]) or 0  # 元月 is January
    return y, month, parse_int(m["d"]) or 0


# a date that tells when a document was issued, not when the meeting was held
_ISSUED = re.compile(
    r"^[^,，。]{0,6}?(?:印发|下发|发布|出台|制定|公布|发出)|^[^,，。]{0,10}?的(?:通知|方案|文件)"
)


def meeting_date_in(text: str, start: int, end: int) -> re.Match | None:
    """The date in text[start:end] that the meeting was held: the first one that is not a document's date
    (为落实2023年11月5日印发的方案,1月10日…召开)."""
    first = None
    for m in _DATE.finditer(text, start, end):
        if _FROM_OR_BY.match(text, m.end()):
            continue  # 3月20日起 starts a campaign, 12月4日前 is a deadline: neither is the meeting's day
        if text[m.end() : m.end() + 1] in ("电", "讯"):
            continue  # 某某新闻网3月2日电: the dispatch's date, not the meeting's
        first = first or m
        clause = text[start : m.start()].replace("，", ",").rpartition(",")[2]
        if _CITING.match(clause) and _DATE.search(text, m.end(), end):
            continue  # 为落实2023年12月20日党委常委会精神,1月9日…召开: the date of what is cited
        if not _ISSUED.search(text[m.end() : m.end() + 14]):
            return m
    return first


# a clause that gives the ground or the purpose of the meeting (为落实…, 根据…, 按照…)
_CITING = re.compile(r"^\s*(?:为了?|根据|按照|依据|依照|遵照|落实|贯彻|结合)")


# a date that starts a period or sets a deadline (3月20日起, 自…开始, 12月4日前, 1月5日之前, 截至…)
_FROM_OR_BY = re.compile(r"(?:\(星期.\)|[上下]午|晚)?(?:起|开始|以来|前(?![后夕])|之前|以前|止|为止|截止)")


def is_span(text: str, m: re.Match) -> bool:
    """Whether the date at m starts a span of three days or more (1月11日—2月6日: several meetings over weeks;
    1月26日至28日: a training course with the reports in it; no one meeting date); a two-day meeting
    (12月30日至31日) is not a span."""
    r = _RANGE_END.match(text[m.end() : m.end() + 16])
    if not r or m.groupdict().get("rd"):
        return False
    y, month, day = ymd(m)
    month2 = int(r["m"]) if r["m"] else month
    if not 1 <= month2 <= 12 or not 1 <= month <= 12:
        return True
    days = (month2 - month) % 12 * 30 + int(r["d"]) - day
    return days >= 2 or days < 0


_PUB = re.compile(
    r"(?:发布时间|发布日期|发表时间|发稿时间|更新时间|日期|时间)[::]?\n?(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})"
)
# a date alone on a line (under a signature), also in Chinese numerals (二〇二四年一月三日)
_PUB_LINE = re.compile(
    r"^[\[(【]?(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})[-/.年](?P<m>\d{1,2}|" + _CN_MONTH + r")[-/.月]"
    r"(?P<d>\d{1,2}|" + _CN_DAY + r")日?[\])】]?$",
    re.M,
)


# a newspaper's dateline: a full date with its time of day, the source after it (2021年04月20日08:35  来源:某日报)
_DATELINE = re.compile(
    r"^[^\n]{0,20}?(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?\s*\d{1,2}:\d{2}(?::\d{2})?\s*"
    r"(?:来源|作者|编辑|责任编辑)",
    re.M,
)


def _iso_of(m: re.Match) -> str | None:
    """The ISO date of a match with y, m, d groups in any numerals."""
    g = m.groupdict()
    if g.get("cy"):
        g = {"y": g["cy"], "m": g["cm"], "d": g["cd"]}
    y, month, day = parse_int(g["y"]), parse_int(g["m"]), parse_int(g["d"])
    return _iso(y, month, day) if None not in (y, month, day) else None


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


# a notice announcing a meeting: its 时间: line (or 定于…) is the meeting, its document date the publication
_NOTICE = re.compile(
    r"^[^\n]{0,60}通知$|特此通知|通知如下|现将[^。\n]{0,12}通知"
    # a title 关于召开…的通知 inside a line (a mirror's breadcrumbs, a long title), but not a notice cited (《…》)
    r"|(?<![《“\"])关于(?:召开|举行|举办|组织召开)[^。\n《》“”]{2,80}?的通知(?![》”\"])",
    re.M,
)
_NOTICE_TIME = re.compile(
    # 时间:…, 时间和地点:…
    r"(?:(?<![发布更新发表稿])时间(?:[和与及、]地点)?(?:[::]|\n)|定于)\s*(?:(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]"
    r"|(?P<cy>20\d{2})[-/.](?P<cm>\d{1,2})[-/.](?P<cd>\d{1,2})(?!\d))"  # 时间:2025-01-08 14:30
)
_BYLINE = re.compile(
    r"(?:发布时间|发布日期|发表时间|发稿时间|更新时间|日期)[::]?\n?(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})"
)


def is_notice(doc: _Doc) -> bool:
    return bool(_NOTICE.search(doc.match[:3000]))


def notice_dates(doc: _Doc) -> tuple[re.Match | None, tuple[str | None, str | None]]:
    """For a notice: the match of its meeting time (时间:…, 定于…) and its publication date with evidence: a
    byline (日期:2026-01-06), else the date standing alone on a line (under the signature)."""
    meeting, byline_time = None, None
    for t in _NOTICE_TIME.finditer(doc.match):
        # the line and its neighbours (a byline's parts are split into lines at layout gaps)
        near = doc.match[max(0, t.start() - 12) : t.end() + 16]
        if re.search(r"作者|点击|来源|浏览|阅读|编辑|发布|审核", near):
            byline_time = byline_time or t  # a byline's time is when the notice was published
        elif meeting is None and (t["y"] or t["cy"] or not byline_time or t.start() > byline_time.end()):
            meeting = t
    m = _BYLINE.search(doc.match)
    if m is None:
        lines = list(_PUB_LINE.finditer(doc.match))
        m = lines[-1] if lines else byline_time
    if m is None:
        return meeting, (None, None)
    return meeting, (_iso_of(m), doc.d(m.start(), m.end()))


def _publication_date(doc: _Doc) -> tuple[str | None, str | None]:
    if is_notice(doc):
        return notice_dates(doc)[1]
    found = []
    for rx in (_PUB, _PUB_LINE, _DATELINE):
        m = rx.search(doc.match)
        if m:
            found.append(m)
    if not found:
        return None, None
    m = min(found, key=lambda x: x.start())
    iso = _iso_of(m)
    return iso, doc.d(m.start(), m.end())


# ---------------------------------------------------------------- the meeting sentence

# the appraisal's words, its named forms too (“双述双评”, “一述一评一测”)
_APPRAISAL = r"述职|测评|评议|述责|联评|双评|述评|考评|一述一评|一评一测"
_MEETING_NOUN = re.compile(r"(" + _APPRAISAL + r")[^。,，]{0,12}?(会议|大会|会|工作)")
_MEETING_WORD = re.compile(_APPRAISAL)
_MEETING_VERB = re.compile(r"召开|举行|开展|组织|进行")


# a meeting held (…述职评议会 召开/举行), as against a campaign carried out (开展…双述双评工作)
_HELD = re.compile(
    r"(?:召开|举行|举办)[^。]{0,40}?(?:" + _APPRAISAL + r")[^。,，]{0,12}?(?:会议|大会|会)(?!议室|场|前)"
    r"|(?:" + _APPRAISAL + r")[^。,，]{0,12}?(?:会议|大会|会)(?!议室|场)[^。]{0,20}?(?:召开|举行|举办)"
)


def _meeting_sentence(doc: _Doc) -> tuple[int, int] | None:
    """The sentence that dates the meeting: the first dated one that holds a 述职 meeting, else the first
    dated one that carries out the appraisal, else the first dated one that speaks of it."""
    first_with_date = None
    first_carried_out = None
    undated = False  # 近日,X召开…述职评议会: the meeting is told undated, a later dated sentence is not it
    for start, end in doc.sents:
        s = doc.match[start:end]
        if not _MEETING_WORD.search(s):
            continue
        if meeting_date_in(doc.match, start, end) is None:
            # no date, or only a period's start or a deadline (自3月20日开始, 12月4日前)
            undated = undated or bool(first_with_date is None and _RECENTLY.search(s) and _HELD.search(s))
            continue
        if _HELD.search(s):
            return start, end
        if _MEETING_NOUN.search(s) and _MEETING_VERB.search(s):
            first_carried_out = first_carried_out or (start, end)
        first_with_date = first_with_date or (start, end)
    if undated:
        first_carried_out = first_with_date = None
    if first_carried_out:
        return first_carried_out
    if first_with_date is None:
        for start, end in doc.sents:  # 会议于2024年1月9日在…举行, after a sentence that convened it
            if _MEETING_AT.match(doc.match[start:end].lstrip()):
                return start, end
    return first_with_date


_RECENTLY = re.compile(r"近日|日前|近期|前不久|不久前|最近")
_MEETING_AT = re.compile(
    r"^(?:本次|此次|这次)?(?:会议|大会|评议会|述职会|考核会)(?:于|在)?[^。,，]{0,4}?"
    r"(?:\d{4}年|\d{1,2}月|[〇零一二三四五六七八九十]{1,4}[年月])"
    # 1月9日下午,会议在行政楼举行 — the date first, then the meeting held
    r"|^(?:\d{4}年)?\d{1,2}月\d{1,2}[日号][^。]{0,8}?[,，]?(?:本次|此次)?(?:会议|大会|评议会|述职会|考核会)"
    r"(?:在|于)[^。]{0,24}?(?:举行|召开)"
)


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


# ---------------------------------------------------------------- appraisal year

_YEAR_DU = re.compile(r"(?<![\d〇零一二三四五六七八九])(\d{4}|[〇零一二三四五六七八九]{4})年度")
_YEAR_ABOUT = re.compile(r"(?<!\d)(\d{4})年(?!\d{1,2}月)[^。,，;；]{0,40}?(述职|评议考核)")
# the year whose work was reported (汇报了2020年支部的主要工作), not next year's plans (2021年工作思路)
_YEAR_WORK = re.compile(
    r"(?:汇报|总结|回顾|报告)(?:了)?(?P<y>\d{4})年(?!\d{1,2}月)[^。,，;；]{0,12}?工作(?!计划|思路|打算|安排|设想|要点)"
    # a closing speech summing up the year: 书记总结表示:2020年,学院党委…
    r"|(?:总结|回顾|表示|指出)[^。,，]{0,8}?[::,，](?P<y2>\d{4})年[,，]"
    # the verb after the year: 对各自2020年主要工作进行总结
    r"|对(?:各自|本支部|支部|全年|过去)?(?:的)?(?P<y3>\d{4})年(?!\d{1,2}月)[^。,，;；]{0,10}?工作(?:情况)?进行(?:了)?"
    r"(?:总结|回顾|汇报)"
    # the year whose achievements were recognised: 肯定了各支部在2024年取得的成绩
    r"|(?P<y4>(?<!\d)\d{4})年(?:以来|来)?(?:所)?取得(?:了)?的(?:成绩|成效|进展)"
    # the year's work judged: 各单位2015年的党建工作均有较大的进步
    r"|(?P<y5>(?<!\d)\d{4})年的?(?:党建|支部|全年)?工作(?:均|都|总体)?(?:有|取得|得到)(?:了)?(?:较大|明显|长足|新的|一定)?的?(?:进步|提升|成效|成绩)"
)
# a year looked ahead to in a report (展望未来,表示2019年要…; 提出了2019年工作思路): the year after the one appraised
_YEAR_AHEAD = re.compile(
    r"(?:展望|表示|提出|明确|谋划)[^。;；]{0,20}?(?<!\d)(?P<y>\d{4})年(?!\d{1,2}月|度)"
    r"(?:要|将|的?工作(?:思路|计划|打算|设想|重点|目标))"
    # requirements set for the year ahead's work: 对2022年度党建工作提出了三点要求
    r"|(?:对|为|就)(?P<y2>(?<!\d)\d{4})年度?[^。,，;；]{0,8}?工作提出(?:了)?[^。,，]{0,6}?(?:要求|希望|意见)"
)


_PLAN_AFTER = re.compile(r"^(?:的)?[^。,，;；]{0,8}?(?:思路|计划|打算|安排|设想|要点|重点|目标|举措)")
_PLAN_BEFORE = re.compile(r"(?:谋划|部署|规划|安排|筹划|展望)(?:了|好)?$")


def _is_plan(s: str, m: re.Match) -> bool:
    after = _PLAN_AFTER.match(s[m.end() :])
    if after and re.search(r"述职|评议|考核|考评|测评", after.group()):
        after = (
            None  # 2025年度党支部考核工作安排: the arrangements of that year's appraisal, not a plan for it
        )
    return bool(after or _PLAN_BEFORE.search(s[max(0, m.start() - 4) : m.start()]))


def _cited(s: str, pos: int) -> bool:
    """Whether s[pos] is inside a cited document's title (《青禾大学2022年度…考核办法》)."""
    return s.count("《", 0, pos) > s.count("》", 0, pos)


def _year_du(doc: _Doc, span: tuple[int, int] | None, cited_ok: bool) -> tuple[int | None, str | None]:
    if span:
        sentence = doc.match[span[0] : span[1]]
        for m in _YEAR_DU.finditer(sentence):
            if (
                not _is_plan(sentence, m)
                and cn_to_int(m.group(1))
                and (cited_ok or not _cited(sentence, m.start()))
            ):
                return cn_to_int(m.group(1)), doc.sentence(span[0] + m.start())
    for start, end in doc.sents:
        s = doc.match[start:end]
        for m in _YEAR_DU.finditer(s):
            if _is_plan(s, m) or not cited_ok and _cited(s, m.start()):
                continue  # 谋划了2024年度工作思路, 部署2024年度…工作: next year's work, not the year appraised
            if cn_to_int(m.group(1)) and re.search(r"述职|评议|考核|考评|测评", s):
                return cn_to_int(m.group(1)), doc.sentence(start)
            break
    return None, None


def _season_year(doc: _Doc, span: tuple[int, int] | None) -> int | None:
    """The year appraised by the season of the meeting sentence's full date (October to June), if it has one."""
    dm = meeting_date_in(doc.match, span[0], span[1]) if span else None
    if dm is None or dm.groupdict().get("rd"):
        return None
    y, month, _ = ymd(dm)
    if y is None:
        return None
    return y - 1 if 1 <= month <= 6 else y if 10 <= month <= 12 else None


def _appraisal_year(doc: _Doc, span: tuple[int, int] | None) -> tuple[int | None, str | None]:
    # a 年度 the text states as its own comes before one in a cited document's title (《…2022年度…办法》)
    for cited_ok in (False, True):
        year, ev = _year_du(doc, span, cited_ok)
        if year is not None:
            season = _season_year(doc, span)
            title = doc.sentence(doc.sents[0][0]) if doc.sents else None
            if season is not None and season != year and ev not in (doc.sentence(span[0]), title):
                # a 年度 in passing (2020年度述职承诺的整改) that the meeting's full date rules out: a year's
                # appraisal is held from October of that year to June of the next
                return season, doc.sentence(span[0])
            return year, ev
    m = _YEAR_ABOUT.search(doc.match)
    if m:
        return int(m.group(1)), doc.sentence(m.start())
    for m in _YEAR_WORK.finditer(doc.match):
        if m["y2"]:  # a speech's year: what was done (形成了…), not what is to be done (将…, 要…)
            rest = doc.match[m.end() : doc.sent_at(m.start())[1]]
            if not re.search(r"了|取得", rest) or re.search(r"将|要|力争|计划|努力", rest):
                continue
        return int(m["y"] or m["y2"] or m["y3"] or m["y4"] or m["y5"]), doc.sentence(m.start())
    m = _YEAR_AHEAD.search(doc.match)
    if m:
        return int(m["y"] or m["y2"]) - 1, doc.sentence(m.start())
    return None, None


def _infer_year(
    month: int, day: int, appraisal_year: int | None, pub: str | None, *, announced: bool = False
) -> int | None:
    """The year of a month-day date: from the year appraised (its meeting is held October to June), else the
    publication date's — the nearest year before it for a report, after it for a notice that announces."""
    if appraisal_year is not None:
        if 1 <= month <= 6:
            return appraisal_year + 1
        if 10 <= month <= 12:
            return appraisal_year
    if pub:
        py, pm, pd = (int(x) for x in pub.split("-"))
        if announced:
            return py if (month, day) >= (pm, pd) else py + 1
        return py if (month, day) <= (pm, pd) else py - 1
    return None
