"""The command line: golden figures through every subcommand, and one plain line per bad input."""

import csv
import io
import json
import math
import re
import subprocess
import sys

import pytest

from advocacy_calc import compute, parse_scenario
from advocacy_calc.cli import MAX_FILE_BYTES, main
from advocacy_calc.migrate import load_scenario
from advocacy_calc.scenario import MAX_NETWORKS
from advocacy_calc.sweep import MAX_STEPS

RESULT_KEYS = {
    "sharers_per_story", "impressions_per_story", "value_per_story", "stories_per_month",
    "impressions_per_month", "value_per_month", "value_per_year", "advocacy_leads_per_month",
    "cpl_savings_per_month", "total_value_per_month", "program_cost_per_month", "net_value_per_month",
    "roi", "break_even_share_rate", "networks",
}
NETWORK_KEYS = {"name", "impressions_per_story", "value_per_story", "value_per_month", "basis_used"}


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def write(tmp_path, content, name="scenario.json"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return str(path)


def compute_json(capsys, path: str) -> dict:
    code, out, err = run(capsys, "compute", path)
    assert (code, err) == (0, "")
    return json.loads(out)


@pytest.fixture
def example_file(tmp_path, capsys) -> str:
    code, out, _ = run(capsys, "example")
    assert code == 0
    return write(tmp_path, out, "example.json")


# --- example / presets -------------------------------------------------------------------

def test_example_round_trips_to_the_golden_values(capsys, example_file):
    results = compute_json(capsys, example_file)
    assert close(results["value_per_month"], 31_500)
    assert close(results["impressions_per_story"], 85_000)
    assert close(results["value_per_story"], 1_000)
    assert close(results["cpl_savings_per_month"], 1_000)
    with open(example_file, encoding="utf-8") as f:
        scenario = json.load(f)
    assert scenario["networks"][0]["cpm"] == 1000 / 85  # exact: JSON floats round-trip


def test_example_other_preset(capsys, tmp_path):
    code, out, err = run(capsys, "example", "--preset", "Typical B2B")
    assert (code, err) == (0, "")
    scenario = json.loads(out)
    assert scenario["based_on"] == "Typical B2B" and scenario["name"] == ""
    assert [n["name"] for n in scenario["networks"]] == ["LinkedIn", "Facebook"]
    # The CLI computes the same figures as the package on the parsed preset.
    results = compute_json(capsys, write(tmp_path, out))
    assert close(results["value_per_month"], compute(parse_scenario(scenario)).value_per_month)
    assert results["program_cost_per_month"] > 0 and results["roi"] is not None


def test_example_unknown_preset_is_a_usage_error(capsys):
    code, out, err = run(capsys, "example", "--preset", "Nope")
    assert code == 2 and out == ""
    assert "--preset" in err and "Worked example" in err


def test_presets_lists_names_and_notes(capsys):
    code, out, _ = run(capsys, "presets")
    assert code == 0
    lines = out.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["Worked example", "Conservative", "Typical B2B"]
    assert "worked example of the source article" in lines[0]


# --- compute -------------------------------------------------------------------------------

def test_compute_json_has_every_key(capsys, example_file):
    results = compute_json(capsys, example_file)
    assert RESULT_KEYS <= results.keys()
    assert results["roi"] is None
    assert results["break_even_share_rate"] == 0
    assert close(results["stories_per_month"], 31.5)
    assert close(results["value_per_year"], 12 * 31_500)
    assert close(results["total_value_per_month"], 32_500)
    assert results["program_cost_per_month"] == 0
    assert close(results["net_value_per_month"], 32_500)
    [network] = results["networks"]
    assert NETWORK_KEYS <= network.keys()
    assert network["name"] == "X"
    assert close(network["impressions_per_story"], 85_000)
    assert close(network["value_per_month"], 31_500)


def test_compute_partial_scenario_fills_defaults(capsys, tmp_path):
    results = compute_json(capsys, write(tmp_path, {"participants": 2000}))
    assert close(results["value_per_month"], 63_000)
    assert close(results["impressions_per_story"], 170_000)


def test_compute_reads_stdin_with_bom(capsys, monkeypatch):
    data = b"\xef\xbb\xbf" + json.dumps({"participants": 2000}).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    results = compute_json(capsys, "-")
    assert close(results["value_per_month"], 63_000)


def test_compute_table(capsys, example_file):
    code, out, err = run(capsys, "compute", example_file, "--format", "table")
    assert (code, err) == (0, "")
    # label and value are separated by a run of spaces (aligned columns)
    rows = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in out.splitlines() if "  " in line)
    assert rows["Value per month"] == "$31,500"
    assert rows["Impressions per story"] == "85,000"
    assert rows["Value per year"] == "$378,000"
    assert rows["ROI"] == "none"
    assert "Network" in out and "X        " in out


