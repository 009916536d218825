"""The package's pure calls, cached per scenario (frozen models hash as arguments)."""

import pandas as pd
import streamlit as st

from advocacy_calc import Results, Scenario, compute, sweep, sweep_by_network
from advocacy_calc.sweep import SweepParam


@st.cache_data(max_entries=512, show_spinner=False)
def results(scenario: Scenario) -> Results:
    return compute(scenario)


@st.cache_data(max_entries=128, show_spinner=False)
def totals_sweep(scenario: Scenario, param: SweepParam, steps: int = 101) -> pd.DataFrame:
    return sweep(scenario, param, steps)


@st.cache_data(max_entries=128, show_spinner=False)
def network_sweep(scenario: Scenario, param: SweepParam, steps: int = 101) -> pd.DataFrame:
    return sweep_by_network(scenario, param, steps)


# --- Forecast and uncertainty (issue 4): each only on the page that shows it ----------------

@st.cache_data(max_entries=64, show_spinner=False)
def simulation(scenario: Scenario, draws: int, seed: int, distribution: str):
    """The Monte Carlo summary and a 40-bin histogram of value per month (not the raw draws)."""
    # Lazy: load time (the forecasts load on the pages that show one, not on the overview).
    from advocacy_calc.forecast.montecarlo import histogram, simulate_arrays, summarise

    value, total, cost = simulate_arrays(scenario, draws, seed, distribution)
    return summarise(scenario, value, total, cost, seed=seed, distribution=distribution), histogram(value)


@st.cache_data(max_entries=64, show_spinner=False)
def fan(scenario: Scenario, seed: int, distribution: str) -> pd.DataFrame:
    from advocacy_calc.forecast.montecarlo import fan as fan_  # lazy: load time
    return fan_(scenario, seed=seed, distribution=distribution)


@st.cache_data(max_entries=128, show_spinner=False)
def tornado(scenario: Scenario, measure: str) -> pd.DataFrame:
    from advocacy_calc.forecast.tornado import tornado as tornado_  # lazy: load time
    return tornado_(scenario, measure)


@st.cache_data(max_entries=128, show_spinner=False)
def two_way(scenario: Scenario, x: str, y: str):
    from advocacy_calc.forecast.grid import break_even_line, two_way as two_way_  # lazy: load time
    cells = two_way_(scenario, x, y)
    return cells, break_even_line(cells)


@st.cache_data(max_entries=128, show_spinner=False)
def timeline(scenario: Scenario, settings):
    from advocacy_calc.forecast.timeline import timeline as timeline_  # lazy: load time
    return timeline_(scenario, settings)
