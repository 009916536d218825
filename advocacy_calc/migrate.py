"""Scenarios written by older model versions: upgrade a stored dict, one version step at a time.

A stored or exported scenario carries its model `version`. Loading one runs every step from
its version up to `CURRENT_VERSION`, then validates the result as a `Scenario`. A version this
package does not know (a newer app wrote it, or the field is garbage) is refused with a plain
message, never guessed at. A dict without `version` is the current version (so a hand-written
`{"participants": 2000}` is a complete scenario, as the README says).

Version history:
- 0: the prototype's files. The participation rate was a percent (`participation_rate_pct`,
  0-100), networks an object keyed by name, and the leads sat at the top level
  (`leads_per_month`, `cost_per_lead`, always read from analytics).
- 1: `name` held whatever the "Start from" box showed (a preset's name on a custom case); no
  provenance, so a user's number printed as the benchmark it replaced.
- 2: the current model (advocacy_calc.scenario.Scenario): `name` is the scenario's own (the
  library entry's), `prepared_by`, `based_on` (the preset it started from) and `provenance` (per
  input: measured or the user's own; any other input is its default). A version-1 file names no
  source for its numbers, so the step marks as the user's every input that differs from the
  preset it names (or the default preset), with a note saying so: never credit an article.
  `groups` (groups of advocates) came later within version 2 as an optional field: a file
  without it is one group of everyone, exactly as before, so no step and no new number (the
  CLI and the library read version-2 files as they are). A file this version writes carries
  `groups` (an empty list without groups): an older app refuses it by naming the field, never by
  reading it wrongly.
"""

from typing import Any, Callable

from .errors import ScenarioError
from .parse import parse_scenario, read_scenario_json
from .presets import DEFAULT_PRESET, PRESETS, changed_inputs, provenance_of_a_hand_written_file
from .scenario import Scenario

CURRENT_VERSION = 2
UPGRADE_NOTE = "kept from a file saved before inputs carried their source"
OLDEST_VERSION = 0


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items()
           if k not in ("participation_rate_pct", "leads_per_month", "cost_per_lead")}
    if "participation_rate_pct" in data:
        pct = data["participation_rate_pct"]
        # Only numbers are converted; anything else is passed on for the model to refuse by name.
        ok = isinstance(pct, (int, float)) and not isinstance(pct, bool)
        out["share_rate"] = pct / 100 if ok else pct
    networks = data.get("networks")
    if isinstance(networks, dict):
        out["networks"] = [{"name": name, **(fields if isinstance(fields, dict) else {})}
                           for name, fields in networks.items()]
    demand = data.get("demand", {})
    if isinstance(demand, dict) and ("leads_per_month" in data or "cost_per_lead" in data):
        demand = dict(demand)
        if "leads_per_month" in data:
            demand.setdefault("mode", "direct")
            demand["advocacy_leads_per_month"] = data["leads_per_month"]
        if "cost_per_lead" in data:
            demand["cost_per_lead"] = data["cost_per_lead"]
        out["demand"] = demand
    out["version"] = 1
    return out


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    out = {**data, "version": 2}
    name = data.get("name")
    if isinstance(name, str) and name in PRESETS:  # the "Start from" box's value, not a name of the user's
        out["name"], out["based_on"] = "", name
    preset = PRESETS[out.get("based_on") or DEFAULT_PRESET]
    try:
        scenario = parse_scenario({**out, "version": 2})
    except ScenarioError:
        return out  # invalid anyway: validation names the problem, no provenance to infer
    out["provenance"] = {path: {"kind": "user", "note": UPGRADE_NOTE} for path in changed_inputs(scenario, preset)
                         if path != "networks"}  # the list itself is no input with a value
    return out


# STEPS[v] turns a version-v dict into a version v+1 dict.
STEPS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1, 1: _v1_to_v2}


def stored_version(data: Any) -> int:
    """The model version a stored dict declares (the current one when it says none)."""
    if not isinstance(data, dict):
        raise ScenarioError([f"scenario: must be a JSON object of fields, got {type(data).__name__}"])
    version = data.get("version", CURRENT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ScenarioError([f"version: must be a whole number (model versions {OLDEST_VERSION} to "
                             f"{CURRENT_VERSION}), got {str(version)[:30]!r}"])
    if version > CURRENT_VERSION:
        raise ScenarioError([f"version: {version} was written by a newer version of this app (it reads model "
                             f"versions {OLDEST_VERSION} to {CURRENT_VERSION}); update the app to open it"])
    if version < OLDEST_VERSION:
        raise ScenarioError([f"version: {version} is not a model version (this app reads "
                             f"{OLDEST_VERSION} to {CURRENT_VERSION})"])
    return version


def upgrade(data: Any) -> dict[str, Any]:
    """The dict brought up to CURRENT_VERSION (not yet validated); ScenarioError for unknown versions."""
    version = stored_version(data)
    out = dict(data)
    while version < CURRENT_VERSION:
        out = STEPS[version](out)
        version += 1
    return out


def load_scenario(data: Any) -> Scenario:
    """Upgrade a stored dict from whatever version wrote it and validate it as a Scenario."""
    upgraded = upgrade(data)  # an upgraded version 1 file has its provenance (changed inputs, with a note)
    return provenance_of_a_hand_written_file(upgraded, parse_scenario(upgraded))


def load_scenario_json(text: str | bytes) -> Scenario:
    """A scenario file's JSON text, of any model version this app reads, upgraded and validated (the CLI
    reads files as the library does: an old file opens, it is not refused for its version)."""
    return load_scenario(read_scenario_json(text))
