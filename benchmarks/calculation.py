"""Calculation alone: compute, sweeps, Monte Carlo and 100,000 measured share rows, timed in
their own process (_calc_bench.py) so the browser and servers do not disturb them."""

from __future__ import annotations

import json
import subprocess
import sys

from _common import BENCH, ROOT


def measure_calc(quick: bool) -> dict:
    proc = subprocess.run([sys.executable, str(BENCH / "_calc_bench.py"), "--repeat", "5" if quick else "9"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    if proc.returncode:
        raise RuntimeError(f"calculation benchmark failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)
