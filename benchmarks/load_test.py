"""Concurrent sessions against one local server, speaking Streamlit's own websocket protocol.

    .venv/bin/python benchmarks/load_test.py [--sessions 20] [--seconds 30] [--think 1.0]

No browser: each session is a websocket client on ws://127.0.0.1:PORT/_stcore/stream that
does what the frontend does. It sends a BackMsg whose rerun_script is a ClientState
(query string, page, widget states), receives ForwardMsgs (new_session, deltas with the page's
elements, page_info_changed, script_finished) and keeps the frontend's message cache
(cached_message_hashes / ref_hash). Each session releases the share-rate lever at values of its
own: the live levers component's state (its JSON: the three values and a release number) with the
fragment id of the levers, so the server reruns only that fragment, as it does for a browser), waits for the rerun, then checks the "Value per month" metric against the figure for ITS
input: 31,500 x share_rate / 0.10 in the default scenario, formatted by
advocacy_calc.formatting.money. A wrong figure would mean state leaking between sessions.

First one session alone, then N at once, for the same time each, on the same server; the
N-session p95 is compared with the single-session p95 (target: within 2x). Between moves a
session "thinks" for a random 0.5-1.5 x --think seconds, like a person pressing an arrow key.

XSRF: the server checks the XSRF token (second Sec-WebSocket-Protocol entry against the
_streamlit_xsrf cookie) only to accept an auth cookie, and only when an Origin header is sent;
a client without Origin and without login, like this one, needs neither (see streamlit's
web/server/starlette/starlette_websocket.py). We offer the subprotocol "streamlit" as the
frontend does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))
from _common import (APP, QuietMeter, machine_info, median, p95, quiet_verdict, streamlit_server,  # noqa: E402
                     wait_for_quiet)

import websockets  # noqa: E402  (a dependency of streamlit itself)
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from advocacy_calc.formatting import money  # noqa: E402

LABEL = "Value per month"
RERUN_TIMEOUT_S = 30


def expected_figure(share_rate: float) -> str:
    return money(31_500 * share_rate / 0.10, "USD")


@dataclass
class Result:
    session: int
    share_rate: float
    figure: str | None
    expected: str
    figure_ms: float | None
    finished_ms: float | None
    ok: bool
    error: str | None = None


@dataclass
class Session:
    index: int
    url: str
    rng: random.Random
    cache: dict[str, ForwardMsg] = field(default_factory=dict)
    query_string: str = ""
    page_script_hash: str = ""
    lever_id: str | None = None  # the live levers component (advocacy_ui/levers.py)
    released: int = 0  # its release number, as the browser's script counts them
    fragment_id: str = ""  # the levers' fragment: a lever move reruns only it, as in the browser
    current: float = 0.10

    async def rerun(self, ws, share_rate: float | None) -> tuple[dict, float | None, float]:
        """Send one rerun (with the lever released at share_rate, or none for the first run); read to the end.

        Returns (figures by metric label, ms to the watched figure, ms to script_finished).
        """
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        cs.page_script_hash = self.page_script_hash
        cs.cached_message_hashes.extend(self.cache)
        if share_rate is not None:
            self.released += 1
            values = {"participants": 1000, "share_rate": share_rate, "stories_per_day": 1.5, "seq": self.released}
            cs.widget_states.widgets.append(WidgetState(id=self.lever_id, json_value=json.dumps({"values": values})))
            cs.fragment_id = self.fragment_id
        t0 = time.perf_counter()
        await ws.send(msg.SerializeToString())
        figures: dict[str, str] = {}
        figure_ms = None
        deadline = t0 + RERUN_TIMEOUT_S
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no script_finished within {RERUN_TIMEOUT_S} s")
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(ws.recv(), left))
            kind = fwd.WhichOneof("type")
            if kind == "ref_hash":
                if fwd.ref_hash not in self.cache:
                    raise RuntimeError(f"ref_hash {fwd.ref_hash} not in the client cache")
                fwd = self.cache[fwd.ref_hash]
                kind = fwd.WhichOneof("type")
            elif fwd.metadata.cacheable and fwd.hash:
                self.cache[fwd.hash] = fwd
            if kind == "new_session":
                self.page_script_hash = fwd.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                et = el.WhichOneof("type")
                if et == "metric":
                    figures[el.metric.label] = el.metric.body
                    if el.metric.label == LABEL and figure_ms is None:
                        figure_ms = (time.perf_counter() - t0) * 1000
                elif et == "bidi_component" and el.bidi_component.component_name.endswith("advocacy_levers"):
                    self.lever_id = el.bidi_component.id
                    self.fragment_id = fwd.delta.fragment_id
                elif et == "exception":
                    raise RuntimeError(f"exception element: {el.exception.message[:200]}")
                elif et == "alert" and el.alert.body.startswith("Sorry:"):
                    raise RuntimeError(f"app error message: {el.alert.body[:200]}")
            elif kind == "script_finished":
                status = fwd.script_finished
                if status not in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    raise RuntimeError(f"script_finished with status {status}")
                return figures, figure_ms, (time.perf_counter() - t0) * 1000

    def next_rate(self) -> float:
        """A share rate of this session's own, never the one it has now."""
        while True:
            rate = self.rng.randint(1, 100) / 100
            if rate != self.current:
                return rate

    async def run(self, until: float, think: float, results: list[Result], connected: asyncio.Event | None) -> None:
        async with websockets.connect(self.url, subprotocols=["streamlit"], max_size=None,
                                      open_timeout=30, ping_interval=None) as ws:
            figures, _, _ = await self.rerun(ws, None)  # the first run, as a page load does
            if self.lever_id is None or figures.get(LABEL) != expected_figure(0.10):
                raise RuntimeError(f"first run: levers {self.lever_id!r}, {LABEL} {figures.get(LABEL)!r}")
            if connected is not None:
                connected.set()
            while time.monotonic() < until:
                await asyncio.sleep(think * self.rng.uniform(0.5, 1.5))
                if time.monotonic() >= until:
                    break
                rate = self.next_rate()
                want = expected_figure(rate)
                try:
                    figures, figure_ms, finished_ms = await self.rerun(ws, rate)
                except Exception as exc:  # counted, and the session stops: its state is unknown
                    results.append(Result(self.index, rate, None, want, None, None, False,
                                          f"{type(exc).__name__}: {exc}"))
                    return
                got = figures.get(LABEL)
                results.append(Result(self.index, rate, got, want, figure_ms, finished_ms, got == want))
                self.current = rate


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def phase(url: str, pid: int, n: int, seconds: float, think: float, seed: int) -> dict:
    results: list[Result] = []
    sessions = [Session(i, url, random.Random(seed * 1000 + i)) for i in range(n)]
    cpu0, t0 = cpu_seconds(pid), time.monotonic()
    until = t0 + seconds
    outcomes = await asyncio.gather(*(s.run(until, think, results, None) for s in sessions),
                                    return_exceptions=True)
    wall, cpu = time.monotonic() - t0, cpu_seconds(pid) - cpu0
    session_errors = [f"session {i}: {type(o).__name__}: {o}" for i, o in enumerate(outcomes) if isinstance(o, Exception)]
    done = [r for r in results if r.error is None]
    fig = [r.figure_ms for r in done if r.figure_ms is not None]
    fin = [r.finished_ms for r in done if r.finished_ms is not None]
    return {
        "sessions": n, "seconds": seconds, "think_s": think, "wall_s": wall,
        "reruns": len(done), "errors": len([r for r in results if r.error]) + len(session_errors),
        "error_messages": [r.error for r in results if r.error][:10] + session_errors[:10],
        "wrong_figures": len([r for r in done if not r.ok]),
        "wrong_examples": [vars(r) for r in done if not r.ok][:10],
        "per_session_reruns": [len([r for r in done if r.session == i]) for i in range(n)],
        "figure_ms": {"p50": median(fig), "p95": p95(fig), "max": max(fig) if fig else None, "n": len(fig)},
        "finished_ms": {"p50": median(fin), "p95": p95(fin), "max": max(fin) if fin else None, "n": len(fin)},
        "reruns_per_s": len(done) / wall if wall else None,
        "server_cpu_s": cpu, "server_cpu_ms_per_rerun": cpu / len(done) * 1000 if done else None,
        "server_rss_mb_after": rss_mb(pid),
        "sample": [vars(r) for r in done[:3]] + [vars(r) for r in done[-2:]],
    }


