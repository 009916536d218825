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
from advocacy_calc.formatting import (DEFAULT_LOCALE, count, currency_of, money, money_compact, percent, symbol,
                                      vega_axis_format, vega_d3_expr)
from advocacy_calc.scenario import network_label

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
COST_COLOUR = "#D55E00"
GOAL_COLOUR = "#007A5A"  # Okabe-Ito green darkened to 5:1 on white: text, not only a line
INK = "#1A1A1A"
TOTAL_SERIES = "Total value (media + leads + hiring)"
COST_SERIES = "Program cost"
POTENTIAL, SEEN = "Potential (all connections)", "Likely seen (× visibility)"
Spec = dict[str, Any]
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"

# One style for every chart (screen, PNG/SVG, PDF, slides):
# - ticks: d3 picks round steps near AXIS_TICKS, so an axis carries 4-9 labels at any width;
# - compact numbers on axes only, by the formatting module's rule as headlines print them ($63K, 1.5K,
#   2M, never 0.05k nor d3's 600k / 2G), units in the axis title;
# - marker labels (now, break-even, goal, percentiles, payback) sit in their own row ABOVE the
#   plot, one row each, on the side of their rule with room: no rule crosses a label and no two
#   labels share a row. Rows and sides come from data columns and Vega expressions, so the cached
#   templates stay as they are;
# - text sizes live in the config (named styles for marks), so presentation mode scales them all.
AXIS_TICKS = 6
LABEL_LINE = 24  # px between marker-label rows (a parameter: presentation mode scales it)
ROOM_SCALE = 1.5  # presentation mode: every chart text 1.5x
# Heights are of the whole chart (labels, axes and legend included: autosize "fit", as Streamlit
# draws a spec), so a chart is as tall on the page, in the tests and in an image.
HEIGHT = 440  # on screen: a chart and its subheader fit a 1280x720 screen under the levers
ROOM_HEIGHT = 540  # presentation mode: larger text needs room; still inside a 720 px screen
ROOM_GROWTH = 1.25  # bar charts sized by their rows grow by this much (up to ROOM_HEIGHT)
_SIDE = "scale('x', datum.x) > width * 0.5"  # in the right half: the label goes to the left of its rule
_ROOM = f"({_SIDE} ? scale('x', datum.x) : width - scale('x', datum.x)) - 6"  # px to the plot's edge


@alt.theme.register("advocacy", enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "#FFFFFF",
            "autosize": {"type": "fit", "contains": "padding"},
            "view": {"stroke": None},
            "range": {"category": OKABE_ITO},
            "axis": {"labelFontSize": 15, "titleFontSize": 16, "titleFontWeight": 600, "labelColor": INK,
                     "titleColor": INK, "gridColor": "#E3E3E3", "domainColor": "#888888", "tickColor": "#888888",
                     "labelOverlap": True},
            # an axis title never runs past the plot (a phone): it ends in "…" instead
            "axisX": {"titleLimit": {"expr": "width"}},
            "axisY": {"titleLimit": {"expr": "height"}},
            "axisQuantitative": {"tickCount": AXIS_TICKS},
            # fewer ticks on a narrow plot: "0 40k 80k120k" ran together on a phone (a label every ~80 px)
            "axisXQuantitative": {"tickCount": {"expr": f"clamp(floor(width / 80), 2, {AXIS_TICKS})"}},
            "axisTemporal": {"tickCount": AXIS_TICKS},
            # legends under the plot: the space above it holds the marker labels
            # one entry a line: a row of entries ran off a phone's screen
            "legend": {"labelFontSize": 15, "titleFontSize": 15, "orient": "bottom", "direction": "vertical",
                       "symbolSize": 200, "labelLimit": {"expr": "max(width - 30, 40)"}, "titleLimit": {"expr": "width"},
                       "layout": {"bottom": {"anchor": "start", "direction": "vertical", "margin": 6}}},
            "title": {"fontSize": 19, "anchor": "start", "color": INK},
            "text": {"fontSize": 15, "color": INK, "font": FONT},
            "style": {"marker-label": {"fontSize": 17, "fontWeight": 700},
                      "value-label": {"fontSize": 15}},
        }
    }


def _with_data(template: Spec, **datasets: pd.DataFrame) -> Spec:
    # Shallow copy: the cached template is shared and never mutated.
    return {**template, "datasets": datasets}


def _named(name: str) -> alt.NamedData:
    return alt.NamedData(name=name)


def _symbol(currency: str) -> str:
    return symbol(currency)


def compact_axis(locale: str = DEFAULT_LOCALE, **kwargs: Any) -> alt.Axis:
    """An axis of counts: 0, 500, 1K, 1.5K, 2M (count_compact's spelling; the unit is in the title), in the
    locale's separators (1,5K in de-DE): a tag or a scenario's CurrencyFormat."""
    return alt.Axis(**vega_axis_format("count_compact", locale=locale), **kwargs)


def percent_axis(locale: str = DEFAULT_LOCALE, **kwargs: Any) -> alt.Axis:
    """An axis of rates: 0%, 5%, 12.5% (d3's "~%": the decimals a tick needs), 12,5 % in de-DE."""
    return alt.Axis(**vega_axis_format("percent_ticks", locale=locale), **kwargs)


def number_axis(fmt: str, locale: str = DEFAULT_LOCALE, **kwargs: Any) -> alt.Axis:
    """An axis printed with a d3 format (",.4~g") in the locale's separators."""
    return alt.Axis(labelExpr=vega_d3_expr(fmt, "datum.value", locale), **kwargs)


def money_axis(currency: str, **kwargs: Any) -> alt.Axis:
    """An axis of money as headlines print it: $0, $500, $63K, $1.2M, -$5K (money_compact's spelling)."""
    return alt.Axis(**vega_axis_format("money_compact", currency), **kwargs)


