"""Participation sensitivity: how value moves as more people take part."""

import pandas as pd
import streamlit as st

from advocacy_calc import Scenario
from advocacy_calc.groups import TEMPLATE_PEOPLE, add_or_remove
from advocacy_calc.narrative import no_break_even
from advocacy_calc.sweep import sweep_by_group
from advocacy_calc.formatting import count, currency_of, money, percent
from advocacy_calc import charts
from advocacy_calc.forecast.goalseek import TARGET_LABELS, GoalSeek, goal_seek, lever_text, sentence
from advocacy_ui import cached, display, downloads, page_settings, present, router, state
from advocacy_ui.inputs import shown

router.require_router()

scenario = state.current_scenario()
loc = scenario.locale  # counts and percentages print in the scenario's locale
results = cached.results(scenario)
cur = currency_of(scenario)

st.title("What if more people take part?")
be = results.break_even_share_rate
if results.program_cost_per_month == 0:
    # The sidebar is folded away while presenting: no instructions that point at it.
    st.markdown("No program cost entered, so every share rate pays."
                + present.sidebar_hint(" Enter costs in the sidebar to see the break-even."))
elif be is None:
    st.markdown(no_break_even(scenario, results, lambda n: shown(n, 40)))
else:
    st.markdown(f"The program pays for itself from a share rate of **{percent(be, locale=loc)}** "
                f"(now {percent(scenario.share_rate, locale=loc)}).")


def goal_seek_controls(scenario: Scenario) -> GoalSeek:
    """What does it take? The share rate or participants for a target, solved exactly, said in words."""
    st.subheader("What does it take?")
    row = st.container(horizontal=True, vertical_alignment="bottom", key="goal-seek")
    follow = dict(persist_state="session", on_change=page_settings.rerun_main_area)  # in the link: page_settings
    target = row.selectbox("Target", list(TARGET_LABELS), format_func=TARGET_LABELS.get, key="goal-target",
                           **follow)
    roi = target == "roi"
    low, high = (-100.0, 1000.0) if roi else (-1e12, 1e12)
    default = 1.0 if roi else float(round(2 * cached.results(scenario).value_per_month, -3) or 10_000)
    default = min(max(default, low), high)  # large allowed inputs give a value beyond the input's range
    goal = row.number_input("ROI of (1 = 100%)" if roi else f"Goal ({scenario.currency} a month)",
                            min_value=low, max_value=high,
                            value=default, step=0.1 if roi else 1000.0, key=f"goal-value-{target}",
                            format="%.2f" if roi else "%.0f",  # whole currency units: "63000", not "63000.00"
                            **follow)
    lever = row.segmented_control("By changing", ["share_rate", "participants"], default="share_rate",
                                  required=True, key="goal-lever", **follow,
                                  format_func={"share_rate": "Share rate", "participants": "Participants"}.get)
    # the box takes only printf formats (no separators): the figure as the rest of the app prints it
    st.caption(f"Goal: an ROI of {percent(goal, locale=loc)}" if roi else f"Goal: {money(goal, cur)} a month")
    g = goal_seek(scenario, lever, target, goal)
    st.markdown(sentence(g, scenario))
    return g


def _lever_value(g: GoalSeek, locale: str) -> str:
    return lever_text(g.lever, g.whole if g.lever == "participants" else g.answer, g.direction, locale)


def with_goal(spec: dict, goal: GoalSeek, param: str, locale: str) -> dict:
    shown = goal.reachable and not goal.already_met and goal.lever == param
    return charts.with_goal(spec, goal.answer if shown else None,
                            f"Goal: {_lever_value(goal, locale)}" if shown else "")


@display.guarded_fragment("the sensitivity charts")
def sweep_charts(scenario: Scenario) -> None:
    """Switching per month / per story reruns only these charts, not the sidebar and page."""
    results = cached.results(scenario)
    measure = st.segmented_control("Show value", ["value_per_month", "value_per_story"], default="value_per_month",
                                   required=True, key="measure",
                                   format_func={"value_per_month": "Per month", "value_per_story": "Per story"}.get)
    goal = goal_seek_controls(scenario)
    st.subheader(f"Across the share rate (0-{percent(1.0, locale=scenario.locale)})" if not scenario.groups else
                 f"Across the share rate (0 to its cap, {percent(scenario.share_rate_cap, locale=loc)})")
    spec = with_goal(charts.participation_chart(cached.network_sweep(scenario, "share_rate"),
                                                cached.totals_sweep(scenario, "share_rate"), scenario, results,
                                                "share_rate", measure), goal, "share_rate", scenario.locale)
    downloads.draw(
        spec, key="share-rate-chart",
        alt="Area chart of value by network as the share rate runs from 0 to 100%, with the current point marked")
    with st.container(horizontal=True):
        downloads.chart_buttons(spec, scenario, "share-rate")
        downloads.table_button(scenario, "sweep", "Sweep table (CSV)")
    st.subheader("Across participants")
    spec = with_goal(charts.participation_chart(cached.network_sweep(scenario, "participants"),
                                                cached.totals_sweep(scenario, "participants"), scenario, results,
                                                "participants", measure), goal, "participants", scenario.locale)
    downloads.chart(spec, scenario, "participants", key="participants-chart",
                    alt="Area chart of value by network as participants grow, with the current point marked")


sweep_charts(scenario)
st.caption("Each figure is linear in the share rate and in participants: doubling either doubles reach and "
           "media value. Lead savings in direct or asset mode do not depend on reach.")


if scenario.groups:
    # Groups of advocates: what each group adds (the scenario without it: its people leave, everyone else keeps
    # their own share rate), and each group's value across the program's share rate, 0 to the cap.
    st.subheader("Add or remove a group")
    changes, refused = add_or_remove(scenario)
    rows = [{"Scenario": (f"Without {c.group}" if c.change == "without" else
                          f"With {c.group} ({count(c.people, loc)} people at its defaults, added)"),
             "Media value per month": money(c.value_per_month, cur),
             "Net value per month": money(c.net_value_per_month, cur),
             "What the group adds (net)": money(c.adds_net_per_month, cur)} for c in changes]
    if rows:
        st.table(pd.DataFrame(rows), hide_index=True,
                 alt="Value and net value without each group and with each template not yet in the program")
    st.caption("Each row: the same program without that group (its people leave; everyone else keeps their own "
               f"share rate), or with a template added: {count(TEMPLATE_PEOPLE, loc)} more people at its defaults "
               "(its relative share rate times today's mean, its sourced connections)."
               + present.sidebar_hint(" Add a group from a template under *Groups of advocates* in the sidebar."))
    for line in refused:  # the model's reason a row is missing
        st.caption(line)
    st.subheader("Value by group across the share rate")
    downloads.chart(charts.group_sweep_chart(sweep_by_group(scenario, "share_rate", 51), currency_of(scenario)),
                    scenario, "groups-share-rate", key="groups-sweep-chart",
                    alt="Line chart of each group's media value per month as the program's share rate runs to its cap")
