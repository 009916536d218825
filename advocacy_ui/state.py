"""Session state for the scenario: URL checks, the sidebar inputs, and the current Scenario.

app.py draws the sidebar (the assumptions) on every full run and the levers (participants,
share rate, stories per day: advocacy_ui/levers.py) at the top of the main area, inside the
fragment that also draws the page: moving a lever reruns only that fragment, not the 30-odd
sidebar inputs. Every sidebar input is bound to the URL; the levers, one component without
`bind`, are plain session keys put in the URL here. So the address bar always reproduces the scenario.
"""

import logging
import os
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from advocacy_calc import PRESETS, Scenario, ScenarioError
from advocacy_calc.formatting import LOCALE_TAGS, currency_note
from advocacy_calc.link import public_base_url, scenario_link
from advocacy_calc.parse import parse_scenario
from advocacy_calc.presets import DEFAULT_PRESET, PRESET_NOTES, display_name

from . import forecast_state, identity, link_check, page_settings, present
from . import groups as advocate_groups
from .inputs import (AUDIENCE_OVERLAP, ALL_SPECS, COST, DEMAND, DEFAULT_VALUES, FUNNEL, HIRING, NETWORKS, PROGRAM,
                     VALUATION, InputSpec, parse_url_value, query_string, scenario_to_values,
                     shown, specs_for_network, url_text, values_to_scenario)

log = logging.getLogger(__name__)

# URL parameters of the app itself, not scenario inputs: never reported as unknown.
APP_PARAMS = frozenset({"present", "demo"})  # demo=true: the Measure page shows synthetic exports
# How many scenarios were pinned, kept in the browser's address bar: the pins themselves come back from
# the tab's storage (pin_store); a new session whose tab has none (a link opened elsewhere) says they are
# not here instead of losing them silently.
PINS_PARAM = "pinned"
PINS_EXPECTED = "_pins_expected"  # the link's pin count, until the browser says what it kept
_NOTES = "_url_notes"
_PENDING = "_pending_values"
_LAST_GOOD = "_last_good_scenario"
SCENARIO = "scenario"
# The Measure page's column mapping, {kind: {field: column or None}}: no widget holds it, so the
# scenario takes it from here (saved and exported with it) and a loaded scenario puts its own back.
IMPORT_MAPPING = "measure_mappings"
IMPORT_MAPPING_VERSION = "_measure_mapping_version"  # +1 when a mapping comes from elsewhere: editors redraw
LEVER_KEYS = (PROGRAM[1].key, PROGRAM[0].key, PROGRAM[2].key)  # share rate, participants, stories per day
NOT_MODEL_INPUTS = frozenset({"locale"})
_LOCALE_CHOSEN = "_locale_chosen"


def check_url() -> None:
    """On a session's first run, check every raw URL value before the widgets read it.

    Streamlit drops some bad values silently and coerces others (2.5 -> 2), so we decide
    ourselves: an invalid value falls back to its default, with a note naming it.
    """
    if _NOTES in st.session_state:
        return
    notes, refused, accepted = [], [], []
    for key in st.query_params.keys():
        spec = ALL_SPECS.get(key)
        if key in identity.PARAMS:  # name, prepared_by, based_on, provenance: read below
            continue
        if key == page_settings.PARAM:  # the pages' settings: one parameter, one note per bad item
            notes += page_settings.check_param(st.query_params.get_all(key))
            continue
        if key == forecast_state.PARAM:  # the input ranges: one parameter in a compact form, one note per
            notes += forecast_state.check_param(st.query_params.get_all(key))  # bad item (sync_url rewrites it)
            continue
        if key == advocate_groups.PARAM:  # groups of advocates: one parameter, compact JSON (groups.py)
            notes += advocate_groups.check_param(st.query_params.get_all(key))
            continue
        if key == PINS_PARAM:  # said once the browser has answered with what it kept (pin_store.restore)
            raw = st.query_params.get(key, "")
            st.session_state[PINS_EXPECTED] = int(raw) if raw.isdigit() and 0 < int(raw) < 100 else 0
            continue
        if key == link_check.PARAM:  # the browser reopened a link Streamlit had dropped as too long
            notes.append(link_check.note(st.query_params.get(key, "")))
            refused.append(key)
            continue
        if key in APP_PARAMS:
            if st.query_params.get_all(key) not in (["true"], ["false"]):
                notes.append(f"URL parameter '{key}': expected true or false. Using false.")
                refused.append(key)
            elif key == present.PRESENT:  # unbound (present.render_toggle): the link's value seeds the switch
                st.session_state[key] = st.query_params.get(key) == "true"
            continue
        if spec is None:
            notes.append(f"URL parameter {shown(key, 40)} is not an input of this app; ignored.")
            continue
        value, why = parse_url_value(spec, st.query_params.get_all(key))
        if why:
            notes.append(f"URL parameter '{key}': {why}. Using the default, {_show(spec, DEFAULT_VALUES[key])}.")
            refused.append(key)
        else:
            accepted.append(key)
            if spec.widget == "segmented":  # unbound (see render_widget): the link's value seeds it here
                st.session_state[key] = st.query_params.get(key)
            elif spec.widget == "pills" or key in LEVER_KEYS:  # unbound too (the levers: one component)
                st.session_state[key] = value
    notes += identity.check_params(st.query_params, accepted)
    st.session_state[_NOTES] = notes
    if refused:
        # Streamlit seeds a bound widget from the raw URL value in this same run, and some
        # values crash its own parser (an int input given inf or 1e999: OverflowError). Drop
        # the refused values from the URL (nothing is bound yet) and run again without them.
        for key in refused:
            del st.query_params[key]
        st.rerun()


