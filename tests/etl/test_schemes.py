"""Scheme files (口径): loading one re-derives scores and grades; bad schemes are rejected with reasons."""

from __future__ import annotations

import pytest

from etl.load import ingest
from etl.sources.schemes import read_schemes
from tests.etl.conftest import rows


def test_scheme_file_is_read_with_defaults_and_reasons(data):
    schemes, rejects = read_schemes(data / "scheme_qingshi.toml")
    first, second = schemes
    assert (first.year_from, first.year_to, first.groups) == (2023, None, {"A票": 0.6, "B票": 0.4})
    assert first.points == {"good": 100, "fairly_good": 85, "average": 70, "poor": 50}
    assert (second.year_from, second.year_to, second.points["fairly_good"]) == (2015, 2022, 80)
    assert second.label == "2015–2022年口径:分值 好100/较好80/一般60/差0,门槛 好≥90/较好≥75/一般≥60,票数合并"
    [bad] = rejects
    assert (bad.row_number, bad.column, bad.reason) == (3, "thresholds", "bad_scheme")
    assert "门槛须递减" in bad.message_zh and "must fall" in bad.message_en


def test_loading_a_scheme_re_derives_the_marts_without_reloading_ratings(store, data):
    ingest(store, [data / "ratings_canonical.csv"])
    before = {r["unit"]: r for r in rows(store, "select * from appraisal")}
    # default, pooled: 文学院 A 8好 2较好 + B 12好 6较好 2一般 → (2000 + 640 + 120) / 30 = 92
    assert before["文学院"]["score"] == pytest.approx(92.0)
    [result] = ingest(store, [data / "scheme_qingshi.toml"])
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 2, 1)
    assert "1 institution-years re-derived" in result.notes[0]
    after = {r["unit"]: r for r in rows(store, "select * from appraisal")}
    # A: (800 + 170) / 10 = 97; B: (1200 + 510 + 140) / 20 = 92.5; 0.6·97 + 0.4·92.5 = 95.2
    assert after["文学院"]["score"] == pytest.approx(95.2)
    assert after["文学院"]["computed_grade"] == "good"
    # 机关: A (500 + 340 + 70) / 10 = 91; B (800 + 680 + 210 + 50) / 20 = 87 → 89.4 ≥ 80 → 较好 (92 needed for 好)
    assert after["机关"]["score"] == pytest.approx(89.4) and after["机关"]["final_grade"] == "fairly_good"
    [year] = rows(store, "select scheme_label from institution_year where institution = '青石大学'")
    assert year["scheme_label"].startswith("2023年起")


def test_an_unreadable_scheme_file_fails_whole(store, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[[scheme]\ninstitution = ", encoding="utf-8")
    [result] = ingest(store, [path])
    assert result.status == "failed" and result.rejects[0].reason == "bad_scheme"
