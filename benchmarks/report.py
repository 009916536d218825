"""The report: figures beside the floor with their ratios, the targets as PASS/FAIL, and
--compare of two saved runs."""

from __future__ import annotations

import json
from pathlib import Path

from _browser import PAGES
from _common import quiet_verdict

TARGETS = {
    "lever_figures_p95": "lever key -> 4 headline figures (live in the browser) p95 <= 0.5x floor slider->number p95",
    "slider_charts_p95": "lever key -> both sensitivity charts (server rerun) p95 under 2x floor slider->number p95",
    "first_render": "each page's first render (median) within 1.5x floor",
    "overview_rerun": "overview rerun on a lever move, real server body time (median) < 30 ms",
    "overview_full_rerun": "overview full rerun incl. sidebar (AppTest median; a sidebar input change) < 30 ms",
    "sweep_101": "101-point sweep < 5 ms (sweep and sweep_by_network)",
    "monte_carlo_100k": "Monte Carlo, 100,000 draws < 1 s (well under)",
    "measure_100k": "100,000 share rows parsed and measured < 1 s",
    "session_mb": "each extra browser session < 10 MB server RSS",
}


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
    for key, label in (("metrics", "app: lever key -> 4 headline figures (live)"),
                       ("charts", "app: lever key -> both sensitivity charts (on release)")):
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
    verdicts["lever_figures_p95"] = {"value": r, "limit": 0.5, "unit": "x floor", "pass": r is not None and r <= 0.5}
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
    for tag, what in (("en_us", "en-US"), ("hi_in", "hi-IN, its Devanagari name shaped")):
        if tag in calc.get("pdf", {}):
            rows.append((f"  One-page PDF, {what}", fmt(calc["pdf"][tag]["median"], "ms"), "", ""))
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
