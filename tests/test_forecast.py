"""Issue 4: ranges, Monte Carlo, tornado, two-way grid, goal seek, unique reach, and their CLI."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_calc import PRESETS, Cost, Demand, Hiring, Network, Scenario, ScenarioError, compute, evaluate
from advocacy_calc.cli import main
from advocacy_calc.parse import parse_scenario, parse_scenario_json
from advocacy_calc.forecast.goalseek import LEVERS, TARGETS, goal_seek, lever_range
from advocacy_calc.forecast.grid import break_even_line, two_way
from advocacy_calc.forecast.montecarlo import draw_inputs, fan, histogram, simulate, simulate_arrays
from advocacy_calc.overlap import unique_reach
from advocacy_calc.ranges import (base_value, bounds, consistent_inputs, default_ranges, fit_ranges, format_ranges_param,
                                  parse_ranges_param, rangeable_paths, read_ranges_param, with_ranges)
from advocacy_calc.forecast.tornado import tornado

RICH = Scenario(  # every kind of input in play: two networks, clicks mode, seat and time costs, hiring
    participants=800, share_rate=0.12, valuation_basis="conservative",
    networks=[Network(name="LinkedIn", connections=303, cpm=35, cpc=7.38, ctr=0.0055, visibility=0.06),
              Network(name="X", connections=850, presence=0.5)],
    demand=Demand(mode="clicks", landing_conversion_rate=0.05, cost_per_lead=40),
    cost=Cost(seat_cost_per_month=5, fixed_cost_per_month=2000, minutes_per_share=2, hourly_cost=60),
    hiring=Hiring(referral_hires_per_month=1),
)


def close(a, b, rel=1e-9):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


def ranged(scenario: Scenario) -> Scenario:
    return with_ranges(scenario, default_ranges(scenario))


def collapsed(scenario: Scenario) -> Scenario:
    """Every rangeable input ranged to exactly its own value."""
    return with_ranges(scenario, {p: {"low": base_value(scenario, p), "high": base_value(scenario, p)}
                                  for p in rangeable_paths(scenario)})


# --- Ranges in the scenario ------------------------------------------------------------------

def test_ranges_are_optional_and_empty_by_default():
    assert Scenario().ranges == {}
    assert compute(parse_scenario({"participants": 1000})).value_per_month == pytest.approx(31_500, rel=1e-12)


def test_ranges_round_trip_through_json():
    s = parse_scenario({"ranges": {"share_rate": {"low": 0.05, "high": 0.2},
                                   "networks.X.cpm": {"low": 5, "high": 15}}})
    again = parse_scenario(json.loads(json.dumps(s.model_dump(mode="json"))))
    assert again.ranges == s.ranges and again.ranges["share_rate"].high == 0.2


@pytest.mark.parametrize("ranges, words", [
    ({"share_rate": {"low": 0.2, "high": 0.3}}, ["ranges.share_rate", "contain the scenario's own value"]),
    ({"share_rate": {"low": 0.05, "high": 1.5}}, ["ranges.share_rate", "within 0 to 1"]),
    ({"share_rat": {"low": 0.05, "high": 0.2}}, ["ranges.share_rat", "did you mean 'share_rate'"]),
    ({"networks.LinkedIn.cpm": {"low": 20, "high": 40}}, ["ranges.networks.LinkedIn.cpm", "not in this scenario"]),
    ({"currency": {"low": 1, "high": 2}}, ["ranges.currency", "not an uncertain numeric input"]),
    ({"share_rate": {"low": "0.05", "high": 0.2}}, ["ranges.share_rate.low", "not text"]),
    ({"share_rate": {"low": float("nan"), "high": 0.2}}, ["ranges.share_rate.low", "finite"]),
    ({"share_rate": {"low": 0.05}}, ["ranges.share_rate.high", "required"]),
])
def test_bad_ranges_name_the_field_and_why(ranges, words):
    with pytest.raises(ScenarioError) as info:
        parse_scenario({"ranges": ranges})
    text = "\n".join(info.value.problems)
    for word in words:
        assert word in text, text


def test_default_ranges_come_from_benchmarks_and_contain_the_value():
    s = PRESETS["Typical B2B"]
    r = default_ranges(s)
    assert r["share_rate"] == {"low": 0.05, "high": 0.2}
    assert r["networks.LinkedIn.cpm"] == {"low": 25, "high": 73}
    assert "demand.landing_conversion_rate" not in r  # direct mode: leads per click is not in use
    for path, rng in r.items():
        assert rng["low"] <= base_value(s, path) <= rng["high"], path
    ranged(s)  # valid as a scenario


def test_fit_ranges_widens_to_the_value_and_skips_absent_networks():
    s = Scenario(share_rate=0.3)
    fitted, notes = fit_ranges(s, {"share_rate": (0.05, 0.2), "networks.LinkedIn.cpm": (20, 40)})
    assert fitted["share_rate"] == {"low": 0.05, "high": 0.3}
    assert "networks.LinkedIn.cpm" not in fitted
    assert len(notes) == 1 and "share_rate" in notes[0]


def test_ranges_url_param_round_trips_and_refuses_bad_values():
    ranges = {"share_rate": (0.05, 0.2), "networks.LinkedIn.cpm": (25.0, 73.0)}
    text = format_ranges_param(ranges)
    assert text == "networks.LinkedIn.cpm:25:73,share_rate:0.05:0.2"
    assert parse_ranges_param(text) == ranges
    for bad in ("share_rate:0.3:0.1", "share_rate:nan:0.2", "share_rate:0.1", "nope:1:2", "share_rate:a:b",
                "share_rate:0:2", "networks.X.cpm:-1:2", "currency:1:2"):
        with pytest.raises(ValueError):
            parse_ranges_param(bad)


SEVERAL_BAD = {"share_rate": {"low": 0.2, "high": 0.3}, "participants": {"low": 5000, "high": 6000},
               "share_rat": {"low": 0.05, "high": 0.2}}


def test_several_bad_ranges_are_one_problem_line_each():
    for parse in (parse_scenario, lambda d: parse_scenario_json(json.dumps(d))):
        with pytest.raises(ScenarioError) as info:
            parse({"ranges": SEVERAL_BAD})
        problems = info.value.problems
        assert len(problems) == 3, problems
        assert [p.split(":")[0] for p in problems] == ["ranges.share_rate", "ranges.participants", "ranges.share_rat"]
        assert all("; ranges." not in p and "\n" not in p for p in problems), problems
        assert "contain the scenario's own value" in problems[0] and "did you mean 'share_rate'" in problems[2]


def test_several_bad_ranges_beside_other_bad_fields_each_get_a_line():
    with pytest.raises(ScenarioError) as info:
        parse_scenario({"ranges": {"share_rate": {"low": 0.2, "high": 0.3}, "stories_per_day": {"low": "x", "high": 2}},
                        "participants": -1})
    problems = info.value.problems
    assert any(p.startswith("participants:") for p in problems)
    assert any(p.startswith("ranges.stories_per_day.low:") for p in problems)
    assert len(problems) == len(set(problems)) >= 2


def test_ranges_url_param_names_every_bad_item_and_keeps_the_good_ones():
    text = "share_rate:0.3:0.1,nope:1:2,networks.X.cpm:5:15,stories_per_day:a:2,oops"
    ranges, problems = read_ranges_param(text)
    assert ranges == {"networks.X.cpm": (5.0, 15.0)}
    assert len(problems) == 4, problems
    assert problems[0].startswith("share_rate: needs") and "'nope'" in problems[1]
    assert problems[2].startswith("stories_per_day:") and "'oops'" in problems[3]
    with pytest.raises(ValueError) as info:
        parse_ranges_param(text)
    assert info.value.problems == problems


def test_audience_overlap_default_is_the_published_case_with_its_derivation():
    from advocacy_calc.benchmarks import benchmark_for
    from advocacy_calc.exports.fields import inputs

    b = benchmark_for("audience_overlap")
    assert b is not None and b.grade == "V" and "Metso" in b.source and "linkhumans.com" in b.url
    assert b.low == b.base == b.high == Scenario().audience_overlap == round(1 - 260_000 / (7_000 * 303), 4)
    assert "260,000 / (7,000 x 303)" in b.note and "grade U" in b.note
    assert default_ranges(Scenario()).get("audience_overlap") is None  # a point, and no range for it
    row = next(i for i in inputs(Scenario()) if i.path == "audience_overlap")  # the workbook's assumptions
    assert row.grade == "V" and "Metso" in row.source


# --- Draws respect the scenario's own rules ------------------------------------------------------

HIRING_RANGED = with_ranges(Scenario(hiring=Hiring(referral_hires_per_month=2)),
                            {"hiring.cost_per_hire": {"low": 800, "high": 5000},
                             "hiring.referral_cost_per_hire": {"low": 500, "high": 3500}})


@pytest.mark.parametrize("distribution", ["pert", "triangular"])
def test_monte_carlo_never_draws_a_referral_hire_dearer_than_a_normal_hire(distribution):
    s = HIRING_RANGED
    inputs = draw_inputs(s, 50_000, 5, distribution)
    referral, cost = inputs["hiring.referral_cost_per_hire"], inputs["hiring.cost_per_hire"]
    assert (referral <= cost).all()
    clipped = referral == cost
    assert 0 < clipped.mean() < 0.5  # the independent draws did cross: those draws were clipped
    raw = consistent_inputs(s, {})  # nothing varied: nothing added
    assert raw == {}
    ev = evaluate(s, inputs=inputs)
    assert (ev.hiring_savings_per_month >= 0).all() and (ev.hiring_savings_per_month[clipped] == 0).all()
    # a draw not clipped is untouched: the same as the scenario at those two values
    i = int(np.argmax(~clipped))
    one = Scenario(hiring=Hiring(referral_hires_per_month=2, cost_per_hire=float(cost[i]),
                                 referral_cost_per_hire=float(referral[i])))
    assert close(compute(one).total_value_per_month, float(ev.total_value_per_month[i]))
    sim = simulate(s, draws=50_000, seed=5, distribution=distribution)
    assert sim.total_value_per_month.p10 >= compute(Scenario()).total_value_per_month - 1e-6  # savings never < 0


def test_one_ranged_hiring_cost_is_clipped_against_the_other_held_value():
    s = with_ranges(Scenario(hiring=Hiring(referral_hires_per_month=1)),
                    {"hiring.referral_cost_per_hire": {"low": 500, "high": 6000}})  # above cost per hire 4129
    referral = draw_inputs(s, 20_000, 1)["hiring.referral_cost_per_hire"]
    assert referral.max() == s.hiring.cost_per_hire and referral.min() >= 500
    row = tornado(s, "total_value_per_month").iloc[0]
    assert row["at_high"] == pytest.approx(compute(Scenario()).total_value_per_month)  # referral savings 0, not < 0
    cells = two_way(s, "hiring.referral_cost_per_hire", "share_rate", steps=5)
    no_hiring = two_way(Scenario(), "hiring.referral_cost_per_hire", "share_rate", steps=5)
    assert (cells["total_value_per_month"] >= no_hiring["total_value_per_month"] - 1e-9).all()
    s2 = with_ranges(Scenario(hiring=Hiring(referral_hires_per_month=1)),
                     {"hiring.cost_per_hire": {"low": 100, "high": 5000}})  # below referral cost 1129
    inputs = draw_inputs(s2, 20_000, 1)
    assert (inputs["hiring.referral_cost_per_hire"] <= inputs["hiring.cost_per_hire"]).all()


# --- The vectorised evaluation equals compute -------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.data())
def test_evaluate_with_inputs_equals_compute_of_the_changed_scenario(data):
    paths = [p for p in rangeable_paths(RICH) if not p.startswith("hiring.")] + ["hiring.referral_hires_per_month"]
    chosen = data.draw(st.lists(st.sampled_from(paths), min_size=1, max_size=6, unique=True))
    values = {}
    for path in chosen:
        lo, hi = bounds(path)
        strategy = st.integers(0, 5000) if path == "participants" else st.floats(lo, min(hi, 5000))
        values[path] = data.draw(strategy)
    ev = evaluate(RICH, inputs={k: [v] for k, v in values.items()})
    changed = RICH.model_dump()
    for path, v in values.items():
        _set(changed, path, v)
    r = compute(Scenario.model_validate(changed))
    assert close(ev.value_per_month[0], r.value_per_month)
    assert close(ev.total_value_per_month[0], r.total_value_per_month)
    assert close(ev.program_cost_per_month[0], r.program_cost_per_month)


def test_evaluate_refuses_unknown_inputs():
    with pytest.raises(KeyError):
        evaluate(Scenario(), inputs={"networks.LinkedIn.cpm": [1.0]})


# --- Monte Carlo --------------------------------------------------------------------------------

def test_fixed_seed_is_reproducible_and_seeds_differ():
    s = ranged(RICH)
    assert simulate(s, draws=5000, seed=7) == simulate(s, draws=5000, seed=7)
    assert simulate(s, draws=5000, seed=7) != simulate(s, draws=5000, seed=8)


@pytest.mark.parametrize("distribution", ["pert", "triangular"])
@pytest.mark.parametrize("scenario", [RICH, PRESETS["Typical B2B"], Scenario()], ids=["rich", "typical", "worked"])
def test_collapsed_ranges_give_the_point_result_at_every_percentile(scenario, distribution):
    s = collapsed(scenario)
    sim = simulate(s, draws=1000, distribution=distribution)
    r = compute(s)
    for p in (sim.value_per_month.p10, sim.value_per_month.p50, sim.value_per_month.p90):
        assert close(p, r.value_per_month)
    for p in (sim.net_value_per_month.p10, sim.net_value_per_month.p50, sim.net_value_per_month.p90):
        assert close(p, r.net_value_per_month)
    if r.roi is None:
        assert sim.roi is None
    else:
        assert close(sim.roi.p50, r.roi)
    assert sim.probability_value_exceeds_cost == float(r.total_value_per_month > r.program_cost_per_month)


@pytest.mark.parametrize("distribution", ["pert", "triangular"])
def test_percentiles_ordered_probability_in_range_and_draws_within_ranges(distribution):
    s = ranged(RICH)
    sim = simulate(s, draws=20_000, seed=1, distribution=distribution)
    for pct in (sim.value_per_month, sim.total_value_per_month, sim.net_value_per_month, sim.roi):
        assert pct.p10 <= pct.p50 <= pct.p90
        assert pct.p10 < pct.p90  # the ranges do spread the result
    assert 0 <= sim.probability_value_exceeds_cost <= 1
    for path, values in draw_inputs(s, 20_000, 1, distribution).items():
        assert s.ranges[path].low <= values.min() and values.max() <= s.ranges[path].high, path


def test_p50_moves_the_right_way_when_a_range_shifts():
    base = Scenario(share_rate=0.10)
    low = with_ranges(base, {"share_rate": {"low": 0.02, "high": 0.10}})
    high = with_ranges(base, {"share_rate": {"low": 0.10, "high": 0.40}})
    mid = with_ranges(base, {"share_rate": {"low": 0.05, "high": 0.2}})
    p50 = [simulate(s, draws=20_000).value_per_month.p50 for s in (low, mid, high)]
    assert p50[0] < compute(base).value_per_month < p50[2]
    assert p50[0] < p50[1] < p50[2]


def test_pert_is_centred_nearer_the_base_than_triangular():
    s = with_ranges(Scenario(), {"share_rate": {"low": 0.05, "high": 0.5}})
    pert = simulate(s, draws=50_000, distribution="pert").value_per_month.mean
    tri = simulate(s, draws=50_000, distribution="triangular").value_per_month.mean
    point = compute(s).value_per_month
    assert point < pert < tri
    assert close(pert, 31_500 * (0.05 + 4 * 0.1 + 0.5) / 6 / 0.1, rel=0.01)  # PERT mean (a + 4m + b) / 6


def test_probability_matches_the_draws():
    s = ranged(PRESETS["Typical B2B"])
    _, total, cost = simulate_arrays(s, draws=10_000)
    assert simulate(s, draws=10_000).probability_value_exceeds_cost == np.mean(total > cost)
    assert 0 < np.mean(total > cost) < 1  # the illustrative seat cost makes it a real question


def test_simulate_refuses_bad_arguments():
    with pytest.raises(ValueError):
        simulate(Scenario(), draws=0)
    with pytest.raises(ValueError):
        simulate(Scenario(), distribution="normal")


def test_histogram_and_fan():
    s = ranged(RICH)
    value, _, _ = simulate_arrays(s, draws=5000)
    h = histogram(value, bins=30)
    assert len(h) == 30 and close(h["share"].sum(), 1.0)
    f = fan(s, draws=500, steps=11)
    assert len(f) == 11 and (f["p10"] <= f["p50"]).all() and (f["p50"] <= f["p90"]).all()
    assert close(f["base"].iloc[-1], compute(RICH.model_copy(update={"share_rate": 1.0})).value_per_month)


# --- Tornado ----------------------------------------------------------------------------------

def test_tornado_bars_equal_point_results_at_low_and_high_sorted_by_swing():
    s = ranged(RICH)
    frame = tornado(s, "net_value_per_month")
    assert list(frame["swing"]) == sorted(frame["swing"], reverse=True)
    assert set(frame["input"]) == set(s.ranges)
    for row in frame.itertuples():
        for bound, result in (("low", row.at_low), ("high", row.at_high)):
            value = getattr(row, bound)
            changed = with_ranges(s, {}).model_dump()
            _set(changed, row.input, value)
            assert close(result, compute(Scenario.model_validate(changed)).net_value_per_month), (row.input, bound)


def _set(dump: dict, path: str, value: float) -> None:
    parts = path.split(".")
    if parts[0] == "networks":
        next(n for n in dump["networks"] if n["name"] == ".".join(parts[1:-1]))[parts[-1]] = value
    elif len(parts) == 2:
        dump[parts[0]][parts[1]] = value
    else:
        dump[path] = value


def test_tornado_puts_the_widest_input_first():
    s = with_ranges(Scenario(), {"share_rate": {"low": 0.01, "high": 0.5}, "stories_per_day": {"low": 1.4, "high": 1.6}})
    assert list(tornado(s)["input"]) == ["share_rate", "stories_per_day"]


# --- Two-way grid -----------------------------------------------------------------------------

def test_two_way_grid_cells_equal_point_results_and_break_even_line_is_on_zero():
    s = Scenario(cost=Cost(fixed_cost_per_month=20_000))
    cells = two_way(s, "share_rate", "networks.X.connections", steps=11)
    assert len(cells) == 121
    row = cells.iloc[37]
    changed = s.model_dump()
    _set(changed, "share_rate", row.x)
    _set(changed, "networks.X.connections", row.y)
    assert close(row.value_per_month, compute(Scenario.model_validate(changed)).value_per_month)
    line = break_even_line(cells)
    assert len(line) > 0
    for pt in line.itertuples():  # net value is linear in connections, so the interpolation is exact
        changed = s.model_dump()
        _set(changed, "share_rate", pt.x)
        _set(changed, "networks.X.connections", pt.y)
        assert abs(compute(Scenario.model_validate(changed)).net_value_per_month) < 1e-6


def test_two_way_refuses_same_or_unknown_inputs():
    with pytest.raises(ValueError):
        two_way(Scenario(), "share_rate", "share_rate")
    with pytest.raises(ValueError):
        two_way(Scenario(), "share_rate", "currency")


# --- Goal seek --------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(lever=st.sampled_from(LEVERS), target=st.sampled_from(TARGETS), goal=st.floats(-5, 200_000),
       preset=st.sampled_from(["Typical B2B", "Conservative"]), seat=st.floats(0, 30))
def test_goal_seek_recomputing_at_the_answer_gives_the_goal(lever, target, goal, preset, seat):
    s = PRESETS[preset].model_copy(update={"cost": Cost(seat_cost_per_month=seat, fixed_cost_per_month=500)})
    if target == "roi":
        goal = goal / 50_000  # ROI goals of -5 to 4
    g = goal_seek(s, lever, target, goal)
    if not g.reachable:
        assert "not reachable" in g.reason or "none" in g.reason
        return
    r = compute(s.model_copy(update={lever: g.answer}))
    got = getattr(r, target)
    if g.already_met:
        assert g.answer == (0 if g.direction == "at_least" else lever_range(s, lever)[1])
        assert got >= goal - 1e-9 * max(1, abs(goal))
    else:
        assert math.isclose(got, goal, rel_tol=1e-7, abs_tol=1e-6), (got, goal)
    if lever == "participants":  # the fewest (at least) or the most (at most) whole people meeting the goal
        step = 1 if g.direction == "at_least" else -1
        at = lambda n: getattr(compute(s.model_copy(update={"participants": int(n)})), target)  # noqa: E731
        assert at(g.whole) >= goal
        if 0 < g.whole - step <= lever_range(s, lever)[1]:
            assert not at(g.whole - step) >= goal


def test_goal_seek_hand_worked():
    # Worked example: $31,500 a month at 10%, linear in share rate: $63,000 needs 20%, 2,000 participants.
    assert goal_seek(Scenario(), "share_rate", "value_per_month", 63_000).answer == pytest.approx(0.2, rel=1e-12)
    assert goal_seek(Scenario(), "participants", "value_per_month", 63_000).whole == 2000
    g = goal_seek(Scenario(), "share_rate", "value_per_month", 400_000)
    assert not g.reachable and "above 100%" in g.reason
    assert not goal_seek(Scenario(), "share_rate", "roi", 1).reachable  # no cost, no ROI
    # ROI exact: fixed cost 10,000 at 10% gives value 31,500 + 1,000; ROI 1 needs total value 20,000.
    s = Scenario(cost=Cost(fixed_cost_per_month=10_000))
    assert goal_seek(s, "share_rate", "roi", 1.0).answer == pytest.approx(19_000 / 315_000, rel=1e-12)


# --- Unique reach -----------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(overlap=st.floats(0, 1), share=st.floats(0, 1), connections=st.floats(0, 5000))
def test_unique_reach_never_exceeds_impressions_and_equals_them_without_overlap(overlap, share, connections):
    s = Scenario(share_rate=share, audience_overlap=overlap, networks=[Network(name="X", connections=connections)])
    r = compute(s)
    u = unique_reach(s, r)
    assert u.unique_reach_per_story <= r.impressions_per_story
    assert u.unique_reach_per_month <= r.impressions_per_month * (1 + 1e-12)
    none = unique_reach(s.model_copy(update={"audience_overlap": 0.0}), r)
    assert none.unique_reach_per_story == r.impressions_per_story
    assert close(none.unique_reach_per_month, r.impressions_per_month)


def test_overlap_default_is_the_public_case_and_leaves_value_alone():
    assert Scenario().audience_overlap == pytest.approx(1 - 260_000 / (7_000 * 303), abs=1e-4)
    a, b = compute(Scenario(audience_overlap=0)), compute(Scenario(audience_overlap=0.9))
    assert a.value_per_month == b.value_per_month  # CPM value stays on impressions


# --- CLI ----------------------------------------------------------------------------------------

def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def ranged_file(tmp_path):
    data = RICH.model_dump(mode="json")
    data["ranges"] = {"share_rate": {"low": 0.05, "high": 0.2}, "networks.LinkedIn.cpm": {"low": 25, "high": 73}}
    path = tmp_path / "ranged.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_cli_simulate_prints_percentiles_matching_the_package(capsys, ranged_file):
    code, out, err = run(capsys, "simulate", ranged_file, "--draws", "5000", "--seed", "3", "--own-ranges")
    assert (code, err) == (0, "")
    data = json.loads(out)
    for key in ("p10", "p50", "p90"):
        assert key in data["value_per_month"]
    assert 0 <= data["probability_value_exceeds_cost"] <= 1
    s = parse_scenario(json.loads(open(ranged_file).read()))
    expected = simulate(s, draws=5000, seed=3)
    assert data["value_per_month"]["p50"] == expected.value_per_month.p50
    assert data["roi"]["p90"] == expected.roi.p90
    again = run(capsys, "simulate", ranged_file, "--draws", "5000", "--seed", "3", "--own-ranges")[1]
    assert again == out


def test_cli_simulate_without_ranges_draws_the_benchmarks_and_own_ranges_says_there_are_none(capsys, tmp_path):
    path = tmp_path / "plain.json"
    path.write_text("{}")
    code, out, err = run(capsys, "simulate", str(path), "--draws", "100", "--own-ranges")
    assert code == 0 and "no ranges" in err and "--own-ranges" in err
    vpm = json.loads(out)["value_per_month"]
    assert vpm["p10"] == vpm["p90"] == compute(Scenario()).value_per_month == pytest.approx(31_500, rel=1e-12)
    code, out, err = run(capsys, "simulate", str(path), "--draws", "1000")  # was a zero-width P10-P90
    data = json.loads(out)
    assert code == 0 and err == "" and "share_rate" in data["ranges"]
    assert data["value_per_month"]["p10"] < 31_500 * 0.9 and data["value_per_month"]["p90"] > 31_500 * 0.9
    old_flag = run(capsys, "simulate", str(path), "--draws", "1000", "--benchmark-ranges")  # scripts keep working
    assert old_flag == (0, out, "")
    code, out, err = run(capsys, "simulate", str(path), "--own-ranges", "--benchmark-ranges")
    assert code == 2 and "not allowed with argument" in err


PDF_CASE = {"cost": {"fixed_cost_per_month": 22_000},  # value 32,500 a month, net 10,500
            "ranges": {"share_rate": {"low": 0.05, "high": 0.2}},
            "settings": {"forecast_draws": 10_000, "forecast_seed": 7, "forecast_distribution": "triangular"}}


def usd(x: float) -> str:
    """The PDF's rule for whole dollars, written out: -$13,950."""
    whole = round(x)
    return f"{'-' if whole < 0 else ''}${abs(whole):,}"


