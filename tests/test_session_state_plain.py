"""Our own session keys stay plain data.

runner.enforceSerializableSessionState is off (.streamlit/config.toml says why: st.components.v2 keeps
its state as an object that cannot be pickled). This test keeps the rest of session state honest:
every key the app writes itself must survive pickle after every page has run.
"""

import pickle
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))

# Keys of st.components.v2 mounts: Streamlit owns their values (set by the component, not by us).
COMPONENT_KEYS: set[str] = {"levers", "band-follow", "pin-store"}  # advocacy_ui/levers.py, band.py, pin_store.py


def _unpicklable(state) -> list[str]:
    bad = []
    for key in state.keys():
        if key in COMPONENT_KEYS or key.startswith("$$"):
            continue
        try:
            pickle.dumps(state[key])
        except Exception as exc:  # noqa: BLE001 - any pickling failure is the finding
            bad.append(f"{key}: {type(exc).__name__}")
    return bad


def test_pages_are_found():
    assert "pages/overview.py" in PAGES and len(PAGES) >= 8


@pytest.mark.parametrize("page", PAGES)
def test_every_key_the_page_writes_pickles(page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["participants"] = "2000"
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(list(at.session_state.keys())) > 10
    assert _unpicklable(at.session_state) == []


def test_an_unpicklable_value_is_found():
    """The check itself can fail: a lock in session state is reported by its key."""
    import threading

    class FakeState(dict):
        pass

    assert _unpicklable(FakeState(ok=1, lock=threading.Lock())) == ["lock: TypeError"]
