"""advocacy_calc: what an employee advocacy program is worth (the value model of docs/model.md).

Pure: no streamlit, no I/O in the formulas. Build a `Scenario`, call `compute` for the
headline figures or `sweep` for how they move with participation; `parse_scenario` reads one
from outside with every check.

Layout and import rules (tests/test_import_rules.py keeps them):
- the value model, at the top: scenario (inputs and their own checks, ranges included),
  errors, model, results, sweep, overlap (unique reach), ranges, benchmarks (sourced
  defaults), presets, formatting, narrative. It imports nothing else of the package.
- doors, above it: parse (a scenario from outside, with each feature's checks on what it
  carries), migrate (older stored versions), cli/ (the command line, one module per group).
- features, beside each other over the model: forecast/ (Monte Carlo, tornado, two-way grid,
  goal seek, timeline), measure/ (a running program's exports), exports/ (workbook, PDF,
  slides, CSV, images; the business case's per year, payback and range come from forecast/),
  charts/ (Vega-Lite specs).
- nothing here imports streamlit, advocacy_ui or advocacy_store.

The public names load on first use, so `import advocacy_calc.scenario` builds no presets.
"""

import importlib

# `sweep` is also its module's name: importing the module would bind the module here, so the
# function is bound eagerly (sweep loads the model and pandas, not the presets).
from .sweep import sweep, sweep_by_network

__version__ = "0.1.0"

# Public name -> the module that defines it.
_PUBLIC = {
    "ScenarioError": "errors", "describe_errors": "errors",
    "parse_scenario": "parse", "parse_scenario_json": "parse",
    "Evaluation": "model", "break_even_share_rate": "model", "evaluate": "model",
    "DEFAULT_PRESET": "presets", "PRESETS": "presets",
    "Funnel": "results", "NetworkResult": "results", "Results": "results", "compute": "results",
    "Cost": "scenario", "Demand": "scenario", "Hiring": "scenario", "Network": "scenario", "Scenario": "scenario",
}

__all__ = sorted([*_PUBLIC, "sweep", "sweep_by_network"])


def __getattr__(name: str):
    # Lazy for load time: a module that needs only the scenario does not build the presets.
    if name in _PUBLIC:
        value = getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
