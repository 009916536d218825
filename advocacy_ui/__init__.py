"""The Streamlit layer: widgets, state and page pieces shared by every page.

Pages stay thin: read the scenario from `state`, get figures from `cached`, draw with
`display` and the Vega-Lite specs of `advocacy_calc.charts` (shared with the exports and
the CLI). Formulas live only in advocacy_calc.

May import advocacy_calc (any part) and advocacy_store's public face (`from advocacy_store
import ...`, never its modules); advocacy_calc and advocacy_store never import this package.
"""
