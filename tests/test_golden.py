"""Golden values of docs/model.md §8 and hand-worked cases for every other formula of §1-§5."""

import math

import pytest

from advocacy_calc import PRESETS, Cost, Demand, Hiring, Network, Scenario, compute, evaluate, sweep
from advocacy_calc.benchmarks import GRADE_MEANING, benchmarks
from advocacy_calc.formatting import count, money, money_compact, percent
from advocacy_calc.narrative import story
from advocacy_calc.scenario import WORKED_EXAMPLE_CPM
from result_fields import NETWORK_REACH_AND_MEDIA, REACH_AND_MEDIA

WORKED_CPM = 1000 / 85


def close(actual, expected):
    """Equal to the cent and beyond: rel 1e-9, plus abs 1e-9 when the expected value is 0."""
    if actual is None or expected is None:
        return actual is expected
    return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9 if expected == 0 else 0.0)


def one_network(**network) -> list[Network]:
    return [Network(name="X", **network)]


# ---------------------------------------------------------------------------------------
# docs/model.md §8, row by row
# ---------------------------------------------------------------------------------------

def test_golden_reach():
    r = compute(Scenario(participants=1000, share_rate=0.10, networks=one_network(connections=850)))
    assert close(r.sharers_per_story, 100)
    assert close(r.impressions_per_story, 85_000)
    assert close(r.networks[0].impressions_per_story, 85_000)


def test_golden_value_per_story_at_worked_cpm():
    r = compute(Scenario(participants=1000, share_rate=0.10, networks=one_network(connections=850, cpm=1000 / 85)))
    assert close(r.value_per_story, 1_000.00)
    assert close(r.cpm_value_per_story, 1_000.00)


def test_golden_value_per_month():
    s = Scenario(participants=1000, share_rate=0.10, stories_per_day=1.5, working_days_per_month=21,
                 networks=one_network(connections=850, cpm=1000 / 85))
    r = compute(s)
    assert close(s.stories_per_month, 31.5)
    assert close(r.stories_per_month, 31.5)
    assert close(r.value_per_month, 31_500.00)
    assert close(r.value_per_year, 12 * 31_500.00)


def test_golden_a_little_under_1000():
    r = compute(Scenario(participants=1000, share_rate=0.10, networks=one_network(connections=850, cpm=11.75)))
    assert close(r.value_per_story, 998.75)


def test_golden_cpl_savings():
    r = compute(Scenario(demand=Demand(cost_per_lead=20, advocacy_leads_per_month=50)))
    assert close(r.advocacy_leads_per_month, 50)
    assert close(r.cpl_savings_per_month, 1_000.00)




@pytest.mark.parametrize("zero", [{"share_rate": 0.0}, {"participants": 0}])
@pytest.mark.parametrize("basis", ["cpm", "cpc", "conservative"])
def test_golden_zero_reach(zero, basis):
    s = Scenario(valuation_basis=basis,
                 networks=[Network(name="X", ctr=0.01, cpc=2), Network(name="LinkedIn", connections=500, cpm=30)],
                 **zero)
    r = compute(s)
    for field in REACH_AND_MEDIA:
        assert close(getattr(r, field), 0.0), field
    for n in r.networks:
        for field in NETWORK_REACH_AND_MEDIA:
            assert close(getattr(n, field), 0.0), (n.name, field)
    # Lead savings in direct mode do not depend on reach.
    assert s.demand.mode == "direct"
    assert close(r.cpl_savings_per_month, 1_000.00)
    assert close(r.total_value_per_month, 1_000.00)


