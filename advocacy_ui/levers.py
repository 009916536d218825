"""The three levers as one st.components.v2 component, with figures that follow them as they move.

The component draws native range inputs (keyboard, touch and screen readers work as with any
slider) and a number field each. While a lever moves, its script evaluates every live figure from
the coefficients the package hands it (advocacy_calc.live: exact for figures multilinear in the
levers, ROI and break-even by the model's own rules) and writes them, formatted by the spec of
advocacy_calc.formatting, into the figures the server drew: the headline and bottom line, their
baseline changes and the story sentence. On release it sends the three values as one dict; the
server reruns and its own figures replace the live ones. Without the script the server's figures
are there as always.

The levers' values live in plain session keys (participants, share_rate, stories_per_day), which
the rest of the app reads and writes (presets, loading a scenario, AppTest); state.py puts them in
the URL (a component has no `bind`) and takes them from a link.
"""

import math
from pathlib import Path
from typing import Any

import streamlit as st

from advocacy_calc import Results, Scenario
from advocacy_calc.formatting import count, currency_of, format_spec, percent
from advocacy_calc.live import coefficients
from advocacy_calc.narrative import lead_story, lead_story_template, story, story_template

from . import cached, compare, display, identity, present, router, state
from . import groups as advocate_groups
from .inputs import DEFAULT_VALUES, PROGRAM, InputSpec

KEY = "levers"  # the component's key: its container carries the st-key-levers class
MAX_SEQ = 2**53  # the largest release number a browser counts exactly
_APPLIED = "_levers_applied_seq"  # the number of the last release taken from the component's state
ORDER = (PROGRAM[1], PROGRAM[0], PROGRAM[2])  # share rate, participants, stories per day, left to right
_ASSETS = Path(__file__).with_name("assets")
# Figures written live: results field -> how the browser writes it (the server's own rule for each).
LIVE_KINDS = {"impressions_per_story": "count", "value_per_story": "money", "value_per_month": "money",
              "cpl_savings_per_month": "money", "total_value_per_month": "money",
              "program_cost_per_month": "money", "net_value_per_month": "money", "roi": "roi",
              "break_even_share_rate": "break_even"}
# A participants range up to at least this; beyond it the number field takes any count the model allows.
PARTICIPANTS_RANGE = 5_000


