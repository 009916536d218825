"""Every chart as a reader sees it, measured in headless Chromium: round ticks, no text over text or
over a marker's rule, nothing cut at the right edge, no Vega warning in the console.

Each spec is the one a page draws (tests/chart_gallery.py builds them from the package), rendered
by the Vega that vl-convert bundles into a self-contained page (no network). Widths: a column at
1280 px, a full-width chart, a 390 px phone; and each again in presentation mode.
"""

import os
import re
from pathlib import Path

import pytest

from advocacy_calc import charts
from chart_gallery import SCENARIOS, gallery, measure_in_browser, outside, overlaps
from server import CHROMIUM, chromium

pytestmark = pytest.mark.browser
if not Path(CHROMIUM).exists():
    if os.environ.get("REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing but REQUIRE_BROWSER is set (CI installs it with apt-get)")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)


WIDTHS = {"column": 560, "wide": 1100, "phone": 330}
MAX_TICKS = 10
# $0, $500, $2.5, $63K, $1.5M, -$5K: money_compact's spelling (cents only below 1,000, one decimal before a suffix)
MONEY_TICK = re.compile(r"-?[$€£](\d{1,3}(\.\d\d?)?|\d{1,3}(\.\d)?[KMBT])")
MIN_PLOT = 120  # px of plot height at least, labels and legend taken
MAX_HEIGHT = 560  # px: a chart under a page's levers and a subheader on a 720 px screen
GALLERIES = {name: gallery(scenario) for name, scenario in SCENARIOS.items()}
CASES = [(s, c) for s, specs in GALLERIES.items() for c in specs]


@pytest.fixture(scope="module")
def page():
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 1280, "height": 900})


def check(found: dict, where: str) -> None:
    assert found["warnings"] == [], (where, found["warnings"])
    labelled = [a for a in found["axes"] if a["labels"]]
    assert labelled, (where, "no axis labels drawn")
    for axis in labelled:
        labels = axis["labels"]
        assert len(labels) <= MAX_TICKS, (where, axis)
        assert len(set(labels)) == len(labels), (where, "a tick label repeats", axis)
        # never 0.05k: a compact label has at most one digit after the point
        assert not [t for t in labels if re.fullmatch(r"-?0\.\d+[kKMB]|.*\.\d\d+[kKMB]", t)], (where, axis)
        # one compact spelling, the headlines' (K, M, B): never d3's SI "600k" or "2G"
        assert not [t for t in labels if re.search(r"\d[kG]$", t)], (where, axis)
        if re.search(r"\([$€£]\)$", axis["title"]):  # a money axis: every tick with its symbol, as $63K
            assert all(MONEY_TICK.fullmatch(t) for t in labels), (where, axis)
    assert overlaps(found["texts"]) == [], (where, "texts overlap")
    assert overlaps(found["texts"], found["rules"]) == [], (where, "a rule crosses a label")
    cut = [t["text"] for t in found["texts"] if t["x"] < -0.5 or t["x"] + t["w"] > found["width"] + 0.5]
    assert cut == [], (where, "text cut at the edge", cut)
    # the plot keeps room for the data after labels, axes and legend take theirs
    assert found["plot"]["h"] >= MIN_PLOT, (where, "plot squeezed", found["plot"], found["height"])
    # ... across too: the tornado's row labels beside the bars left a phone 53 px of plot
    assert found["plot"]["w"] >= found["width"] * 0.6, (where, "plot squeezed sideways", found["plot"])
    entries = [s["label"] for s in found["symbols"]]
    # a series coloured and dashed was named twice, by a circle and by a dash, in two legends
    assert len(entries) == len(set(entries)), (where, "a legend entry twice", entries)
    unseen = [s for s in found["symbols"] if not visible_symbol(s)]
    assert unseen == [], (where, "a legend entry without a visible symbol", unseen)
    assert found["height"] <= MAX_HEIGHT, (where, "taller than a 720 px screen allows", found["height"])


def visible_symbol(symbol: dict) -> bool:
    blank = {"", "none", "transparent", "#FFFFFF", "#ffffff", "white"}
    return symbol["fill"] not in blank or (symbol["stroke"] not in blank and symbol["strokeWidth"] > 0)


@pytest.mark.parametrize("scenario,chart", CASES)
def test_chart_reads_at_every_width_and_in_presentation_mode(page, scenario, chart):
    spec = GALLERIES[scenario][chart]
    for room in (False, True):
        drawn = charts.for_room(spec) if room else spec
        for width_name, width in WIDTHS.items():
            found = measure_in_browser(page, drawn, width)
            check(found, f"{scenario}/{chart} {width_name}{' presenting' if room else ''}")


def test_presentation_mode_enlarges_every_chart_text(page):
    spec = GALLERIES["typical-b2b"]["sensitivity-share_rate"]
    normal, room = (measure_in_browser(page, s, 1100) for s in (spec, charts.for_room(spec)))
    size = {t["text"]: t["h"] for t in normal["texts"]}
    grown = [r["h"] / size[r["text"]] for r in room["texts"] if r["text"] in size]
    assert grown and min(grown) >= 1.4, grown


