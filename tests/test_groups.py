"""Groups of advocates: a hand-computed three-group case, one group is today's scenario, the
model's checks, and properties (splitting a group changes nothing; the parts add up)."""

import math
import unicodedata

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from advocacy_calc import Scenario, compute, evaluate, sweep
from advocacy_calc.forecast.goalseek import lever_range
from advocacy_calc.groups import add_group, group_results, remove_group, templates
from advocacy_calc.scenario import AdvocateGroup, normalised_groups
from test_properties import SETTINGS, rate, scenarios

REL = 1e-9

# Three groups, two networks (docs/model.md, "Groups of advocates", worked by hand):
#   Executives  50 people at 0.30 (relative 3),   LinkedIn connections 2,000, seat $20
#   Sales      200 people at 0.20 (relative 2),   not on X (presence 0)
#   Everyone   750 people at 0.06 (relative 0.6)
#   mean share rate 0.05·3 + 0.2·2 + 0.75·0.6 = 1 -> 0.10; sharers 15 + 40 + 45 = 100 = 1,000 × 0.10
THREE = {
    "participants": 1000, "share_rate": 0.1, "stories_per_day": 1.5, "working_days_per_month": 21,
    "networks": [{"name": "LinkedIn", "connections": 400, "cpm": 100, "visibility": 0.05, "presence": 1.0},
                 {"name": "X", "connections": 500, "cpm": 10, "visibility": 0.1, "presence": 0.5}],
    "cost": {"seat_cost_per_month": 5, "fixed_cost_per_month": 1000, "minutes_per_share": 2, "hourly_cost": 60},
    "groups": [
        {"name": "Executives", "weight": 0.05, "relative_share_rate": 3, "seat_cost_per_month": 20,
         "connections": {"LinkedIn": 2000}},
        {"name": "Sales", "weight": 0.2, "relative_share_rate": 2, "presence": {"X": 0}},
        {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6},
    ],
}


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


def test_three_groups_by_hand():
    r = compute(Scenario.model_validate(THREE))
    # LinkedIn impressions per story: 15·2000·0.05 + 40·400·0.05 + 45·400·0.05 = 1,500 + 800 + 900 = 3,200
    # X: 15·0.5·500·0.1 + 0 + 45·0.5·500·0.1 = 375 + 1,125 = 1,500
    by = {n.name: n for n in r.networks}
    assert close(by["LinkedIn"].impressions_per_story, 3200) and close(by["X"].impressions_per_story, 1500)
    assert close(r.impressions_per_story, 4700) and close(r.sharers_per_story, 100)
    assert close(by["LinkedIn"].sharers_per_story, 100) and close(by["X"].sharers_per_story, 30)
    # Value per story 3.2 × $100 + 1.5 × $10 = $335; 31.5 stories a month -> $10,552.50
    assert close(r.value_per_story, 335) and close(r.value_per_month, 10_552.5)
    # Seats 50 × $20 + 950 × $5 = 5,750; fixed 1,000; time $2 a share × 100 × 31.5 = 6,300
    assert close(r.program_cost_per_month, 13_050)
    assert close(r.total_value_per_month, 11_552.5) and close(r.net_value_per_month, -1_497.5)
    assert close(r.roi, -1_497.5 / 13_050)
    # net(s) = -5,750 + 42,525·s (value 105,525·s, time 63,000·s): break-even 5,750 / 42,525, under the cap 1/3
    assert close(r.break_even_share_rate, 5_750 / 42_525)


def test_three_groups_each_groups_part_by_hand():
    parts = {g.name: g for g in group_results(Scenario.model_validate(THREE))}
    assert [*parts] == ["Executives", "Sales", "Everyone else"]
    ex, sales, rest = parts.values()
    assert (close(ex.participants, 50), close(sales.participants, 200), close(rest.participants, 750)) == (True,) * 3
    assert (close(ex.share_rate, 0.3), close(sales.share_rate, 0.2), close(rest.share_rate, 0.06)) == (True,) * 3
    # Executives: 1,500 on LinkedIn × $0.10 + 375 on X × $0.01 = $153.75 a story -> $4,843.125 a month
    assert close(ex.value_per_month, 4_843.125) and close(ex.value_per_participant_per_month, 96.8625)
    assert close(sales.value_per_month, 2_520) and close(sales.value_per_participant_per_month, 12.6)
    assert close(rest.value_per_month, 3_189.375) and close(rest.value_per_participant_per_month, 4.2525)
    assert close(ex.seat_cost_per_month, 1_000) and close(rest.seat_cost_per_month, 3_750)
    assert close(ex.time_cost_per_month, 945) and close(ex.impressions_per_story, 1_875)


