"""Turn a raw export and its mapping into typed columns: dates, counts, amounts, flags, text.

Vectorised: one pass of pandas string and datetime operations per column, whatever the rows.
A cell that cannot be read is reported with its file, column and row (the spreadsheet row:
the header is row 1); a file with any such cell yields no data.
"""

import pandas as pd

from ..errors import ScenarioError, quoted
from .fields import KINDS
from .mapping import Mapping, mapping_problems
from .reading import RawTable

MAX_ROWS_LISTED = 3
# Date formats tried after ISO 8601, in order; d/m and m/d are decided per column (see _dates).
_DAY_FIRST = ["%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%y", "%d.%m.%Y", "%d.%m.%Y %H:%M",
              "%d.%m.%Y %H:%M:%S", "%d.%m.%y", "%d-%m-%Y", "%d-%m-%Y %H:%M"]
_MONTH_FIRST = ["%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p", "%m/%d/%y", "%m-%d-%Y"]
_WORDS = ["%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%d-%b-%Y", "%d %b %Y %H:%M",
          "%Y/%m/%d", "%Y/%m/%d %H:%M", "%Y%m%d"]
# Dates outside these are placeholders ("no end date" 9999-12-31, 0001-01-01, 1900-01-01 from an empty Excel
# cell), read as no date: they are not when anything happened, and pandas' nanosecond range ends in 2262.
DATE_MIN = pd.Timestamp("1950-01-01")
DATE_MAX = pd.Timestamp("2099-12-31 23:59:59")
_TRUE = {"yes", "y", "true", "1", "branded", "own", "company", "x", "ja", "oui", "si", "sí"}
_FALSE = {"no", "n", "false", "0", "non-branded", "nonbranded", "third party", "third-party", "curated", "external",
          "nein", "non"}


def prepare(raw: RawTable, kind: str, mapping: Mapping) -> pd.DataFrame:
    """The export's mapped columns, typed, under their field names; ScenarioError listing every problem."""
    spec = KINDS[kind]
    problems = mapping_problems(mapping, raw.columns, kind, raw.label)
    if problems:
        raise ScenarioError(problems)
    out: dict[str, pd.Series] = {}
    for field in spec.fields:
        col = mapping.get(field.name)
        if col is None:
            continue
        cells = raw.frame[col]
        where = f"{raw.label}: column {quoted(col)} ({field.name})"
        if field.kind == "date":
            values, bad, placeholder = _dates(cells)
            _report(problems, where, cells, bad, "is not a date (use e.g. 2026-03-31 or 31/03/2026)")
            if field.required:
                _report(problems, where, cells, placeholder,
                        f"is a placeholder, not a real date (dates before {DATE_MIN.year} or after {DATE_MAX.year} "
                        "are read as no date); this column is required")
                bad = bad | placeholder
        elif field.kind in ("count", "amount"):
            values, bad = _numbers(cells, raw.decimal_comma_likely)
            _report(problems, where, cells, bad, "is not a number")
            infinite = values.abs() == float("inf")  # "inf", 1e309: a total would become n/a
            _report(problems, where, cells, infinite, "is not a finite number")
            values = values.mask(infinite)
            negative = values < 0
            _report(problems, where, cells, negative, "is negative")
            if field.kind == "count":
                values = values.fillna(0)
        elif field.kind == "flag":
            values, bad = _flags(cells)
            _report(problems, where, cells, bad, "is not yes/no")
        else:
            values = _text(cells)
            bad = None
        if field.required:
            blank = values.isna()
            if bad is not None:
                blank &= ~bad
            _report(problems, where, cells, blank, "is empty; this column is required")
        out[field.name] = values
    if problems:
        raise ScenarioError(problems)
    frame = pd.DataFrame(out)
    frame.index = raw.frame.index
    return frame.reset_index(drop=True)


def _report(problems: list[str], where: str, cells: pd.Series, bad: pd.Series | None, why: str) -> None:
    if bad is None or not bad.any():
        return
    rows = cells.index[bad.to_numpy()]
    first = [f"row {int(r) + 2}: {_cell(cells.loc[r])}" for r in rows[:MAX_ROWS_LISTED]]
    more = f" (and {len(rows) - MAX_ROWS_LISTED:,} more rows)" if len(rows) > MAX_ROWS_LISTED else ""
    problems.append(f"{where}: {'; '.join(first)} {why}{more}")


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "(empty)"
    text = "".join(c if c.isprintable() else "?" for c in str(value))
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _as_text(cells: pd.Series) -> pd.Series:
    # Arrow-backed strings: vectorised in C++, several times faster than Python string objects.
    if pd.api.types.is_float_dtype(cells) and (cells.dropna() % 1 == 0).all():
        cells = cells.astype("Int64")  # an id column with a blank: 7, not 7.0, as in the other files
    return cells.astype("string[pyarrow]")


