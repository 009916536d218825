"""One rule for every text cell we write to CSV or a workbook: never a formula (OWASP "CSV injection").

A spreadsheet runs a cell as a formula when it starts with = + - @ (some also tab, CR, LF). Spreadsheets
also skip leading spaces and read full-width forms (＝, ＋, －, ＠) as their ASCII twins, so the first
character that is not a space is checked after NFKC folding. Such a cell gets a leading single quote:
it shows as typed and stays text. Real numbers are not text and are never touched.
"""

import unicodedata
from typing import Any

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_SPACES = " \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\ufeff"


def starts_a_formula(text: str) -> bool:
    head = text.lstrip(_SPACES)[:4]
    if head.startswith(FORMULA_TRIGGERS) or (not head and text.startswith(("\t", "\r", "\n"))):
        return True
    return unicodedata.normalize("NFKC", head).lstrip(_SPACES).startswith(FORMULA_TRIGGERS)


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as typed: a leading formula character gets a single quote before it."""
    return "'" + text if starts_a_formula(text) else text


def safe_cell(value: Any) -> Any:
    return safe_text(value) if isinstance(value, str) else value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell and header made safe; numbers keep their full precision."""
    return frame.rename(columns=lambda c: safe_text(str(c))).map(safe_cell)
