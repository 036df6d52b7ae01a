"""Who chaired the meeting: the person named before 主持 (会议由X主持, X主持会议, 在X的主持下, 主持人:X), read past
titles, asides and title chains."""

from __future__ import annotations

import re

from etl.articles.text import _Doc

_TITLES = (
    r"书记|校长|院长|主任|部长|处长|委员|主席|常委|组织员|馆长|所长|经理|董事长|组长|秘书长|负责人|理事长|局长|厅长"
    r"|主委|司长|省长|市长|县长|区长|社长|会长|行长|政委|科长|会计师|经济师|工程师|审计师|总监|护士长|主任医师|教授"
    # heads of other kinds of body (大队长, 站长, 总经理): a 、 chain of titles ends in the name
    r"|队长|站长|团长|台长|场长|矿长|庭长|检察长|总经理|总裁|董事|监事|参事|巡视员|调研员|总师|党组成员|班子成员|党委成员"
    # staff posts that also chair a branch's or a college's meeting (辅导员X, 党总支助理X, 干事X)
    r"|辅导员|助理|干事|秘书|专员"
)
_CHAIR_BY = re.compile(
    r"(?:会议|评议会|述职会|大会|会|考核|评议|测评)(?:分别)?由(?P<x>[^。;；]{2,60}?)(?:共同|分别)?(?:主持(?!工作)|支持(?=[。;；\n]|$))"
)
_CHAIR_ACT = re.compile(
    r"(?:^|(?<=[,，。;；\n]))(?P<x>[^,，。;；\n]{2,40}?)主持(?:了)?(?:本次|此次)?"
    r"(?:会议|评议会|述职会|大会|述职评议会|述职测评大会|会|召开|(?=并(?:讲话|致辞|作|总结|发言|点评|部署))|(?=[。;；\n]|$)"
    # the meeting named by its own title (主持述职评议考核会, 主持本次党建述职会议)
    r"|[\u4e00-\u9fff]{2,12}?会(?:议)?(?=[,，。;；\n]|$))"
)
# 会议在党委书记X的主持下进行
_CHAIR_UNDER = re.compile(r"在(?P<x>[^。;；,，]{2,40}?)的?主持下")
# a title then a name right before 主持, wherever the clause starts (…会议学院党委书记X主持会议, X在某校区主持召开)
_CHAIR_TITLED = re.compile(
    rf"(?:{_TITLES})(?P<x>[\u4e00-\u9fff·]{{2,4}}?)(?:同志)?(?:在[^,，。;；\n]{{1,12}}?)?主持(?:了)?(?:本次|此次)?"
    # …or ending its clause (副院长X主持,班子成员出席): a titled person's 主持 is the meeting's
    r"(?:会议|评议会|述职会|大会|述职评议会|会|召开|并(?!主持)[\u4e00-\u9fff]|(?=[,，。;；\n]|$))"
)
_CHAIR_LINE = re.compile(r"主持人?[::]\n?(?P<x>[^。;；,，\n]{2,30}(?:\n[\u4e00-\u9fff·]{2,4}(?=\n|$))?)")
# characters and words that make a phrase a body or a role, never a person's name (a name may hold 子, 学 or 成)
_NOT_NAME = re.compile(
    r"[党该此各办室委]|学院|学校|领导|班子|成员|书记|代表|全体|各级|单位|学系|本人|会议|大会|部门|组织|负责|处室|校领导"
    r"|中心|机关|系统|支部|小组|集团|公司|[局组]|副$|^(?:中院|高院|法院|检察院|医院|院)$"  # 中心党组成员, 教育局副书记: a body or a title's part
    # a body's name before its head's title (宣传部部长, 财务处处长) is no person's name
    r"|[部处厅局科]$"
    # a rank before a title (二级巡视员, 一级调研员) is part of the title
    r"|^[一二三四五六七八九十]级$"
)


def _chair(doc: _Doc) -> tuple[str | None, str | None]:
    for rx in (_CHAIR_BY, _CHAIR_ACT, _CHAIR_UNDER, _CHAIR_LINE, _CHAIR_TITLED):
        for m in rx.finditer(doc.match):
            x, xs = m["x"], m.start("x")
            names = []
            # split at 、 and commas outside parentheses: 组织部(党校、统战部)王明部长 is one piece
            for piece in re.finditer(r"(?:\([^()]*\)|[^、,，(])+", x):
                # A和B共同主持: two people, unless splitting at 和 breaks a name (党委书记郑和)
                subs = [
                    (piece.start() + p.start(), piece.start() + p.end())
                    for p in re.finditer(r"[^和及与]+", piece.group())
                ]
                found = [_chair_name(x, a, b) for a, b in subs]
                # two people are alike: both bare names or both titled (机关及直属单位党委书记X is one body's title)
                titled = {bool(re.search(_TITLES, x[a:b])) for a, b in subs}
                if len(subs) > 1 and all(found) and len(titled) == 1:
                    names.extend(doc.d(xs + a, xs + b) for a, b in found)
                elif whole := _chair_name(x, piece.start(), piece.end()):
                    names.append(doc.d(xs + whole[0], xs + whole[1]))
            if names:
                return "、".join(names), doc.sentence(m.start("x"))
    return None, None


def _chair_name(x: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the person's name is in x[start:end] (党委副书记(主持工作)X, X书记), or None."""
    tail = re.search(r"\([^()]*\)$", x[start:end])  # 宋明(右一): a photo's aside after the name
    end = start + tail.start() if tail and tail.start() > 0 else end
    body = re.sub(r"\([^()]*\)", lambda p: "　" * len(p.group()), x[start:end])  # (主持工作) is an aside
    titles = list(re.finditer(_TITLES, body))
    name_start = start + max(titles[-1].end() if titles else 0, body.rfind("　") + 1)
    # 同志, and 老师 after a full name (张兴老师): a form of address, not part of the name (张老师 stays as written)
    name = re.sub(r"同志$|(?<=[\u4e00-\u9fff]{2})老师$", "", x[name_start:end])
    name = re.sub(r"(?:出席|到会|参加)?(?:会议)?并$", "", name)  # X出席并主持会议
    if name.startswith("\n"):  # 主持人:党委书记 何帆 (the layout gap became a line break)
        name_start, name = name_start + 1, name[1:]
    if not name and titles and titles[-1].end() == len(body):  # 李国忠书记主持: the name before the title
        before = body[: titles[-1].start()]
        lead = re.search(r"[\u4e00-\u9fff·]{2,4}$", before)
        if lead and (len(before) <= 4 or before[: lead.start()].endswith("　")):
            name_start, name = start + lead.start(), lead.group()
    if (
        (2 <= len(name) <= 4 or "·" in name and len(name) <= 12)
        and re.fullmatch(r"[\u4e00-\u9fff·]+", name)
        and not _NOT_NAME.search(name)
    ):
        return name_start, name_start + len(name)
    return None