def pins_lost_note(count: int) -> str:
    """The link had `count` pins (0: a number we could not read) and this browser tab kept none."""
    what = f"the {count} pinned scenario{'s' if count != 1 else ''}" if count else "pinned scenarios"
    return (f"This link was open with {what}; pins are kept in the browser tab they were made in, and this "
            "tab has none (the link was opened in another tab or browser, or the tab's storage was cleared), "
            "so they are not here. Save scenarios in the Team library to keep them.")


def _locale_from_browser() -> None:
    """On a session's first run, a link without a locale starts in the browser's language where CLDR knows it
    with a region (de-DE); otherwise en-US. A link's own locale always wins (it reproduces what was sent)."""
    if st.session_state.get(_LOCALE_CHOSEN):
        return
    st.session_state[_LOCALE_CHOSEN] = True
    if "locale" in st.query_params:
        return
    tag = str(getattr(st.context, "locale", None) or "")
    tag = next((t for t in LOCALE_TAGS if t.casefold() == tag.casefold()), None)
    if tag and tag != DEFAULT_VALUES["locale"]:
        st.session_state.setdefault(_PENDING, {})["locale"] = tag
        _write_params_of_new_inputs({"locale": tag, "networks": []})  # not bound yet: the address bar says it too


def apply_pending_values() -> None:
    """Values set by a callback (a preset) land here, before any widget is drawn."""
    pending = st.session_state.pop(_PENDING, {})
    for key, value in pending.items():
        st.session_state[key] = value


def url_notes() -> list[str]:
    return st.session_state.get(_NOTES, [])


def add_url_notes(notes: list[str]) -> None:
    st.session_state[_NOTES] = [*url_notes(), *notes]


def dismiss_url_notes() -> None:
    st.session_state[_NOTES] = []


def load_scenario(scenario: Scenario) -> None:
    """Put a scenario into the inputs (from a callback: takes effect on the next run)."""
    values = scenario_to_values(scenario)
    st.session_state[_PENDING] = values
    _write_params_of_new_inputs(values)
    if scenario.import_mapping:  # one without a mapping leaves the session's as it is
        set_import_mapping(scenario.import_mapping)
    forecast_state.load(scenario)  # its ranges, or none: back to the benchmark ranges
    identity.load(scenario)  # its name, what it is based on, its inputs' provenance
    page_settings.load(scenario)  # how its pages were set (ramp-up, goal seek, draws, heat map)
    advocate_groups.load(scenario)  # its groups of advocates, or one group of everyone


def set_import_mapping(mappings: dict[str, dict[str, str | None]]) -> None:
    """Make these (kind: mapping) the Measure page's column mapping; other kinds keep theirs."""
    current = st.session_state.get(IMPORT_MAPPING) or {}
    merged = {**current, **{kind: dict(m) for kind, m in mappings.items()}}
    if merged != current:
        st.session_state[IMPORT_MAPPING] = merged
        st.session_state[IMPORT_MAPPING_VERSION] = st.session_state.get(IMPORT_MAPPING_VERSION, 0) + 1


def _write_params_of_new_inputs(values: dict[str, Any]) -> None:
    """Put in the URL the values of inputs that will be drawn for the first time.

    Streamlit copies a value set in code to the URL only for a widget drawn on the run
    before; the prices of a network the scenario brings in are drawn for the first time.
    Their parameters are not bound yet, so we may write them; a new widget reads its
    first value from the URL, which now agrees with the value set in code.
    """
    for key, value in values.items():
        network = key.split(".")[1] if key.startswith("networks.") else None
        if network and network not in values["networks"]:
            continue
        try:
            if value != DEFAULT_VALUES[key]:
                st.query_params[key] = url_text(value)
            elif key in st.query_params:
                del st.query_params[key]
        except StreamlitAPIException:
            pass  # bound to a drawn widget: Streamlit updates the URL itself


