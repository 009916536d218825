"""Deployment settings and source rules that keep user text from ever becoming HTML or a traceback."""

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".streamlit" / "config.toml"
UI_SOURCES = sorted([ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "advocacy_ui").rglob("*.py")])
CALC_SOURCES = sorted((ROOT / "advocacy_calc").rglob("*.py"))


@pytest.fixture(scope="module")
def config() -> dict:
    with CONFIG.open("rb") as f:
        return tomllib.load(f)


def test_xsrf_protection_is_on(config):
    assert config["server"]["enableXsrfProtection"] is True


def test_upload_size_is_a_sane_number_of_megabytes(config):
    size = config["server"]["maxUploadSize"]
    assert isinstance(size, int) and not isinstance(size, bool)
    assert 1 <= size <= 50


def test_viewers_never_see_error_details(config):
    details = config["client"]["showErrorDetails"]
    assert details in ("none", "type"), f"showErrorDetails = {details!r} would show tracebacks or messages"


def test_toolbar_is_for_viewers(config):
    assert config["client"]["toolbarMode"] == "viewer"


def test_no_usage_statistics(config):
    assert config["browser"]["gatherUsageStats"] is False


def test_sources_are_found():
    assert ROOT / "app.py" in UI_SOURCES
    assert len([p for p in UI_SOURCES if p.parent.name == "pages"]) >= 5
    assert any(p.name == "state.py" for p in UI_SOURCES)
    assert any(p.parent.name == "cli" for p in CALC_SOURCES)


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else "?"


@pytest.mark.parametrize("path", UI_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_raw_html_in_the_app(path):
    """No unsafe_allow_html=True; st.html only of a module constant that is one <style> block,
    or one <script> block with unsafe_allow_javascript=True (the presenter's page keys).

    So user text can never become HTML: every st.html (presentation mode's CSS, the page keys)
    takes a name bound once, at module level, to a literal string.
    """
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, str(path))
    assert not re.search(r"unsafe_allow_html\s*=\s*True", source), path
    for call in _calls(tree):
        name = _dotted(call.func)
        if name.endswith(".html") or name == "html":
            assert name in ("st.html", "st.sidebar.html") and len(call.args) == 1, f"{path}:{call.lineno}"
            css = _module_constant(tree, call.args[0])
            assert css is not None, f"{path}:{call.lineno}: st.html takes a module-level string constant only"
            if call.keywords:
                assert [(kw.arg, getattr(kw.value, "value", None)) for kw in call.keywords] == \
                    [("unsafe_allow_javascript", True)], f"{path}:{call.lineno}"
                assert re.fullmatch(r"<script>[^<]*</script>", css.strip()), f"{path}:{call.lineno}: one <script> block"
            else:
                assert re.fullmatch(r"<style>[^<]*</style>", css.strip()), f"{path}:{call.lineno}: only a <style> block"
        for kw in call.keywords:
            if kw.arg == "unsafe_allow_html":
                assert isinstance(kw.value, ast.Constant) and kw.value.value is False, \
                    f"{path}:{call.lineno}: unsafe_allow_html must be absent or False"


def _module_constant(tree: ast.Module, node: ast.expr) -> str | None:
    """The literal string a bare name is bound to, once, at module level; else None."""
    if not isinstance(node, ast.Name):
        return None
    bound = [a for a in ast.walk(tree) if isinstance(a, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr))
             and any(isinstance(t, ast.Name) and t.id == node.id
                     for t in (a.targets if isinstance(a, ast.Assign) else [a.target]))]
    if len(bound) != 1 or bound[0] not in tree.body or not isinstance(bound[0], ast.Assign):
        return None
    value = bound[0].value
    return value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else None


@pytest.mark.parametrize("path", UI_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_html_components(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n and n.startswith("streamlit.components") for n in names), path


@pytest.mark.parametrize("path", CALC_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_calculation_package_never_imports_streamlit(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        elif isinstance(node, ast.Call) and _dotted(node.func) in ("__import__", "importlib.import_module"):
            modules = [a.value for a in node.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        else:
            continue
        for module in modules:
            assert module.split(".")[0] != "streamlit", f"{path}:{node.lineno} imports {module}"


def test_importing_the_calculation_package_loads_no_streamlit():
    code = ("import sys, advocacy_calc, advocacy_calc.cli, advocacy_calc.sweep; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_the_loss_words_a_dragged_lever_shows_are_the_servers():
    """The server draws "A loss: costs exceed value" only on a loss; a lever dragged into one shows the same
    words from present.py's CSS (generated content). Both say the same, word for word."""
    from advocacy_ui import display, present

    css = re.findall(r'st-key-loss-words-"\]::(before|after) \{\s*content: "([^"]*)"', present._BASE_STYLE)
    shown = "".join(text for _, text in sorted(css, key=lambda c: c[0] == "after"))
    assert shown == "A loss: costs exceed value"
    assert re.sub(r":red\[\*\*(.*?)\*\*\]", r"\1", display.LOSS_WORDS["net_value_per_month"]) == shown
