"""Times reading hostile inputs through etl.sources.grid: a small workbook with 350,000 merged ranges over a
700-row sheet (refused at the default bound, and read with the bound lifted) and a CSV with a 50 M-character
cell. CPU seconds of `read_grids` only (no warehouse), one process per case.

    .venv/bin/python bench/hostile_inputs.py [OUT_DIR]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import xlsxwriter

HEADER = ["学校", "年度", "单位", "好", "较好", "一般", "差"]
TIME_ONE = """
import sys, time
from pathlib import Path
from etl.sources.grid import read_grids
from etl.messages import SourceError
started = time.process_time()
try:
    grids = read_grids(Path(sys.argv[1]))
    outcome = f"read {grids[0].frame.height} rows, {sum(len(g.rejects) for g in grids)} rejected"
except SourceError as err:
    outcome = f"refused: {err.reject.reason}"
print(f"{time.process_time() - started:.2f} s CPU, {outcome}")
"""


def merged_workbook(path: Path, copies: int, rows: int = 700) -> Path:
    base = path.with_suffix(".base.xlsx")
    wb = xlsxwriter.Workbook(base)
    ws = wb.add_worksheet("2023")
    ws.write_row(0, 0, HEADER)
    for i in range(rows):
        ws.write_row(i + 1, 0, ["青峰大学", 2023, f"第{i}党支部", 5, 3, 1, 0])
    wb.close()
    merges = f'<mergeCell ref="A2:G{rows + 1}"/>'.encode() * copies
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"</sheetData><mergeCells>" + merges + b"</mergeCells>")
            dst.writestr(info, data)
    base.unlink()
    return path


def long_cell_csv(path: Path, chars: int = 50_000_000) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(
            ",".join(HEADER)
            + "\n青峰大学,2023,松涛学院,5,3,1,0\n青峰大学,2023,"
            + "长" * chars
            + ",5,3,1,0\n"
        )
    return path


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="pingyi-hostile-"))
    out.mkdir(parents=True, exist_ok=True)
    merged = merged_workbook(out / "merged_350k.xlsx", 350_000)
    csv = long_cell_csv(out / "long_cell.csv")
    cases = [
        (f"350,000 merged ranges ({merged.stat().st_size // 1024} KB), default bound", merged, {}),
        ("350,000 merged ranges, bound lifted to 1,000,000", merged, {"PINGYI_MAX_MERGED_RANGES": "1000000"}),
        (f"CSV with a 50 M-character cell ({csv.stat().st_size // 2**20} MB)", csv, {}),
    ]
    for label, path, env in cases:
        proc = subprocess.run(
            [sys.executable, "-c", TIME_ONE, str(path)],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            cwd=Path(__file__).resolve().parents[1],
            check=False,
        )
        print(f"| {label} | {proc.stdout.strip() or proc.stderr.strip()[-200:]} |")


if __name__ == "__main__":
    main()
