"""Scenarios side by side: one chart overlaying their value across participation.

Same pattern as `charts`: the Vega-Lite template is built once per shape (the scenario names
and the measure), the sweeps are attached as named datasets on every run. No streamlit here,
so exports can draw it too.
"""

from functools import lru_cache
from typing import Literal

import altair as alt
import pandas as pd

from . import (INK, OKABE_ITO, Spec, _named, _symbol, _with_data, compact_axis, localised_tooltips, money_axis,
               percent_axis)
from ..formatting import DEFAULT_LOCALE, currency_of, money_compact, percent
from ..results import compute
from ..scenario import Scenario
from ..sweep import sweep

OverlayMeasure = Literal["total_value_per_month", "net_value_per_month"]
MEASURE_TITLES = {"total_value_per_month": "Total value per month", "net_value_per_month": "Net value per month"}
DASHES = [[1, 0], [8, 4], [2, 3], [12, 3, 2, 3]]  # a second cue beside colour, for print and colour-blind readers


@lru_cache(maxsize=32)
def _overlay_template(names: tuple[str, ...], measure: str, symbols: str, currency: str | None, locale: str) -> Spec:
    x = alt.X("x:Q", title="Share rate (participation)", axis=percent_axis(locale),
              scale=alt.Scale(domain=[0, 1], nice=False))
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(names))]
    color = alt.Color("scenario:N", title=None, sort=list(names), scale=alt.Scale(domain=list(names), range=colours))
    dash = alt.StrokeDash("scenario:N", sort=list(names), title=None,
                          scale=alt.Scale(domain=list(names), range=[DASHES[i % len(DASHES)] for i in range(len(names))]))
    # one currency: its symbol on every tick, as the headlines print it; mixed: plain figures, symbols in the title
    axis = money_axis(currency) if currency else compact_axis(locale)
    y = alt.Y("value:Q", title=f"{MEASURE_TITLES[measure]} ({symbols})", axis=axis)
    lines = alt.Chart(_named("lines")).mark_line(strokeWidth=3).encode(
        x=x, y=y, color=color, strokeDash=dash,
        tooltip=[alt.Tooltip("scenario:N", title="Scenario"), alt.Tooltip("x:Q", format=".0%", title="Share rate"),
                 alt.Tooltip("value:Q", format=",.0f", title=MEASURE_TITLES[measure])])
    zero = alt.Chart(_named("zero")).mark_rule(color=INK, strokeWidth=1).encode(
        y="y:Q", opacity=alt.Opacity("shown:Q", scale=None, legend=None))
    here = alt.Chart(_named("here")).mark_point(size=200, filled=True, opacity=1, stroke=INK, strokeWidth=1.5).encode(
        # each dot's colour from its row, no scale: a fill by scenario with legend=None merged with the lines'
        # legend in the page's Vega-Lite and switched it off (the lines had no names on the page)
        x=x, y=alt.Y("value:Q"), fill=alt.Fill("colour:N", scale=None),
        tooltip=[alt.Tooltip("scenario:N", title="Scenario"), alt.Tooltip("label:N", title="Now")])
    return localised_tooltips(alt.layer(lines, zero, here).properties(height=460).to_dict(), locale)


def overlay_chart(scenarios: dict[str, Scenario], measure: OverlayMeasure = "total_value_per_month",
                  steps: int = 101) -> Spec:
    """Each scenario's value as the share rate runs 0-100%, one line each, its own share rate marked. Axes
    print in the first scenario's locale (the reference's), each dot's label in its own scenario's."""
    names = tuple(scenarios)
    lines, here = [], []
    for name, scenario in scenarios.items():
        totals = sweep(scenario, "share_rate", steps)
        lines.append(pd.DataFrame({"x": totals["share_rate"], "scenario": name, "value": totals[measure]}))
        now = getattr(compute(scenario), measure)
        here.append({"x": scenario.share_rate, "scenario": name, "value": now,
                     "colour": OKABE_ITO[len(here) % len(OKABE_ITO)],
                     "label": f"{percent(scenario.share_rate, locale=scenario.locale)}: "
                              f"{money_compact(now, currency_of(scenario))}"})
    currencies = list(dict.fromkeys(s.currency for s in scenarios.values()))
    symbols = ", ".join(dict.fromkeys(_symbol(currency_of(s)) for s in scenarios.values()))
    if len(currencies) > 1:
        symbols = f"mixed currencies: {symbols}"
    first = next(iter(scenarios.values()), None)
    template = _overlay_template(names, measure, symbols, currency_of(first) if len(currencies) == 1 else None,
                                 first.locale if first is not None else DEFAULT_LOCALE)
    return _with_data(template,
                      lines=pd.concat(lines, ignore_index=True) if lines else pd.DataFrame(columns=["x", "scenario", "value"]),
                      here=pd.DataFrame(here, columns=["x", "scenario", "value", "colour", "label"]),
                      # the zero line only for net value; a hidden row otherwise (an empty dataset makes Vega warn)
                      zero=pd.DataFrame({"y": [0.0], "shown": [1.0 if measure == "net_value_per_month" else 0.0]}))
