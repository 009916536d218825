"""The one formatting module against one table written out by hand.

Each row: the number, and the exact text each medium must print for it, worked out by hand from the
rule on the methodology page (half up; cents from 0 to 1,000; K/M/B/T; <1% / >99%; no -0). The Python
functions, the Vega label expressions (rendered by vl-convert, the engine of the exports) and the Excel
number formats (rendered by LibreOffice, when installed) are all checked against the same rows.
"""

import csv
import re
import shutil
import subprocess

import pytest
import vl_convert
import xlsxwriter

from advocacy_calc.formatting import (CurrencyFormat, count, count_compact, excel_number_format, format_spec, in_locale,
                                      money, money_compact, percent, probability, streamlit_number_format, symbol,
                                      vega_axis_format, vega_d3_expr)
from hypothesis import given, settings
from hypothesis import strategies as st

NAN, INF = float("nan"), float("inf")
SAME = "same"  # the medium prints what Python prints
NO = None      # the medium cannot hold this value (NaN, 1e15+) or is not asked to
NB, NNB = "\u00a0", "\u202f"  # CLDR's no-break space (between a symbol and digits) and narrow one (fr-FR groups)


def cur(text: str) -> str:
    """'EUR' (printed for en-US) or 'EUR de-DE' (the code with the locale it prints in)."""
    code, _, locale = text.partition(" ")
    return CurrencyFormat(code, locale) if locale else code


# (value, currency, Python money(), Excel "money" format)
MONEY = [
    (0, "USD", "$0.00", SAME),
    (0.125, "USD", "$0.13", SAME),         # half up, not half to even ($0.12)
    (2.675, "USD", "$2.68", SAME),         # as written, although the binary float is 2.67499999...
    (1.005, "USD", "$1.01", SAME),
    (20, "USD", "$20.00", SAME),
    (998.75, "USD", "$998.75", SAME),      # docs/model.md §8: "a little under $1,000"
    (999.994, "USD", "$999.99", SAME),
    (999.995, "USD", "$1,000", SAME),      # rounds to 1,000.00: whole units
    (1000, "USD", "$1,000", SAME),
    (2500.5, "USD", "$2,501", SAME),       # half to even would print $2,500
    (31_500, "USD", "$31,500", SAME),
    (123_456_789_012, "USD", "$123,456,789,012", SAME),
    (-0.001, "USD", "$0.00", SAME),        # negative zero prints as zero
    (-0.0, "USD", "$0.00", SAME),
    (-5.5, "USD", "-$6", SAME),            # a loss: whole units, half away from zero
    (-2_500, "GBP", "-£2,500", SAME),
    (31_500, "EUR", "€31,500", SAME),
    (20, "CHF", f"CHF{NB}20.00", SAME),    # a symbol of letters is kept apart from the digits (CLDR)
    # Any currency in its locale (Babel/CLDR). The Excel column is what LibreOffice in en-US prints: a format
    # code holds the symbol and its place, the reader's own system gives the separators.
    (31_500, "EUR de-DE", f"31.500{NB}€", f"31,500{NB}€"),
    (998.75, "EUR de-DE", f"998,75{NB}€", f"998.75{NB}€"),
    (-2_500, "EUR de-DE", f"-2.500{NB}€", f"-2,500{NB}€"),
    (1_234_567.891, "EUR fr-FR", f"1{NNB}234{NNB}568{NB}€", f"1,234,568{NB}€"),
    (-5.5, "EUR nl-NL", f"€{NB}-6", SAME),
    (998.75, "JPY ja-JP", "￥999", SAME),  # the yen has no minor unit: never cents
    (0.5, "JPY ja-JP", "￥1", SAME),
    (31_500, "JPY ja-JP", "￥31,500", SAME),
    (20, "CHF de-CH", f"CHF{NB}20.00", SAME),
    (1_234_567.891, "CHF de-CH", f"CHF{NB}1'234'568", f"CHF{NB}1,234,568"),
    (-2_500, "CHF de-CH", "CHF-2'500", "CHF-2,500"),
    (998.75, "INR en-IN", "₹998.75", SAME),
    (1_234_567.891, "INR en-IN", "₹12,34,568", "₹1,234,568"),  # lakh grouping; a format code cannot say it
    (-1_234_567, "INR en-IN", "-₹12,34,567", "-₹1,234,567"),
    (999.996, "BHD", f"BHD{NB}999.996", SAME),    # three decimals: cents (fils) up to 999.9995
    (999.9996, "BHD", f"BHD{NB}1,000", SAME),
    (0.0004, "CLF", f"CLF{NB}0.0004", SAME),      # four decimals
    (999.99996, "CLF", f"CLF{NB}1,000", SAME),
    (1e15, "USD", "$1.0E+15", NO),
    (-2.5e17, "USD", "-$2.5E+17", NO),
    (NAN, "USD", "n/a", NO),
    (INF, "USD", "n/a", NO),
]

