"""口径说明: the schemes each institution used, spelled out, and what every number means."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import ALL, APP, CHENGJIANG, logged_in
from warehouse import queries as q


def test_scheme_details_spell_out_each_scheme(cur, ids):
    details = q.scheme_details(cur, q.Filters(scope=ALL))
    chengjiang = details.filter(details["institution_id"] == ids[CHENGJIANG]).sort("first_year").to_dicts()
    assert [(d["scheme_id"], d["first_year"], d["last_year"]) for d in chengjiang] == [
        ("default", 2022, 2022),
        ("chengjiang-2023", 2023, 2023),
    ]
    own = chengjiang[1]
    assert (own["points_fairly_good"], own["points_average"], own["points_poor"]) == (85, 70, 0)
    assert own["group_weights"] is None and own["item_weights"] is None


def test_page_lists_schemes_and_meanings(app_env):
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    at.switch_page("app_pages/schemes.py").run(timeout=60)
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["口径说明"]
    table = at.dataframe[0].value
    mine = table[table["院校"] == CHENGJIANG]
    assert list(mine["年度"]) == ["2022", "2023"]
    assert list(mine["分值 好/较好/一般/差"])[1] == "100.0 / 85.0 / 70.0 / 0.0"
    assert set(table["票种权重"]) == {"票数合并(无权重)"}
    assert any("共用 2 种口径" in c.value and "不宜直接比较" in c.value for c in at.caption)
    text = " ".join(m.value for m in at.markdown)
    for words in ("好评率", "满意率", "平均得分", "综合评价等次", "院内名次", "每个单位计一次", "小样本"):
        assert words in text
