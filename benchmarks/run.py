"""Benchmark the app against a bare Streamlit page (the floor), in real Chromium.

    .venv/bin/python benchmarks/run.py [--quick] [--out benchmarks/results/latest.json]
    .venv/bin/python benchmarks/run.py --phases            # where a slider move's time goes
    .venv/bin/python benchmarks/run.py --compare OLD.json NEW.json

Everything runs on this machine: `streamlit run` servers on 127.0.0.1 (free ports, headless,
no file watcher), Debian's Chromium through Playwright with every non-loopback host name
unresolvable. Each figure is printed with its ratio to the floor app (benchmarks/floor_app.py)
measured in the same run, then the targets as PASS/FAIL; the JSON keeps the raw samples.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))
from _common import (APP, CHROMIUM, CHROMIUM_ARGS, FLOOR_APP, FLOOR_SIDEBAR_APP, ROOT,  # noqa: E402
                     QuietMeter, machine_info, median, p95, quiet_verdict, streamlit_server,
                     wait_for_quiet)

PAGES = ["overview", "reach", "demand", "sensitivity", "forecast", "timeline", "scenarios", "library", "measure",
         "methodology"]
# The default page (Overview) is served at the root, "/": Streamlit ignores a
# default page's url_path, and /overview answers "Page not found" (except on the very first
# session of a fresh server, which still runs in the legacy pages/ mode).
PATHS = {"overview": "", **{p: p for p in PAGES[1:]}}
# Leads counted from clicks, so all four headline figures move with the share rate (in the
# default scenario lead savings are a flat 50 leads x $20 and would never change).
METRICS_QUERY = "?demand.mode=clicks&demand.landing_conversion_rate=0.05&networks.X.ctr=0.01"
# No DNS for anything but loopback: the app's material-icon favicon would otherwise try
# fonts.gstatic.com. (Requests to https:// are also aborted by a Playwright route.)
BROWSER_ARGS = CHROMIUM_ARGS + ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
VIEWPORT = {"width": 1440, "height": 1000}
TIMEOUT_MS = 60_000
CHANGE_TIMEOUT_MS = 20_000

TARGETS = {
    "slider_metrics_p95": "slider->metrics p95 within 1.5x floor slider->number p95",
    "slider_charts_p95": "slider->charts p95 under 2x floor slider->number p95",
    "first_render": "each page's first render (median) within 1.5x floor",
    "overview_rerun": "overview rerun on a lever move, real server body time (median) < 30 ms",
    "overview_full_rerun": "overview full rerun incl. sidebar (AppTest median; a sidebar input change) < 30 ms",
    "sweep_101": "101-point sweep < 5 ms (sweep and sweep_by_network)",
    "monte_carlo_100k": "Monte Carlo, 100,000 draws < 1 s (well under)",
    "measure_100k": "100,000 share rows parsed and measured < 1 s",
    "session_mb": "each extra browser session < 10 MB server RSS",
}

# --- page-side JavaScript --------------------------------------------------------------------

IDLE_JS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
         && !document.querySelector('[data-testid=stStatusWidget]');
}"""

# Installed in every page: arm() records the texts to watch and listens for the next key
# press (capture phase, so its timestamp is the first thing the page sees of it); a
# MutationObserver then stamps the first DOM state in which every watched text differs.
PROBE_JS = r"""
(() => {
  if (window.__bench) return;
  const B = window.__bench = {msgs: [], all: []};
  // Stamp every websocket message as it arrives (our listener runs before the app's).
  const Orig = window.WebSocket;
  const Wrapped = function (...args) {
    const ws = new Orig(...args);
    ws.addEventListener('message', (e) => {
      const m = [performance.now(), e.data.size ?? e.data.byteLength ?? 0];
      if (B.all.length < 5000) B.all.push(m);
      if (B.t0 !== null) B.msgs.push(m);  // from the key press until the next arm()
    });
    return ws;
  };
  Wrapped.prototype = Orig.prototype;
  Object.assign(Wrapped, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Wrapped;
  const value = (e) => (e ? e.textContent.trim() : '');
  B.texts = {
    headline: () => [...document.querySelectorAll('.st-key-headline [data-testid=stMetric]')]
                     .map(m => value(m.querySelector('[data-testid=stMetricValue]'))),
    floor: () => [...document.querySelectorAll('[data-testid=stMetric]')]
                     .map(m => value(m.querySelector('[data-testid=stMetricValue]'))),
    charts: () => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]
                     .map(c => value([...c.querySelectorAll('svg text')].find(t => t.textContent.startsWith('Now (')))),
  };
  function check() {
    if (B.done || B.t0 === null) return;
    const now = B.texts[B.kind]();
    if (now.length === B.base.length && now.every((t, i) => t && t !== B.base[i])) {
      B.t1 = performance.now();
      B.done = true;
      B.after = now;
      B.obs.disconnect();
    }
  }
  B.arm = (kind) => {
    if (B.obs) B.obs.disconnect();
    Object.assign(B, {kind, base: B.texts[kind](), t0: null, t1: null, done: false, after: null, msgs: []});
    B.obs = new MutationObserver(check);
    B.obs.observe(document.body, {subtree: true, childList: true, characterData: true});
    window.addEventListener('keydown', () => { B.t0 = performance.now(); check(); },
                            {capture: true, once: true});
    return B.base;
  };
})()
"""

