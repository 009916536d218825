"""The scenario's link: the query string the app's address bar holds, as a function of a Scenario.

One encoder for every door: the app writes its address bar with these pieces (advocacy_ui.state,
identity, page_settings, forecast_state, groups), its *Copy link* is `scenario_query` of the current
scenario, and the PDF, slides and workbook print `scenario_link` (the CLI's, without a base, the
query alone). The app's URL checks (advocacy_ui.state.check_url) are the one reader.

Inputs go in under their field paths, left out at the worked example's value (as bound widgets
do); then the forecast ranges (`ranges`), the groups (`groups`), the pages' settings (`settings`),
and the name, who prepared it, what it is based on and the inputs' provenance.
"""

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from .groups import format_groups_param
from .presets import DEFAULT_PRESET, PRESETS, network_defaults
from .ranges import format_ranges_param
from .scenario import Scenario

KNOWN_NETWORKS = ("LinkedIn", "X", "Facebook", "Instagram")
NETWORK_FIELDS = ("connections", "cpm", "cpc", "ctr", "presence", "visibility")
# Inputs the app takes as whole numbers (its int widgets): a whole float prints as one.
WHOLE_NUMBERS = frozenset({"participants", "working_days_per_month", "workforce",
                           *(f"networks.{n}.connections" for n in KNOWN_NETWORKS)})
# The pages' own defaults where they are fixed: such a setting is left out of the link.
SETTING_DEFAULTS = {"timeline_months": 24, "timeline_start_share_rate": 0.02, "timeline_ramp_months": 6,
                    "timeline_shape": "s-curve", "timeline_launch_cost": 0.0, "timeline_launch_month": 1,
                    "timeline_decay_per_month": 0.0, "timeline_decay_floor": 0.7, "timeline_summer_dip": 0.0,
                    "goal_target": "value_per_month", "goal_lever": "share_rate", "forecast_distribution": "pert",
                    "forecast_draws": 100_000, "forecast_seed": 2026, "grid_x": "share_rate"}
PUBLIC_URL_ENV = "ADVOCACY_PUBLIC_URL"  # the app's public address, for links printed in files
NO_BASE_NOTE = "append to your app's address"
_UNNAMED_BASE = "Worked example"  # what a scenario with no `based_on` started from


def _default_network(name: str):
    default = PRESETS[DEFAULT_PRESET].network(name)
    return default if default is not None else network_defaults(name)


def input_values(scenario: Scenario) -> dict[str, Any]:
    """Every input by field path (the app's widget keys); networks it does not use keep their defaults."""
    values: dict[str, Any] = {
        "participants": scenario.participants,
        "workforce": scenario.workforce or 0,
        "share_rate": scenario.share_rate,
        "stories_per_day": scenario.stories_per_day,
        "working_days_per_month": scenario.working_days_per_month,
        "valuation_basis": scenario.valuation_basis,
        "currency": scenario.currency,
        "locale": scenario.locale,
        "networks": [n.name for n in scenario.networks],
        "audience_overlap": scenario.audience_overlap,
    }
    for name in KNOWN_NETWORKS:
        net = scenario.network(name) or _default_network(name)
        for f in NETWORK_FIELDS:
            values[f"networks.{name}.{f}"] = getattr(net, f)
    for group in ("demand", "cost", "hiring"):
        for f, v in getattr(scenario, group).model_dump().items():
            values[f"{group}.{f}"] = v
    for key in WHOLE_NUMBERS & values.keys():
        values[key] = int(round(values[key]))
    return values


DEFAULT_INPUTS = input_values(PRESETS[DEFAULT_PRESET])


def url_text(value: Any) -> str | list[str]:
    """One value as URL text: short where exact (0.1, 25), else every digit."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        short = f"{value:g}"
        return short if float(short) == value else repr(value)
    return str(value)


def inputs_query(values: dict[str, Any]) -> str:
    """The inputs' part of the query: only what differs from the defaults, as bound widgets do."""
    pairs: list[tuple[str, str]] = []
    for key, value in values.items():
        if key not in DEFAULT_INPUTS or value == DEFAULT_INPUTS[key]:
            continue
        text = url_text(value)
        pairs.extend((key, t) for t in text) if isinstance(text, list) else pairs.append((key, text))
    return urlencode(pairs)


def format_settings(settings: dict[str, Any]) -> str:
    """The `settings` parameter: field:value,field:value."""
    return ",".join(f"{field}:{url_text(value)}" for field, value in settings.items())


def format_provenance(sources: dict[str, dict[str, str]]) -> str:
    """The `provenance` parameter: {"path": [kind, note]}, the note left out when empty."""
    return json.dumps({p: [v["kind"], v["note"]] if v.get("note") else [v["kind"]] for p, v in sources.items()},
                      ensure_ascii=False, separators=(",", ":"))


def identity_params(name: str, prepared_by: str, based_on: str, sources: dict[str, dict[str, str]] | None
                    ) -> dict[str, str]:
    """name, prepared_by, based_on (unless the worked example) and provenance (None: left out)."""
    params = {key: text for key, text in (("name", name), ("prepared_by", prepared_by)) if text}
    if based_on and based_on != _UNNAMED_BASE:
        params["based_on"] = based_on
    if sources is not None:
        params["provenance"] = format_provenance(sources)
    return params


def scenario_query(scenario: Scenario) -> str:
    """The query string that reproduces the scenario in the app (no leading '?')."""
    inputs = inputs_query(input_values(scenario))
    ranges = format_ranges_param({p: (r.low, r.high) for p, r in scenario.ranges.items()})
    groups = format_groups_param(scenario.groups)
    settings = format_settings({f: v for f, v in scenario.settings.model_dump(exclude_none=True).items()
                                if v != SETTING_DEFAULTS.get(f, object())})
    sources = {p: v.model_dump() for p, v in scenario.provenance.items()}
    # `provenance` goes in whenever the link sets an input: its presence says the app wrote the link.
    names = identity_params(scenario.name, scenario.prepared_by, scenario.based_on,
                            sources if inputs or sources else None)
    parts = (inputs, urlencode({"ranges": ranges}) if ranges else "", urlencode({"groups": groups}) if groups else "",
             urlencode({"settings": settings}) if settings else "", urlencode(names))
    return "&".join(p for p in parts if p)


def scenario_link(scenario: Scenario, base: str | None) -> str:
    """The link printed in the files: base?query; without a base, '?query' (to append to the app's address)."""
    query = scenario_query(scenario)
    base = (base or "").strip()
    if not base:
        return f"?{query}" if query else ""
    base = base.split("?", 1)[0].split("#", 1)[0]
    return f"{base}?{query}" if query else base


def public_base_url(option: str | None = None, env: Mapping[str, str] | None = None, secret_url: str = "") -> str:
    """The public address links are printed with: a CLI option, else ADVOCACY_PUBLIC_URL, else the app's
    secret `public_url`; "" when none is configured (the caller passes os.environ: no I/O here)."""
    return (option or (env or {}).get(PUBLIC_URL_ENV) or secret_url or "").strip()