def _apply_preset() -> None:
    """Choosing a preset (or Reset) applies it at once; a case the user had changed can be undone."""
    scenario = current_scenario()
    changed = identity.changed(scenario) or scenario.name.strip()
    identity.offer_undo(scenario if changed else None)
    # The locale is how figures are written, the reader's, not the case's: it stays. The currency is the
    # preset's (its prices are US-dollar benchmarks); the undo caption says so when it changes.
    preset = PRESETS[st.session_state.get("preset", DEFAULT_PRESET)]
    load_scenario(preset.model_copy(update={"locale": scenario.locale}))


def _undo_preset() -> None:
    previous = identity.undo_offer()
    if previous is not None:
        load_scenario(previous)
    identity.restore_origin()


def render_widget(spec: InputSpec, where: Any = st, disabled: bool = False) -> Any:
    """Draw one input, keyed and bound to the URL, with its default and tooltip."""
    default = DEFAULT_VALUES[spec.key]
    common = dict(key=spec.key, help=spec.help, bind="query-params", disabled=disabled,
                  on_change=identity.mark_user, args=(spec.key,))  # an edited input is the user's own
    if spec.key in NOT_MODEL_INPUTS:  # how figures are written has no source to record
        common.update(on_change=None, args=None)
    if spec.widget == "slider":
        return where.slider(spec.label, min_value=float(spec.lo), max_value=float(spec.hi), value=float(default),
                            step=spec.step, format=spec.fmt, **common)
    if spec.widget == "int":
        return where.number_input(spec.label, min_value=int(spec.lo), max_value=int(spec.hi), value=int(default),
                                  step=int(spec.step), format=spec.fmt, **common)
    if spec.widget == "float":
        return where.number_input(spec.label, min_value=float(spec.lo), max_value=float(spec.hi),
                                  value=float(default), step=float(spec.step), format=spec.fmt, **common)
    if spec.widget == "select":
        return where.selectbox(spec.label, spec.options, index=spec.options.index(default), **common)
    if spec.widget == "segmented":
        # Words on the buttons, the value in the link: a bound widget with format_func puts its label
        # in the URL ("CPC (clicks)"), so this one is unbound and its parameter managed here.
        unbound = {k: v for k, v in common.items() if k != "bind"}
        value = where.segmented_control(spec.label, spec.options, default=default, required=True,
                                        format_func=lambda option: spec.labels.get(option, option), **unbound)
        _sync_choice_param(spec.key, value)
        return value
    if spec.widget == "toggle":
        return where.toggle(spec.label, value=bool(default), **common)
    if spec.widget == "pills":  # unbound for the same reason: "X (Twitter)" on the button, "X" in the link
        unbound = {k: v for k, v in common.items() if k != "bind"}
        value = where.pills(spec.label, spec.options, selection_mode="multi", default=default,
                            format_func=lambda option: spec.labels.get(option, option), **unbound)
        _sync_choice_param(spec.key, value)
        return value
    raise ValueError(f"unknown widget {spec.widget}")


def _sync_choice_param(key: str, value: Any) -> None:
    """An unbound choice's value in the URL, left out at its default (as a bound widget does); written
    on every run because a page switch drops unbound parameters."""
    if value is not None and value != DEFAULT_VALUES[key]:
        wanted = (list(value) or [""]) if isinstance(value, list) else [value]  # none chosen: "networks="
        if st.query_params.get_all(key) != wanted:
            st.query_params[key] = wanted
    elif key in st.query_params:
        del st.query_params[key]