def test_the_cap_is_where_the_keenest_group_shares_every_story():
    s = Scenario.model_validate(THREE)
    assert s.share_rate_cap == pytest.approx(1 / 3, rel=1e-12)
    assert Scenario().share_rate_cap == 1.0
    table = sweep(s, "share_rate", steps=3)
    assert table["share_rate"].tolist() == pytest.approx([0, 1 / 6, 1 / 3], rel=1e-12)
    assert lever_range(s, "share_rate") == pytest.approx((0, 1 / 3))
    with pytest.raises(ValidationError, match=r"share_rate: 0\.34 would have group 'Executives' share 102\.0%"):
        Scenario.model_validate({**THREE, "share_rate": 0.34})


def test_break_even_above_the_cap_is_not_reached():
    # Sales seats at $40: seats 50·20 + 200·40 + 750·5 = 12,750; net(s) = 1,000 - 12,750 - 1,000 + 42,525·s
    # -> 12,750 / 42,525 = 0.2998, under the cap 1/3. A fixed cost of 6,000 moves the root to
    # 17,750 / 42,525 = 0.4174: reachable with a cap of 1, not with these groups (the keenest at 100%).
    groups = [THREE["groups"][0], {**THREE["groups"][1], "seat_cost_per_month": 40}, THREE["groups"][2]]
    s = Scenario.model_validate({**THREE, "groups": groups})
    assert close(compute(s).break_even_share_rate, 12_750 / 42_525)
    costly = Scenario.model_validate({**THREE, "groups": groups, "cost": {**THREE["cost"], "fixed_cost_per_month": 6000}})
    assert compute(costly).break_even_share_rate is None


def test_one_group_is_todays_scenario_exactly():
    today = Scenario()
    one = Scenario(groups=[AdvocateGroup(name="Everyone", weight=1.0)])
    assert compute(one) == compute(today)
    assert Scenario.model_validate(today.model_dump()) == today and today.groups == []


@pytest.mark.parametrize(("groups", "message"), [
    ([{"name": "Sales", "weight": 0.5}, {"name": "sales", "weight": 0.5}], r"each name must appear once.*Sales"),
    ([{"name": "Caf\u00e9", "weight": 0.5}, {"name": unicodedata.normalize("NFD", "CAF\u00c9"), "weight": 0.5}],
     "each name must appear once"),
    ([{"name": "Sales", "weight": 0.5}, {"name": "Rest", "weight": 0.4}], r"weights .* add up to 1, they add up to 0\.9"),
    ([{"name": "Sales", "weight": 0.5, "relative_share_rate": 2}, {"name": "Rest", "weight": 0.5}],
     r"weighted mean of relative_share_rate must be 1.*it is 1\.5"),
    ([{"name": "Sales", "weight": 1, "connections": {"LinkedIn": 700}}], r"groups\.0\.connections: network 'LinkedIn'"),
    ([{"name": "Sales.EU", "weight": 1}], "must not contain a dot"),
    ([{"name": "S", "weight": 0.5}, {"name": "R", "weight": 0.5, "presence": {"X": 1.5}}], "presence"),
    ([{"name": f"G{i}", "weight": 1 / 9} for i in range(9)], "at most 8"),
])
def test_groups_are_checked_by_name(groups, message):
    with pytest.raises(ValidationError, match=message):
        Scenario.model_validate({"groups": groups})


def test_a_range_of_the_share_rate_stays_under_the_cap():
    with pytest.raises(ValidationError, match=r"ranges\.share_rate: high 0\.5 .*'Executives'"):
        Scenario.model_validate({**THREE, "ranges": {"share_rate": {"low": 0.05, "high": 0.5}}})


