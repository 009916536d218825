"""advocacy_calc: what an employee advocacy program is worth (the value model of MODEL.md).

Pure: no streamlit, no I/O in the formulas. Build a `Scenario`, call `compute` for the
headline figures or `sweep` for how they move with participation.
"""

from .errors import ScenarioError, describe_errors, parse_scenario, parse_scenario_json
from .model import Evaluation, break_even_share_rate, evaluate
from .presets import DEFAULT_PRESET, PRESETS
from .results import Funnel, NetworkResult, Results, compute
from .scenario import Cost, Demand, Hiring, Network, Scenario
from .sweep import sweep, sweep_by_network

__version__ = "0.1.0"

__all__ = [
    "Cost", "DEFAULT_PRESET", "Demand", "Evaluation", "Funnel", "Hiring", "Network", "NetworkResult",
    "PRESETS", "Results", "Scenario", "ScenarioError", "break_even_share_rate", "compute",
    "describe_errors", "evaluate", "parse_scenario", "parse_scenario_json", "sweep", "sweep_by_network",
]
