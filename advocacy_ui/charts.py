"""Altair chart builders and the one theme used on screen and in exported images.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies);
fonts are sized for a projector.
"""

import altair as alt
import pandas as pd

from advocacy_calc import Results, Scenario
from advocacy_calc.formatting import CURRENCY_SYMBOLS, money_compact, percent

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
COST_COLOUR = "#D55E00"
TOTAL_COLOUR = "#000000"
INK = "#1A1A1A"


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
            "legend": {"labelFontSize": 15, "titleFontSize": 15, "orient": "top", "symbolSize": 200, "labelLimit": 420},
            "title": {"fontSize": 19, "anchor": "start", "color": INK},
            "text": {"fontSize": 15, "color": INK},
        }
    }


def _money_title(label: str, scenario: Scenario) -> str:
    return f"{label} ({CURRENCY_SYMBOLS.get(scenario.currency, scenario.currency)})"


def _x(param: str) -> alt.X:
    if param == "share_rate":
        return alt.X("share_rate:Q", title="Share rate (participation)", axis=alt.Axis(format="%"),
                     scale=alt.Scale(domain=[0, 1], nice=False))
    return alt.X("participants:Q", title="Participants", axis=alt.Axis(format="~s"))


def participation_chart(by_network: pd.DataFrame, totals: pd.DataFrame, scenario: Scenario, results: Results,
                        param: str = "share_rate", measure: str = "value_per_month") -> alt.LayerChart:
    """Value across participation, stacked by network, with today's point, cost and break-even."""
    per_month = measure == "value_per_month"
    x = _x(param)
    y_title = _money_title("Media value per month" if per_month else "Media value per story", scenario)
    tooltip_x = alt.Tooltip(f"{param}:Q", format=".0%" if param == "share_rate" else ",.0f",
                            title="Share rate" if param == "share_rate" else "Participants")
    area = alt.Chart(by_network).mark_area(opacity=0.85).encode(
        x=x,
        y=alt.Y(f"{measure}:Q", stack="zero", title=y_title, axis=alt.Axis(format="~s")),
        color=alt.Color("network:N", title="Network", sort=[n.name for n in scenario.networks]),
        order=alt.Order("network:N"),
        tooltip=[tooltip_x, "network:N", alt.Tooltip(f"{measure}:Q", format=",.2f", title="Value")],
    )
    layers: list[alt.Chart] = [area]
    current_x = scenario.share_rate if param == "share_rate" else scenario.participants
    current_y = results.value_per_month if per_month else results.value_per_story
    if per_month:
        lines = totals.melt(id_vars=[param], value_vars=["total_value_per_month", "program_cost_per_month"],
                            var_name="series", value_name="amount")
        lines["series"] = lines["series"].map({"total_value_per_month": "Total value (incl. leads, hiring)",
                                               "program_cost_per_month": "Program cost"})
        if results.program_cost_per_month == 0 and (totals["program_cost_per_month"] == 0).all():
            lines = lines[lines["series"] != "Program cost"]
        layers.append(alt.Chart(lines).mark_line(strokeWidth=3).encode(
            x=x, y=alt.Y("amount:Q"),
            strokeDash=alt.StrokeDash("series:N", title=None,
                                      scale=alt.Scale(domain=["Total value (incl. leads, hiring)", "Program cost"],
                                                      range=[[1, 0], [8, 4]])),
            detail="series:N",
            color=alt.value(TOTAL_COLOUR),
            tooltip=[tooltip_x, "series:N", alt.Tooltip("amount:Q", format=",.0f", title="Amount")],
        ))
        be = results.break_even_share_rate
        if param == "share_rate" and be is not None and 0 < be < 1:
            marker = pd.DataFrame({"x": [be], "label": [f"Break-even {percent(be)}"]})
            layers.append(alt.Chart(marker).mark_rule(color=COST_COLOUR, strokeWidth=2, strokeDash=[4, 4])
                          .encode(x="x:Q"))
            layers.append(alt.Chart(marker).mark_text(align="left", dx=6, dy=-8, color=COST_COLOUR, fontWeight=600)
                          .encode(x="x:Q", y=alt.value(12), text="label:N"))
    here = pd.DataFrame({"x": [current_x], "y": [current_y],
                         "label": [f"Now: {money_compact(current_y, scenario.currency)}"]})
    layers.append(alt.Chart(here).mark_rule(color=INK, strokeWidth=2).encode(x="x:Q"))
    layers.append(alt.Chart(here).mark_point(size=160, filled=True, color=INK).encode(x="x:Q", y="y:Q"))
    layers.append(alt.Chart(here).mark_text(align="left", dx=10, dy=-12, fontWeight=700, fontSize=17)
                  .encode(x="x:Q", y="y:Q", text="label:N"))
    return alt.layer(*layers).properties(height=420).resolve_scale(color="independent")