def test_add_carve_out_and_remove_a_template():
    s = Scenario.model_validate({k: v for k, v in THREE.items() if k != "groups"})
    sales = templates()["Sales"]
    # Carve 200 out of everyone: the total stays, Sales shares at the mean (relative 1), value unchanged.
    carved = add_group(s, sales, 200, carve_out=True)
    assert carved.participants == 1000 and [g.name for g in carved.groups] == ["Everyone else", "Sales"]
    assert [g.weight for g in carved.groups] == pytest.approx([0.8, 0.2])
    assert close(compute(carved).value_per_month, compute(s).value_per_month)
    # Add 200 people at twice the mean: 1,200 participants, mean (100 + 40) / 1,200, value up by Sales' part.
    added = add_group(s, sales, 200, relative_share_rate=2)
    assert added.participants == 1200 and close(added.share_rate, 140 / 1200)
    sales_part = {g.name: g for g in group_results(added)}["Sales"]
    assert close(sales_part.sharers_per_story, 40)
    assert close(compute(added).value_per_month, compute(s).value_per_month + sales_part.value_per_month)
    # Removing it again gives today's scenario back.
    back = remove_group(added, "Sales")
    assert back.participants == 1000 and back.groups == [] and close(back.share_rate, 0.1)
    with pytest.raises(ValueError, match="already a group called 'Sales'"):
        add_group(added, sales, 10)
    with pytest.raises(ValueError, match="fewer than the 2,000 to carve out"):
        add_group(s, sales, 2000, carve_out=True)


def test_recruiters_template_carries_its_graded_source():
    recruiting = templates()["Recruiting & talent"]
    assert recruiting.connections == {"LinkedIn": 702}
    assert all(t.connections == {} for name, t in templates().items() if name != "Recruiting & talent")
    assert [*templates()] == ["Executives", "Sales", "Recruiting & talent", "Marketing", "Subject-matter experts",
                              "Everyone else"]


# --- Properties --------------------------------------------------------------------------------

@st.composite
def grouped(draw, max_groups=4):
    """A valid scenario with 1..max_groups groups, their own seats, presence and connections."""
    base = draw(scenarios())
    n = draw(st.integers(1, max_groups))
    sizes = draw(st.lists(st.integers(1, 100), min_size=n, max_size=n))
    keenness = draw(st.lists(st.one_of(st.just(0), st.integers(1, 50)), min_size=n, max_size=n).filter(any))
    weights = [k / sum(sizes) for k in sizes]
    mean = sum(w * k for w, k in zip(weights, keenness))
    names = [net.name for net in base.networks]
    groups = [{
        "name": f"Group {i}", "weight": weights[i], "relative_share_rate": keenness[i] / mean,
        "seat_cost_per_month": draw(st.one_of(st.none(), st.floats(0, 100))),
        "connections": draw(st.dictionaries(st.sampled_from(names), st.floats(0, 500_000), max_size=len(names))),
        "presence": draw(st.dictionaries(st.sampled_from(names), rate, max_size=len(names))),
    } for i in range(n)]
    cap = 1 / max(g["relative_share_rate"] for g in groups)
    data = {**base.model_dump(), "groups": groups, "share_rate": draw(rate) * min(1.0, cap)}
    return Scenario.model_validate(data)


FIGURES = ("sharers_per_story", "potential_impressions_per_story", "impressions_per_story", "clicks_per_month",
           "value_per_story", "value_per_month", "cpl_savings_per_month", "total_value_per_month",
           "program_cost_per_month", "net_value_per_month")


def scale_of(r) -> float:
    return max(abs(r.value_per_month), abs(r.total_value_per_month), r.program_cost_per_month, 1.0)


