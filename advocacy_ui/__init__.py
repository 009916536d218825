"""The Streamlit layer: widgets, state, charts and page pieces shared by every page.

Pages stay thin: read the scenario from `state`, get figures from `cached`, draw with
`display` and `charts`. Formulas live only in advocacy_calc.
"""