def show(p: dict) -> None:
    f, e = p["figure_ms"], p["finished_ms"]
    print(f"  sessions {p['sessions']}, {p['wall_s']:.0f} s, think {p['think_s']:g} s: {p['reruns']} reruns "
          f"({p['reruns_per_s']:.1f}/s; per session {min(p['per_session_reruns'])}-{max(p['per_session_reruns'])}), "
          f"errors {p['errors']}, wrong figures {p['wrong_figures']}")
    print(f"    lever release -> '{LABEL}' figure: p50 {f['p50']:.1f} ms, p95 {f['p95']:.1f} ms, max {f['max']:.1f} ms")
    print(f"    release -> script_finished:  p50 {e['p50']:.1f} ms, p95 {e['p95']:.1f} ms, max {e['max']:.1f} ms")
    print(f"    server CPU {p['server_cpu_s']:.1f} s = {p['server_cpu_ms_per_rerun']:.0f} ms per rerun "
          f"({p['server_cpu_s'] / p['wall_s'] * 100:.0f}% of one core); RSS after {p['server_rss_mb_after']:.1f} MB")
    for msg in p["error_messages"]:
        print(f"    error: {msg}")
    for r in p["wrong_examples"]:
        print(f"    WRONG: session {r['session']} sent {r['share_rate']:.2f}, got {r['figure']}, expected {r['expected']}")


