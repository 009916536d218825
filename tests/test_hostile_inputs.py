"""Issue 11's smaller cases, each built in the test: deep JSON, infinite counts, a stray Windows-1252
byte in UTF-8, output that cannot be written (closed, full disk) and an export over a good file."""

import errno
import os
import subprocess
import sys

import pytest

from advocacy_calc import ScenarioError
from advocacy_calc.cli import main
from advocacy_calc.errors import MAX_JSON_DEPTH, json_depth
from advocacy_calc.parse import parse_scenario_json
from advocacy_calc.measure import load_export, mappings_from_json, read_table
from advocacy_store import ImportProblems, parse_import

DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize("text, depth", [("{}", 1), ('{"a": [1, {"b": "[[[["}]}', 3), ('"[[["', 0),
                                         ('["\\"[", {}]', 2), ("", 0)])
def test_json_depth_counts_brackets_outside_strings(text, depth):
    assert json_depth(text) == depth


def test_a_5000_level_mapping_is_refused_in_words():
    with pytest.raises(ScenarioError) as info:
        mappings_from_json(DEEP)
    assert info.value.problems == [f"mapping: JSON nested 5,000 levels deep, more than the {MAX_JSON_DEPTH} a "
                                   "scenario, library export or mapping file can have"]


def test_a_5000_level_scenario_and_library_import_are_refused_in_words():
    with pytest.raises(ScenarioError) as info:
        parse_scenario_json('{"networks": ' + DEEP + "}")
    assert info.value.problems[0].startswith("scenario: JSON nested 5,001 levels deep")
    with pytest.raises(ImportProblems) as info:
        parse_import(('{"scenarios": ' + DEEP + "}").encode())
    assert info.value.problems[0].startswith("file: JSON nested 5,001 levels deep")


def test_cli_mapping_5000_levels_deep_exits_2(tmp_path, capsys):
    shares = tmp_path / "shares.csv"
    shares.write_text("User,Shared at,Story\nAnn,2026-06-01,A\n")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(DEEP)
    assert main(["measure", "--shares", str(shares), "--mapping", str(mapping)]) == 2
    err = capsys.readouterr().err
    assert "mapping: JSON nested 5,000 levels deep" in err and "unexpected" not in err


@pytest.mark.parametrize("cell", ["inf", "1e309", "-inf", "Infinity", "-1E+400"])
def test_infinite_clicks_are_quoted_as_typed(cell):
    with pytest.raises(ScenarioError) as info:
        load_export(f"User,Shared at,Story,Clicks\nAnn,2026-06-01,A,{cell}\nBob,2026-06-02,A,3\n".encode(),
                    "shares.csv", "shares")
    assert info.value.problems == [f"shares.csv: column 'Clicks' (clicks): row 2: '{cell}' is not a finite number"]


def test_one_windows_1252_byte_in_utf8_text_is_named_not_silently_garbled():
    data = "User,Team\nMüller,Sales\nJosé,Eng\n".encode() + b"Fran\xe7ois,Eng\n"
    with pytest.raises(ScenarioError) as info:
        read_table(data, "roster.csv")
    assert info.value.problems == ["roster.csv: row 4: byte 0xe7 is not UTF-8, though the rest of the file is; "
                                   "fix that cell or save the file again as CSV UTF-8"]


def test_a_whole_windows_1252_file_still_reads():
    raw = read_table("User,Team\nMüller,Sales\nFrançois,Eng\n".encode("cp1252"), "roster.csv")
    assert raw.frame["User"].tolist() == ["Müller", "François"] and raw.encoding == "windows-1252"


