"""Properties of the value model, the sweeps and validation, checked with hypothesis."""

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from advocacy_calc import Scenario, ScenarioError, compute, evaluate, parse_scenario, parse_scenario_json, sweep
from advocacy_calc.scenario import Cost, Demand, Hiring, Network
from result_fields import NETWORK_REACH_AND_MEDIA, REACH_AND_MEDIA

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REL = 1e-9

# ---------------------------------------------------------------------------------------
# Strategies: valid scenarios with sane, bounded inputs (headroom left for doubling)
# ---------------------------------------------------------------------------------------

NETWORK_NAMES = ["X", "LinkedIn", "Facebook", "Instagram", "Xing", "Threads", "Bluesky"]


def amount(hi: float) -> st.SearchStrategy[float]:
    """0 or a float in [0.01, hi]: no subnormals, so ratios stay exact to rel 1e-9."""
    return st.one_of(st.just(0.0), st.floats(0.01, hi, allow_nan=False, allow_infinity=False))


rate = st.one_of(st.sampled_from([0.0, 1.0]), st.integers(1, 10_000).map(lambda k: k / 10_000),
                 st.floats(1e-4, 1.0))
half_rate = st.one_of(st.just(0.0), st.floats(1e-4, 0.5))


@st.composite
def networks(draw, min_size=1, max_size=4):
    names = draw(st.lists(st.sampled_from(NETWORK_NAMES), min_size=min_size, max_size=max_size, unique=True))
    return [Network(name=name, connections=draw(amount(500_000)), cpm=draw(amount(500_000)),
                    cpc=draw(amount(1_000)), ctr=draw(rate), presence=draw(rate), visibility=draw(rate))
            for name in names]


@st.composite
def scenarios(draw, share_rate=rate):
    participants = draw(st.integers(0, 100_000))
    workforce = draw(st.one_of(st.none(), st.integers(max(1, participants), 5_000_000)))
    cost_per_hire = draw(amount(20_000))
    return Scenario(
        participants=participants,
        workforce=workforce,
        share_rate=draw(share_rate),
        stories_per_day=draw(amount(50)),
        working_days_per_month=draw(amount(31)),
        currency=draw(st.sampled_from(["USD", "EUR", "GBP"])),
        valuation_basis=draw(st.sampled_from(["cpm", "cpc", "conservative"])),
        networks=draw(networks()),
        demand=Demand(
            mode=draw(st.sampled_from(["direct", "asset", "clicks"])),
            advocacy_leads_per_month=draw(amount(10_000)),
            asset_leads_per_month=draw(amount(100_000)),
            advocacy_share_of_asset_traffic=draw(rate),
            landing_conversion_rate=draw(rate),
            cost_per_lead=draw(amount(500)),
            include_in_total=draw(st.booleans()),
            lead_to_mql=draw(rate), mql_to_sql=draw(rate), sql_to_won=draw(rate),
            advocacy_conversion_factor=draw(st.floats(0, 20)),
            average_deal_size=draw(amount(1e6)),
        ),
        cost=Cost(seat_cost_per_month=draw(amount(100)), fixed_cost_per_month=draw(amount(1e6)),
                  minutes_per_share=draw(amount(30)), hourly_cost=draw(amount(200))),
        hiring=Hiring(referral_hires_per_month=draw(amount(50)), cost_per_hire=cost_per_hire,
                      referral_cost_per_hire=cost_per_hire * draw(rate)),
    )


def with_(scenario: Scenario, **changes) -> Scenario:
    """A validated copy with top-level fields changed."""
    return Scenario.model_validate({**scenario.model_dump(), **changes})


def with_network(scenario: Scenario, index: int, **changes) -> Scenario:
    data = scenario.model_dump()
    data["networks"][index].update(changes)
    return Scenario.model_validate(data)


def close(a: float, b: float, scale: float = 0.0) -> bool:
    return math.isclose(a, b, rel_tol=REL, abs_tol=REL * scale if scale else 1e-12)


NEVER_NEGATIVE = REACH_AND_MEDIA + (
    "stories_per_month", "advocacy_leads_per_month", "cpl_savings_per_month", "hiring_savings_per_month",
    "total_value_per_month", "program_cost_per_month",
)


def assert_doubled(before, after, fields):
    for field in fields:
        a, b = getattr(before, field), getattr(after, field)
        assert math.isclose(b, 2 * a, rel_tol=REL, abs_tol=1e-12), (field, a, b)


