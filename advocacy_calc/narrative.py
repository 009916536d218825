"""The overview's story: the user's numbers in one or two plain sentences, as the source tells it."""

from .formatting import count, money, percent
from .results import Results
from .scenario import Scenario

_BASIS_WORDS = {"cpm": "of paid social", "cpc": "of paid clicks", "conservative": "of paid media (the cheaper of CPM and CPC)"}


def story(scenario: Scenario, results: Results) -> str:
    """'If 10% of your 1,000 advocates share a story, 100 people reach 85,000 connections: ...'"""
    cur = scenario.currency
    reach = f"{count(results.potential_impressions_per_story)} connections"
    if results.impressions_per_story < results.potential_impressions_per_story:
        reach += f", of whom about {count(results.impressions_per_story)} see it"
    people = "person" if round(results.sharers_per_story, 1) == 1 else "people"
    first = (f"If {percent(scenario.share_rate)} of your {count(scenario.participants)} advocates share a story, "
             f"{count(results.sharers_per_story)} {people} reach {reach}: worth "
             f"{money(results.value_per_story, cur)} {_BASIS_WORDS[scenario.valuation_basis]}.")
    per_day = "story" if scenario.stories_per_day == 1 else "stories"
    second = (f"At {count(scenario.stories_per_day)} {per_day} a day over {count(scenario.working_days_per_month)} "
              f"working days, that is {money(results.value_per_month, cur)} a month.")
    return f"{first} {second}"


def lead_story(scenario: Scenario, results: Results) -> str:
    """'50 leads a month at $20 each save $1,000 a month.'"""
    cur = scenario.currency
    return (f"{count(results.advocacy_leads_per_month)} advocacy leads a month at "
            f"{money(scenario.demand.cost_per_lead, cur)} each save {money(results.cpl_savings_per_month, cur)} a month.")
