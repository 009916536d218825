"""Check a workbook's size BEFORE any reader allocates for it (zip and XLSX bombs, far cells).

python-calamine (Rust) sizes its cell grid from the farthest cell: one cell at XFD1048576 makes it
ask for 512 GB, and a failed Rust allocation aborts the whole process (it cannot be caught). A
400 MB shared string compresses to 400 kB. So, before calamine sees the file, this module streams
every part of the archive through a byte cap (never a whole XML tree, never an unbounded read) and
measures what the sheet would become: farthest row and column, cells, expanded text.

Only .xlsx / .xlsm are accepted as workbooks (what this guard understands); .xls, .xlsb and .ods
get a sentence asking for XLSX or CSV. Limits are module constants, named in every refusal.
"""

import io
import itertools
import re
import zipfile
from types import SimpleNamespace

import numpy as np

from ..errors import ScenarioError, shown

MAX_ENTRIES = 1_000                  # parts in the archive (a real workbook has 10-50)
MAX_PART_BYTES = 200 * 2**20         # one part, decompressed (100,000 rows x 10 columns is ~60 MB of XML)
MAX_TOTAL_BYTES = 400 * 2**20        # every part together, decompressed
MAX_RATIO = 200                      # decompressed / compressed for parts over 1 MB (real sheets: 5-30)
MAX_SHARED_STRINGS_BYTES = 64 * 2**20
MAX_TEXT_BYTES = 100 * 2**20         # text of every cell once shared strings are expanded
MAX_ROW_XML_BYTES = 32 * 2**20       # one row of a sheet, as XML
_CHUNK = 2**20

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
# How quick-xml (inside calamine) reads a start tag: attributes quoted with ' or ", spaces allowed around
# "=", and ">" or "<" allowed inside a quoted value. The guard reads tags the same way; a value longer
# than a real workbook ever writes makes the tag unreadable, and a sheet with an unreadable cell or row
# tag is refused (never guessed), so the patterns stay linear on hostile bytes.
_VALUE = rb"(?:\"[^\"]{0,1024}\"|'[^']{0,1024}')"
_NAMED_VALUE = rb"[^\s=<>/\"']+\s*=\s*" + _VALUE
_ATTR = rb"\s+" + _NAMED_VALUE


def _tag_with(prefix: bytes, name: bytes, attr: bytes, value: bytes) -> re.Pattern:
    """A start tag with attribute `attr` whose value matches `value` (groups), its first such attribute."""
    return re.compile(rb"<" + prefix + name + rb"(?:" + _ATTR + rb")*?\s+" + attr + rb"\s*=\s*([\"'])" + value
                      + rb"\1")


def _patterns(prefix: bytes) -> SimpleNamespace:
    """The tags the guard counts, with an optional namespace prefix (x:c). Unprefixed patterns start with a
    literal and are several times faster; the prefixed ones are used only for chunks that have a prefix."""
    return SimpleNamespace(
        cell=re.compile(rb"<" + prefix + rb"c[\s/>]"),
        # Every readable cell tag, with its r: column letters and row digits of any case and length (calamine
        # reads z50 and Z0050 as Z50); of two r attributes calamine takes a cell's last (the group keeps the
        # last) and a row's first. One pass: this is most of the guard's time.
        cell_tag=re.compile(rb"<" + prefix + rb"c(?:\s+(?:r\s*=\s*([\"'])([A-Za-z]*)([0-9]*)\1|" + _NAMED_VALUE
                            + rb"))*\s*/?>"),
        string_cell=_tag_with(prefix, rb"c", rb"t", rb"s"),
        string_index=re.compile(rb"<" + prefix + rb"c(?:" + _ATTR + rb")*?\s+t\s*=\s*([\"'])s\1(?:" + _ATTR
                                + rb")*\s*>\s*<" + prefix + rb"v>([0-9]{1,12})</" + prefix + rb"v>"),
        row_end=re.compile(rb"</" + prefix + rb"row\s*>"),
        row_start=re.compile(rb"<" + prefix + rb"row[\s/>]"),
        row_tag=re.compile(rb"<" + prefix + rb"row(?:" + _ATTR + rb")*\s*/?>"),
        row_ref=_tag_with(prefix, rb"row", rb"r", rb"([0-9]*)"),
    )


