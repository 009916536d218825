"""The UTM plan: the tagging scheme, kept query strings and fragments, invalid URLs, safe CSV."""

import pytest

from advocacy_calc import ScenarioError
from advocacy_calc.measure.utm import (MEDIUM, parse_url_list, plan, safe_cell, safe_csv, slug, story_content,
                                       tag, url_problem)


def test_scheme_on_a_plain_url():
    assert tag("https://www.example.com/news/big-story", "linkedin", "q3-launch") == (
        "https://www.example.com/news/big-story?utm_source=linkedin&utm_medium=advocacy"
        "&utm_campaign=q3-launch&utm_content=big-story")


def test_existing_query_and_fragment_are_kept():
    assert tag("https://example.com/p.html?id=7&lang=en#section-2", "x", "c") == (
        "https://example.com/p.html?id=7&lang=en&utm_source=x&utm_medium=advocacy&utm_campaign=c&utm_content=p#section-2")


def test_old_utm_tags_are_replaced_not_doubled():
    tagged = tag("https://example.com/a?utm_source=old&keep=1&UTM_MEDIUM=email", "facebook", "c")
    assert tagged.count("utm_source=") == 1 and "old" not in tagged and "email" not in tagged
    assert "keep=1" in tagged


def test_values_are_url_encoded():
    assert "utm_content=a%20b" in tag("https://example.com/x", "linkedin", "c", content="a b")


@pytest.mark.parametrize("url,why", [
    ("www.example.com/a", "must start with http:// or https:// (add https://)"),
    ("ftp://example.com/a", "must start with http:// or https://"),
    ("https://", "has no web address"),
    ("https://exa mple.com", "contains spaces"),
    ("https://example.com:99999/", "is not a URL"),
    ("javascript:alert(1)", "must start with http"),
    ("=HYPERLINK(\"http://evil\")", "must start with http"),
])
def test_invalid_urls_are_reported(url, why):
    assert why in url_problem(url)


def test_plan_is_urls_times_networks_with_problems_listed():
    frame, problems = plan(["https://example.com/a", "bad", "https://example.com/b", "https://example.com/a"],
                           ["LinkedIn", "X"], "Spring Launch 2026!")
    assert len(frame) == 4  # 2 distinct valid URLs × 2 networks
    assert set(frame["utm_source"]) == {"linkedin", "x"}
    assert set(frame["utm_medium"]) == {MEDIUM}
    assert set(frame["utm_campaign"]) == {"spring-launch-2026"}
    assert problems == ["URL 2 ('bad'): must start with http:// or https:// (add https://)"]


def test_plan_needs_a_campaign_and_networks():
    with pytest.raises(ScenarioError, match="campaign"):
        plan(["https://example.com"], ["LinkedIn"], "!!!")
    with pytest.raises(ScenarioError, match="networks"):
        plan(["https://example.com"], [], "c")


def test_csv_cells_cannot_become_formulas():
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx"):
        assert safe_cell(cell) == "'" + cell
    assert safe_cell("https://example.com") == "https://example.com" and safe_cell(3) == 3
    import pandas as pd
    text = safe_csv(pd.DataFrame({"network": ["=cmd|' /C calc'!A0"], "n": [1]}))
    assert text.splitlines()[1] == "'=cmd|' /C calc'!A0,1"


def test_url_list_and_slugs():
    assert parse_url_list(" https://a.com/1  https://b.com/2 \n\n<https://c.com>\nhttps://a.com/1\n") == [
        "https://a.com/1", "https://b.com/2", "https://c.com"]
    assert slug("Q3 Launch: Big News!") == "q3-launch-big-news"
    assert story_content("https://example.com/blog/My_Post.html?x=1") == "my-post"
    assert story_content("https://example.com/") == "example-com"
