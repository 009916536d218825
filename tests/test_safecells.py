"""The one formula-injection rule for every CSV and workbook cell (issue 11): hand-written cells and
the exact text expected, including leading spaces and full-width forms that the old first-character
check let through; and the grid's own CSV export is off app-wide."""

import csv
import io
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from advocacy_calc.exports import tables
from advocacy_calc.measure import utm
from advocacy_calc.safecells import safe_cell, safe_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    (" =1+1", "' =1+1"),
    ("   +A1", "'   +A1"),
    ("\u00a0=1", "'\u00a0=1"),
    ("\u3000=1", "'\u3000=1"),           # ideographic space
    ("\uff1d1+1", "'\uff1d1+1"),         # full-width equals
    ("\uff0b1", "'\uff0b1"),             # full-width plus
    ("\uff0d1", "'\uff0d1"),             # full-width minus
    ("\uff20SUM(A1)", "'\uff20SUM(A1)"),  # full-width at
    (" \uff1d1", "' \uff1d1"),
    ("Plan A", "Plan A"),
    ("a=1", "a=1"),
    ("", ""),
    ("   ", "   "),
    ("https://example.com/?a=1", "https://example.com/?a=1"),
    ("Müller", "Müller"),
])
def test_text_cells(cell, expected):
    assert safe_text(cell) == expected
    assert safe_cell(cell) == expected


def test_numbers_are_never_touched():
    assert safe_cell(-5.0) == -5.0 and safe_cell(3) == 3 and safe_cell(None) is None


def test_the_exports_and_the_utm_plan_use_the_one_rule():
    assert tables.safe_text is safe_text and utm.safe_cell is safe_cell


def test_a_measure_style_table_as_csv_keeps_hostile_text_inert():
    frame = pd.DataFrame({"employee": [" =1+1", "\uff1dHYPERLINK(\"x\")", "Ann"], "shares": [3, -2, 1]})
    rows = list(csv.reader(io.StringIO(tables.frame_to_csv(frame).decode("utf-8-sig"))))
    assert rows == [["employee", "shares"], ["' =1+1", "3"], ["'\uff1dHYPERLINK(\"x\")", "-2"], ["Ann", "1"]]
    text_rows = list(csv.reader(io.StringIO(utm.safe_csv(frame))))
    assert text_rows[1:] == [["' =1+1", "3"], ["'\uff1dHYPERLINK(\"x\")", "-2"], ["Ann", "1"]]


def test_the_grids_own_csv_export_is_off_app_wide():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True


def test_cli_sweep_by_group_writes_group_names_as_text(capsys, tmp_path):
    """Group names are the user's text: `sweep --by-group` must not hand a spreadsheet a formula
    (found by a hostile read: "=1+1" and "@cmd" came out raw). Numbers keep full precision."""
    import json

    from advocacy_calc.cli import main
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"groups": [{"name": "=1+1", "weight": 0.5}, {"name": "@cmd", "weight": 0.5}]}))
    assert main(["sweep", str(path), "--by-group", "--steps", "2"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:2] == ["share_rate", "group"]
    assert [row[1] for row in rows[1:]] == ["'=1+1", "'@cmd", "'=1+1", "'@cmd"]
    assert rows[1][0] == "0.0" and rows[3][0] == "1.0"
