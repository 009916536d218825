"""Numbers for humans, the same on every page, in the CLI table and in exports.

Currency only relabels figures (MODEL.md §5): no conversion is ever applied.
"""

import math

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def money(amount: float, currency: str = "USD") -> str:
    """$31,500 for large figures, $998.75 below a hundred thousandth of a million."""
    if not math.isfinite(amount):
        return "n/a"
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    if round(value, 2) >= 1000 or round(value, 2) == round(value):
        return f"{sign}{symbol}{value:,.0f}"
    return f"{sign}{symbol}{value:,.2f}"


def money_compact(amount: float, currency: str = "USD") -> str:
    """$31.5K, $1.2M: for headlines and chart axes."""
    if not math.isfinite(amount) or abs(amount) < 1000:
        return money(amount, currency)
    sign = "-" if amount < 0 else ""
    return f"{sign}{CURRENCY_SYMBOLS.get(currency, currency + ' ')}{_compact(abs(amount))}"


def count(value: float) -> str:
    """85,000; fractional counts keep one decimal (1.5)."""
    if not math.isfinite(value):
        return "n/a"
    if abs(value - round(value)) < 1e-9 or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}".rstrip("0").rstrip(".")


def count_compact(value: float) -> str:
    return _compact(value) if math.isfinite(value) and abs(value) >= 1000 else count(value)


def percent(rate: float | None, digits: int = 1) -> str:
    """0.1 -> 10%; 0.0044 -> 0.44%; None -> 'none'."""
    if rate is None:
        return "none"
    if not math.isfinite(rate):
        return "n/a"
    pct = rate * 100
    places = digits if abs(pct) >= 1 or pct == 0 else max(digits, 2)
    text = f"{pct:,.{places}f}"
    if places:  # 12.50 -> 12.5, never 60 -> 6
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def _compact(value: float) -> str:
    for size, suffix in _SUFFIXES:
        if abs(value) >= size * 0.9995:
            scaled = value / size
            return f"{scaled:,.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:,.0f}"


# --- The same rules, for the browser's live figures (advocacy_ui/assets/live_format.js) -------
# The browser follows this spec rather than Intl, which does not agree with Python for every
# locale nor for ties (Python rounds an exact tie to even: 0.125 -> "0.12", 2.5 -> "2").

def format_spec(currency: str = "USD") -> dict:
    """What the browser needs to print exactly what money/money_compact/count/percent print."""
    return {
        "symbol": CURRENCY_SYMBOLS.get(currency, currency + " "),
        "thousands": ",", "decimal": ".", "minus": "-",
        "cents_below": 1000,            # money(): cents only below 1,000 and when not whole
        "compact_from": 1000,           # money_compact()/count_compact(): plain below this
        "compact_suffixes": [[size, suffix] for size, suffix in _SUFFIXES],
        "compact_round": 0.9995,        # 999,500 is already "1M"
        "count_whole_from": 100,        # count(): no decimal from 100 on
        "count_whole_tolerance": 1e-9,  # count(): whole when this close to an integer
        "percent_small_places": 2,      # percent(): two places below 1%
        "rounding": "half-even on the exact binary value (Python's format)",
    }
