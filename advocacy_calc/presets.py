"""Named starting scenarios built from the benchmark data.

"Worked example" is exactly MODEL.md's example and the default scenario. The others take
each figure from a benchmark's low (Conservative) or base (Typical B2B) value.
"""

from .benchmarks import benchmark
from .scenario import Cost, Demand, Network, Scenario

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
    return Scenario(name="Worked example")


def _conservative() -> Scenario:
    return Scenario(
        name="Conservative",
        share_rate=_b("share_rate", "low"),
        stories_per_day=_b("stories_per_day", "low"),
        valuation_basis="conservative",
        networks=[network_defaults("LinkedIn", "low")],
        demand=Demand(cost_per_lead=_b("demand.cost_per_lead", "low")),
    )


def _typical_b2b() -> Scenario:
    return Scenario(
        name="Typical B2B",
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
