"""Numbers for humans: the ONE formatting module, the same on every page, in the CLI and in every export.

The rule for numbers (written out for users on the methodology page, see ``NUMBER_RULE``):

- Rounding is half up (away from zero on a tie) on the number as written in decimal: 0.125 -> 0.13,
  2.5 -> 3. Python's ``round`` and ``format`` round half to even on the binary value; finance does not.
- Money: cents from 0 up to 1,000 (``$998.75``, ``$20.00``), whole units from 1,000 (``$31,500``) and for
  a negative amount (a loss: ``-£2,500``, ``-$6``), the minus before the symbol. (A workbook number format
  can hold only two conditions; this rule is one a cell format can follow exactly.) A figure that rounds
  to zero prints as zero, never ``-$0.00``.
- Compact (headlines, chart axes, never tables or exports' figures): K, M, B, T with at most one
  decimal (``$31.5K``, ``1.2M``); below 1,000 the full form.
- Percent: at most ``digits`` decimals (trailing zeros dropped), two below 1% (``0.44%``); a rate that
  is not zero but would print as zero prints ``<0.01%``.
- Probability: whole percent; near 0 or 1 it prints ``<1%`` / ``>99%``, never a rounded 0% or 100%.
- Absurd magnitudes (1e15 and above) print in scientific form, ``$1.2E+15``, instead of 20 digits.
- Currency only relabels figures (docs/model.md): no conversion is ever applied. Any ISO 4217 code is
  printed for a locale (default en-US) from CLDR's data through Babel: its symbol and where it goes, the
  separators, the grouping (12,34,567 in en-IN) and the currency's digits (JPY has none, so never cents).
  A ``CurrencyFormat`` is the code carrying its locale; a plain code is printed for en-US. Counts and
  percentages follow the locale too (``locale=``, a tag or a ``CurrencyFormat``): its separators and grouping
  (2.000 in de-DE, 2\u202f000 in fr-FR, 12,34,567 in en-IN) and where its percent sign goes (10 % in
  de-DE and fr-FR, 10% in en-US); the minus stays "-" as in money.

The same rule for places that cannot call Python: ``excel_number_format`` (workbook cells),
``vega_axis_format`` (chart axes and legends, Vega expressions over d3-format, in the scenario's locale; the
tooltips' d3 formats through ``vega_d3_expr``) and ``streamlit_number_format``
(``st.column_config.NumberColumn``). All are tested against one hand-written table in
tests/test_formatting.py.
"""

import math
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from babel.numbers import get_currency_precision, get_currency_symbol

from .scenario import CURRENCIES  # what a scenario accepts

DEFAULT_LOCALE = "en-US"
NBSP = "\u00a0"
_SUFFIXES = ((12, "T"), (9, "B"), (6, "M"), (3, "K"))
HUGE = 1e15  # from here on figures print in scientific form
CENTS_BELOW = 1000  # money under this shows cents
_EXACT = Context(prec=400)

NUMBER_RULE = (
    "Money rounds half up (0.125 → 0.13) and shows cents below 1,000 ($998.75, $20.00), whole units from "
    "1,000 ($31,500) and for losses (−$2,500). Headlines and chart axes may shorten to K (thousand), M (million), B (billion) and "
    "T (trillion) with one decimal ($31.5K); tables and files always print the full figure. Percentages keep "
    "one decimal (two below 1%); probabilities print in whole percent, and as <1% or >99% when they are not "
    "exactly 0 or 1. A figure that rounds to zero prints as zero, never −0. Totals are computed from the "
    "unrounded parts, so rounded parts may differ from the rounded total by a unit."
)


class CurrencyFormat(str):
    """An ISO 4217 code that knows the locale its amounts are printed for: ``CurrencyFormat("EUR", "de-DE")``.

    It is the code everywhere a string is (compared, hashed, printed, written to JSON: "EUR"), so every
    caller that passes a scenario's currency passes its locale with it (``currency_of(scenario)``).
    ``iso_code``: amounts print with the code in place of the symbol ("JPY 31,500", the same number), for a
    file whose fonts cannot draw the symbol (see ``amounts_with_iso_code``).
    """

    locale: str
    iso_code: bool

    def __new__(cls, code: str, locale: str = DEFAULT_LOCALE, iso_code: bool = False) -> "CurrencyFormat":
        made = super().__new__(cls, code)
        made.locale = locale
        made.iso_code = iso_code
        return made

    def __reduce__(self):
        return CurrencyFormat, (str(self), self.locale, self.iso_code)

    # Equal to the plain code only in the default locale with its symbol: a cache keyed by currency (chart
    # templates) must not hand the en-US template to de-DE, nor the symbol's to the code's.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return (str.__eq__(self, other) and self.locale == getattr(other, "locale", DEFAULT_LOCALE)
                and self.iso_code == getattr(other, "iso_code", False))

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        if self.locale == DEFAULT_LOCALE and not self.iso_code:
            return str.__hash__(self)
        return hash((str(self), self.locale, self.iso_code))


