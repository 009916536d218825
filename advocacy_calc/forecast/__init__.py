"""Forecasts: how sure the value is and how it unfolds (MODEL.md §6)."""
