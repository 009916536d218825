"""Issue 4 §3: ramp-up, decay, summer dip and payback month, in the package and the CLI."""

import csv
import io
import json
import math

import numpy as np
import pytest
from pydantic import ValidationError

from advocacy_calc import PRESETS, Cost, Scenario, ScenarioError, compute
from advocacy_calc.cli import main
from advocacy_calc.forecast.timeline import NO_RAMP, TimelineSettings, share_rates, timeline


def test_no_ramp_no_decay_no_dip_every_month_is_the_point_result():
    s = PRESETS["Typical B2B"]
    t = timeline(s, TimelineSettings(months=36, **NO_RAMP))
    r = compute(s)
    assert len(t.table) == 36
    assert np.allclose(t.table["share_rate"], s.share_rate, rtol=0, atol=0)
    assert np.allclose(t.table["value_per_month"], r.value_per_month, rtol=1e-12)
    assert np.allclose(t.table["total_value_per_month"], r.total_value_per_month, rtol=1e-12)
    assert np.allclose(t.table["program_cost_per_month"], r.program_cost_per_month, rtol=1e-12)
    assert math.isclose(t.table["cumulative_value"].iloc[-1], 36 * r.total_value_per_month, rel_tol=1e-12)


def test_payback_hand_worked():
    # Worked example with a fixed cost of 30,000 a month: value 32,500 a month, net 2,500.
    # A launch cost of 10,000: cumulative net after m months = 2,500 m - 10,000 -> month 4 (exactly 0).
    s = Scenario(cost=Cost(fixed_cost_per_month=30_000))
    t = timeline(s, TimelineSettings(launch_cost=10_000, **NO_RAMP))
    assert t.payback_month == 4
    assert list(t.table["cumulative_net"].iloc[:4].round(6)) == [-7500, -5000, -2500, 0]
    # 10,001 of launch cost moves it to month 5; a loss-making program never pays back.
    assert timeline(s, TimelineSettings(launch_cost=10_001, **NO_RAMP)).payback_month == 5
    never = timeline(Scenario(cost=Cost(fixed_cost_per_month=40_000)), TimelineSettings(**NO_RAMP))
    assert never.payback_month is None and "not paid back within 24 months" in never.payback_note
    free = timeline(Scenario(), TimelineSettings(**NO_RAMP))
    assert free.payback_month is None and "no program or launch cost" in free.payback_note


def test_payback_with_a_linear_ramp_hand_worked():
    # Share rate 0 -> 10% over 3 months (0, 5%, 10%): value 0, 15,750, 31,500 (+1,000 leads each month).
    # Fixed cost 20,000: cumulative net -19,000, -22,250, -9,750, +2,750 -> payback month 4.
    s = Scenario(cost=Cost(fixed_cost_per_month=20_000))
    t = timeline(s, TimelineSettings(start_share_rate=0, ramp_months=3, shape="linear"))
    assert list(t.table["share_rate"].iloc[:4].round(12)) == [0, 0.05, 0.1, 0.1]
    assert list(t.table["cumulative_net"].iloc[:4].round(6)) == [-19_000, -22_250, -9_750, 2_750]
    assert t.payback_month == 4


def test_ramp_shapes_start_and_end_at_the_same_points():
    for shape in ("linear", "s-curve"):
        r = share_rates(0.2, TimelineSettings(start_share_rate=0.02, ramp_months=6, shape=shape, months=12))
        assert r[0] == pytest.approx(0.02) and r[5] == pytest.approx(0.2) and (r[5:] == r[5]).all()
        assert (np.diff(r[:6]) > 0).all()
    lin = share_rates(0.2, TimelineSettings(ramp_months=6, shape="linear"))
    s = share_rates(0.2, TimelineSettings(ramp_months=6, shape="s-curve"))
    assert s[1] < lin[1] and s[4] > lin[4]  # slow start, fast finish


def test_decay_after_the_peak_levels_off_at_the_floor_and_summer_dips():
    r = share_rates(0.1, TimelineSettings(months=36, ramp_months=4, decay_per_month=0.2, decay_floor=0.5))
    assert r[3] == pytest.approx(0.1)
    assert (np.diff(r[3:]) < 0).all() and r[-1] == pytest.approx(0.05, rel=1e-3)
    dip = share_rates(0.1, TimelineSettings(months=12, summer_dip=0.3, launch_month=6, **{"ramp_months": 1}))
    assert list(dip.round(12)) == [0.1, 0.07, 0.07] + [0.1] * 9  # June launch: July and August are months 2, 3


@pytest.mark.parametrize("field, value", [("months", 11), ("months", 37), ("start_share_rate", 1.5),
                                          ("launch_month", 0), ("summer_dip", float("nan")), ("shape", "cubic")])
def test_settings_refuse_bad_values(field, value):
    with pytest.raises(ValidationError):
        TimelineSettings(**{field: value})


