"""Every chart of the app, built from the package for a scenario, and measured in real Chromium.

The specs are the ones the pages draw (same functions, same data shapes). `measure_in_browser`
opens vl-convert's self-contained HTML (Vega bundled inline: no network) in headless Chromium and
reads what a reader sees: each axis's tick labels, every text's bounding box (getBBox, with real
font metrics, which vl-convert's SVG does not carry) and Vega's console warnings.
"""

import json
from functools import cache
from typing import Any

from advocacy_calc import DEFAULT_PRESET, PRESETS, Scenario, charts, compute, sweep, sweep_by_network
from advocacy_calc.charts.compare import overlay_chart
from advocacy_calc.exports.images import plain_spec
from advocacy_calc.formatting import currency_of
from advocacy_calc.forecast.grid import break_even_line, two_way
from advocacy_calc.groups import add_group, group_results, templates
from advocacy_calc.measure import forecast_vs_actual, load_all, measure
from advocacy_calc.sweep import sweep_by_group
from advocacy_calc.measure import charts as mcharts
from advocacy_calc.measure.synthetic import synthetic_files
from advocacy_calc.ranges import default_ranges, with_ranges
from advocacy_calc.forecast.montecarlo import fan, histogram, simulate_arrays, summarise
from advocacy_calc.forecast.timeline import TimelineSettings, timeline
from advocacy_calc.forecast.tornado import tornado


def with_cost(scenario: Scenario, seat: float = 10.0, fixed: float = 2000.0) -> Scenario:
    return scenario.model_copy(update={"cost": scenario.cost.model_copy(
        update={"seat_cost_per_month": seat, "fixed_cost_per_month": fixed})})


# Labels as long as the Forecast page's ("X (Twitter): Share of connections who see a post"): the
# network's name, then the input's. Short labels hid a tornado cut at 1280 px and a cut heat-map title.
LONG_LABELS = {"visibility": "Share of connections who see a post", "connections": "Connections per sharer",
               "cpm": "Paid CPM", "share_rate": "Share rate", "stories_per_day": "Stories per day"}


def page_label(path: str) -> str:
    parts = path.split(".")
    text = LONG_LABELS.get(parts[-1], parts[-1].replace("_", " ").capitalize())
    return f"{'X (Twitter)' if parts[1] == 'X' else parts[1]}: {text}" if parts[0] == "networks" else text