_PLAIN = _patterns(b"")
_ANY_PREFIX = _patterns(rb"(?:[A-Za-z_][\w.-]*:)?")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension(?:" + _ATTR + rb")*?\s+ref\s*=\s*([\"'])"
                        rb"([A-Za-z]*)([0-9]*)(?::([A-Za-z]+)([0-9]+))?\1")
_SHARED_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
_FAR = 10**15  # stands for any longer row number or column (calamine overflows and may abort on them)


def _row_number(digits: bytes) -> int:
    digits = digits.lstrip(b"0")
    return int(digits) if len(digits) <= 15 else _FAR


def _farthest_row(numbers: list[bytes]) -> int:
    if max(map(len, numbers), default=0) <= 15:
        return max(map(int, filter(None, numbers)), default=0)  # the usual case, at C speed
    return max(map(_row_number, numbers))


def is_workbook(data: bytes) -> bool:
    """A zip archive (XLSX and its kin) or an OLE file (old .xls, encrypted workbooks), whatever its name."""
    return data[:4] == b"PK\x03\x04" or data[:8] == _OLE


def column_number(letters: bytes | str) -> int:
    """A1-style column letters to 1-based number: A -> 1, Z -> 26, AA -> 27, XFD -> 16384."""
    text = (letters if isinstance(letters, str) else letters.decode("ascii")).upper()
    if len(text) > 8:
        return _FAR
    n = 0
    for ch in text:
        n = n * 26 + ord(ch) - 64
    return n


def check_workbook(data: bytes, label: str, *, max_rows: int, max_columns: int, max_cells: int) -> None:
    """ScenarioError (one line naming the file, why and the limit) unless the workbook fits every limit."""
    if data[:8] == _OLE:
        if _ENCRYPTED in data:
            raise ScenarioError([f"{label}: is password-protected (encrypted); remove the password in Excel "
                                 "(File > Info > Protect Workbook) or export CSV"])
        raise ScenarioError([f"{label}: is an old Excel 97-2003 (.xls) workbook; save it as .xlsx or CSV"])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ScenarioError([f"{label}: is a damaged workbook (not a readable zip archive); save it again as .xlsx "
                             "or export CSV"]) from None
    if len(infos) > MAX_ENTRIES:
        raise ScenarioError([f"{label}: has {len(infos):,} parts, more than the {MAX_ENTRIES:,} a workbook may have"])
    names = {i.filename for i in infos}
    if "xl/workbook.bin" in names:
        raise ScenarioError([f"{label}: is a binary Excel workbook (.xlsb); save it as .xlsx or CSV"])
    if "content.xml" in names and "xl/workbook.xml" not in names:
        raise ScenarioError([f"{label}: is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV"])
    if "xl/workbook.xml" not in names:
        raise ScenarioError([f"{label}: is a zip archive but not an Excel workbook; export CSV or XLSX"])
    if any(i.flag_bits & 0x1 for i in infos):
        raise ScenarioError([f"{label}: has encrypted parts; remove the password in Excel or export CSV"])
    declared = sum(i.file_size for i in infos)
    if declared > MAX_TOTAL_BYTES:
        raise ScenarioError([f"{label}: would unpack to {declared / 2**20:,.0f} MB, over the "
                             f"{MAX_TOTAL_BYTES / 2**20:,.0f} MB limit for one workbook; export a shorter period"])
    budget = [MAX_TOTAL_BYTES]
    # By content, not by name: the workbook's relationships may put its parts anywhere in the archive.
    shared = [i for i in infos if "sharedstrings" in i.filename.lower()]
    lengths = np.zeros(0, np.int64)
    for info in shared:
        # Several (xl/sharedStrings.xml and xl/SharedStrings.xml): which one calamine takes is its business,
        # so each string counts at its longest in any of them.
        found = _shared_string_lengths(archive, info, label, budget)
        longer, shorter = (found, lengths) if len(found) > len(lengths) else (lengths, found)
        lengths = longer.copy()
        lengths[:len(shorter)] = np.maximum(lengths[:len(shorter)], shorter)
    # Every part is measured as a sheet, the shared strings too: calamine reads whatever part the workbook's
    # relationships name, whatever its root element or what comes before it (comments, blank space).
    for info in infos:
        chunks = _chunks(archive, info, label, [MAX_TOTAL_BYTES] if info in shared else budget, MAX_PART_BYTES)
        first = next(chunks, b"")
        if _binary(first):
            for _ in chunks:  # still through the caps
                pass
        else:
            _check_sheet(itertools.chain([first], chunks), info, label, lengths, max_rows, max_columns, max_cells)


def _binary(head: bytes) -> bool:
    """An image or other binary part: bytes before its first "<" that are not UTF-8 text. calamine refuses
    such a part as a sheet (quick-xml checks text, comments and processing instructions as UTF-8; measured),
    and the guard must not read a stray "<c " in a logo's pixels as a cell."""
    end = head.find(b"<")
    lead = head[:end] if end >= 0 else head[:-4]  # a character cut at the chunk's end is not an error
    try:
        lead.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, budget: list[int], cap: int):
    """The part's bytes, decompressed a chunk at a time, refused as soon as a cap is passed."""
    if info.file_size > cap:
        raise _too_big(label, info, info.file_size, cap)
    seen = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                seen += len(chunk)
                budget[0] -= len(chunk)
                if seen > cap:
                    raise _too_big(label, info, seen, cap)
                if budget[0] < 0:
                    raise ScenarioError([f"{label}: unpacks to more than {MAX_TOTAL_BYTES / 2**20:,.0f} MB, the "
                                         "limit for one workbook; export a shorter period"])
                if seen > 2**20 and seen > MAX_RATIO * max(1, info.compress_size):
                    raise ScenarioError([f"{label}: part {_part(info)} unpacks to over {MAX_RATIO} times its "
                                         "packed size, which real workbooks never do (a zip bomb?); export CSV"])
                yield chunk
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise ScenarioError([f"{label}: part {_part(info)} is damaged ({str(exc)[:80]}); save it again "
                             "as .xlsx or export CSV"]) from None