def test_compute_table_says_break_even_not_reached_as_the_app_and_the_pdf(capsys, tmp_path):
    # $100,000 a seat: even everyone sharing every story (1,000 × 1.5 × 21 × $20 of media at most) never pays.
    code, out, _ = run(capsys, "compute", write(tmp_path, {"cost": {"seat_cost_per_month": 100_000}}), "--format", "table")
    assert code == 0
    rows = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in out.splitlines() if "  " in line)
    assert rows["Break-even share rate"] == "not reached"


def test_compute_table_uses_the_scenario_currency(capsys, tmp_path):
    code, out, _ = run(capsys, "compute", write(tmp_path, {"currency": "EUR"}), "--format", "table")
    assert code == 0
    assert "€31,500" in out and "$" not in out


# --- sweep ---------------------------------------------------------------------------------

def sweep_rows(capsys, *argv) -> list[dict]:
    code, out, err = run(capsys, "sweep", *argv)
    assert (code, err) == (0, "")
    return list(csv.DictReader(io.StringIO(out)))


def test_sweep_share_rate(capsys, example_file):
    code, out, _ = run(capsys, "sweep", example_file, "--param", "share_rate", "--steps", "101")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 102 and lines[0].startswith("share_rate,participants,")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "" not in rows[0]  # no index column
    [point] = [r for r in rows if close(float(r["share_rate"]), 0.1)]
    assert close(float(point["value_per_month"]), 31_500)
    assert close(float(point["impressions_per_story"]), 85_000)
    assert float(rows[0]["value_per_month"]) == 0
    assert close(float(rows[-1]["value_per_month"]), 315_000)


def test_sweep_prints_amounts_to_the_cent_and_its_grid_as_it_is(capsys, example_file):
    # The worked example at 10% computes 31500.000000000004: printed 31500.0, as every CSV (no float noise).
    assert compute(parse_scenario({})).value_per_month != 31_500
    rows = sweep_rows(capsys, example_file, "--steps", "101")
    point = next(r for r in rows if close(float(r["share_rate"]), 0.1))
    assert point["value_per_month"] == "31500.0"
    # A grid finer than 6 decimals keeps its points apart: 100,001 steps up to 1/3 (3.3e-6 apart).
    thirds = sweep_rows(capsys, example_file, "--steps", "100001", "--stop", str(1 / 3))
    assert len({r["share_rate"] for r in thirds}) == 100_001
    assert thirds[1]["share_rate"] == repr(1 / 3 / 100_000)
    for row in thirds[:50]:  # every amount to the cent at most
        assert all(len(row[c].partition(".")[2]) <= 2 for c in row if c != "share_rate"), row


def test_timeline_prints_amounts_to_the_cent(capsys, example_file):
    # Month 2 of the default S-curve ramp from 2% to 10% over 6 months is at 2.832%; its media value by hand:
    # 0.02832 x 315,000 a month per unit of share rate = 8,920.80, printed to the cent.
    assert main(["timeline", str(example_file), "--months", "12", "--ramp-months", "6", "--start-share-rate",
                 "0.02", "--launch-cost", "20000"]) == 0
    lines = capsys.readouterr().out.splitlines()
    month2 = dict(zip(lines[0].split(","), lines[2].split(",")))
    assert (month2["share_rate"], month2["value_per_month"]) == ("0.02832", "8920.8")


def test_sweep_by_network_participants(capsys, tmp_path):
    scenario = {"networks": [{"name": "LinkedIn"}, {"name": "Facebook", "cpm": 0}]}
    rows = sweep_rows(capsys, write(tmp_path, scenario), "--param", "participants", "--steps", "3",
                      "--stop", "2000", "--by-network")
    assert [(r["participants"], r["network"]) for r in rows] == [
        ("0.0", "LinkedIn"), ("0.0", "Facebook"), ("1000.0", "LinkedIn"),
        ("1000.0", "Facebook"), ("2000.0", "LinkedIn"), ("2000.0", "Facebook")]
    assert close(float(rows[2]["value_per_month"]), 31_500)
    assert float(rows[3]["value_per_month"]) == 0
    assert close(float(rows[4]["impressions_per_story"]), 170_000)


# --- bad input: exit 2, one "error: <field>: ..." line per problem, never a traceback -------

def errors_of(capsys, *argv) -> list[str]:
    code, out, err = run(capsys, *argv)
    assert code == 2, err
    assert out == ""
    lines = err.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), err
    return lines


