"""Monte Carlo over the ranged inputs: how sure are the figures (docs/model.md §7)?

Each ranged input is drawn independently from a distribution over its low / base / high,
the base being the scenario's own value; every draw goes through the same vectorised
`model.evaluate` as the headline figures (one pass, no Python loop over draws).

Why PERT by default: a range here is a judgement ("somewhere from 5% to 20%, most likely
10%"), which is what the PERT (beta) distribution encodes. It puts most weight near the
base and thins smoothly to the ends, so the extremes, which are the least known numbers,
drive the result less than under a triangular distribution (whose tails are fatter: its
mean is (low + base + high) / 3 against PERT's (low + 4 base + high) / 6). Triangular is
offered for those who prefer it. Inputs are drawn independently: correlations between,
say, share rate and stories per day are not modelled, which widens nothing and narrows
nothing on purpose; say so beside the figures. One rule of the scenario holds in every draw:
a referral hire never costs more than another hire, so when the two hiring costs are drawn
(or one is) the referral cost is clipped to that draw's cost per hire (`ranges.consistent_inputs`;
referral savings are then zero in that draw, never negative).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from ..model import evaluate
from ..ranges import base_value, consistent_inputs
from ..scenario import Scenario
from ..sweep import sweep_points

Distribution = Literal["pert", "triangular"]
DISTRIBUTIONS: tuple[Distribution, ...] = ("pert", "triangular")
DEFAULT_SEED = 2026
DEFAULT_DRAWS = 100_000
MAX_DRAWS = 1_000_000
PERT_LAMBDA = 4.0  # the classic PERT weight on the most likely value
QUANTILES = (0.10, 0.50, 0.90)


class Percentiles(BaseModel):
    model_config = ConfigDict(frozen=True)
    p10: float
    p50: float
    p90: float
    mean: float


class Simulation(BaseModel):
    """The summary of a Monte Carlo run (what the CLI prints and the page shows)."""

    model_config = ConfigDict(frozen=True)
    draws: int
    seed: int
    distribution: Distribution
    ranged_inputs: list[str]
    value_per_month: Percentiles
    total_value_per_month: Percentiles
    net_value_per_month: Percentiles
    roi: Percentiles | None  # none when the program has no cost
    probability_value_exceeds_cost: float


def kept_forecast(scenario: Scenario, draws: int | None = None, seed: int | None = None,
                  distribution: Distribution | None = None) -> tuple[int, int, Distribution]:
    """Draws, seed and distribution: each as given, else the scenario's settings (the Forecast page's),
    else the defaults. One rule for the files and the CLI, so both print the same P10-P90."""
    kept = scenario.settings
    return (draws or kept.forecast_draws or DEFAULT_DRAWS,
            seed if seed is not None else kept.forecast_seed if kept.forecast_seed is not None else DEFAULT_SEED,
            distribution or kept.forecast_distribution or "pert")


def draw_inputs(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                distribution: Distribution = "pert") -> dict[str, np.ndarray]:
    """`draws` values of every ranged input (a range of one point gives that point every time)."""
    if not 1 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be from 1 to {MAX_DRAWS:,}, got {draws}")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution must be one of {', '.join(DISTRIBUTIONS)}, got {distribution!r}")
    rng = np.random.default_rng(seed)
    out = {}
    for path in sorted(scenario.ranges):  # sorted: the same draws whatever order the file lists them
        rng_ = scenario.ranges[path]
        low, base, high = rng_.low, base_value(scenario, path), rng_.high
        if high <= low:
            out[path] = np.full(draws, base)
        elif distribution == "triangular":
            out[path] = rng.triangular(low, base, high, draws)
        else:
            alpha = 1 + PERT_LAMBDA * (base - low) / (high - low)
            beta = 1 + PERT_LAMBDA * (high - base) / (high - low)
            out[path] = low + (high - low) * rng.beta(alpha, beta, draws)
    return consistent_inputs(scenario, out)  # referral cost per hire clipped to the drawn cost per hire


def simulate(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
             distribution: Distribution = "pert") -> Simulation:
    """P10 / P50 / P90 of value per month, net value and ROI, and P(total value > program cost)."""
    return summarise(scenario, *simulate_arrays(scenario, draws, seed, distribution), seed=seed,
                     distribution=distribution)


def simulate_arrays(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                    distribution: Distribution = "pert") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(value per month, total value per month, program cost per month), one entry per draw."""
    inputs = draw_inputs(scenario, draws, seed, distribution)
    if not inputs:
        inputs = {"share_rate": np.full(draws, scenario.share_rate)}
    ev = evaluate(scenario, inputs=inputs)
    return ev.value_per_month, ev.total_value_per_month, ev.program_cost_per_month