def test_output_to_a_full_disk_says_so(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "advocacy_calc", "example"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == "error: cannot write the output (No space left on device)"


@pytest.mark.parametrize("command", [
    [sys.executable, "-c", "import os, sys; os.close(1); from advocacy_calc.cli import main; sys.exit(main(['example']))"],
    ["sh", "-c", f"'{sys.executable}' -m advocacy_calc example >&-"],  # Python starts with no stdout at all
])
def test_output_closed_says_so(command):
    done = subprocess.run(command, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1  # was 0, silently
    assert done.stderr.strip() == "error: cannot write the output (standard output is closed)"


def test_export_over_a_good_file_on_a_full_disk_keeps_the_good_file(tmp_path, monkeypatch, capsys):
    scenario = tmp_path / "s.json"
    scenario.write_text('{"participants": 2000}')
    target = tmp_path / "case.csv"
    target.write_bytes(b"the good file")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    assert main(["export", str(scenario), "--format", "csv", "-o", str(target)]) == 2
    assert target.read_bytes() == b"the good file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.csv", "s.json"]  # no temporary left behind
    assert "cannot write" in capsys.readouterr().err
    monkeypatch.undo()
    assert main(["export", str(scenario), "--format", "csv", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbffigure,value,unit")


def test_terminal_escapes_in_a_scenario_name_never_reach_the_terminal(tmp_path, capsys):
    scenario = tmp_path / "s.json"
    scenario.write_text('{"name": "Plan \\u001b[2J\\u001b]0;owned\\u0007A"}')
    # The scenario's name is one line of text (issue 13's name field): the file is refused, naming the
    # field, and neither stream carries the escape.
    assert main(["compute", str(scenario), "--format", "table"]) == 2
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\x07" not in stream
    assert captured.err.strip() == "error: name: must be one line of text without control characters"


def test_simulate_with_a_vanishing_cost_gives_no_roi_rather_than_a_crash(tmp_path, capsys):
    import json
    scenario = tmp_path / "s.json"
    scenario.write_text('{"cost": {"fixed_cost_per_month": 5e-324}}')
    # --own-ranges: no ranges, every draw the point result (the default would draw the benchmark ranges)
    assert main(["simulate", str(scenario), "--draws", "1000", "--own-ranges"]) == 0  # was 1, "unexpected ... nan"
    out = json.loads(capsys.readouterr().out)
    assert out["roi"] is None
    assert out["value_per_month"]["p50"] == pytest.approx(31_500, rel=1e-12)


@pytest.mark.parametrize("period, shown", [("2026-01-01:9999-12-31", "9999-12-31"),
                                           ("0001-01-01:2026-12-31", "0001-01-01"),
                                           ("1677-09-21:2026-12-31", "1677-09-21")])
def test_a_placeholder_date_in_the_period_is_a_sentence(tmp_path, capsys, period, shown):
    shares = tmp_path / "shares.csv"
    shares.write_text("User,Shared at,Story\nAnn,2026-06-01,A\n")
    assert main(["measure", "--shares", str(shares), "--period", period]) == 2  # was 1, "unexpected ..."
    assert capsys.readouterr().err.strip() == (
        f"error: --period: {shown} is a placeholder, not a real date (dates before 1950 or after 2099 are read "
        "as no date); give the real first and last days, e.g. 2026-03-01:2026-03-31")


def test_a_period_within_the_real_dates_still_counts(tmp_path, capsys):
    shares = tmp_path / "shares.csv"
    shares.write_text("User,Shared at,Story\nAnn,2026-06-01,A\nBob,2026-07-01,A\n")
    assert main(["measure", "--shares", str(shares), "--period", "1950-01-01:2099-12-31"]) == 0
    assert '"shares": 2' in capsys.readouterr().out


QUOTES = '"a",' + '"' * 129_000 + "\n"  # a 64 kB column name once the quotes are read


def test_a_huge_column_name_is_cut_in_the_message():
    with pytest.raises(ScenarioError) as info:
        read_table(QUOTES.encode(), "quotes.csv")
    assert info.value.problems == ['quotes.csv: has a header (a, ' + '"' * 37 + '...) but no rows']


def test_a_huge_column_name_is_cut_in_the_cli(tmp_path, capsys):
    path = tmp_path / "quotes.csv"
    path.write_text(QUOTES)
    assert main(["measure", "--shares", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == 'error: quotes.csv: has a header (a, ' + '"' * 37 + '...) but no rows\n'  # was 64,541 characters


def test_huge_column_names_are_cut_in_mapping_and_cell_messages():
    name = "Clicks " + "x" * 100_000
    data = f"User,Shared at,Story,{name}\nAnn,2026-06-01,A,lots\n".encode()
    with pytest.raises(ScenarioError) as info:
        load_export(data, "shares.csv", "shares", {"employee": "User", "date": "Shared at", "story": "Story",
                                                     "clicks": name})
    assert info.value.problems == ["shares.csv: column 'Clicks " + "x" * 53 + "'... (clicks): row 2: 'lots' is not "
                                   "a number"]
    with pytest.raises(ScenarioError) as info:
        load_export(data, "shares.csv", "shares", {"employee": "User", "date": "Shared at", "story": "Story",
                                                     "clicks": "Clicks " + "y" * 100})
    assert info.value.problems == ["shares.csv: column 'Clicks " + "y" * 53 + "'... (mapped to clicks) is not in "
                                   "the file; its columns are 'User', 'Shared at', 'Story', 'Clicks " + "x" * 53
                                   + "'..."]
