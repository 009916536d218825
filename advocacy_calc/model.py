"""The value model of docs/model.md §1-§5, vectorised over share rates and participants.

Every figure comes from one function, `evaluate`, which takes arrays of share rates and
participants (the points of a sweep) and returns arrays: shape (points,) for totals and
(points, networks) per network. A single scenario is a sweep of one point, so a chart
and the headline figures can never disagree.
"""

from dataclasses import dataclass

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .scenario import GROUP_PATH, Scenario, normalised_groups

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Evaluation:
    """All model quantities at P points for N networks. Names follow docs/model.md."""

    share_rate: Array                      # (P,)
    participants: Array                    # (P,)
    sharers_per_story: Array               # (P,)
    stories_per_month: float
    potential_impressions_per_story: Array  # (P, N): before the visibility factor
    impressions_per_story: Array           # (P, N): likely seen
    cpm_value_per_story: Array             # (P, N)
    clicks_per_story: Array                # (P, N)
    cpc_value_per_story: Array             # (P, N): 0 where cpc or ctr is unknown
    uses_cpc: NDArray[np.bool_]            # (N,): the chosen basis prices this network by clicks
    value_per_story: Array                 # (P, N): on the chosen valuation basis
    advocacy_leads_per_month: Array        # (P,)
    cpl_savings_per_month: Array           # (P,)
    hiring_savings_per_month: float
    program_cost_per_month: Array          # (P,)
    lead_savings_in_total: bool            # False when the user leaves them out (double counting)

    @property
    def value_per_month(self) -> Array:
        return self.value_per_story.sum(axis=1) * self.stories_per_month

    @property
    def total_value_per_month(self) -> Array:
        return self.value_per_month + self.counted_lead_savings + self.hiring_savings_per_month

    @property
    def counted_lead_savings(self) -> Array:
        return self.cpl_savings_per_month if self.lead_savings_in_total else np.zeros_like(self.cpl_savings_per_month)

    @property
    def net_value_per_month(self) -> Array:
        return self.total_value_per_month - self.program_cost_per_month

    def point_figures(self) -> dict[str, Array]:
        """The headline figures, summed over networks: one (P,) array each (sweeps, live coefficients)."""
        return {
            "sharers_per_story": self.sharers_per_story,
            "impressions_per_story": self.impressions_per_story.sum(axis=1),
            "value_per_story": self.value_per_story.sum(axis=1),
            "value_per_month": self.value_per_month,
            "cpl_savings_per_month": self.cpl_savings_per_month,
            "total_value_per_month": self.total_value_per_month,
            "program_cost_per_month": self.program_cost_per_month,
            "net_value_per_month": self.net_value_per_month,
        }


_NETWORK_FIELDS = ("connections", "cpm", "cpc", "ctr", "presence", "visibility")


def network_arrays(scenario: Scenario) -> dict[str, Array]:
    """Per-network inputs as (N,) arrays."""
    return {f: np.array([getattr(n, f) for n in scenario.networks], dtype=float) for f in _NETWORK_FIELDS}