async def main_async(args) -> dict:
    with streamlit_server(APP) as srv:
        url = srv.base.replace("http://", "ws://") + "_stcore/stream"
        pid = srv.pid
        out: dict = {"machine": machine_info(), "url": url,
                     "config": {"sessions": args.sessions, "seconds": args.seconds, "think": args.think}}
        # Warm the server (imports, caches) with one short session, not counted.
        warm: list[Result] = []
        await Session(-1, url, random.Random(0)).run(time.monotonic() + 3, 0.2, warm, None)
        out["idle_rss_mb"] = rss_mb(pid)
        print(f"server pid {pid} on {url}; warm-up {len(warm)} reruns; RSS {out['idle_rss_mb']:.1f} MB")
        print(f"\n1 session for {args.seconds:g} s ...")
        out["single"] = await phase(url, pid, 1, args.seconds, args.think, seed=1)
        show(out["single"])
        print(f"\n{args.sessions} concurrent sessions for {args.seconds:g} s ...")
        out["concurrent"] = await phase(url, pid, args.sessions, args.seconds, args.think, seed=2)
        show(out["concurrent"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30, help="length of each phase (single, then concurrent)")
    ap.add_argument("--think", type=float, default=1.0,
                    help="mean pause between one session's lever releases, s (uniform 0.5-1.5 x this)")
    ap.add_argument("--out", default=str(BENCH / "results" / "load_latest.json"))
    ap.add_argument("--max-load", type=float, default=0.7 * (os.cpu_count() or 1))
    ap.add_argument("--max-wait", type=float, default=600)
    args = ap.parse_args()
    if not 1 <= args.sessions <= 200 or not 0 < args.seconds <= 600 or not 0 <= args.think <= 60:
        sys.exit("--sessions 1..200, --seconds up to 600, --think 0..60")
    load = wait_for_quiet(args.max_load, args.max_wait, lambda m: print(m, file=sys.stderr))
    if load > args.max_load:
        print(f"warning: load average still {load:.2f}; figures will be noisy", file=sys.stderr)
    meter = QuietMeter()
    out = asyncio.run(main_async(args))
    out["loadavg_at_end"] = list(os.getloadavg())
    out["quiet"] = meter.stop()

    s, c = out["single"], out["concurrent"]
    print("\nSample of real reruns (session, share rate sent, figure received, expected, ms to figure):")
    for r in c["sample"]:
        print(f"  session {r['session']:>2}  {r['share_rate']:.2f}  {r['figure']:>9}  {r['expected']:>9}  {r['figure_ms']:.1f} ms")
    ratio = c["figure_ms"]["p95"] / s["figure_ms"]["p95"] if s["figure_ms"]["p95"] else None
    checks = [
        ("errors = 0", s["errors"] + c["errors"] == 0, f"{s['errors'] + c['errors']}"),
        ("wrong figures = 0 (no state leaking between sessions)", s["wrong_figures"] + c["wrong_figures"] == 0,
         f"{s['wrong_figures'] + c['wrong_figures']}"),
        (f"{args.sessions}-session p95 within 2x single-session p95", ratio is not None and ratio <= 2,
         f"{c['figure_ms']['p95']:.1f} ms vs {s['figure_ms']['p95']:.1f} ms = {ratio:.2f}x" if ratio else "n/a"),
    ]
    print(f"\nTotal reruns {s['reruns'] + c['reruns']} (single {s['reruns']}, concurrent {c['reruns']}); "
          f"load average at start {out['machine']['loadavg_at_start'][0]:.2f}, at end {out['loadavg_at_end'][0]:.2f}")
    print(f"While measuring: {quiet_verdict(out['quiet'])}")
    for name, ok, val in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {val}")
    out["checks"] = [{"name": n, "pass": ok, "value": v} for n, ok, v in checks]
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, default=str))
    print(f"\nwritten {path}")
    if not all(ok for _, ok, _ in checks[:2]):
        sys.exit(1)


if __name__ == "__main__":
    main()
