"""Start the real app with `streamlit run` on a free loopback port, for browser tests."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppURL(str):
    """The base URL of a running app; `.pid` is its server process (for memory readings)."""

    pid: int


@contextmanager
def streamlit_server(app: Path = ROOT / "app.py", timeout: float = 60,
                     extra_args: list[str] | None = None) -> Iterator[AppURL]:
    """Yield the base URL of a freshly started server; stop it afterwards."""
    port = free_port()
    log = open(os.devnull, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none", *(extra_args or [])],
        cwd=app.parent, stdout=log, stderr=subprocess.STDOUT)
    base = AppURL(f"http://127.0.0.1:{port}/")
    base.pid = proc.pid
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if urllib.request.urlopen(base + "_stcore/health", timeout=1).read().strip() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start on port {port}")
            time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
