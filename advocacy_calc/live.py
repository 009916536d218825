"""Figures that follow the levers as they move: each headline figure as coefficients in the levers.

With every other input fixed, each headline figure is multilinear in the three levers,
participants p, share rate s and stories per day d (docs/model.md §1-§5): reach ∝ p·s, stories ∝ d,
cost = seat·p + fixed + time per share·p·s·d, leads in clicks mode ∝ p·s·d, and the
conservative basis picks per network a price that depends on none of them. So

    f(p, s, d) = Σ c[i][j][k] · p^i · s^j · d^k      (i, j, k ∈ {0, 1}),

and the eight coefficients follow exactly from f at the eight corners of the box {0, 1}³
(Möbius inversion), computed by `model.evaluate` itself: the package stays the one source of
truth, a browser holds numbers, never formulas. ROI and the break-even share rate follow from
such figures by the model's own rules (`figures_at`, mirrored in the browser).
"""

import math

import numpy as np

from .model import evaluate
from .scenario import Scenario

LEVERS = ("participants", "share_rate", "stories_per_day")
# Figures that are multilinear in the levers (results field -> how evaluate gives it, per point).
LINEAR_FIGURES = ("sharers_per_story", "potential_impressions_per_story", "impressions_per_story",
                  "value_per_story", "value_per_month", "advocacy_leads_per_month", "cpl_savings_per_month",
                  "total_value_per_month",
                  "program_cost_per_month", "net_value_per_month")
# The corners (p, s, d) in the order of the coefficient index i·4 + j·2 + k.
_CORNERS = np.array([(i, j, k) for i in (0, 1) for j in (0, 1) for k in (0, 1)], dtype=float)


def coefficients(scenario: Scenario) -> dict[str, list[float]]:
    """For each figure of LINEAR_FIGURES, the eight coefficients c[i·4 + j·2 + k] of p^i·s^j·d^k."""
    p, s, d = _CORNERS.T
    ev = evaluate(scenario, share_rate=s, participants=p, inputs={"stories_per_day": d})
    at_corners = {**ev.point_figures(),
                  "potential_impressions_per_story": ev.potential_impressions_per_story.sum(axis=1),
                  "advocacy_leads_per_month": ev.advocacy_leads_per_month}  # the lead sentence
    return {name: _mobius(np.broadcast_to(values, (8,))) for name, values in at_corners.items()}


def _mobius(f: np.ndarray) -> list[float]:
    """Coefficients of the multilinear function with these corner values: c[a] = Σ_{b ⊆ a} (-1)^|a−b| f[b]."""
    c = np.array(f, dtype=float)
    for bit in (4, 2, 1):  # one finite difference per lever, in place
        for index in range(8):
            if index & bit:
                c[index] -= c[index ^ bit]
    return [float(x) for x in c]


def value_at(coeffs: list[float], participants: float, share_rate: float, stories_per_day: float) -> float:
    """Σ c·p^i·s^j·d^k, in the order the browser sums it."""
    p, s, d = participants, share_rate, stories_per_day
    return (coeffs[0] + coeffs[1] * d + coeffs[2] * s + coeffs[3] * s * d
            + coeffs[4] * p + coeffs[5] * p * d + coeffs[6] * p * s + coeffs[7] * p * s * d)


def figures_at(coeffs: dict[str, list[float]], participants: float, share_rate: float,
               stories_per_day: float, share_rate_cap: float = 1.0) -> dict[str, float | None]:
    """Every live figure at one lever point, ROI and break-even by the model's rules
    (results._roi and model.break_even_share_rate): the browser does exactly this. With groups the
    break-even is sought up to Scenario.share_rate_cap (where the keenest group shares every story)."""
    out: dict[str, float | None] = {name: value_at(c, participants, share_rate, stories_per_day)
                                    for name, c in coeffs.items()}
    cost, net = out["program_cost_per_month"], out["net_value_per_month"]
    roi = net / cost if cost > 0 else None
    out["roi"] = roi if roi is not None and math.isfinite(roi) else None
    net0 = value_at(coeffs["net_value_per_month"], participants, 0.0, stories_per_day)
    cap = share_rate_cap
    net1 = value_at(coeffs["net_value_per_month"], participants, cap, stories_per_day)
    if net0 >= 0:
        out["break_even_share_rate"] = 0.0
    elif net1 < 0 or net1 <= net0:
        out["break_even_share_rate"] = None
    else:
        out["break_even_share_rate"] = min(cap, -net0 / (net1 - net0) * cap)
    return out
