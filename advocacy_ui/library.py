"""The team library's door in the app: `st.connection("scenarios", type="sql")` and the store on it.

The database: `ADVOCACY_DB_URL` if set, else `[connections.scenarios] url` in
`.streamlit/secrets.toml`, else `data/scenarios.sqlite` (created on demand). Streamlit keeps one
connection (one engine and its pool) per process for each URL; the tables are created once.
"""

import logging
from contextlib import contextmanager
from typing import Iterator

import pandas as pd
import streamlit as st
from sqlalchemy.engine import make_url

from advocacy_calc import ScenarioError
from advocacy_calc.exports import safe_file_name
from advocacy_store import (ImportProblems, NameTaken, ScenarioStore, StoreError, database_url, engine_options,
                             parse_import, unavailable)

from . import compare, identity, state
from .inputs import shown

log = logging.getLogger(__name__)


def _secrets_url() -> str | None:
    if not st.secrets.load_if_toml_exists():
        return None
    try:
        url = st.secrets["connections"]["scenarios"]["url"]
    except (KeyError, TypeError):
        return None
    return str(url) if url else None


@st.cache_resource(show_spinner=False)
def _ready(url: str) -> list[str]:
    """Create (or migrate) the tables once per process and database; the migration's notes for people."""
    return ScenarioStore(_connection(url).engine).create_schema()


def _connection(url: str):
    return st.connection("scenarios", type="sql", url=url, **engine_options(url))


def store() -> ScenarioStore:
    """The library; LibraryUnavailable (a sentence) when its database cannot be reached or created."""
    url = database_url(_secrets_url())
    try:
        _ready(url)
        return ScenarioStore(_connection(url).engine)
    except StoreError:
        raise
    except Exception as exc:  # st.connection: a bad URL, a missing driver, a server that refuses
        log.warning("library unavailable: %s", exc)
        raise unavailable(exc, writing=False) from exc


def migration_notes() -> list[str]:
    """What upgrading the library's schema changed (scenarios renamed so that names stay unique)."""
    try:
        return _ready(database_url(_secrets_url()))
    except Exception:
        return []


@contextmanager
def when_available() -> Iterator[None]:
    """The library page's body: a database fault becomes one sentence, never Streamlit's box."""
    try:
        yield
    except StoreError as exc:
        st.error(f"{str(exc)[0].upper()}{str(exc)[1:]}.", icon=":material/cloud_off:")


def where() -> str:
    """Where the library lives, for people (no password)."""
    url = make_url(database_url(_secrets_url()))
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    return f"{url.get_backend_name()} database {url.database or ''} on {url.host or 'localhost'}"


# --- page helpers and callbacks ------------------------------------------------------------

_MESSAGE = "_library_message"
_PENDING = "_library_pending_overwrite"


def _say(kind: str, text: str, lines: list[str] | None = None) -> None:
    st.session_state[_MESSAGE] = (kind, text, lines or [])


def show_message() -> None:
    """The last action's outcome; problem lines (from files, user text) as plain text, never markdown."""
    kind, text, lines = st.session_state.pop(_MESSAGE, (None, None, []))
    for note in migration_notes():
        st.info(f"The library was upgraded: {note}.", icon=":material/info:")
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif kind:
        st.error(text, icon=":material/error:")
    if lines:
        st.code("\n".join(lines), language=None, wrap_lines=True)


def when(t) -> str:
    return t.strftime("%Y-%m-%d %H:%M UTC") if t else ""


def file_name(name: str) -> str:
    """A saved scenario's JSON file name by the exports' one rule (accents and spaces kept, "/" gone)."""
    return f"{safe_file_name(name) or 'scenario'}.json"


def entries_table(entries) -> pd.DataFrame:
    return pd.DataFrame({"Name": [e.name for e in entries], "Author": [e.author for e in entries],
                         "Notes": [e.notes.splitlines()[0][:80] if e.notes else "" for e in entries],
                         "Updated": [when(e.updated_at) for e in entries],
                         "Revision": [e.revision for e in entries], "Model version": [e.model_version for e in entries]})


def history_table(versions) -> pd.DataFrame:
    return pd.DataFrame({"Revision": [v.revision for v in versions], "Name": [v.name for v in versions],
                         "Author": [v.author for v in versions], "Saved": [when(v.saved_at) for v in versions],
                         "Replaced": [when(v.replaced_at) for v in versions],
                         "Notes": [v.notes.splitlines()[0][:80] if v.notes else "" for v in versions]})


