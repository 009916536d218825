"""A scenario from outside (a file, a stored or imported entry, the app's inputs): every check.

The scenario model checks its own fields, ranges included (scenario.py). What a scenario
carries for a feature is checked by that feature and called from here: the Measure page's
column mapping (`import_mapping`) by `measure.mapping`. So the core never imports a feature,
and every door (CLI, library, app) gets the same checks by calling `parse_scenario`.
"""

import json
from typing import Any

from .errors import ScenarioError, check_json_depth, validate_scenario
from .presets import provenance_of_a_hand_written_file
from .scenario import Scenario


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


def read_scenario_json(text: str | bytes) -> Any:
    """JSON text as data, or ScenarioError for malformed or too deeply nested JSON (not yet a Scenario)."""
    check_json_depth(text, "scenario")
    try:
        return json.loads(text)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, or an integer too long to convert
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise ScenarioError([f"scenario: not valid JSON{where} ({_reason(exc)})"]) from None
    except RecursionError:
        raise ScenarioError(["scenario: JSON nested too deeply"]) from None


def parse_scenario_json(text: str | bytes) -> Scenario:
    """Parse JSON text of the current model version as a Scenario, or raise ScenarioError (also for
    malformed JSON). A file of any version: migrate.load_scenario_json."""
    data = read_scenario_json(text)
    return provenance_of_a_hand_written_file(data, parse_scenario(data))


def _reason(exc: Exception) -> str:
    return exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