def _currency_codes() -> tuple[str, ...]:
    common = ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "INR", "CNY", "SEK", "NOK", "DKK", "PLN", "BRL")
    return common + tuple(sorted(CURRENCIES - set(common)))


def _locale_tags() -> tuple[str, ...]:
    tags = {i.replace("_", "-") for i in locale_identifiers() if i.count("_") == 1 and i.split("_")[1].isupper()}
    common = ("en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "de-CH", "fr-CH", "ja-JP", "en-IN",
              "en-CA", "en-AU", "sv-SE", "pt-BR")
    return common + tuple(sorted(tags - set(common)))


CURRENCY_CODES = _currency_codes()  # every ISO 4217 code CLDR knows, the usual ones first
LOCALE_TAGS = _locale_tags()  # language-region tags (de-DE), the usual ones first
# Every tag a scenario may carry (Scenario.locale accepts any CLDR locale: es-419, zh-Hant-TW, en), so a
# file or link the model takes is never refused by the app's list; the language-region tags come first.
ALL_LOCALE_TAGS = LOCALE_TAGS + tuple(sorted(
    {i.replace("_", "-") for i in locale_identifiers()} - set(LOCALE_TAGS)))


def currency_note(currency: str) -> str:
    """What a reader must know when amounts are not in US dollars; "" in USD."""
    if currency == "USD":
        return ""
    return f"Amounts in {currency}, not converted: the benchmark defaults are US dollars."


_ISO_CODE: ContextVar[bool] = ContextVar("iso_code", default=False)


@contextmanager
def amounts_with_iso_code(on: bool = True):
    """Within it, ``currency_of`` prints amounts with the ISO code in place of the symbol ("JPY 31,500"):
    for a PDF whose fonts cannot draw the symbol (￥ without a CJK font), every figure, table and chart
    axis of it at once, without threading a flag through each text function."""
    token = _ISO_CODE.set(on)
    try:
        yield
    finally:
        _ISO_CODE.reset(token)


def with_iso_code(text: str, currency: str) -> str:
    """``text`` printed with the currency's symbol (a chart drawn for the screen: its titles, amounts and
    the axis labels' expression) as ``amounts_with_iso_code`` prints it: "￥31,500" -> "JPY 31,500",
    "(￥)" -> "(JPY)". For a chart image whose fonts cannot draw the symbol, without rebuilding the chart."""
    locale = getattr(currency, "locale", DEFAULT_LOCALE)
    plain, coded = CurrencyFormat(str(currency), locale), CurrencyFormat(str(currency), locale, True)
    s, i = _style(plain), _style(coded)
    if s.symbol == i.symbol or s.symbol not in text:
        return text
    axis = vega_axis_format("money_compact", plain)["labelExpr"]
    text = text.replace(axis, vega_axis_format("money_compact", coded)["labelExpr"])
    # In one pass (a replacement is never read again: "-R 1" -> "-ZAR 1", not "-ZAZAR 1"): an amount's forms
    # beside its digits (after a compact K/M/B/T too: 1K৳) take the code's, with CLDR's spacing; then the bare
    # symbol (titles: "Value per month (JPY)"), one of letters (R, kr) only as a word of its own.
    def word(form: str) -> str:
        return (r"(?<!\w)" if form[:1].isalnum() else "") + re.escape(form)

    forms = [(word(a) + r"(?=\d)", b) for a, b in ((s.negative_prefix, i.negative_prefix), (s.prefix, i.prefix))
             if s.symbol in a]
    forms += [(r"(?<=[\dKMBT])" + re.escape(a), b) for a, b in ((s.negative_suffix, i.negative_suffix),
                                                              (s.suffix, i.suffix)) if s.symbol in a]
    forms.append((word(s.symbol) + (r"(?!\w)" if s.symbol[-1:].isalnum() else ""), i.symbol))
    pattern = re.compile("|".join(f"({p})" for p, _ in forms))
    return pattern.sub(lambda m: forms[m.lastindex - 1][1], text)


