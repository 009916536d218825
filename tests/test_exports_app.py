"""Every download button on the pages gives a non-empty file of the right type, built only on click.

AppTest keeps no media server, so a deferred download's callable is caught where Streamlit
registers it (MediaFileManager.add_deferred) and run here, as a click in the browser would.
"""

from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import advocacy_calc.cli_export

APP = str(Path(__file__).resolve().parents[1] / "app.py")
MAGIC = {"xlsx": b"PK", "pptx": b"PK", "pdf": b"%PDF", "png": b"\x89PNG", "svg": b"<svg", "csv": b"\xef\xbb\xbf"}
EXPECTED = {
    "pages/overview.py": {"download-xlsx", "download-pdf-a4", "download-pdf-letter", "download-pptx",
                          "download-csv-results"},
    "pages/reach.py": {"download-reach-png", "download-reach-svg", "download-cpm-vs-cpc-png",
                       "download-cpm-vs-cpc-svg", "download-csv-networks"},
    "pages/demand.py": {"download-funnel-png", "download-funnel-svg"},
    "pages/sensitivity.py": {"download-share-rate-png", "download-share-rate-svg", "download-participants-png",
                             "download-participants-svg", "download-csv-sweep"},
}


@pytest.fixture()
def deferred(monkeypatch):
    """file name -> (callable, mime) of every deferred download registered during a run."""
    caught: dict[str, tuple] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        caught[file_name] = (data_callable, mimetype)
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return caught


@pytest.fixture()
def builds(monkeypatch):
    """How many exports were built (each would cost seconds on a slider move)."""
    calls = []
    original = advocacy_calc.cli_export.export_bytes

    def counting(*args, **kwargs):
        calls.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(advocacy_calc.cli_export, "export_bytes", counting)
    return calls


@pytest.mark.parametrize("page", list(EXPECTED))
def test_every_download_button_gives_a_file_of_its_type(page, deferred, builds):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["demand.lead_to_mql"] = "0.3"  # the demand page draws its funnel chart
    at.query_params["cost.seat_cost_per_month"] = "12"
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    buttons = {b.key: b for b in at.download_button}
    assert EXPECTED[page] <= set(buttons), sorted(buttons)
    assert builds == [], "an export was built on a rerun"
    for key in EXPECTED[page]:
        proto = buttons[key].proto
        assert proto.HasField("deferred_file_id"), key  # built on click, not on the rerun
        names = [n for n in deferred if n and key.removeprefix("download-").split("-")[0] in n]
        assert names, key
    for name, (make, mime) in deferred.items():
        fmt = name.rsplit(".", 1)[-1]
        data = make()
        assert isinstance(data, bytes) and len(data) > 100, name
        assert data.startswith(MAGIC[fmt]), (name, data[:8])
        assert mime and (fmt in mime or (fmt == "xlsx" and "spreadsheet" in mime)
                         or (fmt == "pptx" and "presentation" in mime)), (name, mime)


def test_no_download_buttons_in_presentation_mode(deferred):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "true"
    at.run()
    assert not at.exception
    assert not [b for b in at.download_button if b.key and b.key.startswith("download-")]
