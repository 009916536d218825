"""The user's input ranges: held in session state, carried in one URL parameter, `ranges`.

The parameter holds only the ranges the user changed (`share_rate:0.05:0.3,networks.X.cpm:5:15`);
every other uncertain input takes its benchmark range. A bad value becomes a note, never a crash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from advocacy_calc import Scenario, ScenarioError
from advocacy_calc.formatting import DEFAULT_LOCALE, in_locale, percent
from advocacy_calc.ranges import base_value, bounds, fit_ranges, format_ranges_param, read_ranges_param, with_ranges

if TYPE_CHECKING:
    from advocacy_calc.forecast.timeline import TimelineSettings

from .inputs import ALL_SPECS, NETWORK_LABELS, shown

PARAM = "ranges"
_OVERRIDES = "_range_overrides"
_VERSION = "_ranges_editor_version"
_PROBLEMS = "_range_problems"


def check_param(raw: list[str]) -> list[str]:
    """Read the URL's ranges on a session's first run: the usable ones are kept, and each item
    that is not usable gets its own note (its input keeps the benchmark range)."""
    if len(raw) != 1:
        return [f"URL parameter '{PARAM}': given more than once. Using the benchmark ranges."]
    ranges, problems = read_ranges_param(raw[0])
    st.session_state[_OVERRIDES] = ranges
    return [f"URL parameter '{PARAM}' is not usable ({shown(p, 90)}). That input keeps its benchmark range."
            for p in problems]


def overrides() -> dict[str, tuple[float, float]]:
    return dict(st.session_state.get(_OVERRIDES, {}))


def set_overrides(ranges: dict[str, tuple[float, float]]) -> None:
    st.session_state[_OVERRIDES] = dict(ranges)


def user_ranges(scenario: Scenario) -> dict[str, dict[str, float]]:
    """The ranges the user set (not the benchmark ones), fitted to this scenario's values:
    what a saved or exported scenario carries in its `ranges`."""
    wanted = overrides()
    if not wanted:
        return {}
    fitted, _ = fit_ranges(scenario, wanted)
    return {path: r for path, r in fitted.items() if path in wanted}


def load(scenario: Scenario) -> None:
    """Take a loaded scenario's ranges as the user's (from a callback); the editor redraws."""
    set_overrides({path: (r.low, r.high) for path, r in scenario.ranges.items()})
    st.session_state[_PROBLEMS] = []
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1


def sync_url() -> None:
    """Put the ranges (back) in the address bar: page switches drop parameters no widget binds."""
    text = format_ranges_param(overrides())
    if text and st.query_params.get(PARAM) != text:
        st.query_params[PARAM] = text
    elif not text and PARAM in st.query_params:
        del st.query_params[PARAM]


def ranged_scenario(scenario: Scenario) -> tuple[Scenario, list[str]]:
    """The scenario carrying benchmark ranges and the user's, fitted to its values, with notes."""
    ranges, notes = fit_ranges(scenario, overrides())
    try:
        return with_ranges(scenario, ranges), notes
    except ScenarioError as exc:  # should not happen (fit_ranges keeps ranges valid): say so, use none
        return scenario, notes + exc.problems


# --- The payback month beside the forecast, with the Ramp-up & payback page's settings ----------

# That page's widget keys (persist_state="session": they hold while the user is elsewhere).
TIMELINE_KEYS = {"months": "tl-months", "start_share_rate": "tl-start", "ramp_months": "tl-ramp", "shape": "tl-shape",
                 "decay_per_month": "tl-decay", "decay_floor": "tl-floor", "summer_dip": "tl-dip",
                 "launch_month": "tl-launch-month", "launch_cost": "tl-launch"}


def timeline_settings() -> TimelineSettings:
    """The ramp-up as set on the Ramp-up & payback page (its defaults before the user visits it)."""
    # Lazy for load time: every page loads this module (the ranges travel in every link), the
    # forecasts only the pages that show one.
    from advocacy_calc.forecast.timeline import TimelineSettings

    given = {field: st.session_state[key] for field, key in TIMELINE_KEYS.items()
             if st.session_state.get(key) is not None}
    if "ramp_months" in given:
        given["ramp_months"] = min(given["ramp_months"], given.get("months", TimelineSettings().months))
    try:
        return TimelineSettings(**given)
    except ValueError:
        return TimelineSettings()


