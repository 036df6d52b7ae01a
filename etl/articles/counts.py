"""How many units reported on site, in writing, and in all; which units reported on site."""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.articles.clauses import (
    _NOT_REPORTERS_NP,
    CLASS_AFTER,
    NAMED_AFTER,
    PLANNED_AFTER,
    RESULT_WORDS,
    STRUCTURE,
    UNIT_SEP_AFTER,
    WITH_OTHERS,
    all_listed_reporters,
    bodies_before,
    not_secretaries,
    person_pairs,
    planned_before,
    read_reporters,
    units_before,
    written_pairs,
)
from etl.articles.text import NUM, _Doc, cn_to_int
from etl.normalize import clean_text

# ---------------------------------------------------------------- counts

# the units named in the order they reported: 按照第一支部、第二支部、第三支部、行政支部的顺序依次进行述职
_IN_ORDER = re.compile(
    r"按(?:照)?(?P<list>[^。;；:：按]{4,200}?)(?=的?(?:先后)?顺序)的?(?:先后)?顺序(?:依次|先后|逐一|轮流)?"
    # …the reporters may be counted between (按照A、B、C的顺序,3个党支部书记依次述职)
    r"(?:[^。,，;；]{0,10}?|[,，][^。,，;；]{0,24}?)(?:述职|汇报)"
)
# the count first, then the list (4个党支部书记分别进行了述职,依次为A、B、C、D)
_COUNT_THEN_LIST = re.compile(
    r"(?P<n>" + NUM + r")[个名位所家][^。;；,，]{0,24}?(?:述职|汇报)[^。;；,，]{0,6}?[,，:：]"
    r"(?:依次|分别|先后)?(?:为|是|包括)[::]?(?P<list>[^。;；]{4,200}?)(?=[。;；]|$)"
)
# the units that reported, counted after the fact (8家述职单位, 12名述职书记, 6个述职党支部)
_REPORTED_UNITS = re.compile(
    r"(?<![\d第])(?P<n>"
    + NUM
    + r")(?:个|家|名|位)述职(?:的)?(?:单位|党组织|党支部|支部|党委|党总支|书记|同志)"
)

_NOT_SECRETARY = re.compile(r"干部|班子|院长|主任|处长|科长|(?<!党组织)负责人|系\(|教师|党员(?!干部)")
_COUNT = re.compile(
    r"(?P<chain>(?:"
    + NUM
    + r"[个名位所家](?:(?!述职|汇报|报告|发言)(?:[\u4e00-\u9fff]|\([\u4e00-\u9fff]{1,3}\))){1,20}?(?:[、和及与]|等|(?:(?<=书记)|(?<=党支部))(?=\d)))*)"
    r"(?P<n>" + NUM + r")(?P<cls>[个名位所家])"
    r"(?P<np>[^。;；,，\d]{0,25}?)(?P<head>书记|党组织负责人|二级党组织|党组织|单位|党委|党总支|党支部)"
    # what they spoke about may come between (围绕2023年度工作, 围绕“职责、成效和问题”等方面): a year, or a quoted
    # topic with its own commas, is part of that phrase
    r"(?P<mid>(?:[^。;；,，\d“”]|\d{4}年|“[^”。]{0,60}”){0,40}?)(?P<mode>现场述职|书面述职|线上述职|述职|汇报|书面材料)"
)
# 15个二级单位负责人: not the units' secretaries; 13名党支部书记和中层干部: secretaries and others, counted together
_NOUN_GOES_ON = re.compile(r"(?:领导)?(?:负责人|班子|干部)|" + WITH_OTHERS)
_ONSITE_AFTER = re.compile(r"现场述职的(?:是)?(?P<n>" + NUM + r")[位名个所家]")
_ONSITE_LIST = re.compile(
    r"现场述职的(?P<np>[^。;；,，]{0,15}?)(?:是|为|有|包括)(?P<list>[^。;；]{2,200}?)(?:共|合计|计)(?P<n>"
    + NUM
    + r")[位名个所家]"
)
# 现场述职的有:A党支部、B党支部。 — a list with no number after the mode
_ONSITE_NAMED = re.compile(
    r"现场述职的(?:单位|党组织|党支部|书记)?(?:有|是|为|包括)[::]?(?P<list>[^。;；\d]{4,200}?)(?=。|;|；|$)"
)
_MODE_COUNT = re.compile(
    r"(?P<mode>现场|书面|口头)述职(?:的)?(?:单位|党组织|书记)?(?:有|共|为)?(?P<n>" + NUM + r")[个名位所家人]"
    # 作述职的有9位书记, 进行述职的共9名: who reported, with no mode word (at the meeting: on site)
    r"|(?:作|进行|参加|登台|上台)(?:了)?述职的(?:单位|党组织|书记)?(?:有|共|为|是)(?P<n2>"
    + NUM
    + r")[个名位所家]"
)
_TOTAL = re.compile(
    r"(?:全校|全院|共有|共计|合计|总计)(?:(?!设)[^。,，;；]){0,6}?(?P<n>" + NUM + r")[个名位所家]"
    r"(?P<np>[^。,，;；\d]{0,10}?)(?:二级党组织|党组织|基层党组织|党委|党总支|党支部)"
)
_PART_OF = re.compile(
    r"(?P<n>"
    + NUM
    + r")(?:个|名|位|所)[^。,，;；\d]{0,8}?(?:党支部|党总支|党组织|党委|单位|书记|高校)中[,，]?(?:有|的)?(?P<part>"
    + NUM
    + r")(?:个|名|位|所)"
)
# branches named by ordinals sharing one head, their secretaries reporting (校第一、第二支部书记一一进行述职)
_ORDINALS_REPORTED = re.compile(
    r"(?<![\u4e00-\u9fff\d])(?:[\u4e00-\u9fff]{0,6}?)(?P<ords>第?[一二三四五六七八九十]{1,3}(?:[、和及与]第?[一二三四五六七八九十]{1,3})+)"
    r"(?:党支部|支部|党总支)(?:的)?(?:书记)[^。,，;；\d]{0,16}?(?P<mode>现场述职|书面述职|述职|汇报|报告)"
)
_NUMBERED_HEAD = re.compile(
    r"^[一二三四五六七八九十\d]*[、.]?(?:现场)?述职(?:单位|名单|人员|顺序|党组织|安排)[::]?$"
)
_NUMBERED_ITEM = re.compile(r"^(?:\d{1,2}[.、]|\(\d{1,2}\))(?P<u>[\u4e00-\u9fff()“”\d]{2,30})")