def test_cli_simulate_prints_the_pdfs_p10_p90_from_the_files_settings(capsys, tmp_path):
    # The tester's case: `simulate case.json` printed a zero-width range with 100,000 PERT draws, seed 2026,
    # while the PDF of the same file said otherwise.
    import shutil
    import subprocess

    from advocacy_calc.exports.finance import finance_figures

    path = tmp_path / "case.json"
    path.write_text(json.dumps(PDF_CASE))
    code, out, err = run(capsys, "simulate", str(path))
    data = json.loads(out)
    assert (code, err) == (0, "")
    assert (data["draws"], data["seed"], data["distribution"]) == (10_000, 7, "triangular")  # the file's settings
    net = data["net_value_per_month"]
    assert net["p10"] < 0 < net["p90"] and net["p90"] - net["p10"] > 10_000  # a range, not one point
    pdf_sim = finance_figures(parse_scenario(PDF_CASE)).simulation
    assert (net["p10"], net["p90"]) == (pdf_sim.net_value_per_month.p10, pdf_sim.net_value_per_month.p90)
    # An option given wins over the file's setting.
    other = json.loads(run(capsys, "simulate", str(path), "--seed", "8", "--distribution", "pert")[1])
    assert (other["draws"], other["seed"], other["distribution"]) == (10_000, 8, "pert")
    assert other["net_value_per_month"]["p10"] != net["p10"]

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's own text is not read")
    pdf = tmp_path / "case.pdf"
    assert main(["export", str(path), "--format", "pdf", "-o", str(pdf)]) == 0
    capsys.readouterr()
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    row = next(line for line in text.splitlines() if line.startswith("Net value $"))
    assert row.endswith(f"{usd(net['p10'])} to {usd(net['p90'])}"), row
    assert "10,000 Monte Carlo draws, seed 7, TRIANGULAR" in text


@pytest.mark.parametrize("argv, option", [
    (["--draws", "0"], "--draws"), (["--draws", "2000000"], "--draws"), (["--seed", "-1"], "--seed"),
])
def test_cli_simulate_bad_options_exit_2_naming_the_option(capsys, ranged_file, argv, option):
    code, out, err = run(capsys, "simulate", ranged_file, *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {option}:")


@pytest.mark.parametrize("command", ["simulate", "compute"])
def test_cli_several_bad_ranges_exit_2_with_one_error_line_each(capsys, tmp_path, command):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"ranges": SEVERAL_BAD}))
    code, out, err = run(capsys, command, str(path))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 3 and all(line.startswith("error: ranges.") for line in lines), lines
    assert [line.split(":")[1].strip() for line in lines] == ["ranges.share_rate", "ranges.participants",
                                                               "ranges.share_rat"]


def test_cli_simulate_bad_ranges_exit_2_naming_the_field(capsys, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"ranges": {"share_rate": {"low": 0.3, "high": 0.5}}}))
    code, out, err = run(capsys, "simulate", str(path))
    assert code == 2 and err.startswith("error: ranges.share_rate:")
