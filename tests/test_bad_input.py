"""The bad-input campaign: hostile values for every input, through the URL, the model and the CLI.

A bad URL value must fall back to its default with a note naming the parameter (never an
exception, never the guard's error box), and the note must show the value as typed text:
never HTML, never a Markdown link or emphasis. The model and the CLI refuse the same values
with one line per problem naming the field.
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from streamlit.testing.v1 import AppTest

from advocacy_calc import Scenario, ScenarioError, compute, parse_scenario
from advocacy_calc.cli import main
from advocacy_calc.errors import field_bounds
from advocacy_ui import a11y, link_check, present
from advocacy_ui.inputs import ALL_SPECS, DEFAULT_VALUES, parse_url_value

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DEFAULT_VALUE_PER_MONTH = "$31,500"

NUMERIC = [k for k, s in ALL_SPECS.items() if s.widget in ("slider", "int", "float")]
CHOICE = [k for k, s in ALL_SPECS.items() if s.widget in ("select", "segmented", "pills", "toggle")]
HUGE = "9" * 400  # beyond float: parses to inf
HUGER = "9" * 5000  # beyond Python's 4,300-digit int conversion limit

# Every class of bad number, as raw URL text; bounds-relative classes depend on the input.
BAD_NUMBER_CLASSES = ["below", "just_below", "above", "just_above", "nan", "inf", "-inf", "1e999",
                      "huge", "-huge", "huger", "abc", "empty", "blank", "0x10", "1,000"]


def bad_number(key: str, cls: str) -> str:
    spec = ALL_SPECS[key]
    return {
        "below": f"{spec.lo - 1:g}", "just_below": f"{spec.lo - spec.step:.12g}",
        "above": f"{spec.hi * 2 + 1:.12g}", "just_above": f"{spec.hi + spec.step:.12g}",
        "huge": HUGE, "-huge": "-" + HUGE, "huger": HUGER, "empty": "", "blank": "  ",
    }.get(cls, cls)


def query_for(key: str, raw) -> dict:
    """The URL that puts `raw` into `key`, with the input drawn and the default value per month.

    Inputs of a network other than the default X are only drawn when it is chosen; it is
    chosen with presence (or visibility) 0, so it adds nothing and the overview still shows
    the default scenario's $31,500.
    """
    query = {key: raw}
    parts = key.split(".")
    if parts[0] == "networks" and len(parts) == 3 and parts[1] != "X":
        zero = "visibility" if parts[2] == "presence" else "presence"
        query = {"networks": ["X", parts[1]], f"networks.{parts[1]}.{zero}": "0", key: raw}
    return query


def run_app(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def warnings(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


def value_per_month(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Value per month"]


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def assert_fell_back(at: AppTest, key: str) -> None:
    """No exception or error, a note naming the parameter, the default value, the default figures."""
    assert_clean(at)
    assert f"URL parameter '{key}'" in warnings(at), warnings(at)
    assert at.session_state[key] == DEFAULT_VALUES[key]
    assert value_per_month(at) == DEFAULT_VALUE_PER_MONTH


# Every block of HTML the app may draw: the module constants (<style>, <script>) of presentation mode, the
# keyboard fixes and the too-long-link check.
OWN_HTML = {v for module in (present, a11y, link_check) for v in vars(module).values()
            if isinstance(v, str) and v.startswith(("<style>", "<script>"))}


def outside_code_spans(markdown: str) -> str:
    """The Markdown text with every inline code span cut out (what Markdown would interpret)."""
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown, flags=re.S)


def assert_shown_as_text(at: AppTest, payload: str) -> None:
    """User text reaches the page only as literal text: in a code span, never as HTML."""
    text = warnings(at)
    # Whatever the user typed sits in code spans; outside them only our own plain words remain.
    assert not re.search(r"[*\[\]<>$~`\\]", outside_code_spans(text)), text
    for element in at.get("html"):  # only the app's own constant blocks, never a text built from input
        assert element.proto.body in OWN_HTML, "st.html must never carry user text"
    for md in at.markdown:
        assert not (md.proto.allow_html and payload[:10] in md.value), "no unsafe_allow_html with user text"
    for w in at.warning:
        assert not getattr(w.proto, "allow_html", False) or payload[:10] not in w.value


# ---------------------------------------------------------------------------------------------
# Numbers through the URL
# ---------------------------------------------------------------------------------------------


def test_every_input_is_covered():
    assert {k for k, _ in CHOICE_CASES} == set(CHOICE) and {n for _, n in CHOICE_CASES} == set(PAYLOADS)
    assert {k for k, _ in EACH_INPUT} == set(NUMERIC) and {c for _, c in EACH_INPUT} == set(BAD_NUMBER_CLASSES)
    assert set(NUMERIC) | set(CHOICE) == set(ALL_SPECS) and len(NUMERIC) >= 40
    assert {ALL_SPECS[k].widget for k in NUMERIC} == {"slider", "int", "float"}
    assert all(ALL_SPECS[k].lo is not None and ALL_SPECS[k].hi is not None for k in NUMERIC)
    for key in NUMERIC:  # every class really is bad for every input
        for cls in BAD_NUMBER_CLASSES:
            value, why = parse_url_value(ALL_SPECS[key], bad_number(key, cls))
            assert value is None and why, (key, cls)


# Every input alone: 1e999 (inf, which crashed Streamlit's own int parsing) and one more class
# each, taken in turn, so every class meets several inputs of every kind.
_OTHERS = [c for c in BAD_NUMBER_CLASSES if c != "1e999"]
EACH_INPUT = [(key, "1e999") for key in NUMERIC] + [(key, _OTHERS[i % len(_OTHERS)]) for i, key in enumerate(NUMERIC)]


@pytest.mark.parametrize("key,cls", EACH_INPUT)
def test_bad_number_for_each_input_falls_back(key, cls):
    at = run_app(query_for(key, bad_number(key, cls)))
    assert_fell_back(at, key)


# One input of each widget kind, plus a network that is not the default: every class.
REPRESENTATIVE = ["participants", "share_rate", "networks.X.cpm", "networks.Instagram.connections"]


@pytest.mark.parametrize("cls", BAD_NUMBER_CLASSES)
@pytest.mark.parametrize("key", REPRESENTATIVE)
def test_every_bad_number_class_falls_back(key, cls):
    at = run_app(query_for(key, bad_number(key, cls)))
    assert_fell_back(at, key)


@pytest.mark.parametrize("cls", BAD_NUMBER_CLASSES)
def test_every_numeric_input_bad_at_once(cls):
    """Every input the default scenario draws gets the same bad class in one link: every one is named."""
    drawn = [k for k in NUMERIC if not k.startswith("networks.") or k.startswith("networks.X.")]
    at = run_app({key: bad_number(key, cls) for key in drawn})
    assert_clean(at)
    text = warnings(at)
    for key in drawn:
        assert f"URL parameter '{key}'" in text, (key, text)
        assert at.session_state[key] == DEFAULT_VALUES[key], key
    assert value_per_month(at) == DEFAULT_VALUE_PER_MONTH


@pytest.mark.parametrize("key", ["participants", "working_days_per_month", "workforce", "networks.X.connections"])
def test_whole_number_inputs_refuse_fractions(key):
    at = run_app(query_for(key, "2.5"))
    assert_fell_back(at, key)


def test_bad_values_leave_the_url_and_good_ones_stay():
    at = run_app({"participants": "1e999", "share_rate": "0.2"})
    assert_clean(at)
    assert "participants" not in at.query_params
    assert at.query_params.get("share_rate") == "0.2"
    assert value_per_month(at) == "$63,000"


# ---------------------------------------------------------------------------------------------
# The same numbers through the model and the CLI
# ---------------------------------------------------------------------------------------------


def nested(key: str, value) -> tuple[dict, str]:
    """Scenario data with `value` at the field path `key`, and the path the model reports."""
    parts = key.split(".")
    if parts[0] == "networks":
        return {"networks": [{"name": parts[1], parts[2]: value}]}, f"networks[0].{parts[2]}"
    if len(parts) == 2:
        return {parts[0]: {parts[1]: value}}, key
    return {key: value}, key


def model_bounds(key: str) -> tuple[float, float]:
    parts = key.split(".")
    loc = ("networks", 0, parts[2]) if parts[0] == "networks" else tuple(parts)
    lo, hi = field_bounds(Scenario, loc)
    assert lo is not None and hi is not None, key
    return lo, hi


# Python values (for parse_scenario) and JSON text (for the CLI file) of each bad class.
def bad_model_value(key: str, cls: str) -> tuple[object, str]:
    lo, hi = model_bounds(key)
    below = lo - 1
    above = hi * 2 + 1
    return {
        "below": (below, json.dumps(below)),
        "above": (above, json.dumps(above)),
        "nan": (float("nan"), "NaN"),
        "inf": (float("inf"), "Infinity"),
        "-inf": (float("-inf"), "-Infinity"),
        "1e999": (float("inf"), "1e999"),
        "huge": (int(HUGE), HUGE),
        "-huge": (-int(HUGE), "-" + HUGE),
        "abc": ("abc", '"abc"'),
        "empty": ("", '""'),
        "blank": ("  ", '"  "'),
        "0x10": ("0x10", '"0x10"'),
        "1,000": ("1,000", '"1,000"'),
        "true": (True, "true"),
        "null": (None, "null"),
        "list": ([1], "[1]"),
    }[cls]


MODEL_CLASSES = ["below", "above", "nan", "inf", "-inf", "1e999", "huge", "-huge", "abc", "empty", "blank",
                 "0x10", "1,000", "true", "null", "list"]


@pytest.mark.parametrize("key", NUMERIC)
def test_model_refuses_every_bad_class_naming_the_field(key):
    for cls in MODEL_CLASSES:
        if key == "workforce" and cls == "null":
            continue  # workforce is optional: null means "not given"
        value, _ = bad_model_value(key, cls)
        data, path = nested(key, value)
        with pytest.raises(ScenarioError) as exc:
            parse_scenario(data)
        problems = exc.value.problems
        assert problems and any(p.startswith(f"{path}: ") for p in problems), (cls, problems)
        assert all("\n" not in p for p in problems)


def test_workforce_null_is_not_given():
    assert parse_scenario({"workforce": None}).workforce is None


@pytest.mark.parametrize("cls", ["below", "above", "nan", "1e999", "huge", "abc", "empty", "1,000"])
@pytest.mark.parametrize("key", NUMERIC)
def test_cli_refuses_every_bad_class_naming_the_field(key, cls, tmp_path, capsys):
    _, text = bad_model_value(key, cls)
    data, path = nested(key, "__VALUE__")
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(data).replace('"__VALUE__"', text), encoding="utf-8")
    code = main(["compute", str(scenario)])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), err
    assert any(line.startswith(f"error: {path}: ") for line in lines), err


@pytest.mark.parametrize("name", ["a\nb", "\x1b[31mred", "", "x" * 500, "\u202eevil"])
def test_unknown_field_names_stay_on_one_printable_line(name, tmp_path, capsys):
    for data in ({name: 1}, {"networks": [{"name": "X", name: 1}]}, {"demand": {name: 1}}):
        with pytest.raises(ScenarioError) as exc:
            parse_scenario(data)
        (problem,) = exc.value.problems
        assert problem.isprintable() and len(problem) < 200, problem
        assert "is not a field of" in problem
        scenario = tmp_path / "scenario.json"
        scenario.write_text(json.dumps(data), encoding="utf-8")
        assert main(["compute", str(scenario)]) == 2
        err = capsys.readouterr().err
        assert err == f"error: {problem}\n"


def test_a_vanishing_cost_gives_no_roi_rather_than_a_crash(tmp_path, capsys):
    # 5e-324 per seat: a cost so small that value / cost overflows to inf.
    data = {"cost": {"seat_cost_per_month": 5e-324}}
    assert compute(parse_scenario(data)).roi is None
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(data), encoding="utf-8")
    assert main(["compute", str(scenario)]) == 0
    assert json.loads(capsys.readouterr().out)["roi"] is None


# ---------------------------------------------------------------------------------------------
# Choices through the URL: unknown, empty, long, HTML and Markdown payloads
# ---------------------------------------------------------------------------------------------

PAYLOADS = {
    "unknown": "Myspace",
    "empty": "",
    "long": "x" * 10_000,
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "bold": "**bold**",
    "js-link": "[x](javascript:alert(1))",
    "link": "[Sign in](https://evil.example)",
    "autolink": "<https://evil.example>",
    "bare-url": "www.evil.example",
    "backticks": "``a` b```",
    "latex": "$x^2$ :red[red] :material/home:",
    "newlines": "a\n\n# Heading\n\n| a |\n|---|",
}


# Every payload into a select, a segmented control and the pills; the common ones into the rest.
_COMMON = ["unknown", "empty", "long", "script", "bold", "js-link"]
# `?networks=` is not bad: it is the app's own link with every network cleared (issue 11;
# test_hostile_app.py::test_an_empty_networks_parameter_means_no_network).
CHOICE_CASES = [(key, name) for key in CHOICE for name in PAYLOADS
                if (key in ("currency", "demand.mode", "networks") or name in _COMMON)
                and (key, name) != ("networks", "empty")]


@pytest.mark.parametrize("key,name", CHOICE_CASES)
def test_bad_choice_falls_back_with_a_note_showing_the_text(key, name):
    payload = PAYLOADS[name]
    at = run_app({key: payload})
    assert_fell_back(at, key)
    assert_shown_as_text(at, payload)
    text = warnings(at)
    shown = payload[:30]
    if not shown.strip():
        assert "''" in text
    elif "\n" in shown:
        assert shown.replace("\n", "\\n") in text  # written as an escape, not a line break
    else:
        assert shown in text
        assert re.search(r"(`+) ?" + re.escape(shown) + r" ?\1", text), text  # inside a code span
    if name == "long":
        assert "x" * 31 not in text  # cut short


@pytest.mark.parametrize("key", ["currency", "valuation_basis", "demand.mode", "demand.include_in_total"])
def test_a_choice_given_twice_falls_back(key):
    spec = ALL_SPECS[key]
    two = list(spec.options[:2]) if spec.options else ["true", "false"]
    at = run_app({key: two})
    assert_fell_back(at, key)
    assert "more than once" in warnings(at)


def test_networks_with_one_unknown_among_known_falls_back():
    at = run_app({"networks": ["LinkedIn", "<b>Myspace</b>"]})
    assert_fell_back(at, "networks")
    assert_shown_as_text(at, "<b>Myspace</b>")


def test_networks_given_many_times():
    at = run_app({"networks": ["X"] * 200})
    assert_clean(at)
    assert at.session_state["networks"] == ["X"]
    assert value_per_month(at) == DEFAULT_VALUE_PER_MONTH


@pytest.mark.parametrize("key,raw,value", [
    ("demand.include_in_total", "FALSE", False), ("demand.include_in_total", "True", True),
    ("share_rate", " 0.2 ", 0.2), ("participants", "2000.0", 2000), ("participants", "+2e3", 2000),
])
def test_good_values_in_other_spellings_are_taken(key, raw, value):
    at = run_app({key: raw})
    assert_clean(at)
    assert "URL parameter" not in warnings(at)
    assert at.session_state[key] == value


@pytest.mark.parametrize("key,raw", [
    ("currency", " EUR "), ("valuation_basis", "cpc "), ("demand.mode", "clicks\n"), ("demand.mode", "Clicks"),
    ("demand.include_in_total", " false "), ("networks", " LinkedIn"),
])
def test_choices_with_stray_spaces_or_case_fall_back_with_a_note(key, raw):
    # Streamlit matches choices exactly: a value it would drop silently gets a note instead.
    at = run_app({key: raw})
    assert_fell_back(at, key)


# ---------------------------------------------------------------------------------------------
# Unknown parameters, and many at once
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [
    "participnts", "foo", "networks.Myspace.cpm", "networks.X.cpmm", "demand.foo", "a.b.c.d", ".", "..",
    "k" * 5000, "<script>alert(1)</script>", "[x](https://evil.example)", "**k**", "a\nb", "\u202etxt",
])
def test_unknown_parameter_is_ignored_with_a_note(key):
    at = run_app({key: "1"})
    assert_clean(at)
    text = warnings(at)
    assert "is not an input of this app; ignored" in text
    assert_shown_as_text(at, key)
    assert "k" * 41 not in text  # long keys are cut short
    assert value_per_month(at) == DEFAULT_VALUE_PER_MONTH
    for k in ALL_SPECS:
        if k in at.session_state:
            assert at.session_state[k] == DEFAULT_VALUES[k]


def test_presentation_flag_is_not_reported_as_unknown():
    at = run_app({"present": "true"})
    assert_clean(at)
    assert "URL parameter" not in warnings(at)
    assert at.toggle(key="present").value is True


@pytest.mark.parametrize("value", ["x", "1", "TRUE ", "<b>yes</b>", ""])
def test_bad_presentation_flag_is_refused_with_a_note(value):
    at = run_app({"present": value})
    assert_clean(at)
    assert "URL parameter 'present': expected true or false" in warnings(at)
    assert at.toggle(key="present").value is False
    assert value_per_month(at) == DEFAULT_VALUE_PER_MONTH


def test_parameters_nothing_reads_are_reported():
    at = run_app({"preset": "whatever", "view": "x"})
    assert_clean(at)
    assert warnings(at).count("is not an input of this app") == 2


def test_two_hundred_unknown_parameters():
    at = run_app({f"param{i}": str(i) for i in range(200)})
    assert_clean(at)
    assert warnings(at).count("is not an input of this app") == 200
    assert value_per_month(at) == DEFAULT_VALUE_PER_MONTH


def test_two_hundred_parameters_good_bad_and_unknown():
    query = {f"x{i}.{i}": "<b>" + "y" * i for i in range(150)}
    query.update({key: "nan" for key in NUMERIC if key.startswith("networks.X.") or "." not in key})
    query.update({"currency": "EUR", "share_rate": "0.2", "demand.mode": "**clicks**"})
    query.update({f"networks.Facebook.{f}": "-1" for f in ("cpm", "cpc", "ctr", "connections")})
    assert len(query) >= 150 + 10
    at = run_app(query)
    assert_clean(at)
    text = warnings(at)
    assert text.count("is not an input of this app") == 150
    assert "URL parameter 'share_rate'" not in text and "URL parameter 'currency'" not in text
    assert "URL parameter 'demand.mode'" in text and "URL parameter 'networks.Facebook.cpm'" in text
    assert at.session_state["share_rate"] == 0.2 and at.session_state["currency"] == "EUR"
    # nan participants and stories fell back; 20% share doubles the default.
    assert value_per_month(at) == "€63,000"


def test_one_parameter_repeated_two_hundred_times():
    at = run_app({"share_rate": ["0.2"] * 200})
    assert_clean(at)
    assert "URL parameter 'share_rate': given more than once" in warnings(at)
    assert at.session_state["share_rate"] == DEFAULT_VALUES["share_rate"]


def test_dismissing_the_notes_keeps_the_defaults():
    at = run_app({"participants": "inf", "currency": "<i>x</i>"})
    at.button(key="dismiss-url-notes").click().run()
    assert_clean(at)
    assert "URL parameter" not in warnings(at)
    assert at.session_state["participants"] == DEFAULT_VALUES["participants"]
    assert value_per_month(at) == DEFAULT_VALUE_PER_MONTH


# ---------------------------------------------------------------------------------------------
# The real page: HTML in a link stays text
# ---------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_html_in_a_link_is_shown_as_text_in_the_browser():
    from server import CHROMIUM, CHROMIUM_ARGS, streamlit_server

    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing but REQUIRE_BROWSER is set")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    idle = ("() => !!document.querySelector('[data-testid=stApp]') "
            "&& !document.querySelector('[data-testid=stStatusWidget]')")
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in [
        ("currency", "<script>window.__pwned=1</script>"),
        ("demand.mode", "<img src=x onerror=window.__pwned=1>"),
        ("valuation_basis", "[go](https://evil.example)"),
        ("[k](https://evil.example)", "1"),
        ("participants", "1e999"),
    ])
    with streamlit_server() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
            page.goto(base + "?" + query)
            page.wait_for_function(idle, timeout=60_000)
            note = page.locator(".st-key-url-notes")
            expect(note.get_by_text("Some values in the link were not usable")).to_be_visible(timeout=30_000)
            expect(note).to_contain_text("<script>window.__pwned=1</scri")  # shown as text
            expect(note).to_contain_text("<img src=x onerror=window.__pw")
            expect(note).to_contain_text("[go](https://evil.example)")
            expect(note).to_contain_text("URL parameter 'participants'")
            value = (page.locator(".st-key-headline [data-testid=stMetric]").filter(has_text="Value per month")
                     .locator("[data-testid=stMetricValue]"))
            expect(value).to_have_text(DEFAULT_VALUE_PER_MONTH, timeout=30_000)
            page.wait_for_timeout(500)  # give any injected handler (onerror) time to fire
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert note.locator("script, img, a").count() == 0  # no element made from the payloads
            assert page.locator("[data-testid=stException]").count() == 0
            assert page.locator("[class*=st-key-app-error]").count() == 0
        finally:
            browser.close()
