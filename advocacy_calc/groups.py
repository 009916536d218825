"""Groups of advocates: each group's part of the figures, templates with sourced defaults, and the
moves that add, carve out or remove a group (docs/model.md, "Groups of advocates").

A scenario without groups is one group, everyone alike. With groups, the program's three levers
keep their meaning (participants: the total; share rate: the participant-weighted mean; stories
per day: program-wide), and each group is its weight and its rate relative to the mean. A group's
part of a figure is what its own sharers bring: reach, media value and clicks split exactly by group
(they add up to the program's); seat and time cost by group; fixed cost, hiring and read-from-analytics
leads belong to the program, not to a group.
"""

import json
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike
from pydantic import BaseModel, ConfigDict, ValidationError

from .benchmarks import Benchmark, benchmark_for
from .errors import describe_errors
from .model import evaluate, group_arrays, network_arrays
from .results import compute
from .scenario import MAX_GROUPS, AdvocateGroup, Scenario, name_key, normalised_groups

EVERYONE = "Everyone"          # the one group of a scenario without groups
EVERYONE_ELSE = "Everyone else"  # the group a template is carved out of
NO_SOURCE = "no source: your input"
TEMPLATE_PEOPLE = 100  # a template's people when added at its defaults (the sidebar's "Add a group" starts here)


class GroupTemplate(BaseModel):
    """A group to start from. Relative share rate: against the program's mean when the group is added."""

    model_config = ConfigDict(frozen=True)
    name: str
    relative_share_rate: float = 1.0
    connections: dict[str, float] = {}  # by network name; applied where the scenario has that network
    about: str


def _template_connections(name: str, network: str) -> dict[str, float]:
    found = benchmark_for(f"groups.{name}.networks.{network}.connections")
    return {network: found.base} if found else {}


def templates() -> dict[str, GroupTemplate]:
    """The six templates. No public per-role share rate is known: every relative rate is 1 until the
    user gives theirs; recruiters' LinkedIn connections are the one per-role network figure found."""
    recruiting = "Recruiting & talent"
    return {t.name: t for t in (
        GroupTemplate(name="Executives", about="Executive leaders. Share rate and connections: " + NO_SOURCE),
        GroupTemplate(name="Sales", about="Sales. Share rate and connections: " + NO_SOURCE),
        GroupTemplate(name=recruiting, connections=_template_connections(recruiting, "LinkedIn"),
                      about="Recruiting and talent. LinkedIn connections: the staffing and recruiting sector's "
                            "average (graded benchmark); share rate: " + NO_SOURCE),
        GroupTemplate(name="Marketing", about="Marketing. Share rate and connections: " + NO_SOURCE),
        GroupTemplate(name="Subject-matter experts",
                      about="Subject-matter experts. Share rate and connections: " + NO_SOURCE),
        GroupTemplate(name=EVERYONE_ELSE, about="Everyone not in another group: the network's own values"),
    )}


def template_source(template: str, network: str, field: str = "connections") -> Benchmark | None:
    """The benchmark behind a template's default, or None (no source: the user's input)."""
    return benchmark_for(f"groups.{template}.networks.{network}.{field}")


class GroupResult(BaseModel):
    """One group's part of the figures at the scenario's levers (sizes unrounded: round to show)."""

    model_config = ConfigDict(frozen=True)
    name: str
    weight: float
    participants: float
    share_rate: float
    sharers_per_story: float
    impressions_per_story: float
    impressions_per_month: float
    value_per_month: float
    clicks_per_month: float
    seat_cost_per_month: float
    time_cost_per_month: float
    value_per_participant_per_month: float | None  # None for a group of no one


def group_view(scenario: Scenario) -> list[AdvocateGroup]:
    """The scenario's groups, or its one implicit group of everyone."""
    return list(scenario.groups) or [AdvocateGroup(name=EVERYONE, weight=1.0)]


def group_parts(scenario: Scenario, participants: ArrayLike, share_rate: ArrayLike) -> dict[str, np.ndarray]:
    """Each group's part at P lever points (participants and share rate of the program): (P, G) arrays,
    one vectorised pass. Impressions, media value and clicks add up over groups to the program's."""
    groups = group_view(scenario)
    whole = scenario if scenario.groups else scenario.model_copy(update={"groups": groups})
    p, s = np.broadcast_arrays(np.atleast_1d(np.asarray(participants, dtype=float)),
                               np.atleast_1d(np.asarray(share_rate, dtype=float)))
    ev = evaluate(scenario, share_rate=s[:1], participants=p[:1])  # the valuation basis per network
    net = network_arrays(scenario)
    g = group_arrays(whole, net["presence"], net["connections"])
    people = p[:, None] * g["weight"]                                   # (P, G)
    rate = s[:, None] * g["relative_share_rate"]                       # (P, G)
    sharers = people * rate
    impressions = sharers[..., None] * (g["presence"] * g["connections"] * net["visibility"])  # (P, G, N)
    # Value per impression is per network (the basis chosen per network, docs/model.md §2-§3).
    per_impression = np.where(ev.uses_cpc, net["ctr"] * net["cpc"], net["cpm"] / 1000)
    spm = ev.stories_per_month
    seat = np.array([scenario.cost.seat_cost_per_month if x.seat_cost_per_month is None else x.seat_cost_per_month
                     for x in groups])
    value = (impressions * per_impression).sum(axis=-1) * spm
    with np.errstate(divide="ignore", invalid="ignore"):
        per_seat = np.where(people > 0, value / np.where(people > 0, people, 1.0), np.nan)
    return {
        "weight": np.broadcast_to(g["weight"], people.shape), "participants": people, "share_rate": rate,
        "sharers_per_story": sharers, "impressions_per_story": impressions.sum(axis=-1),
        "impressions_per_month": impressions.sum(axis=-1) * spm, "value_per_month": value,
        "clicks_per_month": (impressions * net["ctr"]).sum(axis=-1) * spm,
        "seat_cost_per_month": seat * people,
        "time_cost_per_month": scenario.cost.minutes_per_share / 60 * scenario.cost.hourly_cost * sharers * spm,
        "value_per_participant_per_month": per_seat,
    }


