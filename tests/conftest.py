import sys
from pathlib import Path

import pytest

# Let tests import their helpers (server.py) and the app's packages from a plain checkout.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def pytest_collection_modifyitems(config, items):
    # The real-browser tests get one retry, as Playwright's own runner gives them on CI: a page driven on
    # a loaded 2-core machine can miss a timing no person would. Each retry is printed (RERUN, and in the
    # summary), a test that fails twice fails the run, and every other test runs once.
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("flaky"):
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))
