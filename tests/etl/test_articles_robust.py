"""Issue #13, session 12: the extractor reads a page the same way whatever the page's furniture and typography
(invented sentences with fictional bodies and people; the corpus check reads ../shared and skips where absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.articles import extract_article

BODY = (
    "12月20日,青禾市税务局召开2023年度党支部书记述职评议会,6名支部书记现场述职,其余2名书面述职。\n"
    "会议由党委书记程远主持。\n"
    "参会人员以好、较好、一般、差四个等次进行了民主测评。"
)


@pytest.mark.parametrize("toolbar", ["打印本页", "关闭窗口", "打印本页 关闭窗口", "相关链接"])
def test_a_toolbar_above_the_article_is_not_its_end(toolbar):
    got = extract_article(f"青禾市税务局召开党支部书记述职评议会\n{toolbar}\n{BODY}")
    assert (got["onsite_count"], got["written_count"], got["chair"]) == (6, 2, "程远")


def test_navigation_after_the_article_still_ends_it():
    # the next item's count, after 相关新闻, is not this meeting's
    got = extract_article(
        BODY + "\n相关新闻\n青禾市财政局召开述职评议会,9名支部书记现场述职,其余5名书面述职。"
    )
    assert (got["onsite_count"], got["written_count"]) == (6, 2)


def _wrap(text: str, width: int = 33) -> str:
    """The text as a PDF or a fax would give it: every line cut at a fixed width."""
    return "\n".join(
        "\n".join(line[i : i + width] for i in range(0, max(len(line), 1), width))
        for line in text.split("\n")
    )


LONG = (
    "青禾市税务局召开2023年度党支部书记抓基层党建工作述职评议会\n"
    "12月20日下午,青禾市税务局在机关三楼会议室召开2023年度党支部书记抓基层党建工作述职评议会,局领导班子成员、"
    "机关各处室负责人和党员代表参加会议,会议由局党委书记程远主持。\n"
    "会上,第一党支部、第二党支部、第三党支部、离退休干部党支部等4个党支部的书记依次进行了现场述职,"
    "其余5个党支部书记提交了书面述职报告。\n"
    "述职结束后,参会人员按照好、较好、一般、差四个等次对9个党支部书记抓党建工作情况进行了民主测评。\n"
    "程远在总结讲话中指出,各党支部要把党建工作与业务工作同谋划、同部署、同落实,切实把述职评议中查找出来的问题"
    "整改到位,推动全局基层党建工作质量全面提升。"
)


@pytest.mark.parametrize("width", [22, 33, 40])
def test_text_cut_at_a_fixed_width_reads_as_its_paragraphs(width):
    want = extract_article(LONG)
    assert (want["onsite_count"], want["written_count"], want["total_units"]) == (4, 5, 9)
    got = extract_article(_wrap(LONG, width))
    keys = ("institution", "meeting_level", "meeting_date", "onsite_count", "written_count", "total_units")
    keys += ("onsite_units", "rating_scale", "rater_groups", "chair")
    assert {k: got[k] for k in keys} == {k: want[k] for k in keys}


def test_paragraphs_are_not_joined():
    # lines that are paragraphs (each ends its sentence) stay apart, however long
    from etl.articles.text import unwrap

    assert unwrap(LONG) == LONG
    short = "通知\n各党支部:\n定于12月20日召开述职评议会。\n青禾市税务局党委\n2023年12月15日"
    assert unwrap(short) == short


SHARED = Path(__file__).resolve().parents[3] / "shared"
FIELDS = ("institution", "meeting_level", "appraisal_year", "meeting_date", "onsite_count", "written_count")
FIELDS += ("total_units", "onsite_units", "rating_scale", "rater_groups", "chair")


def _shared_items() -> list[tuple[str, str]]:
    items = []
    for name in ("articles", "articles_more", "seeds"):
        labels = SHARED / ("seeds" if name == "seeds" else f"corpus/{name}") / "labels.json"
        if labels.is_file():
            for item in json.loads(labels.read_text(encoding="utf-8")):
                path = labels.parent / item["file"]
                if path.is_file():
                    items.append((item["file"], path.read_text(encoding="utf-8")))
    return items


@pytest.mark.skipif(not (SHARED / "corpus" / "articles").is_dir(), reason="no ../shared corpus here")
def test_real_items_read_alike_whatever_the_pages_furniture():
    """On every real item of ../shared: a toolbar line above the page and full-width punctuation change nothing;
    the text cut at a fixed width changes at most one item in ten."""
    items = _shared_items()
    assert len(items) >= 30
    wrapped_changed = []
    for name, text in items:
        want = {k: extract_article(text)[k] for k in FIELDS}
        toolbar = extract_article("打印本页 关闭窗口\n" + text)
        assert {k: toolbar[k] for k in FIELDS} == want, name
        wide = text.replace(",", "，").replace(";", "；").replace("(", "（").replace(")", "）")
        assert {k: extract_article(wide)[k] for k in FIELDS} == want, name
        if {k: extract_article(_wrap(text))[k] for k in FIELDS} != want:
            wrapped_changed.append(name)
    assert len(wrapped_changed) * 10 <= len(items), wrapped_changed
