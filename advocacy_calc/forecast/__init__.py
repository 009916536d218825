"""Forecasts: how sure the value is and how it unfolds (docs/model.md §7).

montecarlo (draws over the scenario's ranges: P10/P50/P90, the fan across participation),
tornado (the inputs that matter most), grid (a two-way heat map and its break-even line),
goalseek (what a lever must reach for a target), timeline (month by month: ramp-up, decay,
summer dip, payback).

May import the value model (scenario, model, ranges, sweep); never measure/, exports/, the
CLI or streamlit. The app loads these modules only on the pages that show a forecast.
"""