@SETTINGS
@given(grouped(), st.data())
def test_splitting_a_group_into_two_identical_halves_changes_no_figure(scenario, data):
    i = data.draw(st.integers(0, len(scenario.groups) - 1))
    if len(scenario.groups) == 8:
        return
    g = scenario.groups[i]
    halves = [g.model_copy(update={"name": g.name + " A", "weight": g.weight / 2}),
              g.model_copy(update={"name": g.name + " B", "weight": g.weight / 2})]
    split = Scenario.model_validate({**scenario.model_dump(), "groups": [
        h.model_dump() for h in [*scenario.groups[:i], *halves, *scenario.groups[i + 1:]]]})
    before, after = compute(scenario), compute(split)
    for name in FIGURES:
        a, b = getattr(before, name), getattr(after, name)
        assert math.isclose(a, b, rel_tol=REL, abs_tol=REL * max(abs(a), 1.0)), (name, a, b)
    if before.break_even_share_rate is None:
        assert after.break_even_share_rate is None or after.break_even_share_rate >= scenario.share_rate_cap - 1e-9
    else:
        assert after.break_even_share_rate == pytest.approx(before.break_even_share_rate, rel=1e-6, abs=1e-9)


@SETTINGS
@given(grouped())
def test_a_scenarios_figures_are_the_sum_of_its_one_group_parts(scenario):
    """Each group alone: a scenario of its people at its own rate on its own presence, connections and seat
    (evaluate takes fractional people). Reach, value, clicks, seats and time add up; fixed cost, hiring and
    leads read from analytics belong to the program (counted once, not per part)."""
    weights, relative = normalised_groups(scenario)
    whole = evaluate(scenario)
    sums = dict.fromkeys(("sharers", "impressions", "value", "clicks", "variable_cost", "cpl"), 0.0)
    for g, w, r in zip(scenario.groups, weights, relative):
        nets = [{**n.model_dump(), "presence": g.presence.get(n.name, n.presence),
                 "connections": g.connections.get(n.name, n.connections)} for n in scenario.networks]
        seat = scenario.cost.seat_cost_per_month if g.seat_cost_per_month is None else g.seat_cost_per_month
        alone = Scenario.model_validate({**scenario.model_dump(), "groups": [], "networks": nets, "workforce": None,
                                         "share_rate": 0.0, "ranges": {},
                                         "cost": {**scenario.cost.model_dump(), "seat_cost_per_month": seat}})
        part = evaluate(alone, share_rate=[scenario.share_rate * r], participants=[scenario.participants * w])
        sums["sharers"] += part.sharers_per_story[0]
        sums["impressions"] += part.impressions_per_story[0].sum()
        sums["value"] += part.value_per_month[0]
        sums["clicks"] += part.clicks_per_story[0].sum()
        sums["variable_cost"] += part.program_cost_per_month[0] - scenario.cost.fixed_cost_per_month
        sums["cpl"] += part.cpl_savings_per_month[0]
    expected = {"sharers": whole.sharers_per_story[0], "impressions": whole.impressions_per_story[0].sum(),
                "value": whole.value_per_month[0], "clicks": whole.clicks_per_story[0].sum(),
                "variable_cost": whole.program_cost_per_month[0] - scenario.cost.fixed_cost_per_month}
    if scenario.demand.mode == "clicks":  # leads follow clicks: additive too
        expected["cpl"] = whole.cpl_savings_per_month[0]
    for name, value in expected.items():
        scale = max(abs(value), abs(sums[name]), 1.0)
        assert math.isclose(sums[name], value, rel_tol=REL, abs_tol=REL * scale), (name, sums[name], value)
    # group_results gives the same parts
    parts = group_results(scenario)
    assert math.isclose(sum(p.value_per_month for p in parts), float(whole.value_per_month[0]),
                        rel_tol=REL, abs_tol=REL * max(abs(float(whole.value_per_month[0])), 1.0))
    assert np.all([p.participants >= 0 for p in parts])


# --- The command line: groups come from the scenario file ------------------------------------

