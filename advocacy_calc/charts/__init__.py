"""Chart specs: Altair builds each chart's shape once, the data is attached on every run.

Building an Altair chart costs 100+ ms of schema work, far more than the model (under a
millisecond). So each chart's Vega-Lite template (named datasets, no data) is built once
per shape and cached; a slider move only attaches new DataFrames by name. Colours are
Okabe-Ito (safe for the common colour-vision deficiencies); fonts are sized for a projector.
The same specs and theme serve the screen, the CLI and exported images: no streamlit here.
May import the value model; compare (scenarios overlaid) lives beside, the Measure page's
charts in measure/charts.py.
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


# --- Forecast and uncertainty (issue 4) ----------------------------------------------------

BAND_COLOUR, MEDIAN_COLOUR, LOW_COLOUR, HIGH_COLOUR = "#56B4E9", "#0072B2", "#E69F00", "#0072B2"


def _money_axis(symbol: str, title: str) -> dict:
    return {"title": f"{title} ({symbol})", "axis": alt.Axis(format="~s")}


def _marks(name: str, dy_step: int = 26) -> list[alt.Chart]:
    """Vertical rules with labels at the top: for percentiles, payback, goals (data: x, label, row)."""
    rule = alt.Chart(_named(name)).mark_rule(strokeWidth=3, color=INK).encode(
        x="x:Q", strokeDash=alt.StrokeDash("dash:N", legend=None, scale=None))
    text = alt.Chart(_named(name)).mark_text(align="left", dx=6, fontSize=17, fontWeight=700, color=INK).encode(
        x="x:Q", y=alt.Y("row:Q", scale=None), text="label:N")
    return [rule, text]


@lru_cache(maxsize=8)
def _distribution_template(symbol: str) -> Spec:
    bars = alt.Chart(_named("bins")).mark_rect(color=BAND_COLOUR, opacity=0.9, stroke="#FFFFFF", strokeWidth=1).encode(
        x=alt.X("start:Q", **_money_axis(symbol, "Value per month")), x2="end:Q",
        y=alt.Y("share:Q", title="Share of draws", axis=alt.Axis(format="%"), scale=alt.Scale(zero=True)),
        y2=alt.datum(0),
        tooltip=[alt.Tooltip("start:Q", format=",.0f", title="From"), alt.Tooltip("end:Q", format=",.0f", title="To"),
                 alt.Tooltip("share:Q", format=".1%", title="Share of draws")])
    return alt.layer(bars, *_marks("marks")).properties(height=380).to_dict()


def distribution_chart(bins: pd.DataFrame, p10: float, p50: float, p90: float, currency: str) -> Spec:
    """Histogram of value per month over the draws, P10 / P50 / P90 marked and labelled."""
    marks = pd.DataFrame({"x": [p10, p50, p90],
                          "label": [f"{k} {money_compact(v, currency)}" for k, v in (("P10", p10), ("P50", p50), ("P90", p90))],
                          "row": [18, 44, 18], "dash": [[6, 4], [1, 0], [6, 4]]})
    return _with_data(_distribution_template(_symbol(currency)), bins=bins, marks=marks)


@lru_cache(maxsize=8)
def _fan_template(symbol: str, show_cost: bool) -> Spec:
    x = alt.X("share_rate:Q", title="Share rate (participation)", axis=alt.Axis(format="%"),
              scale=alt.Scale(domain=[0, 1], nice=False))
    band = alt.Chart(_named("fan")).mark_area(color=BAND_COLOUR, opacity=0.45).encode(
        x=x, y=alt.Y("p10:Q", **_money_axis(symbol, "Value per month")), y2="p90:Q",
        tooltip=[alt.Tooltip("share_rate:Q", format=".0%", title="Share rate"),
                 alt.Tooltip("p10:Q", format=",.0f", title="P10"), alt.Tooltip("p50:Q", format=",.0f", title="P50"),
                 alt.Tooltip("p90:Q", format=",.0f", title="P90")])
    lines = alt.Chart(_named("lines")).mark_line(strokeWidth=3).encode(
        x=x, y="amount:Q",
        color=alt.Color("series:N", title=None, scale=alt.Scale(
            domain=["P50 (median)", "Your point estimate", COST_SERIES],
            range=[MEDIAN_COLOUR, INK, COST_COLOUR])),
        strokeDash=alt.StrokeDash("series:N", title=None, scale=alt.Scale(
            domain=["P50 (median)", "Your point estimate", COST_SERIES], range=[[1, 0], [6, 4], [2, 2]])))
    here = alt.Chart(_named("here")).mark_rule(color=INK, strokeWidth=2).encode(x="x:Q")
    here_text = alt.Chart(_named("here")).mark_text(align="left", dx=6, fontWeight=700, fontSize=17).encode(
        x="x:Q", y=alt.value(16), text="label:N")
    return alt.layer(band, lines, here, here_text).properties(height=400).to_dict()


def fan_chart(fan: pd.DataFrame, scenario: Scenario) -> Spec:
    """The share-rate sweep as a P10-P90 band around the median, the point estimate dashed."""
    show_cost = bool((fan["program_cost_per_month"] > 0).any())
    series = [("P50 (median)", "p50"), ("Your point estimate", "base")]
    if show_cost:
        series.append((COST_SERIES, "program_cost_per_month"))
    lines = pd.concat([pd.DataFrame({"share_rate": fan["share_rate"], "series": name, "amount": fan[col]})
                       for name, col in series], ignore_index=True)
    here = pd.DataFrame({"x": [scenario.share_rate], "label": [f"Now {percent(scenario.share_rate)}"]})
    return _with_data(_fan_template(_symbol(scenario.currency), show_cost),
                      fan=fan[["share_rate", "p10", "p50", "p90"]], lines=lines, here=here)


@lru_cache(maxsize=16)
def _tornado_template(symbol: str, measure_title: str, height: int) -> Spec:
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("order", order="ascending"),
              axis=alt.Axis(labelLimit=380, labelFontSize=16))
    bars = alt.Chart(_named("bars")).mark_bar(height={"band": 0.7}).encode(
        y=y, x=alt.X("start:Q", **_money_axis(symbol, measure_title)), x2="end:Q",
        color=alt.Color("side:N", title=None, scale=alt.Scale(
            domain=["Input at its low", "Input at its high"], range=[LOW_COLOUR, HIGH_COLOUR])),
        tooltip=[alt.Tooltip("label:N", title="Input"), alt.Tooltip("side:N", title="Bar"),
                 alt.Tooltip("input_value:N", title="Input value"),
                 alt.Tooltip("end:Q", format=",.0f", title="Result")])
    text = alt.Chart(_named("bars")).mark_text(fontSize=14, dx=alt.expr("datum.end < datum.start ? -6 : 6"),
                                               align=alt.expr("datum.end < datum.start ? 'right' : 'left'")).encode(
        y=y, x="end:Q", text="input_value:N")
    base = alt.Chart(_named("base")).mark_rule(color=INK, strokeWidth=2).encode(x="x:Q")
    return alt.layer(bars, text, base).properties(height=height).to_dict()


def tornado_chart(frame: pd.DataFrame, labels: dict[str, str], values: dict[str, tuple[str, str]],
                  measure_title: str, currency: str) -> Spec:
    """One bar pair per input, widest swing on top: the result with that input at its low and at its high."""
    rows = []
    for order, r in enumerate(frame.itertuples()):
        low_text, high_text = values.get(r.input, (f"{r.low:g}", f"{r.high:g}"))
        for side, end, text in (("Input at its low", r.at_low, low_text), ("Input at its high", r.at_high, high_text)):
            rows.append({"label": labels.get(r.input, r.input), "order": order, "side": side,
                         "start": r.base_result, "end": end, "input_value": text})
    bars = pd.DataFrame(rows, columns=["label", "order", "side", "start", "end", "input_value"])
    base = pd.DataFrame({"x": [frame["base_result"].iloc[0] if len(frame) else 0.0]})
    height = max(160, 52 * len(frame))
    return _with_data(_tornado_template(_symbol(currency), measure_title, height), bars=bars, base=base)


@lru_cache(maxsize=32)
def _heatmap_template(symbol: str, x_title: str, y_title: str, x_format: str, y_format: str) -> Spec:
    cells = alt.Chart(_named("cells")).mark_rect().encode(
        x=alt.X("x0:Q", title=x_title, axis=alt.Axis(format=x_format), scale=alt.Scale(nice=False, zero=False)),
        x2="x1:Q",
        y=alt.Y("y0:Q", title=y_title, axis=alt.Axis(format=y_format), scale=alt.Scale(nice=False, zero=False)),
        y2="y1:Q",
        color=alt.Color("value_per_month:Q", title=f"Value per month ({symbol})",
                        scale=alt.Scale(scheme="viridis"), legend=alt.Legend(format="~s", orient="right",
                                                                             gradientLength=300)),
        tooltip=[alt.Tooltip("x:Q", format=x_format or ",.2f", title=x_title),
                 alt.Tooltip("y:Q", format=y_format or ",.2f", title=y_title),
                 alt.Tooltip("value_per_month:Q", format=",.0f", title="Value per month"),
                 alt.Tooltip("net_value_per_month:Q", format=",.0f", title="Net value per month")])
    line = alt.Chart(_named("breakeven")).mark_line(color="#FFFFFF", strokeWidth=4, strokeDash=[8, 4]).encode(
        x="x:Q", y="y:Q", order="x:Q")
    line_text = alt.Chart(_named("breakeven_label")).mark_text(
        align="left", dx=8, dy=-10, fontSize=16, fontWeight=700, color="#FFFFFF").encode(x="x:Q", y="y:Q", text="label:N")
    here = alt.Chart(_named("here")).mark_point(shape="diamond", size=500, filled=True, color="#FFFFFF",
                                                stroke=INK, strokeWidth=2, opacity=1).encode(x="x:Q", y="y:Q")
    here_text = alt.Chart(_named("here")).mark_text(align="left", dx=14, fontSize=17, fontWeight=700,
                                                    color="#FFFFFF").encode(x="x:Q", y="y:Q", text="label:N")
    return alt.layer(cells, line, line_text, here, here_text).properties(height=460).to_dict()


def heatmap_chart(cells: pd.DataFrame, break_even: pd.DataFrame, here: tuple[float, float], x_title: str,
                  y_title: str, x_format: str, y_format: str, currency: str) -> Spec:
    """Value per month over two inputs; the current scenario and the break-even line (value = cost) marked."""
    xs, ys = sorted(cells["x"].unique()), sorted(cells["y"].unique())
    dx = (xs[1] - xs[0]) / 2 if len(xs) > 1 else 0.5
    dy = (ys[1] - ys[0]) / 2 if len(ys) > 1 else 0.5
    data = cells.assign(x0=cells["x"] - dx, x1=cells["x"] + dx, y0=cells["y"] - dy, y1=cells["y"] + dy)
    label = break_even.iloc[[len(break_even) // 2]].assign(label="Break-even: value = cost") if len(break_even) else \
        pd.DataFrame({"x": [], "y": [], "label": []})
    return _with_data(_heatmap_template(_symbol(currency), x_title, y_title, x_format, y_format),
                      cells=data, breakeven=break_even, breakeven_label=label,
                      here=pd.DataFrame({"x": [here[0]], "y": [here[1]], "label": ["Now"]}))


_MONTH_X = dict(title="Month after launch", scale=alt.Scale(nice=False), axis=alt.Axis(tickMinStep=1))


@lru_cache(maxsize=8)
def _timeline_template(symbol: str) -> Spec:
    series = ["Cumulative value", "Cumulative cost"]
    lines = alt.Chart(_named("cumulative")).mark_line(strokeWidth=4).encode(
        x=alt.X("month:Q", **_MONTH_X), y=alt.Y("amount:Q", **_money_axis(symbol, "Cumulative")),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=series, range=[MEDIAN_COLOUR, COST_COLOUR])),
        tooltip=[alt.Tooltip("month:Q", title="Month"), "series:N", alt.Tooltip("amount:Q", format=",.0f")])
    return alt.layer(lines, *_marks("payback")).properties(height=400).to_dict()


def timeline_chart(table: pd.DataFrame, payback_month: int | None, currency: str) -> Spec:
    """Cumulative value and cumulative cost (launch cost included) by month, the payback month marked."""
    cumulative = pd.concat([
        pd.DataFrame({"month": table["month"], "series": "Cumulative value", "amount": table["cumulative_value"]}),
        pd.DataFrame({"month": table["month"], "series": "Cumulative cost", "amount": table["cumulative_cost"]}),
    ], ignore_index=True)
    payback = pd.DataFrame({"x": [payback_month] if payback_month else [],
                            "label": [f"Pays back in month {payback_month}"] if payback_month else [],
                            "row": [18] if payback_month else [], "dash": [[6, 4]] if payback_month else []})
    return _with_data(_timeline_template(_symbol(currency)), cumulative=cumulative, payback=payback)


@lru_cache(maxsize=8)
def _monthly_template(symbol: str) -> Spec:
    x = alt.X("month:Q", **_MONTH_X)
    bars = alt.Chart(_named("monthly")).mark_bar(color=BAND_COLOUR).encode(
        x=x, y=alt.Y("total_value_per_month:Q", **_money_axis(symbol, "Per month")),
        tooltip=[alt.Tooltip("month:Q", title="Month"), alt.Tooltip("calendar_month:N", title="Calendar"),
                 alt.Tooltip("share_rate:Q", format=".1%", title="Share rate"),
                 alt.Tooltip("total_value_per_month:Q", format=",.0f", title="Value this month"),
                 alt.Tooltip("program_cost_per_month:Q", format=",.0f", title="Cost this month")])
    cost = alt.Chart(_named("monthly")).mark_line(color=COST_COLOUR, strokeWidth=3, strokeDash=[6, 3],
                                                  interpolate="step-after").encode(x=x, y="program_cost_per_month:Q")
    return alt.layer(bars, cost).properties(height=260).to_dict()


def monthly_chart(table: pd.DataFrame, currency: str) -> Spec:
    """Value each month as bars (the ramp, decay and dips visible), cost each month dashed."""
    return _with_data(_monthly_template(_symbol(currency)), monthly=table[
        ["month", "calendar_month", "share_rate", "total_value_per_month", "program_cost_per_month"]])


@lru_cache(maxsize=4)
def _goal_layers() -> tuple[Spec, ...]:
    rule = alt.Chart(_named("goal")).mark_rule(color=OKABE_ITO[2], strokeWidth=3, strokeDash=[10, 4]).encode(x="x:Q")
    text = alt.Chart(_named("goal")).mark_text(align="right", dx=-8, color=OKABE_ITO[2], fontWeight=700,
                                               fontSize=17).encode(x="x:Q", y=alt.value(60), text="label:N")
    return tuple(alt.layer(rule, text).to_dict()["layer"])


def with_goal(spec: Spec, x: float | None, label: str) -> Spec:
    """A participation chart with the goal-seek answer marked (nothing drawn when there is none)."""
    goal = pd.DataFrame({"x": [x] if x is not None else [], "label": [label] if x is not None else []})
    return {**spec, "layer": [*spec["layer"], *_goal_layers()], "datasets": {**spec["datasets"], "goal": goal}}
