"""Where the browser's page thread spends a metric change and a navigation: the dashboard against the minimal app
(bench/minimal_app.py), attributed twice in real Chromium.

    .venv/bin/python bench/browser_trace.py --db /tmp/prov/pingyi.duckdb [--changes 6] [--navigations 6]

1. A Chrome trace (`devtools.timeline`) of the changes, then of the navigations: the renderer main thread's self
   time by kind (scripting, style and layout, paint and compositing, garbage collection, other) and by event name.
2. A V8 CPU profile (Profiler domain, 100 µs sampling) of the same clicks: the page thread's samples by the
   Streamlit frontend chunk they run in (PlotlyChart, DataFrame, StreamlitMarkdown, the main index bundle …), both
   self (the chunk on top of the stack) and inclusive (the chunk anywhere on the stack: Plotly's own redraws
   called from React count as Plotly).
3. What the server sends: websocket frames and bytes per interaction, and the number of elements on the page.

Same servers, flags, ports and clicks as bench/browser.py; the dashboard then the floor, in one Chromium.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser as bb  # noqa: E402  (bench/browser.py: servers, clicks and waits)
from playwright.sync_api import sync_playwright  # noqa: E402

KINDS = {
    "scripting": {
        "FunctionCall",
        "EvaluateScript",
        "v8.compile",
        "v8.compileModule",
        "v8.evaluateModule",
        "v8.run",
        "v8.callFunction",
        "V8.Execute",
        "TimerFire",
        "EventDispatch",
        "FireAnimationFrame",
        "RunMicrotasks",
        "V8.DeserializeContext",
        "XHRReadyStateChange",
        "FireIdleCallback",
        "ProfileCall",
        "v8.produceCache",
        "v8.produceModuleCache",
    },
    "style+layout": {
        "UpdateLayoutTree",
        "Layout",
        "RecalculateStyles",
        "HitTest",
        "PrePaint",
        "LayoutShift",
        "IntersectionObserverController::computeIntersections",
        "ComputeIntersections",
        "UpdateLayer",
    },
    "paint+composite": {
        "Paint",
        "PaintImage",
        "Layerize",
        "Commit",
        "UpdateLayerTree",
        "CompositeLayers",
        "PaintArtifactCompositor::Update",
        "Decode Image",
        "Draw LazyPixelRef",
    },
}


def kind_of(name: str, cat: str) -> str:
    for kind, names in KINDS.items():
        if name in names:
            return kind
    if "GC" in name or "gc" in cat:
        return "gc"
    if name.startswith("V8.") or name.startswith("v8."):
        return "scripting"
    if name in ("ParseHTML", "ParseAuthorStyleSheet"):
        return "parse"
    return "other"


def main_thread_self(trace: dict) -> tuple[dict[str, float], dict[str, float], float]:
    """Self thread time (s) on the page's renderer main thread, by kind and by event name, and the total."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    mains = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    # the page's renderer: the main thread with the most complete events
    counts = collections.Counter((e["pid"], e["tid"]) for e in events if e.get("ph") == "X")
    main = max(mains, key=lambda k: counts.get(k, 0))
    spans = []
    for e in events:
        if (e.get("pid"), e.get("tid")) != main or e.get("ph") != "X" or "dur" not in e:
            continue
        spans.append((e["ts"], e["ts"] + e["dur"], e.get("tdur", e["dur"]), e["name"], e.get("cat", "")))
    spans.sort(key=lambda s: (s[0], -s[1]))
    by_kind: dict[str, float] = collections.defaultdict(float)
    by_name: dict[str, float] = collections.defaultdict(float)
    stack: list[list] = []  # [end, own thread time, name, cat, children's thread time]

    def close(entry) -> None:
        own = max(entry[1] - entry[4], 0.0)
        by_kind[kind_of(entry[2], entry[3])] += own / 1e6
        by_name[entry[2]] += own / 1e6
        if stack:
            stack[-1][4] += entry[1]

    for start, end, tdur, name, cat in spans:
        while stack and stack[-1][0] <= start:
            close(stack.pop())
        stack.append([end, tdur, name, cat, 0.0])
    while stack:
        close(stack.pop())
    top_total = sum(by_kind.values())
    return dict(by_kind), dict(by_name), top_total


def chunk(url: str) -> str:
    if not url:
        return "(native/none)"
    name = url.rsplit("/", 1)[-1]
    return name.split(".")[0] or name