# (value, currency, money_compact(), Vega "money_compact" axis label)
MONEY_COMPACT = [
    (0, "USD", "$0", SAME),
    (2.5, "USD", "$2.5", SAME),
    (500, "USD", "$500", SAME),
    (999.99, "USD", "$999.99", SAME),
    (999.995, "USD", "$1K", NO),           # JavaScript sees 999.99499999..., a tie no axis tick is
    (1250, "USD", "$1.3K", SAME),          # half up (1.25 -> 1.3)
    (31_500, "EUR", "€31.5K", SAME),
    (999_949, "USD", "$999.9K", SAME),
    (999_950, "USD", "$1M", SAME),         # never "1,000K"
    (1_200_000, "USD", "$1.2M", SAME),
    (2.5e9, "GBP", "£2.5B", SAME),         # B, not d3's G
    (7.25e12, "USD", "$7.3T", SAME),
    (-2_500, "USD", "-$2.5K", SAME),
    (-0.001, "USD", "$0", NO),
    (3e15, "USD", "$3.0E+15", NO),
    (2.5, "EUR de-DE", f"2,5{NB}€", SAME),
    (31_500, "EUR de-DE", f"31,5K{NB}€", SAME),
    (-2_500, "EUR de-DE", f"-2,5K{NB}€", SAME),
    (1_200_000, "EUR fr-FR", f"1,2M{NB}€", SAME),
    (998.75, "JPY ja-JP", "￥999", SAME),
    (31_500, "JPY ja-JP", "￥31.5K", SAME),
    (31_500, "CHF de-CH", f"CHF{NB}31.5K", SAME),
    (-2_500, "CHF de-CH", "CHF-2.5K", SAME),
    (1_200_000, "INR en-IN", "₹1.2M", SAME),
    # Three whole digits before the suffix were grouped with it: "$1,69M" for $169M (QA, the forecast's P90).
    (120_000, "USD", "$120K", SAME),
    (169_000_000, "USD", "$169M", SAME),
    (999_000, "USD", "$999K", SAME),
    (100_000_000, "USD", "$100M", SAME),
    (500_000, "EUR de-DE", f"500K{NB}€", SAME),
    (169_000_000, "EUR de-DE", f"169M{NB}€", SAME),
    (250_000_000, "INR en-IN", "₹250M", SAME),
    (120_000, "CHF de-CH", f"CHF{NB}120K", SAME),
]

# (value, count(), Excel "count" format)
COUNT = [
    (85_000, "85,000", SAME),
    (1.5, "1.5", SAME),
    (21, "21", SAME),
    (2, "2", SAME),
    (23.44, "23.4", NO),                  # Excel shows what was typed below 100
    (23.45, "23.5", NO),
    (99.94, "99.9", NO),
    (99.96, "100", SAME),
    (100.5, "101", SAME),
    (-0.04, "0", NO),
    (-3.25, "-3.3", NO),
    (1e16, "1.0E+16", NO),
    (NAN, "n/a", NO),
]

# (value, count_compact(), Vega "count_compact" axis label)
COUNT_COMPACT = [
    (0, "0", SAME),
    (45.67, "45.7", SAME),
    (999.4, "999", SAME),
    (999.5, "1K", SAME),
    (85_000, "85K", SAME),
    (1_234_567, "1.2M", SAME),
    (2.5e9, "2.5B", SAME),
    (120_000, "120K", SAME),
    (318_000_000, "318M", SAME),
    (-1_500, "-1.5K", SAME),
]

# (rate, digits, percent(), Vega "percent" label (digits 1 only), Excel "percent" / "rate" format)
PERCENT = [
    (1, 1, "100%", SAME, "100.0%"),
    (0.1, 1, "10%", SAME, "10.0%"),
    (0.5, 1, "50%", SAME, "50.0%"),
    (2.5, 1, "250%", SAME, "250.0%"),
    (10, 1, "1,000%", SAME, "1000.0%"),
    (0, 1, "0%", SAME, "0.0%"),
    (-1, 1, "-100%", SAME, "-100.0%"),
    (-0.0, 1, "0%", NO, "0.0%"),
    (0.1234, 1, "12.3%", SAME, "12.3%"),
    (0.125, 1, "12.5%", SAME, "12.5%"),
    (0.0044, 1, "0.44%", SAME, "0.4%"),
    (0.0094, 1, "0.94%", SAME, "0.9%"),
    (0.0099, 1, "1%", SAME, "1.0%"),        # 0.99 is 1.0 at one decimal: not under 1%, so one decimal
    (0.00001, 1, "<0.01%", NO, "0.0%"),
    (-0.00001, 1, ">-0.01%", NO, "0.0%"),
    (0.9996, 1, "100%", SAME, "100.0%"),
    # digits 0: ROI and the like (the audit's cases: 100% printed as "1%", 0% as "%")
    (1, 0, "100%", NO, NO),
    (0.1, 0, "10%", NO, NO),
    (0.5, 0, "50%", NO, NO),
    (2.5, 0, "250%", NO, NO),
    (10, 0, "1,000%", NO, NO),
    (0, 0, "0%", NO, NO),
    (-1, 0, "-100%", NO, NO),
    (0.125, 0, "13%", NO, NO),
    (0.0044, 0, "0.44%", NO, NO),
    # digits 2: input rates (a CTR)
    (0.0055, 2, "0.55%", NO, "0.55%"),
    (0.1, 2, "10%", NO, "10.00%"),
    (None, 1, "none", NO, NO),
    (NAN, 1, "n/a", NO, NO),
]

