"""How long one chart export takes: cold (kaleido starts Chrome for every image) against warm (the one Chromium
dashboard.export keeps behind its lock), and the briefing pack. Run: python bench/export.py [--db PATH]."""

from __future__ import annotations

import argparse
import statistics
import time

import plotly.io as pio
import polars as pl

from dashboard import charts, render
from warehouse.vocabulary import UNIT_TYPES


def _figure():
    rows = [
        {
            "unit_type": t,
            "year": y,
            "value": 0.5 + 0.03 * i + 0.01 * (y - 2020),
            "n_units": 5 + i,
            "median_voters": 40.0,
        }
        for i, t in enumerate(UNIT_TYPES)
        for y in range(2020, 2026)
    ]
    return charts.type_trend_figure(pl.DataFrame(rows), "good_rate")


def _time(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a warehouse for the briefing pack (e.g. one made by `pingyi demo`)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if problem := render.static_export_problem():
        raise SystemExit(problem)
    fig = render.with_caption(_figure(), "各类单位的好评率(按年度)\n筛选:院校:全部;年度:2020–2025")
    size = {"width": int(fig.layout.width), "height": int(fig.layout.height)}
    pio.defaults.headers = None

    # cold: no server, every image starts and stops Chrome
    cold = {
        fmt: _time(lambda fmt=fmt: pio.to_image(fig, format=fmt, **size, scale=2 if fmt == "png" else 1), 3)
        for fmt in ("png", "pdf")
    }
    # warm: the module's server; its first call starts Chromium
    first = _time(lambda: render.figure_bytes(_figure(), "png", caption="x"), 1)[0]
    warm = {
        fmt: _time(lambda fmt=fmt: render.figure_bytes(_figure(), fmt, caption="筛选:全部"), args.runs)
        for fmt in ("png", "svg", "pdf")
    }
    print(f"{'format':8}{'cold (s, median of 3)':>24}{'warm (s, median of ' + str(args.runs) + ')':>24}")
    for fmt in ("png", "svg", "pdf"):
        c = f"{statistics.median(cold[fmt]):.2f}" if fmt in cold else "—"
        print(f"{fmt:8}{c:>24}{statistics.median(warm[fmt]):>24.2f}")
    print(f"first warm call (starts Chromium): {first:.2f} s")
    if args.db:
        from dashboard import pack
        from warehouse import queries
        from warehouse.access import Scope
        from warehouse.store import Store

        con = Store.at(args.db).connect_read_only()
        cur = con.cursor()
        names = queries.institutions(cur, scope=Scope.everything())
        inst, peers = names["institution_id"][0], names["institution_id"][1:4].to_list()
        year = int(names["last_year"][0])
        for fmt in pack.PACK_FORMATS:
            started = time.perf_counter()
            data = pack.briefing_pack(
                cur, scope=Scope.everything(), institution_id=inst, year=year, peers=peers, fmt=fmt
            )
            print(f"pack {fmt}: {len(data) / 1024:.0f} KiB in {time.perf_counter() - started:.1f} s")
        con.close()
    render.stop_server()


if __name__ == "__main__":
    main()