# First render: complete when the script is done, no skeleton or status widget is left, every
# metric has its value, every Vega chart has drawn marks, every dataframe its canvas, and the
# page's own elements are there. Returns performance.now() (ms since navigation start).
COMPLETE_JS = """(need) => {
  const q = (s) => document.querySelectorAll(s);
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (q('[data-testid=stSkeleton]').length || q('[data-testid=stStatusWidget]').length) return false;
  const metrics = [...q('[data-testid=stMetric]')];
  if (metrics.length < need.metrics) return false;
  if (!metrics.every(m => (m.querySelector('[data-testid=stMetricValue]')?.textContent || '').trim())) return false;
  const charts = [...q('[data-testid=stVegaLiteChart]')];
  if (charts.length < need.charts) return false;
  if (!charts.every(c => c.querySelector('svg .role-mark'))) return false;
  if (need.now && !charts.every(c => [...c.querySelectorAll('svg text')].some(t => t.textContent.startsWith('Now (')))) return false;
  const frames = [...q('[data-testid=stDataFrame]')];
  if (frames.length < need.frames || !frames.every(f => f.querySelector('canvas'))) return false;
  if (q('.katex').length < need.katex) return false;
  if (q('[data-testid=stSlider]').length < need.sliders) return false;
  return performance.now();
}"""

# Page-clock phases of a first render that completed at `done` ms: the first and the last
# websocket message before it, and the JavaScript files fetched by then.
LOAD_PHASES_JS = """(done) => {
  const msgs = window.__bench.all.filter(m => m[0] <= done);
  const js = performance.getEntriesByType('resource').filter(r => r.name.endsWith('.js') && r.responseEnd <= done);
  return {last_js: js.length ? Math.max(...js.map(r => r.responseEnd)) : null,
          first_msg: msgs.length ? msgs[0][0] : null, last_msg: msgs.length ? msgs[msgs.length - 1][0] : null,
          after_last_msg: msgs.length ? done - msgs[msgs.length - 1][0] : null, messages: msgs.length,
          kb: msgs.reduce((a, m) => a + m[1], 0) / 1024, scripts: js.length,
          script_kb: js.reduce((a, r) => a + (r.decodedBodySize || 0), 0) / 1024};
}"""

NEEDS = {  # what each page must show before it counts as drawn
    "floor": dict(metrics=1, charts=0, frames=0, katex=0, sliders=1, now=False),
    "overview": dict(metrics=9, charts=0, frames=0, katex=0, sliders=1, now=False),
    "reach": dict(metrics=4, charts=2, frames=0, katex=0, sliders=1, now=False),
    "demand": dict(metrics=4, charts=0, frames=0, katex=0, sliders=1, now=False),
    "sensitivity": dict(metrics=0, charts=2, frames=0, katex=0, sliders=1, now=True),
    "forecast": dict(metrics=6, charts=4, frames=0, katex=0, sliders=1, now=False),
    "timeline": dict(metrics=4, charts=2, frames=0, katex=0, sliders=1, now=False),
    "scenarios": dict(metrics=0, charts=0, frames=0, katex=0, sliders=1, now=False),
    "library": dict(metrics=0, charts=0, frames=0, katex=0, sliders=1, now=False),
    "measure": dict(metrics=0, charts=0, frames=0, katex=0, sliders=1, now=False),
    "methodology": dict(metrics=0, charts=0, frames=1, katex=8, sliders=1, now=False),
}


# --- helpers ---------------------------------------------------------------------------------

def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def new_context(browser):
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.route("https://**/*", lambda route: route.abort())  # belt and braces: nothing leaves
    ctx.add_init_script(PROBE_JS)
    return ctx


def open_page(browser, url: str, need: dict):
    ctx = new_context(browser)
    page = ctx.new_page()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(COMPLETE_JS, arg=need, timeout=TIMEOUT_MS)
    check_page(page, "on opening")
    return page


PROBLEMS_JS = """() => {
  const out = [];
  if (document.querySelector('[data-testid=stException]')) out.push('exception');
  if (document.querySelector('[class*=st-key-app-error]')) out.push('app error message');
  for (const d of document.querySelectorAll('[role=dialog]'))
    if (d.innerText.includes('Page not found')) out.push('Page not found dialog');
  return out;
}"""


def check_page(page, what: str) -> None:
    problems = page.evaluate(PROBLEMS_JS)
    if problems:
        raise RuntimeError(f"{what} ({page.url}): {', '.join(problems)}")


def wait_idle(page) -> None:
    page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS, polling=10)