PROBABILITY = [
    (0, "0%"), (1, "100%"), (0.5, "50%"), (0.125, "13%"), (0.005, "1%"), (0.994, "99%"),
    (0.003, "<1%"), (0.00001, "<1%"), (0.995, ">99%"), (0.99999, ">99%"), (None, "none"), (NAN, "n/a"),
]


# Counts and percentages in a locale, typed by hand from CLDR's data (Babel's): de-DE groups with "." and
# writes "," for the decimal, a no-break space before "%"; fr-FR groups with a narrow no-break space, the same
# "," and " %"; en-IN groups lakhs (12,34,567) and writes "10%"; de-CH groups with "'" and keeps "10%".
# The minus stays "-" everywhere (as in money). (value, locale, count())
LOCALE_COUNT = [
    (2_000, "de-DE", "2.000"), (1_234_567, "de-DE", "1.234.567"), (23.45, "de-DE", "23,5"), (-1_500, "de-DE", "-1.500"),
    (999, "de-DE", "999"), (1e16, "de-DE", "1,0E+16"),
    (2_000, "fr-FR", f"2{NNB}000"), (1_234_567, "fr-FR", f"1{NNB}234{NNB}567"), (1.5, "fr-FR", "1,5"),
    (1_234_567, "en-IN", "12,34,567"), (100_000, "en-IN", "1,00,000"), (2_000, "en-IN", "2,000"),
    (1_234_567, "de-CH", "1'234'567"), (23.45, "de-CH", "23.5"),
    (1_234_567, "en-US", "1,234,567"), (2_000, "ja-JP", "2,000"),
]
# (value, locale, count_compact())
LOCALE_COUNT_COMPACT = [(31_500, "de-DE", "31,5K"), (1_234_567, "fr-FR", "1,2M"), (45.67, "de-DE", "45,7"),
                        (-1_500, "de-DE", "-1,5K"), (31_500, "en-IN", "31.5K"),
                        (318_000_000, "de-DE", "318M"), (120_000, "en-IN", "120K"), (999_000, "de-CH", "999K")]
# (rate, digits, locale, percent())
LOCALE_PERCENT = [
    (0.1, 1, "de-DE", f"10{NB}%"), (0.1234, 1, "de-DE", f"12,3{NB}%"), (10, 1, "de-DE", f"1.000{NB}%"),
    (-1, 1, "de-DE", f"-100{NB}%"), (0.0044, 1, "de-DE", f"0,44{NB}%"), (0.00001, 1, "de-DE", f"<0,01{NB}%"),
    (-0.00001, 1, "de-DE", f">-0,01{NB}%"), (None, 1, "de-DE", "none"),
    (0.1, 1, "fr-FR", f"10{NB}%"), (10, 0, "fr-FR", f"1{NNB}000{NB}%"), (0.125, 1, "fr-FR", f"12,5{NB}%"),
    (0.1, 1, "en-IN", "10%"), (1000, 0, "en-IN", "1,00,000%"), (0.1234, 1, "de-CH", "12.3%"),
    (0.1, 1, "nl-NL", "10%"), (0.125, 1, "nl-NL", "12,5%"), (0.1, 1, "en-US", "10%"),
]
# (p, locale, probability())
LOCALE_PROBABILITY = [(0.5, "de-DE", f"50{NB}%"), (0.003, "de-DE", f"<1{NB}%"), (0.995, "fr-FR", f">99{NB}%"),
                      (0.5, "en-IN", "50%")]


@pytest.mark.parametrize("value, locale, expected", LOCALE_COUNT)
def test_count_in_a_locale(value, locale, expected):
    assert count(value, locale) == expected
    assert count(value, CurrencyFormat("EUR", locale)) == expected  # a scenario's currency carries its locale


@pytest.mark.parametrize("value, locale, expected", LOCALE_COUNT_COMPACT)
def test_count_compact_in_a_locale(value, locale, expected):
    assert count_compact(value, locale) == expected


