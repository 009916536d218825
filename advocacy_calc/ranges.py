"""Ranges of the uncertain inputs (docs/model.md §7): benchmark defaults, fitting, the link's form.

A range is keyed by the input's field path (``share_rate``, ``networks.LinkedIn.cpm``,
``demand.cost_per_lead``) and gives a low and a high; its base is the scenario's own value.
Defaults come from the benchmark data (low and high of the input's benchmark, widened to
include the scenario's value when the user has moved it outside). Which paths may carry a
range and the checks of one are the scenario's own (scenario.py). Part of the core.
"""

import math
import re

import numpy as np

from .benchmarks import benchmark_for
from .errors import validate_scenario
from .scenario import (GROUP_FIELDS, GROUP_NETWORK_RANGE_FIELDS, GROUP_PATH, GROUP_RANGE_FIELDS, NETWORK_FIELDS,
                       NETWORK_PATH, TOP_FIELDS, ProblemList, Scenario, base_value,
                       bounds, range_problems, rangeable_paths)

# The paths, bounds and checks of a range are the scenario's own (scenario.py); named here too
# because the forecasts, the app and the CLI reach ranges through this module.
__all__ = ["GROUP_FIELDS", "MAX_PARAM_ITEMS", "NETWORK_FIELDS", "TOP_FIELDS", "base_value", "bounds",
           "consistent_inputs", "default_range", "default_ranges", "fit_ranges", "format_ranges_param", "in_use",
           "parse_ranges_param", "range_problems", "rangeable_paths", "read_ranges_param", "with_benchmark_ranges",
           "with_ranges"]


def default_range(scenario: Scenario, path: str) -> tuple[float, float] | None:
    """Low and high from the input's benchmark, widened to contain the scenario's value.

    None when no benchmark backs the input, or its benchmark is a single point (the
    input is then held at its value: a range of nothing would only add noise).
    """
    source = benchmark_for(path)
    if source is None or source.low == source.high:
        return None
    base = base_value(scenario, path)
    lo, hi = _bounds(scenario, path)
    low, high = max(lo, min(source.low, base)), min(hi, max(source.high, base))
    return (low, high) if low < high else None


_MODE_INPUTS = {"direct": {"demand.advocacy_leads_per_month"},
                "asset": {"demand.asset_leads_per_month", "demand.advocacy_share_of_asset_traffic"},
                "clicks": {"demand.landing_conversion_rate"}}


def in_use(scenario: Scenario, path: str) -> bool:
    """False for inputs the scenario's lead mode ignores (e.g. leads per click in direct mode)."""
    every_mode = set().union(*_MODE_INPUTS.values())
    return path not in every_mode or path in _MODE_INPUTS[scenario.demand.mode]


def default_ranges(scenario: Scenario) -> dict[str, dict[str, float]]:
    """Benchmark ranges for every uncertain input in use in the scenario that has one."""
    out = {}
    for path in rangeable_paths(scenario):
        rng = default_range(scenario, path) if in_use(scenario, path) else None
        if rng is not None:
            out[path] = {"low": rng[0], "high": rng[1]}
    return out


def fit_ranges(scenario: Scenario, wanted: dict[str, tuple[float, float]]) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Ranges usable with this scenario: benchmark defaults, then the user's, widened to contain
    each input's value. Returns them with one note per range dropped or widened."""
    out = default_ranges(scenario)
    known = set(rangeable_paths(scenario))
    notes = []
    for path, (low, high) in wanted.items():
        if path not in known:  # e.g. a network the user has switched off: kept aside, not used
            continue
        base = base_value(scenario, path)
        if not low <= base <= high:
            notes.append(f"{path}: range {low:g} to {high:g} widened to contain the value {base:g}")
        top = _bounds(scenario, path)[1]
        if high > top:
            notes.append(f"{path}: high {high:g} lowered to {top:.4g}, where the keenest group shares every story")
        out[path] = {"low": min(low, base), "high": min(top, max(high, base))}
    return out, notes


def with_benchmark_ranges(scenario: Scenario) -> Scenario:
    """The scenario as the forecast draws it (the files' P10-P90, the CLI's `simulate`): a benchmark range for
    every uncertain input, the scenario's own ranges where it carries them (fitted as fit_ranges does)."""
    ranges, _notes = fit_ranges(scenario, {p: (x.low, x.high) for p, x in scenario.ranges.items()})
    return with_ranges(scenario, ranges)


