"""Point results of one scenario, named as in docs/model.md, the CLI and the app."""

import math

from pydantic import BaseModel, ConfigDict

from .model import break_even_share_rate, evaluate, sharers_presence
from .scenario import Scenario, ValuationBasis


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class NetworkResult(_Result):
    name: str
    sharers_per_story: float
    potential_impressions_per_story: float
    impressions_per_story: float
    impressions_per_month: float
    cpm_value_per_story: float
    clicks_per_story: float
    clicks_per_month: float
    click_value_per_story: float
    basis_used: ValuationBasis  # "cpm" or "cpc": what this network is valued on
    value_per_story: float
    value_per_month: float


class Funnel(_Result):
    """Optional lead -> MQL -> SQL -> won funnel (docs/model.md §4); influenced, not added to value."""

    mqls_per_month: float
    sqls_per_month: float
    deals_won_per_month: float
    pipeline_per_month: float
    revenue_per_month: float


class Results(_Result):
    sharers_per_story: float
    stories_per_month: float
    shares_per_month: float
    potential_impressions_per_story: float
    impressions_per_story: float
    impressions_per_month: float
    cpm_value_per_story: float
    cpm_value_per_month: float
    clicks_per_story: float
    clicks_per_month: float
    click_value_per_story: float
    click_value_per_month: float
    valuation_basis: ValuationBasis
    value_per_story: float
    value_per_month: float
    value_per_year: float
    advocacy_leads_per_month: float
    cpl_savings_per_month: float
    lead_savings_in_total: bool
    clicks_counted_twice: bool  # clicks valued as clicks and again as leads
    funnel: Funnel | None
    hiring_savings_per_month: float
    total_value_per_month: float
    program_cost_per_month: float
    net_value_per_month: float
    roi: float | None
    break_even_share_rate: float | None
    adoption: float | None
    networks: list[NetworkResult]


def compute(scenario: Scenario) -> Results:
    """Every headline figure of one scenario."""
    ev = evaluate(scenario)
    spm = ev.stories_per_month
    leads = float(ev.advocacy_leads_per_month[0])
    cost = float(ev.program_cost_per_month[0])
    net_value = float(ev.net_value_per_month[0])
    presence = sharers_presence(scenario)
    networks = [
        NetworkResult(
            name=n.name,
            sharers_per_story=float(ev.sharers_per_story[0] * presence[i]),
            potential_impressions_per_story=float(ev.potential_impressions_per_story[0, i]),
            impressions_per_story=float(ev.impressions_per_story[0, i]),
            impressions_per_month=float(ev.impressions_per_story[0, i] * spm),
            cpm_value_per_story=float(ev.cpm_value_per_story[0, i]),
            clicks_per_story=float(ev.clicks_per_story[0, i]),
            clicks_per_month=float(ev.clicks_per_story[0, i] * spm),
            click_value_per_story=float(ev.cpc_value_per_story[0, i]),
            basis_used="cpc" if ev.uses_cpc[i] else "cpm",
            value_per_story=float(ev.value_per_story[0, i]),
            value_per_month=float(ev.value_per_story[0, i] * spm),
        )
        for i, n in enumerate(scenario.networks)
    ]
    value_per_month = float(ev.value_per_month[0])
    return Results(
        sharers_per_story=float(ev.sharers_per_story[0]),
        stories_per_month=spm,
        shares_per_month=float(ev.sharers_per_story[0] * spm),
        potential_impressions_per_story=float(ev.potential_impressions_per_story[0].sum()),
        impressions_per_story=float(ev.impressions_per_story[0].sum()),
        impressions_per_month=float(ev.impressions_per_story[0].sum() * spm),
        cpm_value_per_story=float(ev.cpm_value_per_story[0].sum()),
        cpm_value_per_month=float(ev.cpm_value_per_story[0].sum() * spm),
        clicks_per_story=float(ev.clicks_per_story[0].sum()),
        clicks_per_month=float(ev.clicks_per_story[0].sum() * spm),
        click_value_per_story=float(ev.cpc_value_per_story[0].sum()),
        click_value_per_month=float(ev.cpc_value_per_story[0].sum() * spm),
        valuation_basis=scenario.valuation_basis,
        value_per_story=float(ev.value_per_story[0].sum()),
        value_per_month=value_per_month,
        value_per_year=12 * value_per_month,
        advocacy_leads_per_month=leads,
        cpl_savings_per_month=float(ev.cpl_savings_per_month[0]),
        lead_savings_in_total=scenario.demand.include_in_total,
        clicks_counted_twice=bool(scenario.demand.mode == "clicks" and ev.uses_cpc.any()
                                  and scenario.demand.include_in_total),
        funnel=_funnel(scenario, leads),
        hiring_savings_per_month=float(ev.hiring_savings_per_month),
        total_value_per_month=float(ev.total_value_per_month[0]),
        program_cost_per_month=cost,
        net_value_per_month=net_value,
        roi=_roi(net_value, cost),
        break_even_share_rate=break_even_share_rate(scenario),
        adoption=scenario.participants / scenario.workforce if scenario.workforce else None,
        networks=networks,
    )


def _roi(net_value: float, cost: float) -> float | None:
    """net value / cost; None without a cost, or when a cost of a few 1e-320 leaves no finite ratio."""
    if cost <= 0:
        return None
    roi = net_value / cost
    return roi if math.isfinite(roi) else None


def _funnel(scenario: Scenario, leads: float) -> Funnel | None:
    d = scenario.demand
    if d.lead_to_mql == 0:
        return None
    mqls = leads * min(1.0, d.lead_to_mql * d.advocacy_conversion_factor)
    sqls = mqls * d.mql_to_sql
    won = sqls * d.sql_to_won
    return Funnel(mqls_per_month=mqls, sqls_per_month=sqls, deals_won_per_month=won,
                  pipeline_per_month=sqls * d.average_deal_size, revenue_per_month=won * d.average_deal_size)
