"""The chart style's pieces, without a browser: presentation scale, marker rows, legends that list
only what is drawn, the table beside each chart, and CSV headers in words for the app's downloads.
Expected values are written out here by hand (the theme's sizes x 1.5, the worked example's 85,000)."""

import csv
import io
import re

import pandas as pd

from advocacy_calc import Scenario, charts, compute, sweep, sweep_by_network
from advocacy_calc.exports.tables import table_csv


def worked(seat_cost: float = 0.0) -> Scenario:
    s = Scenario()
    return s.model_copy(update={"cost": s.cost.model_copy(update={"seat_cost_per_month": seat_cost})})


def participation(scenario: Scenario, param: str = "share_rate") -> dict:
    return charts.participation_chart(sweep_by_network(scenario, param), sweep(scenario, param), scenario,
                                      compute(scenario), param, "value_per_month")


def test_presentation_mode_scales_every_text_and_fits_720_px():
    spec = participation(worked())
    room = charts.for_room(spec)
    assert room["config"]["axis"]["labelFontSize"] == 22.5  # 15 x 1.5
    assert room["config"]["axis"]["titleFontSize"] == 24.0  # 16 x 1.5
    assert room["config"]["legend"]["labelFontSize"] == 22.5
    assert room["config"]["style"]["marker-label"]["fontSize"] == 25.5  # 17 x 1.5
    assert [p["value"] for p in room["params"] if p["name"] == "label_line"] == [36.0]  # 24 x 1.5
    assert spec["height"] == 440 and room["height"] == 540  # 440 x 1.25 = 550, capped at 540 for 720 px
    assert spec["config"]["axis"]["labelFontSize"] == 15  # the cached template is not touched
    assert room["datasets"] is spec["datasets"]


def test_each_marker_label_has_its_own_row_and_an_empty_one_is_a_hidden_placeholder():
    spec = charts.with_goal(participation(worked(seat_cost=40.0)), 0.2, "Goal: 20%")
    marks = spec["datasets"]["markers"]
    assert list(marks["kind"]) == ["now", "break-even", "goal"]
    assert list(marks["row"]) == [0, 1, 2] and list(marks["shown"]) == [1.0, 1.0, 1.0]
    # the dot and its label are the media value (the areas' top), not the black total line: it says so
    assert list(marks["label"]) == ["Now (10%): media $31.5K", "Break-even 12.4%", "Goal: 20%"]
    none = charts.markers([], 3.0)
    assert list(none["x"]) == [3.0] and list(none["shown"]) == [0.0] and list(none["label"]) == [""]
    assert list(charts.add_marker(none, 5.0, "Goal", "goal")["x"]) == [5.0]  # the placeholder goes


def _domains(spec: dict, channel: str) -> list[list]:
    layers = spec.get("layer", [spec])
    return [l["encoding"][channel]["scale"]["domain"] for l in layers
            if "domain" in ((l.get("encoding", {}).get(channel) or {}).get("scale") or {})]


def test_legends_list_only_the_series_drawn():
    assert _domains(participation(worked()), "strokeDash") == [["Total value (media + leads + hiring)"]]
    assert _domains(participation(worked(seat_cost=40.0)), "strokeDash") == [
        ["Total value (media + leads + hiring)", "Program cost"]]
    fan = pd.DataFrame({"share_rate": [0.0, 1.0], "p10": [0.0, 1.0], "p50": [0.0, 2.0], "p90": [0.0, 3.0],
                        "base": [0.0, 2.0], "program_cost_per_month": [0.0, 0.0]})
    assert _domains(charts.fan_chart(fan, worked()), "color") == [["P50 (median)", "Your point estimate"]]
    # the worked example has no CPC: its CPC value is 0 on every network, so no "CPC value" bar or entry
    basis = charts.basis_chart(compute(worked()), worked())
    assert _domains(basis, "color") == [["CPM value"]] and set(basis["datasets"]["basis"]["basis"]) == {"CPM value"}


def test_the_table_beside_a_chart_names_its_columns_as_the_tooltip_does():
    table = charts.data_table(charts.reach_chart(compute(worked())))
    assert list(table.columns) == ["Network", "Reach", "Impressions per story"]
    assert table.values.tolist() == [["X (Twitter)", "Potential (all connections)", 85_000.0],
                                     ["X (Twitter)", "Likely seen (× visibility)", 85_000.0]]


