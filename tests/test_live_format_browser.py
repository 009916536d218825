"""The browser prints exactly what the server prints: advocacy_ui/assets/live_format.js, run in
headless Chromium with formatting.format_spec, against a table written by hand (signs, currencies,
cents, compact forms, ties rounded half up) and against formatting.py on many more values."""

import math
import random
from pathlib import Path

import pytest

# The chromium check (skip, or fail under REQUIRE_BROWSER) and the browser fixture.
from test_browser import browser  # noqa: F401

from advocacy_calc.formatting import CurrencyFormat, count, count_compact, format_spec, money, money_compact, percent

pytestmark = pytest.mark.browser

SOURCE = (Path(__file__).resolve().parents[1] / "advocacy_ui" / "assets" / "live_format.js").read_text()

# (function, value, currency or percent digits, expected): by hand, from the rules in formatting.py.
TABLE = [
    ("money", 31_500, "USD", "$31,500"),
    ("money", 998.75, "USD", "$998.75"),
    ("money", 1_000, "USD", "$1,000"),
    ("money", 999.999, "USD", "$1,000"),       # rounds to a whole 1,000.00: no cents
    ("money", 999.5, "EUR", "€999.50"),
    ("money", 1_234.5, "GBP", "£1,235"),       # from 1,000 on no cents; a tie rounds half up (issue 10)
    ("money", 1_235.5, "GBP", "£1,236"),
    ("money", -2_500, "GBP", "-£2,500"),
    ("money", -17_500, "USD", "-$17,500"),
    ("money", 0.125, "USD", "$0.13"),          # half up, not to even
    ("money", 2.675, "USD", "$2.68"),          # as written, although the binary value is 2.67499...
    ("money", -5.5, "USD", "-$6"),             # a loss: whole units
    ("money", -0.001, "USD", "$0.00"),         # no negative zero
    ("money", 0.375, "USD", "$0.38"),
    ("money", 2.5, "USD", "$2.50"),
    ("money", 0, "USD", "$0.00"),             # cents below 1,000
    ("money", 2e15, "USD", "$2.0E+15"),
    ("money", 1_234_567.89, "CHF", "CHF\u00a01,234,568"),
    ("money", 31_500, "EUR de-DE", "31.500\u00a0€"),
    ("money", 998.75, "EUR de-DE", "998,75\u00a0€"),
    ("money", -2_500, "EUR de-DE", "-2.500\u00a0€"),
    ("money", 1_234_567.89, "EUR fr-FR", "1\u202f234\u202f568\u00a0€"),
    ("money", 998.75, "JPY ja-JP", "￥999"),
    ("money", 2.675, "CHF de-CH", "CHF\u00a02.68"),
    ("money", -2_500, "CHF de-CH", "CHF-2'500"),
    ("money", 1_234_567.89, "INR en-IN", "₹12,34,568"),
    ("money", 2e15, "EUR de-DE", "2,0E+15\u00a0€"),
    ("money_compact", 31_500, "EUR de-DE", "31,5K\u00a0€"),
    ("money_compact", 2.5, "EUR de-DE", "2,5\u00a0€"),
    ("money_compact", 998.75, "JPY ja-JP", "￥999"),
    ("money_compact", -45_250, "CHF de-CH", "CHF-45.3K"),
    ("money", float("nan"), "USD", "n/a"),
    ("money", float("inf"), "USD", "n/a"),
    ("money_compact", 31_500, "EUR", "€31.5K"),
    ("money_compact", 1_200_000, "USD", "$1.2M"),
    ("money_compact", 169_000_000, "USD", "$169M"),  # was "$1,69M": the suffix grouped as a digit
    ("money_compact", 500_000, "EUR de-DE", "500K\u00a0€"),
    ("money_compact", 120_000, "CHF de-CH", "CHF\u00a0120K"),
    ("money_compact", 999_500, "USD", "$999.5K"),
    ("money_compact", 999_950, "USD", "$1M"),   # never 1,000K
    ("money_compact", -45_250, "USD", "-$45.3K"),  # 45.25 is a tie: half up
    ("money_compact", 998.75, "USD", "$998.75"),
    ("money_compact", 2.5e12, "GBP", "£2.5T"),
    ("count", 85_000, None, "85,000"),
    ("count", 1.5, None, "1.5"),
    ("count", 2.5, None, "2.5"),
    ("count", 99.95, None, "100"),
    ("count", 0.04, None, "0"),
    ("count", 150.5, None, "151"),             # a tie from 100 on: half up
    ("count", 151.5, None, "152"),
    ("count", -1_234, None, "-1,234"),
    ("count_compact", 85_000, None, "85K"),
    ("count_compact", 1_250_000, None, "1.3M"),  # 1.25 is a tie: half up
    ("count_compact", 999, None, "999"),
    ("percent", 0.1, 1, "10%"),
    ("percent", 0.0044, 1, "0.44%"),
    ("percent", 0.156, 1, "15.6%"),
    ("percent", 0.6, 0, "60%"),
    ("percent", 1.0, 0, "100%"),
    ("percent", -0.35, 0, "-35%"),
    ("percent", 0.125, 0, "13%"),              # 12.5 is a tie: half up
    ("percent", 0.00001, 1, "<0.01%"),
    ("percent", 0.0, 1, "0%"),
    ("percent", None, 1, "none"),
    # counts and percentages in the scenario's locale (CLDR, by hand): "1 de-DE" is one digit, printed for de-DE
    ("count", 2_000, "EUR de-DE", "2.000"),
    ("count", 23.45, "EUR de-DE", "23,5"),
    ("count", -1_234, "EUR de-DE", "-1.234"),
    ("count", 1_234_567, "EUR fr-FR", "1\u202f234\u202f567"),
    ("count", 1_234_567, "INR en-IN", "12,34,567"),
    ("count", 1_234_567, "CHF de-CH", "1'234'567"),
    ("count", 2e16, "EUR de-DE", "2,0E+16"),
    ("count_compact", 31_500, "EUR de-DE", "31,5K"),
    ("count_compact", 1_250_000, "EUR fr-FR", "1,3M"),
    ("count_compact", 318_000_000, "EUR de-DE", "318M"),
    ("count_compact", 120_000, "INR en-IN", "120K"),
    ("percent", 0.125, "1 EUR de-DE", "12,5\u00a0%"),
    ("percent", 0.1, "1 EUR fr-FR", "10\u00a0%"),
    ("percent", 10, "0 EUR fr-FR", "1\u202f000\u00a0%"),
    ("percent", 0.00001, "1 EUR de-DE", "<0,01\u00a0%"),
    ("percent", -0.35, "0 EUR de-DE", "-35\u00a0%"),
    ("percent", 1000, "0 INR en-IN", "1,00,000%"),
    ("percent", 0.125, "1 EUR nl-NL", "12,5%"),
]

