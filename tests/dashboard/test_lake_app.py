"""The dashboard over a Parquet lake (`pingyi serve --lake DIR` passes --lake to the server; PINGYI_LAKE here)
shows the same 总览 as over the DuckDB file it was exported from: every KPI card, heading and table, for every institution of the fixture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP, logged_in
from warehouse import lake


@pytest.fixture(scope="module")
def lake_dir(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lake") / "lake"
    lake.export_lake(warehouse, root)
    return root


def _records(frame) -> list[dict]:
    """A shown table as rows, NaN as None (NaN never equals itself)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _overview(institution: str | None = None) -> dict[str, object]:
    """What 总览 shows for one institution: title, headings, KPI cards, captions and tables."""
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    assert not at.exception, at.exception
    if institution is not None:
        at.selectbox(key="overview_institution").set_value(institution).run(timeout=60)
        assert not at.exception, at.exception
    return {
        "title": [t.value for t in at.title],
        "subheaders": [s.value for s in at.subheader],
        "metrics": [(m.label, m.value, m.delta) for m in at.metric],
        "captions": [c.value for c in at.caption],
        "tables": [_records(d.value) for d in at.dataframe],
        "years": at.selectbox(key="overview_year").options,
        "institutions": at.selectbox(key="overview_institution").options,
    }


@pytest.mark.parametrize("mode", ["cached", "direct"])
def test_overview_over_the_lake_matches_the_file(
    monkeypatch, warehouse: Path, lake_dir: Path, ids, mode, tmp_path
):
    monkeypatch.setenv("PINGYI_DB", str(warehouse))
    monkeypatch.delenv("PINGYI_LAKE", raising=False)
    on_file = {name: _overview(iid) for name, iid in sorted(ids.items())}

    # the lake alone: the DuckDB file is out of reach, so nothing can come from it by accident
    monkeypatch.setenv("PINGYI_DB", str(lake_dir / "no-such-warehouse.duckdb"))
    monkeypatch.setenv("PINGYI_LAKE", str(lake_dir))
    monkeypatch.setenv("PINGYI_LAKE_MODE", mode)
    monkeypatch.setenv(lake.CACHE_ENV, str(tmp_path / "cache"))
    on_lake = {name: _overview(iid) for name, iid in sorted(ids.items())}
    # cached: the replica built one local copy of the current snapshot and served from it; direct: no copy
    copies = sorted(p.name for p in (tmp_path / "cache").glob("*.duckdb")) if mode == "cached" else []
    assert (tmp_path / "cache").exists() == (mode == "cached")
    if mode == "cached":
        assert len(copies) == 1 and lake.snapshot(str(lake_dir)).id in copies[0], copies

    for name in on_file:
        for part in on_file[name]:
            assert on_lake[name][part] == on_file[name][part], (name, part)
    # the comparison is about real figures: each institution shows its KPI cards
    assert all(len(shown["metrics"]) == 6 for shown in on_file.values()), on_file
    qinglan = on_lake["青岚大学"]["metrics"]
    assert qinglan[2] == ("平均得分", "87.2", "+2.8 分")


def test_lake_mode_is_read_only_and_keyed_by_snapshot(monkeypatch, warehouse: Path, lake_dir: Path):
    from dashboard import data

    monkeypatch.delenv("PINGYI_LAKE", raising=False)
    assert not data.read_only()
    monkeypatch.setenv("PINGYI_LAKE", str(lake_dir))
    assert data.read_only() and "只读" in data.READ_ONLY_MESSAGE
    first = data.current_version()
    assert first == lake.version_key(str(lake_dir)) and first.startswith(lake.KEY_PREFIX)
    lake.export_lake(warehouse, lake_dir)  # a new snapshot: a new key, so the caches refresh
    assert data.current_version() not in (None, first)
    monkeypatch.setenv("PINGYI_LAKE", str(lake_dir / "missing"))
    assert data.current_version() is None


def test_export_lake_and_serve_lake_from_the_command_line(warehouse: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from pingyi.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["export", "lake", str(tmp_path / "lake"), "--db", str(warehouse)])
    assert result.exit_code == 0, result.output
    assert re.search(r"appraisal\s+20 rows\s+\d+ files", result.output), result.output
    assert "快照 / snapshot" in result.output and (tmp_path / "lake" / lake.CURRENT).is_file()

    result = runner.invoke(
        app, ["export", "lake", str(tmp_path / "x"), "--db", str(tmp_path / "none.duckdb")]
    )
    assert result.exit_code == 1 and "没有找到数据仓库" in result.output
    # serving a lake that is not there stops before starting Streamlit
    result = runner.invoke(app, ["serve", "--lake", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "没有找到数据湖 / no lake at" in result.output
    result = runner.invoke(app, ["serve", "--lake", str(tmp_path / "lake"), "--lake-mode", "fast"])
    assert result.exit_code == 2 and "--lake-mode" in result.output and "cached, direct" in result.output
    # cached mode builds the local copy before Streamlit starts: a damaged snapshot stops there, and no copy stays
    next((tmp_path / "lake" / "snapshots").glob("*/institutions/*.parquet")).write_bytes(b"not parquet")
    result = runner.invoke(
        app, ["serve", "--lake", str(tmp_path / "lake")], env={lake.CACHE_ENV: str(tmp_path / "cache")}
    )
    assert result.exit_code == 1 and "数据湖表 institutions 无法读取 / table institutions" in result.output, (
        result.output
    )
    assert not list((tmp_path / "cache").glob("*.duckdb*"))


def test_no_loads_over_a_lake(monkeypatch, lake_dir: Path, tmp_path: Path):
    """A replica serves a read-only snapshot: admins get no 数据载入 page, and opened directly it explains why
    instead of offering an upload (which would have gone into some other warehouse)."""
    from dashboard import data

    monkeypatch.setenv("PINGYI_DB", str(tmp_path / "no-such-warehouse.duckdb"))
    monkeypatch.setenv("PINGYI_LAKE", str(lake_dir))
    monkeypatch.setenv(lake.CACHE_ENV, str(tmp_path / "cache"))
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    assert not at.exception, at.exception
    with pytest.raises(Exception):  # noqa: B017 - the page is not registered over a lake
        at.switch_page("app_pages/admin.py").run(timeout=60)
    direct = logged_in(AppTest.from_file(str(APP.parent / "app_pages" / "admin.py"))).run(timeout=60)
    assert [i.value for i in direct.info] == [data.READ_ONLY_MESSAGE]  # Chinese mode: Chinese only
    assert len(direct.file_uploader) == 0
    assert not (tmp_path / "no-such-warehouse.duckdb").exists()
