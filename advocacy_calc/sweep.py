"""Sweeps: how the figures move as the share rate or the participants run over a range.

One vectorised `evaluate` call per sweep, never a Python loop per point.
"""

from typing import Literal

import numpy as np
import pandas as pd

from .groups import group_parts, group_view
from .model import evaluate
from .scenario import MAX_PEOPLE, Scenario

SweepParam = Literal["share_rate", "participants"]
SWEEP_PARAMS: tuple[SweepParam, ...] = ("share_rate", "participants")
MAX_STEPS = 100_001


def sweep_points(scenario: Scenario, param: SweepParam, steps: int = 101,
                 stop: float | None = None) -> np.ndarray:
    """The x values of a sweep: share rate 0..its cap (1, or with groups where the keenest group shares
    every story), or participants 0..stop (whole people)."""
    if not 2 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be between 2 and {MAX_STEPS:,}, got {steps}")
    if param not in SWEEP_PARAMS:
        raise ValueError(f"param must be one of {', '.join(SWEEP_PARAMS)}, got {param!r}")
    upper = scenario.share_rate_cap if param == "share_rate" else float(MAX_PEOPLE)
    if stop is not None and not (0 <= stop <= upper):  # also refuses NaN
        raise ValueError(f"stop for {param} must be from 0 to {upper:,g}, got {stop!r}")
    if param == "share_rate":
        return np.linspace(0.0, upper if stop is None else stop, steps)
    top = default_participants_stop(scenario) if stop is None else stop
    return np.round(np.linspace(0.0, top, steps))


def default_participants_stop(scenario: Scenario) -> int:
    """Whole workforce when known, else twice today's participants (at least 100)."""
    if scenario.workforce:
        return scenario.workforce
    return int(min(MAX_PEOPLE, max(100, 2 * scenario.participants)))


def sweep(scenario: Scenario, param: SweepParam = "share_rate", steps: int = 101,
          stop: float | None = None) -> pd.DataFrame:
    """One row per point with the headline figures (wide, for CSV and tables)."""
    xs = sweep_points(scenario, param, steps, stop)
    ev = evaluate(scenario, **{param: xs})
    return pd.DataFrame({"share_rate": ev.share_rate, "participants": ev.participants, **ev.point_figures()})


def sweep_by_network(scenario: Scenario, param: SweepParam = "share_rate", steps: int = 101,
                     stop: float | None = None) -> pd.DataFrame:
    """Tidy rows (point x network) of value per story and per month, ready for Altair."""
    xs = sweep_points(scenario, param, steps, stop)
    ev = evaluate(scenario, **{param: xs})
    n_points, n_networks = ev.value_per_story.shape
    return pd.DataFrame({
        param: np.repeat(xs, n_networks),
        "network": np.tile([n.name for n in scenario.networks], n_points),
        "impressions_per_story": ev.impressions_per_story.ravel(),
        "value_per_story": ev.value_per_story.ravel(),
        "value_per_month": ev.value_per_story.ravel() * ev.stories_per_month,
    })


def sweep_by_group(scenario: Scenario, param: SweepParam = "share_rate", steps: int = 101,
                   stop: float | None = None) -> pd.DataFrame:
    """Tidy rows (point x group): at each value of the program's lever, each group's size and own share rate
    (group_participants, group_share_rate), reach, value, seat and time cost (docs/model.md, groups); a
    scenario without groups is one group, Everyone. Sizes unrounded: round to show."""
    xs = sweep_points(scenario, param, steps, stop)
    p, s = (xs, scenario.share_rate) if param == "participants" else (scenario.participants, xs)
    parts = group_parts(scenario, p, s)
    names = [g.name for g in group_view(scenario)]
    return pd.DataFrame({param: np.repeat(xs, len(names)), "group": np.tile(names, len(xs)),
                         **{GROUP_COLUMNS.get(k, k): v.ravel() for k, v in parts.items()}})


# The program's lever is the sweep's column; the group's own size and rate are named apart.
GROUP_COLUMNS = {"participants": "group_participants", "share_rate": "group_share_rate"}
