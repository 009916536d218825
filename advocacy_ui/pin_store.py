"""Pins survive a reload: a small st.components.v2 component keeps them in the tab's sessionStorage.

Why the browser and not the link: a dozen pinned scenarios are tens of kilobytes, too long for a
link anyone would share, and pins are one person's shortlist, not part of the scenario. Why
sessionStorage and not localStorage: it belongs to one tab (two tabs never overwrite each other's
pins) and survives a reload, a server restart and a page change; the Team library keeps scenarios
for good.

The protocol, one round trip: a session's first mount asks the browser for what it stored
(`restore`); until the answer came the component writes nothing (an empty new session must not
wipe the tab's pins). After it, every mount carries the pins and the browser stores them. What the
browser sends back is untrusted text: size-capped, parsed, every scenario validated and migrated
like a library entry, every name checked like a typed one.
"""

import json
import logging
from typing import Any

import streamlit as st

from advocacy_calc import ScenarioError
from advocacy_calc.migrate import load_scenario

from . import compare, state

log = logging.getLogger(__name__)

KEY = "pin-store"  # the component's key (tests/test_session_state_plain.py lists it)
_RESTORED = "_pins_restored"  # True once the browser has answered (with pins or without)
STORAGE_KEY = "advocacy-pins"
MAX_CHARS = 2_000_000  # 12 scenarios are ~40 kB; anything far larger is not ours

# Trusted code, a module-level literal: no user text ever goes into it (pins travel in `data`).
_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const KEY = "advocacy-pins";
  let store = null;
  try { store = window.sessionStorage; } catch (e) { store = null; }  // storage off: pins last the session
  if (!data || !data.restored) {
    let text = null;
    try { text = store ? store.getItem(KEY) : null; } catch (e) { text = null; }
    setTriggerValue("restore", text === null ? "" : text);
    return;
  }
  try {
    if (!store) return;
    if (data.pins && data.pins.length) {
      const text = JSON.stringify({ version: 1, pins: data.pins, baseline: data.baseline });
      if (store.getItem(KEY) !== text) store.setItem(KEY, text);
    } else {
      store.removeItem(KEY);
    }
  } catch (e) { /* full or refused: the pins still last for this session */ }
}
"""

_component = st.components.v2.component("advocacy_pin_store", js=_JS)


def mount() -> None:
    """Draw the (invisible) component: the first time it asks for the stored pins, then it stores them."""
    restored = bool(st.session_state.get(_RESTORED))
    data: dict[str, Any] = {"restored": restored}
    if restored:
        data["pins"] = [[name, scenario.model_dump(mode="json")] for name, scenario in compare.pinned().items()]
        data["baseline"] = compare.baseline_name()
    _component(key=KEY, data=data, height=0, on_restore_change=_on_restore)


def _on_restore() -> None:
    if st.session_state.get(_RESTORED):
        return  # a second answer (the first mount ran twice): the session's pins already count
    value = st.session_state.get(KEY)
    text = value.get("restore") if isinstance(value, dict) else None
    restore(text if isinstance(text, str) else "")


def restore(text: str) -> None:
    """Take the pins the browser stored (JSON text, "" for none), keeping any this session already has."""
    st.session_state[_RESTORED] = True
    pins, baseline, dropped, over = read(text)
    for name, scenario in pins.items():
        if name not in compare.pinned():
            compare.pin(name, scenario)
    if baseline and compare.baseline_name() is None:
        compare.set_baseline(baseline)
    expected = st.session_state.pop(state.PINS_EXPECTED, None)
    notes = []
    if expected is not None and not pins:
        notes.append(state.pins_lost_note(expected))
    if dropped:
        notes.append(f"{dropped} pinned scenario{'s' if dropped != 1 else ''} kept in this browser could not be "
                     "read (written by a newer version of the app, or damaged) and {} left out.".format(
                         "was" if dropped == 1 else "were"))
    if over:
        notes.append(f"{over} more pinned scenario{'s' if over != 1 else ''} kept in this browser "
                     f"{'was' if over == 1 else 'were'} left out: at most {compare.MAX_PINNED} are pinned at once.")
    if notes:
        state.add_url_notes(notes)


def read(text: str) -> tuple[dict[str, Any], str | None, int, int]:
    """(pins by name, baseline name or None, how many entries were refused, how many were over the
    limit of pins) from stored text."""
    if not text:
        return {}, None, 0, 0
    if len(text) > MAX_CHARS:
        log.warning("stored pins refused: %d characters", len(text))
        return {}, None, 1, 0
    try:
        stored = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser's stack
        return {}, None, 1, 0
    entries = stored.get("pins") if isinstance(stored, dict) else None
    if not isinstance(entries, list):
        return {}, None, 1, 0
    pins, dropped = {}, 0
    for entry in entries[:compare.MAX_PINNED]:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
            dropped += 1
            continue
        name = " ".join(entry[0].split())
        why = compare.why_not_pinnable(name, pins)
        try:
            scenario = load_scenario(entry[1])
        except (ScenarioError, RecursionError):
            why = why or "invalid scenario"
        if why:
            dropped += 1
            continue
        pins[name] = scenario
    over = max(0, len(entries) - compare.MAX_PINNED)
    baseline = stored.get("baseline")
    return pins, baseline if isinstance(baseline, str) and baseline in pins else None, dropped, over
