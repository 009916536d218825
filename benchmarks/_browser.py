"""The shared browser harness: Debian's Chromium through Playwright, the page-side probes,
what each page must show before it counts as drawn, and a slider or lever moved by the keyboard.

Used by latency.py, first_render.py, memory.py and phases.py (all run from run.py).
"""

from __future__ import annotations

import sys

from _common import CHROMIUM_ARGS, median, p95

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
  // the live levers: range inputs inside the component's shadow root
  if (need.levers && ![...q('.st-key-levers *')].some(e => e.shadowRoot?.querySelector('[data-lever]'))) return false;
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
    "floor": dict(metrics=1, charts=0, frames=0, katex=0, sliders=1, levers=0, now=False),
    "overview": dict(metrics=9, charts=0, frames=0, katex=0, sliders=0, levers=1, now=False),
    "reach": dict(metrics=4, charts=2, frames=0, katex=0, sliders=0, levers=1, now=False),
    "demand": dict(metrics=4, charts=0, frames=0, katex=0, sliders=0, levers=1, now=False),
    "sensitivity": dict(metrics=0, charts=2, frames=0, katex=0, sliders=0, levers=1, now=True),
    "forecast": dict(metrics=6, charts=4, frames=0, katex=0, sliders=0, levers=1, now=False),
    "timeline": dict(metrics=4, charts=2, frames=0, katex=0, sliders=0, levers=1, now=False),
    "scenarios": dict(metrics=0, charts=0, frames=0, katex=0, sliders=0, levers=1, now=False),
    "library": dict(metrics=0, charts=0, frames=0, katex=0, sliders=0, levers=1, now=False),
    "measure": dict(metrics=0, charts=0, frames=0, katex=0, sliders=0, levers=1, now=False),
    "methodology": dict(metrics=0, charts=0, frames=1, katex=8, sliders=0, levers=1, now=False),
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
    """One open page whose slider (the floor's st.slider, or one of the app's live levers: its range
    input, data-lever) is moved by ArrowRight/ArrowLeft, alternating."""

    def __init__(self, page, slider_key: str, kind: str, expect: int, lever: bool = False):
        self.page, self.kind, self.expect, self.presses = page, kind, expect, 0
        self.phases: list[dict] = []
        self.slider = (page.locator(f".st-key-levers [data-lever={slider_key}]") if lever
                       else page.locator(f".st-key-{slider_key}").get_by_role("slider"))

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