@pytest.mark.parametrize("rate, digits, locale, expected", LOCALE_PERCENT)
def test_percent_in_a_locale(rate, digits, locale, expected):
    assert percent(rate, digits, locale) == expected


@pytest.mark.parametrize("p, locale, expected", LOCALE_PROBABILITY)
def test_probability_in_a_locale(p, locale, expected):
    assert probability(p, locale) == expected


@pytest.mark.parametrize("value, currency, expected, _", MONEY)
def test_money(value, currency, expected, _):
    assert money(value, cur(currency)) == expected


@pytest.mark.parametrize("value, currency, expected, _", MONEY_COMPACT)
def test_money_compact(value, currency, expected, _):
    assert money_compact(value, cur(currency)) == expected


@pytest.mark.parametrize("value, expected, _", COUNT)
def test_count(value, expected, _):
    assert count(value) == expected


@pytest.mark.parametrize("value, expected, _", COUNT_COMPACT)
def test_count_compact(value, expected, _):
    assert count_compact(value) == expected


@pytest.mark.parametrize("rate, digits, expected, _v, _x", PERCENT)
def test_percent(rate, digits, expected, _v, _x):
    assert percent(rate, digits) == expected


@pytest.mark.parametrize("p, expected", PROBABILITY)
def test_probability(p, expected):
    assert probability(p) == expected


def _vega_labels(values: list[float], axis: dict) -> list[str]:
    """The tick labels Vega draws for exactly these values (vl-convert: the exports' own renderer)."""
    spec = {"data": {"values": [{"x": v} for v in values]}, "mark": "point",
            "encoding": {"x": {"field": "x", "type": "quantitative", "title": None,
                               "axis": {"values": values, "labelOverlap": False, **axis},
                               "scale": {"domain": [min(values), max(values)]}}}}
    svg = vl_convert.vegalite_to_svg(spec)
    texts = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return [t.replace("&amp;", "&") for t in texts]


@pytest.mark.parametrize("currency", ["USD", "EUR", "GBP", "EUR de-DE", "EUR fr-FR", "JPY ja-JP", "CHF de-CH",
                                      "INR en-IN"])
def test_vega_money_axis_prints_the_table(currency):
    rows = [(v, text) for v, c, text, vega in MONEY_COMPACT if vega is SAME and c == currency]
    if currency == "USD":
        rows += [(v, text) for v, c, text, vega in MONEY_COMPACT if vega is SAME and c in ("EUR", "GBP")]
        rows = [(v, text.replace("€", "$").replace("£", "$")) for v, text in rows]
    values = sorted({v for v, _ in rows})
    expected = [dict(rows)[v] for v in values]
    assert _vega_labels(values, vega_axis_format("money_compact", cur(currency))) == expected


def test_vega_count_and_percent_axes_print_the_table():
    rows = sorted((v, text) for v, text, vega in COUNT_COMPACT if vega is SAME)
    assert _vega_labels([v for v, _ in rows], vega_axis_format("count_compact")) == [t for _, t in rows]
    rows = sorted({(r, text) for r, d, text, vega, _ in PERCENT if vega is SAME and d == 1})
    assert _vega_labels([v for v, _ in rows], vega_axis_format("percent")) == [t for _, t in rows]


