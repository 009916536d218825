"""Workbooks written the ways calamine accepts but the first guard did not look for (QA, issue 11):
single quotes, spaces around "=", lower-case references, leading zeros, a long comment or blank space
before the root, another root element, ">" inside an attribute value. Each is refused in one line by the
reader, by the app's reader worker and by the CLI (exit 2), in bounded time and memory. Every file is
built here."""

import io
import resource
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_calc.errors import ScenarioError
from advocacy_calc.measure import read_table
from advocacy_ui.upload_reader import ReaderWorker
from hostile_files import HEADER_AND_ONE_ROW, workbook

FAR = "has a cell in column 16,384, over the limit of 500 columns"
TEXT = "its text would fill over 100 MB once read"


def _sheet_edited(data: bytes, edit) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            part = source.read(info)
            z.writestr(info.filename, edit(part) if info.filename == "xl/worksheets/sheet1.xml" else part)
    return buf.getvalue()


def _far(row_xml: str, edit=None) -> bytes:
    data = workbook(HEADER_AND_ONE_ROW + row_xml)
    return _sheet_edited(data, edit) if edit else data


def _strings_bomb(cell: str) -> bytes:
    """50,000 rows of two cells pointing at one 10,000-character string: ~1 GB once read."""
    rows = "".join(f"<row r='{i}'>" + cell.format(ref=f"A{i}") + cell.format(ref=f"B{i}") + "</row>"
                   for i in range(3, 50_003))
    return workbook(HEADER_AND_ONE_ROW + rows, strings=["employee", "date", "B" * 10_000, "2026-06-01"])


