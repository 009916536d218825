"""One-at-a-time sensitivity (tornado): each ranged input at its low and its high, others at base."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ..model import evaluate
from ..ranges import base_value, consistent_inputs
from ..scenario import Scenario

Measure = Literal["value_per_month", "total_value_per_month", "net_value_per_month"]
MEASURES: tuple[Measure, ...] = ("value_per_month", "total_value_per_month", "net_value_per_month")


def measure_of(ev, measure: Measure) -> np.ndarray:
    """One of the model's monthly figures by name, from an Evaluation."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, got {measure!r}")
    return getattr(ev, measure)


def tornado(scenario: Scenario, measure: Measure = "value_per_month") -> pd.DataFrame:
    """One row per ranged input, sorted by swing (largest first): the measure at low and at high.

    Each input is evaluated at its low and high in one vectorised pass of 2 points; the
    point values equal `compute` of the scenario with that one input changed.
    """
    base = float(measure_of(evaluate(scenario), measure)[0])
    rows = []
    for path, rng in scenario.ranges.items():
        at = measure_of(evaluate(scenario, inputs=consistent_inputs(scenario, {path: [rng.low, rng.high]})), measure)
        rows.append({"input": path, "low": rng.low, "base": base_value(scenario, path), "high": rng.high,
                     "at_low": float(at[0]), "at_high": float(at[1]), "swing": float(abs(at[1] - at[0])),
                     "base_result": base})
    frame = pd.DataFrame(rows, columns=["input", "low", "base", "high", "at_low", "at_high", "swing", "base_result"])
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
