"""Chart specs: Altair builds each chart's shape once, the data is attached on every run.

Building an Altair chart costs 100+ ms of schema work, far more than the model (under a
millisecond). So each chart's Vega-Lite template (named datasets, no data) is built once
per shape and cached; a slider move only attaches new DataFrames by name. Colours are
Okabe-Ito (safe for the common colour-vision deficiencies); fonts are sized for a projector.
The same specs and theme serve the screen, the CLI and exported images: no streamlit here.
"""

from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from advocacy_calc import Results, Scenario
from advocacy_calc.formatting import CURRENCY_SYMBOLS, money_compact, percent

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
COST_COLOUR = "#D55E00"
INK = "#1A1A1A"
TOTAL_SERIES = "Total value (media + leads + hiring)"
COST_SERIES = "Program cost"
POTENTIAL, SEEN = "Potential (all connections)", "Likely seen (× visibility)"
Spec = dict[str, Any]


@alt.theme.register("advocacy", enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif",
            "background": "#FFFFFF",
            "view": {"stroke": None},
            "range": {"category": OKABE_ITO},
            "axis": {"labelFontSize": 15, "titleFontSize": 16, "titleFontWeight": 600, "labelColor": INK,
                     "titleColor": INK, "gridColor": "#E3E3E3", "domainColor": "#888888", "tickColor": "#888888"},
            "legend": {"labelFontSize": 15, "titleFontSize": 15, "orient": "top", "symbolSize": 200,
                       "labelLimit": 420},
            "title": {"fontSize": 19, "anchor": "start", "color": INK},
            "text": {"fontSize": 15, "color": INK, "font": "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"},
        }
    }


def _with_data(template: Spec, **datasets: pd.DataFrame) -> Spec:
    # Shallow copy: the cached template is shared and never mutated.
    return {**template, "datasets": datasets}


def _named(name: str) -> alt.NamedData:
    return alt.NamedData(name=name)


def _symbol(currency: str) -> str:
    return CURRENCY_SYMBOLS.get(currency, currency)


# --- Participation sweep -------------------------------------------------------------------

@lru_cache(maxsize=64)
def _participation_template(param: str, measure: str, symbol: str, networks: tuple[str, ...],
                            show_cost: bool) -> Spec:
    per_month = measure == "value_per_month"
    if param == "share_rate":
        x = alt.X("x:Q", title="Share rate (participation)", axis=alt.Axis(format="%"),
                  scale=alt.Scale(domain=[0, 1], nice=False))
        x_tip = alt.Tooltip("x:Q", format=".0%", title="Share rate")
    else:
        x = alt.X("x:Q", title="Participants", axis=alt.Axis(format="~s"))
        x_tip = alt.Tooltip("x:Q", format=",.0f", title="Participants")
    y_title = f"{'Value per month' if per_month else 'Media value per story'} ({symbol})"
    area = alt.Chart(_named("area")).mark_area(opacity=0.85).encode(
        x=x,
        y=alt.Y("value:Q", stack="zero", title=y_title, axis=alt.Axis(format="~s")),
        color=alt.Color("network:N", title="Media value by network", sort=list(networks)),
        order=alt.Order("order:Q"),
        tooltip=[x_tip, alt.Tooltip("network:N", title="Network"), alt.Tooltip("value:Q", format=",.2f", title="Value")],
    )
    layers: list[alt.Chart] = [area]
    if per_month:
        series = [TOTAL_SERIES, COST_SERIES] if show_cost else [TOTAL_SERIES]
        layers.append(alt.Chart(_named("lines")).mark_line(strokeWidth=3, color=INK).encode(
            x=x, y=alt.Y("amount:Q"),
            strokeDash=alt.StrokeDash("series:N", title=None,
                                      scale=alt.Scale(domain=series, range=[[1, 0], [8, 4]][:len(series)])),
            tooltip=[x_tip, alt.Tooltip("series:N", title="Line"), alt.Tooltip("amount:Q", format=",.0f", title="Amount")],
        ))
        layers.append(alt.Chart(_named("breakeven")).mark_rule(color=COST_COLOUR, strokeWidth=2, strokeDash=[4, 4])
                      .encode(x="x:Q"))
        layers.append(alt.Chart(_named("breakeven")).mark_text(align="left", dx=6, color=COST_COLOUR,
                                                              fontWeight=600, fontSize=16)
                      .encode(x="x:Q", y=alt.value(14), text="label:N"))
    layers.append(alt.Chart(_named("here")).mark_rule(color=INK, strokeWidth=2).encode(x="x:Q"))
    layers.append(alt.Chart(_named("here")).mark_point(size=180, filled=True, color=INK, opacity=1)
                  .encode(x="x:Q", y="y:Q"))
    layers.append(alt.Chart(_named("here")).mark_text(align="left", dx=6, fontWeight=700, fontSize=17)
                  .encode(x="x:Q", y=alt.value(36), text="label:N"))
    return alt.layer(*layers).properties(height=420).to_dict()


