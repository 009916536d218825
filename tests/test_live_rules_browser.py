"""Loss and change against the baseline: the server's rules (advocacy_ui/display.py) and the live levers'
script (advocacy_ui/assets/live_rules.js, given display.live_rules() as data) agree on a table written by
hand: near zero, exactly zero, negative, none and not-a-number."""

import math
from pathlib import Path

import pytest

# The chromium check (skip, or fail under REQUIRE_BROWSER) and the browser fixture.
from test_browser import browser  # noqa: F401

from advocacy_calc.formatting import format_spec, money, percent
from advocacy_ui import display

pytestmark = pytest.mark.browser

ASSETS = Path(__file__).resolve().parents[1] / "advocacy_ui" / "assets"
NAN = float("nan")

# (field, value, baseline, loss?, look, change text): by hand.
TABLE = [
    ("net_value_per_month", -0.01, -0.01, True, "off", "no change vs baseline"),
    ("net_value_per_month", 0.0, 0.0, False, "off", "no change vs baseline"),
    ("net_value_per_month", -0.0, 0.0, False, "off", "no change vs baseline"),   # negative zero is no loss
    ("net_value_per_month", 5e-324, 0.0, False, "off", "no change vs baseline"),
    ("net_value_per_month", -17_500, -17_500, True, "off", "no change vs baseline"),
    ("net_value_per_month", -17_500, -20_000, True, "up", "+$2,500 vs baseline"),
    ("net_value_per_month", 2_000, -500, False, "up", "+$2,500 vs baseline"),
    ("net_value_per_month", -500, 2_000, True, "down", "-$2,500 vs baseline"),
    ("roi", None, 0.25, False, "off", "25% in the baseline"),                   # no cost now, a baseline with one
    ("net_value_per_month", NAN, 2_000, False, "off", "no change vs baseline"),   # not a number: no change drawn
    ("value_per_month", -1.0, -1.0, False, "off", "no change vs baseline"),      # not a loss field
    # Near zero: a change below a billionth of the baseline (at least of 1) is none.
    ("value_per_month", 5e-10, 0.0, False, "off", "no change vs baseline"),
    ("value_per_month", 2e-9, 0.0, False, "up", "+$0.00 vs baseline"),
    ("value_per_month", 1_000_000.0005, 1_000_000, False, "off", "no change vs baseline"),
    ("value_per_month", 1_000_000.002, 1_000_000, False, "up", "+$0.00 vs baseline"),
    ("value_per_month", 63_000, 66_150, False, "down", "-$3,150 vs baseline"),
    ("roi", -0.35, -0.35, True, "off", "no change vs baseline"),
    ("roi", -0.35, 0.25, True, "down", "-60 points vs baseline"),
    ("roi", 0.25, -0.35, False, "up", "+60 points vs baseline"),
    ("roi", 0.125, 0.0, False, "up", "+13 points vs baseline"),                  # 12.5 is a tie: half up
    ("roi", None, None, False, "off", "no change vs baseline"),                  # no cost, in both
    ("roi", 0.0, -0.0, False, "off", "no change vs baseline"),
    # Program cost: its change is said with its sign, never coloured as good or bad news.
    ("program_cost_per_month", 22_000, 12_000, False, "off", "+$10,000 vs baseline"),
    ("program_cost_per_month", 12_000, 22_000, False, "off", "-$10,000 vs baseline"),
    ("program_cost_per_month", 12_000, 12_000, False, "off", "no change vs baseline"),
    ("total_value_per_month", 5_008.69, 9_017.38, False, "down", "-$4,009 vs baseline"),
    # Break-even: in points, with one decimal as it is printed; "not reached" is none.
    ("break_even_share_rate", 0.524, 0.262, False, "off", "+26.2 points vs baseline"),
    ("break_even_share_rate", 0.2, 0.25, False, "off", "-5 points vs baseline"),
    ("break_even_share_rate", None, 0.262, False, "off", "26.2% in the baseline"),
    ("break_even_share_rate", 0.262, None, False, "off", "not reached in the baseline"),
]


def python_fmt(field):  # as the app writes each figure: ROI a whole percent or "none", break-even one decimal
    if field == "break_even_share_rate":
        return lambda x: "not reached" if x is None else percent(x, 1)
    return (lambda x: "none" if x is None else percent(x, 0)) if field == "roi" else (lambda x: money(x, "USD"))


def python_row(field, value, base):
    return (display.is_loss(field, value), display.delta_look(value, base, field),
            display.delta_text(field, value, base, python_fmt(field)))


@pytest.fixture(scope="module")
def js(browser):
    page = browser.new_page()
    page.add_script_tag(content="\n".join((ASSETS / name).read_text() for name in ("live_format.js", "live_rules.js"))
                        + "\nwindow.LIVE_FORMAT = LIVE_FORMAT; window.LIVE_RULES = LIVE_RULES;")
    yield page
    page.close()


def browser_rows(js, rows):
    # NaN travels as a string: the data the server sends is JSON.
    calls = [[f, "nan" if isinstance(v, float) and math.isnan(v) else v, b] for f, v, b in rows]
    return js.evaluate("""([rows, rules, spec]) => rows.map(([field, v, base]) => {
        const value = v === "nan" ? NaN : v, R = window.LIVE_RULES, F = window.LIVE_FORMAT;
        const fmt = field === "roi" ? (x) => (x === null ? "none" : F.percent(x, spec, 0))
          : field === "break_even_share_rate" ? (x) => (x === null ? "not reached" : F.percent(x, spec, 1))
          : (x) => F.money(x, spec);
        return [R.isLoss(rules, field, value), R.look(rules, value, base, field),
                R.deltaText(rules, field, value, base, fmt, spec)]; })""",
                       [calls, display.live_rules(), format_spec("USD")])


def test_the_rules_by_hand_in_python_and_in_the_browser(js):
    rows = [(f, v, b) for f, v, b, *_ in TABLE]
    expected = [list(row[3:]) for row in TABLE]
    assert [list(python_row(*row)) for row in rows] == expected
    assert browser_rows(js, rows) == expected


def test_the_rules_the_script_gets_are_the_servers_own():
    # Changed here, they change in the data: the script holds none of its own.
    rules = display.live_rules()
    assert rules["loss_fields"] == list(display.LOSS_FIELDS) and rules["looks"] == display.LOOKS
    rules_js, levers_js = (ASSETS / "live_rules.js").read_text(), (ASSETS / "levers.js").read_text()
    for literal in ("1e-9", "vs baseline", "in the baseline", '"off"'):
        assert literal not in rules_js + levers_js, literal
    for literal in ("net_value_per_month", '"roi"', "program_cost", "break_even"):  # which fields: data too
        assert literal not in rules_js, literal
