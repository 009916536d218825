"""Debian's LibreOffice, headless, for the tests that open an export as finance would.

Each call runs `soffice --headless --convert-to` in a throwaway profile whose
registrymodifications.xcu sets OOXMLRecalcMode (and ODFRecalcMode) to 0, "always recalculate":
without it LibreOffice shows the values xlsxwriter cached beside each formula, the package's own
numbers, and a recalculation test could never fail. One process per call, with a timeout.

`require()` skips a test with the reason when soffice is missing, and fails it instead when
REQUIRE_LIBREOFFICE=1 (CI installs libreoffice-calc-nogui and libreoffice-impress-nogui).
"""

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

TIMEOUT_S = 120  # one file; a cold start on a busy 2-core machine takes 5-20 s

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require() -> str:
    """The soffice binary, or skip (fail under REQUIRE_LIBREOFFICE=1) saying why."""
    found = soffice()
    if found:
        return found
    if os.environ.get("REQUIRE_LIBREOFFICE"):
        pytest.fail("LibreOffice (soffice) is missing but REQUIRE_LIBREOFFICE is set "
                    "(CI installs libreoffice-calc-nogui and libreoffice-impress-nogui)")
    pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui "
                "libreoffice-impress-nogui")


def convert_many(files: list[bytes], suffix: str, to: str, timeout_per_file: float = TIMEOUT_S) -> list[bytes]:
    """Each of `files` (ending in `suffix`, e.g. ".xlsx") converted by LibreOffice to `to` ("xlsx",
    "pdf", ...), recalculated on load, in one soffice process (a start costs seconds); the
    timeout is `timeout_per_file` for each file."""
    binary = require()
    with tempfile.TemporaryDirectory(prefix="advocacy-lo-") as tmp:
        root = Path(tmp)
        user = root / "profile" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        sources = []
        for i, data in enumerate(files):
            sources.append(root / f"in{i:03d}{suffix}")
            sources[-1].write_bytes(data)
        out = root / "out"
        run = subprocess.run(
            [binary, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--norestore",
             "--nolockcheck", "--convert-to", to, "--outdir", str(out), *map(str, sources)],
            capture_output=True, text=True, timeout=timeout_per_file * max(1, len(files)),
            env={**os.environ, "HOME": tmp})
        produced = []
        for source in sources:
            found = list(out.glob(source.stem + ".*")) if out.exists() else []
            if run.returncode != 0 or not found:
                raise RuntimeError(f"LibreOffice did not convert {source.name} to {to} (exit {run.returncode}): "
                                   f"{run.stdout.strip()} {run.stderr.strip()}")
            produced.append(found[0].read_bytes())
        return produced


def convert(data: bytes, suffix: str, to: str) -> bytes:
    return convert_many([data], suffix, to)[0]


def recalculate_many(workbooks: list[bytes]) -> list[bytes]:
    """Each workbook opened in LibreOffice Calc (every formula recalculated) and saved again as .xlsx."""
    return convert_many(workbooks, ".xlsx", "xlsx:Calc MS Excel 2007 XML")


def values(xlsx: bytes, recalculate: bool = True) -> dict[tuple[str, str], object]:
    """Every non-empty cell's value, (sheet, "B7") -> float, str or bool, as stored in the file
    (after LibreOffice recalculated it, unless recalculate=False)."""
    from python_calamine import CalamineWorkbook
    from xlsxwriter.utility import xl_rowcol_to_cell

    if recalculate:
        xlsx = recalculate_many([xlsx])[0]
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx))
    found: dict[tuple[str, str], object] = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value != "":
                    found[(name, xl_rowcol_to_cell(r - 1, c - 1))] = value
    return found