def currency_of(scenario) -> CurrencyFormat:
    """A scenario's currency with the locale it prints in: what every formatter is given."""
    return CurrencyFormat(scenario.currency, getattr(scenario, "locale", DEFAULT_LOCALE), _ISO_CODE.get())


@dataclass(frozen=True)
class MoneyStyle:
    """How one currency prints in one locale, from CLDR: what the browser's formatter also follows."""

    symbol: str
    prefix: str           # before the digits of an amount >= 0 ('$', 'CHF\u00a0', '')
    suffix: str           # after them ('', '\u00a0€')
    negative_prefix: str  # '-$', '-', 'CHF-'
    negative_suffix: str
    group: str            # ',', '.', "'", '\u202f'
    decimal: str
    grouping: tuple[int, int]  # (3, 3); en-IN (3, 2): 12,34,567
    digits: int           # the currency's minor-unit digits: 2, JPY 0


@lru_cache(maxsize=512)
def money_style(currency: str, locale: str = DEFAULT_LOCALE, iso_code: bool = False) -> MoneyStyle:
    """The CLDR currency pattern of ``locale`` for ``currency`` (an unknown locale is printed as en-US);
    ``iso_code``: the code in the symbol's place (JPY 31,500)."""
    try:
        loc = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        loc = Locale.parse("en_US")
    pattern = loc.currency_formats["standard"]
    sym = currency if iso_code else get_currency_symbol(currency, loc)
    symbols = loc.number_symbols.get("latn", {})

    def place(text: str, before_digits: bool) -> str:
        # CLDR's currency spacing: a symbol that ends (or starts) in a letter is kept apart from the digits.
        if "¤" not in text:
            return text
        out = text.replace("¤", sym)
        if before_digits and out.endswith(sym) and sym[-1:].isalpha():
            out += NBSP
        if not before_digits and out.startswith(sym) and sym[:1].isalpha():
            out = NBSP + out
        return out  # the pattern's minus stays "-" in every locale (one rule for files and the CLI)

    grouping = tuple(pattern.grouping) if pattern.grouping[0] < 100 else (3, 3)
    return MoneyStyle(symbol=sym, prefix=place(pattern.prefix[0], True), suffix=place(pattern.suffix[0], False),
                      negative_prefix=place(pattern.prefix[1], True), negative_suffix=place(pattern.suffix[1], False),
                      group=symbols.get("group", ","), decimal=symbols.get("decimal", "."),
                      grouping=(int(grouping[0]), int(grouping[1])), digits=get_currency_precision(currency))


@dataclass(frozen=True)
class NumberStyle:
    """How counts and percentages print in one locale, from CLDR: its decimal and percent patterns."""

    group: str
    decimal: str
    grouping: tuple[int, int]
    percent_prefix: str  # '' (or '%' where the sign leads: tr-TR)
    percent_suffix: str  # '%' (en-US), '\u00a0%' (de-DE, fr-FR)