# A tooltip's number in the scenario's locale: d3 spells its format en-US, so outside en-US the tooltip shows a
# field calculated by the same rule as the axes (vega_d3_expr), named field + TIP_TEXT. The number and its format
# stay in the spec's usermeta, so the chart's table (data_table) still shows numbers, sortable.
TIP_TEXT = "__in_locale"


def localised_tooltips(spec: Spec, locale: str = DEFAULT_LOCALE) -> Spec:
    """The template with each formatted number in a tooltip (",.0f", ".1%") printed in ``locale`` (a tag or
    a scenario's CurrencyFormat): 1.500 and 12,5 % in de-DE. En-US (and a locale spelt as it): unchanged."""
    locale = str(getattr(locale, "locale", locale) or DEFAULT_LOCALE)
    if vega_d3_expr(",.1%", "x", locale) == vega_d3_expr(",.1%", "x"):
        return spec
    numbers: dict[str, dict[str, str]] = {}

    def layer(node: Spec) -> Spec:
        tips = node.get("encoding", {}).get("tooltip")
        if not isinstance(tips, list):
            return {**node, "layer": [layer(n) for n in node["layer"]]} if "layer" in node else node
        calculated, shown = [], []
        for tip in tips:
            if tip.get("type") != "quantitative" or "format" not in tip:
                shown.append(tip)
                continue
            name = tip["field"] + TIP_TEXT
            datum = "datum[" + repr(tip["field"]) + "]"
            calculated.append({"calculate": vega_d3_expr(tip["format"], datum, locale), "as": name})
            shown.append({"field": name, "type": "nominal", "title": tip.get("title", tip["field"])})
            numbers[name] = {"field": tip["field"], "format": tip["format"]}
        return {**node, "transform": [*node.get("transform", []), *calculated],
                "encoding": {**node["encoding"], "tooltip": shown}}

    out = layer(spec)  # the locale too: the page prints the chart's table in it
    return {**out, "usermeta": {**spec.get("usermeta", {}), "tooltip_numbers": numbers, "locale": locale}}


def _label_line() -> alt.Parameter:
    return alt.param(name="label_line", value=LABEL_LINE)


# Marker kinds: (colour, dash). Colour and dash travel as data columns with no scale, so the
# markers never share (and fight over) the colour or dash scale of the series they mark.
MARKER_STYLE = {"now": (INK, [1, 0]), "break-even": (COST_COLOUR, [4, 4]), "goal": (GOAL_COLOUR, [10, 4]),
                "P10": (INK, [6, 4]), "P50": (INK, [1, 0]), "P90": (INK, [6, 4]), "payback": (INK, [6, 4]),
                "none": (INK, [1, 0])}


def markers(rows: list[tuple[float, str, str]], fallback_x: float) -> pd.DataFrame:
    """Marker data: (x, label, kind) each on its own label row. With none, one hidden row at
    `fallback_x` (shown 0): an empty dataset would give Vega an infinite extent and a warning."""
    if not rows:
        rows, shown = [(fallback_x, "", "none")], 0.0
    else:
        shown = 1.0
    frame = pd.DataFrame(rows, columns=["x", "label", "kind"])
    return frame.assign(row=range(len(frame)), shown=shown, colour=frame["kind"].map(lambda k: MARKER_STYLE[k][0]),
                        dash=frame["kind"].map(lambda k: MARKER_STYLE[k][1]))


def add_marker(frame: pd.DataFrame, x: float, label: str, kind: str) -> pd.DataFrame:
    """One more marker on the next free row (the hidden placeholder, if any, goes)."""
    shown = frame[frame["shown"] > 0]
    return markers([*zip(shown["x"], shown["label"], shown["kind"]), (x, label, kind)], x)


def _marker_layers(name: str, dashed: bool = True) -> list[alt.Chart]:
    """A rule per marker and its label in a row above the plot, on the side with room. Without
    `dashed` the rules are solid and leave the dash channel to the series (one legend for both)."""
    shown = alt.Opacity("shown:Q", scale=None, legend=None)
    dash = {"strokeDash": alt.StrokeDash("dash:N", legend=None, scale=None)} if dashed else {}
    # Undashed (the series' legend is one of colours and dashes): each marker's colour read from its row by the
    # mark, no colour channel, or the page's Vega-Lite drew the series' colours and their dashes as two legends
    by_mark = {"color": alt.expr("datum.colour")}
    rule_colour = {"color": alt.Color("colour:N", scale=None)} if dashed else {}
    rule = alt.Chart(_named(name)).mark_rule(strokeWidth=3, **({} if dashed else by_mark)).encode(
        x="x:Q", opacity=shown, **rule_colour, **dash)
    text = alt.Chart(_named(name)).mark_text(**({} if dashed else by_mark),
        style="marker-label", baseline="bottom", dy=alt.expr("-4 - datum.row * label_line"),
        align=alt.expr(f"{_SIDE} ? 'right' : 'left'"), dx=alt.expr(f"{_SIDE} ? -4 : 4"),
        limit=alt.expr(_ROOM),  # longer than the room to the edge (a phone): it ends in "…", never cut
    ).encode(x="x:Q", y=alt.value(0), text="label:N", opacity=shown, **rule_colour)
    return [rule, text]


def _layered(*layers: alt.Chart, height: int = HEIGHT, dash_shared: bool = False,
             locale: str = DEFAULT_LOCALE) -> Spec:
    # strokeDash independent: the markers' dashes (no scale, no legend) must not switch off a
    # series' dash legend ("conflicting legend property disable"). Shared (markers undashed): a
    # series coloured and dashed by one field gets ONE legend, not a legend of colours and another of dashes
    chart = alt.layer(*layers).add_params(_label_line())
    if not dash_shared:
        chart = chart.resolve_scale(strokeDash="independent")
    return localised_tooltips(chart.properties(height=height).to_dict(), locale)