def test_a_localised_tooltip_keeps_the_table_beside_its_chart_in_numbers():
    # de-DE tooltips print a calculated text ("85.000"); the table still holds the number and its format
    spec = charts.reach_chart(compute(worked()), "de-DE")
    tip = spec["encoding"]["tooltip"][-1]
    assert tip == {"field": "impressions" + charts.TIP_TEXT, "type": "nominal", "title": "Impressions per story"}
    table = charts.data_table(spec)
    assert list(table.columns) == ["Network", "Reach", "Impressions per story"]
    assert table["Impressions per story"].tolist() == [85_000.0, 85_000.0]
    assert charts.table_formats(spec) == {"Impressions per story": ",.0f"}
    # en-US: the tooltip as it was, d3's format on the number
    assert charts.reach_chart(compute(worked()))["encoding"]["tooltip"][-1] == {
        "field": "impressions", "type": "quantitative", "format": ",.0f", "title": "Impressions per story"}


def test_app_csv_headers_and_choices_are_words_the_cli_keeps_machine_names():
    rows = list(csv.reader(io.StringIO(table_csv(worked(), "sweep", people=True).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Share rate", "Participants", "Sharers per story", "Impressions per story (likely seen)"]
    cli = list(csv.reader(io.StringIO(table_csv(worked(), "sweep").decode("utf-8-sig"))))
    assert cli[0][:2] == ["share_rate", "participants"] and cli[1:] == rows[1:]  # same numbers
    results = dict((r[0], r[1]) for r in csv.reader(io.StringIO(
        table_csv(worked(), "results", people=True).decode("utf-8-sig"))))
    assert results["Figure"] == "Value" and results["Valuation basis in use"] == "CPM"


def _legends(spec: dict, channel: str) -> list[dict]:
    return [l["encoding"][channel] for l in spec.get("layer", [spec]) if channel in l.get("encoding", {})
            and l["encoding"][channel].get("legend", {}) is not None and "scale" in l["encoding"][channel]
            and l["encoding"][channel]["scale"] is not None]


def test_the_share_rate_charts_black_lines_have_a_legend_of_their_own():
    # the total and cost lines are black and told apart by dash only: a titled legend with line symbols
    dash = _legends(participation(worked(seat_cost=40.0)), "strokeDash")
    assert len(dash) == 1 and dash[0]["title"] == "Lines"
    assert dash[0]["legend"]["symbolType"] == "stroke" and dash[0]["legend"]["symbolStrokeColor"] == "#1A1A1A"
    assert dash[0]["scale"]["domain"] == ["Total value (media + leads + hiring)", "Program cost"]


def test_heat_map_wraps_a_network_input_title_and_outlines_the_now_symbol():
    cells = pd.DataFrame({"x": [0.1, 0.1, 0.2, 0.2], "y": [300.0, 600.0, 300.0, 600.0],
                          "value_per_month": [1.0, 2.0, 3.0, 4.0], "net_value_per_month": [0.0, 1.0, 2.0, 3.0]})
    spec = charts.heatmap_chart(cells, pd.DataFrame(columns=["x", "y"]), (0.1, 300.0), "Share rate",
                                "X (Twitter): Connections per sharer", ".0%", ",.4~g", "USD")
    cell_layer, here = spec["layer"]
    assert cell_layer["encoding"]["y"]["title"] == ["X (Twitter):", "Connections per sharer"]
    assert cell_layer["encoding"]["x"]["title"] == "Share rate"  # no network: one line
    assert here["encoding"]["stroke"]["scale"] == {"domain": ["Now (your scenario)"], "range": ["#1A1A1A"]}


def test_tornado_labels_sit_on_their_own_row_with_the_range_kept_whole():
    frame = pd.DataFrame({"input": ["networks.X.visibility"], "low": [0.05], "high": [0.2], "base_result": [100.0],
                          "at_low": [50.0], "at_high": [200.0], "swing": [150.0]})
    spec = charts.tornado_chart(frame, {"networks.X.visibility": "X (Twitter): Share of connections who see it"},
                                {"networks.X.visibility": ("5%", "20%")}, "Media value per month", "USD")
    bars = spec["datasets"]["bars"]
    assert list(bars["label"]) == ["X (Twitter): Share of connections who see it (5% to 20%)"] * 2
    assert list(bars["name"]) == ["X (Twitter): Share of connections who see it"] * 2
    assert list(bars["range"]) == ["(5% to 20%)"] * 2  # the second line when the label would not fit
    assert spec["layer"][0]["encoding"]["y"]["axis"] is None  # no labels beside the bars: the plot is full width
    assert [l["mark"]["type"] for l in spec["layer"]] == ["bar", "text", "tick"]


def test_ramp_up_bars_leave_half_a_bar_at_each_end_and_a_tick_above_the_tallest():
    table = pd.DataFrame({"month": [1, 2, 3], "calendar_month": ["Jan", "Feb", "Mar"], "share_rate": [0.1] * 3,
                          "total_value_per_month": [10.0, 20.0, 30.0], "program_cost_per_month": [5.0] * 3})
    spec = charts.monthly_chart(table, "USD")
    monthly = spec["datasets"]["monthly"]
    assert list(monthly["start"]) == [0.5, 1.5, 2.5] and list(monthly["end"]) == [1.5, 2.5, 3.5]
    # the x extent: half a bar of room beyond the first bar's left edge (0.5) and the last's right (3.5)
    assert set(monthly["pad_lo"]) == {0} and set(monthly["pad_hi"]) == {4}
    assert spec["layer"][0]["encoding"]["y"]["scale"] == {"nice": True, "zero": True}


def _axis_labels(svg: str) -> list[str]:
    import html
    import re

    return [html.unescape(t) for t in re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.S)
            for t in re.findall(r"<text[^>]*>([^<]*)</text>", t)]


def test_an_exported_svg_prints_axes_as_the_headlines_do():
    # the worked example with a $40 seat: $315,000 a month at 100%, participants swept to 2,000
    from advocacy_calc.exports.images import render

    share = _axis_labels(render(participation(worked(seat_cost=40.0)), "svg").decode())
    assert share == ["0%", "20%", "40%", "60%", "80%", "100%",
                     "$0", "$50K", "$100K", "$150K", "$200K", "$250K", "$300K", "$350K"]
    people = _axis_labels(render(participation(worked(seat_cost=40.0), "participants"), "svg").decode())
    assert people[:5] == ["0", "500", "1K", "1.5K", "2K"]
    pounds = worked(seat_cost=40.0).model_copy(update={"currency": "GBP"})
    assert "£350K" in _axis_labels(render(participation(pounds), "svg").decode())


def test_an_overlay_of_mixed_currencies_keeps_plain_figures_and_names_them_in_the_title():
    from advocacy_calc.charts.compare import overlay_chart
    from advocacy_calc.exports.images import render

    both = overlay_chart({"Ours": worked(), "Theirs": worked().model_copy(update={"currency": "EUR"})})
    labels = _axis_labels(render(both, "svg").decode())
    assert "350K" in labels and not [t for t in labels if t[0] in "$€"]
    assert both["layer"][0]["encoding"]["y"]["title"] == "Total value per month (mixed currencies: $, €)"


def test_the_fan_charts_share_rate_axis_ends_at_the_groups_cap():
    # Executives at 3x the mean share every story at a mean of 1/3: the sweep stops there, and so must the
    # axis (to 100% the band filled a third of the plot, two thirds of it empty).
    from advocacy_calc.forecast.montecarlo import fan
    groups = [{"name": "Executives", "weight": 0.05, "relative_share_rate": 3},
              {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
              {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6}]
    three = Scenario(groups=groups)
    spec = charts.fan_chart(fan(three, draws=200, steps=11), three)
    assert _domains(spec, "x") == [[0, 1 / 3]] * 2  # the band and the lines
    assert max(spec["datasets"]["fan"]["share_rate"]) == 1 / 3
    one = charts.fan_chart(fan(worked(), draws=200, steps=11), worked())
    assert _domains(one, "x") == [[0, 1.0]] * 2  # one group of everyone: 0 to 100% as before


def test_an_exported_chart_image_prints_the_scenarios_locale():
    """vl-convert (PNG/SVG downloads, PDF, slides) evaluates the same axis expressions: a German scenario's
    share-rate axis reads 0 % ... 100 % (no-break space), its money axis 0 € ... 350K €, by hand."""
    from advocacy_calc.exports.images import participation_spec, render

    german = worked(seat_cost=40.0).model_copy(update={"currency": "EUR", "locale": "de-DE"})
    svg = render(participation_spec(german), "svg").decode()
    texts = [t.replace("&#160;", "\u00a0") for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert [f"{p}\u00a0%" for p in (0, 20, 40, 60, 80, 100)] == [t for t in texts if t.endswith("%")][:6]
    assert "50K\u00a0€" in texts and "Now (10\u00a0%): media 31,5K\u00a0€" in texts