@lru_cache(maxsize=512)
def number_style(locale: str = DEFAULT_LOCALE) -> NumberStyle:
    """CLDR's number symbols and percent pattern of ``locale`` (an unknown locale is printed as en-US)."""
    try:
        loc = Locale.parse(str(locale).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        loc = Locale.parse("en_US")
    symbols = loc.number_symbols.get("latn", {})
    pattern = loc.percent_formats[None]
    grouping = tuple(loc.decimal_formats[None].grouping)
    grouping = grouping if grouping[0] < 100 else (3, 3)
    sign = symbols.get("percentSign", "%")
    return NumberStyle(group=symbols.get("group", ","), decimal=symbols.get("decimal", "."),
                       grouping=(int(grouping[0]), int(grouping[1])),
                       percent_prefix=pattern.prefix[0].replace("%", sign), percent_suffix=pattern.suffix[0].replace("%", sign))


def _numbers(locale) -> NumberStyle:
    """A tag ('de-DE') or anything carrying one (a CurrencyFormat). A plain currency code ('RON', 'CAD', as
    callers pass a scenario's currency) prints en-US as its amounts do: Babel would read it as a language
    ("ron" is Romanian, "cad" Caddo) and print 1.235."""
    tag = str(getattr(locale, "locale", locale) or DEFAULT_LOCALE)
    if len(tag) == 3 and tag.isalpha() and tag.isupper() and not hasattr(locale, "locale"):
        tag = DEFAULT_LOCALE
    return number_style(tag)


def _style(currency: str) -> MoneyStyle:
    return money_style(str(currency), getattr(currency, "locale", DEFAULT_LOCALE), getattr(currency, "iso_code", False))


def symbol(currency: str) -> str:
    """'$' for USD, '€' for EUR, 'CHF' for CHF: the locale's symbol (chart axis titles, column headers)."""
    return _style(currency).symbol


def _grouped(whole: str, style: MoneyStyle | NumberStyle) -> str:
    primary, secondary = style.grouping
    if len(whole) <= primary:
        return whole
    head, tail = whole[:-primary], whole[-primary:]
    parts = []
    while len(head) > secondary:
        parts.insert(0, head[-secondary:])
        head = head[:-secondary]
    return style.group.join([head, *parts, tail])


def _local(text: str, style: MoneyStyle | NumberStyle) -> str:
    """'1,234,567.5' (en-US digits) in the style's separators and grouping; a compact suffix after whole
    digits ('169M') is not a digit to group ('1,69M' printed $169M as a hundredth of it)."""
    whole, _, frac = text.partition(".")
    digits = whole.rstrip("KMBT")
    if digits[:1].isdigit():
        whole = _grouped(digits.replace(",", ""), style) + whole[len(digits):]
    return whole + (style.decimal + frac if frac else "")


def in_locale(text: str, locale=DEFAULT_LOCALE) -> str:
    """A number Python spelt en-US ('1,234.5', '-0.55', from f"{x:,.4g}") in the locale's separators and
    grouping: 1.234,5 (de-DE), 12,34,567 (en-IN). Anything after the digits (1e+06) is kept as it is."""
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    if body.strip("0123456789.,") or not body[:1].isdigit():
        return text  # not a plain number (scientific, 'inf'): as Python spelt it
    return sign + _local(body, _numbers(locale))


def _wrap(sign: str, text: str, style: MoneyStyle) -> str:
    return (style.negative_prefix + text + style.negative_suffix) if sign else (style.prefix + text + style.suffix)


def round_half_up(value: float, places: int = 0) -> Decimal:
    """``value`` rounded half up at ``places`` decimals, from its shortest decimal spelling (repr): for
    numbers written to files as data (CSV cells), every digit the float has."""
    # Precision for any float: 1e308 to the last decimal asked for (the default 28 digits raise beyond 1e22).
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP,
                                                context=_EXACT)


# A printed figure drops float noise before it is rounded: at most 15 significant digits and 8
# decimals. A tie in real arithmetic (50 x 57% x ... = $56,857.50) comes out of two correct
# computations as 56857.50000000001 or 56857.49999999999; both print $56,858. (The live levers
# evaluate the figures another way and must print what the server prints: advocacy_ui/assets/.)
SIGNIFICANT, DECIMALS = 15, 8


def as_written(value: float) -> Decimal:
    """The number as a printed figure reads it: its shortest spelling (repr), float noise dropped."""
    spelled = Decimal(repr(float(value)))
    if not spelled:
        return spelled
    keep = min(DECIMALS, SIGNIFICANT - 1 - spelled.adjusted())
    return spelled.quantize(Decimal(1).scaleb(-keep), rounding=ROUND_HALF_EVEN, context=_EXACT)


def round_printed(value: float, places: int = 0) -> Decimal:
    """``value`` rounded half up at ``places`` decimals as every printed figure is (``as_written`` first)."""
    return as_written(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_EXACT)


def _fixed(value: float, places: int, trim: bool = False) -> tuple[str, str]:
    """(sign, digits with thousands separators) of |value| rounded half up; the sign is '' for zero."""
    q = round_printed(value, places)
    sign = "-" if q < 0 else ""  # a value that rounds to zero has no sign
    text = f"{abs(q):,.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return sign, text


def _scientific(value: float) -> tuple[str, str]:
    sign = "-" if value < 0 else ""
    return sign, f"{abs(value):.1E}"