def _bounds(scenario: Scenario, path: str) -> tuple[float, float]:
    """The model's bounds, the share rate's top at its cap (with groups: the keenest group at 100%)."""
    lo, hi = bounds(path)
    return (lo, min(hi, scenario.share_rate_cap)) if path == "share_rate" else (lo, hi)


REFERRAL_COST, HIRE_COST = "hiring.referral_cost_per_hire", "hiring.cost_per_hire"


def consistent_inputs(scenario: Scenario, inputs: dict) -> dict:
    """Inputs varied independently (Monte Carlo draws, tornado ends, grid cells), made to obey the
    rule a scenario itself enforces: a referral hire never costs more than a hire through other
    channels. Where both are varied (or one is), the referral cost is clipped to the hiring cost of
    the same point, so referral savings are never negative; nothing else changes."""
    if REFERRAL_COST not in inputs and HIRE_COST not in inputs:
        return inputs
    referral = np.asarray(inputs.get(REFERRAL_COST, scenario.hiring.referral_cost_per_hire), dtype=float)
    cost = np.asarray(inputs.get(HIRE_COST, scenario.hiring.cost_per_hire), dtype=float)
    return {**inputs, REFERRAL_COST: np.minimum(referral, cost)}


def with_ranges(scenario: Scenario, ranges: dict[str, dict[str, float]]) -> Scenario:
    """The scenario carrying these ranges (validated)."""
    return validate_scenario({**scenario.model_dump(mode="python"), "ranges": ranges})


# --- A compact form for one URL parameter: path:low:high,path:low:high ----------------------

MAX_PARAM_ITEMS = 64


def format_ranges_param(ranges: dict[str, tuple[float, float]]) -> str:
    """share_rate:0.05:0.2,networks.X.cpm:5:12 (sorted, floats in their shortest exact form)."""
    return ",".join(f"{path}:{_short(lo)}:{_short(hi)}" for path, (lo, hi) in sorted(ranges.items()))


def parse_ranges_param(text: str) -> dict[str, tuple[float, float]]:
    """Parse the compact form; ValueError (with `.problems`, one line per bad item) if any item is bad.

    Checks what can be checked without the scenario: the path names an uncertain input
    (on some network), both numbers are finite, low <= high, both within the input's bounds.
    """
    ranges, problems = read_ranges_param(text)
    if problems:
        raise ProblemList(problems)
    return ranges


def read_ranges_param(text: str) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """The usable items of the compact form, and one line per item that is not (naming it and why)."""
    out: dict[str, tuple[float, float]] = {}
    problems: list[str] = []
    items = [i for i in text.split(",") if i.strip()]
    if len(items) > MAX_PARAM_ITEMS:
        return {}, [f"more than {MAX_PARAM_ITEMS} ranges"]
    for item in items:
        parts = item.strip().split(":")
        if len(parts) != 3:
            problems.append(f"{item.strip()[:40]!r} is not path:low:high")
            continue
        path, low_text, high_text = parts
        if not _is_rangeable_path(path):
            problems.append(f"{path[:40]!r} is not an uncertain numeric input")
            continue
        try:
            low, high = float(low_text), float(high_text)
        except ValueError:
            problems.append(f"{path}: low and high must be numbers")
            continue
        if not (math.isfinite(low) and math.isfinite(high)):
            problems.append(f"{path}: low and high must be finite numbers")
            continue
        lo, hi = bounds(path)
        if not (lo <= low <= high <= hi):
            problems.append(f"{path}: needs {lo:g} <= low <= high <= {hi:g}, got {low:g} to {high:g}")
            continue
        out[path] = (low, high)
    return out, problems


def _is_rangeable_path(path: str) -> bool:
    group = GROUP_PATH.match(path)
    if group:
        allowed = GROUP_RANGE_FIELDS if group["network"] is None else GROUP_NETWORK_RANGE_FIELDS
        return group["field"] in allowed
    match = NETWORK_PATH.match(path)
    if match:
        return match["field"] in NETWORK_FIELDS and bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ()/._-]*", match["name"]))
    head, _, tail = path.partition(".")
    return tail in GROUP_FIELDS.get(head, ()) if tail else path in TOP_FIELDS


def _short(x: float) -> str:
    return repr(float(x)).removesuffix(".0") if float(x).is_integer() else repr(float(x))
