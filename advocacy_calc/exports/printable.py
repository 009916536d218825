"""What the PDF's fonts cannot draw, found before printing: never a blank name or a bare number.

The currency symbol first: if no font draws it, every amount prints with the ISO code ("JPY 31,500", the
same number). Then the texts a user writes or picks (scenario name, prepared by, group and network names,
provenance notes): a character no font draws prints as fonts.MARK, and the PDF, the app and the CLI
say which ones (the workbook and the slides carry them: their reader's fonts draw them).
"""

from typing import Iterable, NamedTuple

from ..formatting import CurrencyFormat, currency_of, symbol
from ..scenario import Scenario
from .fonts import MARK, Drawable, drawable
from .text import case_name, prepared_by, relevant_inputs, source_line

SHOWN = 24  # characters named at most; "and N more" after


class FontCheck(NamedTuple):
    currency: str  # the ISO code
    symbol: str  # the locale's symbol for it
    iso_code: bool  # the symbol cannot be drawn: amounts print with the code
    missing: str  # characters of the other texts no font can draw, printed as MARK

    @property
    def complete(self) -> bool:
        return not (self.iso_code or self.missing)

    def _named(self, in_pdf: bool) -> str:
        # In the PDF a character it cannot draw is named by its code point only (it would print as MARK).
        chars = list(self.missing)
        shown = [f"U+{ord(ch):04X}" if in_pdf else f"{ch} (U+{ord(ch):04X})" for ch in chars[:SHOWN]]
        more = f" and {len(chars) - SHOWN} more" if len(chars) > SHOWN else ""
        return ", ".join(shown) + more

    def sentence(self, in_pdf: bool = False, of: str = "pdf") -> str:
        """One sentence for the PDF (in_pdf: characters by code point), the app and the CLI; "" if complete.
        `of`: "pdf", or "image" for a chart's PNG or SVG."""
        if self.complete:
            return ""
        parts = []
        if self.iso_code:
            sign = f"U+{ord(self.symbol[0]):04X}" if in_pdf and len(self.symbol) == 1 else self.symbol
            parts.append(f"amounts are printed with the code {self.currency} in place of the symbol {sign}")
        if self.missing:
            parts.append(f"{self._named(in_pdf)} could not be printed and show as {MARK}")
        return f"{_OPENING[of]}: {'; '.join(parts)}. {_CLOSING[of]}"


_OPENING = {"pdf": "The PDF's fonts cannot draw every character",
            "image": "The chart image's fonts cannot draw every character"}
_CLOSING = {"pdf": "The workbook and the slides carry them in full; fonts-noto-cjk and fonts-noto-core on the machine "
                   "that makes the PDF print them.",
            "image": "The app's chart and the workbook carry them in full; fonts-noto-cjk and fonts-noto-core "
                     "on the machine that makes the image print them."}


def printed_texts(scenario: Scenario) -> list[str]:
    """The texts of the PDF a user writes or picks: names, notes, sources (the rest is the app's English)."""
    texts = [case_name(scenario), prepared_by(scenario)]
    texts += [g.name for g in scenario.groups]
    texts += [n.name for n in scenario.networks]
    for item in relevant_inputs(scenario):
        texts += [item.label, source_line(item)]
    return texts


def font_check(scenario: Scenario, draw: Drawable | None = None, texts: Iterable[str] | None = None) -> FontCheck:
    """What the PDF of `scenario` cannot draw with the fonts of this machine (or `draw`'s); `texts`: those of
    another file of it in place of the PDF's (a chart image's, its amounts already with the code if need be)."""
    draw = draw or drawable()
    plain = CurrencyFormat(scenario.currency, currency_of(scenario).locale)
    sign = symbol(plain)
    return FontCheck(scenario.currency, sign, bool(draw.missing([sign])),
                     draw.missing(printed_texts(scenario) if texts is None else texts))
