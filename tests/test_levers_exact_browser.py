"""The levers' script prints, at any lever point, what the server prints there: advocacy_ui/assets/
levers.js (its figuresAt, writers, delta rule and story filler, run in headless Chromium with the
data the server sends) against compute() formatted by the overview's own formats, for every preset,
valuation basis, demand mode and cost setting (and with groups of advocates), at lever values the inputs can produce, including
share rates next to the break-even (where ROI and net value change sign)."""

import itertools
import math
import json
import random
from pathlib import Path

import pytest

from test_browser import browser  # noqa: F401 (fixture)

from advocacy_calc import PRESETS, Scenario, compute
from advocacy_calc.formatting import currency_of, format_spec
from advocacy_calc.live import coefficients
from advocacy_calc.narrative import lead_story, lead_story_template, story, story_template
from advocacy_ui.display import delta_text, figure_formats, live_rules
from advocacy_ui.levers import LIVE_KINDS

pytestmark = pytest.mark.browser

ASSETS = Path(__file__).resolve().parents[1] / "advocacy_ui" / "assets"
# The component's module as a plain script: its functions, without the mount's export.
# The change's words come from live_rules.js with the server's rules as data (display.live_rules).
SOURCE = ((ASSETS / "live_format.js").read_text() + "\n" + (ASSETS / "live_rules.js").read_text() + "\n"
          + (ASSETS / "levers.js").read_text().replace("export default function", "function mountLevers")
          + "\nwindow.RULES = " + json.dumps(live_rules()) + ";"
          + "\nwindow.L = { figuresAt, writer, fillStory,"
          + " deltaText: (...args) => LIVE_RULES.deltaText(window.RULES, ...args) };")
RUN = """cases => cases.map(c => {
  const live = L.figuresAt(c.coefficients, c.p, c.s, c.d, c.cap);
  const out = {};
  for (const [field, kind] of Object.entries(c.kinds)) {
    const fmt = L.writer(kind, c.spec);
    out[field] = fmt(live[field]);
    if (c.baseline) out['delta:' + field] = L.deltaText(field, live[field], c.baseline[field], fmt, c.spec);
  }
  out.story = L.fillStory(c.story, { ...live, participants: c.p, share_rate: c.s, stories_per_day: c.d }, c.spec);
  out.lead_story = L.fillStory(c.lead_story, live, c.spec);
  return out;
})"""


@pytest.fixture(scope="module")
def js(browser):  # noqa: F811
    page = browser.new_page()
    page.add_script_tag(content=SOURCE)
    yield page
    page.close()


def variants() -> list[Scenario]:
    out = []
    costs = ({}, {"seat_cost_per_month": 12.5, "fixed_cost_per_month": 18_000, "minutes_per_share": 4,
                  "hourly_cost": 55})
    for preset, basis, mode, cost, currency in itertools.product(
            PRESETS.values(), ("cpm", "cpc", "conservative"), ("direct", "clicks"), costs, ("USD", "GBP")):
        data = preset.model_dump()
        data.update(valuation_basis=basis, currency=currency, cost={**data["cost"], **cost})
        data["demand"] = {**data["demand"], "mode": mode, "landing_conversion_rate": 0.04,
                          "include_in_total": mode == "direct"}
        data["networks"] = [{**n, "ctr": n["ctr"] or 0.008} for n in data["networks"]]
        out.append(Scenario.model_validate(data))
    # Groups of advocates (issue 16): executives at 8x the mean rate, so the lever stops at 12.5%.
    groups = [{"name": "Executives", "weight": 0.1, "relative_share_rate": 8},
              {"name": "Everyone else", "weight": 0.9, "relative_share_rate": 0.2 / 0.9}]
    for cost in costs:
        out.append(Scenario.model_validate({"share_rate": 0.05, "groups": groups, "cost": cost}))
    # Counts, percentages and the ROI's points in a locale's own form (2.000, 12,5 %, 12,34,567)
    for currency, locale in (("EUR", "de-DE"), ("EUR", "fr-FR"), ("INR", "en-IN")):
        for cost in costs:
            out.append(PRESETS["Worked example"].model_copy(update={
                "currency": currency, "locale": locale, "cost": PRESETS["Worked example"].cost.model_copy(update=cost)}))
    return out


def points(scenario: Scenario, rng: random.Random) -> list[tuple[int, float, float]]:
    """Values the levers produce: participants in 50s (or typed), share rates in 0.01s, stories in 0.5s,
    and the share rates on either side of this scenario's break-even."""
    out = [(rng.choice([0, 1, 50, 1000, rng.randrange(0, 5000, 50), rng.randrange(0, 200_000)]),
            rng.randrange(0, 101) / 100, rng.randrange(0, 21) / 2) for _ in range(24)]
    for p, d in ((1000, 1.5), (rng.randrange(50, 5000, 50), rng.randrange(1, 21) / 2)):
        be = compute(scenario.model_copy(update={"participants": p, "stories_per_day": d})).break_even_share_rate
        if be is not None:
            cent = round(be * 100)
            out += [(p, max(0, min(100, k)) / 100, d) for k in (cent - 1, cent, cent + 1)]
    cap = scenario.share_rate_cap  # the lever stops there
    return [(p, min(s, math.floor(cap * 100) / 100), d) for p, s, d in out]


def test_the_script_prints_what_the_server_prints_at_any_lever_point(js):
    rng = random.Random(14)
    cases, expected = [], []
    for scenario in variants():
        coeffs = coefficients(scenario)
        baseline = compute(scenario)  # the scenario as it was: the changes are measured against it
        formats = figure_formats(scenario)
        template = story_template(scenario, baseline)
        for p, s, d in points(scenario, rng):
            moved = scenario.model_copy(update={"participants": p, "share_rate": s, "stories_per_day": d})
            results = compute(moved)
            want = {field: formats[field](getattr(results, field)) for field in LIVE_KINDS}
            want.update({f"delta:{field}": delta_text(field, getattr(results, field), getattr(baseline, field),
                                                      formats[field], scenario.locale) for field in LIVE_KINDS})
            want["story"] = story(moved, results)
            want["lead_story"] = lead_story(moved, results)  # leads follow the levers in clicks mode
            expected.append(want)
            cases.append({"coefficients": coeffs, "p": p, "s": s, "d": d, "kinds": LIVE_KINDS,
                          "cap": scenario.share_rate_cap,
                          "spec": format_spec(currency_of(scenario)), "story": template,
                          "lead_story": lead_story_template(scenario),
                          "baseline": {field: getattr(baseline, field) for field in LIVE_KINDS}})
    got = js.evaluate(RUN, json.loads(json.dumps(cases)))
    wrong = [(c["p"], c["s"], c["d"], k, e[k], g.get(k)) for c, e, g in zip(cases, expected, got)
             for k in e if e[k] != g.get(k)]
    assert len(expected) > 1500
    assert not wrong, wrong[:10]