def test_golden_default_scenario_is_the_worked_example():
    s = Scenario()
    assert s.networks[0].cpm == 1000 / 85 == WORKED_EXAMPLE_CPM
    assert len(s.networks) == 1
    assert s.participants == 1000 and s.share_rate == 0.10
    assert s.networks[0].connections == 850
    assert s.networks[0].presence == 1.0 and s.networks[0].visibility == 1.0
    assert s.stories_per_day == 1.5 and s.working_days_per_month == 21
    assert s.demand.mode == "direct"
    assert s.demand.cost_per_lead == 20 and s.demand.advocacy_leads_per_month == 50
    assert s.cost == Cost() and s.cost.model_dump() == dict.fromkeys(Cost.model_fields, 0)
    assert s.valuation_basis == "cpm"
    assert s.hiring.referral_hires_per_month == 0

    r = compute(s)
    assert close(r.sharers_per_story, 100)
    assert close(r.impressions_per_story, 85_000)
    assert close(r.value_per_story, 1_000)
    assert close(r.value_per_month, 31_500)
    assert close(r.cpl_savings_per_month, 1_000)
    assert close(r.hiring_savings_per_month, 0)
    assert close(r.total_value_per_month, 32_500)
    assert close(r.program_cost_per_month, 0)
    assert close(r.net_value_per_month, 32_500)
    assert r.roi is None
    assert r.break_even_share_rate == 0
    assert r.adoption is None
    assert r.funnel is None
    assert r.clicks_counted_twice is False


def test_golden_default_sweep_row_matches():
    df = sweep(Scenario())
    row = df.iloc[10]
    assert close(row["share_rate"], 0.10)
    assert close(row["impressions_per_story"], 85_000)
    assert close(row["value_per_month"], 31_500)
    assert close(row["total_value_per_month"], 32_500)


# ---------------------------------------------------------------------------------------
# §3 valuation basis
# ---------------------------------------------------------------------------------------

def test_cpc_basis():
    s = Scenario(valuation_basis="cpc", networks=one_network(ctr=0.01, cpc=2))
    r = compute(s)
    assert close(r.clicks_per_story, 850)
    assert close(r.click_value_per_story, 85_000 * 0.01 * 2)
    assert close(r.click_value_per_story, 1_700)
    assert close(r.value_per_story, 1_700)          # not 1,700 + 1,000
    assert close(r.cpm_value_per_story, 1_000)      # still reported, never added
    assert close(r.value_per_month, 1_700 * 31.5)
    assert close(r.click_value_per_month, 1_700 * 31.5)
    assert close(r.clicks_per_month, 850 * 31.5)
    assert r.networks[0].basis_used == "cpc"


def test_cpm_basis_reports_click_value_without_adding_it():
    r = compute(Scenario(networks=one_network(ctr=0.01, cpc=2)))
    assert close(r.value_per_story, 1_000)
    assert close(r.click_value_per_story, 1_700)
    assert r.networks[0].basis_used == "cpm"


def test_conservative_basis_per_network():
    nets = [
        Network(name="A", cpm=WORKED_CPM, ctr=0.01, cpc=2),   # cpm 1,000 < clicks 1,700 -> cpm
        Network(name="B", cpm=20, ctr=0.005, cpc=1),          # cpm 1,700 > clicks 425 -> cpc
        Network(name="C", cpm=10, ctr=0.02, cpc=0),           # cpc unknown -> cpm 850
        Network(name="D", cpm=10, ctr=0.0, cpc=5),            # ctr unknown -> cpm 850
    ]
    r = compute(Scenario(valuation_basis="conservative", networks=nets))
    by = {n.name: n for n in r.networks}
    assert [by[k].basis_used for k in "ABCD"] == ["cpm", "cpc", "cpm", "cpm"]
    assert close(by["A"].value_per_story, 1_000)
    assert close(by["B"].value_per_story, 425)
    assert close(by["B"].cpm_value_per_story, 1_700)
    assert close(by["C"].value_per_story, 850)
    assert close(by["D"].value_per_story, 850)
    assert close(r.value_per_story, 1_000 + 425 + 850 + 850)
    assert close(r.value_per_month, (1_000 + 425 + 850 + 850) * 31.5)
    assert close(r.cpm_value_per_story, 1_000 + 1_700 + 850 + 850)