# ---------------------------------------------------------------------------------------
# Linearity and zeros
# ---------------------------------------------------------------------------------------

@SETTINGS
@given(scenarios())
def test_linear_in_participants(s):
    before, after = compute(s), compute(with_(s, participants=2 * s.participants, workforce=None))
    assert_doubled(before, after, REACH_AND_MEDIA)
    for nb, na in zip(before.networks, after.networks):
        assert_doubled(nb, na, NETWORK_REACH_AND_MEDIA)


@SETTINGS
@given(scenarios(share_rate=half_rate))
def test_linear_in_share_rate(s):
    before, after = compute(s), compute(with_(s, share_rate=2 * s.share_rate))
    assert_doubled(before, after, REACH_AND_MEDIA)
    for nb, na in zip(before.networks, after.networks):
        assert_doubled(nb, na, NETWORK_REACH_AND_MEDIA)


@SETTINGS
@given(scenarios(), st.data())
def test_linear_in_one_networks_connections(s, data):
    i = data.draw(st.integers(0, len(s.networks) - 1))
    before = compute(s)
    after = compute(with_network(s, i, connections=2 * s.networks[i].connections))
    network_fields = tuple(f for f in NETWORK_REACH_AND_MEDIA if f != "sharers_per_story")
    assert_doubled(before.networks[i], after.networks[i], network_fields)
    for j, (nb, na) in enumerate(zip(before.networks, after.networks)):
        if j != i:
            assert nb == na
    assert close(after.value_per_story - before.value_per_story, before.networks[i].value_per_story,
                 scale=after.value_per_story)


@SETTINGS
@given(scenarios(), st.data())
def test_linear_in_one_networks_cpm(s, data):
    i = data.draw(st.integers(0, len(s.networks) - 1))
    before = compute(s)
    after = compute(with_network(s, i, cpm=2 * s.networks[i].cpm))
    assert_doubled(before.networks[i], after.networks[i], ("cpm_value_per_story",))
    assert before.networks[i].impressions_per_story == after.networks[i].impressions_per_story
    assert before.networks[i].click_value_per_story == after.networks[i].click_value_per_story
    if s.valuation_basis == "cpm":
        assert_doubled(before.networks[i], after.networks[i], ("value_per_story", "value_per_month"))
    for j, (nb, na) in enumerate(zip(before.networks, after.networks)):
        if j != i:
            assert nb == na


@SETTINGS
@given(scenarios(), st.sampled_from([{"share_rate": 0.0}, {"participants": 0}]))
def test_zero_in_zero_out(s, zero):
    before = compute(s)
    r = compute(with_(s, **zero))
    for field in REACH_AND_MEDIA:
        assert getattr(r, field) == 0, field
    for n in r.networks:
        for field in NETWORK_REACH_AND_MEDIA:
            assert getattr(n, field) == 0, (n.name, field)
    if s.demand.mode == "clicks":
        assert r.advocacy_leads_per_month == 0
    else:  # direct and asset leads do not depend on reach
        assert r.cpl_savings_per_month == before.cpl_savings_per_month


@SETTINGS
@given(scenarios())
def test_zero_connections_zero_out(s):
    data = s.model_dump()
    for n in data["networks"]:
        n["connections"] = 0
    r = compute(Scenario.model_validate(data))
    for field in REACH_AND_MEDIA:
        if field not in ("sharers_per_story", "shares_per_month"):
            assert getattr(r, field) == 0, field


@SETTINGS
@given(scenarios())
def test_never_nan_or_negative(s):
    r = compute(s)
    for field in NEVER_NEGATIVE:
        value = getattr(r, field)
        assert math.isfinite(value) and value >= 0, (field, value)
    for n in r.networks:
        for field in NETWORK_REACH_AND_MEDIA:
            value = getattr(n, field)
            assert math.isfinite(value) and value >= 0, (n.name, field, value)
    assert math.isfinite(r.net_value_per_month)           # may be negative
    assert r.roi is None or math.isfinite(r.roi)
    assert (r.roi is None) == (r.program_cost_per_month == 0)
    if r.funnel is not None:
        for value in r.funnel.model_dump().values():
            assert math.isfinite(value) and value >= 0
    if r.adoption is not None:
        assert 0 <= r.adoption <= 1


# ---------------------------------------------------------------------------------------
# Sweeps agree with the point result
# ---------------------------------------------------------------------------------------

POINT_FIELDS = ("value_per_month", "total_value_per_month", "net_value_per_month")


def scale_of(r) -> float:
    return abs(r.total_value_per_month) + abs(r.program_cost_per_month) + 1.0


