"""The scenario's identity and the provenance of its inputs, in the session and the link.

Held in session state (no widget owns them: the name field is drawn on the overview only) and
carried in the URL by code, like the ranges: `name`, `prepared_by`, `based_on` and `provenance`
(JSON, `{"participants": ["user", "our roster"]}`). A link without `provenance` was written by
hand: every scenario input it sets is the user's own. Editing an input marks it as the user's
(the widget's on_change), a preset or a library entry brings its own, the Measure page's
*Start the what-if* marks what it measured.
"""

import json
from typing import Any

import streamlit as st

from advocacy_calc import PRESETS, Scenario
from advocacy_calc.formatting import currency_of
from advocacy_calc.link import identity_params
from advocacy_calc.presets import changed_inputs, display_name
from advocacy_calc.scenario import MAX_PROVENANCE, Provenance, input_paths

from .inputs import shown

NAME, PREPARED_BY, BASED_ON, PROVENANCE = "name", "prepared_by", "based_on", "provenance"
PARAMS = (NAME, PREPARED_BY, BASED_ON, PROVENANCE)
_IDENTITY = "_scenario_identity"  # {name, prepared_by, based_on}
_SOURCES = "_input_provenance"  # {field path: {"kind", "note"}}
_ORIGIN = "_origin_scenario"  # what was last loaded (preset or library entry): "modified" is against it
_UNDO = "_undo_scenario"  # the case a preset replaced, while the offer to undo stands
NAME_WIDGET, PREPARED_WIDGET = "scenario-name", "scenario-prepared-by"
MAX_LABEL, MAX_NOTE = 120, 200


def identity() -> dict[str, str]:
    return {NAME: "", PREPARED_BY: "", BASED_ON: "Worked example", **st.session_state.get(_IDENTITY, {})}


def provenance() -> dict[str, dict[str, str]]:
    return dict(st.session_state.get(_SOURCES, {}))


def scenario_fields(scenario: Scenario) -> dict[str, Any]:
    """What the scenario carries from here: its identity, and the provenance of the inputs it has."""
    known = set(input_paths(scenario))
    return {**identity(), PROVENANCE: {p: v for p, v in provenance().items() if p in known}}


# --- the link ---------------------------------------------------------------------------------

def check_params(query: Any, accepted_inputs: list[str]) -> list[str]:
    """On a session's first run: take the link's identity and provenance (a bad one becomes a
    note); a link without `provenance` was written by hand, so the inputs it sets are the user's."""
    notes, found = [], {}
    for key in (NAME, PREPARED_BY, BASED_ON):
        if key not in query:
            continue
        values = query.get_all(key)
        text = values[0] if len(values) == 1 else None
        why = ("given more than once" if text is None else
               f"longer than {MAX_LABEL} characters" if len(text) > MAX_LABEL else
               "holds a line break or another control character" if any(not c.isprintable() for c in text) else None)
        if why:
            notes.append(f"URL parameter '{key}': {why} (one line of at most {MAX_LABEL} characters). Left empty.")
            found[key] = ""
        else:
            found[key] = text
    if found:
        st.session_state[_IDENTITY] = {**identity(), **found}
    if PROVENANCE in query:
        sources, problems = read_provenance(query.get_all(PROVENANCE))
        notes += [f"URL parameter '{PROVENANCE}' is not usable ({shown(p, 90)}). That input shows its default's "
                  "source." for p in problems]
    else:
        sources = {path: {"kind": "user", "note": ""} for path in accepted_inputs}
    st.session_state[_SOURCES] = sources
    base = PRESETS.get(identity()[BASED_ON])
    if base is not None:
        st.session_state[_ORIGIN] = base
    return notes


def read_provenance(raw: list[str]) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The link's `provenance` JSON: the usable items and one problem line per unusable one."""
    if len(raw) != 1:
        return {}, ["given more than once"]
    try:
        data = json.loads(raw[0]) if raw[0] else {}
    except (ValueError, RecursionError):
        return {}, ["not JSON"]
    if not isinstance(data, dict):
        return {}, ["not a JSON object of field paths"]
    good, problems = {}, []
    if len(data) > MAX_PROVENANCE:  # more than a scenario has inputs: not a link the app wrote
        problems.append(f"{len(data) - MAX_PROVENANCE} entries past the {MAX_PROVENANCE} inputs a scenario has")
    for path, item in list(data.items())[:MAX_PROVENANCE]:
        kind, note = (item + [""])[:2] if isinstance(item, list) and item else (None, None)
        try:
            good[path] = Provenance(kind=kind, note=note).model_dump()
        except ValueError:
            problems.append(f"{path}: expected [\"user\" or \"measured\", a note of at most {MAX_NOTE} characters]")
    return good, problems


def _params(with_provenance: bool) -> dict[str, str]:
    ident = identity()
    return identity_params(ident[NAME], ident[PREPARED_BY], ident[BASED_ON], provenance() if with_provenance else None)


def sync_url(has_inputs: bool) -> None:
    """Put identity and provenance (back) in the address bar. `provenance` goes in whenever the link
    sets any input, even empty ({}): its presence says the app wrote the link (see check_params)."""
    wanted = _params(with_provenance=has_inputs or bool(provenance()))
    for key in PARAMS:
        if key in wanted and st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in st.query_params:
            del st.query_params[key]


# --- changes (callbacks) ----------------------------------------------------------------------

def mark_user(path: str) -> None:
    """An input the user edited is the user's own (its note, if any, is kept)."""
    sources = provenance()
    note = sources.get(path, {}).get("note", "") if sources.get(path, {}).get("kind") == "user" else ""
    sources[path] = {"kind": "user", "note": note}
    st.session_state[_SOURCES] = sources