VARIANTS = {
    "single quotes": (lambda: _far("<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>"), FAR),
    "spaces around =": (lambda: _far('<row r = "1048576"><c r\n=\t"XFD1048576"><v>1</v></c></row>'), FAR),
    "lower case": (lambda: _far('<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>'), FAR),
    "leading zeros": (lambda: _far('<row><c r="XFD0000000001048576"><v>1</v></c></row>'), FAR),
    "> in a value": (lambda: _far('<row r="1048576"><c s=">" r="XFD1048576"><v>1</v></c></row>'), FAR),
    "two r, last wins": (lambda: _far('<row r="5"><c r="A5" r="XFD5"><v>1</v></c></row>'), FAR),
    "70 kB comment first": (lambda: _far('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                                         lambda b: b.replace(b"?>", b"?><!--" + b"x" * 70_000 + b"-->", 1)), FAR),
    "70 kB blank space first": (lambda: _far('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                                             lambda b: b.replace(b"?>", b"?>" + b" " * 70_000, 1)), FAR),
    "another root element": (lambda: _far('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                                          lambda b: b.replace(b"worksheet", b"banana")), FAR),
    # calamine panics (exit 134) on a row number past 32 bits
    "an 11-digit row": (lambda: _far('<row r="99999999999"><c><v>1</v></c></row>'),
                        "has a cell in row 99,999,999,999, over the limit of 2,000,000 rows"),
    "t='s', single quotes": (lambda: _strings_bomb("<c r='{ref}' t='s'><v>2</v></c>"), TEXT),
    "t = \"s\", a formula before v": (lambda: _strings_bomb('<c r="{ref}" t = "s"><f>1</f><v>2</v></c>'), TEXT),
    "an index calamine reads as 0": (lambda: _strings_bomb('<c r="{ref}" t="s"><v> x</v></c>').replace(
        b"<si><t>employee</t></si>", b"<si><t>" + b"E" * 10_000 + b"</t></si>"), TEXT),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_each_way_of_writing_a_far_cell_or_a_string_bomb_is_refused(name):
    make, expected = VARIANTS[name]
    with pytest.raises(ScenarioError) as info:
        read_table(make(), "hostile.xlsx")
    assert len(info.value.problems) == 1
    line = info.value.problems[0]
    assert line.startswith("hostile.xlsx: sheet sheet1.xml: ") and expected in line, line
    assert len(line) < 300


@pytest.mark.parametrize("attribute", [' s="' + "1" * 1025 + '"', " s='1", " foo"])
def test_a_cell_tag_the_guard_cannot_read_is_refused_not_guessed(attribute):
    # An attribute too long to scan (or malformed) could hide the r that calamine reads after it.
    data = _far(f'<row r="3"><c{attribute} r="XFD3"><v>1</v></c></row>')
    with pytest.raises(ScenarioError) as info:
        read_table(data, "tag.xlsx")
    assert info.value.problems == ["tag.xlsx: sheet sheet1.xml: has a cell or row whose tag cannot be read (an "
                                   "attribute over 1,024 characters, or malformed); save it again from Excel or "
                                   "export CSV"]


def test_real_attributes_still_read():
    # What Excel and LibreOffice write: styles, types, spans, namespaced attributes, single quotes.
    rows = ('<row r="3" spans="1:2" x14ac:dyDescent="0.25"><c r=\'A3\' s="1" t="s"><v>2</v></c>'
            '<c r="B3" t = "s" s="2"><v>3</v></c></row>')
    raw = read_table(workbook(HEADER_AND_ONE_ROW + rows), "ok.xlsx")
    assert raw.frame["employee"].tolist() == ["Ann", "Ann"]


def test_the_reader_worker_refuses_the_variants_in_words():
    w = ReaderWorker(memory_bytes=1024 * 2**20, seconds=60)
    try:
        for name in ("single quotes", "70 kB comment first", "t='s', single quotes"):
            make, expected = VARIANTS[name]
            with pytest.raises(ScenarioError) as info:
                w.read(make(), "hostile.xlsx")
            assert expected in info.value.problems[0] and "MB allowed" not in info.value.problems[0], name
    finally:
        w.close()


def _limit_memory():  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))


@pytest.mark.parametrize("name", ["single quotes", "lower case", "70 kB comment first", "an 11-digit row",
                                  "t='s', single quotes"])
def test_the_cli_refuses_each_variant_with_exit_2_and_one_line(tmp_path, name):
    make, expected = VARIANTS[name]
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(make())
    done = subprocess.run([sys.executable, "-m", "advocacy_calc", "measure", "--shares", str(path)],
                          capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    assert done.returncode == 2, done.stderr  # was 134 (abort) or a 1.8 GB run
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "unexpected" not in lines[0], done.stderr


# --- the CLI's backstop: workbooks are read in the worker, so no file can abort the command ---------

def _numbers_workbook(rows: int) -> bytes:
    body = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="B{i}"><v>{i * 7}</v></c>'
                   f'<c r="C{i}"><v>{i % 13}</v></c><c r="D{i}"><v>{i * 3}</v></c></row>' for i in range(2, rows + 2))
    return workbook('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
                    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' + body,
                    strings=["User", "Shared at", "Story", "Clicks"])


def test_the_cli_reads_workbooks_in_the_worker_and_csv_in_itself(tmp_path, monkeypatch, capsys):
    from advocacy_calc.cli import main
    from advocacy_calc.measure import worker as worker_module

    seen = []

    class Recording(ReaderWorker):
        def read(self, data, filename):
            seen.append(filename)
            return super().read(data, filename)

    monkeypatch.setattr(worker_module, "ReaderWorker", Recording)
    (tmp_path / "shares.csv").write_text("User,Shared at,Story\nAnn,2026-06-01,A\n")
    (tmp_path / "far.xlsx").write_bytes(_far("<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>"))
    assert main(["measure", "--shares", str(tmp_path / "shares.csv"), "--leads", str(tmp_path / "far.xlsx")]) == 2
    assert seen == [str(tmp_path / "far.xlsx")]
    assert FAR in capsys.readouterr().err


def test_without_posix_the_cli_reads_workbooks_itself(tmp_path, monkeypatch, capsys):
    # Windows has no RLIMIT_AS: the command still reads a workbook (the guard stands alone), no worker.
    from advocacy_calc.cli import main
    from advocacy_calc.measure import worker as worker_module

    def no_worker(*args, **kwargs):
        raise AssertionError("a worker was started")
    monkeypatch.setattr(worker_module, "AVAILABLE", False)
    monkeypatch.setattr(worker_module, "ReaderWorker", no_worker)
    path = tmp_path / "shares.xlsx"
    path.write_bytes(workbook('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
                              '<c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>3</v></c>'
                              '<c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c></row>',
                              strings=["User", "Shared at", "Story", "Ann", "2026-06-01", "A"]))
    assert main(["measure", "--shares", str(path)]) == 0
    assert '"shares": 1' in capsys.readouterr().out


def test_a_reader_that_runs_out_of_memory_is_a_sentence_from_the_cli(tmp_path, monkeypatch, capfd):
    # In a 450 MB worker (pandas alone takes ~0.4 GB of address space) a 600,000-row workbook, within every
    # guard limit, cannot be read: calamine's allocation fails and aborts the worker (measured with 300,000
    # rows at 500 MB: "memory allocation of 38400128 bytes failed"), as a far cell would if the guard missed
    # one. The command lives and says so in one line.
    from advocacy_calc.cli import main
    from advocacy_calc.measure import worker as worker_module

    tight = 450 * 2**20
    monkeypatch.setattr(worker_module, "ReaderWorker", lambda quiet: ReaderWorker(memory_bytes=tight, quiet=quiet))
    (tmp_path / "big.xlsx").write_bytes(_numbers_workbook(600_000))
    assert main(["measure", "--shares", str(tmp_path / "big.xlsx")]) == 2
    err = capfd.readouterr().err.strip()  # the file descriptor: the worker's own stderr would show here
    assert err == ("error: big.xlsx: reading it needs more than the 450 MB allowed for one file; export a "
                   "shorter period or fewer columns, or save it as CSV"), err  # one line: no crash report, no log


def test_an_image_with_stray_cell_like_bytes_is_not_read_as_a_sheet():
    # A logo's pixels may hold "<c " or "<row" by chance; calamine cannot read a part whose leading text
    # is not UTF-8 as a sheet, so the guard skips it (a 1 kB PNG-like part, a malformed "cell" inside).
    image = b"\x89PNG\r\n\x1a\n" + b"\x00\x91" * 300 + b"<c s='" + b"\xfe" * 2000 + b"<row " + b"\x07" * 100
    raw = read_table(workbook(extra={"xl/media/image1.png": image}), "logo.xlsx")
    assert raw.columns == ["employee", "date"]


def test_a_sheet_with_non_utf8_bytes_only_inside_an_attribute_is_still_measured():
    # calamine does not check attribute values as UTF-8 (measured): such a sheet is read, so it is measured.
    data = _far('<row r="3"><c r="XFD3" s="\x89"><v>1</v></c></row>', lambda b: b.replace(b"\xc2\x89", b"\x89"))
    with pytest.raises(ScenarioError) as info:
        read_table(data, "attr.xlsx")
    assert FAR in info.value.problems[0]


# --- any way of writing a cell tag that calamine reads, the guard reads the same -----------------

_SPACE = st.sampled_from(["", " ", "\n", "\t", "  "])
# Other attributes, each name once (calamine places a cell with a repeated attribute by position, measured).
_EXTRA = st.lists(st.sampled_from(['s="1"', 'x14ac:dyDescent="0.25"', 'cm="1"', 'vm = "1"', "t='n'", 'ph=">"',
                                   "xr:r='<'"]), max_size=4, unique_by=lambda a: a.split("=")[0].strip())


@st.composite
def cell_tag(draw, column: str, row: int):
    """A cell tag at column/row written any way quick-xml reads: either quote, spaces, case, leading zeros,
    other attributes before and after."""
    quote = draw(st.sampled_from(['"', "'"]))
    letters = "".join(c.lower() if draw(st.booleans()) else c for c in column)
    digits = "0" * draw(st.integers(0, 3)) + str(row)
    r = f"r{draw(_SPACE)}={draw(_SPACE)}{quote}{letters}{digits}{quote}"
    extra = draw(_EXTRA)
    split = draw(st.integers(0, len(extra)))
    attrs = " ".join(extra[:split] + [r] + extra[split:])
    return f"<c {attrs}{draw(_SPACE)}><v>1</v></c>"


@settings(max_examples=60, deadline=None)
@given(tag=cell_tag("XFD", 5))
def test_a_far_cell_written_any_way_is_refused(tag):
    with pytest.raises(ScenarioError) as info:
        read_table(workbook(HEADER_AND_ONE_ROW + f'<row r="5">{tag}</row>'), "far.xlsx")
    assert FAR in info.value.problems[0], (tag, info.value.problems)


@settings(max_examples=30, deadline=None)
@given(tag=cell_tag("C", 3))
def test_a_near_cell_written_any_way_reads_where_calamine_puts_it(tag):
    raw = read_table(workbook(HEADER_AND_ONE_ROW + f'<row r="3">{tag}</row>'), "near.xlsx")
    assert raw.frame.shape == (2, 3) and raw.frame.iloc[1, 2] == 1, (tag, raw.frame)


def test_two_shared_string_parts_count_each_string_at_its_longest():
    # A second table of strings under another capitalisation, with few but long strings: whichever one
    # the reader takes, the guard counts the worse.
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>2</v></c><c r="B{i}" t="s"><v>3</v></c></row>'
                   for i in range(3, 50_003))
    long_table = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                  + "<si><t>employee</t></si><si><t>date</t></si>" + f"<si><t>{'B' * 10_000}</t></si>" + "</sst>")
    data = workbook(HEADER_AND_ONE_ROW + rows, strings=["employee", "date", "Ann", "2026-06-01", "x", "y"],
                    extra={"xl/SharedStrings.xml": long_table.encode()})
    with pytest.raises(ScenarioError) as info:
        read_table(data, "two.xlsx")
    assert TEXT in info.value.problems[0]
