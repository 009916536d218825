"""Server reruns: every page's rerun through AppTest, in its own process (_apptest_bench.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from _common import BENCH, ROOT


def measure_apptest(runs: int) -> dict:
    proc = subprocess.run([sys.executable, str(BENCH / "_apptest_bench.py"), "--runs", str(runs)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    if proc.returncode:
        raise RuntimeError(f"AppTest benchmark failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)
