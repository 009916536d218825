"""Read an export's bytes into a table of raw cells: CSV (any common encoding and delimiter) or XLSX.

Bytes in, DataFrame out, no file system: the app passes uploads, the CLI passes file contents.
Every problem raises ScenarioError with lines that name the file (and the row where there is
one); a file that fails gives no data at all.
"""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd

from ..errors import ScenarioError, shown
from .sheetguard import check_workbook, is_workbook

# server.maxUploadSize in .streamlit/config.toml is the same figure: 100,000 shares are ~8 MB.
MAX_EXPORT_MB = 50
# Decimal megabytes: the browser's uploader counts 1 MB as 1,000,000 bytes (the server 1,048,576), so
# this is the cap every door agrees on; a larger file gets our sentence, never a silent refusal.
MAX_EXPORT_BYTES = MAX_EXPORT_MB * 1_000_000
MAX_ROWS = 2_000_000
# Real exports have 5-60 columns; the limits keep a hostile file's cost bounded (100,000 columns or one
# 5 MB line cost minutes of CPU and GBs before them).
MAX_COLUMNS = 500
MAX_CELLS = 10_000_000  # rows x columns
MAX_LINE_BYTES = 256 * 1024
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
SHEET_EXTENSIONS = (".xlsx", ".xlsm")  # what sheetguard checks before calamine reads
OTHER_SHEET_EXTENSIONS = (".xls", ".xlsb", ".ods")  # recognised, refused with a sentence
DELIMITERS = ",;\t|"
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SIGNATURES = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
               b"GIF8": "a GIF image", b"\x1f\x8b": "a gzip archive", b"Rar!": "a RAR archive",
               b"{\\rtf": "an RTF document", b"7z\xbc\xaf": "a 7-Zip archive"}


@dataclass(frozen=True)
class RawTable:
    """The cells of one export as read (text, or typed cells from a spreadsheet)."""

    frame: pd.DataFrame
    label: str
    delimiter: str | None = None  # None for spreadsheets
    encoding: str | None = None

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    @property
    def decimal_comma_likely(self) -> bool:
        # A semicolon-delimited file is the spreadsheet habit of decimal-comma countries.
        return self.delimiter == ";"


def display_name(filename: str) -> str:
    """The file's name as it may appear in a one-line message."""
    name = PurePath(str(filename)).name or "file"
    name = "".join(c if c.isprintable() else "?" for c in name)
    return name if len(name) <= 80 else name[:77] + "..."


def read_table(data: bytes, filename: str, max_bytes: int = MAX_EXPORT_BYTES) -> RawTable:
    """Decode and parse one export; ScenarioError (naming the file) when it cannot be used."""
    label = display_name(filename)
    if len(data) > max_bytes:
        raise ScenarioError([f"{label}: {len(data) / 1e6:,.1f} MB is over the {max_bytes / 1e6:,.0f} MB limit "
                             "for one export; export a shorter period or fewer columns"])
    if not data.strip():
        raise ScenarioError([f"{label}: is empty, expected a header row and one row per record"])
    suffix = PurePath(label).suffix.casefold()
    if is_workbook(data):
        if suffix in TEXT_EXTENSIONS + SHEET_EXTENSIONS + OTHER_SHEET_EXTENSIONS or not suffix:
            return _read_sheet(data, label)  # a workbook, whatever its name says
        raise ScenarioError([f"{label}: is a zip or Office file, not a CSV or XLSX export"])
    for magic, what in _SIGNATURES.items():
        if data.startswith(magic):
            raise ScenarioError([f"{label}: is {what}, not a CSV or XLSX export"])
    if suffix in SHEET_EXTENSIONS + OTHER_SHEET_EXTENSIONS:
        raise ScenarioError([f"{label}: is named {suffix} but is not a spreadsheet; "
                             "save it again from the spreadsheet program, or export CSV"])
    if suffix and suffix not in TEXT_EXTENSIONS:
        raise ScenarioError([f"{label}: {suffix} files are not supported; use CSV or XLSX"])
    text, encoding = decode(data, label)
    return _read_csv(text, label, encoding, _longest_line(data))