def _source(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


# The browser formatter first (plain functions), then the component's module that uses them.
_COMPONENT = st.components.v2.component(
    "advocacy_levers", html=_source("levers.html"), css=_source("levers.css"),
    js="\n".join(_source(name) for name in ("live_format.js", "live_rules.js", "levers.js")))


@st.cache_data(max_entries=256, show_spinner=False)
def _coefficients(scenario: Scenario) -> dict[str, list[float]]:
    return coefficients(scenario)


def _lever(spec: InputSpec, value: float, scenario: Scenario) -> dict[str, Any]:
    """One lever for the browser: its range, the number box's bounds, and the sentence shown when a typed
    number is outside them (the box only turned red, and nobody could tell a group's cap from a typo)."""
    locale = scenario.locale
    if spec.key == "participants":
        people = participants_max(scenario)
        top = max(PARTICIPANTS_RANGE, 1_000 * math.ceil(2 * value / 1_000))
        why = " (your workforce)" if scenario.workforce is not None else ""
        return {"key": spec.key, "label": spec.label, "kind": "count", "min": 0, "max": min(top, people),
                "box_max": people, "step": spec.step, "value": value,
                "outside": f"A whole number from 0 to {count(people, locale)}{why}."}
    if spec.key == "share_rate":
        cap = share_rate_max(scenario)
        why = (f": there {scenario.keenest_group} shares every story" if scenario.groups and cap < 1 else "")
        return {"key": spec.key, "label": spec.label, "kind": "percent", "min": 0.0, "max": cap,
                "box_max": cap, "step": spec.step, "value": value,
                "outside": f"A share rate from {percent(0.0, 2, locale)} to {percent(cap, 2, locale)}{why}."}
    return {"key": spec.key, "label": spec.label, "kind": "number", "min": spec.lo, "max": spec.hi,
            "box_max": spec.hi, "step": spec.step, "value": value,
            "outside": f"A number from {count(spec.lo, locale)} to {count(spec.hi, locale)}."}


def share_rate_max(scenario: Scenario) -> float:
    """The share-rate lever's top, sent to the browser with the data (not fixed in the script): with
    groups of advocates, where the keenest group shares every story (the model's cap)."""
    return float(min(PROGRAM[1].hi, scenario.share_rate_cap))


def participants_max(scenario: Scenario) -> int:
    """The participants lever's top: the workforce when one is given (a drag past it showed figures the
    server then refused), else the model's limit."""
    return min(PROGRAM[0].hi, scenario.workforce) if scenario.workforce is not None else PROGRAM[0].hi


def live_data(scenario: Scenario, results: Results, baseline: tuple[str, Results] | None) -> dict[str, Any]:
    """What the browser needs: the levers, the coefficients, the format spec, the server's own texts
    (they replace the live ones on every run) and the baseline the changes are measured against."""
    figures = display.figure_formats(scenario)
    base = baseline[1] if baseline else None
    server = {field: figures[field](getattr(results, field)) for field in LIVE_KINDS}
    deltas = {field: display.delta_text(field, getattr(results, field), getattr(base, field), figures[field],
                                        scenario.locale)
              for field in display.WITH_DELTA if field in LIVE_KINDS} if base else {}
    values = {spec.key: getattr(scenario, spec.key) for spec in ORDER}
    return {
        "levers": [_lever(spec, values[spec.key], scenario) for spec in ORDER],
        "coefficients": _coefficients(scenario),
        "cap": scenario.share_rate_cap,  # break-even is sought up to it, as the model does
        "spec": format_spec(currency_of(scenario)),
        "kinds": LIVE_KINDS,
        "rules": display.live_rules(),  # loss and change: thresholds, words and looks, by display's rules
        "server": {"figures": server, "deltas": deltas, "story": story(scenario, results),
                   "lead_story": lead_story(scenario, results)},
        "baseline": {field: getattr(base, field) for field in deltas} if base else None,
        "story": story_template(scenario, results),
        "lead_story": lead_story_template(scenario),
        "presenting": present.presenting(),
        # The last release applied: the script numbers its next one above it (a new page's mount
        # starts with an empty state, the session keeps counting).
        "seq": st.session_state.get(_APPLIED, 0),
    }


def _state_values() -> dict[str, Any]:
    state = st.session_state.get(KEY)  # Streamlit's mapping of the component's state
    try:
        values = state["values"] if state is not None else None
    except (KeyError, TypeError):
        values = None
    return values if isinstance(values, dict) else {}


def _sent_seq() -> int:
    seq = _state_values().get("seq")
    # A browser counts releases in doubles: a number past 2**53 is no release of ours, and taking it
    # would make every later (smaller) real release look old.
    return seq if isinstance(seq, int) and not isinstance(seq, bool) and 0 < seq <= MAX_SEQ else 0


def _checked(spec: InputSpec, raw: Any, scenario: Scenario) -> float | int | None:
    """A value from the browser, checked as a URL value is: a number within the lever's bounds."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    hi = {"share_rate": share_rate_max, "participants": participants_max}.get(spec.key, lambda _: spec.hi)(scenario)
    # Compared before any float conversion: a 400-digit integer overflows math.isfinite; NaN fails both sides.
    if not spec.lo <= raw <= hi:
        return None
    if spec.widget == "int":
        return int(raw) if float(raw).is_integer() else None
    return float(raw)


def apply_release() -> None:
    """A lever released in the browser: its values become the session's (an edited lever is the
    user's own). Each release carries a sequence number, so one is applied once, and a preset
    applied after it is not undone by the component's older state."""
    values = _state_values()
    seq = _sent_seq()
    if seq <= st.session_state.get(_APPLIED, 0):
        return
    st.session_state[_APPLIED] = seq
    present.mark_last_action()  # the user's last action: this run's address is sent whole
    for spec in ORDER:
        value = _checked(spec, values.get(spec.key), state.current_scenario())
        if value is not None and value != st.session_state.get(spec.key, DEFAULT_VALUES[spec.key]):
            st.session_state[spec.key] = value
            identity.mark_user(spec.key)


def render(scenario: Scenario) -> None:
    """The levers at the top of the page; the figures they drive are wherever the page drew them."""
    results = cached.results(scenario)
    data = live_data(scenario, results, compare.baseline_results(scenario))
    _COMPONENT(key=KEY, data=data, on_values_change=_released)


def _released() -> None:
    """The component's callback: the release applied; with groups the sidebar's group table reruns too."""
    apply_release()
    advocate_groups.rerun_with_levers(router.MAIN_AREA)

