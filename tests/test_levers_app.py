"""The live levers' server side, in AppTest (which cannot run the component's script): a release
applies the three values once, in the URL under their names; hostile values from the browser
are refused one by one; a preset after a release is not undone by the component's older state."""

import math
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advocacy_calc import PRESETS, compute
from advocacy_calc.formatting import money
from lever_moves import move_levers

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def value_per_month(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Value per month")


def test_a_release_moves_the_figures_and_the_url():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert value_per_month(at) == "$31,500"
    move_levers(at, share_rate=0.2, participants=1500, stories_per_day=2.0)
    assert not at.exception
    # $31,500 at 100 sharers and 1.5 stories a day (docs/model.md §8); 1,500 x 20% = 300 sharers (x3) and
    # 2 stories a day (x4/3), by hand: $126,000
    assert value_per_month(at) == "$126,000"
    assert dict(at.query_params).items() >= {"share_rate": "0.2", "participants": "1500",
                                             "stories_per_day": "2"}.items()
    assert at.session_state["participants"] == 1500 and isinstance(at.session_state["participants"], int)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -0.1, 1.5, "0.2", True, None, [0.2]])
def test_hostile_share_rate_from_the_browser_is_refused_and_the_others_apply(bad):
    at = AppTest.from_file(APP, default_timeout=60).run()
    move_levers(at, share_rate=bad, participants=2000)
    assert not at.exception
    assert at.session_state["share_rate"] == 0.1  # the default, kept
    assert at.session_state["participants"] == 2000


@pytest.mark.parametrize("bad", [2.5, -1, 10_000_001, math.nan, pytest.param(10**400, id="10**400")])  # overflowed isfinite
def test_hostile_participants_from_the_browser_are_refused(bad):
    at = AppTest.from_file(APP, default_timeout=60).run()
    move_levers(at, participants=bad)
    assert not at.exception and at.session_state["participants"] == 1000


def test_a_release_is_applied_once_so_a_preset_after_it_stands():
    at = AppTest.from_file(APP, default_timeout=60).run()
    move_levers(at, share_rate=0.3)
    at.selectbox(key="preset").select("Typical B2B").run()
    preset = PRESETS["Typical B2B"]
    assert at.session_state["share_rate"] == preset.share_rate
    at.run()  # the component's state still says 0.3 with the number already applied
    assert at.session_state["share_rate"] == preset.share_rate
    assert value_per_month(at) == money(compute(preset).value_per_month, preset.currency)


def test_the_forecast_band_follows_a_release_instead_of_delaying_it():
    at = AppTest.from_file(APP, default_timeout=60).run()
    first = next(c.value for c in at.caption if c.value.startswith("Media value per month P10-P90"))
    move_levers(at, share_rate=0.11)
    assert value_per_month(at) == "$34,650"  # the figures at once
    # the band of the last scenario, marked, until the browser's follower asks for the new one
    band = next(c.value for c in at.caption if c.value.startswith("Media value per month P10-P90"))
    assert band == first + " · *updating…*"


def test_with_groups_the_share_rate_lever_stops_at_the_cap():
    from advocacy_calc import Scenario
    from advocacy_ui.inputs import PROGRAM
    from advocacy_ui.levers import _checked, share_rate_max

    # Executives at 8x the mean rate: they share every story at 12.5% (tests/test_groups.py)
    keen = Scenario.model_validate({"share_rate": 0.05, "groups": [
        {"name": "Executives", "weight": 0.1, "relative_share_rate": 8},
        {"name": "Everyone else", "weight": 0.9, "relative_share_rate": 0.2 / 0.9}]})
    assert share_rate_max(keen) == pytest.approx(0.125) and share_rate_max(Scenario()) == 1.0
    assert _checked(PROGRAM[1], 0.12, keen) == 0.12
    assert _checked(PROGRAM[1], 0.2, keen) is None  # past the cap: refused
    assert _checked(PROGRAM[1], 0.2, Scenario()) == 0.2


def test_with_a_workforce_the_participants_lever_stops_there_and_says_why():
    # QA: with a workforce of 2,000 a drag to 4,100 showed its figures live, then the server refused it and the
    # page snapped back to 1,000 with a warning. The lever now ends at the workforce, and a number typed past it
    # is told what the bounds are and why.
    from advocacy_calc import Scenario
    from advocacy_ui.inputs import PROGRAM
    from advocacy_ui.levers import _checked, _lever

    staffed = Scenario(workforce=2000)
    lever = _lever(PROGRAM[0], 1000, staffed)
    assert (lever["max"], lever["box_max"]) == (2000, 2000)
    assert lever["outside"] == "A whole number from 0 to 2,000 (your workforce)."
    assert _checked(PROGRAM[0], 2000, staffed) == 2000 and _checked(PROGRAM[0], 2001, staffed) is None
    assert _checked(PROGRAM[0], 4100, Scenario()) == 4100
    assert _lever(PROGRAM[0], 1000, Scenario())["max"] == 5000
    assert _lever(PROGRAM[0], 1000, Scenario(workforce=800, participants=500))["max"] == 800


def test_with_groups_a_share_rate_typed_past_the_cap_is_told_the_cap_and_the_group():
    from advocacy_calc import Scenario
    from advocacy_ui.inputs import PROGRAM
    from advocacy_ui.levers import _lever

    three = Scenario.model_validate({"groups": [
        {"name": "Executives", "weight": 0.05, "relative_share_rate": 3},
        {"name": "Sales", "weight": 0.2, "relative_share_rate": 2},
        {"name": "Everyone else", "weight": 0.75, "relative_share_rate": 0.6}]})
    lever = _lever(PROGRAM[1], 0.1, three)
    assert lever["outside"] == "A share rate from 0% to 33.33%: there Executives shares every story."
    assert _lever(PROGRAM[1], 0.1, Scenario())["outside"] == "A share rate from 0% to 100%."
    assert _lever(PROGRAM[1], 0.1, Scenario(locale="de-DE"))["outside"] == "A share rate from 0\u00a0% to 100\u00a0%."


def test_a_release_number_no_browser_can_count_is_ignored_and_later_releases_still_apply():
    # Was: a release numbered 2**60 was taken, and every later real release (smaller) looked old.
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.session_state["levers"] = {"values": {"share_rate": 0.3, "participants": 1000, "stories_per_day": 1.5,
                                             "seq": 2**60}}
    at.run()
    assert not at.exception and at.session_state["share_rate"] == 0.1
    at.session_state["levers"] = {"values": {"share_rate": 0.2, "participants": 1000, "stories_per_day": 1.5,
                                             "seq": 1}}
    at.run()
    assert at.session_state["share_rate"] == 0.2 and value_per_month(at) == "$63,000"
