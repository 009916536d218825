"""The overview's story: the user's numbers in one or two plain sentences, as the source tells it."""

from collections.abc import Callable

from .formatting import DEFAULT_LOCALE, count, money, percent, currency_of
from .results import Results
from .scenario import Scenario

_BASIS_WORDS = {"cpm": "of paid social", "cpc": "of paid clicks", "conservative": "of paid media (the cheaper of CPM and CPC)"}


# The story as text and slots, so the browser can fill the same sentence while a lever moves
# (advocacy_ui/assets/levers.js fills it exactly as fill_story does): a slot names a lever or a
# results field and how it is written; "word" slots pick singular or plural by the sentence's rule.
Slot = str | dict


def story_template(scenario: Scenario, results: Results) -> list[Slot]:
    """'If 10% of your 1,000 advocates share a story, 100 people reach 85,000 connections: ...'
    The "seen" part is there when fewer see the story than could (visibility below 100%, which
    does not depend on the levers); the browser drops it where impressions equal the reach."""
    cur = currency_of(scenario)
    pct, num = (lambda f: {"percent": f, "locale": scenario.locale}), (lambda f: {"count": f, "locale": scenario.locale})
    return [
        "If ", pct("share_rate"), " of your ", num("participants"), " advocates share a story, ",
        num("sharers_per_story"), " ", {"word": "sharers_per_story", "one": "person", "other": "people",
                                        "rule": "rounded_is_one"},
        " reach ", num("potential_impressions_per_story"), " connections",
        {"seen": "impressions_per_story", "of": "potential_impressions_per_story",
         "text": [", of whom about ", num("impressions_per_story"), " see it"]},
        ": worth ", {"money": "value_per_story", "currency": cur}, f" {_BASIS_WORDS[scenario.valuation_basis]}. ",
        "At ", num("stories_per_day"), " ", {"word": "stories_per_day", "one": "story", "other": "stories",
                                             "rule": "is_one"},
        f" a day over {count(scenario.working_days_per_month, scenario.locale)} working days, that is ",
        {"money": "value_per_month", "currency": cur}, " a month.",
    ]


def fill_story(template: list[Slot], values: dict[str, float]) -> str:
    """The sentence with each slot written from `values` (levers and results fields)."""
    out = []
    for part in template:
        if isinstance(part, str):
            out.append(part)
        elif "percent" in part:
            out.append(percent(values[part["percent"]], locale=part.get("locale", DEFAULT_LOCALE)))
        elif "count" in part:
            out.append(count(values[part["count"]], part.get("locale", DEFAULT_LOCALE)))
        elif "money" in part:
            out.append(money(values[part["money"]], part["currency"]))
        elif "word" in part:
            x = values[part["word"]]
            one = round(x, 1) == 1 if part["rule"] == "rounded_is_one" else x == 1
            out.append(part["one"] if one else part["other"])
        elif "seen" in part:
            if values[part["seen"]] < values[part["of"]]:
                out.append(fill_story(part["text"], values))
    return "".join(out)


def story_values(scenario: Scenario, results: Results) -> dict[str, float]:
    levers = {"participants": scenario.participants, "share_rate": scenario.share_rate,
              "stories_per_day": scenario.stories_per_day}
    return {**levers, **{f: getattr(results, f) for f in ("sharers_per_story", "potential_impressions_per_story",
                                                          "impressions_per_story", "value_per_story",
                                                          "value_per_month")}}


def story(scenario: Scenario, results: Results) -> str:
    """'If 10% of your 1,000 advocates share a story, 100 people reach 85,000 connections: ...'"""
    return fill_story(story_template(scenario, results), story_values(scenario, results))


def lead_story_template(scenario: Scenario) -> list[Slot]:
    """'50 advocacy leads a month at $20 each save $1,000 a month.' (the live levers fill it as they move:
    in clicks mode leads follow them)."""
    cur = currency_of(scenario)
    return [{"count": "advocacy_leads_per_month", "locale": scenario.locale},
            f" advocacy leads a month at {money(scenario.demand.cost_per_lead, cur)}"
            " each save ", {"money": "cpl_savings_per_month", "currency": cur}, " a month."]


def lead_story(scenario: Scenario, results: Results) -> str:
    """'50 advocacy leads a month at $20 each save $1,000 a month.'"""
    return fill_story(lead_story_template(scenario), {f: getattr(results, f) for f in ("advocacy_leads_per_month",
                                                                                       "cpl_savings_per_month")})


def no_break_even(scenario: Scenario, results: Results, name: Callable[[str], str] = str) -> str:
    """Why there is no break-even, said at the share rate's top: 100%, or with groups its cap, where the keenest
    group shares every story (break-even is sought only up to there). One sentence for page and slides; `name`
    sets the group's name (the app: as typed, never as Markdown)."""
    cost = money(results.program_cost_per_month, currency_of(scenario))
    if scenario.share_rate_cap < 1:
        who = (f"Even with the keenest group, {name(scenario.keenest_group)}, sharing every story (a share rate of "
               f"{percent(scenario.share_rate_cap, locale=scenario.locale)})")
    else:
        who = "Even if every participant shared every story"
    return f"{who}, value would not cover the program cost (today {cost} a month)."
