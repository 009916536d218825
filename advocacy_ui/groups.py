"""Groups of advocates in the session: held in session state as plain data, carried in ONE URL
parameter, `groups` (compact JSON of each group's own values: weight, rate relative to the mean,
seat cost, presence and connections), managed like the ranges. The levers stay program-wide; a
group's problem (weights that do not add up, a share rate above the cap) is the scenario's, so it
shows as an input problem, never dropped silently. A bad link item is a note, never a crash.
"""

from urllib.parse import urlencode

import streamlit as st

from advocacy_calc import Scenario
from advocacy_calc.groups import format_groups_param, read_groups_param
from advocacy_calc.scenario import AdvocateGroup

from .inputs import shown

PARAM = "groups"
GROUPS = "advocate_groups"  # list of plain dicts (AdvocateGroup.model_dump(mode="json"))


def check_param(raw: list[str]) -> list[str]:
    """On a session's first run: take the link's groups (the usable ones) into the session."""
    if len(raw) != 1:
        return [f"URL parameter '{PARAM}': given more than once. Using one group of everyone."]
    good, problems = read_groups_param(raw[0])
    st.session_state[GROUPS] = good
    return [f"URL parameter '{PARAM}' is not usable ({shown(p, 120)})." for p in problems]


def current() -> list[dict]:
    return [dict(g) for g in st.session_state.get(GROUPS, [])]


def set_groups(groups: list[AdvocateGroup] | list[dict]) -> None:
    st.session_state[GROUPS] = [g.model_dump(mode="json") if isinstance(g, AdvocateGroup) else dict(g)
                                for g in groups]


def load(scenario: Scenario) -> None:
    """A loaded scenario's groups (none: one group of everyone)."""
    set_groups(list(scenario.groups))


def _text() -> str:
    return format_groups_param([AdvocateGroup.model_validate(g) for g in current()])


def sync_url() -> None:
    """Put the groups (back) in the address bar: page switches drop parameters no widget binds."""
    text = _text()
    if text and st.query_params.get(PARAM) != text:
        st.query_params[PARAM] = text
    elif not text and PARAM in st.query_params:
        del st.query_params[PARAM]


def link_query() -> str:
    text = _text()
    return urlencode({PARAM: text}) if text else ""