def evaluate(scenario: Scenario, share_rate: ArrayLike | None = None,
             participants: ArrayLike | None = None, inputs: Mapping[str, ArrayLike] | None = None) -> Evaluation:
    """Evaluate the model at each (share_rate, participants) point; scalars broadcast.

    `inputs` maps any other numeric field path (``stories_per_day``, ``networks.X.cpm``,
    ``demand.cost_per_lead``, ...) to P values that replace the scenario's own, for Monte
    Carlo draws and two-way grids: still one vectorised pass. Without it every quantity is
    computed exactly as before (same operations, same order).
    """
    given = {k: np.asarray(v, dtype=float) for k, v in (inputs or {}).items()}
    for key, value in (("share_rate", share_rate), ("participants", participants)):
        if value is not None:
            given[key] = np.asarray(value, dtype=float)

    def get(path: str, own: float) -> Any:
        return given.pop(path) if path in given else own

    rate = np.atleast_1d(np.asarray(get("share_rate", scenario.share_rate), dtype=float))
    people = np.atleast_1d(np.asarray(get("participants", scenario.participants), dtype=float))
    stories_per_day = get("stories_per_day", scenario.stories_per_day)
    working_days = get("working_days_per_month", scenario.working_days_per_month)
    demand, cost, hiring = (_group(scenario, g, given) for g in ("demand", "cost", "hiring"))
    net_given = {(n.name, f): given.pop(f"networks.{n.name}.{f}") for n in scenario.networks
                 for f in _NETWORK_FIELDS if f"networks.{n.name}.{f}" in given}
    group_given = {k: given.pop(k) for k in [k for k in given if k in _group_paths(scenario)]}
    if given:
        raise KeyError(f"not numeric inputs of this scenario: {', '.join(sorted(given))}")
    if inputs:
        varying = [stories_per_day, working_days, *net_given.values(), *group_given.values(),
                   *[v for g in (demand, cost, hiring) if isinstance(g, SimpleNamespace)
                     for v in vars(g).values() if isinstance(v, np.ndarray)]]
        rate, people, *_ = np.broadcast_arrays(rate, people, *map(np.asarray, varying))
    else:
        rate, people = np.broadcast_arrays(rate, people)
    net = network_arrays(scenario)
    for (name, f), values in net_given.items():  # (N,) -> (P, N) where a network input varies
        column = [n.name for n in scenario.networks].index(name)
        net[f] = np.broadcast_to(net[f], (rate.size, net[f].shape[-1])).copy()
        net[f][:, column] = values
    stories_per_month = (scenario.stories_per_month if np.ndim(stories_per_day) == 0 and np.ndim(working_days) == 0
                         else np.broadcast_to(stories_per_day * working_days, rate.shape))

    # §1 Reach
    sharers = people * rate
    if group_given:  # a group's own share rate or connections drawn per point (Forecast ranges per group)
        sharers, potential = _groups_varied(scenario, people, rate, net, group_given)
    elif any(g.presence or g.connections for g in scenario.groups):
        potential = sharers[:, None] * group_reach_per_sharer(scenario, net["presence"], net["connections"])
    else:  # every group on the networks' own values: Σg weight·relative rate = 1 leaves today's formula
        potential = sharers[:, None] * net["presence"] * net["connections"]
    impressions = potential * net["visibility"]

    # §2-§3 Two prices for the same exposure; never added together.
    cpm_value = impressions / 1000 * net["cpm"]
    clicks = impressions * net["ctr"]
    cpc_value = clicks * net["cpc"]
    cpc_known = (net["cpc"] > 0) & (net["ctr"] > 0)
    basis = scenario.valuation_basis
    if basis == "cpm":
        uses_cpc = np.zeros_like(cpc_known)
    elif basis == "cpc":
        uses_cpc = np.ones_like(cpc_known)
    else:  # conservative: the cheaper price where both are known (a per-network choice)
        uses_cpc = cpc_known & (net["cpc"] * net["ctr"] < net["cpm"] / 1000)
    value = np.where(uses_cpc, cpc_value, cpm_value)

    # §4 Demand
    if demand.mode == "direct":
        leads = np.zeros_like(rate) + demand.advocacy_leads_per_month
    elif demand.mode == "asset":
        leads = np.zeros_like(rate) + demand.asset_leads_per_month * demand.advocacy_share_of_asset_traffic
    else:
        leads = clicks.sum(axis=1) * stories_per_month * demand.landing_conversion_rate
    cpl_savings = leads * demand.cost_per_lead

    # §5 Hiring and cost
    hiring_savings = hiring.referral_hires_per_month * (hiring.cost_per_hire - hiring.referral_cost_per_hire)
    shares_per_month = sharers * stories_per_month
    program_cost = (seat_cost_per_participant(scenario, cost.seat_cost_per_month) * people + cost.fixed_cost_per_month
                    + cost.minutes_per_share / 60 * cost.hourly_cost * shares_per_month)

    return Evaluation(
        share_rate=rate, participants=people, sharers_per_story=sharers,
        stories_per_month=stories_per_month,
        potential_impressions_per_story=potential, impressions_per_story=impressions,
        cpm_value_per_story=cpm_value, clicks_per_story=clicks, cpc_value_per_story=cpc_value,
        uses_cpc=uses_cpc, value_per_story=value,
        advocacy_leads_per_month=leads, cpl_savings_per_month=cpl_savings,
        hiring_savings_per_month=hiring_savings, program_cost_per_month=program_cost,
        lead_savings_in_total=demand.include_in_total,
    )


def group_arrays(scenario: Scenario, presence: ArrayLike, connections: ArrayLike) -> dict[str, Array]:
    """Each group's inputs, groups on axis -2 ((G,) or (G, N), or (P, G, N) when a network input varies):
    weight and relative share rate normalised, presence and connections falling back to the networks'."""
    weights, relative = normalised_groups(scenario)
    names = [n.name for n in scenario.networks]
    presence, connections = np.asarray(presence, dtype=float), np.asarray(connections, dtype=float)
    out: dict[str, Array] = {"weight": np.array(weights), "relative_share_rate": np.array(relative)}
    for field, fallback in (("presence", presence), ("connections", connections)):
        own = np.array([[getattr(g, field).get(n, np.nan) for n in names] for g in scenario.groups], dtype=float)
        out[field] = np.where(np.isnan(own), fallback[..., None, :], own)  # (G, N) or (P, G, N)
    return out