def load(scenario: Scenario) -> None:
    """A loaded scenario brings its identity, provenance and what "modified" is measured against."""
    st.session_state[_IDENTITY] = {NAME: scenario.name, PREPARED_BY: scenario.prepared_by,
                                   BASED_ON: scenario.based_on}
    st.session_state[_SOURCES] = {p: v.model_dump() for p, v in scenario.provenance.items()}
    st.session_state[_ORIGIN] = scenario
    st.session_state[NAME_WIDGET] = scenario.name
    st.session_state[PREPARED_WIDGET] = scenario.prepared_by
    if scenario.based_on in PRESETS:
        st.session_state["preset"] = scenario.based_on


def set_name(name: str) -> None:
    st.session_state[_IDENTITY] = {**identity(), NAME: name}
    st.session_state[NAME_WIDGET] = name


def _typed(field: str, widget: str) -> None:
    text = " ".join(str(st.session_state.get(widget) or "").split())[:MAX_LABEL]
    st.session_state[_IDENTITY] = {**identity(), field: text}


def set_note(path: str, widget: str) -> None:
    sources = provenance()
    note = " ".join(str(st.session_state.get(widget) or "").split())[:MAX_NOTE]
    sources[path] = {"kind": "user", "note": note}
    st.session_state[_SOURCES] = sources


def changed(scenario: Scenario) -> list[str]:
    """Inputs that differ from what was loaded (the preset or library entry)."""
    origin = st.session_state.get(_ORIGIN) or PRESETS.get(scenario.based_on)
    return changed_inputs(scenario, origin) if origin is not None else []


def label(scenario: Scenario) -> str:
    """The case as the app and the files name it: "Q3 case", or "Typical B2B, modified". From the scenario
    alone (its name, the preset it is based on), never from how this session opened it: a reload, the
    link and the files then say the same (a library entry changed since it was opened said ", modified"
    only until a reload; a case from the Measure page was "Worked example" here and modified in its files)."""
    return display_name(scenario)


def based_on(scenario: Scenario) -> str:
    """' (based on Worked example, modified)' beside a named case: against the preset, as the files say."""
    if not (scenario.based_on and scenario.name.strip()):
        return ""
    preset = PRESETS.get(scenario.based_on)
    modified = ", modified" if preset is not None and changed_inputs(scenario, preset) else ""
    return f" (based on {shown(scenario.based_on, 60)}{modified})"


def offer_undo(previous: Scenario | None) -> None:
    """Keep the case a preset is about to replace, with what it was measured against."""
    st.session_state[_UNDO] = None if previous is None else (previous, st.session_state.get(_ORIGIN))


def undo_offer() -> Scenario | None:
    offer = st.session_state.get(_UNDO)
    return offer[0] if offer else None


def restore_origin() -> None:
    """After an undo has loaded the replaced case: "modified" is against its own origin again."""
    offer = st.session_state.pop(_UNDO, None)
    if offer and offer[1] is not None:
        st.session_state[_ORIGIN] = offer[1]


# --- drawn on the overview ---------------------------------------------------------------------

def render_name_fields(scenario: Scenario) -> None:
    """The case's name and who prepared it, then what it is based on and whether it was modified."""
    for widget, field in ((NAME_WIDGET, NAME), (PREPARED_WIDGET, PREPARED_BY)):
        if widget not in st.session_state:  # drawn on this page only: seed it from the scenario
            st.session_state[widget] = identity()[field]
    with st.container(horizontal=True, key="scenario-identity", vertical_alignment="bottom"):
        st.text_input("Scenario name", key=NAME_WIDGET, max_chars=MAX_LABEL, on_change=_typed,
                      args=(NAME, NAME_WIDGET), placeholder=label(scenario.model_copy(update={"name": ""})),
                      help="What the files and their names carry, and the team library's name for it.")
        st.text_input("Prepared by (optional)", key=PREPARED_WIDGET, max_chars=MAX_LABEL, on_change=_typed,
                      args=(PREPARED_BY, PREPARED_WIDGET), placeholder="your name")
    st.caption(f"This case: {shown(label(scenario), MAX_LABEL + 10)}{based_on(scenario)}")


SOURCES_BOX = "input-sources"  # the expander's key: its open state


def render_sources(scenario: Scenario) -> None:
    """Every input that moves the figures, with where its value comes from exactly as the files print
    it; a note field beside each of the user's own numbers. Drawn only while open."""
    box = st.expander("Where each number comes from", key=SOURCES_BOX, on_change="rerun",
                      icon=":material/source:")
    if not box.open:
        return
    # Lazy for load time: the exports' words load when someone opens this, not on a lever move.
    from advocacy_calc.benchmarks import source_descriptions
    from advocacy_calc.exports.text import relevant_inputs, shown_value, source_line

    items = relevant_inputs(scenario)
    with box:
        st.caption("A benchmark default shows its source, date and grade (V verified, S secondary, U unverified); "
                   "a number you changed is *your input*, never graded: say where it comes from in its note, "
                   "and the workbook, PDF and slides print it."
                   + "".join(f" {words}." for words in source_descriptions(source_line(i) for i in items)))
        for item in items:
            cols = st.columns([3, 2, 5], vertical_alignment="center")
            cols[0].text(item.label)
            cols[1].text(shown_value(item, currency_of(scenario)))
            if item.origin == "your input":
                widget = f"note-{item.path}"
                st.session_state.setdefault(widget, item.provenance.note if item.provenance else "")
                cols[2].text_input(f"Note on {item.label}", key=widget, max_chars=MAX_NOTE,
                                   label_visibility="collapsed", placeholder="Your input: where it comes from "
                                   "(e.g. our Q3 LinkedIn campaign CPM)", on_change=set_note, args=(item.path, widget))
            else:
                cols[2].text(source_line(item))
