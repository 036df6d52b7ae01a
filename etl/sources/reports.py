"""Reads secretaries' 述职报告 documents (.docx, .pdf, .txt, .html) and report-metadata sheets into canonical records."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from etl.messages import Reject, SourceError
from etl.normalize import (
    clean_text,
    split_org_level,
)
from etl.sources.grid import decode_text
from etl.sources.report_meta import (  # noqa: F401 - DATE_REASON, parse_date, read_report_metadata re-exported
    DATE_REASON,
    _report_year_in,
    _year_in,
    parse_date,
    read_report_metadata,
)

DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt", ".html", ".htm")
N_KEYWORDS = 10

# Generic words of any Party-building report; they say nothing about this one, so they are never keywords.
STOP_WORDS: frozenset[str] = frozenset(
    "工作 党建 进一步 加强 开展 推进 落实 坚持 提升 持续 深入 全面 不断 积极 有效 切实 认真 扎实 "
    "问题 存在 不足 方面 情况 主要 一是 二是 三是 四是 五是 述职 报告 年度 书记 党委 党组织 同志 我们 "
    "基层 抓好 做好 围绕 通过 结合 以及 进行 要求 还有 有待 不够 部分 个别 今年 全年 下一步 "
    "学院 学习 推动 党员 建设 组织 单位 学校".split()
)


@dataclass(frozen=True)
class Block:
    """One paragraph or line of a document; `level` is its heading level (0 = title style) when styled as one."""

    text: str
    level: int | None = None
    listed: bool = False  # an automatically numbered list paragraph (Word numbering, <li>)


# ================================================================ documents


def read_report_document(path: Path) -> dict:
    """One report: title, body size, counted problems and measures, keywords, unit, year, secretary, institution.

    Raises SourceError (unreadable_file, or unsupported_file for another suffix) when no text can be had.
    """
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise SourceError(Reject(path.name, None, None, None, suffix, "unsupported_file"))
    try:
        data = path.read_bytes()
        blocks = _BLOCK_READERS[suffix](path, data)
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - docx/pdf/zip/XML libraries raise many kinds for a damaged file
        raise SourceError(
            Reject(path.name, None, None, None, None, "unreadable_file", type(exc).__name__)
        ) from exc
    blocks = [b for b in (Block(_squash(b.text), b.level, b.listed) for b in blocks) if b.text]
    if not blocks:
        raise SourceError(
            Reject(path.name, None, None, None, None, "unreadable_file", "无文本 / no text (scanned?)")
        )

    title_span = _title_span(blocks)
    title = "".join(blocks[i].text for i in title_span)
    body = [b for i, b in enumerate(blocks) if i not in title_span]
    body_text = "\n".join(b.text for b in body)
    year = _year_in(clean_text(title)) or _report_year_in(clean_text_lines(body_text))
    institution = _institution_in("\n".join(b.text for b in blocks))
    return {
        "title": title,
        "text_chars": len(re.sub(r"\s+", "", body_text)),
        "n_problems": _count_items(body, "problems"),
        "n_measures": _count_items(body, "measures"),
        "keywords": extract_keywords(body_text),
        "unit_name": _unit_from_title(title, institution),
        "year": year,
        "secretary": _secretary_in(body),
        "institution": institution,
        "sha256": hashlib.sha256(data).hexdigest(),
        "file": path.name,
    }


def _squash(text: str) -> str:
    """Non-breaking and ideographic spaces to plain ones, runs of spaces to one, trimmed."""
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\u200b", "")
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


# ---------------------------------------------------------------- readers (path, bytes) → blocks


def _docx_blocks(path: Path, data: bytes) -> list[Block]:
    import docx  # python-docx

    from etl.sources.grid import check_container

    check_container(
        path
    )  # a .docx is a zip: refuse one that unpacks to an absurd size before python-docx opens it
    document = docx.Document(str(path))
    blocks = [_docx_block(p) for p in document.paragraphs]
    for table in document.tables:  # tables go after the running text; their cells count as body
        for row in table.rows:
            blocks.extend(_docx_block(p) for cell in row.cells for p in cell.paragraphs)
    return blocks


def _docx_block(paragraph) -> Block:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    level = None
    if style.lower() == "title" or style == "标题":
        level = 0
    else:
        match = re.match(r"(?:heading|标题)\s*(\d)", style, re.IGNORECASE)
        level = int(match.group(1)) if match else None
    ppr = paragraph._p.pPr
    listed = style.lower().startswith("list number") or (ppr is not None and ppr.numPr is not None)
    return Block(paragraph.text, level, listed)


def _pdf_blocks(path: Path, data: bytes) -> list[Block]:
    import pypdf

    reader = pypdf.PdfReader(path)
    return [Block(line) for page in reader.pages for line in (page.extract_text() or "").splitlines()]


def _txt_blocks(path: Path, data: bytes) -> list[Block]:
    return [Block(line) for line in decode_text(data, path.name).splitlines()]


class _HtmlText(HTMLParser):
    """Visible text of an HTML page as blocks, leaving out head, scripts and page furniture (nav, footer, …)."""

    SKIP_TAGS = frozenset(
        {
            "head",
            "script",
            "style",
            "noscript",
            "template",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "button",
            "select",
            "iframe",
            "svg",
        }
    )
    SKIP_CLASS = re.compile(
        r"(^|[\s_-])(nav|navbar|menu|footer|foot|header|breadcrumb|crumbs?|sidebar|share|"
        r"copyright|banner|topbar|related|pager)([\s_-]|$)",
        re.IGNORECASE,
    )
    BLOCK_TAGS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "tr",
            "td",
            "th",
            "section",
            "article",
            "main",
            "table",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "pre",
            "dd",
            "dt",
            "ul",
            "ol",
            "hr",
        }
    )
    VOID_TAGS = frozenset(
        {
            "br",
            "hr",
            "img",
            "meta",
            "link",
            "input",
            "area",
            "base",
            "col",
            "embed",
            "source",
            "track",
            "wbr",
            "param",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._buffer: list[str] = []
        self._level: int | None = None
        self._listed = False
        self._skip_depth = 0  # > 0 while inside skipped furniture
        self._stack: list[tuple[str, bool]] = []  # open non-void tags and whether each started a skip

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCK_TAGS:
            self._flush()
        if tag in self.VOID_TAGS:
            return
        attr = dict(attrs)
        skips = tag in self.SKIP_TAGS or bool(
            self.SKIP_CLASS.search(f"{attr.get('class') or ''} {attr.get('id') or ''}")
        )
        self._stack.append((tag, skips))
        self._skip_depth += skips
        if not self._skip_depth:
            if re.fullmatch(r"h[1-6]", tag):
                self._level = int(tag[1])
            elif tag == "li":
                self._listed = True

    def handle_endtag(self, tag):
        if tag in self.VOID_TAGS:
            return
        # close up to the matching open tag (browsers forgive missing end tags; so do we)
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                if tag in self.BLOCK_TAGS:
                    self._flush()
                for _name, skips in self._stack[i:]:
                    self._skip_depth -= skips
                del self._stack[i:]
                return

    def handle_data(self, data):
        if not self._skip_depth:
            self._buffer.append(
                re.sub(r"[ \t\r\n\f]+", " ", data)
            )  # HTML: a newline in the source is a space

    def _flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        if text.strip():
            # a <p> with <br> inside gives several lines; each is its own block
            for line in text.splitlines():
                if line.strip():
                    self.blocks.append(Block(line, self._level, self._listed))
        self._level, self._listed = None, False

    def close(self):
        super().close()
        self._flush()


def _html_blocks(path: Path, data: bytes) -> list[Block]:
    text = decode_text(
        data, path.name
    )  # a declared charset is not needed: the bytes tell (and it may be wrong)
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return parser.blocks


_BLOCK_READERS = {
    ".docx": _docx_blocks,
    ".pdf": _pdf_blocks,
    ".txt": _txt_blocks,
    ".html": _html_blocks,
    ".htm": _html_blocks,
}


# ---------------------------------------------------------------- title, unit, year, people


_TITLE_WORDS = re.compile(r"(述职|报告)")


def _title_index(blocks: list[Block]) -> int:
    """Among the opening blocks: the first heading-styled one that reads like a report title (述职/报告), else
    the first such plain block, else the first heading-styled block, else the first block."""
    opening = [(i, b) for i, b in enumerate(blocks[:8]) if len(b.text) <= 80]
    for wanted in (
        lambda b: b.level is not None and _TITLE_WORDS.search(b.text),
        lambda b: _TITLE_WORDS.search(b.text),
        lambda b: b.level is not None,
    ):
        for i, block in opening:
            if wanted(block):
                return i
    return 0


_TITLE_END = re.compile(r"(报告|述职|发言|材料)$")


def _title_span(blocks: list[Block]) -> list[int]:
    """The title block's index, joined with a following short piece when the title was wrapped ('…述职报' + '告')
    or with a preceding block of the same heading style ('化学学院党委书记' over '2023年度…述职报告')."""
    at = _title_index(blocks)
    span = [at]
    title = blocks[at].text
    following = blocks[at + 1].text if at + 1 < len(blocks) else ""
    if not _TITLE_END.search(title) and len(following) <= 20 and _TITLE_END.search(title + following):
        span.append(at + 1)
    if (
        at > 0
        and blocks[at].level is not None
        and blocks[at - 1].level == blocks[at].level
        and not _TITLE_WORDS.search(blocks[at - 1].text)
        and len(blocks[at - 1].text) <= 30
    ):
        span.insert(0, at - 1)
    return span


_UNIT_END = re.compile(
    r"(副?书记|(?:19|20)\d{2}\s*年|二[〇○零O]..年|抓基层|基层党建|党建工作|履行|述职|关于)"
)


def _unit_from_title(title: str, institution: str | None) -> str | None:
    """'化学学院党委书记2023年度…述职报告' → '化学学院' (the stem, org level dropped, as etl.normalize has it)."""
    text = clean_text(title)
    text = re.sub(r"^(关于|(?:19|20)\d{2}年度?的?)+", "", text)
    text = re.sub(r"^(中共|中国共产党)", "", text)
    match = _UNIT_END.search(text)
    candidate = text[: match.start()] if match else ""
    candidate = re.sub(r"(的|同志)$", "", candidate)
    if institution and candidate.startswith(institution) and len(candidate) > len(institution):
        candidate = candidate[len(institution) :]
    candidate = (
        re.sub(r"委员会$", "", candidate)
        if re.search(r"(学院|系|部|处|医院|中心)委员会$", candidate)
        else candidate
    )
    if len(candidate) < 2:
        return None
    stem, _level = split_org_level(candidate)
    return stem or None


_NAME = r"([\u4e00-\u9fff·]{2,4})"
_NAME_END = r"(?:同志)?(?=$|[\s,，。;；(（])"
_SECRETARY = (
    re.compile(r"(?:述职人|报告人|汇报人)\s*[:：]\s*(?:.{0,24}?书记\s*)?" + _NAME + _NAME_END),
    re.compile(r"^(?:.{0,24}?书记\s*)?" + _NAME + r"\s*同志$"),
)


def _secretary_in(blocks: list[Block]) -> str | None:
    """A byline: '述职人：周某甲' anywhere on a short line, or a short line that is just '（…书记）周某甲同志'."""
    for block in blocks:
        text = block.text.strip("（）() ")
        if len(text) > 30:
            continue
        for pattern in _SECRETARY:
            match = pattern.search(text)
            if match:
                return match.group(1)
    return None


_INSTITUTION_CPC = re.compile(r"中共([\u4e00-\u9fff]{2,10}?(?:大学|学院|学校))")
_INSTITUTION = re.compile(
    r"(?:在|按照|根据|对照|落实|贯彻|中共|全体|^|[^\u4e00-\u9fff])"
    r"(?![在按根对落贯全我校院的和与及])([\u4e00-\u9fff]{2,8}?(?:大学|学校))"
    r"(?!(?:生|科技园|附属|出版))",
    re.MULTILINE,
)


def _institution_in(text: str) -> str | None:
    """The institution when the text names one: '中共X委员会' first, else a 'X大学/X学校' opening a clause."""
    text = clean_text_lines(text)
    match = _INSTITUTION_CPC.search(text) or _INSTITUTION.search(text)
    if not match:
        return None
    # '学院党委在青石大学' → '青石大学': a name holds none of these function words
    name = re.split(r"[在于对从由经按据的和与及了是将把向为下]", match.group(1))[-1]
    name = re.sub(r"^(中共|中国共产党)", "", name)
    return name if len(name) >= 4 else None


def clean_text_lines(text: str) -> str:
    return "\n".join(clean_text(line) for line in text.splitlines())


# ---------------------------------------------------------------- sections and items

_SECTION_WORDS = {
    "problems": re.compile(r"(问题|不足|短板|差距|薄弱环节)"),
    "measures": re.compile(
        r"(整改措施|整改方向|改进措施|下一步|努力方向|工作打算|工作计划|工作思路|今后|打算)"
    ),
}
_NOT_A_SECTION = re.compile(r"(原因)")

_CN_NUM = "一二三四五六七八九十"
# enumerator styles by rank (smaller = higher level)
_ENUMERATORS: list[tuple[int, re.Pattern]] = [
    (0, re.compile(rf"^第[{_CN_NUM}]+(?:部分|章|节)\s*")),
    (1, re.compile(rf"^[{_CN_NUM}]+\s*[、.．]\s*")),
    (2, re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[)）]\s*")),
    (3, re.compile(rf"^(?:其)?[{_CN_NUM}]+是")),
    (4, re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))\s*")),
    (5, re.compile(r"^(?:[（(]\s*\d{1,2}\s*[)）]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮])\s*")),
]
_SHI_RANK = 3
_LISTED_RANK = 6  # automatic numbering carries no visible enumerator: treat it as the lowest text style
_INLINE = re.compile(rf"(?:^|(?<=[，。；：:;,、！？\s（(]))([{_CN_NUM}]+)是")


def _rank(block: Block) -> int | None:
    for rank, pattern in _ENUMERATORS:
        if pattern.match(block.text):
            return rank
    return _LISTED_RANK if block.listed else None


def _strip_enumerator(text: str) -> str:
    for _, pattern in _ENUMERATORS:
        if pattern.match(text):
            return pattern.sub("", text, count=1)
    return text


def _section_kind(block: Block) -> str | None:
    """'problems' or 'measures' when the block is a short section heading such as '二、存在的问题' or
    '下一步工作打算：'; a heading naming both (存在问题及下一步打算) is a container, not a section."""
    text = _strip_enumerator(block.text).rstrip("：:。 ")
    if not text or len(text) > 30 or re.search(r"[，。；;,!?！？]", text) or _NOT_A_SECTION.search(text):
        return None
    kinds = [kind for kind, words in _SECTION_WORDS.items() if words.search(text)]
    return kinds[0] if len(kinds) == 1 else None


def _closes(block: Block, rank: int, level: int | None) -> bool:
    """Does `block` end a section whose heading has enumerator rank `rank` and heading style `level`?"""
    if block.level is not None and (level is None or block.level <= level):
        return True
    own = _rank(block)
    return own is not None and own <= rank


def _sections(blocks: list[Block], kind: str) -> list[list[Block]]:
    """The bodies of every section of `kind`. A heading opens a section only where no other section is open or
    where it would close the open one (so '（二）补齐短板' inside 下一步打算 is an item, not a heading)."""
    found: list[list[Block]] = []
    open_kind: str | None = None
    open_rank, open_level = 99, None
    current: list[Block] = []
    for block in blocks:
        if open_kind is not None and not _closes(block, open_rank, open_level):
            current.append(block)
            continue
        if open_kind == kind:
            found.append(current)
        open_kind = _section_kind(block)
        if open_kind is not None:
            own = _rank(block)
            # an unnumbered plain heading ranks with '一、': its items are （一）, 一是, 1. …
            open_rank = own if own is not None and own != _LISTED_RANK else 1
            open_level = block.level
            current = []
    if open_kind == kind:
        found.append(current)
    return found


def _count_in(section: list[Block]) -> int:
    """Items of the highest-level enumerator style used at line starts; else inline 一是…二是… in the text."""
    ranks = [r for r in (_rank(b) for b in section) if r is not None]
    inline = _inline_count(" ".join(b.text for b in section))
    if not ranks:
        return inline
    top = min(ranks)
    lines = sum(1 for r in ranks if r == top)
    # '一是…；二是…' may share one paragraph that merely starts with 一是
    return max(lines, inline) if top == _SHI_RANK else lines


def _inline_count(text: str) -> int:
    """一是…二是…三是…: the length of the run 一, 二, 三, … as it appears in order."""
    expected = 1
    for match in _INLINE.finditer(text):
        if _cn_number(match.group(1)) == expected:
            expected += 1
    return expected - 1


def _cn_number(text: str) -> int | None:
    if text == "十":
        return 10
    if len(text) == 1 and text in _CN_NUM:
        return _CN_NUM.index(text) + 1
    if len(text) == 2 and text[0] == "十" and text[1] in _CN_NUM[:9]:
        return 10 + _CN_NUM.index(text[1]) + 1
    return None


def _count_items(blocks: list[Block], kind: str) -> int:
    """Items listed in the report's `kind` section (the first one that lists any). Without a heading, a paragraph
    such as '主要存在以下问题：一是…二是…' counts its inline items from the keyword on."""
    for section in _sections(blocks, kind):
        count = _count_in(section)
        if count:
            return count
    words = _SECTION_WORDS[kind]
    for block in blocks:
        match = words.search(block.text)
        if match:
            count = _inline_count(block.text[match.end() :])
            if count:
                return count
    return 0


# ---------------------------------------------------------------- keywords


@lru_cache(maxsize=1)
def _tfidf():
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading at DEBUG/INFO to stderr
    # built when jieba.analyse is imported: a second TFIDF() would read the idf file again
    return jieba.analyse.default_tfidf


def extract_keywords(text: str, top_k: int = N_KEYWORDS) -> list[str]:
    """Top TF-IDF keywords (jieba), without STOP_WORDS, single characters and numbers."""
    if not text.strip():
        return []
    tags = _tfidf().extract_tags(clean_text_lines(text), topK=top_k * 4)
    keep = [t for t in tags if t not in STOP_WORDS and len(t) > 1 and not re.fullmatch(r"[\d.%年月日]+", t)]
    return keep[:top_k]


# ================================================================ metadata sheets