def group_reach_per_sharer(scenario: Scenario, presence: ArrayLike, connections: ArrayLike) -> Array:
    """Potential impressions per sharer on each network: Σg weight·relative rate·presence·connections."""
    g = group_arrays(scenario, presence, connections)
    mix = (g["weight"] * g["relative_share_rate"])[:, None]
    return (mix * g["presence"] * g["connections"]).sum(axis=-2)


def sharers_presence(scenario: Scenario) -> Array:
    """The fraction of a story's sharers on each network: the networks' presence, or with groups of
    their own presence Σg weight·relative rate·presence (sharers weigh by how much they share)."""
    net = network_arrays(scenario)
    if not any(g.presence for g in scenario.groups):
        return net["presence"]
    g = group_arrays(scenario, net["presence"], net["connections"])
    return ((g["weight"] * g["relative_share_rate"])[:, None] * g["presence"]).sum(axis=0)


def _group_paths(scenario: Scenario) -> set[str]:
    return {f"groups.{g.name}.share_rate" for g in scenario.groups} | {
        f"groups.{g.name}.networks.{n.name}.connections" for g in scenario.groups for n in scenario.networks}


def _groups_varied(scenario: Scenario, people: Array, rate: Array, net: dict[str, Array],
                   given: dict[str, Array]) -> tuple[Array, Array]:
    """Sharers (P,) and potential impressions (P, N) when some group's own share rate or connections vary
    per point: every other group shares at the lever's rate times its relative rate, as always."""
    g = group_arrays(scenario, net["presence"], net["connections"])
    points = rate.size
    shape = (points, *g["presence"].shape[-2:])
    rates = rate[:, None] * g["relative_share_rate"]                                   # (P, G)
    presence = np.broadcast_to(g["presence"], shape)
    connections = np.broadcast_to(g["connections"], shape).copy()
    groups, networks = [x.name for x in scenario.groups], [n.name for n in scenario.networks]
    for path, values in given.items():
        match = GROUP_PATH.match(path)
        i = groups.index(match["group"])
        if match["network"] is None:
            rates[:, i] = values
        else:
            connections[:, i, networks.index(match["network"])] = values
    sharers_by_group = people[:, None] * g["weight"] * rates                          # (P, G)
    potential = (sharers_by_group[..., None] * presence * connections).sum(axis=1)    # (P, N)
    return sharers_by_group.sum(axis=1), potential


def seat_cost_per_participant(scenario: Scenario, program_seat_cost: ArrayLike) -> Any:
    """The participant-weighted seat cost: each group's own, or the program's where it gives none."""
    if not any(g.seat_cost_per_month is not None for g in scenario.groups):
        return program_seat_cost
    weights, _ = normalised_groups(scenario)
    own = sum(w * g.seat_cost_per_month for w, g in zip(weights, scenario.groups)
              if g.seat_cost_per_month is not None)
    fallback = sum(w for w, g in zip(weights, scenario.groups) if g.seat_cost_per_month is None)
    return own + fallback * np.asarray(program_seat_cost, dtype=float)


def _group(scenario: Scenario, name: str, given: dict[str, Any]) -> Any:
    """scenario.demand / .cost / .hiring, with any of its fields replaced by arrays from `given`."""
    model = getattr(scenario, name)
    prefix = name + "."
    replaced = {k[len(prefix):]: given.pop(k) for k in [k for k in given if k.startswith(prefix)]}
    if not replaced:
        return model
    return SimpleNamespace(**{f: getattr(model, f) for f in type(model).model_fields} | replaced)


def break_even_share_rate(scenario: Scenario) -> float | None:
    """Lowest share rate in [0, cap] with net value >= 0 (docs/model.md §5); the cap is 1, or with groups
    where the keenest group shares every story (Scenario.share_rate_cap).

    Net value is linear in the share rate (every term is either constant or
    proportional to sharers), so two evaluations give the exact answer.
    """
    cap = scenario.share_rate_cap
    at = evaluate(scenario, share_rate=[0.0, cap]).net_value_per_month
    net0, net1 = float(at[0]), float(at[1])
    if net0 >= 0:
        return 0.0
    if net1 < 0 or net1 <= net0:
        return None
    return min(cap, -net0 / (net1 - net0) * cap)
