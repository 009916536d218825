"""Reading a command's scenario: a file or stdin, capped, every problem named (shared by every command)."""

import os
import sys

from ..errors import ScenarioError
from ..migrate import load_scenario_json
from ..scenario import Scenario

# A scenario is a few kilobytes; the cap stops a wrong path (a log, a disk image) early.
MAX_FILE_BYTES = 5 * 1024 * 1024


def read_scenario_noting(source: str, problems: list[str]) -> Scenario | None:
    """read_scenario, its problems added to `problems` (None then): a command reports bad options
    and a bad scenario file in one run."""
    try:
        return read_scenario(source)
    except ScenarioError as exc:
        problems += exc.problems
        return None


def read_scenario_checked(source: str, problems: list[str]) -> Scenario:
    """read_scenario_noting, then every problem (the options' and the file's) raised at once."""
    scenario = read_scenario_noting(source, problems)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return scenario


def read_scenario(source: str) -> Scenario:
    """A validated scenario from a file or '-' (stdin), or ScenarioError naming what is wrong."""
    # The path is echoed in messages: keep control characters from reaching the terminal.
    label = "stdin" if source == "-" else source if source.isprintable() else ascii(source)
    data = _read_capped(source, label)
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError([f"{label}: larger than {MAX_FILE_BYTES // 2**20} MB, not a scenario file"])
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")  # -sig: editors on Windows often add a BOM
        except UnicodeDecodeError as exc:
            hint = "; it looks like UTF-16, save it as UTF-8" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
            raise ScenarioError([f"{label}: not UTF-8 text (byte 0x{data[exc.start]:02x} "
                                 f"at position {exc.start}){hint}"]) from None
    data = data.removeprefix("\ufeff")  # a text-mode stdin keeps the BOM
    if not data.strip():
        raise ScenarioError([f"{label}: is empty, expected a JSON object of scenario fields"])
    return load_scenario_json(data)


def _read_capped(source: str, label: str) -> bytes | str:
    # Read at most one byte past the cap: enough to refuse, never a whole huge file or stream.
    if source == "-":
        if sys.stdin is None:
            raise ScenarioError(["stdin: not available"])
        stream = getattr(sys.stdin, "buffer", sys.stdin)  # a text-only stdin (tests, embedding) is fine too
        return stream.read(MAX_FILE_BYTES + 1)
    try:
        with open(source, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError([f"{label}: no such file"]) from None
    except (IsADirectoryError, PermissionError):  # Windows says PermissionError for a directory
        what = "is a directory, not a scenario file" if os.path.isdir(source) else "permission denied"
        raise ScenarioError([f"{label}: {what}"]) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise ScenarioError([f"{label}: cannot read ({getattr(exc, 'strerror', None) or exc})"]) from None