def cli(capsys, tmp_path, data, *argv):
    from advocacy_calc.cli import main
    path = tmp_path / "groups.json"
    path.write_text(__import__("json").dumps(data), encoding="utf-8")
    code = main([argv[0], str(path), *argv[1:]])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_cli_compute_prints_each_groups_part(capsys, tmp_path):
    import json
    code, out, _ = cli(capsys, tmp_path, THREE, "compute")
    assert code == 0
    doc = json.loads(out)
    assert close(doc["value_per_month"], 10_552.5) and close(doc["break_even_share_rate"], 5_750 / 42_525)
    assert [g["name"] for g in doc["groups"]] == ["Executives", "Sales", "Everyone else"]
    assert close(doc["groups"][0]["value_per_month"], 4_843.125) and close(doc["groups"][1]["participants"], 200)
    # A file without groups prints exactly the keys it always did.
    code, out, _ = cli(capsys, tmp_path, {}, "compute")
    assert "groups" not in json.loads(out)
    code, out, _ = cli(capsys, tmp_path, THREE, "compute", "--format", "table")
    rows = {line.split("  ")[0]: line.split() for line in out.splitlines()}
    assert rows["Executives"][1:] == ["50", "30%", "1,875", "$4,843", "$1,945", "$96.86"]
    assert rows["Sales"][1:] == ["200", "20%", "800", "$2,520", "$3,520", "$12.60"]


def test_cli_sweep_by_group_runs_to_the_cap(capsys, tmp_path):
    import csv
    import io
    code, out, _ = cli(capsys, tmp_path, THREE, "sweep", "--by-group", "--steps", "3")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["group"] for r in rows[:3]] == ["Executives", "Sales", "Everyone else"] and len(rows) == 9
    top = rows[6:]  # share rate at the cap 1/3: Executives at 100%, Sales 2/3, Everyone else 0.2
    assert all(close(float(r["share_rate"]), 1 / 3) for r in top)
    assert [r["group_share_rate"] for r in top] == ["1.0", "0.666667", "0.2"]  # rates to 6 decimals, as every CSV
    # Executives at the cap: 50 sharers × (2,000 × $0.10 × 0.05 + 0.5 × 500 × $0.01 × 0.1) × 31.5 = $16,143.75
    assert close(float(top[0]["value_per_month"]), 16_143.75)
    middle = rows[3:6]
    total = sum(float(r["value_per_month"]) for r in middle)
    # three parts each printed to the cent: within half a cent each of the package's total
    assert abs(total - compute(Scenario.model_validate({**THREE, "share_rate": 1 / 6})).value_per_month) <= 0.015
    code, out, err = cli(capsys, tmp_path, THREE, "sweep", "--stop", "0.5")
    assert code == 2 and "--stop: 0.5 is above the share rate's cap with these groups (0.3333: group 'Executives'" in err
    code, out, err = cli(capsys, tmp_path, {**THREE, "groups": THREE["groups"][:2]}, "compute")
    assert code == 2 and "error: groups: the weights" in err and "add up to 0.25" in err


def test_cli_sweep_by_group_without_groups_is_everyone(capsys, tmp_path):
    import csv
    import io
    code, out, _ = cli(capsys, tmp_path, {}, "sweep", "--by-group", "--param", "participants", "--steps", "3",
                       "--stop", "2000")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["participants"], r["group"]) for r in rows] == [("0.0", "Everyone"), ("1000.0", "Everyone"),
                                                                ("2000.0", "Everyone")]
    assert close(float(rows[1]["value_per_month"]), 31_500) and close(float(rows[2]["group_participants"]), 2000)


def test_the_links_form_of_groups_round_trips_and_names_bad_items():
    from advocacy_calc.groups import format_groups_param, read_groups_param
    s = Scenario.model_validate(THREE)
    text = format_groups_param(s.groups)
    good, problems = read_groups_param(text)
    assert problems == [] and Scenario.model_validate({**THREE, "groups": good}) == s
    assert format_groups_param([]) == ""
    good, problems = read_groups_param('[{"name": "Sales", "weight": 1}, {"name": "X.Y", "weight": 1}, 7]')
    assert [g["name"] for g in good] == ["Sales"]
    assert problems[0].startswith("group 2: name:") and "dot" in problems[0]
    assert problems[1].startswith("group 3:")
    assert read_groups_param("{")[1] == ["not a list of groups (expected the app's own JSON)"]
    assert read_groups_param("[" * 9000)[1] == ["longer than 8,000 characters"]


