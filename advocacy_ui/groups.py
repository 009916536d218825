"""Groups of advocates in the session: held in session state as plain data, carried in ONE URL
parameter, `groups` (compact JSON of each group's own values: weight, rate relative to the mean,
seat cost, presence and connections), managed like the ranges. The levers stay program-wide; a
group's problem (weights that do not add up, a share rate above the cap) is the scenario's, so it
shows as an input problem, never dropped silently. A bad link item is a note, never a crash.
"""

import math
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from advocacy_calc import Scenario, ScenarioError
from advocacy_calc.errors import validate_scenario
from advocacy_calc.formatting import count, fixed_percent, money, percent
from advocacy_calc.groups import (EVERYONE_ELSE, NO_SOURCE, TEMPLATE_PEOPLE, add_group, format_groups_param,
                                  group_sizes, read_groups_param, remove_group, template_source, templates,
                                  with_group_sizes)
from advocacy_calc.scenario import MAX_CONNECTIONS, MAX_PRICE, AdvocateGroup, network_label, normalised_groups

from .inputs import DEFAULT_VALUES, shown

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


# --- The editor in the sidebar ----------------------------------------------------------------------

_VERSION = "_group_editor_version"   # +1 whenever groups come from elsewhere: the table redraws
_PROBLEM = "_group_editor_problem"
ADD_PEOPLE, CARVE_OUT = "Add people (the total grows)", f"Carve out of {EVERYONE_ELSE} (the total stays)"
USER_NOTE = "set in the app's group editor"


def _editor_key() -> str:
    return f"group-table-{st.session_state.get(_VERSION, 0)}"


def _apply(current: Callable[[], Scenario], load: Callable[[Scenario], None], build: Callable[[Scenario], Scenario],
           marked: Callable[[Scenario], list[str]] = lambda s: []) -> None:
    """Build the new scenario from the current one with the package's rules, mark what the user set as theirs,
    load it (levers included), or keep everything and say why."""
    try:
        scenario = build(current())
        provenance = {**{k: v.model_dump() for k, v in scenario.provenance.items()},
                      **{path: {"kind": "user", "note": USER_NOTE} for path in marked(scenario)}}
        scenario = Scenario.model_validate({**scenario.model_dump(), "provenance": provenance})
    except (ValueError, ScenarioError) as exc:
        st.session_state[_PROBLEM] = str(exc).splitlines()[0][:300]
        return
    st.session_state[_PROBLEM] = ""
    load(scenario)
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1
    st.rerun(scope="app")  # the editor is a fragment: every figure and the sidebar's inputs follow the change


ADD_RELATIVE = "group-add-relative"


def _template_chosen() -> None:
    """A new template: the popover's fields that are the template's start at its defaults (its name and its
    relative share rate; not the last group's 3x). People and how to add are the user's and stay."""
    template = templates().get(st.session_state.get("group-template") or EVERYONE_ELSE)
    if template is not None:
        st.session_state["group-add-name"] = ""
        st.session_state[ADD_RELATIVE] = template.relative_share_rate


def _add(current, load) -> None:
    name = (st.session_state.get("group-add-name") or "").strip() or st.session_state.get("group-template")
    template = templates()[st.session_state.get("group-template") or EVERYONE_ELSE]
    people = float(st.session_state.get("group-add-people") or 0)
    carve = st.session_state.get("group-add-how") == CARVE_OUT
    raw = st.session_state.get(ADD_RELATIVE)  # 0 is a rate (a group that does not share), None is none given
    relative = template.relative_share_rate if raw is None else float(raw)
    _apply(current, load, lambda s: add_group(s, template, people, carve_out=carve, name=name,
                                              relative_share_rate=relative),
           lambda s: [f"groups.{name}.weight", f"groups.{name}.relative_share_rate"])


def _remove(current, load) -> None:
    name = st.session_state.get("group-remove")
    if name:
        _apply(current, load, lambda s: remove_group(s, name))


