"""Shared pieces of the benchmark scripts: a local streamlit server, RSS, stats, machine info.

Every server is started by us, on 127.0.0.1, on a free port, and stopped by us.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
import tomllib
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
APP = ROOT / "app.py"
FLOOR_APP = BENCH / "floor_app.py"
FLOOR_SIDEBAR_APP = BENCH / "floor_sidebar_app.py"
sys.path.insert(0, str(ROOT / "tests"))
# One way to start the app and the browser, shared with the tests.
from server import CHROMIUM, CHROMIUM_ARGS  # noqa: E402,F401 (re-exported to _browser.py and run.py)
from server import streamlit_server as start_server  # noqa: E402


class Server:
    """A running `streamlit run` process: its base URL and pid."""

    def __init__(self, base: str, pid: int):
        self.base, self.pid = base, pid

    def rss_mb(self) -> float:
        return rss_mb(self.pid)


@contextmanager
def streamlit_server(app: Path, extra_args: Sequence[str] = (), timeout: float = 60,
                     launcher: Sequence[str] | None = None, env: dict | None = None) -> Iterator[Server]:
    """Start `streamlit run app` headless on a free loopback port (tests/server.py), yield it, stop it."""
    with start_server(app, timeout, extra_args, launcher=launcher, env=env) as url:
        yield Server(url, url.pid)


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids += [int(p) for p in task.read_text().split()]
        except OSError:
            pass
    return kids


def rss_mb(pid: int) -> float:
    """VmRSS of a process plus all its descendants, in MB (MiB)."""
    total_kb, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
        todo += _children(p)
    return total_kb / 1024


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def p95(xs: Sequence[float]) -> float:
    """95th percentile, linear interpolation between closest ranks."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = (len(s) - 1) * 0.95
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def loadavg() -> tuple[float, float, float]:
    return os.getloadavg()


def wait_for_quiet(max_load: float, max_wait_s: float, log=print) -> float:
    """Wait (bounded) until the 1-minute load average is under max_load; return it."""
    deadline = time.monotonic() + max_wait_s
    while True:
        load1 = os.getloadavg()[0]
        if load1 <= max_load or time.monotonic() >= deadline:
            return load1
        log(f"load average {load1:.2f} > {max_load}; waiting (up to {deadline - time.monotonic():.0f} s more)")
        time.sleep(min(15, max(1, deadline - time.monotonic())))


def _cmd(args: list[str]) -> str:
    try:
        return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_info() -> dict:
    import streamlit

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_total = ""
    try:
        mem_total = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    except OSError:
        pass
    return {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "hostname": platform.node(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "mem_total": mem_total,
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "chromium": _cmd([CHROMIUM, "--version"]) if Path(CHROMIUM).exists() else "missing",
        "git_commit": _cmd(["git", "rev-parse", "HEAD"]),
        "git_dirty": bool(_cmd(["git", "status", "--porcelain", "--untracked-files=no"])),
        "loadavg_at_start": list(os.getloadavg()),
    }


class QuietMeter:
    """How much CPU other processes used while we measured, in cores (0.0 = nobody else ran).

    A background thread samples /proc/<pid>/stat of every process every `interval` seconds and
    splits their CPU time into ours (this process and its descendants: servers, Chromium, the
    Playwright driver) and everyone else's. Processes that start and end between two samples
    are not seen; anything that disturbs a run for longer is. Call other_cores() once, at the end.
    """

    def __init__(self, interval: float = 0.5) -> None:
        import threading

        self.me, self.hz, self.interval = os.getpid(), os.sysconf("SC_CLK_TCK"), interval
        self.first: dict[tuple[int, int], int] = {}
        self.last: dict[tuple[int, int], int] = {}
        self.ours: set[tuple[int, int]] = set()
        self._initial = True
        self._sample()
        self._initial = False
        self.t0, self.steal0 = time.monotonic(), self._steal()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quiet-meter", daemon=True)
        self._thread.start()

    @staticmethod
    def _steal() -> float:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0

    def _sample(self) -> None:
        procs: dict[int, tuple[int, int, int]] = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                rest = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            procs[int(d)] = (int(rest[1]), int(rest[11]) + int(rest[12]), int(rest[19]))
        kids: dict[int, list[int]] = {}
        for pid, (ppid, _, _) in procs.items():
            kids.setdefault(ppid, []).append(pid)
        mine, todo = set(), [self.me]
        while todo:
            pid = todo.pop()
            if pid not in mine:
                mine.add(pid)
                todo += kids.get(pid, [])
        for pid, (_, cpu, start) in procs.items():
            key = (pid, start)
            if key not in self.first:
                self.first[key] = cpu if self._initial else 0
            self.last[key] = cpu
            if pid in mine:
                self.ours.add(key)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def stop(self) -> dict:
        """Stop sampling; CPU of other processes and CPU stolen by the hypervisor, in cores."""
        self._stop.set()
        self._thread.join(5)
        self._sample()
        wall = time.monotonic() - self.t0
        other = sum(self.last[k] - self.first[k] for k in self.last if k not in self.ours) / self.hz
        steal = self._steal() - self.steal0
        return {"other_cores": other / wall if wall else 0.0, "steal_cores": steal / wall if wall else 0.0,
                "seconds": wall}

    def other_cores(self) -> float:
        return self.stop()["other_cores"]


def quiet_verdict(q: dict) -> str:
    bad = q["other_cores"] >= 0.15 or q["steal_cores"] >= 0.15
    return (f"other processes {q['other_cores']:.2f} cores, hypervisor steal {q['steal_cores']:.2f} cores "
            f"({'NOT QUIET: figures are disturbed, run again' if bad else 'quiet'})")


def project_post_script_gc() -> bool:
    """runner.postScriptGC as the project's .streamlit/config.toml sets it (Streamlit's default: on)."""
    try:
        conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    except OSError:
        return True
    return bool(conf.get("runner", {}).get("postScriptGC", True))