def _scaled(node: Any, factor: float) -> Any:
    if isinstance(node, dict):
        return {k: (v * factor if isinstance(v, (int, float)) and k in _SCALED else _scaled(v, factor))
                for k, v in node.items()}
    return node


_SCALED = {"fontSize", "labelFontSize", "titleFontSize", "symbolSize", "gradientLength"}


def for_room(spec: Spec, scale: float = ROOM_SCALE, height: int = ROOM_HEIGHT) -> Spec:
    """The chart for presentation mode: every text `scale` times larger and the chart taller for it,
    at most `height` px so that it fits a 720 px screen. A shallow copy; data untouched."""
    out = {**spec, "config": _scaled(spec.get("config", {}), scale)}
    if "params" in spec:
        out["params"] = [{**p, "value": p["value"] * scale} if p.get("name") == "label_line" else p
                         for p in spec["params"]]
    if isinstance(spec.get("height"), (int, float)):
        out["height"] = min(round(spec["height"] * ROOM_GROWTH), height)
    return out


# --- Participation sweep -------------------------------------------------------------------

@lru_cache(maxsize=64)
def _participation_template(param: str, measure: str, currency: str, networks: tuple[str, ...],
                            show_cost: bool, top: float = 1.0) -> Spec:
    per_month = measure == "value_per_month"
    if param == "share_rate":  # to 100%, or with groups to the cap (the keenest group at 100%)
        x = alt.X("x:Q", title="Share rate (participation)", axis=percent_axis(currency),
                  scale=alt.Scale(domain=[0, top], nice=False))
        x_tip = alt.Tooltip("x:Q", format=".0%", title="Share rate")
    else:
        x = alt.X("x:Q", title="Participants", axis=compact_axis(currency))
        x_tip = alt.Tooltip("x:Q", format=",.0f", title="Participants")
    y_title = f"{'Value per month' if per_month else 'Media value per story'} ({_symbol(currency)})"
    area = alt.Chart(_named("area")).mark_area(opacity=0.85).encode(
        x=x,
        y=alt.Y("value:Q", stack="zero", title=y_title, axis=money_axis(currency)),
        color=alt.Color("network:N", title="Media value by network", sort=list(networks)),
        order=alt.Order("order:Q"),
        tooltip=[x_tip, alt.Tooltip("network:N", title="Network"), alt.Tooltip("value:Q", format=",.2f", title="Value")],
    )
    layers: list[alt.Chart] = [area]
    if per_month:
        series = [TOTAL_SERIES, COST_SERIES] if show_cost else [TOTAL_SERIES]
        # the black lines are named in a legend of their own (a line symbol each): without a title,
        # colour or symbol of its own Vega drew no entry for them and they read as unexplained
        layers.append(alt.Chart(_named("lines")).mark_line(strokeWidth=3, color=INK).encode(
            x=x, y=alt.Y("amount:Q"),
            strokeDash=alt.StrokeDash("series:N", title="Lines",
                                      scale=alt.Scale(domain=series, range=[[1, 0], [8, 4]][:len(series)]),
                                      legend=alt.Legend(symbolType="stroke", symbolStrokeColor=INK,
                                                        symbolStrokeWidth=3, symbolSize=400)),
            tooltip=[x_tip, alt.Tooltip("series:N", title="Line"), alt.Tooltip("amount:Q", format=",.0f", title="Amount")],
        ))
    layers += _marker_layers("markers")
    layers.append(alt.Chart(_named("here")).mark_point(size=180, filled=True, color=INK, opacity=1)
                  .encode(x="x:Q", y="y:Q"))
    return _layered(*layers, locale=currency)


def participation_chart(by_network: pd.DataFrame, totals: pd.DataFrame, scenario: Scenario, results: Results,
                        param: str = "share_rate", measure: str = "value_per_month") -> Spec:
    """Value across participation, stacked by network, with today's point, cost and break-even."""
    per_month = measure == "value_per_month"
    names = [n.name for n in scenario.networks]
    show_cost = per_month and bool((totals["program_cost_per_month"] > 0).any())
    # the legend names networks as people read them ("X (Twitter)"); the order by the scenario's own names
    template = _participation_template(param, measure, currency_of(scenario), tuple(map(network_label, names)), show_cost,
                                       scenario.share_rate_cap)
    area = pd.DataFrame({"x": by_network[param], "network": by_network["network"].map(network_label),
                         "order": by_network["network"].map({n: i for i, n in enumerate(names)}),
                         "value": by_network[measure]})
    current_x = scenario.share_rate if param == "share_rate" else scenario.participants
    current_y = results.value_per_month if per_month else results.value_per_story
    where = percent(current_x, locale=scenario.locale) if param == "share_rate" else count(current_x, scenario.locale)
    # the dot sits on the media value (the areas' top), not on the black total line: the label says so
    rows = [(current_x, f"Now ({where}): media {money_compact(current_y, currency_of(scenario))}", "now")]
    data = {"area": area, "here": pd.DataFrame({"x": [current_x], "y": [current_y]})}
    if per_month:
        lines = [pd.DataFrame({"x": totals[param], "series": TOTAL_SERIES, "amount": totals["total_value_per_month"]})]
        if show_cost:
            lines.append(pd.DataFrame({"x": totals[param], "series": COST_SERIES,
                                       "amount": totals["program_cost_per_month"]}))
        be = results.break_even_share_rate
        if param == "share_rate" and be is not None and 0 < be < 1:
            rows.append((be, f"Break-even {percent(be, locale=scenario.locale)}", "break-even"))
        data["lines"] = pd.concat(lines, ignore_index=True)
    data["markers"] = markers(rows, current_x)
    return _with_data(template, **data)


# --- Reach and valuation per network -------------------------------------------------------

def _bar_height(results: Results) -> int:
    return max(280, 90 * len(results.networks) + 150)  # rows, then the axis and legend