def _edited(current, load) -> None:
    """The table's edits; the levers follow (the total, the mean)."""
    edits = (st.session_state.get(_editor_key()) or {}).get("edited_rows", {})
    _apply(current, load, lambda s: edited_scenario(s, edits),
           lambda s: [f"groups.{s.groups[i].name}.{f}" for i in _checked_edits(edits, len(s.groups))
                      for f in ("weight", "relative_share_rate")])


def edited_scenario(scenario: Scenario, edits: dict) -> Scenario:
    """The scenario after the table's edits ({row: {"People": n, "Rate %": x}}): each group's own size and
    share rate; the total becomes their sum and the share rate their weighted mean (a group's own seat cost,
    presence and connections: the details popover below the table)."""
    groups, people, rates = group_sizes(scenario)
    for i, row in _checked_edits(edits, len(groups)).items():
        if row.get("People") is not None:
            people[i] = row["People"]
        if row.get("Rate %") is not None:
            rates[i] = row["Rate %"] / 100
    if any(r > 1 for r in rates):
        raise ValueError("a group's share rate cannot pass 100%")
    return with_group_sizes(scenario, groups, people, rates)


def _checked_edits(edits: Any, n_groups: int) -> dict[int, dict[str, float]]:
    """The table's edits as the browser sent them, checked: rows of this table, finite non-negative numbers
    (ValueError with a sentence otherwise; the editor shows it)."""
    if not isinstance(edits, dict):
        raise ValueError("the table's edits could not be read")
    checked = {}
    for key, row in edits.items():
        i = int(key) if isinstance(key, (int, str)) and str(key).isdigit() else -1
        if not 0 <= i < n_groups or not isinstance(row, dict):
            raise ValueError("the table's edits name a row it does not have: reload the page")
        checked[i] = {}
        for column in ("People", "Rate %"):
            value = row.get(column)
            if value is None:
                continue
            try:
                number = float(value) if not isinstance(value, (bool, str)) else math.nan
            except (TypeError, OverflowError):
                number = math.nan
            if not math.isfinite(number) or number < 0:
                raise ValueError(f"{column}: give a number of 0 or more")
            checked[i][column] = number
    return checked


GROUP_WIDTH, NUMBER_WIDTH = 126, 46  # px: the sidebar's table at 1280 px wide holds 218 px of columns
_DRAWN_AT = "_group_editor_levers"  # the levers the sidebar's table was drawn at
EDITOR = "group-editor"  # the editor's fragment key: a lever release reruns it with the main area


def rerun_with_levers(main_area: str) -> None:
    """The levers' release callback, after the release is applied: a lever move reruns only the main area,
    so with groups the sidebar's table (each group's own people and rate) would keep the old numbers. Rerun
    the main area and the editor's fragment, not the whole app (the rest of the sidebar is as it was)."""
    drawn = st.session_state.get(_DRAWN_AT)
    now = tuple(st.session_state.get(k, DEFAULT_VALUES[k]) for k in ("participants", "share_rate"))
    if current() and drawn is not None and drawn != now:
        try:
            st.rerun(scope=[main_area, EDITOR])
        except StreamlitAPIException:  # the editor not drawn on the last run (the sidebar failed): the whole app
            st.rerun(scope="app")


def render_editor(where: Any, current: Callable[[], Scenario], load: Callable[[Scenario], None]) -> None:
    """Groups of advocates in their sidebar place, as a fragment of their own (see rerun_with_levers)."""
    with where:
        _editor(current, load)