# ---------------------------------------------------------------------------------------
# §4 demand
# ---------------------------------------------------------------------------------------

def test_asset_mode():
    d = Demand(mode="asset", asset_leads_per_month=200, advocacy_share_of_asset_traffic=0.25,
               advocacy_leads_per_month=999, cost_per_lead=20)
    r = compute(Scenario(demand=d))
    assert close(r.advocacy_leads_per_month, 50)
    assert close(r.cpl_savings_per_month, 1_000)


def test_clicks_mode():
    d = Demand(mode="clicks", landing_conversion_rate=0.02, advocacy_leads_per_month=999, cost_per_lead=20)
    r = compute(Scenario(networks=one_network(ctr=0.01), demand=d))
    assert close(r.clicks_per_month, 850 * 31.5)                  # 26,775
    assert close(r.advocacy_leads_per_month, 26_775 * 0.02)       # 535.5
    assert close(r.cpl_savings_per_month, 535.5 * 20)             # 10,710
    assert r.clicks_counted_twice is False                        # cpm basis: clicks not valued as clicks


def test_clicks_mode_leads_follow_reach():
    d = Demand(mode="clicks", landing_conversion_rate=0.02)
    r = compute(Scenario(share_rate=0, networks=one_network(ctr=0.01), demand=d))
    assert close(r.advocacy_leads_per_month, 0)
    assert close(r.cpl_savings_per_month, 0)


@pytest.mark.parametrize(("basis", "include", "mode", "twice"), [
    ("cpc", True, "clicks", True),
    ("cpc", False, "clicks", False),
    ("cpm", True, "clicks", False),
    ("cpc", True, "direct", False),
    ("cpc", True, "asset", False),
])
def test_clicks_counted_twice(basis, include, mode, twice):
    d = Demand(mode=mode, landing_conversion_rate=0.02, include_in_total=include)
    r = compute(Scenario(valuation_basis=basis, networks=one_network(ctr=0.01, cpc=2), demand=d))
    assert r.clicks_counted_twice is twice


def test_clicks_counted_twice_conservative_depends_on_chosen_price():
    d = Demand(mode="clicks", landing_conversion_rate=0.02)
    cheap_clicks = compute(Scenario(valuation_basis="conservative", networks=one_network(cpm=20, ctr=0.005, cpc=1),
                                    demand=d))
    cheap_cpm = compute(Scenario(valuation_basis="conservative", networks=one_network(ctr=0.01, cpc=2), demand=d))
    assert cheap_clicks.clicks_counted_twice is True
    assert cheap_cpm.clicks_counted_twice is False


def test_include_in_total_false():
    r = compute(Scenario(demand=Demand(include_in_total=False)))
    assert r.lead_savings_in_total is False
    assert close(r.cpl_savings_per_month, 1_000)       # still reported
    assert close(r.total_value_per_month, 31_500)      # but not added
    assert close(r.net_value_per_month, 31_500)


def test_funnel():
    d = Demand(lead_to_mql=0.4, advocacy_conversion_factor=1.5, mql_to_sql=0.5, sql_to_won=0.2,
               average_deal_size=10_000)
    f = compute(Scenario(demand=d)).funnel
    assert f is not None
    assert close(f.mqls_per_month, 50 * 0.6)            # 30
    assert close(f.sqls_per_month, 15)
    assert close(f.deals_won_per_month, 3)
    assert close(f.pipeline_per_month, 150_000)
    assert close(f.revenue_per_month, 30_000)


def test_funnel_conversion_capped_at_one_and_absent_by_default():
    d = Demand(lead_to_mql=0.8, advocacy_conversion_factor=2, mql_to_sql=1, sql_to_won=1, average_deal_size=100)
    f = compute(Scenario(demand=d)).funnel
    assert close(f.mqls_per_month, 50)
    assert close(f.revenue_per_month, 5_000)
    assert compute(Scenario(demand=Demand(mql_to_sql=0.5))).funnel is None


