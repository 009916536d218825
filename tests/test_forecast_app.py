"""Issue 4 in the app (AppTest): the forecast, timeline, goal-seek and unique-reach figures are the package's."""

import json

import pytest

from advocacy_calc import Scenario, compute
from advocacy_calc.formatting import count, money, percent
from advocacy_calc.forecast.goalseek import goal_seek
from advocacy_calc.forecast.montecarlo import simulate
from advocacy_calc.overlap import unique_reach
from advocacy_calc.ranges import fit_ranges, with_ranges
from advocacy_calc.forecast.timeline import TimelineSettings, timeline
from advocacy_ui.inputs import values_to_scenario, DEFAULT_VALUES
from test_app import assert_clean, chart_frames, metrics, run_app, warnings

QUERY = {"cost.seat_cost_per_month": "10", "participants": "2000", "ranges": "share_rate:0.05:0.3"}


def scenario_of(query: dict[str, str]) -> Scenario:
    values = dict(DEFAULT_VALUES)
    for key, value in query.items():
        if key != "ranges":
            values[key] = type(DEFAULT_VALUES[key])(float(value)) if key in values else value
    return values_to_scenario(values, name="Worked example")


def page(path: str, query: dict[str, str] | None = None):
    at = run_app(query or {})
    at.switch_page(path).run()
    assert_clean(at)
    return at


def test_forecast_page_shows_the_package_simulation_and_every_chart_has_data():
    at = page("pages/forecast.py", QUERY)
    base = scenario_of(QUERY)
    ranges, _ = fit_ranges(base, {"share_rate": (0.05, 0.3)})
    sim = simulate(with_ranges(base, ranges), draws=100_000, seed=2026)
    m = metrics(at)
    assert m["P10 media value per month"] == money(sim.value_per_month.p10)
    assert m["P50 media value per month"] == money(sim.value_per_month.p50)
    assert m["P90 media value per month"] == money(sim.value_per_month.p90)
    assert m["Chance total value exceeds cost"] == percent(sim.probability_value_exceeds_cost, 0)
    assert m["P50 ROI"] == percent(sim.roi.p50, 0)
    frames = chart_frames(at)
    assert len(frames) == 4  # distribution, fan, tornado, heat map
    for chart in frames:
        assert any(len(f) for f in chart), "every chart has data"
    distribution = frames[0]
    marks = next(f for f in distribution if "label" in f.columns)
    assert list(marks["x"]) == [sim.value_per_month.p10, sim.value_per_month.p50, sim.value_per_month.p90]
    assert at.query_params["ranges"] == "share_rate:0.05:0.3"
    # the heat map's heading keeps each input's own case (it said "x (twitter): connections per sharer")
    assert "Media value per month by Share rate per story and X (Twitter): Connections per sharer" in [
        s.value for s in at.subheader]


