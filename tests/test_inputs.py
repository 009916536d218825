"""The input registry: scenario <-> widget values <-> URL, without Streamlit."""

import math
from urllib.parse import parse_qsl

import pytest

from advocacy_calc import PRESETS, Scenario
from advocacy_ui.inputs import (ALL_SPECS, DEFAULT_VALUES, KNOWN_NETWORKS, parse_url_value, query_string,
                                scenario_to_values, values_to_scenario)


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_round_trip_through_widget_values(name):
    preset = PRESETS[name]
    # Widgets hold the inputs; what the case is based on is identity, carried beside them (state.py).
    rebuilt = values_to_scenario(scenario_to_values(preset), name=preset.name)
    assert rebuilt.model_copy(update={"based_on": preset.based_on}) == preset


def test_default_values_are_the_worked_example():
    assert values_to_scenario(DEFAULT_VALUES) == Scenario()
    assert DEFAULT_VALUES["networks.X.cpm"] == 1000 / 85


def test_every_input_has_a_default_within_its_bounds_and_a_help_text():
    for key, spec in ALL_SPECS.items():
        value = DEFAULT_VALUES[key]
        if spec.lo is not None:
            assert spec.lo <= value <= spec.hi, key
        if spec.options and spec.widget != "pills":
            assert value in spec.options, key
        assert spec.help and "Default" in spec.help, key


def test_every_network_has_inputs():
    for name in KNOWN_NETWORKS:
        for field in ("connections", "cpm", "cpc", "ctr", "presence", "visibility"):
            assert f"networks.{name}.{field}" in ALL_SPECS


@pytest.mark.parametrize("key,raw,expected", [
    ("share_rate", "0.25", 0.25), ("participants", "2000", 2000), ("currency", "EUR", "EUR"),
    ("networks", ["LinkedIn", "X"], ["LinkedIn", "X"]), ("demand.include_in_total", "false", False),
    ("valuation_basis", "conservative", "conservative"), ("networks.LinkedIn.ctr", "0.0055", 0.0055),
])
def test_good_url_values_parse(key, raw, expected):
    assert parse_url_value(ALL_SPECS[key], raw) == (expected, None)


@pytest.mark.parametrize("key,raw,words", [
    ("share_rate", "abc", "not a number"), ("share_rate", "nan", "not a finite number"),
    ("share_rate", "inf", "not a finite number"), ("share_rate", "1.5", "outside 0% to 100%"),
    ("participants", "2.5", "not a whole number"), ("participants", "-5", "outside 0 to 10,000,000"),
    ("currency", "XXX", "not one of"), ("networks", ["Myspace"], "unknown networks"),
    ("demand.include_in_total", "yes", "not true or false"), ("share_rate", ["0.1", "0.2"], "more than once"),
])
def test_bad_url_values_say_why(key, raw, words):
    value, why = parse_url_value(ALL_SPECS[key], raw)
    assert value is None and words in why


def test_query_string_holds_only_changes_and_reproduces_the_scenario():
    assert query_string(DEFAULT_VALUES) == ""
    values = {**DEFAULT_VALUES, "share_rate": 0.2, "networks": ["LinkedIn", "X"], "currency": "GBP"}
    pairs = parse_qsl(query_string(values))
    assert ("share_rate", "0.2") in pairs and ("currency", "GBP") in pairs
    assert [v for k, v in pairs if k == "networks"] == ["LinkedIn", "X"]
    rebuilt = dict(DEFAULT_VALUES)
    for key, raw in pairs:
        spec = ALL_SPECS[key]
        value, why = parse_url_value(spec, [v for k, v in pairs if k == key] if spec.widget == "pills" else raw)
        assert why is None
        rebuilt[key] = value
    assert values_to_scenario(rebuilt) == values_to_scenario(values)
    assert math.isclose(values_to_scenario(rebuilt).share_rate, 0.2)