def money(amount: float, currency: str = "USD") -> str:
    """$31,500 from 1,000; $998.75 and $20.00 below; a loss in whole units (-£2,500, -$6); n/a for NaN.
    In the currency's locale: 31.500 € (de-DE), ￥998 (ja-JP: no cents), ₹12,34,567 (en-IN)."""
    if not math.isfinite(amount):
        return "n/a"
    style = _style(currency)
    if abs(amount) >= HUGE:
        sign, text = _scientific(amount)
        return _wrap(sign, text.replace(".", style.decimal), style)
    cents = round_printed(amount, style.digits)
    places = style.digits if 0 <= cents < CENTS_BELOW else 0
    sign, text = _fixed(amount, places)
    return _wrap(sign, _local(text, style), style)


def money_shown(amount: float) -> Decimal:
    """The amount ``money`` prints, as a number (cents below 1,000, whole units otherwise): for checking
    whether rounded parts add up to a rounded total."""
    cents = round_printed(amount, 2)
    return cents if 0 <= cents < CENTS_BELOW else round_printed(amount, 0)


def money_compact(amount: float, currency: str = "USD") -> str:
    """$31.5K, $1.2M for headlines and chart axes; below 1,000 at most two decimals, zeros dropped ($2.5, $500)."""
    if not math.isfinite(amount):
        return "n/a"
    style = _style(currency)
    places = min(2, style.digits)
    if abs(round_printed(amount, places)) < 1000:
        sign, text = _fixed(amount, places, trim=True)
        return _wrap(sign, _local(text, style), style)
    sign = "-" if amount < 0 else ""
    return _wrap(sign, _local(_compact(abs(amount)), style), style)