def numbered_units(doc: _Doc) -> tuple[list[str] | None, str | None]:
    """A notice's list under a heading (现场述职单位: 1.A党委 2.B党委 …): the units as written, in order."""
    lines, disp = doc.match.split("\n"), doc.disp.split("\n")
    for i, line in enumerate(lines):
        if not _NUMBERED_HEAD.match(line) or "书面" in line:
            continue
        units = []
        for j in range(i + 1, min(len(lines), i + 80)):
            m = _NUMBERED_ITEM.match(lines[j])
            if m is None:
                if units and re.match(r"^[一二三四五六七八九十]+[、.]", lines[j]):
                    break
                continue  # a secretary's name after a layout gap
            name = re.sub(r"(?:书记|党组织书记)$", "", m["u"])
            if not _UNIT_END.search(name):
                return None, None
            units.append(disp[j][m.start("u") : m.start("u") + len(name)])
        if len(units) >= 2:
            return units, disp[i]
    return None, None


# a notice's order of the reports (汇报顺序:A党支部、B党支部、C党支部): the units that report at the meeting
_ORDER_LIST = re.compile(
    r"(?:汇报|述职|发言)(?:的)?(?:先后)?顺序(?:为|是|如下)?[::。.\s]*(?P<list>[^。;；\n]{4,300}?)(?=[。;；\n]|$)"
)


def order_list(doc: _Doc) -> tuple[list[str] | None, str | None]:
    """The units in a stated order of reporting, as written (every piece a unit's name), or None."""
    for m in _ORDER_LIST.finditer(doc.match):
        if "书面" in m.group():
            continue
        names = _split_units(doc, m.start("list"), m.end("list"))
        if names and len(names) >= 2:
            return names, doc.sentence(m.start())
    return None, None


_SESSION = re.compile(
    r"(?:上午|下午|晚上|第[一二三四]组|第[一二三四]场|[一二三四]组|分会场[一二三四])[^,，。;；\d]{0,12}?(?P<n>"
    + NUM
    + r")(?:位|名|个)[^,，。;；]{0,16}?(?:现场述职|进行(?:了)?述职|述职|汇报)"
)
_NAME = r"[^\W\d_a-zA-Z党委校院会部处组抓述职评议召举的了对和与及各书记等位名]{2,3}"
# secretaries named after their title, with no count: (各)党支部书记甲、乙、丙(同志)依次…述职
_NAMES_AFTER_TITLE = re.compile(
    r"(?:各|全体|所有)?(?:党支部|支部|党总支|基层党组织|党组织)?书记(?P<names>"
    + _NAME
    + r"(?:、"
    + _NAME
    + r"){1,30})(?:同志)?(?=[,，]|依次|先后|分别|逐一|轮流|围绕|结合|紧扣|聚焦|就|从|作|做|进行|向|汇报|述职)"
    r"(?P<pred>[^。;；]{0,80}?(?:依次|先后|分别|逐一|轮流)?[^。;；]{0,40}?(?:述职|汇报))"
)
_REST_WROTE = re.compile(r"(?:其余|其他|剩余|余下)(?:的)?[^。,，;；\d]{0,12}?(?:书面述职|提交(?:了)?书面)")
_FROM_LIST = re.compile(
    r"来自(?P<list>[^。;；,，:：]{4,120}?)的(?P<n>" + NUM + r")[位名个](?P<rest>[^。;；]{0,30}?(?:述职|汇报))"
)
# the units heard, named, no number (会议听取了A党支部、B党支部、C党支部书记的现场述职)
_HEARD_LIST = re.compile(
    r"听取(?:了)?(?P<list>[^。;；,，:：]{4,200}?)(?:的)?(?:副)?书记(?:们)?(?:的)?(?:现场|口头)?(?:述职|汇报)"
)
_ELLIPTIC = re.compile(
    r"[,，;；](?:其中|另有|另外|其余|其他|另)?(?P<n>"
    + NUM
    + r")[名个位人](?:书记)?(?:进行|作|做|采用|采取|通过|以|提交|递交|报送)?了?(?P<mode>现场|书面|口头)(?:形式|方式)?(?:的方式|的形式)?(?:述职|汇报)"
)
# everyone appraised, counted: 此次评议共涉及32个基层党组织, 参评对象为20个党支部
_APPRAISED = re.compile(
    r"(?:评议|测评|考核|参评)(?:工作)?(?:共|共计)?(?:涉及|覆盖|包括|对象为|对象共|对象包括)(?:共|全校|全院)?(?P<n>"
    + NUM
    + r")(?:个|名|位|家|所)(?:[^。,，;；\d]{0,10}?)(?:党组织|党支部|党总支|党委|单位|书记)"
    # 述职评议对象共14人, 参评对象为12名: the people appraised, counted with no noun after
    # … and under a heading (述职对象\n学院全体党支部书记(共9人))
    r"|(?<!现场)(?<!书面)(?<!口头)(?:述职|评议|测评|考核|参评)对象(?:[::\n][^。;；\n]{0,30}?\n?[^。;；\n]{0,30}?(?:共|共计|合计)|(?:共|共计|为|是|有)+)"
    r"(?P<n2>" + NUM + r")(?:人|名|位|个)(?![\u4e00-\u9fff]{0,4}(?:现场|书面|述职))"
)
# a rank among everyone appraised: 在全省46所高职院校中排名第六 (a result, not a count of reporters)
_RANKED_AMONG = re.compile(
    r"在(?:全省|全市|全区|全国|全校|全院)?(?:参评的|参加评议的)?(?P<n>" + NUM + r")(?:所|个|家|位|名)"
    r"[^。,，;；\d]{0,12}?(?:高校|院校|学校|大学|学院|单位|党组织|党委|党总支|党支部|书记)(?:中|之中)[,，]?"
    r"(?:综合)?(?:排名|位列|名列|位居|排在|排第|居)"
)
# units named one by one right before a counted phrase of the same clause (机关党委和3个直属党支部进行书面述职)
_NAMED_BEFORE = re.compile(
    r"(?:^|(?<=[,，。;；:：\n]))(?:会上|随后|同时|此外|另外)?[,，]?(?P<units>(?:(?!各|其余|其他|全体|所有|全校|全院)"
    r"[\u4e00-\u9fff()]{2,16}?(?:党委|党总支|党支部|总支|支部)[、和及与])+)$"
)
_UNIT_SEP = re.compile(r"(?:党委|党总支|党支部|总支|支部)[、和及与]")  # between two named units
# a unit named alone in writing after a count on site (…等6位书记现场述职,离退休党支部书记进行书面述职)
_ONE_WROTE = re.compile(
    r"[,，;；](?P<units>(?:(?!各|其余|其他|全体|所有|部分|个别)[\u4e00-\u9fff()]{2,16}?(?:党委|党总支|党支部|总支|支部)"
    r"[、和及与])*(?!各|其余|其他|全体|所有|部分|个别)[\u4e00-\u9fff()]{2,16}?(?:党委|党总支|党支部|总支|支部))"
    r"(?:的)?(?:副)?书记(?:均)?(?:进行|作|做|提交|递交)?(?:了)?书面(?:述职|汇报)"
)
# 6位书记现场述职,其他13党支部书记书面述职: the rest counted, with or without its measure word (十余个: an amount)
_REST_COUNT = re.compile(
    r"(?:其余|其他|另外|另有)(?:的)?(?P<n>" + NUM + r")(?![年级届月日号余多来几])(?:[个名位所家])?"
    r"(?P<np>[^。;；,，\d]{0,20}?)(?:书记|党支部|支部|党总支|党委|党组织|单位|同志|高校|院校|(?<=[名位所家])(?=书面))"
    r"(?P<mid>[^。;；,，\d]{0,20}?)书面(?:述职|汇报|报告|材料|形式|方式)"
)
# a kind of secretary said to have written, not counted (对学生党支部书记采用书面述职的方式进行考核)
_KIND_WROTE = re.compile(
    r"(?P<kind>[\u4e00-\u9fff]{2})(?:党)?支部书记(?:均|都)?(?:采用|采取|以|通过|进行|作|提交)(?:了)?书面(?:述职|汇报|报告)"
)
_ALL_ONLINE = re.compile(r"(采用|采取|实行|通过)(线上|网络)述职|(线上|网络)述职(的)?方式")
# a notice where everyone reports in writing only (checked only when nothing is said about on site)
_ALL_WRITTEN = re.compile(
    r"(?:采用|采取|实行|通过|以)书面述职(?:的)?(?:方式|形式)|述职方式为书面"
    # every one of them wrote: 13个党支部书记均以书面形式进行了述职
    r"|(?:均|全部|一律|都)(?:以|采取|采用|通过)书面(?:的)?(?:形式|方式)"
)


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


