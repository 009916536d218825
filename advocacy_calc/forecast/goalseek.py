"""Goal seek: the share rate, or the participants, needed for a target (MODEL.md §6).

Every monthly figure is affine in the share rate and, separately, in participants (each
term is constant or proportional to sharers = participants × share rate), so two
evaluations give its line and the answer is solved exactly; ROI is a ratio of two such
lines (net value over cost), which is solved exactly too.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..model import evaluate
from ..scenario import MAX_PEOPLE, Scenario

Lever = Literal["share_rate", "participants"]
Target = Literal["value_per_month", "total_value_per_month", "net_value_per_month", "roi"]
LEVERS: tuple[Lever, ...] = ("share_rate", "participants")
TARGETS: tuple[Target, ...] = ("value_per_month", "total_value_per_month", "net_value_per_month", "roi")


class GoalSeek(BaseModel):
    model_config = ConfigDict(frozen=True)
    lever: Lever
    target: Target
    goal: float
    answer: float | None        # exact value of the lever (None when not reachable)
    whole: float | None         # participants rounded up to whole people (the lever itself for share rate)
    reachable: bool
    already_met: bool           # the figure meets the goal even at a lever of 0 (answer 0)
    reason: str                 # why not, or "" when reachable


def lever_range(scenario: Scenario, lever: Lever) -> tuple[float, float]:
    if lever == "share_rate":
        return 0.0, 1.0
    return 0.0, float(scenario.workforce or MAX_PEOPLE)


def _line(scenario: Scenario, lever: Lever, which: str) -> tuple[float, float]:
    """(intercept, slope) of a monthly figure in the lever."""
    ev = evaluate(scenario, **{lever: [0.0, 1.0]})
    y = getattr(ev, which)
    return float(y[0]), float(y[1] - y[0])


def goal_seek(scenario: Scenario, lever: Lever, target: Target, goal: float) -> GoalSeek:
    """The lever value at which the target figure equals the goal (0 when it already meets it at 0).

    For a monthly figure that is the lowest value reaching the goal; for ROI, which can fall
    as participants grow (seat costs), it is where ROI equals the goal.
    """
    if lever not in LEVERS:
        raise ValueError(f"lever must be one of {', '.join(LEVERS)}, got {lever!r}")
    if target not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}, got {target!r}")
    if not math.isfinite(goal):
        raise ValueError(f"goal must be a finite number, got {goal!r}")
    lo, hi = lever_range(scenario, lever)

    def result(answer: float | None, reason: str = "", already: bool = False) -> GoalSeek:
        whole = None if answer is None else (math.ceil(answer - 1e-9) if lever == "participants" else answer)
        return GoalSeek(lever=lever, target=target, goal=goal, answer=answer, whole=whole,
                        reachable=answer is not None, already_met=already, reason=reason)

    if target == "roi":
        n0, n1 = _line(scenario, lever, "net_value_per_month")
        c0, c1 = _line(scenario, lever, "program_cost_per_month")
        if c0 == 0 and c1 == 0:
            return result(None, "no program cost is entered, so ROI is none")
        # ROI(x) = goal  <=>  net(x) = goal × cost(x)  <=>  (n0 - goal c0) + (n1 - goal c1) x = 0, cost(x) > 0
        a, b = n0 - goal * c0, n1 - goal * c1
        if b != 0 and lo <= -a / b <= hi and c0 + c1 * (-a / b) > 0:
            return result(-a / b)
        if c0 + c1 * hi > 0 and a + b * hi >= 0:  # no crossing in range: met everywhere (cost > 0)
            return result(lo, already=True)
        return result(None, _not_reachable(scenario, lever, hi))
    y0, slope = _line(scenario, lever, target)
    if y0 >= goal:
        return result(lo, already=True)
    if slope <= 0:
        return result(None, f"not reachable: it does not grow with {_name(lever)}")
    answer = (goal - y0) / slope
    if answer > hi:
        return result(None, _not_reachable(scenario, lever, hi))
    return result(answer)


def _name(lever: Lever) -> str:
    return "the share rate" if lever == "share_rate" else "participants"


def _not_reachable(scenario: Scenario, lever: Lever, hi: float) -> str:
    if lever == "share_rate":
        return "not reachable: it would take a share rate above 100%"
    what = f"the workforce of {hi:,.0f}" if scenario.workforce else f"{hi:,.0f} participants"
    return f"not reachable with up to {what}"
