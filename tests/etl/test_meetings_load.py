"""News items and notices load into `meetings` and feed `institution_year` where no ratings exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.load import ingest
from tests.etl.conftest import rows

SHARED = Path(__file__).parents[3] / "shared"


def test_article_files_become_meetings(store, data):
    results = ingest(store, sorted(data.glob("article_*.txt")))
    assert {r.kind for r in results} == {"articles"} and all(r.status == "loaded" for r in results)
    meetings = rows(store, "select * from meetings order by source")
    assert len(meetings) == len(results)
    assert all(m["sha256"] and m["source"].endswith(".txt") for m in meetings)
    levels = {m["meeting_level"] for m in meetings}
    assert "institution" in levels and len(levels) >= 2
    # reloading the same files changes nothing
    again = ingest(store, sorted(data.glob("article_*.txt")))
    assert {r.status for r in again} == {"unchanged"}


def test_only_institution_level_meetings_feed_institution_year(store, data):
    ingest(store, sorted(data.glob("article_*.txt")))
    feeding = rows(
        store, "select institution_id, appraisal_year from meetings where meeting_level = 'institution'"
    )
    years = rows(store, "select institution_id, year from institution_year")
    assert {(m["institution_id"], m["appraisal_year"]) for m in feeding} == {
        (y["institution_id"], y["year"]) for y in years
    }


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside the project")
def test_the_seeds_show_up_in_institution_year(store):
    results = ingest(store, [SHARED / "seeds"])
    assert [r.kind for r in results] == ["articles", "articles"]
    got = {(r["institution"], r["year"]): r for r in rows(store, "select * from institution_year")}
    xj = got[("新疆医科大学", 2023)]
    assert (xj["n_onsite"], xj["n_written"], xj["n_units"], str(xj["meeting_date"])) == (
        7,
        27,
        34,
        "2024-01-19",
    )
    assert xj["has_ratings"] is False
    assert ("清华大学", 2015) in got