def open_entry(entry):
    """(scenario, None) or (None, problem lines) for an entry written by another model version."""
    try:
        return entry.scenario(), None
    except ScenarioError as exc:
        return None, exc.problems


def pending_overwrite() -> str | None:
    return st.session_state.get(_PENDING)


def cancel_overwrite() -> None:
    st.session_state.pop(_PENDING, None)


def seed_save_fields() -> None:
    """Start the Name and Author fields from the scenario's name and who prepared it."""
    scenario = state.current_scenario()
    for key, value in (("lib-name", scenario.name), ("lib-author", scenario.prepared_by)):
        if not st.session_state.get(key) and value:
            st.session_state[key] = value


def save_current(overwrite: bool) -> None:
    """Save the sliders' scenario; a taken name asks first (the page shows Replace / Cancel)."""
    name = st.session_state.get("lib-name", "")
    if overwrite:
        name = st.session_state.get(_PENDING) or name
    try:
        entry = store().save(name, state.current_scenario(), author=st.session_state.get("lib-author", ""),
                             notes=st.session_state.get("lib-notes", ""), overwrite=overwrite)
    except NameTaken as exc:
        st.session_state[_PENDING] = exc.name
        return
    except StoreError as exc:
        _say("error", "Not saved:", [str(exc)])
        return
    st.session_state.pop(_PENDING, None)
    identity.load(entry.scenario())  # the entry's name is the case's name; "modified" is against it now
    extra = f" (revision {entry.revision}; the earlier one is in its history)" if entry.revision > 1 else ""
    _say("success", f"Saved {shown(entry.name, 60)}{extra}.")


def _act(work, done: str) -> None:
    try:
        entry = work()
    except NameTaken as exc:
        _say("error", f"The name {shown(exc.name, 60)} is taken by another scenario: choose another.")
        return
    except (StoreError, ScenarioError) as exc:
        _say("error", "That did not work:", str(exc).splitlines())
        return
    _say("success", done.format(name=shown(entry.name, 60)) if entry is not None else done)


def open_in_sliders(scenario_id: int) -> None:
    def work():
        entry = store().get(scenario_id)
        state.load_scenario(entry.scenario())
        return entry
    _act(work, "Opened {name} in the sliders.")


def pin_entry(scenario_id: int) -> None:
    try:
        entry = store().get(scenario_id)
        why = compare.pin(entry.name, entry.scenario())
    except ScenarioError as exc:
        _say("error", "That did not work:", exc.problems)
        return
    except StoreError as exc:
        _say("error", "That did not work:", [str(exc)])
        return
    if why:
        _say("error", why)
    else:
        _say("success", f"Pinned {shown(entry.name, 60)}: see Compare scenarios.")


def duplicate(scenario_id: int) -> None:
    _act(lambda: store().duplicate(scenario_id), "Saved a copy as {name}.")


def delete(scenario_id: int) -> None:
    def work():
        entry = store().get(scenario_id)
        store().delete(scenario_id)
        return entry
    _act(work, "Moved {name} to the trash; restore it from there.")


def rename(scenario_id: int) -> None:
    _act(lambda: store().rename(scenario_id, st.session_state.get("lib-rename-to", "")), "Renamed to {name}.")


def restore(scenario_id: int) -> None:
    other = st.session_state.get("lib-restore-as", "").strip() or None
    _act(lambda: store().restore(scenario_id, other), "Restored {name} from the trash.")


def purge(scenario_id: int) -> None:
    def work():
        entry = store().get(scenario_id)
        store().purge(scenario_id)
        return entry
    _act(work, "Deleted {name} for good.")


def restore_version(scenario_id: int, version_id: int) -> None:
    _act(lambda: store().restore_version(scenario_id, version_id),
         "Made that version of {name} current; the replaced one is in its history.")


def import_upload() -> None:
    upload = st.session_state.get("lib-upload")
    if upload is None:
        _say("error", "Choose a file to import first.")
        return
    try:
        items = parse_import(upload.getvalue(), default_name=upload.name.rsplit(".", 1)[0][:120] or "Imported")
        saved = store().import_many(items, overwrite=bool(st.session_state.get("lib-import-overwrite")))
    except ImportProblems as exc:
        _say("error", "Nothing was imported: the file has these problems.", exc.problems)
        return
    except StoreError as exc:
        _say("error", "Nothing was imported:", [str(exc)])
        return
    _say("success", f"Imported {len(saved)} scenario{'s' if len(saved) != 1 else ''}.")