def test_funnel_is_not_added_to_value():
    d = Demand(lead_to_mql=0.5, mql_to_sql=0.5, sql_to_won=0.5, average_deal_size=1e6)
    assert close(compute(Scenario(demand=d)).total_value_per_month, 32_500)


# ---------------------------------------------------------------------------------------
# §5 cost, hiring, totals, ROI, break-even
# ---------------------------------------------------------------------------------------

def test_program_cost_and_roi():
    cost = Cost(seat_cost_per_month=5, fixed_cost_per_month=2_000, minutes_per_share=3, hourly_cost=60)
    r = compute(Scenario(cost=cost))
    assert close(r.shares_per_month, 100 * 31.5)                               # 3,150
    expected_cost = 5 * 1000 + 2_000 + 3 / 60 * 60 * 3_150                      # 16,450
    assert close(r.program_cost_per_month, expected_cost)
    assert close(r.program_cost_per_month, 16_450)
    assert close(r.total_value_per_month, 32_500)
    assert close(r.net_value_per_month, 16_050)
    assert close(r.roi, 16_050 / 16_450)


def test_negative_roi():
    r = compute(Scenario(cost=Cost(fixed_cost_per_month=65_000)))
    assert close(r.net_value_per_month, -32_500)
    assert close(r.roi, -0.5)


def test_hiring_savings():
    r = compute(Scenario(hiring=Hiring(referral_hires_per_month=2, cost_per_hire=4_129, referral_cost_per_hire=1_129)))
    assert close(r.hiring_savings_per_month, 6_000)
    assert close(r.total_value_per_month, 31_500 + 1_000 + 6_000)


def test_break_even_seat_cost_no_leads():
    # cost 10 x 1,000 = 10,000; value = 315,000 x share rate -> 10,000 / 315,000 = 2/63
    s = Scenario(cost=Cost(seat_cost_per_month=10), demand=Demand(advocacy_leads_per_month=0))
    r = compute(s)
    assert close(r.program_cost_per_month, 10_000)
    assert close(r.break_even_share_rate, 2 / 63)
    assert close(float(evaluate(s, share_rate=2 / 63).net_value_per_month[0]) / 10_000, 0.0)


def test_break_even_with_lead_savings():
    # 315,000 s + 1,000 - 10,000 = 0 -> s = 9,000 / 315,000 = 1/35
    r = compute(Scenario(cost=Cost(seat_cost_per_month=10)))
    assert close(r.break_even_share_rate, 1 / 35)


def test_break_even_with_time_cost():
    # 1 minute at $60/h = $1 per share; shares = 1,000 s x 31.5 -> cost 10,000 + 31,500 s
    # 315,000 s - 31,500 s - 10,000 = 0 -> s = 10,000 / 283,500
    s = Scenario(cost=Cost(seat_cost_per_month=10, minutes_per_share=1, hourly_cost=60),
                 demand=Demand(advocacy_leads_per_month=0))
    assert close(compute(s).break_even_share_rate, 10_000 / 283_500)


def test_break_even_zero_when_already_even():
    r = compute(Scenario(cost=Cost(fixed_cost_per_month=1_000)))   # lead savings cover it at share 0
    assert r.break_even_share_rate == 0


def test_break_even_none_when_unreachable():
    # cost 400,000 > 315,000 + 1,000 at share 1
    r = compute(Scenario(cost=Cost(seat_cost_per_month=400)))
    assert r.break_even_share_rate is None
    # time cost that outgrows the value per share: never even
    s = Scenario(cost=Cost(fixed_cost_per_month=5_000, minutes_per_share=60, hourly_cost=100))
    assert compute(s).break_even_share_rate is None


def test_break_even_exactly_at_one():
    # value at share 1 = 315,000 + 1,000; cost 316,000 -> break-even at 1.0
    r = compute(Scenario(cost=Cost(fixed_cost_per_month=316_000)))
    assert close(r.break_even_share_rate, 1.0)


