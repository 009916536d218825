"""Turn validation errors into one plain line per problem: which field, what is allowed, what came.

Used by the CLI (exit 2, one line each), the app (a friendly note) and file imports; and the one
bound on how deeply a JSON file of ours may nest (scenarios, library exports, column mappings).
Part of the core: imports the scenario model only.
"""

import difflib
import math
import re
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from .scenario import Scenario, field_bounds, inner_model

__all__ = ["MAX_JSON_DEPTH", "ScenarioError", "check_json_depth", "describe_errors", "field_bounds", "json_depth",
           "validate_scenario"]


class ScenarioError(ValueError):
    """A scenario that cannot be used, with one human-readable line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def validate_scenario(data: Any) -> Scenario:
    """A decoded JSON object as a Scenario, checked by the model itself, or ScenarioError.

    For code that builds a scenario from a valid one (ranges, calibration). A scenario from
    outside goes through `parse.parse_scenario`, which adds the checks of what it carries for
    a feature (the Measure page's column mapping).
    """
    if not isinstance(data, dict):
        raise ScenarioError([f"scenario: must be a JSON object of fields, got {_kind(data)}"])
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(describe_errors(exc)) from None


# A scenario file is 4 levels deep, a library export 6, a mapping 2: 32 leaves room and stops a
# 5,000-level file before json (and then pydantic) recurse into it.
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')


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


def describe_errors(exc: ValidationError, model: type[BaseModel] = Scenario) -> list[str]:
    """One line per error, naming the field path (networks[0].cpm) and the allowed values."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = _path(loc)
        several = getattr((err.get("ctx") or {}).get("error"), "problems", None)  # scenario.ProblemList
        for message in several if err["type"] == "value_error" and several else [_message(err, model, loc)]:
            lines.append(f"{path}: {message}" if path else message)
    return lines


def _message(err: dict, model: type[BaseModel], loc: tuple) -> str:
    kind, given = err["type"], err.get("input")
    lo, hi = field_bounds(model, loc)
    allowed = f"allowed {_num(lo)} to {_num(hi)}" if lo is not None and hi is not None else None
    if kind == "extra_forbidden":
        parent = _parent_model(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), list(parent.model_fields), n=1) if parent else []
        hint = f"; did you mean '{close[0]}'?" if close else ""
        where = {"Scenario": "the scenario", "Network": "a network"}.get(
            parent.__name__ if parent else "", f"{_path(loc[:-1])}" if parent else "the scenario")
        return f"is not a field of {where}{hint}"
    if kind == "missing":
        return "is required"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{_show(given)} is out of range ({allowed or _ctx_bound(err)})"
    if kind == "finite_number":
        return f"must be a finite number, got {_show(given)}" + (f" ({allowed})" if allowed else "")
    if kind in ("int_from_float",):
        return f"must be a whole number, got {given!r}" + (f" ({allowed})" if allowed else "")
    if kind.endswith("_parsing") or kind.endswith("_type"):
        want = {"int": "a whole number", "float": "a number", "bool": "true or false", "string": "text",
                "list": "a list", "model": "an object", "dict": "an object"}.get(kind.split("_")[0], "a valid value")
        return f"must be {want}, got {_show(given)}" + (f" ({allowed})" if allowed else "")
    if kind == "literal_error":
        return f"must be one of {err['ctx']['expected']}, got {_show(given)}"
    if kind == "too_long":
        return f"is too long (at most {err['ctx'].get('max_length')})"
    if kind == "too_short":
        return f"is too short (at least {err['ctx'].get('min_length')})"
    if kind == "string_pattern_mismatch":
        return f"{_show(given)} is not allowed: use letters, digits, spaces and ()/._-"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    return err["msg"]


def _parent_model(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    for part in loc:
        if isinstance(part, int):
            continue
        if part not in model.model_fields:
            return None
        model = inner_model(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _ctx_bound(err: dict) -> str:
    ctx = err.get("ctx") or {}
    for key, words in (("ge", "at least"), ("gt", "above"), ("le", "at most"), ("lt", "below")):
        if key in ctx:
            return f"must be {words} {_num(ctx[key])}"
    return err["msg"]


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{_name(part)}" if out else _name(part))
    return out


def _name(part: Any) -> str:
    # An unknown field's name comes from the file: keep its line breaks and terminal escapes
    # out of the one-line message, and a name that is empty or huge readable.
    text = str(part)
    if not text or not text.isprintable():
        text = repr(text)
    return text if len(text) <= 60 else text[:57] + "..."


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"


def _show(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    try:
        text = repr(value)
    except ValueError:  # an int beyond Python's 4,300-digit conversion limit
        return "a number too long to show"
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false",
            type(None): "null"}.get(type(value), type(value).__name__)



def shown(text: Any, limit: int = 60) -> str:
    """Text from a file (a column name, a cell, a reference) for a one-line message: control characters
    written as escapes, at most `limit` characters (a hostile header is 64 kB of quotes)."""
    text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in str(text)[:limit + 1])
    return text if len(text) <= limit else text[:limit - 3] + "..."


def quoted(text: Any, limit: int = 60) -> str:
    """repr() of a name from a file (a column), cut to `limit` characters first: a header can be 64 kB."""
    text = str(text)
    return repr(text[:limit]) + ("..." if len(text) > limit else "")