_ORDINAL = r"第[一二三四五六七八九十\d]+"


def ordinals_in(name: str) -> int:
    """How many units one listed name stands for: 教师第一、第二党支部 is two (ordinals sharing their head), any
    other name one."""
    # 机关一、二、三支部: ordinals without 第 too
    m = re.search("(?:" + _ORDINAL + "、)+" + _ORDINAL + r"(?:党支部|支部|党总支|总支)$", name) or re.search(
        r"(?<![\d一二三四五六七八九十])(?:[一二三四五六七八九十]{1,2}、)+[一二三四五六七八九十]{1,2}(?:党支部|支部|党总支|总支)$",
        name,
    )
    return m.group().count("、") + 1 if m else 1


def _num_sum(chain: str, n: str) -> int | None:
    values = [cn_to_int(x) for x in re.findall(NUM + r"(?=[个名位所家])", chain)] + [cn_to_int(n)]
    if any(v is None for v in values):
        return None
    return sum(values)


def _counts(doc: _Doc) -> _Counts:
    c = _Counts()
    text = doc.match
    weak_onsite: list[tuple[int, int]] = []
    done: list[tuple[int, int]] = []
    all_wrote: tuple[int, str] | None = None
    for m in _COUNT.finditer(text):
        np, mid, mode = m["np"], m["mid"], m["mode"]
        # the noun goes on after its head (15个二级单位负责人围绕…): 负责人, 班子 there are no secretaries either
        if (
            not_secretaries(np + m["head"], "", _NOT_SECRETARY)
            or _NOT_REPORTERS_NP.search(np)
            or _NOUN_GOES_ON.match(mid)
        ):
            continue
        if re.search(r"只需|需要|须|应当|将于", mid) or PLANNED_AFTER.search(mid):
            continue  # a requirement or a plan, not a report that was made
        if planned_before(text[doc.sent_at(m.start())[0] : m.start()]):
            continue  # 会议要求,…; 下一步,学院将组织…
        # 五个党支部全部进行了述职: the units, all of them, reported (a unit counted with no mode is no reporter)
        if m["head"] in ("单位", "党组织", "二级党组织", "党委", "党总支", "党支部") and not re.search(
            r"书记|现场|书面|全部|均", mid + mode
        ):
            continue
        if re.search(r"未|没有|不再", mid):
            continue
        if re.match(
            r"(?:评议|考核|测评)?[^,，。;；]{0,6}?(?:" + RESULT_WORDS + ")", text[m.end() : m.end() + 14]
        ):
            continue  # 4个党支部书记在…述职评议中获评“好”等次: a result, not who reported
        value = _num_sum(m["chain"], m["n"])
        if value is None or text[max(0, m.start() - 1) : m.start()] in ("每", "第"):
            continue
        if CLASS_AFTER.match(mid):
            continue  # 3个教工党支部和各学生党支部…: a class joined to the count, the number not said
        if (after := NAMED_AFTER.match(mid)) and not re.search(
            NUM + r"[个名位所家]|来自|来源于", after.group() + np
        ):
            value += len(UNIT_SEP_AFTER.findall(after.group()))  # 7个A党支部和B党支部: one more
        if named := _NAMED_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            value += len(_UNIT_SEP.findall(named["units"]))  # 机关党委和3个直属党支部: one more each
        if re.search(r"(?:约|近|超过|逾|大约|将近)$", text[max(0, m.start("n") - 2) : m.start("n")]):
            continue  # 约20位: an amount, not a count
        if re.search(
            r"(?<![针相面绝反])对(?![象于照标接外话])[^。;；,，]{0,40}$",
            text[max(0, m.start() - 40) : m.start()],
        ):
            continue  # 对六位书记的述职进行点评: the reporters again (clauses.py reads 对… totals)
        rest = text[max(0, m.start() - 2) : m.start()] in ("其余", "其他", "另外")
        tail = text[m.end() : m.end() + 2]
        sentence = text[slice(*doc.sent_at(m.start()))]
        if (
            "线上" in mode
            or re.search(r"线上|网络|视频", mid)
            or (
                re.search(r"(?:线上|网络|视频)(?:述职|会议|方式|形式)", sentence) and "现场" not in mid + mode
            )
        ):
            continue  # reported online: neither on site nor in writing
        after = re.match(r"[^,，。;；]*", text[m.end() :]).group()
        if re.search("书面", after) and re.search("现场|口头|相结合", after) and "书面" not in mode + mid:
            if c.total is None:  # 15位书记述职采取书面述职和现场述职的形式: everyone, both modes
                c.total, c.total_ev = value, doc.sentence(m.start())
            continue
        if ("书面" in mode + mid or "提交" in mid) and re.search(
            r"(?:全体|全部|所有)(?:的)?$", text[max(0, m.start() - 3) : m.start()]
        ):
            all_wrote = all_wrote or (
                value,
                doc.sentence(m.start()),
            )  # 全体21个党支部的书面述职: everyone wrote
            continue
        if "书面" in mode + mid or "提交" in mid:
            if c.written is None:
                c.written, c.written_ev, c.written_rest = value, doc.sentence(m.start()), rest
        elif "现场" in mode + mid:
            if c.onsite is None or c.onsite_pos is None:
                c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(m.start()), m.start()
        elif (
            (tail.startswith(("评议", "考核", "测评")) and not re.search(r"对照|按照|围绕|根据|结合", mid))
            or re.search(r"全部|均", mid)
            or re.search(r"参加|参与", mid)
            and tail.startswith(("评议", "考核", "测评"))
        ):
            if c.total is None:
                c.total, c.total_ev = value, doc.sentence(m.start())
        elif re.match(r"(?:(?:工作)?(?:汇报|报告))?(?:结束|完毕)", tail + text[m.end() + 2 : m.end() + 6]):
            done.append((value, m.start()))  # 六位书记述职结束后: all who reported, counted once they had
        else:
            weak_onsite.append((value, m.start()))
    for rx in (_ONSITE_LIST, _ONSITE_AFTER):
        for m in rx.finditer(text):
            value = cn_to_int(m["n"])
            if value is not None and c.onsite is None:
                c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(m.start()), m.start()
    for m in _MODE_COUNT.finditer(text):
        value = cn_to_int(m["n"] or m["n2"])
        if value is None or planned_before(text[doc.sent_at(m.start())[0] : m.start()]):
            continue
        if m["mode"] in ("现场", "口头", None) and c.onsite is None:
            c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(m.start()), m.start()
        if m["mode"] == "书面" and c.written is None:
            c.written, c.written_ev = value, doc.sentence(m.start())
    for m in _ELLIPTIC.finditer(text):
        value = cn_to_int(m["n"])
        if value is None or not re.search(
            r"书记|党组织|党委|党总支|党支部|支部|单位", text[slice(*doc.sent_at(m.start()))]
        ):
            continue
        if m["mode"] in ("现场", "口头") and c.onsite is None:
            c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(m.start()), m.start()
        if m["mode"] == "书面" and c.written is None:
            c.written, c.written_ev = value, doc.sentence(m.start())
    if c.onsite is None and done and all(v <= done[0][0] for v, _ in weak_onsite):
        weak_onsite = done[:1]  # 四位…汇报, 两位…述职, 六位书记述职结束后: the count of all of them
    weak_onsite += done
    if c.onsite is None and weak_onsite:
        value, pos = weak_onsite[0]
        c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(pos), pos
    if c.onsite is not None and c.written is None:
        for m in _REST_COUNT.finditer(text):
            value = cn_to_int(m["n"])
            if value and not re.search(r"未|没有|将|需|要", m["mid"]):
                c.written, c.written_ev, c.written_rest = value, doc.sentence(m.start()), True
                break
    if c.onsite_pos is not None and c.written is None:
        s_end = doc.sent_at(c.onsite_pos)[1]
        one = _ONE_WROTE.search(text, c.onsite_pos, s_end)
        if one and not re.search(
            NUM + r"[个名位所家余多]|另有|另外", one["units"]
        ):  # 另有十余个党支部: an amount
            c.written = len(_UNIT_SEP.findall(one["units"])) + 1
            c.written_ev = doc.sentence(one.start())
    r = read_reporters(doc)
    written_all = r.written_all and r.written == c.written
    if r.written_sum and c.written is not None and r.written > c.written:
        c.written, c.written_ev = r.written, doc.sentence(r.written_pos)
    if c.onsite is None or c.written is None or c.total is None:
        if c.onsite is None and r.onsite is not None:
            c.onsite, c.onsite_ev, c.onsite_pos = r.onsite, doc.sentence(r.onsite_pos), r.onsite_pos
        if c.written is None and r.written is not None:
            c.written, c.written_ev, written_all = r.written, doc.sentence(r.written_pos), r.written_all
        if c.total is None and r.total is not None:
            c.total, c.total_ev = r.total, doc.sentence(r.total_pos)
            if r.total_rated and r.total == c.onsite and c.written is None and not r.onsite_is_total:
                c.total = c.total_ev = (
                    None  # 4位书记述职,…对4位书记进行了现场测评: the reporters rated, no total
                )
    if c.onsite is None and (named := _NAMES_AFTER_TITLE.search(text)):
        # 各党支部书记甲、乙、丙依次述职: the secretaries named one by one, one reporter each
        names = named["names"].split("、")
        if "书面" not in named["pred"] and not any(_UNIT_END.search(n) for n in names):
            c.onsite, c.onsite_ev, c.onsite_pos = len(names), doc.sentence(named.start()), named.start()
    if c.onsite is None:
        units, pos = person_pairs(doc)
        if units:
            c.onsite, c.onsite_ev, c.onsite_pos = len(units), doc.sentence(pos), pos
    if c.written is None:
        n, pos = written_pairs(doc)  # 学生第二党支部书记陈某提交书面述职报告
        if n:
            c.written, c.written_ev = n, doc.sentence(pos)
    if c.onsite is None and len((run := per_sentence_pairs(doc, prose_only=True))[0]) >= 2:
        c.onsite, c.onsite_ev = len(run[0]), run[1]  # A党支部书记甲…述职。她认为…。然后,B党支部书记乙…总结了…
        c.onsite_pos = text.find(run[1][:10]) if run[1] else None
    if c.onsite is None and (named := _ONSITE_NAMED.search(text)):
        units = units_before(doc, named.end("list"), None, need_deng=False)  # 现场述职的有:A、B
        if units:
            c.onsite, c.onsite_ev, c.onsite_pos = len(units), doc.sentence(named.start()), named.start()
    if c.onsite is None or c.written is None:
        for mode, units, pos in all_listed_reporters(doc):  # units listed with no number: count them
            n = sum(ordinals_in(u) for u in units)  # 教师第一、第二党支部和学生党支部: three
            if mode == "onsite" and c.onsite is None:
                c.onsite, c.onsite_ev, c.onsite_pos = n, doc.sentence(pos), pos
            elif mode == "written" and c.written is None:
                c.written, c.written_ev = n, doc.sentence(pos)
    if c.onsite is None and (listed := numbered_units(doc)[0]):
        c.onsite, c.onsite_ev = len(listed), numbered_units(doc)[1]  # 现场述职单位: 1.A 2.B …
    if c.onsite is None and (ordered := order_list(doc))[0]:
        c.onsite, c.onsite_ev = len(ordered[0]), ordered[1]  # 汇报顺序:A、B、C
    if c.onsite is None and not re.search("现场|口头", text):
        m = _ALL_ONLINE.search(text) or _ALL_WRITTEN.search(text)
        if m:
            c.onsite, c.onsite_ev = 0, doc.sentence(m.start())
    rest_wrote = _REST_WROTE.search(text)
    if c.total is not None and c.onsite and c.written is None and c.total > c.onsite and rest_wrote:
        # 5名支部书记代表分别进行述职,其他支部书记书面述职,参会人员对32名支部书记…进行测评: the rest, 27, wrote
        c.written, c.written_ev = c.total - c.onsite, doc.sentence(rest_wrote.start())
    if c.total is None and c.onsite and c.written is None and rest_wrote:
        # 全校共有二级党组织24个,…8个…现场述职,其余…书面述职 (also 所属12个党支部书记…): everyone appraised, the
        # rest in writing
        wholes = [(cn_to_int(m["n"] or m["n2"]), m.start()) for m in STRUCTURE.finditer(text)] + r.everyone
        for value, pos in wholes:
            if value and value > c.onsite:
                c.total, c.total_ev = value, doc.sentence(pos)
                c.written, c.written_ev = value - c.onsite, doc.sentence(rest_wrote.start())
                break
    # 肯定了8家述职单位的工作: how many reported, said after the fact, when no one wrote: all of them on site
    if c.written is None and not re.search("书面|线上|网络", text):
        for m in _REPORTED_UNITS.finditer(text):
            value = cn_to_int(m["n"])
            if value and (c.onsite is None or c.onsite < value):
                c.onsite, c.onsite_ev, c.onsite_pos = value, doc.sentence(m.start()), m.start()
                break
    if c.onsite is not None:
        for start, end in doc.sents:  # 上午6位书记现场述职,下午7位书记现场述职: two sessions of one meeting
            groups = list(_SESSION.finditer(text, start, end))
            if len(groups) >= 2 and cn_to_int(groups[0]["n"]) == c.onsite:
                values = [cn_to_int(g["n"]) for g in groups]
                if None not in values:
                    c.onsite, c.onsite_ev = sum(values), doc.sentence(start)
                break
    if written_all and c.total is None:
        c.total, c.total_ev = c.written, c.written_ev  # 均进行了书面述职: the ones on site wrote too
    if c.total is None:
        m = _TOTAL.search(text)
        after = text[m.end() : m.end() + 10] if m else ""
        clause_after = re.match(r"[^,，。;；]*", text[m.end() : m.end() + 24]).group() if m else ""
        if (
            m
            and not _NOT_SECRETARY.search(m["np"])
            and cn_to_int(m["n"]) is not None
            and not re.search(r"现场|书面|线上", after)
            and not (re.search(r"述职|汇报|发言", clause_after) and "参" not in clause_after)
            # 全校23个…书记参加会议: those attending, not all appraised
            and not re.search(r"参加(?:了)?(?:本次|此次)?(?:会议|大会)|出席|列席|参会", clause_after)
            # a count in a sentence that is not about this appraisal (全校共有56个党支部, …获评优秀) is none
            and re.search(r"述职|评议|测评|考核|参评|参加|参与|参会", text[slice(*doc.sent_at(m.start()))])
        ):  # 共有13位党支部书记进行了述职 counts who reported, not all there are
            c.total, c.total_ev = cn_to_int(m["n"]), doc.sentence(m.start())
    if c.onsite is None or c.written is None:
        for m in _PART_OF.finditer(text):  # 20个党支部中有6个进行了现场述职: the part is who reported
            clause = re.match(r"[^,，。;；]*", text[m.end() :]).group()
            verb = re.search(r"述职|汇报|发言", clause)
            if verb and not re.search(r"未|没有|将|需", clause[: verb.start()]) and "线上" not in clause:
                part = cn_to_int(m["part"])
                if "书面" in clause[: verb.end()]:
                    if c.written is None:
                        c.written, c.written_ev = part, doc.sentence(m.start())
                elif c.onsite is None:
                    c.onsite, c.onsite_ev, c.onsite_pos = part, doc.sentence(m.start()), m.start()
                break
    if c.total is None and (c.onsite is not None or c.written is not None):
        for m in _PART_OF.finditer(text):  # 8个党支部中有4个…现场述职: four of the eight
            if cn_to_int(m["part"]) in (c.onsite, c.written):
                c.total, c.total_ev = cn_to_int(m["n"]), doc.sentence(m.start())
                break
    for m in _ORDINALS_REPORTED.finditer(
        text
    ):  # 第一、第二、第三党支部书记依次述职: one secretary per ordinal
        n = len(re.findall(r"[、和及与]", m["ords"])) + 1
        if "书面" in m["mode"] and c.written is None:
            c.written, c.written_ev = n, doc.sentence(m.start())
        elif "书面" not in m["mode"] and c.onsite is None:
            c.onsite, c.onsite_ev, c.onsite_pos = n, doc.sentence(m.start()), m.start()
    if c.total is None and (m := _RANKED_AMONG.search(text)):
        c.total, c.total_ev = cn_to_int(m["n"]), doc.sentence(m.start())  # ranked sixth of 46: 46 appraised
    if c.total is None and (m := _APPRAISED.search(text)):
        c.total, c.total_ev = cn_to_int(m["n"] or m["n2"]), doc.sentence(m.start())  # 此次评议共涉及32个…
    if (
        c.written is None
        and c.total
        and c.onsite
        and c.total > c.onsite
        and (rest := _REST_WROTE.search(text))
    ):
        c.written, c.written_ev = c.total - c.onsite, doc.sentence(rest.start())  # the rest of all wrote
    if c.written is None and c.onsite:
        for m in _KIND_WROTE.finditer(text):
            # 我院2个学生支部…,对学生党支部书记采用书面述职: the kind that wrote, counted in the same sentence
            s_start = doc.sent_at(m.start())[0]
            clause = re.split(r"[,，;；]", text[max(s_start, m.start() - 30) : m.end()])[-1]
            if re.search(r"须|需|要|应|未|相结合|" + NUM + r"[个名位所家]", clause):
                continue
            counted = re.search(
                r"(?P<n>" + NUM + r")[个名位]" + re.escape(m["kind"]) + r"(?:党)?支部(?!书记)",
                text[s_start : m.start()],
            )
            value = cn_to_int(counted["n"]) if counted else None
            if value:
                c.written, c.written_ev = value, doc.sentence(m.start())
                break
    if (
        c.written_rest
        and c.onsite is not None
        and c.written is not None
        and c.written_ev == c.onsite_ev
        and c.total != c.onsite + c.written
    ):
        # 6位书记现场述职,其余13位书面述职: those on site and the rest are everyone appraised (a count of all the
        # units there are, 共有21个党支部, is not)
        c.total, c.total_ev = c.onsite + c.written, c.written_ev
    if all_wrote and c.onsite is not None and c.onsite < all_wrote[0] and c.written in (None, all_wrote[0]):
        # 8名…现场述职,…全体21个党支部的书面述职: all 21 wrote, the 8 on site among them — 21 in all, and 21
        # in writing (as 均进行了书面述职)
        c.written, c.written_ev = all_wrote
        c.total, c.total_ev = all_wrote
    elif all_wrote and c.written is None and c.onsite is None:
        c.written, c.written_ev = all_wrote
    if c.total is None and c.onsite is not None and c.written is not None:
        among = _AMONG_THEM.search(text)
        if among and cn_to_int(among["n"]) == c.written and cn_to_int(among["part"]) == c.onsite:
            # 13个党支部书记书面述职,其中5名现场述职: the five are among the thirteen
            c.total, c.total_ev = c.written, doc.sentence(among.start())
            return c
        c.total = c.onsite + c.written
        c.total_ev = c.written_ev if c.written_ev == c.onsite_ev else f"{c.onsite_ev} … {c.written_ev}"
    return c


