"""Benchmark the app against a bare Streamlit page (the floor), in real Chromium.

    .venv/bin/python benchmarks/run.py [--quick] [--out benchmarks/results/latest.json]
    .venv/bin/python benchmarks/run.py --phases            # where a slider move's time goes
    .venv/bin/python benchmarks/run.py --compare OLD.json NEW.json

Everything runs on this machine: `streamlit run` servers on 127.0.0.1 (free ports, headless,
no file watcher), Debian's Chromium through Playwright with every non-loopback host name
unresolvable. Each figure is printed with its ratio to the floor app (benchmarks/floor_app.py)
measured in the same run, then the targets as PASS/FAIL; the JSON keeps the raw samples.
See benchmarks/README.md for what each figure means. One module per measurement
(latency, first_render, reruns, calculation, memory; phases for --phases), report.py for the
report and --compare, _common.py and _browser.py the shared harness.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))
from _browser import BROWSER_ARGS, METRICS_QUERY, VIEWPORT, log  # noqa: E402
from _common import (APP, CHROMIUM, FLOOR_APP, QuietMeter, machine_info, project_post_script_gc,  # noqa: E402
                     quiet_verdict, streamlit_server, wait_for_quiet)
from calculation import measure_calc  # noqa: E402
from first_render import measure_first_render  # noqa: E402
from latency import measure_sliders  # noqa: E402
from memory import measure_memory  # noqa: E402
from phases import run_phases  # noqa: E402
from report import compare, print_report  # noqa: E402
from reruns import measure_apptest  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (10 slider changes, 3 render rounds)")
    ap.add_argument("--out", default=str(BENCH / "results" / "latest.json"), help="where to write the JSON")
    ap.add_argument("--max-load", type=float, default=0.7 * (os.cpu_count() or 1),
                    help="wait until the 1-minute load average is below this (default 0.7 x CPUs)")
    ap.add_argument("--max-wait", type=float, default=600, help="give up waiting for quiet after this many s")
    ap.add_argument("--phases", action="store_true", help="only the phase breakdown of a slider move, with a profile")
    ap.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"), help="compare two JSON results and exit")
    args = ap.parse_args()

    if args.compare:
        compare(*args.compare)
        return
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing (apt-get install chromium); nothing measured")
    load = wait_for_quiet(args.max_load, args.max_wait, log)
    if load > args.max_load:
        log(f"warning: load average still {load:.2f}; figures will be noisy")

    from playwright.sync_api import sync_playwright

    n_changes = 10 if args.quick else 30
    reps = 3 if args.quick else 7
    if args.phases:
        meter = QuietMeter()
        m = machine_info()
        print(f"{m['timestamp']}  git {m['git_commit'][:10]}{' (dirty)' if m['git_dirty'] else ''}  "
              f"streamlit {m['streamlit']}  {m['cpu']} x{m['cpus']}")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
            try:
                run_phases(browser, n_changes)
            finally:
                browser.close()
        print(f"\nWhile measuring: {quiet_verdict(meter.stop())}")
        return

    started = time.monotonic()
    res: dict[str, Any] = {"machine": machine_info(),
                           "config": {"quick": args.quick, "slider_changes": n_changes, "render_reps": reps,
                                      "memory_sessions": [1, 5, 20], "metrics_query": METRICS_QUERY,
                                      "viewport": VIEWPORT, "browser_args": BROWSER_ARGS,
                                      "post_script_gc": project_post_script_gc()},
                           "quiet": {}}
    whole = QuietMeter()

    def phase(name: str, what: str, fn):
        log(what)
        meter = QuietMeter()
        try:
            return fn()
        finally:
            res["quiet"][name] = meter.stop()

    res["calc"] = phase("calc", "calculation (timeit) ...", lambda: measure_calc(args.quick))
    res["apptest"] = phase("apptest", "server reruns (AppTest) ...", lambda: measure_apptest(n_changes))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        try:
            res["memory"] = phase("memory", "memory with 1, 5, 20 browser sessions (fresh servers) ...",
                                  lambda: measure_memory(browser, (1, 5, 20)))
            with ExitStack() as stack:
                floor = stack.enter_context(streamlit_server(FLOOR_APP))
                app = stack.enter_context(streamlit_server(APP))
                run_log = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "runs.jsonl"
                logged = stack.enter_context(streamlit_server(
                    APP, launcher=[sys.executable, str(BENCH / "_phase_server.py")],
                    env={"BENCH_PHASE_LOG": str(run_log), "BENCH_LOG_SENDS": "0"}))
                res["first_render"] = phase("first_render", f"first render, {reps} rounds (+1 warm-up) ...",
                                            lambda: measure_first_render(browser, floor.base, app.base, reps))
                res["sliders"] = phase("sliders", f"slider changes: {n_changes} each (+2 warm-up), interleaved ...",
                                       lambda: measure_sliders(browser, floor.base, app.base, n_changes,
                                                               logged=(logged.base, run_log)))
        finally:
            browser.close()
    res["loadavg_at_end"] = list(os.getloadavg())
    res["duration_s"] = time.monotonic() - started
    res["quiet"]["whole_run"] = whole.stop()
    res["other_cpu_cores"] = res["quiet"]["whole_run"]["other_cores"]
    print_report(res)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1))
    print(f"\nwritten {out} ({res['duration_s']:.0f} s)")


if __name__ == "__main__":
    main()