def profile_owners(profile: dict) -> tuple[dict[str, float], dict[str, float], float]:
    """Seconds of samples by chunk: self (top frame) and inclusive (anywhere on the stack)."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {}
    for n in profile["nodes"]:
        for c in n.get("children", []):
            parent[c] = n["id"]
    deltas = profile["timeDeltas"]
    samples = profile["samples"]
    self_t: dict[str, float] = collections.defaultdict(float)
    incl_t: dict[str, float] = collections.defaultdict(float)
    total = 0.0
    cache: dict[int, set[str]] = {}

    def owners(node_id: int) -> set[str]:
        if node_id in cache:
            return cache[node_id]
        out = set()
        n = node_id
        while n is not None:
            url = nodes[n]["callFrame"].get("url", "")
            if url:
                out.add(chunk(url))
            n = parent.get(n)
        cache[node_id] = out
        return out

    for i, sid in enumerate(samples):
        dt = (deltas[i + 1] if i + 1 < len(deltas) else 0) / 1e6
        frame = nodes[sid]["callFrame"]
        fn = frame.get("functionName", "")
        if fn == "(idle)":
            continue
        total += dt
        self_t[chunk(frame.get("url", "")) if frame.get("url") else fn or "(anonymous)"] += dt
        for o in owners(sid):
            incl_t[o] += dt
    return dict(self_t), dict(incl_t), total


def count_elements(page) -> dict:
    return page.evaluate(
        """() => ({
          elements: document.querySelectorAll('[data-testid="stElementContainer"]').length,
          dom_nodes: document.getElementsByTagName('*').length,
          plotly_charts: document.querySelectorAll('.js-plotly-plot').length,
          plotly_svg_nodes: Array.from(document.querySelectorAll('.js-plotly-plot'))
              .reduce((a, p) => a + p.getElementsByTagName('*').length, 0),
          sidebar_nodes: (document.querySelector('[data-testid="stSidebar"]') || {getElementsByTagName: () => []})
              .getElementsByTagName('*').length,
          buttons: document.querySelectorAll('button').length,
        })"""
    )


def clicks(page, what: str, n: int):
    """One metric change or navigation per i, each until settled (as bench/browser.py times them)."""
    for i in range(n):
        title = page.locator(bb.TITLE).first.text_content()
        if what == "change":
            page.get_by_text(bb.METRIC_LABELS[i % 2], exact=True).click()
        else:
            page.locator("[data-testid='stSidebarNav'] a", has_text=bb.PAGES[i % 2]).first.click()
        bb.settle(page, title, 30_000)
        page.wait_for_timeout(800)
        yield i


def measure(app: str, db: Path, browser, changes: int, navigations: int, out_dir: Path | None) -> dict:
    port = bb.PORTS[app]
    if not bb.port_free(port):
        raise RuntimeError(f"port {port} is in use")
    cmd, env = bb.server_command(app, db, port)
    url = f"http://127.0.0.1:{port}/" + ("compare" if app == "dashboard" else "")
    server = subprocess.Popen(
        cmd,
        cwd=bb.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    result: dict = {}
    try:
        bb.wait_healthy(port, server)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        page = context.new_page()
        frames: list[tuple[str, int]] = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(("in", len(p)))))
        page.goto(url)
        page.wait_for_selector(bb.CHART, timeout=120_000)
        page.wait_for_selector(bb.IDLE, timeout=60_000)
        page.wait_for_timeout(1500)
        result["page"] = count_elements(page)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        for what, n in (("change", changes), ("nav", navigations)):
            # 1. trace
            browser.start_tracing(
                page=page,
                categories=[
                    "devtools.timeline",
                    "disabled-by-default-devtools.timeline",
                    "v8",
                    "blink.user_timing",
                ],
            )
            c0 = bb.thread_time(cdp)
            before = len(frames)
            for _ in clicks(page, what, n):
                pass
            cpu = (bb.thread_time(cdp) - c0) / n
            raw = browser.stop_tracing()
            got = frames[before:]
            trace = json.loads(raw)
            if out_dir:
                (out_dir / f"{app}_{what}.trace.json").write_bytes(raw)
            kinds, names, total = main_thread_self(trace)
            result[what] = {
                "thread_time_per": cpu,
                "trace_main_thread_per": total / n,
                "kinds_per": {k: v / n for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])},
                "names_per": {k: v / n for k, v in sorted(names.items(), key=lambda kv: -kv[1])[:14]},
                "ws_frames_per": len(got) / n,
                "ws_bytes_per": sum(b for _, b in got) / n,
            }
            # 2. JS CPU profile of the same clicks
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 100})
            cdp.send("Profiler.start")
            for _ in clicks(page, what, n):
                pass
            profile = cdp.send("Profiler.stop")["profile"]
            cdp.send("Profiler.disable")
            if out_dir:
                (out_dir / f"{app}_{what}.cpuprofile").write_text(json.dumps(profile))
            self_t, incl_t, total = profile_owners(profile)
            result[what]["profile_total_per"] = total / n
            result[what]["self_per"] = {
                k: v / n for k, v in sorted(self_t.items(), key=lambda kv: -kv[1])[:12]
            }
            result[what]["inclusive_per"] = {
                k: v / n for k, v in sorted(incl_t.items(), key=lambda kv: -kv[1])[:12]
            }
        result["page_after"] = count_elements(page)
        context.close()
    finally:
        bb.stop(server)
    return result


def print_result(name: str, r: dict) -> None:
    print(f"\n## {name}: page {r['page']}")
    for what in ("change", "nav"):
        x = r[what]
        print(
            f"### {what}: ThreadTime {x['thread_time_per']:.3f} s, trace main-thread {x['trace_main_thread_per']:.3f} s, "
            f"JS profile (non-idle) {x['profile_total_per']:.3f} s; websocket {x['ws_frames_per']:.1f} frames, "
            f"{x['ws_bytes_per'] / 1024:.1f} KiB per interaction"
        )
        print("  by kind:", ", ".join(f"{k} {v:.3f}" for k, v in x["kinds_per"].items()))
        print("  by event:", ", ".join(f"{k} {v:.3f}" for k, v in x["names_per"].items()))
        print("  JS self by chunk:", ", ".join(f"{k} {v:.3f}" for k, v in x["self_per"].items()))
        print("  JS inclusive by chunk:", ", ".join(f"{k} {v:.3f}" for k, v in x["inclusive_per"].items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--changes", type=int, default=6)
    parser.add_argument("--navigations", type=int, default=6)
    parser.add_argument("--apps", default="dashboard,floor")
    parser.add_argument("--traces", type=Path, help="also keep the raw traces in this folder")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.traces:
        args.traces.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=bb.ARGS)
        try:
            for app in args.apps.split(","):
                out[app] = measure(
                    app, args.db.absolute(), browser, args.changes, args.navigations, args.traces
                )
                print_result(app, out[app])
        finally:
            browser.close()
    print(
        f"\nload average {load:.1f} → {os.getloadavg()[0]:.1f}, {time.strftime('%H:%M UTC', time.gmtime())}"
    )
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
