"""Issue #13, session 11: readings added while developing on real items (every sentence here is invented, with
fictional places, bodies and people)."""

from __future__ import annotations

from etl.articles import extract_article


def x(text: str) -> dict:
    return extract_article(text)


def test_an_era_before_a_kind_of_body_is_no_name():
    # 新时代公立医院 is what the work is for, not who met; the hospital speaks of itself (我院) and is not named
    got = x(
        "2月6日上午,我院召开2023年度基层党组织书记抓党建工作述职评议会。医院领导班子、各党总支书记参加会议。"
        "党委书记程远主持会议。会上,5名党总支书记进行了现场述职。"
        "他指出,本次开展述职评议工作是深入贯彻落实新时代公立医院党建工作的要求。"
    )
    assert got["meeting_level"] == "hospital_internal"
    assert got["institution"] is None
    assert got["chair"] == "程远"
