"""Live figures: the coefficients the browser gets reproduce compute() at any lever point, for
every valuation basis, demand mode, cost and funnel setting (hypothesis), and by hand on the
worked example."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy_calc import Scenario, compute
from advocacy_calc.live import LINEAR_FIGURES, coefficients, figures_at
from test_groups import grouped
from test_properties import SETTINGS, amount, rate, scenarios

REL = 1e-9


def term_scale(coeffs: list[float], p: float, s: float, d: float) -> float:
    """The size of the terms summed: rounding in them, not in their (maybe tiny) sum, sets the error."""
    monomials = [1, d, s, s * d, p, p * d, p * s, p * s * d]
    return sum(abs(c * m) for c, m in zip(coeffs, monomials))


def assert_close(name: str, live: float, model: float, scale: float) -> None:
    assert math.isclose(live, model, rel_tol=REL, abs_tol=REL * scale + 1e-12), (name, live, model, scale)


def test_worked_example_by_hand():
    # Worked example (docs/model.md §8): one network, 850 connections, CPM 1000/85, 21 working days,
    # 50 direct leads at $20, no cost. impressions = 850·p·s; value/month = 10·p·s·21·d = 210·p·s·d.
    c = coefficients(Scenario())
    assert c["impressions_per_story"] == pytest.approx([0, 0, 0, 0, 0, 0, 850, 0], rel=1e-12, abs=1e-9)
    assert c["value_per_month"] == pytest.approx([0, 0, 0, 0, 0, 0, 0, 210], rel=1e-12, abs=1e-9)
    assert c["total_value_per_month"] == pytest.approx([1000, 0, 0, 0, 0, 0, 0, 210], rel=1e-12, abs=1e-9)
    assert c["advocacy_leads_per_month"] == pytest.approx([50, 0, 0, 0, 0, 0, 0, 0], rel=1e-12, abs=1e-9)
    live = figures_at(c, 1000, 0.1, 1.5)
    assert live["value_per_month"] == pytest.approx(31_500, rel=1e-12)
    assert live["impressions_per_story"] == pytest.approx(85_000, rel=1e-12)
    assert live["roi"] is None and live["break_even_share_rate"] == 0.0


def test_leads_in_clicks_mode_by_hand():
    # Clicks mode (docs/model.md §4): leads = clicks per story · stories a month · conversion. One network of 850
    # connections, CTR 1%, 21 days, 4% conversion: 850·p·s · 0.01 · 21·d · 0.04 = 7.14·p·s·d leads at $20.
    clicks = Scenario.model_validate({"networks": [{**Scenario().networks[0].model_dump(), "ctr": 0.01}],
                                      "demand": {"mode": "clicks", "landing_conversion_rate": 0.04}})
    c = coefficients(clicks)
    assert c["advocacy_leads_per_month"] == pytest.approx([0, 0, 0, 0, 0, 0, 0, 7.14], rel=1e-12, abs=1e-9)
    assert figures_at(c, 1000, 0.1, 1.5)["cpl_savings_per_month"] == pytest.approx(7.14 * 150 * 20, rel=1e-12)


def test_break_even_three_cases_by_hand():
    # Seat 10 × 1,000 + fixed 40,000 = 50,000 a month; value 210·p·s·d + 1,000 leads.
    # At p=1000, d=1.5: net(s) = 315,000·s + 1,000 - 50,000 -> break-even 49,000 / 315,000.
    costly = Scenario.model_validate({"cost": {"seat_cost_per_month": 10, "fixed_cost_per_month": 40_000}})
    live = figures_at(coefficients(costly), 1000, 0.1, 1.5)
    assert live["break_even_share_rate"] == pytest.approx(49_000 / 315_000, rel=1e-12)
    assert live["roi"] == pytest.approx(-17_500 / 50_000, rel=1e-12)
    # Not reached: at d = 0.1 even s = 1 gives 21,000 + 1,000 < 50,000 of cost.
    assert figures_at(coefficients(costly), 1000, 0.1, 0.1)["break_even_share_rate"] is None
    # Already at 0: the 1,000 of lead savings cover a fixed cost of 500 at any share rate.
    cheap = Scenario.model_validate({"cost": {"fixed_cost_per_month": 500}})
    assert figures_at(coefficients(cheap), 1000, 0.3, 1.5)["break_even_share_rate"] == 0.0


@SETTINGS
@given(scenarios(), st.integers(0, 100_000), rate, amount(50))
def test_coefficients_reproduce_compute_at_any_lever_point(scenario, participants, share_rate, stories_per_day):
    coeffs = coefficients(scenario)  # the scenario's own levers play no part
    moved = Scenario.model_validate({**scenario.model_dump(), "participants": participants, "workforce": None,
                                     "share_rate": share_rate, "stories_per_day": stories_per_day})
    model = compute(moved)
    live = figures_at(coeffs, participants, share_rate, stories_per_day)
    point = (participants, share_rate, stories_per_day)
    for name in LINEAR_FIGURES:
        assert_close(name, live[name], getattr(model, name), term_scale(coeffs[name], *point))
    net_scale = term_scale(coeffs["net_value_per_month"], *point)
    if model.roi is None:
        assert live["roi"] is None
    else:
        assert_close("roi", live["roi"], model.roi, net_scale / model.program_cost_per_month)
    # Break-even: the same case, and the same rate up to the rounding of net value at s = 0 and 1.
    expected, got = model.break_even_share_rate, live["break_even_share_rate"]
    at = {s: figures_at(coeffs, participants, s, stories_per_day)["net_value_per_month"] for s in (0.0, 1.0)}
    net_scale = max(term_scale(coeffs["net_value_per_month"], participants, s, stories_per_day) for s in (0.0, 1.0))
    slope = at[1.0] - at[0.0]
    if expected is None or got is None:
        # Cases may differ only where the deciding quantity is a rounding error from the boundary.
        assert expected is got or abs(slope) <= 1e-9 * net_scale or abs(at[1.0]) <= 1e-9 * net_scale, (expected, got)
    else:
        floor = 1e-9 * net_scale / abs(slope) if slope else 1.0
        assert math.isclose(got, expected, rel_tol=REL, abs_tol=floor + 1e-12), (expected, got, floor)


@SETTINGS
@given(grouped(), st.integers(0, 100_000), rate, amount(50))
def test_coefficients_reproduce_compute_with_groups(scenario, participants, fraction_of_cap, stories_per_day):
    """With groups the levers still move the program as a whole (each group keeps its weight and its rate over
    the mean), so the eight coefficients stay exact, and break-even is sought up to the cap."""
    coeffs = coefficients(scenario)
    cap = scenario.share_rate_cap
    share_rate = fraction_of_cap * cap
    moved = Scenario.model_validate({**scenario.model_dump(), "participants": participants, "workforce": None,
                                     "share_rate": share_rate, "stories_per_day": stories_per_day, "ranges": {}})
    model = compute(moved)
    live = figures_at(coeffs, participants, share_rate, stories_per_day, share_rate_cap=cap)
    point = (participants, share_rate, stories_per_day)
    for name in LINEAR_FIGURES:
        assert_close(name, live[name], getattr(model, name), term_scale(coeffs[name], *point))
    expected, got = model.break_even_share_rate, live["break_even_share_rate"]
    at = {s: figures_at(coeffs, participants, s, stories_per_day)["net_value_per_month"] for s in (0.0, cap)}
    net_scale = max(term_scale(coeffs["net_value_per_month"], participants, s, stories_per_day) for s in (0.0, cap))
    slope = at[cap] - at[0.0]
    if expected is None or got is None:
        assert expected is got or abs(slope) <= 1e-9 * net_scale or abs(at[cap]) <= 1e-9 * net_scale, (expected, got)
    else:
        floor = 1e-9 * net_scale / abs(slope) * cap if slope else 1.0
        assert math.isclose(got, expected, rel_tol=REL, abs_tol=floor + 1e-12), (expected, got, floor)
        assert got <= cap


def test_break_even_stops_at_the_cap_by_hand():
    # tests/test_groups.py's three groups with Sales seats at $40 and fixed 6,000: net(s) = -17,750 + 42,525·s,
    # root 0.4174 above the cap of 1/3 (Executives at 3x the mean): not reachable; with a cap of 1 it would be.
    from test_groups import THREE
    groups = [THREE["groups"][0], {**THREE["groups"][1], "seat_cost_per_month": 40}, THREE["groups"][2]]
    s = Scenario.model_validate({**THREE, "groups": groups, "cost": {**THREE["cost"], "fixed_cost_per_month": 6000}})
    c = coefficients(s)
    assert figures_at(c, 1000, 0.1, 1.5, share_rate_cap=s.share_rate_cap)["break_even_share_rate"] is None
    assert figures_at(c, 1000, 0.1, 1.5)["break_even_share_rate"] == pytest.approx(17_750 / 42_525, rel=1e-9)
