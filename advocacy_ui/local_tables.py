"""Tables in the scenario's locale.

Streamlit formats a NumberColumn in the browser ("localized" in the browser's locale, "percent" and
"%.2f" en-US), so a German scenario's tables read 26.63% beside figures that read 8,5 %. Outside en-US the
numbers are printed here (a pandas Styler: the cells show the text, the column still sorts by its numbers)
and the column keeps its label without a format (a column_config format would win over the Styler's text).
En-US scenarios keep Streamlit's formats as they were.
"""

import re
from typing import Any, Callable

import pandas as pd

from advocacy_calc.formatting import DEFAULT_LOCALE, count, fixed_percent, in_locale, money, number_style


def _printer(fmt: str, locale: str) -> Callable[[float], str] | None:
    """How a Streamlit number format prints in the locale: "percent" (two decimals, as Streamlit's preset),
    "localized" (a count), "%.2f"."""
    if fmt == "percent":
        return lambda x: fixed_percent(x, 2, locale)
    if fmt == "localized":
        return lambda x: count(x, locale)
    fixed = re.fullmatch(r"%\.(\d)f", fmt)
    if fixed:
        return lambda x: in_locale(f"{x:.{fixed.group(1)}f}", locale)
    return None


def in_scenario_locale(frame: pd.DataFrame, config: dict[str, Any], locale: str = DEFAULT_LOCALE,
                       money_columns: tuple[str, ...] = ()) -> tuple[Any, dict[str, Any]]:
    """(data, column_config) for st.dataframe: the frame as given in a locale that spells numbers as en-US
    does, else a Styler printing each formatted number column in ``locale`` (a tag, or a scenario's
    CurrencyFormat: then ``money_columns`` print as its money) and the config without those formats."""
    tag = str(getattr(locale, "locale", locale) or DEFAULT_LOCALE)
    if number_style(tag) == number_style(DEFAULT_LOCALE):
        return frame, config
    printers: dict[str, Callable[[float], str]] = {}
    plain = dict(config)
    for column, setting in config.items():
        options = (setting or {}).get("type_config") or {} if isinstance(setting, dict) else {}
        if options.get("type") != "number" or column not in frame.columns:
            continue
        printer = ((lambda x: money(x, locale)) if column in money_columns and hasattr(locale, "locale")
                   else _printer(options.get("format") or "", tag))
        if printer is not None:
            printers[column] = printer
            plain[column] = {**setting, "type_config": {**options, "format": None}}
    if not printers:
        return frame, config
    return frame.style.format(printers, na_rep=""), plain