# those who wrote, then some of them (其中) who also reported on site
_AMONG_THEM = re.compile(
    r"(?P<n>"
    + NUM
    + r")[个名位所家][^。;；,，\d]{0,24}?书面(?:述职|报告|材料)[^。;；\d]{0,12}?[,，]?其中(?:有)?"
    r"(?P<part>" + NUM + r")[个名位所家]?[^。;；,，\d]{0,12}?(?:现场|口头|当面)"
)


# ---------------------------------------------------------------- units reporting on site

_UNIT_END = re.compile(
    r"(党委|党总支|总支|党支部|支部|党工委|分党委|大学|学院|系|学部|研究院|书院|医院|中心|处|部|所|馆|室|办|学校|机关|校区|公司|队|站|\)"
    # bodies outside universities reporting at their bureau's meeting (X集团, X中学, 区二中, X局)
    r"|集团|中学|小学|幼儿园|[一二三四五六七八九十][中小]|局|政协|(?<![党团纪工])委)$"
)
_LIST_LEAD = re.compile(
    r"^(?:会上|会议上|随后|首先|其后|接着|本次|此次|其中|来自|由|包括|分别是|分别为|依次是)+"
)
_PERSON = r"[^\W\d_a-zA-Z党委校院会部处组抓述职评议召举的了对和与及各]{2,3}"
_CAPTION = re.compile(
    r"^(?P<u>[\u4e00-\u9fff\d()]{2,24}?(?:党委|党总支|党支部|总支|支部))(?:副)?书记"
    + _PERSON
    + r"(?:同志)?(?:进行|作)?(?:了)?(?:现场)?述职(?:报告|汇报)?$"
)