# ---------------------------------------------------------------------------------------
# §1 adoption and visibility
# ---------------------------------------------------------------------------------------

def test_adoption():
    assert close(compute(Scenario(workforce=4_000)).adoption, 0.25)
    assert close(compute(Scenario(workforce=1_000)).adoption, 1.0)
    assert compute(Scenario()).adoption is None


def test_visibility_halves_impressions_not_potential():
    s = Scenario(networks=one_network(visibility=0.5))
    r = compute(s)
    assert close(r.potential_impressions_per_story, 85_000)
    assert close(r.impressions_per_story, 42_500)
    assert close(r.networks[0].potential_impressions_per_story, 85_000)
    assert close(r.value_per_story, 500)
    assert close(r.value_per_month, 15_750)
    assert ", of whom about 42,500 see it" in story(s, r)


def test_presence():
    r = compute(Scenario(networks=[Network(name="X", presence=0.4), Network(name="LinkedIn", presence=0.6)]))
    assert close(r.networks[0].sharers_per_story, 40)
    assert close(r.networks[1].sharers_per_story, 60)
    assert close(r.impressions_per_story, 85_000)
    assert close(r.value_per_story, 1_000)


def test_networks_add_up():
    r = compute(Scenario(networks=[Network(name="X"), Network(name="LinkedIn", connections=500, cpm=30)]))
    assert close(r.impressions_per_story, 85_000 + 50_000)
    assert close(r.value_per_story, 1_000 + 1_500)
    assert close(r.value_per_month, 2_500 * 31.5)
    assert close(sum(n.value_per_month for n in r.networks), r.value_per_month)


# ---------------------------------------------------------------------------------------
# Narrative, formatting, presets, benchmarks
# ---------------------------------------------------------------------------------------

def test_story_of_default_scenario():
    s = Scenario()
    assert story(s, compute(s)) == (
        "If 10% of your 1,000 advocates share a story, 100 people reach 85,000 connections: "
        "worth $1,000 of paid social. At 1.5 stories a day over 21 working days, that is $31,500 a month.")


@pytest.mark.parametrize(("text", "expected"), [
    (money(31_500), "$31,500"),
    (money(998.75), "$998.75"),
    (money(1_000), "$1,000"),
    (money(-2_500, "GBP"), "-£2,500"),
    (money_compact(31_500, "EUR"), "€31.5K"),
    (money_compact(1_200_000), "$1.2M"),
    (percent(0.0044), "0.44%"),
    (percent(0.1), "10%"),
    (percent(None), "none"),
    # Whole percentages keep their zeros (an ROI of 60% once printed as "6%").
    (percent(0.6, 0), "60%"),
    (percent(1.0, 0), "100%"),
    (percent(0.1, 0), "10%"),
    (percent(-0.35, 0), "-35%"),
    (percent(0.2), "20%"),
    (count(85_000), "85,000"),
    (count(1.5), "1.5"),
    (money(float("nan")), "n/a"),
])
def test_formatting(text, expected):
    assert text == expected


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_validate(name):
    preset = PRESETS[name]
    again = Scenario.model_validate(preset.model_dump())
    assert again == preset
    assert Scenario.model_validate_json(preset.model_dump_json()) == preset
    r = compute(preset)
    assert math.isfinite(r.value_per_month) and r.value_per_month > 0


def test_worked_example_preset_is_the_default():
    preset = PRESETS["Worked example"]
    assert preset.model_copy(update={"based_on": ""}) == Scenario()
    assert close(compute(preset).value_per_month, 31_500)


def test_benchmarks_are_ordered_and_sourced():
    table = benchmarks()
    assert table
    for bid, b in table.items():
        assert b.id == bid
        assert b.low <= b.base <= b.high, bid
        assert b.source.strip(), bid
        assert b.grade in GRADE_MEANING, bid
        assert b.citation