@SETTINGS
@given(scenarios(share_rate=st.integers(0, 100).map(lambda k: k / 100)))
def test_share_rate_sweep_row_equals_point(s):
    df = sweep(s)
    k = round(s.share_rate * 100)
    row = df.iloc[k]
    assert close(row["share_rate"], s.share_rate)
    r = compute(s)
    for field in POINT_FIELDS:
        assert close(row[field], getattr(r, field), scale=scale_of(r)), field


@SETTINGS
@given(scenarios())
def test_participants_sweep_row_equals_point(s):
    df = sweep(s, "participants", steps=3, stop=2 * s.participants)
    row = df.iloc[1]
    assert row["participants"] == s.participants
    r = compute(s)
    for field in POINT_FIELDS:
        assert close(row[field], getattr(r, field), scale=scale_of(r)), field


@FEW
@given(scenarios())
def test_sweep_is_linear_in_share_rate_for_media_value(s):
    df = sweep(s)
    top = df["value_per_month"].iloc[-1]
    expected = df["share_rate"].to_numpy() * top
    assert np.allclose(df["value_per_month"].to_numpy(), expected, rtol=REL, atol=REL * (top + 1))


# ---------------------------------------------------------------------------------------
# CPM and CPC are alternatives, never summed; totals add up
# ---------------------------------------------------------------------------------------

@SETTINGS
@given(scenarios())
def test_cpm_and_cpc_never_summed(s):
    r = compute(s)
    for net, n in zip(s.networks, r.networks):
        cpm_v, click_v = n.cpm_value_per_story, n.click_value_per_story
        if s.valuation_basis == "cpm":
            expected = cpm_v
        elif s.valuation_basis == "cpc":
            expected = click_v
        elif net.cpc > 0 and net.ctr > 0:
            expected = min(cpm_v, click_v)
        else:
            expected = cpm_v
        assert close(n.value_per_story, expected, scale=cpm_v + click_v), (s.valuation_basis, n)
        if cpm_v > 0 and click_v > 0:
            assert not close(n.value_per_story, cpm_v + click_v)
        assert close(n.value_per_month, n.value_per_story * r.stories_per_month, scale=n.value_per_month)
    assert close(r.value_per_story, sum(n.value_per_story for n in r.networks), scale=r.value_per_story)


@SETTINGS
@given(scenarios())
def test_totals_add_up(s):
    r = compute(s)
    counted = r.cpl_savings_per_month if s.demand.include_in_total else 0.0
    expected = r.value_per_month + counted + r.hiring_savings_per_month
    assert close(r.total_value_per_month, expected, scale=expected)
    assert close(r.net_value_per_month, r.total_value_per_month - r.program_cost_per_month, scale=scale_of(r))
    assert close(r.value_per_year, 12 * r.value_per_month, scale=r.value_per_year)


# ---------------------------------------------------------------------------------------
# Break-even
# ---------------------------------------------------------------------------------------

def net_at(s: Scenario, share_rate: float) -> float:
    return float(evaluate(s, share_rate=share_rate).net_value_per_month[0])


@SETTINGS
@given(scenarios())
@example(Scenario(cost=Cost(seat_cost_per_month=10)))
@example(Scenario(cost=Cost(seat_cost_per_month=400)))
@example(Scenario(cost=Cost(fixed_cost_per_month=1_000)))
def test_break_even(s):
    be = compute(s).break_even_share_rate
    ev = evaluate(s, share_rate=[0.0, 1.0])
    scale = float(np.abs(ev.total_value_per_month).max() + np.abs(ev.program_cost_per_month).max() + 1.0)
    if be is None:
        assert net_at(s, 1.0) < 0
    else:
        assert 0.0 <= be <= 1.0
        if be == 0:
            assert net_at(s, 0.0) >= 0
        else:
            assert net_at(s, 0.0) < 0
            assert math.isclose(net_at(s, be), 0.0, abs_tol=1e-9 * scale)


# ---------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------

outside_unit = st.one_of(
    st.floats(max_value=-1e-12, allow_nan=False),
    st.floats(min_value=1.0, exclude_min=True, allow_nan=False),
)
NETWORK_RATES = ("ctr", "presence", "visibility")


def error_locs(exc: ValidationError) -> list[tuple]:
    return [tuple(e["loc"]) for e in exc.errors()]