def _too_big(label: str, info: zipfile.ZipInfo, size: int, cap: int) -> ScenarioError:
    return ScenarioError([f"{label}: part {_part(info)} unpacks to {size / 2**20:,.0f} MB or more, over the "
                          f"{cap / 2**20:,.0f} MB limit; export a shorter period or fewer columns"])


def _part(info: zipfile.ZipInfo) -> str:
    name = "".join(c if c.isprintable() else "?" for c in info.filename)
    return name if len(name) <= 60 else name[:57] + "..."


def _shared_string_lengths(archive, info, label, budget) -> np.ndarray:
    """Bytes of XML per shared string (an upper bound of its text), in order."""
    data = b"".join(_chunks(archive, info, label, budget, MAX_SHARED_STRINGS_BYTES))
    starts = np.fromiter((m.start() for m in _SHARED_ITEM.finditer(data)), dtype=np.int64)
    return np.diff(np.append(starts, len(data))) if len(starts) else np.zeros(0, np.int64)


def _check_sheet(chunks, info, label, lengths, max_rows, max_columns, max_cells) -> None:
    where = f"{label}: sheet {_part(info).removeprefix('xl/worksheets/')}"
    seen = SimpleNamespace(cells=0, text=0, unplaced_rows=0, far_row=0, far_col=0, dimension_checked=False)
    longest = int(lengths.max()) if len(lengths) else 0
    carry = b""
    for chunk in chunks:
        buf = carry + chunk
        # Scan whole rows only: a cell's tag and its value never straddle two scans.
        cut = _last_row_end(buf, max(0, len(carry) - 16))
        if not seen.dimension_checked:
            # Wherever it stands (a long comment may come first), before the first row.
            first_row = _ANY_PREFIX.row_start.search(buf)
            _check_dimension(buf[:first_row.start() if first_row else len(buf)], where, max_rows, max_columns,
                             max_cells)
            seen.dimension_checked = bool(first_row)
        if cut:
            done, carry = buf[:cut], buf[cut:]
            _measure(done, seen, where, lengths, longest, max_rows, max_columns, max_cells)
        elif not _ANY_PREFIX.row_start.search(buf) and not _ANY_PREFIX.cell.search(buf):
            carry = buf[-4096:]  # no row here yet (a long comment, an image): keep only what a tag could span
        else:
            carry = buf
        if len(carry) > MAX_ROW_XML_BYTES:
            raise ScenarioError([f"{where}: has a row over {MAX_ROW_XML_BYTES / 2**20:,.0f} MB as XML, the "
                                 "limit for one row; export CSV"])
    if carry:  # a last row left open
        _measure(carry, seen, where, lengths, longest, max_rows, max_columns, max_cells)


