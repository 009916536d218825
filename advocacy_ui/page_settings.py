"""The pages' settings (ramp-up and payback, goal seek, forecast draws and seed, heat-map axes) in the
scenario and in ONE URL parameter, `settings`, managed here like the ranges.

A page's widget is drawn on that page only, so a bound parameter would drop out of the URL on the
others: instead each setting is read from its widget's session key (the widgets persist for the
session) and written to `settings=timeline_launch_cost:20000,forecast_seed:7` on every run. A link's
settings seed those widget keys on the session's first run; a bad item is a note, never a crash.
"""

from typing import Any

import streamlit as st
from pydantic import ValidationError

from advocacy_calc import Scenario
from advocacy_calc.link import SETTING_DEFAULTS, format_settings
from advocacy_calc.scenario import PageSettings, rangeable_paths

from . import router
from .inputs import shown

PARAM = "settings"
_GIVEN = "_page_settings_given"

# Scenario field -> the widget key that holds it (goal_value's key depends on the target).
WIDGETS = {
    "timeline_months": "tl-months", "timeline_start_share_rate": "tl-start", "timeline_ramp_months": "tl-ramp",
    "timeline_shape": "tl-shape", "timeline_launch_cost": "tl-launch", "timeline_launch_month": "tl-launch-month",
    "timeline_decay_per_month": "tl-decay", "timeline_decay_floor": "tl-floor", "timeline_summer_dip": "tl-dip",
    "goal_target": "goal-target", "goal_lever": "goal-lever", "forecast_distribution": "mc-distribution",
    "forecast_draws": "mc-draws", "forecast_seed": "mc-seed", "grid_x": "grid-x", "grid_y": "grid-y",
}
DEFAULTS = SETTING_DEFAULTS  # the pages' own defaults where they are fixed: left out of the link


def goal_key(target: str | None) -> str:
    return f"goal-value-{target or DEFAULTS['goal_target']}"


def _typed(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def read_param(text: str) -> tuple[dict[str, Any], list[str]]:
    """`field:value,field:value` -> the usable settings and one problem line per unusable item."""
    good, problems = {}, []
    for item in filter(None, text.split(",")[:40]):
        field, _, raw = item.partition(":")
        if field not in PageSettings.model_fields:
            problems.append(f"{field[:40]}: not a page setting")
            continue
        try:
            good[field] = getattr(PageSettings(**{field: _typed(raw)}), field)
        except ValidationError as exc:
            problems.append(f"{field}: {exc.errors()[0]['msg']} (got {raw[:30]})")
    return good, problems


format_param = format_settings


def check_param(raw: list[str]) -> list[str]:
    """On a session's first run: seed the pages' widgets from the link's settings."""
    if len(raw) != 1:
        return [f"URL parameter '{PARAM}': given more than once. The pages keep their defaults."]
    good, problems = read_param(raw[0])
    load_values(good)
    return [f"URL parameter '{PARAM}' is not usable ({shown(p, 90)}). That setting keeps its default."
            for p in problems]


def load_values(settings: dict[str, Any]) -> None:
    """Put settings into the widgets' keys (first run or a callback: before the widgets are drawn)."""
    st.session_state[_GIVEN] = dict(settings)
    for field, value in settings.items():
        if field == "goal_value":
            st.session_state[goal_key(settings.get("goal_target"))] = value
        elif field == "forecast_seed" or field in ("timeline_months", "timeline_ramp_months",
                                                   "timeline_launch_month", "forecast_draws"):
            st.session_state[WIDGETS[field]] = int(value)
        else:
            st.session_state[WIDGETS[field]] = value


def load(scenario: Scenario) -> None:
    load_values(scenario.settings.model_dump(exclude_none=True))


def current() -> dict[str, Any]:
    """Every setting the session holds (a widget drawn once, or given by a link), defaults left out."""
    given = st.session_state.get(_GIVEN, {})
    out = {}
    for field, key in WIDGETS.items():
        value = st.session_state.get(key, given.get(field))
        if value is not None and value != DEFAULTS.get(field, object()):
            out[field] = value
    target = st.session_state.get("goal-target", given.get("goal_target"))
    goal = st.session_state.get(goal_key(target), given.get("goal_value"))
    if goal is not None:
        out["goal_value"] = goal
    return out


def scenario_settings(scenario: Scenario | None = None) -> dict[str, Any]:
    """The settings as the scenario carries them (checked: an unusable one, or a heat-map axis the
    scenario does not have, is left out)."""
    settings = {}
    axes = rangeable_paths(scenario) if scenario is not None else None
    for field, value in current().items():
        if axes is not None and field in ("grid_x", "grid_y") and value not in axes:
            continue
        try:
            settings[field] = getattr(PageSettings(**{field: value}), field)
        except ValidationError:
            continue
    return settings


def sync_url(scenario: Scenario) -> None:
    text = format_param(scenario_settings(scenario))
    if text and st.query_params.get(PARAM) != text:
        st.query_params[PARAM] = text
    elif not text and PARAM in st.query_params:
        del st.query_params[PARAM]


def rerun_main_area() -> None:
    """on_change of a setting drawn inside a nested fragment (the goal seek's): its change would rerun only
    that fragment, so the scenario, the link and the downloads kept the old value (a reload lost it).
    Rerun the main area instead (a fragment's key is taken by st.rerun from a callback only)."""
    st.rerun(scope=[router.MAIN_AREA])