@SETTINGS
@given(outside_unit)
def test_share_rate_outside_unit_rejected(value):
    with pytest.raises(ValidationError) as info:
        Scenario(share_rate=value)
    assert ("share_rate",) in error_locs(info.value)
    with pytest.raises(ScenarioError) as info2:
        parse_scenario({"share_rate": value})
    assert any(p.startswith("share_rate:") for p in info2.value.problems)


@SETTINGS
@given(outside_unit, st.sampled_from(NETWORK_RATES), st.integers(0, 2))
def test_network_rate_outside_unit_rejected(value, field, index):
    nets = [{"name": f"N{i}"} for i in range(3)]
    nets[index][field] = value
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate({"networks": nets})
    assert ("networks", index, field) in error_locs(info.value)
    with pytest.raises(ScenarioError) as info2:
        parse_scenario({"networks": nets})
    assert any(p.startswith(f"networks[{index}].{field}:") for p in info2.value.problems)


NUMERIC_PATHS = (
    [(f,) for f in ("participants", "workforce", "share_rate", "stories_per_day", "working_days_per_month")]
    + [("networks", 0, f) for f in ("connections", "cpm", "cpc", "ctr", "presence", "visibility")]
    + [("demand", f) for f, info in Demand.model_fields.items() if info.annotation in (float, int)]
    + [("cost", f) for f in Cost.model_fields]
    + [("hiring", f) for f in Hiring.model_fields]
)


def set_path(data: dict, path: tuple, value) -> dict:
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def test_numeric_paths_cover_the_model():
    assert ("demand", "advocacy_conversion_factor") in NUMERIC_PATHS
    assert ("demand", "cost_per_lead") in NUMERIC_PATHS
    assert len(NUMERIC_PATHS) == 5 + 6 + 10 + 4 + 3


@SETTINGS
@given(st.sampled_from(NUMERIC_PATHS), st.sampled_from([math.nan, math.inf, -math.inf]))
def test_nan_and_inf_rejected_everywhere(path, bad):
    data = set_path(Scenario(networks=[Network(name="X")]).model_dump(), path, bad)
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate(data)
    assert path in error_locs(info.value)
    with pytest.raises(ScenarioError):
        parse_scenario_json(json.dumps(data))    # NaN / Infinity in JSON text too


# ---------------------------------------------------------------------------------------
# parse_scenario never raises anything but ScenarioError
# ---------------------------------------------------------------------------------------

FIELD_NAMES = sorted(set(Scenario.model_fields) | set(Network.model_fields) | set(Demand.model_fields)
                     | set(Cost.model_fields) | set(Hiring.model_fields))
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-10**6, 10**6), st.floats(),
    st.floats(0, 1), st.text(max_size=20), st.sampled_from(["cpm", "cpc", "direct", "clicks", "USD", "X", "LinkedIn"]),
)
huge_int = st.just(None).map(lambda _: 10**5_000)  # beyond Python's int-to-text limit


def nested(leaves: st.SearchStrategy) -> st.SearchStrategy:
    return st.recursive(
        leaves,
        lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
        max_leaves=20,
    )


json_like = nested(st.one_of(scalars, huge_int))
json_encodable = nested(scalars)


def check_parse(data) -> None:
    try:
        s = parse_scenario(data)
    except ScenarioError as exc:
        assert isinstance(exc.problems, list) and exc.problems
        assert all(isinstance(p, str) and p for p in exc.problems)
    else:
        assert isinstance(s, Scenario)
        r = compute(s)
        assert math.isfinite(r.total_value_per_month)


@SETTINGS
@given(st.dictionaries(keys, json_like, max_size=8))
def test_parse_random_dicts(data):
    check_parse(data)


@SETTINGS
@given(json_like)
def test_parse_random_values(data):
    check_parse(data)


@SETTINGS
@given(scenarios(), st.lists(st.tuples(st.sampled_from(NUMERIC_PATHS + [("networks",), ("demand",), ("name",),
                                                                       ("valuation_basis",), ("networks", 0)]),
                                       json_like), min_size=1, max_size=3))
def test_parse_mutated_valid_scenarios(s, mutations):
    data = s.model_dump()
    for path, value in mutations:
        try:
            set_path(data, path, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation replaced the parent
    check_parse(data)


@SETTINGS
@given(st.one_of(st.text(max_size=60), st.binary(max_size=40),
                 st.dictionaries(keys, json_encodable, max_size=6).map(json.dumps)))
def test_parse_json_text_never_crashes(text):
    try:
        s = parse_scenario_json(text)
    except ScenarioError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
    else:
        assert isinstance(s, Scenario)
