"""A scenario from outside (a file, a stored or imported entry, the app's inputs): every check.

The scenario model checks its own fields, ranges included (scenario.py). What a scenario
carries for a feature is checked by that feature and called from here: the Measure page's
column mapping (`import_mapping`) by `measure.mapping`. So the core never imports a feature,
and every door (CLI, library, app) gets the same checks by calling `parse_scenario`.
"""

import json
import re
from typing import Any

import numpy as np

from .errors import ScenarioError, validate_scenario
from .scenario import Scenario

# A scenario file is 4 levels deep, a library export 6, a mapping 2: 32 leaves room and stops a
# 5,000-level file before json (and then pydantic) recurse into it.
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')


def parse_scenario(data: Any) -> Scenario:
    """Validate a decoded JSON object as a Scenario, or raise ScenarioError (one line per problem)."""
    scenario = validate_scenario(data)
    if scenario.import_mapping:
        # Imported here for load time only: the measuring package (pandas readers) loads when
        # a scenario carries a mapping, not on every page that parses one.
        from .measure.mapping import stored_mapping_problems

        problems = stored_mapping_problems(scenario.import_mapping, "import_mapping")
        if problems:
            raise ScenarioError(problems)
    return scenario


def json_depth(text: str | bytes) -> int:
    """How deeply arrays and objects nest in JSON text (brackets inside strings do not count); vectorised."""
    raw = text.encode("utf-8", "replace") if isinstance(text, str) else bytes(text)
    codes = np.frombuffer(_JSON_STRING.sub(b'""', raw), dtype=np.uint8)
    steps = (np.isin(codes, (ord("["), ord("{"))).astype(np.int32)
             - np.isin(codes, (ord("]"), ord("}"))).astype(np.int32))
    return int(np.cumsum(steps).max()) if len(steps) else 0


def check_json_depth(text: str | bytes, where: str) -> None:
    """ScenarioError when the JSON nests deeper than any file of ours does."""
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise ScenarioError([f"{where}: JSON nested {depth:,} levels deep, more than the {MAX_JSON_DEPTH} a "
                             "scenario, library export or mapping file can have"])


def parse_scenario_json(text: str | bytes) -> Scenario:
    """Parse JSON text as a Scenario, or raise ScenarioError (also for malformed JSON)."""
    check_json_depth(text, "scenario")
    try:
        data = json.loads(text)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, or an integer too long to convert
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise ScenarioError([f"scenario: not valid JSON{where} ({_reason(exc)})"]) from None
    except RecursionError:
        raise ScenarioError(["scenario: JSON nested too deeply"]) from None
    return parse_scenario(data)


def _reason(exc: Exception) -> str:
    return exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