class SliderProbe:
    """One open page whose slider is moved by ArrowRight/ArrowLeft, alternating."""

    def __init__(self, page, slider_key: str, kind: str, expect: int):
        self.page, self.kind, self.expect, self.presses = page, kind, expect, 0
        self.phases: list[dict] = []
        self.slider = page.locator(f".st-key-{slider_key}").get_by_role("slider")

    def change(self) -> float:
        """Press a key; ms from the key reaching the page to every watched text changing."""
        page = self.page
        wait_idle(page)
        page.wait_for_timeout(150)  # let the server's post-run work and the browser settle
        base = page.evaluate("(k) => window.__bench.arm(k)", self.kind)
        if len(base) != self.expect or not all(base):
            raise RuntimeError(f"{self.kind}: expected {self.expect} texts, found {base!r}")
        self.slider.focus()
        page.keyboard.press("ArrowRight" if self.presses % 2 == 0 else "ArrowLeft")
        self.presses += 1
        try:
            page.wait_for_function("() => window.__bench.done", timeout=CHANGE_TIMEOUT_MS)
        except Exception as exc:
            state = page.evaluate("""() => ({base: window.__bench.base, now: window.__bench.texts[window.__bench.kind](),
                t0: window.__bench.t0, focus: (document.activeElement || {}).outerHTML?.slice(0, 160),
                script: document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state'),
                url: location.href})""")
            raise RuntimeError(f"{self.kind}: no change within {CHANGE_TIMEOUT_MS} ms of press {self.presses}: {state}") from exc
        wait_idle(page)  # the rerun has finished: every message of it has arrived
        t0, t1, msgs, origin = page.evaluate(
            "() => [window.__bench.t0, window.__bench.t1, window.__bench.msgs, performance.timeOrigin]")
        # Page-clock phases: key -> first websocket message of the rerun; key -> the last
        # message before the DOM change; that message -> the DOM change (frontend work).
        before = [m for m in msgs if m[0] <= t1]
        self.phases.append({"first_msg": msgs[0][0] - t0 if msgs else None,
                            "last_msg": before[-1][0] - t0 if before else None,
                            "render": t1 - before[-1][0] if before else None,
                            "messages": len(before), "bytes": sum(m[1] for m in before),
                            "key_epoch": (origin + t0) / 1000, "dom_ms": t1 - t0,
                            "all_msgs_ms": [m[0] - t0 for m in msgs]})
        return t1 - t0


def stats(samples: list[float]) -> dict:
    return {"median": median(samples), "p95": p95(samples), "n": len(samples), "samples": samples}


# --- the measurements --------------------------------------------------------------------------