@st.fragment(key=EDITOR)
def _editor(current: Callable[[], Scenario], load: Callable[[Scenario], None]) -> None:
    """Each group's own numbers (sizes rounded to show), add from a template, remove. A widget here reruns
    only this fragment; a change to the scenario reruns the app (_apply)."""
    scenario = current()
    st.session_state[_DRAWN_AT] = (scenario.participants, scenario.share_rate)
    with st.expander("Groups of advocates", icon=":material/groups:"):
        if not scenario.groups:
            st.caption("One group: everyone alike. Add a group to see who brings the reach and the value.")
        else:
            rows = [{"Group": g.name, "People": round(scenario.participants * w),
                     "Rate %": round(100 * scenario.share_rate * r, 2)}
                    for g, w, r in zip(scenario.groups, *normalised_groups(scenario))]
            st.data_editor(rows, key=_editor_key(), hide_index=True, num_rows="fixed", width="stretch",
                           disabled=["Group"], on_change=_edited, args=(current, load),
                           column_config={
                               # Sidebar at 1280 px (about 220 px for the table): names and headers whole, the
                               # numbers' headers short (each says what it is in its help); edits keep the keys.
                               "Group": st.column_config.TextColumn(
                                   width=GROUP_WIDTH, help="The group's name (a long one is cut: *Details of a group* "
                                                           "shows it whole)"),
                               "People": st.column_config.NumberColumn(
                                   "N", min_value=0, step=1, format="%d", width=NUMBER_WIDTH,
                                   help="People: the group's participants"),
                               "Rate %": st.column_config.NumberColumn(
                                   "%", min_value=0.0, max_value=100.0, format="%.1f", width=NUMBER_WIDTH,
                                   help="Share rate: the group's own, in %")})
            cap = fixed_percent(scenario.share_rate_cap, 1, scenario.locale)
            st.caption(f"N: each group's people; %: its own share rate. The levers move every group in "
                       f"proportion. Share rate can go up to {cap}, where "
                       f"{shown(_keenest(scenario), 40)} share every story.")
            _render_details(scenario, current, load)
        with st.popover("Add a group", icon=":material/group_add:", width="stretch"):
            names = list(templates())
            st.selectbox("Template", names, key="group-template", on_change=_template_chosen,
                         help="\n\n".join(f"**{t.name}**: {t.about}" for t in templates().values()))
            st.text_input("Name (empty: the template's)", key="group-add-name", max_chars=40)
            st.number_input("People", min_value=0, max_value=10_000_000, value=TEMPLATE_PEOPLE, step=10,
                            key="group-add-people")
            st.radio("How", (ADD_PEOPLE, CARVE_OUT), key="group-add-how")
            # no value= here: the template sets it (_template_chosen), and a widget given both warns
            chosen = templates().get(st.session_state.get("group-template") or names[0], templates()[names[0]])
            st.session_state.setdefault(ADD_RELATIVE, chosen.relative_share_rate)
            st.number_input("Share rate relative to today's mean (1 = the same)", min_value=0.0, max_value=100.0,
                            step=0.1, key=ADD_RELATIVE,
                            help=f"No public per-role share rate is known: {NO_SOURCE}.")
            st.button("Add", key="group-add", type="primary", on_click=_add, args=(current, load))
        if scenario.groups:
            row = st.container(horizontal=True, vertical_alignment="bottom")
            row.selectbox("Remove a group (its people leave)", [g.name for g in scenario.groups], key="group-remove")
            row.button("Remove", key="group-remove-button", icon=":material/group_remove:", on_click=_remove,
                       args=(current, load))
        problem = st.session_state.get(_PROBLEM)
        if problem:
            st.warning(problem, icon=":material/warning:")


def _keenest(scenario: Scenario) -> str:
    _, relative = normalised_groups(scenario)
    return scenario.groups[max(range(len(relative)), key=relative.__getitem__)].name


# --- A group's own seat cost, connections and presence ----------------------------------------------

DETAIL = "group-detail"  # the group whose details are shown
SEAT, CONNECTIONS, PRESENCE = "seat_cost_per_month", "connections", "presence"


def _detail_key(index: int, field: str, network: str = "") -> str:
    return f"group-detail-{st.session_state.get(_VERSION, 0)}-{index}-{field}-{network}"


def detail_source(scenario: Scenario, name: str, field: str, network: str | None = None) -> str:
    """Where a group's seat cost, connections or presence comes from, in a few words: the user's input,
    a measurement, a template's graded benchmark, or the network's (program's) own value it falls back to."""
    group = next(g for g in scenario.groups if g.name == name)
    path = f"groups.{name}.{field}" if network is None else f"groups.{name}.networks.{network}.{field}"
    own = group.seat_cost_per_month if network is None else getattr(group, field).get(network)
    if own is None:
        return "the program's value" if network is None else f"{network_label(network)}'s value"
    kept = scenario.provenance.get(path)
    if kept is not None and kept.kind == "measured":
        return f"measured{': ' + kept.note if kept.note else ''}"
    source = None if network is None else template_source(name, network, field)
    if kept is None and source is not None and own == source.base:
        return f"graded {source.grade}: {source.label} ({source.date})"
    return "your input"


