"""Move the live levers in an AppTest as the browser does: AppTest cannot run the component's
script, so a test writes what the script sends on release (its state: the three values and one
more sequence number) and runs; the server applies it exactly as it applies the browser's."""

from streamlit.testing.v1 import AppTest

from advocacy_ui.inputs import DEFAULT_VALUES

LEVERS = ("participants", "share_rate", "stories_per_day")


def _sent(at: AppTest) -> dict:
    try:
        values = at.session_state["levers"]["values"]
    except (KeyError, TypeError):
        return {}
    return dict(values) if isinstance(values, dict) else {}


def move_levers(at: AppTest, **values: float) -> AppTest:
    """Release the levers at these values (the others where they are) and run."""
    unknown = set(values) - set(LEVERS)
    assert not unknown, f"not a lever: {unknown}"
    now = {k: at.session_state[k] if k in at.session_state else DEFAULT_VALUES[k] for k in LEVERS}
    applied = at.session_state["_levers_applied_seq"] if "_levers_applied_seq" in at.session_state else 0
    seq = max(int(_sent(at).get("seq", 0)), applied) + 1
    at.session_state["levers"] = {"values": {**now, **values, "seq": seq}}
    return at.run()