def test_the_checks_catch_what_they_claim_to(page):
    # Hostile specs built here: two labels on one spot, a rule through a label, 41 ticks, a Vega warning.
    base = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "height": 200,
            "data": {"values": [{"x": i, "y": i % 7, "label": "Label here"} for i in range(41)]}}
    crowded = {**base, "layer": [
        {"mark": {"type": "line"}, "encoding": {"x": {"field": "x", "type": "quantitative",
                                                      "axis": {"tickCount": 40, "labelOverlap": False}},
                                                "y": {"field": "y", "type": "quantitative"}}},
        {"mark": {"type": "text", "fontSize": 16}, "encoding": {"x": {"datum": 5}, "y": {"datum": 3},
                                                                "text": {"value": "Now: $31.5K"}}},
        {"mark": {"type": "text", "fontSize": 16}, "encoding": {"x": {"datum": 6}, "y": {"datum": 3},
                                                                "text": {"value": "Goal: 20%"}}},
        {"mark": {"type": "rule"}, "encoding": {"x": {"datum": 6}}},
        {"data": {"values": []}, "mark": "rule", "encoding": {"y": {"field": "missing", "type": "quantitative"}}},
    ]}
    found = measure_in_browser(page, crowded, 640)
    white = {**base, "mark": {"type": "point", "filled": True, "color": "#FFFFFF"},
             "encoding": {"x": {"field": "x", "type": "quantitative"}, "shape": {"field": "label", "type": "nominal"}}}
    assert not any(visible_symbol(s) for s in measure_in_browser(page, white, 640)["symbols"])
    assert any("Infinite extent" in w for w in found["warnings"])
    assert max(len(a["labels"]) for a in found["axes"]) > MAX_TICKS
    assert ("Now: $31.5K", "Goal: 20%") in overlaps(found["texts"])
    assert overlaps(found["texts"], found["rules"])
    with pytest.raises(AssertionError):
        check(found, "crowded")


@pytest.mark.parametrize("scenario", list(GALLERIES))
def test_no_heat_map_mark_lies_outside_its_plot(page, scenario):
    # a 390 px phone drew the "Now" diamond half above the plot's top edge
    spec = GALLERIES[scenario]["heatmap"]
    for drawn in (spec, charts.for_room(spec)):
        for width in WIDTHS.values():
            found = measure_in_browser(page, drawn, width)
            assert {m["kind"] for m in found["marks"]} >= {"mark-rect", "mark-symbol"}, found["marks"][:3]
            assert outside(found) == [], (scenario, width, found["plot"], outside(found))


@pytest.mark.parametrize("scenario", list(GALLERIES))
def test_every_tornado_row_keeps_its_range_whole(page, scenario):
    # the QA cut: "X (Twitter): Share of connections wh…" lost "(5% to 20%)"; the name may give way, the range not
    spec = GALLERIES[scenario]["tornado"]
    rows = len(set(spec["datasets"]["bars"]["label"]))
    for drawn in (spec, charts.for_room(spec)):
        for width in WIDTHS.values():
            labels = [t["text"] for t in measure_in_browser(page, drawn, width)["texts"]
                      if t["text"] not in ("Media value per month ($)", "Input at its low", "Input at its high")]
            assert len(labels) == rows, (width, labels)
            assert all(re.search(r"\(\S+ to \S+\)$", t) for t in labels), (width, labels)


def axis_labels(found: dict, title: str) -> list[str]:
    return next(a["labels"] for a in found["axes"] if a["title"] == title)


def test_axes_print_money_and_counts_as_the_headlines_do(page):
    # Written by hand from the worked example with a $40 seat (value $31,500 at 10%: $315K at 100%),
    # a 20,000 launch cost over 24 months, and participants swept to 2,000.
    gallery_ = GALLERIES["worked-example-with-cost"]
    share = measure_in_browser(page, gallery_["sensitivity-share_rate"], WIDTHS["wide"])
    assert axis_labels(share, "Value per month ($)") == ["$0", "$50K", "$100K", "$150K", "$200K", "$250K",
                                                         "$300K", "$350K"]
    people = measure_in_browser(page, gallery_["sensitivity-participants-per-story"], WIDTHS["wide"])
    assert axis_labels(people, "Participants") == ["0", "500", "1K", "1.5K", "2K"]
    assert axis_labels(people, "Media value per story ($)") == ["$0", "$500", "$1K", "$1.5K", "$2K"]
    cumulative = measure_in_browser(page, gallery_["timeline"], WIDTHS["wide"])
    assert axis_labels(cumulative, "Cumulative ($)")[-1] == "$1M"
    assert axis_labels(measure_in_browser(page, gallery_["reach"], WIDTHS["wide"]),
                       "Impressions per story") == ["0", "20K", "40K", "60K", "80K"]


def test_a_money_axis_carries_the_scenarios_currency(page):
    scenario = SCENARIOS["worked-example-with-cost"].model_copy(update={"currency": "EUR"})
    spec = gallery(scenario)["sensitivity-share_rate"]
    labels = axis_labels(measure_in_browser(page, spec, WIDTHS["wide"]), "Value per month (€)")
    assert labels == ["€0", "€50K", "€100K", "€150K", "€200K", "€250K", "€300K", "€350K"]


def test_the_fans_lines_have_one_legend_entry_each_drawn_as_a_line(page):
    found = measure_in_browser(page, GALLERIES["worked-example-with-cost"]["fan"], WIDTHS["phone"])
    assert [s["label"] for s in found["symbols"]] == ["P50 (median)", "Your point estimate", "Program cost"]
    assert all(s["fill"] in ("", "none", "transparent") and s["strokeWidth"] >= 2 for s in found["symbols"])
