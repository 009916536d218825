"""The package's import rules (README *Layout*): what each part may import, and no circles.

Read from the source with ast (every import statement, in functions too), so a rule broken in a
branch no test runs still fails here. The core and the features are listed by hand: a new
module must be placed on purpose.
"""

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("advocacy_calc", "advocacy_ui", "advocacy_store")

# The value model: every door and feature imports it, it imports nothing else of the package.
CORE = {f"advocacy_calc.{m}" for m in ("scenario", "errors", "model", "results", "sweep", "overlap", "ranges", "groups",
                                       "benchmarks", "presets", "formatting", "narrative", "link")}
FEATURES = ("advocacy_calc.forecast", "advocacy_calc.measure", "advocacy_calc.exports", "advocacy_calc.charts")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files() -> dict[str, Path]:
    files = {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}
    files |= {module_name(p): p for p in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]}
    return files


SOURCES = source_files()


def imports_of(name: str) -> list[tuple[str, ast.AST, bool]]:
    """(imported module, statement, inside a function) for every import in a module; relative
    imports resolved, `from pkg import sub` counted as importing pkg.sub when sub is a module
    (and pkg too, unless pkg is the importer's own package, which is already loading)."""
    path = SOURCES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child, inside) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                subs = [f"{base}.{a.name}" for a in child.names if f"{base}.{a.name}" in SOURCES]
                # `from . import sibling` loads the sibling only: its package is already loading.
                if not (len(subs) == len(child.names) and under(name, base)):
                    found.append((base, child, inside))
                found.extend((sub, child, inside) for sub in subs)
            visit(child, inside)

    visit(tree, False)
    return found


def under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_the_rules_see_the_tree():
    # A rule over modules it cannot find would pass for nothing.
    assert CORE <= set(SOURCES), sorted(CORE - set(SOURCES))
    assert {"advocacy_calc.forecast.montecarlo", "advocacy_calc.measure.mapping", "advocacy_calc.cli",
            "advocacy_calc.parse", "advocacy_ui.state", "advocacy_store.config", "pages.overview"} <= set(SOURCES)
    assert "advocacy_calc.measure.mapping" in [m for m, _, _ in imports_of("advocacy_calc.parse")]
    assert ("advocacy_calc.scenario", False) in [(m, inside) for m, _, inside in imports_of("advocacy_calc.errors")]
    late = [m for m, _, inside in imports_of("advocacy_ui.forecast_state") if inside]
    assert "advocacy_calc.forecast.timeline" in late


def test_calc_imports_no_streamlit_no_store_no_ui():
    broken = [f"{name} imports {m}" for name in SOURCES if under(name, "advocacy_calc")
              for m, _, _ in imports_of(name) if under(m, "streamlit", "advocacy_store", "advocacy_ui")]
    assert broken == []


def test_store_imports_no_streamlit_and_no_ui():
    broken = [f"{name} imports {m}" for name in SOURCES if under(name, "advocacy_store")
              for m, _, _ in imports_of(name) if under(m, "streamlit", "advocacy_ui")]
    assert broken == []


def test_the_core_imports_only_the_core():
    broken = [f"{name} imports {m}" for name in sorted(CORE) for m, _, _ in imports_of(name)
              if under(m, "advocacy_calc") and m not in CORE]
    assert broken == []


def test_the_scenario_imports_nothing_of_the_package():
    assert [m for m, _, _ in imports_of("advocacy_calc.scenario") if under(m, "advocacy_calc")] == []


def test_features_import_no_door():
    # The doors (parse, migrate, cli) sit above the features: a feature reaching up closes a circle.
    broken = [f"{name} imports {m}" for name in SOURCES if under(name, *FEATURES) for m, _, _ in imports_of(name)
              if under(m, "advocacy_calc.parse", "advocacy_calc.migrate", "advocacy_calc.cli")]
    assert broken == []


def test_forecasts_and_measuring_do_not_import_each_other():
    broken = [f"{name} imports {m}" for name in SOURCES for m, _, _ in imports_of(name)
              if (under(name, "advocacy_calc.forecast") and under(m, "advocacy_calc.measure"))
              or (under(name, "advocacy_calc.measure") and under(m, "advocacy_calc.forecast"))]
    assert broken == []


def test_ui_and_pages_use_only_the_stores_public_face():
    broken = [f"{name} imports {m}" for name in SOURCES if under(name, "advocacy_ui", "pages", "app")
              for m, _, _ in imports_of(name) if under(m, "advocacy_store") and m != "advocacy_store"]
    assert broken == []


def test_the_app_and_the_library_do_not_go_through_the_command_line():
    broken = [f"{name} imports {m}" for name in SOURCES if under(name, "advocacy_ui", "advocacy_store", "pages", "app")
              for m, _, _ in imports_of(name) if under(m, "advocacy_calc.cli")]
    assert broken == []


def test_no_import_circle_in_the_package():
    # Every import counts, those inside functions too: a late import does not make a circle go away.
    graph = {name: {m for m, _, _ in imports_of(name) if m in SOURCES and m != name}
             for name in SOURCES if under(name, "advocacy_calc")}
    for name, targets in graph.items():
        for target in list(targets):  # importing a.b.c runs a.b's __init__ first (unless a.b is the importer's own)
            parts = target.split(".")
            for i in range(2, len(parts)):
                parent = ".".join(parts[:i])
                if parent in SOURCES and not under(name, parent):
                    targets.add(parent)
    cycle = _find_cycle(graph)
    assert cycle is None, " -> ".join(cycle)


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_every_late_import_says_it_is_for_load_time():
    # Imports inside functions exist only to keep a page or a command fast to load, and say so
    # (on the line, or in the comment just above it); never to dodge a circle.
    unmarked = []
    for name, path in SOURCES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for _, node, inside in imports_of(name):
            if not inside:
                continue
            start = node.lineno - 1
            above = start
            while above > 0 and lines[above - 1].strip().startswith(("#", "from ", "import ")):
                above -= 1
            context = " ".join(lines[above:start + 1]).casefold()
            if "load time" not in context:
                unmarked.append(f"{path.relative_to(ROOT)}:{node.lineno}: {lines[start].strip()}")
    assert sorted(set(unmarked)) == []


def _loaded_after(code: str) -> list[str]:
    script = textwrap.dedent(code) + textwrap.dedent("""
        import sys
        print("\\n".join(sorted(m for m in sys.modules if m.startswith("advocacy_calc"))))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


def test_importing_the_scenario_loads_no_feature_and_builds_no_presets():
    loaded = _loaded_after("import advocacy_calc.scenario")
    assert "advocacy_calc.scenario" in loaded
    assert [m for m in loaded if under(m, *FEATURES, "advocacy_calc.presets", "advocacy_calc.cli")] == []


@pytest.mark.parametrize("query", [{}, {"present": "true"}])
def test_the_overviews_first_render_loads_no_forecast_and_no_measuring(query):
    loaded = _loaded_after(f"""
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file("app.py", default_timeout=60)
        for key, value in {query!r}.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        assert len(at.metric) >= 4, "the overview did not draw its headline figures"
    """)
    assert "advocacy_calc.results" in loaded  # the overview ran
    # The headline's P10-P90 band (issue 13) needs the Monte Carlo, loaded after the figures are drawn
    # and not while presenting; no other forecast (grid, tornado, timeline, goal seek) and no measuring.
    band = set() if query.get("present") else {"advocacy_calc.forecast", "advocacy_calc.forecast.montecarlo"}
    assert [m for m in loaded if under(m, "advocacy_calc.forecast", "advocacy_calc.measure") and m not in band] == []
    assert band <= set(loaded)
