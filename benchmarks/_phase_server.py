"""`streamlit run` with timers around each script run, for run.py --phases.

Used as: python benchmarks/_phase_server.py run APP [streamlit options]. It patches, in
this server process only (no app code changes), Streamlit's ScriptRunner so that every
script run appends one JSON line to $BENCH_PHASE_LOG:
  run_ms      the whole ScriptRunner._run_script call (script body + post-run cleanup)
  finish_ms   ScriptRunner._on_script_finished (widget cleanup, file cleanup, gc)
  gc_ms       the post-script gc.collect(2) inside it
  body_ms     run_ms - finish_ms: executing the page script itself
  queue_ms    from the BackMsg (rerun request) arriving to the script run starting
  sidebar_ms, page_ms  with $BENCH_APP_TIMERS set (our app only): the body's two parts,
              advocacy_ui.state.render_sidebar and StreamlitPage.run (the page script)
plus wall-clock (epoch) stamps of the request, script start, body end and run end, so that
run.py can line them up with the browser's own clock on the same machine.
Each websocket frame sent is stamped too, in $BENCH_PHASE_LOG.sends (epoch, bytes per line).
With $BENCH_PROFILE set, each run after the first $BENCH_PROFILE_SKIP (default 3) is profiled with cProfile (in the script thread)
and the accumulated stats are written there when the server stops.
"""

from __future__ import annotations

import atexit
import cProfile
import gc as _gc
import json
import os
import sys
import threading
import time

from streamlit.runtime import app_session
from streamlit.runtime.scriptrunner import script_runner as sr

LOG = os.environ.get("BENCH_PHASE_LOG")
PROFILE = os.environ.get("BENCH_PROFILE")
_local = threading.local()
_lock = threading.Lock()
_last_request = [0.0]
_last_request_epoch = [0.0]
_profiler = cProfile.Profile() if PROFILE else None
PROFILE_SKIP = int(os.environ.get("BENCH_PROFILE_SKIP", "3"))
_runs = [0]


class _TimedGC:
    """Stands in for the `gc` module inside script_runner only."""

    def __getattr__(self, name):
        return getattr(_gc, name)

    def collect(self, *args):
        t0 = time.perf_counter()
        try:
            return _gc.collect(*args)
        finally:
            _local.gc_ms = getattr(_local, "gc_ms", 0.0) + (time.perf_counter() - t0) * 1000


sr.gc = _TimedGC()
_orig_run, _orig_finished = sr.ScriptRunner._run_script, sr.ScriptRunner._on_script_finished
_orig_request = app_session.AppSession.request_rerun


def _request_rerun(self, client_state):
    _last_request[0] = time.perf_counter()
    _last_request_epoch[0] = time.time()
    return _orig_request(self, client_state)


def _on_finished(self, *args, **kwargs):
    _local.body_end_epoch = time.time()
    t0 = time.perf_counter()
    try:
        return _orig_finished(self, *args, **kwargs)
    finally:
        _local.finish_ms = getattr(_local, "finish_ms", 0.0) + (time.perf_counter() - t0) * 1000


def _run_script(self, rerun_data):
    _local.gc_ms = _local.finish_ms = _local.sidebar_ms = _local.page_ms = 0.0
    _local.body_end_epoch = None
    start_epoch = time.time()
    t0 = time.perf_counter()
    queue_ms = (t0 - _last_request[0]) * 1000 if _last_request[0] else None
    _runs[0] += 1
    profiling = _profiler is not None and _runs[0] > PROFILE_SKIP
    if profiling:
        with _lock:
            _profiler.enable()
    try:
        return _orig_run(self, rerun_data)
    finally:
        if profiling:
            with _lock:
                _profiler.disable()
        run_ms = (time.perf_counter() - t0) * 1000
        if LOG:
            rec = {"run_ms": run_ms, "finish_ms": _local.finish_ms, "gc_ms": _local.gc_ms,
                   "body_ms": run_ms - _local.finish_ms, "queue_ms": queue_ms,
                   "sidebar_ms": _local.sidebar_ms, "page_ms": _local.page_ms,
                   "recv_epoch": _last_request_epoch[0], "start_epoch": start_epoch,
                   "body_end_epoch": _local.body_end_epoch, "end_epoch": time.time(),
                   "gc_objects": len(_gc.get_objects()) if os.environ.get("BENCH_COUNT_OBJECTS") else None}
            with _lock, open(LOG, "a") as f:
                f.write(json.dumps(rec) + "\n")


def _timed(fn, attr):
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            setattr(_local, attr, getattr(_local, attr, 0.0) + (time.perf_counter() - t0) * 1000)
    return wrapper


if os.environ.get("BENCH_APP_TIMERS"):
    # Split the app's script body: the shared sidebar (advocacy_ui.state.render_sidebar, looked
    # up by app.py at call time) and the page itself (StreamlitPage.run).
    from streamlit.navigation.page import StreamlitPage

    from advocacy_ui import state as _state

    _state.render_sidebar = _timed(_state.render_sidebar, "sidebar_ms")
    StreamlitPage.run = _timed(StreamlitPage.run, "page_ms")

if LOG and os.environ.get("BENCH_LOG_SENDS", "1") == "1":
    # When each websocket frame has been handed to the socket, server clock.
    from starlette.websockets import WebSocket

    _orig_send_bytes = WebSocket.send_bytes
    _send_log = open(LOG + ".sends", "a", buffering=1)

    async def _send_bytes(self, data):
        # Stamped just before the write (uvicorn writes to the transport synchronously): a stamp
        # after the await could be delayed by the script thread holding the GIL.
        _send_log.write(f"{time.time()} {len(data)}\n")
        await _orig_send_bytes(self, data)

    WebSocket.send_bytes = _send_bytes

sr.ScriptRunner._run_script = _run_script
sr.ScriptRunner._on_script_finished = _on_finished
app_session.AppSession.request_rerun = _request_rerun

if _profiler is not None:
    atexit.register(lambda: _profiler.dump_stats(PROFILE))


if __name__ == "__main__":
    import signal

    # SIGTERM from run.py: exit through atexit so the profile is written.
    from streamlit.web import cli

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(cli.main())