# Chart axes and tooltips in a locale, by hand: (kind, locale, [(tick value, label)]). The same table is
# evaluated by vl-convert's Vega here (the exports' engine) and by Chromium's in test_locale_charts_browser.py.
TICKS = [0, 0.5, 12.5, 999, 1500, 2_000_000]
RATES = [0.004, 0.125, 1]
LOCALE_AXES = [
    ("count_compact", "en-US", list(zip(TICKS, ["0", "0.5", "12.5", "999", "1.5K", "2M"]))),
    ("count_compact", "de-DE", list(zip(TICKS, ["0", "0,5", "12,5", "999", "1,5K", "2M"]))),
    ("count_compact", "fr-FR", list(zip(TICKS, ["0", "0,5", "12,5", "999", "1,5K", "2M"]))),
    ("count_compact", "en-IN", list(zip(TICKS, ["0", "0.5", "12.5", "999", "1.5K", "2M"]))),
    ("percent", "en-US", list(zip(RATES, ["0.4%", "12.5%", "100%"]))),
    ("percent", "de-DE", list(zip(RATES, [f"0,4{NB}%", f"12,5{NB}%", f"100{NB}%"]))),
    ("percent", "fr-FR", list(zip(RATES, [f"0,4{NB}%", f"12,5{NB}%", f"100{NB}%"]))),
    ("percent", "en-IN", list(zip(RATES, ["0.4%", "12.5%", "100%"]))),
    ("percent", "tr-TR", list(zip(RATES, ["%0,4", "%12,5", "%100"]))),  # the sign leads in Turkish
    # the share-rate axes: d3's "~%" keeps the decimals a tick needs (0.25% apart)
    ("percent_ticks", "en-US", [(0, "0%"), (0.0525, "5.25%"), (0.125, "12.5%"), (1, "100%")]),
    ("percent_ticks", "de-DE", [(0, f"0{NB}%"), (0.0525, f"5,25{NB}%"), (0.125, f"12,5{NB}%"), (1, f"100{NB}%")]),
    ("percent_ticks", "fr-FR", [(0, f"0{NB}%"), (0.0525, f"5,25{NB}%"), (0.125, f"12,5{NB}%"), (1, f"100{NB}%")]),
    ("percent_ticks", "en-IN", [(0, "0%"), (0.0525, "5.25%"), (0.125, "12.5%"), (1, "100%")]),
    # a count in full (tooltips, tables): grouped by the locale's rule
    ("count", "en-US", [(0.5, "0.5"), (999, "999"), (1500, "1,500"), (1_234_567, "1,234,567"),
                        (2_000_000, "2,000,000")]),
    ("count", "de-DE", [(0.5, "0,5"), (999, "999"), (1500, "1.500"), (1_234_567, "1.234.567"),
                        (2_000_000, "2.000.000")]),
    ("count", "fr-FR", [(0.5, "0,5"), (999, "999"), (1500, f"1{NNB}500"), (1_234_567, f"1{NNB}234{NNB}567"),
                        (2_000_000, f"2{NNB}000{NNB}000")]),
    ("count", "en-IN", [(0.5, "0.5"), (999, "999"), (1500, "1,500"), (1_234_567, "12,34,567"),
                        (2_000_000, "20,00,000")]),
    ("count", "de-CH", [(1_234_567, "1'234'567")]),  # a quote in the expression's string literal
]
# Tooltips keep their own d3 format, in the locale: (format, locale, [(value, text)])
LOCALE_TOOLTIPS = [
    (",.0f", "de-DE", [(-2500, "-2.500"), (999.5, "1.000"), (31500, "31.500")]),
    (",.2f", "fr-FR", [(0.5, "0,50"), (1234.567, f"1{NNB}234,57")]),
    (".1%", "de-DE", [(0.004, f"0,4{NB}%"), (0.125, f"12,5{NB}%"), (12.5, f"1250,0{NB}%")]),
    (",.0f", "en-IN", [(1_234_567.4, "12,34,567"), (20_000_000, "2,00,00,000")]),
    (",.4~g", "de-DE", [(0.5, "0,5"), (12.5, "12,5"), (1500, "1.500")]),
    (",.0f", "en-US", [(-2500, "−2,500"), (31500, "31,500")]),  # d3's own, as before (its minus U+2212)
]


@pytest.mark.parametrize("kind, locale, rows", LOCALE_AXES, ids=[f"{k}-{loc}" for k, loc, _ in LOCALE_AXES])
def test_vega_axes_print_counts_and_percentages_in_the_locale(kind, locale, rows):
    values = [v for v, _ in rows]
    assert _vega_labels(values, vega_axis_format(kind, locale=locale)) == [t for _, t in rows]
    # the scenario's currency carries its locale: the same labels from it
    assert _vega_labels(values, vega_axis_format(kind, CurrencyFormat("EUR", locale))) == [t for _, t in rows]


@pytest.mark.parametrize("fmt, locale, rows", LOCALE_TOOLTIPS, ids=[f"{f}-{loc}" for f, loc, _ in LOCALE_TOOLTIPS])
def test_vega_d3_formats_print_in_the_locale(fmt, locale, rows):
    labels = _vega_labels([v for v, _ in rows], {"labelExpr": vega_d3_expr(fmt, "datum.value", locale)})
    assert labels == [t for _, t in rows]


def test_a_plain_currency_code_prints_counts_en_us():
    # a plain code is printed for en-US (CurrencyFormat's rule); Babel reads "RON" and "CAD" as languages
    assert [count(1234.5, "RON"), percent(0.125, locale="RON"), count(1234.5, "CAD"), count(1234.5, "EUR")] == [
        "1,235", "12.5%", "1,235", "1,235"]
    assert count(1234.5, CurrencyFormat("RON", "ro-RO")) == "1.235"
    assert vega_axis_format("count", "RON") == vega_axis_format("count")


@pytest.mark.parametrize("locale", ["en-US", "de-DE", "fr-FR", "en-IN", "de-CH", "tr-TR", "ar-EG", "hi-IN", "es-ES",
                                    "sv-SE", "pl-PL", "ja-JP", "he-IL", "pt-BR", "nl-NL"])