def decode(data: bytes, label: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; refuses binary."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ScenarioError([f"{label}: starts like UTF-16 text but is not; save it as UTF-8 CSV"]) from None
    if b"\x00" in data[:65536]:
        raise ScenarioError([f"{label}: contains NUL bytes, so it is binary or UTF-16 without a byte-order mark, "
                             "not a CSV text file; save it as CSV UTF-8"])
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _UTF8_MULTIBYTE.search(data):
        # UTF-8 text (ü as two bytes) with a stray Windows-1252 byte: reading it all as Windows-1252 would
        # turn every "Müller" into "MÃ¼ller" without a word.
        row = data[:utf8_error.start].count(b"\n") + 1
        raise ScenarioError([f"{label}: row {row}: byte 0x{data[utf8_error.start]:02x} is not UTF-8, though the "
                             "rest of the file is; fix that cell or save the file again as CSV UTF-8"])
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        row = data[:exc.start].count(b"\n") + 1
        raise ScenarioError([
            f"{label}: row {row}: byte 0x{data[exc.start]:02x} is neither UTF-8 (byte 0x{data[utf8_error.start]:02x} "
            f"at position {utf8_error.start}) nor Windows-1252 text; save the file as CSV UTF-8"]) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter of the first lines among , ; tab |: the one that splits them most consistently.

    csv.reader per candidate (linear time), not csv.Sniffer, whose quote-guessing regex takes seconds
    to minutes on a quote-heavy sample.
    """
    sample = text[:65536]
    lines = [ln for ln in sample.splitlines()[:30] if ln.strip()]
    if len(sample) == 65536 and len(lines) > 1:
        lines = lines[:-1]  # cut in the middle
    best, best_score = ",", 0.0
    for d in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(c == counts[0] for c in counts) / len(counts)
        score = consistent * 10 + min(counts[0], 1000) / 1000
        if score > best_score:
            best, best_score = d, score
    return best


def _longest_line(data: bytes) -> int:
    """Bytes in the longest line (CR or LF ends a line), vectorised."""
    ends = np.flatnonzero((np.frombuffer(data, np.uint8) == 10) | (np.frombuffer(data, np.uint8) == 13))
    bounds = np.concatenate(([-1], ends, [len(data)]))
    return int(np.diff(bounds).max()) - 1


def _read_csv(text: str, label: str, encoding: str, longest_line: int) -> RawTable:
    text = text.removeprefix("\ufeff")
    if longest_line > MAX_LINE_BYTES:
        raise ScenarioError([f"{label}: has a line of {longest_line / 1024:,.0f} kB, over the limit of "
                             f"{MAX_LINE_BYTES // 1024:,} kB for one line; is it really a CSV export?"])
    delimiter = sniff_delimiter(text)
    header = next(csv.reader([text[:MAX_LINE_BYTES * 4].split("\n", 1)[0]], delimiter=delimiter), [])
    if len(header) > MAX_COLUMNS:
        raise ScenarioError([f"{label}: has {len(header):,} columns, over the limit of {MAX_COLUMNS:,}; "
                             "export only the columns needed"])
    lines = text.count("\n") + 1
    if lines * max(1, len(header)) > MAX_CELLS:
        raise ScenarioError([f"{label}: about {lines:,} rows x {len(header):,} columns is over the limit of "
                             f"{MAX_CELLS:,} cells for one export; export a shorter period or fewer columns"])
    try:
        # The C engine with the delimiter given: the python engine's own guessing is many times slower.
        # Types inferred by the C parser (numbers stay numbers: far faster than parsing text later),
        # except in semicolon files, where 1.000 is a thousand: those stay text for parsing.py.
        # Only empty cells are missing, never "NA" or "null" (a person may be called Null).
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, engine="c", keep_default_na=False,
                            dtype=str if delimiter == ";" else None,
                            na_values=[""], skipinitialspace=True, skip_blank_lines=True, nrows=MAX_ROWS + 1)
    except pd.errors.EmptyDataError:
        raise ScenarioError([f"{label}: is empty, expected a header row and one row per record"]) from None
    except pd.errors.ParserError as exc:
        raise ScenarioError([f"{label}: cannot be read as a table ({_parser_reason(exc)}); "
                             "check the quotes and delimiters on that row"]) from None
    return _checked(_infinite_as_typed(frame, text, delimiter), label, delimiter, encoding)


def _infinite_as_typed(frame: pd.DataFrame, text: str, delimiter: str) -> pd.DataFrame:
    """Columns the parser read as numbers with an infinity ("inf", 1e309) read again as text, so a refusal
    quotes the cell as typed; rare, so the common file is read once."""
    where = [i for i, c in enumerate(frame.columns)
             if pd.api.types.is_float_dtype(frame[c]) and np.isinf(frame[c].to_numpy()).any()]
    if not where:
        return frame
    typed = pd.read_csv(io.StringIO(text), sep=delimiter, engine="c", keep_default_na=False, dtype=str,
                        na_values=[""], skipinitialspace=True, skip_blank_lines=True, nrows=MAX_ROWS + 1,
                        usecols=where)
    frame = frame.copy()
    for i, column in zip(where, typed.columns):
        frame.isetitem(i, typed[column].to_numpy())
    return frame


def _parser_reason(exc: Exception) -> str:
    # "Error tokenizing data. C error: Expected 3 fields in line 5, saw 4" -> "row 5: expected 3 fields, saw 4"
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
    if m:
        return f"row {m.group(2)}: expected {m.group(1)} fields, saw {m.group(3)}"
    return str(exc).strip().splitlines()[-1][:200]


def _read_sheet(data: bytes, label: str) -> RawTable:
    check_workbook(data, label, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS, max_cells=MAX_CELLS)
    try:
        # python-calamine (Rust) reads a 100,000-row sheet many times faster than openpyxl.
        frame = pd.read_excel(io.BytesIO(data), engine="calamine", sheet_name=0, nrows=MAX_ROWS + 1)
    except ImportError:
        raise ScenarioError([f"{label}: reading XLSX needs python-calamine (pip install python-calamine); "
                             "or save the sheet as CSV"]) from None
    except Exception as exc:  # calamine raises its own types for damaged or protected workbooks
        detail = str(exc).strip().splitlines()
        raise ScenarioError([f"{label}: cannot be read as a spreadsheet"
                             + (f" ({detail[0][:160]})" if detail else "")
                             + "; save it again, or export CSV"]) from None
    return _checked(frame, label, None, None)


def _checked(frame: pd.DataFrame, label: str, delimiter: str | None, encoding: str | None) -> RawTable:
    frame = frame.dropna(how="all")
    columns = [str(c).strip() for c in frame.columns]
    if not columns or all(c.startswith("Unnamed:") for c in columns):
        raise ScenarioError([f"{label}: has no header row; the first row must name the columns"])
    frame.columns = columns
    if frame.empty:
        raise ScenarioError([f"{label}: has a header ({', '.join(shown(c, 40) for c in columns[:8])}) but no rows"])
    if len(frame) > MAX_ROWS:
        raise ScenarioError([f"{label}: more than {MAX_ROWS:,} rows; export a shorter period"])
    return RawTable(frame, label, delimiter, encoding)
