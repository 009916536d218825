"""Validation messages: one plain line per problem naming the field path and what is allowed."""

import json

import pytest
from pydantic import ValidationError

from advocacy_calc import Scenario, ScenarioError, describe_errors, parse_scenario, parse_scenario_json


def problems_of(data) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(data)
    problems = info.value.problems
    assert problems and all(isinstance(p, str) and p for p in problems)
    assert str(info.value) == "\n".join(problems)
    return problems


def problems_of_json(text) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario_json(text)
    problems = info.value.problems
    assert problems and all(isinstance(p, str) and p for p in problems)
    return problems


def one_line(data, prefix: str) -> str:
    lines = [p for p in problems_of(data) if p.startswith(prefix)]
    assert len(lines) == 1, problems_of(data)
    return lines[0]


def test_share_rate_out_of_range():
    line = one_line({"share_rate": 1.5}, "share_rate:")
    assert "0 to 1" in line
    assert "1.5" in line


def test_negative_share_rate():
    line = one_line({"share_rate": -0.1}, "share_rate:")
    assert "0 to 1" in line


def test_describe_errors_directly():
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate({"share_rate": 1.5, "participants": -3})
    lines = describe_errors(info.value)
    assert any(line.startswith("share_rate:") and "0 to 1" in line for line in lines)
    assert any(line.startswith("participants:") and "10,000,000" in line for line in lines)


def test_network_cpm_inf():
    line = one_line({"networks": [{"name": "X", "cpm": float("inf")}]}, "networks[0].cpm:")
    assert "finite" in line
    assert "0 to 1,000,000" in line


def test_network_cpm_infinity_in_json_text():
    problems = problems_of_json('{"networks": [{"name": "X"}, {"name": "LinkedIn", "cpm": Infinity}]}')
    assert any(p.startswith("networks[1].cpm:") and "finite" in p for p in problems)


def test_network_rate_out_of_range_names_its_path():
    line = one_line({"networks": [{"name": "X"}, {"name": "Y", "visibility": 2}]}, "networks[1].visibility:")
    assert "0 to 1" in line


def test_nested_demand_field():
    line = one_line({"demand": {"landing_conversion_rate": 3}}, "demand.landing_conversion_rate:")
    assert "0 to 1" in line


def test_nan():
    line = one_line({"share_rate": float("nan")}, "share_rate:")
    assert "finite" in line


def test_participants_not_whole():
    line = one_line({"participants": 2.5}, "participants:")
    assert "whole number" in line
    assert "2.5" in line


def test_participants_bool_rejected():
    line = one_line({"participants": True}, "participants:")
    assert "true/false" in line


@pytest.mark.parametrize("field", ["share_rate", "stories_per_day"])
def test_bool_rejected_for_floats(field):
    assert one_line({field: False}, f"{field}:")


def test_participants_text():
    line = one_line({"participants": "many"}, "participants:")
    assert "must be a number, not text" in line and "'many'" in line


def test_numbers_given_as_text_are_refused():
    line = one_line({"share_rate": "0.2"}, "share_rate:")
    assert "must be a number, not text" in line


def test_workforce_message_gives_its_range():
    line = one_line({"workforce": 0}, "workforce:")
    assert "1 to 10,000,000" in line


def test_unknown_key_inside_a_network_names_the_network():
    line = one_line({"networks": [{"name": "X", "cmp": 3}]}, "networks[0].cmp:")
    assert "a network" in line and "did you mean 'cpm'" in line


def test_unknown_key_did_you_mean():
    line = one_line({"partcipants": 10}, "partcipants:")
    assert "did you mean 'participants'" in line


def test_unknown_nested_key_did_you_mean():
    line = one_line({"networks": [{"name": "X", "conections": 10}]}, "networks[0].conections:")
    assert "did you mean 'connections'" in line


def test_unknown_key_without_close_match():
    line = one_line({"zzzzzz": 1}, "zzzzzz:")
    assert "not a field" in line
    assert "did you mean" not in line


def test_participants_exceed_workforce():
    (line,) = problems_of({"participants": 5_000, "workforce": 2_000})
    assert "participants" in line and "workforce" in line
    assert "5,000" in line and "2,000" in line


def test_duplicate_network_names():
    (line,) = problems_of({"networks": [{"name": "LinkedIn"}, {"name": "linkedin"}]})
    assert line.startswith("networks:")
    assert "LinkedIn" in line


def test_referral_dearer_than_hire():
    (line,) = problems_of({"hiring": {"cost_per_hire": 100, "referral_cost_per_hire": 200}})
    assert line.startswith("hiring:")
    assert "referral_cost_per_hire" in line


def test_unknown_literal():
    line = one_line({"valuation_basis": "both"}, "valuation_basis:")
    assert "cpm" in line and "both" in line


def test_several_problems_one_line_each():
    problems = problems_of({"share_rate": 2, "participants": -1, "networks": [{"name": "X", "ctr": 5}]})
    assert len(problems) == 3
    assert {p.split(":")[0] for p in problems} == {"share_rate", "participants", "networks[0].ctr"}


def test_invalid_json():
    (line,) = problems_of_json('{"share_rate": 0.1,')
    assert "not valid JSON" in line
    assert "line 1" in line


def test_invalid_bytes():
    (line,) = problems_of_json(b"\xff\xfe{")
    assert "not valid JSON" in line


@pytest.mark.parametrize("text", ["[1, 2]", "3", '"text"', "null", "true"])
def test_non_object(text):
    (line,) = problems_of_json(text)
    assert line.startswith("scenario:")
    assert "JSON object" in line


def test_deeply_nested_json():
    problems_of_json("[" * 100_000)


def test_huge_integer_in_json():
    # Python refuses to convert an integer of more than 4,300 digits: still a ScenarioError.
    (line,) = problems_of_json('{"participants": ' + "9" * 5_000 + "}")
    assert line.startswith("scenario:")


@pytest.mark.parametrize("field", ["participants", "name", "share_rate"])
def test_huge_integer_value(field):
    (line,) = problems_of({field: 10**5_000})
    assert line.startswith(f"{field}:")
    assert len(line) < 300


def test_long_values_are_shortened():
    (line,) = problems_of({"participants": "x" * 10_000})
    assert len(line) < 200


def test_valid_json_round_trip():
    s = Scenario(share_rate=0.2)
    assert parse_scenario_json(s.model_dump_json()) == s
    assert parse_scenario(json.loads(s.model_dump_json())) == s