def measure_calc(quick: bool) -> dict:
    proc = subprocess.run([sys.executable, str(BENCH / "_calc_bench.py"), "--repeat", "5" if quick else "9"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    if proc.returncode:
        raise RuntimeError(f"calculation benchmark failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def measure_apptest(runs: int) -> dict:
    proc = subprocess.run([sys.executable, str(BENCH / "_apptest_bench.py"), "--runs", str(runs)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    if proc.returncode:
        raise RuntimeError(f"AppTest benchmark failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def measure_memory(browser, counts: tuple[int, ...]) -> dict:
    """Server RSS idle after start, then with N live sessions (opened incrementally)."""
    out = {}
    for name, app, url, need in (("floor", FLOOR_APP, "", NEEDS["floor"]),
                                 ("app", APP, "", NEEDS["overview"])):
        with streamlit_server(app) as srv:
            time.sleep(1.0)
            rec = {"idle_mb": srv.rss_mb(), "sessions": {}}
            contexts = []
            try:
                for n in counts:
                    pages = []
                    while len(contexts) < n:
                        ctx = new_context(browser)
                        page = ctx.new_page()
                        page.goto(srv.base + url, wait_until="commit", timeout=TIMEOUT_MS)
                        contexts.append(ctx)
                        pages.append(page)
                    for page in pages:
                        page.wait_for_function(COMPLETE_JS, arg=need, timeout=TIMEOUT_MS * 2)
                    time.sleep(1.0)
                    rec["sessions"][str(n)] = srv.rss_mb()
                    log(f"  memory {name}: {n} sessions -> {rec['sessions'][str(n)]:.1f} MB")
            finally:
                for ctx in contexts:
                    ctx.close()
            lo, hi = str(min(counts)), str(max(counts))
            rec["mb_per_extra_session"] = (rec["sessions"][hi] - rec["sessions"][lo]) / (max(counts) - min(counts))
            out[name] = rec
    return out


def measure_first_render(browser, floor_base: str, app_base: str, reps: int) -> dict:
    """ms from navigation start to the page fully drawn, fresh browser context each time."""
    targets = [("floor", floor_base)] + [(p, app_base + PATHS[p]) for p in PAGES]
    samples: dict[str, list[float]] = {name: [] for name, _ in targets}
    cold: dict[str, float] = {}
    phases: dict[str, list[dict]] = {}
    for rep in range(reps + 1):  # round 0 warms the servers (imports, caches) and is kept apart
        for name, url in targets:
            ctx = new_context(browser)
            try:
                page = ctx.new_page()
                page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
                handle = page.wait_for_function(COMPLETE_JS, arg=NEEDS[name], timeout=TIMEOUT_MS, polling="raf")
                ms = float(handle.json_value())
                phases.setdefault(name, []).append(page.evaluate(LOAD_PHASES_JS, ms))
                check_page(page, f"first render of {name}")
            finally:
                ctx.close()
            (samples[name].append(ms) if rep else cold.__setitem__(name, ms))
        log(f"  first render round {rep}/{reps} done")
    out = {}
    for name, s in samples.items():
        ph = phases[name][1:]  # without the warm-up round
        out[name] = {**stats(s), "first_visit_after_start": cold[name], "phases": ph,
                     "phase_medians": {k: median([p[k] for p in ph if p[k] is not None])
                                       for k in ("first_msg", "last_msg", "after_last_msg", "messages", "kb",
                                                 "scripts", "script_kb", "last_js")}}
    return out


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
                               "share_rate", "headline", 4),
        "charts": SliderProbe(open_page(browser, app_base + "sensitivity", NEEDS["sensitivity"]),
                              "share_rate", "charts", 2),
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


# --- report ------------------------------------------------------------------------------------

def fmt(x: float | None, unit: str = "ms", digits: int = 0) -> str:
    if x is None or x != x:
        return "n/a"
    return f"{x:,.{digits}f} {unit}".strip()


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def rfmt(r: float | None) -> str:
    return "—" if r is None else f"{r:.2f}x"


def build_report(res: dict) -> tuple[list[tuple], dict]:
    """Rows (figure, value, floor value, ratio) and the target verdicts."""
    rows: list[tuple] = []
    verdicts: dict[str, dict] = {}
    sl = res["sliders"]
    fl = sl["floor"]
    rows.append(("Browser: slider change (keyboard) -> DOM updated", "", "", ""))
    rows.append(("  floor: slider -> number  median", fmt(fl["median"]), fmt(fl["median"]), rfmt(1.0)))
    rows.append(("  floor: slider -> number  p95", fmt(fl["p95"]), fmt(fl["p95"]), rfmt(1.0)))
    for key, label in (("metrics", "app: slider -> 4 headline metrics"), ("charts", "app: slider -> both sensitivity charts")):
        s = sl[key]
        rows.append((f"  {label}  median", fmt(s["median"]), fmt(fl["median"]), rfmt(ratio(s["median"], fl["median"]))))
        rows.append((f"  {label}  p95", fmt(s["p95"]), fmt(fl["p95"]), rfmt(ratio(s["p95"], fl["p95"]))))
    rows.append(("  where it goes, page clock, medians (key -> first websocket message of the rerun; key -> last",
                 "", "", ""))
    rows.append(("  message before the update; that message -> DOM updated; messages and bytes before the update):",
                 "", "", ""))
    for key, label in (("floor", "floor  "), ("metrics", "metrics"), ("charts", "charts ")):
        pm = sl[key]["phase_medians"]
        rows.append((f"    {label} {fmt(pm['first_msg']):>7} {fmt(pm['last_msg']):>7} {fmt(pm['render']):>7}"
                     f"  {pm['messages']:>3.0f} messages {pm['bytes'] / 1024:>4.0f} KB", "", "", ""))
    r = ratio(sl["metrics"]["p95"], fl["p95"])
    verdicts["slider_metrics_p95"] = {"value": r, "limit": 1.5, "unit": "x floor", "pass": r is not None and r <= 1.5}
    r = ratio(sl["charts"]["p95"], fl["p95"])
    verdicts["slider_charts_p95"] = {"value": r, "limit": 2.0, "unit": "x floor", "pass": r is not None and r < 2.0}

    fr = res["first_render"]
    rows.append(("Browser: first full render (navigation start -> drawn, idle), median", "", "", ""))
    worst = None
    label = {"floor": "floor app", "overview": "/ (overview)"}
    for name in ["floor", *PAGES]:
        rr = ratio(fr[name]["median"], fr["floor"]["median"])
        rows.append((f"  {label.get(name, '/' + name)}", fmt(fr[name]["median"]), fmt(fr["floor"]["median"]), rfmt(rr)))
        if name != "floor":
            worst = rr if worst is None else max(worst, rr)
    rows.append(("  the very first visit after the server started (imports, cold caches; not in the target):", "", "", ""))
    for name in ["floor", *PAGES]:
        rows.append((f"    {label.get(name, '/' + name)}, first visit", fmt(fr[name]["first_visit_after_start"]),
                     fmt(fr["floor"]["first_visit_after_start"]),
                     rfmt(ratio(fr[name]["first_visit_after_start"], fr["floor"]["first_visit_after_start"]))))
    if "phase_medians" in fr["floor"]:
        rows.append(("  where it goes, page clock, medians (navigation -> first websocket message; -> last message;",
                     "", "", ""))
        rows.append(("  last message -> drawn; messages, KB; JavaScript files fetched, KB, last one done at):", "", "", ""))
        for name in ["floor", *PAGES]:
            pm = fr[name]["phase_medians"]
            rows.append((f"    {label.get(name, '/' + name):<14} {fmt(pm['first_msg']):>8} {fmt(pm['last_msg']):>8} "
                         f"{fmt(pm['after_last_msg']):>8}  {pm['messages']:>3.0f} msgs {pm['kb']:>4.0f} KB  "
                         f"{pm['scripts']:>3.0f} js {pm['script_kb']:>5.0f} KB {fmt(pm.get('last_js')):>8}", "", "", ""))
    verdicts["first_render"] = {"value": worst, "limit": 1.5, "unit": "x floor (worst page)",
                                "pass": worst is not None and worst <= 1.5}

    at = res["apptest"]
    floor_ms = at["floor"]["median_ms"]
    rows.append(("Server: one rerun per page, AppTest median (no browser, no post-script gc)", "", "", ""))
    rows.append(("  floor app", fmt(floor_ms, digits=1), fmt(floor_ms, digits=1), rfmt(1.0)))
    for name in PAGES:
        ms = at["pages"][name]["median_ms"]
        rows.append((f"  {name}", fmt(ms, digits=1), fmt(floor_ms, digits=1), rfmt(ratio(ms, floor_ms))))
    gc_on = res["config"].get("post_script_gc", True)
    rows.append((f"  gc.collect(2) with the app's modules loaded (Streamlit's post-script gc; "
                 f"{'on' if gc_on else 'off'} in this project's config)",
                 fmt(at["gc_collect2_ms_app_loaded"], digits=1), "", ""))
    lever = res["sliders"].get("overview_lever_server")
    if lever:
        rows.append((f"  overview, lever move in the real server (a fragment run; median of {lever['runs']})",
                     fmt(lever["median_ms"], digits=1), fmt(floor_ms, digits=1),
                     rfmt(ratio(lever["median_ms"], floor_ms))))
        verdicts["overview_rerun"] = {"value": lever["median_ms"], "limit": 30, "unit": "ms",
                                      "pass": lever["median_ms"] < 30}
    ov = at["pages"]["overview"]["median_ms"]
    verdicts["overview_full_rerun"] = {"value": ov, "limit": 30, "unit": "ms", "pass": ov < 30}

    calc = res["calc"]
    rows.append(("Calculation alone (timeit per call: median of the repeats, and the fastest repeat)", "", "", ""))
    rows.append(("  compute(one scenario)", fmt(calc["compute"]["median"], "µs", 1), "", ""))
    rows.append(("  compute(one scenario), fastest repeat", fmt(calc["compute"]["min"], "µs", 1), "", ""))
    rows.append(("  sweep(share_rate, 101 points)", fmt(calc["sweep_101"]["median"], "µs", 1), "", ""))
    rows.append(("  sweep(share_rate, 101 points), fastest repeat", fmt(calc["sweep_101"]["min"], "µs", 1), "", ""))
    rows.append(("  sweep_by_network(share_rate, 101 points)", fmt(calc["sweep_by_network_101"]["median"], "µs", 1), "", ""))
    rows.append(("  sweep_by_network(share_rate, 101 points), fastest repeat", fmt(calc["sweep_by_network_101"]["min"], "µs", 1), "", ""))
    mc = calc["monte_carlo"]
    rows.append(("  Monte Carlo, 100,000 draws over the benchmark ranges", "n/a" if mc is None else
                 (mc["error"] if "error" in mc else fmt(mc["median"] / 1000, "ms", 1)), "", ""))
    if mc and "error" not in mc:
        verdicts["monte_carlo_100k"] = {"value": mc["median"] / 1000, "limit": 1000, "unit": "ms",
                                        "pass": mc["median"] / 1000 < 1000}
    m100 = calc.get("measure_100k")
    if m100:
        rows.append((f"  100,000 share rows ({m100['bytes'] / 2**20:.0f} MB CSV) parsed and measured",
                     fmt(m100["median"], "ms"), "", ""))
        verdicts["measure_100k"] = {"value": m100["median"], "limit": 1000, "unit": "ms", "pass": m100["median"] < 1000}
    sw = max(calc["sweep_101"]["median"], calc["sweep_by_network_101"]["median"]) / 1000
    verdicts["sweep_101"] = {"value": sw, "limit": 5, "unit": "ms (slower of the two)", "pass": sw < 5}

    mem = res["memory"]
    rows.append(("Memory: server RSS (VmRSS, process + children)", "", "", ""))
    fm, am = mem["floor"], mem["app"]
    rows.append(("  idle after start", fmt(am["idle_mb"], "MB", 1), fmt(fm["idle_mb"], "MB", 1),
                 rfmt(ratio(am["idle_mb"], fm["idle_mb"]))))
    for n in am["sessions"]:
        rows.append((f"  {n} concurrent browser session{'s' if n != '1' else ''}", fmt(am["sessions"][n], "MB", 1),
                     fmt(fm["sessions"][n], "MB", 1), rfmt(ratio(am["sessions"][n], fm["sessions"][n]))))
    first = min(am["sessions"], key=int)
    rows.append(("  first session (imports, caches): 1 session - idle", fmt(am["sessions"][first] - am["idle_mb"], "MB", 1),
                 fmt(fm["sessions"][first] - fm["idle_mb"], "MB", 1), ""))
    rows.append(("  per extra session (max - 1 sessions) / (max - 1)", fmt(am["mb_per_extra_session"], "MB", 2),
                 fmt(fm["mb_per_extra_session"], "MB", 2), rfmt(ratio(am["mb_per_extra_session"], fm["mb_per_extra_session"]))))
    per = am["mb_per_extra_session"]
    verdicts["session_mb"] = {"value": per, "limit": 10, "unit": "MB", "pass": per < 10}
    return rows, verdicts


def print_report(res: dict) -> None:
    m = res["machine"]
    print(f"\nAdvocacy what-if explorer vs the floor app: {m['timestamp']}  git {m['git_commit'][:10]}"
          f"{' (dirty)' if m['git_dirty'] else ''}  streamlit {m['streamlit']}  {m['chromium']}")
    print(f"{m['cpu']} x{m['cpus']}, {m['mem_total']}, Python {m['python']}; load average at start "
          f"{m['loadavg_at_start'][0]:.2f}, at end {res['loadavg_at_end'][0]:.2f}; "
          f"{res['config']['slider_changes']} slider changes, {res['config']['render_reps']} render rounds")
    quiet = res.get("quiet", {})
    if "whole_run" in quiet:
        print(f"While measuring: {quiet_verdict(quiet['whole_run'])}")
        noisy = [f"{name} ({q['other_cores']:.2f} + steal {q['steal_cores']:.2f} cores)"
                 for name, q in quiet.items() if name != "whole_run"
                 and (q["other_cores"] >= 0.15 or q["steal_cores"] >= 0.15)]
        if noisy:
            print(f"NOT QUIET during: {', '.join(noisy)}")
    rows, verdicts = build_report(res)
    w = max(len(r[0]) for r in rows if r[1] or r[2])
    print(f"\n{'figure':<{w}}  {'value':>14}  {'floor':>12}  {'ratio':>7}")
    print("-" * (w + 40))
    for name, value, floor, rr in rows:
        if not value and not floor:
            print(name)
        else:
            print(f"{name:<{w}}  {value:>14}  {floor:>12}  {rr:>7}")
    print("\nTargets")
    for key, v in verdicts.items():
        val = "n/a" if v["value"] is None else f"{v['value']:.2f} {v['unit']}"
        print(f"  {'PASS' if v['pass'] else 'FAIL'}  {TARGETS[key]}: {val} (limit {v['limit']})")
    res["verdicts"] = verdicts


# --- phases (diagnosis) -------------------------------------------------------------------------

def _project_post_script_gc() -> bool:
    import tomllib
    try:
        conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    except OSError:
        return True
    return bool(conf.get("runner", {}).get("postScriptGC", True))


def run_phases(browser, n: int) -> None:
    """Where a slider move's time goes: one timeline from the browser's and the server's clocks.

    The servers run under benchmarks/_phase_server.py, which stamps (wall clock) when each
    rerun request arrives, when the script starts, when its body ends and when the run ends
    (after Streamlit's post-run cleanup, including gc.collect(2) when postScriptGC is on). The
    page stamps the key press, each websocket message and the DOM update. Same machine, same
    clock: every column is ms after the key press (medians).
    """
    launcher = [sys.executable, str(BENCH / "_phase_server.py")]
    project_gc = _project_post_script_gc()
    print(f"\nPhase breakdown: {n} keyboard slider changes per setup (after 3 warm-up); this project's "
          f".streamlit/config.toml has runner.postScriptGC={str(project_gc).lower()}")
    head = ("setup", "DOM", "srv got", "start", "body end", "run end", "1st sent", "1st msg", "last sent",
            "last msg", "msgs", "body", "sidebar", "page", "gc")
    print(f"{head[0]:<34}" + "".join(f"{h:>10}" for h in head[1:]))
    print("-" * (34 + 10 * (len(head) - 1)))
    setups = []
    for gc_on in (project_gc, not project_gc):
        tag = f"gc {'on' if gc_on else 'off'}{' (project)' if gc_on == project_gc else ''}"
        setups += [
            (f"floor, {tag}", FLOOR_APP, gc_on, "", "x", "floor", 1, NEEDS["floor"]),
            (f"floor+sidebar, {tag}", FLOOR_SIDEBAR_APP, gc_on, "", "x", "floor", 1, NEEDS["floor"]),
            (f"app / metrics, {tag}", APP, gc_on, METRICS_QUERY, "share_rate", "headline", 4, NEEDS["overview"]),
            (f"app /sensitivity, {tag}", APP, gc_on, "sensitivity", "share_rate", "charts", 2,
             NEEDS["sensitivity"]),
        ]
    profile_text = None
    with tempfile.TemporaryDirectory() as tmp:
        for i, (label, app, gc_on, url, key, kind, expect, need) in enumerate(setups):
            logf = Path(tmp) / f"{i}.jsonl"
            Path(str(logf) + ".sends").write_text("")
            extra = [f"--runner.postScriptGC={str(gc_on).lower()}"]
            env = {"BENCH_PHASE_LOG": str(logf), **({"BENCH_APP_TIMERS": "1"} if app == APP else {})}
            with streamlit_server(app, extra, launcher=launcher, env=env) as srv:
                probe = SliderProbe(open_page(browser, srv.base + url, need), key, kind, expect)
                for _ in range(3):
                    probe.change()
                probe.phases.clear()
                logf.write_text("")
                Path(str(logf) + ".sends").write_text("")
                for _ in range(n):
                    probe.change()
                probe.page.context.close()
                recs = [json.loads(line) for line in logf.read_text().splitlines()]
                sends = [float(line.split()[0]) for line in Path(str(logf) + ".sends").read_text().splitlines()]
            cols: dict[str, list[float]] = {h: [] for h in head[1:]}
            keys = [ph["key_epoch"] for ph in probe.phases] + [float("inf")]
            for j, ph in enumerate(probe.phases):
                k = ph["key_epoch"]
                mine = [t for t in sends if k <= t < min(keys[j + 1], k + 10)]
                if mine:
                    cols["1st sent"].append((mine[0] - k) * 1000)
                    cols["last sent"].append((mine[-1] - k) * 1000)
                rec = next((r for r in recs if k - 0.005 <= r["recv_epoch"] <= k + 10), None)
                if rec is None:
                    continue
                cols["DOM"].append(ph["dom_ms"])
                cols["srv got"].append((rec["recv_epoch"] - k) * 1000)
                cols["start"].append((rec["start_epoch"] - k) * 1000)
                cols["body end"].append((rec["body_end_epoch"] - k) * 1000)
                cols["run end"].append((rec["end_epoch"] - k) * 1000)
                if ph["all_msgs_ms"]:
                    cols["1st msg"].append(ph["all_msgs_ms"][0])
                    cols["last msg"].append(ph["all_msgs_ms"][-1])
                    cols["msgs"].append(len(ph["all_msgs_ms"]))
                cols["body"].append(rec["body_ms"])
                if app == APP:
                    cols["sidebar"].append(rec["sidebar_ms"])
                    cols["page"].append(rec["page_ms"])
                cols["gc"].append(rec["gc_ms"])
            print(f"{label:<34}" + "".join(f"{median(cols[h]):>10.1f}" if cols[h] else f"{'-':>10}"
                                            for h in head[1:]))
            if kind == "headline" and gc_on == project_gc:  # a second pass under cProfile
                prof = Path(tmp) / "overview.prof"
                with streamlit_server(app, extra, launcher=launcher, env={"BENCH_PROFILE": str(prof)}) as srv:
                    probe = SliderProbe(open_page(browser, srv.base + url, need), key, kind, expect)
                    for _ in range(n):
                        probe.change()
                    probe.page.context.close()
                if prof.exists():
                    import io
                    import pstats
                    buf = io.StringIO()
                    pstats.Stats(str(prof), stream=buf).sort_stats("cumulative").print_stats(30)
                    profile_text = buf.getvalue()
    print("floor+sidebar = benchmarks/floor_sidebar_app.py: the floor with a sidebar of the app's\n"
          "widget kinds and counts (35 inputs in 5 expanders), no project code.")
    print("Timeline columns, ms after the key press: DOM = every watched text changed (the figure run.py\n"
          "reports); srv got = the rerun request reaches the server; start = script starts; body end = page\n"
          "script done; run end = after post-run cleanup (gc.collect(2) if on); 1st/last sent = the server\n"
          "hands the rerun's first/last websocket frame to the socket; 1st/last msg = the page's JavaScript\n"
          "receives them (later when the page is busy rendering). msgs = frames per rerun. Durations: body,\n"
          "its parts in our app (sidebar = advocacy_ui.state.render_sidebar, page = the page script), gc.")
    if profile_text:
        lines = profile_text.splitlines()
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
        print(f"\ncProfile of the script thread, app / (overview), {n - 3} reruns after 3 unprofiled, "
              "project config (top 30 by cumulative time; cProfile slows the calls it counts):")
        print("\n".join(line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/lib/python3.11/site-packages/", "")
                        for line in lines[start:]))


# --- compare ------------------------------------------------------------------------------------

def compare(old_path: str, new_path: str) -> None:
    old, new = (json.loads(Path(p).read_text()) for p in (old_path, new_path))
    ro, _ = build_report(old)
    rn, _ = build_report(new)
    print(f"old: {old_path}  ({old['machine']['timestamp']}, git {old['machine']['git_commit'][:10]}, "
          f"load {old['machine']['loadavg_at_start'][0]:.2f})")
    print(f"new: {new_path}  ({new['machine']['timestamp']}, git {new['machine']['git_commit'][:10]}, "
          f"load {new['machine']['loadavg_at_start'][0]:.2f})")
    if old["machine"]["cpu"] != new["machine"]["cpu"] or old["machine"]["cpus"] != new["machine"]["cpus"]:
        print("warning: different machines; compare the ratios to the floor, not the absolute figures")
    w = max(len(r[0]) for r in rn if r[1])
    print(f"\n{'figure':<{w}}  {'old':>14}  {'new':>14}  {'change':>8}  {'old ratio':>9}  {'new ratio':>9}")
    def keyed(rows):  # (section, figure): the same figure name appears in several sections
        section, out = "", {}
        for r in rows:
            if not r[1] and not r[0].startswith(" "):
                section = r[0]
            out[(section, r[0])] = r
        return out
    old_rows = keyed(ro)
    section = ""

    def num(s: str) -> float | None:
        try:
            return float(s.split()[0].replace(",", ""))
        except (ValueError, IndexError):
            return None
    for name, value, _, rr in rn:
        if not value and not name.startswith(" "):
            section = name
        o = old_rows.get((section, name))
        if not value:
            print(name)
            continue
        ov, nv = (num(o[1]) if o else None), num(value)
        ch = f"{(nv - ov) / ov * 100:+.0f}%" if ov and nv is not None else ""
        print(f"{name:<{w}}  {o[1] if o else '':>14}  {value:>14}  {ch:>8}  "
              f"{o[3] if o else '':>9}  {rr:>9}")
    for label, d in (("old", old), ("new", new)):
        print(f"{label} targets: " + ", ".join(f"{k} {'PASS' if v['pass'] else 'FAIL'}"
                                              for k, v in d.get("verdicts", {}).items()))


# --- main ----------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (10 slider changes, 3 render rounds)")
    ap.add_argument("--out", default=str(BENCH / "results" / "latest.json"), help="where to write the JSON")
    ap.add_argument("--max-load", type=float, default=0.7 * (os.cpu_count() or 1),
                    help="wait until the 1-minute load average is below this (default 0.7 x CPUs)")
    ap.add_argument("--max-wait", type=float, default=600, help="give up waiting for quiet after this many s")
    ap.add_argument("--phases", action="store_true", help="only the phase breakdown of a slider move, with a profile")
    ap.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"), help="compare two JSON results and exit")
    args = ap.parse_args()

    if args.compare:
        compare(*args.compare)
        return
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing (apt-get install chromium); nothing measured")
    load = wait_for_quiet(args.max_load, args.max_wait, log)
    if load > args.max_load:
        log(f"warning: load average still {load:.2f}; figures will be noisy")

    from playwright.sync_api import sync_playwright

    n_changes = 10 if args.quick else 30
    reps = 3 if args.quick else 7
    if args.phases:
        meter = QuietMeter()
        m = machine_info()
        print(f"{m['timestamp']}  git {m['git_commit'][:10]}{' (dirty)' if m['git_dirty'] else ''}  "
              f"streamlit {m['streamlit']}  {m['cpu']} x{m['cpus']}")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
            try:
                run_phases(browser, n_changes)
            finally:
                browser.close()
        print(f"\nWhile measuring: {quiet_verdict(meter.stop())}")
        return

    started = time.monotonic()
    res: dict[str, Any] = {"machine": machine_info(),
                           "config": {"quick": args.quick, "slider_changes": n_changes, "render_reps": reps,
                                      "memory_sessions": [1, 5, 20], "metrics_query": METRICS_QUERY,
                                      "viewport": VIEWPORT, "browser_args": BROWSER_ARGS,
                                      "post_script_gc": _project_post_script_gc()},
                           "quiet": {}}
    whole = QuietMeter()

    def phase(name: str, what: str, fn):
        log(what)
        meter = QuietMeter()
        try:
            return fn()
        finally:
            res["quiet"][name] = meter.stop()

    res["calc"] = phase("calc", "calculation (timeit) ...", lambda: measure_calc(args.quick))
    res["apptest"] = phase("apptest", "server reruns (AppTest) ...", lambda: measure_apptest(n_changes))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        try:
            res["memory"] = phase("memory", "memory with 1, 5, 20 browser sessions (fresh servers) ...",
                                  lambda: measure_memory(browser, (1, 5, 20)))
            with ExitStack() as stack:
                floor = stack.enter_context(streamlit_server(FLOOR_APP))
                app = stack.enter_context(streamlit_server(APP))
                run_log = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "runs.jsonl"
                logged = stack.enter_context(streamlit_server(
                    APP, launcher=[sys.executable, str(BENCH / "_phase_server.py")],
                    env={"BENCH_PHASE_LOG": str(run_log), "BENCH_LOG_SENDS": "0"}))
                res["first_render"] = phase("first_render", f"first render, {reps} rounds (+1 warm-up) ...",
                                            lambda: measure_first_render(browser, floor.base, app.base, reps))
                res["sliders"] = phase("sliders", f"slider changes: {n_changes} each (+2 warm-up), interleaved ...",
                                       lambda: measure_sliders(browser, floor.base, app.base, n_changes,
                                                               logged=(logged.base, run_log)))
        finally:
            browser.close()
    res["loadavg_at_end"] = list(os.getloadavg())
    res["duration_s"] = time.monotonic() - started
    res["quiet"]["whole_run"] = whole.stop()
    res["other_cpu_cores"] = res["quiet"]["whole_run"]["other_cores"]
    print_report(res)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1))
    print(f"\nwritten {out} ({res['duration_s']:.0f} s)")


if __name__ == "__main__":
    main()
