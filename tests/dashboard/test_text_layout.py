"""Line breaking of captions and slide text (dashboard.text_layout): inside the width, at natural breaks, never
inside a number or a threshold, no line starting with closing punctuation."""

from __future__ import annotations

import re

import pytest

from dashboard.text_layout import text_width, wrap_text

CAPTION = (
    "口径不一:默认口径:分值 好100/较好80/一般60/差0,门槛 好≥90/较好≥75/一般≥60,票数合并 —— 示例大学 2022、"
    "示例学院 2023;每个单位约 10 人参评,一票约合单个单位 10 个百分点,较上年 +1.2 个百分点,满意率 65.5%。"
)


@pytest.mark.parametrize("width", [120, 200, 333, 480, 1076])
def test_lines_fit_and_keep_numbers_and_thresholds_whole(width):
    lines = wrap_text(CAPTION, width, 11)
    assert "".join(lines).replace(" ", "") == CAPTION.replace(" ", "")  # nothing lost
    assert all(text_width(line, 11) <= width + 0.01 for line in lines)
    for token in re.findall(r"[\u4e00-\u9fff]{0,2}[≥≤]\d+|[+\-]?\d[\d./%]*", CAPTION):
        assert any(token in line for line in lines), (token, lines)  # never split across lines
    assert not [line for line in lines[1:] if line[:1] in ",。;:、)%—"]


def test_paragraphs_stay_paragraphs_and_short_text_is_one_line():
    assert wrap_text("第一段\n第二段", 500, 11) == ["第一段", "第二段"]
    assert wrap_text("各院校的好评率", 500, 11) == ["各院校的好评率"]


def test_a_piece_longer_than_a_line_is_cut_rather_than_overflowing():
    lines = wrap_text("1234567890" * 6, 100, 11)
    assert len(lines) > 1 and all(text_width(line, 11) <= 100 for line in lines)