def _split_units(doc: _Doc, start: int, end: int, expected: int | None = None) -> list[str] | None:
    """Names in an enumeration (A党委、B党总支和C党支部) as written, or None when they are not all unit names.
    When the enumeration is exactly as long as its stated count (A学院、…、后勤等14个), it is the list of the
    units whatever their names end in."""
    seg = doc.match[start:end]
    lead = _LIST_LEAD.match(seg)
    offset = start + (lead.end() if lead else 0)
    seg = doc.match[offset:end]
    pieces: list[tuple[int, int]] = []
    last = 0
    for m in re.finditer(r"、|和|及|与|以及", seg):
        left = seg[last : m.start()]
        if left.count("(") > left.count(")"):
            continue  # 学生处(学生工作部、武装部)党支部: an aside inside a name, not the list's separator
        if m.group() == "、" or _UNIT_END.search(re.sub(r"书记$", "", left)):
            pieces.append((last, m.start()))
            last = m.end()
    pieces.append((last, len(seg)))
    complete = expected is not None and len(pieces) == expected and expected >= 3
    names = []
    for a, b in pieces:
        s = seg[a:b]
        s2 = re.sub(r"(的)?(副)?书记$", "", s)
        # A党支部书记某某: the unit with its secretary named after it -- the unit is what is listed
        # …党支部副书记某某(代述职): an aside after the name says why the deputy reported
        named = re.match(r"(?P<u>.+?)(的)?(副)?书记" + _PERSON + r"(?:同志)?(?:\([^()]{1,8}\))?$", s2)
        # A党支部的某某, A党支部某某, 某某(A党支部): the unit with its secretary's name and no title
        named = named or re.match(
            r"(?P<u>.+?(?:党委|党总支|党支部|总支|支部))的?" + _PERSON + r"(?:同志)?$", s2
        )
        named = named or re.fullmatch(
            _PERSON + r"(?:同志)?\((?P<u>[^()]{2,24}(?:党委|党总支|党支部|总支|支部))\)", s2
        )
        if named and _UNIT_END.search(named["u"]):
            a += named.start("u")  # 某某(A党支部): the unit begins inside the piece
            s2 = named["u"]
        b = a + len(s2)
        if complete and re.fullmatch(r"[\u4e00-\u9fff()]{2,24}", s2) and not _NOT_NAME_WORD.search(s2):
            names.append(doc.d(offset + a, offset + b))
            continue
        if not s2 or not _UNIT_END.search(s2) or len(s2) < 3 or re.search(NUM + r"[个名位所家]", s2):
            return None
        if _CLAUSE_WORDS.search(s2):
            return (
                None  # 会议首先由县教体局党委书记、局长X就局党委…述职: a clause about one report, not a list
            )
        names.append(doc.d(offset + a, offset + b))
    return names or None