def test_a_preset_with_groups_added_is_modified_by_its_group_inputs():
    from advocacy_calc.presets import changed_inputs
    base = Scenario()
    added = add_group(base, templates()["Sales"], 100, carve_out=True, relative_share_rate=2)
    changed = changed_inputs(added, base)
    assert "groups" in changed and "groups.Sales.weight" in changed and "share_rate" in changed
    assert changed_inputs(added, added) == []


def test_benchmark_and_user_ranges_of_the_share_rate_stop_at_the_cap():
    from advocacy_calc.ranges import default_range, fit_ranges
    # Executives at 8x the mean of 5%: the cap is 1/8 = 12.5%, under the benchmark's high of 20%.
    keen = Scenario.model_validate({"share_rate": 0.05, "groups": [
        {"name": "Executives", "weight": 0.1, "relative_share_rate": 8},
        {"name": "Everyone else", "weight": 0.9, "relative_share_rate": 0.2 / 0.9}]})
    assert keen.share_rate_cap == pytest.approx(0.125)
    assert default_range(keen, "share_rate") == pytest.approx((0.05, 0.125))
    fitted, notes = fit_ranges(keen, {"share_rate": (0.02, 0.3)})
    assert fitted["share_rate"] == pytest.approx({"low": 0.02, "high": 0.125})
    assert notes == ["share_rate: high 0.3 lowered to 0.125, where the keenest group shares every story"]
    assert Scenario.model_validate({**keen.model_dump(), "ranges": fitted}).ranges["share_rate"].high == 0.125
    assert default_range(Scenario(), "share_rate") == (0.05, 0.2)  # without groups: as before


# --- Forecast ranges per group ------------------------------------------------------------------

def test_a_groups_own_share_rate_and_connections_move_the_tornado_and_the_grid_by_hand():
    from advocacy_calc.forecast.grid import two_way
    from advocacy_calc.forecast.tornado import tornado
    # An executive sharer brings 2,000 × 0.05 × $0.10 + 0.5 × 500 × 0.1 × $0.01 = $10.25 a story, $322.875 a month;
    # 50 executives: value(x) = 10,552.5 + 50 · (x − 0.3) · 322.875.
    s = Scenario.model_validate({**THREE, "ranges": {"groups.Executives.share_rate": {"low": 0.1, "high": 0.5}}})
    row = tornado(s).iloc[0]
    assert row["input"] == "groups.Executives.share_rate" and close(row["base"], 0.3)
    assert close(row["at_low"], 7_323.75) and close(row["at_high"], 13_781.25)
    # Executives at 50% with 3,000 LinkedIn connections: 25 × (3,000 × 0.05 × 0.1 + 0.25) × 31.5 = 12,009.375,
    # plus Sales 2,520 and Everyone else 3,189.375.
    cells = two_way(s, "groups.Executives.share_rate", "groups.Executives.networks.LinkedIn.connections", steps=3)
    cell = cells[(cells["x"] == 0.5) & (cells["y"] == 3000)]
    assert len(cell) == 1 and close(float(cell["value_per_month"].iloc[0]), 17_718.75)


def test_the_monte_carlo_draws_a_groups_share_rate():
    from advocacy_calc.forecast.montecarlo import simulate
    s = Scenario.model_validate({**THREE, "ranges": {"groups.Executives.share_rate": {"low": 0.1, "high": 0.5}}})
    sim = simulate(s, draws=20_000, seed=7, distribution="triangular")
    # Symmetric triangle around 0.3: the median is the scenario's own value per month; P10/P90 inside the ends.
    assert sim.value_per_month.p50 == pytest.approx(10_552.5, rel=0.01)
    assert 7_323.75 < sim.value_per_month.p10 < 10_552.5 < sim.value_per_month.p90 < 13_781.25


