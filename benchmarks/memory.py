"""Memory: server RSS idle, then with 1, 5 and 20 live browser sessions, app and floor."""

from __future__ import annotations

import time

from _browser import COMPLETE_JS, NEEDS, TIMEOUT_MS, log, new_context
from _common import APP, FLOOR_APP, streamlit_server


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
