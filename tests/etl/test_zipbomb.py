"""Workbooks that would unpack to absurd sizes, or whose bytes do not match their extension, are refused before any
reader opens them: a failed batch with a bilingual message naming the file, nothing loaded."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from etl.load import ingest
from etl.messages import SourceError
from etl.sources import grid
from etl.sources.grid import read_grids

from .conftest import rows

REPO = Path(__file__).resolve().parents[2]


def _bomb(path: Path, size: int = 20 * 2**20) -> Path:
    """A zip named .xlsx with one highly compressible worksheet of `size` bytes (about 1000:1)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<row>" + b" " * size + b"</row>")
    return path


def test_a_zip_bomb_is_refused_and_nothing_loads(tmp_path, store, data):
    bomb = _bomb(tmp_path / "青石大学2021.xlsx")
    assert bomb.stat().st_size < 2**20
    results = ingest(store, [data / "ratings_canonical.csv", bomb])
    by_file = {Path(r.source).name: r for r in results}
    failed = by_file[bomb.name]
    assert failed.status == "failed" and failed.rows_loaded == 0
    assert [r.reason for r in failed.rejects] == ["zip_bomb"]
    message = failed.rejects[0]
    assert "文件 青石大学2021.xlsx" in message.message_zh and "解压后大得不合理" in message.message_zh
    assert "file 青石大学2021.xlsx" in message.message_en and "implausible size" in message.message_en
    assert by_file["ratings_canonical.csv"].status == "loaded"  # the other file is not sunk
    batches = rows(store, "select source, status, rows_loaded from etl_batches")
    assert sorted((Path(b["source"]).name, b["status"], b["rows_loaded"]) for b in batches) == sorted(
        [
            ("ratings_canonical.csv", "loaded", by_file["ratings_canonical.csv"].rows_loaded),
            (bomb.name, "failed", 0),
        ]
    )
    rejects = rows(store, "select reason, message_en from etl_rejects where reason = 'zip_bomb'")
    assert len(rejects) == 1 and bomb.name in rejects[0]["message_en"]


def test_the_command_line_refuses_it_too(tmp_path):
    bomb = _bomb(tmp_path / "bomb.xlsx")
    db = tmp_path / "w.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "pingyi", "ingest", str(bomb), "--db", str(db), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    (file,) = report["files"]
    assert (file["status"], file["rows_loaded"], file["rejects"][0]["reason"]) == ("failed", 0, "zip_bomb")
    assert "bomb.xlsx" in file["rejects"][0]["message_en"]


def test_total_unpacked_size_is_limited(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:  # no compression: ratio 1:1
        for i in range(4):
            z.writestr(f"xl/worksheets/sheet{i}.xml", b"x" * 4096)
    with pytest.raises(SourceError) as err:
        grid.check_container(path, grid.Limits(unzipped_bytes=10_000))
    assert err.value.reject.reason == "zip_bomb" and "many.xlsx" in str(err.value)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("not_a_zip.xlsx", "学校,年度,单位,好\n青石大学,2021,文学院,5\n".encode()),
        ("not_ole.xls", b"<html><table><tr><td>x</td></tr></table></html>"),
    ],
)
def test_content_must_match_the_extension(tmp_path, store, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError) as err:
        read_grids(path)
    assert err.value.reject.reason == "content_mismatch"
    assert f"file {name}" in err.value.reject.message_en and "does not match its extension" in str(err.value)
    (result,) = ingest(store, [path])
    assert result.status == "failed" and result.rows_loaded == 0


def test_a_damaged_zip_is_unreadable(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(SourceError) as err:
        read_grids(path)
    assert err.value.reject.reason == "unreadable_file" and "damaged workbook" in str(err.value)


def test_honest_workbooks_still_read(data):
    assert read_grids(data / "ratings_band.xlsx")
    assert read_grids(data / "ratings_old.xls")


def test_a_word_report_that_is_a_zip_bomb_is_refused(tmp_path, store):
    bomb = tmp_path / "化学学院述职报告.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (20 * 2**20) + b"</w:document>")
    (result,) = ingest(store, [bomb], kind="reports")
    assert result.status == "failed" and result.rows_loaded == 0
    assert [r.reason for r in result.rejects] == ["zip_bomb"]
    assert bomb.name in result.rejects[0].message_en


def _lying(path: Path, claimed: int = 1000, size: int = 30 * 2**20, entries: int = 1) -> Path:
    """A zip named .xlsx whose entries inflate to `size` bytes each but whose headers (local and central)
    claim `claimed`: what the archive says is not what it holds."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for i in range(entries):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", b"<row>" + b" " * size + b"</row>")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        offsets = [e.header_offset for e in z.infolist() if e.filename.startswith("xl/")]
    for offset in offsets:  # local header: uncompressed size at +22
        data[offset + 22 : offset + 26] = claimed.to_bytes(4, "little")
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:  # central directory: uncompressed size at +24
        name_len = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_len].startswith(b"xl/"):
            data[start + 24 : start + 28] = claimed.to_bytes(4, "little")
        start += 4
    path.write_bytes(bytes(data))
    return path


def test_an_archive_that_lies_about_its_sizes_is_still_refused(tmp_path, store):
    bomb = _lying(tmp_path / "青石大学2022.xlsx")
    with zipfile.ZipFile(bomb) as z:  # what the old guard looked at: small, harmless-looking sizes
        assert sum(e.file_size for e in z.infolist()) < 10_000
    with pytest.raises(SourceError) as err:
        grid.check_container(bomb)
    assert err.value.reject.reason == "zip_bomb"
    (result,) = ingest(store, [bomb])
    assert (result.status, result.rows_loaded, [r.reason for r in result.rejects]) == (
        "failed",
        0,
        ["zip_bomb"],
    )


def test_the_total_counts_inflated_bytes_not_claimed_ones(tmp_path):
    path = _lying(tmp_path / "many.xlsx", size=2 * 2**20, entries=4)  # 8 MB in all, each under the ratio rule
    grid.check_container(path, grid.Limits(unzipped_bytes=20 * 2**20))  # under the bound: accepted
    with pytest.raises(SourceError) as err:
        grid.check_container(path, grid.Limits(unzipped_bytes=5 * 2**20))
    assert err.value.reject.reason == "zip_bomb" and "more than" in err.value.reject.message_en


def test_the_guard_stops_inflating_at_the_bound(tmp_path):
    """A 256 MB entry is not inflated to the end: the guard stops just past the bound."""
    path = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            block = b" " * 2**20
            for _ in range(256):
                entry.write(block)
    with zipfile.ZipFile(path) as z:
        (info,) = z.infolist()
        fh = z.fp
        assert grid._inflated_size(z, fh, info, 3 * 2**20) <= 4 * 2**20