def test_a_group_range_is_checked_and_travels_in_the_link():
    from advocacy_calc.ranges import default_ranges, format_ranges_param, read_ranges_param
    text = format_ranges_param({"groups.Everyone else.share_rate": (0.02, 0.1)})
    assert text == "groups.Everyone else.share_rate:0.02:0.1"
    assert read_ranges_param(text) == ({"groups.Everyone else.share_rate": (0.02, 0.1)}, [])
    assert read_ranges_param("groups.Sales.share_rate:0:1.5")[1] == [
        "groups.Sales.share_rate: needs 0 <= low <= high <= 1, got 0 to 1.5"]
    with pytest.raises(ValidationError, match=r"ranges\.groups\.Sales\.share_rate: low 0\.3 <= value 0\.2"):
        Scenario.model_validate({**THREE, "ranges": {"groups.Sales.share_rate": {"low": 0.3, "high": 0.5}}})
    with pytest.raises(ValidationError, match=r"ranges\.groups\.Marketing\.share_rate"):
        Scenario.model_validate({**THREE, "ranges": {"groups.Marketing.share_rate": {"low": 0, "high": 0.5}}})
    # The recruiters' LinkedIn connections carry their benchmark range (303 to 702, grade S).
    recruiters = add_group(Scenario(networks=[{"name": "LinkedIn"}]), templates()["Recruiting & talent"], 50)
    assert default_ranges(recruiters)["groups.Recruiting & talent.networks.LinkedIn.connections"] == {
        "low": 303, "high": 702}


@SETTINGS
@given(grouped(), st.data())
def test_a_group_input_at_its_own_value_changes_nothing(scenario, data):
    from advocacy_calc.scenario import base_value, rangeable_paths
    paths = [p for p in rangeable_paths(scenario) if p.startswith("groups.")]
    path = data.draw(st.sampled_from(paths))
    at = evaluate(scenario, inputs={path: [base_value(scenario, path)]})
    whole = evaluate(scenario)
    for name in ("value_per_month", "net_value_per_month", "program_cost_per_month"):
        a, b = float(getattr(at, name)[0]), float(getattr(whole, name)[0])
        assert math.isclose(a, b, rel_tol=REL, abs_tol=REL * max(abs(b), abs(float(whole.total_value_per_month[0])),
                                                              float(whole.program_cost_per_month[0]), 1.0)), (path, name)


def test_the_ramp_up_never_puts_a_group_above_every_story():
    from advocacy_calc.forecast.timeline import TimelineSettings, share_rates, timeline
    # Executives at 3x the mean cap the program's rate at 1/3: a launch at 50% is held at the cap.
    s = Scenario.model_validate(THREE)
    settings = TimelineSettings(start_share_rate=0.5, ramp_months=4, months=12)
    rates = share_rates(s.share_rate, settings, s.share_rate_cap)
    assert rates[0] == pytest.approx(1 / 3) and rates[-1] == pytest.approx(0.1)
    assert share_rates(0.1, settings)[0] == pytest.approx(0.5)  # without groups: as before
    # The timeline itself refuses such a launch rate (a ramp printed "from 50%" must not run at 33%)
    from advocacy_calc import ScenarioError
    with pytest.raises(ScenarioError, match="above the share rate's cap with these groups"):
        timeline(s, settings)
    at_cap = TimelineSettings(start_share_rate=1 / 3, ramp_months=4, months=12)
    assert timeline(s, at_cap).table["share_rate"].max() == pytest.approx(1 / 3)