def reach_chart(results: Results) -> alt.Chart:
    """Potential vs likely-seen impressions per story, per network: the visibility factor made visible."""
    rows = [{"network": n.name, "reach": kind, "impressions": value}
            for n in results.networks
            for kind, value in (("Potential (all connections)", n.potential_impressions_per_story),
                                ("Likely seen (× visibility)", n.impressions_per_story))]
    data = pd.DataFrame(rows, columns=["network", "reach", "impressions"])
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("network:N", title=None),
        yOffset=alt.YOffset("reach:N", sort=["Potential (all connections)", "Likely seen (× visibility)"]),
        x=alt.X("impressions:Q", title="Impressions per story", axis=alt.Axis(format="~s")),
        color=alt.Color("reach:N", title=None, scale=alt.Scale(range=["#56B4E9", "#0072B2"]),
                        sort=["Potential (all connections)", "Likely seen (× visibility)"]),
        tooltip=["network:N", "reach:N", alt.Tooltip("impressions:Q", format=",.0f")],
    ).properties(height=max(160, 90 * len(results.networks)))


def basis_chart(results: Results, scenario: Scenario) -> alt.Chart:
    """CPM value and CPC value per story side by side; the basis in use is solid, the other faded."""
    rows = []
    for n in results.networks:
        rows.append({"network": n.name, "basis": "CPM value", "value": n.cpm_value_per_story,
                     "used": "in use" if n.basis_used == "cpm" else "not used"})
        rows.append({"network": n.name, "basis": "CPC value", "value": n.click_value_per_story,
                     "used": "in use" if n.basis_used == "cpc" else "not used"})
    data = pd.DataFrame(rows, columns=["network", "basis", "value", "used"])
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("network:N", title=None),
        yOffset=alt.YOffset("basis:N", sort=["CPM value", "CPC value"]),
        x=alt.X("value:Q", title=_money_title("Value per story", scenario)),
        color=alt.Color("basis:N", title=None, scale=alt.Scale(domain=["CPM value", "CPC value"],
                                                               range=[OKABE_ITO[0], OKABE_ITO[1]])),
        opacity=alt.Opacity("used:N", legend=None, scale=alt.Scale(domain=["in use", "not used"], range=[1, 0.3])),
        tooltip=["network:N", "basis:N", "used:N", alt.Tooltip("value:Q", format=",.2f")],
    ).properties(height=max(160, 90 * len(results.networks)))


def funnel_chart(results: Results) -> alt.Chart:
    """Leads down the funnel to deals won."""
    f = results.funnel
    stages = ["Leads", "MQLs", "SQLs", "Won"]
    values = [results.advocacy_leads_per_month] + ([f.mqls_per_month, f.sqls_per_month, f.deals_won_per_month]
                                                   if f else [0, 0, 0])
    data = pd.DataFrame({"stage": stages, "per_month": values})
    bars = alt.Chart(data).mark_bar(color=OKABE_ITO[2]).encode(
        y=alt.Y("stage:N", sort=stages, title=None),
        x=alt.X("per_month:Q", title="Per month"),
        tooltip=["stage:N", alt.Tooltip("per_month:Q", format=",.1f")],
    )
    text = bars.mark_text(align="left", dx=6).encode(text=alt.Text("per_month:Q", format=",.1f"))
    return (bars + text).properties(height=220)
