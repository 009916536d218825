"""Fuzzing with hypothesis: random links into the app, random scenario files into the model and CLI.

The contract under fuzz: a link is either taken or answered with a note, never an exception or
the error box; a scenario is either valid (the CLI exits 0 with strict JSON) or refused with one
`error:` line per problem (exit 2), never an uncaught exception and never exit 1.
"""

import io
import json
import math
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from advocacy_calc import Scenario, ScenarioError, parse_scenario, parse_scenario_json
from advocacy_calc.cli import main, read_scenario
from advocacy_calc.scenario import Cost, Demand, Hiring, Network
from advocacy_ui.inputs import ALL_SPECS, DEFAULT_VALUES, parse_url_value
from advocacy_ui.state import APP_PARAMS

APP = str(Path(__file__).resolve().parents[1] / "app.py")
APP_SETTINGS = settings(max_examples=25, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MODEL_SETTINGS = settings(max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CLI_SETTINGS = settings(max_examples=120, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EMBED = {"embed", "embed_options"}  # Streamlit's own parameters: hidden from st.query_params

# ---------------------------------------------------------------------------------------------
# Random links
# ---------------------------------------------------------------------------------------------

REAL_KEYS = sorted(ALL_SPECS)
OPTIONS = sorted({o for s in ALL_SPECS.values() for o in s.options}) + ["true", "false", "TRUE", "False"]

url_keys = st.one_of(
    st.sampled_from(REAL_KEYS), st.sampled_from(REAL_KEYS),  # real inputs, twice as likely
    st.text(max_size=30),
    st.sampled_from(REAL_KEYS).map(lambda k: k + ".x"),
    st.sampled_from(["networks.Myspace.cpm", "demand", "cost.", "preset", "view", "networks.X", "."]),
)
numberish = st.one_of(
    st.floats().map(repr), st.floats().map(lambda x: f"{x:g}"), st.integers().map(str),
    st.floats(0, 1).map(lambda x: f"{x:.4g}"), st.integers(0, 5_000).map(str),
    st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999", "9" * 400, "9" * 5000,
                     "0x10", "1,000", "1_000", " 5 ", "5.0", "2.5", "-0", "", " ", "1e-320", "+3"]),
)
url_value = st.one_of(st.text(max_size=40), numberish, st.sampled_from(OPTIONS),
                      st.sampled_from(["<script>alert(1)</script>", "**b**", "[x](javascript:alert(1))", "x" * 10_000]))
url_values = st.one_of(url_value, st.lists(url_value, min_size=1, max_size=4))
queries = st.dictionaries(url_keys, url_values, max_size=8)


def _same(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(a) == sorted(b)
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


@APP_SETTINGS
@given(query=queries)
@example(query={"participants": "1e999", "currency": " EUR ", "networks": ["LinkedIn", "x"], "a\nb": "1"})
@example(query={"networks": ["LinkedIn", "Facebook"], "networks.LinkedIn.cpm": "nan", "networks.Facebook.ctr": "0.05"})
def test_random_links_are_taken_or_noted(query):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    text = "\n".join(w.value for w in at.warning)

    unknown = [k for k in query if k not in ALL_SPECS and k not in APP_PARAMS and k.lower() not in EMBED]
    assert text.count("is not an input of this app; ignored") == len(unknown), text
    for key, raw in query.items():
        spec = ALL_SPECS.get(key)
        if spec is None:
            continue
        value, why = parse_url_value(spec, [raw] if isinstance(raw, str) and spec.widget == "pills" else raw)
        noted = f"URL parameter '{key}'" in text
        assert noted == (why is not None), (key, raw, why, text)
        if key not in at.session_state:  # an input of a network that is not chosen: not drawn
            continue
        expected = DEFAULT_VALUES[key] if why else value
        assert _same(at.session_state[key], expected), (key, raw, at.session_state[key], expected)


# ---------------------------------------------------------------------------------------------
# Random scenario files
# ---------------------------------------------------------------------------------------------

TOP_FIELDS = list(Scenario.model_fields)
GROUP_FIELDS = {"demand": list(Demand.model_fields), "cost": list(Cost.model_fields),
                "hiring": list(Hiring.model_fields)}
NETWORK_FIELDS = list(Network.model_fields)
ALL_FIELD_NAMES = sorted(set(TOP_FIELDS) | set(NETWORK_FIELDS) | {f for fs in GROUP_FIELDS.values() for f in fs})

leaves = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-10**400, 10**400),
    st.floats(), st.floats(0, 1), st.floats(0, 1e6), st.just(5e-324),
    st.text(max_size=20), st.sampled_from(["LinkedIn", "X", "direct", "asset", "clicks", "cpm", "cpc",
                                           "conservative", "USD", "EUR", "", "1000", "nan"]),
)
field_names = st.one_of(st.sampled_from(ALL_FIELD_NAMES), st.text(max_size=12),
                        st.sampled_from(["x\ny", "\x1b[31mred", "a" * 500, "cpm ", "Participants"]))
