"""Forecast & uncertainty: how sure are the figures? Ranges, Monte Carlo, tornado, two-way grid."""

import pandas as pd
import streamlit as st

from advocacy_calc import charts
from advocacy_calc.formatting import count, currency_of, money, money_compact, percent, probability
from advocacy_calc.forecast.montecarlo import PERT_LAMBDA
from advocacy_calc.ranges import base_value, in_use, rangeable_paths
from advocacy_ui import cached, display, downloads, forecast_state, present, router, state
from advocacy_ui.inputs import shown

router.require_router()

scenario, fit_notes = forecast_state.ranged_scenario(state.current_scenario())
loc = scenario.locale  # counts and percentages print in the scenario's locale
# An edit in the ranges editor reruns only the main fragment (app.py), not the sidebar that syncs
# the address bar on a full run: put the edited ranges in the URL here too.
forecast_state.sync_url()
cur = currency_of(scenario)


label, is_percent, show = forecast_state.label, forecast_state.is_percent, forecast_state.show
MEASURE_WORDS = {"value_per_month": "Media value per month", "total_value_per_month": "Total value per month",
                 "net_value_per_month": "Net value per month"}


st.title("How sure are we? Forecast & uncertainty")

row = st.container(horizontal=True, vertical_alignment="bottom", key="forecast-controls")
distribution = row.segmented_control(
    "Draws from each range", ["pert", "triangular"], default="pert", required=True, key="mc-distribution",
    persist_state="session",
    format_func={"pert": "PERT (most likely = your value)", "triangular": "Triangular"}.get,
    help=f"PERT (λ = {PERT_LAMBDA:g}) weights the value you entered most and the ends least; triangular gives "
         "the ends more weight. Inputs are drawn independently.")
draws = row.selectbox("Draws", [10_000, 100_000], index=1, key="mc-draws", persist_state="session",
                      format_func=lambda n: count(n, loc))
seed = row.number_input("Seed", min_value=0, max_value=2**31 - 1, value=2026, step=1, key="mc-seed",
                        persist_state="session",
                        help="The same seed gives the same figures every time.")

with st.spinner("Running the simulation..."):
    sim, bins = cached.simulation(scenario, int(draws), int(seed), distribution)
v = sim.value_per_month
chance = sim.probability_value_exceeds_cost
has_cost = sim.roi is not None

st.subheader(f"P50 media value is {money_compact(v.p50, cur)} a month: 8 in 10 outcomes lie between "
             f"{money_compact(v.p10, cur)} and {money_compact(v.p90, cur)}.")
payback = cached.timeline(state.current_scenario(), forecast_state.timeline_settings())
if has_cost:
    pays = (f"it pays back in **month {payback.payback_month}**" if payback.payback_month else
            f"it does not pay back within {len(payback.table)} months")
    st.markdown(f"There is a **{probability(chance, loc)} chance** that the program's total value exceeds its cost, and "
                f"with the ramp-up set on *Ramp-up & payback* {pays}.")
else:
    st.markdown("No program cost is entered, so the program pays for itself in every draw."
                + present.sidebar_hint(" Enter costs in the sidebar to see the chance it pays for itself."))
with st.container(horizontal=True, key="forecast-metrics"):
    st.metric("P10 media value per month", money(v.p10, cur), border=True, help="1 draw in 10 is below this")
    st.metric("P50 media value per month", money(v.p50, cur), border=True, help="the median draw")
    st.metric("P90 media value per month", money(v.p90, cur), border=True, help="1 draw in 10 is above this")
    st.metric("Chance total value exceeds cost", probability(chance, loc) if has_cost else "no cost", border=True,
              help="share of draws in which total value (media + leads + hiring) > program cost")
    display.net_metric("P50 net value per month", sim.net_value_per_month.p50,
                       money(sim.net_value_per_month.p50, cur), "forecast-net", border=True,
                       help="total value (media + leads + hiring) − program cost, the median draw")
    display.net_metric("P50 ROI", sim.roi.p50 if has_cost else None,
                       percent(sim.roi.p50, 0, locale=loc) if has_cost else "none", "forecast-roi", border=True)
    st.metric("Payback month", payback.payback_month or "none", border=True,
              help="first month in which cumulative value reaches cumulative cost, with the ramp-up, decay, summer "
                   "dip and launch cost set on the Ramp-up & payback page (at your values, not drawn)")

left, right = present.chart_columns(2)
with left:
    st.subheader("Spread of media value per month over the draws")
    spec = charts.distribution_chart(bins, v.p10, v.p50, v.p90, cur)
    downloads.chart(spec, scenario, "distribution", key="distribution-chart",
                    alt="Histogram of value per month over the Monte Carlo draws with P10, P50 and P90 marked")
    st.caption(f"{count(sim.draws, loc)} draws, {len(sim.ranged_inputs)} inputs ranged, seed {sim.seed}. "
               "Media value only; lead and hiring savings come on top.")
with right:
    st.subheader("Media value per month as participation grows, with its P10-P90 band")
    with st.spinner("Sweeping the share rate..."):
        fan = cached.fan(scenario, int(seed), distribution)
    spec = charts.fan_chart(fan, scenario)
    downloads.chart(spec, scenario, "fan", key="fan-chart",
                    alt="Fan chart: media value per month against the share rate, P10 to P90 band around the median")
    st.caption("Shaded: 8 in 10 outcomes of media value at each share rate, the other ranged inputs drawn as above. "
               "Media value only; lead and hiring savings come on top.")