# --- The ranges editor (callbacks live here: session state must pickle, page functions do not) ---

def _spec(path: str):
    if path.startswith("groups.") and path.endswith(".share_rate"):  # a group's own share rate is a rate
        return ALL_SPECS.get("share_rate")
    return ALL_SPECS.get(path) or ALL_SPECS.get(f"networks.LinkedIn.{path.rsplit('.', 1)[-1]}")


def label(path: str) -> str:
    """An input's label as the sidebar shows it, with its network: 'LinkedIn: Paid CPM'; a group's input
    with its group: 'Sales: own share rate', 'Sales on LinkedIn: connections'."""
    parts = path.split(".")
    if parts[0] == "groups" and len(parts) >= 3:
        if parts[2] == "networks" and len(parts) == 5:
            return f"{parts[1]} on {NETWORK_LABELS.get(parts[3], parts[3])}: {parts[4]}"
        words = {"share_rate": "own share rate", "weight": "share of the participants",
                 "relative_share_rate": "share rate relative to the mean", "seat_cost_per_month": "own seat cost"}
        return f"{parts[1]}: {words.get(parts[2], parts[2])}"
    spec = _spec(path)
    text = spec.label if spec else path
    return f"{NETWORK_LABELS.get(parts[1], parts[1])}: {text}" if parts[0] == "networks" else text


def is_percent(path: str) -> bool:
    spec = _spec(path)
    return bool(spec and spec.fmt == "percent")


def show(path: str, x: float, locale: str = DEFAULT_LOCALE) -> str:
    """An input's value as the ranges print it, in the scenario's locale (12,5 %, 1.500 in de-DE)."""
    if is_percent(path):
        return percent(x, locale=locale)
    return in_locale(f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.0f}", locale)


def editor_key() -> str:
    # A new key after each applied edit: the editor redraws from the ranges now in force.
    return f"ranges-editor-{st.session_state.get(_VERSION, 0)}"


def edit_problems() -> list[str]:
    return list(st.session_state.get(_PROBLEMS, []))


def apply_edits(key: str, rows: pd.DataFrame, scenario: Scenario) -> None:
    """Take the editor's changed Low / High cells; refuse (with a note) any that do not fit."""
    wanted = overrides()
    problems = []
    for index, change in st.session_state[key].get("edited_rows", {}).items():
        r = rows.iloc[int(index)]
        scale = 100 if is_percent(r["path"]) else 1
        low, high = change.get("Low", r["Low"]), change.get("High", r["High"])
        if low is None or high is None:
            problems.append(f"{r['Input']}: give both a low and a high")
            continue
        low, high = float(low) / scale, float(high) / scale
        lo, hi = bounds(r["path"])
        value = base_value(scenario, r["path"])
        if not (lo <= low <= value <= high <= hi):
            loc = scenario.locale
            problems.append(f"{r['Input']}: needs low ≤ your value ({show(r['path'], value, loc)}) ≤ high, within "
                            f"{show(r['path'], lo, loc)} to {show(r['path'], hi, loc)}; kept as it was")
            continue
        wanted[r["path"]] = (low, high)
    set_overrides(wanted)
    st.session_state[_PROBLEMS] = problems
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1


def reset() -> None:
    set_overrides({})
    st.session_state[_PROBLEMS] = []
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1


def heatmap_caption(cells: pd.DataFrame, has_line: bool) -> str:
    """What the heat map's colour and its break-even line are of: the colour is media value, break-even
    compares total value (media + leads + hiring) with program cost, and without a line says which side
    the whole grid is on."""
    colour = "Brighter is more media value per month (lead and hiring savings not included). "
    if has_line:
        return (colour + "The white dashed line is break-even: total value (media + leads + hiring) equals program "
                "cost (above and right of it the program pays). Each input runs over its range, or half to one and "
                "a half times its value when it has none.")
    net = cells["net_value_per_month"]
    if (net > 0).all() or (net < 0).all():
        side = "above" if (net > 0).all() else "below"
        return (colour + f"No break-even line: total value (media + leads + hiring) is {side} program cost "
                "everywhere on this grid.")
    return (colour + "No break-even line: total value (media + leads + hiring) reaches program cost only "
            "between columns of this grid, never up one.")