def gallery(scenario: Scenario) -> dict[str, dict]:
    """name -> spec, for every chart a page draws (the sensitivity charts with a goal marked)."""
    results = compute(scenario)
    cur, loc = currency_of(scenario), scenario.locale  # as the pages pass them: the scenario's locale
    specs: dict[str, dict] = {}
    for param in ("share_rate", "participants"):
        spec = charts.participation_chart(sweep_by_network(scenario, param), sweep(scenario, param),
                                          scenario, results, param, "value_per_month")
        goal_x = scenario.share_rate * 2 if param == "share_rate" else scenario.participants * 2
        label = f"Goal: {goal_x:.0%}" if param == "share_rate" else f"Goal: {goal_x:,} participants"
        specs[f"sensitivity-{param}"] = charts.with_goal(spec, goal_x, label)
        specs[f"sensitivity-{param}-per-story"] = charts.participation_chart(
            sweep_by_network(scenario, param), sweep(scenario, param), scenario, results, param, "value_per_story")
    specs["reach"] = charts.reach_chart(results, loc)
    specs["basis"] = charts.basis_chart(results, scenario)
    specs["funnel"] = charts.funnel_chart(results, loc)
    grouped = scenario if scenario.groups else add_group(  # the reach and sensitivity pages' group charts
        scenario, templates()["Executives"], max(1, scenario.participants // 20), carve_out=True,
        relative_share_rate=3.0)
    parts = group_results(grouped)
    specs["groups-value"] = charts.group_chart(parts, cur)
    specs["groups-per-seat"] = charts.group_chart(parts, cur, "value_per_participant_per_month")
    specs["groups-sweep"] = charts.group_sweep_chart(sweep_by_group(grouped, "share_rate", 51), cur)
    value, total, cost = simulate_arrays(scenario, 20_000, 2026, "pert")
    sim = summarise(scenario, value, total, cost, seed=2026, distribution="pert")
    v = sim.value_per_month
    specs["distribution"] = charts.distribution_chart(histogram(value), v.p10, v.p50, v.p90, cur)
    specs["fan"] = charts.fan_chart(fan(scenario, draws=500), scenario)
    frame = tornado(scenario, "value_per_month")
    moving = frame[frame["swing"] > 0]
    specs["tornado"] = charts.tornado_chart(
        moving, {p: page_label(p) for p in frame["input"]},
        {r.input: (f"{r.low:g}", f"{r.high:g}") for r in frame.itertuples()}, "Media value per month",
        cur)
    first = f"networks.{scenario.networks[0].name}.connections"
    cells = two_way(scenario, "share_rate", first)
    specs["heatmap"] = charts.heatmap_chart(cells, break_even_line(cells), (scenario.share_rate,
                                            scenario.networks[0].connections), "Share rate", page_label(first),
                                            ".0%", ",.4~g", cur)
    line = timeline(scenario, TimelineSettings(months=24, launch_cost=20_000))
    specs["timeline"] = charts.timeline_chart(line.table, line.payback_month, cur)
    specs["monthly"] = charts.monthly_chart(line.table, cur)
    other = scenario.model_copy(update={"share_rate": min(1.0, scenario.share_rate * 2), "name": "Doubled"})
    specs["overlay"] = overlay_chart({"This scenario": scenario, "Doubled": other})
    exports, _, _ = load_all(synthetic_files())
    measured = measure(exports, workforce=2000, cost_per_lead=20)
    weekly = measured.tables["weekly"]
    specs["weekly-participation"] = mcharts.weekly_chart(weekly, {"active_of_participants": "Active sharers"},
                                                         "Share of participants", ".0%", loc)
    specs["weekly-activity"] = mcharts.weekly_chart(weekly, {"shares": "Shares", "clicks": "Clicks"}, "Per week",
                                                     locale=loc)
    fva = forecast_vs_actual(measured, results, scenario.working_days_per_month)
    specs["forecast-vs-actual"] = mcharts.forecast_actual_chart(fva, fva["measure"].iloc[0], loc)
    return specs


def ranged(scenario: Scenario) -> Scenario:
    """The scenario with the benchmark ranges the Forecast page prefills (a tornado with bars)."""
    return with_ranges(scenario, default_ranges(scenario))


# The worked example with a cost (break-even inside 0-100%, cost lines and legends) and a
# two-network preset with every range set; both as the Forecast page would see them.
SCENARIOS = {"worked-example-with-cost": ranged(with_cost(PRESETS[DEFAULT_PRESET], seat=40.0, fixed=0.0)),
             "typical-b2b": ranged(PRESETS["Typical B2B"])}


# Read after Vega has drawn: every axis's labels (by the axis's own group) and every visible text.
MEASURE_JS = """async () => {
  const axes = [];
  for (const axis of document.querySelectorAll('svg g.role-axis')) {
    const labels = [...axis.querySelectorAll('.role-axis-label text')].map(t => t.textContent);
    const title = [...axis.querySelectorAll('.role-axis-title text')].map(t => t.textContent).join(' ');
    axes.push({title, labels});
  }
  const svg = document.querySelector('svg').getBoundingClientRect();
  const box = (b) => ({x: b.x - svg.x, y: b.y - svg.y, w: b.width, h: b.height});
  const texts = [];
  for (const t of document.querySelectorAll('svg text')) {
    if (!t.textContent.trim() || t.closest('.role-axis-label')) continue;   // axis labels: Vega's own overlap rule
    const op = parseFloat(t.getAttribute('opacity') ?? t.getAttribute('fill-opacity') ?? '1');
    if (op === 0) continue;
    texts.push({text: t.textContent, role: t.closest('g[class]')?.getAttribute('class') ?? '',
                ...box(t.getBoundingClientRect())});
  }
  const rules = [];
  for (const l of document.querySelectorAll('svg g.mark-rule.role-mark line')) {
    const op = parseFloat(l.getAttribute('opacity') ?? l.getAttribute('stroke-opacity') ?? '1');
    if (op === 0) continue;
    const b = box(l.getBoundingClientRect());
    rules.push({text: 'rule', x: b.x - 1.5, y: b.y - 1.5, w: b.w + 3, h: b.h + 3});  // a line's box is its stroke
  }
  // legend symbols: one a reader can see has a visible outline or a fill that is not the white page
  const symbols = [...document.querySelectorAll('svg .role-legend-symbol path')].map(p => ({
    fill: p.getAttribute('fill') ?? '', stroke: p.getAttribute('stroke') ?? '',
    strokeWidth: parseFloat(p.getAttribute('stroke-width') ?? '0'),
    label: p.closest('.role-legend-symbol')?.parentNode?.querySelector('.role-legend-label text')?.textContent ?? ''}));
  const plot = document.querySelector('svg .role-frame.root > path.background, svg .role-frame.root path.background');
  const frame = plot ? plot.getBoundingClientRect() : {x: svg.x, y: svg.y, width: 0, height: 0};
  // every drawn data mark but text (a marker's label may sit above the plot by design): its geometry's box
  const marks = [];
  for (const g of document.querySelectorAll('svg g.role-mark:not(.mark-text)')) {
    const kind = [...g.classList].find(c => c.startsWith('mark-')) ?? '';
    for (const el of g.querySelectorAll(':scope > path, :scope > line, :scope > rect')) {
      const b = el.getBoundingClientRect();
      if (b.width || b.height) marks.push({kind, ...box(b)});
    }
  }
  return {axes, texts, rules, symbols, marks, width: svg.width, height: svg.height,
          plot: {x: frame.x - svg.x, y: frame.y - svg.y, w: frame.width, h: frame.height}};
}"""


@cache
def vega_page() -> str:
    """vl-convert's self-contained page (Vega, Vega-Lite and vega-embed inline); charts are then
    embedded into it one after another with window.vegaEmbed, without reloading 0.9 MB of script."""
    import vl_convert

    return vl_convert.vegalite_to_html({"mark": "point"}, bundle=True)


EMBED_JS = """async (spec) => {
  const target = document.getElementById('vega-chart');
  target.innerHTML = '';
  const result = await window.vegaEmbed(target, spec, {renderer: 'svg', actions: false});
  await result.view.runAsync();
}"""


def measure_in_browser(page: Any, spec: dict, width: int = 640) -> dict:
    """Draw `spec` in the page (a Playwright page) at `width`; return axes, texts, rules and the
    console's warnings and errors while it was drawn."""
    warnings: list[str] = []

    def listen(message: Any) -> None:
        if message.type in ("warning", "error"):
            warnings.append(f"{message.type}: {message.text}")

    if not page.evaluate("() => !!window.vegaEmbed"):
        page.set_content(vega_page())
        page.wait_for_function("() => !!window.vegaEmbed")
    page.on("console", listen)
    try:
        page.evaluate(EMBED_JS, plain_spec(spec, width) if "datasets" in spec else {**spec, "width": width})
        found = page.evaluate(MEASURE_JS)
    finally:
        page.remove_listener("console", listen)
    found["warnings"] = warnings
    return found


def outside(found: dict, slack: float = 0.5) -> list[dict]:
    """The data marks (not texts) whose box pokes out of the plot by more than `slack` px."""
    p = found["plot"]
    return [m for m in found["marks"] if m["x"] < p["x"] - slack or m["y"] < p["y"] - slack
            or m["x"] + m["w"] > p["x"] + p["w"] + slack or m["y"] + m["h"] > p["y"] + p["h"] + slack]


def overlaps(texts: list[dict], others: list[dict] | None = None, slack: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of boxes that intersect by more than `slack` px each way: texts with texts, and
    (given `others`, e.g. rules) texts with those."""
    pairs = []
    for i, a in enumerate(texts):
        for b in (texts[i + 1:] if others is None else others):
            if (min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]) > slack and
                    min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]) > slack):
                pairs.append((a["text"], b["text"]))
    return pairs


if __name__ == "__main__":  # a quick look: python tests/chart_gallery.py
    from server import chromium

    with chromium() as browser:
        page = browser.new_page()
        for sname, scenario in SCENARIOS.items():
            for name, spec in gallery(scenario).items():
                found = measure_in_browser(page, spec)
                print(sname, name, json.dumps({
                    "axes": [a for a in found["axes"] if a["labels"]], "plot": found["plot"],
                    "overlaps": overlaps(found["texts"]) + overlaps(found["texts"], found["rules"]),
                    "warnings": found["warnings"], "size": (found["width"], found["height"])}))