def group_results(scenario: Scenario) -> list[GroupResult]:
    """Each group's part at the scenario's own levers."""
    parts = group_parts(scenario, scenario.participants, scenario.share_rate)
    return [GroupResult(name=g.name, **{k: (None if np.isnan(v[0, i]) else float(v[0, i])) if k.startswith("value_per_p")
                                        else float(v[0, i]) for k, v in parts.items()})
            for i, g in enumerate(group_view(scenario))]


def with_group_sizes(scenario: Scenario, groups: Sequence[AdvocateGroup], people: Sequence[float],
                     share_rates: Sequence[float]) -> Scenario:
    """The scenario with these groups at these sizes and own share rates: the total becomes the whole
    number nearest their sum, the share rate their participant-weighted mean, and each group keeps its
    size's share and its rate over the mean. No group left: the scenario without groups."""
    people = np.asarray(people, dtype=float)
    rates = np.asarray(share_rates, dtype=float)
    total = float(people.sum())
    if total <= 0:
        raise ValueError("groups: at least one group must have participants")
    weights = people / total
    mean = float((weights * rates).sum())
    if mean > 0:
        relative = rates / mean
    else:  # a share rate of 0 says nothing of who shares more: keep the groups' own relative rates
        own = np.array([g.relative_share_rate for g in groups])
        own_mean = float((weights * own).sum())
        # every group left at a relative rate of 0 (nobody shares): all at the mean, which is 0 here
        relative = own / own_mean if own_mean > 0 else np.ones_like(own)
    data = scenario.model_dump()
    kept = {name_key(g.name) for g in groups}  # a removed group's inputs keep no provenance
    data["provenance"] = {path: p for path, p in data["provenance"].items()
                          if not path.startswith("groups.") or name_key(path.split(".")[1]) in kept}
    data.update(participants=int(round(total)), share_rate=float(f"{mean:.15g}"),  # 0.1 back, not 0.1000000000000002
                groups=[{**g.model_dump(), "weight": float(w), "relative_share_rate": float(r)}
                        for g, w, r in zip(groups, weights, relative)])
    if len(groups) == 1 and not groups[0].presence and not groups[0].connections \
            and groups[0].seat_cost_per_month is None:
        data["groups"] = []  # one group on the program's own values: today's scenario
    return Scenario.model_validate(data)


def group_sizes(scenario: Scenario) -> tuple[list[AdvocateGroup], list[float], list[float]]:
    """Each group (or the one group of everyone), its participants (unrounded) and its own share rate."""
    groups = group_view(scenario)
    weights, relative = normalised_groups(scenario) if scenario.groups else ([1.0], [1.0])
    return (groups, [scenario.participants * w for w in weights], [scenario.share_rate * r for r in relative])


def add_group(scenario: Scenario, template: GroupTemplate | AdvocateGroup, people: float, *,
              carve_out: bool = False, name: str | None = None, relative_share_rate: float | None = None) -> Scenario:
    """A group added from a template: `people` more participants (the total grows), or with carve_out
    `people` taken from "Everyone else" (the total stays; without groups, the crowd is Everyone else).
    The new group shares at its relative rate times today's mean; everyone else keeps their own rate."""
    groups, sizes, rates = group_sizes(scenario)
    if not scenario.groups:
        groups = [AdvocateGroup(name=EVERYONE_ELSE, weight=1.0)]
    name = name or template.name
    if any(name_key(g.name) == name_key(name) for g in groups):
        raise ValueError(f"groups: there is already a group called {name!r}")
    if len(groups) >= MAX_GROUPS:
        raise ValueError(f"groups: at most {MAX_GROUPS} groups")
    own_connections = {k: v for k, v in template.connections.items() if scenario.network(k) is not None}
    rel = template.relative_share_rate if relative_share_rate is None else relative_share_rate
    new = AdvocateGroup(name=name, weight=1.0, relative_share_rate=rel, connections=own_connections,
                        presence=getattr(template, "presence", {}),
                        seat_cost_per_month=getattr(template, "seat_cost_per_month", None))
    if carve_out:
        donor = next((i for i, g in enumerate(groups) if name_key(g.name) == name_key(EVERYONE_ELSE)), None)
        if donor is None:
            raise ValueError(f"groups: there is no {EVERYONE_ELSE!r} group to carve {name!r} out of")
        if people > sizes[donor] + 1e-9:
            raise ValueError(f"groups: {EVERYONE_ELSE!r} has {sizes[donor]:,.0f} participants, "
                             f"fewer than the {people:,.0f} to carve out")
        sizes[donor] -= people
        if sizes[donor] <= 1e-9:
            del groups[donor], sizes[donor], rates[donor]
    return with_group_sizes(scenario, [*groups, new], [*sizes, people], [*rates, scenario.share_rate * rel])


