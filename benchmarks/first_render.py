"""First render: every page of the app and the floor, a fresh browser context per visit."""

from __future__ import annotations

from _browser import COMPLETE_JS, LOAD_PHASES_JS, NEEDS, PAGES, PATHS, TIMEOUT_MS, check_page, log, new_context, stats
from _common import median


def measure_first_render(browser, floor_base: str, app_base: str, reps: int) -> dict:
    """ms from navigation start to the page fully drawn, fresh browser context each time."""
    targets = [("floor", floor_base)] + [(p, app_base + PATHS[p]) for p in PAGES]
    samples: dict[str, list[float]] = {name: [] for name, _ in targets}
    cold: dict[str, float] = {}
    phases: dict[str, list[dict]] = {}
    for rep in range(reps + 1):  # round 0 warms the servers (imports, caches) and is kept apart
        for name, url in targets:
            ctx = new_context(browser)
            try:
                page = ctx.new_page()
                page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
                handle = page.wait_for_function(COMPLETE_JS, arg=NEEDS[name], timeout=TIMEOUT_MS, polling="raf")
                ms = float(handle.json_value())
                phases.setdefault(name, []).append(page.evaluate(LOAD_PHASES_JS, ms))
                check_page(page, f"first render of {name}")
            finally:
                ctx.close()
            (samples[name].append(ms) if rep else cold.__setitem__(name, ms))
        log(f"  first render round {rep}/{reps} done")
    out = {}
    for name, s in samples.items():
        ph = phases[name][1:]  # without the warm-up round
        out[name] = {**stats(s), "first_visit_after_start": cold[name], "phases": ph,
                     "phase_medians": {k: median([p[k] for p in ph if p[k] is not None])
                                       for k in ("first_msg", "last_msg", "after_last_msg", "messages", "kb",
                                                 "scripts", "script_kb", "last_js")}}
    return out
