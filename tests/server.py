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
from typing import Iterator, Sequence

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
def streamlit_server(app: Path = ROOT / "app.py", timeout: float = 60, extra_args: Sequence[str] = (),
                     launcher: Sequence[str] | None = None, env: dict | None = None) -> Iterator[AppURL]:
    """Yield the base URL of a freshly started server; stop it afterwards.

    Every app runs from the repository root, so it reads the project's .streamlit/config.toml
    (the benchmark's floor app too). `launcher` replaces `python -m streamlit` (profiling wrappers).
    """
    port = free_port()
    log = open(os.devnull, "w")
    cmd = list(launcher) if launcher else [sys.executable, "-m", "streamlit"]
    proc = subprocess.Popen(
        [*cmd, "run", str(app), "--server.headless=true", f"--server.port={port}", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false", "--server.fileWatcherType=none", *extra_args],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
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
            proc.wait(5)
        log.close()


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, headless, through Playwright (which must never download a browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