def test_cli_timeline_csv_equals_the_package(capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"cost": {"fixed_cost_per_month": 30000}}')
    code = main(["timeline", str(path), "--months", "12", "--launch-cost", "10000", "--ramp-months", "1"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "payback: month 4\n")  # one line on stderr, the CSV on stdout stays clean
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 12 and float(rows[3]["cumulative_net"]) == pytest.approx(0, abs=1e-6)
    expected = timeline(Scenario(cost=Cost(fixed_cost_per_month=30_000)),
                        TimelineSettings(months=12, launch_cost=10_000, ramp_months=1)).table
    # to the cent, as every CSV prints money (the test's own rounding of the package's figures)
    assert [float(r["cumulative_value"]) for r in rows] == [round(v, 2) for v in expected["cumulative_value"]]


def test_cli_timeline_says_why_there_is_no_payback_and_the_help_says_where(capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"cost": {"fixed_cost_per_month": 40000}}')  # value 32,500 a month < cost: never
    assert main(["timeline", str(path), "--months", "12"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("payback: none (") and "not paid back within 12 months" in err and err.count("\n") == 1
    assert "payback" not in out
    assert main(["timeline", "--help"]) == 0
    assert "payback month as one line on stderr" in " ".join(capsys.readouterr().out.split())


def test_cli_timeline_takes_the_files_settings_unless_an_option_is_given(capsys, tmp_path):
    # The tester's case: month 1 cost 22,000 while the PDF of the same file said 42,000 (its launch cost).
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"cost": {"fixed_cost_per_month": 22_000},  # the worked example's seat cost is 0
                                "settings": {"timeline_launch_cost": 20_000, "timeline_months": 12}}))

    def months(*argv):
        assert main(["timeline", str(path), *argv]) == 0
        out, err = capsys.readouterr()
        assert err.startswith("payback: ")
        return list(csv.DictReader(io.StringIO(out)))

    rows = months()
    assert len(rows) == 12  # the file's months
    assert [float(r["program_cost_per_month"]) for r in rows[:2]] == [22_000 + 20_000, 22_000]
    rows = months("--launch-cost", "0", "--months", "18")  # given on the command line: they win
    assert len(rows) == 18 and float(rows[0]["program_cost_per_month"]) == 22_000
    assert months("--months", "24")[0]["program_cost_per_month"] == "42000.0"  # the rest still the file's
    assert main(["timeline", "--help"]) == 0
    assert "not given: the file's 'settings', else the pages' defaults" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("argv, option", [
    (["--months", "50"], "--months"), (["--months", "6"], "--months"), (["--launch-month", "13"], "--launch-month"),
    (["--summer-dip", "2"], "--summer-dip"), (["--start-share-rate", "nan"], "--start-share-rate"),
    (["--decay", "0.5"], "--decay"), (["--summer-dip", "0.95"], "--summer-dip"),  # the app's bounds: 0.3, 0.9
    (["--launch-cost", "-5"], "--launch-cost"),
])
def test_cli_timeline_bad_options_exit_2_naming_the_option(capsys, tmp_path, argv, option):
    path = tmp_path / "s.json"
    path.write_text("{}")
    code = main(["timeline", str(path), *argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith(f"error: {option}:"), err


def test_cli_timeline_bad_scenario_and_option_reported_together(capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"share_rate": 2}')
    code = main(["timeline", str(path), "--months", "99"])
    _, err = capsys.readouterr()
    assert code == 2 and "--months" in err and "share_rate" in err


# Groups: a (rate 2x the mean) and b (0x) at a share rate of 50%: a shares every story, the cap is 50%.
CAPPED = {"share_rate": 0.5, "groups": [{"name": "a", "weight": 0.5, "relative_share_rate": 2},
                                        {"name": "b", "weight": 0.5, "relative_share_rate": 0}]}


def test_a_launch_rate_above_the_groups_cap_is_refused_not_clipped():
    # Was: the ramp "from 100 % to 50 %" ran flat at the cap while the PDF printed "from 100 %".
    scenario = Scenario.model_validate(CAPPED)
    with pytest.raises(ScenarioError) as caught:
        timeline(scenario, TimelineSettings(start_share_rate=1.0, ramp_months=24))
    assert caught.value.problems == ["start_share_rate: 1 is above the share rate's cap with these groups "
                                     "(0.5: group 'a' shares every story there)"]
    rates = timeline(scenario, TimelineSettings(start_share_rate=0.5, ramp_months=3, months=12)).table["share_rate"]
    assert list(rates[:3]) == [0.5, 0.5, 0.5]  # at the cap itself: allowed


def test_cli_timeline_launch_rate_above_the_cap_exits_2(capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(CAPPED))
    code = main(["timeline", str(path), "--start-share-rate", "1"])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "Traceback" not in err
    assert "above the share rate's cap with these groups (0.5: group 'a'" in err
    code = main(["export", str(path), "--format", "pdf", "-o", str(tmp_path / "x.pdf"), "--start-share-rate", "1"])
    assert code == 2 and "above the share rate's cap" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
