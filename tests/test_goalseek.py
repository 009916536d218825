"""Goal seek exact at the boundaries, whole counts exact, and the sentence saying "at least" or "at most"
(issue 10 §4: the audit's cases rebuilt)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_calc import PRESETS, Cost, Network, Scenario, compute
from advocacy_calc.forecast.goalseek import goal_seek, sentence

TARGETS = ("value_per_month", "total_value_per_month", "net_value_per_month")


@settings(max_examples=40, deadline=None)
@given(preset=st.sampled_from(sorted(PRESETS)), target=st.sampled_from(TARGETS), workforce=st.integers(1, 50_000),
       seat=st.floats(0, 5), share=st.floats(0.001, 1))
def test_todays_own_figure_at_the_top_of_the_range_is_reachable(preset, target, workforce, seat, share):
    # The audit: 9,145 of 48,000 such cases said "not reachable".
    s = PRESETS[preset].model_copy(update={"share_rate": 1.0, "cost": Cost(seat_cost_per_month=seat)})
    g = goal_seek(s, "share_rate", target, getattr(compute(s), target))
    assert g.reachable and g.answer <= 1.0
    s = PRESETS[preset].model_copy(update={"participants": workforce, "workforce": workforce, "share_rate": share,
                                           "cost": Cost(seat_cost_per_month=seat)})
    g = goal_seek(s, "participants", target, getattr(compute(s), target))
    assert g.reachable and g.whole <= workforce


@settings(max_examples=40, deadline=None)
@given(preset=st.sampled_from(sorted(PRESETS)), target=st.sampled_from(TARGETS), n=st.integers(1, 100_000),
       share=st.floats(0.001, 1))
def test_a_goal_met_exactly_at_a_whole_count_gives_that_count(preset, target, n, share):
    # The audit: 8,736.000000021 shown as 8,737 (645 of 9,000 cases).
    s = PRESETS[preset].model_copy(update={"share_rate": share})
    goal = getattr(compute(s.model_copy(update={"participants": n})), target)
    g = goal_seek(s, "participants", target, goal)
    if not g.already_met:
        assert g.whole == n


def _falling_roi() -> Scenario:
    # Worked by hand: each participant adds 0.1 × 100 connections × $10 / 1,000 × 31.5 stories = $3.15 of media
    # value and costs $10 a seat; leads add a fixed $1,000. ROI(x) = (1,000 + 3.15 x − 10 x) / (10 x)
    # = 100 / x − 0.685, falling. ROI 2 needs 100 / x ≥ 2.685: x ≤ 37.24, so at most 37 participants
    # (ROI(37) = 2.018, ROI(38) = 1.947).
    return Scenario(participants=100, share_rate=0.1, cost=Cost(seat_cost_per_month=10),
                    networks=[Network(name="LinkedIn", connections=100, cpm=10, visibility=1, presence=1)])


def test_a_falling_roi_goal_is_met_by_at_most_that_many_participants():
    s = _falling_roi()
    g = goal_seek(s, "participants", "roi", 2.0)
    assert g.direction == "at_most" and g.whole == 37
    assert abs(g.answer - 100 / 2.685) < 1e-9
    text = sentence(g, s)
    assert "ROI of **200%** holds with **at most 37 participants** (now 100 participants)" in text
    assert "takes" not in text


def test_a_rising_goal_takes_at_least():
    g = goal_seek(Scenario(), "participants", "value_per_month", 63_000)  # worked example: 2,000 needed
    assert g.direction == "at_least" and g.whole == 2000
    assert sentence(g, Scenario()).startswith(
        "Media value per month of **$63,000** takes **at least 2,000 participants** (now 1,000 participants)")
    g = goal_seek(Scenario(), "share_rate", "value_per_month", 40_000)  # 40,000 / 315,000 = 12.698...%
    assert "**at least 12.7%**" in sentence(g, Scenario())  # 12.70% rounded up: 12.69% would fall short


def test_falling_roi_met_everywhere_and_never():
    s = _falling_roi()
    g = goal_seek(s, "participants", "roi", -0.69)  # ROI = 100 / x − 0.685 > −0.69 for every count
    assert g.already_met and g.direction == "at_most"
    assert sentence(g, s).startswith("Met across the whole range: ROI falls")
    g = goal_seek(s.model_copy(update={"workforce": 100}), "participants", "roi", 2.0)
    assert g.whole == 37
