"""Where a slider move's time goes (run.py --phases): the browser's and the server's clocks on
one timeline, each setup with and without the post-script gc, and a profile of the overview."""

from __future__ import annotations

import io
import json
import pstats
import sys
import tempfile
from pathlib import Path

from _browser import METRICS_QUERY, NEEDS, SliderProbe, open_page
from _common import APP, BENCH, FLOOR_APP, FLOOR_SIDEBAR_APP, ROOT, median, project_post_script_gc, streamlit_server


def run_phases(browser, n: int) -> None:
    """Where a slider move's time goes: one timeline from the browser's and the server's clocks.

    The servers run under benchmarks/_phase_server.py, which stamps (wall clock) when each
    rerun request arrives, when the script starts, when its body ends and when the run ends
    (after Streamlit's post-run cleanup, including gc.collect(2) when postScriptGC is on). The
    page stamps the key press, each websocket message and the DOM update. Same machine, same
    clock: every column is ms after the key press (medians).
    """
    launcher = [sys.executable, str(BENCH / "_phase_server.py")]
    project_gc = project_post_script_gc()
    print(f"\nPhase breakdown: {n} keyboard slider changes per setup (after 3 warm-up); this project's "
          f".streamlit/config.toml has runner.postScriptGC={str(project_gc).lower()}")
    head = ("setup", "DOM", "srv got", "start", "body end", "run end", "1st sent", "1st msg", "last sent",
            "last msg", "msgs", "body", "sidebar", "page", "gc")
    print(f"{head[0]:<34}" + "".join(f"{h:>10}" for h in head[1:]))
    print("-" * (34 + 10 * (len(head) - 1)))
    setups = []
    for gc_on in (project_gc, not project_gc):
        tag = f"gc {'on' if gc_on else 'off'}{' (project)' if gc_on == project_gc else ''}"
        setups += [
            (f"floor, {tag}", FLOOR_APP, gc_on, "", "x", "floor", 1, NEEDS["floor"]),
            (f"floor+sidebar, {tag}", FLOOR_SIDEBAR_APP, gc_on, "", "x", "floor", 1, NEEDS["floor"]),
            (f"app / metrics, {tag}", APP, gc_on, METRICS_QUERY, "share_rate", "headline", 4, NEEDS["overview"]),
            (f"app /sensitivity, {tag}", APP, gc_on, "sensitivity", "share_rate", "charts", 2,
             NEEDS["sensitivity"]),
        ]
    profile_text = None
    with tempfile.TemporaryDirectory() as tmp:
        for i, (label, app, gc_on, url, key, kind, expect, need) in enumerate(setups):
            logf = Path(tmp) / f"{i}.jsonl"
            Path(str(logf) + ".sends").write_text("")
            extra = [f"--runner.postScriptGC={str(gc_on).lower()}"]
            env = {"BENCH_PHASE_LOG": str(logf), **({"BENCH_APP_TIMERS": "1"} if app == APP else {})}
            with streamlit_server(app, extra, launcher=launcher, env=env) as srv:
                probe = SliderProbe(open_page(browser, srv.base + url, need), key, kind, expect, lever=app == APP)
                for _ in range(3):
                    probe.change()
                probe.phases.clear()
                logf.write_text("")
                Path(str(logf) + ".sends").write_text("")
                for _ in range(n):
                    probe.change()
                probe.page.context.close()
                recs = [json.loads(line) for line in logf.read_text().splitlines()]
                sends = [float(line.split()[0]) for line in Path(str(logf) + ".sends").read_text().splitlines()]
            cols: dict[str, list[float]] = {h: [] for h in head[1:]}
            keys = [ph["key_epoch"] for ph in probe.phases] + [float("inf")]
            for j, ph in enumerate(probe.phases):
                k = ph["key_epoch"]
                mine = [t for t in sends if k <= t < min(keys[j + 1], k + 10)]
                if mine:
                    cols["1st sent"].append((mine[0] - k) * 1000)
                    cols["last sent"].append((mine[-1] - k) * 1000)
                rec = next((r for r in recs if k - 0.005 <= r["recv_epoch"] <= k + 10), None)
                if rec is None:
                    continue
                cols["DOM"].append(ph["dom_ms"])
                cols["srv got"].append((rec["recv_epoch"] - k) * 1000)
                cols["start"].append((rec["start_epoch"] - k) * 1000)
                cols["body end"].append((rec["body_end_epoch"] - k) * 1000)
                cols["run end"].append((rec["end_epoch"] - k) * 1000)
                if ph["all_msgs_ms"]:
                    cols["1st msg"].append(ph["all_msgs_ms"][0])
                    cols["last msg"].append(ph["all_msgs_ms"][-1])
                    cols["msgs"].append(len(ph["all_msgs_ms"]))
                cols["body"].append(rec["body_ms"])
                if app == APP:
                    cols["sidebar"].append(rec["sidebar_ms"])
                    cols["page"].append(rec["page_ms"])
                cols["gc"].append(rec["gc_ms"])
            print(f"{label:<34}" + "".join(f"{median(cols[h]):>10.1f}" if cols[h] else f"{'-':>10}"
                                            for h in head[1:]))
            if kind == "headline" and gc_on == project_gc:  # a second pass under cProfile
                prof = Path(tmp) / "overview.prof"
                with streamlit_server(app, extra, launcher=launcher, env={"BENCH_PROFILE": str(prof)}) as srv:
                    probe = SliderProbe(open_page(browser, srv.base + url, need), key, kind, expect, lever=app == APP)
                    for _ in range(n):
                        probe.change()
                    probe.page.context.close()
                if prof.exists():
                    buf = io.StringIO()
                    pstats.Stats(str(prof), stream=buf).sort_stats("cumulative").print_stats(30)
                    profile_text = buf.getvalue()
    print("floor+sidebar = benchmarks/floor_sidebar_app.py: the floor with a sidebar of the app's\n"
          "widget kinds and counts (35 inputs in 5 expanders), no project code.")
    print("Timeline columns, ms after the key press: DOM = every watched text changed (the figure run.py\n"
          "reports); srv got = the rerun request reaches the server; start = script starts; body end = page\n"
          "script done; run end = after post-run cleanup (gc.collect(2) if on); 1st/last sent = the server\n"
          "hands the rerun's first/last websocket frame to the socket; 1st/last msg = the page's JavaScript\n"
          "receives them (later when the page is busy rendering). msgs = frames per rerun. Durations: body,\n"
          "its parts in our app (sidebar = advocacy_ui.state.render_sidebar, page = the page script), gc.")
    if profile_text:
        lines = profile_text.splitlines()
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
        print(f"\ncProfile of the script thread, app / (overview), {n - 3} reruns after 3 unprofiled, "
              "project config (top 30 by cumulative time; cProfile slows the calls it counts):")
        print("\n".join(line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/lib/python3.11/site-packages/", "")
                        for line in lines[start:]))