def render_sidebar() -> Any:
    """The scenario's assumptions, in the sidebar (the levers are drawn by levers.render)."""
    check_url()
    _locale_from_browser()
    apply_pending_values()
    for key in LEVER_KEYS:  # no widget gives the levers a value: they start at the defaults
        st.session_state.setdefault(key, DEFAULT_VALUES[key])
    # Before any bound widget is drawn: a parameter written after them is lost on a page change
    # (as with the ranges and the name below); the levers' fragment writes them again on a release.
    sync_app_params()
    forecast_state.sync_url()  # page switches drop unbound parameters: put the ranges back
    advocate_groups.sync_url()  # and the groups
    identity.sync_url(bool(query_string(current_values())))  # and the name and provenance
    sb = st.sidebar
    sb.header("Scenario")
    row = sb.container(horizontal=True, vertical_alignment="bottom")
    row.selectbox("Start from", list(PRESETS), key="preset", on_change=_apply_preset, help="\n\n".join(
        f"**{name}**: {note}" for name, note in PRESET_NOTES.items()))
    row.button("Reset", key="reset", icon=":material/restart_alt:", on_click=_apply_preset,
               help="Put every input back to the chosen preset.")
    previous = identity.undo_offer()
    if previous is not None:
        with sb.container(key="preset-undo"):
            chosen = PRESETS[st.session_state.get("preset", DEFAULT_PRESET)]
            money_note = (f" Its prices are in {chosen.currency}, the benchmarks' currency (the case was in "
                          f"{previous.currency})." if previous.currency != chosen.currency else "")
            st.caption(f"{st.session_state.get('preset', DEFAULT_PRESET)} applied; it replaced "
                       f"{shown(display_name(previous), 60)}.{money_note}")
            st.button("Undo", key="undo-preset", icon=":material/undo:", on_click=_undo_preset,
                      help="Put back the case the preset replaced.")
    render_widget(PROGRAM[3], sb)  # working days; the levers are drawn by levers.render
    groups_slot = sb.container()  # filled by render_group_editor once every input is drawn
    with sb.expander("Networks and paid-media prices", icon=":material/share:"):
        chosen = render_widget(NETWORKS) or []
        for name in chosen:
            with st.container(border=True):
                st.markdown(f"**{NETWORKS.labels[name]}**")
                for spec in specs_for_network(name):
                    render_widget(spec)
        render_widget(AUDIENCE_OVERLAP)
    with sb.expander("Valuation and currency", icon=":material/payments:"):
        for spec in VALUATION:
            render_widget(spec)
        currency = current_values()["currency"]  # this run's choice (the scenario is built after the sidebar)
        if currency_note(currency):
            st.caption(f"{currency_note(currency)} Enter your own {currency} prices (CPM, CPC, cost per lead).")
    with sb.expander("Leads and funnel", icon=":material/filter_alt:"):
        mode = render_widget(DEMAND[0])
        used = {"direct": {"demand.advocacy_leads_per_month"},
                "asset": {"demand.asset_leads_per_month", "demand.advocacy_share_of_asset_traffic"},
                "clicks": {"demand.landing_conversion_rate"}}[mode or "direct"]
        mode_inputs = {"demand.advocacy_leads_per_month", "demand.asset_leads_per_month",
                       "demand.advocacy_share_of_asset_traffic", "demand.landing_conversion_rate"}
        for spec in DEMAND[1:]:
            render_widget(spec, disabled=spec.key in mode_inputs and spec.key not in used)
        st.caption("Optional funnel (influenced pipeline, not added to value)")
        for spec in FUNNEL:
            render_widget(spec)
    with sb.expander("Program cost", icon=":material/receipt_long:"):
        st.caption("No public benchmark exists for platform prices: enter your quote.")
        for spec in COST:
            render_widget(spec)
        render_widget(PROGRAM[4])
    with sb.expander("Referral hiring", icon=":material/person_add:"):
        for spec in HIRING:
            render_widget(spec)
    return groups_slot


def render_group_editor(slot: Any) -> None:
    """Who takes part (groups.py), drawn in its place in the sidebar AFTER the levers and every other
    input: a bound input reads its value from the link only when drawn, so on a link's first run an
    editor drawn earlier would see the defaults (another network, another share rate) and, with a
    group's own LinkedIn figure and no LinkedIn yet, no groups at all."""
    advocate_groups.render_editor(slot, _inputs_scenario, load_scenario)


def sync_app_params() -> None:
    """Each lever in the URL under its name, left out at its default, as a bound input would be, and the
    presentation mode as the switch has it. Page changes drop unbound parameters, so this runs on every
    run, the levers' own included.

    Every write sends the whole address this run read from the browser. A run still in flight when the
    user acts sends one from before the action, and it can reach the browser after the action's own
    change (a lever's release, then the mode switched at once). So every run writes the mode (the server
    owns it, the switch is not bound), and the run of the user's last action (a release, the switch)
    sends its address even where it looks unchanged: the last action's address arrives last."""
    # The levers in one message: written one by one, the address would for a moment hold the share
    # rate without the participants (a page switch drops them all), and a reload then loses one.
    levers = {key: st.session_state.get(key, DEFAULT_VALUES[key]) for key in LEVER_KEYS}
    wanted = {key: url_text(value) for key, value in levers.items() if value != DEFAULT_VALUES[key]}
    if any(st.query_params.get_all(key) != [text] for key, text in wanted.items()):
        st.query_params.update(wanted)
    for key in LEVER_KEYS:
        if key not in wanted and key in st.query_params:
            del st.query_params[key]
    mode = "true" if present.presenting() else None
    if mode is not None and st.query_params.get_all(present.PRESENT) != [mode]:
        st.query_params[present.PRESENT] = mode
    elif mode is None and present.PRESENT in st.query_params:
        del st.query_params[present.PRESENT]
    if st.session_state.pop(present.URL_CHANGED, False):
        st.query_params.update()  # sends the address as it stands (one message), nothing changed in it