# words of a clause, never of a unit's name
_CLAUSE_WORDS = re.compile(r"会议|首先|其次|(?<![自理])由(?=[\u4e00-\u9fff])|就(?!业)|分别|依次")


def leading_college(names: list[str]) -> bool:
    """学院教工党支部, 学生党支部: the college's own branches, one written with the college's word before it."""
    return any(re.match(r"(?:学院|學院)[\u4e00-\u9fff]{2,}(?:党支部|黨支部|支部)$", n) for n in names)


_NOT_NAME_WORD = re.compile(r"召开|举行|参加|述职|汇报|会议|[向对在为把被从了]")


# one unit's own meeting: its secretary, named, reports (党支部书记赵某作支部工作述职报告; 听取了机关党委书记杨某…的述职报告)
_ONE_REPORTER = re.compile(
    r"(?P<unit>[\u4e00-\u9fff()]{0,20}?(?:党支部|支部|党总支|总支|机关党委))(?:的)?(?:副)?书记"
    r"(?P<p>[\u4e00-\u9fff]{2,3}?)(?:同志|研究员|教授|副教授|老师)?"
    r"(?:[^。,，]{0,6}?(?:作|做|进行)(?:了)?[^。]{0,24}?(?:述职|汇报)|(?:对|关于|所作|作)[^。]{0,50}?的?述职报告)"
)
_MANY_REPORTERS = re.compile(
    r"各(?:党)?(?:总)?支部(?:的)?书记|各位书记|书记们|(?:依次|逐一|逐个|轮流|先后|分别)(?:进行|作|做)?(?:了)?(?:现场)?(?:述职|汇报)"
    r"|" + NUM + r"(?:个|名|位)[\u4e00-\u9fff]{0,10}?书记"
)
_ANY_REPORTER = re.compile(
    r"(?:党支部|支部|党总支|总支|党委)(?:副)?书记(?P<p>[\u4e00-\u9fff]{2,3}?)(?:同志)?[^。]{0,40}?(?:述职|汇报)"
)
# the unit that met: X党支部(于…)召开…
_UNIT_MET = re.compile(
    r"(?P<u>[\u4e00-\u9fff()]{2,20}?(?:党支部|支部|党总支|总支))(?:于[^,，。]{2,20}?)?(?:在[^,，。]{2,30}?)?"
    r"(?:召开|开展|举行|组织召开)"
)