def remove_group(scenario: Scenario, name: str) -> Scenario:
    """The scenario without this group: its people leave (the total shrinks), everyone else keeps their rate."""
    groups, sizes, rates = group_sizes(scenario)
    keep = [i for i, g in enumerate(groups) if name_key(g.name) != name_key(name)]
    if len(keep) == len(groups):
        raise ValueError(f"groups: no group called {name!r}")
    return with_group_sizes(scenario, [groups[i] for i in keep], [sizes[i] for i in keep], [rates[i] for i in keep])


class GroupChange(BaseModel):
    """The program with one group removed (its people leave) or one template added at its defaults (TEMPLATE_PEOPLE
    more people, its own relative rate times today's mean), against today: what that group adds, net."""

    model_config = ConfigDict(frozen=True)
    change: str  # "without" or "with"
    group: str
    people: float  # the group's participants, unrounded
    value_per_month: float
    net_value_per_month: float
    adds_net_per_month: float  # today minus without it, or with it minus today


def add_or_remove(scenario: Scenario, people: float = TEMPLATE_PEOPLE) -> tuple[list[GroupChange], list[str]]:
    """Each group removed, then each template the scenario has not got added with `people` at its defaults;
    and one line for each change the model refuses (the last group with people, more than MAX_GROUPS, a
    workforce passed), never dropped silently."""
    today = compute(scenario)
    groups, sizes, _ = group_sizes(scenario)
    out, refused = [], []
    moves = [("without", g.name, size, lambda g=g: remove_group(scenario, g.name)) for g, size in zip(groups, sizes)]
    have = {name_key(g.name) for g in scenario.groups}
    moves += [("with", t.name, people, lambda t=t: add_group(scenario, t, people))
              for t in templates().values() if name_key(t.name) not in have]
    for change, name, size, build in moves:
        try:
            other = compute(build())
        except ValidationError as exc:  # the model's own words
            refused.append(f"{change.capitalize()} {name}: {describe_errors(exc)[0]}")
            continue
        except ValueError as exc:
            refused.append(f"{change.capitalize()} {name}: {str(exc).splitlines()[0]}")
            continue
        adds = (today.net_value_per_month - other.net_value_per_month if change == "without"
                else other.net_value_per_month - today.net_value_per_month)
        out.append(GroupChange(change=change, group=name, people=size, value_per_month=other.value_per_month,
                               net_value_per_month=other.net_value_per_month, adds_net_per_month=adds))
    return out, refused


# --- The link's form: one URL parameter, `groups`, compact JSON of each group's own values -----------

MAX_GROUPS_PARAM_CHARS = 8_000  # 8 groups with every field set stay far below this


def starting_group(team: str, scenario: Scenario) -> str:
    """The group a roster's team starts in on the Measure page: the scenario's group of the same name (the
    library's name rule: "sales" is "Sales"), else Everyone else. Templates are not guessed: a team starts in
    a group only once the user has made that group."""
    return next((g.name for g in scenario.groups if name_key(g.name) == name_key(team.strip())), EVERYONE_ELSE)


def format_groups_param(groups: Sequence[AdvocateGroup]) -> str:
    """Compact JSON of the groups, defaults left out: exact (floats as repr), any name."""
    return json.dumps([g.model_dump(mode="json", exclude_defaults=True) for g in groups],
                      separators=(",", ":"), ensure_ascii=False) if groups else ""


def read_groups_param(text: str) -> tuple[list[dict], list[str]]:
    """The groups a link carries, each checked on its own, and one problem line per unusable one
    (the rules between groups, their sums and the share rate's cap, are the scenario's: it names them)."""
    if len(text) > MAX_GROUPS_PARAM_CHARS:
        return [], [f"longer than {MAX_GROUPS_PARAM_CHARS:,} characters"]
    try:
        items = json.loads(text)
    except (ValueError, RecursionError):
        return [], ["not a list of groups (expected the app's own JSON)"]
    if not isinstance(items, list):
        return [], ["not a list of groups (expected the app's own JSON)"]
    good, problems = [], []
    for i, item in enumerate(items[:MAX_GROUPS]):
        try:
            good.append(AdvocateGroup.model_validate(item).model_dump(mode="json"))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            problems.append(f"group {i + 1}: {where + ': ' if where else ''}{first['msg']}")
    if len(items) > MAX_GROUPS:
        problems.append(f"at most {MAX_GROUPS} groups: the first {MAX_GROUPS} are kept")
    return good, problems
