"""Ranges of the uncertain inputs (MODEL.md §6): which inputs may carry one, checks, defaults.

A range is keyed by the input's field path (``share_rate``, ``networks.LinkedIn.cpm``,
``demand.cost_per_lead``) and gives a low and a high; its base is the scenario's own value.
Defaults come from the benchmark data (low and high of the input's benchmark, widened to
include the scenario's value when the user has moved it outside).
"""

from __future__ import annotations

import difflib
import math
import re
from typing import TYPE_CHECKING

from .benchmarks import benchmark_for

if TYPE_CHECKING:
    from .scenario import Scenario

# Inputs that move a figure and are uncertain, by group (the model's own numeric inputs).
TOP_FIELDS = ("participants", "share_rate", "stories_per_day", "working_days_per_month")
NETWORK_FIELDS = ("connections", "visibility", "presence", "cpm", "cpc", "ctr")
GROUP_FIELDS = {
    "demand": ("advocacy_leads_per_month", "asset_leads_per_month", "advocacy_share_of_asset_traffic",
               "landing_conversion_rate", "cost_per_lead"),
    "cost": ("seat_cost_per_month", "fixed_cost_per_month", "minutes_per_share", "hourly_cost"),
    "hiring": ("referral_hires_per_month", "cost_per_hire", "referral_cost_per_hire"),
}
_NETWORK_PATH = re.compile(r"^networks\.(?P<name>.+)\.(?P<field>[a-z_]+)$")


def rangeable_paths(scenario: Scenario) -> list[str]:
    """Every field path of this scenario that may carry a range, in the sidebar's order."""
    paths = list(TOP_FIELDS)
    paths += [f"networks.{n.name}.{f}" for n in scenario.networks for f in NETWORK_FIELDS]
    paths += [f"{group}.{f}" for group, fields in GROUP_FIELDS.items() for f in fields]
    return paths


def base_value(scenario: Scenario, path: str) -> float:
    """The scenario's own value at a field path (KeyError for a path it does not have)."""
    match = _NETWORK_PATH.match(path)
    if match:
        network = scenario.network(match["name"])
        if network is None or match["field"] not in NETWORK_FIELDS:
            raise KeyError(path)
        return float(getattr(network, match["field"]))
    head, _, tail = path.partition(".")
    if tail:
        if tail not in GROUP_FIELDS.get(head, ()):
            raise KeyError(path)
        return float(getattr(getattr(scenario, head), tail))
    if path not in TOP_FIELDS:
        raise KeyError(path)
    return float(getattr(scenario, path))


def bounds(path: str) -> tuple[float, float]:
    """The (lowest, highest) value the scenario model allows at a field path."""
    from .errors import field_bounds  # errors imports scenario, which imports this module late
    from .scenario import Scenario

    match = _NETWORK_PATH.match(path)
    loc = ("networks", 0, match["field"]) if match else tuple(path.split("."))
    lo, hi = field_bounds(Scenario, loc)
    return float(0 if lo is None else lo), float(math.inf if hi is None else hi)


def range_problems(scenario: Scenario) -> list[str]:
    """One line per unusable range, naming its field path and why (empty when all fit)."""
    known = rangeable_paths(scenario)
    problems = []
    for path, rng in scenario.ranges.items():
        where = f"ranges.{path}"
        if path not in known:
            problems.append(f"{where}: {_unknown_path(path, scenario, known)}")
            continue
        base = base_value(scenario, path)
        lo, hi = bounds(path)
        if not (lo <= rng.low <= hi and lo <= rng.high <= hi):
            problems.append(f"{where}: low {rng.low:g} and high {rng.high:g} must lie within "
                            f"{lo:g} to {hi:g}")
        elif not rng.low <= base <= rng.high:
            problems.append(f"{where}: low {rng.low:g} <= value {base:g} <= high {rng.high:g} does not hold "
                            f"(the range must contain the scenario's own value)")
    return problems


def _unknown_path(path: str, scenario: Scenario, known: list[str]) -> str:
    match = _NETWORK_PATH.match(path)
    if match and scenario.network(match["name"]) is None:
        names = ", ".join(n.name for n in scenario.networks) or "none"
        return f"network {match['name']!r} is not in this scenario (its networks: {names})"
    close = difflib.get_close_matches(path, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"is not an uncertain numeric input{hint}"


def default_range(scenario: Scenario, path: str) -> tuple[float, float] | None:
    """Low and high from the input's benchmark, widened to contain the scenario's value.

    None when no benchmark backs the input, or its benchmark is a single point (the
    input is then held at its value: a range of nothing would only add noise).
    """
    source = benchmark_for(path)
    if source is None or source.low == source.high:
        return None
    base = base_value(scenario, path)
    lo, hi = bounds(path)
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
        out[path] = {"low": min(low, base), "high": max(high, base)}
    return out, notes


REFERRAL_COST, HIRE_COST = "hiring.referral_cost_per_hire", "hiring.cost_per_hire"


def consistent_inputs(scenario: Scenario, inputs: dict) -> dict:
    """Inputs varied independently (Monte Carlo draws, tornado ends, grid cells), made to obey the
    rule a scenario itself enforces: a referral hire never costs more than a hire through other
    channels. Where both are varied (or one is), the referral cost is clipped to the hiring cost of
    the same point, so referral savings are never negative; nothing else changes."""
    if REFERRAL_COST not in inputs and HIRE_COST not in inputs:
        return inputs
    import numpy as np

    referral = np.asarray(inputs.get(REFERRAL_COST, scenario.hiring.referral_cost_per_hire), dtype=float)
    cost = np.asarray(inputs.get(HIRE_COST, scenario.hiring.cost_per_hire), dtype=float)
    return {**inputs, REFERRAL_COST: np.minimum(referral, cost)}


def with_ranges(scenario: Scenario, ranges: dict[str, dict[str, float]]) -> Scenario:
    """The scenario carrying these ranges (validated)."""
    from .errors import parse_scenario

    return parse_scenario({**scenario.model_dump(mode="python"), "ranges": ranges})


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
        from .scenario import ProblemList

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
    match = _NETWORK_PATH.match(path)
    if match:
        return match["field"] in NETWORK_FIELDS and bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ()/._-]*", match["name"]))
    head, _, tail = path.partition(".")
    return tail in GROUP_FIELDS.get(head, ()) if tail else path in TOP_FIELDS


def _short(x: float) -> str:
    return repr(float(x)).removesuffix(".0") if float(x).is_integer() else repr(float(x))