def _last_row_end(buf: bytes, start: int) -> int:
    """Where the last row closed in buf[start:] ends, or 0."""
    plain = buf.rfind(b"</row>", start)
    if plain >= 0 and b":row" not in buf:
        return plain + 6  # the usual sheet, without a scan in Python
    last = None
    for last in _ANY_PREFIX.row_end.finditer(buf, start):
        pass
    return last.end() if last else 0


def _measure(done: bytes, seen, where, lengths, longest, max_rows, max_columns, max_cells) -> None:
    """Add one run of whole rows to what the sheet has so far, and check the limits."""
    p = _ANY_PREFIX if (b":c" in done or b":row" in done) else _PLAIN
    found = (done.count(b"<c ") + done.count(b"<c>") + done.count(b"<c/") + done.count(b"<c\t")
             + done.count(b"<c\n") + done.count(b"<c\r")) if p is _PLAIN else len(p.cell.findall(done))
    rows = len(p.row_start.findall(done))
    tags = p.cell_tag.findall(done)
    if found != len(tags) or rows != len(p.row_tag.findall(done)):
        raise ScenarioError([f"{where}: has a cell or row whose tag cannot be read (an attribute over 1,024 "
                             "characters, or malformed); save it again from Excel or export CSV"])
    seen.cells += found
    row_refs = p.row_ref.findall(done)
    seen.unplaced_rows += rows - len(row_refs)
    refs = [tag for tag in tags if tag[0]]
    if refs:
        seen.far_row = max(seen.far_row, _farthest_row([r for _, _, r in refs]))
        seen.far_col = max(seen.far_col, max(column_number(c) if c else _FAR for c in {c for _, c, _ in refs}))
    if row_refs:
        seen.far_row = max(seen.far_row, _farthest_row([r for _, r in row_refs]))
    # Rows and cells may leave out r: each then follows the one before, so the farthest row is at most
    # the farthest numbered one plus the unnumbered ones, and a cell's column at most the cells in its
    # row (counted only in that rare case).
    if found > len(refs):
        seen.far_col = max(seen.far_col, max(len(p.cell.findall(part)) for part in p.row_end.split(done)))
    # Each string cell costs its shared string's length; one whose index the guard cannot read (a formula
    # before <v>, spaces, attributes on v) is counted at the longest string's.
    strings = len(p.string_cell.findall(done)) if len(lengths) else 0
    if strings:
        idx = np.array([i for _, i in p.string_index.findall(done)], dtype=np.int64)
        seen.text += int(lengths[idx[idx < len(lengths)]].sum()) + max(0, strings - len(idx)) * longest
    _check_counts(where, seen.cells, seen.far_row + seen.unplaced_rows, seen.far_col, seen.text,
                  max_rows, max_columns, max_cells)


def _check_dimension(head: bytes, where: str, max_rows: int, max_columns: int, max_cells: int) -> None:
    m = _DIMENSION.search(head)
    if not m or not m.group(4):
        return
    rows, cols = _row_number(m.group(5)), column_number(m.group(4))
    if rows * cols > max_cells and (rows > max_rows + 1 or cols > max_columns):
        far = m.group(4).decode().upper() + m.group(5).decode().lstrip("0")
        raise ScenarioError([f"{where}: declares a used range up to {shown(far, 20)} "
                             f"({rows:,} rows x {cols:,} columns), over the limits of {max_rows:,} rows and "
                             f"{max_columns:,} columns; delete the empty rows and columns, or export CSV"])


def _check_counts(where, cells, far_row, far_col, text, max_rows, max_columns, max_cells) -> None:
    if far_col > max_columns:
        raise ScenarioError([f"{where}: has a cell in column {far_col:,}, over the limit of {max_columns:,} columns "
                             "(the sheet's used range reaches far out); delete the far cells or export CSV"])
    if far_row > max_rows + 1:
        raise ScenarioError([f"{where}: has a cell in row {far_row:,}, over the limit of {max_rows:,} rows; "
                             "delete the far cells or export a shorter period"])
    if far_row * far_col > max_cells or cells > max_cells:
        raise ScenarioError([f"{where}: spans more than {max_cells:,} cells (rows x columns), the limit for one "
                             "export; export a shorter period or fewer columns"])
    if text > MAX_TEXT_BYTES:
        raise ScenarioError([f"{where}: its text would fill over {MAX_TEXT_BYTES / 2**20:,.0f} MB once read "
                             "(long texts repeated in many cells), the limit for one export; export CSV"])