def with_group_detail(scenario: Scenario, name: str, field: str, value: float | None,
                      network: str | None = None) -> Scenario:
    """The scenario with one group's own seat cost (network None), connections or presence on a network
    set (None: back to the program's or network's value), checked by the model (the field is named)."""
    data = scenario.model_dump(mode="json")
    group = next(g for g in data["groups"] if g["name"] == name)
    if network is None:
        group[SEAT] = value
    elif value is None:
        group[field].pop(network, None)
    else:
        group[field][network] = value
    return validate_scenario(data)


def _detail_changed(current, load, name: str, field: str, network: str | None, key: str, scale: float) -> None:
    raw = st.session_state.get(key)
    value = None if raw is None else float(raw) / scale
    path = f"groups.{name}.{field}" if network is None else f"groups.{name}.networks.{network}.{field}"
    _apply(current, load, lambda s: with_group_detail(s, name, field, value, network),
           lambda s: [path] if value is not None else [])


def _use_network_values(current, load, name: str) -> None:
    def build(s: Scenario) -> Scenario:
        data = s.model_dump(mode="json")
        group = next(g for g in data["groups"] if g["name"] == name)
        group.update({SEAT: None, CONNECTIONS: {}, PRESENCE: {}})
        data["provenance"] = {p: v for p, v in data["provenance"].items()
                              if not any(p == f"groups.{name}.{f}" for f in (SEAT,))
                              and not p.startswith(f"groups.{name}.networks.")}
        return validate_scenario(data)
    _apply(current, load, build)


def _render_details(scenario: Scenario, current, load) -> None:
    """A popover per the chosen group: its own seat cost and, per network, connections and presence,
    each with where it comes from; a cleared box falls back to the program's or network's value."""
    names = [g.name for g in scenario.groups]
    with st.popover("Details of a group", icon=":material/tune:", width="stretch",
                    help="A group's own seat cost and, per network, its connections and presence"):
        name = st.selectbox("Group", names, key=DETAIL)
        if name not in names:
            return
        index = names.index(name)
        group = scenario.groups[index]
        currency = scenario.currency

        def box(label: str, field: str, network: str | None, shown_value: float, scale: float, fmt: str,
                hi: float, step: float, fallback: str) -> None:
            key = _detail_key(index, field, network or "")
            st.number_input(label, min_value=0.0, max_value=hi, value=float(shown_value) * scale, step=step,
                            format=fmt, key=key, on_change=_detail_changed,
                            args=(current, load, name, field, network, key, scale),
                            help=f"Empty: {fallback}.")
            st.caption(f"From: {detail_source(scenario, name, field, network)}")

        seat = group.seat_cost_per_month
        box("Seat cost per month", SEAT, None,
            scenario.cost.seat_cost_per_month if seat is None else seat, 1.0, "%.2f", float(MAX_PRICE), 1.0,
            f"the program's {money(scenario.cost.seat_cost_per_month, currency)}")
        for network in scenario.networks:
            n, label = network.name, network_label(network.name)
            st.markdown(f"**{label}**")
            box(f"{label} connections", CONNECTIONS, n, group.connections.get(n, network.connections), 1.0, "%.0f",
                float(MAX_CONNECTIONS), 10.0, f"{label}'s {count(network.connections, scenario.locale)}")
            box(f"{label} presence %", PRESENCE, n, group.presence.get(n, network.presence), 100.0, "%.1f",
                100.0, 1.0, f"{label}'s {percent(network.presence, locale=scenario.locale)}")
        st.button("Use the network's values", key="group-detail-reset", icon=":material/restart_alt:",
                  on_click=_use_network_values, args=(current, load, name),
                  help="Clear this group's own seat cost, connections and presence.")