json_values = st.recursive(
    leaves, lambda children: st.one_of(st.lists(children, max_size=4),
                                       st.dictionaries(field_names, children, max_size=5)),
    max_leaves=20)


def group(fields: list[str]) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({}, optional={f: st.one_of(leaves, json_values) for f in fields})


network_like = st.fixed_dictionaries(
    {"name": st.one_of(st.sampled_from(["LinkedIn", "X", "Facebook", "Instagram", "linkedin"]), leaves)},
    optional={f: leaves for f in NETWORK_FIELDS if f != "name"})
scenario_like = st.fixed_dictionaries({}, optional={
    **{f: leaves for f in TOP_FIELDS if f not in ("networks", *GROUP_FIELDS)},
    "networks": st.one_of(st.lists(network_like, max_size=12), json_values),
    **{g: st.one_of(group(fields), json_values) for g, fields in GROUP_FIELDS.items()},
    "extra\nfield": leaves,
})
documents = st.one_of(scenario_like, scenario_like, json_values)


def as_json(doc) -> str:
    return json.dumps(doc, allow_nan=True)  # NaN/Infinity: what a careless exporter writes


raw_texts = st.one_of(
    documents.map(as_json),
    st.text(max_size=200),
    st.sampled_from(['{"participants": ' + "9" * 5000 + "}", '{"share_rate": 1e999}', "[" * 100_000,
                     '{"networks": [{"name": "X", "cpm": -Infinity}]}', "\ufeff{}", "{}", "null", '"x"']),
)
raw_files = st.one_of(raw_texts.map(lambda t: t.encode("utf-8")), st.binary(max_size=300),
                      raw_texts.map(lambda t: t.encode("utf-16")))


def strict_json(text: str):
    def refuse(constant):
        raise ValueError(f"non-standard JSON constant {constant}")
    return json.loads(text, parse_constant=refuse)


def assert_problems_are_lines(problems: list[str]) -> None:
    assert problems, "a refusal names at least one problem"
    for problem in problems:
        assert isinstance(problem, str) and problem.strip()
        assert "\n" not in problem and "\r" not in problem, problem  # one line each
        assert problem.isprintable(), problem  # no control characters reach a terminal


@MODEL_SETTINGS
@given(doc=documents)
def test_random_scenario_objects_are_valid_or_refused(doc):
    try:
        scenario = parse_scenario(doc)
    except ScenarioError as exc:
        assert_problems_are_lines(exc.problems)
    else:
        assert isinstance(scenario, Scenario)


@MODEL_SETTINGS
@given(data=raw_files)
def test_random_scenario_text_is_valid_or_refused(data):
    try:
        scenario = parse_scenario_json(data)
    except ScenarioError as exc:
        assert_problems_are_lines(exc.problems)
    else:
        assert isinstance(scenario, Scenario)


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "scenario.json"


@CLI_SETTINGS
@given(data=raw_files)
@example(data=json.dumps({"cost": {"seat_cost_per_month": 5e-324}}).encode())
@example(data=json.dumps({"participants": 10_000_000, "share_rate": 1, "stories_per_day": 50,
                          "working_days_per_month": 31, "networks": [
                              {"name": "X", "connections": 1e6, "cpm": 1e6, "cpc": 1e6, "ctr": 1}]}).encode())
def test_cli_compute_exits_0_or_2_never_1(scenario_file, data):
    scenario_file.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["compute", str(scenario_file)])
    out, err = out.getvalue(), err.getvalue()
    assert "Traceback" not in err
    assert code in (0, 2), (code, err)
    if code == 0:
        assert err == ""
        results = strict_json(out)
        assert isinstance(results, dict) and "value_per_month" in results
    else:
        assert out == ""
        with pytest.raises(ScenarioError) as exc:
            read_scenario(str(scenario_file))
        assert_problems_are_lines(exc.value.problems)
        assert err.splitlines() == [f"error: {p}" for p in exc.value.problems]
