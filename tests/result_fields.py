"""Result fields that measure reach and media value: zero when nobody shares."""

REACH_AND_MEDIA = (
    "sharers_per_story", "shares_per_month", "potential_impressions_per_story", "impressions_per_story",
    "impressions_per_month", "cpm_value_per_story", "cpm_value_per_month", "clicks_per_story",
    "clicks_per_month", "click_value_per_story", "click_value_per_month", "value_per_story",
    "value_per_month", "value_per_year",
)
NETWORK_REACH_AND_MEDIA = (
    "sharers_per_story", "potential_impressions_per_story", "impressions_per_story", "impressions_per_month",
    "cpm_value_per_story", "clicks_per_story", "clicks_per_month", "click_value_per_story",
    "value_per_story", "value_per_month",
)