def participation_chart(by_network: pd.DataFrame, totals: pd.DataFrame, scenario: Scenario, results: Results,
                        param: str = "share_rate", measure: str = "value_per_month") -> Spec:
    """Value across participation, stacked by network, with today's point, cost and break-even."""
    per_month = measure == "value_per_month"
    names = [n.name for n in scenario.networks]
    show_cost = per_month and bool((totals["program_cost_per_month"] > 0).any())
    template = _participation_template(param, measure, _symbol(scenario.currency), tuple(names), show_cost)
    area = pd.DataFrame({"x": by_network[param], "network": by_network["network"],
                         "order": by_network["network"].map({n: i for i, n in enumerate(names)}),
                         "value": by_network[measure]})
    current_x = scenario.share_rate if param == "share_rate" else scenario.participants
    current_y = results.value_per_month if per_month else results.value_per_story
    where = percent(current_x) if param == "share_rate" else f"{current_x:,}"
    here = pd.DataFrame({"x": [current_x], "y": [current_y],
                         "label": [f"Now ({where}): {money_compact(current_y, scenario.currency)}"]})
    data = {"area": area, "here": here}
    if per_month:
        lines = [pd.DataFrame({"x": totals[param], "series": TOTAL_SERIES, "amount": totals["total_value_per_month"]})]
        if show_cost:
            lines.append(pd.DataFrame({"x": totals[param], "series": COST_SERIES,
                                       "amount": totals["program_cost_per_month"]}))
        be = results.break_even_share_rate
        show_be = param == "share_rate" and be is not None and 0 < be < 1
        data["lines"] = pd.concat(lines, ignore_index=True)
        data["breakeven"] = pd.DataFrame({"x": [be] if show_be else [],
                                          "label": [f"Break-even {percent(be)}"] if show_be else []})
    return _with_data(template, **data)


# --- Reach and valuation per network -------------------------------------------------------

def _bar_height(results: Results) -> int:
    return max(160, 90 * len(results.networks))


@lru_cache(maxsize=16)
def _reach_template(height: int) -> Spec:
    order = [POTENTIAL, SEEN]
    return alt.Chart(_named("reach")).mark_bar().encode(
        y=alt.Y("network:N", title=None),
        yOffset=alt.YOffset("reach:N", sort=order),
        x=alt.X("impressions:Q", title="Impressions per story", axis=alt.Axis(format="~s")),
        color=alt.Color("reach:N", title=None, sort=order, scale=alt.Scale(domain=order, range=["#56B4E9", "#0072B2"])),
        tooltip=["network:N", "reach:N", alt.Tooltip("impressions:Q", format=",.0f")],
    ).properties(height=height).to_dict()


def reach_chart(results: Results) -> Spec:
    """Potential vs likely-seen impressions per story, per network: the visibility factor made visible."""
    rows = [(n.name, kind, value) for n in results.networks
            for kind, value in ((POTENTIAL, n.potential_impressions_per_story), (SEEN, n.impressions_per_story))]
    return _with_data(_reach_template(_bar_height(results)),
                      reach=pd.DataFrame(rows, columns=["network", "reach", "impressions"]))


@lru_cache(maxsize=16)
def _basis_template(height: int, symbol: str) -> Spec:
    order = ["CPM value", "CPC value"]
    return alt.Chart(_named("basis")).mark_bar().encode(
        y=alt.Y("network:N", title=None),
        yOffset=alt.YOffset("basis:N", sort=order),
        x=alt.X("value:Q", title=f"Value per story ({symbol})"),
        color=alt.Color("basis:N", title=None, scale=alt.Scale(domain=order, range=OKABE_ITO[:2])),
        opacity=alt.Opacity("used:N", legend=None, scale=alt.Scale(domain=["in use", "not used"], range=[1, 0.3])),
        tooltip=["network:N", "basis:N", "used:N", alt.Tooltip("value:Q", format=",.2f")],
    ).properties(height=height).to_dict()


def basis_chart(results: Results, scenario: Scenario) -> Spec:
    """CPM value and CPC value per story side by side; the basis in use is solid, the other faded."""
    rows = []
    for n in results.networks:
        rows.append((n.name, "CPM value", n.cpm_value_per_story, "in use" if n.basis_used == "cpm" else "not used"))
        rows.append((n.name, "CPC value", n.click_value_per_story, "in use" if n.basis_used == "cpc" else "not used"))
    return _with_data(_basis_template(_bar_height(results), _symbol(scenario.currency)),
                      basis=pd.DataFrame(rows, columns=["network", "basis", "value", "used"]))


# --- Funnel --------------------------------------------------------------------------------

FUNNEL_STAGES = ["Leads", "MQLs", "SQLs", "Won"]


@lru_cache(maxsize=1)
def _funnel_template() -> Spec:
    bars = alt.Chart(_named("funnel")).mark_bar(color=OKABE_ITO[2]).encode(
        y=alt.Y("stage:N", sort=FUNNEL_STAGES, title=None),
        x=alt.X("per_month:Q", title="Per month"),
        tooltip=["stage:N", alt.Tooltip("per_month:Q", format=",.1f")],
    )
    text = bars.mark_text(align="left", dx=6).encode(text=alt.Text("per_month:Q", format=",.1f"))
    return (bars + text).properties(height=220).to_dict()


def funnel_chart(results: Results) -> Spec:
    """Leads down the funnel to deals won."""
    f = results.funnel
    values = [results.advocacy_leads_per_month] + (
        [f.mqls_per_month, f.sqls_per_month, f.deals_won_per_month] if f else [0.0, 0.0, 0.0])
    return _with_data(_funnel_template(), funnel=pd.DataFrame({"stage": FUNNEL_STAGES, "per_month": values}))