@lru_cache(maxsize=16)
def _reach_template(height: int, locale: str = DEFAULT_LOCALE) -> Spec:
    order = [POTENTIAL, SEEN]
    return localised_tooltips(alt.Chart(_named("reach")).mark_bar().encode(
        y=alt.Y("network:N", title=None),
        yOffset=alt.YOffset("reach:N", sort=order),
        x=alt.X("impressions:Q", title="Impressions per story", axis=compact_axis(locale)),
        color=alt.Color("reach:N", title=None, sort=order, scale=alt.Scale(domain=order, range=["#56B4E9", "#0072B2"])),
        tooltip=[alt.Tooltip("network:N", title="Network"), alt.Tooltip("reach:N", title="Reach"),
                 alt.Tooltip("impressions:Q", format=",.0f", title="Impressions per story")],
    ).properties(height=height).to_dict(), locale)


def reach_chart(results: Results, locale: str = DEFAULT_LOCALE) -> Spec:
    """Potential vs likely-seen impressions per story, per network: the visibility factor made visible."""
    rows = [(network_label(n.name), kind, value) for n in results.networks
            for kind, value in ((POTENTIAL, n.potential_impressions_per_story), (SEEN, n.impressions_per_story))]
    return _with_data(_reach_template(_bar_height(results), str(getattr(locale, "locale", locale))),
                      reach=pd.DataFrame(rows, columns=["network", "reach", "impressions"]))


GROUP_MEASURES = {"value_per_month": "Media value per month", "value_per_participant_per_month": "Value per seat per month"}


@lru_cache(maxsize=16)
def _group_template(height: int, currency: str, measure: str) -> Spec:
    title = GROUP_MEASURES[measure]
    return localised_tooltips(alt.Chart(_named("groups")).mark_bar(color=OKABE_ITO[0]).encode(
        # a long group name is cut (its tooltip has it whole): the plot keeps its width on a phone; wider
        # charts give the names more room ("Everyone else" whole in presentation mode at 1280 px)
        y=alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelLimit={"expr": "clamp(width * 0.3, 90, 150)"})),
        x=alt.X("value:Q", title=f"{title} ({_symbol(currency)})", axis=money_axis(currency)),
        tooltip=[alt.Tooltip("group:N", title="Group"), alt.Tooltip("people:N", title="Participants"),
                 alt.Tooltip("shown:N", title=title)],
    ).properties(height=height).to_dict(), currency)


def group_chart(parts: list, currency: str, measure: str = "value_per_month") -> Spec:
    """Each group's media value per month, or per seat (who brings the value, who brings it per person)."""
    rows = [(p.name, float(getattr(p, measure) or 0.0), count(p.participants, currency),
             "none" if getattr(p, measure) is None else money(getattr(p, measure), currency)) for p in parts]
    height = max(220, 48 * len(rows) + 110)
    return _with_data(_group_template(height, currency, measure),
                      groups=pd.DataFrame(rows, columns=["group", "value", "people", "shown"]))


@lru_cache(maxsize=8)
def _group_sweep_template(currency: str, top: float) -> Spec:
    return localised_tooltips(alt.Chart(_named("group_sweep")).mark_line(strokeWidth=3).encode(
        x=alt.X("share_rate:Q", title="Program share rate (the mean)", axis=percent_axis(currency),
                scale=alt.Scale(domain=[0, top], nice=False)),
        y=alt.Y("value_per_month:Q", title=f"Media value per month ({_symbol(currency)})", axis=money_axis(currency)),
        color=alt.Color("group:N", title=None, sort=None, scale=alt.Scale(range=OKABE_ITO)),
        tooltip=[alt.Tooltip("group:N", title="Group"), alt.Tooltip("share_rate:Q", format=".1%", title="Share rate"),
                 alt.Tooltip("group_share_rate:Q", format=".1%", title="The group's share rate"),
                 alt.Tooltip("value_per_month:Q", format=",.0f", title="Media value per month")],
    ).properties(height=HEIGHT).to_dict(), currency)


def group_sweep_chart(by_group: pd.DataFrame, currency: str) -> Spec:
    """Each group's media value per month as the program's share rate runs from 0 to its cap."""
    frame = by_group[["share_rate", "group", "group_share_rate", "value_per_month"]]
    return _with_data(_group_sweep_template(currency, float(frame["share_rate"].max() or 1.0)),
                      group_sweep=frame)


BASIS_NAMES = {"cpm": "CPM value", "cpc": "CPC value"}


@lru_cache(maxsize=16)
def _basis_template(height: int, currency: str, series: tuple[str, ...]) -> Spec:
    return localised_tooltips(alt.Chart(_named("basis")).mark_bar().encode(
        y=alt.Y("network:N", title=None),
        yOffset=alt.YOffset("basis:N", sort=list(series)),
        x=alt.X("value:Q", title=f"Value per story ({_symbol(currency)})", axis=money_axis(currency)),
        color=alt.Color("basis:N", title="Faded: not the basis in use" if len(series) > 1 else None, sort=list(series),
                        scale=alt.Scale(domain=list(series), range=OKABE_ITO[:len(series)])),
        # a number per row, not a nominal field: Vega warns on opacity over unsorted categories
        opacity=alt.Opacity("opacity:Q", scale=None, legend=None),
        tooltip=[alt.Tooltip("network:N", title="Network"), alt.Tooltip("basis:N", title="Valued by"),
                 alt.Tooltip("used:N", title="In use"), alt.Tooltip("value:Q", format=",.2f", title="Value per story")],
    ).properties(height=height).to_dict(), currency)


