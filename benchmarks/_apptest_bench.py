"""Server time of one rerun per page, via streamlit.testing.v1.AppTest (no browser).

Run by benchmarks/run.py in its own process; prints one JSON object on stdout.
AppTest runs the script in-process: no websocket, no frontend, and no post-script
gc.collect(2), so these are lower bounds of what a browser user waits for. The same
process also times gc.collect(2) with the app's modules loaded, the piece AppTest skips.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from _common import APP, FLOOR_APP, median  # noqa: E402

PAGES = ["overview", "reach", "demand", "sensitivity", "forecast", "timeline", "scenarios", "library", "measure",
         "methodology"]
VALUES = (0.11, 0.10)  # the browser benchmark's ArrowRight / ArrowLeft


def _release(at, value: float, seq: int) -> None:
    """The share-rate lever released at `value`, as the levers' script sends it (advocacy_ui/levers.py):
    the component's state with a release number; AppTest cannot run the script itself."""
    values = {"participants": 1000, "share_rate": value, "stories_per_day": 1.5, "seq": seq}
    at.session_state["levers"] = {"values": values}


def time_reruns(at, key: str, runs: int) -> list[float]:
    """Alternate the slider (the floor) or the lever (the app) between two values like the browser
    does; ms per rerun.

    AppTest always reruns the whole script (sidebar included), even for a widget inside a
    fragment: these are full reruns. run.py --phases times the real server's fragment runs.
    """
    out = []
    for i in range(runs):
        if key == "share_rate":
            applied = at.session_state["_levers_applied_seq"] if "_levers_applied_seq" in at.session_state else 0
            _release(at, VALUES[i % 2], applied + 1)
            step = at
        else:
            step = at.slider(key=key).set_value(VALUES[i % 2])
        t0 = time.perf_counter()
        step.run()
        out.append((time.perf_counter() - t0) * 1000)
        if at.exception:
            raise RuntimeError(f"exception in rerun: {at.exception}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    from streamlit.testing.v1 import AppTest

    out: dict = {"pages": {}, "floor": None}
    warm = 3
    for name in PAGES:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        at.switch_page(f"pages/{name}.py").run()
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception}")
        time_reruns(at, "share_rate", warm)
        samples = time_reruns(at, "share_rate", args.runs)
        out["pages"][name] = {"median_ms": median(samples), "samples_ms": samples}

    at = AppTest.from_file(str(FLOOR_APP), default_timeout=60)
    at.run()
    time_reruns(at, "x", warm)
    samples = time_reruns(at, "x", args.runs)
    out["floor"] = {"median_ms": median(samples), "samples_ms": samples}

    # What AppTest skips: the full collection streamlit runs after every script run,
    # here with every module the app imports loaded (pandas, altair, pyarrow, ...).
    gcs = []
    for _ in range(15):
        t0 = time.perf_counter()
        gc.collect(2)
        gcs.append((time.perf_counter() - t0) * 1000)
    out["gc_collect2_ms_app_loaded"] = median(gcs)
    out["gc_tracked_objects"] = len(gc.get_objects())
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
