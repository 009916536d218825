"""The Streamlit layer: widgets, state and page pieces shared by every page.

Pages stay thin: read the scenario from `state`, get figures from `cached`, draw with
`display` and the Vega-Lite specs of `advocacy_calc.charts` (shared with the exports and
the CLI). Formulas live only in advocacy_calc.
"""