def basis_chart(results: Results, scenario: Scenario) -> Spec:
    """CPM value and CPC value per story side by side; the basis in use is solid, the other faded.
    A basis with no value on any network (no CPC entered) is not drawn, nor in the legend."""
    rows = []
    for n in results.networks:
        rows.append((network_label(n.name), BASIS_NAMES["cpm"], n.cpm_value_per_story, "yes" if n.basis_used == "cpm" else "no"))
        rows.append((network_label(n.name), BASIS_NAMES["cpc"], n.click_value_per_story, "yes" if n.basis_used == "cpc" else "no"))
    frame = pd.DataFrame(rows, columns=["network", "basis", "value", "used"])
    drawn = frame.groupby("basis", sort=False)["value"].transform(lambda v: (v > 0).any())
    frame = frame[drawn | (frame["used"] == "yes")].assign(opacity=lambda f: f["used"].map({"yes": 1.0, "no": 0.35}))
    series = tuple(s for s in BASIS_NAMES.values() if s in set(frame["basis"]))
    return _with_data(_basis_template(_bar_height(results), currency_of(scenario), series), basis=frame)


# --- Funnel --------------------------------------------------------------------------------

FUNNEL_STAGES = ["Leads", "MQLs", "SQLs", "Won"]


@lru_cache(maxsize=8)
def _funnel_template(locale: str = DEFAULT_LOCALE) -> Spec:
    # The count is in the stage's label ("MQLs: 25"), not printed past the bar's end (off the chart).
    return localised_tooltips(alt.Chart(_named("funnel")).mark_bar(color=OKABE_ITO[2]).encode(
        y=alt.Y("label:N", sort=alt.EncodingSortField("order"), title=None),
        x=alt.X("per_month:Q", title="Per month", axis=compact_axis(locale)),
        tooltip=[alt.Tooltip("stage:N", title="Stage"), alt.Tooltip("per_month:Q", format=",.1f", title="Per month")],
    ).properties(height=260).to_dict(), locale)


def funnel_chart(results: Results, locale: str = DEFAULT_LOCALE) -> Spec:
    """Leads down the funnel to deals won (counts in ``locale``: a tag or a scenario's CurrencyFormat)."""
    locale = str(getattr(locale, "locale", locale))
    f = results.funnel
    values = [results.advocacy_leads_per_month] + (
        [f.mqls_per_month, f.sqls_per_month, f.deals_won_per_month] if f else [0.0, 0.0, 0.0])
    return _with_data(_funnel_template(locale), funnel=pd.DataFrame({
        "stage": FUNNEL_STAGES, "order": range(len(FUNNEL_STAGES)), "per_month": values,
        "label": [f"{stage}: {count(v, locale)}" for stage, v in zip(FUNNEL_STAGES, values)]}))


# --- Forecast and uncertainty (issue 4) ----------------------------------------------------

BAND_COLOUR, MEDIAN_COLOUR, LOW_COLOUR, HIGH_COLOUR = "#56B4E9", "#0072B2", "#E69F00", "#0072B2"


def _money_axis(currency: str, title: str) -> dict:
    return {"title": f"{title} ({_symbol(currency)})", "axis": money_axis(currency)}


@lru_cache(maxsize=8)
def _distribution_template(currency: str) -> Spec:
    bars = alt.Chart(_named("bins")).mark_rect(color=BAND_COLOUR, opacity=0.9, stroke="#FFFFFF", strokeWidth=1).encode(
        x=alt.X("start:Q", **_money_axis(currency, "Media value per month")), x2="end:Q",
        y=alt.Y("share:Q", title="Share of draws", axis=percent_axis(currency), scale=alt.Scale(zero=True)),
        y2=alt.datum(0),
        tooltip=[alt.Tooltip("start:Q", format=",.0f", title="From"), alt.Tooltip("end:Q", format=",.0f", title="To"),
                 alt.Tooltip("share:Q", format=".1%", title="Share of draws")])
    return _layered(bars, *_marker_layers("marks"), locale=currency)


def distribution_chart(bins: pd.DataFrame, p10: float, p50: float, p90: float, currency: str) -> Spec:
    """Histogram of media value per month over the draws, P10 / P50 / P90 marked and labelled (a row each)."""
    marks = markers([(v, f"{k} {money_compact(v, currency)}", k) for k, v in (("P10", p10), ("P50", p50), ("P90", p90))],
                    p50)
    return _with_data(_distribution_template(currency), bins=bins, marks=marks)


FAN_SERIES = ["P50 (median)", "Your point estimate", COST_SERIES]
# lines are named by a line in their legend (its colour and dash), not by the circle a layered chart defaults to
LINE_LEGEND = alt.Legend(symbolType="stroke", symbolStrokeWidth=3, symbolSize=400)


@lru_cache(maxsize=8)
def _fan_template(currency: str, show_cost: bool, top: float = 1.0) -> Spec:
    # to 100%, or with groups to the cap, where the sweep ends (no empty band past the data)
    x = alt.X("share_rate:Q", title="Share rate (participation)", axis=percent_axis(currency),
              scale=alt.Scale(domain=[0, top], nice=False))
    band = alt.Chart(_named("fan")).mark_area(color=BAND_COLOUR, opacity=0.45).encode(
        x=x, y=alt.Y("p10:Q", **_money_axis(currency, "Media value per month")), y2="p90:Q",
        tooltip=[alt.Tooltip("share_rate:Q", format=".0%", title="Share rate"),
                 alt.Tooltip("p10:Q", format=",.0f", title="P10"), alt.Tooltip("p50:Q", format=",.0f", title="P50"),
                 alt.Tooltip("p90:Q", format=",.0f", title="P90")])
    series = FAN_SERIES if show_cost else FAN_SERIES[:2]  # the legend lists only lines drawn
    lines = alt.Chart(_named("lines")).mark_line(strokeWidth=3).encode(
        x=x, y="amount:Q",
        color=alt.Color("series:N", title=None, legend=LINE_LEGEND, scale=alt.Scale(
            domain=series, range=[MEDIAN_COLOUR, INK, COST_COLOUR][:len(series)])),
        strokeDash=alt.StrokeDash("series:N", title=None, legend=LINE_LEGEND, scale=alt.Scale(
            domain=series, range=[[1, 0], [6, 4], [2, 2]][:len(series)])))
    return _layered(band, lines, *_marker_layers("here", dashed=False), height=HEIGHT, dash_shared=True,
                    locale=currency)


