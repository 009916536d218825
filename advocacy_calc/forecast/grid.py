"""Two-way sensitivity: value per month over a grid of any two inputs, with the break-even line."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import evaluate
from ..ranges import base_value, bounds, consistent_inputs, rangeable_paths
from ..scenario import Scenario

MAX_STEPS = 101


def axis_values(scenario: Scenario, path: str, steps: int = 21) -> np.ndarray:
    """The grid's values for one input: its range when it has one, else half to one and a half
    times its value (0 to its bound for a rate at 0), kept within the input's bounds."""
    if not 2 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be from 2 to {MAX_STEPS}, got {steps}")
    base = base_value(scenario, path)
    lo, hi = bounds(path)
    if path == "share_rate":
        hi = scenario.share_rate_cap  # with groups: where the keenest group shares every story
    rng = scenario.ranges.get(path)
    if rng is not None and rng.low < rng.high:
        low, high = rng.low, rng.high
    elif base > 0:
        low, high = max(lo, base * 0.5), min(hi, base * 1.5)
    else:
        low, high = lo, min(hi, 1.0 if hi <= 1 else 100.0)
    return np.linspace(low, high, steps)


def two_way(scenario: Scenario, x: str, y: str, steps: int = 21) -> pd.DataFrame:
    """One row per grid cell: x, y, value per month, total value, program cost, net value."""
    if x == y:
        raise ValueError("choose two different inputs")
    for path in (x, y):
        if path not in rangeable_paths(scenario):
            raise ValueError(f"{path!r} is not a numeric input of this scenario")
    xs, ys = axis_values(scenario, x, steps), axis_values(scenario, y, steps)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    ev = evaluate(scenario, inputs=consistent_inputs(scenario, {x: gx.ravel(), y: gy.ravel()}))
    return pd.DataFrame({"x": gx.ravel(), "y": gy.ravel(), "value_per_month": ev.value_per_month,
                         "total_value_per_month": ev.total_value_per_month,
                         "program_cost_per_month": ev.program_cost_per_month,
                         "net_value_per_month": ev.net_value_per_month})


def break_even_line(cells: pd.DataFrame) -> pd.DataFrame:
    """Where net value crosses zero: for each x, the y at the first sign change (linear
    interpolation between grid rows; exact when net value is linear in y, as for every
    input of the model except through the conservative basis switch). Empty without a crossing."""
    rows = []
    for x, col in cells.groupby("x", sort=True):
        col = col.sort_values("y")
        ys, net = col["y"].to_numpy(), col["net_value_per_month"].to_numpy()
        sign = np.sign(net)
        change = np.nonzero(sign[:-1] * sign[1:] < 0)[0]
        hits = [ys[i] for i in np.nonzero(net == 0)[0]]
        if change.size:
            i = change[0]
            hits.append(ys[i] + (ys[i + 1] - ys[i]) * (0 - net[i]) / (net[i + 1] - net[i]))
        if hits:
            rows.append({"x": float(x), "y": float(min(hits))})
    return pd.DataFrame(rows, columns=["x", "y"])
