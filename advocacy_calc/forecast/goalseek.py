"""Goal seek: the share rate, or the participants, needed for a target (docs/model.md §7).

Every monthly figure is affine in the share rate and, separately, in participants (each
term is constant or proportional to sharers = participants × share rate), so two
evaluations give its line and the answer is solved exactly; ROI is a ratio of two such
lines (net value over cost), which is solved exactly too.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from ..formatting import DEFAULT_LOCALE, count, currency_of, money, percent, round_half_up
from ..model import evaluate
from ..scenario import MAX_PEOPLE, Scenario

Lever = Literal["share_rate", "participants"]
Target = Literal["value_per_month", "total_value_per_month", "net_value_per_month", "roi"]
LEVERS: tuple[Lever, ...] = ("share_rate", "participants")
TARGETS: tuple[Target, ...] = ("value_per_month", "total_value_per_month", "net_value_per_month", "roi")


Direction = Literal["at_least", "at_most"]


class GoalSeek(BaseModel):
    model_config = ConfigDict(frozen=True)
    lever: Lever
    target: Target
    goal: float
    answer: float | None        # exact value of the lever (None when not reachable)
    whole: float | None         # participants as whole people meeting the goal (the lever itself for share rate)
    reachable: bool
    already_met: bool           # the goal is met at every lever value from 0 (answer 0), or, when the figure
                                # falls as the lever grows, up to the top of the range (answer: the top)
    reason: str                 # why not, or "" when reachable
    direction: Direction = "at_least"  # the goal holds from the answer up (at least) or up to it (at most)


def lever_range(scenario: Scenario, lever: Lever) -> tuple[float, float]:
    if lever == "share_rate":
        return 0.0, scenario.share_rate_cap  # with groups: where the keenest group shares every story
    return 0.0, float(scenario.workforce or MAX_PEOPLE)


def _line(scenario: Scenario, lever: Lever, which: str) -> tuple[float, float]:
    """(intercept, slope) of a monthly figure in the lever."""
    ev = evaluate(scenario, **{lever: [0.0, 1.0]})
    y = getattr(ev, which)
    return float(y[0]), float(y[1] - y[0])


def figure(scenario: Scenario, lever: Lever, target: Target, at: np.ndarray) -> np.ndarray:
    """The target figure at each lever value, as compute() gets it (ROI: NaN where there is no cost)."""
    ev = evaluate(scenario, **{lever: np.asarray(at, dtype=float)})
    if target != "roi":
        return np.asarray(getattr(ev, target), dtype=float)
    cost = np.asarray(ev.program_cost_per_month, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(cost > 0, ev.net_value_per_month / np.where(cost > 0, cost, 1.0), np.nan)


def goal_seek(scenario: Scenario, lever: Lever, target: Target, goal: float) -> GoalSeek:
    """The lever value at which the target figure reaches the goal.

    A figure that grows with the lever meets the goal from the answer up ("at least"); one that falls
    (ROI as seat costs grow with participants) meets it up to the answer ("at most"). The ends of the
    range are checked with the figure itself, so today's own figure at the top of the range is
    reachable; whole participants are found by testing the counts around the real root.
    """
    if lever not in LEVERS:
        raise ValueError(f"lever must be one of {', '.join(LEVERS)}, got {lever!r}")
    if target not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}, got {target!r}")
    if not math.isfinite(goal):
        raise ValueError(f"goal must be a finite number, got {goal!r}")
    lo, hi = lever_range(scenario, lever)

    def result(answer: float | None, reason: str = "", already: bool = False,
               direction: Direction = "at_least") -> GoalSeek:
        whole = answer
        if answer is not None and lever == "participants":
            whole = _whole(scenario, target, goal, answer, lo, hi, direction)
        return GoalSeek(lever=lever, target=target, goal=goal, answer=answer, whole=whole,
                        reachable=answer is not None, already_met=already, reason=reason, direction=direction)

    if target == "roi":
        n0, n1 = _line(scenario, lever, "net_value_per_month")
        c0, c1 = _line(scenario, lever, "program_cost_per_month")
        if c0 == 0 and c1 == 0:
            return result(None, "no program cost is entered, so ROI is none")
        # ROI(x) = goal  <=>  net(x) = goal × cost(x)  <=>  (n0 - goal c0) + (n1 - goal c1) x = 0, cost(x) > 0;
        # dROI/dx has the sign of n1 c0 - n0 c1 wherever cost > 0.
        a, b = n0 - goal * c0, n1 - goal * c1
        root = -a / b if b != 0 else None
        rising = n1 * c0 - n0 * c1 >= 0
        at_lo = float(figure(scenario, lever, target, [lo])[0])
        if not math.isfinite(at_lo):  # no cost at 0: ROI's limit as the lever leaves 0
            at_lo = math.copysign(math.inf, n0) if n0 != 0 else (n1 / c1 if c1 else math.nan)
    else:
        y0, slope = _line(scenario, lever, target)
        root = (goal - y0) / slope if slope != 0 else None
        rising = slope >= 0
        at_lo = float(figure(scenario, lever, target, [lo])[0])
    at_hi = float(figure(scenario, lever, target, [hi])[0])
    if rising:
        if at_lo >= goal:
            return result(lo, already=True)
        if not at_hi >= goal:
            if lo == hi or (target != "roi" and slope <= 0):
                return result(None, f"not reachable: it does not grow with {_name(lever)}")
            return result(None, _not_reachable(scenario, lever, hi))
        return result(min(max(root if root is not None else hi, lo), hi))
    if not at_lo >= goal:
        return result(None, f"not reachable: it falls as {_name(lever)} grow and is below the goal even at 0",
                      direction="at_most")
    if at_hi >= goal:
        return result(hi, already=True, direction="at_most")
    return result(min(max(root if root is not None else lo, lo), hi), direction="at_most")


def _whole(scenario: Scenario, target: Target, goal: float, answer: float, lo: float, hi: float,
           direction: Direction) -> float:
    """Whole participants meeting the goal: the fewest (at least) or the most (at most), by testing the
    counts around the real root with the figure itself (8,736.000000021 is 8,736 when 8,736 meets it)."""
    first, last = math.ceil(lo), math.floor(hi)
    counts = np.arange(max(first, math.floor(answer) - 2), min(last, math.ceil(answer) + 2) + 1, dtype=float)
    if len(counts) == 0:
        return float(min(max(round(answer), first), last))
    ok = figure(scenario, "participants", target, counts) >= goal
    if not ok.any():
        return float(math.ceil(answer) if direction == "at_least" else math.floor(answer))
    return float(counts[ok][0] if direction == "at_least" else counts[ok][-1])
def _name(lever: Lever) -> str:
    return "the share rate" if lever == "share_rate" else "participants"


def _not_reachable(scenario: Scenario, lever: Lever, hi: float) -> str:
    if lever == "share_rate":
        return f"not reachable: it would take a share rate above {percent(1.0, locale=scenario.locale)}"
    people = count(hi, scenario.locale)
    what = f"the workforce of {people}" if scenario.workforce else f"{people} participants"
    return f"not reachable with up to {what}"


TARGET_LABELS = {"value_per_month": "Media value per month", "total_value_per_month": "Total value per month",
                 "net_value_per_month": "Net value per month", "roi": "ROI"}


def lever_text(lever: Lever, value: float, direction: Direction = "at_least", locale: str = DEFAULT_LOCALE) -> str:
    """The lever as a person reads it, in the scenario's locale. A share rate is rounded toward the side that
    still meets the goal (up for "at least", down for "at most"), so the printed figure is one that meets it."""
    if lever == "participants":
        return f"{count(value, locale)} participants"
    hundredths = float(round_half_up(value * 10_000, 6))  # percent with two decimals, float noise removed
    shown = (math.ceil(hundredths) if direction == "at_least" else math.floor(hundredths)) / 10_000
    return percent(shown, 2, locale)


def sentence(g: GoalSeek, scenario: Scenario) -> str:
    """The goal seek's answer in one Markdown sentence, saying "at least" or "at most" as the figure moves."""
    label = TARGET_LABELS[g.target]
    what = label if g.target == "roi" else label.lower()
    wanted = percent(g.goal, locale=scenario.locale) if g.target == "roi" else money(g.goal, currency_of(scenario))
    lever_words = "share rate" if g.lever == "share_rate" else "participants"
    if not g.reachable:
        return f"**Not reachable:** {what} of {wanted} {g.reason.removeprefix('not reachable: ')}."
    if g.already_met and g.direction == "at_least":
        return f"Already met: {what} is at least {wanted} even at zero {lever_words}."
    if g.already_met:
        return (f"Met across the whole range: {what} falls as {lever_words} grow but stays at {wanted} or more "
                f"up to {lever_text(g.lever, g.answer, 'at_most', scenario.locale)}.")
    now = lever_text(g.lever, getattr(scenario, g.lever), locale=scenario.locale)
    answer = lever_text(g.lever, g.whole if g.lever == "participants" else g.answer, g.direction, scenario.locale)
    if g.direction == "at_least":
        return (f"{label} of **{wanted}** takes **at least {answer}** (now {now}), everything else as it is. "
                "Marked on the chart.")
    return (f"{label} of **{wanted}** holds with **at most {answer}** (now {now}): {what} falls as {lever_words} "
            "grow, so more would miss it. Marked on the chart.")