def test_an_axis_prints_what_the_text_beside_it_prints(locale):
    """A property, not a table: in every locale an axis label (Vega) equals the page's figure (Python) for
    ticks from 0 to 2.5 trillion and rates from 0.1% to 1,250%."""
    values = [0, 0.5, 12.5, 99.4, 100, 999, 1000, 1500, 12345, 99949, 999_949, 1_250_000, 1.5e9, 2.5e12]
    rates = [0, 0.001, 0.004, 0.0094, 0.0099, 0.05, 0.125, 0.333, 1, 12.5]
    assert _vega_labels(values, vega_axis_format("count_compact", locale=locale)) == [
        count_compact(v, locale) for v in values]
    assert _vega_labels(values, vega_axis_format("count", locale=locale)) == [count(v, locale) for v in values]
    assert _vega_labels(rates, vega_axis_format("percent", locale=locale)) == [
        percent(r, locale=locale) for r in rates]


def test_en_us_axes_keep_their_expressions():
    # en-US labels as before this change, byte for byte: the same expressions (the percent threshold aside:
    # 0.99% printed 0.99% on an axis and 1% in Python)
    assert vega_axis_format("percent") == vega_axis_format("percent", locale="en-US") == {
        "labelExpr": "(datum.value < 0 ? '-' : '') + format(abs(datum.value), abs(datum.value) < 0.0095 ? "
                     "',.2~%' : ',.1~%')"}
    assert vega_axis_format("percent_ticks") == {"labelExpr": "format(datum.value, '~%')"}
    assert vega_d3_expr(",.0f", "datum.x") == "format(datum.x, ',.0f')"


def test_numbers_python_spelt_read_in_the_locale():
    rows = [("1,234.5", "de-DE", "1.234,5"), ("-0.55", "de-DE", "-0,55"), ("1,234,567", "en-IN", "12,34,567"),
            ("1,234,567.25", "fr-FR", f"1{NNB}234{NNB}567,25"), ("1,234.5", "en-US", "1,234.5"),
            ("1e+06", "de-DE", "1e+06"), ("inf", "de-DE", "inf"), ("12", "de-DE", "12")]
    assert [in_locale(text, locale) for text, locale, _ in rows] == [expected for *_, expected in rows]


def test_streamlit_column_formats():
    # printf strings for NumberColumn (sprintf-js with Streamlit's "," for thousands), by hand
    assert streamlit_number_format("money", "EUR") == "€%,.0f"
    assert streamlit_number_format("money", CurrencyFormat("EUR", "de-DE")) == f"%,.0f{NB}€"
    assert streamlit_number_format("money_cents", CurrencyFormat("JPY", "ja-JP")) == "￥%,.0f"
    assert streamlit_number_format("money_cents") == "$%,.2f"
    assert streamlit_number_format("count") == "%,.0f"
    assert streamlit_number_format("percent") == "percent"
    with pytest.raises(ValueError, match="unknown column kind 'cash'"):
        streamlit_number_format("cash")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_excel_formats_print_the_table(tmp_path):
    """Write each number with its format, let LibreOffice print the cells as shown, compare with the table."""
    cells: list[tuple[float, str, str, str]] = []  # value, kind, currency, expected
    cells += [(v, "money", cur(c), py if xl is SAME else xl) for v, c, py, xl in MONEY if xl is not NO]
    cells += [(v, "count", "USD", py if xl is SAME else xl) for v, py, xl in COUNT if xl is not NO]
    cells += [(r, "percent" if d == 1 else "rate", "USD", xl) for r, d, _, _v, xl in PERCENT if xl is not NO]
    book = xlsxwriter.Workbook(tmp_path / "formats.xlsx")
    sheet = book.add_worksheet()
    for row, (value, kind, currency, _) in enumerate(cells):
        sheet.write_number(row, 0, value, book.add_format({"num_format": excel_number_format(kind, currency)}))
    book.close()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true',
                    "--outdir", str(tmp_path), str(tmp_path / "formats.xlsx")],
                   check=True, capture_output=True, timeout=120)
    with open(tmp_path / "formats.csv", encoding="utf-8") as f:
        shown = [row[0] for row in csv.reader(f)]
    assert shown == [expected for *_, expected in cells]


