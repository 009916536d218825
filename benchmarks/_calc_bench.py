"""The calculation alone: timeit of compute, sweeps and the Monte Carlo (one JSON on stdout).

Run by benchmarks/run.py in its own process, so that nothing else in the benchmark process
(Playwright, the CPU meter) shares the interpreter while it is timed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import timeit
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    from advocacy_calc import DEFAULT_PRESET, PRESETS, compute, sweep, sweep_by_network

    scenario = PRESETS[DEFAULT_PRESET]

    def per_call_us(fn: Callable[[], Any]) -> dict:
        timer = timeit.Timer(fn)
        number, _ = timer.autorange()
        runs = [t / number * 1e6 for t in timer.repeat(repeat=args.repeat, number=number)]
        return {"median": statistics.median(runs), "min": min(runs), "number": number, "repeat": args.repeat,
                "samples": runs}

    out: dict[str, Any] = {
        "compute": per_call_us(lambda: compute(scenario)),
        "sweep_101": per_call_us(lambda: sweep(scenario, "share_rate", 101)),
        "sweep_by_network_101": per_call_us(lambda: sweep_by_network(scenario, "share_rate", 101)),
    }
    try:  # 100,000 draws over every benchmark-ranged input of the default scenario
        from advocacy_calc.forecast.montecarlo import simulate
        from advocacy_calc.ranges import default_ranges, with_ranges
        ranged = with_ranges(scenario, default_ranges(scenario))
        out["monte_carlo"] = per_call_us(lambda: simulate(ranged, draws=100_000))
        out["monte_carlo"]["ranged_inputs"] = len(ranged.ranges)
    except Exception as exc:
        out["monte_carlo"] = {"error": f"{type(exc).__name__}: {exc}"}
    out["measure_100k"] = _measure_100k(min(args.repeat, 3))
    out["pdf"] = _pdf_builds(min(args.repeat, 3))
    json.dump(out, sys.stdout)


def _pdf_builds(repeat: int) -> dict:
    """The one-page PDF in ms: en-US (never shaped) and hi-IN named in Devanagari (its name shaped by HarfBuzz)."""
    import time
    from advocacy_calc import PRESETS
    from advocacy_calc.exports.finance import finance_figures
    from advocacy_calc.exports.pdf import business_case
    cases = {"en_us": PRESETS["Worked example"],
             "hi_in": PRESETS["Worked example"].model_copy(update={"locale": "hi-IN", "currency": "INR",
                                                                   "name": "बिक्री टीम"})}
    out = {}
    for tag, case in cases.items():
        finance = finance_figures(case)
        business_case(case, finance=finance)  # fonts parsed once
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            business_case(case, finance=finance)
            runs.append((time.perf_counter() - start) * 1000)
        out[tag] = {"median": statistics.median(runs), "min": min(runs), "repeat": repeat, "samples": runs}
    return out


def _measure_100k(repeat: int) -> dict:
    """Issue 6: 100,000 share rows parsed (CSV bytes -> typed columns) and measured, in ms."""
    import time
    from advocacy_calc.measure import Exports, load_export, measure
    from advocacy_calc.measure.synthetic import synthetic_shares, to_csv_bytes
    data = to_csv_bytes(synthetic_shares(100_000))
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        measure(Exports(shares=load_export(data, "shares.csv", "shares").frame))
        runs.append((time.perf_counter() - start) * 1000)
    return {"median": statistics.median(runs), "min": min(runs), "repeat": repeat, "bytes": len(data), "samples": runs}


if __name__ == "__main__":
    main()