def _titles(node) -> list[str]:
    """Every axis and legend title in a chart spec (a two-line title joined by a space)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "title" and isinstance(value, (str, list)):
                found.append(" ".join(value) if isinstance(value, list) else value)
            elif key != "datasets":
                found += _titles(value)
    elif isinstance(node, list):
        for item in node:
            found += _titles(item)
    return found


def test_every_forecast_chart_and_heading_says_which_value_it_is_of():
    # Issue 13 (QA): the fan chart and the heat map said "Value per month", which reads as the headline's
    # total value; they are media value, and break-even is total value (media + leads + hiring) against cost.
    at = page("pages/forecast.py", QUERY)
    specs = [json.loads(c.proto.spec) for c in at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")]
    distribution, fan, tornado, heatmap = (_titles(s) for s in specs)
    assert "Media value per month ($)" in distribution
    assert "Media value per month ($)" in fan
    assert "Media value per month ($)" in tornado  # the tornado's measure, the default one
    assert "Media value per month ($)" in heatmap
    for titles in (distribution, fan, heatmap):
        assert "Value per month ($)" not in titles
    assert '"Break-even: total value = cost"' in json.dumps(specs[3])  # the line's legend entry
    headings = [s.value for s in at.subheader]
    assert "Spread of media value per month over the draws" in headings
    assert "Media value per month as participation grows, with its P10-P90 band" in headings
    captions = [c.value for c in at.caption]
    heat = next(c for c in captions if c.startswith("Brighter is more"))
    assert heat.startswith("Brighter is more media value per month (lead and hiring savings not included).")
    assert "total value (media + leads + hiring)" in heat
    assert any(c.startswith("Shaded: 8 in 10 outcomes of media value") for c in captions)


def test_forecast_page_with_a_triangular_seeded_run_changes_and_reproduces():
    at = page("pages/forecast.py")
    first = metrics(at)["P50 media value per month"]
    at.segmented_control(key="mc-distribution").set_value("triangular").run()
    assert_clean(at)
    tri = metrics(at)["P50 media value per month"]
    assert tri != first
    at.number_input(key="mc-seed").set_value(7).run()
    assert metrics(at)["P50 media value per month"] != tri
    at.number_input(key="mc-seed").set_value(2026).run()
    assert metrics(at)["P50 media value per month"] == tri


def test_changed_ranges_update_the_figures_and_the_url():
    at = page("pages/forecast.py")
    before = metrics(at)["P50 media value per month"]
    at.session_state["_range_overrides"] = {"share_rate": (0.10, 0.40)}  # what the ranges editor stores
    at.run()
    assert_clean(at)
    assert metrics(at)["P50 media value per month"] != before
    assert at.query_params["ranges"] == "share_rate:0.1:0.4"


@pytest.mark.parametrize("bad", ["share_rate:0.3:0.1", "nope:1:2", "share_rate:nan:1", "x" * 500,
                                 "share_rate:0:2", "`*[link](http://x)*`:1:2"])
def test_a_bad_ranges_url_value_is_a_note_not_a_crash(bad):
    at = page("pages/forecast.py", {"ranges": bad})
    assert "URL parameter 'ranges' is not usable" in warnings(at)
    assert "ranges" not in at.query_params
    assert metrics(at)["P50 media value per month"]  # the page still shows its figures, on benchmark ranges


def test_a_ranges_link_with_several_bad_items_gets_one_note_each_and_keeps_the_good_one():
    at = page("pages/forecast.py", {"ranges": "share_rate:0.3:0.1,nope:1:2,networks.X.cpm:5:15"})
    notes = [line for line in warnings(at).splitlines() if "URL parameter 'ranges'" in line]
    assert len(notes) == 2, notes
    assert "share_rate: needs" in notes[0] and "'nope'" in notes[1]
    assert at.query_params["ranges"] == "networks.X.cpm:5:15"  # the address bar keeps only what is used
    assert at.session_state["_range_overrides"] == {"networks.X.cpm": (5.0, 15.0)}


def test_ranges_survive_a_page_switch_and_travel_in_the_share_link():
    at = page("pages/forecast.py", QUERY)
    at.switch_page("pages/overview.py").run()
    assert_clean(at)
    assert at.query_params["ranges"] == "share_rate:0.05:0.3"
    at.switch_page("pages/forecast.py").run()
    assert metrics(at)["P50 media value per month"] == page("pages/forecast.py", QUERY).metric[1].value


def test_forecast_page_says_the_payback_month_with_the_timeline_pages_ramp_up():
    # Issue 4's "done": P50, the chance it pays for itself and the payback month on one screen.
    q = {"cost.fixed_cost_per_month": "20000"}
    at = page("pages/forecast.py", q)
    expected = timeline(scenario_of(q), TimelineSettings())
    assert expected.payback_month is not None
    assert metrics(at)["Payback month"] == str(expected.payback_month)
    assert f"pays back in **month {expected.payback_month}**" in "\n".join(m.value for m in at.markdown)
    at.switch_page("pages/timeline.py").run()
    at.slider(key="tl-ramp").set_value(12).run()
    at.number_input(key="tl-launch").set_value(50_000.0).run()
    at.switch_page("pages/forecast.py").run()
    assert_clean(at)
    slower = timeline(scenario_of(q), TimelineSettings(ramp_months=12, launch_cost=50_000))
    assert slower.payback_month != expected.payback_month
    assert metrics(at)["Payback month"] == str(slower.payback_month or "none")


def test_timeline_page_shows_the_package_timeline_and_a_csv():
    q = {"cost.fixed_cost_per_month": "20000"}
    at = page("pages/timeline.py", q)
    expected = timeline(scenario_of(q), TimelineSettings())
    assert expected.payback_month is not None
    m = metrics(at)
    assert m["Payback month"] == str(expected.payback_month)
    assert m["Cumulative net, month 24"] == money(expected.table["cumulative_net"].iloc[-1])
    frames = chart_frames(at)
    assert len(frames) == 2 and all(any(len(f) for f in chart) for chart in frames)
    payback = next(f for f in frames[0] if "label" in f.columns)
    assert list(payback["x"]) == [expected.payback_month]
    at.slider(key="tl-months").set_value(36).run()
    at.slider(key="tl-ramp").set_value(1).run()
    assert_clean(at)
    flat = timeline(scenario_of(q), TimelineSettings(months=36, ramp_months=1))
    assert metrics(at)["Cumulative value, month 36"] == money(flat.table["cumulative_value"].iloc[-1])
    assert at.get("download_button")


def test_sensitivity_goal_seek_is_the_package_answer_and_marked_on_the_chart():
    at = page("pages/sensitivity.py")
    at.number_input(key="goal-value-value_per_month").set_value(63_000.0).run()
    assert_clean(at)
    g = goal_seek(Scenario(), "share_rate", "value_per_month", 63_000)
    assert "**at least 20%**" in "\n".join(m.value for m in at.markdown)  # a rising goal: at least
    # the goal is one row of the chart's markers (beside "Now" and break-even), each on its own label row
    goal = [row for f in chart_frames(at)[0] if "label" in f.columns
            for row in f.itertuples() if str(row.label).startswith("Goal")]
    assert len(goal) == 1 and goal[0].x == pytest.approx(g.answer, rel=1e-12)
    at.number_input(key="goal-value-value_per_month").set_value(1e9).run()
    assert "Not reachable" in "\n".join(m.value for m in at.markdown)


def test_goal_box_shows_whole_units_and_the_caption_the_figure():
    at = page("pages/sensitivity.py", {"currency": "EUR"})
    box = at.number_input(key="goal-value-value_per_month")
    assert box.proto.format == "%.0f"  # the box reads "63000", never "63000.00"
    box.set_value(63_000.0).run()
    assert_clean(at)
    assert "Goal: €63,000 a month" in [c.value for c in at.caption]
    at.number_input(key="goal-value-value_per_month").set_value(1_234_567.0).run()
    assert "Goal: €1,234,567 a month" in [c.value for c in at.caption]
    at.selectbox(key="goal-target").select("roi").run()
    assert at.number_input(key="goal-value-roi").proto.format == "%.2f"  # a ratio keeps its decimals
    at.number_input(key="goal-value-roi").set_value(1.5).run()
    assert "Goal: an ROI of 150%" in [c.value for c in at.caption]


def test_reach_page_shows_unique_reach_beside_gross_impressions():
    at = page("pages/reach.py", {"audience_overlap": "0.5"})
    s = Scenario(audience_overlap=0.5)
    u = unique_reach(s, compute(s))
    m = metrics(at)
    # Gross impressions per story are the likely seen: one box, named in the unique reach's help and caption.
    assert m["Likely seen per story"] == count(u.impressions_per_story) == "85,000"
    assert "Gross impressions per story" not in m
    assert m["Unique reach per story"] == count(u.unique_reach_per_story) == "42,500"
    assert m["Unique reach per month"] == count(u.unique_reach_per_month)
    assert "Media value stays on gross impressions" in "\n".join(c.value for c in at.caption)
    assert json.dumps(m)  # plain strings


def test_methodology_has_the_unique_reach_formula():
    at = page("pages/methodology.py")
    assert any("unique reach per story" in x.value for x in at.get("latex") or at.latex)
    table = next(d.value for d in at.dataframe if "Grade" in d.value.columns)  # the defaults and their sources
    row = table[table["Figure"].str.startswith("Audience overlap")].iloc[0]
    assert (row["Base"], row["Grade"]) == (0.8774, "V") and "Metso" in row["Source"]


def test_audience_overlap_tooltip_cites_the_metso_case():
    at = page("pages/reach.py")
    tip = next(w.help for w in at.slider if w.key == "audience_overlap")
    assert "no published benchmark" not in tip
    assert "Metso" in tip and "grade V" in tip and "260,000 / (7,000 x 303)" in tip


def test_timeline_launch_rate_stops_at_the_groups_cap_and_says_so():
    # Group a shares at 2x the mean: at a share rate of 25% it reaches 100% at a lever of 50%, the cap.
    groups = json.dumps([{"name": "a", "weight": 0.5, "relative_share_rate": 2},
                         {"name": "b", "weight": 0.5, "relative_share_rate": 0}])
    at = page("pages/timeline.py", {"groups": groups, "share_rate": "0.25",
                                    "settings": "timeline_start_share_rate:0.9"})
    assert at.slider(key="tl-start").max == 0.5 and at.slider(key="tl-start").value == 0.5
    assert any("Share rate at launch held at 50%" in i.value for i in at.info)
    at = page("pages/timeline.py", {"groups": groups, "share_rate": "0.25"})
    assert at.slider(key="tl-start").value == 0.02 and not at.info  # below the cap: untouched


def test_a_links_heat_map_axis_the_scenario_does_not_have_is_said():
    # Was: dropped without a word (the README promises a note for every unusable setting).
    at = page("pages/forecast.py", {"settings": "grid_x:nonsense,grid_y:stories_per_day"})
    assert any("heat-map axis `nonsense` is not an input of this scenario" in i.value for i in at.info)
    assert at.selectbox(key="grid-x").value == "share_rate" and at.selectbox(key="grid-y").value == "stories_per_day"
    at = page("pages/forecast.py", {"settings": "grid_y:stories_per_day"})
    assert not [i for i in at.info if "heat-map axis" in i.value]


def test_reach_page_shows_potential_and_likely_seen_as_one_figure_when_everyone_sees_it():
    # Visibility 100% (the default): potential reach = likely seen = gross impressions. Three equal boxes read as
    # a bug; one box and a sentence saying why.
    at = page("pages/reach.py", {"share_rate": "0.2"})
    m = metrics(at)
    assert m["Likely seen per story"] == "170,000"  # by hand: 200 sharers × 850
    assert "Potential reach per story" not in m and "Gross impressions per story" not in m
    assert list(m.values()).count("170,000") == 1
    words = "\n".join(c.value for c in at.caption)
    assert "Visibility is 100% on every network" in words and "likely seen equals potential reach" in words
    # Visibility 40%: the two figures differ and both show; no sentence about 100%.
    at = page("pages/reach.py", {"share_rate": "0.2", "networks.X.visibility": "0.4"})
    m = metrics(at)
    assert m["Potential reach per story"] == "170,000" and m["Likely seen per story"] == "68,000"  # 170,000 × 0.4
    assert "Visibility is 100%" not in "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize("net, expected", [
    ([100.0, 5.0, 0.5], "No break-even line: total value (media + leads + hiring) is above program cost everywhere "
                        "on this grid."),
    ([-100.0, -5.0, -0.5], "No break-even line: total value (media + leads + hiring) is below program cost "
                           "everywhere on this grid."),
    ([-100.0, 5.0, 0.5], "No break-even line: total value (media + leads + hiring) reaches program cost only "
                         "between columns of this grid, never up one."),
])
def test_the_heat_map_caption_without_a_line_says_which_side_of_cost_the_grid_is_on(net, expected):
    import pandas as pd
    from advocacy_ui.forecast_state import heatmap_caption

    cells = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [1.0, 1.0, 1.0], "net_value_per_month": net})
    assert heatmap_caption(cells, has_line=False) == ("Brighter is more media value per month (lead and hiring "
                                                      "savings not included). " + expected)