def test_the_browsers_spec_says_how_each_currency_prints():
    """format_spec's money style, by hand from CLDR (the browser follows it, tests/test_live_format_browser.py);
    its older keys stay for counts and percentages."""
    assert format_spec(CurrencyFormat("EUR", "de-DE"))["money"] == {
        "prefix": "", "suffix": f"{NB}€", "negative_prefix": "-", "negative_suffix": f"{NB}€", "group": ".",
        "decimal": ",", "grouping": [3, 3], "digits": 2}
    assert format_spec(CurrencyFormat("INR", "en-IN"))["money"]["grouping"] == [3, 2]
    assert format_spec(CurrencyFormat("JPY", "ja-JP"))["money"]["digits"] == 0
    assert format_spec(CurrencyFormat("CHF", "de-CH"))["money"]["negative_prefix"] == "CHF-"
    spec = format_spec("USD")
    assert (spec["symbol"], spec["thousands"], spec["decimal"], spec["minus"]) == ("$", ",", ".", "-")
    assert spec["number"] == {"group": ",", "decimal": ".", "grouping": [3, 3], "percent_prefix": "",
                              "percent_suffix": "%"}
    assert format_spec(CurrencyFormat("EUR", "de-DE"))["number"] == {
        "group": ".", "decimal": ",", "grouping": [3, 3], "percent_prefix": "", "percent_suffix": f"{NB}%"}
    assert format_spec(CurrencyFormat("EUR", "fr-FR"))["number"]["group"] == NNB
    assert format_spec(CurrencyFormat("INR", "en-IN"))["number"]["grouping"] == [3, 2]
    assert spec["money"]["prefix"] == "$" and spec["money"]["negative_prefix"] == "-$"


def test_unknown_kinds_are_named():
    with pytest.raises(ValueError, match="unknown number kind 'cash'"):
        excel_number_format("cash")
    with pytest.raises(ValueError, match="unknown axis kind 'cash'"):
        vega_axis_format("cash")


def test_the_model_document_states_this_rule():
    """docs/model.md §11 is the Methodology page's text: its copy of the rule is this module's (regenerate it
    with advocacy_ui.docs_view.number_rule_markdown() when the rule changes)."""
    from advocacy_ui import docs_view

    doc = docs_view.DOC.read_text(encoding="utf-8")
    assert docs_view.slot_text(doc, "number-rule") == docs_view.number_rule_markdown()
    assert "Money rounds half up (0.125 → 0.13)" in docs_view.number_rule_markdown()


def test_any_finite_float_rounds_without_error():
    # Found by the export property test: a ROI of 8e281 (a cost of 2e-282 per seat) raised in Decimal's
    # default 28-digit context when the CSV rounded it to 6 decimals.
    from advocacy_calc.formatting import round_half_up

    assert float(round_half_up(8.157311957768086e281, 6)) == 8.157311957768086e281
    assert float(round_half_up(-1.7976931348623157e308, 2)) == -1.7976931348623157e308
    assert percent(8.157311957768086e281) == "8.2E+283%"


def test_amounts_with_the_iso_code_where_a_file_cannot_draw_the_symbol():
    """The same numbers, the code in the symbol's place, spaced from the digits as CLDR spaces letters."""
    from advocacy_calc import PRESETS
    from advocacy_calc.formatting import amounts_with_iso_code, currency_of

    jpy = CurrencyFormat("JPY", "ja-JP", iso_code=True)
    assert money(31500, jpy) == f"JPY{NB}31,500"
    assert money(998.4, jpy) == f"JPY{NB}998"
    assert money(-2500, jpy) == f"-JPY{NB}2,500"
    assert money_compact(31500, jpy) == f"JPY{NB}31.5K"
    assert money(31500, CurrencyFormat("EUR", "de-DE", iso_code=True)) == f"31.500{NB}EUR"
    assert money(998.75, CurrencyFormat("USD", iso_code=True)) == f"USD{NB}998.75"
    # a different format from the symbol's: never equal, so no cache hands one the other's template
    assert CurrencyFormat("USD", iso_code=True) != "USD" and CurrencyFormat("USD") == "USD"
    assert hash(CurrencyFormat("JPY", "ja-JP", iso_code=True)) != hash(CurrencyFormat("JPY", "ja-JP"))
    case = PRESETS["Worked example"].model_copy(update={"currency": "JPY", "locale": "ja-JP"})
    with amounts_with_iso_code():
        assert money(31500, currency_of(case)) == f"JPY{NB}31,500"
    assert money(31500, currency_of(case)) == "￥31,500"


@pytest.mark.parametrize("code, locale, shown, coded", [
    ("JPY", "ja-JP", "￥31,500", f"JPY{NB}31,500"),
    ("JPY", "ja-JP", "-￥2,500 a month", f"-JPY{NB}2,500 a month"),
    ("JPY", "ja-JP", "Now (10%): media ￥31.5K", f"Now (10%): media JPY{NB}31.5K"),
    ("JPY", "ja-JP", "Value per month (￥)", "Value per month (JPY)"),
    ("EUR", "de-DE", f"31.500{NB}€ und -2.500{NB}€", f"31.500{NB}EUR und -2.500{NB}EUR"),
    ("EUR", "de-DE", "Value per month (€)", "Value per month (EUR)"),
    ("GEL", "ka-GE", f"31{NB}500{NB}₾", f"31{NB}500{NB}GEL"),
    ("USD", "en-US", "$998.75 or $31.5K ($)", f"USD{NB}998.75 or USD{NB}31.5K (USD)"),
    ("CHF", "de-CH", "CHF 1'234'568", "CHF 1'234'568"),  # the symbol is the code: nothing to change
    ("JPY", "ja-JP", "営業 31,500", "営業 31,500"),  # no symbol
])
def test_text_printed_with_the_symbol_takes_the_iso_code(code, locale, shown, coded):
    """A chart drawn for the screen, printed where the symbol cannot be drawn: amounts_with_iso_code's forms."""
    from advocacy_calc.formatting import with_iso_code

    assert with_iso_code(shown, CurrencyFormat(code, locale)) == coded


