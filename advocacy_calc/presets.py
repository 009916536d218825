"""Named starting scenarios built from the benchmark data.

"Worked example" is exactly the source's worked example and the default scenario. The others take
each figure from a benchmark's low (Conservative) or base (Typical B2B) value. A preset has no
name of its own: it is what a scenario is `based_on`, and `display_name` says "Typical B2B,
modified" once an input differs from it.
"""

from typing import Any

from .benchmarks import benchmark
from .scenario import MAX_PROVENANCE, Cost, Demand, Network, Scenario, input_paths

DEFAULT_PRESET = "Worked example"


def _b(benchmark_id: str, point: str = "base") -> float:
    return getattr(benchmark(benchmark_id), point)


def network_defaults(name: str, point: str = "base") -> Network:
    """A network with benchmark figures where they exist (0 = unknown price)."""
    def pick(field: str, fallback: float) -> float:
        try:
            return _b(f"networks.{name}.{field}", point)
        except KeyError:
            return fallback
    return Network(
        name=name,
        connections=pick("connections", _b("connections")),
        cpm=pick("cpm", 0.0),
        cpc=pick("cpc", 0.0),
        ctr=pick("ctr", 0.0),
        visibility=_b("visibility", point),
    )


def _worked_example() -> Scenario:
    return Scenario(based_on="Worked example")


def _conservative() -> Scenario:
    return Scenario(
        based_on="Conservative",
        share_rate=_b("share_rate", "low"),
        stories_per_day=_b("stories_per_day", "low"),
        valuation_basis="conservative",
        networks=[network_defaults("LinkedIn", "low")],
        demand=Demand(cost_per_lead=_b("demand.cost_per_lead", "low")),
    )


def _typical_b2b() -> Scenario:
    return Scenario(
        based_on="Typical B2B",
        networks=[network_defaults("LinkedIn"), network_defaults("Facebook")],
        demand=Demand(cost_per_lead=_b("demand.cost_per_lead", "high")),
        cost=Cost(seat_cost_per_month=_b("cost.illustrative_seat_cost")),
    )


PRESETS = {
    "Worked example": _worked_example(),
    "Conservative": _conservative(),
    "Typical B2B": _typical_b2b(),
}
PRESET_NOTES = {
    "Worked example": "Exactly the worked example of the source article: one network, every connection sees the share.",
    "Conservative": "Benchmark low points on LinkedIn, 5% organic visibility, the cheaper of CPM and CPC.",
    "Typical B2B": "Benchmark middles on LinkedIn and Facebook, 6% organic visibility, an illustrative "
                   "seat cost of $10 (grade U: replace it with your quote).",
}

UNNAMED = "Unnamed scenario"
# A scenario's own words and bookkeeping, not inputs: they never make it "modified".
NOT_INPUTS = frozenset({"version", "name", "prepared_by", "based_on", "provenance", "ranges", "settings",
                        "import_mapping"})


def _inputs(scenario: Scenario) -> dict[str, Any]:
    data = scenario.model_dump(mode="json", exclude=set(NOT_INPUTS))
    data["networks"] = {n.pop("name"): n for n in data["networks"]}
    data["groups"] = {g.pop("name"): g for g in data["groups"]}
    return data


def changed_inputs(scenario: Scenario, base: Scenario) -> list[str]:
    """Field paths of the inputs whose value differs from `base` (a network added or dropped
    counts as each of its inputs; the network list itself as `networks`)."""
    ours, theirs = _inputs(scenario), _inputs(base)
    changed = []
    if list(ours["networks"]) != list(theirs["networks"]):
        changed.append("networks")
    if list(ours["groups"]) != list(theirs["groups"]):
        changed.append("groups")
    for path in input_paths(scenario):
        if _at(ours, path) != _at(theirs, path):
            changed.append(path)
    return changed


def _at(data: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    if head == "networks":
        name, _, field = rest.rpartition(".")
        return data["networks"].get(name, {}).get(field)
    if head == "groups":  # groups.<name>.<field> or groups.<name>.networks.<network>.<field> (no dot in a name)
        name, _, field = rest.partition(".")
        group = data["groups"].get(name, {})
        if field.startswith("networks."):
            network, _, own = field[len("networks."):].rpartition(".")
            return group.get(own, {}).get(network)
        return group.get(field)
    return data[head] if not rest else data[head].get(rest)


def display_name(scenario: Scenario, base: Scenario | None = None) -> str:
    """What the case is called in the app and the files: its own name; else the preset (or given
    `base`) it is based on, with ", modified" once an input differs; else "Unnamed scenario"."""
    if scenario.name.strip():
        return scenario.name.strip()
    base = base if base is not None else PRESETS.get(scenario.based_on)
    if not scenario.based_on:
        return UNNAMED
    if base is None:
        return f"Based on {scenario.based_on}"
    return f"{scenario.based_on}, modified" if changed_inputs(scenario, base) else scenario.based_on


def provenance_of_a_hand_written_file(data: Any, scenario: Scenario) -> Scenario:
    """A scenario file that says nothing of where its numbers come from (no `provenance`: written by hand
    or by another tool) holds the user's own numbers wherever it differs from the preset it is based on
    (the worked example unless it says): they print as "your input", never credited to a benchmark's
    article. A file the app or the CLI wrote always carries `provenance` (empty when nothing changed),
    as a link the app wrote does (a hand-written link is treated the same way)."""
    if not isinstance(data, dict) or "provenance" in data:
        return scenario
    preset = PRESETS.get(scenario.based_on) or PRESETS[DEFAULT_PRESET]
    paths = [path for path in changed_inputs(scenario, preset)
             if path not in ("networks", "groups")]  # the lists themselves are no inputs with a value
    mine = {path: {"kind": "user", "note": ""} for path in paths[:MAX_PROVENANCE]}  # the cap: every input
    if not mine:
        return scenario
    return Scenario.model_validate({**scenario.model_dump(mode="python"), "provenance": mine})