@pytest.mark.parametrize("content, field, shown", [
    ({"share_rate": 1.5}, "share_rate", "1.5"),
    ({"participants": -5}, "participants", "-5"),
    ({"participants": "abc"}, "participants", "'abc'"),
    ({"participants": True}, "participants", "true/false"),
    ('{"networks": [{"name": "X", "cpm": Infinity}]}', "networks[0].cpm", "inf"),
    ('{"share_rate": NaN}', "share_rate", "nan"),
    ({"networks": [{"name": "X", "ctr": 2}]}, "networks[0].ctr", "2"),
])
def test_bad_values_name_the_field(capsys, tmp_path, content, field, shown):
    [line] = errors_of(capsys, "compute", write(tmp_path, content))
    assert line.startswith(f"error: {field}: ")
    assert shown in line


def test_every_problem_is_reported(capsys, tmp_path):
    lines = errors_of(capsys, "compute", write(tmp_path, {"share_rate": 1.5, "participants": -5}))
    assert sorted(line.split(":")[1].strip() for line in lines) == ["participants", "share_rate"]


def test_unknown_field_suggests_the_right_one(capsys, tmp_path):
    [line] = errors_of(capsys, "compute", write(tmp_path, {"participnts": 2000}))
    assert line.startswith("error: participnts: ")
    assert "did you mean 'participants'?" in line


@pytest.mark.parametrize("content, expected", [
    ('{"participants": 2000', "not valid JSON at line 1"),
    ("[1]", "scenario: must be a JSON object"),
    ('"text"', "scenario: must be a JSON object"),
    ("", "is empty"),
    (b"\xff\xfe\x00", "not UTF-8"),
    (b'{"name": "caf\xe9"}', "not UTF-8"),
])
def test_unreadable_content(capsys, tmp_path, content, expected):
    [line] = errors_of(capsys, "compute", write(tmp_path, content))
    assert expected in line


def test_missing_file(capsys, tmp_path):
    [line] = errors_of(capsys, "compute", str(tmp_path / "nope.json"))
    assert line == f"error: {tmp_path / 'nope.json'}: no such file"


def test_directory(capsys, tmp_path):
    [line] = errors_of(capsys, "compute", str(tmp_path))
    assert line == f"error: {tmp_path}: is a directory, not a scenario file"


def test_file_over_5_mb_is_refused(capsys, tmp_path):
    path = write(tmp_path, b" " * (MAX_FILE_BYTES + 1) + b"{}")
    [line] = errors_of(capsys, "compute", path)
    assert "larger than 5 MB" in line
    # exactly at the cap is still read
    assert compute_json(capsys, write(tmp_path, b"{}" + b" " * (MAX_FILE_BYTES - 2), "ok.json"))


@pytest.mark.parametrize("steps", ["1", "0", "-3", str(10**9), str(MAX_STEPS + 1)])
def test_sweep_bad_steps(capsys, example_file, steps):
    [line] = errors_of(capsys, "sweep", example_file, "--steps", steps)
    assert line.startswith("error: --steps: ")


@pytest.mark.parametrize("param, stop", [("share_rate", "1.5"), ("share_rate", "0"), ("share_rate", "nan"),
                                         ("participants", "inf"), ("participants", "-1")])
def test_sweep_bad_stop(capsys, example_file, param, stop):
    [line] = errors_of(capsys, "sweep", example_file, "--param", param, "--stop", stop)
    assert line.startswith("error: --stop: ")


def test_sweep_reports_option_and_scenario_problems_together(capsys, tmp_path):
    lines = errors_of(capsys, "sweep", write(tmp_path, {"share_rate": 2}), "--steps", "1")
    assert [line.split(":")[1].strip() for line in lines] == ["--steps", "share_rate"]