def test_a_money_axis_expression_takes_the_iso_codes_expression():
    """The axis labels' Vega expression becomes the one the code's format gives (its literals by hand)."""
    from advocacy_calc.formatting import with_iso_code

    jpy = CurrencyFormat("JPY", "ja-JP")
    expression = vega_axis_format("money_compact", jpy)["labelExpr"]
    assert expression.startswith("(datum.value < 0 ? '-￥' : '￥') + ")
    coded = with_iso_code(expression, jpy)
    assert coded == vega_axis_format("money_compact", CurrencyFormat("JPY", "ja-JP", iso_code=True))["labelExpr"]
    assert coded.startswith(f"(datum.value < 0 ? '-JPY{NB}' : 'JPY{NB}') + ") and "￥" not in coded


def test_the_story_and_the_files_print_counts_and_percentages_in_the_scenarios_locale():
    """By hand: 2,000 × 12.5% = 250 sharers × 1,000 = 250,000 connections, 10% seen = 25,000; ÷ 1,000 × €35 = €875
    a story; × 1.5 × 21 = €27,562.50 a month. In de-DE every figure takes CLDR's German form."""
    from advocacy_calc import Scenario, compute
    from advocacy_calc.exports.text import bottom_line, headline
    from advocacy_calc.narrative import story

    case = {"participants": 2000, "share_rate": 0.125, "stories_per_day": 1.5, "currency": "EUR",
            "networks": [{"name": "LinkedIn", "connections": 1000, "cpm": 35, "presence": 1, "visibility": 0.1}],
            "cost": {"fixed_cost_per_month": 10_000}}
    german = Scenario.model_validate({**case, "locale": "de-DE"})
    r = compute(german)
    assert story(german, r) == (
        f"If 12,5{NB}% of your 2.000 advocates share a story, 250 people reach 250.000 connections, of whom about "
        f"25.000 see it: worth 875,00{NB}€ of paid social. At 1,5 stories a day over 21 working days, that is "
        f"27.563{NB}€ a month.")
    assert headline(german, r)[0] == ("Impressions per story", "25.000")
    # total 27,562.50 + the default 50 leads × $20 = 28,562.50; net 18,562.50 on 10,000: ROI 185.6% -> 186 %;
    # break-even: media 27,562.50 × s / 12.5% + 1,000 = 10,000 at s = 4.08% -> 4,1 %
    assert dict(bottom_line(german, r))["ROI"] == f"186{NB}%"
    assert dict(bottom_line(german, r))["Break-even share rate"] == f"4,1{NB}%"
    english = Scenario.model_validate(case)  # en-US as it always printed
    assert story(english, compute(english)).startswith("If 12.5% of your 2,000 advocates share a story, 250 people "
                                                       "reach 250,000 connections, of whom about 25,000 see it")


@settings(max_examples=300, deadline=None)
@given(amount=st.floats(min_value=-1e13, max_value=1e13, allow_nan=False),
       case=st.sampled_from([("JPY", "ja-JP"), ("EUR", "de-DE"), ("EUR", "fr-FR"), ("INR", "en-IN"), ("GEL", "ka-GE"),
                             ("ZAR", "en-ZA"), ("SEK", "sv-SE"), ("USD", "en-US"), ("BDT", "bn-BD"), ("KHR", "km-KH"),
                             ("CHF", "de-CH"), ("AMD", "hy-AM")]))
def test_text_with_the_iso_code_is_what_the_iso_code_format_prints(amount, case):
    """Whatever the amount and locale, an amount printed with the symbol and then given the code reads as the
    amount printed with the code from the start (money and money_compact), inside a sentence too."""
    from advocacy_calc.formatting import with_iso_code

    shown, coded = CurrencyFormat(*case), CurrencyFormat(*case, iso_code=True)
    for fmt in (money, money_compact):
        sentence = f"Reach and ROI: {fmt(amount, shown)} a month ({symbol(shown)})"
        assert with_iso_code(sentence, shown) == f"Reach and ROI: {fmt(amount, coded)} a month ({str(coded)})"