def cur(text: str) -> str:
    """'EUR' (printed for en-US) or 'EUR de-DE' (the code with the locale it prints in)."""
    code, _, locale = text.partition(" ")
    return CurrencyFormat(code, locale) if locale else code


def digits_and_currency(a) -> tuple[int, str]:
    """A percent row's digits, and the currency whose locale it prints in: 1 or '1 EUR de-DE'."""
    if isinstance(a, str):
        digits, _, currency = a.partition(" ")
        return int(digits), currency
    return a, "USD"


def currency_of_row(fn: str, a) -> str:
    return digits_and_currency(a)[1] if fn == "percent" else (a or "USD")


PYTHON = {"money": lambda v, a: money(v, cur(a)), "money_compact": lambda v, a: money_compact(v, cur(a)),
          "count": lambda v, a: count(v, cur(a or "USD")), "count_compact": lambda v, a: count_compact(v, cur(a or "USD")),
          "percent": lambda v, a: percent(v, digits_and_currency(a)[0], cur(digits_and_currency(a)[1]))}
JS_CALL = {"money": "F.money(v, spec)", "money_compact": "F.moneyCompact(v, spec)", "count": "F.count(v, spec)",
           "count_compact": "F.countCompact(v, spec)", "percent": "F.percent(v, spec, a)"}


@pytest.fixture(scope="module")
def js(browser):
    page = browser.new_page()
    page.add_script_tag(content=SOURCE + "\nwindow.LIVE_FORMAT = LIVE_FORMAT;")
    yield page
    page.close()


def in_browser(js, rows: list[tuple[str, float | None, object]]) -> list[str]:
    calls = [{"fn": fn, "v": None if v is None else (str(v) if not math.isfinite(v) else v),
              "a": digits_and_currency(a)[0] if fn == "percent" else a,
              "spec": format_spec(cur(currency_of_row(fn, a)))} for fn, v, a in rows]
    body = " ".join(f"if (r.fn === '{fn}') return {call};" for fn, call in JS_CALL.items())
    return js.evaluate(f"""rows => rows.map(r => {{
        const F = window.LIVE_FORMAT, spec = r.spec, a = r.a;
        const v = typeof r.v === 'string' ? Number(r.v.replace('inf', 'Infinity')) : r.v;
        {body} }})""", calls)


def test_table_by_hand_in_python_and_in_the_browser(js):
    assert [PYTHON[fn](v, a) for fn, v, a, _ in TABLE] == [expected for *_, expected in TABLE]
    assert in_browser(js, [(fn, v, a) for fn, v, a, _ in TABLE]) == [expected for *_, expected in TABLE]


def test_many_values_print_the_same_in_python_and_in_the_browser(js):
    rng = random.Random(2026)
    values = [rng.choice([1, -1]) * 10 ** rng.uniform(-4, 13) for _ in range(400)]
    values += [k / 8 for k in range(-40, 40)] + [k + 0.5 for k in range(-20, 20)] + [k / 1000 for k in range(0, 2001, 7)]
    rows = [(fn, v, c) for fn in ("money", "money_compact") for v in values
            for c in ("EUR", "EUR de-DE", "JPY ja-JP", "INR en-IN", "CHF de-CH")]
    rows += [(fn, v, c) for fn in ("count", "count_compact") for v in values
             for c in (None, "EUR de-DE", "EUR fr-FR", "INR en-IN", "CHF de-CH")]
    rows += [("percent", v / 100, f"{d} {c}") for v in values for d in (0, 1)
             for c in ("USD", "EUR de-DE", "EUR fr-FR", "INR en-IN")]
    expected = [PYTHON[fn](v, a) for fn, v, a in rows]
    got = in_browser(js, rows)
    wrong = [(row, e, g) for row, e, g in zip(rows, expected, got) if e != g]
    assert not wrong, wrong[:10]