def fan_chart(fan: pd.DataFrame, scenario: Scenario) -> Spec:
    """The share-rate sweep of media value per month as a P10-P90 band around the median, the point estimate dashed."""
    show_cost = bool((fan["program_cost_per_month"] > 0).any())
    series = [("P50 (median)", "p50"), ("Your point estimate", "base")]
    if show_cost:
        series.append((COST_SERIES, "program_cost_per_month"))
    lines = pd.concat([pd.DataFrame({"share_rate": fan["share_rate"], "series": name, "amount": fan[col]})
                       for name, col in series], ignore_index=True)
    here = markers([(scenario.share_rate, f"Now {percent(scenario.share_rate, locale=scenario.locale)}", "now")],
                   scenario.share_rate)
    return _with_data(_fan_template(currency_of(scenario), show_cost, scenario.share_rate_cap),
                      fan=fan[["share_rate", "p10", "p50", "p90"]], lines=lines, here=here)


# Tornado rows: each input's label (with its range) on a line of its own above its bars, over the
# plot's full width; on a narrow chart the range wraps to a second line. Sizes in label_line units
# (presentation mode scales it with the text). A label's width is guessed as label_line / 3 a
# character (15 px text: ~7 px, so a little over); the text's limit is the plot's width all the same.
# Two lines only where the row has room for them and a bar; else one, ending in "…" if it must.
_TORNADO_LINES = ("(length(datum.label) * label_line / 3 > width && bandwidth('y') >= 2 * label_line + 14"
                  " ? 2 : 1)")


@lru_cache(maxsize=16)
def _tornado_template(currency: str, measure_title: str, height: int) -> Spec:
    # The inputs' low and high values are in the row label, not at the bar ends, where a value
    # ran into the label or the other bar ("see it-5%"). Labels beside the bars took half a phone's width.
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("order", order="ascending"), axis=None)
    top = f"{_TORNADO_LINES} * label_line + 2"  # px from the row's top to its bar
    bar_height = alt.expr(f"max(6, bandwidth('y') - ({top}) - 4)")
    bar_offset = alt.expr(f"(({top}) - 4) / 2 + 2")
    bars = alt.Chart(_named("bars")).mark_bar(height=bar_height, yOffset=bar_offset).encode(
        y=y, x=alt.X("start:Q", **_money_axis(currency, measure_title)), x2="end:Q",
        color=alt.Color("side:N", title=None, scale=alt.Scale(
            domain=["Input at its low", "Input at its high"], range=[LOW_COLOUR, HIGH_COLOUR])),
        tooltip=[alt.Tooltip("label:N", title="Input"), alt.Tooltip("side:N", title="Bar"),
                 alt.Tooltip("input_value:N", title="Input value"),
                 alt.Tooltip("end:Q", format=",.0f", title="Result")])
    text = alt.Chart(_named("bars")).transform_filter("datum.side == 'Input at its low'").mark_text(
        style="value-label", align="left", baseline="top", dy=2, lineHeight=alt.expr("label_line"),
        limit=alt.expr("width"), text=alt.expr(
            f"{_TORNADO_LINES} > 1 ? [datum.name, datum.range] : length(datum.label) * label_line / 3 > width"
            # one line and too long: the input's name gives way ("…"), its range stays whole
            " ? truncate(datum.name, max(8, floor(width * 3 / label_line) - length(datum.range) - 2))"
            " + ' ' + datum.range"
            " : datum.label"),
    ).encode(x=alt.value(0), y=alt.Y("label:N", sort=alt.EncodingSortField("order", order="ascending"),
                                     bandPosition=0))
    # the base result as a tick on each bar, not a rule down the plot through the labels
    base = alt.Chart(_named("bars")).transform_filter("datum.side == 'Input at its low'").mark_tick(
        color=INK, thickness=2, size=alt.expr(f"max(6, bandwidth('y') - ({top}) - 4) + 8"), yOffset=bar_offset,
    ).encode(x="start:Q", y=alt.Y("label:N", sort=alt.EncodingSortField("order", order="ascending")))
    chart = alt.layer(bars, text, base).add_params(_label_line()).properties(height=height)
    return localised_tooltips(chart.to_dict(), currency)


def tornado_chart(frame: pd.DataFrame, labels: dict[str, str], values: dict[str, tuple[str, str]],
                  measure_title: str, currency: str) -> Spec:
    """One bar pair per input, widest swing on top: the result with that input at its low and at its high."""
    rows = []
    for order, r in enumerate(frame.itertuples()):
        low_text, high_text = values.get(r.input, (f"{r.low:g}", f"{r.high:g}"))
        label = f"{labels.get(r.input, r.input)} ({low_text} to {high_text})"
        for side, end, text in (("Input at its low", r.at_low, low_text), ("Input at its high", r.at_high, high_text)):
            rows.append({"label": label, "name": labels.get(r.input, r.input), "range": f"({low_text} to {high_text})",
                         "order": order, "side": side, "start": r.base_result, "end": end, "input_value": text})
    base_x = frame["base_result"].iloc[0] if len(frame) else 0.0
    if not rows:  # nothing swings: one empty bar at the base, so Vega has an extent
        rows.append({"label": "", "name": "", "range": "", "order": 0, "side": "Input at its low", "start": base_x,
                     "end": base_x, "input_value": ""})
    bars = pd.DataFrame(rows, columns=["label", "name", "range", "order", "side", "start", "end", "input_value"])
    height = max(260, min(ROOM_HEIGHT, 64 * len(frame) + 130))  # a row: its label's line(s) and a bar
    return _with_data(_tornado_template(currency, measure_title, height), bars=bars)


