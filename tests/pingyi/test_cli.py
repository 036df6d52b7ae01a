"""`pingyi ingest` as a user runs it: summary lines, exit codes, where to see rejects."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from pingyi.cli import app

runner = CliRunner()


def test_ingest_prints_one_line_per_file_and_exits_0(tmp_path, data):
    db = tmp_path / "w.duckdb"
    result = runner.invoke(
        app, ["ingest", str(data / "ratings_canonical.csv"), str(data / "ratings_bad.csv"), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("loaded")]
    assert len(lines) == 2
    assert "ratings_bad.csv: read 12, loaded 1, rejected 11, batch b" in result.output
    assert "etl_rejects" in result.output
    assert "参评人数超过" in result.output or "超过参评人数" in result.output


def test_ingest_exit_1_when_a_file_cannot_load(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("nothing here\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("failed")
    assert "no recognisable header row" in result.output


def test_ingest_exit_2_for_usage_errors(tmp_path):
    assert runner.invoke(app, ["ingest", str(tmp_path / "missing.csv")]).exit_code == 2
    assert runner.invoke(app, ["ingest", str(tmp_path), "--kind", "nonsense"]).exit_code == 2


def test_dry_run_says_so_and_writes_nothing(tmp_path, data):
    folder = tmp_path / "in" / "nested"
    folder.mkdir(parents=True)
    for name in (
        "ratings_canonical.csv",
        "ratings_bad.csv",
        "ratings_gb18030.csv",
        "ratings_scores.csv",
        "ratings_bom_english.csv",
        "ratings_title.xlsx",
    ):
        shutil.copy(data / name, folder / name)
    (folder / "~$ratings_title.xlsx").write_bytes(b"lock file of an open workbook")
    (folder / "readme.md").write_text("not a ratings file", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--dry-run"])
    assert "dry run" in result.output
    assert not db.exists()
    assert result.output.count("dry-run") == 6  # every fixture in the folder, walked


def test_db_defaults_to_the_environment(tmp_path, data, monkeypatch):
    monkeypatch.setenv("PINGYI_DB", str(tmp_path / "env.duckdb"))
    result = runner.invoke(app, ["ingest", str(data / "ratings_scores.csv")])
    assert result.exit_code == 0
    assert (tmp_path / "env.duckdb").is_symlink()


def test_extract_article_prints_json(data):
    import json

    result = runner.invoke(app, ["extract-article", str(data / "article_university_split.txt"), "--json"])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)
    assert set(facts) >= {
        "institution",
        "meeting_level",
        "appraisal_year",
        "meeting_date",
        "meeting_date_inferred",
        "onsite_count",
        "written_count",
        "total_units",
        "onsite_units",
        "unit_types",
        "rating_scale",
        "ballot_weights",
        "rater_groups",
        "chair",
        "evidence",
    }
    assert facts["evidence"] and all(isinstance(v, str) for v in facts["evidence"].values())
    assert runner.invoke(app, ["extract-article", str(data / "missing.txt")]).exit_code == 2


def test_rollback_undoes_the_last_load(tmp_path, data):
    db = str(tmp_path / "w.duckdb")
    runner.invoke(app, ["ingest", str(data / "ratings_canonical.csv"), "--db", db])
    runner.invoke(app, ["ingest", str(data / "ratings_scores.csv"), "--db", db])
    result = runner.invoke(app, ["rollback", "--db", db])
    assert result.exit_code == 0 and "ratings_scores.csv" in result.output
    import duckdb

    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("select count(*) from etl_batches").fetchall() == [(1,)]
    assert runner.invoke(app, ["rollback", "--db", db]).exit_code == 1


def test_label_names_the_batch_source_instead_of_the_path(tmp_path, data):
    import duckdb

    db = tmp_path / "w.duckdb"
    args = ["ingest", str(data / "ratings_canonical.csv"), str(data / "ratings_bad.csv"), "--db", str(db)]
    assert runner.invoke(app, [*args, "--label", "ratings_bad"]).exit_code == 2  # FILE=NAME or nothing
    result = runner.invoke(app, [*args, "--label", "ratings_bad.csv=青石大学 2021 测评表.csv"])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        sources = sorted(r[0] for r in con.execute("select source from etl_batches").fetchall())
    assert sources == sorted([str(data / "ratings_canonical.csv"), "青石大学 2021 测评表.csv"])


def test_loaded_by_names_who_loaded_and_who_rolled_back(tmp_path, data, monkeypatch):
    """The upload page passes the logged-in user as --loaded-by (no environment variable for the child)."""
    import duckdb

    from warehouse import audit

    monkeypatch.setenv("PINGYI_USER", "from-the-environment")
    db = tmp_path / "w.duckdb"
    assert runner.invoke(app, ["ingest", str(data / "ratings_canonical.csv"), "--db", str(db)]).exit_code == 0
    args = ["ingest", str(data / "ratings_scores.csv"), "--db", str(db), "--loaded-by", " 王 小明\n"]
    assert runner.invoke(app, args).exit_code == 0
    with duckdb.connect(str(db), read_only=True) as con:
        who = [r[0] for r in con.execute("select loaded_by from etl_batches order by loaded_at").fetchall()]
    assert who == ["from-the-environment", "王 小明"]
    result = runner.invoke(app, ["rollback", "--db", str(db), "--loaded-by", "李四"])
    assert result.exit_code == 0, result.output
    [entry] = audit.read(db, events=["rollback"])
    assert (entry["user"], entry["outcome"]) == ("李四", "ok")