def _person_like(p: str) -> bool:
    """Two or three characters after a title that may be a person's name (not 抓党建, 现场述职, 履职…)."""
    return not _NOT_NAME_WORD.search(p) and not re.search(
        r"[抓党履作做就对从向在为把被了及和与等]|现场|工作|进行|围绕|述|汇|们", p
    )


def one_unit_reporting(doc: _Doc) -> tuple[str, str] | None:
    """A unit's own meeting at which its one secretary reports (and is rated): (the unit, the sentence); None when
    several report, or when the unit's name is not written."""
    text = doc.match
    if _MANY_REPORTERS.search(text):
        return None
    found = [
        m
        for m in _ONE_REPORTER.finditer(text)
        if _person_like(m["p"])  # 2015年度机关党委书记抓党建…: a title, no person
        and not re.search(r"年度|各|由|考核|述职|召开|举行", m["unit"])  # 党支部年度考核由党支部…: no name
    ]
    # anyone else of a unit's title reporting (后勤党支部书记李明汇报了…): then several units reported
    others = {m["p"] for m in _ANY_REPORTER.finditer(text) if _person_like(m["p"])}
    if len({m["p"] for m in found}) != 1:
        return None
    if any(not (found[0]["p"].startswith(p) or p.startswith(found[0]["p"])) for p in others):
        return None  # another person (杨万 of 杨万成 is the same one, read shorter)
    m = found[0]
    unit = m["unit"]
    a = m.start("unit")
    lead = re.match(r"^(?:会上|会议|随后|首先|接着|听取(?:了)?)+", unit)
    if lead:
        unit, a = unit[lead.end() :], a + lead.end()
    if unit in ("党支部", "支部", "党总支", "总支"):  # the branch itself: named where it met
        met = _UNIT_MET.search(text)
        if not met or not met["u"].endswith(unit) or met["u"] in ("党支部", "支部", "党总支", "总支"):
            return None
        a, b = met.start("u"), met.end("u")
        lead = re.match(r"^(?:[\d年月日]+|近日|日前)+", text[a:b])
        a += lead.end() if lead else 0
        return doc.d(a, b), doc.sentence(m.start())
    return doc.d(a, a + len(unit)), doc.sentence(m.start())


def _onsite_units(doc: _Doc, counts: _Counts) -> tuple[list[str] | None, str | None]:
    """The units that reported on site, or None when what was read is not a list of units: a list in which
    most entries are short words that end in no unit word (某某、某某某: the secretaries' names) is people."""
    units, ev = _onsite_units_read(doc, counts)
    if units:
        people = [u for u in units if len(u) <= 3 and not _UNIT_END.search(u)]
        if len(people) * 2 > len(units):
            return None, None
        if any(_CLAUSE_WORDS.search(clean_text(u)) for u in units):
            return (
                None,
                None,
            )  # 会议首先由县教体局党委书记、局长X就局党委…述职: a clause about one report, not a list
        if leading_college(units):
            units = [
                re.sub(r"^(?:学院|學院)(?=[\u4e00-\u9fff]{2,}(?:党支部|黨支部|支部)$)", "", u) for u in units
            ]
    return units, ev