@pytest.mark.parametrize("argv", [
    ["sweep", "x.json", "--param", "workforce"],
    ["sweep", "x.json", "--steps", "abc"],
    ["compute", "x.json", "--format", "xml"],
    ["compute"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert "usage: advocacy-calc" in err


def test_help_exits_0(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "compute" in out and "sweep" in out


def test_unexpected_failure_is_one_line(capsys, monkeypatch, example_file):
    def boom(_scenario):
        raise RuntimeError("something broke\nsecond line")
    monkeypatch.setattr("advocacy_calc.cli.compute", boom)
    code, out, err = run(capsys, "compute", example_file)
    assert code == 1 and out == ""
    assert err == "error: unexpected RuntimeError: something broke\n"


# --- the real entry point --------------------------------------------------------------------

def test_python_dash_m_entry_point(example_file, tmp_path):
    ok = subprocess.run([sys.executable, "-m", "advocacy_calc", "compute", example_file],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert close(json.loads(ok.stdout)["value_per_month"], 31_500)
    bad = subprocess.run([sys.executable, "-m", "advocacy_calc", "compute", write(tmp_path, {"share_rate": 1.5})],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: share_rate: ") and "Traceback" not in bad.stderr


def test_a_hand_written_file_numbers_are_the_users_own_not_an_articles(capsys, tmp_path):
    """A file with no `provenance` (the README's `{"participants": 2000}`): what differs from the preset is the
    user's own number ("Your input", no grade); what it leaves as the preset keeps its benchmark source. A
    file that carries `provenance` is read as it says (found: "Participants 2,000 ... Practitioner article 1 (V)")."""
    path = write(tmp_path, json.dumps({"participants": 2000, "cost": {"seat_cost_per_month": 10}}), "mine.json")
    code, out, _ = run(capsys, "export", path, "--format", "csv", "--table", "assumptions", "-o", "-")
    assert code == 0
    rows = {r["field"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert (rows["participants"]["source"], rows["participants"]["grade"]) == ("Your input", "")
    assert (rows["cost.seat_cost_per_month"]["source"], rows["cost.seat_cost_per_month"]["grade"]) == ("Your input", "")
    assert rows["share_rate"]["source"] == "Practitioner article 1: its worked example" and rows["share_rate"]["grade"] == "V"
    # With an (empty) provenance, as the app writes a file, it is read as it says: no input is the user's. 2,000
    # is outside the article's range all the same, so it is not credited to it either.
    path = write(tmp_path, json.dumps({"participants": 2000, "provenance": {}}), "app.json")
    code, out, _ = run(capsys, "export", path, "--format", "csv", "--table", "assumptions", "-o", "-")
    rows = {r["field"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert (rows["participants"]["source"], rows["participants"]["grade"]) == (
        "The model's own default (outside the benchmark's range)", "")


def test_a_hand_written_file_with_every_input_its_own_still_reads_and_says_so_for_each(capsys, tmp_path):
    """Ten networks and eight groups, every input set by hand: more own numbers than the 128 a scenario kept
    a source for read as "unexpected ValidationError", then kept the first 128. A scenario now keeps a source
    for each of its inputs: every one set here prints as the user's."""

    nets = [{"name": f"N{i}", "connections": 100 + i, "cpm": 5 + i, "cpc": 1 + i, "ctr": 0.01, "presence": 0.5,
             "visibility": 0.5} for i in range(MAX_NETWORKS)]
    groups = [{"name": f"G{g}", "weight": 1 / 8, "relative_share_rate": 1, "seat_cost_per_month": g + 1,
               "connections": {f"N{i}": 50 + g for i in range(MAX_NETWORKS)},
               "presence": {f"N{i}": 0.3 for i in range(MAX_NETWORKS)}} for g in range(8)]
    path = write(tmp_path, json.dumps({"participants": 2000, "networks": nets, "groups": groups}), "big.json")
    code, out, err = run(capsys, "export", path, "--format", "csv", "--table", "assumptions", "-o", "-")
    assert code == 0, err
    rows = {r["field"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert rows["participants"]["source"] == "Your input"
    assert rows["networks.N9.visibility"]["source"] == "Your input" and rows["networks.N9.visibility"]["grade"] == ""
    assert all(rows[f"networks.N{i}.{f}"]["source"] == "Your input" for i in range(MAX_NETWORKS)
               for f in ("connections", "visibility", "presence", "cpm", "cpc", "ctr"))
    # The groups' own numbers (the workbook's Groups sheet prints them) are the user's too, the last ones included.
    mine = load_scenario(json.loads(open(path).read())).provenance
    assert all(mine[path].kind == "user" for path in (
        "groups.G0.weight", "groups.G7.seat_cost_per_month", "groups.G7.networks.N9.connections",
        "groups.G7.networks.N9.presence", "participants"))


def test_a_file_of_an_older_model_version_opens_as_it_does_in_the_library(capsys, tmp_path):
    """QA: `compute` refused the version 0 fixture ("version: must be one of 2") that the library upgrades.
    By hand: 400 participants x 25% x 500 LinkedIn connections x 10% visibility = 5,000 impressions a story,
    at CPM $30 = $150 a story, x 1 story x 20 days = $3,000 a month; 12 leads x $40 = $480 saved."""
    old = json.dumps({"version": 0, "name": "Prototype pilot (2025)", "participants": 400, "participation_rate_pct": 25,
                      "stories_per_day": 1, "working_days_per_month": 20,
                      "networks": {"LinkedIn": {"connections": 500, "cpm": 30, "visibility": 0.1}},
                      "leads_per_month": 12, "cost_per_lead": 40})
    code, out, err = run(capsys, "compute", write(tmp_path, old))
    assert code == 0, err
    figures = json.loads(out)
    assert (figures["impressions_per_story"], figures["value_per_month"], figures["cpl_savings_per_month"]) == (
        pytest.approx(5000), pytest.approx(3000), pytest.approx(480))
    code, _, err = run(capsys, "compute", write(tmp_path, {"version": 99, "participants": 10}, "new.json"))
    assert code == 2 and "version: 99 was written by a newer version of this app" in err