def _blank(cells: pd.Series) -> pd.Series:
    return cells.isna() | (_as_text(cells).str.strip() == "").fillna(True).astype(bool)


def _text(cells: pd.Series) -> pd.Series:
    text = _as_text(cells).str.strip()
    return text.where(text != "", pd.NA)


def _dates(cells: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parsed dates (naive, local as written), the mask of non-blank cells that are not dates, and the mask
    of placeholder dates outside DATE_MIN..DATE_MAX (read as no date)."""
    if pd.api.types.is_datetime64_any_dtype(cells):
        values = cells.dt.tz_localize(None) if getattr(cells.dt, "tz", None) is not None else cells
        values, placeholder = _within_range(values)
        return values, pd.Series(False, index=cells.index), placeholder
    values, todo = _parsed_dates(cells)
    values, placeholder = _within_range(values)
    return values, todo, placeholder


def _within_range(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    wide = values.astype("datetime64[us]")  # microseconds hold years 1 to 9999
    outside = ((wide < DATE_MIN) | (wide > DATE_MAX)).fillna(False).astype(bool)
    return wide.mask(outside).astype("datetime64[ns]"), outside


def _parsed_dates(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    blank = _blank(cells)
    text = _as_text(cells).str.strip()
    # ISO 8601 first (2026-03-31, 2026-03-31 09:15, 2026-03-31T09:15:00Z); time zones to UTC, then dropped.
    values = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True).dt.tz_localize(None)
    todo = values.isna() & ~blank
    if todo.any():
        rest = text[todo]
        parts = rest.str.extract(r"^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}")
        first = pd.to_numeric(parts[0], errors="coerce")
        second = pd.to_numeric(parts[1], errors="coerce")
        # Day first unless some date can only be month first (13/01 vs 01/13); slashes alone are
        # ambiguous, and most of the world writes the day first.
        month_first = bool((second > 12).any()) and not bool((first > 12).any())
        formats = (_MONTH_FIRST + _DAY_FIRST if month_first else _DAY_FIRST + _MONTH_FIRST) + _WORDS
        for fmt in formats:
            if not todo.any():
                break
            parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
            hit = parsed.notna()
            if hit.any():
                values.loc[parsed.index[hit]] = parsed[hit]
                todo.loc[parsed.index[hit]] = False
    return values, todo


def _numbers(cells: pd.Series, decimal_comma_likely: bool) -> tuple[pd.Series, pd.Series]:
    """Numbers with thousands separators (1,234 / 1.234 / 1 234 / 1'234) and currency signs."""
    if pd.api.types.is_numeric_dtype(cells) and not pd.api.types.is_bool_dtype(cells):
        return cells.astype("float64"), pd.Series(False, index=cells.index)
    blank = _blank(cells)
    text = (_as_text(cells).str.strip()
            .str.replace(r"[\s\u00a0\u202f'’$€£%]|USD|EUR|GBP", "", regex=True))
    if _decimal_comma(text, decimal_comma_likely):
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(",", "", regex=False)
    values = pd.to_numeric(text, errors="coerce").astype("float64")
    bad = values.isna() & ~blank
    return values, bad


def _decimal_comma(text: pd.Series, hint: bool) -> bool:
    sample = text.dropna()
    if sample.empty:
        return hint
    us = sample.str.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?|[-+]?\d*\.\d+")
    eu = sample.str.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?|[-+]?\d*,\d+")
    # 1,234 and 1.234 fit both readings; a cell that fits only one decides; ties follow the delimiter.
    only_us = int((us & ~eu).sum())
    only_eu = int((eu & ~us).sum())
    if only_us != only_eu:
        return only_eu > only_us
    return hint


def _flags(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_bool_dtype(cells):
        return cells.astype("boolean"), pd.Series(False, index=cells.index)
    blank = _blank(cells)
    text = _as_text(cells).str.strip().str.casefold()
    text = text.str.replace(r"\.0$", "", regex=True)
    values = pd.Series(pd.NA, index=cells.index, dtype="boolean")
    values[text.isin(_TRUE).fillna(False).astype(bool)] = True
    values[text.isin(_FALSE).fillna(False).astype(bool)] = False
    bad = values.isna() & ~blank
    return values, bad
