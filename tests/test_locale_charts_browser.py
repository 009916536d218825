"""Chart axes, legends and tooltips in the scenario's locale, drawn by a real Vega in headless Chromium.

The label expressions are the same for the page (Streamlit's Vega in the browser) and the exports
(vl-convert, tests/test_formatting.py evaluates the same table there). Expectations are written by hand.
"""

import os
from pathlib import Path

import pytest

from advocacy_calc.formatting import vega_axis_format, vega_d3_expr
from chart_gallery import SCENARIOS, gallery, measure_in_browser, vega_page
from advocacy_calc.exports.images import plain_spec
from server import CHROMIUM, chromium
from test_formatting import LOCALE_AXES, LOCALE_TOOLTIPS, NB

pytestmark = pytest.mark.browser
if not Path(CHROMIUM).exists():
    if os.environ.get("REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing but REQUIRE_BROWSER is set (CI installs it with apt-get)")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)

WIDE = 1100
GERMAN = SCENARIOS["worked-example-with-cost"].model_copy(update={"currency": "EUR", "locale": "de-DE"})


@pytest.fixture(scope="module")
def page():
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 1280, "height": 900})


def tick_labels(page, values: list[float], axis: dict) -> list[str]:
    """The labels Chromium's Vega draws for exactly these tick values."""
    spec = {"data": {"values": [{"x": v} for v in values]}, "mark": "point",
            "encoding": {"x": {"field": "x", "type": "quantitative", "title": "T",
                               "axis": {"values": values, "labelOverlap": False, **axis},
                               "scale": {"domain": [min(values), max(values)]}}}}
    found = measure_in_browser(page, spec, 900)
    assert found["warnings"] == []
    return next(a["labels"] for a in found["axes"] if a["title"] == "T")


def test_axis_labels_in_four_locales(page):
    for kind, locale, rows in LOCALE_AXES:
        labels = tick_labels(page, [v for v, _ in rows], vega_axis_format(kind, locale=locale))
        assert labels == [t for _, t in rows], (kind, locale)


def test_tooltip_formats_in_a_locale(page):
    for fmt, locale, rows in LOCALE_TOOLTIPS:
        labels = tick_labels(page, [v for v, _ in rows], {"labelExpr": vega_d3_expr(fmt, "datum.value", locale)})
        assert labels == [t for _, t in rows], (fmt, locale)


TOOLTIPS_JS = """async (spec) => {
  const target = document.getElementById('vega-chart');
  target.innerHTML = '';
  const result = await window.vegaEmbed(target, spec, {renderer: 'svg', actions: false});
  await result.view.runAsync();
  const tips = [];
  const walk = (node) => {
    if (node.tooltip) tips.push(node.tooltip);
    for (const child of node.items || []) walk(child);
  };
  walk(result.view.scenegraph().root);
  return tips;
}"""


def tooltips(page, spec: dict) -> list[dict]:
    """Every tooltip the drawn chart holds (what a hover shows), read from Vega's scene graph."""
    if not page.evaluate("() => !!window.vegaEmbed"):
        page.set_content(vega_page())
        page.wait_for_function("() => !!window.vegaEmbed")
    return page.evaluate(TOOLTIPS_JS, plain_spec(spec, WIDE))


def axis(found: dict, title: str) -> list[str]:
    return next(a["labels"] for a in found["axes"] if a["title"] == title)


def test_a_german_scenarios_charts_print_german_numbers(page):
    # The worked example (1,000 participants at 10%, 85,000 impressions a story, 50 leads a month) in EUR, de-DE
    charts = gallery(GERMAN)
    share = measure_in_browser(page, charts["sensitivity-share_rate"], WIDE)
    assert share["warnings"] == []
    assert axis(share, "Share rate (participation)") == [f"{p}{NB}%" for p in (0, 20, 40, 60, 80, 100)]
    people = measure_in_browser(page, charts["sensitivity-participants-per-story"], WIDE)
    assert axis(people, "Participants") == ["0", "500", "1K", "1,5K", "2K"]
    fan = measure_in_browser(page, charts["fan"], WIDE)
    assert axis(fan, "Share rate (participation)") == [f"{p}{NB}%" for p in (0, 20, 40, 60, 80, 100)]
    assert f"Now 10{NB}%" in [t["text"] for t in fan["texts"]]
    draws = measure_in_browser(page, charts["distribution"], WIDE)
    assert all(t.endswith(f"{NB}%") for t in axis(draws, "Share of draws"))
    # every chart of the gallery draws in German without a warning, no label spelt en-US ("1.5K", "12.5%")
    for name, spec in charts.items():
        found = measure_in_browser(page, spec, WIDE)
        assert found["warnings"] == [], name
        labels = [t for a in found["axes"] for t in a["labels"]]
        assert not [t for t in labels if t[:1].isdigit() and ("." in t and t[-1] in "KMBT%" or t.endswith("%") and
                                                              not t.endswith(f"{NB}%"))], (name, labels)


def test_a_german_scenarios_tooltips_print_german_numbers(page):
    charts = gallery(GERMAN)
    reach = tooltips(page, charts["reach"])
    assert {"Network": "X (Twitter)", "Reach": "Potential (all connections)",
            "Impressions per story": "85.000"} in reach
    funnel = tooltips(page, charts["funnel"])
    assert {"Stage": "Leads", "Per month": "50,0"} in funnel
    fan = tooltips(page, charts["fan"])
    assert any(t.get("Share rate") == f"10{NB}%" for t in fan), fan[:3]
    # en-US keeps d3's own formats: the same chart of the same scenario in USD, en-US
    english = tooltips(page, gallery(SCENARIOS["worked-example-with-cost"])["reach"])
    assert {"Network": "X (Twitter)", "Reach": "Potential (all connections)",
            "Impressions per story": "85,000"} in english
