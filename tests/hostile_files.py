"""Hostile exports built in memory for the tests (never committed: some unpack to hundreds of MB).

`workbook()` writes the smallest valid XLSX around a sheet's XML rows and its shared strings,
so a test states exactly which cells and strings a file has.
"""

import io
import zipfile

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
       '<Override PartName="/xl/sharedStrings.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
       '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>')

# Header "employee, date" and one data row: Ann, 2026-06-01 (as text).
HEADER_AND_ONE_ROW = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
                      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>')
STRINGS = ["employee", "date", "Ann", "2026-06-01"]


def workbook(rows_xml: str = HEADER_AND_ONE_ROW, strings: list[str] | None = None, dimension: str | None = None,
             extra: dict[str, bytes] | None = None) -> bytes:
    strings = STRINGS if strings is None else strings
    shared = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet '
             'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             + (f'<dimension ref="{dimension}"/>' if dimension else "") + f"<sheetData>{rows_xml}</sheetData></worksheet>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        z.writestr("xl/sharedStrings.xml", shared)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def far_cell_workbook() -> bytes:
    """1.6 kB: a valid sheet plus one cell at XFD1048576 (calamine would ask for 512 GB and abort)."""
    return workbook(HEADER_AND_ONE_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def shared_string_bomb(megabytes: int = 100) -> bytes:
    """One shared string of `megabytes` MB (compresses about 1000:1)."""
    return workbook(strings=["employee", "date", "A" * (megabytes * 2**20), "2026-06-01"])


def repeated_string_bomb(cells: int = 50_000, length: int = 10_000) -> bytes:
    """`cells` cells pointing at one string of `length` characters: small file, ~500 MB once read."""
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>2</v></c><c r="B{i}" t="s"><v>3</v></c></row>'
                   for i in range(3, cells + 3))
    return workbook(HEADER_AND_ONE_ROW + rows, strings=["employee", "date", "B" * length, "2026-06-01"])


def far_cell_single_quoted_workbook() -> bytes:
    """The far cell written with single quotes, which the first guard did not read (calamine does)."""
    return workbook(HEADER_AND_ONE_ROW + "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>")