def update_scenario() -> Scenario:
    """Validate every input as one scenario; the pages read it with current_scenario()."""
    if _PENDING in st.session_state and st.session_state[_PENDING]:
        # A callback inside the main fragment loaded a scenario: the sidebar must redraw too.
        st.rerun(scope="app")
    scenario = _scenario_from_inputs()
    st.session_state[SCENARIO] = scenario
    sync_app_params()
    page_settings.sync_url(scenario)  # drawn on one page only: their one parameter goes back on every run
    # The name, prepared by and notes are typed in this fragment (the overview): the sidebar's run, which
    # also writes them, does not follow a fragment's rerun, and a reload lost them.
    identity.sync_url(bool(query_string(current_values())))
    return scenario


def current_values() -> dict[str, Any]:
    return {k: st.session_state.get(k, DEFAULT_VALUES[k]) for k in ALL_SPECS}


def _scenario_from_inputs() -> Scenario:
    """Validate the inputs as a whole; on a problem keep the last good scenario and say why."""
    try:
        scenario = _with_session_extras(current_values())
    except ScenarioError as exc:
        fallback = st.session_state.get(_LAST_GOOD, PRESETS[DEFAULT_PRESET])
        st.session_state["_input_problems"] = exc.problems
        return fallback
    st.session_state["_input_problems"] = []
    st.session_state[_LAST_GOOD] = scenario
    return scenario


def _with_session_extras(values: dict[str, Any]) -> Scenario:
    """The inputs' scenario carrying what no widget holds, so it is saved and exported with it: its
    name and provenance, the Measure page's column mapping and the forecast ranges the user set."""
    scenario = values_to_scenario(values)
    groups = advocate_groups.current()
    if groups:  # inputs of the model: a problem with them is the inputs' problem (raised), never dropped
        scenario = parse_scenario({**scenario.model_dump(mode="python"), "groups": groups})
    extras = {**identity.scenario_fields(scenario), "settings": page_settings.scenario_settings(scenario),
              "import_mapping": st.session_state.get(IMPORT_MAPPING) or {},
              "ranges": forecast_state.user_ranges(scenario)}
    extras = {field: value for field, value in extras.items() if value}
    # An extra the scenario cannot carry (a 600-character column name, say) must not block the
    # inputs: try both, then each alone.
    for keep in (extras, *({field: value} for field, value in extras.items())):
        try:
            return parse_scenario({**scenario.model_dump(mode="python"), **keep}) if keep else scenario
        except ScenarioError:
            continue
    return scenario


def _inputs_scenario() -> Scenario:
    """The scenario the inputs hold now (the sidebar draws before the page sets current_scenario)."""
    try:
        return _with_session_extras(current_values())
    except ScenarioError:
        return current_scenario()


def input_problems() -> list[str]:
    return st.session_state.get("_input_problems", [])


def current_scenario() -> Scenario:
    """The scenario the inputs describe (set by update_scenario before the page draws)."""
    return st.session_state.get(SCENARIO) or PRESETS[DEFAULT_PRESET]


def public_base() -> str:
    """The address links are printed with: ADVOCACY_PUBLIC_URL, else `public_url` in the app's secrets, else
    the address this browser used (a proxy's inner address is not one to send: configure the public one)."""
    try:
        secret = str(st.secrets.get("public_url", "") or "")
    except (FileNotFoundError, StreamlitAPIException, KeyError, ValueError):  # no secrets file: none configured
        secret = ""
    return public_base_url(env=os.environ, secret_url=secret) or (st.context.url or "")


def share_link() -> str:
    """A link that reproduces the current scenario: the one encoder, the files print the same."""
    return scenario_link(current_scenario(), public_base())


def _show(spec: InputSpec, value: Any) -> str:
    if spec.fmt == "percent":
        return f"{value * 100:g}%"
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return f"{value:,}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
