"""Vega-Lite specs for the Measure page: weekly trends and forecast vs actual.

The same pattern as advocacy_calc.charts (and its projector theme): each template is built
once per shape with Altair and cached; every run only attaches the data by name.
"""

from functools import lru_cache

import altair as alt
import pandas as pd

from ..charts import INK, OKABE_ITO, Spec, _named, _with_data, compact_axis, localised_tooltips, number_axis
from ..formatting import DEFAULT_LOCALE

FORECAST_COLOUR = INK


@lru_cache(maxsize=16)
def _weekly_template(y_title: str, y_format: str, series: tuple[str, ...], locale: str = DEFAULT_LOCALE) -> Spec:
    x = alt.X("week:T", title="Week starting", axis=alt.Axis(format="%d %b", labelAngle=0))
    # counts compact, else the format given (".0%"), in the scenario's locale
    axis = compact_axis(locale) if y_format == "~s" else number_axis(y_format, locale)
    y = alt.Y("value:Q", title=y_title, axis=axis)
    colour = alt.Color("series:N", title=None, sort=list(series), scale=alt.Scale(domain=list(series),
                                                                                     range=OKABE_ITO[:len(series)]))
    tip = [alt.Tooltip("week:T", title="Week of", format="%d %b %Y"), alt.Tooltip("series:N", title="Series"),
           alt.Tooltip("value:Q", title="Value", format=y_format if y_format != "~s" else ",.0f")]
    line = alt.Chart(_named("weekly")).mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=60, filled=True))
    return localised_tooltips(line.encode(x=x, y=y, color=colour, tooltip=tip).properties(height=380).to_dict(),
                              locale)


def weekly_chart(weekly: pd.DataFrame, columns: dict[str, str], y_title: str, y_format: str = "~s",
                 locale: str = DEFAULT_LOCALE) -> Spec:
    """Lines per week: `columns` maps a column of the weekly table to its legend label; ``locale`` (the
    scenario's) prints the axis."""
    long = pd.concat([pd.DataFrame({"week": weekly["week"], "series": label, "value": weekly[col]})
                      for col, label in columns.items() if col in weekly], ignore_index=True)
    return _with_data(_weekly_template(y_title, y_format, tuple(columns.values()), locale), weekly=long)


@lru_cache(maxsize=8)
def _forecast_template(measure: str, locale: str = DEFAULT_LOCALE) -> Spec:
    x = alt.X("label:N", title=None, sort=None, axis=alt.Axis(labelAngle=0))
    bars = alt.Chart(_named("actual")).mark_bar(color=OKABE_ITO[0]).encode(
        x=x, y=alt.Y("value:Q", title=f"{measure} per month", axis=compact_axis(locale)),
        tooltip=[alt.Tooltip("month:T", title="Month", format="%B %Y"),
                 alt.Tooltip("value:Q", title="Measured", format=",.0f"),
                 alt.Tooltip("coverage:Q", title="Share of the month in the data", format=".0%")])
    forecast = alt.Chart(_named("forecast")).mark_tick(color=FORECAST_COLOUR, thickness=4).encode(
        x=x, y="value:Q",
        tooltip=[alt.Tooltip("month:T", title="Month", format="%B %Y"),
                 alt.Tooltip("value:Q", title="Forecast", format=",.0f")])
    return localised_tooltips(alt.layer(bars, forecast).properties(height=380).to_dict(), locale)


def forecast_actual_chart(frame: pd.DataFrame, measure: str, locale: str = DEFAULT_LOCALE) -> Spec:
    """Measured months as bars, the scenario's forecast for each month as a black tick."""
    part = frame[frame["measure"] == measure].assign(label=lambda d: d["month"].dt.strftime("%b %Y"))
    return _with_data(_forecast_template(measure, locale), actual=part[part["kind"] == "Measured"],
                      forecast=part[part["kind"] == "Forecast"])