def count(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """85,000; below 100 a fractional count keeps one decimal (1.5, 23.4), a whole one none. In the
    locale's separators: 85.000 and 23,4 (de-DE), 12,34,567 (en-IN)."""
    if not math.isfinite(value):
        return "n/a"
    style = _numbers(locale)
    if abs(value) >= HUGE:
        sign, text = _scientific(value)
        return sign + text.replace(".", style.decimal)
    if abs(round_printed(value, 1)) >= 100:
        sign, text = _fixed(value, 0)
    else:
        sign, text = _fixed(value, 1, trim=True)
    return sign + _local(text, style)


def count_compact(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """31.5K, 1.2M: for headlines and chart axes; below 1,000 as ``count``."""
    if not math.isfinite(value) or abs(round_printed(value, 0)) < 1000:
        return count(value, locale)
    return ("-" if value < 0 else "") + _local(_compact(abs(value)), _numbers(locale))


def _percent_sign(sign: str, text: str, style: NumberStyle) -> str:
    return f"{sign}{style.percent_prefix}{text}{style.percent_suffix}"


def percent(rate: float | None, digits: int = 1, locale: str = DEFAULT_LOCALE) -> str:
    """0.1 -> 10%; 1 -> 100%; 0.1234 -> 12.3%; 0.0044 -> 0.44%; None -> 'none'. In the locale: 12,3 % (de-DE)."""
    if rate is None:
        return "none"
    if not math.isfinite(rate):
        return "n/a"
    style = _numbers(locale)
    pct = rate * 100
    if abs(pct) >= HUGE:
        sign, text = _scientific(pct)
        return _percent_sign(sign, text.replace(".", style.decimal), style)
    places = digits if abs(round_printed(pct, digits)) >= 1 else max(digits, 2)
    sign, text = _fixed(pct, places, trim=True)
    if text == "0" and pct != 0:
        smallest = _percent_sign("", f"0{style.decimal}{'0' * (places - 1)}1", style)
        return f">-{smallest}" if pct < 0 else f"<{smallest}"
    return _percent_sign(sign, _local(text, style), style)


def break_even(rate: float | None, locale: str = DEFAULT_LOCALE) -> str:
    """The break-even share rate as every page, file and the CLI print it: 'not reached' when there is none."""
    return "not reached" if rate is None else percent(rate, locale=locale)


def fixed_percent(rate: float, places: int = 1, locale: str = DEFAULT_LOCALE) -> str:
    """Python's f"{rate:.1%}" (fixed decimals: 50.0%, 33.3%) in the locale (33,3 % de-DE), for notes and
    captions that have always printed that way; figures use ``percent``."""
    text = f"{rate:.{places}%}"[:-1]
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    return _percent_sign(sign, in_locale(body, locale), _numbers(locale))


def probability(p: float | None, locale: str = DEFAULT_LOCALE) -> str:
    """A chance in whole percent: 0.5 -> 50%; 0.003 -> <1%; 0.996 -> >99%; exactly 0 or 1 -> 0% / 100%."""
    if p is None:
        return "none"
    if not math.isfinite(p):
        return "n/a"
    style = _numbers(locale)
    if 0 < p < 1:
        whole = round_printed(p * 100, 0)
        if whole < 1:
            return "<" + _percent_sign("", "1", style)
        if whole > 99:
            return ">" + _percent_sign("", "99", style)
    return _percent_sign("", f"{round_printed(p * 100, 0):f}", style)


def _compact(value: float) -> str:
    """value >= 999.995 in K/M/B/T with one decimal at most; 999,950 is 1M, not 1,000K."""
    if value >= HUGE:
        return _scientific(value)[1]
    for exponent, suffix in _SUFFIXES[::-1]:
        scaled = round_printed(value / 10**exponent, 1)
        if scaled < 1000 or exponent == 12:
            return _fixed(float(scaled), 1, trim=True)[1] + suffix
    raise AssertionError("unreachable")


# --- Format strings for places that cannot call Python -------------------------------------------

def excel_number_format(kind: str, currency: str = "USD") -> str:
    """An Excel/LibreOffice number format for a workbook cell, by this module's rule where a format can say it.

    kind: ``money`` (cents from 0 to 1,000, whole units from 1,000 and for losses), ``count`` (whole from
    100, as typed below), ``percent`` (one decimal, results) or ``rate`` (two decimals, input rates such as
    a CTR of 0.55%). A format has only two conditions, so it cannot drop trailing zeros (10.0%, not 10%)
    nor show cents on a negative amount; the tests hold the exact strings each medium prints.
    """
    style = _style(currency)

    def quoted(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if text else ""

    pre, suf, npre, nsuf = (quoted(t) for t in (style.prefix, style.suffix, style.negative_prefix,
                                                 style.negative_suffix))
    # Separators in a format code are always "," and "."; Excel and Calc print the reader's own.
    whole, cents = f"{pre}#,##0{suf}", f"{pre}#,##0.{'0' * style.digits}{suf}" if style.digits else f"{pre}#,##0{suf}"
    # The thresholds are half a minor unit off 1,000 and 0 in the currency's own digits (BHD 3, CLF 4).
    half = 0.5 * 10.0 ** -style.digits
    formats = {"money": f"[>={1000 - half:.{style.digits + 1}f}]{whole};[>={-half:.{style.digits + 1}f}]{cents};"
                        f"{npre}#,##0{nsuf}",
               "count": "[>=99.95]#,##0;General", "percent": "0.0%", "rate": "0.00%"}
    if kind not in formats:
        raise ValueError(f"unknown number kind {kind!r} ({', '.join(formats)})")
    return formats[kind]


def _vega_literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _vega_local(body: str, group: str, decimal: str) -> str:
    """A Vega expression printing ``body`` (d3's en-US spelling) in other separators: "," goes through a
    placeholder so that "1,234.5" becomes "1.234,5" (de-DE), not "1.234.5"."""
    if (group, decimal) == (",", "."):
        return body
    return (f"replace(replace(replace({body}, regexp(',', 'g'), '\\u0001'), regexp('\\\\.', 'g'), "
            f"{_vega_literal(decimal)}), regexp('\\u0001', 'g'), {_vega_literal(group)})")


def vega_number_expr(kind: str, value: str, currency: str = "USD", locale: str | None = None) -> str:
    """A Vega expression printing the number ``value`` (an expression: ``datum.value`` on an axis,
    ``datum.x`` in a calculated tooltip field) by this module's rule, in the locale's separators.

    kind: ``money_compact`` ($31.5K, $1.2M, $500: the currency's own locale), ``count_compact`` (31.5K,
    1.2M, 500), ``count`` (2,000; 23.4 below 100), ``percent`` (10%, 12.5%, 0.44%: as ``percent`` prints
    with one digit) or ``percent_ticks`` (d3's "~%": as many decimals as a tick needs, so that ticks
    0.5% apart on a narrow axis never print alike). ``locale`` (a tag or a CurrencyFormat) is for counts
    and percentages; without it, the currency's. d3 spells numbers en-US, with a thousand "k", a billion
    "G" and the minus U+2212; ours are K/M/B/T and "-" everywhere, and the separators are swapped through
    a placeholder. d3 rounds with JavaScript's toFixed (on the binary value): on round ticks it agrees
    with ours. Compact figures never group (999.9K at most before a suffix); counts and percentages group by
    the locale's rule (12,34,567 in en-IN, ``vega_d3_expr``).
    """
    v = f"abs({value})"
    sign = f"({value} < 0 ? '-' : '')"
    numbers_locale = locale if locale is not None else getattr(currency, "locale", DEFAULT_LOCALE)
    numbers = _numbers(numbers_locale)
    if kind == "percent_ticks":
        return vega_d3_expr("~%", value, numbers_locale)
    if kind == "percent":  # two decimals while one would print under 1% (0.94%), as ``percent``: 0.99% is 1%
        if _en_us_numbers(numbers):
            return f"{sign} + format({v}, {v} < 0.0095 ? ',.2~%' : ',.1~%')"
        return (f"{sign} + ({v} < 0.0095 ? {vega_d3_expr(',.2~%', v, numbers_locale)} : "
                f"{vega_d3_expr(',.1~%', v, numbers_locale)})")
    if kind == "count":
        return (f"{sign} + ({v} < 99.95 ? {vega_d3_expr('.1~f', v, numbers_locale)} : "
                f"{vega_d3_expr(',.0f', v, numbers_locale)})")
    if kind not in ("money_compact", "count_compact"):
        raise ValueError(f"unknown axis kind {kind!r} (money_compact, count_compact, count, percent, percent_ticks)")
    if kind == "money_compact":
        style = _style(currency)
        small, limit = f"',.{min(2, style.digits)}~f'", "999.995"
        group, decimal = style.group, style.decimal
    else:
        style, small, limit = None, f"{v} < 99.95 ? '.1~f' : ',.0f'", "999.5"
        group, decimal = numbers.group, numbers.decimal
    body = (f"{v} < {limit} ? format({v}, {small}) : {v} < 999950 ? format({v} / 1e3, ',.1~f') + 'K' : "
            f"{v} < 999950000 ? format({v} / 1e6, ',.1~f') + 'M' : "
            f"{v} < 999950000000 ? format({v} / 1e9, ',.1~f') + 'B' : format({v} / 1e12, ',.1~f') + 'T'")
    if style is None:
        if (group, decimal) == (",", "."):
            return f"{sign} + ({body})"
        return f"{sign} + {_vega_local(f'({body})', group, decimal)}"
    body = body if (group, decimal) == (",", ".") else _vega_local(body, group, decimal)
    return (f"({value} < 0 ? {_vega_literal(style.negative_prefix)} : {_vega_literal(style.prefix)}) + ({body}) + "
            f"({value} < 0 ? {_vega_literal(style.negative_suffix)} : {_vega_literal(style.suffix)})")


def _en_us_numbers(numbers: NumberStyle) -> bool:
    return (numbers.group, numbers.decimal, numbers.grouping, numbers.percent_prefix,
            numbers.percent_suffix) == (",", ".", (3, 3), "", "%")


def vega_d3_expr(spec: str, value: str, locale=DEFAULT_LOCALE) -> str:
    """A Vega expression printing ``value`` with the d3 format ``spec`` (",.0f", ".1%", ",.4~g": a tooltip's
    or an axis's own) in the locale's separators, grouping and percent sign: 1.500 and 12,5 % (de-DE),
    12,34,567 (en-IN). En-US: d3's own ``format``, unchanged. The minus is "-"."""
    numbers = _numbers(locale)
    if _en_us_numbers(numbers):
        return f"format({value}, {_vega_literal(spec)})"
    text = f"format(abs({value}), {_vega_literal(spec.replace(',', ''))})"
    if spec.endswith("%"):
        text = f"replace({text}, '%', '')"
    if "," in spec:  # the whole digits grouped by the locale's rule (d3 knows only threes), not the decimals
        primary, secondary = numbers.grouping
        text = (f"replace({text}, regexp('(?<![.]\\\\d*)\\\\B(?=(\\\\d{{{secondary}}})*\\\\d{{{primary}}}(?!\\\\d))', "
                f"'g'), '\\u0001')")
    text = (f"replace(replace({text}, regexp('\\\\.', 'g'), {_vega_literal(numbers.decimal)}), "
            f"regexp('\\u0001', 'g'), {_vega_literal(numbers.group)})")
    if spec.endswith("%"):
        text = f"{_vega_literal(numbers.percent_prefix)} + {text} + {_vega_literal(numbers.percent_suffix)}"
    return f"({value} < 0 ? '-' : '') + {text}"


def vega_axis_format(kind: str, currency: str = "USD", locale: str | None = None) -> dict[str, str]:
    """Keyword arguments for ``alt.Axis(**...)`` (or ``alt.Legend``) printing labels by this module's rule
    (``vega_number_expr`` on the tick's value): ``money_compact`` in the currency's locale, counts and
    percentages in ``locale`` (a tag or a CurrencyFormat; without it, the currency's)."""
    return {"labelExpr": vega_number_expr(kind, "datum.value", currency, locale)}


def streamlit_number_format(kind: str, currency: str = "USD") -> str:
    """``format=`` for ``st.column_config.NumberColumn``: printf-style strings Streamlit applies in the browser.

    kind: ``money`` (whole units with separators, for tables of monthly figures), ``money_cents``
    (two decimals, for per-unit prices), ``count`` (whole, separated), ``percent`` (a fraction as
    percent, Streamlit's preset: up to two decimals).

    Checked once in Chromium (Streamlit 1.67, sprintf-js): whole units round half up ($2,501 for
    2,500.5) and agree with ``money`` from 1,000 up; but the browser puts a minus after the symbol
    ("€-2,500"), rounds cents on the binary value ($2.67 for 2.675) and the percent preset keeps two
    decimals (2.68%). Where a table must print exactly what ``money`` prints, format it in Python
    (a pandas Styler with this module's functions keeps the column sortable by its numbers).
    """
    style = _style(currency)
    pre, suf = style.prefix.replace("%", "%%"), style.suffix.replace("%", "%%")
    formats = {"money": f"{pre}%,.0f{suf}", "money_cents": f"{pre}%,.{style.digits}f{suf}", "count": "%,.0f",
               "percent": "percent"}
    if kind not in formats:
        raise ValueError(f"unknown column kind {kind!r} ({', '.join(formats)})")
    return formats[kind]


# --- The same rules, for the browser's live figures (advocacy_ui/assets/live_format.js) -------
# The browser follows this spec rather than Intl, which does not agree with Python for every
# locale nor for ties: it rounds half up on the number's shortest decimal spelling (JavaScript's
# String(x) is Python's repr), as round_half_up does.

def format_spec(currency: str = "USD") -> dict:
    """What the browser needs to print exactly what money/money_compact/count/percent print.

    ``thousands``/``decimal`` are how the digits are first spelled (en-US); ``number`` is how counts and
    percentages print in the locale (``NumberStyle``: separators, grouping, the percent sign's place) and
    ``money`` the currency's own style in it (``MoneyStyle``: prefix/suffix with the symbol in its place,
    the negative ones, separators, grouping, digits)."""
    style = _style(currency)
    numbers = _numbers(getattr(currency, "locale", DEFAULT_LOCALE))
    return {
        "symbol": style.symbol,
        "number": {"group": numbers.group, "decimal": numbers.decimal, "grouping": list(numbers.grouping),
                   "percent_prefix": numbers.percent_prefix, "percent_suffix": numbers.percent_suffix},
        "money": {"prefix": style.prefix, "suffix": style.suffix, "negative_prefix": style.negative_prefix,
                  "negative_suffix": style.negative_suffix, "group": style.group, "decimal": style.decimal,
                  "grouping": list(style.grouping), "digits": style.digits},
        "thousands": ",", "decimal": ".", "minus": "-",
        "cents_below": CENTS_BELOW,     # money(): cents from 0 up to 1,000; whole units from there and for losses
        "compact_from": 1000,           # money_compact()/count_compact(): plain below this
        "compact_suffixes": [[exponent, suffix] for exponent, suffix in _SUFFIXES[::-1]],
        "count_whole_from": 100,        # count(): no decimal from 100 on
        "percent_small_places": 2,      # percent(): two places below 1%
        "huge": HUGE,                   # scientific form from here on (1.2E+15)
        "significant": SIGNIFICANT, "decimals": DECIMALS,  # float noise dropped first (as_written)
        "rounding": "half up on the decimal spelling, float noise dropped (as_written)",
    }