def test_a_roster_team_starts_in_the_scenarios_group_of_its_name():
    from advocacy_calc.groups import starting_group
    three = Scenario.model_validate({"groups": [{"name": "Executives", "weight": 0.05, "relative_share_rate": 3},
                                                {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
                                                {"name": "Everyone else", "weight": 0.75,
                                                 "relative_share_rate": 0.6}]})
    # The library's name rule: case and Unicode form do not matter; spaces around the team's name neither.
    assert [starting_group(t, three) for t in ("Sales", "sales", " SALES ", "Executives", "Engineering",
                                               "Marketing", "Sales EU")] == [
        "Sales", "Sales", "Sales", "Executives", "Everyone else", "Everyone else", "Everyone else"]
    # No groups yet: every team in Everyone else (a template is never guessed from a team's name).
    assert starting_group("Sales", Scenario()) == "Everyone else"


def test_removing_the_only_sharing_group_leaves_a_program_that_shares_nothing():
    # Sales shares at 2x the mean, the other group never (0x): without Sales nobody shares. Was: 0 / 0, a
    # validation error, and the sensitivity page's row for Sales disappeared.
    from advocacy_calc.groups import remove_group
    s = Scenario.model_validate({"groups": [{"name": "Sales", "weight": 0.5, "relative_share_rate": 2},
                                            {"name": "Ops", "weight": 0.25, "relative_share_rate": 0},
                                            {"name": "HR", "weight": 0.25, "relative_share_rate": 0}]})
    without = remove_group(s, "Sales")
    assert without.participants == 500 and without.share_rate == 0.0
    assert [(g.name, g.weight) for g in without.groups] == [("Ops", 0.5), ("HR", 0.5)]
    assert compute(without).value_per_month == 0.0


def test_group_names_are_one_spaced_and_never_blank():
    # "Sales " and "Sales" printed alike in every table and file; "  " printed as nothing.
    two = [{"name": " Big   Team ", "weight": 0.5}, {"name": "Z", "weight": 0.5}]
    assert Scenario.model_validate({"groups": two}).groups[0].name == "Big Team"
    with pytest.raises(ValidationError, match="must not be blank"):
        Scenario.model_validate({"groups": [{"name": "  ", "weight": 0.5}, {"name": "Z", "weight": 0.5}]})
    with pytest.raises(ValidationError):  # the same name twice once spaces are collapsed
        Scenario.model_validate({"groups": [{"name": "Sales ", "weight": 0.5}, {"name": "Sales", "weight": 0.5}]})
    with pytest.raises(ValidationError, match="control characters"):  # refused, not turned into a space
        Scenario.model_validate({"groups": [{"name": "a\nb", "weight": 0.5}, {"name": "Z", "weight": 0.5}]})


def test_no_break_even_is_said_at_the_share_rates_top():
    from advocacy_calc.narrative import no_break_even
    # No groups: value at 100% is 10 x $31,500 = $315,000, below a fixed $400,000.
    alone = Scenario(cost={"fixed_cost_per_month": 400_000})
    assert compute(alone).break_even_share_rate is None
    assert no_break_even(alone, compute(alone)) == (
        "Even if every participant shared every story, value would not cover the program cost "
        "(today $400,000 a month).")
    # The three-group link (test_groups_app): value at 10% $37,892.65, at the cap 1/3 $126,308.82, below a fixed
    # $200,000 (at 100% it would be $378,926.47, above: "every participant" would be wrong).
    groups = [{"name": "Executives", "weight": 0.05, "relative_share_rate": 3, "connections": {"X": 2000}},
              {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
              {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6}]
    three = Scenario(groups=groups, cost={"fixed_cost_per_month": 200_000})
    assert compute(three).break_even_share_rate is None
    assert no_break_even(three, compute(three), lambda n: f"<{n}>") == (
        "Even with the keenest group, <Executives>, sharing every story (a share rate of 33.3%), value would not "
        "cover the program cost (today $200,000 a month).")


def test_add_or_remove_each_group_by_hand():
    from advocacy_calc.groups import add_or_remove
    changes, refused = add_or_remove(Scenario.model_validate(THREE))
    by = {(c.change, c.group): c for c in changes}
    assert list(by) == [("without", "Executives"), ("without", "Sales"), ("without", "Everyone else"),
                        ("with", "Recruiting & talent"), ("with", "Marketing"), ("with", "Subject-matter experts")]
    assert refused == []
    # Executives bring $4,843.125 of value at $1,000 seats and $945 time (above): net $2,898.125
    assert close(by["without", "Executives"].adds_net_per_month, 2_898.125)
    assert close(by["without", "Executives"].people, 50)
    # Marketing: 100 more at today's 10% = 10 sharers; LinkedIn 10 × 400 × 5% × $0.10 = $20, X 10 × 50% × 500 × 10%
    # × $0.01 = $2.50 a story, × 31.5 = $708.75; seats 100 × $5, time 10 × $2 × 31.5 = $630: net -$421.25
    marketing = by["with", "Marketing"]
    assert close(marketing.people, 100) and close(marketing.value_per_month, 10_552.5 + 708.75)
    assert close(marketing.adds_net_per_month, -421.25)