st.header("Which inputs matter most?")
measure = st.segmented_control(
    "Measure", ["value_per_month", "total_value_per_month", "net_value_per_month"], default="value_per_month",
    required=True, key="tornado-measure",
    format_func=MEASURE_WORDS.get)
frame = cached.tornado(scenario, measure)


def tornado_table(frame, measure: str):
    """The table behind the tornado, for people: each input's words and field path, what is measured in words."""
    words = frame.assign(field=frame["input"], input=frame["input"].map(label), measure=MEASURE_WORDS[measure])
    return words[["input", "field", *[c for c in frame.columns if c != "input"], "measure"]]


moving, flat = frame[frame["swing"] > 0], frame[frame["swing"] == 0]
spec = charts.tornado_chart(moving, {p: label(p) for p in frame["input"]},
                            {r.input: (show(r.input, r.low, loc), show(r.input, r.high, loc))
                             for r in frame.itertuples()},
                            MEASURE_WORDS[measure], cur)
downloads.draw(spec, key="tornado-chart",
               alt="Tornado chart: each ranged input at its low and its high, widest swing on top")
with st.container(horizontal=True, key="tornado-downloads"):
    downloads.chart_buttons(spec, scenario, "tornado")
    # every ranged input, flat ones too: the measure at its low and at its high, the others at their values
    downloads.frame_button(lambda: tornado_table(frame, measure), scenario, "tornado", "Tornado table (CSV)",
                           words=True)
st.caption("Each bar moves one input to the end of its range with every other input at its value. "
           + (f"No effect on this measure: {', '.join(label(p) for p in flat['input'])}." if len(flat) else ""))

st.header("Two inputs at once")
options = [p for p in rangeable_paths(scenario) if in_use(scenario, p)]
first_net = f"networks.{scenario.networks[0].name}.connections" if scenario.networks else "stories_per_day"
cols = st.columns(2)
labels = {p: label(p) for p in options}
for key in ("grid-x", "grid-y"):
    chosen = st.session_state.get(key)
    if chosen is not None and chosen not in options:  # a link's axis this scenario does not have
        del st.session_state[key]
        st.info(f"The link's heat-map axis {shown(str(chosen), 60)} is not an input of this scenario "
                "(or has no range): the default axis is shown.", icon=":material/info:")
x_path = cols[0].selectbox("Across", options, index=options.index("share_rate"), format_func=labels.get, key="grid-x",
                           persist_state="session")
y_default = first_net if first_net != x_path else "stories_per_day"
y_path = cols[1].selectbox("Up", options, index=options.index(y_default), format_func=labels.get, key="grid-y",
                           persist_state="session")
if x_path == y_path:
    st.info("Choose two different inputs.", icon=":material/info:")
else:
    cells, line = cached.two_way(scenario, x_path, y_path)
    fmt = {True: ".0%", False: ",.4~g"}
    # the labels keep their own case: "X (Twitter)" lowercased read as "x (twitter)"
    st.subheader(f"Media value per month by {label(x_path)} and {label(y_path)}")
    spec = charts.heatmap_chart(cells, line, (base_value(scenario, x_path), base_value(scenario, y_path)),
                                label(x_path), label(y_path), fmt[is_percent(x_path)], fmt[is_percent(y_path)], cur)
    downloads.chart(spec, scenario, "heatmap", key="heatmap-chart",
                    alt="Heat map of media value per month over two inputs, the current scenario and the break-even line marked")
    st.caption(forecast_state.heatmap_caption(cells, bool(len(line))))


# --- The ranges behind the figures ------------------------------------------------------------

st.header("The ranges behind these figures")
st.markdown("Each uncertain input runs from its low to its high, most likely at the scenario's own value. "
            "Ranges start from the published benchmarks (see *Methodology & sources*); edit Low or High to use "
            "your own. Set both to your value to hold an input fixed.")
show_all = st.toggle("Show inputs without a range", key="ranges-show-all")
rows = []
for path in options:
    value = base_value(scenario, path)
    rng = scenario.ranges.get(path)
    low, high = (rng.low, rng.high) if rng else (value, value)
    if not show_all and low == high:
        continue
    scale = 100 if is_percent(path) else 1
    mine = path in forecast_state.overrides()
    rows.append({"path": path, "Input": label(path), "Unit": "%" if scale == 100 else "",
                 "Low": low * scale, "Your value": value * scale, "High": high * scale,
                 "From": "you" if mine else ("benchmark" if rng else "fixed")})
rows = pd.DataFrame(rows, columns=["path", "Input", "Unit", "Low", "Your value", "High", "From"])
editor_key = forecast_state.editor_key()
st.data_editor(rows, key=editor_key, hide_index=True, width="stretch", on_change=forecast_state.apply_edits,
               args=(editor_key, rows, scenario), column_order=["Input", "Unit", "Low", "Your value", "High", "From"],
               disabled=["Input", "Unit", "Your value", "From"], num_rows="fixed",
               column_config={c: st.column_config.NumberColumn(format="%.4g") for c in ("Low", "Your value", "High")})
for problem in forecast_state.edit_problems() + fit_notes:
    st.warning(problem, icon=":material/warning:")
st.button("Back to the benchmark ranges", key="ranges-reset", on_click=forecast_state.reset, icon=":material/restart_alt:",
          disabled=not forecast_state.overrides())
st.caption("Inputs are drawn independently (no correlation between them). PERT: a beta distribution with its "
           f"mode at your value and weight λ = {PERT_LAMBDA:g}, mean (low + 4 × value + high) / 6.")
