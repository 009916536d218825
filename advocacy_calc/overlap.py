"""Unique reach beside gross impressions (the audience-overlap input).

Impressions are summed over sharers, so someone who follows three sharers counts three
times. With `audience_overlap` the fraction of a story's gross impressions that reach
someone already reached by another share of the same story:

    unique reach per story = impressions per story × (1 − audience overlap)
    unique reach per month = unique reach per story × stories per month
                             (people reached by each story, added over the month's stories)

The default comes from the one public case: 7,000 employees on LinkedIn had 260,000 unique
first-degree connections, against 7,000 × 303 (LinkedIn's average connections) gross, so
1 − 260,000 / 2,121,000 ≈ 87.7% overlap. CPM value stays on impressions: paid media sells
impressions, not people.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .results import Results
from .scenario import Scenario

CASE_EMPLOYEES = 7_000
CASE_UNIQUE_CONNECTIONS = 260_000
CASE_AVERAGE_CONNECTIONS = 303


class UniqueReach(BaseModel):
    model_config = ConfigDict(frozen=True)
    audience_overlap: float
    impressions_per_story: float
    unique_reach_per_story: float
    impressions_per_month: float
    unique_reach_per_month: float


def unique_reach(scenario: Scenario, results: Results) -> UniqueReach:
    """Gross impressions and unique reach per story and per month (never above the gross)."""
    keep = 1.0 - scenario.audience_overlap
    return UniqueReach(
        audience_overlap=scenario.audience_overlap,
        impressions_per_story=results.impressions_per_story,
        unique_reach_per_story=results.impressions_per_story * keep,
        impressions_per_month=results.impressions_per_month,
        unique_reach_per_month=results.impressions_per_story * keep * results.stories_per_month,
    )
