"""Upload memory: server RSS while one browser session uploads N distinct large share exports to Measure.

Each file is measured on the page (its metrics drawn) before the next; RSS of the server process and of
the reader worker are printed after every upload, after the session is closed, and after the cache bound
is the only thing left holding frames. Loopback only; files are generated in a temporary directory.

    .venv/bin/python benchmarks/upload_memory.py [--files 10] [--rows 850000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from _common import APP, CHROMIUM, CHROMIUM_ARGS, _children, streamlit_server
from playwright.sync_api import sync_playwright

MEASURED_JS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid=stStatusWidget]')) return false;
  return [...document.querySelectorAll('[data-testid=stMetric]')].some(m => m.innerText.includes('Measured share rate'));
}"""


def vm_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def shares_csv(path: Path, rows: int, salt: int) -> None:
    """One share per row: ~33 bytes a row, distinct per salt (so no upload is a cache hit)."""
    rng = np.random.default_rng(salt)
    people = rng.integers(0, 5_000, rows)
    days = np.datetime64("2026-01-01") + rng.integers(0, 180, rows).astype("timedelta64[D]")
    stories = rng.integers(0, 400, rows)
    clicks = rng.integers(0, 30, rows)
    networks = np.array(["LinkedIn", "X", "Facebook"])[rng.integers(0, 3, rows)]
    lines = [f"emp{p}-{salt},{d},story {s},{n},{c}" for p, d, s, n, c in zip(people, days, stories, networks, clicks)]
    path.write_text("User,Shared at,Story,Network,Clicks\n" + "\n".join(lines) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--rows", type=int, default=850_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i in range(args.files):
            paths.append(Path(folder) / f"shares{i}.csv")
            shares_csv(paths[-1], args.rows, i)
        print(f"{args.files} files of {args.rows:,} rows, {paths[0].stat().st_size / 1e6:.1f} MB each", flush=True)
        with streamlit_server(APP) as srv, sync_playwright() as pw:
            def sample(what: str) -> tuple[float, float]:
                server, worker = vm_rss_mb(srv.pid), sum(vm_rss_mb(c) for c in _children(srv.pid))
                print(f"{what:28s} server {server:7.0f} MB   reader worker {worker:6.0f} MB", flush=True)
                return server, worker

            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(srv.base + "measure")
            page.get_by_text("Upload at least one export").wait_for(timeout=120_000)
            first = sample("measure page open")
            peak = first[0]
            for i, path in enumerate(paths, 1):
                started = time.monotonic()
                page.locator(".st-key-upload-shares input[type=file]").set_input_files(str(path))
                time.sleep(1.0)
                page.wait_for_function(MEASURED_JS, timeout=600_000)
                server, _ = sample(f"upload {i} ({time.monotonic() - started:4.0f} s)")
                peak = max(peak, server)
            page.context.close()
            time.sleep(5)
            after = sample("session closed, 5 s later")
            browser.close()
        print(f"server: {first[0]:.0f} MB with the page open, peak {peak:.0f} MB over {args.files} uploads, "
              f"{after[0]:.0f} MB held after the session closed", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
