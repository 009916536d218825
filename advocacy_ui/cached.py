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
