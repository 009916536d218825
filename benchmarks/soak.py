"""Soak: many real reruns from a browser, server memory sampled as they run.

Shows whether memory stays flat with the forced post-script gc.collect(2) switched off
(.streamlit/config.toml runner.postScriptGC = false). Loopback only, bounded in count.

    .venv/bin/python benchmarks/soak.py [--moves 600] [--gc on|off]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=600)
    ap.add_argument("--gc", choices=["on", "off"], default="off", help="runner.postScriptGC for this run")
    args = ap.parse_args()
    flags = [f"--runner.postScriptGC={'true' if args.gc == 'on' else 'false'}"]
    samples: list[tuple[int, float]] = []
    with streamlit_server(extra_args=flags) as base, sync_playwright() as pw:
        pid = base.pid
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = []
        for path in ("", "sensitivity"):  # the overview and the chart-heavy page, one session each
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(base + path)
            page.wait_for_selector("[data-testid=stMain] h1", timeout=60_000)
            pages.append(page)
        time.sleep(2)
        samples.append((0, rss_mb(pid)))
        deadline = time.monotonic() + 15 * 60
        for move in range(1, args.moves + 1):
            page = pages[move % 2]
            slider = page.locator(".st-key-levers [data-lever=share_rate]")
            slider.focus()
            page.keyboard.press("ArrowRight" if (move // 2) % 20 < 10 else "ArrowLeft")
            time.sleep(0.12)
            if move % 50 == 0:
                samples.append((move, rss_mb(pid)))
                print(f"moves {move:5d}  server RSS {samples[-1][1]:7.1f} MB", flush=True)
            if time.monotonic() > deadline:
                break
        browser.close()
    quarter = max(1, len(samples) // 4)
    first = statistics.mean(r for _, r in samples[1:1 + quarter])
    last = statistics.mean(r for _, r in samples[-quarter:])
    growth = last - first
    print(f"postScriptGC={args.gc}: RSS {samples[0][1]:.1f} MB at start, first quarter {first:.1f} MB, "
          f"last quarter {last:.1f} MB, growth {growth:+.1f} MB over {samples[-1][0]} moves")
    flat = growth < max(10.0, 0.1 * first)
    print("memory flat: " + ("yes" if flat else "NO"))
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
