"""Browser latency: a slider moved by the keyboard until the figures on the page change
(floor slider -> number; overview lever -> 4 headline figures, which the levers' script writes at
once, before the server's rerun; sensitivity lever -> both charts, which follow the server's rerun)."""

from __future__ import annotations

import json
from pathlib import Path

from _browser import METRICS_QUERY, NEEDS, SliderProbe, check_page, log, open_page, stats
from _common import median


def measure_sliders(browser, floor_base: str, app_base: str, n: int, warmup: int = 2,
                    logged: tuple[str, Path] | None = None) -> dict:
    """Interleaved: floor slider->number, app slider->headline metrics, app slider->charts.

    `logged` is a second app server under _phase_server.py and its run log: the overview's
    lever moves go there, so the server time of each real rerun (a fragment run) is known.
    """
    metrics_base, run_log = logged or (app_base, None)
    probes = {
        "floor": SliderProbe(open_page(browser, floor_base, NEEDS["floor"]), "x", "floor", 1),
        "metrics": SliderProbe(open_page(browser, metrics_base + METRICS_QUERY, NEEDS["overview"]),
                               "share_rate", "headline", 4, lever=True),
        "charts": SliderProbe(open_page(browser, app_base + "sensitivity", NEEDS["sensitivity"]),
                              "share_rate", "charts", 2, lever=True),
    }
    samples: dict[str, list[float]] = {k: [] for k in probes}
    try:
        for i in range(warmup + n):
            if i == warmup and run_log:
                run_log.write_text("")  # keep only the measured lever moves
            for name, probe in probes.items():
                ms = probe.change()
                if i >= warmup:
                    samples[name].append(ms)
            if (i + 1) % 10 == 0:
                log(f"  slider changes {i + 1}/{warmup + n}")
        examples = {name: probe.page.evaluate("() => [window.__bench.base, window.__bench.after]")
                    for name, probe in probes.items()}
        for name, probe in probes.items():
            check_page(probe.page, f"after the slider changes ({name})")
    finally:
        for probe in probes.values():
            probe.page.context.close()
    out = {}
    if run_log:
        runs = [json.loads(line) for line in run_log.read_text().splitlines()]
        out["overview_lever_server"] = {"runs": len(runs), "body_ms": [r["body_ms"] for r in runs],
                                        "median_ms": median([r["body_ms"] for r in runs])}
    for name, s in samples.items():
        ph = probes[name].phases[warmup:]
        out[name] = {**stats(s), "last_change": examples[name], "phases": ph,
                     "phase_medians": {k: median([p[k] for p in ph if p[k] is not None])
                                       for k in ("first_msg", "last_msg", "render", "messages", "bytes")}}
    return out