def _input_axis(fmt: str, locale: str) -> alt.Axis:
    # ".0%" repeats labels on a narrow range (5% 6% 6% 7%); "~%" keeps the digits a tick needs
    return percent_axis(locale) if fmt.endswith("%") else number_axis(fmt or ",.4~g", locale)


NOW_POINT, BREAK_EVEN_LINE = "Now (your scenario)", "Break-even: total value = cost"
HERE_SIZE = 500  # px² of the heat map's "Now" diamond: about 22 px across
HERE_PADDING = 14  # px: half the diamond and its 2 px outline, with a pixel to spare


def _title_lines(title: str) -> str | list[str]:
    """'X (Twitter): Connections per sharer' on two lines (the network, then the input): on one
    line a y-axis title was cut at the plot's height."""
    head, sep, rest = title.partition(": ")
    return [head + ":", rest] if sep else title


@lru_cache(maxsize=32)
def _heatmap_template(currency: str, x_title: str, y_title: str, x_format: str, y_format: str, has_line: bool) -> Spec:
    # "Now" and the break-even line are named in a legend row under the plot: white text inside
    # the cells crossed the line and vanished at the top edge.
    # Scale padding keeps the "Now" diamond whole inside the plot when it sits in an edge cell
    # (on a phone it stood half above the top); the cells end that far inside the axes.
    cells = alt.Chart(_named("cells")).mark_rect().encode(
        x=alt.X("x0:Q", title=x_title, axis=_input_axis(x_format, currency),
                scale=alt.Scale(nice=False, zero=False, padding=HERE_PADDING)),
        x2="x1:Q",
        y=alt.Y("y0:Q", title=_title_lines(y_title), axis=_input_axis(y_format, currency),
                scale=alt.Scale(nice=False, zero=False, padding=HERE_PADDING)),
        y2="y1:Q",
        color=alt.Color("value_per_month:Q", title=f"Media value per month ({_symbol(currency)})",
                        scale=alt.Scale(scheme="viridis"),
                        legend=alt.Legend(**vega_axis_format("money_compact", currency), direction="horizontal",
                                          # up to 220 px, never past the plot: its end label was cut on a phone
                                          gradientLength=alt.expr("clamp(width - 40, 60, 220)"))),
        tooltip=[alt.Tooltip("x:Q", format=x_format or ",.2f", title=x_title),
                 alt.Tooltip("y:Q", format=y_format or ",.2f", title=y_title),
                 alt.Tooltip("value_per_month:Q", format=",.0f", title="Media value per month"),
                 alt.Tooltip("net_value_per_month:Q", format=",.0f", title="Net value per month")])
    key = dict(title=None, orient="bottom", symbolStrokeColor=INK, symbolFillColor="#FFFFFF")
    # the outline as a stroke scale, not a mark property: Vega-Lite gave the legend symbol of a
    # filled point a transparent stroke, and the white diamond vanished on the white legend
    here = alt.Chart(_named("here")).mark_point(
        size=HERE_SIZE, filled=True, shape="diamond", fill="#FFFFFF", strokeWidth=2, opacity=1).encode(
        x="x:Q", y="y:Q", stroke=alt.Stroke("label:N", scale=alt.Scale(domain=[NOW_POINT], range=[INK]),
                                            legend=alt.Legend(**key, symbolStrokeWidth=2)))
    layers = [cells, here]
    if has_line:  # only when there is one: the legend names only what is drawn
        layers.insert(1, alt.Chart(_named("breakeven")).mark_line(color="#FFFFFF", strokeWidth=4).encode(
            x="x:Q", y="y:Q", order="x:Q",
            strokeDash=alt.StrokeDash("label:N", scale=alt.Scale(domain=[BREAK_EVEN_LINE], range=[[8, 4]]),
                                      legend=alt.Legend(**{**key, "symbolStrokeWidth": 3}, symbolType="stroke"))))
    chart = alt.layer(*layers).resolve_legend(stroke="independent", strokeDash="independent")
    return localised_tooltips(chart.properties(height=HEIGHT + 20).to_dict(), currency)


def heatmap_chart(cells: pd.DataFrame, break_even: pd.DataFrame, here: tuple[float, float], x_title: str,
                  y_title: str, x_format: str, y_format: str, currency: str) -> Spec:
    """Media value per month over two inputs; the current scenario and the break-even line (total value = cost) marked."""
    xs, ys = sorted(cells["x"].unique()), sorted(cells["y"].unique())
    dx = (xs[1] - xs[0]) / 2 if len(xs) > 1 else 0.5
    dy = (ys[1] - ys[0]) / 2 if len(ys) > 1 else 0.5
    data = cells.assign(x0=cells["x"] - dx, x1=cells["x"] + dx, y0=cells["y"] - dy, y1=cells["y"] + dy)
    datasets = {"cells": data, "here": pd.DataFrame({"x": [here[0]], "y": [here[1]], "label": [NOW_POINT]})}
    if len(break_even):
        datasets["breakeven"] = break_even[["x", "y"]].assign(label=BREAK_EVEN_LINE)
    return _with_data(_heatmap_template(currency, x_title, y_title, x_format, y_format,
                                        bool(len(break_even))), **datasets)


_MONTH_X = dict(title="Month after launch", scale=alt.Scale(nice=False), axis=alt.Axis(tickMinStep=1))