def _onsite_units_read(doc: _Doc, counts: _Counts) -> tuple[list[str] | None, str | None]:
    text = doc.match
    for m in _COUNT.finditer(text):
        if (
            text[m.start() - 1 : m.start()] == "等"
            and "书面" not in m["mode"] + m["mid"]
            and "等" not in m["chain"]
        ):
            if _NOT_SECRETARY.search(m["np"] + m["head"]) or _NOUN_GOES_ON.match(m["mid"]):
                continue
            s_start, _ = doc.sent_at(m.start())
            clause_start = max(
                [s_start, *(i + 1 for i in range(s_start, m.start()) if text[i] in ",，;；:：")]
            )
            if not m["chain"]:  # A党支部,B党支部,2017、2019级研究生党支部等3位: commas inside the list
                names = units_before(doc, m.start(), cn_to_int(m["n"]))
                if names:
                    return names, doc.sentence(m.start())
            names = _split_units(doc, clause_start, m.start() - 1, _num_sum(m["chain"], m["n"]))
            if names:
                return names, doc.sentence(m.start())
    for m in re.finditer(
        r"等(?:单位|部门|学院)?(?:的)?(?:二级党组织|党组织|党委)?(?:的)?书记[^。,，;；\d]{0,10}?现场述职",
        text,
    ):
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
    for m in _FROM_LIST.finditer(text):  # 来自A、B、C的3位党委书记进行了现场述职
        names = _split_units(doc, m.start("list"), m.end("list"))
        if names and len(names) == cn_to_int(m["n"]) and "书面" not in m["rest"]:
            return names, doc.sentence(m.start())
    for m in re.finditer(r"(?P<n>" + NUM + r")[个名位所家](?P<rest>[^。;；:：\n]{0,160})", text):
        # A党支部,B党支部,2017、2019级研究生党支部等4位…: commas inside the list
        rest = m["rest"]
        if "书面" in re.match(r"[^,，]*", rest).group() or not re.search(r"述职|汇报|报告|发言", rest):
            continue  # the clause of this count reports in writing
        before = text[max(0, m.start() - 1) : m.start()]
        if before == "等":
            names = units_before(doc, m.start(), cn_to_int(m["n"]))
        elif re.search(r"(?:党委|党总支|总支|党支部|支部)共?$", text[max(0, m.start() - 4) : m.start()]):
            # A党支部、B党支部、C党支部(共)3个支部…: the list right before its count, as many as counted
            end = m.start() - (1 if before == "共" else 0)
            names = units_before(doc, end, cn_to_int(m["n"]), need_deng=False)
        elif re.search(r"(?:大学|学院|医院)共?$", text[max(0, m.start() - 4) : m.start()]):
            # 北川大学、北川医科大学、北川师范大学3所高校…: institutions listed right before their count
            s_start = doc.sent_at(m.start())[0]
            clause_start = max(
                [s_start, *(i + 1 for i in range(s_start, m.start()) if text[i] in ",，;；:：")]
            )
            end = m.start() - (1 if before == "共" else 0)
            names = _split_units(doc, clause_start, end)
            names = names if names and len(names) == cn_to_int(m["n"]) else None
        else:
            names = None
        title = (
            rest[: rest.index("书记") + 1] if "书记" in rest else rest[:12]
        )  # 6家单位党组织书记…: up to 书记
        if not names and not _NOT_SECRETARY.search(title):
            # 市人民医院、市疾控中心、…市红十字中心血站6家单位党组织书记…述职: bodies of their own, as many as counted
            names = bodies_before(doc, m.start() - (1 if before == "共" else 0), cn_to_int(m["n"]))
        if names:
            return names, doc.sentence(m.start())
    for m in _COUNT_THEN_LIST.finditer(text):  # 4个党支部书记分别进行了述职,依次为A、B、C、D
        names = _split_units(doc, m.start("list"), m.end("list"), cn_to_int(m["n"]))
        if names and len(names) == cn_to_int(m["n"]) and "书面" not in m.group():
            return names, doc.sentence(m.start())
    for m in _IN_ORDER.finditer(text):  # 按照第一支部、第二支部、行政支部的顺序依次进行述职
        names = _split_units(doc, m.start("list"), m.end("list"), counts.onsite)
        if names and len(names) >= 2 and "书面" not in m.group():
            return names, doc.sentence(m.start())
    for m in _HEARD_LIST.finditer(text):  # 会议听取了A、B、C党支部书记的现场述职
        names = _split_units(doc, m.start("list"), m.end("list"))
        if names and len(names) >= 2 and counts.onsite in (None, len(names)):
            return names, doc.sentence(m.start())
    ordered = order_list(doc)
    if ordered[0] and counts.onsite == len(ordered[0]):
        return ordered
    m = _ONSITE_NAMED.search(text)
    if m:
        names = units_before(doc, m.end("list"), None, need_deng=False)
        if names:
            return names, doc.sentence(m.start())
    pairs, pos = person_pairs(doc)
    if pairs:
        return pairs, doc.sentence(pos)
    for mode, listed, pos in all_listed_reporters(doc):
        if any(ordinals_in(u) > 1 for u in listed):
            return None, None  # 教师第一、第二党支部: units not written out one by one
        if mode == "onsite" and counts.onsite == len(listed):
            return listed, doc.sentence(pos)
    captions, ev = [], None
    for start, end in doc.sents:
        cm = _CAPTION.match(text[start:end].strip())
        if cm:
            captions.append(doc.d(start + cm.start("u"), start + cm.end("u")))
            ev = ev or doc.sentence(start)
    if captions:
        return captions, ev
    listed, ev2 = numbered_units(doc)
    if listed and counts.onsite in (None, len(listed)):
        return listed, ev2
    best = per_sentence_pairs(doc)
    if len(best[0]) >= 2 and (counts.onsite is None or counts.onsite == len(best[0])):
        return best
    return None, None


def per_sentence_pairs(doc: _Doc, *, prose_only: bool = False) -> tuple[list[str], str | None]:
    """One secretary per sentence: 学生管理党支部书记A重点汇报了…。教工第一党支部书记B分享了… — the longest run of
    such sentences, as units; a sentence about the same reporter (她认为…, 他重点介绍了…) continues the run."""
    text = doc.match
    run: list[str] = []
    best: tuple[list[str], str | None] = ([], None)
    ev = None
    for start, end in doc.sents:
        # the sentence's first clause, then any later clause opening with another unit's secretary (A党支部书记甲
        # 围绕…作述职,B党支部书记乙围绕…作述职): each such clause one reporter
        openings = [start] + [
            start + c.end()
            for c in re.finditer(r"[,，;；]", text[start:end])
            if _LEADING_PAIR.match(text, start + c.end(), end)
        ]
        matched = False
        seen: set[str] = set()
        # photo captions (A党支部书记甲述职) name units, but count no one
        caption = prose_only and bool(_CAPTION.match(text[start:end].strip()))
        for k, (a, b) in enumerate(zip(openings, [*openings[1:], end], strict=True)):
            lm = None if caption else _LEADING_PAIR.match(text, a, end)
            if lm and k and (lm["u"] in seen or lm.start("u") < a):
                continue  # 会上,A党支部书记…: the sentence's opening clause read already; a unit named again
            if lm:
                seen.add(lm["u"])
            if (
                lm
                and not re.search(r"各|全体|他|她|为|要求|结合|检验|" + NUM + r"[个名位所家]", lm["u"])
                and _PER_SENTENCE_VERB.search(
                    text, lm.end() - 1, end if k == 0 else b
                )  # a name may run into 汇报
            ):
                run.append(doc.d(lm.start("u"), lm.end("u")))
                matched = True
                ev = ev if len(run) > 1 else doc.sentence(start)
                if len(run) > len(best[0]):
                    best = (list(run), ev)
            elif k == 0:
                break
        if not matched and not (
            run and re.match(r"\s*(?:同时|此外|并且|最后)?[,，]?(?:她|他)(?!们)", text[start:end])
        ):
            run = []
    return best


_LEADING_PAIR = re.compile(
    r"\s*(?:随后|接着|首先|最后|其中|会上|然后|之后|其次|再次)?[,，]?(?:由)?(?P<u>[\u4e00-\u9fff\d()“”]{2,24}?(?:党委|党总支|党支部|总支|支部))"
    r"(?:副)?书记" + _PERSON + r"(?:同志)?"
)
_PER_SENTENCE_VERB = re.compile(r"汇报|述职|分享|介绍|报告|发言|总结")