def summarise(scenario: Scenario, value: np.ndarray, total: np.ndarray, cost: np.ndarray, *,
              seed: int, distribution: Distribution) -> Simulation:
    net = total - cost
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        roi = net / np.where(cost > 0, cost, np.nan)
    # As Results.roi: none without a cost, and none where a vanishing cost (5e-324) makes it overflow.
    has_roi = bool(np.isfinite(roi).all())
    return Simulation(
        draws=int(value.size), seed=seed, distribution=distribution, ranged_inputs=sorted(scenario.ranges),
        value_per_month=_percentiles(value), total_value_per_month=_percentiles(total),
        net_value_per_month=_percentiles(net),
        roi=_percentiles(roi) if has_roi else None,
        probability_value_exceeds_cost=float(np.mean(total > cost)),
    )


def _percentiles(x: np.ndarray) -> Percentiles:
    p10, p50, p90 = np.quantile(x, QUANTILES)
    return Percentiles(p10=float(p10), p50=float(p50), p90=float(p90), mean=float(x.mean()))


def histogram(values: np.ndarray, bins: int = 40) -> pd.DataFrame:
    """Bin edges and the share of draws in each bin (for a distribution chart)."""
    counts, edges = np.histogram(values, bins=bins)
    return pd.DataFrame({"start": edges[:-1], "end": edges[1:], "share": counts / max(1, values.size)})


def fan(scenario: Scenario, draws: int = 4_000, seed: int = DEFAULT_SEED, distribution: Distribution = "pert",
        steps: int = 51) -> pd.DataFrame:
    """The share-rate sweep with its uncertainty: P10 / P50 / P90 of value per month at each share rate.

    The other ranged inputs are drawn once and reused at every share rate (one broadcast
    evaluation of steps x draws points); a range on the share rate itself is replaced by the sweep.
    """
    xs = sweep_points(scenario, "share_rate", steps)
    inputs = {k: v for k, v in draw_inputs(scenario, draws, seed, distribution).items() if k != "share_rate"}
    n = draws
    grid = {k: np.tile(v, steps) for k, v in inputs.items()}
    ev = evaluate(scenario, inputs={**grid, "share_rate": np.repeat(xs, n)})
    value = ev.value_per_month.reshape(steps, n)
    total = ev.total_value_per_month.reshape(steps, n)
    p10, p50, p90 = np.quantile(value, QUANTILES, axis=1)
    point = evaluate(scenario, share_rate=xs)
    return pd.DataFrame({"share_rate": xs, "p10": p10, "p50": p50, "p90": p90,
                         "base": point.value_per_month, "total_p50": np.quantile(total, 0.5, axis=1),
                         "program_cost_per_month": point.program_cost_per_month})


# --- The overview's headline band: the P10-P90 of the headline figure and where the point falls ---

class HeadlineBand(BaseModel):
    model_config = ConfigDict(frozen=True)

    of: str  # what the figure is: "media value per month"
    p10: float
    p90: float
    point: float  # the scenario's own figure
    percentile: int  # share of draws at or below the point, 0-100
    draws: int
    seed: int


def headline_band(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                  distribution: Distribution = "pert") -> HeadlineBand:
    """P10-P90 of media value per month over the draws, and the percentile of the scenario's own value."""
    value, _, _ = simulate_arrays(scenario, draws, seed, distribution)
    point = float(evaluate(scenario).value_per_month[0])
    p10, p90 = np.quantile(value, (0.10, 0.90))
    return HeadlineBand(of="media value per month", p10=float(p10), p90=float(p90), point=point,
                        percentile=int(round(100 * float(np.mean(value <= point)))), draws=int(value.size), seed=seed)


def where_it_falls(percentile: int) -> str:
    """The point estimate's place among the draws, in words: 'near the optimistic end of the benchmarks: P78'."""
    if percentile >= 70:
        place = "near the optimistic end of"
    elif percentile <= 30:
        place = "near the cautious end of"
    else:
        place = "in the middle of"
    return f"your inputs sit {place} the benchmarks: P{percentile}"