@lru_cache(maxsize=8)
def _timeline_template(currency: str) -> Spec:
    series = ["Cumulative value", "Cumulative cost"]
    lines = alt.Chart(_named("cumulative")).mark_line(strokeWidth=4).encode(
        x=alt.X("month:Q", **_MONTH_X), y=alt.Y("amount:Q", **_money_axis(currency, "Cumulative")),
        color=alt.Color("series:N", title=None, legend=LINE_LEGEND,
                        scale=alt.Scale(domain=series, range=[MEDIAN_COLOUR, COST_COLOUR])),
        tooltip=[alt.Tooltip("month:Q", title="Month"), alt.Tooltip("series:N", title="Line"),
                 alt.Tooltip("amount:Q", format=",.0f", title="Amount")])
    return _layered(lines, *_marker_layers("payback"), locale=currency)


def timeline_chart(table: pd.DataFrame, payback_month: int | None, currency: str) -> Spec:
    """Cumulative value and cumulative cost (launch cost included) by month, the payback month marked."""
    cumulative = pd.concat([
        pd.DataFrame({"month": table["month"], "series": "Cumulative value", "amount": table["cumulative_value"]}),
        pd.DataFrame({"month": table["month"], "series": "Cumulative cost", "amount": table["cumulative_cost"]}),
    ], ignore_index=True)
    payback = markers([(payback_month, f"Pays back in month {payback_month}", "payback")] if payback_month else [],
                      float(table["month"].iloc[0]))
    return _with_data(_timeline_template(currency), cumulative=cumulative, payback=payback)


@lru_cache(maxsize=8)
def _monthly_template(currency: str) -> Spec:
    # Each month a rect from month - 0.5 to month + 0.5, a white edge keeping the bars apart; the x
    # domain has half a bar of room beyond both ends (the last month ran past the axis). The y domain is nice
    # and starts at 0: the tallest bar ends under a labelled tick, not at the plot's top edge.
    x = alt.X("start:Q", **_MONTH_X)
    y = alt.Y("total_value_per_month:Q", scale=alt.Scale(nice=True, zero=True), **_money_axis(currency, "Per month"))
    bars = alt.Chart(_named("monthly")).mark_rect(color=BAND_COLOUR, stroke="#FFFFFF", strokeWidth=1.5).encode(
        x=x, x2="end:Q", y=y, y2=alt.datum(0),
        tooltip=[alt.Tooltip("month:Q", title="Month"), alt.Tooltip("calendar_month:N", title="Calendar"),
                 alt.Tooltip("share_rate:Q", format=".1%", title="Share rate"),
                 alt.Tooltip("total_value_per_month:Q", format=",.0f", title="Value this month"),
                 alt.Tooltip("program_cost_per_month:Q", format=",.0f", title="Cost this month")])
    cost = alt.Chart(_named("monthly")).mark_rule(color=COST_COLOUR, strokeWidth=3).encode(
        x=x, x2="end:Q", y="program_cost_per_month:Q")
    # an invisible rule from the first month - 1 to the last + 1 widens the x domain by half a bar
    # beyond the outer bars' edges: the last bar ended on the plot's edge and looked cut
    room = alt.Chart(_named("monthly")).mark_rule(opacity=0).encode(x="pad_lo:Q", x2="pad_hi:Q", y=alt.datum(0))
    return localised_tooltips(alt.layer(bars, cost, room).properties(height=320).to_dict(), currency)


def monthly_chart(table: pd.DataFrame, currency: str) -> Spec:
    """Value each month as bars (the ramp, decay and dips visible), each month's cost as a line over its bar."""
    monthly = table[["month", "calendar_month", "share_rate", "total_value_per_month", "program_cost_per_month"]]
    return _with_data(_monthly_template(currency),
                      monthly=monthly.assign(start=monthly["month"] - 0.5, end=monthly["month"] + 0.5,
                                             pad_lo=monthly["month"].min() - 1, pad_hi=monthly["month"].max() + 1))


def with_goal(spec: Spec, x: float | None, label: str) -> Spec:
    """A participation chart with the goal-seek answer marked (nothing drawn when there is none)."""
    if x is None:
        return spec
    return {**spec, "datasets": {**spec["datasets"],
                                 "markers": add_marker(spec["datasets"]["markers"], x, label, "goal")}}


# --- The data beside a chart ---------------------------------------------------------------

def data_table(spec: Spec) -> pd.DataFrame:
    """The numbers a chart draws as a table a person can read (and a screen reader can reach):
    the data of the layer with the richest tooltip, its columns named by the tooltip's titles."""
    layers = spec.get("layer", [spec])
    best: tuple[int, str, list[dict]] | None = None
    for layer in layers:
        tips = layer.get("encoding", {}).get("tooltip")
        name = layer.get("data", {}).get("name")
        if isinstance(tips, list) and name in spec.get("datasets", {}) and (best is None or len(tips) > best[0]):
            best = (len(tips), name, tips)
    if best is None:
        return pd.DataFrame()
    _, name, tips = best
    frame = spec["datasets"][name]
    tips = [_number_tip(spec, t) for t in tips]
    fields = [t["field"] for t in tips if t.get("field") in frame.columns]
    titles = {t["field"]: t.get("title", t["field"]) for t in tips if t.get("field") in frame.columns}
    return frame[fields].rename(columns=titles).reset_index(drop=True)


def _number_tip(spec: Spec, tip: dict) -> dict:
    """A tooltip as it was before localised_tooltips printed its number in the locale: field and format."""
    number = spec.get("usermeta", {}).get("tooltip_numbers", {}).get(tip.get("field"))
    return {**tip, **number, "type": "quantitative"} if number else tip


def table_formats(spec: Spec) -> dict[str, str]:
    """Column title -> the tooltip's d3 format, for a table's column settings."""
    out: dict[str, str] = {}
    for layer in spec.get("layer", [spec]):
        for t in layer.get("encoding", {}).get("tooltip", []) if isinstance(
                layer.get("encoding", {}).get("tooltip"), list) else []:
            t = _number_tip(spec, t)
            if "format" in t and "field" in t:
                out.setdefault(t.get("title", t["field"]), t["format"])
    return out
